"""The back cover: the last page, with a text, the website as a QR code and an optional photo."""
from __future__ import annotations

from typing import Any

from ...source.schema import NAME, TEXT, TEXTS, BlockType
from ...source.settings import BOX, POINT, POS, REQUIRED, C, L, N, Setting
from ..registry import LAST, Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..pages import back_cover
    return back_cover(c, blocks[0])


def _check_url(raw: Any, errors: Any) -> bool:
    from ..images import check_url
    return check_url(raw, errors)


COMPONENT = Component(
    name="back_cover", order=11, compose=compose, check=_check_url,
    outline=lambda c, b, at: ("back-cover", "", None, True),
    schema=BlockType(TEXT, {"url": NAME, "qr_label": TEXTS, "image": NAME}, ("url",),
                     "back cover"),
    settings={
        "text_at": N(REQUIRED, 0.0, 1.0, "fraction of the page height, from the bottom"),
        "ornament_center": Setting(POINT, None, -2.0, 3.0, optional=True,
                                   doc="fractions of the page; default: the ornament's"),
        "qr_size": L(lo=POS), "qr_padding": L(hi=200.0), "qr_gap": L(), "qr_color": C(),
        "image_box": Setting(BOX, [0, 0, 1, 0.25], 0.0, 1.0,
                             "a back-cover image: [x, y, width, height], fractions of the page"),
    },
    styles=("back-text",),
    page=PagePolicy(break_before=LAST),
    example="""\
- back_cover: 欢迎登录快手官方网站下载报告
  url: https://www.kuaishou.com/csr/
  qr_label: 扫码关注
  image: cover/back.jpg            # optional: a photo in back_cover.image_box
""")
