"""The whole report: blocks in order → flowables, grouping what belongs together.

Consecutive stat, story, figure and award blocks are set as one group;
headings are kept with what follows; chapters start on a right-hand page.
"""
from __future__ import annotations

from typing import Callable

from reportlab.platypus.flowables import Flowable

from ..paginate.document import RectoBreak, SetRunning
from ..source.content import Block
from ..text.inline import plain
from ..text.paragraph import Paragraph
from . import awards, chart, components, grids, heading, pages, tables
from .base import KeepWithNext
from .context import Composer
from .toc import toc

GROUPED: dict[str, Callable[[Composer, list[Block]], list[Flowable]]] = {
    "stat": grids.stats, "story": grids.stories, "figure": grids.figures, "award": awards.awards,
}
SINGLE: dict[str, Callable[[Composer, Block], list[Flowable]]] = {
    "p": components.paragraph, "lines": components.lines, "list": components.bullet_list,
    "quote": components.quote, "letter": components.letter, "cards": grids.cards,
    "table": tables.table, "chart": chart.chart, "sdg_index": tables.sdg_index,
    "gri_index": tables.gri_index, "cover": pages.cover, "back_cover": pages.back_cover,
}


def keys(blocks: list[Block]) -> dict[int, str]:
    """A stable anchor key for every chapter and heading (its id, or a made one)."""
    out: dict[int, str] = {}
    for i, b in enumerate(blocks):
        if b.type in ("chapter", "heading"):
            out[i] = str(b.get("id") or f"{b.type}-{b.part}-{i}")
    return out


def toc_entries(blocks: list[Block], depth: int) -> list[tuple[int, str, str]]:
    k = keys(blocks)
    out = []
    for i, b in enumerate(blocks):
        if b.type == "chapter":
            out.append((0, plain(str(b.value)), k[i]))
        elif b.type == "heading" and b.get("in_toc", True) and int(b.get("level")) <= depth:
            out.append((int(b.get("level")), plain(str(b.value)), k[i]))
    return out


def compose(c: Composer) -> list[Flowable]:
    blocks = c.report.blocks
    k = keys(blocks)
    frame_h = c.frame[1]
    depth = int(c.layout.toc.get("depth", 2))
    entries = toc_entries(blocks, depth)
    c.toc_entries = entries
    out: list[Flowable] = []
    in_chapter = False
    body_started = False
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.type in GROUPED:
            j = i
            while j + 1 < len(blocks) and blocks[j + 1].type == b.type:
                j += 1
            out += GROUPED[b.type](c, blocks[i:j + 1])
            i = j + 1
            continue
        if b.type == "cover":
            out += pages.cover(c, b)
        elif b.type == "back_cover":
            out.append(_page_break("full"))
            out += pages.back_cover(c, b)
        elif b.type == "toc":
            out.append(_page_break("body"))
            out += toc(c, entries, str(b.value) or c.label("toc_title"))
            body_started = True
        elif b.type == "chapter":
            in_chapter = True
            sections = [t for lvl, t, key in entries if lvl == 1 and _under(blocks, k, key, i)]
            out.append(RectoBreak("full"))
            out += pages.chapter_opener(c, b, k[i], sections)
            out.append(SetRunning(plain(str(b.value))))
            out.append(_page_break("body"))
            for code in b.get("gri") or []:
                c.gri_tags.append((str(code), k[i]))
        elif b.type == "heading":
            level = int(b.get("level"))
            if not in_chapter and level == 1 and body_started:
                out.append(SetRunning(plain(str(b.value))))
                out.append(_page_break("body"))
            outline_level = level if in_chapter else level - 1
            hs = heading.heading(c, b, k[i], outline_level)
            nxt = _first_flowables(c, blocks, i + 1)
            out.append(KeepWithNext(hs, nxt, frame_h))
            out += hs
        else:
            out += SINGLE[b.type](c, b)
        i += 1
    return out


def _under(blocks: list[Block], k: dict[int, str], key: str, chapter_index: int) -> bool:
    """Is the heading with this key inside the chapter starting at chapter_index?"""
    for i in range(chapter_index + 1, len(blocks)):
        if blocks[i].type == "chapter":
            return False
        if k.get(i) == key:
            return True
    return False


def _first_flowables(c: Composer, blocks: list[Block], i: int) -> list[Flowable]:
    """The flowables of the next block (what a heading must keep with)."""
    if i >= len(blocks) or blocks[i].type in ("chapter", "back_cover"):
        return []
    b = blocks[i]
    if b.type == "heading":
        return heading.heading(c, b, "probe", None, probe=True) + \
            _first_flowables(c, blocks, i + 1)
    if b.type in GROUPED:
        return GROUPED[b.type](c, [b])
    return SINGLE[b.type](c, b)


def _page_break(template: str) -> Flowable:
    from reportlab.platypus.doctemplate import NextPageTemplate
    from reportlab.platypus.flowables import PageBreak

    class _Break(PageBreak):
        pass

    br = _Break()
    br.nextTemplate = template
    return br
