"""A paragraph (a bare string in blocks: is one in the body style)."""
from __future__ import annotations

from typing import Any

from ...source.schema import CODES, NAME, STYLE, TEXT, BlockType
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..components import paragraph
    return paragraph(c, blocks[0])


COMPONENT = Component(
    name="p", order=16, compose=compose,
    schema=BlockType(TEXT, {"style": STYLE, "id": NAME, "gri": CODES}, doc="paragraph"),
    styles=("body",),
    example="""\
# a bare string is the same with style body
- p: 在快手，每一个人可以通过短视频和照片的形式记录自己的生活点滴……
  style: lead               # optional: a paragraph style from layout (body, lead, note, caption…)
""")
