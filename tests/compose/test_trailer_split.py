"""A figure group kept with the end of the paragraph before it (WithTrailer)
splits between its rows where it can, rather than taking the paragraph's
last lines over with all of it.

Found from outside: on an A5 page a paragraph followed by three stats set one
a row moved its last two lines overleaf with the three, leaving the page half
empty; the report's 2 × 2 stats after a paragraph left a quarter of p52
empty the same way."""
from __future__ import annotations

from reportlab.platypus.flowables import Spacer

from csrpress.compose.base import Grid, WithTrailer
from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import Spacing
from tests.text.standins import stand_in_fonts

STYLE = Style("body", "regular", 10.0, 18.0, "ink", space_after=0.0)


def _kept(rows: int) -> WithTrailer:
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    para = Paragraph("段落文字" * 40, STYLE, ctx)          # 160 em: 8 lines of 20 em
    grid = Grid([Spacer(50, 40) for _ in range(rows)], 1, 6.0)
    return WithTrailer(para, grid)


def test_the_trailer_splits_between_rows_when_its_first_row_fits():
    kept = _kept(3)
    kept.wrap(200, 1e6)
    assert len(kept.para.shown) == 8
    parts = kept.split(200, 8 * 18 + 50)            # the paragraph and one row
    assert len(parts) == 2 and isinstance(parts[0], WithTrailer)
    assert len(parts[0].para.shown) == 8            # the paragraph whole on this page
    assert len(parts[0].trailer.cells) == 1 and len(parts[1].cells) == 2


def test_a_trailer_that_cannot_split_takes_the_last_two_lines_over():
    kept = _kept(1)                                 # one row: it does not split
    kept.wrap(200, 1e6)
    parts = kept.split(200, 8 * 18 + 30)
    assert len(parts) == 2 and len(parts[0].shown) == 6
    assert isinstance(parts[1], WithTrailer) and len(parts[1].para.shown) == 2
