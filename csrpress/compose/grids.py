"""Grid components: stat callouts, story cards, figures and cards."""
from __future__ import annotations

import re
from typing import Any, Iterable

from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import marked
from ..source.content import Block
from ..text.normalise import group_number, year_at
from ..text.paragraph import DESCENT, Paragraph
from .base import Grid, Stack
from .context import Composer
from .images import Photo, QRCode


def stats(c: Composer, blocks: list[Block]) -> list[Flowable]:
    """Consecutive stat blocks as one grid of big-number callouts."""
    comp = c.layout.components["stat"]
    # a negative figure with the typeset minus, as tables and charts print it
    minus = minus_sign(c, (c.layout.style("stat-value").font,))
    cells: list[Flowable] = []
    figures: list[StatFigure] = []
    heads: list[Flowable] = []
    # a row of stats is one set of figures, grouped alike ('1,100 多家' beside '10,000 多个')
    rule = grouped_alike_texts(c.ctx.numbers, [str(b.value) for b in blocks])
    for b in blocks:
        items: list[Flowable] = []
        head = PrefixBox(heads)
        if b.get("prefix"):
            head.items.append(Paragraph(b.get("prefix"), c.layout.style("stat-label"), c.ctx))
        items.append(head)
        fig = StatFigure(c, figure_text(str(b.value), str(b.get("unit", "") or ""), rule, minus),
                         b.get("unit", ""))
        _check_stat_width(c, b, fig, float(comp["min_scale"]),
                          c.len("stat", "padding") * 2 + c.len("stat", "bar_width"))
        figures.append(fig)
        items.append(fig)
        for key in ("label", "note"):
            if b.get(key):
                items.append(Paragraph(b.get(key), c.layout.style("stat-label"), c.ctx))
        cells.append(Stack(items, padding=c.len("stat", "padding"),
                           bar=c.color(comp["rule_color"]), bar_width=c.len("stat", "bar_width")))
    return [StatGrid(cells, figures, int(comp["columns"]), c.len("stat", "gap"),
                     c.len("stat", "padding") * 2 + c.len("stat", "bar_width"))]


def figure_text(value: str, unit: str, rule: dict, minus: str) -> str:
    """A stat's or key figure's figure as printed: grouped by the row's rule, a negative one
    with the typeset minus; a year (1998 before 年) as typed, as running text
    keeps one (a report that groups four digits printed '成立 2,024 年')."""
    from .tables import typeset_minus

    if year_at(value.replace("**", ""), unit.lstrip()):
        return value.replace("**", "")
    return typeset_minus(number_format(value, rule), minus)


def _check_stat_width(c: Composer, b: Block, fig: "StatFigure", min_scale: float,
                      inset: float) -> None:
    """A figure (with its unit) too wide even for a cell the whole measure
    wide is set smaller to fit; below min_scale of its style's size it is no
    longer a big number but small print: an error at its line, not a
    figure shrunk to a hairline."""
    size = fig.fit_size(c.measure() - inset)
    if size < min_scale * fig.vs.size - 1e-6:
        c.errors.error(b.mark, f"this figure is too long for a stat callout: to fit the "
                       f"{c.measure():.0f} pt measure it would be set at {size:.1f} pt, under "
                       f"{min_scale:g} × stat-value's {fig.vs.size:g} pt "
                       f"(components.stat.min_scale)",
                       "shorten the figure (put words in label: or prefix:), or write it "
                       "in a paragraph")


MINUS = "\u2212"


def minus_sign(c: Composer, faces: tuple[str, ...]) -> str:
    """The minus a negative figure is printed with: U+2212 (the typeset minus,
    as wide as a figure's +) where every face that prints it has one, else the
    hyphen-minus (a glyph drawn must be in its font)."""
    fonts = c.ctx.fonts
    return MINUS if all(MINUS in fonts[face].charset for face in faces) else "-"


def number_format(value: str, rule: dict) -> str:
    """A figure as layout writes numbers: digits grouped by thousands (from
    `group_from` integer digits on, with `thousands`); other text untouched."""
    return group_number(value.replace("**", ""), str(rule.get("thousands", "")),
                        int(rule.get("group_from", 5)))


def grouped_alike(rule: dict, figures: Iterable[float]) -> dict:
    """The number rule for a set of figures printed together (a chart's
    values, totals and scale): GB/T 15835 groups integer parts of
    `group_from` digits or more and lets shorter ones stand whole, but one
    set is grouped alike. With one figure grouped, every figure of four
    digits or more is: a legend of '12,600 吨' beside '3400 吨', or a scale
    of 5000 under 10,000, read as two rules."""
    least = int(rule.get("group_from", 5))
    if not rule.get("thousands") or least <= 4:
        return rule
    if any(abs(v) >= 10 ** (least - 1) for v in figures):
        return {**rule, "group_from": 4}
    return rule


def grouped_alike_texts(rule: dict, figures: Iterable[str]) -> dict:
    """grouped_alike for figures typed as text (stat callouts, key figures):
    those that are a number (digits, typed grouped or not, decimals) count."""
    sep = str(rule.get("thousands", ""))
    values = []
    for text in figures:
        plain = text.replace("**", "").replace(sep, "") if sep else text.replace("**", "")
        if re.fullmatch(r"\d+(?:\.\d+)?", plain):
            values.append(float(plain))
    return grouped_alike(rule, values)


class StatGrid(Grid):
    """Stat callouts on the column grid: as many columns (up to the layout's)
    as let every figure stand at its full size, rows balanced (4 → 2 + 2, not
    3 + 1; 3 that do not fit across → one a row, not 2 + 1); one figure size
    in a row, never shrunk to fit."""

    def __init__(self, cells: list[Flowable], figures: list["StatFigure"], columns: int,
                 gap: float, inset: float) -> None:
        super().__init__(cells, columns, gap)
        self.figures, self.most, self.inset = figures, max(1, columns), inset

    def _layout(self, aw: float) -> None:
        n = len(self.cells)
        beside = self._balanced(self._columns(aw, False))
        # the units under their figures where that sets more across ('23.5' over
        # 'million sq ft'): three English stats stood one a row
        under = beside < min(self.most, n) and self._balanced(self._columns(aw, True)) > beside
        for f in self.figures:
            f.under = under
        self.columns = self._balanced(self._columns(aw, True)) if under else beside
        cw = (aw - self.gap * (self.columns - 1)) / self.columns - self.inset
        for r in range(0, n, self.columns):     # a lone column may still be too narrow
            row = self.figures[r:r + self.columns]
            size = min(f.fit_size(cw, under) for f in row)
            for f in row:
                f.size = size
        super()._layout(aw)

    def _balanced(self, cols: int) -> int:
        """The columns rows balanced at most `cols` across take (4 in 3 → 2 +
        2); two across with one left over (3 → 2 + 1) are one a row: the last
        figure stood alone under a pair, half a row of nothing beside it, as if
        it belonged to neither."""
        n = len(self.cells)
        rows = -(-n // cols)
        columns = -(-n // rows)
        return 1 if columns == 2 and n % 2 else columns

    def _columns(self, aw: float, under: bool) -> int:
        """The most columns (up to the layout's) whose cells hold every
        figure at its full size, each unit beside its figure or under it."""
        cols = min(self.most, len(self.cells))
        while cols > 1 and not self._fit(aw, cols, under):
            cols -= 1
        return cols

    def _fit(self, aw: float, cols: int, under: bool = False) -> bool:
        cw = (aw - self.gap * (cols - 1)) / cols - self.inset
        return all(f.fit_size(cw, under) >= f.vs.size for f in self.figures)


class PrefixBox(Flowable):
    """The text above a stat's figure, as tall as the tallest of its group, so
    that the figures of a group stand on one line."""

    def __init__(self, group: list[Flowable]) -> None:
        super().__init__()
        self.items: list[Flowable] = []
        self.group = group
        group.append(self)

    def _measure(self, aw: float) -> float:
        h = 0.0
        for f in self.items:
            _, fh = f.wrap(aw, 1e6)
            h += fh + f.getSpaceAfter()
        return h

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = max(p._measure(aw) for p in self.group)
        return aw, self.height

    def draw(self) -> None:
        y = self.height
        for f in self.items:
            f.wrap(self.width, 1e6)
            y -= f.height
            f.drawOn(self.canv, 0, y)
            y -= f.getSpaceAfter()


class StatFigure(Flowable):
    """The big number with its unit set beside it on one baseline, or under
    it (``under``, set by the grid: where that sets more stats across)."""

    def __init__(self, c: Composer, value: str, unit: str) -> None:
        super().__init__()
        self.vs, self.us = c.layout.style("stat-value"), c.layout.style("stat-unit")
        self.gap = c.len("stat", "unit_gap")
        self.ctx = c.ctx
        self.value, self.unit = value.replace("**", ""), unit
        self.size = self.vs.size
        self.under = False
        c.ctx.claim(self.vs, self.value)
        c.ctx.claim(self.us, self.unit)

    def _w(self, text: str, style: Any) -> float:
        return sum(self.ctx.width(style.font, ch) for ch in text) * style.size

    def fit_size(self, width: float, under: bool = False) -> float:
        """The figure's size in a cell this wide: the style's, or less when
        even a one-column cell is too narrow for it (0: its unit, set under
        it, is wider than the cell)."""
        vw = self._w(self.value, self.vs)
        if under:
            room = width if self._w(self.unit, self.us) <= width else 0.0
        else:
            room = width - self._w(self.unit, self.us) - self.gap
        return self.vs.size if vw <= room else self.vs.size * max(room, 0.0) / vw

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.height = self.vs.leading + (self.us.leading if self.under and self.unit else 0.0)
        return aw, self.height

    def draw(self) -> None:
        with marked(self.canv, "P"):
            self._draw()

    def _draw(self) -> None:
        c = self.canv
        # (a unit under the figure: the figure's line above the unit's)
        below = self.us.leading if self.under and self.unit else 0.0
        base = below + (self.vs.leading - self.vs.size) / 2 + DESCENT * self.vs.size
        size = self.size     # one size for the row (set by the grid)
        vw = self._w(self.value, self.vs) * size / self.vs.size
        c.setFillColor(self.ctx.color(self.vs.color))
        c.setFont(self.ctx.psnames[self.vs.font], size)
        c.drawString(0, base, self.value)
        c.setFillColor(self.ctx.color(self.us.color))
        c.setFont(self.ctx.psnames[self.us.font], self.us.size)
        if below:           # (on its own line under the figure, at the figure's left)
            c.drawString(0, (below - self.us.size) / 2 + DESCENT * self.us.size, self.unit)
        else:
            c.drawString(vw + self.gap, base, self.unit)


def least_column(c: Composer) -> float:
    """The narrowest column that holds text: the layout's grid.side_min_width
    (em of body), which a side column needs to hold blocks at all."""
    spec = c.layout.grid or {}
    return c.pt(spec.get("side_min_width", "8em"), c.layout.style("body").size)


def stories(c: Composer, blocks: list[Block]) -> list[Flowable]:
    """Consecutive story blocks as a grid of user cards (photo, name, handle, text, QR)."""
    comp = c.layout.components["story"]
    pw, ph = c.len("story", "photo_width"), c.len("story", "photo_height")
    cells: list[Flowable] = []
    for b in blocks:
        items: list[Flowable] = []
        if b.get("image"):
            alt = str(b.get("alt") or c.label("story_user") + str(b.value))
            items.append(Photo(c, b.get("image"), pw, ph, b.mark_of("image"), alt=alt))
        if b.get("title"):
            items.append(Paragraph(b.get("title"), c.layout.style("story-title"), c.ctx))
        items.append(Paragraph(c.label("story_user") + str(b.value), c.layout.style("story-name"), c.ctx))
        if b.get("handle"):
            items.append(Paragraph(c.label("story_handle") + str(b.get("handle")),
                                   c.layout.style("story-id"), c.ctx))
        if b.get("text"):
            items.append(Paragraph(b.get("text"), c.layout.style("story-text"), c.ctx))
        if b.get("url"):
            items.append(QRCode(b.get("url"), c.len("story", "qr_size"), c.color("ink"), c.ctx))
        cells.append(Stack(items, padding=c.len("story", "padding"),
                           background=c.color(comp["background"]),
                           bar=c.color(comp["frame_color"]), bar_width=c.len("story", "bar_width"),
                           snap_em=c.layout.style("story-text").size))
    return [Grid(cells, int(comp["columns"]), c.len("story", "gap"), min_cell=least_column(c))]


def figures(c: Composer, blocks: list[Block]) -> list[Flowable]:
    """Consecutive figure blocks: column-wide ones as a row of photos with
    captions on the layout's column grid; a full-measure or bleed figure
    stands alone at its image's proportions.

    A figure without a photo never prints an empty frame in an edition: it
    takes the treatment layout names (figure.without_photo): its caption as
    a line of text, a captioned panel, nothing, or a frame marked FPO (for
    proofs). Each missing photo is a warning, and an error in the editions
    layout lists under figure.photos_required."""
    comp = c.layout.components["figure"]
    how = str(comp.get("without_photo", "text"))
    required = c.edition.name in (comp.get("photos_required") or [])
    out: list[Flowable] = []
    run: list[Flowable] = []
    run_blocks: list[Block] = []
    missing: list[Block] = []
    for b in blocks:
        if not b.get("image"):
            _missing_photo(c, b, how, required)
            if how != "frame":
                missing.append(b)
                continue
        width = b.get("width", "column")
        if width == "column":
            run.append(Stack([_framed(c, b, None), _caption(c, b)]))
            run_blocks.append(b)
            continue
        if run:
            out += _photo_row(c, run, run_blocks)
            run, run_blocks = [], []
        # drawn by the frame itself (a bleed figure needs its page position), kept with
        # its caption by keepWithNext
        out += [WideFigure(c, b, width == "bleed"), _caption(c, b)]
    if run:
        out += _photo_row(c, run, run_blocks)
    if missing and how == "text":
        sep = str(comp.get("caption_separator", " "))
        cap = Paragraph(sep.join(str(b.value) for b in missing),
                        c.layout.style(str(comp.get("caption_style", "figure-caption"))), c.ctx)
        cap.caption_only = True        # may stand in the side column (page.grid.side_blocks)
        out.append(cap)
    elif missing and how == "caption":
        panels = [Stack([Paragraph(b.value, c.layout.style("figure-caption"), c.ctx, align="left")],
                        padding=c.len("figure", "gap") / 2, background=c.color(comp["background"]),
                        bar=c.color(comp["frame_color"]), bar_width=c.len("figure", "frame_width"))
                  for b in missing]
        out.append(Grid(panels, int(comp["columns"]), c.len("figure", "gap")))
    return out


def _photo_row(c: Composer, run: list[Flowable], blocks: list[Block]) -> list[Flowable]:
    """Column-wide photos placed large: a lone photo across the measure at its
    proportions (up to wide_max_height), two or more sharing a row of the
    layout's columns, as many to a row as there are photos up to that."""
    comp = c.layout.components["figure"]
    if len(blocks) == 1 and blocks[0].get("image"):
        return [WideFigure(c, blocks[0], False), _caption(c, blocks[0])]
    return [Grid(run, min(int(comp["columns"]), len(run)), c.len("figure", "gap"))]


def _missing_photo(c: Composer, b: Block, how: str, required: bool) -> None:
    """Say that a figure has no photo: a warning, or an error where layout
    requires photos in this edition."""
    if required:
        c.errors.error(b.mark, f"figure '{b.value}' has no photo, and layout requires photos "
                       f"in the {c.edition.name} edition",
                       "add 'image:' (a file under images/), or take the edition out of "
                       "components.figure.photos_required in layout/")
        return
    c.errors.warn(b.mark, f"figure '{b.value}' has no photo: set as '{how}' "
                  f"(components.figure.without_photo)", "add 'image:' (a file under images/)")


def _caption(c: Composer, b: Block) -> Flowable:
    cap = Paragraph(b.value, c.layout.style("figure-caption"), c.ctx)
    cap.role = "Caption" if b.get("image") else "P"
    return cap


def _framed(c: Composer, b: Block, height: float | None) -> Photo:
    comp = c.layout.components["figure"]
    return Photo(c, b.get("image"), None, height or c.len("figure", "height"),
                 b.mark_of("image") if b.get("image") else None,
                 background=c.color(comp["background"]), frame=c.color(comp["frame_color"]),
                 frame_width=c.len("figure", "frame_width"),
                 alt=str(b.get("alt") or b.value), fit=str(b.get("fit") or "cover"))


class WideFigure(Flowable):
    """A photo across the full measure, or across the whole page into the
    bleed ("bleed"), at the image's proportions up to the layout's
    wide_max_height (cropped to it beyond)."""

    def __init__(self, c: Composer, b: Block, bleed: bool) -> None:
        super().__init__()
        self.c, self.b, self.bleed = c, b, bleed
        self.max_h = c.len("figure", "wide_max_height")
        self.photo = _framed(c, b, self.max_h)
        self.page_x = 0.0
        self.keepWithNext = True

    def _width(self, aw: float) -> float:
        if not self.bleed:
            return aw
        return self.c.layout.page_size[0] + 2 * self.c.layout.bleed

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        w = self._width(aw)
        h = self.max_h
        if self.photo.image is not None:
            iw, ih = self.photo.image.size
            h = min(self.max_h, w * ih / iw)
        self.photo.h = h
        self.width, self.height = aw, h
        return aw, h

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.page_x = x          # frames draw in page coordinates: where the measure starts
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        w = self._width(self.width)
        self.photo.wrap(w, self.height)
        x = self.c.trim_origin - self.page_x - self.c.layout.bleed if self.bleed else 0.0
        self.photo.drawOn(self.canv, x, 0)


def cards(c: Composer, b: Block) -> list[Flowable]:
    """A cards block: titled short texts on a column grid."""
    comp = c.layout.components["cards"]
    from .components import list_items
    cells: list[Flowable] = []
    for item in b.value:
        items: list[Flowable] = []
        if item.get("title"):
            items.append(Paragraph(str(item["title"]), c.layout.style("card-title"), c.ctx))
        for key in item:            # text and bullets in the order they were written
            if key == "items" and item["items"]:
                items += list_items(c, [str(x) for x in item["items"]], c.layout.style("card-text"))
            elif key == "text" and item["text"]:
                items += [Paragraph(str(t), c.layout.style("card-text"), c.ctx)
                          for t in item["text"]]
        cells.append(Stack(items, padding=c.len("cards", "padding"),
                           background=c.color(comp["background"]),
                           bar=c.color(comp["bar_color"]), bar_width=c.len("cards", "bar_width"),
                           snap_em=c.layout.style("card-text").size))
    cols = int(b.get("columns") or comp["columns"])
    return [Grid(cells, min(cols, len(cells)), c.len("cards", "gap"), min_cell=least_column(c))]
