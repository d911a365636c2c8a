"""Big-number callouts; consecutive stat blocks are set as one row group."""
from __future__ import annotations

from typing import Any

from ...source.schema import NAME, TEXT, BlockType
from ...source.settings import REQUIRED, C, I, L, N
from ..registry import Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..grids import stats
    return stats(c, blocks)


COMPONENT = Component(
    name="stat", order=20, compose=compose,
    plain=("stat", "unit"),
    schema=BlockType(NAME, {"unit": TEXT, "label": TEXT, "prefix": TEXT, "note": TEXT},
                     doc="big-number callout"),
    settings={
        "columns": I(REQUIRED, 1, 12), "gap": L(hi=200.0), "rule_color": C(),
        "bar_width": L(hi=50.0), "unit_gap": L(hi=100.0), "padding": L(hi=200.0),
        "min_scale": N(0.5, 0.1, 1.0, "a figure too long for a one-column cell is set "
                       "smaller, down to this share of stat-value's size; longer is an error"),
        # figures follow the report's number rule: layout text.thousands, text.group_from
    },
    styles=("stat-value", "stat-unit", "stat-label"),
    page=PagePolicy(grouped=True, keep_with_previous=True),
    example="""\
- stat: "3"
  unit: 亿
  label: 日活跃用户               # optional
  prefix: 快手日活用户已突破      # optional, printed above the figure
  note: 截至 2020 年初             # optional
""")
