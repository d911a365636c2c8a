"""A grid lays its cells out again only for other inputs: the same width and
columns with every cell as it was leaves the last layout standing."""
from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from csrpress.compose.base import Grid


class Cell(Flowable):
    """A cell as tall as its text at a width (a narrower cell is taller), counting its wraps."""

    def __init__(self, log: list[float], area: float) -> None:
        super().__init__()
        self.log, self.area, self.min_h = log, area, 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.log.append(aw)
        self.width, self.height = aw, max(self.area / aw, self.min_h)
        return self.width, self.height


def _grid(log: list[float]) -> Grid:
    return Grid([Cell(log, a) for a in (1000, 3000, 2000, 500)], 2, 10)


def test_the_same_width_lays_out_once():
    log: list[float] = []
    g = _grid(log)
    first = g.wrap(210, 500)
    n = len(log)
    assert g.wrap(210, 500) == first and g.min_height(210) == 30 + 6
    assert len(log) == n
    assert [h for _, h in g._rows] == [30, 20]


def test_another_width_or_columns_lays_out_again():
    log: list[float] = []
    g = _grid(log)
    g.wrap(210, 500)
    n = len(log)
    g.wrap(310, 500)
    assert len(log) > n
    n = len(log)
    g.columns = 1
    g.wrap(310, 500)
    assert len(log) > n and len(g._rows) == 4


def test_a_cell_measured_elsewhere_lays_out_again():
    log: list[float] = []
    g = _grid(log)
    g.wrap(210, 500)
    g.cells[1].wrap(50, 500)              # (e.g. set in the side column)
    n = len(log)
    g.wrap(210, 500)
    assert len(log) > n and g.cells[1].width == 100
