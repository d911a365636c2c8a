"""A signed letter (the founder's letter): title, epigraph, body, signature."""
from __future__ import annotations

from typing import Any

from ...source.schema import CODES, NAME, TEXT, TEXTS, BlockType
from ...source.settings import BOOL, C, L, Setting
from ...source.settings import TEXT as TEXT_SETTING
from ..registry import LAYOUT, Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..components import letter
    return letter(c, blocks[0])


COMPONENT = Component(
    name="letter", order=18, compose=compose,
    schema=BlockType(TEXT, {"author": TEXT, "role": TEXT, "epigraph": TEXT,
                            "body": TEXTS, "image": NAME, "id": NAME, "gri": CODES},
                     ("author", "body"), "founder letter"),
    settings={"rule_color": C(), "signature_space": L(), "space_after": L(),
              "signature_rule": L("24pt", hi=400.0, doc="the rule over the signature (0: none)"),
              "signature_rule_width": L("1.5pt", hi=20.0),
              "portrait": L("28mm", hi=400.0, doc="the author's portrait beside the title: the "
                            "block's image:, else a monogram tile (0: none)"),
              "portrait_color": C("brand", doc="the monogram's tile"),
              "portrait_style": Setting(TEXT_SETTING, "chapter-number",
                                        doc="face and colour of the monogram's character"),
              "new_page": Setting(BOOL, False, doc="a letter after a letter starts a page")},
    styles=("letter-title", "letter-epigraph", "body", "signature", "signature-role",
            "chapter-number"),
    page=PagePolicy(break_before=LAYOUT),
    example="""\
- letter: 一念初心，步履不停          # the letter's title
  author: 宿华
  role: 快手创始人兼 CEO
  epigraph: 莺啼二月三月时，花发千山万山里。   # optional
  # image: su-hua.jpg        # the portrait (a file under images/); without: a monogram
  body:
    - 这是唐朝诗人任华的诗句……
    - ……
""")
