"""Headings: styled title, PDF outline entry, TOC record, GRI anchor."""
from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from ..source.content import Block
from ..text.inline import plain
from ..text.paragraph import Paragraph
from .base import Anchor, Rule
from .context import Composer


def heading(c: Composer, b: Block, key: str, outline_level: int | None,
            probe: bool = False) -> list[Flowable]:
    """A heading's flowables; with probe, only measure (no TOC/GRI records)."""
    level = int(b.get("level"))
    title = plain(str(b.value))
    depth = int(c.layout.outline["depth"])
    show = outline_level if outline_level is not None and level <= depth else None
    out: list[Flowable] = [Anchor(key, title, show)]
    style = c.layout.style(f"h{level}")
    if level == 1:
        bar = c.layout.components["heading"]["h1_bar"]
        out.append(Rule(c.pt(bar["width"]), c.pt(bar["height"]), c.color(bar["color"]),
                        style.space_before, 6))
        para = Paragraph(b.value, style, c.ctx, space_before=0)
    else:
        para = Paragraph(b.value, style, c.ctx)
    # a chapter title is H1, so its headings start at H2 (tagging keeps levels unskipped)
    para.role = f"H{min((outline_level if outline_level is not None else level) + 1, 6)}"
    out.append(para)
    if level == 2:
        comp = c.layout.components["heading"]
        out.append(Rule(c.len("heading", "rule_length"), c.pt(comp["rule_width"]), c.color(comp["rule_color"]),
                        -style.space_after + 2, style.space_after))
    if probe:
        return out
    for code in b.get("gri") or []:
        c.gri_tags.append((str(code), key))
    return out
