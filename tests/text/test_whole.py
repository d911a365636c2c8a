"""A paragraph kept whole (a heading) never splits across pages: a heading of
four lines at a page's foot split two and two, read as two headings, the
first alone on an otherwise empty page."""
from __future__ import annotations

from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import Spacing
from tests.text.standins import stand_in_fonts

STYLE = Style("h1", "regular", 20.0, 24.0, "ink", align="left")


def _para(whole: bool) -> Paragraph:
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    para = Paragraph("可持续发展委员会主任可持续发展委员会主任", STYLE, ctx)   # 20 em
    para.whole = whole
    return para


def test_a_whole_paragraph_does_not_split_and_needs_all_its_lines():
    body, heading = _para(False), _para(True)
    for p in (body, heading):
        p.wrap(100.0, 1000)                          # 5 em: 4 lines
        assert len(p.lines) == 4
    assert len(body.split(100.0, 50.0)) == 2         # two lines here, two overleaf
    assert body.min_height(100.0) == 2 * 24.0
    assert heading.split(100.0, 50.0) == []          # all of it moves on
    assert heading.min_height(100.0) == 4 * 24.0
