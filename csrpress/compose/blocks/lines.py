"""Lines set as given, one per line (poems, slogans, centred intros)."""
from __future__ import annotations

from typing import Any

from ...source.schema import STYLE, TEXTS, BlockType
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..components import lines
    return lines(c, blocks[0])


COMPONENT = Component(
    name="lines", order=17, compose=compose,
    schema=BlockType(TEXTS, {"style": STYLE}, doc="lines set as given"),
    styles=("lines",),
    example="""\
- lines:
    - 上至百岁老人，下至五尺微童；
    - 远至大山深处，近至城市中心；
  style: verse              # optional
""")
