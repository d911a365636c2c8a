"""The table of contents, made from the chapters and headings."""
from __future__ import annotations

from typing import Any

from ...source import settings as S
from ...source.schema import TEXT, BlockType
from ..registry import PAGE, Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..report import contents
    from ..toc import toc

    entries = contents(c)
    if not entries:             # (it printed a page with its title alone)
        c.errors.error(blocks[0].mark, "the contents would list nothing: the report has no "
                       f"chapter and no heading down to level {int(c.layout.toc['depth'])} "
                       "(layout toc.depth) to list",
                       "add chapters or headings after it, or remove the toc block")
    return toc(c, entries, str(blocks[0].value) or c.label(COMPONENT.title_label))


COMPONENT = Component(
    name="toc", order=13, compose=compose,
    schema=BlockType(TEXT, {}, doc="table of contents",
                     when_empty="the title is labels.toc_title"),
    settings=S.TOC, settings_at="toc",
    styles=("toc-title", "toc-chapter", "toc-1", "toc-2", "toc-leader"),
    page=PagePolicy(break_before=PAGE, break_after=True, running_head=True),
    title_label="toc_title",
    example="""\
- toc: 目录                        # the title (empty: labels.toc_title)
""")
