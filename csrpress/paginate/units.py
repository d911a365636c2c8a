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

The chapter's end is skipped the same way (cut_end): from a unit boundary
at or after the second page the chapter could converge on (the first
flowable of a page composed from blocks after the last changed one), at
least LOOK units after the last changed unit, that no flowable before it
reads, every read of the units from it as it reads now. Layout takes those
pages from the tape once it converges; one thing reads them before that:
copyfit measures the rest of the chapter at the first page it lays out
(paginate.fit), so a unit's record keeps what copyfit measured of each
flowable when it was composed (its height, and what a decision's memo key
reads), and its placeholder answers with that. A placeholder at the end
that is laid out anyway (the chapter converges later, a copyfit trial)
raises TailMiss: the pass is done again with the end composed, the start
still skipped. So that an edit that moves the chapter's later pages (lines
added, a heading pushed down) does not cost that pass, the end stands as
recorded only while every unit holding a changed block measures, composed
now, as copyfit measured its record (Keeper.composed: each flowable a text
paragraph of the same height, or a zero-size mark); a unit that measures
otherwise, or any other kind of flowable, has the end composed up front,
as if none were skipped. Equal heights leave the pages after the unit as
they were, so the chapter converges where it did; a wrong guess only costs
the pass.

Only a build session with a next build in memory (watch) keeps units; in
verify mode (CSRPRESS_VERIFY_REPLAY=1) nothing is skipped, and the units
that would have been must be as composed now, and those at the end
measured as their records say (ReplayMismatch otherwise).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import Flowable, PageBreak

from .replay import ReplayMismatch
from .segments import SegmentMiss, Trace

PHASES = ("compose", "grid", "fit")


class TailMiss(SegmentMiss):
    """A changed segment did not converge before the units it did not compose
    at its end: the pass is done again with them composed (converge)."""


class Placeholder(Flowable):
    """A flowable of a unit not composed again: never laid out (before the
    restart, or after the convergence); were it reached, the pass is done
    again with it composed (a unit before the restart: all composed)."""

    def __init__(self, keep: bool, tail: bool, fit: tuple | None = None) -> None:
        super().__init__()
        self.keepWithNext = keep
        self._miss = TailMiss if tail else SegmentMiss
        if fit is not None:     # (a chapter's end measured from a page before it: as
            # the flowable measured when composed, paginate.fit.height and _key)
            self.fit_height, self.fit_kind, self._runs, self._first, self._count = fit

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        raise self._miss("a flowable not composed again was to be laid out")

    def split(self, aw: float, ah: float) -> list[Flowable]:
        raise self._miss("a flowable not composed again was to be laid out")

    def draw(self) -> None:
        raise self._miss("a flowable not composed again was to be drawn")


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
    # its flowables until laid out (then: fits), and per flowable what copyfit
    # measured of it (height, kind, text, piece; None: not measured, see settle)
    real: Any = field(default=None, repr=False, compare=False)
    fits: tuple | None = field(default=None, repr=False, compare=False)

    def flowables(self, tail: bool) -> list[Flowable]:
        """Its flowables for this build (before the restart, or at the end):
        breaks as they were (copies: layout takes them), placeholders (the
        record's own: never laid out; at the end, measured as then)."""
        name = "_tail" if tail else "_head"
        held = self.__dict__.get(name)
        if held is None:
            fits = self.measured() if tail else None
            fits = fits if fits is not None else (None,) * len(self.shape)
            held = [s if isinstance(s, Flowable) else Placeholder(s, tail, fit)
                    for s, fit in zip(self.shape, fits)]
            setattr(self, name, held)
        return [copy.copy(f) if f.__class__ is not Placeholder else f for f in held]

    def measured(self) -> tuple | None:
        """Per flowable, what copyfit measured of it (settled first)."""
        self.settle()
        return self.fits

    def settle(self) -> None:
        """Its pass is laid out: what copyfit measured of its flowables (a
        chapter's rest, from the first page laid out: paginate.fit._left) is
        kept, the flowables let go (they hold the pass's text context).
        Done after the PDF is written (settle_tapes), or when first read."""
        real, self.real = self.real, None
        if real is None:
            return
        fits: list[Any] = []
        for f in real:
            h = f.__dict__.get("_csr_height")
            fits.append(None if h is None else
                        (h, type(f).__name__, getattr(f, "_runs", None),
                         getattr(f, "_first", None), getattr(f, "_count", None)))
        self.fits = tuple(fits)


@dataclass
class Units:
    """A segment's units as last composed: each one's record, where each
    begins among the segment's flowables (from its first content flowable,
    as PageStart.at counts), and per flowable the last block it reads."""

    units: list[Unit]
    pos: list[int]
    reach: list[int]
    low: list[int]      # per flowable: the first block it reads
    _sums: dict[tuple[int, int], Trace] = field(default_factory=dict)
    # (verify mode: per unit that would not have been composed at the end,
    # what its record says copyfit measured: see settle)
    expect: list[tuple[int, Unit, tuple]] = field(default_factory=list)
    number: int = 0     # (their segment's, for messages)
    _hi: list[int] | None = field(default=None, repr=False)

    def reached(self) -> list[int]:
        """Per flowable, the last block it or any flowable before it reads."""
        if self._hi is None:
            self._hi = list(accumulate(self.reach, max))
        return self._hi

    def settle(self) -> None:
        """The pass that composed them is laid out (Unit.settle); verify
        mode: what copyfit measured of the units that would have stood as
        recorded at the end is what their records say (as it was for their
        placeholders)."""
        for unit in self.units:
            unit.settle()
        for v, unit, fits in self.expect:
            now = unit.measured() or ()
            if len(now) != len(fits) or any(f is not None and f != g for f, g in zip(fits, now)):
                raise ReplayMismatch(f"segment {self.number}: unit {v} (blocks "
                                     f"{unit.span[0]}–{unit.span[1]}) measured unlike its "
                                     "record")
        self.expect = []

    def done(self, a: int, b: int) -> Trace:
        """What units a to b (not b) did but warn, together (claims, line
        breaks, reads, images, charts' drawings: sets and maps, so one sum
        stands for them all)."""
        held = self._sums.get((a, b))
        if held is None:
            held = self._sums[(a, b)] = Trace()
            for unit in self.units[a:b]:
                for t in unit.traces.values():
                    merge(held, t, said=False)
        return held


def settle_tapes(tapes: dict[int, Any]) -> None:
    """The units of a build's tapes settled (Unit.settle): run after the PDF
    is written (build's deferred keeping), off an edit's path."""
    for tape in tapes.values():
        if tape.units is not None:
            tape.units.settle()


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
    """How many of a changed segment's first units need not be composed (0:
    all are), from its prior tape's units; ``now(what, key)``: a read's
    value now."""
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
        if u and log.pos[u] <= at and unit.span[0] < first and _boundary(units, u):
            best = u
        if log.pos[u] > at or unit.span[1] >= first or not _reads_now(unit, now):
            break
    return best


def cut_end(seg: Any, now: Any) -> int:
    """The first of a changed segment's last units that need not be composed
    (their number: all are): those from the second page the segment could
    converge on (one whose first flowable is composed from blocks after the
    last changed one, paginate.segments), at least LOOK units after the last
    changed unit (nothing composing a unit does reads further ahead), none
    of the flowables before them reading them."""
    prior = seg.prior
    log = getattr(prior, "units", None) if prior is not None else None
    first, last = seg.changed
    units = log.units if log is not None else []
    n = len(units)
    if log is None or first > last or not prior.starts:
        return n
    count = len(log.low)
    tail = 0
    while tail < count and log.low[-1 - tail] > last:
        tail += 1
    ats = sorted(m.at for m in prior.starts.values() if count - m.at <= tail)
    if not ats:
        return n
    at = ats[1] if len(ats) > 1 else ats[0]
    changed = max(u for u, unit in enumerate(units) if unit.span[0] <= last)
    hi = log.reached()
    for t in range(changed + LOOK + 1, n):
        unit = units[t]
        x = log.pos[t]
        if x >= at and (hi[x - 1] if x else -1) < unit.span[0] and _boundary(units, t):
            if all(_reads_now(u, now) for u in units[t:]):
                return t
            return n
    return n


LOOK = 8        # (compose.report: a heading is kept with up to 8 units after it)


def _measures_as(was: Unit, fl: list[Flowable], c: Any) -> bool:
    """Do a unit's flowables as composed now (before the report's later
    passes) measure as copyfit measured its record's, one by one? Only text
    paragraphs are measured now (on a copy, told to nobody: the layout's own
    measure, its warnings and trace, stays as it would be); any other
    flowable, or one its record did not measure, answers no."""
    from ..text.paragraph import Paragraph

    fits = was.measured()
    if fits is None:
        return False
    old = [fit for s, fit in zip(was.shape, fits) if not isinstance(s, Flowable)]
    now = [f for f in fl if not isinstance(f, (PageBreak, ActionFlowable))]
    if len(old) != len(now) or any(fit is None for fit in old):
        return False
    width = c.frame[0]      # (copyfit's: paginate.document)
    for fit, f in zip(old, now):
        if fit[1] != type(f).__name__:
            return False
        if f.__class__ is Paragraph:
            h = _probe(f, width)
        elif getattr(f, "anchor_key", None) is not None and not f.wrap(width, 1e6)[1]:
            h = 0.0
        else:
            return False
        if abs(h - fit[0]) > 1e-6:
            return False
    return True


def _probe(p: Any, width: float) -> float:
    """A paragraph's height at ``width`` as copyfit measures it, measured on
    a copy with a context of its own (no trace, no warnings, lines it breaks
    anew still counted as new for the line-break cache)."""
    from .fit import height

    ctx = p.ctx
    quiet = copy.copy(ctx)
    quiet.trace, quiet.errors, quiet.used_breaks = None, None, set()
    quiet.new_breaks, quiet.break_time = 0, 0.0
    probe = copy.copy(p)
    probe.ctx = quiet
    h = height(probe, width)
    ctx.new_breaks += quiet.new_breaks
    ctx.break_time += quiet.break_time
    return h


def _boundary(units: list[Unit], u: int) -> bool:
    """Can units u-1 and u be one skipped, one composed? Neither is a
    page_break block (which rewrites its neighbours' breaks), u is not
    bound to u-1 (a trailer: it would leave no flowables of its own)."""
    return bool(units[u].shape) and not units[u].own and not units[u - 1].own


def _reads_now(unit: Unit, now: Any) -> bool:
    """Every page number and contents entry the unit read reads the same now."""
    return all(now(*k) == v for t in unit.traces.values() for k, v in t.reads.items())


def check(seg: Any, fresh: Units, skip: int, end: int) -> None:
    """Verify mode: the units the prior tape's would have stood for (the
    first ``skip``, those from ``end``) are as composed now (those at the
    end: at the same distance from the segment's end)."""
    log = seg.prior.units
    at = {unit.span[0]: v for v, unit in enumerate(fresh.units)}
    for u in [*range(skip), *range(end, len(log.units))]:
        v = at.get(log.units[u].span[0], -1)
        was, now = log.units[u], fresh.units[v]
        what = None if v >= 0 else "blocks"
        if what is not None:
            pass
        elif (was.span, was.lead, was.own, was.gri, was.anchors) != \
                (now.span, now.lead, now.own, now.gri, now.anchors):
            what = "blocks, breaks or GRI tags"
        elif _shape_view(was.shape) != _shape_view(now.shape):
            what = "flowables"
        elif (log.pos[u] if u < skip else log.pos[u] - len(log.reach)) != \
                (fresh.pos[v] if u < skip else fresh.pos[v] - len(fresh.reach)):
            what = "place"
        else:
            what = next((f"{p}: {name}" for p in PHASES
                         for name, x, y in zip(_TRACE, _trace_view(was.traces.get(p)),
                                               _trace_view(now.traces.get(p))) if x != y), None)
        if what is not None:
            raise ReplayMismatch(f"segment {seg.number} (from block {seg.start}): unit {u} "
                                 f"(blocks {was.span[0]}–{was.span[1]}) composed unlike its "
                                 f"record: {what} differ")
    skipped = log.pos[skip] if skip < len(log.pos) else 0
    last = len(log.reach) - log.pos[end] if end < len(log.pos) else 0
    if log.reach[:skipped] != fresh.reach[:skipped] or \
            log.low[len(log.low) - last:] != fresh.low[len(fresh.low) - last:]:
        raise ReplayMismatch(f"segment {seg.number} (from block {seg.start}): what its "
                             "first or last flowables read differs from its record")


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
        self.skips: dict[int, int] = {}     # segment → its first units not composed
        self.ends: dict[int, int] = {}      # segment → its first last unit not composed
        self.would: dict[int, tuple[int, int]] = {}   # (verify mode: would not have been)
        self.seg: list[int] = []            # per unit: its segment (-1: none)
        self.kept: list[Unit | None] = []   # per unit: its record, when skipped
        self.tail: list[bool] = []          # … after the convergence
        self.traces: list[dict[str, Trace]] = []
        self.gri: list[list[tuple[str, str]]] = []
        self._count: dict[Any, int] = {}     # segment → units so far; ("end", segment) → …
        self._open: tuple[Any, Trace] | None = None

    def start(self) -> None:
        """Which changed segments' first units stand as their records say."""
        if not self.keep:
            return
        plan = self.plan
        for seg in plan.segments:
            if seg.replayed or seg.prior is None:
                continue
            n, t = cut(seg, plan.now), cut_end(seg, plan.now)
            if plan.replay and all(s.replayed for s in plan.segments[:seg.number]):
                self.skips[seg.number] = n      # (a segment before it composed: its
                if plan.ctx.skip_tails:         # start may move, and with it the restart)
                    self.ends[seg.number] = t
            elif plan.verify:
                self.would[seg.number] = (n, t)

    def next_unit(self, seg: Any, i: int) -> Unit | None:
        """A unit is next (in ``seg``, None: a replayed one or no plan; from
        block i): its record when it is not composed again."""
        number = -1 if seg is None or seg.replayed else seg.number
        self.seg.append(number)
        self.traces.append({})
        self.gri.append([])
        rec = None
        tail = False
        if number >= 0:
            k = self._count.get(number, 0)
            self._count[number] = k + 1
            skip = self.skips.get(number, 0)
            log = seg.prior.units if skip or number in self.ends else None
            if k < skip:
                rec = log.units[k]
                if not k:
                    replay(self.c, seg.trace, log.done(0, skip))
            elif number in self.ends:
                rec, tail = self._end(seg, log, k, i), True
        self.kept.append(rec)
        self.tail.append(tail)
        return rec

    def _end(self, seg: Any, log: Units, k: int, i: int) -> Unit | None:
        """The record of unit k (from block i) of a segment whose last units
        are not composed again, when it is one of them."""
        number = seg.number
        t = self.ends[number]
        if t >= len(log.units) or i < log.units[t].span[0]:
            return None
        began = self._count.get(("end", number))
        if began is None:
            if i != log.units[t].span[0]:       # (units composed now ran into them:
                del self.ends[number]           # none skipped)
                return None
            began = self._count[("end", number)] = k
            replay(self.c, seg.trace, log.done(t, len(log.units)))
        return log.units[t + k - began]

    def composed(self, seg: Any, span: tuple[int, int], fl: list[Flowable]) -> None:
        """A unit of ``seg`` was composed (blocks ``span``, flowables ``fl``):
        when it holds a changed block and the segment's end is to stand as
        recorded, that end is composed after all unless the unit measures as
        its record did (predicted: the chapter then converges where it did;
        a unit that now measures otherwise moves the pages after it, and its
        end laid out would cost the pass again, TailMiss)."""
        if seg is None or seg.number not in self.ends or span[1] < seg.changed[0] \
                or span[0] > seg.changed[1]:
            return
        log = seg.prior.units
        was = next((u for u in log.units if u.span == span), None)
        if was is None or not _measures_as(was, fl, self.c):
            del self.ends[seg.number]

    def flowables(self, n: int) -> list[Any]:
        """Unit n's flowables as its record says."""
        rec = self.kept[n]
        assert rec is not None
        return rec.flowables(self.tail[n])

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
                                anchors[n], own(b), fl))
        return out

    def finish(self, seg: Any, records: list[Unit], pos: list[int], reach: list[int],
               low: list[int]) -> None:
        """A segment's units as composed now (kept for the next build), how
        many of its flowables stand for skipped units."""
        if not self.keep or any(r is None for r in records):
            return
        seg.units = Units(records, pos, reach, low)
        k = self.skips.get(seg.number, 0) or self.would.get(seg.number, (0, 0))[0]
        seg.skip = pos[k] if k else 0

    def verify(self) -> None:
        """Composing is done; verify mode: the units that would have been
        skipped are as composed now."""
        self.close()
        for number, (k, t) in self.would.items():
            seg = self.plan.segments[number]
            if seg.units is not None:
                check(seg, seg.units, k, t)
                seg.units.number = number
                at = {unit.span[0]: v for v, unit in enumerate(seg.units.units)}
                seg.units.expect = [(at[u.span[0]], seg.units.units[at[u.span[0]]], u.measured())
                                    for u in seg.prior.units.units[t:]
                                    if u.measured() is not None]
