"""Curly quotes in English set at Latin width, in Chinese text full width.

Found from outside: an English paragraph in a Chinese report (the CJK font
sets “”‘’ full width) printed 'the “Group” ' with an em around each mark and
'the Group’ s' with its apostrophe a character's width from the s."""
from __future__ import annotations

import pytest

from csrpress.assets.fonts import LATIN_QUOTES, as_typed
from csrpress.source.layout import Style
from csrpress.text.atoms import LATIN, PUNCT
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import Spacing
from tests.samples import built_starter
from tests.text.standins import stand_in_fonts

STYLE = Style("body", "regular", 10.0, 18.0, "ink")


def _quotes(text: str) -> list[tuple[str, str]]:
    """(typed mark, 'latin' or 'cjk') for each curly quote, in order."""
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    out = []
    for a in Paragraph(text, STYLE, ctx).atoms:
        for ch in a.text:
            if ch in LATIN_QUOTES:
                out.append((LATIN_QUOTES[ch], "latin"))
            elif ch in "“”‘’":
                assert a.kind == PUNCT
                out.append((ch, "cjk"))
    return out


@pytest.mark.parametrize("text, want", [
    # English: every quote, and an apostrophe inside a word
    ("the “Group” and ‘quoted’ and the Group’s plan, employees’ rights",
     ["latin"] * 6),
    # Chinese text keeps its quotes full width, around a Latin word too
    ("所谓“ESG”理念", ["cjk", "cjk"]),
    ("向武汉捐赠“N95” 口罩", ["cjk", "cjk"]),           # (a typed space proves nothing)
    ("报告指出。“Water is life.”", ["cjk", "cjk"]),
    ("“快手”与‘幸福’", ["cjk"] * 4),
    # English inside a Chinese paragraph: Latin text outside on one side is enough,
    # and a pair is decided as one
    ("报告写道：the “Group” provides water", ["latin", "latin"]),
    ("快手 the “Group”，平台", ["latin", "latin"]),
    ("公司（the “Group”）", ["latin", "latin"]),
])
def test_which_quotes_are_set_as_english(text, want):
    assert [kind for _ch, kind in _quotes(text)] == want


def test_an_apostrophe_inside_a_word_in_chinese_text_is_the_words():
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    atoms = Paragraph("快手的 Kuaishou’s 平台", STYLE, ctx).atoms
    word = next(a for a in atoms if a.kind == LATIN)
    assert as_typed(word.text) == "Kuaishou’s" and word.text != "Kuaishou’s"


BLOCKS = """\
  - "Qingyuan Water Group (the “Group”) provides drinking water; the Group’s pipes are ‘smart’."
  - 所谓“ESG”理念，即环境、社会和治理。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "latin-quotes", BLOCKS)


def _advance(page, text: str, ch: str) -> float:
    """The advance (in em) of the mark `ch` where `text` is drawn: from its
    origin to the next character's."""
    chars = [c for c in page.chars if not c.get("generated")]
    s = "".join(c["c"] for c in chars)
    at = s.index(text) + text.index(ch)
    return (chars[at + 1]["origin"][0] - chars[at]["origin"][0]) / chars[at]["size"]


def test_english_quotes_print_at_latin_width_and_read_as_typed(built):
    _res, doc = built
    page = next(p for p in doc if "Qingyuan" in p.get_text())
    text = " ".join(page.get_text().split())
    assert "(the “Group”) provides" in text and "Group’s pipes are ‘smart’." in text
    for ch, after in (("“", "“G"), ("”", "”)"), ("’", "’s"), ("‘", "‘s")):
        assert _advance(page, after, ch) < 0.5, ch         # (full width: 1 em)
    # Chinese quotes stay full width
    page = next(p for p in doc if "所谓" in p.get_text())
    assert _advance(page, "“ESG", "“") > 0.9
