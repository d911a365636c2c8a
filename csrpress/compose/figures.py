"""Key figures: a grid of big figures with labels, or a flow of figures
joined by arrows. Figures are set at one size (never shrunk): a grid holds
fewer per row when a figure would not fit its cell."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import artifact, marked
from ..source.content import Block
from ..text.paragraph import DESCENT, Paragraph
from .base import titled
from .context import Composer
from .grids import figure_text, grouped_alike_texts, minus_sign


@dataclass
class Figure:
    """One figure: its prefix, digits and unit on one baseline, its label below."""

    prefix: str
    value: str
    unit: str
    label: Paragraph


class Figures(Flowable):
    """The figures of one block, laid out on rows of equal cells."""

    fixed_rows: list[int] | None = None      # a piece's rows (split): as in the whole
    fixed_cols: int | None = None            # and its columns
    continues: bool = False                  # a flow's piece the next page goes on from

    def __init__(self, c: Composer, b: Block) -> None:
        super().__init__()
        comp = c.layout.components["figures"]
        self.c, self.comp = c, comp
        self.vs = c.style(str(comp["value_style"]), b.mark)
        self.ls = c.style(str(comp["label_style"]), b.mark)
        self.flow = b.get("style", "grid") == "flow"
        self.page = not self.flow and 0 < int(comp.get("page_from") or 0) <= len(b.get("items"))
        self.size = c.len("figures", "page_figure_size" if self.page else "figure_size")
        self.usize = self.size * float(comp["unit_scale"])
        # the report's one number rule (layout text), the block's figures one set
        rule = grouped_alike_texts(c.ctx.numbers, [str(i["value"]) for i in b.get("items")])
        # a negative figure with the typeset minus, as tables and charts print it
        minus = minus_sign(c, (self.vs.font,))
        self.items = [Figure(str(i.get("prefix", "") or ""),
                             figure_text(str(i["value"]), str(i.get("unit", "") or ""),
                                         rule, minus),
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
        """As many per row as the layout allows and every figure fits; a
        flow (as many as fit) gives up one more while that sets its longest
        label in fewer lines and it takes more than two, and its cells are as
        wide as its longest balanced row allows: seven steps were set four
        and three to a row in cells for six (an empty space at each row's
        end), '环境与社会风险尽职调查' three characters a line."""
        if self.fixed_cols is not None:
            return self.fixed_cols
        cols = min(self.most, len(self.items))
        while cols > 1 and max(self.figure_width(f) for f in self.items) > \
                self._cell(aw, cols, cols < len(self.items)):
            cols -= 1
        if self.flow:
            lines = self._label_lines(aw, cols)
            while cols > 1 and lines > 2:
                fewer = self._label_lines(aw, cols - 1)
                if fewer >= lines:
                    break
                cols, lines = cols - 1, fewer
            # rows balanced (seven at most six a row: four and three), cells as
            # wide as the longest row has room for, not six narrow ones and a gap
            cols = max(self._row_sizes(cols))
        return cols

    def _label_lines(self, aw: float, cols: int) -> int:
        """The most lines a label takes in a cell of a row of `cols`."""
        cw = self._cell(aw, cols, cols < len(self.items))
        lead = self.ls.leading
        return max(round(f.label.wrap(cw, 1e6)[1] / lead) for f in self.items)

    def _row_sizes(self, cols: int) -> list[int]:
        """Figures per row, balanced: as few rows as `cols` allows, the longer
        rows first (9 in threes → 3 + 3 + 3; 7 → 3 + 2 + 2; 4 → 2 + 2), so no
        figure is left alone on a row while others share one."""
        if self.fixed_rows is not None:
            return self.fixed_rows
        n = len(self.items)
        rows = -(-n // cols)
        base, extra = divmod(n, rows)
        return [base + (1 if r < extra else 0) for r in range(rows)]

    def _cell(self, aw: float, cols: int, wraps: bool = False) -> float:
        """A cell's width, `cols` to a row. A flow that takes several rows
        keeps one arrow's room at each row's end: its arrow there leads on to
        the next row (without it, seven steps on three rows read as three
        flows); its cells are one width on every row, one above another."""
        if self.flow and wraps:
            return (aw - self._arrow() * cols) / cols - 2 * self.pad
        return (aw - self._arrow() * (cols - 1)) / cols - (2 * self.pad if self.flow else 0)

    def _wraps(self) -> bool:
        # (a piece of a split flow: rows on two pages, so it wrapped)
        return self.flow and (len(self._row_sizes(self.cols)) > 1 or self.fixed_cols is not None)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self.cols = self._cols(aw)
        self.layout_rows: list[tuple[list[Figure], float, float]] = []   # (row, cell, height)
        fig_h = self.size * 1.2
        top = self.pad + (0 if self.flow else self.c.len("figures", "rule_width"))
        at = 0
        for k in self._row_sizes(self.cols):
            row = self.items[at:at + k]
            at += k
            # one figure size per row; cells share the row (a wrapped flow's: as its first)
            cw = self._cell(aw, self.cols, True) if self._wraps() else self._cell(aw, k)
            label = max(f.label.wrap(cw, 1e6)[1] for f in row)
            self.layout_rows.append((row, cw, top + fig_h + label + (self.pad if self.flow else 0)))
        self.row_gap = self._row_gap(ah)
        gaps = self.row_gap * (len(self.layout_rows) - 1)
        self.height = sum(h for _, _, h in self.layout_rows) + gaps
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        """Between rows, and only when the figures are taller than a page:
        a grid that fits on one moves to the next page whole with its title
        (titled); a longer one (twelve figures on an A5 page) was an error,
        "taller than a page where it cannot break". The title stays with the
        first rows (ReportLab's KeepTogether sets its parts one by one when
        they cannot fit a page together)."""
        self.wrap(aw, 1e9)
        if self.height <= self.c.frame[1] + 1e-6:
            return []
        rows, gap = self.layout_rows, self.row_gap
        used, n = 0.0, 0
        while n < len(rows) - 1 and used + rows[n][2] <= ah + 1e-6:
            used += rows[n][2] + gap
            n += 1
        if n == 0:
            return []
        # over two pages, half the rows on each (a page of one row under a
        # full one read as left over); a longer grid fills each page
        rest = sum(h for _, _, h in rows[n:]) + gap * (len(rows) - n - 1)
        if rest <= self.c.frame[1] + 1e-6:
            n = min(n, -(-len(rows) // 2))
        sizes = [len(r) for r, _, _ in rows]
        k = sum(sizes[:n])
        head, tail = copy.copy(self), copy.copy(self)
        head.items, head.fixed_rows, head.spaceAfter = self.items[:k], sizes[:n], 0.0
        tail.items, tail.fixed_rows, tail.spaceBefore = self.items[k:], sizes[n:], 0.0
        head.fixed_cols = tail.fixed_cols = self.cols
        head.continues = self.flow
        return [head, tail]

    def first_row(self, aw: float) -> float:
        """The height of its first row: the least it sets on a page (see split)."""
        self.wrap(aw, 1e9)
        return self.layout_rows[0][2] if self.layout_rows else 0.0

    def tallest_row(self, aw: float) -> float:
        """The height of its tallest row: what must fit a page (see split)."""
        self.wrap(aw, 1e9)
        return max((h for _, _, h in self.layout_rows), default=0.0)

    def _row_gap(self, ah: float) -> float:
        """The layout's row gap; on a key-figures page (a grid of page_from
        figures or more) the rows spread down the room left on the page, up
        to page_row_gap, so the page is composed, not left half empty. Never
        taller than the room (a block that fits at its natural height still fits)."""
        gap = self.c.len("figures", "row_gap")
        n = len(self.layout_rows)
        if not self.page or n < 2 or ah >= 1e5:
            return gap          # (a wrap with unbounded room measures: the natural height)
        natural = sum(h for _, _, h in self.layout_rows) + gap * (n - 1)
        room = (ah - natural) / (n - 1)
        return gap + max(0.0, min(room, self.c.len("figures", "page_row_gap") - gap))

    # -- drawing ---------------------------------------------------------------
    def draw(self) -> None:
        canv, c = self.canv, self.c
        y = self.height
        on = self._wraps()      # (a wrapped flow's rows end in an arrow, but its last)
        for r, (row, cw, h) in enumerate(self.layout_rows):
            step = cw + (2 * self.pad if self.flow else 0) + self._arrow()
            last = r == len(self.layout_rows) - 1 and not self.continues
            for k, f in enumerate(row):
                x = k * step
                if self.flow:
                    with artifact(canv):
                        canv.setFillColor(c.color(self.comp["tile_color"]))
                        canv.rect(x, y - h, cw + 2 * self.pad, h, stroke=0, fill=1)
                        if k < len(row) - 1 or on and not last:
                            self._draw_arrow(x + cw + 2 * self.pad, y - h / 2)
                    self._draw_figure(f, x + self.pad, y - self.pad, cw)
                else:
                    rw = c.len("figures", "rule_width")
                    with artifact(canv):
                        canv.setFillColor(c.color(self.comp["rule_color"]))
                        canv.rect(x, y - rw, cw, rw, stroke=0, fill=1)
                    self._draw_figure(f, x, y - rw - self.pad, cw)
            y -= h + self.row_gap

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
    return titled(c, b, Figures(c, b))
