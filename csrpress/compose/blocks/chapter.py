"""A chapter opener: a full right-hand page with number, title and the chapter's sections."""
from __future__ import annotations

from typing import Any

from ...source.schema import CODES, NAME, TEXT, BlockType
from ...source.settings import POS, C, I, L, N
from ..registry import RECTO, Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..pages import chapter_opener
    from ..report import chapter_sections, page_break

    b = blocks[0]
    assert at.key is not None
    out = chapter_opener(c, b, at.key, chapter_sections(c, at.index)) + [page_break("body")]
    for code in b.gri_codes():
        c.gri_tags.append((code, at.key))
    return out


COMPONENT = Component(
    name="chapter", order=14, compose=compose,
    outline=lambda c, b, at: (str(at.key), b.value.replace("\n", ""), 0, False),
    schema=BlockType(TEXT, {"number": NAME, "label": TEXT, "id": NAME, "gri": CODES},
                     ("number",), "chapter opener"),
    settings={
        "background": C(), "accent": C(), "inset": L(), "top": L(), "sections_gap": L(),
        "number_width": L(lo=POS, doc="em of chapter-section"),
        "end_fill": N(0.6, 0.0, 1.0, "a chapter's last page reached less far down than this "
                      "is near empty: the display spacing of its last pages tightens "
                      "(paginate.fit)"),
        "end_tighten": N(0.5, 0.0, 0.9, "the most the space around the headings, figures, "
                         "charts and tables of those pages tightens to pull the last lines back"),
        "end_steps": I(0, 0, 6, "steps to that, the first that ends the chapter a page sooner "
                       "is kept (0: chapters are never tightened); each step tried lays out "
                       "the chapter's last pages once more, measured and not drawn"),
        "end_pages": I(4, 1, 12, "how many last pages of a chapter may tighten (what is left "
                       "of the chapter when its end is decided, set in one column)"),
    },
    styles=("chapter-number", "chapter-label", "chapter-title", "chapter-section"),
    page=PagePolicy(break_before=RECTO, opener=True, section=True),
    example="""\
# a full page; the chapter starts on a right-hand page and its text on the next
- chapter: 科技普惠，创造幸福未来
  number: "01"              # printed big; "附录" for the appendix
  label: 第一章             # optional
  id: ch1
  gri: [102-16]             # optional GRI disclosure codes for this chapter
""")
