"""The whole report: blocks in order → flowables, grouping what belongs together.

Each block type is a component of the registry (compose/blocks/): its page
policy says what is grouped (consecutive stat, story, figure and award
blocks), what starts a page (chapters on a right-hand page, headings as the
layout says), what is kept with its neighbours (headings with what follows,
figures and stats with the paragraph before) and what opens a chapter or a
section (anchors, the contents, running heads). This module names no block
type: a new component declares its policy and is placed like the others.
"""
from __future__ import annotations

from typing import Any

from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import Flowable, KeepTogether, PageBreak, Spacer

from ..paginate.document import PadPages, RectoBreak
from ..paginate.segments import ReplayedPages
from ..paginate.units import Keeper
from ..source.content import Block
from ..text.inline import plain
from ..text.paragraph import Paragraph
from . import pages, registry
from .base import Anchor, Grid, Indented, KeepWithNext, SideNote, Titled, Wide, WithTrailer
from .context import Composer


def _page(b: Block) -> registry.PagePolicy:
    return registry.get(b.type).page


def keys(blocks: list[Block]) -> dict[int, str]:
    """A stable anchor key for every block that opens a section (chapters and
    headings: their page policy says so): its id, or a made one."""
    out: dict[int, str] = {}
    for i, b in enumerate(blocks):
        if _page(b).section:
            out[i] = str(b.get("id") or f"{b.type}-{b.part}-{i}")
    return out


def toc_entries(blocks: list[Block], k: dict[int, str], depth: int
                ) -> list[tuple[int, str, str]]:
    """(level, title, key) of every section down to the TOC depth (chapter
    openers are level 0; a block with ``in_toc: false`` stays out)."""
    out = []
    for i, b in enumerate(blocks):
        comp = registry.get(b.type)
        if comp.page.section and b.get("in_toc", True) and comp.level(b) <= depth:
            out.append((comp.level(b), plain(str(b.value)), k[i]))
    return out


def compose(c: Composer) -> list[Flowable]:
    """All flowables of the report, in order."""
    blocks = c.report.blocks
    k = keys(blocks)
    frame_h = c.frame[1]
    entries = toc_entries(blocks, k, int(c.layout.toc["depth"]))
    c.sections = [(k[n], registry.get(b.type).level(b)) for n, b in enumerate(blocks) if n in k]
    c.keys, c.toc_entries = k, entries
    plan = c.segments           # (paginate.segments: chapters replayed or taped)
    seg_of: list[int] = []
    if plan is not None:
        plan.inputs = _inputs(c, k)
        plan.now = lambda what, key: reading(c, what, key)
        plan.split(blocks, lambda b: _page(b).opener,
                   lambda b: _page(b).break_before == registry.OWN)
        seg_of = plan.of_block()
    kept = Keeper(plan, c, _keeps_units())      # (units not composed again: paginate.units)
    kept.start()
    # 1. each block (or group of blocks) becomes a list of flowables
    units: list[tuple[Block, list[Flowable]]] = []
    unit_seg: list[int] = []        # per unit: its segment (with a plan)
    unit_span: list[tuple[int, int]] = []   # per unit: its first and last block
    leads: list[int] = []           # per unit: how many breaks it starts with
    heads_of: list[Block] = []      # the blocks running heads are worked out from
    in_chapter = False
    after_toc = False
    marked: list[list[tuple[int, Block]]] = []      # per unit: its blocks with an id or gri
    c.ctx.errors = c.errors        # the paragraph engine warns about relaxed breaks
    i = 0
    while i < len(blocks):
        b = blocks[i]
        comp = registry.get(b.type)
        c.ctx.mark = b.mark            # … at the line of the block its text came from
        c.placing = b.type             # (its measure: main column or whole grid)
        seg = plan.segments[seg_of[i]] if plan is not None else None
        if seg is not None:
            plan.current(seg)
        j = i
        if comp.page.grouped:
            while j + 1 < len(blocks) and blocks[j + 1].type == b.type:
                j += 1
        in_chapter |= comp.page.opener
        lead = [page_break("body")] if after_toc else []     # the contents end a page
        before = _break_before(c, comp, blocks, i, in_chapter, lead)
        rec = kept.next_unit(seg, i)
        if rec is not None:             # as its record says (paginate.units)
            kept.retrace(len(units), "compose")
            units.append((b, kept.flowables(len(units))))
            unit_seg.append(seg.number)
            unit_span.append(rec.span)
            leads.append(rec.lead)
            heads_of.append(b)
            marked.append([])
            after_toc = comp.page.break_after
            i = rec.span[1] + 1
            continue
        if seg is not None and seg.replayed:    # its breaks, then its pages as taped
            units.append((b, before + [ReplayedPages(seg.held)]))
            _replay_compose(c, seg.held.trace)
            unit_seg.append(seg.number)
            unit_span.append((seg.start, seg.stop - 1))
            leads.append(len(before))
            heads_of += blocks[seg.start:seg.stop]
            marked.append([])
            after_toc = registry.get(blocks[seg.stop - 1].type).page.break_after
            i = seg.stop
            continue
        place = registry.Place(i, k.get(i), in_chapter)
        tags = len(c.gri_tags)
        kept.trace(len(units), "compose")
        fl = comp.compose(c, blocks[i:j + 1], place)
        if comp.outline is not None:        # its destination and outline entry come first
            fl = [Anchor(*comp.outline(c, b, place))] + fl
        kept.close()
        if kept.ends:               # (a changed chapter's end to stand as recorded)
            kept.composed(seg, (i, j), before + fl)
        if seg is not None:
            seg.trace.gri_compose += c.gri_tags[tags:]
            kept.gri[-1] += c.gri_tags[tags:]
            unit_seg.append(seg.number)
        units.append((b, before + fl))
        unit_span.append((i, j))
        leads.append(len(before))
        heads_of.append(b)
        marked.append([(n, blocks[n]) for n in range(i, j + 1)
                       if n not in k and (blocks[n].get("id") or blocks[n].get("gri"))])
        after_toc = comp.page.break_after
        i = j + 1
    c.ctx.mark = None
    attribute = _attribution(c, unit_seg, kept)
    _place_on_grid(c, units, attribute, kept)
    kept.close()
    _merge_breaks(units, kept)
    _bind_trailers(units, kept)
    anchored = _anchor_blocks(c, units, marked, attribute, kept)
    records = kept.records(units, unit_span, leads,
                           lambda b: _page(b).break_before == registry.OWN, anchored)
    _by_chapter(units)
    if plan is not None:
        plan.current(None)         # (every running head is claimed, every pass)
        _bound_spans(units, unit_span)
    heads = running_heads(c, heads_of)
    at = 0
    for n, (b, fl) in enumerate(units):
        head = heads[at]
        at += (plan.segments[unit_seg[n]].stop - plan.segments[unit_seg[n]].start
               if _replayed(fl) else 1)
        for f in fl:
            f._csr_block = b
            f._csr_running = head
    # 2. a heading is kept with the start of what follows it
    out: list[Flowable] = []
    spans: list[tuple[int, int]] = []   # per flowable: the blocks composing it reads
    starts: list[tuple[int, int, int]] = []     # per segment: its number, where it starts
    unit_at: list[int] = []             # per unit: where its flowables begin in out
    for n, (b, fl) in enumerate(units):
        unit_at.append(len(out))
        if plan is not None and (n == 0 or unit_seg[n - 1] != unit_seg[n]):
            starts.append((unit_seg[n], len(out), len(out) + leads[n]))
        if registry.get(b.type).page.keep_with_next and not _replayed(fl):
            start = next((m for m, f in enumerate(fl) if not _is_break(f)), len(fl))
            following: list[Flowable] = []
            last = n
            for m, (nb, nfl) in enumerate(units[n + 1:n + 9], n + 1):  # (lead_height
                if any(_is_break(f) for f in nfl):                     # takes what it needs)
                    break
                following += nfl
                last = m
            out += fl[:start]
            out.append(KeepWithNext(fl[start:], following, frame_h))
            out += fl[start:]
            if plan is not None:
                spans += [unit_span[n]] * start + [(unit_span[n][0], unit_span[last][1])] + \
                    [unit_span[n]] * (len(fl) - start)
        else:
            out += fl
            if plan is not None:
                spans += [unit_span[n]] * len(fl)
    # the end: blank pages up to the edition's page multiple (PadPages before a
    # back cover pads there; a report that ends without one pads here). A break
    # at the very end starts no page (ReportLab drops a page begun by nothing):
    # it goes, or the pad after it would begin that page
    if plan is not None:
        _mark_segments(out, starts, plan)
    while out and _is_break(out[-1]):
        out.pop()
    out.append(PadPages(0))
    if plan is not None and plan.segments:
        out[-1]._csr_segment_end = plan.segments[-1].number
        _resume_points(plan, out, spans, kept, records, unit_at)
    _check_fits(c, units, attribute, kept)
    kept.verify()
    if plan is not None:
        plan.composed()
    return out


def _keeps_units() -> bool:
    """Units are kept for a next build in memory (a watch session's), not
    for a one-shot build's next process (paginate.units)."""
    from ..session import current

    return not current().save_pages


def _inputs(c: Composer, k: dict[int, str]) -> tuple:
    """What composing a segment reads of the rest of the report (besides the
    build context a page memo is kept for, and the page numbers and contents
    entries it reads, which its trace holds: see reading): every section's
    key and level, every block's GRI codes and id where they are, the GRI
    titles (paginate.segments)."""
    blocks = c.report.blocks
    tagged = tuple((n, tuple(b.gri_codes()), b.get("id")) for n, b in enumerate(blocks)
                   if b.get("gri") or b.get("id"))
    return (dict(k), tuple(c.sections), tagged, repr(c.report.gri),
            repr(c.report.gri_standards))


def reading(c: Composer, what: str, key: Any) -> Any:
    """What a segment's read (paginate.segments.Trace.reads) gives now: an
    anchor's page, the page before one, the contents' entries, a chapter's
    sections (the keys inside it). Nothing else is ever read this way."""
    if what == "page":
        return c.ctx.pages.get(key, 0)
    if what == "before":
        return c.ctx.before.get(key)
    if what == "contents":
        return tuple(c.toc_entries)
    assert what == "sections", what
    return tuple((t, k) for lvl, t, k in c.toc_entries if lvl == 1 and k in key)


def contents(c: Composer) -> list[tuple[int, str, str]]:
    """The contents' entries, read by the segment being composed."""
    if c.ctx.trace is not None:
        c.ctx.trace.reads[("contents", None)] = tuple(c.toc_entries)
    return c.toc_entries


def _replay_compose(c: Composer, trace: Any) -> None:
    """What composing and laying out a replayed segment did besides its
    flowables: the characters it claimed, the line breaks it used, the GRI
    tags its blocks made (its anchors' are added with the others'), what it
    warned of."""
    c.ctx.claim_again(trace.claims)
    c.ctx.used_breaks |= trace.breaks
    c.gri_tags += trace.gri_compose
    for d in trace.said:
        c.errors._once(d)
    if c.drawn is not None:        # (its charts' drawings: kept for later builds)
        c.drawn.keep_sheets(trace.sheets)


def _replayed(fl: list[Flowable]) -> bool:
    """Is this unit a replayed segment (its breaks, then its taped pages)?"""
    return bool(fl) and getattr(fl[-1], "_csr_replay", False)


def _attribution(c: Composer, unit_seg: list[int], kept: Keeper) -> Any:
    """attribute(n, phase): what is claimed and used from now on is unit n's
    segment's (nothing without a plan), in a phase (grid, fit) traced on its
    own for the next build (paginate.units)."""
    plan = c.segments

    def attribute(n: int, phase: str = "") -> None:
        if plan is not None and not (phase and kept.trace(n, phase)):
            kept.close()
            plan.current(plan.segments[unit_seg[n]])

    return attribute


def _bound_spans(units: list[tuple[Block, list[Flowable]]],
                 unit_span: list[tuple[int, int]]) -> None:
    """Each unit's span of blocks widened by what binding read: a unit left
    empty (a figure bound to the paragraph before as its trailer, an anchor
    moved there, a break merged away) is read by the one before; a page
    break block reads its neighbours' breaks (paginate.segments)."""
    for n in range(1, len(units)):
        if not units[n][1]:
            unit_span[n - 1] = (unit_span[n - 1][0], max(unit_span[n - 1][1], unit_span[n][1]))
    for n, (b, _fl) in enumerate(units):
        if registry.get(b.type).page.break_before == registry.OWN:
            lo = unit_span[n - 1][0] if n else unit_span[n][0]
            hi = unit_span[n + 1][1] if n + 1 < len(units) else unit_span[n][1]
            unit_span[n] = (min(lo, unit_span[n][0]), max(hi, unit_span[n][1]))


def _resume_points(plan: Any, out: list[Flowable], spans: list[tuple[int, int]],
                   kept: Keeper, records: list[Any], unit_at: list[int]) -> None:
    """Each segment's flowables in ``out`` (from the one its taping begins
    at to the one that ends it); for a changed segment, how many at its start
    were composed from blocks before its first changed block and at its end
    from blocks after its last (paginate.segments: restart, convergence). A
    flowable kept with the next one (ReportLab's keepWithNext) reads it too.
    With units kept (paginate.units): each segment's units, where each
    begins, how far each flowable reads."""
    by_seg: dict[int, list[int]] = {}
    for n, number in enumerate(kept.seg):
        by_seg.setdefault(number, []).append(n)
    begin: dict[int, int] = {}
    end: dict[int, int] = {}
    for x, f in enumerate(out):
        d = f.__dict__
        if "_csr_segment_begin" in d:
            begin[d["_csr_segment_begin"]] = x
        if "_csr_segment_end" in d:
            end[d["_csr_segment_end"]] = x
    for seg in plan.segments:
        a, z = begin.get(seg.number), end.get(seg.number)
        if a is None or z is None or z <= a or seg.replayed:
            seg.prior = None
            continue
        seg.count = z - a
        if seg.prior is None and not kept.keep:
            continue
        span = spans[a:z]
        for x in range(len(span) - 2, -1, -1):
            keep = getattr(out[a + x], "getKeepWithNext", None)
            if keep is not None and keep():
                span[x] = (span[x][0], max(span[x][1], span[x + 1][1]))
        if kept.keep:               # (a one-shot build's prior tape, read from disk: none)
            mine = by_seg.get(seg.number, [])
            kept.finish(seg, [records[n] for n in mine], [unit_at[n] - a for n in mine],
                        [hi for _lo, hi in span], [lo for lo, _hi in span])
        if seg.prior is None:
            continue
        first, last = seg.changed
        head = 0
        while head < seg.count and span[head][1] < first:
            head += 1
        tail = 0
        while tail < seg.count and span[-1 - tail][0] > last:
            tail += 1
        seg.head, seg.tail = head, tail


def _mark_segments(out: list[Flowable], starts: list[tuple[int, int, int]], plan: Any) -> None:
    """Mark where each segment starts in ``out`` (its first unit from
    ``start``, its content from ``first``, after the unit's breaks): the
    flowable that ends the segment before it (ReportDoc's filterFlowables
    tapes a segment between its content's first flowable and that mark)."""
    for number, start, first in starts:
        seg = plan.segments[number]
        if number and start < len(out):
            out[start]._csr_segment_end = number - 1
        if seg.replayed:
            continue
        if first < len(out):
            out[first]._csr_segment_begin = number
        else:
            seg.ok = False


def _by_chapter(units: list[tuple[Block, list[Flowable]]]) -> None:
    """Mark each flowable with its chapter (1, 2 …; 0 before the first), so
    pagination knows where chapters end (and copyfits their last pages,
    paginate.fit)."""
    opens = {n for n, comp_ in registry.components().items() if comp_.page.opener}
    chapter = 0
    for b, fl in units:
        chapter += b.type in opens
        for fw in fl:
            fw._csr_chapter = chapter


def running_heads(c: Composer, blocks: list[Block]) -> list[str]:
    """The running head of each block: the title of the section it belongs to.

    A section (page policy ``section``) starts at a chapter opener and at
    every heading down to the layout's running_head level (parts in a
    chapter; letters and the like outside one); a block whose policy is
    ``running_head`` (the table of contents) is a section of its own. The page
    shows the section of its first content (see paginate.document)."""
    depth = int(c.layout.components["running_head"].get("level", 1))
    labels = c.report.meta.get("labels") or {}
    out: list[str] = []
    head = ""
    for b in blocks:
        comp = registry.get(b.type)
        if comp.page.running_head or comp.page.section and comp.level(b) <= depth:
            head = comp.title(b, labels).replace("\n", "")
        out.append(head)
    from ..paginate.decor import fitted, head_line

    style = c.layout.style("running-head")
    width = c.layout.columns().width
    for head in set(out):       # a head's characters may be nowhere else in its face
        head_line(fitted(head, c.ctx, style, width), c.ctx, style, width, "left")
    return out


def _check_fits(c: Composer, units: list[tuple[Block, list[Flowable]]],
                attribute: Any = None, kept: Keeper | None = None) -> None:
    """A unit that never splits (a card, a table row, a chart) must fit a page;
    otherwise layout would push it from page to page for ever. (``attribute(n)``:
    what measuring unit n claims and uses is its segment's; a unit kept as
    composed before fitted then: paginate.units.)"""
    fw, fh = c.frame
    full = c.layout.page_size
    for n, (b, fl) in enumerate(units):
        if kept is not None and kept.done(n):
            attribute(n)
            kept.retrace(n, "fit")
            continue
        if attribute is not None:
            attribute(n, "fit")
        for f in fl:
            if isinstance(f, (Anchor, ActionFlowable, PageBreak, Spacer, KeepWithNext)):
                continue        # (a KeepWithNext takes no room: what it keeps is checked)
            width, height = (full if isinstance(f, pages.FullPage) else (fw, fh))
            too_tall = _tallest_piece(f, width)
            if too_tall > height + 0.5:
                # (a paragraph and a trailer: the trailer is what cannot break)
                b = getattr(f, "trailer_block", b)
                c.errors.error(b.mark, f"this {b.type} block is {too_tall / 72 * 25.4:.0f} mm tall "
                               f"where it cannot break, but a page holds "
                               f"{height / 72 * 25.4:.0f} mm",
                               "shorten it, split it into several blocks, or make its text "
                               "smaller in layout/")
                break


def _tallest_piece(f: Flowable, width: float) -> float:
    """Height of the tallest part of a flowable that cannot be split further."""
    if isinstance(f, Paragraph) and f.whole:
        return f.wrap(width, 1e9)[1]       # a heading: never split
    if isinstance(f, WithTrailer):
        # its paragraph splits, leaving two lines with the trailer (all of a
        # shorter one): measured whole, a long paragraph before a stat or a
        # photo was "too tall where it cannot break"
        f.para.wrap(width, 1e9)
        n = len(f.para.shown)
        _, th = f.trailer.wrap(width, 1e9)
        return (n if n < 4 else 2) * f.para.style.leading + f._gap + th
    if isinstance(f, (Paragraph, Indented)):
        return 0.0          # splits between any two lines
    if isinstance(f, SideNote):
        return f.stack_height()
    if isinstance(f, Wide):
        return _tallest_piece(f.inner, f.grid.width)
    from reportlab.platypus import Table

    from .tables import GriTable

    if isinstance(f, GriTable):
        f = f._build()
    if isinstance(f, Grid):
        f.wrap(width, 1e9)
        return max((h for _, h in f._rows), default=0.0)
    if isinstance(f, Table):
        f.wrap(width, 1e9)
        heights = list(f._rowHeights)
        head = sum(heights[:f.repeatRows])
        return max((head + h for h in heights[f.repeatRows:]), default=head)
    if isinstance(f, Titled):          # a graphic never leaves its title behind
        return f.tallest_piece(width)
    if isinstance(f, KeepTogether):    # splits into its parts when it must
        return max((_tallest_piece(f_, width) for f_ in f._content), default=0.0)
    _, h = f.wrap(width, 1e9)
    return h


def _merge_breaks(units: list[tuple[Block, list[Flowable]]], kept: Keeper | None = None) -> None:
    """A page_break block next to a break the layout makes anyway (a chapter
    opener, a heading that starts a page) must not add an empty page: 'next'
    is then already done, 'recto' makes the neighbouring break go to a recto.
    (A kept unit's breaks are merged as they were: paginate.units.)"""
    for n, (b, fl) in enumerate(units):
        if registry.get(b.type).page.break_before != registry.OWN or \
                (kept is not None and kept.done(n)):
            continue
        # (the flowables of a neighbour, read from the side that touches this break)
        sides = ([(units[n - 1][1], units[n - 1][1][::-1])] if n > 0 else []) + \
                ([(units[n + 1][1], units[n + 1][1])] if n + 1 < len(units) else [])
        for owner, seq in sides:
            edge = next(iter(seq), None)
            if isinstance(edge, (PageBreak, RectoBreak)):
                if b.value == "recto" and isinstance(edge, PageBreak):
                    owner[owner.index(edge)] = RectoBreak(getattr(edge, "nextTemplate", "body"))
                fl.clear()
                break


def _place_on_grid(c: Composer, units: list[tuple[Block, list[Flowable]]],
                   attribute: Any = None, kept: Keeper | None = None) -> None:
    """Put blocks on the column grid (layout page.grid): side_blocks into the
    side column beside the text after them (while no taller than
    side_max_height: a longer quote stays in the main column as a statement,
    a run of user cards spans the grid; none in a side column narrower than
    side_min_width), wide_blocks across the whole grid.
    A figure's photos are never side notes; its captions without a photo are."""
    from .base import SideNote, Wide
    from .grids import least_column

    grid = c.layout.columns()
    spec = c.layout.grid or {}
    if not grid.side:
        return
    em = c.layout.style("body").size
    gap = c.pt(spec.get("side_gap", "1em"), em)
    # (a side column of three or four characters, as the A4 grid gives on
    # A5, set a pull quote three characters a line and broke its words)
    narrow = grid.side < least_column(c) - 1e-6
    side_types = set() if narrow else set(spec.get("side_blocks") or [])
    wide_types = set(spec.get("wide_blocks") or [])
    tallest = c.pt(spec.get("side_max_height", "80mm"), em)
    level = 0                   # the level of the section the block is in (0: a chapter's)
    for n, (b, fl) in enumerate(units):
        if registry.get(b.type).page.section:
            level = _level(b)
        if _replayed(fl):
            continue
        placed = b.type in side_types or b.type in wide_types
        if kept is not None and kept.done(n):
            if placed:
                attribute(n)
                kept.retrace(n, "grid")
            continue
        if attribute is not None:
            attribute(n, "grid" if placed else "")
        if b.type in side_types:
            items = _side_items(c, b, fl)
            if items:
                note = SideNote(items, grid, gap)
                nxt = registry.get(units[n + 1][0].type).page if n + 1 < len(units) else None
                # the last thing of its section (a heading or an opener next): it
                # closes the text before it, so it stands beside that text's end
                note.closing = nxt is None or nxt.keep_with_next or nxt.opener
                note.statement = registry.get(b.type).page.statement and \
                    _ends_section(units, n, level)
                if note.stack_height() <= tallest:
                    out: list[Flowable] = []
                    for f in fl:          # breaks and anchors stay; the note where the block was
                        if not _is_content(f, quiet=True):
                            out.append(f)
                        elif note not in out:
                            out.append(note)
                    fl[:] = out
                    continue
        if b.type in wide_types:
            fl[:] = _widened(fl, grid, gap)


def _level(b: Block) -> int:
    """The level of the section a block opens (a chapter opener: 0)."""
    try:
        return registry.get(b.type).level(b)
    except (TypeError, ValueError):
        return 0


def _ends_section(units: list[tuple[Block, list[Flowable]]], n: int, level: int) -> bool:
    """Whether block n is the last of its section: what follows is no block, a
    heading of its section's level or above, or another chapter (a heading of
    a sub-section next is still its section's)."""
    if n + 1 >= len(units):
        return True
    nxt = registry.get(units[n + 1][0].type)
    if nxt.page.section and not nxt.page.opener:
        return _level(units[n + 1][0]) <= level or level == 0
    return nxt.page.opener


def _widened(fl: list[Flowable], grid: Any, gap: float) -> list[Flowable]:
    """A block's flowables set across the grid; a KeepWithNext among them (a
    table's title kept with its start) then keeps the widened ones, so it
    measures them at the width they are set at, not the main column's."""
    new = [_widen(f, grid, gap) for f in fl]
    swap = {id(old): nw for old, nw in zip(fl, new) if nw is not old}
    if swap:
        for f in new:
            if isinstance(f, KeepWithNext):
                f.group = [swap.get(id(x), x) for x in f.group]
                f.following = [swap.get(id(x), x) for x in f.following]
    return new


def _widen(f: Flowable, grid: Any, gap: float) -> Flowable:
    """A flowable set across the whole grid (a group kept together: each of its parts)."""
    from reportlab.platypus.flowables import KeepTogether

    from .base import Group, Wide

    if isinstance(f, KeepTogether):
        f._content = [_widen(x, grid, gap) for x in f._content]
        if type(f) is KeepTogether:         # (its Wide parts measured where they stand)
            f = Group(f._content, f._maxHeight)
        return f
    return Wide(f, grid, gap) if _is_content(f) else f


def _is_content(f: Flowable, quiet: bool = False) -> bool:
    """Is this a flowable that shows something (not a break, an anchor or a
    space; with quiet, spaces count as content to drop)?"""
    if isinstance(f, (PageBreak, RectoBreak, Anchor, ActionFlowable, KeepWithNext)):
        return False
    if isinstance(f, Spacer):
        return quiet
    return True


def _side_items(c: Composer, b: Block, fl: list[Flowable]) -> list[Flowable]:
    """What of a block goes into the side column: what its component's
    ``side`` says (a quote: a display quote; a figure: only its captions set
    without a photo), else its boxes (a grid's cells, one under another)."""
    from .base import Grid

    side = registry.get(b.type).side
    if side is not None:
        return [f for f in side(c, b, fl) if _is_content(f)]
    out: list[Flowable] = []
    for f in fl:
        if not _is_content(f):
            continue
        if isinstance(f, Grid):
            out += f.cells
        else:
            out.append(f)
    return out


def _bind_trailers(units: list[tuple[Block, list[Flowable]]], kept: Keeper | None = None) -> None:
    """A figure or stat group right after a paragraph is kept with its end
    (a kept unit's is as it was: paginate.units)."""
    from .base import WithTrailer

    for n in range(1, len(units)):
        if kept is not None and kept.done(n):
            continue
        b, fl = units[n]
        prev = units[n - 1][1]
        if registry.get(b.type).page.keep_with_previous and len(fl) == 1 and prev \
                and isinstance(prev[-1], Paragraph) and not prev[-1].style.name.startswith("h") \
                and not getattr(fl[0], "side_note", False):
            prev[-1] = WithTrailer(prev[-1], fl[0])
            prev[-1].trailer_block = b      # (what a too-tall error names)
            fl.clear()


def block_key(n: int, b: Block) -> str:
    """The anchor key of a block: its id, or one made from its place."""
    return str(b.get("id") or f"{b.type}-{b.part}-{n}")


def _anchor_blocks(c: Composer, units: list[tuple[Block, list[Flowable]]],
                   marked: list[list[tuple[int, Block]]], attribute: Any = None,
                   kept: Keeper | None = None) -> list[list[tuple[str, str]]]:
    """Every block with an id (any type) drops an anchor, so {{page:ID}} and
    SDG refs find its page; its gri codes are listed in the GRI index there
    (a replayed segment's as its tape says; a taped one's written there; a
    unit kept as composed before: as its record says, paginate.units).
    Returns each unit's tags."""
    tagged: list[list[tuple[str, str]]] = []
    for u, (b, fl) in enumerate(units):
        trace = c.ctx.trace if attribute is not None and attribute(u) is None else None
        tags: list[tuple[str, str]] = []
        tagged.append(tags)
        if _replayed(fl):
            c.gri_tags += fl[-1].action[1].trace.gri_anchor
            continue
        rec = kept.kept[u] if kept is not None and kept.keep else None
        if rec is not None:
            tags += rec.anchors
            c.gri_tags += rec.anchors
            if trace is not None:
                trace.gri_anchor += rec.anchors
            continue
        for n, blk in reversed(marked[u]):
            key = block_key(n, blk)
            for code in blk.gri_codes():
                tags.append((code, key))
                c.gri_tags.append((code, key))
                if trace is not None:
                    trace.gri_anchor.append((code, key))
            anchor = Anchor(key)
            if fl:
                at = next((m for m, f in enumerate(fl) if not _is_break(f)), len(fl))
                fl.insert(at, anchor)
            elif u > 0 and units[u - 1][1]:       # a trailer bound to the paragraph before
                units[u - 1][1].insert(len(units[u - 1][1]) - 1, anchor)
    return tagged


def _is_break(f: Flowable) -> bool:
    return isinstance(f, (PageBreak, RectoBreak))


def _first_part(blocks: list[Block], i: int) -> bool:
    """Is heading i the chapter's first heading (only intro text before it)?
    It then follows the intro instead of starting a page of its own."""
    for j in range(i - 1, -1, -1):
        page = _page(blocks[j])
        if page.opener:
            return True
        if page.section:
            return False
    return False


def _under(blocks: list[Block], k: dict[int, str], key: str, chapter_index: int) -> bool:
    """Is the heading with this key inside the chapter starting at chapter_index?"""
    return key in _keys_under(blocks, k, chapter_index)


def _break_before(c: Composer, comp: registry.Component, blocks: list[Block], i: int,
                  in_chapter: bool, lead: list[Flowable]) -> list[Flowable]:
    """The page break a block starts with, by its component's page policy.
    ``lead`` is the break after the contents, which a block that makes its own
    break does without."""
    policy = comp.page.break_before
    if policy == registry.NONE or i == 0 and policy in (registry.PAGE, registry.LAYOUT):
        return lead         # (the first block starts the first page: a break made it blank)
    if policy == registry.PAGE:
        return [page_break("body")]
    if policy == registry.RECTO:
        return [RectoBreak("full")]
    if policy == registry.LAST:
        return [PadPages(1), page_break("full")]
    if policy == registry.OWN:
        return []
    b = blocks[i]                             # LAYOUT: the component's settings decide
    settings = c.layout.components.get(comp.name, {})
    if "level" in comp.schema.fields:
        return lead or _break(settings, int(b.get("level")), in_chapter and _first_part(blocks, i))
    if i > 0 and blocks[i - 1].type == b.type:
        return lead or _break(settings, None, False)
    return lead


def chapter_sections(c: Composer, index: int) -> list[tuple[str, str]]:
    """(title, key) of the parts of the chapter that starts at block ``index``."""
    inside = frozenset(_keys_under(c.report.blocks, c.keys, index))
    out = reading(c, "sections", inside)
    if c.ctx.trace is not None:     # (read by the segment being composed)
        c.ctx.trace.reads[("sections", inside)] = out
    return list(out)


def _keys_under(blocks: list[Block], k: dict[int, str], chapter_index: int) -> set[str]:
    """The anchor keys of the blocks inside the chapter starting at chapter_index
    (one scan of the chapter, not one per heading)."""
    out: set[str] = set()
    for i in range(chapter_index + 1, len(blocks)):
        if _page(blocks[i]).opener:
            break
        if i in k:
            out.add(k[i])
    return out


def _break(comp: dict, level: int | None, first: bool) -> list[Flowable]:
    """The break the layout asks for before a heading of this level (or, with
    no level, before a component): a right-hand page (recto_levels), a page
    (new_page_levels) or none, when the section runs on. A chapter's first
    heading (only intro text before it) runs on after the intro whatever the
    setting."""
    if first:
        return []
    if level is None:
        return [page_break("body")] if comp.get("new_page") else []
    if level in (comp.get("recto_levels") or []):
        return [RectoBreak("body")]
    if level in (comp.get("new_page_levels") or []):
        return [page_break("body")]
    return []


def page_break(template: str) -> Flowable:
    """A page break that also sets the next page's template."""
    br = PageBreak()
    br.nextTemplate = template
    return br
