"""Running heads and folios, drawn at the end of each body page.

Mirrored: on a right-hand (odd) page they sit at the outer (right) edge, on
a left-hand page at the left. Covers, openers and blank pages get none.
"""
from __future__ import annotations

from typing import Any


def fitted(text: str, ctx: Any, style: Any, width: float) -> str:
    """A running head on one line within `width`: a longer one (an 80-character
    section title) is cut, with an ellipsis when the face has one; drawn
    whole it would run off the page."""
    def wide(s: str) -> float:
        return sum(ctx.width(style.font, ch) for ch in s) * style.size

    if wide(text) <= width:
        return text
    more = "…" if "…" in ctx.fonts[style.font].charset else ""
    while text and wide(text + more) > width:
        text = text[:-1]
    return text.rstrip() + more


def make_decorator(layout: Any, ctx: Any, report_title: str) -> Any:
    """A page-end callback drawing the running head and the folio of body pages."""
    head = layout.style("running-head")
    folio = layout.style("folio")
    comp_h = layout.components["running_head"]
    comp_f = layout.components["folio"]
    from ..source.layout import to_points

    for st in (head, folio):
        ctx.claim(st, "0123456789")
    ctx.claim(head, fitted(report_title, ctx, head, layout.columns().width))
    # (section titles: see compose.report)

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
        text = fitted(doc.state.page_running or doc.state.running or report_title,
                      ctx, head, grid.width)
        canv.saveState()
        canv.setFont(ctx.psnames[head.font], head.size)
        canv.setFillColor(ctx.color(head.color))
        if odd:
            canv.drawRightString(x1, top, text)
        else:
            canv.drawString(x0, top, text)
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
