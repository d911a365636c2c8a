"""Fonts: metrics for the line breaker, and TrueType subsets for ReportLab.

ReportLab embeds only TrueType outlines, and the CJK fonts we may use are
CFF/CFF2 (the variable Noto Sans CJK in particular). So each face declared in
layout (a weight of the variable font, or a font file) is instanced, reduced
to the characters the report uses and converted to TrueType outlines with
fontTools. Three caches keep rebuilds fast:

- metrics (advance widths + the font's character set) per face,
- converted glyph outlines per face (so a new character costs one glyph),
- the finished subset TTF per face and character set.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Collector
from .cache import atomic_write, digest, load_pickle, save_pickle

UPM = 1000.0


@dataclass
class FontSource:
    """Where a face's outlines come from."""

    path: Path
    font_number: int
    location: dict[str, float]

    def key(self) -> str:
        st = self.path.stat()
        return digest(str(self.path), st.st_size, int(st.st_mtime), self.font_number,
                      sorted(self.location.items()))


def resolve_source(spec: dict[str, Any], face: dict[str, Any], fonts_dir: Path,
                   errors: Collector) -> FontSource | None:
    """Find the font file a face names: a package's file or one in fonts/."""
    fspec = dict(spec)
    fspec.update({k: v for k, v in face.items() if k in ("package", "file", "face")})
    if "package" in face and "file" not in face:
        fspec.pop("file", None)
    path: Path | None = None
    if fspec.get("package"):
        found = importlib.util.find_spec(str(fspec["package"]))
        if found is None or not found.submodule_search_locations:
            errors.error(None, f"font package '{fspec['package']}' is not installed",
                         "run: pip install -e . (it is a dependency in pyproject.toml)")
            return None
        path = Path(list(found.submodule_search_locations)[0]) / str(fspec.get("file", ""))
    elif fspec.get("file"):
        path = fonts_dir / str(fspec["file"])
    if path is None or not path.is_file():
        errors.error(None, f"font file not found: {path}",
                     "check fonts.source in layout/ (package + file, or a file in fonts/)")
        return None
    number = 0
    if path.suffix.lower() in (".ttc", ".otc") or path.name.endswith(".otf.ttc"):
        number = _face_index(path, str(fspec.get("face", "")))
        if number < 0:
            errors.error(None, f"face '{fspec.get('face')}' not in {path.name}",
                         "set fonts.source.face to one of the collection's family names")
            return None
    location = {k: float(v) for k, v in face.items() if k in ("wght", "wdth")}
    return FontSource(path, number, location)


def _face_index(path: Path, name: str) -> int:
    from fontTools.ttLib import TTCollection

    coll = TTCollection(str(path), lazy=True)
    for i, f in enumerate(coll.fonts):
        if f["name"].getDebugName(1) == name or f["name"].getDebugName(4) == name:
            return i
    return -1 if name else 0


@dataclass
class Face:
    """One face: widths for layout, and the characters the report used."""

    name: str
    source: FontSource
    cache: Path
    widths: dict[str, float] = field(default_factory=dict)
    charset: frozenset[str] = frozenset()
    used: set[str] = field(default_factory=set)
    _font: Any = None
    _dirty: bool = False

    @property
    def key(self) -> str:
        return self.source.key()

    def _open(self) -> Any:
        if self._font is None:
            from fontTools.ttLib import TTFont

            self._font = TTFont(str(self.source.path), fontNumber=self.source.font_number,
                                lazy=True)
        return self._font

    def load_metrics(self) -> None:
        cached = load_pickle(self.cache / f"metrics-{self.key}.pickle")
        if cached:
            self.widths, self.charset = cached
            return
        self.charset = frozenset(chr(c) for c in self._open().getBestCmap())
        self._dirty = True

    def width(self, ch: str) -> float:
        """Advance width of ch in em (1.0 for Han)."""
        w = self.widths.get(ch)
        if w is None:
            w = self._measure(ch)
        return w

    def _measure(self, ch: str) -> float:
        font = self._open()
        gname = font.getBestCmap().get(ord(ch))
        if gname is None:
            return 1.0  # reported by the glyph check; never drawn
        gs = font.getGlyphSet(location=self.source.location or None)
        w = gs[gname].width / UPM
        self.widths[ch] = w
        self._dirty = True
        return w

    def save_metrics(self) -> None:
        if self._dirty:
            save_pickle(self.cache / f"metrics-{self.key}.pickle", (self.widths, self.charset))
            self._dirty = False

    def subset_path(self, extra: str = "") -> Path:
        """The TrueType subset for the used characters (built if not cached)."""
        chars = "".join(sorted(self.used | set(extra)))
        path = self.cache / f"subset-{self.name}-{self.key}-{digest(chars)}.ttf"
        if not path.exists():
            atomic_write(path, self._build_ttf(chars))
        return path

    def _build_ttf(self, chars: str) -> bytes:
        """Convert the used glyphs to TrueType, reusing converted outlines."""
        import io

        from fontTools.fontBuilder import FontBuilder
        from fontTools.pens.cu2quPen import Cu2QuPen
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        store_path = self.cache / f"glyphs-{self.key}.pickle"
        store: dict[str, Any] = load_pickle(store_path) or {}
        changed = False
        need = [c for c in chars if c in self.charset and c not in store]
        if need:
            font = self._open()
            cmap = font.getBestCmap()
            gs = font.getGlyphSet(location=self.source.location or None)
            for ch in need:
                g = gs[cmap[ord(ch)]]
                pen = TTGlyphPen(None)
                g.draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
                store[ch] = (pen.glyph(), g.width)
            changed = True
        if changed:
            save_pickle(store_path, store)
        names = [".notdef"] + [f"u{ord(c):04X}" for c in chars if c in store]
        glyphs: dict[str, Any] = {".notdef": TTGlyphPen(None).glyph()}
        metrics: dict[str, tuple[int, int]] = {".notdef": (500, 0)}
        cmap: dict[int, str] = {}
        for c in chars:
            if c not in store:
                continue
            gname = f"u{ord(c):04X}"
            glyph, adv = store[c]
            glyphs[gname] = glyph
            metrics[gname] = (int(round(adv)), 0)
            cmap[ord(c)] = gname
        fb = FontBuilder(int(UPM), isTTF=True)
        fb.setupGlyphOrder(names)
        fb.setupCharacterMap(cmap)
        fb.setupGlyf(glyphs)
        glyf = fb.font["glyf"]
        for gname in names:
            g = glyf[gname]
            g.recalcBounds(glyf)
            metrics[gname] = (metrics[gname][0], getattr(g, "xMin", 0))
        fb.setupHorizontalMetrics(metrics)
        fb.setupHorizontalHeader(ascent=880, descent=-120)
        family = f"CSRPress{self.name.capitalize()}"
        fb.setupNameTable({"familyName": family, "styleName": "Regular",
                           "psName": family})
        fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=1160,
                    usWinDescent=288, fsType=0)
        fb.setupPost()
        buf = io.BytesIO()
        fb.save(buf)
        return buf.getvalue()


class Fonts:
    """All faces of the layout; registers their subsets with ReportLab."""

    def __init__(self, faces: dict[str, Face]) -> None:
        self.faces = faces
        self.registered: dict[str, str] = {}

    def __getitem__(self, name: str) -> Face:
        return self.faces[name]

    def psname(self, face: str) -> str:
        """The name a face is registered under with ReportLab (fixed per face)."""
        return f"CSRPress-{face}"

    def missing(self, text: str) -> list[str]:
        """Characters of text that no face has (checked against the regular face)."""
        face = next(iter(self.faces.values()))
        return sorted({c for c in text if c not in face.charset and not c.isspace()})

    def register(self) -> dict[str, str]:
        """Build/load each face's subset and register it with ReportLab."""
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, face in self.faces.items():
            path = face.subset_path(extra="0123456789")
            psname = self.psname(name)
            font = pdfmetrics._fonts.get(psname)
            if font is None or getattr(font, "_csrpress_path", None) != path:
                font = TTFont(psname, str(path))
                font._csrpress_path = path
                pdfmetrics.registerFont(font)   # replaces an older subset of the face
            self.registered[name] = psname
            face.save_metrics()
        return self.registered


def load_fonts(layout: Any, fonts_dir: Path, cache: Path, errors: Collector) -> Fonts | None:
    """Resolve and load metrics for every face declared in layout."""
    faces: dict[str, Face] = {}
    for name, spec in layout.faces.items():
        src = resolve_source(layout.font_source, dict(spec or {}), fonts_dir, errors)
        if src is None:
            return None
        face = Face(name, src, cache)
        face.load_metrics()
        faces[name] = face
    return Fonts(faces)
