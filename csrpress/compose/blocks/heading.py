"""Headings: level 1 = part of a chapter, 2 = section, 3 = sub-section, 4 = minor."""
from __future__ import annotations

from typing import Any

from ...source.schema import BOOL, CODES, INT, NAME, TEXT, BlockType
from ...source.settings import GROUP, LEVELS, C, G, L, Setting
from ...source.settings import TEXT as TEXT_SETTING
from ..registry import LAYOUT, Component, PagePolicy, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..heading import heading

    b = blocks[0]
    assert at.key is not None
    level = int(b.get("level"))
    return heading(c, b, at.key, level if at.in_chapter else level - 1, chapter=_chapter(c, at))


def outline(c: Any, b: Any, at: Place) -> tuple[str, str, int | None, bool]:
    """Its destination, and an outline entry down to layout outline.depth (a
    chapter's title is level 0, so headings inside one start at 1)."""
    from ...text.inline import plain

    assert at.key is not None
    level = int(b.get("level"))
    shown = level <= int(c.layout.outline["depth"])
    return at.key, plain(str(b.value)), (level if at.in_chapter else level - 1) if shown else None, True


def _chapter(c: Any, at: Place) -> Any:
    """The chapter block a heading stands in (None outside one)."""
    return c.chapter_before(at.index)


def check(raw: Any, errors: Any) -> bool:
    """Four levels of headings."""
    if isinstance(raw.get("level"), int) and not 1 <= raw["level"] <= 4:
        errors.error(raw.mark_of("level"), "heading level must be 1, 2, 3 or 4",
                     "1 = part, 2 = section, 3 = sub-section, 4 = minor heading")
        return False
    return True


BAR = {"width": L(lo=0), "height": L(lo=0), "color": C()}

OPENER = {
    "background": C("paper-tint", doc="the band's colour"),
    "padding": L("6mm", hi=100.0, doc="inside the band"),
    "height": L("36mm", hi=400.0, doc="the band's least height; the title stands at its foot"),
    "space_before": L("4mm", hi=200.0, doc="above the band (none at a page's head)"),
    "space_after": L("6mm", hi=200.0, doc="below the band"),
    "kicker_gap": L("3mm", hi=100.0, doc="between the chapter line and the bar (at least)"),
    "bar_gap": L("4pt", hi=100.0, doc="between the bar and the part's title"),
}

COMPONENT = Component(
    name="heading", order=15, compose=compose, check=check, outline=outline,
    schema=BlockType(TEXT, {"level": INT, "id": NAME, "gri": CODES, "in_toc": BOOL,
                            "opener": BOOL},
                     ("level",), "heading"),
    settings={
        "new_page_levels": Setting(LEVELS, [], doc="heading levels that start a page"),
        "recto_levels": Setting(LEVELS, [], doc="heading levels that start a right-hand page"),
        "rule_width": L(hi=20.0), "rule_length": L(), "rule_color": C(),
        "h1_bar": G(BAR, "the bar above h1"),
        "part_opener": Setting(GROUP, None, optional=True, fields=OPENER,
                               doc="a heading with `opener: true` opens a part of its chapter: "
                               "a band across the grid with the chapter's label and title, "
                               "the h1 bar and the part's title at its foot (absent: set as "
                               "any heading)"),
        "part_title_style": Setting(TEXT_SETTING, "h1", doc="the title in a part opener"),
        "part_kicker_style": Setting(TEXT_SETTING, "toc-chapter",
                                     doc="the chapter's label and title in a part opener"),
    },
    styles=("h1", "h2", "h3", "h4"),
    page=PagePolicy(break_before=LAYOUT, keep_with_next=True, section=True),
    example="""\
# level 1 = part within a chapter (e.g. 记录幸福, 公司治理),
# 2 = section, 3 = sub-section, 4 = minor heading
- heading: 参差百态才是幸福本源
  level: 2
  id: diversity             # optional; needed to refer to it
  gri: [102-16]             # optional
  in_toc: false             # optional: keep out of the TOC
  opener: true              # optional: opens a part of its chapter (components.heading.part_opener)
""")
