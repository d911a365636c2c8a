"""Checks that need the whole loaded project: the content against the layout
(styles it names, punctuation it normalises) and against the fonts (every
character has a glyph). Each finding is a located diagnostic, all at once."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import Collector

if TYPE_CHECKING:
    from ..assets.fonts import Fonts
    from .content import Report
    from .layout import Layout


def note_normalised(report: Report, layout: Layout, errors: Collector) -> None:
    """A note at each block whose ASCII punctuation between Han the typesetter
    sets full-width (layout text.normalise_punctuation, on by default)."""
    from ..text.normalise import normalise

    if not layout.text["normalise_punctuation"]:
        return

    def strings(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    for block in report.blocks:
        for text in strings(block.value) + strings(dict(block.attrs)):
            for change in normalise(text)[1]:
                errors.note(block.mark, f"punctuation set full-width: {change}",
                            "type the full-width form, or set layout text.normalise_punctuation: false")


def check_styles(report: Report, layout: Layout, errors: Collector) -> None:
    """A style a block names (any field of kind STYLE, of any component) must
    be defined in layout/ styles: an error at the field, with a "did you mean"."""
    import difflib

    from ..compose.registry import get
    from .schema import STYLE

    for block in report.blocks:
        schema = get(block.type).schema
        named = [(block.type, block.value, block.mark)] if schema.main == STYLE else []
        named += [(key, block.get(key), block.mark_of(key))
                  for key, kind in schema.fields.items() if kind == STYLE and block.get(key)]
        for key, name, where in named:
            if str(name) in layout.styles:
                continue
            guess = difflib.get_close_matches(str(name), list(layout.styles), n=1)
            errors.error(where, f"unknown style '{name}' ({block.type}.{key})",
                         f"did you mean '{guess[0]}'?" if guess else
                         "define it under styles: in layout/, or use one of: "
                         + ", ".join(sorted(layout.styles)))


def check_glyphs(report: Report, fonts: Fonts, errors: Collector) -> None:
    """Every character must be in the font: report the first place of each."""
    from .content import block_texts

    seen: set[str] = set()
    for block in report.blocks:
        for text, where in block_texts(block):
            for ch in set(text) - seen:
                seen.add(ch)
                if fonts.missing(ch):
                    errors.error(where, f"the font has no glyph for '{ch}' (U+{ord(ch):04X})",
                                 "replace the character, or set a font that has it in layout/")
