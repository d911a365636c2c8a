"""The GRI content index (appendix), made from the gri tags of the blocks."""
from __future__ import annotations

from typing import Any

from ...source.schema import TEXT, TEXTS, BlockType
from ...source.settings import NAMES, NUMBERS, L, Setting
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..tables import gri_index
    return gri_index(c, blocks[0])


COMPONENT = Component(
    name="gri_index", order=30, compose=compose,
    schema=BlockType(TEXT, {"columns": TEXTS}, ("columns",), "GRI content index"),
    settings={
        "columns": Setting(NAMES, ["standard", "code", "title", "pages"],
                           choices=("standard", "code", "title", "pages"),
                           doc="the columns of the GRI index, in order"),
        "widths": Setting(NUMBERS, [3, 1.3, 6, 2], doc="relative column widths"),
        "padding": L("2.2mm", hi=100.0, doc="cell padding (tighter rows than content tables)"),
    },
    styles=("index-head", "index-cell", "table-title"),
    example="""\
# generated from the gri tags of chapters, headings and other blocks
- gri_index: 全球报告倡议组织 GRI Standards 索引
  columns: [GRI 标准, 披露项, 标题, 页码]
""")
