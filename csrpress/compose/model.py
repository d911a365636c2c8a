"""A model drawn as a diagram: each tier's title and explanation in a side
column, its items as boxes in the diagram column, and connectors from every
box of a tier to a bus and down to every box of the next tier."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import artifact, marked
from ..source.content import Block
from ..text.paragraph import DESCENT, Paragraph, line_text
from .chartdraw import _wrap
from .base import titled
from .context import Composer


@dataclass
class Tier:
    """One tier: its side texts and its items (each wrapped into lines)."""

    side: list[Paragraph]
    items: list[str]
    lines: list[list[str]] = None  # type: ignore[assignment]
    node_h: float = 0.0
    height: float = 0.0


class Model(Flowable):
    """The tiers of a model, top first."""

    def __init__(self, c: Composer, b: Block) -> None:
        super().__init__()
        self.c = c
        self.comp = comp = c.layout.components["model"]
        self.ts = c.style(str(comp["title_style"]), b.mark)
        self.xs = c.style(str(comp["text_style"]), b.mark)
        self.tiers: list[Tier] = []
        for lv in b.get("levels"):
            side = [Paragraph(str(lv["title"]), self.ts, c.ctx)]
            for t in lv.get("text") or []:        # (texts: lists, source.content)
                side.append(Paragraph(str(t), self.xs, c.ctx))
            items = [line_text(str(i), self.ts, c.ctx)       # (as the body sets text)
                     for i in lv["items"]]
            c.ctx.claim(self.ts, "".join(items))
            self.tiers.append(Tier(side, items))
        self.spaceBefore = c.len("model", "space_before")
        self.spaceAfter = c.len("model", "space_after")

    def _w(self, text: str) -> float:
        return sum(self.c.ctx.width(self.ts.font, ch) for ch in text) * self.ts.size

    def _columns(self, aw: float) -> tuple[float, float, float]:
        """(side width, diagram x, diagram width)."""
        side = aw * float(self.comp["side"])
        x = side + self.c.len("model", "gutter")
        return side, x, aw - x

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        c = self.c
        side, _, dw = self._columns(aw)
        gap, pad = c.len("model", "node_gap"), c.len("model", "padding")
        total = 0.0
        for t in self.tiers:
            nw = (dw - gap * (len(t.items) - 1)) / len(t.items)
            t.lines = [_balanced(i, self._w, nw - 2 * pad) for i in t.items]
            most = max(len(ls) for ls in t.lines)
            t.node_h = max(c.len("model", "node_height"), most * self.ts.leading + 2 * pad)
            text_h = 0.0
            for p in t.side:
                _, h = p.wrap(side, 1e6)
                text_h += h + p.getSpaceAfter()
            t.height = max(text_h, t.node_h)
            total += t.height
        self.width = aw
        self.height = total + c.len("model", "tier_gap") * (len(self.tiers) - 1)
        return aw, self.height

    def _nodes(self, t: Tier) -> list[tuple[float, float]]:
        """(x, width) of each box of a tier."""
        _, x0, dw = self._columns(self.width)
        gap = self.c.len("model", "node_gap")
        nw = (dw - gap * (len(t.items) - 1)) / len(t.items)
        return [(x0 + k * (nw + gap), nw) for k in range(len(t.items))]

    def draw(self) -> None:
        canv, c = self.canv, self.c
        side = self._columns(self.width)[0]
        y = self.height
        tops: list[tuple[Tier, float]] = []
        for t in self.tiers:
            ty = y
            for p in t.side:
                p.wrap(side, 1e6)
                ty -= p.height
                p.drawOn(canv, 0, ty)
                ty -= p.getSpaceAfter()
            tops.append((t, y))
            y -= t.height + c.len("model", "tier_gap")
        canv.setStrokeColor(c.color(self.comp["line_color"]))
        canv.setLineWidth(c.len("model", "line_width"))
        with artifact(canv):
            for (a, ya), (b, yb) in zip(tops, tops[1:]):
                self._connect(a, ya - a.node_h, b, yb)
        for n, (t, top) in enumerate(tops):
            self._boxes(t, top, c.len("model", "core_border_width" if n == 0 else "border_width"))

    def _connect(self, a: Tier, a_bottom: float, b: Tier, b_top: float) -> None:
        """Down from each upper box to a bus halfway, along it, down to each lower box."""
        canv = self.canv
        bus = (a_bottom + b_top) / 2
        ups = [x + w / 2 for x, w in self._nodes(a)]
        downs = [x + w / 2 for x, w in self._nodes(b)]
        for x in ups:
            canv.line(x, a_bottom, x, bus)
        for x in downs:
            canv.line(x, bus, x, b_top)
        canv.line(min(ups + downs), bus, max(ups + downs), bus)

    def _boxes(self, t: Tier, top: float, border: float) -> None:
        canv, c, ctx = self.canv, self.c, self.c.ctx
        for (x, w), lines in zip(self._nodes(t), t.lines):
            canv.setFillColor(c.color(self.comp["node_fill"]))
            canv.setStrokeColor(c.color(self.comp["node_border"]))
            canv.setLineWidth(border)
            with artifact(canv):
                canv.rect(x, top - t.node_h, w, t.node_h, stroke=1, fill=1)
            lead = self.ts.leading
            first = top - t.node_h / 2 + lead * (len(lines) - 1) / 2 - self.ts.size * (0.5 - DESCENT)
            with marked(canv, "P"):
                canv.setFillColor(ctx.color(self.ts.color))
                canv.setFont(ctx.psnames[self.ts.font], self.ts.size)
                for k, line in enumerate(lines):
                    canv.drawCentredString(x + w / 2, first - k * lead, line)


def _balanced(text: str, width_of: Any, width: float) -> list[str]:
    """An item's lines: one if it fits, else as many as needed with the text
    shared evenly between them (记录 / 与分享, not 记录与分 / 享)."""
    lines = _wrap(text, width_of, width)
    if len(lines) == 1:
        return lines
    target = width_of(text) / len(lines)
    step = width_of(text) / max(len(text), 1)
    while True:
        even = _wrap(text, width_of, target)
        if len(even) <= len(lines) or target >= width:
            return even if len(even) <= len(lines) else lines
        target += step * 0.5


def model(c: Composer, b: Block) -> list[Flowable]:
    """The model with its title, kept together."""
    return titled(c, b, Model(c, b))
