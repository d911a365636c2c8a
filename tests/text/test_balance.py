"""A balanced ragged paragraph (a quote's attribution): as many lines as the
measure needs, as even as they go — never one word alone on the last line."""
from __future__ import annotations

from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import Spacing
from tests.text.standins import stand_in_fonts

STYLE = Style("quote-by", "regular", 10.0, 14.0, "grey", align="right")


def _shown(balance: bool, text: str, measure: float) -> list[str]:
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    para = Paragraph(text, STYLE, ctx)
    para.balance = balance
    para.wrap(measure, 1000)
    return ["".join(a.text for a in para.atoms[l.start:l.end + 1]) for l in para.lines]


def test_an_attribution_breaks_evenly():
    text = "可持续发展委员会主任"                       # 10 em in an 8 em measure
    assert [len(l) for l in _shown(False, text, 80.0)] == [8, 2]          # "主任" alone
    lines = _shown(True, text, 80.0)
    assert len(lines) == 2 and abs(len(lines[0]) - len(lines[1])) <= 1, lines


def test_balanced_lines_keep_the_full_measure_for_alignment():
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    para = Paragraph("可持续发展委员会主任", STYLE, ctx)
    para.balance = True
    para.wrap(80.0, 1000)
    assert all(l.target == 80.0 for l in para.lines)      # set flush right in 8 em
