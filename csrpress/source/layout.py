"""Load layout/: page geometry, fonts, palette, styles and component settings.

The layout is validated as strictly as content: an unknown colour or font
name, a length without a unit, a missing style are all errors with file:line.
"""
from __future__ import annotations

import copy
import functools
import re
import string
from dataclasses import dataclass, field
from operator import is_
from pathlib import Path
from typing import Any

from ..errors import Collector, Mark
from . import settings
from .keys import check_keys, closest, did_you_mean, misspelt
from .paths import escape_reason
from .settings import GROUP, REQUIRED, Setting
from .yamlmarks import MDict, load_yaml, mark_of, nothing_in

_LEN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|em)\s*$")
_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


_HASH = "_csr_hash"


def _hash_kept(made: Any) -> Any:
    """A frozen dataclass's hash, made once per instance and kept in it: the
    line-break cache's key holds the paragraph's style, and the generated
    hash of its ten fields was made ~6,800 times a watch build (~7 ms) and
    ~5,000 times more in the saving after it. The same value as ``made``
    gives (sets and dicts of styles iterate as before); kept in the
    instance's dictionary past the frozen __setattr__, left out of its
    pickled state (__getstate__)."""
    def __hash__(self: Any) -> int:
        d = self.__dict__
        h = d.get(_HASH)
        if h is None:
            h = d[_HASH] = made(self)
        return h

    return __hash__


@dataclass(frozen=True)
class Style:
    """A resolved text style (lengths in points)."""

    name: str
    font: str
    size: float
    leading: float
    color: str
    indent: float = 0.0
    align: str = "left"
    space_before: float = 0.0
    space_after: float = 0.0
    balance: bool = False       # ragged lines made even (breaker.balance)

    def __getstate__(self) -> dict[str, Any]:
        """Its fields only: the hash kept is this process's (a text's hash
        differs between processes), never pickled."""
        state = dict(self.__dict__)
        state.pop(_HASH, None)
        return state


Style.__hash__ = _hash_kept(Style.__hash__)     # type: ignore[method-assign]


@dataclass(frozen=True)
class Edition:
    """One output of the report (print, screen): file, colour and page rules."""

    name: str
    file: str
    colour: str = "rgb"
    bleed: bool = False
    crop_marks: dict[str, Any] | None = None
    image_ppi: float = 150.0
    jpeg_quality: int = 85
    min_image_ppi: float = 150.0
    page_multiple: int = 1
    links: bool = True
    tagged: bool = False        # tagged PDF (PDF/UA-1): structure tree, artifacts, alt texts
    # print: the PDF/X standard and the printing condition (see csrpress/data/icc/)
    standard: str = ""                       # "PDF/X-4", "PDF/X-1a:2003" or "" (none)
    output_intent: dict[str, Any] | None = None   # profile, identifier, condition, registry
    rendering_intent: str = "relative"       # photos into the output profile
    ink_limit: float = 300.0                 # total area coverage, percent
    # colours this edition sets differently, e.g. screen text that must pass WCAG contrast
    palette: dict[str, Any] | None = None

    def slug(self) -> float:
        """The media beyond the bleed on each side: crop_marks.slug, and at
        least as much as the marks reach (their gap and length). The slug's
        default, 0, made the media the bleed box and put the marks, drawn
        outside it, off the page: a print edition asked for crop marks came
        without any, and nothing said so."""
        marks = self.crop_marks
        if not marks:
            return 0.0
        reach = float(marks.get("gap", 2.0)) + float(marks.get("length", 10.0))
        return max(float(marks.get("slug", 0.0)), reach)


@dataclass
class Layout:
    """Everything a designer sets, resolved to points and names."""

    raw: MDict
    page_size: tuple[float, float]
    margins: dict[str, float]
    bleed: float
    safety: float
    snap_measure: bool
    font_source: dict[str, Any]
    faces: dict[str, dict[str, Any]]
    palette: dict[str, tuple[float, float, float, float]]
    styles: dict[str, Style]
    inline: dict[str, dict[str, str]]
    text: dict[str, Any]
    components: dict[str, dict[str, Any]]
    toc: dict[str, Any] = field(default_factory=dict)
    outline: dict[str, Any] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    editions: dict[str, Edition] = field(default_factory=dict)
    screen_rgb: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    grid: dict[str, Any] | None = None       # page.grid as written (None: one column)

    def style(self, name: str) -> Style:
        """A paragraph style by name (validated at load)."""
        return self.styles[name]

    def comp(self, component: str, key: str, em: float = 10.0) -> Any:
        """A component setting; lengths are returned in points."""
        value = self.components[component][key]
        return to_points(value, em) if isinstance(value, str) and _LEN.match(value) else value

    def frame(self) -> tuple[float, float]:
        """Width and height of the main text column (points)."""
        return self.columns().main, self.page_size[1] - self.margins["top"] - self.margins["bottom"]

    def columns(self) -> "ColumnGrid":
        """The column grid of body pages (page.grid), resolved to points."""
        cached = getattr(self, "_columns", None)
        if cached is None:
            cached = ColumnGrid.of(self)
            object.__setattr__(self, "_columns", cached)
        return cached


@dataclass(frozen=True)
class ColumnGrid:
    """Where the main and the side column lie on a body page.

    The grid runs from the inner margin; with snap_measure the column width
    is chosen so that the main column is a whole number of body ems (Chinese
    lines on the character grid) and the rest goes to the outer margin, so
    every column edge is on the grid."""

    main: float           # width of the main column
    side: float           # width of the side column (0: none)
    gutter: float
    column: float         # one column
    place: str            # where the side lies: outer, inner, left, right
    inner: float          # inner margin
    page_width: float

    @property
    def width(self) -> float:
        """The whole grid: main, gutter and side."""
        return self.main + (self.gutter + self.side if self.side else 0.0)

    @classmethod
    def of(cls, layout: "Layout") -> "ColumnGrid":
        g = layout.grid or {}
        em = layout.styles["body"].size
        n = int(g.get("columns", 1))
        m = min(int(g.get("main", n)), n)
        gut = to_points(g.get("gutter", "1em"), em) if n > 1 else 0.0
        avail = layout.page_size[0] - layout.margins["inner"] - layout.margins["outer"]
        col = (avail - gut * (n - 1)) / n
        main = m * col + (m - 1) * gut
        if layout.snap_measure:
            main = int(main / em + 1e-6) * em
            col = (main - (m - 1) * gut) / m
        side = (n - m) * col + (n - m - 1) * gut if n > m else 0.0
        return cls(main, side, gut, col, str(g.get("side", "outer")), layout.margins["inner"],
                   layout.page_size[0])

    def side_left(self, page: int) -> bool:
        """Is the side column left of the main one on this page (odd pages are rectos)?"""
        recto = page % 2 == 1
        return {"left": True, "right": False, "outer": not recto, "inner": recto}[self.place]

    def left(self, page: int) -> float:
        """Left edge of the grid from the trim's left edge."""
        return self.inner if page % 2 == 1 else self.page_width - self.inner - self.width

    def main_x(self, page: int) -> float:
        """Left edge of the main column from the trim's left edge."""
        shift = self.side + self.gutter if self.side and self.side_left(page) else 0.0
        return self.left(page) + shift

    def side_dx(self, page: int) -> float:
        """Left edge of the side column, from the main column's left edge."""
        return -(self.side + self.gutter) if self.side_left(page) else self.main + self.gutter

    def wide_dx(self, page: int) -> float:
        """Left edge of the whole grid, from the main column's left edge."""
        return -(self.side + self.gutter) if self.side and self.side_left(page) else 0.0


def to_points(value: Any, em: float = 10.0) -> float:
    """'3mm' → 8.50…; numbers are points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return _length(str(value), em)
    return _parsed_length(value, em)


@functools.lru_cache(maxsize=4096)
def _length(value: str, em: float) -> float:
    """A length written as text, in points: asked ~1,300 times a build of a
    few dozen texts, each parsed again (kept by the text and the em)."""
    return _parsed_length(value, em)


def _parsed_length(value: Any, em: float) -> float:
    m = _LEN.match(str(value))
    if not m:
        raise ValueError(value)
    n, unit = float(m.group(1)), m.group(2)
    return n * em if unit == "em" else n * _UNITS[unit]


# Named trim sizes (ISO 216 A and B series, ISO 269 C, US sizes), width × height in mm.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148),
    "B4": (250, 353), "B5": (176, 250), "B6": (125, 176), "C5": (162, 229),
    "LETTER": (215.9, 279.4), "LEGAL": (215.9, 355.6),
}


def _with_named_size(page: MDict, errors: Collector) -> MDict:
    """A copy of page: with a named size as its two lengths (parsed YAML is
    shared by later loads, so it is never changed in place)."""
    out = MDict(page)
    out.mark, out.key_marks = page.mark, dict(page.key_marks)
    sizes = _named_size(str(page["size"]), page, errors)
    if sizes:
        out["size"] = sizes
    return out


def _named_size(name: str, page: Any, errors: Collector) -> list[str]:
    """'A4' (or 'a4 landscape') → the two lengths; unknown names are errors."""
    words = name.upper().split()
    known = PAGE_SIZES.get(words[0]) if words else None
    if known is None or words[1:] not in ([], ["PORTRAIT"], ["LANDSCAPE"]):
        import difflib
        guess = difflib.get_close_matches(words[0] if words else "", list(PAGE_SIZES), n=1)
        errors.error(page.mark_of("size") if hasattr(page, "mark_of") else None,
                     f"page.size: unknown page size '{name}'",
                     (f"did you mean '{guess[0]}'? " if guess else "") + "use one of "
                     + ", ".join(PAGE_SIZES) + " (optionally 'landscape'), or [width, height]")
        return []
    w, h = known
    if words[1:] == ["LANDSCAPE"]:
        w, h = h, w
    return [f"{w}mm", f"{h}mm"]


def _marked(values: dict[str, Any], raw: Any, mark: Mark) -> MDict:
    """Checked values that keep the marks of the YAML they came from (a face's
    wght is checked against the font later, and its error points at its line)."""
    out = MDict(values)
    out.mark = mark
    out.key_marks = dict(raw.key_marks) if isinstance(raw, MDict) else {}
    return out


@dataclass
class _Resolved:
    """A layout as resolving made it from its files' parsed values (kept only
    when resolving said nothing): the same files, parsed to the very same
    values (unchanged: load_yaml gives the very objects), under the same
    block types, resolve to the same layout again."""

    files: list[Path]
    data: list[Any]
    types: list[Any]                # the registered components resolving read
    layout: Layout


def load_layout(layout_dir: Path, errors: Collector) -> Layout | None:
    """Merge every layout/*.yaml (top-level keys must not repeat) and resolve it.
    A watch build resolved the whole layout again (~3 ms) though an edit to
    content leaves it as it was: a layout whose files parse to the values
    resolved last time, under the same block types, is the session's again
    (never one whose resolving reported anything: errors are said every
    build). Keeping the layout's very objects (its styles) also makes the
    keys that hold them compare by identity from one build to the next."""
    from ..compose.registry import components
    from ..session import current

    start = len(errors.errors)        # (content errors found before are not the layout's)
    merged = MDict()
    merged.key_marks = {}
    files = sorted(layout_dir.glob("*.yaml"))
    if not files:
        named = sorted(p.name for p in layout_dir.glob("*.yml")) if layout_dir.is_dir() else []
        errors.error(layout_dir, "no layout files",
                     f"layout files end in .yaml: rename {', '.join(named)} to .yaml" if named
                     else "put layout.yaml in layout/")
        return None
    parsed = []
    for path in files:
        before = len(errors.errors)
        data = load_yaml(path, errors)
        parsed.append(data)
        if data is None:
            if len(errors.errors) == before:      # read, and nothing in it
                errors.error(path, nothing_in(path), "write the layout's sections (page:, fonts:, "
                             "palette:, styles:, …; `make-report init DIR` writes a whole one) "
                             "or remove the file")
            continue
        if not isinstance(data, MDict):
            errors.error(path, "a layout file must be a mapping", "see layout/layout.yaml")
            continue
        merged.mark = getattr(merged, "mark", data.mark)
        for key, value in data.items():
            if key in merged:
                errors.error(data.mark_of(key), f"'{key}' is set twice (also at {merged.mark_of(key)})",
                             "keep each top-level section in one layout file")
            merged[key] = value
            merged.key_marks[key] = data.mark_of(key)
    if len(errors.errors) > start:
        return None
    held = current().layouts.get(layout_dir)
    types = list(components().values())
    if held is not None and held.files == files and len(held.data) == len(parsed) \
            and all(map(is_, held.data, parsed)) and len(held.types) == len(types) \
            and all(map(is_, held.types, types)):
        return held.layout
    before = len(errors.items)
    got = _resolve(merged, files, errors)
    if got is not None and len(errors.items) == before:
        current().layouts[layout_dir] = _Resolved(files, parsed, types, got)
    return got


def _num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Checker:
    """Checks layout mappings against the declared settings (settings.py) and
    returns them complete: every declared key present (value or default)."""

    def __init__(self, errors: Collector) -> None:
        self.errors = errors
        self.faces: dict[str, Any] = {}
        self.palette: dict[str, Any] = {}
        self.reported: set[str] = set()     # values already reported (e.g. 'page.size'): not again

    def error(self, where: Any, message: str, hint: str) -> None:
        self.errors.error(where, message, hint)

    def group(self, raw: Any, table: dict[str, Setting], what: str, where: Mark | None
              ) -> dict[str, Any]:
        """A mapping of settings: unknown keys, missing required keys, each value."""
        absent: bool | str = raw is None    # (the whole group is missing: said once, as that)
        if raw is None:
            raw = MDict()
            raw.mark, raw.key_marks = where, {}
        if not isinstance(raw, dict):
            self.error(mark_of(raw, where), f"'{what}' must be a mapping", "write it as key: value lines")
            raw = {}
        at = mark_of(raw, where)
        check_keys(raw, table, what, self.errors, at)
        typos = misspelt(raw, table)
        out: dict[str, Any] = {}
        for name, st in table.items():
            if name in raw:
                mark = raw.mark_of(name) if isinstance(raw, MDict) else at
                out[name] = self.value(raw[name], st, f"{what}.{name}", mark)
            elif st.optional and st.default is REQUIRED:
                out[name] = None
            elif st.default is REQUIRED and name in typos:
                out[name] = None        # (reported: its key is misspelt)
            elif st.default is REQUIRED and absent:
                if absent is True:      # (one error for the group, not one a key)
                    parent, _, key = what.rpartition(".")
                    self.error(at, f"'{parent}' has no '{key}'" if parent else
                               f"layout has no '{key}'",
                               f"add '{key}:' with '{name}: …'" + (f" ({st.doc})" if st.doc else ""))
                    absent = "said"
                out[name] = None
            elif st.default is REQUIRED:
                self.error(at, f"'{what}' has no '{name}'",
                           f"add '{name}: …'" + (f" ({st.doc})" if st.doc else ""))
                out[name] = None
            else:
                out[name] = copy.deepcopy(st.default)
        return out

    def value(self, v: Any, st: Setting, what: str, where: Mark | None) -> Any:
        """One value checked against its setting; a bad value is reported and
        replaced by its default (the build stops at the errors anyway)."""
        if v is None and (st.optional or st.default is None):
            return None
        if v is False and st.allow_false:
            return None
        if what in self.reported:
            return None if st.default is REQUIRED else copy.deepcopy(st.default)
        check = getattr(self, "_" + st.kind)
        ok = check(v, st, what, mark_of(v, where))
        if ok:
            return self.group(v, st.fields, what, where) if st.kind == GROUP else v
        return None if st.default is REQUIRED else copy.deepcopy(st.default)

    def _range(self, n: float, st: Setting, what: str, where: Any, unit: str = "") -> bool:
        if (st.min is not None and n < st.min) or (st.max is not None and n > st.max):
            lo = "" if st.min is None else f"{st.min:g}{unit}"
            hi = "" if st.max is None else f"{st.max:g}{unit}"
            self.error(where, f"'{what}' is {n:g}{unit}, outside {lo}–{hi}",
                       st.doc or "choose a value in the range")
            return False
        return True

    def _length(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        try:
            n = to_points(v, 10.0)
        except (ValueError, TypeError):
            self.error(where, f"'{what}' is not a length: {v!r}",
                       "write a number with a unit, e.g. 10pt, 3mm, 2em")
            return False
        return self._range(n, st, what, where, " pt")

    def _lengths(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or not v:
            self.error(where, f"'{what}' must be a list of lengths", "e.g. [0em, 0em, 2em]")
            return False
        return all([self._length(x, st, what, where) for x in v])

    def _size(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or len(v) != 2:
            self.error(where, f"'{what}' must be [width, height]", "e.g. size: [210mm, 297mm]")
            return False
        return all([self._length(x, st, f"{what} ({side})", mark_of(x, where))
                    for x, side in zip(v, ("width", "height"))])

    def _point(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or len(v) != 2 or not all(_num(x) for x in v):
            self.error(where, f"'{what}' must be [x, y] (numbers)", st.doc or "e.g. [0.5, 0.5]")
            return False
        return all([self._range(float(x), st, what, where) for x in v])

    def _box(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or len(v) != 4 or not all(_num(x) for x in v):
            self.error(where, f"'{what}' must be [x, y, width, height] (numbers)",
                       st.doc or "e.g. [0, 0, 1, 0.3]")
            return False
        if not all([self._range(float(x), st, what, where) for x in v]):
            return False
        if v[0] + v[2] > 1 or v[1] + v[3] > 1:
            self.error(where, f"'{what}' runs off the page", "keep x + width and y + height ≤ 1")
            return False
        return True

    def _names(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        """Some of the choices; none (``[]``) is the default of every such
        setting (no side blocks, no wide blocks), so it may be written too."""
        if not isinstance(v, list):
            self.error(where, f"'{what}' must be a list of: {', '.join(st.choices)}",
                       did_you_mean(str(v), st.choices))
            return False
        marks = getattr(v, "item_marks", None) or [where] * len(v)
        ok = True
        for x, mark in zip(v, marks):
            if x in st.choices:
                continue
            ok = False
            # a close spelling is a typo; a word that is no typo of any (a block
            # type set elsewhere: 'lines' is not a misspelt 'figures') gets the list
            guess = closest(str(x), st.choices, cutoff=0.75)
            self.error(mark, f"'{x}' cannot be in '{what}'",
                       f"did you mean '{guess}'?" if guess else
                       f"it takes: {', '.join(st.choices)}")
        return ok

    def _numbers(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or not v or not all(_num(x) and float(x) > 0 for x in v):
            self.error(where, f"'{what}' must be a list of positive numbers", "e.g. [3, 1, 6, 2]")
            return False
        return True

    def _number(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not _num(v):
            self.error(where, f"'{what}' must be a number", st.doc or "e.g. 0.5")
            return False
        return self._range(float(v), st, what, where)

    def _int(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, int) or isinstance(v, bool):
            self.error(where, f"'{what}' must be a whole number", st.doc or "e.g. 2")
            return False
        return self._range(v, st, what, where)

    def _texts(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            self.error(where, f"'{what}' must be a list of texts", st.doc or "e.g. [print]")
            return False
        return True

    def _bool(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, bool):
            self.error(where, f"'{what}' must be true or false", st.doc or "write true or false")
            return False
        return True

    def _text(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, str) or not v:
            self.error(where, f"'{what}' must be a text", st.doc or "write it in quotes")
            return False
        return True

    def _overrides(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        """Per-edition palette overrides: checked by _palette_overrides."""
        return True

    def _choice(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if v not in st.choices:
            self.error(where, f"'{what}' must be one of {', '.join(st.choices)}",
                       did_you_mean(str(v), st.choices))
            return False
        return True

    def _levels(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or not all(isinstance(x, int) and 1 <= x <= 4 for x in v):
            self.error(where, f"'{what}' must be a list of heading levels 1–4", "e.g. [1]")
            return False
        return True

    def _color(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, str) or v not in self.palette:
            self.error(where, f"'{what}': unknown colour '{v}'",
                       did_you_mean(str(v), self.palette) if isinstance(v, str) else
                       "use a palette name: " + ", ".join(self.palette))
            return False
        return True

    def _colors(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, list) or not v:
            self.error(where, f"'{what}' must be a list of palette names", "e.g. [brand, grey]")
            return False
        return all([self._color(x, st, what, mark_of(x, where)) for x in v])

    def _font(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, str) or v not in self.faces:
            self.error(where, f"'{what}': unknown font '{v}'",
                       did_you_mean(str(v), self.faces) if isinstance(v, str) else
                       "use one of: " + ", ".join(self.faces))
            return False
        return True

    def _group(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not isinstance(v, dict):
            self.error(where, f"'{what}' must be a mapping",
                       "keys: " + ", ".join(st.fields) + (" (or false)" if st.allow_false else ""))
            return False
        return True                     # value() checks its keys (group)

    def _cmyk(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not (isinstance(v, list) and len(v) == 4 and all(_num(c) and 0 <= c <= 100 for c in v)):
            self.error(where, f"'{what}' needs cmyk: [C, M, Y, K]",
                       "four percentages 0–100, e.g. {cmyk: [0, 72, 100, 0]}")
            return False
        if sum(v) > 300:
            self.error(where, f"'{what}' has {sum(v)} % ink",
                       "keep total ink coverage at or below 300 %")
            return False
        return True

    def _rgb(self, v: Any, st: Setting, what: str, where: Any) -> bool:
        if not (isinstance(v, list) and len(v) == 3 and
                all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 255 for c in v)):
            self.error(where, f"'{what}' needs rgb: [R, G, B]",
                       "three whole numbers 0–255, e.g. {rgb: [255, 80, 0]}")
            return False
        return True


def _need(raw: MDict, key: str, errors: Collector, file: Path | None = None) -> Any:
    if key not in raw:
        # (an empty layout file gives a mapping without a mark: name the file)
        errors.error(getattr(raw, "mark", None) or file, f"layout has no '{key}:' section",
                     f"add '{key}:' (see README)")
        return MDict()
    value = raw[key]
    if not isinstance(value, dict):
        errors.error(raw.mark_of(key), f"layout '{key}:' must be a mapping", "see layout/layout.yaml")
        return MDict()
    return value


def _resolve(raw: MDict, files: list[Path], errors: Collector) -> Layout | None:
    check_keys(raw, settings.TOP_LEVEL, "the layout", errors)   # (an unknown key stops nothing)
    start = len(errors.errors)

    def failed() -> bool:
        """Whether this layout's sections gave errors (not what came before)."""
        return len(errors.errors) > start

    page = _need(raw, "page", errors, files[0] if files else None)
    fonts = _need(raw, "fonts", errors, files[0] if files else None)
    palette_raw = _need(raw, "palette", errors, files[0] if files else None)
    styles_raw = _need(raw, "styles", errors, files[0] if files else None)
    if failed():
        return None
    ck = _Checker(errors)
    palette, screen = _palette(palette_raw, ck)
    # every name the palette declares is known, its value wrong or not: a bad
    # entry is one error at it, not one more at every style that uses the name
    ck.palette = {str(n): palette.get(str(n)) for n in palette_raw} \
        if isinstance(palette_raw, dict) else palette
    check_keys(fonts, ("source", "faces"), "fonts", errors)
    font_source = ck.group(fonts.get("source"), settings.FONT_SOURCE, "fonts.source", fonts.mark)
    faces_raw = fonts.get("faces") or {}
    if not isinstance(faces_raw, dict) or not faces_raw:
        errors.error(fonts.mark, "fonts has no faces", "declare faces, e.g. regular: {wght: 400}")
        faces_raw = {}
    faces = {str(name): _marked({k: v for k, v in ck.group(
        spec, settings.FACE, f"fonts.faces.{name}", faces_raw.mark_of(name)).items() if v is not None},
        spec, faces_raw.mark_of(name)) for name, spec in faces_raw.items()}
    ck.faces = faces
    for name in settings.PALETTE_USED:
        if palette_raw and name not in palette_raw:
            errors.error(palette_raw.mark, f"palette has no '{name}'",
                         f"define palette.{name} (the typesetter draws with it)")
    for name in settings.FACES_USED:
        if faces_raw and name not in faces_raw:
            errors.error(faces_raw.mark if isinstance(faces_raw, MDict) else fonts.mark,
                         f"fonts.faces has no '{name}'", f"declare a face named {name}")
    if isinstance(page, MDict) and isinstance(page.get("size"), str):
        page = _with_named_size(page, errors)
        if isinstance(page.get("size"), str):      # an unknown name, reported: not again as a list
            ck.reported.add("page.size")
    pg = ck.group(page, settings.PAGE, "page", raw.mark_of("page"))
    text = ck.group(raw.get("text"), settings.TEXT_SETTINGS, "text", raw.mark_of("text"))
    toc = ck.group(raw.get("toc"), settings.TOC, "toc", raw.mark_of("toc"))
    outline = ck.group(raw.get("outline"), settings.OUTLINE, "outline", raw.mark_of("outline"))
    inline = _inline(raw.get("inline"), raw.mark_of("inline"), ck)
    styles: dict[str, Style] = {}
    for name, spec in styles_raw.items():
        styles[name] = _style(str(name), spec, styles_raw.mark_of(name), ck)
    for name in settings.STYLES_USED:
        if name not in styles:
            errors.error(styles_raw.mark, f"styles has no '{name}'",
                         f"define styles.{name} (the typesetter sets text in it)")
    comps = _components(raw.get("components"), raw.mark_of("components"), ck)
    _check_style_settings(comps, styles, raw, errors)
    editions = _editions(raw.get("editions"), raw, ck)
    _check_ink_limits(palette, palette_raw, editions, errors)
    if failed():
        return None
    pw, ph = (to_points(v) for v in pg["size"])
    margins = {k: to_points(v) for k, v in pg["margins"].items()}
    _check_geometry(pw, ph, margins, styles["body"], raw, page, errors)
    _check_bleed(to_points(pg["bleed"]), editions, raw, page, errors)
    _check_margin_texts(margins, to_points(pg["safety"]), comps, styles, raw, errors)
    _check_cross(text, comps, raw, errors)
    grid = pg.get("grid")
    if grid and int(grid["main"]) > int(grid["columns"]):
        errors.error(page.mark_of("grid") if isinstance(page, MDict) else raw.mark,
                     f"page.grid.main is {grid['main']} columns of {grid['columns']}",
                     "the main column spans at most all the grid's columns")
    if failed():
        return None
    return Layout(
        raw=raw, page_size=(pw, ph), margins=margins,
        bleed=to_points(pg["bleed"]), safety=to_points(pg["safety"]),
        snap_measure=bool(pg["snap_measure"]),
        font_source=_marked({k: v for k, v in font_source.items() if v is not None},
                            fonts.get("source"), fonts.mark_of("source")), faces=faces,
        palette=palette, styles=styles, inline=inline, text=text, components=comps,
        toc=toc, outline=outline, files=files, editions=editions, screen_rgb=screen,
        grid=pg.get("grid"))


def _check_ink_limits(palette: dict[str, tuple[float, ...]], raw: MDict,
                      editions: dict[str, Edition], errors: Collector) -> None:
    """A palette colour with more ink than a CMYK edition's ink_limit is an
    error at the colour. Preflight found it in the built PDF, as 'colours
    with more than 200 % total ink on pages [1, 4, 7, …]' at no line and
    naming no colour: a printer's lower limit (uncoated paper, newsprint)
    left the user to find which of the palette's colours it meant."""
    for ed in editions.values():
        if ed.colour != "cmyk":
            continue
        for name, cmyk in palette.items():
            total = round(sum(cmyk) * 100, 1)
            if total > ed.ink_limit + 0.5:
                errors.error(raw.mark_of(name), f"palette.{name} has {total:g} % ink, more than "
                             f"editions.{ed.name}.ink_limit ({ed.ink_limit:g} %)",
                             "lower its CMYK values (K carries dark tones for less ink), or ask "
                             "the printer for the limit of their press and paper")


def _palette(raw: MDict, ck: _Checker) -> tuple[dict[str, tuple[float, ...]],
                                                dict[str, tuple[float, float, float]]]:
    """CMYK of every colour (the press), and the RGB given for the screen, if any."""
    palette: dict[str, tuple[float, ...]] = {}
    screen: dict[str, tuple[float, float, float]] = {}
    for name, spec in raw.items():
        where = raw.mark_of(name)
        if not isinstance(spec, dict):
            ck.error(where, f"colour '{name}' needs cmyk: [C, M, Y, K]",
                     "four percentages 0–100, e.g. {cmyk: [0, 72, 100, 0]}")
            continue
        got = ck.group(spec, settings.PALETTE_ENTRY, f"palette.{name}", where)
        if got["cmyk"] is not None:
            palette[str(name)] = tuple(c / 100 for c in got["cmyk"])
        if got["rgb"] is not None:
            screen[str(name)] = tuple(c / 255 for c in got["rgb"])  # type: ignore[assignment]
    return palette, screen


def _inline(raw: Any, where: Mark, ck: _Checker) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        ck.error(mark_of(raw, where), "layout needs an 'inline' mapping",
                 "e.g. inline: {strong: {font: bold}, accent: {font: bold, color: brand}}")
        return {}
    check_keys(raw, settings.INLINE_NAMES, "inline", ck.errors, where)
    for name in settings.INLINE_NAMES:
        if name not in raw:
            ck.error(mark_of(raw, where), f"inline has no '{name}'",
                     "the inline markup sets text in it, e.g. strong: {font: bold}")
    out = {}
    for name, spec in raw.items():
        if name in settings.INLINE_NAMES:
            got = ck.group(spec, settings.INLINE, f"inline.{name}", raw.mark_of(name))
            out[str(name)] = {k: v for k, v in got.items() if v is not None}
    return out


def _components(raw: Any, where: Mark, ck: _Checker) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        ck.error(mark_of(raw, where), "layout has no 'components:' mapping",
                 "add components: with the settings of each component (see layout/layout.yaml)")
        raw = {}
    tables = settings.components()         # the registry's block types, then the page's
    check_keys(raw, tables, "components", ck.errors, where)
    out: dict[str, dict[str, Any]] = {}
    for name, table in tables.items():
        if name not in raw:
            if any(st.default is REQUIRED for st in table.values()):
                ck.error(mark_of(raw, where), f"components has no '{name}'",
                         f"add components.{name} with: " + ", ".join(table))
            out[name] = {k: (None if st.default is REQUIRED else copy.deepcopy(st.default))
                         for k, st in table.items()}
            continue
        out[name] = ck.group(raw[name], table, f"components.{name}", raw.mark_of(name))
    return out


LEAST_BLEED = 3 * 72 / 25.4     # what printers ask beyond the trim (the reference: 3 mm)


def _check_bleed(bleed: float, editions: dict[str, Edition], raw: MDict, page: Any,
                 errors: Collector) -> None:
    """An edition with bleed: true and page.bleed under 3 mm is a warning at
    page.bleed: `bleed: 0mm` wrote a print PDF whose BleedBox is its TrimBox,
    the cover, openers and full-bleed photos ending at the cut, which a
    printer sends back (the cut wanders by a millimetre: a white edge), and
    nothing said so."""
    asked = [name for name, ed in editions.items() if ed.bleed]
    if not asked or bleed >= LEAST_BLEED - 0.01:
        return
    where = page.mark_of("bleed") if isinstance(page, MDict) and "bleed" in page else raw.mark
    errors.warn(where, f"page.bleed is {bleed / 72 * 25.4:g} mm, less than the 3 mm printers "
                f"ask beyond the trim (editions {', '.join(asked)}: bleed: true)",
                "set page.bleed: 3mm (or what the printer asks)")


def _check_geometry(pw: float, ph: float, m: dict[str, float], body: Style, raw: MDict,
                    page: MDict, errors: Collector) -> None:
    """The text area must hold at least a few body characters and lines."""
    w = pw - m["inner"] - m["outer"]
    h = ph - m["top"] - m["bottom"]
    where = page.mark_of("margins") if isinstance(page, MDict) else raw.mark
    if w < 4 * body.size:
        errors.error(where, f"the text area is {w:.1f} pt wide: less than 4 body em "
                     f"({4 * body.size:g} pt)", "make the page wider or the inner/outer margins smaller")
    if h < 4 * body.leading:
        errors.error(where, f"the text area is {h:.1f} pt high: less than 4 body lines "
                     f"({4 * body.leading:g} pt)", "make the page taller or the top/bottom margins smaller")


def _check_margin_texts(m: dict[str, float], safety: float, comps: dict, styles: dict[str, Style],
                        raw: MDict, errors: Collector) -> None:
    """The running head (above the text area) and the folio (below it) must
    stand inside page.safety: a small page with narrow margins put them
    within it, and preflight failed the build at no line."""
    for comp, style, margin, sign in (("running_head", "running-head", "top", 1),
                                      ("folio", "folio", "bottom", -1)):
        st = styles.get(style)
        if comp not in comps or st is None or "offset" not in comps[comp]:
            continue
        # from the trim to the ink: the margin less the offset, less the face above the baseline
        ink = (0.88 if sign > 0 else 0.12) * st.size
        room = m[margin] - to_points(comps[comp]["offset"]) - ink
        if room < safety - 0.01:
            where = _mark_at(raw, ("components", comp, "offset"))
            errors.error(where, f"the {comp.replace('_', ' ')} would stand {room / 72 * 25.4:.1f} mm "
                         f"from the trim, within page.safety ({safety / 72 * 25.4:.1f} mm)",
                         f"make page.margins.{margin} larger, components.{comp}.offset smaller, "
                         "or page.safety smaller")


def _mark_at(raw: MDict, path: tuple[str, ...]) -> Any:
    """The mark of a nested key as deep as it is written (else its section's)."""
    node: Any = raw
    where = raw.mark
    for key in path:
        if not isinstance(node, MDict) or key not in node:
            break
        where, node = node.mark_of(key), node[key]
    return where


def _check_cross(text: dict, comps: dict, raw: MDict, errors: Collector) -> None:
    """Values that are valid alone but not together."""
    if to_points(text["han_latin_gap_min"], 1.0) > to_points(text["han_latin_gap"], 1.0):
        errors.error(mark_of(raw.get("text"), raw.mark), "text.han_latin_gap_min is more than han_latin_gap",
                     "the least gap must not exceed the gap")
    orn = comps["ornament"]
    if orn["rings"] and to_points(orn["width"]) - (orn["rings"] - 1) * to_points(orn["step"]) < 0:
        where = mark_of(raw.get("components"), raw.mark)
        errors.error(where, "components.ornament: the innermost ring would have a negative width",
                     "lower 'step' or 'rings', or widen 'width'")


def _style(name: str, spec: Any, where: Mark, ck: _Checker) -> Style:
    if not isinstance(spec, dict):
        ck.error(where, f"style '{name}' must be a mapping", "e.g. {font: regular, size: 10pt}")
        return Style(name, "regular", 10, 14, "ink")
    got = ck.group(spec, settings.STYLE, f"styles.{name}", where)
    size = to_points(got["size"])

    def ln(key: str) -> float:
        return to_points(got[key], size)

    leading = ln("leading")
    if leading < size:
        ck.error(spec.mark_of("leading") if isinstance(spec, MDict) else where,
                 f"styles.{name}: leading {leading:g} pt is less than the size {size:g} pt",
                 "lines would overlap: set leading at least the size (1.2–1.8 × for text)")
    return Style(name, str(got["font"]), size, leading, str(got["color"]), ln("indent"),
                 str(got["align"]), ln("space_before"), ln("space_after"), bool(got["balance"]))


def _editions(raw: Any, top: MDict, ck: _Checker) -> dict[str, Edition]:
    if not raw:
        return {"screen": Edition("screen", "{output}.pdf")}
    if not isinstance(raw, dict):
        ck.error(top.mark_of("editions"), "'editions' must be a mapping", "see layout/layout.yaml")
        return {}
    out: dict[str, Edition] = {}
    files: dict[str, str] = {}
    for name, spec in raw.items():
        where = raw.mark_of(name) if isinstance(raw, MDict) else top.mark
        got = ck.group(spec, settings.EDITION, f"editions.{name}", where)
        file = got["file"]
        if file is not None:
            fmark = spec.mark_of("file") if isinstance(spec, MDict) else where
            if not _edition_file_ok(str(file), f"editions.{name}.file", fmark, ck):
                continue
            if file in files:
                ck.error(fmark, f"editions {files[file]} and {name} write the same file '{file}'",
                         "give each edition its own file name")
            files[file] = str(name)
        if file is None or any(v is None and settings.EDITION[k].default is REQUIRED and
                               not settings.EDITION[k].optional for k, v in got.items()):
            continue
        marks = got.pop("crop_marks")
        if marks:
            marks = {k: (to_points(v) if isinstance(v, str) else float(v)) for k, v in marks.items()}
        got.update(_colour_settings(str(name), spec, got, where, ck))
        out[str(name)] = Edition(str(name), crop_marks=marks, **got)
    return out


def _colour_settings(name: str, spec: Any, got: dict, where: Mark | None,
                     ck: _Checker) -> dict[str, Any]:
    """What the settings table cannot say alone: PDF/X needs CMYK, the output
    intent keeps only what was written, palette overrides name palette colours."""
    at = lambda k: spec.mark_of(k) if isinstance(spec, MDict) else where
    out: dict[str, Any] = {}
    if got.get("standard") and got.get("colour") != "cmyk":
        ck.error(at("standard"), f"editions.{name}: {got['standard']} needs colour: cmyk",
                 "PDF/X is for print: set colour: cmyk")
    if got.get("output_intent"):
        out["output_intent"] = {k: str(v) for k, v in got["output_intent"].items()
                                if v is not None}
    raw = spec.get("palette") if isinstance(spec, dict) else None
    out["palette"] = _palette_overrides(name, raw, at("palette"), ck) if raw is not None else None
    return out


def _palette_overrides(name: str, raw: Any, where: Mark | None,
                       ck: _Checker) -> dict[str, tuple[int, int, int]]:
    """name → sRGB (0–255) the edition uses instead of the palette's colour."""
    out: dict[str, tuple[int, int, int]] = {}
    if not isinstance(raw, dict):
        ck.error(where, f"editions.{name}.palette must be a mapping",
                 "e.g. palette: {brand: {rgb: [214, 60, 0]}}")
        return out
    for colour, spec in raw.items():
        at = raw.mark_of(colour) if isinstance(raw, MDict) else where
        rgb = spec.get("rgb") if isinstance(spec, dict) else None
        if colour not in ck.palette:
            ck.error(at, f"editions.{name}.palette: unknown colour '{colour}'",
                     did_you_mean(str(colour), list(ck.palette)))
        elif not (isinstance(rgb, list) and len(rgb) == 3 and
                  all(isinstance(c, int) and 0 <= c <= 255 for c in rgb)):
            ck.error(at, f"editions.{name}.palette.{colour} needs rgb: [R, G, B]",
                     "three integers 0–255, e.g. {rgb: [214, 60, 0]}")
        else:
            out[str(colour)] = (rgb[0], rgb[1], rgb[2])
    return out


def _edition_file_ok(file: str, what: str, where: Mark, ck: _Checker) -> bool:
    """A file name in dist/ made from {output}: no folders, no other fields."""
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(file) if f is not None}
    except ValueError:
        fields = {"?"}
    if fields - {"output"}:
        ck.error(where, f"'{what}': only {{output}} may be filled in, not {sorted(fields - {'output'})}",
                 "e.g. file: \"{output}-print.pdf\"")
        return False
    name = file.replace("{output}", "x")
    why = escape_reason(Path("dist"), name)
    if why or "/" in name or "\\" in name:
        ck.error(where, f"'{what}' must be a file name in dist/ ({why or 'it names a folder'})",
                 "write a plain file name, e.g. \"{output}-print.pdf\"")
        return False
    if not name.lower().endswith(".pdf"):
        ck.error(where, f"'{what}' must end in .pdf", "e.g. \"{output}.pdf\"")
        return False
    return True


def _check_style_settings(comps: dict[str, dict[str, Any]], styles: dict[str, Style],
                          raw: MDict, errors: Collector) -> None:
    """A component setting named `*_style` names a paragraph style: it must be
    defined, or the typesetter would ask for a style that is not there."""
    import difflib

    for comp, values in comps.items():
        for key, value in values.items():
            if key.endswith("_style") and isinstance(value, str) and value not in styles:
                section = raw.get("components")
                node = section.get(comp) if isinstance(section, MDict) else None
                where = (node.mark_of(key) if isinstance(node, MDict) and key in node
                         else mark_of(node, raw.mark_of("components")))
                guess = difflib.get_close_matches(value, list(styles), n=1)
                errors.error(where, f"components.{comp}.{key}: no style '{value}'",
                             f"did you mean '{guess[0]}'?" if guess else
                             f"define styles.{value} in layout/")

