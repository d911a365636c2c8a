"""Passes until page numbers settle.

The contents, the indexes and {{page:ID}} print page numbers that are only
known after pagination, and printing them can move pages; so the report is
composed and paginated again with the last pass's page map until a pass
finds the map it was given. The first guess is the last build's map (see
page_guess): a stale or foreign one costs a pass, never a wrong page.

With no guess at all (a cold build: an empty project cache) the first pass
cannot be the last one, so it only lays the pages out to find the map
(LayoutDoc: placed, not drawn, nothing written); the passes after it draw.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import BuildError, Collector, Diagnostic
from .segments import SegmentMiss
from .units import TailMiss

MAX_PASSES = 6

PageMap = tuple[dict[str, int], dict[str, int]]   # anchor → page, anchor → page before it


@dataclass
class Converged:
    """The last pass: its PDF bytes, document, canvases and composer."""

    data: bytes
    doc: Any
    canvases: list[Any]
    composer: Any
    passes: int
    pages: PageMap


def converge(ctx: Any, guess: PageMap, compose_pass: Callable[[], tuple[list[Any], Any]],
             render_pass: Callable[[list[Any], bool], tuple[bytes, Any, list[Any]]],
             first_pass: Callable[[bool], Callable[[], None]], errors: Collector,
             timing: dict[str, float], record_lines: bool = False) -> Converged:
    """Compose and paginate with a page map until the pages give the same map.
    ``render_pass(flowables, draw)``: draw False only lays the pages out (its
    document's anchors are what is read of it). ``first_pass(draw)``, once
    the first pass is composed (the characters drawn are known), returns
    what must run before any pass draws (the fonts registered), which may
    wait until then when the first pass only lays out (see build's)."""
    ready: Callable[[], None] | None = None
    for passes in range(1, MAX_PASSES + 1):
        # a pass without a map never ends the loop: it is only laid out (when the
        # report has no anchors, the second pass draws the very same pages)
        draw = passes > 1 or bool(guess[0] or guess[1])
        ctx.pages, ctx.before = guess
        ctx.line_log = [] if record_lines else None
        ctx.chart_log = [] if record_lines else None     # (where charts' labels went)
        ctx.drawing = draw          # (a pass that draws may replay chapters: segments)
        t = time.perf_counter()
        flowables, composer = compose_pass()
        errors.raise_if_errors()
        timing["compose"] = timing.get("compose", 0) + time.perf_counter() - t
        if passes == 1:
            t = time.perf_counter()
            ready = first_pass(draw)
            timing["fonts"] = time.perf_counter() - t
        if draw and ready is not None:
            t = time.perf_counter()
            ready()
            ready = None
            timing["fonts"] += time.perf_counter() - t
        t = time.perf_counter()
        try:
            data, doc, canvases = render_pass(flowables, draw)
        except SegmentMiss as miss:     # a chapter replayed where it no longer begins
            if isinstance(miss, TailMiss):  # as taped: this pass again, all composed (a
                ctx.skip_tails = False      # chapter's end not composed that it did not
            else:                           # converge before: with it composed, units.py)
                ctx.replay_segments = False
            timing["paginate"] = timing.get("paginate", 0.0) + time.perf_counter() - t
            continue
        errors.raise_if_errors()
        _paginated(timing, time.perf_counter() - t, doc)
        found = (dict(doc.state.anchors), dict(doc.state.before))
        if draw and found == guess and not canvases[-1].dangling:
            return Converged(data, doc, canvases, composer, passes, found)
        guess = found
    raise BuildError([not_converged()])


def _paginated(timing: dict[str, float], spent: float, doc: Any) -> None:
    """A pass's pagination time, and its parts: ending pages (drawing, or
    replaying from paginate.replay), writing the file, and the rest, laying
    the pages out (flowables wrapped, split and placed; chapter ends decided)."""
    drawing, writing = getattr(doc, "draw_time", 0.0), getattr(doc, "write_time", 0.0)
    for key, value in (("paginate", spent), ("layout", spent - drawing - writing),
                       ("drawing", drawing), ("writing", writing)):
        timing[key] = timing.get(key, 0.0) + value


def build_doc(doc: Any, flowables: list[Any], canvasmaker: Any) -> None:
    """Paginate; a block no page can hold is an error at its line."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        doc.build(flowables, canvasmaker=canvasmaker)
    except LayoutError as exc:
        block = getattr(doc, "_csr_last_block", None)
        raise BuildError([Diagnostic(block.mark if block else None,
                                     f"layout could not place a block: {exc}",
                                     "a block is too large for a page; shorten or split it")])


def page_guess(found: Any) -> PageMap:
    """A cached page map if it has the right shape, else an empty one."""
    def ok(d: Any) -> bool:
        return isinstance(d, dict) and all(isinstance(k, str) and type(v) is int and v >= 0
                                           for k, v in d.items())

    if isinstance(found, tuple) and len(found) == 2 and ok(found[0]) and ok(found[1]):
        return found
    return {}, {}


def not_converged() -> Diagnostic:
    return Diagnostic(None, f"page numbers did not settle after {MAX_PASSES} passes",
                      "a TOC or index entry keeps moving pages; check content near the "
                      "table of contents and indexes")


def layout_doc() -> type:
    """The report's document class laid out and not drawn: every flowable
    placed as ReportDoc places it (MeasureFrame: a flowable's ``place`` tells
    the page what its drawing would have), the same page templates, breaks
    and chapter-end decisions, so the same anchors land on the same pages;
    no running heads, no page streams, nothing saved."""
    from .document import MeasureCanvas, MeasureFrame, ReportDoc

    class LayoutDoc(ReportDoc):
        _doSave = 0
        frame_class = MeasureFrame

        def __init__(self, *a: Any, **kw: Any) -> None:
            # (its canvas is thrown away: it starts in ReportLab's own font,
            # as a trial's does, and so needs none of ours registered yet)
            kw.pop("initialFontName", None)
            super().__init__(*a, **kw)
            self.decorate = _undecorated

        def build(self, flowables: list[Any], filename: Any = None,
                  canvasmaker: Any = None) -> None:
            super().build(flowables, filename, MeasureCanvas)

    return LayoutDoc


def _undecorated(canv: Any, doc: Any, kind: str) -> None:
    """Running heads and folios are drawn only: laying out needs none."""
