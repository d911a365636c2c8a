"""A bulleted or numbered list."""
from __future__ import annotations

from typing import Any

from ...source.schema import TEXTS, BlockType, Choice
from ...source.settings import TEXT as TEXT_SETTING, L, Setting
from ..registry import Component, Place

STYLE = Choice(("bullet", "number"), "list style", "use bullet or number")


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..components import bullet_list
    return bullet_list(c, blocks[0])


COMPONENT = Component(
    name="list", order=23, compose=compose,
    schema=BlockType(TEXTS, {"style": STYLE}, doc="list"),
    settings={"bullet": Setting(TEXT_SETTING, "•"),
              "indent": L(hi=500.0, doc="em of the list style")},
    styles=("list-item",),
    example="""\
- list:
    - 记录与分享
    - 连接与沟通
  style: bullet                    # bullet (default) or number
""")
