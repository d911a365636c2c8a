"""Chapters neither composed nor laid out again when an edit cannot change them.

A chapter opens on a page of its own (its opener's break), so the pages it
fills follow from what it is composed from and from the state pagination is
in where its first page begins. A watch build composes and lays out the
chapters an edit can change; a chapter (a *segment*: the blocks before the
first opener, then each opener with the blocks up to the next) whose inputs
are those of the last build's is replayed from a *tape* of it instead: its
pages' records (paginate.replay), in order, and everything composing and
laying it out did besides drawing — the characters it claimed for the font
subsets, its GRI tags, the line breaks it used, the anchors it placed, its
parts' pages, where its blocks stood (preflight), its chapter end and the
copyfit decision, the state the next chapter starts from.

A tape is taken from the last pass of a build that drew every page of the
segment with a record and warned of nothing; it is used when:

- compose (its key): the segment is the very same blocks (the session keeps
  the blocks of unchanged files, source.content) at the same place in the
  report, under the same layout object, with the same anchor keys, sections,
  GRI tags of the whole report, GRI titles, and images unchanged on disk;
  and every page number and contents entry it read (Trace.reads: a page
  reference, the contents, an index, a chapter opener's list of its
  sections) is what the report holds now: a heading edited, or pages moved,
  in one chapter leaves the chapters that read none of it replayed; the
  build context (fonts, edition, metadata, palette) is the page memo's,
  which holds the tapes and drops them when it changes;
- layout (its start): its first page begins as it began then (number,
  template, an empty frame, the outline level and graphics state, the
  running section, the chapter, copyfit's state). Were it otherwise (the
  chapter before it now ends a page later), the pass raises SegmentMiss and
  is done again with every segment composed (paginate.converge).

With CSRPRESS_VERIFY_REPLAY=1 nothing is replayed: a segment whose tape
would have been used is composed and laid out, and its new tape must equal
the held one (ReplayMismatch otherwise).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from operator import is_
from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable

from .replay import VERIFY_ENV, ReplayMismatch


_UNREAD = object()     # (a plan told nothing of the report: no read is as it was)


class SegmentMiss(Exception):
    """A replayed segment's first page does not begin as its tape's did."""


@dataclass
class Trace:
    """What composing and laying out a segment did outside its flowables."""

    claims: dict[str, set[str]] = field(default_factory=dict)   # face → characters
    breaks: set[Any] = field(default_factory=set)     # line-break cache keys used
    gri_compose: list[tuple[str, str]] = field(default_factory=list)  # tags its blocks made
    gri_anchor: list[tuple[str, str]] = field(default_factory=list)   # tags of its anchors
    images: dict[str, tuple[int, ...]] = field(default_factory=dict)  # path → file stamp
    said: list[Any] = field(default_factory=list)     # its warnings and notes
    sheets: set[Any] = field(default_factory=set)     # charts' drawings it used (PageMemo.sheet)
    # what it read of what an edit elsewhere changes (Plan.split compares each
    # with the report's now): (what, key) → the value read: an anchor's page,
    # the page before one, the contents' entries (all: the contents; a
    # chapter's own sections: its opener)
    reads: dict[tuple[str, Any], Any] = field(default_factory=dict)

    composing: bool = True      # (claims count while composing: subsets are planned then)

    def claim(self, face: str, text: Any) -> None:
        if not self.composing:      # (a page's running head drawn, not replayed, claims
            return                  # what composing claimed already)
        held = self.claims.get(face)
        if held is None:
            held = self.claims[face] = set()
        held.update(text)


@dataclass
class Tape:
    """A segment as the last build composed and laid it out."""

    blocks: tuple[Any, ...]     # its blocks (compared by identity)
    index: int                  # the first one's place among the report's blocks
    layout: Any                 # the layout object (compared by identity)
    inputs: tuple[Any, ...]     # what its composing read of the report (by equality)
    trace: Trace
    start: tuple[Any, ...] = ()     # pagination where its first page began
    # per page: (key, record, slots, template id, flowables placed)
    pages: list[tuple[Any, Any, list[Any], str, int]] = field(default_factory=list)
    delta: dict[str, Any] = field(default_factory=dict)   # what laying it out changed
    end: dict[str, Any] = field(default_factory=dict)     # pagination at its end

    def same_source(self, blocks: list[Any], index: int, layout: Any, inputs: tuple) -> bool:
        """Composing the segment now would read what it read then."""
        return (self.index == index and self.layout is layout
                and len(self.blocks) == len(blocks) and all(map(is_, self.blocks, blocks))
                and self.inputs == inputs and _images_unchanged(self.trace.images))

    def comparable(self) -> tuple:
        """What verify mode compares: all but the line breaks used (a key
        shared with another segment counts where it was first used) and the
        slots' objects (a build's own: their pattern of equal ones instead)."""
        t = self.trace
        seen: list[Any] = []

        def canonical(slots: list[Any]) -> tuple:
            out = []
            for v in slots:
                n = next((i for i, w in enumerate(seen) if w is v or w == v), None)
                if n is None:
                    seen.append(v)
                    n = len(seen) - 1
                out.append(n)
            return tuple(out)

        return ({f: frozenset(c) for f, c in t.claims.items()}, t.gri_compose, t.gri_anchor,
                t.said,
                self.start, [(k, r, canonical(s), tpl, n) for k, r, s, tpl, n in self.pages],
                self.delta, self.end)


def _images_unchanged(images: dict[str, tuple[int, ...]]) -> bool:
    from ..assets.cache import file_stamp

    for path, stamp in images.items():
        try:
            if file_stamp(os.stat(path)) != stamp:
                return False
        except OSError:
            return False
    return True


@dataclass
class Segment:
    """One segment of this pass: its blocks, its held tape, its new trace."""

    number: int
    start: int                  # its blocks: report.blocks[start:stop]
    stop: int
    held: Tape | None = None    # the last build's tape, when its key matches
    replayed: bool = False      # composed as a placeholder (its tape replayed)
    trace: Trace = field(default_factory=Trace)
    tape: Tape | None = None    # the tape being taken in this pass
    ok: bool = True             # can still be taped
    first_page: int = 0         # (taped: the page it began on)


class Plan:
    """A compose pass's segments: which are replayed, which are taped."""

    def __init__(self, held: dict[int, Tape], layout: Any, ctx: Any, replay: bool,
                 memo: Any = None) -> None:
        self.held = held            # id(first block) → the last build's tape
        self.layout, self.ctx, self.memo = layout, ctx, memo
        self.replay = replay and os.environ.get(VERIFY_ENV) != "1"
        self.segments: list[Segment] = []
        self.blocks: list[Any] = []
        self.inputs: tuple = ()
        # (what, key) → its value in this pass (compose.report.reading): a
        # tape is taken only when all it read is as it was
        self.now: Any = lambda what, key: _UNREAD

    def current(self, seg: Segment | None) -> None:
        """Attribute what is claimed and used from now on to ``seg`` (None: to none)."""
        trace = None if seg is None else seg.trace
        self.ctx.trace = trace
        if self.ctx.errors is not None:
            self.ctx.errors.trace = trace
        if self.memo is not None:
            self.memo.trace = trace

    def split(self, blocks: list[Any], opener: Any, own: Any) -> None:
        """The report's blocks in segments (a new one at every chapter opener);
        ``opener(b)``: is b a chapter opener; ``own(b)``: does b make its own
        page break (a page_break block, which looks at its neighbours' breaks:
        a segment after one is never replayed)."""
        self.blocks = blocks
        starts = [0] + [i for i, b in enumerate(blocks) if i and opener(b)]
        for n, (a, z) in enumerate(zip(starts, starts[1:] + [len(blocks)])):
            seg = Segment(n, a, z)
            tape = self.held.get(id(blocks[a])) if a < len(blocks) else None
            if tape is not None and tape.same_source(blocks[a:z], a, self.layout, self.inputs) \
                    and all(self.now(*k) == v for k, v in tape.trace.reads.items()) \
                    and not (a and own(blocks[a - 1])):
                seg.held = tape
                seg.replayed = self.replay
            self.segments.append(seg)

    def composed(self) -> None:
        """Composing is done: what is claimed from now on (drawing) is no segment's."""
        self.current(None)
        for seg in self.segments:
            seg.trace.composing = False

    def of_block(self) -> list[int]:
        """The segment number of each block."""
        out: list[int] = []
        for seg in self.segments:
            out += [seg.number] * (seg.stop - seg.start)
        return out

    def taped(self) -> dict[int, Tape]:
        """The tapes this pass took and replayed, by their first block, for
        the next build; in verify mode each is checked against the held one."""
        out: dict[int, Tape] = {}
        for seg in self.segments:
            tape = seg.held if seg.replayed else (seg.tape if seg.ok else None)
            if tape is None or not tape.pages:
                continue
            if not seg.replayed and seg.held is not None and seg.held.start == tape.start:
                was, now = seg.held.comparable(), tape.comparable()   # (a start unlike
                # its tape's is no replay: SegmentMiss, then every segment composed)
                if was != now:
                    what = next(name for name, a, b in zip(_PARTS, was, now) if a != b)
                    raise ReplayMismatch(f"segment {seg.number} (from block {seg.start}) laid "
                                         f"out unlike its tape: {what} differ")
            out[id(tape.blocks[0])] = tape
        return out


_PARTS = ("claims", "GRI tags composed", "GRI tags of anchors", "warnings", "start states",
          "pages", "layout changes", "end states")   # (Tape.comparable's, in order)


class ReplayedPages(ActionFlowable):
    """A segment's pages from its tape (ReportDoc.handle_replayedPages)."""

    def __init__(self, tape: Tape) -> None:
        super().__init__(("replayedPages", tape))
        self._csr_replay = True     # (ReportDoc.filterFlowables: its start state)
