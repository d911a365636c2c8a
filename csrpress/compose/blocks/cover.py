"""The front cover: a full page with the title, year, slogan and an optional photo."""
from __future__ import annotations

from typing import Any

from ...source.schema import NAME, TEXT, TEXTS, BlockType
from ...source.settings import BOX, POINT, REQUIRED, SIZE, C, L, N, Setting
from ..registry import RECTO, Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..pages import cover
    return cover(c, blocks[0])


COMPONENT = Component(
    name="cover", order=10, compose=compose,
    outline=lambda c, b, at: ("cover", b.value, 0, True),
    schema=BlockType(TEXT, {"year": NAME, "slogan": TEXTS, "image": NAME}, doc="front cover"),
    settings={
        "background": C(), "accent": C(),
        "logo": Setting(SIZE, REQUIRED, 1.0, 1000.0, "the logo slot [width, height], top left"),
        "rule_color": C(), "rule_width": L(hi=20.0), "rule_gap": L(hi=500.0),
        "title_at": N(REQUIRED, 0.0, 1.0, "top of the title block, fraction of the page height"),
        "slogan_gap": L(hi=500.0),
        "ornament_center": Setting(POINT, None, -2.0, 3.0, optional=True,
                                   doc="fractions of the page; default: the ornament's"),
        "image_box": Setting(BOX, [0, 0, 1, 0.25], 0.0, 1.0,
                             "a cover image: [x, y, width, height], fractions of the page"),
    },
    styles=("cover-title", "cover-year", "cover-slogan", "cover-logo"),
    page=PagePolicy(break_before=RECTO, break_after=True, first=True),
    example="""\
- cover: 快手企业社会责任报告
  year: "2019"
  slogan: [有温度的科技, 提升每个人独特的, 幸福感]   # lines, in order
  image: cover/field.jpg           # optional: a photo in the layout's cover.image_box
""")
