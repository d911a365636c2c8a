"""A model as a diagram: tiers of items joined by connectors, each tier with
its title and explanation beside it (e.g. a CSR model: core → how it shows
→ for whom)."""
from __future__ import annotations

from typing import Any

from ...source.schema import CARDS, TEXT, BlockType
from ...source.settings import TEXT as TEXT_SETTING, C, L, N, Setting
from ...source.yamlmarks import MList
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..model import model
    return model(c, blocks[0])


def check(raw: Any, errors: Any) -> bool:
    """At least one tier, and every tier with a title and items to draw."""
    tiers = raw.get("levels")
    if not isinstance(tiers, list) or not tiers:
        errors.error(raw.mark, "'model' needs 'levels:' (its tiers, top first)",
                     "write levels: [{title: …, items: [a, b], text: …}]")
        return False
    ok = True
    for i, tier in enumerate(tiers):
        if isinstance(tier, dict) and not (tier.get("title") and tier.get("items")):
            where = tiers.item_marks[i] if isinstance(tiers, MList) else raw.mark
            errors.error(where, "a tier of a model needs 'title:' and 'items:'",
                         "e.g. {title: 责任表现, items: [记录与分享, 连接与沟通], text: …}")
            ok = False
    return ok


COMPONENT = Component(
    name="model", order=25, compose=compose, check=check,
    plain=("levels.items",),
    schema=BlockType(TEXT, {"levels": CARDS}, ("levels",), "a model drawn as a diagram of tiers",
                     when_empty="no title"),
    settings={
        "side": N(0.36, 0.15, 0.6, "the tiers' titles and texts: fraction of the measure"),
        "gutter": L("6mm", hi=200.0, doc="between the texts and the diagram"),
        "node_height": L("10mm", lo=3.0, hi=200.0, doc="an item's box (taller when it wraps)"),
        "node_gap": L("3mm", hi=100.0, doc="between the boxes of a tier"),
        "tier_gap": L("9mm", hi=200.0, doc="between tiers (the connectors run there)"),
        "node_fill": C("paper-tint"), "node_border": C("brand"),
        "border_width": L("0.8pt", hi=20.0), "core_border_width": L("2pt", hi=20.0,
                                                                    doc="the first tier's boxes"),
        "line_color": C("brand"), "line_width": L("0.8pt", hi=20.0),
        "padding": L("2mm", hi=50.0, doc="inside a box"),
        "space_before": L("6pt"), "space_after": L("12pt"),
        "title_style": Setting(TEXT_SETTING, "card-title", doc="tier titles and item boxes"),
        "text_style": Setting(TEXT_SETTING, "card-text", doc="tier explanations"),
    },
    styles=("chart-title", "card-title", "card-text"),
    example="""\
- model: 社会责任模型             # a title ('' for none)
  levels:                          # tiers, top first; connectors join each to the next
    - title: 责任核心
      items: [平等普惠的价值观和算法]
      text: 平等普惠的价值观和算法是快手产品的灵魂……
    - title: 责任表现
      items: [记录与分享, 连接与沟通, 行动与向善]
      text: 快手的履责形式与产品的功能、特性息息相关……
""")
