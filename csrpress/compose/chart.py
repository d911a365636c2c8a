"""Charts drawn as vectors from content data (reportlab.graphics).

The block's data is checked and normalised in source.chartdata; this module
measures, places and draws. Every label is placed as a box on a `Sheet`
that refuses boxes outside the chart or over another label, so the
drawing code tries alternatives (above, below, beside, another lane)
instead of printing one label over another. The boxes are kept for the
report-level tests (see BuildResult.charts).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.platypus.flowables import Flowable, KeepTogether

from ..assets.fonts import as_typed
from ..pdf.tagging import marked
from ..source.chartdata import chart_data
from ..source.content import Block
from ..text.hyphen import cjk_document
from ..text.inline import plain, read
from ..text.paragraph import Paragraph, line_text
from .chartdraw import ASCENT, DESCENT, printed
from .context import Composer
from .grids import grouped_alike, minus_sign

Box = tuple[float, float, float, float]        # x0, y0, x1, y1 (y up, in the chart)


@dataclass
class Ink:
    """What the drawing needs of the layout: faces, sizes, colours, lengths."""

    font: str                 # registered name of the label face
    face: str                 # the label face's layout name (for widths)
    bold: str                 # registered name of the display face (totals, dates)
    bold_face: str
    size: float               # label size
    text: Any                 # label colour
    axis: Any
    colors: list[Any]         # one per series (cycled)
    color_names: list[str]
    width_of: Any             # (face, text, size) -> advance
    s: dict[str, float]       # the chart's length settings in points
    n: dict[str, Any]         # the chart's other settings
    gap: float = 0.25         # the Han–Latin gap (em) drawn for chartdraw.UNIT_GAP


@dataclass
class Sheet:
    """A chart being drawn: its shapes and its labels' boxes."""

    w: float
    h: float
    ink: Ink
    drawing: Drawing = None  # type: ignore[assignment]
    boxes: list[tuple[Box, str]] = field(default_factory=list)
    obstacles: list[Box] = field(default_factory=list)      # marks labels keep off
    crowded: list[str] = field(default_factory=list)        # labels set where no spot was free
    # the drawing by value (paginate.replay.sheet_shapes), once made: a page's key reads it
    shapes_key: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.drawing = Drawing(self.w, self.h)

    def add(self, shape: Any) -> None:
        self.drawing.add(shape)

    def width(self, text: str, size: float | None = None, bold: bool = False) -> float:
        face = self.ink.bold_face if bold else self.ink.face
        return self.ink.width_of(face, text, size or self.ink.size)

    def box(self, x: float, y: float, text: str, size: float | None = None,
            anchor: str = "start", bold: bool = False) -> Box:
        """The box a label would take with its baseline at (x, y)."""
        size = size or self.ink.size
        w = self.width(text, size, bold)
        x0 = x - {"start": 0.0, "middle": w / 2, "end": w}[anchor]
        return (x0, y - DESCENT * size, x0 + w, y + ASCENT * size)

    def free(self, b: Box, pad: float = 0.0) -> bool:
        """Inside the chart and clear of every label placed so far."""
        if b[0] < -0.01 or b[1] < -0.01 or b[2] > self.w + 0.01 or b[3] > self.h + 0.01:
            return False
        others = [o for o, _ in self.boxes] + self.obstacles
        return not any(b[0] < o[2] + pad and o[0] < b[2] + pad and b[1] < o[3] + pad
                       and o[1] < b[3] + pad for o in others)

    def label(self, x: float, y: float, text: str, size: float | None = None,
              anchor: str = "start", color: Any = None, bold: bool = False) -> Box:
        """Draw a label and keep its box. A figure and its unit are drawn as
        two strings, the layout's Han–Latin gap between them (UNIT_GAP)."""
        from .chartdraw import UNIT_GAP

        size = size or self.ink.size
        b = self.box(x, y, text, size, anchor, bold)
        font = self.ink.bold if bold else self.ink.font
        fill = self.ink.text if color is None else color
        if UNIT_GAP not in text:
            self.add(String(x, y, text, fontName=font, fontSize=size, textAnchor=anchor,
                            fillColor=fill))
        else:
            at = b[0]
            for part in text.split(UNIT_GAP):
                self.add(String(at, y, part, fontName=font, fontSize=size, textAnchor="start",
                                fillColor=fill))
                at += self.width(part, size, bold) + self.ink.gap * size
        self.boxes.append((b, text.replace(UNIT_GAP, " ")))
        return b

    def place(self, text: str, spots: list[tuple[float, float, str]], size: float | None = None,
              color: Any = None, bold: bool = False, pad: float = 1.0) -> Box:
        """The label at the first free spot (x, baseline, anchor); at the last
        one when none is free: the chart is then crowded (an error at its block)."""
        for x, y, anchor in spots:
            if self.free(self.box(x, y, text, size, anchor, bold), pad):
                return self.label(x, y, text, size, anchor, color, bold)
        from .chartdraw import UNIT_GAP

        x, y, anchor = spots[-1]
        if not self.free(self.box(x, y, text, size, anchor, bold)):
            self.crowded.append(as_typed(text.replace(UNIT_GAP, " ")))
        return self.label(x, y, text, size, anchor, color, bold)


class Chart(Flowable):
    """A chart of any kind, as wide as the column; labels in the report's faces."""

    def __init__(self, c: Composer, b: Block) -> None:
        super().__init__()
        self.c, self.block = c, b
        self.data = chart_data(b)
        self.style = c.layout.style("chart-label")
        self.value_style = c.layout.style("chart-title")     # its face: values, totals, dates
        self.comp = c.layout.components["chart"]
        # the report's one number rule (layout text), and the minus sign the faces have
        self.fmt = dict(c.ctx.numbers, minus=minus_sign(c, (self.style.font,
                                                            self.value_style.font)))
        self.fmt = grouped_alike(self.fmt, printed(self.data))    # one set of figures
        from . import chartdraw
        self.draw_fn = chartdraw.drawer(self.data)
        # the alt text as written, or the title and every label with its values
        self.alt_text = str(b.get("alt") or "")
        self.described = "" if self.alt_text else chartdraw.describe(self)
        self.data = _as_set(self.data, self.style, c.ctx)     # (drawn as the body sets text)
        for style, text in chartdraw.texts(self):
            c.ctx.claim(style, text)
        self.spaceBefore = c.len("chart", "space_before")
        self.spaceAfter = c.len("chart", "space_after")
        self._heights: dict[float, float] = {}      # width → height (see wrap)
        self.sheet: Sheet | None = None
        self._sheet_size: tuple[float, float] | None = None

    def ink(self) -> Ink:
        """The layout's chart settings, resolved for drawing."""
        c, comp = self.c, self.comp
        names = list(comp.get("series_colors") or [comp["bar_color"]])
        ctx = c.ctx

        from .chartdraw import UNIT_GAP

        gap = ctx.spacing.han_latin

        def width_of(face: str, text: str, size: float) -> float:
            return sum(gap if ch == UNIT_GAP else ctx.width(face, ch) for ch in text) * size

        lengths = {k: c.len("chart", k) for k in ("height", "line_width", "axis_width",
                                                  "dot_radius", "side_margin", "legend_gap",
                                                  "label_gap", "event_width", "center_size",
                                                  "pie_size", "grid_width")}
        kinds = len(self.data.labels) if self.data.kind in ("pie", "donut") else \
            len(self.data.series)
        return Ink(ctx.psnames[self.style.font], self.style.font,
                   ctx.psnames[self.value_style.font], self.value_style.font,
                   self.style.size, c.color(self.style.color), c.color(comp["axis_color"]),
                   distinct([c.color(n) for n in names], kinds,
                            c.color("white") if self.data.kind in ("line", "timeline") else None),
                   names, width_of, lengths,
                   comp, gap)

    @property
    def alt(self) -> str:
        """The Figure's alternative text (tagged editions), markup removed and
        page references as the pages now print them (they were dropped)."""
        if self.alt_text:
            return read(self.alt_text, self.c.ctx.page_of)
        colon = "：" if cjk_document(self.c.ctx.language) else ": "    # (the report's marks)
        return read(str(self.block.value), self.c.ctx.page_of) + colon + self.described

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        """Its height at this width, worked out once per width: it depends on
        the chart's data and the layout only (a timeline plans its lanes, a
        pie its legend), and a chart is wrapped by every measure of its page."""
        from . import chartdraw
        self.width = aw
        held = self._heights.get(aw)
        if held is None:
            held = self._heights[aw] = chartdraw.height(self, aw)
        self.height = held
        return self.width, self.height

    def sheet_at_size(self) -> Sheet:
        """The chart's shapes and labels at its wrapped size, worked out once
        for that size: drawing reads them, and so does the page's replay key
        (paginate.replay), which must know before drawing whether the chart
        is crowded (an error its drawing reports)."""
        size = (self.width, self.height)
        if self.sheet is None or self._sheet_size != size:
            kept = self.c.drawn        # the edition's page memo: sheets of earlier builds
            if kept is None:
                sheet = self._make_sheet()
            else:   # the context (layout, fonts, edition, colours) is the memo's; the
                # rest of what draw_fn reads is the chart's data at this size
                sheet = kept.sheet(("chart", repr(self.data), size), self._make_sheet)
            self.sheet, self._sheet_size = sheet, size
        return self.sheet

    def _make_sheet(self) -> Sheet:
        sheet = Sheet(self.width, self.height, self.ink())
        self.draw_fn(self, sheet)
        return sheet

    def draw(self) -> None:
        sheet = self.sheet_at_size()
        if sheet.crowded:
            self.c.errors.error(self.block.mark, f"{len(sheet.crowded)} label"
                                f"{'s' if len(sheet.crowded) > 1 else ''} of this chart "
                                f"would be printed over others ({', '.join(map(_short, sheet.crowded[:4]))}"
                                f"{' …' if len(sheet.crowded) > 4 else ''}): its "
                                f"{self.width / 72 * 25.4:.0f} mm width cannot hold them",
                                "show fewer points or series (stacked: true, or a table), "
                                "shorter labels, or a wider chart (page.grid.wide_blocks)")
        with marked(self.canv, "Figure", Alt=self.alt):
            renderPDF.draw(sheet.drawing, self.canv, 0, 0)
        log = getattr(self.c.ctx, "chart_log", None)
        if log is not None:
            ox, oy = self.canv.absolutePosition(0, 0)
            log.append(ChartRecord(self.canv.getPageNumber(), plain(str(self.block.value)),
                                   (ox, oy, ox + self.width, oy + self.height),
                                   [((b[0] + ox, b[1] + oy, b[2] + ox, b[3] + oy), t)
                                    for b, t in sheet.boxes]))


def _as_set(d: Any, style: Any, ctx: Any) -> Any:
    """The chart's words as the paragraph engine sets them (text.paragraph.
    line_text): labels, series names, texts and unit."""
    from dataclasses import replace

    def one(text: str) -> str:
        return line_text(text, style, ctx)

    return replace(d, labels=[one(x) for x in d.labels], texts=[one(t) for t in d.texts],
                   series=[(one(n), v) for n, v in d.series], unit=one(d.unit))


def distinct(colors: list[Any], count: int, lines_on: Any = None) -> list[Any]:
    """`count` colours for as many series or slices: the layout's, then tints
    of them (a print tint: every ink scaled; on screen, mixed with white), so
    that no two series or slices share a colour when the layout names fewer
    colours than the data has. Tints go down to 30 % of a colour; for lines
    drawn on the paper `lines_on`, no lighter than keeps 3:1 against it (WCAG
    1.4.11: a second series at 30 % was a line few could see)."""
    if count <= len(colors):
        return colors
    rounds = -(-count // len(colors))
    out = []
    for i in range(count):
        col, level = colors[i % len(colors)], i // len(colors)
        low = 0.3 if lines_on is None else _faintest(col, lines_on)
        out.append(tint(col, 1.0 - (1.0 - low) * level / (rounds - 1)))
    return out


def _faintest(col: Any, paper: Any, ratio: float = 3.0) -> float:
    """The lightest tint (0.3 … 1) of `col` that keeps `ratio` against the
    paper (0.3 when even the full colour does not: no tint is then better)."""
    from ..assets.colour import colour_contrast

    if colour_contrast(col, paper) < ratio:
        return 0.3
    t = 0.3
    while t < 1.0 and colour_contrast(tint(col, t), paper) < ratio:
        t += 0.05
    return min(t, 1.0)


def tint(col: Any, t: float) -> Any:
    """A colour at `t` of its strength: in print every ink scaled, on screen
    mixed with white (a tint of a palette colour needs no palette entry)."""
    from reportlab.lib.colors import CMYKColor, Color

    if isinstance(col, CMYKColor):
        return CMYKColor(col.cyan * t, col.magenta * t, col.yellow * t, col.black * t)
    return Color(1 - t * (1 - col.red), 1 - t * (1 - col.green), 1 - t * (1 - col.blue))


@dataclass
class ChartRecord:
    """Where a chart was drawn (PDF points, y up) and its labels' boxes."""

    page: int
    title: str
    frame: Box
    labels: list[tuple[Box, str]]


def chart(c: Composer, b: Block) -> list[Flowable]:
    """A chart with its title, kept together."""
    from .base import Titled
    return [Titled([Paragraph(b.value, c.layout.style("chart-title"), c.ctx), Chart(c, b)])]


def _short(label: str, most: int = 24) -> str:
    """A label as an error names it: a value of 1e300 printed a scale label
    of 400 characters into the message."""
    return label if len(label) <= most else label[:most - 1] + "…"
