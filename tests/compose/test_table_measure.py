"""A table is measured once per width: ReportLab's _calc (every cell wrapped)
runs again only for inputs it depends on, and gives what it gave before."""
from __future__ import annotations

from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Spacer

from csrpress.compose.tables import RowTable


class Counted(Spacer):
    """A cell that counts how often it is measured."""

    def __init__(self, height: float, log: list[float]) -> None:
        super().__init__(10, height)
        self.log = log

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.log.append(aw)
        return super().wrap(aw, ah)


def _table(cls: type, log: list[float], spans: bool = False,
           widths: list = [60, 60]) -> Table:     # noqa: B006 - never changed
    data = [[[Counted(10, log)], [Counted(12, log)]] for _ in range(6)]
    cmds = [("SPAN", (0, 2), (0, 3))] if spans else []
    return cls(data, colWidths=widths, repeatRows=1, style=TableStyle(cmds), splitByRow=1)


def test_absolute_widths_are_measured_once_whatever_the_room():
    log: list[float] = []
    t = _table(RowTable, log)
    assert t.wrap(200, 1e9) == (120, 6 * 18)      # cells of 12 pt, 3 pt padding above and below
    first = len(log)
    assert t.wrap(200, 1e9) == (120, 6 * 18)      # an equal input: no cell measured again
    assert t.wrap(200, 40) == (120, 6 * 18)       # (no row spans: the height plays no part)
    assert t.wrap(300, 40) == (120, 6 * 18)       # (absolute widths: nor does the width)
    assert len(log) == first


def test_relative_widths_are_measured_again_at_another_width():
    log: list[float] = []
    t = _table(RowTable, log, widths=["50%", "50%"])
    t.wrap(200, 1e9)
    first = len(log)
    t.wrap(200, 1e9)
    assert len(log) == first
    t.wrap(300, 1e9)
    assert len(log) == 2 * first


def test_with_row_spans_the_height_is_part_of_the_key():
    log: list[float] = []
    t = _table(RowTable, log, spans=True)
    t.wrap(200, 1e9)
    first = len(log)
    t.wrap(200, 1e9)
    assert len(log) == first
    t.wrap(200, 40)
    assert len(log) > first


def test_measured_as_reportlab_measures_and_split_the_same():
    mine, theirs = _table(RowTable, []), _table(Table, [])
    for t in (mine, theirs):
        t.wrap(200, 1e9)
        t.wrap(200, 50)
    assert mine._rowHeights == theirs._rowHeights
    assert mine._rowpositions == theirs._rowpositions
    assert [len(p._rowHeights) for p in mine.split(200, 50)] == \
        [len(p._rowHeights) for p in theirs.split(200, 50)]
