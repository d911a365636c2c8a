"""Photos with captions; consecutive column-wide figures share a row of the grid."""
from __future__ import annotations

from typing import Any

from ...source.schema import NAME, TEXT, BlockType, Choice
from ...source.settings import CHOICE, POS, REQUIRED, TEXT as TEXT_SETTING, TEXTS, C, I, L, Setting
from ..registry import Component, PagePolicy, Place

WIDTH = Choice(("column", "full", "bleed"), "figure width",
               "column (one column of the grid), full (the text measure) or "
               "bleed (the whole page width, into the bleed)")
FIT = Choice(("cover", "contain"), "image fit",
             "cover (the photo fills its frame, cropped at the edges) or contain "
             "(the whole image inside the frame, never cropped: logos, badges, diagrams)")


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..grids import figures
    return figures(c, blocks)


def side(c: Any, b: Any, flowables: list[Any]) -> list[Any]:
    """Only captions set without a photo go into the side column: a figure
    with photos stays on the main grid (nothing goes to the side)."""
    from ...text.paragraph import Paragraph
    from ..base import Grid
    from ..grids import WideFigure

    out = []
    for f in flowables:
        if isinstance(f, Paragraph) and getattr(f, "caption_only", False):
            out.append(f)
        elif isinstance(f, (Grid, WideFigure, Paragraph)):
            return []
    return out


COMPONENT = Component(
    name="figure", order=22, compose=compose, side=side,
    schema=BlockType(TEXT, {"image": NAME, "id": NAME, "alt": TEXT, "width": WIDTH,
                                  "fit": FIT},
                     doc="photo with caption"),
    settings={
        "height": L(lo=POS), "background": C(), "frame_color": C(), "frame_width": L(hi=20.0),
        "columns": I(REQUIRED, 1, 12), "gap": L(hi=200.0),
        "without_photo": Setting(CHOICE, "text", choices=("text", "caption", "drop", "frame"),
                                 doc="a figure with no photo: its caption as text, a captioned "
                                     "panel, nothing, or a frame marked FPO (proofs)"),
        "caption_style": Setting(TEXT_SETTING, "figure-caption",
                                 doc="style of captions set as text"),
        "caption_separator": Setting(TEXT_SETTING, " ",
                                     doc="between the captions of a group set as text"),
        "photos_required": Setting(TEXTS, [], doc="editions that fail while a photo is missing"),
        "wide_max_height": L("90mm", lo=POS, doc="a full-measure or bleed figure: the image's "
                             "proportions up to this height"),
    },
    styles=("figure-caption",),
    page=PagePolicy(grouped=True, keep_with_previous=True),
    example="""\
# image optional; without one, layout components.figure.without_photo says how it is set
- figure: 公园独奏
  image: photos/erhu.jpg           # optional, under images/
  alt: 老人在公园拉二胡             # optional: the photo described for screen readers
  fit: cover                       # optional: cover (crop to fill, default) or contain (logos)
                                   # (tagged screen edition; default: the caption)
  width: column                    # optional: column (default; consecutive figures share
                                   # a row on the layout's grid), full (the text measure)
                                   # or bleed (the page width, into the bleed); full and
                                   # bleed keep the image's proportions up to
                                   # figure.wide_max_height
""")
