"""A group of titled short texts set on a grid."""
from __future__ import annotations

from typing import Any

from ...source.schema import CARDS, INT, BlockType
from ...source.settings import REQUIRED, C, I, L
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..grids import cards
    return cards(c, blocks[0])


COMPONENT = Component(
    name="cards", order=24, compose=compose,
    schema=BlockType(CARDS, {"columns": INT}, doc="group of titled short texts",
                     aliases={"items": "the cards are the list under '- cards:' itself, each "
                                       "'- title: …'; a title for the group is a heading "
                                       "before the block"}),
    settings={
        "columns": I(REQUIRED, 1, 12), "gap": L(hi=200.0), "padding": L(hi=200.0),
        "background": C(), "bar_color": C(), "bar_width": L(hi=50.0),
    },
    styles=("card-title", "card-text"),
    example="""\
- cards:
    - title: 补充商业保险
      text: 为员工购买包括……
    - title: 责任表现
      items: [记录与分享, 连接与沟通]                 # optional bullet list (before or after text: as written)
    - title: TALK(开放力)
      text: [快手人自己的“TED”, 各路大咖跨界分享]   # a string or lines
  columns: 2                       # optional
""")
