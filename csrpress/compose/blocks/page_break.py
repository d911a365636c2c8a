"""A page break: the next page, or the next right-hand page."""
from __future__ import annotations

from typing import Any

from ...source.schema import BlockType, Choice
from ..registry import OWN, Component, PagePolicy, Place

BREAK = Choice(("next", "recto"), "page break",
               "write 'page_break: next' (the next page) or 'page_break: recto' "
               "(the next right-hand page)")


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ...paginate.document import RectoBreak
    from ..report import page_break

    return [RectoBreak("body") if blocks[0].value == "recto" else page_break("body")]


COMPONENT = Component(
    name="page_break", order=12, compose=compose,
    schema=BlockType(BREAK, {}, doc="page break: 'next' page or the next 'recto'"),
    page=PagePolicy(break_before=OWN),
    example="""\
# 'next' (the next page) or 'recto' (the next right-hand page, leaving the
# left one blank when needed); next to a break the layout makes anyway
# (a chapter opener), it adds no empty page
- page_break: recto
""")
