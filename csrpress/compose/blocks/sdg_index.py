"""The SDG index (appendix): goals, strategies, actions and live page references."""
from __future__ import annotations

from typing import Any

from ...source.schema import SDG_ROWS, TEXT, TEXTS, BlockType
from ...source.settings import NAMES, NUMBERS, POS, TEXT as TEXT_SETTING, C, L, Setting
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..tables import sdg_index
    return sdg_index(c, blocks[0])


COMPONENT = Component(
    name="sdg_index", order=29, compose=compose,
    plain=("rows.goal",),
    schema=BlockType(TEXT, {"columns": TEXTS, "rows": SDG_ROWS}, ("columns", "rows"),
                     "SDG index table"),
    settings={
        "columns": Setting(NAMES, ["goal", "title", "strategies", "actions"],
                           choices=("goal", "title", "strategies", "actions"),
                           doc="the columns of the SDG index, in order"),
        "widths": Setting(NUMBERS, [1.2, 3, 4.5, 4.5], doc="relative column widths"),
        "tile_size": L("9mm", lo=POS, hi=200.0, doc="the numbered goal tile"),
        "tile_palette": Setting(TEXT_SETTING, "sdg-{goal}",
                                doc="palette name of a goal's tile colour"),
        "number_style": Setting(TEXT_SETTING, "sdg-number", doc="style of the number on a tile"),
        "number_alt_color": C("ink", doc="the tile number's colour where the style's colour "
                                         "has less than WCAG AA contrast on the tile"),
    },
    styles=("index-head", "index-cell", "index-note", "table-title"),
    example="""\
- sdg_index: 联合国可持续发展目标 (SDGs)
  columns: [SDGs 指标, 可持续发展目标详解, 行动策略, 相关行动]
  rows:
    - goal: 1
      refs: [action-rural]         # optional: ids of the sections telling of these
                                   # actions; printed as "见第 27 页" (live page numbers)
      title: 在全世界消除一切形式的贫困
      strategies: [发挥平台和传播优势，……]
      actions: [快手幸福乡村“5亿流量”计划, “福苗计划”]
""")
