"""Building blocks shared by components: anchors, keep-with-next, boxes, grids."""
from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable, KeepTogether

from ..pdf.tagging import artifact, tagged
from ..text.paragraph import Paragraph


class Anchor(Flowable):
    """A zero-size mark: a link destination, an outline entry, a page record
    (its page is recorded by the document's afterFlowable, see paginate.document)."""

    def __init__(self, key: str, title: str = "", level: int | None = None,
                 closed: bool = True) -> None:
        super().__init__()
        self.key, self.title, self.level, self.closed = key, title, level, closed
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkPage(self.key, fit="XYZ", top=self._top(), left=0)
        if self.level is not None:
            # an outline level may go one deeper than the entry before it, no more
            # (a report may open with a level-2 heading, or a chapter with one)
            level = min(self.level, getattr(canv, "_csr_outline_level", -1) + 1)
            canv._csr_outline_level = level
            canv.addOutlineEntry(self.title, self.key, level, closed=self.closed)

    @property
    def anchor_key(self) -> str:
        """The key the document records this mark's page under."""
        return self.key

    def _top(self) -> float:
        _, y = self.canv.absolutePosition(0, 0)
        return min(y + 30, self.canv._pagesize[1])


def titled(c: Any, b: Any, body: Flowable) -> list[Flowable]:
    """A graphic with its title (the block's text; none when empty) kept together:
    a title never ends a page without what it names."""
    out: list[Flowable] = []
    if str(b.value).strip():
        out.append(Paragraph(b.value, c.layout.style("chart-title"), c.ctx))
    out.append(body)
    return [Titled(out)]


class Group(KeepTogether):
    """Flowables kept together, some of them set across the grid (Wide). A
    Wide part starts below what the side column holds beside it, which it
    can tell only from where it stands on the page: ReportLab measures a
    group's parts without placing them, so each is told its top here (else
    a group would be measured shorter than it is set, and split)."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        parts = self._content
        if frame is None or not any(isinstance(p, Wide) for p in parts):
            return super().wrap(aW, aH)
        top = frame._y - (0 if frame._atTop else parts[0].getSpaceBefore())
        for i, p in enumerate(parts):
            if isinstance(p, Wide):
                p._frame, p.canv, p.at = frame, getattr(self, "canv", None), top
            _, h = p.wrap(aW, aH)
            after = p.getSpaceAfter() + (parts[i + 1].getSpaceBefore() if i + 1 < len(parts) else 0)
            top -= h + after
        try:
            return super().wrap(aW, aH)
        finally:
            for p in parts:        # placed one by one after a split: from the frame then
                if isinstance(p, Wide):
                    p.at = None


class Titled(Group):
    """A graphic and its title: one piece. Where the two are taller than a
    page, ReportLab's KeepTogether would split them, leaving the title at
    the foot of a page; the layout check (compose.report) measures the
    pair whole instead and reports it.

    Key figures taller than a page (twelve on an A5 page) are the exception:
    they split between rows (figures.Figures.split), their title set with
    the first rows where it stands (a heading before it is not left alone)."""

    def whole(self, width: float) -> float:
        """Height of title and graphic together (the spaces between them)."""
        parts = self._content
        total = sum(p.wrap(width, 1e9)[1] for p in parts)
        return total + sum(p.getSpaceAfter() for p in parts[:-1]) + \
            sum(p.getSpaceBefore() for p in parts[1:])

    def _graphic(self, width: float) -> tuple[Flowable, float]:
        """The graphic and the width it is set at (a wide one: the grid's)."""
        body = self._content[-1]
        return (body.inner, body.grid.width) if isinstance(body, Wide) else (body, width)

    def rows_first(self, width: float) -> float | None:
        """With rows that split (key figures taller than a page): the height
        of the title and the first row; else None (it is one piece)."""
        inner, w = self._graphic(width)
        if not hasattr(inner, "first_row") or inner.wrap(w, 1e9)[1] <= inner.c.frame[1] + 1e-6:
            return None
        title = sum(p.wrap(width, 1e9)[1] + p.getSpaceAfter() for p in self._content[:-1])
        return title + self._content[-1].getSpaceBefore() + inner.first_row(w)

    def tallest_piece(self, width: float) -> float:
        """What must fit a page: title and graphic whole, or, with rows that
        split, the title with the tallest row (each row must fit, and the title
        goes with a row)."""
        first = self.rows_first(width)
        if first is None:
            return self.whole(width)
        inner, w = self._graphic(width)
        return first - inner.first_row(w) + inner.tallest_row(w)

    def min_height(self, width: float) -> float:
        first = self.rows_first(width)
        return whole_height(self, width) if first is None else first + self.getSpaceBefore()

    def split(self, aW: float, aH: float) -> list[Flowable]:
        first = self.rows_first(aW)
        if first is not None and first <= aH + 1e-6:
            # set here: the rows split where the page ends (without a title,
            # the figures themselves: a piece of one would not be a split)
            return list(self._content) if len(self._content) > 1 else \
                self._content[0].split(aW, aH)
        return super().split(aW, aH)


def whole_height(flowable: Flowable, width: float) -> float:
    """Height of a flowable set whole, its spaces included, measured before it
    is placed. A KeepTogether is measured by its parts: ReportLab's own
    KeepTogether.wrap needs the canvas it is drawn on (it has none until then)."""
    if isinstance(flowable, KeepTogether):
        return sum(whole_height(f, width) for f in flowable._content)
    _, h = flowable.wrap(width, 1e6)
    return h + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def min_first(flowable: Flowable, width: float) -> float:
    """The least height a flowable needs on a page before it can continue
    (a group kept together: all of it)."""
    if isinstance(flowable, Paragraph):
        return flowable.min_height(width)
    if isinstance(flowable, Titled):
        return flowable.min_height(width)
    if isinstance(flowable, KeepTogether):
        return whole_height(flowable, width)
    fn = getattr(flowable, "min_height", None)
    if fn is not None:
        return fn(width)
    _, h = flowable.wrap(width, 1e6)
    heights = getattr(flowable, "_rowHeights", None)
    if heights and getattr(flowable, "repeatRows", 0) and len(heights) > 2:
        h = sum(heights[:2])      # a table: its header and first row
    return h + flowable.getSpaceBefore()


def _unkept(flowables: list[Flowable]) -> Any:
    """The flowables with those kept together (keep_ends) as the ones they keep
    (a Group or Titled, made so for their own sake, stays one)."""
    for f in flowables:
        if type(f) is KeepTogether:
            yield from _unkept(f._content)
        else:
            yield f


def lead_height(flowables: list[Flowable], width: float, prev: float = 0.0) -> float:
    """Height a page must have for the start of these flowables: spacers,
    titles, intros and quotes in full, then the least first piece of the first
    real content (two lines, a card row).

    Spaces are counted as the frame takes them (ReportLab's overlapping
    attached space, rl_config.overlapAttachedSpace): a flowable's space before
    shrinks by the space after the one above (``prev``, for the first: the last
    space the caller counted), never below nothing; a flowable that takes no
    room (an anchor, a side note, a kept heading's marker) ends that overlap.
    Summed whole, a level-2 heading's rule (space before −8 pt, which the
    frame sets at 0) was measured 8 pt short: a level-1 heading that fitted by
    that much stayed alone at the foot of a page."""
    need = 0.0
    lines = 0
    intro = False
    side = 0.0      # the side column's blocks stand beside what follows: at least as tall

    def gap(f: Flowable) -> float:
        """What the frame adds above f for its space before (never below 0)."""
        return max(f.getSpaceBefore() - prev, 0.0)

    def first(f: Flowable) -> float:
        """min_first, its space before counted as the frame counts it."""
        return min_first(f, width) - f.getSpaceBefore() + gap(f)

    for f in _unkept(flowables):
        style = getattr(getattr(f, "style", None), "name", "")
        if isinstance(f, KeepWithNext):
            prev = 0.0
            continue
        if getattr(f, "side_note", False):
            if not side:         # the first side note stands beside the heading's start
                side = need + f.stack_height()
            prev = 0.0
            continue
        if intro and isinstance(f, Paragraph) and style.startswith("h"):
            return max(need, side)   # the next heading after an intro keeps with its own start
        if getattr(f, "lead_in", False):     # an intro or a quote: all of it, then more
            _, h = f.wrap(width, 1e6)
            need += h + gap(f) + f.getSpaceAfter()
            prev = f.getSpaceAfter()
            intro = True
            continue
        if isinstance(f, Wide):      # across the grid: it starts below the side column's blocks
            if getattr(f.inner, "lead_in", False):     # a wide table's caption: all of it, then
                _, h = f.inner.wrap(f.grid.width, 1e6)  # the table's start (the heading above
                need = max(need, side) + h + gap(f) + f.getSpaceAfter()   # keeps with both,
                prev = f.getSpaceAfter()                # not the caption alone)
                side, intro = 0.0, True
                continue
            return max(need, side) + first(f)
        if isinstance(f, Paragraph) and not style.startswith("h"):
            f.wrap(width, 1e6)
            if lines + len(f.shown) < 2:     # a one-line paragraph: and the next one's start
                lines += len(f.shown)
                need += f.height + gap(f) + f.getSpaceAfter()
                prev = f.getSpaceAfter()
                continue
            return max(need + first(f), side)
        if isinstance(f, Paragraph) or f.__class__.__name__ in ("Spacer", "Anchor", "Rule"):
            _, h = f.wrap(width, 1e6)
            need += h + gap(f) + f.getSpaceAfter()
            prev = f.getSpaceAfter()
            continue
        return max(need + first(f), side)
    return max(need, side)


class KeepWithNext(Flowable):
    """Breaks the page unless the flowables and the start of the next one fit.

    Put before a heading: the heading plus two lines of what follows (or the
    whole following block if it cannot split) must fit, otherwise the heading
    moves to the next page. So a heading is never last on a page.
    """

    marks_only = True         # takes no room: the group follows it in the flow

    def __init__(self, group: list[Flowable], following: list[Flowable],
                 frame_height: float) -> None:
        super().__init__()
        self.group, self.following, self.frame_height = group, following, frame_height
        self.width: float = 0
        self.height: float = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        need = prev = 0.0
        for i, f in enumerate(self.group):
            _, h = f.wrap(aw, ah)
            before = f.getSpaceBefore()     # the frame takes only what the space
            if i:                           # after the last one leaves (never < 0)
                before = max(before - prev, 0.0)
            prev = f.getSpaceAfter()
            need += h + before + prev
        need += lead_height(self.following, aw, prev)
        if need > ah - 1e-6 and ah < self.frame_height - 1:
            self.height = ah + 1   # does not fit: force the frame to end
            return aw, ah + 1
        self.height = 0
        return aw, 0

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        pass


def em_floor(width: float, flowable: Flowable | float) -> float:
    """Width rounded down to whole ems of a paragraph's size (or of a size)."""
    em = flowable if isinstance(flowable, (int, float)) else \
        getattr(getattr(flowable, "style", None), "size", 0)
    return int(width / em + 1e-6) * em if em else width


def paint_box(c: Any, width: float, height: float, fill: Any = None, stroke: Any = None,
              line_width: float = 0.5) -> None:
    """A filled and/or outlined rectangle at the flowable's origin (decoration)."""
    if fill is None and stroke is None:
        return
    with artifact(c):
        if fill is not None:
            c.setFillColor(fill)
            c.rect(0, 0, width, height, stroke=0, fill=1)
        if stroke is not None:
            c.setStrokeColor(stroke)
            c.setLineWidth(line_width)
            c.rect(0, 0, width, height, stroke=1, fill=0)


class Stack(Flowable):
    """Flowables set one under another in a box (padding, background, bar).

    Used for cards, story cards and stats: units that are read as one and so
    never split across pages.
    """

    def __init__(self, items: list[Flowable], *, padding: float = 0.0,
                 background: Any = None, bar: Any = None, bar_width: float = 0.0,
                 min_height: float = 0.0, snap_em: float = 0.0) -> None:
        super().__init__()
        self.items, self.padding = items, padding
        self.background, self.bar, self.bar_width = background, bar, bar_width
        self.snap_em = snap_em          # inner width in whole ems of the card's text
        self.min_h = min_height
        self._sizes: list[tuple[float, float]] = []
        self.role = "Div"             # structure element grouping the box's content

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        inner = aw - 2 * self.padding - self.bar_width
        if self.snap_em:
            inner = em_floor(inner, self.snap_em)
        h = 0.0
        self._sizes = []
        for i, f in enumerate(self.items):
            w, fh = f.wrap(inner, 1e6)
            sb = f.getSpaceBefore() if i else 0.0
            sa = f.getSpaceAfter() if i < len(self.items) - 1 else 0.0
            self._sizes.append((fh, sb))
            h += sb + fh + sa
        self.width = aw
        self.height = max(h + 2 * self.padding, self.min_h)
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        paint_box(c, self.width, self.height, self.background)
        if self.bar is not None and self.bar_width:
            with artifact(c):
                c.setFillColor(self.bar)
                c.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        y = self.height - self.padding
        x = self.padding + self.bar_width
        with tagged(c, self.role):
            for i, (f, (fh, sb)) in enumerate(zip(self.items, self._sizes)):
                y -= sb + fh
                f.drawOn(c, x, y)
                if i < len(self.items) - 1:
                    y -= f.getSpaceAfter()


class Band(Flowable):
    """A tinted band of a least height (an opener): its first `head` items
    stand at its head, set as decoration (a line that repeats a title), the
    others at its foot. Never splits."""

    def __init__(self, items: list[Flowable], *, head: int, background: Any,
                 padding: float, height: float) -> None:
        super().__init__()
        self.items, self.head = items, head
        self.background, self.padding, self.min_h = background, padding, height

    def _heights(self, inner: float) -> list[float]:
        return [f.wrap(inner, 1e6)[1] + f.getSpaceAfter() for f in self.items]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = max(self.min_h, sum(self._heights(aw - 2 * self.padding))
                          + 2 * self.padding)
        return aw, self.height

    def draw(self) -> None:
        c, pad = self.canv, self.padding
        paint_box(c, self.width, self.height, self.background)
        heights = self._heights(self.width - 2 * pad)
        y = self.height - pad
        with artifact(c):
            for f, h in zip(self.items[:self.head], heights):
                f.drawOn(c, pad, y - f.height)
                y -= h
        y = pad + sum(heights[self.head:]) - self.items[-1].getSpaceAfter()
        for f, h in zip(self.items[self.head:], heights[self.head:]):
            f.drawOn(c, pad, y - f.height)
            y -= h


class Grid(Flowable):
    """Cells on a column grid; rows never split, the grid splits between rows."""

    def __init__(self, cells: list[Flowable], columns: int, gap: float,
                 space_before: float = 6, space_after: float = 10, min_cell: float = 0.0) -> None:
        super().__init__()
        self.cells, self.columns, self.gap = cells, max(1, columns), gap
        self.spaceBefore, self.spaceAfter = space_before, space_after
        # the narrowest cell that holds text (cards, user cards): fewer columns
        # where the width gives less (four cards in a side column were set
        # four characters a line)
        self.min_cell = min_cell
        self.cols = self.columns
        self._rows: list[tuple[list[Flowable], float]] = []
        self._laid: tuple[Any, list[Any]] | None = None   # (inputs, cell sizes) of the last _layout

    def _cell_sizes(self) -> list[Any]:
        return [(getattr(c, "width", None), getattr(c, "height", None)) for c in self.cells]

    def _layout(self, aw: float) -> None:
        """Rows of cells at this width. Done again only for other inputs: a
        grid is laid out by every wrap, split and least height (the fit check,
        keep-with-next, copyfit, pagination), and each lays out every cell
        twice; the last one stands while its width and columns are the same
        and every cell is still as it left it (none measured elsewhere since)."""
        if self._laid is not None and self._laid[0] == (aw, self.columns) and \
                self._laid[1] == self._cell_sizes():
            return
        cols = self.columns
        while cols > 1 and (aw - self.gap * (cols - 1)) / cols < self.min_cell - 1e-6:
            cols -= 1
        if cols < self.columns:     # rows balanced (6 → 3 + 3, not 5 + 1)
            cols = -(-len(self.cells) // -(-len(self.cells) // cols))
        self.cols = cols
        cw = (aw - self.gap * (cols - 1)) / cols
        self._cw = cw
        self._rows = []
        for r in range(0, len(self.cells), cols):
            row = self.cells[r:r + cols]
            h = max(c.wrap(cw, 1e6)[1] for c in row)
            for c in row:   # equal heights within a row
                if hasattr(c, "min_h"):
                    c.min_h = h
                    c.wrap(cw, 1e6)
            self._rows.append((row, h))
        self._laid = ((aw, self.columns), self._cell_sizes())

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._layout(aw)
        self.width = aw
        self.height = sum(h for _, h in self._rows) + self.gap * max(0, len(self._rows) - 1)
        return aw, self.height

    def min_height(self, aw: float) -> float:
        self._layout(aw)
        return (self._rows[0][1] if self._rows else 0) + self.spaceBefore

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self._layout(aw)
        used, n = 0.0, 0
        for _, h in self._rows:
            if used + h > ah + 1e-6:
                break
            used += h + self.gap
            n += 1
        if n == 0 or n == len(self._rows):
            return []
        k = n * self.cols
        head = Grid(self.cells[:k], self.cols, self.gap, self.spaceBefore, 0)
        tail = Grid(self.cells[k:], self.cols, self.gap, 0, self.spaceAfter)
        return [head, tail]

    def draw(self) -> None:
        y = self.height
        for row, h in self._rows:
            y -= h
            for i, c in enumerate(row):
                c.drawOn(self.canv, i * (self._cw + self.gap), y + h - c.height)
            y -= self.gap


class Rule(Flowable):
    """A horizontal rule of a given length, weight and colour."""

    def __init__(self, length: float | None, weight: float, color: Any,
                 space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.length, self.weight, self.color = length, weight, color
        self.spaceBefore, self.spaceAfter = space_before, space_after

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.length or aw
        self.height = self.weight
        return self.width, self.height

    def draw(self) -> None:
        with artifact(self.canv):
            self.canv.setFillColor(self.color)
            self.canv.rect(0, 0, self.width, self.weight, stroke=0, fill=1)


class Indented(Flowable):
    """A splittable flowable set with a left indent and a bar beside it."""

    def __init__(self, inner: Flowable, left: float, bar: Any = None, bar_width: float = 0,
                 background: Any = None, pad: float = 0, tail: Flowable | None = None,
                 snap: bool = False, tag: tuple[str, Any] | None = None) -> None:
        super().__init__()
        self.tag = tag        # (role, key) of the element the pieces share (a BlockQuote)
        self.inner, self.left, self.bar, self.bar_width = inner, left, bar, bar_width
        self.background, self.pad, self.tail, self.snap = background, pad, tail, snap
        self.spaceBefore = inner.getSpaceBefore()
        self.spaceAfter = (tail or inner).getSpaceAfter()
        self._tail_h = 0.0

    def measure(self, aw: float) -> float:
        """The inner width; with snap, a whole number of the text's em, so that
        justified Chinese lines need no extra spacing (the rest goes to padding)."""
        w = aw - self.left - self.pad
        return em_floor(w, self.inner) if self.snap else w

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        w, h = self.inner.wrap(self.measure(aw), ah)
        self._tail_h = 0.0
        if self.tail is not None:   # e.g. a quote's attribution: always under its last lines
            _, th = self.tail.wrap(aw - self.left - self.pad, ah)
            self._tail_h = th + self.inner.getSpaceAfter() + self.tail.getSpaceBefore()
        self.width, self.height = aw, h + self._tail_h
        return aw, self.height

    def min_height(self, aw: float) -> float:
        """The least first piece; a quote too short to split brings its attribution."""
        first = min_first(self.inner, self.measure(aw))
        _, h = self.inner.wrap(self.measure(aw), 1e6)
        if self.tail is not None and first >= h + self.inner.getSpaceBefore() - 1e-6:
            _, th = self.tail.wrap(aw - self.left - self.pad, 1e6)
            first += th + self.inner.getSpaceAfter() + self.tail.getSpaceBefore()
        return first

    def split(self, aw: float, ah: float) -> list[Flowable]:
        parts = self.inner.split(self.measure(aw), ah)
        return [Indented(p, self.left, self.bar, self.bar_width, self.background, self.pad,
                         self.tail if k == len(parts) - 1 else None, self.snap, self.tag)
                for k, p in enumerate(parts)]

    def draw(self) -> None:
        c = self.canv
        if self.background is not None or self.bar is not None:
            # the tint and the bar run on through the space under the text
            # (to the next paragraph of the quote: the last one has none), so a
            # quote of several paragraphs is one box with one bar, not a bar each
            below = self.inner.getSpaceAfter() if self.tail is None else 0.0
            with artifact(c):
                if self.background is not None:
                    c.setFillColor(self.background)
                    c.rect(0, -self.inner.getSpaceAfter(), self.width,
                           self.height + self.inner.getSpaceAfter(), stroke=0, fill=1)
                if self.bar is not None:
                    c.setFillColor(self.bar)
                    c.rect(0, -below, self.bar_width, self.height + below, stroke=0, fill=1)
        role, key = self.tag or (None, None)
        with tagged(c, role, key):
            self.inner.drawOn(c, self.left, self._tail_h)
            if self.tail is not None:
                self.tail.drawOn(c, self.left, 0)


class WithTrailer(Flowable):
    """A paragraph and what must not be parted from its end (a photo row, a
    group of figures): if the trailer does not fit after the paragraph, the
    paragraph's last two lines go to the next page with it, so no page ever
    holds the trailer alone."""

    def __init__(self, para: Paragraph, trailer: Flowable) -> None:
        super().__init__()
        self.para, self.trailer = para, trailer
        self.spaceBefore = para.getSpaceBefore()
        self.spaceAfter = trailer.getSpaceAfter()
        self._gap = para.getSpaceAfter() + trailer.getSpaceBefore()

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, ph = self.para.wrap(aw, ah)
        frame = getattr(self, "_frame", None)
        if isinstance(self.trailer, Wide) and frame is not None:   # where the trailer starts
            self.trailer._frame, self.trailer.canv = frame, getattr(self, "canv", None)
            self.trailer.at = frame._y - (0 if frame._atTop else self.spaceBefore) - ph - self._gap
        _, th = self.trailer.wrap(aw, ah)
        self.width, self.height = aw, ph + self._gap + th
        return aw, self.height

    def min_height(self, aw: float) -> float:
        self.para.wrap(aw, 1e6)
        if len(self.para.shown) >= 4:       # two lines may stay, two go with the trailer
            return 2 * self.para.style.leading + self.spaceBefore
        _, h = self.wrap(aw, 1e6)           # too short to part: all of it
        return h + self.spaceBefore

    def split(self, aw: float, ah: float) -> list[Flowable]:
        _, ph = self.para.wrap(aw, ah)
        whole = self._trailer_split(aw, ah - ph - self._gap)
        if whole:
            return whole
        lines = len(self.para.shown)
        lead = self.para.style.leading
        # lines that can stay here, leaving two to go with the trailer
        keep = min(int((ah + 1e-6) // lead), lines - 2)
        if keep < 2:
            return []                      # too short to part: move as a whole
        head, tail = self.para._piece(self.para._first, keep, True), \
            self.para._piece(self.para._first + keep, lines - keep, False)
        return [head, WithTrailer(tail, self.trailer)]

    def _trailer_split(self, aw: float, room: float) -> list[Flowable]:
        """The paragraph whole with the trailer's first rows, the rest overleaf,
        where the trailer splits between rows (a stack of stats, rows of
        photos): its start then stands with the paragraph's end. Moving two
        lines over with all of it left an A5 page half empty. [] where the
        trailer does not split so."""
        inner = self.trailer.inner if isinstance(self.trailer, Wide) else self.trailer
        if room <= 0 or not isinstance(inner, Grid):
            return []
        parts = self.trailer.split(aw, room)
        if len(parts) != 2:
            return []
        head = WithTrailer(self.para, parts[0])
        head.trailer_block = getattr(self, "trailer_block", None)
        return [head, parts[1]]

    tells_page = True     # its place() tells the page (paginate.document._place)

    def place(self, canvas: Any, x: float, y: float) -> None:
        """What placing it tells the page: what its trailer's placing does."""
        place = getattr(type(self.trailer), "place", None)
        if place is not None:
            place(self.trailer, canvas, x, y)

    def draw(self) -> None:
        th = self.trailer.height      # reading order: the paragraph, then the trailer
        self.para.drawOn(self.canv, 0, th + self._gap)
        self.trailer.drawOn(self.canv, 0, 0)


def _placement(f: Flowable) -> tuple[Any, Any, int]:
    """The frame a flowable is being placed in, its document and page
    (None, None, 0 when it is only measured, outside a frame)."""
    frame = getattr(f, "_frame", None)
    doc = getattr(getattr(f, "canv", None), "_doctemplate", None)
    return frame, doc, (doc.page if doc is not None else 0)


def side_bottom(doc: Any, page: int) -> float | None:
    """Lowest point the side column is used down to on this page, or None."""
    if doc is None or doc.state.side_page != page:
        return None
    return doc.state.side_bottom


class Wide(Flowable):
    """A block set across the whole grid (main and side column) while the
    frame is the main column: drawn shifted to the grid's left edge on pages
    where the side column lies left. It starts below anything the side column
    still holds beside the text above it."""

    def __init__(self, inner: Flowable, grid: Any, gap: float) -> None:
        super().__init__()
        self.inner, self.grid, self.gap = inner, grid, gap
        self.spaceBefore, self.spaceAfter = inner.getSpaceBefore(), inner.getSpaceAfter()
        self.keepWithNext = getattr(inner, "keepWithNext", False)
        self._push = 0.0
        self.at: float | None = None     # top of the block on the page, when a wrapper knows it

    def _push_below_side(self) -> float:
        frame, doc, page = _placement(self)
        low = side_bottom(doc, page)
        if frame is None or low is None:
            return 0.0
        top = self.at if self.at is not None else frame._y - (0 if frame._atTop else
                                                               self.spaceBefore)
        return max(0.0, top - low + self.gap)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._push = self._push_below_side()
        _, h = self.inner.wrap(self.grid.width, max(0.0, ah - self._push))
        self.width, self.height = aw, h + self._push
        return aw, self.height

    def min_height(self, aw: float) -> float:
        return min_first(self.inner, self.grid.width)

    def split(self, aw: float, ah: float) -> list[Flowable]:
        parts = self.inner.split(self.grid.width, max(0.0, ah - self._push))
        return [Wide(p, self.grid, self.gap) for p in parts]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        doc = getattr(canvas, "_doctemplate", None)
        dx = self.grid.wide_dx(doc.page) if doc is not None else 0.0
        self.inner.drawOn(canvas, x + dx, y, _sW)
        self.place(canvas, x, y)

    tells_page = True     # its place() tells the page (paginate.document._place)

    def place(self, canvas: Any, x: float, y: float) -> None:
        """What placing it here tells the page (also on measured, undrawn
        pages): the side column is taken down to its foot, so a side note
        after it stands below it, never on it."""
        doc = getattr(canvas, "_doctemplate", None)
        if doc is not None:
            m = getattr(canvas, "_currentMatrix", (1, 0, 0, 1, 0, 0))   # (inside a group
            doc.state.wide_page, doc.state.wide_bottom = doc.page, m[3] * y + m[5]   # y is relative)

    def draw(self) -> None:      # (drawOn draws the inner block)
        pass


class SideNote(Flowable):
    """Blocks set in the side column beside the text that follows them (a
    pull quote, a user card, a caption). Takes no room in the main column: it
    stands level with the next line of text, or, where the page has no room
    below, level with the foot of the column; where the side column is full
    it is set in the main column at its place. Drawn at its place in the
    flow, so screen readers meet it where it stands in the content."""

    side_note = True

    def __init__(self, items: list[Flowable], grid: Any, gap: float) -> None:
        super().__init__()
        self.items, self.grid, self.gap = items, grid, gap
        self.closing = False      # ends its section: its foot level with the text before
        self.statement = False    # a pull quote: it speaks for the text before it
        self.width = self.height = 0.0
        self._top: float | None = None
        self._h = 0.0

    def stack_height(self, width: float | None = None) -> float:
        """Height of the side stack at the side column's width (or another)."""
        h = 0.0
        for i, f in enumerate(self.items):
            _, fh = f.wrap(width or self.grid.side, 1e6)
            h += fh + (f.getSpaceBefore() if i else 0.0)
            if i < len(self.items) - 1:
                h += f.getSpaceAfter()
        return h

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._h = h = self.stack_height()
        self.width, self.height, self._top, self._inline = aw, 0.0, None, False
        frame, doc, page = _placement(self)
        if frame is None:
            return aw, 0.0
        bottom, ceiling = frame._y1p, frame._y2
        low = side_bottom(doc, page)
        free = ceiling if low is None else low - self.gap    # side column free down from here
        if doc is not None and doc.state.wide_page == page:  # … and below a wide block
            free = min(free, doc.state.wide_bottom)
        top = min(frame._y, free)
        # a note that closes its section stands beside the end of the text
        # before it (its foot on that text's last line), not beside the space
        # or the next section after it
        end = frame._y + getattr(frame, "_prevASpace", 0.0)
        if self.closing and not frame._atTop and end + h <= free + 0.01 and end >= bottom - 0.01:
            self._top = end + h
        elif self.closing and doc is not None and (frame._atTop or self.statement):
            # no room beside the end of its section's text (that text ended on the
            # page before, or — for a pull quote — a block across the grid stands
            # there): beside what follows it would stand beside the next section's
            # heading, as if it spoke for that section; it closes its own section
            # in the main column. (A caption under a block across the grid reads
            # as that block's: it stays in the side column.)
            self._in_main_column(aw)
        elif top - h >= bottom - 0.01:
            self._top = top                    # level with the next line of text
        elif bottom + h <= free + 0.01:
            self._top = bottom + h             # standing on the column's foot
        elif low is None and frame._atTop:
            self._top = top                    # too tall for any page (reported at compose)
        else:                                  # the side column is full: in the main column
            self._in_main_column(aw)
        return aw, self.height

    def _in_main_column(self, aw: float) -> None:
        """Set at its place in the main column, as wide as it (its height taken there)."""
        self._inline = True
        self.height = self._h = self.stack_height(aw) + self.gap

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return []

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        doc = getattr(canvas, "_doctemplate", None)
        page = doc.page if doc is not None else 1
        if self._inline:
            width, dx, top = self.width, 0.0, y + self.height - self.gap
        elif self._top is not None:
            width, dx, top = self.grid.side, self.grid.side_dx(page), self._top
        else:
            return
        for i, f in enumerate(self.items):
            if i:
                top -= f.getSpaceBefore()
            _, fh = f.wrap(width, 1e6)
            f.drawOn(canvas, x + dx, top - fh)
            top -= fh + f.getSpaceAfter()
        self.place(canvas, x, y)

    tells_page = True     # its place() tells the page (paginate.document._place)

    def place(self, canvas: Any, x: float, y: float) -> None:
        """What placing it tells the page (also on measured, undrawn pages):
        the side column is used down to its foot."""
        doc = getattr(canvas, "_doctemplate", None)
        if doc is not None and not self._inline and self._top is not None:
            doc.state.side_page, doc.state.side_bottom = doc.page, self._top - self._h

    def draw(self) -> None:
        pass


def keep_ends(items: list[Flowable], keep: int) -> list[Flowable]:
    """Items with their first and last `keep` grouped (all, when too few to part)."""
    if keep < 2 or len(items) < 2:
        return items
    if len(items) < 2 * keep:
        return [KeepTogether(items)]
    middle = items[keep:len(items) - keep]
    return [KeepTogether(items[:keep]), *middle, KeepTogether(items[len(items) - keep:])]
