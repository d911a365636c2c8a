"""Running heads and folios, drawn at the end of each body page.

Mirrored: on a right-hand (odd) page they sit at the outer (right) edge, on
a left-hand page at the left. Covers, openers and blank pages get none.
"""
from __future__ import annotations

from typing import Any


def fitted(text: str, ctx: Any, style: Any, width: float) -> str:
    """A running head on one line within `width`: a longer one (an 80-character
    section title) is cut, with an ellipsis when the face has one; drawn
    whole it would run off the page. Measured as the paragraph engine sets
    it (Han–Latin gaps, punctuation), which is how it is drawn (head_line)."""
    def wide(s: str) -> float:
        return sum(ctx.width(style.font, ch) for ch in s) * style.size

    # (what the engine adds to the characters' widths is under 0.75 em a
    # character: a head that fits with that much more is not measured again)
    if wide(text) + 0.75 * style.size * len(text) <= width or \
            _lines(text, ctx, style, width) <= 1:
        return text
    more = "…" if "…" in ctx.fonts[style.font].charset else ""

    while text and wide(text + more) > width:     # (a first cut by the characters' widths)
        text = text[:-1]
    while text and _lines(text.rstrip() + more, ctx, style, width) > 1:
        text = text[:-1]
    return text.rstrip() + more


def _lines(text: str, ctx: Any, style: Any, width: float) -> int:
    from ..text.paragraph import Paragraph

    p = Paragraph(text, style, ctx, align="left", indent=0.0)
    p.wrap(width, 1e6)
    return len(p.lines)


def head_line(text: str, ctx: Any, style: Any, width: float, align: str) -> Any:
    """The running head as the body sets text (one line of the paragraph
    engine): an em dash between English words at Latin height, ASCII
    punctuation after Han full width, the Han–Latin gap. It was drawn as
    the raw string (a centred em dash in 'Climate — Risk', '披露(TCFD)2025').
    Made when the contents are composed too, which claims its glyphs."""
    from ..text.paragraph import Paragraph

    p = Paragraph(text, style, ctx, align=align, indent=0.0)
    p.role = None
    p.wrap(width, 1e6)
    return p


def make_decorator(layout: Any, ctx: Any, report_title: str) -> Any:
    """A page-end callback drawing the running head and the folio of body pages."""
    head = layout.style("running-head")
    folio = layout.style("folio")
    comp_h = layout.components["running_head"]
    comp_f = layout.components["folio"]
    from ..source.layout import to_points

    for st in (head, folio):
        ctx.claim(st, "0123456789")
    grid_width = layout.columns().width
    head_line(fitted(report_title, ctx, head, grid_width), ctx, head, grid_width, "left")
    # (section titles: see compose.report)
    made: dict[tuple[str, str], Any] = {}

    def decorate(canv: Any, doc: Any, kind: str) -> None:
        if kind != "body":
            return
        pw, ph = layout.page_size
        m = layout.margins
        odd = doc.page % 2 == 1
        grid = layout.columns()         # head, rule and folio span the whole grid
        x0 = grid.left(doc.page)
        x1 = x0 + grid.width
        top = ph - m["top"] + to_points(comp_h["offset"])
        text = doc.state.page_running or doc.state.running or report_title
        key = (text, "right" if odd else "left")
        line = made.get(key)
        if line is None:
            line = made[key] = head_line(fitted(text, ctx, head, grid.width), ctx, head,
                                         grid.width, key[1])
        canv.saveState()
        line.draw_plain(canv, x0, top)
        canv.setStrokeColor(ctx.color(comp_h["rule_color"]))
        canv.setLineWidth(to_points(comp_h["rule_width"]))
        gap = to_points(comp_h["rule_gap"])
        canv.line(x0, top - gap, x1, top - gap)
        fy = m["bottom"] - to_points(comp_f["offset"])
        canv.setFont(ctx.psnames[folio.font], folio.size)
        canv.setFillColor(ctx.color(folio.color))
        num = str(doc.page)
        if odd:
            canv.drawRightString(x1, fy, num)
        else:
            canv.drawString(x0, fy, num)
        canv.restoreState()

    return decorate
