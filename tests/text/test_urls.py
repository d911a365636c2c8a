"""URLs and e-mail addresses break at their own opportunities (text/wide.py),
and a line that cannot be justified within the tolerance is set ragged, never
letter-spaced (breaker.LOOSE)."""
from __future__ import annotations

import pytest

from csrpress.text import breaker
from csrpress.text.breaker import LOOSE, break_lines
from csrpress.text.paragraph import Paragraph, TextContext, draw_line, line_positions
from csrpress.text.shaping import SpanStyle, Spacing, shape
from csrpress.text.atoms import LATIN
from csrpress.text.wide import at_url_break, is_urlish, split_wide, url_breaks

from tests.text.standins import stand_in_fonts

EM = 10.0
SPANS = [SpanStyle("regular", EM, "ink")]
URL = ("https://www.example.com/sustainability/reports/2025/environment-social-governance/"
       "appendix-data-tables-and-methodology-notes.html")
TEXT = f"详情请见 {URL} 以及公司官网的其他说明。"


def width(_face: str, ch: str) -> float:
    """A stand-in font: proportional Latin, Han one em."""
    if ch == " ":
        return 0.25
    if ch.isascii():
        return 0.3 if ch in "il1./:-" else 0.55
    return 1.0


def setting(text: str, measure_em: float, indent_em: float = 2.0):
    measure = measure_em * EM
    atoms, gaps = shape([(text, 0)], SPANS, width, Spacing(stretch=0.125))
    atoms, gaps = split_wide(atoms, gaps, measure, SPANS, width)
    lines = break_lines(atoms, gaps, measure, indent_em * EM, True)
    texts = ["".join(a.text for a in atoms[l.start:l.end + 1]) for l in lines]
    return atoms, gaps, lines, texts


def pieces(text: str) -> list[str]:
    at = url_breaks(text)
    return [text[a:b] for a, b in zip([0] + at, at + [len(text)])]


def test_url_opportunities_as_publishing_tools_break_urls():
    assert pieces("https://www.example.com/a-b_c?x=1&y=2") == \
        ["https://", "www", ".example", ".com/", "a", "-b", "_c", "?x=", "1&", "y=", "2"]


@pytest.mark.parametrize("url", [URL, "http://x.org/a/./b//c", "https://a.cn/x?a=1&b=2",
                                 "www.a-.b/c--d", "ftp.x/?=&"])
def test_never_inside_double_slash_nor_next_to_another_mark(url):
    got = pieces(url)
    assert "".join(got) == url                      # nothing added (no hyphen), nothing lost
    for a, b in zip(got, got[1:]):
        assert not (a.endswith(":/") or a.endswith("/") and b.startswith("/"))
        assert a[-1].isalnum() or b[0].isalnum(), got   # a mark stays with a word
        assert any(c.isalnum() for c in b), got         # no line starts with marks alone


def test_email_breaks_before_the_at_sign_and_dots():
    assert pieces("someone.with.a.name@example-company.com") == \
        ["someone", ".with", ".a", ".name", "@example", "-company", ".com"]


@pytest.mark.parametrize("word", ["COVID-19", "ISO14001", "1,983,400", "@快手", "#tag", "a.b-c",
                                  "v1.2/3", "km/h", "and/or", "Kuaishou.com"])
def test_other_tokens_are_not_url_like(word):
    atoms, _ = shape([(word, 0)], SPANS, width, Spacing())
    assert not any(is_urlish(a) for a in atoms)


@pytest.mark.parametrize("url", ["kuaishou.com/csr/2019/report.pdf", "www.kuaishou.com",
                                 "http://a.cn", "csr@kuaishou.com"])
def test_urls_with_or_without_scheme_and_email_are_url_like(url):
    atoms, _ = shape([("见" + url + "。", 0)], SPANS, width, Spacing())
    assert [a.text for a in atoms if is_urlish(a)] == [url]


@pytest.mark.parametrize("measure", [12, 17, 20, 30, 35])
def test_a_long_url_fills_lines_without_loose_han(measure):
    atoms, gaps, lines, texts = setting(TEXT, measure)
    assert "".join(texts) == TEXT.replace(" ", "")
    for line in lines:
        left = measure * EM - line.target if line.start == 0 else 0.0
        x, w = line_positions(atoms, gaps, line)[-1]
        assert left + x + w <= measure * EM + 1e-6            # nothing past the measure
        assert line.ratio <= LOOSE                            # no letter-spaced line
        assert line.relax in breaker.QUIET                   # nothing to report
    # a break inside the URL is at one of its opportunities
    for line, a, b in zip(lines, texts, texts[1:]):
        if atoms[line.end].kind == LATIN and atoms[line.end + 1].kind == LATIN:
            assert at_url_break(gaps[line.end]) and (a[-1] in "/=&" or b[0] in ".-_?@"), texts


def test_the_line_before_an_unbreakable_word_is_ragged_not_letter_spaced():
    # 详情请见 cannot hold the word: justified, its three gaps would take 4 em
    word = "Sustainable"                        # 5.55 em: a line of its own at 8 em
    atoms, gaps, lines, texts = setting(f"详情请见{word}以及公司官网的其他说明。", 8, 0)
    assert texts[0] == "详情请见", texts
    assert lines[0].relax == breaker.RAGGED and lines[0].ratio == 0.0
    assert all(line.ratio <= LOOSE for line in lines)


@pytest.mark.parametrize("text", [
    "联系我们：someone.with.a.long.name@example-company.com，我们会尽快回复您的来信。",
    "编号" + "1234567890" * 3 + "的报告已经发布，请查阅相关的说明文件。",
    "他说antidisestablishmentarianism是一个很长的英文单词，我们照样排版。",
])
@pytest.mark.parametrize("measure", [6, 10, 17, 30])
def test_email_long_numbers_and_words_stay_within_the_measure(text, measure):
    atoms, gaps, lines, _ = setting(text, measure)
    for line in lines:
        left = measure * EM - line.target if line.start == 0 else 0.0
        x, w = line_positions(atoms, gaps, line)[-1]
        assert left + x + w <= measure * EM + 1e-6
        assert line.ratio <= LOOSE


class _Text:
    """A text object that records the strings drawn and where."""

    def __init__(self) -> None:
        self.out: list[tuple[float, str]] = []
        self.x = 0.0

    def setTextOrigin(self, x: float, _y: float) -> None:
        self.x = x

    def _textOut(self, text: str) -> None:
        self.out.append((self.x, text))

    def show(self, _space: float, x: float, y: float, text: str) -> None:
        """(pdf.canvas's text object draws a paragraph's strings so)"""
        self.setTextOrigin(x, y)
        self._textOut(text)

    def __getattr__(self, _name: str):
        return lambda *a, **k: None


def test_pieces_of_a_url_on_one_line_are_drawn_as_one_string():
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing(), psnames={"regular": "F"})
    style_text = "见 csr@kuaishou.com 联系"
    from csrpress.source.layout import Style
    p = Paragraph(style_text, Style("body", "regular", 10.0, 18.0, "ink", align="justify"), ctx)
    p.wrap(400, 1000)
    assert len(p.atoms) > len(p._atoms0)            # split at its opportunities …
    tx = _Text()
    draw_line(tx, ctx, p.atoms, p.gaps, p.spans, p.lines[0], 0.0, 0.0)
    assert "csr@kuaishou.com" in [t for _x, t in tx.out]   # … drawn whole, as the token


@pytest.mark.parametrize("measure", range(7, 14))
def test_no_line_looser_than_the_tolerance_beside_a_compressed_one(measure):
    # a setting found beyond the tolerance with a compressed line (a long
    # number after a bracket) kept its loose lines letter-spaced
    text = "我们的手，2019年）12345678901234567890"
    for indent in (0, 1, 2):
        atoms, gaps = shape([(text, 0)], SPANS, width, Spacing(stretch=0.125, punct_shrink=0.5))
        atoms, gaps = split_wide(atoms, gaps, measure * EM, SPANS, width)
        lines = break_lines(atoms, gaps, measure * EM, indent * EM, True, EM)
        assert all(line.ratio <= LOOSE for line in lines), (measure, indent, lines)


@pytest.mark.parametrize("measure", [15, 16])
def test_a_ragged_line_rather_than_letter_spaced_han_lines_around_a_url(measure):
    # the URL fills a line of its own (set ragged: no stretch); the relaxed
    # pass letter-spaced the card's three Han lines (ratio 1.5–1.8) to save
    # setting one more line ragged
    text = ("全员覆盖职业健康与安全管理体系（示例），制度全文见 "
            "greenfield-example.com/policies/occupational-health-and-safety/2025-edition.pdf 。")
    atoms, gaps = shape([(text, 0)], SPANS, width,
                        Spacing(stretch=0.25, punct_shrink=0.5, end_compress=False))
    atoms, gaps = split_wide(atoms, gaps, measure * EM, SPANS, width)
    lines = break_lines(atoms, gaps, measure * EM, 0.0, True, EM)
    assert any(line.relax in breaker.FLUSH for line in lines)
    assert max(line.ratio for line in lines) <= 1.25, lines


def test_no_lone_url_piece_on_the_last_line():
    # ".pdf。" alone under the rest of the address, as a lone Han character is avoided
    text = ("全员覆盖职业健康与安全管理体系（示例），制度全文见 "
            "greenfield-example.com/policies/occupational-health-and-safety/2025-edition.pdf 。")
    for measure in range(10, 30):
        atoms, gaps = shape([(text, 0)], SPANS, width,
                            Spacing(stretch=0.25, punct_shrink=0.5, end_compress=False))
        atoms, gaps = split_wide(atoms, gaps, measure * EM, SPANS, width)
        last = break_lines(atoms, gaps, measure * EM, 0.0, True, EM)[-1]
        assert "".join(a.text for a in atoms[last.start:last.end + 1]) != ".pdf。", measure
