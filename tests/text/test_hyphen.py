"""English words are hyphenated only where a justified paragraph cannot be
set without it (text/hyphen.py), and the tolerant setting of a paragraph
whose URL must leave one line ragged leaves only that one (breaker)."""
from __future__ import annotations

from csrpress.source.layout import Style
from csrpress.text import breaker
from csrpress.text.atoms import LATIN
from csrpress.text.hyphen import HYPHEN, Hyphenator, hyphenated, in_word, is_soft
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import SpanStyle, Spacing, shape

from tests.text.standins import stand_in_fonts

ENGLISH = ("Counterparties in carbon-intensive sectors undergo enhanced due diligence, "
           "including scenario analysis under the Network for Greening the Financial System "
           "Net Zero 2050, Delayed Transition and Current Policies pathways, before any "
           "approval of sustainability-linked financing is considered by the committee.")
STYLE = Style("body", "regular", 10.0, 18.0, "ink", align="justify")


def _paragraph(text: str, hyphenate: str, measure: float = 240.0) -> Paragraph:
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing(stretch=0.25),
                      psnames={"regular": "F"}, hyphenate=hyphenate)
    p = Paragraph(text, STYLE, ctx)
    p.wrap(measure, 1000.0)
    return p


def test_points_follow_the_patterns_and_spare_short_words_acronyms_and_figures():
    h = Hyphenator("en-US")
    assert [p for p, soft in h.points("governance") if soft] == [3, 5]     # gov-er-nance
    assert h.points("ESG") == () and h.points("TCFD2050") == () and h.points("the") == ()
    assert h.points("ABCDEFGH") == ()                                       # an acronym
    # a compound breaks only after its own hyphen (nothing is added there)
    assert h.points("Climate-related") == ((8, False),)
    assert Hyphenator("en-GB").points("hyphenation")


def test_pieces_keep_the_word_and_add_the_hyphen_only_at_a_soft_point():
    spans = [SpanStyle("regular", 10.0, "ink")]
    adv = lambda _f, ch: 0.6 if ch.isascii() else 1.0        # noqa: E731
    atoms, gaps = shape([("governance 与 carbon-intensive", 0)], spans, adv, Spacing())
    cut = hyphenated(atoms, gaps, spans, adv, Hyphenator("en-US"))
    assert cut is not None
    a, g = cut
    words = {"".join(x.text for x in a if x.kind == LATIN)}
    assert words == {"governancecarbon-intensive"}
    assert abs(sum(x.width for x in a) - sum(x.width for x in atoms)) < 1e-9
    soft = [x for x, gap in zip(a, g) if is_soft(gap)]
    assert soft and all(abs(x.end_extra - 6.0) < 1e-9 for x in soft)    # the hyphen's width
    hard = [x.text for x, gap in zip(a, g) if in_word(gap) and not is_soft(gap)]
    assert hard == ["carbon-"]


def test_english_in_a_narrow_measure_is_justified_with_hyphens_and_not_without():
    plain = _paragraph(ENGLISH, "none")
    cut = _paragraph(ENGLISH, "en-US")
    assert breaker.unjustified(plain.lines) > 0          # (without: lines set ragged)
    assert breaker.unjustified(cut.lines) == 0
    ends = [i for i, line in enumerate(cut.lines[:-1]) if is_soft(cut.gaps[line.end])]
    assert ends                                         # some line ends inside a word
    assert "".join(a.text for a in cut.atoms) == "".join(a.text for a in plain.atoms)
    assert HYPHEN in cut.ctx.fonts["regular"].used       # claimed: the subset holds it


def test_a_paragraph_justified_with_whole_words_is_not_hyphenated():
    text = "本报告参照 Global Reporting Initiative 标准编制，涵盖环境、社会及管治三个方面的信息。"
    p = _paragraph(text, "en-US", measure=250.0)
    assert breaker.unjustified(p.lines) == 0
    assert not any(in_word(g) for g in p.gaps)


def test_the_choice_none_never_hyphenates():
    p = _paragraph(ENGLISH, "none")
    assert not any(in_word(g) for g in p.gaps)
    assert HYPHEN not in p.ctx.fonts["regular"].used or "-" in ENGLISH


def test_auto_picks_british_patterns_for_a_british_report():
    from csrpress.text.hyphen import hyphenation

    assert hyphenation("auto", "en-GB") == "en-GB" and hyphenation("auto", "en-gb") == "en-GB"
    assert hyphenation("auto", "zh-CN") == "en-US" and hyphenation("auto", "en") == "en-US"
    assert hyphenation("none", "en-GB") == "none" and hyphenation("en-US", "en-GB") == "en-US"


def test_the_patterns_are_part_of_a_line_break_cache_key():
    """Lines broken with one language's patterns are never reused with another's
    (a report whose language changes keeps its line-break cache file)."""
    shared: dict = {}
    for lang in ("en-US", "en-GB"):
        ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing(stretch=0.25),
                          psnames={"regular": "F"}, hyphenate=lang, break_cache=shared)
        Paragraph(ENGLISH, STYLE, ctx).wrap(240.0, 1000.0)
    assert sorted(k[6] for k in shared) == ["en-GB", "en-US"]
