"""Fonts: metrics for the line breaker, and TrueType subsets for ReportLab.

ReportLab embeds only TrueType outlines, and the CJK fonts we may use are
CFF/CFF2 (the variable Noto Sans CJK in particular). So each face declared in
layout (a weight of the variable font, or a font file) is instanced, reduced
to the characters the report uses and converted to TrueType outlines
(HarfBuzz draws them, see outlines.py; fontTools assembles the subsets).
Three caches keep rebuilds fast:

- metrics (advance widths + the font's character set) per face,
- converted glyph outlines per face (so a new character costs one glyph),
- the finished subset TTF per face and character set.

The first two depend only on the font file's bytes, so they live in a cache
shared by every project and checkout on the machine (see font_cache_dir),
keyed by the file's content hash: a machine converts a font once, and a
project with an empty cache (a fresh clone, CI) starts with converted glyphs.
The subsets are per project (they depend on the text).
"""
from __future__ import annotations

import importlib.util
import os
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from .. import children
from ..errors import Collector
from .cache import cache_write, digest, file_stamp, load_pickle, save_pickle

# What the text engine sets as a gap and never draws as a glyph (text.atoms:
# spaces, tabs, the line ends it joins at, the no-break spaces of GLUE); any
# other character, white or not (U+3000, an em space, U+001F), is drawn and
# needs a glyph
_NOT_DRAWN = frozenset(" \t\n\u00a0\u202f\u2007")

UPM = 1000.0

CONVERTER_VERSION = 3      # bump when converted glyphs or subsets would come out different
# marks Chinese sets on the ideographs' centre axis (3: dashes raised to it)
CENTRED = frozenset("—―…⋯")
HAN_REFERENCE = "中"        # a Han character whose ink is centred on the em box
SUBSET_VERSION = 2         # bump when only the assembled subset changes (2: licence names)
# name records the subsets keep from the source font: copyright, licence, licence URL
# (the OFL asks that the copyright and licence notices travel with the font)
NOTICE_NAME_IDS = (0, 13, 14)


SUBSETS_KEPT = 4       # a face's newest subsets kept in a project's cache (Face.prune_subsets)
SUBSET_GRACE = 600.0   # … and none deleted sooner than this after it was written (seconds)
SUBSET_COMPANIONS = (".z", ".face", ".tables")   # kept beside a subset (pdf/cidfont.py): go with it

# Subscript and superscript figures and letters a font may lack (Noto CJK has
# neither ₂ nor ⁵, and an ESG report writes CO₂, m³, 10⁶): made from the
# font's own figure or letter, scaled and moved, as a glyph of the face (in
# its subset, mapped to its character: the text layer reads CO₂)
_SUB, _SUB_BASE = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", "0123456789+−=()aeoxhklmnpst"
_SUP, _SUP_BASE = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+−=()ni"
SYNTHESISED: dict[str, tuple[str, float]] = {
    **{c: (b, -0.14) for c, b in zip(_SUB, _SUB_BASE)},     # (base, rise in em)
    **{c: (b, 0.33) for c, b in zip(_SUP, _SUP_BASE)}}
SYNTHESIS_SCALE = 0.62


# Second glyphs of a character, each under a private-use code point of its own
# (in the subset's cmap; the ToUnicode CMap maps it back to the character, so
# copy and search read the character). The em dash is converted raised to the
# ideographs' centre axis (CENTRED), as Chinese sets it; between English words
# it stands at Latin height, as the font draws it (text.shaping chooses which)
LATIN_EM_DASH = "\uF8E0"
# The curly quotes in an English phrase: a CJK font maps “”‘’ to full-width
# glyphs (Noto CJK's), which set "the “Group” " with an em around each mark and
# "Group’ s" apart; their proportional forms (the font's pwid substitutes, Latin
# width) under codes of their own (text.shaping chooses which)
LATIN_QUOTES: dict[str, str] = {"\uF8E1": "“", "\uF8E2": "”", "\uF8E3": "‘", "\uF8E4": "’"}
LATIN_APOSTROPHE = "\uF8E4"      # (’ inside a Latin word: Group’s)
ALIASES: dict[str, str] = {LATIN_EM_DASH: "—", **LATIN_QUOTES}
_TYPED = str.maketrans(ALIASES)


def as_typed(text: str) -> str:
    """A text with csrpress's second glyphs (ALIASES) read as the characters typed."""
    return text.translate(_TYPED)


def glyph_of(font: Any, ch: str) -> int | None:
    """The glyph id drawn for a character in an open font file (outlines.
    FontFile): an alias's base's, a Latin quote's proportional form."""
    if ch in LATIN_QUOTES:
        return font.feature_glyph(LATIN_QUOTES[ch], "pwid")
    return font.glyph(ALIASES.get(ch, ch))


class CharSet:
    """The characters a font file has, as a bitmap over the code points (a
    bit each: 139 KB). The machine's font store keeps its bytes, which a new
    process reads in well under a millisecond, where making a frozenset of
    the CJK font's ~45,000 one-character strings (and its two derived sets)
    took ~15 ms of every new process (a build after an edit). Asked a
    character at a time (``ch in charset``, ~0.2 µs; a text's few thousand
    distinct characters a build); iterated only for the rare characters
    above the BMP (pdf.cidfont)."""

    __slots__ = ("bits",)
    SIZE = 0x110000 // 8

    def __init__(self, bits: bytes) -> None:
        self.bits = bits

    @classmethod
    def of(cls, chars: Iterable[str]) -> "CharSet":
        bits = bytearray(cls.SIZE)
        for ch in chars:
            n = ord(ch)
            bits[n >> 3] |= 1 << (n & 7)
        return cls(bytes(bits))

    def __contains__(self, ch: object) -> bool:
        if type(ch) is not str or len(ch) != 1:
            return False
        n = ord(ch)
        return bool(self.bits[n >> 3] >> (n & 7) & 1)

    def __iter__(self) -> Iterator[str]:
        for i, byte in enumerate(self.bits):
            if byte:
                for k in range(8):
                    if byte >> k & 1:
                        yield chr(8 * i + k)

    def __len__(self) -> int:
        return int.from_bytes(self.bits, "little").bit_count()

    def __bool__(self) -> bool:
        return self.bits.count(0) != len(self.bits)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CharSet) and self.bits == other.bits

    def __hash__(self) -> int:
        return hash(self.bits)

    def derived(self) -> "CharSet":
        """The characters a face draws from this file: its own (but the
        private-use codes of csrpress's second glyphs, ALIASES) and those it
        makes from them (synthesisable)."""
        bits = bytearray(self.bits)
        for ch in ALIASES:
            n = ord(ch)
            bits[n >> 3] &= ~(1 << (n & 7)) & 0xFF
        for ch in synthesisable(self):
            n = ord(ch)
            bits[n >> 3] |= 1 << (n & 7)
        return CharSet(bytes(bits))


def synthesisable(found: Container[str]) -> frozenset[str]:
    """The characters a font gets from its own glyphs: the sub- and
    superscripts it lacks, and the second glyphs (ALIASES) of those it has."""
    return frozenset(c for c, (base, _) in SYNTHESISED.items()
                     if c not in found and base in found) | \
        frozenset(a for a, base in ALIASES.items() if base in found)


def font_cache_dir(fallback: Path) -> Path:
    """Where converted glyphs and metrics are kept for the whole machine:
    $CSRPRESS_FONT_CACHE, else $XDG_CACHE_HOME/csrpress/fonts (~/.cache/...).
    Falls back to the project cache when that cannot be created."""
    env = os.environ.get("CSRPRESS_FONT_CACHE")
    base = Path(env) if env else (Path(os.environ.get("XDG_CACHE_HOME")
                                       or Path.home() / ".cache") / "csrpress" / "fonts")
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return fallback
    return base if os.access(base, os.W_OK) else fallback


def file_hash(path: Path, store: Path) -> str:
    """The SHA-256 of a font file's bytes, remembered per file stamp (in this
    build session and in the store), so only a new or changed file is read whole."""
    from ..session import current

    hashes = current().font_hashes
    stamp = (str(path), *file_stamp(path.stat()))
    found = hashes.get(stamp)
    if found is None:
        memo = store / f"hash-{digest(*stamp)}.pickle"
        found = load_pickle(memo, str)
        if not found:
            import hashlib

            h = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            found = h.hexdigest()
            save_pickle(memo, found)
        hashes[stamp] = found
    return found


@dataclass
class FontSource:
    """Where a face's outlines come from."""

    path: Path
    font_number: int
    location: dict[str, float]
    store: Path                  # the machine's font cache (font_cache_dir)

    def file_key(self) -> str:
        """The face's file by content (not by path: every install shares it)."""
        return digest(file_hash(self.path, self.store), self.font_number)

    def key(self) -> str:
        return digest(self.file_key(), sorted(self.location.items()), CONVERTER_VERSION)


def resolve_source(spec: dict[str, Any], face: dict[str, Any], fonts_dir: Path,
                   errors: Collector, cache: Path | None = None,
                   where: Any = None) -> FontSource | None:
    """Find the font file a face names: a package's file or one in fonts/.

    A face inherits fonts.source; a face that names its own ``file`` (and no
    ``package``) means a file in fonts/. A collection (.ttc/.otc) needs the
    face's name: the first face is never taken silently (in Noto CJK it is the
    Japanese one), so a missing or unknown name is an error listing the faces.
    A file that is no whole font (sfnt.py: cut short, not a font, a web
    font) is an error at the layout line that names it."""
    named = _named_at(spec, face, ("file", "package"), where)
    fspec = dict(spec)
    fspec.update({k: v for k, v in face.items() if k in ("package", "file", "face")})
    if "package" in face and "file" not in face:
        fspec.pop("file", None)
    if "file" in face and "package" not in face:
        fspec.pop("package", None)
    path: Path | None = None
    if fspec.get("package"):
        found = importlib.util.find_spec(str(fspec["package"]))
        if found is None or not found.submodule_search_locations:
            errors.error(named, f"font package '{fspec['package']}' is not installed",
                         "run: pip install -e . (it is a dependency in pyproject.toml)")
            return None
        base = Path(list(found.submodule_search_locations)[0])
        if fspec.get("file") and _outside(base, fspec, f"package {fspec['package']}",
                                          named, errors):
            return None
        path = base / str(fspec.get("file", ""))
    elif fspec.get("file"):
        if _outside(fonts_dir, fspec, "fonts/", named, errors):
            return None
        path = fonts_dir / str(fspec["file"])
    if path is None or not path.is_file():
        errors.error(named, f"font file not found: {path}",
                     "check fonts.source in layout/ (package + file, or a file in fonts/)")
        return None
    problem = _whole(path)
    if problem:
        errors.error(named, f"font file {path.name} {problem}",
                     "name a whole OpenType or TrueType font here (.otf, .ttf, .ttc); "
                     "copy or download the file again if it was cut short")
        return None
    import tempfile

    store = font_cache_dir(cache if cache is not None else Path(tempfile.gettempdir()))
    number = 0
    if path.suffix.lower() in (".ttc", ".otc") or path.name.endswith(".otf.ttc"):
        name = str(fspec.get("face") or "")
        number = _cached_face_index(path, name, store if cache is not None else None) \
            if name else -1
        if number < 0:
            names = ", ".join(f"'{n}'" for n in face_names(path))
            errors.error(_named_at(spec, face, ("face",), named),
                         (f"face '{name}' is not in {path.name}" if name else
                                 f"{path.name} is a font collection: say which face to use"),
                         f"set face: to one of {names} (fonts.source or the face in layout/)")
            return None
    location = {k: float(v) for k, v in face.items() if k in ("wght", "wdth")}
    return FontSource(path, number, location, store)


def _outside(base: Path, fspec: dict[str, Any], what: str, where: Any,
             errors: Collector) -> bool:
    """Whether the font file a layout names leaves its folder (an error
    there): '../x.otf' or '/usr/share/fonts/x.ttc' built on this machine
    only (a project is its folder; parts and images are held to theirs)."""
    from ..source.paths import escape_reason

    why = escape_reason(base, str(fspec["file"]), links=False)
    if why is None:
        return False
    errors.error(where, f"font file '{fspec['file']}' is outside {what} ({why})",
                 "copy the font into fonts/ and name it there, e.g. file: "
                 + PurePosixPath(str(fspec["file"]).replace("\\", "/")).name)
    return True


def _whole(path: Path) -> str | None:
    """sfnt.sfnt_problem of a font file, once per file stamp in a build
    session (the faces of a variable font share their file)."""
    from ..session import current
    from .sfnt import sfnt_problem

    stamp = (str(path), *file_stamp(path.stat()))
    held = current().font_whole
    if stamp not in held:
        held[stamp] = sfnt_problem(path)
    return held[stamp]


def named_at(layout: Any, face: str) -> Any:
    """Where the layout names a face's font file (a Mark; None: not known),
    read from this layout (a session's fonts outlive the layout's lines)."""
    spec = layout.faces.get(face)
    return _named_at(layout.font_source, spec if isinstance(spec, dict) else {},
                     ("file", "package"), None)


def _named_at(spec: Any, face: Any, keys: tuple[str, ...], default: Any) -> Any:
    """Where the layout sets the first of keys for this face: in the face's
    own mapping, else in fonts.source (mappings that keep their marks),
    else `default`."""
    for mapping in (face, spec):
        for key in keys:
            if key in mapping:
                mark_of = getattr(mapping, "mark_of", None)
                return mark_of(key) if mark_of is not None else default
    return default


def face_names(path: Path) -> list[str]:
    """The faces of a collection by name (typographic family, else family)."""
    from .outlines import face_names as names

    return names(path)


def _cached_face_index(path: Path, name: str, cache: Path | None) -> int:
    """The face's index in a collection, remembered (reading it imports and
    parses fontTools' name tables, which a warm build otherwise never needs)."""
    if cache is None:
        return _face_index(path, name)
    where = cache / f"face-{digest(file_hash(path, cache), name)}.pickle"
    found = load_pickle(where)
    if isinstance(found, int) and found >= 0:
        return found
    number = _face_index(path, name)
    if number >= 0:
        save_pickle(where, number)
    return number


def _face_index(path: Path, name: str) -> int:
    """A face's index by its family, typographic family, full or PostScript name."""
    from .outlines import face_index

    return face_index(path, name)


def _charset(face: "Face") -> CharSet:
    """The characters a font file has: one set per file, shared by its faces.
    Kept in the font store as its bitmap (CharSet: a new process reads it;
    a set of ~45,000 strings, unpickled or made from one string, was a
    start-up cost of every new process)."""
    from ..session import current

    charsets = current().charsets
    key = face.file_key()
    if key not in charsets:
        path = face.source.store / f"charset-{key}.pickle"
        bits = load_pickle(path, bytes)
        found = CharSet(bits) if bits is not None and len(bits) == CharSet.SIZE else None
        if not found:
            found = CharSet.of(face._open().charset())
            save_pickle(path, found.bits)
        # (a font's own glyph at an alias's private-use code is never drawn)
        charsets[key] = found.derived()
    return charsets[key]


def _open_font(path: Path, number: int) -> "FontFile":
    """One open font per file and face, shared by the weights of a variable
    font (HarfBuzz maps the file and reads tables and glyphs as asked: opening
    costs ~1 ms where fontTools parsed ~100 MB of the CJK collection). Held by
    the build session until release(); per process: forked converters must not
    share the parent's handle."""
    import os

    from ..session import current
    from .outlines import FontFile

    files = current().font_files
    key = (path, number, os.getpid())
    if key not in files:
        files[key] = FontFile(path, number)
    return files[key]


@dataclass
class Face:
    """One face: widths for layout, and the characters the report used."""

    name: str
    source: FontSource
    cache: Path
    widths: dict[str, float] = field(default_factory=dict)
    charset: Container[str] = frozenset()     # (CharSet once loaded)
    used: set[str] = field(default_factory=set)
    _font: Any = None
    _store: dict[str, tuple] | None = None
    _dirty: bool = False
    _boxes: dict[str, tuple[float, float, float, float]] | None = None

    @property
    def key(self) -> str:
        return self.source.key()

    def _open(self) -> Any:
        if self._font is None:
            self._font = _open_font(self.source.path, self.source.font_number)
        return self._font

    def load_metrics(self) -> None:
        """Widths measured in earlier builds, and the font's character set."""
        cached = load_pickle(self.source.store / f"metrics-{self.key}.pickle", dict)
        if cached and all(isinstance(k, str) and isinstance(v, float)
                          for k, v in cached.items()):
            self.widths = cached
        else:
            self._dirty = True
        self.charset = _charset(self)

    def file_key(self) -> str:
        return self.source.file_key()

    def width(self, ch: str) -> float:
        """Advance width of ch in em (1.0 for Han)."""
        w = self.widths.get(ch)
        if w is None:
            w = self._measure(ch)
        return w

    def _measure(self, ch: str) -> float:
        """Advance width at the face's location: hmtx plus the HVAR delta, read
        for this glyph only (outlines.Advances)."""
        font = self._open()
        gid, scale = glyph_of(font, ch), 1.0
        if gid is None and ch in self.charset:          # (made: SYNTHESISED)
            gid, scale = font.glyph(SYNTHESISED[ch][0]), SYNTHESIS_SCALE
        if gid is None:
            return 1.0  # reported by the glyph check; never drawn
        w = round(font.advances(self.source.location)[gid] * scale) / UPM
        self.widths[ch] = w
        self._dirty = True
        return w

    def box(self, ch: str) -> tuple[float, float, float, float] | None:
        """The ink box (x0, y0, x1, y1) of ch in em at this face's weight, or None
        when the font lacks it. Marks drawn on the CJK centre axis (——, ……) are
        placed by it. Kept in a small per-machine cache: a warm build reads
        neither the glyph store nor the font."""
        boxes = self._held_boxes()
        b = boxes.get(ch)
        if b is None:
            if ch not in self.charset:
                return None
            entry = self.store().get(ch)
            if entry is None:       # not converted yet (a character no text uses)
                entry = convert_glyphs(self.source.path, self.source.font_number,
                                       self.source.location, [ch])[ch]
            b = boxes[ch] = tuple(float(v) / UPM for v in entry[2])  # type: ignore[assignment]
            save_pickle(self.source.store / f"boxes-{self.key}.pickle", boxes)
        return b

    def _held_boxes(self) -> dict[str, tuple[float, float, float, float]]:
        """The ink boxes measured so far (read from the machine's cache once)."""
        if self._boxes is None:
            found = load_pickle(self.source.store / f"boxes-{self.key}.pickle", dict) or {}
            self._boxes = {k: v for k, v in found.items()
                           if isinstance(k, str) and isinstance(v, tuple) and len(v) == 4}
        return self._boxes

    def boxes(self, chars: str) -> dict[str, tuple[float, float, float, float] | None]:
        """box() of several characters, those not yet measured converted in one
        pass over the font (not one per character) and the cache saved once."""
        boxes = self._held_boxes()
        todo = [c for c in chars if c not in boxes and c in self.charset]
        if todo:
            store = self.store()
            missing = [c for c in todo if c not in store]
            made = convert_glyphs(self.source.path, self.source.font_number,
                                  self.source.location, missing) if missing else {}
            for c in todo:
                entry = store.get(c) or made[c]
                boxes[c] = tuple(float(v) / UPM for v in entry[2])  # type: ignore[assignment]
            save_pickle(self.source.store / f"boxes-{self.key}.pickle", boxes)
        return {c: boxes.get(c) for c in chars}

    def save_metrics(self) -> None:
        if self._dirty:
            save_pickle(self.source.store / f"metrics-{self.key}.pickle", self.widths)
            self._dirty = False

    def store(self) -> dict[str, tuple]:
        """Converted glyphs of this face: char → (glyf data, advance, bbox, counts)."""
        if self._store is None:
            found = load_pickle(self.source.store / f"glyphs-{self.key}.pickle", dict) or {}
            self._store = found if all(_is_glyph(k, v) for k, v in found.items()) else {}
        return self._store

    def to_convert(self, chars: str) -> list[str]:
        """Characters whose glyphs have not been converted yet."""
        store = self.store()
        return [c for c in chars if c in self.charset and c not in store]

    def add_glyphs(self, converted: dict[str, tuple]) -> None:
        """Keep newly converted glyphs (in memory and in the cache)."""
        if converted:
            self.store().update(converted)
            save_pickle(self.source.store / f"glyphs-{self.key}.pickle", self._store)

    def subset_chars(self, extra: str = "") -> str:
        return "".join(sorted(self.used | set(extra)))

    def subset_file(self, chars: str) -> Path:
        return (self.cache /
                f"subset{SUBSET_VERSION}-{self.name}-{self.key}-{digest(chars)}.ttf")

    def notices(self) -> dict[int, str]:
        """The source font's copyright and licence name records, kept per font
        file in the machine's store: a cold build (glyphs converted before)
        then opens no font file at all."""
        path = self.source.store / f"notices-{self.file_key()}.pickle"
        found = load_pickle(path, dict)
        if found is None or not all(isinstance(k, int) and isinstance(v, str)
                                    for k, v in found.items()):
            found = self._open().notices(NOTICE_NAME_IDS)
            save_pickle(path, found)
        return found

    def prune_subsets(self, current: Path, keep: int = SUBSETS_KEPT,
                      age: float = SUBSET_GRACE) -> None:
        """Delete this face's older subsets (and the files kept beside them) but the
        `keep` newest, once they are `age` seconds old. Every edit that adds
        a character makes a new subset (0.5 MB for a report's regular face):
        without this a project's cache grew by that much per such edit, for
        good. The newest few stay (an undo finds its subset) and nothing
        recent goes (another build of the project may be about to read it;
        a subset found missing is built again)."""
        import time

        try:
            found = [(p.stat().st_mtime, p) for p in current.parent.glob(f"subset*-{self.name}-*.ttf")
                     if p != current and "-".join(p.stem.split("-")[1:-2]) == self.name]
        except OSError:
            return
        found.sort(reverse=True)
        now = time.time()
        for mtime, old in found[max(0, keep - 1):]:
            if now - mtime < age:
                continue
            for gone in [old] + [old.with_name(old.name + ext) for ext in SUBSET_COMPANIONS]:
                try:
                    gone.unlink(missing_ok=True)
                except OSError:
                    pass

    def subset_path(self, chars: str, fresh: bool = False) -> Path | bytes:
        """The TrueType subset for these characters (built from converted
        glyphs): its cached file, or the bytes when the cache cannot be written."""
        path = self.subset_file(chars)
        if fresh or not path.exists():
            data = build_ttf(f"CSRPress{self.name.capitalize()}", chars, self.store(),
                             self.notices())
            if not cache_write(path, data):
                return data
        return path


def _is_glyph(ch: Any, entry: Any) -> bool:
    """A glyph store entry as convert_glyphs makes it (a damaged store is redone)."""
    return (isinstance(ch, str) and isinstance(entry, tuple) and len(entry) == 4
            and isinstance(entry[0], bytes))


def convert_glyphs(path: Path, number: int, location: dict[str, float],
                   chars: list[str]) -> dict[str, tuple]:
    """Draw glyphs of a (variable) CFF font at a location as TrueType outlines.

    Returns compiled glyf data, so that assembling a subset later needs no
    recompilation (that alone took ~0.9 s for the report's 3,000 glyphs).
    HarfBuzz draws the outlines (~0.03 ms a glyph, where fontTools' CFF2
    interpreter took ~1 ms); outlines.truetype makes them quadratic.
    """
    from .outlines import truetype

    ff = _open_font(path, number)
    font = ff.font(location)
    advances = ff.advances(location)
    out: dict[str, tuple] = {}
    for ch in chars:
        gid = glyph_of(ff, ch) or 0             # (an alias: its base's, or its form's)
        if not gid and ch in SYNTHESISED:
            out[ch] = _synthesised(ff, font, advances, ch)
            continue
        found = ff.truetype(font, gid) if ch not in CENTRED else None
        if found is None:       # (a centred mark, an unusual contour: drawn first)
            contours = ff.draw(font, gid)
            shift = _centre_shift(ff, font, contours) if ch in CENTRED else 0
            found = truetype(contours, shift)
        data, bbox, counts = found
        out[ch] = (data, advances[gid], bbox, counts)
    return out


def _synthesised(ff: Any, font: Any, advances: Any, ch: str) -> tuple:
    """A sub- or superscript the font lacks, as convert_glyphs makes a glyph:
    its base glyph's outline scaled by SYNTHESIS_SCALE and raised (or
    lowered) by its rise, its advance scaled alike."""
    from .outlines import truetype

    base, rise = SYNTHESISED[ch]
    gid = font.get_nominal_glyph(ord(base))
    k, dy = SYNTHESIS_SCALE, rise * UPM
    contours = [[(op, tuple((x * k, y * k + dy) for x, y in pts)) for op, pts in contour]
                for contour in ff.draw(font, gid)]
    data, bbox, counts = truetype(contours)
    return data, round(advances[gid] * k), bbox, counts


def _centre_shift(ff: Any, font: Any, contours: list) -> int:
    """How far (font units) to raise a mark so its ink is centred where a Han
    character's ink is, in the same weight: Noto CJK's em dash sits at Latin
    height, ~0.1 em below the ideographs' centre; Chinese sets it on the centre
    axis (what the font's own zh `locl` form does, but keeping the weight's
    stroke). Zero when the mark is already centred or the font has no Han."""
    from .outlines import bounds

    ref = ff.glyph(HAN_REFERENCE)
    if ref is None:
        return 0
    han, mark = bounds(ff.draw(font, ref)), bounds(contours)
    if han is None or mark is None:
        return 0
    shift = round((han[1] + han[3]) / 2 - (mark[1] + mark[3]) / 2)
    return shift if abs(shift) >= 5 else 0


def build_ttf(family: str, chars: str, store: dict[str, tuple],
              notices: dict[int, str] | None = None) -> bytes:
    """Assemble a TrueType font from converted glyph data, without recompiling.
    `notices` are name records (ID → text) kept from the source: copyright, licence.
    Packed directly (assets.ttfpack: the same bytes, without importing
    fontTools) when it covers the case, else by fontTools' FontBuilder."""
    from .ttfpack import pack_ttf

    records = {1: family, 2: "Regular", 6: family,
               **{i: t for i, t in (notices or {}).items() if i in NOTICE_NAME_IDS}}
    packed = pack_ttf(family, chars, store, name_table(records))
    if packed is not None:
        return packed
    return fonttools_ttf(family, chars, store, notices)


def fonttools_ttf(family: str, chars: str, store: dict[str, tuple],
                  notices: dict[int, str] | None = None) -> bytes:
    """build_ttf through fontTools' FontBuilder: what ttfpack's bytes are
    checked against (tests), and its way for what ttfpack does not cover."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    names = [".notdef"]
    glyphs: dict[str, Any] = {".notdef": Glyph()}
    metrics: dict[str, tuple[int, int]] = {".notdef": (500, 0)}
    cmap: dict[int, str] = {}
    boxes, counts = [], []
    for c in chars:
        if c not in store:
            continue
        data, adv, bbox, count = store[c]
        gname = f"u{ord(c):04X}"
        names.append(gname)
        glyphs[gname] = Glyph(data)
        metrics[gname] = (int(round(adv)), bbox[0])
        cmap[ord(c)] = gname
        if count[0]:
            boxes.append(bbox)
            counts.append(count)
    fb = FontBuilder(int(UPM), isTTF=True)
    fb.font.recalcBBoxes = False
    fb.font.recalcTimestamp = False     # reproducible: no build time in the font
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap(cmap)
    from fontTools.ttLib import newTable

    # set the glyf table directly: FontBuilder.setupGlyf would decompile every
    # glyph to look for cubic curves (ours are quadratic by construction)
    fb.font["loca"] = newTable("loca")
    glyf = fb.font["glyf"] = newTable("glyf")
    glyf.glyphs = glyphs
    glyf.glyphOrder = names
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    head = fb.font["head"]
    head.created = head.modified = 0       # (seconds since 1904): fixed, not "now"
    if boxes:
        head.xMin, head.yMin = min(b[0] for b in boxes), min(b[1] for b in boxes)
        head.xMax, head.yMax = max(b[2] for b in boxes), max(b[3] for b in boxes)
    hhea = fb.font["hhea"]
    hhea.advanceWidthMax = max(m[0] for m in metrics.values())
    hhea.minLeftSideBearing = min((m[1] for m in metrics.values()), default=0)
    maxp = fb.font["maxp"]
    maxp.maxPoints = max((c[1] for c in counts), default=0)
    maxp.maxContours = max((c[0] for c in counts), default=0)
    records = {1: family, 2: "Regular", 6: family,
               **{i: t for i, t in (notices or {}).items() if i in NOTICE_NAME_IDS}}
    raw = name_table(records)
    if raw is None:          # (a text Mac Roman cannot hold: fontTools' own way)
        keys = {0: "copyright", 13: "licenseDescription", 14: "licenseInfoURL"}
        fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": family,
                           **{keys[i]: t for i, t in (notices or {}).items() if i in keys}})
    else:
        from fontTools.ttLib.tables.DefaultTable import DefaultTable

        fb.font["name"] = DefaultTable("name")
        fb.font["name"].data = raw
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=1160,
                usWinDescent=288, fsType=0)
    fb.setupPost()
    buf = io.BytesIO()
    with _raw_name_table(raw is not None):
        fb.save(buf)
    return buf.getvalue()


@contextmanager
def _raw_name_table(raw: bool) -> Iterator[None]:
    """While a font with a name table of raw bytes is saved: fontTools asks
    the table's class for the tables it must write first, and importing the
    class of ``name`` is what imports the OpenType layout tables; a
    DefaultTable (its bytes as they are, no tables before it) is registered
    for the tag meanwhile, through fontTools' public registry (left alone
    when something else registered a class for it)."""
    from fontTools.ttLib import ttFont

    if not raw or "name" in ttFont._customTableRegistry:
        yield
        return
    ttFont.registerCustomTableClass("name", "fontTools.ttLib.tables.DefaultTable",
                                    "DefaultTable")
    try:
        yield
    finally:
        ttFont.unregisterCustomTableClass("name")


def name_table(records: dict[int, str]) -> bytes | None:
    """The ``name`` table fontTools' FontBuilder.setupNameTable compiles for
    these English records (name ID → text), byte for byte: each record for
    Macintosh (1, 0, 0: Mac Roman) and Windows (3, 1, 0x409: UTF-16BE),
    sorted by (platform, encoding, language, name ID), equal strings stored
    once. Written here because fontTools' name table module imports its
    OpenType layout tables (~50 ms of every process that builds a subset:
    a new process after an edit that adds a character). None when a text
    cannot be written in Mac Roman (fontTools then adds an 'ltag' table):
    the caller lets fontTools make that one."""
    import struct

    made = []
    for name_id, text in records.items():
        try:
            made.append(((1, 0, 0, name_id), text.encode("mac_roman")))
        except UnicodeEncodeError:
            return None
        made.append(((3, 1, 0x409, name_id), text.encode("utf_16_be")))
    made.sort(key=lambda m: m[0])
    head = struct.pack(">HHH", 0, len(made), 6 + 12 * len(made))
    strings, done, out = b"", {}, [head]
    for ids, data in made:
        if data not in done:
            done[data] = (len(strings), len(data))
            strings += data
        offset, length = done[data]
        out.append(struct.pack(">HHHHHH", *ids, length, offset))
    return b"".join(out) + strings


class Fonts:
    """All faces of the layout; registers their subsets with ReportLab."""

    # characters of the body face missing from the machine's glyph store from
    # which a first build converts them in a child process (see prefetch):
    # fewer take under ~0.05 s, about what the fork and reading them back cost
    PREFETCH_MIN = 200

    def __init__(self, faces: dict[str, Face]) -> None:
        self.faces = faces
        self.registered: dict[str, str] = {}
        # a child process's pid, the faces whose glyph store it may write and,
        # for prefetch's child, the socket it waits on for subsets to build
        # (see prefetch, start_subsets)
        self._prefetch: tuple[int, list[Face], Any] | None = None

    def __getitem__(self, name: str) -> Face:
        return self.faces[name]

    def claim(self, face: str, text: str) -> None:
        """Declare that `face` will draw these characters. The one way a
        character gets into a face's subset (subsets are made after the first
        composition pass): whatever draws a string, claims it here first."""
        self.faces[face].used.update(text)

    def psname(self, face: str) -> str:
        """The name a face is registered under with ReportLab (fixed per face)."""
        return f"CSRPress-{face}"

    def missing(self, text: str) -> list[str]:
        """Characters of text that no face has (checked against the regular face)."""
        face = next(iter(self.faces.values()))
        # (an alias's code is csrpress's own: typed in the text, it is a
        # private-use character the font has no glyph for, not an em dash)
        return sorted({c for c in text if (c not in face.charset or c in ALIASES)
                       and c not in _NOT_DRAWN})

    def prefetch(self, chars: Callable[[], set[str]]) -> None:
        """Start converting the body face's glyphs of ``chars()`` (the report's
        text) in a forked child, when the machine's glyph store lacks many of
        them (a first build on a new machine; asked only when the machine has
        measured fewer than PREFETCH_MIN of the face's characters, so that
        other builds neither list the report's characters nor read the
        store: ~7 ms and more of a build after an edit): the child converts them while
        this process composes the report, on the second core, and stores them
        as register() would (assets.cache's write: a temporary file renamed
        into place). register() waits for the child and reads the store back,
        then converts whatever is still missing (the other faces' glyphs, a
        character only a label uses, all of them if the child failed), so
        what it builds does not depend on the child: the same glyphs (each is
        converted alone, the same way), the same subsets. Which face draws a
        character is known only once the report is composed, so the child
        takes the first face (the body text's, most of the characters);
        a character it converts that the face never draws is only kept in the
        store. Conversion in this process was ~0.45 s of the report's first
        build (~3.8 s), nearly all of it the body face's. Only where a fork is
        safe (children.may_fork).

        The child then waits on a socket for start_subsets to send it the
        subsets to build (_order), and builds them as start_subsets' own
        child would; the socket closed with nothing sent, it exits. So the
        layout pass need not wait for the conversion to end before a child
        can build the subsets (a first build waited 0.05–0.09 s there). (A
        socket, not a pipe: sent with MSG_NOSIGNAL, a child that has ended
        is an error here, never a SIGPIPE for a caller that does not ignore it.)"""
        if self._prefetch is not None or not children.may_fork():
            return
        face = next(iter(self.faces.values()), None)
        if face is None or len(face.widths) >= self.PREFETCH_MIN:
            return
        todo = face.to_convert(sorted(chars()))
        if len(todo) < self.PREFETCH_MIN:
            return
        import socket

        try:
            ours, theirs = socket.socketpair()
        except OSError:                  # (no descriptor to spare: register converts them)
            return

        def convert_then_build() -> None:        # the child's work
            ours.close()
            face.add_glyphs(convert_glyphs(face.source.path, face.source.font_number,
                                           face.source.location, todo))
            order = _order(theirs)
            if order is not None:
                self._build_subsets(*order)

        pid = children.spawn(convert_then_build)
        theirs.close()
        if pid is None:                  # (no process to spare: register converts them)
            ours.close()
        else:
            self._prefetch = (pid, [face], ours)

    def join_prefetch(self) -> None:
        """Wait for the child (prefetch's, start_subsets'), if one runs, and
        read back what it stored (prefetch's child told that no subsets
        follow: its socket closed)."""
        held, self._prefetch = self._prefetch, None
        if held is None:
            return
        pid, faces, line = held
        if line is not None:
            line.close()
        children.reap(pid)
        for face in faces:
            face._store = None           # read again: the child's glyphs, if it stored them

    def _send_subsets(self, names: list[str], wanted: dict[str, str]) -> bool:
        """Hand the subsets to build to prefetch's child, still running (see
        prefetch); False when there is no such child or it is gone (then
        it is reaped, and the caller forks a child of its own). Asked with
        no such child (a cold build: no prefetch), it imports nothing
        (the socket module was ~5 ms of a cold build, for nothing)."""
        held = self._prefetch
        if held is None or held[2] is None:
            return False
        import pickle
        import socket

        pid, faces, line = held
        self._prefetch = (pid, faces, None)
        try:
            # (the child reads once it has converted: a message longer than
            # the socket holds waits for that, as joining the child did)
            line.sendall(pickle.dumps((names, wanted), pickle.HIGHEST_PROTOCOL),
                         getattr(socket, "MSG_NOSIGNAL", 0))
        except OSError:                  # (the child has ended: reaped, nothing sent)
            self.join_prefetch()
            return False
        finally:
            line.close()
        self._prefetch = (pid, faces + [self.faces[n] for n in names
                                        if self.faces[n] not in faces], None)
        return True

    def plan(self) -> dict[str, str]:
        """The characters of each face's subset: what the report claimed so
        far (its first composition pass) and the figures (page numbers)."""
        return {name: face.subset_chars("0123456789") for name, face in self.faces.items()}

    def start_subsets(self, wanted: dict[str, str], progress: Any = None) -> None:
        """Build the subsets register(wanted) will read in a forked child,
        while this process lays the pages out (a cold build's first pass,
        which registers no font: converge). The child converts the glyphs
        they lack (a first build: the faces prefetch did not take) and writes
        each subset into the project's cache as register would (assets.cache:
        a temporary file renamed into place), then exits. register() waits
        for it and finds the subsets there, as after an earlier build;
        whatever the child did not write (it failed, was killed, the cache is
        read-only) register builds itself, from the same glyphs the same
        way, so the PDF does not depend on the child. fontTools' subset
        building was ~0.14 s of the report's cold build (~2.9 s), on its main
        thread. Only where a fork is safe (children.may_fork), with a subset to build.
        A first build's prefetch child, converting still, is handed them
        instead (it builds them once it has converted: see prefetch)."""
        todo = [name for name, face in self.faces.items()
                if not face.subset_file(wanted[name]).exists()]
        sent = bool(todo) and self._send_subsets(todo, wanted)
        if not sent:
            self.join_prefetch()         # (prefetch's child stores glyphs the subsets need)
            if not todo or not children.may_fork():
                return
            pid = children.spawn(lambda: self._build_subsets(todo, wanted))
            if pid is None:              # (no process to spare: register builds them)
                return
            self._prefetch = (pid, [self.faces[n] for n in todo], None)
        if progress:
            progress(f"fonts: {len(todo)} subsets built in a child process (glyphs "
                     "not yet converted too, cached for later builds)")

    def _build_subsets(self, names: list[str], wanted: dict[str, str]) -> None:
        """start_subsets' child: the glyphs the subsets lack converted and
        stored, then each subset built into the cache, with what register
        reads beside it (pdf.cidfont.keep_beside: its compressed program,
        ReportLab's parse and its PDF tables, as a build after this one finds them)."""
        from ..pdf.cidfont import keep_beside

        jobs = [(n, self.faces[n].to_convert(wanted[n])) for n in names]
        for name, converted in _convert_all(self.faces, [(n, c) for n, c in jobs if c]):
            self.faces[name].add_glyphs(converted)
        for name in names:
            face = self.faces[name]
            path = face.subset_path(wanted[name])
            if isinstance(path, Path):
                keep_beside(_open_subset(self.psname(name), face, wanted[name], path))

    def register(self, progress: Any = None, wanted: dict[str, str] | None = None
                 ) -> dict[str, str]:
        """Convert missing glyphs, build subsets (of ``wanted``, default:
        plan()), register them."""
        from reportlab.pdfbase import pdfmetrics

        self.join_prefetch()
        if wanted is None:
            wanted = self.plan()
        jobs = [(name, face.to_convert(wanted[name])) for name, face in self.faces.items()
                if not face.subset_file(wanted[name]).exists()]
        jobs = [(n, chars) for n, chars in jobs if chars]
        if jobs:
            if progress:
                progress(f"fonts: converting {sum(len(c) for _, c in jobs)} glyphs "
                         "to TrueType (cached for later builds)")
            for name, converted in _convert_all(self.faces, jobs):
                self.faces[name].add_glyphs(converted)
        for name, face in self.faces.items():
            path = face.subset_path(wanted[name])
            psname = self.psname(name)
            font = pdfmetrics._fonts.get(psname)
            if font is None or getattr(font, "_csrpress_path", None) != path:
                font = _open_subset(psname, face, wanted[name], path)
                font._csrpress_path = path
                # registerFont keeps the first font of a name; a rebuild in the same
                # process (watch, tests) must replace it with the new subset
                pdfmetrics._fonts.pop(psname, None)
                pdfmetrics._dynFaceNames.pop(font.face.name, None)
                pdfmetrics.registerFont(font)
            self.registered[name] = psname
            face.save_metrics()
            if isinstance(path, Path):
                face.prune_subsets(path)
        return self.registered


    def release(self) -> None:
        """Forget the opened font files once every used character is measured.
        HarfBuzz maps a file and holds what it read of it in C: dropping the
        last reference frees it (no reference cycle holds a FontFile, so no
        collection is needed: a full one cost a first build ~0.05 s)."""
        from ..session import current

        files = current().font_files
        if not files:
            return                 # nothing was parsed (a warm build)
        for face in self.faces.values():
            for ch in face.used:
                face.width(ch)
            face._font = None
        files.clear()


def _open_subset(psname: str, face: Face, chars: str, path: Path | bytes) -> Any:
    """ReportLab's font for a subset; a cached subset that does not parse
    (truncated, damaged) is rebuilt once from the converted glyphs."""

    from ..pdf.cidfont import open_cid_font

    def parse(src: Path | bytes) -> Any:
        return open_cid_font(psname, src, face.charset)

    try:
        return parse(path)
    except Exception:  # noqa: BLE001 - a damaged cache file: rebuild it
        if not isinstance(path, Path):
            raise
        return parse(face.subset_path(chars, fresh=True))


def _order(line: Any) -> tuple[list[str], dict[str, str]] | None:
    """What start_subsets sent prefetch's child on its socket (read to the
    end, then closed): the faces whose subsets to build and each one's
    characters; None when nothing was sent."""
    import pickle

    chunks = []
    with line:
        while chunk := line.recv(1 << 16):
            chunks.append(chunk)
    if not chunks:
        return None
    names, wanted = pickle.loads(b"".join(chunks))
    return list(names), dict(wanted)


def _convert_all(faces: dict[str, Face], jobs: list[tuple[str, list[str]]]
                 ) -> list[tuple[str, dict[str, tuple]]]:
    """Convert glyphs for several faces, in this process: with HarfBuzz drawing
    a glyph costs ~0.3 ms, so the report's ~3,000 glyphs take about a second,
    and two worker processes (each importing and opening the font anew) cost
    more CPU than they saved in wall time on two loaded cores."""
    return [(n, convert_glyphs(faces[n].source.path, faces[n].source.font_number,
                               faces[n].source.location, chars)) for n, chars in jobs]


def load_fonts(layout: Any, fonts_dir: Path, cache: Path, errors: Collector) -> Fonts | None:
    """Resolve and load metrics for every face declared in layout."""
    faces: dict[str, Face] = {}
    bad = False
    for name, spec in layout.faces.items():
        where = getattr(spec, "mark", None) or (layout.files[0] if layout.files else None)
        src = resolve_source(layout.font_source, spec if isinstance(spec, dict) else {},
                             fonts_dir, errors, cache, where)
        if src is None:
            return None
        if not _check_axes(src, spec, where, errors):
            bad = True              # (the other faces are still checked: all at once)
            continue
        face = Face(name, src, cache)
        face.load_metrics()
        faces[name] = face
    return None if bad else Fonts(faces)


def _check_axes(src: FontSource, spec: Any, where: Any, errors: Collector) -> bool:
    """A face's wght/wdth inside the font's axis: HarfBuzz would clamp a value
    outside it silently (wght: 1 drawn as the lightest weight there is)."""
    if not src.location:
        return True
    path = src.store / f"axes-{src.file_key()}.pickle"
    axes = load_pickle(path, dict)
    if axes is None:
        axes = _open_font(src.path, src.font_number).axes()
        save_pickle(path, axes)
    if not axes and not _open_font(src.path, src.font_number).face.glyph_count:
        return True                 # not a font at all: check_glyphs says so, once
    ok = True
    for tag, value in src.location.items():
        at = spec.mark_of(tag) if hasattr(spec, "mark_of") else where
        if tag not in axes:
            has = ", ".join(axes) or "none: a static font"
            errors.error(at, f"{tag}: {value:g}: {src.path.name} has no '{tag}' axis (its axes: {has})",
                         f"remove {tag}:, or use a variable font with a {tag} axis")
            ok = False
        elif not axes[tag][0] <= value <= axes[tag][1]:
            lo, hi = axes[tag]
            errors.error(at, f"{tag}: {value:g} is outside the font's {tag} axis {lo:g}–{hi:g} "
                         f"({src.path.name})", f"give {tag} a value in {lo:g}–{hi:g}")
            ok = False
    return ok
