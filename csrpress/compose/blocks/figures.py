"""Key figures as an infographic: a grid of figures (a key-figures page), or
a flow of figures joined by arrows (one quantity leading to the next)."""
from __future__ import annotations

from typing import Any

from ...source.schema import FIGURE_ITEMS, INT, TEXT, BlockType, Choice
from ...source.settings import TEXT as TEXT_SETTING, C, I, L, N, Setting
from ...source.yamlmarks import MList
from ..registry import Component, Place

STYLE = Choice(("grid", "flow"), "figures style",
               "grid (a key-figures grid) or flow (figures joined by arrows)")


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..figures import figures
    return figures(c, blocks[0])


def check(raw: Any, errors: Any) -> bool:
    """Every item with a figure and a label, and a row of 1 to 6 figures."""
    ok = True
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        errors.error(raw.mark, "'figures' needs 'items:' (at least one figure)",
                     "write items: [{value: '54', unit: 万人, label: 知识内容创作者}]")
        return False
    if raw.get("style") == "flow" and len(items) == 1:
        errors.warn(raw.mark_of("style"), "a flow of one figure has nothing to join: it is "
                    "set as one tile, with no arrow",
                    "add the figures it leads to or from, or remove 'style: flow'")
    for i, item in enumerate(items):
        if isinstance(item, dict) and not ("value" in item and "label" in item):
            where = items.item_marks[i] if isinstance(items, MList) else raw.mark
            errors.error(where, "a figure needs 'value:' and 'label:'",
                         "e.g. {value: '54', unit: 万人, label: 知识内容创作者}")
            ok = False
    # (columns: out of components.figures.columns' range is reported with every
    # block's own value of a layout setting: source.content; here it was twice)
    return ok


COMPONENT = Component(
    name="figures", order=21, compose=compose, check=check,
    plain=("items.value", "items.unit", "items.prefix"),
    schema=BlockType(TEXT, {"items": FIGURE_ITEMS, "style": STYLE, "columns": INT},
                     ("items",), "key figures: a grid, or a flow joined by arrows",
                     when_empty="no title",
                     aliases={"flow": "style: flow", "grid": "style: grid", "figures": "items",
                              "data": "items"}),
    settings={
        "columns": I(3, 1, 6, "figures per row in a grid (a block may set its own)"),
        "figure_size": L("26pt", lo=6.5, hi=200.0, doc="the figures (face and colour of "
                         "value_style); never shrunk: a row holds fewer instead"),
        "unit_scale": N(0.5, 0.2, 1.0, "unit and prefix, relative to the figure"),
        "gap": L("5mm", hi=200.0, doc="between figures"),
        "row_gap": L("6mm", hi=200.0, doc="between rows of a grid"),
        "page_from": I(0, 0, 100, "a grid of this many figures or more is a key-figures page: "
                       "its rows spread down the rest of the page (0: never)"),
        "page_figure_size": L("26pt", lo=6.5, hi=200.0, doc="the figures of a key-figures page"),
        "page_row_gap": L("40mm", hi=400.0, doc="the most a key-figures page spreads its rows"),
        "rule_color": C("brand", doc="the rule above each figure of a grid"),
        "rule_width": L("1.5pt", hi=20.0),
        "tile_color": C("paper-tint", doc="the tile behind each figure of a flow"),
        "arrow_color": C("brand", doc="the arrows of a flow"),
        "padding": L("3mm", hi=100.0, doc="inside a flow's tiles; under a grid's rule"),
        "space_before": L("4pt"), "space_after": L("12pt"),
        "value_style": Setting(TEXT_SETTING, "stat-value", doc="face and colour of the figures"),
        "label_style": Setting(TEXT_SETTING, "stat-label", doc="the labels under the figures"),
    },
    styles=("chart-title", "stat-value", "stat-label"),
    example="""\
- figures: 快手知识生态（截至 2019 年底）   # a title ('' for none)
  style: flow                    # grid (default) or flow: arrows from one to the next
  items:
    - {value: "54", unit: 万人, label: 知识内容创作者}
    - {prefix: 近, value: "1.2", unit: 亿条, label: 知识短视频}
    - {value: "1.5", unit: 万亿次, label: 总播放次数}
  # columns: 3                   # grid: figures per row (default: layout's)
""")
