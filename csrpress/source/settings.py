"""Every layout value the code reads, declared as data: kind, unit, range, default.

The layout loader checks layout.yaml against these tables (unknown keys get a
"did you mean", values their range, each at its file:line:col) and fills in
the defaults, so the stages read a complete, valid layout and never meet a
missing key or a value that divides by zero. A default lives only here.

Tables are per section and per component: the seed of a component registry.
``REQUIRED`` marks a value the layout must set (a design decision the tool
does not guess). Lengths are kept as written ("3mm", "2em"); the stages
convert them with the em of the style they belong to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Kinds of values.
LENGTH = "length"        # a number with a unit: pt, mm, cm, in, em
LENGTHS = "lengths"      # a list of lengths
NUMBER = "number"        # a plain number (a fraction, a scale)
INT = "int"
BOOL = "bool"
COLOR = "color"          # a palette name
TEXT = "text"            # a short text (a bullet, a leader, a file name)
POINT = "point"          # [x, y], fractions of the page
SIZE = "size"            # [width, height], lengths
TEXTS = "texts"          # a list of short texts (edition names)
CMYK = "cmyk"            # [C, M, Y, K] percentages
RGB = "rgb"              # [R, G, B] 0–255
LEVELS = "levels"        # a list of heading levels 1–4
CHOICE = "choice"        # one of `choices`
GROUP = "group"          # a mapping of settings (`fields`)
FONT = "font"            # a face name declared under fonts.faces
BOX = "box"              # [x, y, width, height], fractions of the page
NAMES = "names"          # a list of some of `choices`, in order
NUMBERS = "numbers"      # a list of positive numbers (relative widths)
COLORS = "colors"        # a list of palette names

REQUIRED = object()      # no default: the layout must set it


@dataclass(frozen=True)
class Setting:
    """One layout value: its kind, default and range (lengths in points,
    em taken as 10 pt for the range check), and what it does."""

    kind: str
    default: Any = REQUIRED
    min: float | None = None
    max: float | None = None
    doc: str = ""
    fields: dict[str, "Setting"] = field(default_factory=dict)   # GROUP
    choices: tuple[str, ...] = ()                                  # CHOICE
    optional: bool = False          # may be absent (None) with no default
    allow_false: bool = False       # `false` switches it off (crop marks)


def L(default: Any = REQUIRED, lo: float | None = 0.0, hi: float | None = 1000.0,
      doc: str = "") -> Setting:
    """A length (default range 0–1000 pt)."""
    return Setting(LENGTH, default, lo, hi, doc)


def C(default: Any = REQUIRED, doc: str = "", optional: bool = False) -> Setting:
    """A palette colour name."""
    return Setting(COLOR, default, doc=doc, optional=optional)


def N(default: Any = REQUIRED, lo: float | None = None, hi: float | None = None,
      doc: str = "") -> Setting:
    """A plain number."""
    return Setting(NUMBER, default, lo, hi, doc)


def I(default: Any = REQUIRED, lo: float | None = None, hi: float | None = None,
      doc: str = "") -> Setting:
    """A whole number."""
    return Setting(INT, default, lo, hi, doc)


def G(fields: dict[str, Setting], doc: str = "", **kw: Any) -> Setting:
    """A group of settings written as a mapping."""
    return Setting(GROUP, REQUIRED, doc=doc, fields=fields, **kw)


POS = 0.01   # "more than zero" for lengths that divide or must be visible

# Blocks that may stand in the side column of the grid, or across the whole grid.
SIDE_BLOCKS = ("quote", "story", "figure")
WIDE_BLOCKS = ("table", "stat", "cards", "chart", "award", "figure", "story", "gri_index",
               "sdg_index", "quote", "figures")

PAGE: dict[str, Setting] = {
    "size": Setting(SIZE, REQUIRED, 72.0, 14400.0, "trim size [width, height] (lengths)"),
    "margins": G({side: L(lo=POS, doc=f"{side} margin") for side in
                  ("top", "bottom", "inner", "outer")}, "page margins (more than 0)"),
    "snap_measure": Setting(BOOL, True, doc="snap the measure to whole body ems"),
    "bleed": L("3mm", hi=36.0, doc="beyond the trim, print edition"),
    "safety": L("5mm", hi=72.0, doc="keep text this far inside the trim"),
    "grid": Setting(GROUP, None, optional=True, doc="the column grid of body pages", fields={
        "columns": I(12, 1, 48, "columns between the margins"),
        "gutter": L("1em", hi=100.0, doc="between columns (em of body)"),
        "main": I(12, 1, 48, "columns of the main (text) column; the rest is the side column"),
        "side": Setting(CHOICE, "outer", choices=("outer", "inner", "left", "right"),
                        doc="where the side column lies"),
        "side_blocks": Setting(NAMES, [], choices=SIDE_BLOCKS,
                               doc="blocks set in the side column, beside the text after them"),
        "side_max_height": L("80mm", lo=POS, hi=14400.0,
                             doc="a side block taller than this stays in the main column"),
        "side_min_width": L("8em", hi=14400.0,
                            doc="a side column narrower than this holds no blocks, and cards and "
                                "user cards take fewer columns than theirs rather than narrower "
                                "ones (em of body)"),
        "wide_blocks": Setting(NAMES, [], choices=WIDE_BLOCKS,
                               doc="blocks set across the whole grid (main and side)"),
        "side_gap": L("1em", hi=200.0, doc="between items in the side column"),
    }),
}

TEXT_SETTINGS: dict[str, Setting] = {
    "han_latin_gap": L("0.25em", hi=10.0, doc="space between Han and Latin/digits (em of the text)"),
    "han_latin_gap_min": L("0.125em", hi=10.0, doc="the least that gap may shrink to"),
    "max_stretch": L("0.25em", hi=20.0, doc="per gap, before a line counts as loose"),
    "punct_end_compress": Setting(BOOL, True, doc="set a closing or stop mark that ends a line half width (ink at the measure)"),
    "normalise_punctuation": Setting(BOOL, True, doc="set ASCII punctuation between Han full-width"),
    "punct_start_compress": Setting(BOOL, True, doc="set an opening bracket or quote that starts a line half width (its mark at the text edge)"),
    "punct_shrink": L("0em", hi=10.0, doc="mid-line punctuation may compress its blank half this much"),
    "punct_shrink_line": L("1em", hi=100.0, doc="a tight line compresses its mid-line punctuation by at most this much in all (brackets first, then pause marks, sentence stops last)"),
    # one number rule for the whole report: body text, tables, stat callouts, charts
    "thousands": Setting(TEXT, ",", doc="digit group separator of figures ('' for none): in body "
                         "text, tables, stat callouts and charts alike"),
    "group_from": Setting(INT, None, 1, 30, "group integer parts of this many digits or more; "
                          "by default by the report's language: 5 in Simplified Chinese (GB/T "
                          "15835: four-digit numbers and years stay whole), 4 in Traditional "
                          "Chinese (zh-Hant, zh-TW, zh-HK, zh-MO) and English (7,842 名, 7,842 "
                          "staff, as those reports print them). A set of figures read together "
                          "(a paragraph, a table column, a chart, a row of stats, a key-figures "
                          "block) is grouped alike: with one grouped, every figure of four digits "
                          "or more is (years aside; a table column typed grouped stays grouped)",
                          optional=True),
    "hyphenate": Setting(CHOICE, "auto", choices=("auto", "en-US", "en-GB", "none"),
                         doc="hyphenation patterns for Latin words in justified text (TeX's, from "
                         "pyphen): used only where a paragraph cannot be justified with its words "
                         "whole, or spaces a line beyond half of max_stretch (English in a "
                         "narrow measure), and the hyphens make it better; auto: British for a "
                         "report in en-GB, else American; 'none': never hyphenate"),
    "keep_words": Setting(TEXTS, [], doc="words a ragged line (labels, captions, titles) never "
                          "breaks inside; justified text breaks between any two Han, as "
                          "Chinese does"),
}

TOC: dict[str, Setting] = {
    "depth": I(2, 0, 4, "heading levels listed (chapters always)"),
    "leader": Setting(TEXT, "·", doc="the leader character"),
    "leader_gap": L("0.5em", doc="between the title or folio and the leaders"),
    "indent": Setting(LENGTHS, ["0em"], 0.0, 500.0, "indent by level: chapter, part, section"),
    "number_width": L("3em", lo=POS, doc="the folio column"),
}

OUTLINE: dict[str, Setting] = {
    "depth": I(3, 0, 4, "heading levels in the PDF bookmarks"),
}

STYLE: dict[str, Setting] = {
    "font": Setting(FONT, "regular", doc="a face under fonts.faces"),
    "size": L("10pt", lo=3.0, hi=400.0, doc="font size"),
    "leading": L("1.6em", lo=3.0, hi=800.0, doc="baseline to baseline (at least the size)"),
    "color": C("ink"),
    "indent": L("0em", hi=500.0, doc="first-line indent (em of the size)"),
    "align": Setting(CHOICE, "left", choices=("justify", "left", "center", "right")),
    "space_before": L("0pt", hi=500.0),
    "space_after": L("0pt", hi=500.0),
    "balance": Setting(BOOL, False, doc="ragged lines made as even as they go (headings: no "
                       "short word alone on the last line)"),
}

INLINE: dict[str, Setting] = {
    "font": Setting(FONT, optional=True),
    "color": C(optional=True),
    "size": Setting(LENGTH, None, 1.0, 400.0, optional=True,
                    doc="em of the paragraph's size, or an absolute size"),
}
INLINE_NAMES = ("strong", "accent")          # the spans inline markup makes

FACE: dict[str, Setting] = {
    "wght": Setting(NUMBER, None, 1, 1000, optional=True,
                    doc="weight axis of a variable font, inside its range (a static font: none; else an error)"),
    "wdth": Setting(NUMBER, None, 25, 200, optional=True, doc="width axis (inside the font's range)"),
    # a face of its own file (see fonts/README.md): a file in fonts/, or in a package
    "file": Setting(TEXT, None, optional=True, doc="the face's own font file"),
    "package": Setting(TEXT, None, optional=True, doc="the package holding the face's file"),
    "face": Setting(TEXT, None, optional=True, doc="the face's name in a collection"),
}

FONT_SOURCE: dict[str, Setting] = {
    "package": Setting(TEXT, None, optional=True, doc="an installed Python package holding the font"),
    "file": Setting(TEXT, REQUIRED, doc="the font file (in the package, or in fonts/)"),
    "face": Setting(TEXT, None, optional=True, doc="the face name in a collection"),
}

PALETTE_ENTRY: dict[str, Setting] = {
    "cmyk": Setting(CMYK, REQUIRED, 0, 100, "four percentages 0–100"),
    "rgb": Setting(RGB, None, 0, 255, "screen colour [R, G, B] 0–255 (else converted)",
                   optional=True),
}

CROP_MARKS: dict[str, Setting] = {
    "length": L(10.0, lo=POS, hi=72.0), "gap": L(2.0, hi=36.0),
    "weight": L(0.3, lo=POS, hi=5.0),
    "slug": L(0.0, hi=144.0, doc="media beyond the bleed on each side, for the marks and "
              "notes; never less than the marks reach (gap + length)"),
}

EDITION: dict[str, Setting] = {
    "file": Setting(TEXT, REQUIRED, doc="file name in dist/; {output} is report.yaml's output"),
    "colour": Setting(CHOICE, "rgb", choices=("rgb", "cmyk")),
    "bleed": Setting(BOOL, False),
    "crop_marks": G(CROP_MARKS, allow_false=True, optional=True),
    "image_ppi": N(150.0, 36, 2400, "photos downsampled to this"),
    "jpeg_quality": I(85, 1, 100),
    "min_image_ppi": N(150.0, 0, 2400, "below this a photo is reported as soft"),
    "page_multiple": I(1, 1, 64, "page count made a multiple of this"),
    "links": Setting(BOOL, True),
    "tagged": Setting(BOOL, False, doc="tagged PDF (PDF/UA-1): structure tree, artifacts, alt texts"),
    # print: the PDF/X standard and the printing condition (csrpress/data/icc/README.md)
    "standard": Setting(CHOICE, "", choices=("", "PDF/X-4", "PDF/X-1a:2003"),
                        doc="PDF/X-4, or PDF/X-1a:2003 for a printer who asks for it"),
    "output_intent": G({
        "profile": Setting(TEXT, "default", doc="an .icc file in layout/, or default"),
        "identifier": Setting(TEXT, REQUIRED, optional=True, doc="e.g. FOGRA39"),
        "condition": Setting(TEXT, REQUIRED, optional=True, doc="the printing condition"),
        "registry": Setting(TEXT, REQUIRED, optional=True, doc="e.g. http://www.color.org"),
        "info": Setting(TEXT, REQUIRED, optional=True, doc="the profile's description"),
    }, "the printing condition CMYK is separated for", optional=True),
    "rendering_intent": Setting(CHOICE, "relative",
                                choices=("perceptual", "relative", "saturation", "absolute"),
                                doc="photos into the output profile"),
    "ink_limit": N(300.0, 100, 400, "total ink of any colour or photo, percent"),
    "palette": Setting("overrides", REQUIRED, optional=True,
                       doc="colours this edition sets in RGB: name: {rgb: [R, G, B]}"),
}

# Settings of what the page decoration draws (not block types); the settings of
# each block type are declared by its component (csrpress/compose/blocks/).
PAGE_COMPONENTS: dict[str, dict[str, Setting]] = {
    "ornament": {
        "rings": I(REQUIRED, 0, 100), "width": L(hi=200.0), "step": L(hi=200.0),
        "center": Setting(POINT, REQUIRED, -2.0, 3.0, "fractions of page width and height"),
        "radius": N(REQUIRED, 0.0, 5.0, "first ring, fraction of the page width"),
        "spacing": N(REQUIRED, 0.0, 5.0, "between rings, fraction of the page width"),
    },
    "running_head": {
        "level": I(1, 1, 4, "the head names the chapter, then its heading of this level"),
        "rule_color": C(), "rule_width": L(hi=20.0), "rule_gap": L(hi=200.0),
        "offset": L(hi=500.0, doc="above the text area"),
    },
    "folio": {"offset": L(hi=500.0, doc="below the text area")},
}

# Styles the page decoration sets by name; each component names its own.
PAGE_STYLES = ("body", "running-head", "folio")


def components() -> dict[str, dict[str, Setting]]:
    """The settings under ``components:`` of a layout: each registered block
    type's table (its module under csrpress/compose/blocks/), then the page
    decoration's. The toc's live at the top level (``toc:``)."""
    from ..compose.registry import components as registered

    out = {name: comp.settings for name, comp in registered().items()
           if not comp.settings_at}
    out.update(PAGE_COMPONENTS)
    return out


def styles_used() -> tuple[str, ...]:
    """Every style the typesetter sets by name: a layout must define them all."""
    from ..compose.registry import components as registered

    names = dict.fromkeys(PAGE_STYLES)
    for comp in registered().values():
        names.update(dict.fromkeys(comp.styles))
    return tuple(names)


def __getattr__(name: str) -> Any:
    """``COMPONENTS`` and ``STYLES_USED``, from the registry when asked (so a
    block type registered later is included)."""
    if name == "COMPONENTS":
        return components()
    if name == "STYLES_USED":
        return styles_used()
    raise AttributeError(name)


# Palette colours and font faces the typesetter uses by name.
PALETTE_USED = ("ink", "white")       # crop marks and QR codes; the QR quiet zone
FACES_USED = ("regular",)             # the PDF's initial font, the title's glyphs

TOP_LEVEL = ("page", "fonts", "palette", "text", "styles", "inline", "toc", "outline",
             "components", "editions")


def _default_text(st: Setting) -> str:
    if st.default is REQUIRED:
        return "required" if not st.optional else "—"
    if st.default is None:
        return "—"
    return f"`{st.default}`"


def _range_text(st: Setting) -> str:
    if st.choices:
        return " / ".join(st.choices)
    if st.min is None and st.max is None:
        return ""
    unit = " pt" if st.kind in (LENGTH, LENGTHS, SIZE) else ""
    lo = "" if st.min is None else f"{st.min:g}"
    hi = "" if st.max is None else f"{st.max:g}"
    return f"{lo}–{hi}{unit}"


def _rows(prefix: str, table: dict[str, Setting]) -> list[str]:
    out = []
    for name, st in table.items():
        out.append(f"| `{prefix}{name}` | {st.kind} | {_default_text(st)} | {_range_text(st)} "
                   f"| {st.doc} |")
        if st.fields:
            out += _rows(f"{prefix}{name}.", st.fields)
    return out


def reference() -> str:
    """The layout reference (docs/layout-settings.md), made from these tables."""
    head = ["| key | kind | default | range | what |", "|---|---|---|---|---|"]
    parts = ["# Layout settings", "",
             "Generated from `csrpress/source/settings.py` (a test keeps them equal). Every",
             "key of `layout/layout.yaml` is listed here; anything else is an error. Lengths",
             "take pt, mm, cm, in or em; ranges of lengths are in points with 1 em = 10 pt.", ""]
    sections = [("page", PAGE), ("text", TEXT_SETTINGS), ("toc", TOC), ("outline", OUTLINE),
                ("styles.NAME", STYLE), ("inline.NAME (strong, accent)", INLINE),
                ("fonts.source", FONT_SOURCE), ("fonts.faces.NAME", FACE),
                ("palette.NAME", PALETTE_ENTRY), ("editions.NAME", EDITION)]
    sections += [(f"components.{name}", table) for name, table in components().items() if table]
    for title, table in sections:
        parts += [f"## {title}", ""] + head + _rows("", table) + [""]
    parts += ["## Names the typesetter uses", "",
              "Styles: " + ", ".join(f"`{s}`" for s in styles_used()) + ".", "",
              "Palette: " + ", ".join(f"`{s}`" for s in PALETTE_USED) + "; faces: "
              + ", ".join(f"`{s}`" for s in FACES_USED) + ".", ""]
    return "\n".join(parts)
