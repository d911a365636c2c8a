"""The table of contents: entries with dot leaders, folios and links."""
from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable, PageBreak

from ..pdf.tagging import artifact, marked, tagged
from ..text.paragraph import DESCENT, Paragraph
from .context import Composer


class TocEntry(Flowable):
    """One entry: the title (may wrap), leaders to a right-aligned folio, a link."""

    def __init__(self, c: Composer, level: int, title: str, key: str) -> None:
        super().__init__()
        self.c, self.key = c, key
        self.style = c.layout.style("toc-chapter" if level == 0 else f"toc-{min(level, 2)}")
        indents = c.layout.toc["indent"]
        self.indent = c.pt(indents[min(level, len(indents) - 1)], self.style.size)
        self.numw = c.pt(c.layout.toc["number_width"], self.style.size)
        self.leader_end = self.numw       # (the contents' widest folio column: toc)
        self.gap = c.pt(c.layout.toc["leader_gap"], self.style.size)
        self.title = Paragraph(title, self.style, c.ctx, indent=0, align="left",
                               space_before=0, space_after=0)
        self.title.role = None            # part of the entry's Link
        self.spaceBefore = self.style.space_before
        self.leader = str(c.layout.toc["leader"])
        self.leader_style = c.layout.style("toc-leader")
        c.ctx.claim(self.style, "0123456789")
        c.ctx.claim(self.leader_style, self.leader)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h = self.title.wrap(aw - self.indent - self.numw - self.style.size, ah)
        self.width, self.height = aw, h
        return aw, h

    def draw(self) -> None:
        c = self.canv
        # TOC > TOCI > Link (title, page number; the leaders are decoration)
        with tagged(c, "TOC", "toc"), tagged(c, "TOCI"), tagged(c, "Link"):
            self._draw()

    def _draw(self) -> None:
        c, ctx, st = self.canv, self.c.ctx, self.style
        self.title.drawOn(c, self.indent, 0)
        last = self.title.lines[-1]
        y = (st.leading - st.size) / 2 + DESCENT * st.size
        num = ctx.page_of(self.key)
        font = ctx.psnames[st.font]
        with marked(c):
            c.setFont(font, st.size)
            c.setFillColor(ctx.color(st.color))
            c.drawRightString(self.width, y, num)
        # leaders in their own (light) style, ending where the widest folio
        # column of the contents begins, so the dots of all entries, of every
        # level, line up vertically whatever the folio's width and size (each
        # level's own column, in its own em, ended them at three places)
        ls = self.leader_style
        lfont = ctx.psnames[ls.font]
        x0 = self.indent + last.natural + self.gap
        x1 = self.width - self.leader_end
        lw = c.stringWidth(self.leader, lfont, ls.size)
        if x1 > x0 and lw > 0:
            with artifact(c):
                c.setFont(lfont, ls.size)
                c.setFillColor(ctx.color(ls.color))
                c.drawRightString(x1, y, self.leader * int((x1 - x0) / lw))
        ctx.link(c, self.key, (0, 0, self.width, self.height),
                 contents=f"{self.title.text} {num}")


def toc(c: Composer, entries: list[tuple[int, str, str]], title: str) -> list[Flowable]:
    """The contents: a title and one linked entry per chapter and heading."""
    head = Paragraph(title, c.layout.style("toc-title"), c.ctx)
    head.role = "H1"
    out: list[Flowable] = [head]
    items = [TocEntry(c, level, text, key) for level, text, key in entries]
    end = max((item.numw for item in items), default=0.0)
    for item in items:
        item.leader_end = end
    breaks = balance(c, head, items, [level for level, _, _ in entries])
    for n, item in enumerate(items):
        if n in breaks:
            br = PageBreak()
            br.nextTemplate = "body"
            out.append(br)
        out.append(item)
    return out


def balance(c: Composer, title: Flowable, items: list[TocEntry], levels: list[int]) -> set[int]:
    """Where the contents turn the page, so that its pages hold about as much
    each (a balanced spread, not a full page and a stub). A page turns only
    before a chapter or a part, never between a part and its sections nor
    between a chapter and its first part (a chapter's entry alone at the foot
    of a page, its parts overleaf)."""
    fw, fh = c.frame
    heights = [f.wrap(fw, fh)[1] + f.getSpaceBefore() for f in items]
    first = title.wrap(fw, fh)[1] + title.getSpaceAfter()
    pages = int((first + sum(heights)) // fh) + 1
    breaks: set[int] = set()
    start, used = 0, first
    for left in range(pages, 1, -1):
        target = (used + sum(heights[start:])) / left
        best, best_gap = None, None
        acc = used
        for n in range(start, len(heights)):
            if acc > fh:
                break
            if n > start and levels[n] <= min(1, levels[n - 1]) and \
                    (best_gap is None or abs(acc - target) < best_gap):
                best, best_gap = n, abs(acc - target)
            acc += heights[n]
        if best is None:
            break
        breaks.add(best)
        start, used = best, 0.0
    return breaks
