"""A bulleted or numbered list."""
from __future__ import annotations

from typing import Any

from ...source.schema import NAME, TEXTS, BlockType
from ...source.settings import TEXT as TEXT_SETTING, L, Setting
from ..registry import Component, Place

LIST_STYLES = ("bullet", "number")


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..components import bullet_list
    return bullet_list(c, blocks[0])


def check(raw: Any, errors: Any) -> bool:
    """Bullets or numbers."""
    if raw.get("style", "bullet") in LIST_STYLES:
        return True
    errors.error(raw.mark_of("style"), f"unknown list style '{raw['style']}'",
                 "use bullet or number")
    return False


COMPONENT = Component(
    name="list", order=23, compose=compose, check=check,
    schema=BlockType(TEXTS, {"style": NAME}, doc="list"),
    settings={"bullet": Setting(TEXT_SETTING, "•"),
              "indent": L(hi=500.0, doc="em of the list style")},
    styles=("list-item",),
    example="""\
- list:
    - 记录与分享
    - 连接与沟通
  style: bullet                    # bullet (default) or number
""")
