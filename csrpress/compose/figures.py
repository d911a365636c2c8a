"""Key figures: a grid of big figures with labels, or a flow of figures
joined by arrows. Figures are set at one size (never shrunk): a grid holds
fewer per row when a figure would not fit its cell."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import artifact, marked
from ..source.content import Block
from ..text.paragraph import DESCENT, Paragraph
from .context import Composer
from .grids import number_format


@dataclass
class Figure:
    """One figure: its prefix, digits and unit on one baseline, its label below."""

    prefix: str
    value: str
    unit: str
    label: Paragraph


class Figures(Flowable):
    """The figures of one block, laid out on rows of equal cells."""

    def __init__(self, c: Composer, b: Block) -> None:
        super().__init__()
        comp = c.layout.components["figures"]
        self.c, self.comp = c, comp
        self.flow = b.get("style", "grid") == "flow"
        self.vs = c.style(str(comp["value_style"]), b.mark)
        self.ls = c.style(str(comp["label_style"]), b.mark)
        self.size = c.len("figures", "figure_size")
        self.usize = self.size * float(comp["unit_scale"])
        rule = c.ctx.numbers           # the report's one number rule (layout text)
        self.items = [Figure(str(i.get("prefix", "") or ""),
                             number_format(str(i["value"]), rule),
                             str(i.get("unit", "") or ""),
                             Paragraph(str(i["label"]), self.ls, c.ctx))
                      for i in b.get("items")]
        for f in self.items:
            c.ctx.claim(self.vs, f.prefix + f.value + f.unit)
        self.most = len(self.items) if self.flow else int(b.get("columns") or comp["columns"])
        self.gap, self.pad = c.len("figures", "gap"), c.len("figures", "padding")
        self.spaceBefore = c.len("figures", "space_before")
        self.spaceAfter = c.len("figures", "space_after")

    # -- measuring -------------------------------------------------------------
    def _w(self, text: str, size: float) -> float:
        return sum(self.c.ctx.width(self.vs.font, ch) for ch in text) * size

    def _parts(self, f: Figure) -> list[tuple[str, float]]:
        return [(t, s) for t, s in ((f.prefix, self.usize), (f.value, self.size),
                                    (f.unit, self.usize)) if t]

    def figure_width(self, f: Figure) -> float:
        parts = self._parts(f)
        return sum(self._w(t, s) for t, s in parts) + self.usize * 0.3 * (len(parts) - 1)

    def _arrow(self) -> float:
        return self.gap * 2 if self.flow else self.gap

    def _cols(self, aw: float) -> int:
        """As many per row as the layout allows and every figure fits, rows balanced."""
        n = len(self.items)
        cols = min(self.most, n)
        while cols > 1 and max(self.figure_width(f) for f in self.items) > self._cell(aw, cols):
            cols -= 1
        rows = -(-n // cols)
        return -(-n // rows)

    def _cell(self, aw: float, cols: int) -> float:
        return (aw - self._arrow() * (cols - 1)) / cols - (2 * self.pad if self.flow else 0)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.cols = self._cols(aw)
        cw = self._cell(aw, self.cols)
        self.rows: list[float] = []
        fig_h = self.size * 1.2
        top = self.pad + (0 if self.flow else self.c.len("figures", "rule_width"))
        for r in range(0, len(self.items), self.cols):
            row = self.items[r:r + self.cols]
            label = max(f.label.wrap(cw, 1e6)[1] for f in row)
            self.rows.append(top + fig_h + label + (self.pad if self.flow else 0))
        self.height = sum(self.rows) + self.c.len("figures", "row_gap") * (len(self.rows) - 1)
        return aw, self.height

    # -- drawing ---------------------------------------------------------------
    def draw(self) -> None:
        canv, c = self.canv, self.c
        cw = self._cell(self.width, self.cols)
        step = cw + (2 * self.pad if self.flow else 0) + self._arrow()
        y = self.height
        for r, h in zip(range(0, len(self.items), self.cols), self.rows):
            row = self.items[r:r + self.cols]
            for k, f in enumerate(row):
                x = k * step
                if self.flow:
                    with artifact(canv):
                        canv.setFillColor(c.color(self.comp["tile_color"]))
                        canv.rect(x, y - h, cw + 2 * self.pad, h, stroke=0, fill=1)
                        if k < len(row) - 1:
                            self._draw_arrow(x + cw + 2 * self.pad, y - h / 2)
                    self._draw_figure(f, x + self.pad, y - self.pad, cw)
                else:
                    rw = c.len("figures", "rule_width")
                    with artifact(canv):
                        canv.setFillColor(c.color(self.comp["rule_color"]))
                        canv.rect(x, y - rw, cw, rw, stroke=0, fill=1)
                    self._draw_figure(f, x, y - rw - self.pad, cw)
            y -= h + c.len("figures", "row_gap")

    def _draw_figure(self, f: Figure, x: float, top: float, cw: float) -> None:
        canv, ctx = self.canv, self.c.ctx
        base = top - self.size * (1 - DESCENT) - self.size * 0.1
        with marked(canv, "P"):
            canv.setFillColor(ctx.color(self.vs.color))
            for text, size in self._parts(f):
                canv.setFont(ctx.psnames[self.vs.font], size)
                canv.drawString(x, base, text)
                x_adv = self._w(text, size) + self.usize * 0.3
                x += x_adv
        f.label.wrap(cw, 1e6)
        f.label.drawOn(canv, x - sum(self._w(t, s) + self.usize * 0.3 for t, s in self._parts(f)),
                       base - self.size * DESCENT - self.size * 0.1 - f.label.height)

    def _draw_arrow(self, x: float, y: float) -> None:
        """A chevron in the middle of the gap to the next tile."""
        canv = self.canv
        g = self._arrow()
        s = min(g * 0.3, self.size * 0.35)
        cx = x + g / 2
        canv.setFillColor(self.c.color(self.comp["arrow_color"]))
        p = canv.beginPath()
        p.moveTo(cx - s * 0.5, y + s)
        p.lineTo(cx + s * 0.5, y)
        p.lineTo(cx - s * 0.5, y - s)
        p.close()
        canv.drawPath(p, stroke=0, fill=1)


def figures(c: Composer, b: Block) -> list[Flowable]:
    """The figures with their title, kept together."""
    out: list[Flowable] = []
    if str(b.value).strip():
        out.append(Paragraph(b.value, c.layout.style("chart-title"), c.ctx))
    out.append(Figures(c, b))
    from .chart import Together
    return [Together(out)]
