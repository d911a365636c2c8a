"""A pull quote with its source."""
from __future__ import annotations

from typing import Any

from ...source.schema import TEXT, TEXTS, BlockType
from ...source.settings import C, L
from ..registry import Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..components import quote
    return quote(c, blocks[0])


def side(c: Any, b: Any, flowables: list[Any]) -> list[Any]:
    """In the side column a quote is a display quote (its own setting there)."""
    from ..components import quote
    return quote(c, b, side=True)


COMPONENT = Component(
    name="quote", order=19, compose=compose, side=side, page=PagePolicy(statement=True),
    schema=BlockType(TEXTS, {"by": TEXT}, doc="pull quote",
                     aliases={"source": "by", "author": "by", "attribution": "by", "name": "by"}),
    settings={
        "paragraph_indent": L(hi=500.0, doc="em of the quote style"),
        "space_before": L(), "space_after": L(), "bar_width": L(hi=50.0), "bar_color": C(),
        "padding": L(hi=200.0), "background": C(None, optional=True),
    },
    styles=("quote", "quote-by"),
    example="""\
- quote: 快手是一个普通人的大舞台……   # a string, or a list of paragraphs
  by: 快手高级副总裁 马宏彬          # optional (without the leading ——)
""")
