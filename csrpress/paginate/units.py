"""Blocks of an edited chapter that are not composed again.

A watch edit changes a block or two of one chapter (a segment,
paginate.segments); layout then resumes at the last page before the change
(the restart) and takes the chapter's pages before it from the last build's
tape. The flowables of the blocks before that page are never laid out, yet
composing them was most of an edit's compose time. What the rest of the
build reads of them is small and is kept per *unit* (a block, or a group
of blocks composed together) from the build that composed them:

- what their flowables are after the report's passes (side column, breaks
  merged, trailers bound, anchors), as a *shape*: how many, which are page
  breaks (kept, copied: layout takes them before the segment begins) and
  which are kept with the next one (the restart's reckoning reads it);
- what composing, placing on the grid and measuring them did outside their
  flowables (a Trace each: characters claimed for the font subsets, line
  breaks used, page numbers and contents entries read, images, charts'
  drawings, GRI tags) — done again for the build exactly as then;
- where each stands among the segment's flowables, and how far each
  flowable's reading reaches (the last block it reads): the restart page a
  change at block F gives is worked out from these before composing.

Units are skipped (Placeholders stand for their flowables) only up to a
unit boundary that (1) lies at or before the first flowable of the page
the restart will resume at, (2) is not next to a page_break block (which
rewrites its neighbours' breaks) nor to a unit bound to the one before
(a trailer), and (3) has before it only units whose every read is as it
reads now (what they warned of is said again, as a replayed chapter's). The
first unit after the boundary begins before the first changed block, so
nothing skipped read a changed block. A Placeholder that layout reaches
anyway (a restart elsewhere than foreseen) raises SegmentMiss: the pass is
done again with every unit composed (paginate.converge).

Only a build session with a next build in memory (watch) keeps units; in
verify mode (CSRPRESS_VERIFY_REPLAY=1) nothing is skipped, and the units
that would have been must be as composed now (ReplayMismatch otherwise).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import Flowable, PageBreak

from .replay import ReplayMismatch
from .segments import SegmentMiss, Trace

PHASES = ("compose", "grid", "fit")


class Placeholder(Flowable):
    """A flowable of a unit not composed again: never laid out (it precedes
    the restart); were it reached, the pass is done again all composed."""

    def __init__(self, keep: bool) -> None:
        super().__init__()
        self.keepWithNext = keep

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        raise SegmentMiss("a flowable not composed again was to be laid out")

    def split(self, aw: float, ah: float) -> list[Flowable]:
        raise SegmentMiss("a flowable not composed again was to be laid out")

    def draw(self) -> None:
        raise SegmentMiss("a flowable not composed again was to be drawn")


@dataclass
class Unit:
    """What the build that composed a unit kept of it."""

    span: tuple[int, int]           # its first and last block (report indices)
    lead: int                       # how many breaks it starts with
    shape: tuple[Any, ...]          # per flowable: a break (copied) or keep-with-next
    traces: dict[str, Trace] = field(default_factory=dict)   # phase → what it did
    gri: list[tuple[str, str]] = field(default_factory=list)     # tags composing made
    anchors: list[tuple[str, str]] = field(default_factory=list)  # tags of its anchors
    own: bool = False               # a page_break block (rewrites its neighbours' breaks)

    def flowables(self) -> list[Flowable]:
        """Its flowables for this build: breaks as they were (copies: layout
        takes them), placeholders (the record's own: never laid out)."""
        held = self.__dict__.get("_held")
        if held is None:
            held = self._held = [s if isinstance(s, Flowable) else Placeholder(s)
                                 for s in self.shape]
        return [copy.copy(f) if f.__class__ is not Placeholder else f for f in held]


@dataclass
class Units:
    """A segment's units as last composed: each one's record, where each
    begins among the segment's flowables (from its first content flowable,
    as PageStart.at counts), and per flowable the last block it reads."""

    units: list[Unit]
    pos: list[int]
    reach: list[int]
    _sums: dict[int, Trace] = field(default_factory=dict)

    def done(self, k: int) -> Trace:
        """What the first k units' phases did but warn, together (claims,
        line breaks, reads, images, charts' drawings: sets and maps, so one
        sum stands for them all)."""
        held = self._sums.get(k)
        if held is None:
            held = self._sums[k] = Trace()
            for unit in self.units[:k]:
                for t in unit.traces.values():
                    merge(held, t, said=False)
        return held


def shape(fl: list[Flowable]) -> tuple[Any, ...]:
    """A unit's flowables as kept: breaks copied, the rest by keep-with-next."""
    out: list[Any] = []
    for f in fl:
        if isinstance(f, (PageBreak, ActionFlowable)) and not f.__dict__.get("_csr_replay"):
            out.append(copy.copy(f))
        else:
            keep = getattr(f, "getKeepWithNext", None)
            out.append(bool(keep()) if keep is not None else False)
    return tuple(out)


def merge(into: Trace, t: Trace, said: bool = True) -> None:
    """What a unit's phase did, added to its segment's trace (in unit order,
    as if traced there directly)."""
    for face, chars in t.claims.items():
        held = into.claims.get(face)
        if held is None:
            into.claims[face] = set(chars)
        else:
            held.update(chars)
    if t.breaks:                        # (most phases of most units leave most empty)
        into.breaks |= t.breaks
    if t.reads:
        into.reads.update(t.reads)
    if t.images:
        into.images.update(t.images)
    if said and t.said:
        into.said += t.said
    if t.sheets:
        into.sheets |= t.sheets


def replay(c: Any, into: Trace, t: Trace) -> None:
    """What skipped units did, done again for this build from their records
    (their segment's trace is the current one)."""
    if t.claims:
        c.ctx.claim_again(t.claims)     # (into the segment's trace too: it is current)
    c.ctx.used_breaks |= t.breaks
    into.breaks |= t.breaks
    into.reads.update(t.reads)
    into.images.update(t.images)
    if t.sheets and c.drawn is not None:
        c.drawn.keep_sheets(t.sheets)


def cut(seg: Any, now: Any) -> int:
    """How many of a changed segment's units need not be composed (0: all
    are), from its prior tape's units; ``now(what, key)``: a read's value now."""
    prior = seg.prior
    log = getattr(prior, "units", None) if prior is not None else None
    first, last = seg.changed
    if log is None or first > last or not prior.starts:
        return 0
    units = log.units
    head = next((x for x, hi in enumerate(log.reach) if hi >= first), len(log.reach))
    begin = prior.first_page()
    found = [m.at for p, m in prior.starts.items() if p > begin and m.at < head and not m.decided]
    if not found:
        return 0
    at = max(found)
    best = 0
    for u, unit in enumerate(units):
        if u and log.pos[u] <= at and unit.span[0] < first and unit.shape \
                and not unit.own and not units[u - 1].own:
            best = u
        if log.pos[u] > at or unit.span[1] >= first or \
                any(now(*k) != v for t in unit.traces.values() for k, v in t.reads.items()):
            break
    return best


def check(seg: Any, fresh: Units, skip: int) -> None:
    """Verify mode: the units the prior tape's would have stood for (the
    first ``skip``) are as composed now."""
    log = seg.prior.units
    for u in range(skip):
        was, now = log.units[u], fresh.units[u]
        what = None
        if (was.span, was.lead, was.own, was.gri, was.anchors) != \
                (now.span, now.lead, now.own, now.gri, now.anchors):
            what = "blocks, breaks or GRI tags"
        elif _shape_view(was.shape) != _shape_view(now.shape):
            what = "flowables"
        elif log.pos[u] != fresh.pos[u]:
            what = "place"
        else:
            what = next((f"{p}: {name}" for p in PHASES
                         for name, x, y in zip(_TRACE, _trace_view(was.traces.get(p)),
                                               _trace_view(now.traces.get(p))) if x != y), None)
        if what is not None:
            raise ReplayMismatch(f"segment {seg.number} (from block {seg.start}): unit {u} "
                                 f"(blocks {now.span[0]}–{now.span[1]}) composed unlike its "
                                 f"record: {what} differ")
    skipped = log.pos[skip] if skip < len(log.pos) else 0
    if log.reach[:skipped] != fresh.reach[:skipped]:
        raise ReplayMismatch(f"segment {seg.number} (from block {seg.start}): what its "
                             "first flowables read differs from its record")


def _shape_view(s: tuple) -> tuple:
    return tuple((type(x).__name__, getattr(x, "nextTemplate", None), getattr(x, "action", None))
                 if isinstance(x, Flowable) else x for x in s)


_TRACE = ("claims", "line breaks", "reads", "images", "warnings", "charts")


def _trace_view(t: Trace | None) -> tuple:
    if t is None:
        return ({}, frozenset(), {}, {}, [], frozenset())
    return ({f: frozenset(c) for f, c in t.claims.items() if c}, frozenset(t.breaks),
            t.reads, t.images, t.said, frozenset(t.sheets))


class Keeper:
    """One compose pass's units: which are skipped (their records stand in),
    what each composed one did, phase by phase (traced on its own, then
    added to its segment's trace), and the records kept for the next build.
    Off (every method a no-op) without a plan or outside a watch session."""

    def __init__(self, plan: Any, c: Any, keep: bool) -> None:
        self.plan, self.c = plan, c
        self.keep = plan is not None and keep
        self.skips: dict[int, int] = {}     # segment → units not composed
        self.would: dict[int, int] = {}     # (verify mode: would not have been)
        self.seg: list[int] = []            # per unit: its segment (-1: none)
        self.kept: list[Unit | None] = []   # per unit: its record, when skipped
        self.traces: list[dict[str, Trace]] = []
        self.gri: list[list[tuple[str, str]]] = []
        self._count: dict[int, int] = {}
        self._open: tuple[Any, Trace] | None = None

    def start(self) -> None:
        """Which changed segments' first units stand as their records say."""
        if not self.keep:
            return
        plan = self.plan
        for seg in plan.segments:
            if seg.replayed or seg.prior is None:
                continue
            n = cut(seg, plan.now)
            if n and plan.replay and all(s.replayed for s in plan.segments[:seg.number]):
                self.skips[seg.number] = n      # (a segment before it composed: its
            elif n and plan.verify:             # start may move, and with it the restart)
                self.would[seg.number] = n

    def next_unit(self, seg: Any) -> Unit | None:
        """A unit is next (in ``seg``, None: a replayed one or no plan): its
        record when it is not composed again."""
        number = -1 if seg is None or seg.replayed else seg.number
        self.seg.append(number)
        self.traces.append({})
        self.gri.append([])
        rec = None
        if number >= 0:
            k = self._count.get(number, 0)
            self._count[number] = k + 1
            skip = self.skips.get(number, 0)
            if k < skip:
                rec = seg.prior.units.units[k]
                if not k:
                    replay(self.c, seg.trace, seg.prior.units.done(skip))
        self.kept.append(rec)
        return rec

    def done(self, n: int) -> bool:
        """Unit n stands as its record says (nothing of it is done again)."""
        return self.kept[n] is not None

    def retrace(self, n: int, phase: str) -> None:
        """What a skipped unit's phase (composing, placing on the grid,
        measuring) did, done again (its segment's trace is the current one)."""
        rec = self.kept[n]
        assert rec is not None
        if phase == "compose":
            self.c.gri_tags += rec.gri
            self.plan.segments[self.seg[n]].trace.gri_compose += rec.gri
        t = rec.traces.get(phase)
        for d in t.said if t is not None else ():   # (said again, as a replayed
            self.c.errors._once(d)                     # segment's are)

    def trace(self, n: int, phase: str) -> bool:
        """Unit n's phase begins: traced on its own when units are kept
        (False: not traced so)."""
        self.close()
        if not self.keep or self.seg[n] < 0 or self.kept[n] is not None:
            return False
        t = self.traces[n][phase] = Trace()
        self.plan.trace_to(t)
        self._open = (self.plan.segments[self.seg[n]], t)
        return True

    def close(self) -> None:
        """The phase traced on its own ends: added to its segment's trace."""
        if self._open is not None:
            seg, t = self._open
            self._open = None
            merge(seg.trace, t)
            self.plan.current(seg)

    def records(self, units: list[tuple[Any, list[Any]]], spans: list[tuple[int, int]],
                leads: list[int], own: Any, anchors: list[list[tuple[str, str]]]
                ) -> list[Unit | None]:
        """Each unit's record, once its flowables are final (a kept unit's
        is its record)."""
        if not self.keep:
            return []
        out: list[Unit | None] = []
        for n, (b, fl) in enumerate(units):
            if self.seg[n] < 0:
                out.append(None)
            elif self.kept[n] is not None:
                out.append(self.kept[n])
            else:
                out.append(Unit(spans[n], leads[n], shape(fl), self.traces[n], self.gri[n],
                                anchors[n], own(b)))
        return out

    def finish(self, seg: Any, records: list[Unit], pos: list[int], reach: list[int]) -> None:
        """A segment's units as composed now (kept for the next build), how
        many of its flowables stand for skipped units."""
        if not self.keep or any(r is None for r in records):
            return
        seg.units = Units(records, pos, reach)
        k = self.skips.get(seg.number, 0) or self.would.get(seg.number, 0)
        seg.skip = pos[k] if k else 0

    def verify(self) -> None:
        """Composing is done; verify mode: the units that would have been
        skipped are as composed now."""
        self.close()
        for number, k in self.would.items():
            seg = self.plan.segments[number]
            if seg.units is not None:
                check(seg, seg.units, k)
