"""A block type that exists only in the tests: a callout box (schema, layout
settings, a style, a flowable), registered through the public registry API
to show that adding a block type needs nothing but its module."""
from __future__ import annotations

from typing import Any

from csrpress.compose.registry import Component, PagePolicy, Place
from csrpress.source.schema import NAME, TEXT, BlockType
from csrpress.source.settings import C, L


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    """A paragraph in the callout style inside a padded, tinted box."""
    from reportlab.platypus.flowables import Flowable

    from csrpress.text.paragraph import Paragraph

    class CalloutBox(Flowable):
        """The box: a background rectangle, the text inset by the padding."""

        def __init__(self, text: Any, pad: float, fill: Any) -> None:
            super().__init__()
            self.text, self.pad, self.fill = text, pad, fill

        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            _, h = self.text.wrap(aw - 2 * self.pad, ah)
            self.width, self.height = aw, h + 2 * self.pad
            return self.width, self.height

        def draw(self) -> None:
            self.canv.setFillColor(self.fill)
            self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            self.text.drawOn(self.canv, self.pad, self.pad)

    settings = c.layout.components["callout"]
    text = Paragraph(blocks[0].value, c.layout.style("callout-text"), c.ctx)
    return [CalloutBox(text, c.len("callout", "padding"), c.color(settings["background"]))]


COMPONENT = Component(
    name="callout", compose=compose,
    schema=BlockType(TEXT, {"tone": NAME}, doc="a boxed remark (test-only)"),
    settings={"padding": L("3mm", hi=50.0, doc="inside the box"), "background": C("white")},
    styles=("callout-text",),
    page=PagePolicy(),
    example="- callout: 一段提示文字\n",
)
