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


def test_cells_narrower_than_the_least_column_take_fewer_columns():
    """Cards and user cards keep grid.side_min_width (the narrowest column
    that holds text): six cards a row on a 180 pt measure were 22 pt each."""
    log: list[float] = []
    g = Grid([Cell(log, 1000) for _ in range(6)], 6, 10, min_cell=50)
    g.wrap(180, 500)
    assert g.cols == 3 and [len(r) for r, _ in g._rows] == [3, 3]
    assert all(w >= 50 for w in log[-6:])
    head, tail = g.split(180, 25)           # a split keeps the columns it was set in
    assert head.columns == tail.columns == 3


def test_real_cards_in_a_narrow_column(tmp_path):
    from csrpress.build import build
    from tests.pdfread import open_pdf
    from tests.samples import mini_project

    cards = "".join(f"      - {{title: 卡片{k}, text: 这是卡片的说明文字。}}\n" for k in range(6))
    page = open_pdf(build(mini_project(tmp_path, f"  - cards:\n{cards}    columns: 6\n")).pdf)[0]
    texts = [(b["bbox"][0], b["bbox"][1]) for b in page.get_text("dict")["blocks"]
             if any(s["text"].startswith("卡片") for l in b.get("lines", []) for s in l["spans"])]
    lefts = {round(x) for x, _ in texts}
    assert len(texts) == 6 and len(lefts) == 3, texts     # not six across the measure: 3 + 3
