"""Load layout/: page geometry, fonts, palette, styles and component settings.

The layout is validated as strictly as content: an unknown colour or font
name, a length without a unit, a missing style are all errors with file:line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Collector, Mark
from .yamlmarks import MDict, load_yaml, mark_of

_LEN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in|em)\s*$")
_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
STYLE_KEYS = {"font", "size", "leading", "color", "indent", "align", "space_before",
              "space_after"}
ALIGNS = ("justify", "left", "center", "right")


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

    def style(self, name: str) -> Style:
        """A paragraph style by name (validated at load)."""
        return self.styles[name]

    def comp(self, component: str, key: str, em: float = 10.0) -> Any:
        """A component setting; lengths are returned in points."""
        value = self.components[component][key]
        return to_points(value, em) if isinstance(value, str) and _LEN.match(value) else value

    def frame(self) -> tuple[float, float]:
        """Width and height of the body text area (points)."""
        w = self.page_size[0] - self.margins["inner"] - self.margins["outer"]
        if self.snap_measure:
            em = self.styles["body"].size
            w = int(w / em) * em
        h = self.page_size[1] - self.margins["top"] - self.margins["bottom"]
        return w, h


def to_points(value: Any, em: float = 10.0) -> float:
    """'3mm' → 8.50…; numbers are points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    m = _LEN.match(str(value))
    if not m:
        raise ValueError(value)
    n, unit = float(m.group(1)), m.group(2)
    return n * em if unit == "em" else n * _UNITS[unit]


def load_layout(layout_dir: Path, errors: Collector) -> Layout | None:
    """Merge every layout/*.yaml (top-level keys must not repeat) and resolve it."""
    merged = MDict()
    merged.key_marks = {}
    files = sorted(layout_dir.glob("*.yaml"))
    if not files:
        errors.error(layout_dir, "no layout files", "put layout.yaml in layout/")
        return None
    for path in files:
        data = load_yaml(path, errors)
        if data is None:
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
    if errors.errors:
        return None
    return _resolve(merged, files, errors)


def _need(raw: MDict, key: str, errors: Collector) -> Any:
    if key not in raw:
        errors.error(raw.mark, f"layout has no '{key}:' section", f"add '{key}:' (see README)")
        return MDict()
    return raw[key]


def _length(value: Any, where: Mark | None, what: str, errors: Collector, em: float = 10.0) -> float:
    try:
        return to_points(value, em)
    except (ValueError, TypeError):
        errors.error(where, f"'{what}' is not a length: {value!r}",
                     "write a number with a unit, e.g. 10pt, 3mm, 2em")
        return 0.0


def _resolve(raw: MDict, files: list[Path], errors: Collector) -> Layout | None:
    page = _need(raw, "page", errors)
    fonts = _need(raw, "fonts", errors)
    palette_raw = _need(raw, "palette", errors)
    styles_raw = _need(raw, "styles", errors)
    if errors.errors:
        return None
    size = page.get("size", [])
    pw = _length(size[0] if len(size) > 0 else None, mark_of(size, page.mark), "page.size", errors)
    ph = _length(size[1] if len(size) > 1 else None, mark_of(size, page.mark), "page.size", errors)
    margins = {k: _length(v, page["margins"].mark_of(k), f"page.margins.{k}", errors)
               for k, v in page.get("margins", {}).items()}
    for side in ("top", "bottom", "inner", "outer"):
        if side not in margins:
            errors.error(page.mark_of("margins"), f"page.margins has no '{side}'",
                         "set top, bottom, inner and outer")
    palette: dict[str, tuple[float, float, float, float]] = {}
    for name, spec in palette_raw.items():
        cmyk = spec.get("cmyk") if isinstance(spec, dict) else None
        if not (isinstance(cmyk, list) and len(cmyk) == 4 and
                all(isinstance(c, (int, float)) and 0 <= c <= 100 for c in cmyk)):
            errors.error(palette_raw.mark_of(name), f"colour '{name}' needs cmyk: [C, M, Y, K]",
                         "four percentages 0–100, e.g. {cmyk: [0, 72, 100, 0]}")
            continue
        palette[name] = tuple(c / 100 for c in cmyk)  # type: ignore[assignment]
        if sum(cmyk) > 300:
            errors.error(palette_raw.mark_of(name), f"colour '{name}' has {sum(cmyk)} % ink",
                         "keep total ink coverage at or below 300 %")
    faces = dict(fonts.get("faces") or {})
    if not faces:
        errors.error(fonts.mark, "fonts has no faces", "declare faces, e.g. regular: {wght: 400}")
    inline = {k: dict(v) for k, v in (raw.get("inline") or {}).items()}
    styles: dict[str, Style] = {}
    for name, spec in styles_raw.items():
        styles[name] = _style(name, spec, styles_raw.mark_of(name), faces, palette, errors)
    for name, spec in inline.items():
        where = raw["inline"].mark_of(name)
        if spec.get("font") and spec["font"] not in faces:
            errors.error(where, f"inline style '{name}' uses unknown font '{spec['font']}'",
                         "use one of: " + ", ".join(faces))
        if spec.get("color") and spec["color"] not in palette:
            errors.error(where, f"inline style '{name}' uses unknown colour '{spec['color']}'",
                         "use one of: " + ", ".join(palette))
    comps = raw.get("components") or {}
    for comp, settings in comps.items():
        for key, value in (settings or {}).items():
            if (key.endswith("color") or key.endswith("background") or key == "accent") \
                    and isinstance(value, str) and value not in palette:
                errors.error(settings.mark_of(key), f"components.{comp}.{key}: unknown colour '{value}'",
                             "use a palette name: " + ", ".join(palette))
    editions = _editions(raw.get("editions"), raw, errors)
    if "body" not in styles:
        errors.error(styles_raw.mark, "styles has no 'body' style", "define styles.body")
    if errors.errors:
        return None
    return Layout(
        raw=raw, page_size=(pw, ph), margins=margins,
        bleed=_length(page.get("bleed", "3mm"), page.mark_of("bleed"), "page.bleed", errors),
        safety=_length(page.get("safety", "5mm"), page.mark_of("safety"), "page.safety", errors),
        snap_measure=bool(page.get("snap_measure", True)),
        font_source=dict(fonts.get("source") or {}), faces=faces, palette=palette,
        styles=styles, inline=inline, text=dict(raw.get("text") or {}),
        components={k: dict(v or {}) for k, v in comps.items()},
        toc=dict(raw.get("toc") or {}), outline=dict(raw.get("outline") or {}), files=files,
        editions=editions)


def _style(name: str, spec: Any, where: Mark, faces: dict, palette: dict,
           errors: Collector) -> Style:
    if not isinstance(spec, dict):
        errors.error(where, f"style '{name}' must be a mapping", "e.g. {font: regular, size: 10pt}")
        return Style(name, "regular", 10, 14, "ink")
    for key in spec:
        if key not in STYLE_KEYS:
            errors.error(spec.mark_of(key) if isinstance(spec, MDict) else where,
                         f"style '{name}' has unknown key '{key}'",
                         "allowed: " + ", ".join(sorted(STYLE_KEYS)))
    font = str(spec.get("font", "regular"))
    if font not in faces:
        errors.error(where, f"style '{name}' uses unknown font '{font}'",
                     "use one of: " + ", ".join(faces))
    color = str(spec.get("color", "ink"))
    if color not in palette:
        errors.error(where, f"style '{name}' uses unknown colour '{color}'",
                     "use one of: " + ", ".join(palette))
    size = _length(spec.get("size", "10pt"), where, f"styles.{name}.size", errors)
    align = str(spec.get("align", "left"))
    if align not in ALIGNS:
        errors.error(where, f"style '{name}': align must be one of {', '.join(ALIGNS)}",
                     "e.g. align: justify")

    def ln(key: str, default: str) -> float:
        return _length(spec.get(key, default), where, f"styles.{name}.{key}", errors, size or 10)

    return Style(name, font, size, ln("leading", "1.6em"), color, ln("indent", "0em"), align,
                 ln("space_before", "0pt"), ln("space_after", "0pt"))


def _editions(raw: Any, top: MDict, errors: Collector) -> dict[str, Edition]:
    if not raw:
        return {"screen": Edition("screen", "{output}.pdf")}
    out: dict[str, Edition] = {}
    fields = set(Edition.__dataclass_fields__) - {"name"}
    for name, spec in raw.items():
        where = raw.mark_of(name) if isinstance(raw, MDict) else top.mark
        if not isinstance(spec, dict):
            errors.error(where, f"edition '{name}' must be a mapping", "see layout/layout.yaml")
            continue
        unknown = [k for k in spec if k not in fields]
        for k in unknown:
            errors.error(spec.mark_of(k) if isinstance(spec, MDict) else where,
                         f"edition '{name}' has unknown key '{k}'",
                         "allowed: " + ", ".join(sorted(fields)))
        if spec.get("colour", "rgb") not in ("rgb", "cmyk"):
            errors.error(where, f"edition '{name}': colour must be rgb or cmyk", "e.g. colour: cmyk")
        marks = spec.get("crop_marks") or None
        if marks:
            marks = {k: (to_points(v) if isinstance(v, str) else v) for k, v in dict(marks).items()}
        kw = {k: v for k, v in spec.items() if k in fields and k != "crop_marks"}
        out[str(name)] = Edition(str(name), crop_marks=marks, **kw)
    return out
