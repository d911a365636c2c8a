"""Headings: styled title, TOC record, GRI anchor (the outline entry: the
heading component's `outline`, placed by the dispatcher)."""
from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from ..source.content import Block
from ..text.paragraph import Paragraph
from .base import Rule, Wide
from .context import Composer


def heading(c: Composer, b: Block, key: str, outline_level: int | None,
            probe: bool = False, chapter: Block | None = None) -> list[Flowable]:
    """A heading's flowables; with probe, only measure (no TOC/GRI records)."""
    level = int(b.get("level"))
    out: list[Flowable] = []
    style = c.layout.style(f"h{level}")
    comp = c.layout.components["heading"]
    opener = bool(b.get("opener")) and comp.get("part_opener") is not None
    if opener:
        para = Paragraph(b.value, c.layout.style(comp["part_title_style"]), c.ctx,
                         space_before=0)
    elif level == 1:
        bar = comp["h1_bar"]
        out.append(Rule(c.pt(bar["width"]), c.pt(bar["height"]), c.color(bar["color"]),
                        style.space_before, 6))
        para = Paragraph(b.value, style, c.ctx, space_before=0)
    else:
        para = Paragraph(b.value, style, c.ctx)
    # a chapter title is H1, so its headings start at H2 (tagging keeps levels unskipped)
    para.role = f"H{min((outline_level if outline_level is not None else level) + 1, 6)}"
    para.whole = True
    out.append(_opener(c, para, chapter) if opener else para)
    if level == 2 and not opener:
        out.append(Rule(c.len("heading", "rule_length"), c.pt(comp["rule_width"]), c.color(comp["rule_color"]),
                        -style.space_after + 2, style.space_after))
    if probe:
        return out
    for code in b.gri_codes():
        c.gri_tags.append((code, key))
    return out


def _opener(c: Composer, title: Paragraph, chapter: Block | None) -> Flowable:
    """A part's opener: a tinted band across the grid, the chapter's label
    and title small at its head, the bar and the part's title at its foot."""
    from .base import Band

    spec = c.layout.components["heading"]["part_opener"]
    bar = c.layout.components["heading"]["h1_bar"]
    items: list[Flowable] = []
    if chapter is not None:
        line = " ".join(str(x) for x in (chapter.get("label") or chapter.get("number"),
                                         chapter.value) if x)
        kicker = Paragraph(line, c.layout.style(c.layout.components["heading"]
                                                ["part_kicker_style"]), c.ctx,
                           space_before=0)
        kicker.spaceAfter = c.pt(spec["kicker_gap"])
        items.append(kicker)
    items.append(Rule(c.pt(bar["width"]), c.pt(bar["height"]), c.color(bar["color"]), 0,
                      c.pt(spec["bar_gap"])))
    items.append(title)
    band = Band(items, head=1 if chapter is not None else 0,
                background=c.color(spec["background"]), padding=c.pt(spec["padding"]),
                height=c.pt(spec["height"]))
    band.spaceBefore, band.spaceAfter = c.pt(spec["space_before"]), c.pt(spec["space_after"])
    grid = c.layout.columns()
    if not grid.side:
        return band
    em = c.layout.style("body").size
    return Wide(band, grid, c.pt((c.layout.grid or {}).get("side_gap", "1em"), em))
