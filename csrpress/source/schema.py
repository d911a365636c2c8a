"""The content schema: the kinds of field values and the shape of a block type.

The block types themselves are declared by the components
(csrpress/compose/blocks/, one module each) so that validation, the error
hints ("did you mean …"), dispatch and docs/content-schema.md all agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# Field kinds understood by the validator.
TEXT = "text"          # a string (inline markup allowed)
NAME = "name"          # a short string (id, style name, path)
TEXTS = "texts"        # a string or a list of strings
INT = "int"
NUMBER = "number"
BOOL = "bool"
CODES = "codes"        # list of GRI codes like "102-14"
ROWS = "rows"          # table rows: list of lists of cells
CARDS = "cards"        # list of {title, text, items}
DATA = "data"          # chart data: list of {label, value, text}
SDG_ROWS = "sdg_rows"  # list of {goal, title, strategies, actions}
SERIES = "series"      # chart series: list of {name, values}
FIGURE_ITEMS = "figure_items"   # key figures: list of {value, unit, label, prefix}
WHEN = "when"          # a month or a date: 2019-05, 2020-01-23 (checked by source.chartdata)
WHENS = "whens"        # a list of them
ANY = "any"            # checked by the block's own check (e.g. a chart value)
LIST = "list"          # a list (its items checked by the block's own check)
STYLE = "style"        # the name of a paragraph style in layout/ styles (checked with
                       # the layout by source.checks.check_styles)


@dataclass(frozen=True)
class Choice:
    """A field whose value is one of a fixed set of words (a figure's width,
    a page break, a chart's kind): a value outside the set is a located error
    with a "did you mean" and what each word means."""

    values: tuple[str, ...]
    what: str                      # how the error names the field: "figure width"
    meanings: str = ""             # what the words mean, for the hint

    def __str__(self) -> str:      # (docs/content-schema.md)
        return "one of " + ", ".join(f"`{v}`" for v in self.values)

    def hint(self, value: Any) -> str:
        """A "did you mean" for a wrong value, then the choices."""
        import difflib

        guess = difflib.get_close_matches(str(value), self.values, n=1, cutoff=0.4)
        choices = self.meanings or ("use " + ", ".join(self.values))
        return (f"did you mean '{guess[0]}'? " if guess else "") + choices


Kind = Union[str, Choice]          # a field kind: a word above, or a Choice


@dataclass(frozen=True)
class BlockType:
    """A block type: its main value's kind and its attributes."""

    main: Kind
    fields: dict[str, Kind]
    required: tuple[str, ...] = ()
    doc: str = ""
    # What an empty main text means ("" → it may not be empty: an empty or
    # blank text would print nothing of the block, so it is an error).
    when_empty: str = ""
    # Keys authors write meaning something this type spells otherwise: the key →
    # the field it means (the type's own name: its main value), for a word that
    # is a value (figures' 'flow:') "field: value", else a hint of its own. Only
    # the hint of the unknown-key error uses them: the key is still refused,
    # never guessed.
    aliases: dict[str, str] = field(default_factory=dict)

    def alias_hint(self, kind: str, key: str) -> str | None:
        """The hint for an unknown ``key`` an alias names, else None."""
        meant = self.aliases.get(key)
        if meant is None:
            return None
        name, _, value = meant.partition(": ")
        if value and name.isidentifier() and value.isidentifier():
            return f"write '{meant}'"
        if " " in meant:                # (a hint of its own)
            return meant
        if meant == kind:
            return (f"the {kind}'s {key} is the block's own value: write '- {kind}: …' "
                    f"(see docs/content-schema.md)")
        return f"did you mean '{meant}'? (a {kind}'s {key} is its '{meant}:')"


def block_types() -> dict[str, BlockType]:
    """Every block type's schema, from the component registry (each block type
    is declared once, in its module under csrpress/compose/blocks/)."""
    from ..compose.registry import components

    return {name: comp.schema for name, comp in components().items()}


def __getattr__(name: str) -> Any:
    """``BLOCK_TYPES``: the registry's schemas, read when asked (a block type
    registered later, e.g. by a test, is included)."""
    if name == "BLOCK_TYPES":
        return block_types()
    raise AttributeError(name)


# Keys of the files around the blocks (kept here so the docs and the checks agree).
PART_KEYS = ("part", "title", "blocks")
REPORT_KEYS = ("title", "subject", "author", "publisher", "keywords", "language", "date", "output",
               "gri", "gri_disclosures", "parts", "labels")
GRI_KEYS = ("standard", "file")     # report.yaml gri: {standard: 2016|2021, file: own titles}
LABEL_KEYS = ("story_user", "story_handle", "attribution", "toc_title", "cover_page", "back_page",
              "see_pages")
CARD_KEYS = ("title", "text", "items")
DATA_KEYS = ("label", "value", "text", "at")
SERIES_KEYS = ("name", "values")
FIGURE_KEYS = ("value", "unit", "label", "prefix")
SDG_KEYS = ("goal", "refs", "title", "strategies", "actions")
GRI_FILE_KEYS = ("standards", "disclosures")
# title/standard: printed as given; en/zh/zh-Hant: the English, Simplified and
# Traditional Chinese titles (without a title:, the one in the report's language is
# printed, else en; en alone is reference data)
DISCLOSURE_KEYS = ("title", "standard", "en", "zh", "zh-Hant")
