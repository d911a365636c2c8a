"""The document template: mirrored body pages, full-bleed pages, blank
versos before chapters, running heads and folios, print boxes and crop marks,
and a record of where every anchor landed (for the TOC, indexes, references).

All drawing happens in trim coordinates: each page is translated by the
slug + bleed offset of the edition, so the same flowables make the screen
edition (media = trim) and the print edition (media = trim + bleed + marks).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import ActionFlowable, BaseDocTemplate, PageTemplate
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.frames import Frame

from ..compose.base import Group
from ..pdf.tagging import artifact


@dataclass
class PageState:
    """What a page shows in its margins, and where anchors landed."""

    running: str = ""         # section of the content being placed
    page_running: str = ""    # section of the first content on this page
    anchors: dict[str, int] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)   # page where content before an anchor ended
    last_page: int = 0
    part_pages: dict[str, list[int]] = field(default_factory=dict)   # part → [first, last]
    side_page: int = 0        # the page the side column's use is recorded for
    side_bottom: float = 0.0  # lowest point used in the side column there (page y)
    wide_page: int = 0        # the page the last block across the grid is on
    wide_bottom: float = 0.0  # its foot (page y): side notes after it stand below
    chapter_ends: dict[int, tuple[int, float, float]] = field(default_factory=dict)  # chapter → (last page, how full, points used)
    # page → (x0, y0, x1, y1 in the page's PDF space, its block's mark) of each
    # placed flowable: what preflight names when it finds a fault at a point
    blocks: dict[int, list[tuple[float, float, float, float, Any]]] = \
        field(default_factory=dict)


class RectoBreak(ActionFlowable):
    """Start the next page on a right-hand (odd) page, with a template."""

    def __init__(self, template: str) -> None:
        super().__init__(("rectoBreak", template))


class PadPages(ActionFlowable):
    """Add blank pages so that the page count, with `after` pages still to
    come (the back cover), is a multiple of the edition's page multiple."""

    def __init__(self, after: int = 1) -> None:
        super().__init__(("padPages", after))


@dataclass(frozen=True)
class Geometry:
    """Trim size, and where the trim sits on the media (bleed and slug)."""

    trim: tuple[float, float]
    offset: float = 0.0       # from media edge to trim edge
    bleed: float = 0.0

    @property
    def media(self) -> tuple[float, float]:
        return self.trim[0] + 2 * self.offset, self.trim[1] + 2 * self.offset


class _QuickFrame(Frame):
    """ReportLab's Frame with no content generated for it, said by a class
    attribute: ReportLab asks every frame for its generated content before
    each flowable (doctemplate._addGeneratedContent: getattr with a default),
    and Frame answers a missing attribute through its Python __getattr__,
    which raises: ~1,000 exceptions raised and caught a build (several ms
    of a watch edit). A frame given content (add_generated_content) holds
    it in its own dictionary, which this None never shadows; deleting it
    there shows this None again, as the missing attribute did."""

    _generated_content = None


class PlacingFrame(_QuickFrame):
    """A frame that places flowables and leaves their drawing to the page's
    end: each placing is recorded (in its document's `placed`; not on the
    frame, which ReportLab deep-copies to measure groups) and a
    flowable's `place` tells the page at once what its drawing would (see
    MeasureFrame). The page draws them in order when it ends
    (ReportDoc.draw_placed), so the stream, tags, links and logs are as if
    drawn at once; what a page draws is then known whole before drawing it."""

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        flowable.__dict__["drawOn"] = partial(_defer, self, flowable)
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add                # (ReportLab's Frame binds add to its own _add)


def _defer(frame: PlacingFrame, flowable: Any, canvas: Any, x: float, y: float,
           _sW: float = 0) -> None:
    canvas._doctemplate.placed.append((flowable, frame, x, y, _sW))
    _place(flowable, canvas, x, y)


class ReportDoc(BaseDocTemplate):
    """BaseDocTemplate with the report's page logic."""

    frame_class: type = PlacingFrame

    def __init__(self, filename: Any, layout: Any, decorate: Callable[[Any, "ReportDoc", str], None],
                 geometry: Geometry, marks: dict[str, float] | None = None,
                 page_multiple: int = 1, mark_color: Any = None,
                 copyfit: dict[str, Any] | None = None, copyfit_memo: Any = None,
                 replay: Any = None, **kw: Any) -> None:
        from .fit import Copyfit

        self.layout, self.geometry, self.marks = layout, geometry, marks
        self.page_multiple, self.mark_color = max(1, page_multiple), mark_color
        self.state = PageState()
        self.decorate = decorate
        self.replay = replay      # paginate.replay.Replay: pages drawn only when changed
        # the compose pass's segments (paginate.segments.Plan): taped while laid
        # out, or replayed from their tapes; per page ended, its key, record and
        # slots (None: not recorded) and its template and flowables placed
        self.segments: Any = None
        self.page_log: dict[int, Any] = {}
        self.page_meta: dict[int, tuple[str, int]] = {}
        self._taping: Any = None        # the segment being taped (segments.Segment)
        self._pending: Any = None       # a replayed segment's last page: (page, key, record, slots)
        self._replaying = False         # pages of a replayed segment are beginning
        self._tail: Any = None          # (a taped segment, its last page): not yet ended
        # seconds spent ending pages (drawing or replaying them) and writing the
        # file: the rest of the pass is layout (the build's timings show each)
        self.draw_time = self.write_time = 0.0
        self._flow: list[Any] = []
        self._chapter = 0         # the chapter being placed (pieces of a split block name none)
        # chapter ends decided as pages begin (paginate.fit): settings → decisions
        self.copyfit = Copyfit.from_settings(copyfit or {}, layout.frame(), self._trial)
        if self.copyfit is not None and copyfit_memo is not None:   # (memo, layout's key)
            self.copyfit.memo, self.copyfit.memo_key = copyfit_memo
        pw, ph = geometry.trim
        # the group ReportLab makes of blocks kept with the next one: a photo
        # kept with its caption, set across the grid, is measured where it
        # stands (below the side column's notes), or the group fits when
        # measured and not when placed, which ReportLab fails as a "splitting error"
        super().__init__(filename, pagesize=geometry.media, leftMargin=0, rightMargin=0,
                         topMargin=0, bottomMargin=0, keepTogetherClass=Group, **kw)
        fw, fh = layout.frame()
        grid = layout.columns()
        top = layout.margins["top"]
        y = ph - top - fh
        o = geometry.offset
        # frames are placed on the media; drawing inside them is in trim units.
        # The frame is the main column; side and wide blocks reach beside it.
        F = self.frame_class
        odd = F(o + grid.main_x(1), o + y, fw, fh, 0, 0, 0, 0, id="odd")
        even = F(o + grid.main_x(2), o + y, fw, fh, 0, 0, 0, 0, id="even")
        full = F(o, o, pw, ph, 0, 0, 0, 0, id="full")
        blank = F(o + grid.main_x(1), o + y, fw, fh, 0, 0, 0, 0, id="blank")
        self.placed: list[Any] = []     # (flowable, frame, x, y, sW) placed on this page
        self.addPageTemplates([     # the first is the first page's (a cover switches it)
            PageTemplate("body-odd", [odd], onPage=self._begin, onPageEnd=self._end("body")),
            PageTemplate("full", [full], onPage=self._begin, onPageEnd=self._end("full")),
            PageTemplate("body-even", [even], onPage=self._begin, onPageEnd=self._end("body")),
            PageTemplate("blank", [blank], onPage=self._begin, onPageEnd=self._end("blank")),
        ])

    def _begin(self, canv: Any, doc: "ReportDoc") -> None:
        g = self.geometry
        o, b = g.offset, g.bleed
        pw, ph = g.trim
        canv.setTrimBox((o, o, o + pw, o + ph))
        canv.setBleedBox((o - b, o - b, o + pw + b, o + ph + b))
        self.state.page_running = ""

    def build(self, flowables: list[Any], filename: Any = None, canvasmaker: Any = None) -> None:
        """ReportLab's build, holding on to the list of flowables still to
        place (what a chapter's end is decided from, see handle_pageBegin)."""
        self._flow = flowables
        # (with segments: the flowables as composed, to tell where a page began)
        self._composed = list(flowables) if self.segments is not None else None
        self.state.blocks = {}          # (this pass's places only)
        super().build(flowables, filename, canvasmaker or Canvas)

    def handle_pageBegin(self) -> None:
        super().handle_pageBegin()
        if self.copyfit is not None and self.frame.id in ("odd", "even") and not self._replaying:
            self.copyfit.page_begun(self._flow, self.page, self._chapter)

    def _trial(self, flowables: list[Any], page: int, chapter: int
               ) -> tuple[int, float, float] | None:
        """Lay flowables out from a body page numbered `page`, measured and
        not drawn: (pages used, how full the chapter's last page is, points
        used on it), or None when they could not be laid out."""
        from reportlab.platypus.doctemplate import LayoutError

        doc = MeasureDoc(self.layout, self.geometry, page)
        doc._chapter = chapter
        held = [(f, "_postponed" in f.__dict__) for f in flowables]
        try:
            doc.build(list(flowables))
        except LayoutError:
            return None
        finally:              # ReportLab's mark "did not fit once": a trial's, not ours
            for f, had in held:
                if not had:
                    f.__dict__.pop("_postponed", None)
        end = doc.state.chapter_ends.get(chapter)
        if end is None:
            return None
        return end[0] - page + 1, end[1], end[2]

    def _end(self, kind: str) -> Callable[[Any, Any], None]:
        def on_end(canv: Any, doc: "ReportDoc") -> None:
            t = time.perf_counter()
            self.page_meta[self.page] = (self.pageTemplate.id, self._curPageFlowableCount)
            tail, self._tail = self._tail, None     # a taped segment's last page: what
            if tail is not None and tail[1] == self.page:     # ending it says is its own
                self.segments.current(tail[0])
            try:
                if self._pending is not None:       # a replayed segment's page
                    self._end_taped()
                elif self.replay is None:
                    self._finish_page(canv, kind)
                else:                 # drawn, or replayed when an earlier build drew it
                    self.replay.end_page(self, canv, kind,
                                         lambda: self._finish_page(canv, kind))
            finally:
                if tail is not None and tail[1] == self.page:
                    self.segments.current(None)
                self.draw_time += time.perf_counter() - t
        return on_end

    def _endBuild(self) -> None:
        # (ReportLab ends the last page here: its drawing counts as drawing)
        t, drawn = time.perf_counter(), self.draw_time
        try:
            super()._endBuild()
        finally:
            self.write_time += time.perf_counter() - t - (self.draw_time - drawn)

    def _finish_page(self, canv: Any, kind: str) -> None:
        """Draw the page: what was placed on it, then its margins."""
        self.draw_placed(canv)
        canv.bookmarkPage(f"page-{self.page}", fit="Fit")   # link target of indexes
        canv.saveState()
        canv.translate(self.geometry.offset, self.geometry.offset)
        with artifact(canv, "Pagination"):      # running head, folio
            self.decorate(canv, self, kind)
        if self.marks:
            with artifact(canv, "Page"):
                self._crop_marks(canv)
        canv.restoreState()

    def draw_placed(self, canv: Any) -> None:
        """Draw what was placed on the page, in order, as the frame would have
        at each placing (ReportLab's Frame._add: canv and _frame set, then removed)."""
        placed = list(self.placed)
        self.placed.clear()
        # the last page is ended after ReportLab's build loop has taken the
        # document off the canvas: a side note or a wide block drawn there
        # read no page and was set as on page 1 (on a left-hand page, on the
        # wrong side of the main column, off the trim)
        lent = getattr(canv, "_doctemplate", None) is None
        if lent:
            canv._doctemplate = self
        try:
            for flowable, frame, x, y, sw in placed:
                flowable._frame, flowable.canv = frame, canv
                try:
                    flowable.drawOn(canv, x, y, _sW=sw)
                finally:
                    for a in ("canv", "_frame"):
                        if hasattr(flowable, a):
                            delattr(flowable, a)
        finally:
            if lent:
                del canv._doctemplate

    def _crop_marks(self, canv: Any) -> None:
        """Trim marks at the four corners, outside the bleed (never inside it)."""
        marks = self.marks or {}
        pw, ph = self.geometry.trim
        b = self.geometry.bleed
        gap, length = marks.get("gap", 2.0), marks.get("length", 10.0)
        canv.setStrokeColor(self.mark_color)
        canv.setLineWidth(marks.get("weight", 0.3))
        start = b + gap
        for x, sx in ((0, -1), (pw, 1)):
            for y, sy in ((0, -1), (ph, 1)):
                canv.line(x + sx * start, y, x + sx * (start + length), y)
                canv.line(x, y + sy * start, x, y + sy * (start + length))

    # templates: body pages alternate with the page number's parity
    def _setPageTemplate(self) -> None:
        super()._setPageTemplate()
        if self.pageTemplate.id.startswith("body"):
            want = "body-odd" if (self.page + 1) % 2 else "body-even"
            self.pageTemplate = self._template(want)

    def _template(self, name: str) -> PageTemplate:
        return next(t for t in self.pageTemplates if t.id == name)

    def _switch(self, name: str) -> None:
        """Use another template for the page just begun (nothing is on it yet)."""
        if name.startswith("body"):
            name = "body-odd" if self.page % 2 else "body-even"
        self.pageTemplate = self._template(name)
        self.frame = self.pageTemplate.frames[0]
        self.frame._reset()
        self.handle_frameBegin()

    def handle_rectoBreak(self, template: str) -> None:
        """Go to the next right-hand page, leaving a blank verso when needed."""
        empty = self._curPageFlowableCount == 0
        if empty and self.page % 2 == 1:
            self._switch(template)
            return
        if empty:                              # an empty left page: make it blank
            self._switch("blank")
            self.handle_nextPageTemplate(template)
            self.handle_pageEnd()
            return
        if (self.page + 1) % 2 == 0:           # next page is a verso: leave it blank
            self.handle_nextPageTemplate("blank")
            self.handle_pageEnd()
            self.clean_hanging()
        self.handle_nextPageTemplate(template)
        self.handle_pageEnd()

    def handle_padPages(self, after: int) -> None:
        """Blank pages before the back cover up to the edition's page multiple."""
        if self.page_multiple <= 1:
            return
        pads = (-(self.page + after)) % self.page_multiple
        for _ in range(pads):
            self.handle_nextPageTemplate("blank")
            self.handle_pageEnd()
            self.clean_hanging()

    def filterFlowables(self, flowables: list[Any]) -> None:
        if self.segments is not None and flowables and flowables[0] is not None:
            if self._taping is not None and flowables is self._flow \
                    and not self._curPageFlowableCount and self.page not in self._taping[0].tape.starts:
                self._page_start()              # (may take the segment's rest from its tape)
            d = flowables[0].__dict__
            if "_csr_replay" in d:              # (before its chapter and section are set)
                self._replay_start = self._start_state()
            if "_csr_segment_end" in d:
                self._segment_end(d["_csr_segment_end"])
            if "_csr_segment_begin" in d:
                self._segment_begin(d["_csr_segment_begin"])
                if self._taping is not None and flowables[0] is not None \
                        and self.page not in self._taping[0].tape.starts:
                    self._page_start()          # (a restart's first page)
        self._filter_running(flowables)

    # -- segments: taped as laid out, or replayed from a tape (paginate.segments) --
    def _start_state(self) -> tuple:
        """Where a segment's first page begins: what laying it out reads of
        what came before it."""
        from .replay import _graphics_state

        st, f, canv = self.state, self.frame, self.canv
        return (self.page, self.pageTemplate.id, f.id, self._curPageFlowableCount, f._atTop,
                f._y, self._leftExtraIndent, self._rightExtraIndent, len(self._hanging),
                self.__dict__.get("_nextPageTemplateIndex"), self._emptyPages,
                st.running, st.page_running, st.last_page, self._chapter,
                st.side_page >= self.page, st.wide_page >= self.page,
                getattr(canv, "_csr_outline_level", None), _graphics_state(canv),
                None if self.copyfit is None else frozenset(self.copyfit.decided),
                frozenset(st.part_pages))

    def _segment_begin(self, number: int) -> None:
        """A taped segment's first flowable is next: its first page has begun."""
        from .segments import Tape

        plan = self.segments
        seg = plan.segments[number]
        if seg.replayed or seg.tape is not None or not seg.ok:
            return
        if self._curPageFlowableCount or self._hanging or self.replay is None:
            seg.ok = False
            return
        blocks = plan.blocks[seg.start:seg.stop]
        seg.tape = Tape(tuple(blocks), seg.start, plan.layout, plan.inputs, seg.trace,
                        self._start_state(), count=seg.count)
        st = self.state
        self._taping = (seg, self.page, set(st.anchors), set(st.before),
                        {k: tuple(v) for k, v in st.part_pages.items()}, dict(st.chapter_ends),
                        {} if self.copyfit is None else dict(self.copyfit.decided),
                        {} if self.copyfit is None else dict(self.copyfit.expected))
        self._seg_base = self._at()     # (where its flowables begin among those composed)
        plan.current(seg)
        if seg.prior is not None and self._seg_base is not None:
            self._restart(seg)

    def _segment_end(self, number: int) -> None:
        """The flowable that ends segment ``number`` is next (the next
        segment's break, or the end): what laying it out did."""
        held = self._taping
        if held is None or held[0].number != number:   # (a piece of a marked flowable)
            return
        self._taping = None
        self.segments.current(None)
        seg, first, anchors, before, parts, ends, decided, expected = held
        if not self._curPageFlowableCount or self._hanging:
            seg.ok = False
            return
        st = self.state
        cf = self.copyfit
        seg.tape.delta = {
            "anchors": [(k, v) for k, v in st.anchors.items() if k not in anchors],
            "before": [(k, v) for k, v in st.before.items() if k not in before],
            "parts": [(k, tuple(v)) for k, v in st.part_pages.items() if parts.get(k) != tuple(v)],
            "blocks": [(p, list(v)) for p, v in st.blocks.items() if p >= first],
            "ends": [(k, v) for k, v in st.chapter_ends.items() if ends.get(k) != v],
            "decided": [] if cf is None else
                       [(k, v) for k, v in cf.decided.items() if decided.get(k, None) != v],
            "expected": [] if cf is None else
                        [(k, v) for k, v in cf.expected.items() if expected.get(k, None) != v],
        }
        seg.tape.end = {
            "page": self.page, "template": self.pageTemplate.id,
            "count": self._curPageFlowableCount, "empty": self._emptyPages,
            "next": self.__dict__.get("_nextPageTemplateIndex"),
            "running": st.running, "page_running": st.page_running, "last_page": st.last_page,
            "side": (st.side_page, st.side_bottom), "wide": (st.wide_page, st.wide_bottom),
            "chapter": self._chapter, "block": getattr(self, "_csr_last_block", None),
            "indents": (self._leftExtraIndent, self._rightExtraIndent),
        }
        seg.first_page = first
        self._tail = (seg, self.page)

    def finish_segments(self) -> None:
        """After the pass: each taped segment's pages, all recorded, else no tape."""
        for seg in self.segments.segments if self.segments is not None else ():
            tape = seg.tape
            if seg.replayed or tape is None or not seg.ok or not tape.end:
                seg.ok = False
                continue
            pages = []
            for page in range(seg.first_page, tape.end["page"] + 1):
                logged, meta = self.page_log.get(page), self.page_meta.get(page)
                if logged is None or meta is None:
                    seg.ok = False
                    break
                pages.append((*logged, *meta))
            tape.pages = pages if seg.ok else []

    def handle_replayedPages(self, tape: Any) -> None:
        """A segment's pages from its tape: each but the last ended with its
        record; the last left begun with its record pending (the flowable
        after the segment ends it, as it ended it when laid out); then the
        state laying it out left."""
        from .segments import SegmentMiss

        start, self._replay_start = getattr(self, "_replay_start", None), None
        if self.replay is None or start != tape.start or self._pending or not tape.pages:
            raise SegmentMiss(f"page {self.page}: a segment begins unlike its tape")
        last = len(tape.pages) - 1
        for i, (key, rec, slots, template, count) in enumerate(tape.pages):
            if self.pageTemplate.id != template:
                self.pageTemplate = self._template(template)
            self._curPageFlowableCount = count
            self._pending = (self.page, key, rec, slots)
            if i == last:
                break
            self.handle_pageEnd()
            self._replaying = True
            try:
                self.clean_hanging()
            finally:
                self._replaying = False
        self._taped_state(tape)

    def _taped_state(self, tape: Any, since: Any = None, page: int = 0) -> None:
        """What laying out the segment left, as its tape says (``since``: the
        PageStart of ``page``, where its rest was taken from; what came before
        is this pass's own)."""
        st, d, e = self.state, tape.delta, tape.end
        for k, v in d["anchors"][since.anchors if since is not None else 0:]:
            st.anchors.setdefault(k, v)
        for k, v in d["before"][since.before if since is not None else 0:]:
            st.before.setdefault(k, v)
        for k, (a, b) in d["parts"]:      # (which parts began before it: in its start)
            span = st.part_pages.get(k)
            if span is None:
                st.part_pages[k] = [a, b]
            else:
                span[1] = max(span[1], b)
        for p, v in d["blocks"]:
            if p >= page:
                st.blocks[p] = list(v)
        st.chapter_ends.update(d["ends"])
        if self.copyfit is not None:
            self.copyfit.decided.update(d["decided"])
            self.copyfit.expected.update(d["expected"])
        st.running, st.page_running, st.last_page = e["running"], e["page_running"], e["last_page"]
        st.side_page, st.side_bottom = e["side"]
        st.wide_page, st.wide_bottom = e["wide"]
        self._chapter, self._csr_last_block = e["chapter"], e["block"]
        self._curPageFlowableCount, self._emptyPages = e["count"], e["empty"]
        self._leftExtraIndent, self._rightExtraIndent = e["indents"]
        if e["next"] is None:
            self.__dict__.pop("_nextPageTemplateIndex", None)
        else:
            self._nextPageTemplateIndex = e["next"]

    # -- a changed segment: resumed where it can differ, its rest taken where it
    # no longer does (paginate.segments: restart, convergence) --
    def _at(self) -> int | None:
        """The place among the flowables composed of the next one to place,
        None when it is none of them (a piece of a split one)."""
        flow, comp = self._flow, self._composed
        n = len(flow)
        if comp is None or not n or n > len(comp) or flow[0] is not comp[len(comp) - n]:
            return None
        return len(comp) - n

    def _page_start(self) -> None:
        """A page of a taped segment begins with its next flowable (the first
        on the page): where, in what state; for a changed segment, the state
        its prior tape's page began in (restarted: must be; converged: the
        rest of the segment is the tape's)."""
        from .segments import SegmentMiss

        seg = self._taping[0]
        at = self._at()
        if at is None or self._seg_base is None or self._hanging or self.placed:
            return
        if not 0 <= at - self._seg_base < seg.count:
            return
        if at and _joined(self._composed[at - 1], self._flow[0]):
            return      # (it continues a structure element across the page: see _joined)
        mark = self._mark(at - self._seg_base)
        seg.tape.starts[self.page] = mark
        prior = seg.prior
        if prior is None:
            return
        old = prior.starts.get(self.page)
        plan = self.segments
        if seg.restart_page == self.page and (old is None or old != mark):
            if plan.replay:
                raise SegmentMiss(f"page {self.page}: a chapter resumed unlike its tape")
            seg.restart_page = 0        # (verify mode: it would have been done again)
        if old is None or seg.converged or old.key != mark.key \
                or seg.count - mark.at > seg.tail or prior.count - old.at != seg.count - mark.at:
            return
        seg.converged = self.page
        if plan.replay:
            self._converge(seg, prior, old)

    def _mark(self, at: int) -> Any:
        """The PageStart of the page begun (the taped segment's ``at``-th flowable next)."""
        from .segments import PageStart

        seg, _first, anchors, before, parts, ends, decided, expected = self._taping
        st, cf, f = self.state, self.copyfit, self._flow[0]
        return PageStart(
            at, (self._start_state(), getattr(f, "_csr_running", None),
                 getattr(f, "_csr_chapter", None),
                 () if cf is None else _changed(cf.decided, decided),
                 () if cf is None else _changed(cf.expected, expected)),
            len(st.anchors) - len(anchors), len(st.before) - len(before),
            tuple((k, tuple(v)) for k, v in st.part_pages.items() if parts.get(k) != tuple(v)),
            _changed(st.chapter_ends, ends),
            () if cf is None else _changed(cf.decided, decided),
            () if cf is None else _changed(cf.expected, expected),
            (st.side_page, st.side_bottom, st.wide_page, st.wide_bottom),
            getattr(self, "_csr_last_block", None))

    def _restart(self, seg: Any) -> None:
        """A changed segment begins as its prior tape's did: its pages before
        the last page that began on a flowable composed from blocks before the
        first changed one (and before its chapter's end was decided) are the
        tape's; pagination resumes at that page as the tape recorded it."""
        from .replay import ReplayMismatch
        from .segments import SegmentMiss

        prior, tape = seg.prior, seg.tape
        first = self.page
        if prior.start != tape.start:
            return
        found = [p for p, m in prior.starts.items()
                 if p > first and m.at < seg.head and not m.decided]
        if not found:
            return
        page = max(found)
        mark = prior.starts[page]
        seg.restart_page = page
        if mark.at < seg.skip:              # (units before it not composed: paginate.units)
            if not self.segments.replay:
                raise ReplayMismatch(f"segment {seg.number}: its restart at page {page} is "
                                     f"before the {seg.skip} flowables it would not compose")
            raise SegmentMiss(f"page {page}: a chapter resumes before what it did not compose")
        if not self.segments.replay:        # (verify mode: checked when taped)
            return
        pages = prior.pages[:page - first]
        self._replay_pages(pages, last_ends=True, before_end=lambda: self._resume_state(prior, mark))
        del self._flow[:mark.at]
        state = mark.key[0]
        self.pageTemplate = self._template(state[1])
        if state[9] is None:
            self.__dict__.pop("_nextPageTemplateIndex", None)
        else:
            self._nextPageTemplateIndex = state[9]
        for p, m in prior.starts.items():
            if p < page:
                tape.starts[p] = m
        self._took(prior)
        self.clean_hanging()                # (the page begins: copyfit asks as it did)

    def _resume_state(self, prior: Any, mark: Any) -> None:
        """The state the prior tape's page began in (its page before is ending)."""
        st, d = self.state, prior.delta
        for k, v in d["anchors"][:mark.anchors]:
            st.anchors.setdefault(k, v)
        for k, v in d["before"][:mark.before]:
            st.before.setdefault(k, v)
        for k, (a, b) in mark.parts:
            st.part_pages[k] = [a, b]
        for p, v in d["blocks"]:
            if p <= self.page:
                st.blocks[p] = list(v)
        st.chapter_ends.update(mark.ends)
        if self.copyfit is not None:
            self.copyfit.decided.update(mark.decided)
            self.copyfit.expected.update(mark.expected)
        key = mark.key[0]
        st.running, st.page_running, st.last_page = key[11], key[12], key[13]
        self._chapter = key[14]
        st.side_page, st.side_bottom, st.wide_page, st.wide_bottom = mark.side
        self._csr_last_block = mark.last_block
        self.frame._leftExtraIndent, self.frame._rightExtraIndent = key[6], key[7]

    def _converge(self, seg: Any, prior: Any, old: Any) -> None:
        """The rest of a changed segment is its prior tape's (a page began as
        the tape's did, on the same flowable of the unchanged end)."""
        page = self.page
        self._replay_pages(prior.pages[page - prior.first_page():], last_ends=False)
        del self._flow[:prior.count - old.at]       # (as many as are left of it)
        self._taped_state(prior, since=old, page=page)
        by = seg.count - prior.count
        for p, m in prior.starts.items():
            if p > page:
                seg.tape.starts[p] = m.moved(by)
        self._took(prior)

    def _took(self, prior: Any) -> None:
        """What laying out the pages taken from a tape used (line breaks,
        charts' drawings) counts as used by this build, and what it read (page
        numbers, contents entries: each as it reads now, see Plan._prior)."""
        trace = self._taping[0].trace
        trace.breaks |= prior.trace.breaks
        for k, v in prior.trace.reads.items():
            trace.reads.setdefault(k, v)
        self.segments.ctx.used_breaks |= prior.trace.breaks
        if self.replay is not None:
            self.replay.memo.keep_sheets(prior.trace.sheets)

    def _replay_pages(self, pages: list[Any], last_ends: bool,
                      before_end: Any = None) -> None:
        """Tape pages from the one begun: each ended with its record (the last
        one too with ``last_ends``, ``before_end()`` run first; else left
        begun with its record pending, as handle_replayedPages)."""
        from .segments import SegmentMiss

        if self.replay is None or self._pending or not pages:
            raise SegmentMiss(f"page {self.page}: a chapter's pages cannot be taken from its tape")
        last = len(pages) - 1
        for i, (key, rec, slots, template, count) in enumerate(pages):
            if self.pageTemplate.id != template:
                self.pageTemplate = self._template(template)
            self._curPageFlowableCount = count
            self._pending = (self.page, key, rec, slots)
            if i == last:
                if not last_ends:
                    break
                if before_end is not None:
                    before_end()
            self.handle_pageEnd()
            if i < last:
                self._replaying = True
                try:
                    self.clean_hanging()
                finally:
                    self._replaying = False

    def _end_taped(self) -> None:
        """End a page of a replayed segment with its record."""
        from .segments import SegmentMiss

        page, key, rec, slots = self._pending
        self._pending = None
        if page != self.page or self.placed:
            raise SegmentMiss(f"page {self.page}: content placed on a replayed page")
        self.replay.apply_taped(self, self.canv, key, rec, slots)
        self.page_log[page] = (key, rec, slots)

    def _filter_running(self, flowables: list[Any]) -> None:
        # remember which content block is being placed, to name it in errors,
        # and its section (the rest of a split flowable keeps the section)
        if flowables and flowables[0] is not None:
            self._csr_last_block = getattr(flowables[0], "_csr_block", None) or \
                getattr(self, "_csr_last_block", None)
            self.state.running = getattr(flowables[0], "_csr_running", self.state.running)
            self._chapter = getattr(flowables[0], "_csr_chapter", self._chapter)

    def afterFlowable(self, flowable: Any) -> None:
        """ReportLab's hook after each placed flowable: a mark's page (for the
        contents, {{page:ID}}, the indexes) and the page's first content."""
        key = getattr(flowable, "anchor_key", None)
        if key is not None:                    # the page it is on, and the last with content
            self.state.anchors.setdefault(key, self.page)
            self.state.before.setdefault(key, self.state.last_page)
        if getattr(flowable, "height", 0):     # (zero-height marks do not count)
            self.state.last_page = self.page
            block = getattr(flowable, "_csr_block", None)
            # (the rest of a split flowable - a table's rows on the next page -
            # carries no block: it is the part of the block being placed, so a
            # part's pages reach its last row: the appendix ran to p. 65 of the
            # report, its GRI index, and was listed as pages 59-63)
            part = block if block is not None else getattr(self, "_csr_last_block", None)
            if part is not None:
                span = self.state.part_pages.setdefault(part.part, [self.page, self.page])
                span[0], span[1] = min(span[0], self.page), max(span[1], self.page)
            if block is not None:
                self._place_block(flowable, block)
            if not self.state.page_running:    # the page's first content names it
                self.state.page_running = self.state.running
            chapter = getattr(flowable, "_csr_chapter", self._chapter)
            if chapter:
                self._chapter_end(chapter)

    def _place_block(self, flowable: Any, block: Any) -> None:
        """Where the flowable just placed stands (the frame has moved below
        it and its space after), in the page's PDF space (the trim offset
        added), with its block's mark."""
        f, off = self.frame, self.geometry.offset
        y0 = f._y + flowable.getSpaceAfter()
        x0 = f._x + getattr(f, "_leftExtraIndent", 0.0)
        self.state.blocks.setdefault(self.page, []).append(
            (x0 + off, y0 + off, x0 + getattr(flowable, "width", f._width) + off,
             y0 + flowable.height + off, block.mark))

    def _chapter_end(self, chapter: int) -> None:
        """How far down its last page a chapter's content reaches so far
        (main column and side column), for paginate.fit."""
        f, st = self.frame, self.state
        if f.id not in ("odd", "even") or not f._height:
            return
        low = f._y
        if st.side_page == self.page:
            low = min(low, st.side_bottom)
        full = (f._y2 - low) / f._height
        page, was, _ = st.chapter_ends.get(chapter, (0, 0.0, 0.0))
        full = max(full, was) if page == self.page else full
        st.chapter_ends[chapter] = (self.page, full, full * f._height)

    def handle_nextPageTemplate(self, pt: Any) -> None:
        if isinstance(pt, str) and pt == "body":
            pt = "body-odd" if (self.page + 1) % 2 else "body-even"
        super().handle_nextPageTemplate(pt)



class MeasureCanvas(Canvas):
    """A canvas pages are laid out on and thrown away (see MeasureDoc)."""

    def showPage(self) -> None:
        self._startPage()


class MeasureFrame(_QuickFrame):
    """A frame that places flowables without drawing them: a flowable's
    `place` (if it has one) tells the page what its drawing would have
    (where a side note or a block across the grid ends)."""

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        flowable.__dict__["drawOn"] = partial(_place, flowable)
        try:
            return super()._add(flowable, canv, trySplit)
        finally:
            flowable.__dict__.pop("drawOn", None)

    add = _add                # (ReportLab's Frame binds add to its own _add)


def _changed(now: dict[Any, Any], was: dict[Any, Any]) -> tuple:
    """The entries of ``now`` not as in ``was``."""
    return tuple((k, v) for k, v in now.items() if was.get(k, _NOTHING) != v)


_NOTHING = object()


def _place(flowable: Any, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
    """Tell the page what placing the flowable here uses (a flowable with
    `tells_page` has a `place(canvas, x, y)` for that, e.g. compose.base.Wide)."""
    if getattr(type(flowable), "tells_page", False):
        type(flowable).place(flowable, canvas, x, y)


class MeasureDoc(ReportDoc):
    """The report's pages laid out and measured, not drawn or written: a
    trial of how a chapter's last pages fall (paginate.fit). Body pages only,
    numbered from `first` (odd and even pages have their own frames)."""

    _doSave = 0
    frame_class = MeasureFrame

    def __init__(self, layout: Any, geometry: Geometry, first: int) -> None:
        import io

        super().__init__(io.BytesIO(), layout, _no_decoration, geometry)
        self._first = first

    def build(self, flowables: list[Any], filename: Any = None, canvasmaker: Any = None) -> None:
        super().build(flowables, filename, MeasureCanvas)

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        self.page = self._first - 1
        self.pageTemplate = self._template("body-odd" if self._first % 2 else "body-even")


def _no_decoration(canv: Any, doc: Any, kind: str) -> None:
    """Trial pages have no running heads or folios."""


def _element_keys(f: Any, depth: int = 0) -> set[int]:
    """The ids of the structure-element keys a flowable shares with others
    (a quote's paragraphs: one BlockQuote; a list's items: one L), through
    the wrappers it may stand in."""
    keys: set[int] = set()
    tag = getattr(f, "tag", None)
    if isinstance(tag, tuple) and len(tag) == 2 and tag[1] is not None \
            and not isinstance(tag[1], str):
        keys.add(id(tag[1]))
    for k in getattr(f, "keys", None) or ():
        if k is not None and not isinstance(k, str):
            keys.add(id(k))
    if depth < 4:
        inner = getattr(f, "inner", None)
        if isinstance(inner, Flowable):
            keys |= _element_keys(inner, depth + 1)
        for part in getattr(f, "_content", None) or ():
            keys |= _element_keys(part, depth + 1)
    return keys


def _joined(before: Any, first: Any) -> bool:
    """Whether the first flowable of a page continues a structure element
    the flowable before it began: a page where a changed chapter may resume
    or its tape take over only where none does. The tape's pages hold the
    element keys of the build that drew them, the pages drawn now new ones:
    a quote of two paragraphs across such a page was tagged as two
    BlockQuotes, where a clean build tags one."""
    return bool(_element_keys(before) & _element_keys(first))
