"""Awards; consecutive award blocks are set as one timeline."""
from __future__ import annotations

from typing import Any

from ...source.schema import TEXT, BlockType
from ...source.settings import POS, C, I, L
from ..registry import Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..awards import awards
    return awards(c, blocks)


COMPONENT = Component(
    name="award", order=28, compose=compose,
    schema=BlockType(TEXT, {"date": TEXT}, ("date",), "award"),
    settings={
        "dot_color": C(), "line_color": C(), "line_width": L(hi=20.0), "dot_radius": L(hi=50.0),
        "date_width": L(lo=POS), "rule_offset": L(hi=500.0), "space_after": L(),
        "keep": I(2, lo=1, hi=20, doc="entries that stay together at the start and the end of a "
                                      "timeline (no lone entry at a page foot or head)"),
    },
    styles=("award-date", "award-text"),
    page=PagePolicy(grouped=True),
    example="""\
- award: 在由南方传媒和新周刊主办的……荣获“2019 年度互联网公益优秀案例”奖。
  date: 2019 年 8 月 16 日
""")
