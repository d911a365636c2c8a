"""Text components: paragraphs, lines, lists, quotes, letters, headings."""
from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable, KeepTogether, Spacer

from ..pdf.tagging import tagged
from ..source.content import Block
from ..text.paragraph import Paragraph
from .base import Indented, Rule, Stack, keep_ends
from .context import Composer


def paragraph(c: Composer, b: Block) -> list[Flowable]:
    """A body paragraph (or another paragraph style the block names)."""
    style = c.style(b.get("style", "body"), b.mark_of("style"))
    return [Paragraph(b.value, style, c.ctx)]      # (its id's anchor: compose.report)


def lines(c: Composer, b: Block) -> list[Flowable]:
    """Lines set as given, one paragraph each (verse, intros): never re-broken together."""
    style = c.style(b.get("style", "lines"), b.mark_of("style"))
    items = _as_list(b.value)
    out: list[Flowable] = []
    for i, text in enumerate(items):
        p = Paragraph(text, style, c.ctx, indent=0,
                      space_before=style.space_before if i == 0 else 0,
                      space_after=style.space_after if i == len(items) - 1 else 0)
        p.lead_in = True     # an intro: a heading before it keeps with all of it
        out.append(p)
    # a verse never leaves one line alone at a page's foot or head (a poem of
    # four lines was set 一滴水， / and three overleaf): its first and last two kept
    return keep_ends(out, 2)


def bullet_list(c: Composer, b: Block) -> list[Flowable]:
    """A bulleted or numbered list with hanging markers."""
    style = c.layout.style("list-item")
    return list_items(c, _as_list(b.value), style, numbered=b.get("style") == "number")


def list_items(c: Composer, items: list[str], style: Any, numbered: bool = False) -> list[Flowable]:
    """Hanging-indent list items: the marker in the indent, text justified."""
    marks = [f"{i + 1}." if numbered else str(c.layout.components["list"]["bullet"])
             for i in range(len(items))]
    ind = _marker_room(c, style, marks, c.len("list", "indent", style.size))
    out: list[Flowable] = []
    whole = object()                 # the list's structure element (L) across its items
    for text, mark in zip(items, marks):
        out.append(ListItem(Paragraph(mark, style, c.ctx, indent=0, align="left",
                                      space_before=0, space_after=0),
                            Paragraph(str(text), style, c.ctx, indent=0,
                                      space_before=0, space_after=2), ind, (whole, object())))
    return out


def _marker_room(c: Composer, style: Any, marks: list[str], indent: float) -> float:
    """The hanging indent of a list: the layout's, or where the widest marker
    does not fit it, as many whole ems as that marker needs with a quarter em
    after it ("10." of a long numbered list is wider than the 1 em that holds
    "9."); one for all items."""
    import math

    em = style.size
    widest = max(sum(c.ctx.width(style.font, ch) for ch in m) * em for m in marks)
    if widest <= indent:
        return indent
    return math.ceil((widest + 0.25 * em) / em - 1e-6) * em


class ListItem(Indented):
    """A list item: its marker hangs in the indent of the first line.
    Tagged as L > LI > (Lbl, LBody); `keys` (list, item) join split pieces."""

    def __init__(self, marker: Paragraph | None, body: Flowable, indent: float,
                 keys: tuple[Any, Any] = (None, None)) -> None:
        super().__init__(body, indent)
        self.marker, self.keys = marker, keys
        if marker is not None:
            marker.role = None       # its text is the Lbl's content

    def split(self, aw: float, ah: float) -> list[Flowable]:
        parts = self.inner.split(aw - self.left, ah)
        if not parts:
            return []
        return [ListItem(self.marker, parts[0], self.left, self.keys)] + \
            [ListItem(None, p, self.left, self.keys) for p in parts[1:]]

    def draw(self) -> None:
        c = self.canv
        whole, item = self.keys
        with tagged(c, "L", whole), tagged(c, "LI", item):
            label = None
            if self.marker is not None:      # Lbl first in reading order, drawn last
                with tagged(c, "Lbl") as label:
                    pass
            with tagged(c, "LBody", item):
                super().draw()
            if self.marker is not None:
                with tagged(c, element=label):
                    self.marker.wrap(self.left, 100)
                    self.marker.drawOn(c, 0, self.height - self.marker.height)


def quote(c: Composer, b: Block, side: bool = False) -> list[Flowable]:
    """A pull quote: tinted box with a bar, its paragraphs, and the attribution.

    In the side column (side) it is a display quote: text-coloured type set
    ragged on the narrow measure beside the orange bar, without the tint
    that marks a long statement in the main column."""
    style = c.layout.style("quote")
    comp = c.layout.components["quote"]
    bar = c.color(comp["bar_color"])
    bg = c.color(comp["background"]) if comp.get("background") and not side else None
    pad = c.len("quote", "padding")
    align = "left" if side else None
    bw = c.len("quote", "bar_width")
    paras = _as_list(b.value)
    out: list[Flowable] = [Spacer(0, c.len("quote", "space_before"))]
    by = None
    dash = c.label("attribution")
    if b.get("by"):
        by = Paragraph(b.get("by"), c.layout.style("quote-by"), c.ctx)
        # the attribution's dash is drawn as a rule before the name (so no line
        # begins with "——"); the text layer keeps "——" at the end of the quote,
        # so copied or extracted text reads "…。——name"
        by.lead_rule = (2 * by.style.size, bar)    # an orange mark, like the bar
        by.lead_text = dash          # tagged editions: the rule reads as the dash
        # lines made even ("可持续发展委员会主任" never leaves "主任" alone), and a
        # title and a name ("集团一线班组长 李建国") never break inside the name
        by.balance = by.name_line = True
    # a quote of several paragraphs shows where each begins (first-line indent)
    indent = c.len("quote", "paragraph_indent", style.size) if len(paras) > 1 else 0.0
    whole = object()                 # one BlockQuote for all its paragraphs
    for i, text in enumerate(paras):
        last = i == len(paras) - 1
        p = Paragraph(text, style, c.ctx, space_before=0, indent=indent, align=align,
                      space_after=style.space_after if not last else 0)
        if last and by is not None and dash:
            p.hidden_tail = dash
            c.ctx.claim(p.spans[0], dash)
        out.append(QuoteBox(p, bw + pad, bar, bw, bg, pad, by if last else None, snap=not side,
                            tag=("BlockQuote", whole)))
    out.append(Spacer(0, c.len("quote", "space_after")))
    return out


class QuoteBox(Indented):
    """A paragraph of a pull quote in its tinted box. It is read as one
    statement: it splits only where three lines or more stay on each side,
    so a page never ends on a two-line scrap of a quote."""

    MIN_LINES = 3
    lead_in = True      # a heading before it keeps with all of it

    def min_height(self, aw: float) -> float:
        self.inner.wrap(self.measure(aw), 1e6)
        n = len(self.inner.shown)
        if n < 2 * self.MIN_LINES:
            return self.wrap(aw, 1e6)[1] + self.spaceBefore
        return self.MIN_LINES * self.inner.style.leading + self.spaceBefore

    def split(self, aw: float, ah: float) -> list[Flowable]:
        self.inner.wrap(self.measure(aw), 1e6)
        n = len(self.inner.shown)
        lead = self.inner.style.leading
        fit = min(int((ah + 1e-6) // lead), n - self.MIN_LINES)
        if fit < self.MIN_LINES:
            return []
        parts = self.inner.split(self.measure(aw), fit * lead + 1e-3)
        return [QuoteBox(q, self.left, self.bar, self.bar_width, self.background, self.pad,
                         self.tail if k == len(parts) - 1 else None, self.snap, self.tag)
                for k, q in enumerate(parts)]


def letter(c: Composer, b: Block) -> list[Flowable]:
    """A founder letter: the author's portrait beside its title, the title,
    epigraph, body and a signature kept with its end."""
    title = Paragraph(b.value, c.layout.style("letter-title"), c.ctx)
    title.role = "H1"
    out: list[Flowable] = _portrait(c, b) + [title]
    bar = c.layout.components["heading"]["h1_bar"]
    out.append(Rule(c.pt(bar["width"]), c.pt(bar["height"]),
                    c.color(c.layout.components["letter"]["rule_color"]), 0, 14))
    if b.get("epigraph"):
        out.append(Paragraph(b.get("epigraph"), c.layout.style("letter-epigraph"), c.ctx))
    for text in _as_list(b.get("body")):
        out.append(Paragraph(text, c.layout.style("body"), c.ctx))
    sig: list[Flowable] = []
    if b.get("role"):
        sig.append(Paragraph(b.get("role"), c.layout.style("signature-role"), c.ctx))
    sig.append(Paragraph(b.get("author"), c.layout.style("signature"), c.ctx))
    # the signature stays with the end of the letter, under a short rule at the right
    last = out.pop()
    comp = c.layout.components["letter"]
    rule = Rule(c.len("letter", "signature_rule"), c.len("letter", "signature_rule_width"),
                c.color(comp["rule_color"]), 0, 4)
    rule.hAlign = "RIGHT"
    out.append(KeepTogether([last, Spacer(0, c.len("letter", "signature_space")),
                             *([rule] if rule.length else []), Stack(sig)]))
    out.append(Spacer(0, c.len("letter", "space_after")))
    return out


def _portrait(c: Composer, b: Block) -> list[Flowable]:
    """The author's portrait (the block's image), or where there is none a
    monogram: the name's first character on a tile, never an empty frame.
    It stands in the side column beside the letter's title (in the main
    column above it on a grid without a side column)."""
    from .base import SideNote

    size = c.len("letter", "portrait")
    if not size:
        return []
    author = str(b.get("author") or "")
    if b.get("image"):
        from .images import Photo
        face: Flowable = Photo(c, str(b.get("image")), size, size, b.mark_of("image"),
                               alt=" ".join(str(v) for v in (b.get("role"), author) if v))
    elif author:
        face = Monogram(c, author[0], size)
    else:
        return []
    grid = c.layout.columns()
    if grid.side and size <= grid.side:
        spec = c.layout.grid or {}
        return [SideNote([face], grid, c.pt(spec.get("side_gap", "1em"),
                                            c.layout.style("body").size))]
    face.spaceAfter = c.len("letter", "signature_space")
    return [face]


class Monogram(Flowable):
    """A square tile in the letter's portrait colour with one character on it
    (decoration: the name is read in the signature)."""

    def __init__(self, c: Composer, ch: str, size: float) -> None:
        super().__init__()
        comp = c.layout.components["letter"]
        self.ch, self.size = ch, size
        self.style = c.style(str(comp["portrait_style"]), None)
        self.fill = c.color(comp["portrait_color"])
        self.ink = c.ctx.color(self.style.color)
        self.font = c.ctx.psnames[self.style.font]
        self.c = c
        c.ctx.claim(self.style, ch)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        from ..pdf.tagging import artifact
        from ..text.paragraph import DESCENT

        canv, r = self.canv, self.size / 2
        fs = self.size * 0.5
        with artifact(canv):
            canv.setFillColor(self.fill)
            canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)   # (a tile, like the
            #   SDG tiles: a plain rectangle is also what the contrast check reads as ground)
            canv.setFillColor(self.ink)
            canv.setFont(self.font, fs)
            canv.drawCentredString(r, r - fs * (0.5 - DESCENT), self.ch)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
