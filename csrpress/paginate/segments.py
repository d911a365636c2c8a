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

A segment an edit did change (some of its blocks differ, none added or
removed, the rest of its key as above: its *prior* tape) is composed whole
but laid out only where it can differ. Its tape holds, for each page that
began with a whole flowable of the segment, where in the segment's
flowables that page began and the state pagination was in (a PageStart):

- restart: the pages before the last one that began on a flowable composed
  only from blocks before the first changed one (nothing placed or measured
  on them looked further: a heading's keep-with-next names what it looks
  at) and before the chapter's end was decided are the tape's; pagination
  resumes at that page in the state the tape recorded there, which the page
  must then show (SegmentMiss otherwise: the pass again, all composed);
- convergence: once a page begins on a flowable composed only from blocks
  after the last changed one, at the same distance from the segment's end,
  in the same state as the tape's page of that number began, the rest of
  the segment is the tape's (its pages and what laying them out did).

A segment whose layout warned of anything is redone whole.

With CSRPRESS_VERIFY_REPLAY=1 nothing is replayed: a segment whose tape
would have been used is composed and laid out, and its new tape must equal
the held one (ReplayMismatch otherwise); a changed segment is laid out whole
and its pages before the restart and from the convergence must be its
prior tape's.
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
    composed_said: int = 0      # how many of ``said`` composing said (the rest: laying out)

    def claim(self, face: str, text: Any) -> None:
        if not self.composing:      # (a page's running head drawn, not replayed, claims
            return                  # what composing claimed already)
        held = self.claims.get(face)
        if held is None:
            held = self.claims[face] = set()
        held.update(text)


@dataclass(frozen=True)
class PageStart:
    """A page of a taped segment that began with a whole flowable of it."""

    at: int             # that flowable: the how-manieth of the segment's (from 0)
    key: tuple          # the state pagination was in (compared to resume or converge)
    anchors: int        # how many anchors (and "before" entries) the segment had added
    before: int
    parts: tuple        # part spans, chapter ends, copyfit decisions changed in the
    ends: tuple         # segment so far: (key, value) pairs
    decided: tuple
    expected: tuple
    side: tuple         # (side page, its bottom, wide page, its bottom)
    last_block: Any     # (the block errors name)

    def moved(self, by: int) -> "PageStart":
        """The same page start in a segment ``by`` flowables longer before it."""
        return PageStart(self.at + by, self.key, self.anchors, self.before, self.parts,
                         self.ends, self.decided, self.expected, self.side, self.last_block)


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
    count: int = 0      # its flowables (the segment's content, from its first to its end)
    starts: dict[int, PageStart] = field(default_factory=dict)   # page → how it began
    units: Any = None   # (a watch session's: its units as composed, paginate.units)

    def first_page(self) -> int:
        return self.start[0]

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
        return ({f: frozenset(c) for f, c in t.claims.items()}, t.gri_compose, t.gri_anchor,
                t.said, self.start, _pages_view(self.pages), self.delta, self.end)


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
    # a changed segment: its prior tape, its first and last changed block
    # (report indices), its flowables, how many of them at its start were
    # composed from blocks before the first changed one (head) and at its end
    # from blocks after the last (tail); the page pagination resumed at and
    # the page it converged on (verify mode: would have)
    prior: Tape | None = None
    changed: tuple[int, int] = (0, -1)
    count: int = 0
    head: int = 0
    tail: int = 0
    restart_page: int = 0
    converged: int = 0
    # its units as composed (paginate.units; a watch session's), and how many
    # of its first flowables stand for units not composed again
    units: Any = None
    skip: int = 0


class Plan:
    """A compose pass's segments: which are replayed, which are taped."""

    def __init__(self, held: dict[int, Tape], layout: Any, ctx: Any, replay: bool,
                 memo: Any = None) -> None:
        self.held = held            # id(first block) → the last build's tape
        self.layout, self.ctx, self.memo = layout, ctx, memo
        self.verify = os.environ.get(VERIFY_ENV) == "1"
        self.replay = replay and not self.verify
        self.segments: list[Segment] = []
        self.blocks: list[Any] = []
        self.inputs: tuple = ()
        # (what, key) → its value in this pass (compose.report.reading): a
        # tape is taken only when all it read is as it was
        self.now: Any = lambda what, key: _UNREAD

    def current(self, seg: Segment | None) -> None:
        """Attribute what is claimed and used from now on to ``seg`` (None: to none)."""
        self.trace_to(None if seg is None else seg.trace)

    def trace_to(self, trace: Trace | None) -> None:
        """Attribute what is claimed and used from now on to ``trace``."""
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
        at = {t.index: t for t in self.held.values()}
        for n, (a, z) in enumerate(zip(starts, starts[1:] + [len(blocks)])):
            seg = Segment(n, a, z)
            tape = self.held.get(id(blocks[a])) if a < len(blocks) else None
            after_own = bool(a and own(blocks[a - 1]))
            if tape is not None and tape.same_source(blocks[a:z], a, self.layout, self.inputs) \
                    and all(self.now(*k) == v for k, v in tape.trace.reads.items()) \
                    and not after_own:
                seg.held = tape
                seg.replayed = self.replay
            elif not after_own and a < len(blocks):
                self._prior(seg, at.get(a), blocks[a:z], own)
            self.segments.append(seg)

    def _prior(self, seg: Segment, tape: Tape | None, blocks: list[Any], own: Any) -> None:
        """The last tape of a segment some of whose blocks changed, when the
        rest of what composing it reads is as then: the same number of blocks
        of the same types at the same place (what composing a block reads of
        its neighbours), no changed page_break block (which changes its
        neighbours' breaks), the same layout, report inputs, page numbers and
        contents entries read, and images, and no warning said while laying
        it out (said again it could be stale)."""
        if tape is None or not tape.pages or not tape.starts or tape.layout is not self.layout \
                or len(tape.blocks) != len(blocks) or tape.inputs != self.inputs \
                or len(tape.trace.said) != tape.trace.composed_said \
                or any(self.now(*k) != v for k, v in tape.trace.reads.items()):
            return
        changed = [n for n, (was, now) in enumerate(zip(tape.blocks, blocks))
                   if not _same_block(was, now)]
        if any(own(blocks[n]) for n in changed) or not _images_unchanged(tape.trace.images):
            return
        seg.prior = tape
        a = seg.start
        seg.changed = (a + changed[0], a + changed[-1]) if changed else (seg.stop, a - 1)

    def composed(self) -> None:
        """Composing is done: what is claimed from now on (drawing) is no segment's."""
        self.current(None)
        for seg in self.segments:
            seg.trace.composing = False
            seg.trace.composed_said = len(seg.trace.said)

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
            if self.verify and seg.prior is not None:
                _check_resumable(seg, tape)
            if not seg.replayed:
                tape.units = seg.units
                if seg.units is not None and self.verify:   # (checked now; otherwise
                    seg.units.settle()      # after the PDF is written: units.settle_tapes)
            out[id(tape.blocks[0])] = tape
        return out


def _same_block(was: Any, now: Any) -> bool:
    """The same block, or one of the same type, text, attributes and place
    (a part file read again: its unchanged blocks are new objects)."""
    return was is now or (was.type == now.type and was.part == now.part and was.mark == now.mark
                          and was.value == now.value and was.attrs == now.attrs)


def _pages_view(pages: list[tuple]) -> list[tuple]:
    """Pages as verify mode compares them (slots: their pattern of equal ones)."""
    seen: list[Any] = []
    out = []
    for k, r, slots, tpl, n in pages:
        pattern = []
        for v in slots:
            i = next((i for i, w in enumerate(seen) if w is v or w == v), None)
            if i is None:
                seen.append(v)
                i = len(seen) - 1
            pattern.append(i)
        out.append((k, r, tuple(pattern), tpl, n))
    return out


def _check_resumable(seg: Segment, tape: Tape) -> None:
    """Verify mode: the pages a changed segment would have taken from its
    prior tape (before the restart, from the convergence) are as laid out."""
    prior = seg.prior
    assert prior is not None

    def mismatch(what: str) -> ReplayMismatch:
        return ReplayMismatch(f"segment {seg.number} (from block {seg.start}) laid out unlike "
                              f"its prior tape {what}")

    restart = seg.restart_page
    if restart and restart not in tape.starts and \
            any(m.decided for p, m in tape.starts.items() if p < restart):
        restart = 0         # (its chapter's end decided before: it would have been redone)
    if restart:
        n = seg.restart_page - prior.first_page()
        if prior.start != tape.start or \
                _pages_view(prior.pages[:n]) != _pages_view(tape.pages[:n]):
            raise mismatch(f"before page {seg.restart_page}")
        was, now = prior.delta, tape.delta
        m = prior.starts[seg.restart_page]
        if was["anchors"][:m.anchors] != now["anchors"][:m.anchors] or \
                [b for b in was["blocks"] if b[0] < seg.restart_page] != \
                [b for b in now["blocks"] if b[0] < seg.restart_page]:
            raise mismatch(f"in what pages before {seg.restart_page} placed")
    if seg.converged:
        c = seg.converged
        was, now = prior.delta, tape.delta
        m, k = prior.starts[c], tape.starts[c]
        if _pages_view(prior.pages[c - prior.first_page():]) != \
                _pages_view(tape.pages[c - tape.first_page():]) or prior.end != tape.end:
            raise mismatch(f"from page {c}")
        if was["anchors"][m.anchors:] != now["anchors"][k.anchors:] or \
                was["before"][m.before:] != now["before"][k.before:] or \
                [b for b in was["blocks"] if b[0] >= c] != [b for b in now["blocks"] if b[0] >= c] \
                or dict(was["ends"]) != dict(now["ends"]) or \
                dict(was["decided"]) != dict(now["decided"]) or \
                dict(was["expected"]) != dict(now["expected"]) or \
                {k: v[1] for k, v in was["parts"]} != {k: v[1] for k, v in now["parts"]}:
            raise mismatch(f"in what pages from {c} placed")


_PARTS = ("claims", "GRI tags composed", "GRI tags of anchors", "warnings", "start states",
          "pages", "layout changes", "end states")   # (Tape.comparable's, in order)


class ReplayedPages(ActionFlowable):
    """A segment's pages from its tape (ReportDoc.handle_replayedPages)."""

    def __init__(self, tape: Tape) -> None:
        super().__init__(("replayedPages", tape))
        self._csr_replay = True     # (ReportDoc.filterFlowables: its start state)
