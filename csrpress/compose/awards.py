"""Awards as a timeline: date on the left, a dot on a rule, the text."""
from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable, KeepTogether

from ..pdf.tagging import artifact
from ..source.content import Block
from ..text.paragraph import Paragraph
from .base import keep_ends
from .context import Composer


class AwardItem(Flowable):
    """One award: splits never (a few lines), keeps the timeline rule running."""

    def __init__(self, c: Composer, b: Block, first: bool, last: bool) -> None:
        super().__init__()
        comp = c.layout.components["award"]
        self.dw = c.len("award", "date_width")
        self.date = Paragraph(b.get("date"), c.layout.style("award-date"), c.ctx, indent=0)
        self.text = Paragraph(b.value, c.layout.style("award-text"), c.ctx, indent=0,
                              space_after=0)
        self.dot, self.line = c.color(comp["dot_color"]), c.color(comp["line_color"])
        self.line_width, self.radius = c.len("award", "line_width"), c.len("award", "dot_radius")
        self.offset, self.gap = c.len("award", "rule_offset"), c.len("award", "space_after")
        self.first, self.last = first, last
        self.spaceAfter = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h1 = self.date.wrap(self.dw - 2 * self.offset, ah)
        _, h2 = self.text.wrap(aw - self.dw, ah)
        self.width, self.height = aw, max(h1, h2) + self.gap
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        x = self.dw - self.offset
        dot_y = self.height - self.offset
        # the rule joins the dots: from the first dot down to the last (it
        # ran up past the first to the item's top, a stub above a lone award)
        low = dot_y if self.last else 0.0
        high = dot_y if self.first else self.height
        with artifact(c):
            if high > low:
                c.setStrokeColor(self.line)
                c.setLineWidth(self.line_width)
                c.line(x, low, x, high)
            c.setFillColor(self.dot)
            c.circle(x, dot_y, self.radius, stroke=0, fill=1)
        self.date.drawOn(c, 0, self.height - self.date.height)
        self.text.drawOn(c, self.dw, self.height - self.text.height)


def awards(c: Composer, blocks: list[Block]) -> list[Flowable]:
    """Consecutive award blocks as one timeline; its first and its last
    `keep` entries stay together, as a paragraph's first and last lines do,
    so a page never starts or ends the timeline with one lone entry."""
    items: list[Flowable] = [AwardItem(c, b, i == 0, i == len(blocks) - 1)
                             for i, b in enumerate(blocks)]
    return keep_ends(items, int(c.layout.components["award"]["keep"]))


