"""Chapter ends: a near-empty last page pulls its lines back by tightening
the display spacing of the chapter's last pages, decided in the same pass
from trial layouts that are measured, not drawn (paginate.fit)."""
from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

from reportlab.platypus.flowables import Flowable

from csrpress.errors import Collector
from csrpress.paginate import fit
from csrpress.paginate.document import Geometry, ReportDoc
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]
COMP = {"end_fill": 0.6, "end_tighten": 0.5, "end_steps": 2, "end_pages": 12}


class Block(Flowable):
    """A display block of a fixed height with space above it (a heading, a figure)."""

    def __init__(self, height: float, space: float, chapter: int = 1) -> None:
        super().__init__()
        self.h, self.spaceBefore, self._csr_chapter = height, space, chapter
        self.style = SimpleNamespace(name="h2")

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.h
        return aw, self.h

    def draw(self) -> None:
        self.canv.rect(0, 0, self.width, self.height)


def _paginate(blocks: list[Flowable], comp: dict) -> ReportDoc:
    layout = load_layout(ROOT / "layout", Collector())
    doc = ReportDoc(io.BytesIO(), layout, lambda canv, doc, kind: None,
                    Geometry(layout.page_size), copyfit=comp)
    doc.build(blocks)
    return doc


def _block_height() -> float:
    """Four blocks with 40 pt above each fill a page of the report's frame,
    five do with 20 pt (the spacing tightened by half)."""
    return (load_layout(ROOT / "layout", Collector()).frame()[1] - 100) / 5


def _chapter(n: int) -> list[Flowable]:
    """n blocks with 40 pt above each (one column of the report's frame)."""
    h = _block_height()
    return [Block(h, 40.0) for _ in range(n)]


def _near_empty_count() -> int:
    """A block count whose last page holds two blocks of four (near empty)."""
    return 3 * 4 + 2


def test_a_near_empty_chapter_end_pulls_its_last_lines_back():
    n = _near_empty_count()
    loose = _paginate(_chapter(n), {**COMP, "end_steps": 0})
    page, full, _ = loose.state.chapter_ends[1]
    assert full < 0.6 and page == 4
    tight = _paginate(_chapter(n), COMP)
    page, full, _ = tight.state.chapter_ends[1]
    assert page == 3 and full >= 0.6
    assert tight.copyfit.decided[1] < 1.0


def test_the_trial_layout_foretells_the_drawn_pages():
    """The measured (undrawn) trial gives the page and fill the real pages get."""
    doc = _paginate(_chapter(_near_empty_count()), COMP)
    page, full, _ = doc.state.chapter_ends[1]
    assert doc.copyfit.expected[1] == (page, full)


def test_a_full_chapter_end_keeps_its_spacing():
    blocks = _chapter(3 * 4)          # the last page full
    doc = _paginate(blocks, COMP)
    assert doc.copyfit.decided[1] == 1.0
    assert all(b.spaceBefore == 40.0 for b in blocks)


def _copyfit(results: list[tuple[int, float, float]]) -> tuple[fit.Copyfit, list[float]]:
    """A Copyfit whose trials return the given results in turn, recording the
    space above the first block at each trial (the factor tried)."""
    tried: list[float] = []

    def trial(flowables, page, chapter):
        tried.append(flowables[0].spaceBefore)
        return results[len(tried) - 1]
    return fit.Copyfit(0.6, 0.5, 2, 12, 700.0, 400.0, trial), tried


def test_a_step_that_ends_a_page_sooner_but_still_near_empty_is_not_kept():
    cf, tried = _copyfit([(13, 0.1, 58.0), (12, 0.15, 98.0), (11, 0.63, 400.0)])
    blocks = [Block(100.0, 40.0) for _ in range(30)]
    cf.page_begun(blocks, 46)
    assert tried == [40.0, 30.0, 20.0] and cf.decided[1] == 0.5
    assert blocks[-1].spaceBefore == 20.0
    assert cf.expected[1] == (56, 0.63)


def test_a_chapter_that_no_step_helps_keeps_its_spacing():
    cf, tried = _copyfit([(13, 0.1, 58.0), (13, 0.05, 30.0), (13, 0.02, 10.0)])
    blocks = [Block(100.0, 40.0) for _ in range(30)]
    cf.page_begun(blocks, 46)
    assert cf.decided[1] == 1.0 and all(b.spaceBefore == 40.0 for b in blocks)


def test_a_chapter_tightening_cannot_help_is_not_tried_tighter():
    """A last page holding more than all the tightening could free: one trial."""
    cf, tried = _copyfit([(13, 0.5, 380.0)])
    blocks = [Block(100.0, 10.0) for _ in range(30)]     # 300 pt of space: 150 to free
    cf.page_begun(blocks, 46)
    assert len(tried) == 1 and cf.decided[1] == 1.0


def test_the_end_is_decided_once_when_the_rest_of_the_chapter_is_near():
    cf, tried = _copyfit([(2, 0.9, 600.0)] * 3)
    blocks = [Block(100.0, 40.0) for _ in range(100)]    # 14,000 pt: 20 pages of 700
    cf.page_begun(blocks, 10)
    assert not tried and 1 not in cf.decided
    cf.page_begun(blocks[-40:], 30)                      # 5,600 pt: 8 pages
    cf.page_begun(blocks[-30:], 31)
    assert len(tried) == 1 and cf.decided[1] == 1.0


def test_the_rest_of_a_chapter_stops_at_the_next_chapter():
    blocks = [Block(10, 0, 1), Block(10, 0, 1), Block(10, 0, 2)]
    assert fit.chapter_rest(blocks, 1) == blocks[:2]
    assert fit.chapter_of(blocks) == 1


class Rows(Flowable):
    """A block of rows that splits between rows into new pieces (as ReportLab
    splits a table): the pieces carry no chapter mark of their own."""

    def __init__(self, rows: int, row: float, chapter: int | None = None) -> None:
        super().__init__()
        self.rows, self.row = rows, row
        self.style = SimpleNamespace(name="table")
        if chapter is not None:
            self._csr_chapter = chapter

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.rows * self.row
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        n = int(ah // self.row)
        if n < 1 or n >= self.rows:
            return []
        return [Rows(n, self.row), Rows(self.rows - n, self.row)]

    def draw(self) -> None:
        pass


def test_the_rest_of_a_split_block_counts_for_its_chapter():
    """A table split over a page turn: its rest (a piece with no chapter mark)
    ends the chapter, so the chapter's end is where the rest is (it was taken
    for the page before, full, and the near-empty end was never pulled back)."""
    fh = load_layout(ROOT / "layout", Collector()).frame()[1]
    rows = int(fh // 20) + 2                     # a page of rows and two more
    loose = _paginate([Block(40.0, 0.0), Rows(rows, 20.0, 1)], {**COMP, "end_steps": 0})
    page, full, _ = loose.state.chapter_ends[1]
    assert page == 2 and full < 0.6


def test_a_decision_is_remembered_for_the_same_rest_of_a_chapter():
    """A watch session's next build (or a second pass) with the same rest of a
    chapter takes the decision from the memo, trials none, and tightens the
    same; a rest that differs (another height) is tried afresh."""
    memo: dict = {}
    results = [(13, 0.1, 58.0), (12, 0.15, 98.0), (11, 0.63, 400.0)]
    first, tried = _copyfit(results)
    first.memo, first.memo_key = memo, "layout"
    blocks = [Block(100.0, 40.0) for _ in range(30)]
    first.page_begun(blocks, 46)
    assert len(tried) == 3 and len(memo) == 1
    again, tried_again = _copyfit(results)
    again.memo, again.memo_key = memo, "layout"
    fresh = [Block(100.0, 40.0) for _ in range(30)]
    again.page_begun(fresh, 46)
    assert not tried_again and again.decided[1] == first.decided[1] == 0.5
    assert fresh[-1].spaceBefore == 20.0 and again.expected[1] == first.expected[1]
    other, tried_other = _copyfit(results)
    other.memo, other.memo_key = memo, "layout"
    other.page_begun([Block(90.0, 40.0) for _ in range(30)], 46)
    assert len(tried_other) == 3


def test_page_ends_and_writing_are_timed_apart(monkeypatch):
    """The document's drawing time (page ends) and writing time (the file)
    do not overlap, though ReportLab ends the last page while writing: a
    clock that moves only while a page ends or the file is written."""
    from csrpress.paginate import document

    clock = [0.0]
    monkeypatch.setattr(document.time, "perf_counter", lambda: clock[0])
    real_end = document.ReportDoc._finish_page
    real_write = document.BaseDocTemplate._endBuild

    def finish(self, canv, kind):
        clock[0] += 1.0
        real_end(self, canv, kind)

    def write(self):
        clock[0] += 100.0
        real_write(self)

    monkeypatch.setattr(document.ReportDoc, "_finish_page", finish)
    monkeypatch.setattr(document.BaseDocTemplate, "_endBuild", write)
    doc = _paginate(_chapter(9), {**COMP, "end_steps": 0})
    assert doc.page == 3
    assert doc.draw_time == 3.0 and doc.write_time == 100.0


def test_a_source_block_is_in_a_decision_key_by_its_digest():
    """A decision's key holds each source block by the digest of its type,
    value and attributes (made once per block): equal blocks give one digest,
    a change to any of the three another."""
    from csrpress.errors import Mark
    from csrpress.paginate.fit import _block_digest
    from csrpress.source.content import Block as Source

    def src(type_: str = "p", value: str = "一段文字。", **attrs) -> Source:
        return Source(type_, value, dict(attrs), Mark(Path("p.yaml"), 1, 1), "part")

    base = _block_digest(src())
    assert _block_digest(src()) == base and len(base) == 40
    assert len({base, _block_digest(src("quote")), _block_digest(src(value="二段文字。")),
                _block_digest(src(id="x"))}) == 4
    block = src()
    assert block.derive("fit_key", _block_digest) is block.derive("fit_key", _block_digest)
