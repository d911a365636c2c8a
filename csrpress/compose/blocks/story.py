"""User story cards, set on a grid (consecutive story blocks share it)."""
from __future__ import annotations

from typing import Any

from ...source.schema import NAME, TEXT, BlockType
from ...source.settings import POS, REQUIRED, C, I, L
from ..registry import Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..grids import stories
    return stories(c, blocks)


def _check_url(raw: Any, errors: Any) -> bool:
    from ..images import check_url
    return check_url(raw, errors)


COMPONENT = Component(
    name="story", order=21, compose=compose, check=_check_url,
    schema=BlockType(TEXT, {"handle": NAME, "text": TEXT, "image": NAME, "url": NAME,
                            "title": TEXT, "alt": TEXT}, doc="user story card",
                     aliases={"name": "story", "user": "story", "account": "handle",
                              "caption": "text", "body": "text", "photo": "image"}),
    settings={
        "background": C(), "padding": L(hi=200.0), "photo_width": L(lo=POS, doc="the photo's width; "
                                                                "one wider than the card takes the "
                                                                "card's width (cropped to photo_height)"),
        "photo_height": L(lo=POS), "qr_size": L(lo=POS), "frame_color": C(),
        "bar_width": L(hi=50.0), "gap": L(hi=200.0), "columns": I(REQUIRED, 1, 12),
    },
    styles=("story-name", "story-id", "story-text", "story-title"),
    page=PagePolicy(grouped=True),
    example="""\
# labels.story_user before the name, labels.story_handle before the handle
# (快手用户： / 快手号： in this report)
- story: 福寿老仙翁 105 岁          # the user's name as the source gives it
  handle: M51005200                # optional: the user's account on the platform
  text: 百岁人瑞通过快手记录点滴生活……   # optional
  title: 百岁人瑞的快手生活        # optional, printed above the name
  image: stories/laoxianweng.jpg   # optional, under images/
  url: https://…                   # optional: printed as a QR code
  alt: 老人在院中录视频             # optional: the photo described for screen readers
                                   # (default: labels.story_user + the name)
""")
