"""Pages drawn only when they changed: a page whose inputs are those of a page
drawn in an earlier build of the session gets that page's drawing again.

A page's drawing is deferred to its end (document.PlacingFrame), so what it
shows is known whole before it is drawn. Its key is made of exact inputs,
compared by equality (no digest, so no collision): the build's context (layout,
edition, fonts, report metadata), the page's number, template and running
head, the outline level before it, and for every flowable placed on it its
frame, position and a fingerprint of what it draws (`fingerprint`). A
flowable type without an audited fingerprint makes its page unkeyed: that
page is always drawn.

A page drawn with a key is recorded: its content stream (operators as text,
with the text fingerprints of pdf.canvas), and every side effect its drawing
had outside the stream, in order: tagging (structure elements opened and
closed, marked content, with element keys stored as the page's slots so that a
paragraph split across pages continues its element in any later build),
bookmarks and outline entries, the fonts it uses (registered in first-use
order), the separation colours (print: the registration colour of crop
marks), the graphics states it named, the PDF version it needs. A page whose
drawing did anything else (link annotations, images, shadings, a font
outside the report's Type 0 faces …) is not recorded: it is drawn every time.

With CSRPRESS_VERIFY_REPLAY=1 every page is drawn and a page that would have
been replayed must record exactly what the memo holds, or the build fails.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from operator import attrgetter, is_
from typing import Any, Callable

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus.flowables import Spacer

VERIFY_ENV = "CSRPRESS_VERIFY_REPLAY"


class ReplayMismatch(AssertionError):
    """A page replayed from the memo is not what drawing it gives (verify mode)."""


# -- fingerprints -------------------------------------------------------------------

# objects of the build at hand a page's drawing refers to, met while
# fingerprinting, in order: element keys, prepared images' readers (a record
# names them by number, so it replays with the build's own)
Slots = list[Any]

_FINGERPRINTS: dict[type, Callable[[Any, Slots], Any]] = {}


def fingerprints(cls: type) -> Callable[[Callable[[Any, Slots], Any]], Callable[[Any, Slots], Any]]:
    """Register the fingerprint of a flowable type (exactly that type: a
    subclass may draw more, so it needs its own)."""
    def register(fn: Callable[[Any, Slots], Any]) -> Callable[[Any, Slots], Any]:
        _FINGERPRINTS[cls] = fn
        _SPACES_OWN[cls] = _spaces_own(cls)
        return fn
    return register


class Unkeyed(Exception):
    """A flowable on the page has no fingerprint: the page is drawn."""


def fingerprint(f: Any, slots: Slots) -> tuple:
    """What a placed flowable draws, as a tuple of plain values: everything its
    drawing reads, other than the build's context (see Replay.context) and the
    page's own inputs. Raises Unkeyed for a type with no audited fingerprint."""
    cls = type(f)
    fn = _FINGERPRINTS.get(cls)
    if fn is None:
        raise Unkeyed(cls.__name__)
    d = f.__dict__
    if _SPACES_OWN.get(cls) and "spaceBefore" in d and "spaceAfter" in d:
        before, after = d["spaceBefore"], d["spaceAfter"]     # (what the getters return)
    else:
        before, after = f.getSpaceBefore(), f.getSpaceAfter()
    return (cls.__name__, getattr(f, "hAlign", None), getattr(f, "width", None),
            getattr(f, "height", None), before, after, fn(f, slots))


# per fingerprinted type: do its space getters return its own attributes when
# it has them (ReportLab's Flowable getters, plain attribute access)? Then a
# fingerprint reads them directly: two method calls of every placed
# flowable of every page's key, ~2,400 a watch build
_SPACES_OWN: dict[type, bool] = {}


def _spaces_own(cls: type) -> bool:
    """Are cls's spaces what its instance holds (see _SPACES_OWN)?"""
    from reportlab.platypus.flowables import Flowable

    def plain(name: str) -> bool:       # (no descriptor on the class shadows the instance's)
        held = next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None)
        return held is None or not hasattr(type(held), "__get__")

    return (cls.getSpaceBefore is Flowable.getSpaceBefore
            and cls.getSpaceAfter is Flowable.getSpaceAfter
            and cls.__getattribute__ is object.__getattribute__
            and plain("spaceBefore") and plain("spaceAfter"))


def colour(c: Any) -> tuple | str | None:
    """A colour by value: its class and its components as set (a ReportLab
    colour holds only its model's components, spot name, density, knockout
    and alpha). Its repr said the same but cost ~3 µs, the bulk of a page's
    key (a table cell's colour, a style's): formatting every component."""
    if isinstance(c, Color):
        return (type(c).__name__, *vars(c).values())
    return None if c is None else repr(c)


def slot(slots: Slots, key: Any) -> int:
    """The page-local number of an element key (a paragraph's pid …)."""
    slots.append(key)
    return len(slots) - 1


def _install() -> None:
    """The fingerprints of the audited types (imported late: compose imports paginate)."""
    from ..compose import base, grids
    from ..compose.awards import AwardItem
    from ..compose.components import Monogram, QuoteBox
    from ..compose.model import Model
    from ..text.paragraph import Paragraph

    @fingerprints(Paragraph)
    def _paragraph(p: Any, slots: Slots) -> tuple:
        # the lines follow from the resolved text and spans (shape cache), the
        # measure, indent, alignment, kept words and balance (break cache key)
        lead = p.lead_rule and (p.lead_rule[0], colour(p.lead_rule[1]))
        return (p._runs, tuple(p.spans), p.style, p.align, p.indent, p._measure, p._first,
                p._count, len(p.lines), p._kept, p.balance, lead, p.hidden_tail, p.lead_text,
                p.role, slot(slots, p.pid), p.width, p.height)

    @fingerprints(Spacer)
    def _spacer(s: Any, slots: Slots) -> tuple:
        return (s.width, s.height)

    @fingerprints(base.Anchor)
    def _anchor(a: Any, slots: Slots) -> tuple:
        return (a.key, a.title, a.level, a.closed)

    @fingerprints(base.KeepWithNext)
    def _keep(k: Any, slots: Slots) -> tuple:
        return (k.width, k.height)            # draws nothing

    @fingerprints(base.Rule)
    def _rule(r: Any, slots: Slots) -> tuple:
        return (r.width, r.height, r.weight, colour(r.color))

    @fingerprints(base.SideNote)
    def _side(s: Any, slots: Slots) -> tuple:
        return (s._inline, s._top, s._h, s.width, s.height, s.gap,
                tuple(fingerprint(f, slots) for f in s.items))

    @fingerprints(base.Wide)
    def _wide(w: Any, slots: Slots) -> tuple:
        return (w._push, w.width, w.height, fingerprint(w.inner, slots))

    @fingerprints(base.Stack)
    def _stack(s: Any, slots: Slots) -> tuple:
        return (s.width, s.height, s.padding, colour(s.background), colour(s.bar), s.bar_width,
                s.role, tuple(s._sizes), tuple(fingerprint(f, slots) for f in s.items))

    @fingerprints(base.WithTrailer)
    def _trailer(w: Any, slots: Slots) -> tuple:
        return (w._gap, fingerprint(w.para, slots), w.trailer.height,
                fingerprint(w.trailer, slots))

    fingerprints(base.Indented)(_indented)
    fingerprints(QuoteBox)(_indented)

    def _grid(g: Any, slots: Slots) -> tuple:
        return (g._cw, g.gap, tuple((h, tuple(fingerprint(c, slots) for c in row))
                                    for row, h in g._rows))

    fingerprints(base.Grid)(_grid)
    fingerprints(grids.StatGrid)(_grid)       # (its own attributes only choose the layout)

    @fingerprints(base.Band)
    def _band(b: Any, slots: Slots) -> tuple:
        return (b.head, colour(b.background), b.padding, b.min_h,
                tuple(fingerprint(f, slots) for f in b.items))

    @fingerprints(grids.PrefixBox)
    def _prefix(p: Any, slots: Slots) -> tuple:
        return tuple(fingerprint(f, slots) for f in p.items)

    @fingerprints(grids.StatFigure)
    def _stat(f: Any, slots: Slots) -> tuple:
        return (f.vs, f.us, f.gap, f.value, f.unit, f.size, f.under)

    @fingerprints(Monogram)
    def _monogram(m: Any, slots: Slots) -> tuple:
        return (m.ch, m.size, m.style, colour(m.fill), colour(m.ink), m.font)

    @fingerprints(AwardItem)
    def _award(a: Any, slots: Slots) -> tuple:
        # (draw: the rule and dot, then the date and text at its height)
        return (a.dw, a.offset, a.line_width, a.radius, colour(a.line), colour(a.dot), a.last,
                a.width, a.height, fingerprint(a.date, slots), fingerprint(a.text, slots))

    @fingerprints(Model)
    def _model(m: Any, slots: Slots) -> tuple:
        # draw re-wraps each side paragraph at the side column of m.width (so
        # their own inputs and the width); the tiers' boxes from their wrapped
        # lines and heights; the layout values it reads, resolved here too
        c, comp, ts = m.c, m.comp, m.ts
        drawn = tuple(c.len("model", k) for k in ("tier_gap", "line_width", "node_gap",
                                                  "gutter", "border_width", "core_border_width"))
        inks = tuple(colour(c.color(comp[k])) for k in ("line_color", "node_fill", "node_border"))
        tiers = tuple((tuple(fingerprint(p, slots) for p in t.side), tuple(t.items),
                       tuple(tuple(ls) for ls in t.lines), t.node_h, t.height)
                      for t in m.tiers)
        return (m.width, m.height, _drawn_style(c.ctx, ts), float(comp["side"]), drawn, inks,
                tiers)

    _install_tables()


def _indented(i: Any, slots: Slots) -> tuple:
    """An Indented block (and its subclasses' common part): its tag, indent,
    bar, background and tail at its size, and what it holds."""
    role, key = i.tag or (None, None)
    return (role, None if key is None else slot(slots, key), i.left, colour(i.bar),
            i.bar_width, colour(i.background), i.pad, i._tail_h, i.width, i.height,
            fingerprint(i.inner, slots),
            None if i.tail is None else fingerprint(i.tail, slots))


def _drawn_style(ctx: Any, st: Any) -> tuple:
    """A paragraph style as a drawing sets it: the style, its font's PDF name
    and its colour resolved for the edition."""
    return (st, ctx.psnames[st.font], colour(ctx.color(st.color)))


def plain(v: Any) -> Any:
    """A table command's or cell style's value by value: numbers, strings and
    tuples as they are, a colour by its repr; anything else (a callable
    background …) has no audited meaning: unkeyed."""
    if v is None or isinstance(v, (str, int, float)):
        return v
    if isinstance(v, (tuple, list)):
        return tuple(plain(x) for x in v)
    if isinstance(v, Color):
        return colour(v)
    raise Unkeyed(type(v).__name__)


def shapes(node: Any) -> tuple:
    """A reportlab.graphics drawing or shape by value, as renderPDF reads
    it: its class and its own attributes (its class's are fixed), a group's
    or drawing's contents in order."""
    out: list[Any] = [type(node).__name__]
    for k, v in sorted(node.__dict__.items()):
        if k == "_attrMap":                  # (the attributes' validators)
            continue
        out.append((k, tuple(shapes(x) for x in v) if k == "contents" else plain(v)))
    return tuple(out)


def sheet_shapes(sheet: Any) -> tuple:
    """A chart's drawing by value (shapes), worked out once per sheet: a
    sheet is not changed once made, and a kept one (PageMemo.sheet) keys
    the chart's page in every build that has it."""
    held = sheet.shapes_key
    if held is None:
        held = sheet.shapes_key = shapes(sheet.drawing)
    return held


# what Table._drawCell reads of a cell's style
_CELL_STYLE = ("color", "leading", "fontname", "fontsize", "alignment", "valign", "leftPadding",
               "rightPadding", "topPadding", "bottomPadding", "href", "destination",
               "direction", "shaping")


_cell_values = attrgetter(*_CELL_STYLE)
_PLAIN = frozenset((type(None), str, int, float, bool))


def _cell_style(cs: Any) -> tuple:
    """A cell style by value (plain of each attribute Table._drawCell reads):
    its values as they are when all are plain scalars, as nearly always
    (plain returns those unchanged; one call per attribute was most of a
    table's key)."""
    values = _cell_values(cs)
    if _PLAIN.issuperset(map(type, values)):
        return values
    return tuple(plain(v) for v in values)


def _install_tables() -> None:
    """Tables (ReportLab's Table.draw as compose.tables uses it), their cells,
    list items, charts, TOC entries, full pages (covers, openers) and what
    they hold, key figures."""
    from ..compose.chart import Chart
    from ..compose.components import ListItem
    from ..compose.figures import Figures
    from ..compose.grids import WideFigure
    from ..compose.images import Photo, QRCode
    from ..compose.pages import FullPage, LogoSlot, QRWhite, SectionEntry
    from ..compose.tables import Ditto, GriTable, PageLinks, RowTable, SdgTile
    from ..compose.toc import TocEntry
    from ..pdf.tagging import TableTags

    def cell(v: Any, slots: Slots) -> tuple:
        if v is None or isinstance(v, (str, int, float)):
            return ("text", type(v).__name__, str(v))       # drawn as str(v)
        if isinstance(v, (list, tuple)):
            return tuple([fingerprint(f, slots) for f in v])
        return (fingerprint(v, slots),)

    @fingerprints(RowTable)
    def _row_table(t: Any, slots: Slots) -> tuple:
        # Table.draw: backgrounds (_bkgrndcmds), cells (values, styles: which
        # style objects cells share decides what _drawCell sets again), rules
        # (_linecmds), at the positions _calc gave; tagged by TableTags as a
        # piece that does or does not repeat the header. Spans, shadows and
        # rounded corners (not made by compose.tables) are not audited
        cb = t._renderCB
        if (t._spanCmds or getattr(t, "_shadow", None) or getattr(t, "_cornerRadii", None)
                or type(cb) is not TableTags or cb._open
                or any(getattr(t, a, None) for a in ("_hBlocks", "_vBlocks"))):
            raise Unkeyed("RowTable")
        # (list comprehensions: a table's ~300 cells and styles, in order)
        first: dict[int, int] = {}
        styles = tuple([tuple([(first.setdefault(id(cs), len(first)), _cell_style(cs))
                               for cs in row]) for row in t._cellStyles])
        cells = tuple([tuple([cell(v, slots) for v in row]) for row in t._cellvalues])
        return (t._nrows, t._ncols, t._width, t._height, tuple(t._colWidths),
                tuple(t._rowHeights), tuple(t._colpositions), tuple(t._rowpositions),
                plain(t._bkgrndcmds), plain(t._linecmds), styles, cells,
                cb.header_rows, t.header_repeated, t.repeatRows, slot(slots, cb), slot(slots, (cb, "head")),
                slot(slots, (cb, "body")))

    @fingerprints(GriTable)
    def _gri(g: Any, slots: Slots) -> tuple:
        if g._table is None:
            raise Unkeyed("GriTable")
        return fingerprint(g._table, slots)

    @fingerprints(Ditto)
    def _ditto(d: Any, slots: Slots) -> tuple:
        return (d.shown, fingerprint(d.name, slots))

    @fingerprints(SdgTile)
    def _tile(s: Any, slots: Slots) -> tuple:
        return (s.goal, s.size, s.style, colour(s.fill), colour(s.ink),
                s.ctx.psnames[s.style.font])

    @fingerprints(PageLinks)
    def _page_links(p: Any, slots: Slots) -> tuple:
        # each range drawn and linked (page-N), described with the label
        ctx, st = p.c.ctx, p.style
        return (tuple(p.ranges), _drawn_style(ctx, st), p.c.label("see_pages"), ctx.links)

    @fingerprints(ListItem)
    def _list_item(i: Any, slots: Slots) -> tuple:
        # L > LI > (Lbl, LBody): the Lbl opened first, re-entered to draw the
        # marker (wrapped at the indent first, as draw does)
        whole, item = i.keys
        marker = None
        if i.marker is not None:
            i.marker.wrap(i.left, 100)
            marker = fingerprint(i.marker, slots)
        return (None if whole is None else slot(slots, whole),
                None if item is None else slot(slots, item), marker) + _indented(i, slots)

    @fingerprints(Chart)
    def _chart(ch: Any, slots: Slots) -> tuple:
        # draw renders the sheet's shapes in a Figure with its alt text; a
        # crowded sheet (an error when drawn) or a build logging where charts
        # were drawn (compose.chart.ChartRecord) leaves the page unkeyed
        if getattr(ch.c.ctx, "chart_log", None) is not None:
            raise Unkeyed("Chart")
        sheet = ch.sheet_at_size()
        if sheet.crowded:
            raise Unkeyed("Chart")
        return (ch.alt, sheet_shapes(sheet))

    @fingerprints(FullPage)
    def _full_page(f: Any, slots: Slots) -> tuple:
        # the background over the bleed, the ornament's rings, the photo, then
        # each part wrapped at its width (and the page height) and set at its top
        photo = None
        if f.photo is not None:
            p, px, py = f.photo
            p.wrap(0, 0)                        # (as draw does first)
            photo = (fingerprint(p, slots), px, py)
        return (f.bleed, f.pw, f.ph, colour(f.bg), colour(f.accent), tuple(f.rings()), photo,
                tuple((fingerprint(p, slots), x, top, width) for p, x, top, width in f.parts))

    @fingerprints(Photo)
    def _photo(p: Any, slots: Slots) -> tuple:
        # an empty frame (its fill, outline and FPO mark), or the image as
        # prepared for its size (by its prepared file: Photo.prepared warns
        # of a low ppi here, before the page is drawn or replayed), clipped
        # to the frame in a Figure with its alt text
        frame = (p.w, p.h, colour(p.background), colour(p.frame), p.frame_width)
        if p.image is None:
            return frame
        reader, dw, dh = p.prepared()
        if not isinstance(getattr(reader, "fileName", None), str):
            raise Unkeyed("Photo")
        return frame + (p.alt, reader.fileName, slot(slots, reader), dw, dh)

    @fingerprints(WideFigure)
    def _wide_figure(f: Any, slots: Slots) -> tuple:
        # its photo wrapped at the measure (or the page and its bleed) as draw
        # does first; set back to the trim's edge by where it is placed
        # (page_x: the placing's x, in the page's key)
        w = f._width(f.width)
        f.photo.wrap(w, f.height)
        lay = f.c.layout
        return (f.bleed, w, f.c.trim_origin if f.bleed else None, lay.bleed,
                fingerprint(f.photo, slots))

    @fingerprints(LogoSlot)
    def _logo(s: Any, slots: Slots) -> tuple:
        return (s.slot_w, s.slot_h, fingerprint(s.text, slots))

    @fingerprints(QRWhite)
    def _qr_tile(t: Any, slots: Slots) -> tuple:
        return (t.pad, colour(t.paper), fingerprint(t.qr, slots))

    @fingerprints(QRCode)
    def _qr(q: Any, slots: Slots) -> tuple:
        # the code's modules follow from the URL and colour (qr_modules); the
        # link over it when the edition has links
        return (q.url, colour(q.color), q.size, q.ctx is not None and q.ctx.links)

    @fingerprints(SectionEntry)
    def _section(e: Any, slots: Slots) -> tuple:
        ctx, st = e.c.ctx, e.style
        return (e.key, ctx.page_of(e.key), slot(slots, ("opener", e.chapter)),
                _drawn_style(ctx, st), e.num_w, ctx.links, e.title.text,
                fingerprint(e.title, slots))

    @fingerprints(Figures)
    def _figures(f: Any, slots: Slots) -> tuple:
        # rows of cells (figure parts on one baseline, the label under them,
        # re-wrapped at the cell's width), tiles and arrows or rules between
        c, ctx, vs = f.c, f.c.ctx, f.vs
        inks = ((colour(c.color(f.comp["tile_color"])), colour(c.color(f.comp["arrow_color"])))
                if f.flow else (colour(c.color(f.comp["rule_color"])),
                                c.len("figures", "rule_width")))
        rows = tuple((tuple((x.prefix, x.value, x.unit, fingerprint(x.label, slots)) for x in row),
                      cw, h) for row, cw, h in f.layout_rows)
        return (f.flow, f.pad, f.gap, f.size, f.usize, _drawn_style(ctx, vs), inks, f.row_gap,
                rows)

    @fingerprints(TocEntry)
    def _toc_entry(e: Any, slots: Slots) -> tuple:
        # the title, the page number it shows now, the leaders to the number
        # column, the link to its key
        ctx, st, ls = e.c.ctx, e.style, e.leader_style
        return (e.key, ctx.page_of(e.key), _drawn_style(ctx, st), _drawn_style(ctx, ls),
                e.indent, e.numw, e.leader_end, e.gap, e.leader, ctx.links, e.title.text,
                fingerprint(e.title, slots))


# -- what a page did -------------------------------------------------------------------

@dataclass(eq=True)
class PageRecord:
    """A page's drawing: its stream and its side effects, in slot form."""

    code: list[str]
    sem: list[Any]
    text_at: frozenset[int]
    ops: list[tuple]                 # side effects in order (see Recorder)
    fonts: tuple[str, ...]           # faces used, in first-use order
    gstates: dict[Any, str]          # the page's named graphics states
    outline_level: Any               # canvas._csr_outline_level after the page
    # what pdf.canvas made of the page once (its hash, its compressed stream):
    # a pure function of the drawing above, kept so a replayed page is not
    # hashed and compressed again (not part of the comparison: derived)
    page_hash: str | None = field(default=None, compare=False, repr=False)
    stream: str | None = field(default=None, compare=False, repr=False)
    stream_key: bytes | None = field(default=None, compare=False, repr=False)
    packed: bytes | None = field(default=None, compare=False, repr=False)

    def shown_by(self, canv: Any) -> bool:
        """The canvas's page is this record's drawing, the very objects (the
        page was replayed from it or recorded into it, and nothing was added
        since): what is derived from the record is the page's."""
        return (len(canv._code) == len(self.code) and all(map(is_, canv._code, self.code))
                and len(canv._sem) == len(self.sem) and all(map(is_, canv._sem, self.sem))
                and canv._text_at == self.text_at)


_ACCUMULATORS = ("_annotationrefs", "_formsinuse", "_shadingUsed",
                 "_psCommandsBeforePage", "_psCommandsAfterPage")   # (_colorsUsed: see Recorder)


class ByValue:
    """A colour in a record, compared by value (its repr), used as itself."""

    __slots__ = ("value", "_repr")

    def __init__(self, value: Any) -> None:
        self.value, self._repr = value, repr(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ByValue) and other._repr == self._repr

    def __hash__(self) -> int:
        return hash(self._repr)

    def __repr__(self) -> str:
        return self._repr


# canvas calls recorded and replayed (see Recorder._call): link annotations
_CALLS = ("linkRect", "linkURL")

# recorded and replayed: fonts, the PDF version, and the "in a page" mark
# that bookmarkPage sets (forms, the other value, show in the accumulators)
_FOLLOWED = ("fontMapping", "delayedFonts", "_pdfVersion", "inObject")


def _doc_state(canv: Any) -> tuple:
    """What drawing may change outside the page stream: the document's
    registries by size and its plain values, the page's accumulators. A
    change here (other than the fonts and the PDF version, recorded) makes
    the page unrecordable: its drawing did something replay would not redo."""
    doc = canv._doc
    state = []
    for name, v in sorted(doc.__dict__.items()):
        if name in _FOLLOWED:
            continue
        if isinstance(v, (dict, list, set)):
            state.append((name, len(v)))
        elif v is None or isinstance(v, (int, float, str, tuple)):
            state.append((name, v))
    return (tuple(state), canv._currentPageHasImages, canv._formData, len(canv._codeStack),
            canv._annotationCount, tuple(len(getattr(canv, a)) for a in _ACCUMULATORS))


class Recorder:
    """Records one page's side effects while it is drawn: the tagger's and the
    canvas's calls are wrapped on the instances for the page's duration."""

    def __init__(self, canv: Any, slots: Slots) -> None:
        self.canv, self.ops = canv, []
        self.ok = True
        self._slot_of: dict[Any, int] = {}
        for i, k in enumerate(slots):
            self._slot_of.setdefault(k, i)
        self._wrapped: list[tuple[Any, str]] = []
        self._opened: dict[int, int] = {}   # element (id) → its first open on the page
        self._opens = 0

    def __enter__(self) -> "Recorder":
        canv, ops = self.canv, self.ops
        canv.fonts_log = {}
        self._state = _doc_state(canv)
        self._fonts = len(canv._doc.delayedFonts)

        def wrap(obj: Any, name: str, make: Callable[[Any], Callable[..., Any]]) -> None:
            obj.__dict__[name] = make(getattr(obj, name))
            self._wrapped.append((obj, name))

        versions: set[tuple] = set()

        def ensure(real: Callable[..., None]) -> Callable[..., None]:
            def ensure_min(*keys: str) -> None:
                if keys not in versions:
                    versions.add(keys)
                    ops.append(("pdf version", keys))
                real(*keys)
            return ensure_min

        wrap(canv._doc, "ensureMinPdfVersion", ensure)
        self._colours: dict[str, None] = {}

        def add_colour(real: Callable[..., Any]) -> Callable[..., Any]:
            def add(cmyk: Any) -> Any:
                got = self._checked(real, cmyk)  # (name, spot name): a Separation
                if got[0] not in self._colours:
                    self._colours[got[0]] = None
                    ops.append(("separation", ByValue(cmyk)))
                return got
            return add

        if canv._colorsUsed:
            self.ok = False
        wrap(canv._doc, "addColor", add_colour)
        wrap(canv, "bookmarkPage", lambda real: lambda key, **kw: (
            ops.append(("bookmark", key, tuple(sorted(kw.items())))), real(key, **kw))[1])
        wrap(canv, "addOutlineEntry", lambda real: lambda title, key, level=0, closed=None: (
            ops.append(("outline", title, key, level, closed)),
            real(title, key, level, closed))[1])
        self._depth = 0
        for name in _CALLS:
            wrap(canv, name, lambda real, name=name: self._call(name, real))
        wrap(canv, "drawImage", self._image)
        t = canv.tagger
        if t is not None:
            if t.stack != [t.root] or t.artifact_depth:
                self.ok = False
            wrap(t, "open", lambda real: self._open(real))
            wrap(t, "close", lambda real: lambda: (ops.append(("close",)), real())[1])
            wrap(t, "begin_marked", lambda real: self._marked(real))
            wrap(t, "link", lambda real: lambda contents: (
                ops.append(("link", contents)), real(contents))[1])
        return self

    def _call(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        """A canvas call whose effects are outside the stream (a link
        annotation), recorded with its arguments and the transformation it
        was made under: replaying it makes the same annotation. Anything else
        the document gained since the last recorded call was not recorded."""
        canv = self.canv

        def call(*args: Any, **kw: Any) -> Any:
            if self._depth:                 # inside a recorded call: part of it
                return real(*args, **kw)
            self.ops.append(("call", name, args, tuple(sorted(kw.items())),
                             canv._currentMatrix))
            self._depth += 1
            try:
                return self._checked(real, *args, **kw)
            finally:
                self._depth -= 1
        return call

    def _image(self, real: Callable[..., Any]) -> Callable[..., Any]:
        """An image drawn: its stream lines and the XObject the document
        registers for it. The image is a slot of the page (the reader of a
        prepared file its key names: Photo), so a replay registers the
        build's own reader's image."""
        canv = self.canv

        def draw_image(image: Any, x: float, y: float, width: Any = None, height: Any = None,
                       **kw: Any) -> Any:
            n = self._slot_of.get(image) if isinstance(image, ImageReader) else None
            if kw or self._depth or n is None:
                self.ok = False
            at = len(canv._code)
            got = self._checked(real, image, x, y, width, height, **kw)
            self.ops.append(("image", n, x, y, width, height, tuple(canv._code[at:])))
            return got
        return draw_image

    def _checked(self, real: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """A recorded call whose changes to the document replaying it redoes
        (a link annotation, a separation colour's first use): the document
        must not have changed since the last one (else something unrecorded
        did), and what it has now is the new state to compare with."""
        canv = self.canv
        if _doc_state(canv) != self._state:
            self.ok = False
        try:
            return real(*args, **kw)
        finally:
            self._state = _doc_state(canv)

    def _open(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def open_(role: Any, key: Any = None, attrs: Any = None, element: Any = None) -> Any:
            if element is not None:         # re-entering an element this page opened
                n = self._opened.get(id(element))
                if n is None or role is not None or key is not None or attrs:
                    self.ok = False         # one of an earlier page: not replayable
                    n = -1
                self.ops.append(("reenter", n))
                return real(role, key, attrs, element)
            if key is None or isinstance(key, str):
                ref: Any = ("value", key)
            elif key in self._slot_of:
                ref = ("slot", self._slot_of[key])
            else:
                self.ok = False
                ref = ("unknown",)
            self.ops.append(("open", role, ref, tuple(sorted((attrs or {}).items()))))
            el = real(role, key, attrs, element)
            self._opened.setdefault(id(el), self._opens)
            self._opens += 1
            return el
        return open_

    def _marked(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def begin_marked(code: list[str]) -> None:
            real(code)
            self.ops.append(("marked", code[-1]))
        return begin_marked

    def __exit__(self, *exc: Any) -> None:
        for obj, name in self._wrapped:
            obj.__dict__.pop(name, None)
        canv = self.canv
        t = canv.tagger
        if t is not None and (t.stack != [t.root] or t.artifact_depth):
            self.ok = False
        if _doc_state(canv) != self._state:
            self.ok = False
        if list(canv._colorsUsed) != list(self._colours):   # separations: all recorded
            self.ok = False
        doc = canv._doc
        if any(not getattr(getFont(f), "_cid", False) for f in doc.fontMapping):
            self.ok = False                 # a font whose resource name depends on order
        self.fonts = tuple(canv.fonts_log)
        canv.fonts_log = None

    def record(self) -> PageRecord:
        canv = self.canv
        return PageRecord(list(canv._code), list(canv._sem), frozenset(canv._text_at),
                          self.ops, self.fonts, dict(canv._extgstate._c),
                          getattr(canv, "_csr_outline_level", None))


# -- the memo ---------------------------------------------------------------------------

class PageKey:
    """A page's key (a tuple of its exact inputs) with its hash made once: a
    tuple's hash is not kept, and a page's nested key was hashed again for
    each look-up and store of a build (three, with the memo's two dicts).
    Equal when the tuples are equal; pickled as its tuple (a string's hash
    differs from one process to the next: a restored key hashes anew).

    The hash is of the key's shallow part (see shallow_hash), not of every
    flowable's fingerprint (~5 ms a build: a style's dataclass hash, every
    paragraph's runs …): equality still compares the whole tuple, so a
    weaker hash only lets the versions of one page (its number is in the
    hash) meet in a bucket, never be taken for one another."""

    __slots__ = ("value", "_hash")

    def __init__(self, value: tuple) -> None:
        self.value, self._hash = value, shallow_hash(value)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, PageKey) and self._hash == other._hash
                                 and self.value == other.value)

    def __reduce__(self) -> tuple:
        return (PageKey, (self.value,))

    def __repr__(self) -> str:
        return f"PageKey({self.value!r})"


def shallow_hash(value: tuple) -> int:
    """The hash of a page key's page-level inputs (Replay.page_key: kind,
    number, running heads, outline level, graphics state) and of where each
    flowable is placed (frame, x, y), without the flowables' fingerprints. A
    key of another shape (a test's) hashes whole."""
    *page, placed = value
    if type(placed) is tuple and all(type(p) is tuple and len(p) == 5 for p in placed):
        return hash((*page, tuple(p[:4] for p in placed)))
    return hash(value)


@dataclass
class PageMemo:
    """Recorded pages of the session's builds, for one build context (layout,
    edition, fonts, report metadata): a new context starts empty. Entries not
    used by a build are dropped after the next one (as StreamMemo)."""

    context: Any = None
    last: dict[Any, PageRecord] = field(default_factory=dict)
    now: dict[Any, PageRecord] = field(default_factory=dict)
    restored: list[PageRecord] = field(default_factory=list)   # the records read (restored)
    # what drawing a chart works out (compose.chart.Sheet), by the chart's
    # inputs, for this context: a watch build whose chart is unchanged does
    # not plan and place its shapes and labels again (~1.5 ms a chart) to key
    # or draw its page. Entries not used by a build are dropped after it
    sheets: dict[Any, Any] = field(default_factory=dict)
    _sheets_used: set[Any] = field(default_factory=set)
    # the last build's chapters as composed and laid out (paginate.segments.Tape,
    # by the id of their first block): replayed whole when an edit cannot change them
    tapes: dict[int, Any] = field(default_factory=dict)
    trace: Any = None       # the chapter being taped (segments.Trace): the sheets it used

    def start(self, context: Any) -> None:
        if context != self.context:
            self.context, self.last, self.now = context, {}, {}
            self.sheets, self._sheets_used = {}, set()
            self.tapes = {}
        elif self.now:
            self.last, self.now = {**self.last, **self.now}, {}

    def sheet(self, key: Any, make: Callable[[], Any]) -> Any:
        """The drawing worked out for `key` in this context (`make` makes it):
        `key` must hold everything the drawing reads besides the context
        (compose.chart.Chart.sheet_at_size). In verify mode (VERIFY_ENV) a
        kept one is made again and must be the same shapes and labels."""
        key = (self.context, key)
        held = self.sheets.get(key)
        if held is None:
            held = self.sheets[key] = make()
        elif os.environ.get(VERIFY_ENV) == "1":
            again = make()
            if (sheet_shapes(again) != sheet_shapes(held) or again.boxes != held.boxes
                    or again.crowded != held.crowded):
                raise ReplayMismatch("a chart's kept drawing differs from drawing it again")
        self._sheets_used.add(key)
        if self.trace is not None:
            self.trace.sheets.add(key)
        return held

    def keep_sheets(self, keys: set[Any]) -> None:
        """Keep these drawings as used by this build (a replayed chapter's)."""
        self._sheets_used |= {k for k in keys if k in self.sheets}
        if self.trace is not None:
            self.trace.sheets |= keys

    def get(self, key: Any) -> PageRecord | None:
        rec = self.now.get(key)
        if rec is None:
            rec = self.last.get(key)
            if rec is not None:
                self.now[key] = rec
        return rec

    def put(self, key: Any, rec: PageRecord) -> None:
        self.now[key] = rec

    def finish(self) -> None:
        """The last pass of a build is done: keep only what it used."""
        self.last, self.now = self.now, {}
        self.sheets = {k: v for k, v in self.sheets.items() if k in self._sheets_used}
        self._sheets_used = set()

    def saved(self) -> tuple:
        """What a new process needs to replay the pages the last build kept
        (the build saves it in the project cache): the context and each
        page's key and drawing, without what pdf.canvas makes of the drawing
        again cheaply (the compressed stream: the StreamMemo keeps it)."""
        return (self.context, [(k, r.code, r.sem, r.text_at, r.ops, r.fonts, r.gstates,
                                r.outline_level, r.page_hash) for k, r in self.last.items()])

    @classmethod
    def from_saved(cls, saved: Any) -> "PageMemo":
        """The memo `saved` made (raises on anything else: the caller
        starts empty then)."""
        context, entries = saved
        last = {}
        for k, code, sem, text_at, ops, fonts, gstates, level, page_hash in entries:
            if not (type(code) is list and type(sem) is list and type(text_at) is frozenset
                    and type(ops) is list and type(fonts) is tuple and type(gstates) is dict
                    and (page_hash is None or type(page_hash) is str)):
                raise ValueError("not a saved page record")
            last[k] = PageRecord(code, sem, text_at, ops, fonts, gstates, level, page_hash)
        return cls(context, last, restored=list(last.values()))

    def as_restored(self) -> bool:
        """The last build kept exactly the records restored (nothing new to save)."""
        ids = {id(r) for r in self.restored}
        return len(self.last) == len(ids) and all(id(r) in ids for r in self.last.values())


class Replay:
    """Drawing or replaying the pages of one pass (see the module docstring)."""

    def __init__(self, memo: PageMemo, verify: bool | None = None) -> None:
        self.memo = memo
        self.verify = os.environ.get(VERIFY_ENV) == "1" if verify is None else verify
        # pages replayed; drawn (and recorded); drawn unkeyed; drawn and not
        # recordable; drawn and checked against the memo (verify mode)
        self.replayed = self.drawn = self.unkeyed = self.unrecorded = self.verified = 0
        if not _FINGERPRINTS:
            _install()

    def page_key(self, doc: Any, canv: Any, kind: str) -> tuple[PageKey, Slots] | None:
        """The page's key and its element slots, or None (an unkeyed page)."""
        if canv._code:
            return None
        slots: Slots = []
        try:
            placed = tuple((frame.id, x, y, sw, fingerprint(f, slots))
                           for f, frame, x, y, sw in doc.placed)
        except Unkeyed:
            return None
        st = doc.state
        key = (kind, doc.page, st.page_running, st.running,
               getattr(canv, "_csr_outline_level", None), _graphics_state(canv), placed)
        return PageKey(key), slots

    def end_page(self, doc: Any, canv: Any, kind: str, draw: Callable[[], None]) -> None:
        """Draw the page (`draw`), or replay it from the memo."""
        log = getattr(doc, "page_log", None)
        if log is None:
            log = {}
        log[doc.page] = None            # (the page's key and record, when it has both)
        keyed = self.page_key(doc, canv, kind)
        rec = self.memo.get(keyed[0]) if keyed is not None else None
        if rec is not None and not self.verify and self._ready(canv):
            self._apply(rec, doc, canv, keyed[1])
            canv.page_record = rec
            doc.placed.clear()
            self.replayed += 1
            log[doc.page] = (keyed[0], rec, keyed[1])
            return
        if keyed is None:
            self.unkeyed += 1
            draw()
            return
        t = canv.tagger
        traced = len(t.trace) if t is not None else 0
        with Recorder(canv, keyed[1]) as r:
            draw()
        self.drawn += 1
        got = r.record() if r.ok else None
        if got is not None and t is not None:   # (traced as its replay will be)
            t.recorded(traced, got.ops)
        if rec is not None:
            if got != rec:
                raise ReplayMismatch(f"page {doc.page}: a replayed page differs from its "
                                     f"drawing ({_first_difference(rec, got)})")
            self.verified += 1
            canv.page_check = rec           # its hash and stream: checked too
        if got is None:
            self.unrecorded += 1
            return
        canv.page_record = got
        self.memo.put(keyed[0], got)
        log[doc.page] = (keyed[0], got, keyed[1])

    def apply_taped(self, doc: Any, canv: Any, key: Any, rec: PageRecord, slots: Slots) -> None:
        """A page of a replayed segment (paginate.segments): its record, as a
        page whose key is found replays it, without laying it out or keying it."""
        if canv._code or not self._ready(canv):
            from .segments import SegmentMiss

            raise SegmentMiss(f"page {doc.page}: not ready to replay")
        self._apply(rec, doc, canv, slots)
        canv.page_record = rec
        self.memo.put(key, rec)
        self.replayed += 1

    @staticmethod
    def _ready(canv: Any) -> bool:
        t = canv.tagger
        return t is None or (t.stack == [t.root] and not t.artifact_depth)

    @staticmethod
    def _apply(rec: PageRecord, doc: Any, canv: Any, slots: Slots) -> None:
        """The page's stream and side effects, as drawing them gave."""
        canv._code[:] = rec.code
        canv._sem = list(rec.sem)
        canv._text_at = set(rec.text_at)
        for name in rec.fonts:
            getFont(name).internal_name(canv._doc)
        canv._extgstate._c.update(rec.gstates)
        if rec.outline_level is not None:
            canv._csr_outline_level = rec.outline_level
        t = canv.tagger

        def other(op: tuple) -> None:
            """An operation other than tagging's (those: Tagger.replay)."""
            what = op[0]
            if what == "bookmark":
                canv.bookmarkPage(op[1], **dict(op[2]))
            elif what == "outline":
                canv.addOutlineEntry(*op[1:])
            elif what == "image":           # the XObject registered, its lines kept
                at = len(canv._code)
                canv.drawImage(slots[op[1]], *op[2:6])
                if tuple(canv._code[at:]) != op[6]:
                    raise ReplayMismatch(f"page {doc.page}: an image replayed as other lines")
                del canv._code[at:]
            elif what == "call":
                held, canv._currentMatrix = canv._currentMatrix, op[4]
                try:
                    getattr(canv, op[1])(*op[2], **dict(op[3]))
                finally:
                    canv._currentMatrix = held
            elif what == "pdf version":
                canv._doc.ensureMinPdfVersion(*op[1])
            elif what == "separation":          # as ReportLab's _checkSeparation
                name, sname = canv._doc.addColor(op[1].value)
                canv._colorsUsed.setdefault(name, sname)
            elif t is None:                 # (a tagging operation on an untagged canvas)
                raise ReplayMismatch(f"page {doc.page}: {what} replayed without a tagger")

        if t is not None:
            t.replay(rec.ops, slots, other, lambda why: ReplayMismatch(f"page {doc.page}: {why}"))
        else:
            for op in rec.ops:
                other(op)


def _graphics_state(canv: Any) -> tuple:
    """The canvas's graphics state as the page's drawing starts (the initial
    one, unless something changed it while the page was laid out)."""
    d = canv.__dict__
    return (tuple([repr(d.get(a)) for a in canv.STATE_ATTRIBUTES if a != "_extgstate"]),
            tuple(sorted(canv._extgstate._d.items())), len(canv.state_stack))


def _first_difference(a: PageRecord, b: PageRecord | None) -> str:
    if b is None:
        return "its drawing is no longer recordable"
    for name in ("code", "sem", "text_at", "ops", "fonts", "gstates", "outline_level"):
        if getattr(a, name) != getattr(b, name):
            return name
    return "?"
