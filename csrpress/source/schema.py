"""The content schema: which block types exist and what each may hold.

Kept as data so that validation, the error hints ("did you mean …") and the
schema reference all agree. See docs/content-schema.md for examples.
"""
from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class BlockType:
    """A block type: its main value's kind and its attributes."""

    main: str
    fields: dict[str, str]
    required: tuple[str, ...] = ()
    doc: str = ""


BLOCK_TYPES: dict[str, BlockType] = {
    "cover": BlockType(TEXT, {"year": NAME, "slogan": TEXTS, "image": NAME}, doc="front cover"),
    "back_cover": BlockType(TEXT, {"url": NAME, "qr_label": TEXTS, "image": NAME}, ("url",),
                            "back cover"),
    "toc": BlockType(TEXT, {}, doc="table of contents"),
    "chapter": BlockType(TEXT, {"number": NAME, "label": TEXT, "id": NAME, "gri": CODES},
                         ("number",), "chapter opener"),
    "heading": BlockType(TEXT, {"level": INT, "id": NAME, "gri": CODES, "in_toc": BOOL},
                         ("level",), "heading"),
    "p": BlockType(TEXT, {"style": NAME, "id": NAME, "gri": CODES}, doc="paragraph"),
    "lines": BlockType(TEXTS, {"style": NAME}, doc="lines set as given"),
    "letter": BlockType(TEXT, {"author": TEXT, "role": TEXT, "epigraph": TEXT,
                               "body": TEXTS, "id": NAME, "gri": CODES},
                        ("author", "body"), "founder letter"),
    "quote": BlockType(TEXTS, {"by": TEXT}, doc="pull quote"),
    "stat": BlockType(NAME, {"unit": TEXT, "label": TEXT, "prefix": TEXT, "note": TEXT},
                      doc="big-number callout"),
    "story": BlockType(TEXT, {"handle": NAME, "text": TEXT, "image": NAME, "url": NAME,
                              "title": TEXT, "alt": TEXT}, doc="user story card"),
    "figure": BlockType(TEXT, {"image": NAME, "id": NAME, "alt": TEXT, "width": NAME},
                        doc="photo with caption"),
    "list": BlockType(TEXTS, {"style": NAME}, doc="list"),
    "cards": BlockType(CARDS, {"columns": INT}, doc="group of titled short texts"),
    "table": BlockType(TEXT, {"columns": TEXTS, "rows": ROWS, "widths": TEXTS, "id": NAME},
                       ("columns", "rows"), "table"),
    "chart": BlockType(TEXT, {"kind": NAME, "unit": TEXT, "data": DATA, "alt": TEXT}, ("data",), "chart"),
    "award": BlockType(TEXT, {"date": TEXT}, ("date",), "award"),
    "sdg_index": BlockType(TEXT, {"columns": TEXTS, "rows": SDG_ROWS}, ("columns", "rows"),
                           "SDG index table"),
    "gri_index": BlockType(TEXT, {"columns": TEXTS}, ("columns",), "GRI content index"),
    "page_break": BlockType(NAME, {}, doc="page break: 'next' page or the next 'recto'"),
}

# Every block may carry an id (an anchor: {{page:ID}} and SDG refs find its page)
# and GRI codes (listed in the GRI index at that page).
for _spec in BLOCK_TYPES.values():
    _spec.fields.setdefault("id", NAME)
    _spec.fields.setdefault("gri", CODES)

CHART_KINDS = ("timeline", "bar")
LIST_STYLES = ("bullet", "number")
PAGE_BREAKS = ("next", "recto")
FIGURE_WIDTHS = ("column", "full", "bleed")

# Keys of the files around the blocks (kept here so the docs and the checks agree).
PART_KEYS = ("part", "title", "blocks")
REPORT_KEYS = ("title", "subject", "author", "publisher", "keywords", "language", "date", "output",
               "gri", "gri_disclosures", "parts", "labels")
GRI_KEYS = ("standard", "file")     # report.yaml gri: {standard: 2016|2021, file: own titles}
LABEL_KEYS = ("story_user", "story_handle", "attribution", "toc_title", "cover_page", "back_page",
              "see_pages")
CARD_KEYS = ("title", "text", "items")
DATA_KEYS = ("label", "value", "text")
SDG_KEYS = ("goal", "refs", "title", "strategies", "actions")
GRI_FILE_KEYS = ("standards", "disclosures")
# title/standard: printed as given; en/zh: the English and Chinese titles (without a
# title:, the one in the report's language is printed; en alone is reference data)
DISCLOSURE_KEYS = ("title", "standard", "en", "zh")
