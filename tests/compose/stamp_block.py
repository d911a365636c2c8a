"""A test-only block type that draws a string on the canvas itself (as a
seal or a stamp would), to show that glyph use has one path: a component
claims what it draws with ``ctx.claim(style, text)``; one that forgets fails
the build in the PDF glyph check instead of printing an empty box."""
from __future__ import annotations

from typing import Any

from csrpress.compose.registry import Component, Place
from csrpress.source.schema import BOOL, TEXT, BlockType


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    """One line of text drawn with drawString, claimed unless told not to."""
    from reportlab.platypus.flowables import Flowable

    style = c.layout.style("body")
    text = str(blocks[0].value)
    if blocks[0].get("claimed", True):
        c.ctx.claim(style, text)
    psname = c.ctx.psnames[style.font]

    class Stamp(Flowable):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return aw, style.leading

        def draw(self) -> None:
            self.canv.setFont(psname, style.size)
            self.canv.drawString(0, 0, text)

    return [Stamp()]


COMPONENT = Component(
    name="stamp", compose=compose,
    schema=BlockType(TEXT, {"claimed": BOOL}, doc="a string drawn on the canvas (test-only)"),
    example="- stamp: 龘\n",
)
