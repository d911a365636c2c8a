"""Each face embedded as one Type 0 font whose codes never depend on other pages.

ReportLab embeds a TrueType font as 8-bit subsets: codes are handed out in
the order characters first appear in the document, so one new character on
page 3 shifted the bytes of every later page, and a line of Han characters
switched subsets every character or two (splitting every string, one Tf per
switch: most of the drawing time of a build). Here a face is one
Type 0 font (CIDFontType2, Identity-H): a character's two-byte code is a
function of the character and the font file alone, so a page's content
stream depends only on what the page draws.

Codes: a character of the Basic Multilingual Plane is its own code point
(``text.encode("utf-16-be")``, in C); a character above it takes a BMP code
point the font file has no character for, the n-th free one for the font's
n-th supplementary character (the same on every build with that file).
The CIDToGIDMap maps codes to the glyphs of the embedded subset, /W gives
their widths, and the ToUnicode CMap maps each code back to its character
(UTF-16BE, surrogate pairs above the BMP), for every character of the subset:
drawing records nothing. A character drawn that its face never received
(never claimed, see Fonts.claim) has no glyph and no ToUnicode entry, which
the glyph check of preflight reports (glyphcheck.py).
"""
from __future__ import annotations

import codecs
import hashlib
import io
import re
import zlib
from collections.abc import Container
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from ..assets.fonts import ALIASES
from .tounicode import to_unicode_cmap

# the codec str.encode("utf-16-be") finds by name on every call (its name
# look-up was half of encoding a drawn string)
_UTF16BE = codecs.utf_16_be_encode

DEFAULT_WIDTH = 1000        # /DW: Han characters (most of the text) need no /W entry


class _Raw(pdfdoc.PDFObject):
    """Bytes already in PDF syntax (an array made once, not object by object)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def flate_stream(packed: bytes, **entries: Any) -> pdfdoc.PDFStream:
    """A Flate stream of data compressed already (once, and kept: font
    programs, their tables, page contents)."""
    d = pdfdoc.PDFDictionary({"Filter": pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")]),
                              **entries})
    return pdfdoc.PDFStream(d, packed)


class CIDFont(TTFont):
    """A face's TrueType subset written as a Type 0 font with stable codes
    (see the module docstring). Widths and metrics are ReportLab's parse of
    the subset (stringWidth stays ReportLab's)."""

    _cid = True

    def __init__(self, name: str, source: Any, charset: Container[str],
                 face: TTFontFace | None = None) -> None:
        if face is None:
            super().__init__(name, source, asciiReadable=0, shapable=False)
        else:       # a parse kept from an earlier process (see _kept_face): TTFont's
            self.fontName = name                        # __init__ without the parse
            self.face = face
            self.encoding = TTEncoding()
            self.state = WeakKeyDictionary()
            self._asciiReadable = 0
            self.shapable = False
        self.charset = charset
        self.docs: WeakKeyDictionary[Any, str] = WeakKeyDictionary()   # doc → its name
        self._extra: dict[str, int] | None = None       # supplementary char → code
        self._program: bytes | None = None              # the subset, compressed
        self._packing: _Packing | None = None           # … being compressed (a new subset)
        self._made: tuple[bytes, bytes, bytes] | None = None     # /W, CIDToGIDMap, CMap
        self._digest: bytes | None = None               # SHA-256 of the subset
        self._kept: Any = None      # where the tables are kept (a subset file's: _Kept)

    # -- codes --------------------------------------------------------------------
    def codes(self, text: str) -> bytes:
        """The two-byte codes of text (big-endian), as shown in the content stream."""
        try:
            data = _UTF16BE(text)[0]          # text.encode("utf-16-be"), without the look-up
        except UnicodeEncodeError:            # a lone surrogate: no glyph, found by preflight
            data = b""
        if len(data) == 2 * len(text):
            return data
        return b"".join(self.code(ch).to_bytes(2, "big") for ch in text)

    def code(self, ch: str) -> int:
        """One character's code: its code point in the BMP, else a free BMP
        code point of this font file (0, no glyph, for one it lacks)."""
        n = ord(ch)
        if n <= 0xFFFF:
            return n
        return self._supplementary().get(ch, 0)

    def _supplementary(self) -> dict[str, int]:
        """The font's characters above the BMP → the BMP code points it has
        no character for, in order (computed once, only when one is drawn)."""
        if self._extra is None:
            wide = sorted(c for c in self.charset if ord(c) > 0xFFFF)
            taken = {ord(c) for c in self.charset if ord(c) <= 0xFFFF}
            free = (n for n in range(1, 0x10000) if n not in taken and not 0xD800 <= n < 0xE000)
            self._extra = dict(zip(wide, free))
        return self._extra

    # -- drawing (ReportLab's interface for fonts it subsets itself) ---------------
    def internal_name(self, doc: Any) -> str:
        """The font's resource name in doc, registered on first use: made
        from the face's name (/CSRPressregular), not from the order in which
        the document first used its fonts (ReportLab's /F1, /F2 …), so that
        it too stays the same whatever other pages draw."""
        name = self.docs.get(doc)
        if name is None:
            base = "/" + re.sub(r"[^A-Za-z0-9]", "", self.fontName)
            taken = set(doc.fontMapping.values())
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base}{n}"
            self.docs[doc] = name
            doc.fontMapping[self.fontName] = name
            doc.delayedFonts.append(self)
        return name

    def hex_codes(self, text: str) -> str:
        """Text as the hex string a Tj shows."""
        return self.codes(text).hex().upper()

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        """ReportLab's own text path (a plain canvas): one 'subset', two-byte codes."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        self.internal_name(doc)
        return [(0, self.codes(text))]

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        return self.internal_name(doc)

    # -- writing --------------------------------------------------------------------
    def addObjects(self, doc: Any) -> None:
        """The Type 0 font, its CIDFontType2, descriptor, program, CIDToGIDMap
        and ToUnicode (called once, at save)."""
        internal = self.docs.pop(doc, None)
        if internal is None:
            return
        face = self.face
        self.program()
        tag = _subset_tag(self.digest())
        base = f"{tag}+{face.name.decode('latin-1') if isinstance(face.name, bytes) else face.name}"
        if self._made is None:
            self._made = self._tables()
            if self._kept is not None:
                self._kept.save(self)
        widths, cid_map, cmap = self._made
        name = internal[1:]
        program = flate_stream(self._program, Length1=len(face._ttf_data))
        descriptor = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("FontDescriptor"),
            "FontName": pdfdoc.PDFName(base),
            "Flags": (face.flags & ~32) | 4,          # symbolic, as ReportLab writes them
            "FontBBox": pdfdoc.PDFArray(face.bbox),
            "ItalicAngle": face.italicAngle,
            "Ascent": face.ascent,
            "Descent": face.descent,
            "CapHeight": face.capHeight,
            "StemV": face.stemV,
            "FontFile2": doc.Reference(program, f"fontFile:{base}"),
        })
        cid = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("CIDFontType2"),
            "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": pdfdoc.PDFDictionary({
                "Registry": pdfdoc.PDFString("Adobe"), "Ordering": pdfdoc.PDFString("Identity"),
                "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{base}"),
            "DW": DEFAULT_WIDTH,
            "W": _Raw(widths),
            "CIDToGIDMap": doc.Reference(flate_stream(cid_map), f"cidToGid:{base}"),
        })
        font = pdfdoc.PDFDictionary({
            "Type": pdfdoc.PDFName("Font"),
            "Subtype": pdfdoc.PDFName("Type0"),
            "BaseFont": pdfdoc.PDFName(base),
            "Encoding": pdfdoc.PDFName("Identity-H"),
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid, f"cidFont:{base}")]),
            "ToUnicode": doc.Reference(flate_stream(cmap), f"toUnicodeCMap:{base}"),
        })
        doc.idToObject["BasicFonts"].dict[name] = doc.Reference(font, name)

    def program(self) -> bytes:
        """The subset compressed (as written: FontFile2), made once: kept
        beside the subset, or being made in a thread (_Packing)."""
        if self._packing is not None:
            self._program, self._packing = self._packing.result(), None
        if self._program is None:
            self._program = zlib.compress(self.face._ttf_data)
        return self._program

    def digest(self) -> bytes:
        """The subset's SHA-256 (its name tag's source; computed once)."""
        if self._digest is None:
            self._digest = hashlib.sha256(self.face._ttf_data).digest()
        return self._digest

    def keyed_by_file(self) -> bool:
        """Are /W, CIDToGIDMap and ToUnicode a function of the subset file
        alone? Not when it has characters above the BMP: their codes are
        chosen among the code points the face's whole charset leaves free."""
        return all(n <= 0xFFFF for n in self.face.charToGlyph)

    def _tables(self) -> tuple[bytes, bytes, bytes]:
        """/W (PDF syntax), the CIDToGIDMap and the ToUnicode CMap (both
        compressed) for the characters of the subset, in code order."""
        face = self.face
        by_code: dict[int, str] = {}
        for ch in sorted(chr(n) for n in face.charToGlyph if n):
            by_code.setdefault(self.code(ch), ch)
        codes = sorted(by_code)
        gids = bytearray(2 * (codes[-1] + 1 if codes else 1))
        runs: list[tuple[int, list[int]]] = []
        for c in codes:
            n = ord(by_code[c])
            gid = face.charToGlyph[n]
            gids[2 * c:2 * c + 2] = gid.to_bytes(2, "big")
            w = int(face.charWidths.get(n, face.defaultWidth))
            if w == DEFAULT_WIDTH:
                continue
            if runs and runs[-1][0] + len(runs[-1][1]) == c:
                runs[-1][1].append(w)
            else:
                runs.append((c, [w]))
        widths = ("[" + " ".join(f"{c} [{' '.join(map(str, ws))}]" for c, ws in runs)
                  + "]").encode()
        # (a second glyph of a character, under a code of its own: read as the character)
        cmap = to_unicode_cmap(codes, [ALIASES.get(by_code[c], by_code[c]) for c in codes])
        return widths, zlib.compress(bytes(gids)), zlib.compress(cmap.encode())


def _subset_tag(digest: bytes) -> str:
    """Six capital letters naming a subset (ISO 32000 9.6.4), from its bytes:
    the same subset has the same name in every build."""
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def open_cid_font(psname: str, source: Path | bytes, charset: Container[str]) -> CIDFont:
    """A CIDFont from a subset's path or bytes. Beside a subset file are kept
    its compressed form (``.z``: a new process compressed the report's subsets
    again, ~30 ms) and ReportLab's parse of it (``.face``: its tables read
    again, ~20 ms), both used only with the digests of the file's bytes and
    of the ``.z`` they were made from, and per ReportLab version; and the
    PDF tables made from it (``.tables``: see _with_tables)."""
    from ..assets.cache import load_sealed, save_sealed

    if isinstance(source, bytes):
        return CIDFont(psname, io.BytesIO(source), charset)
    data = source.read_bytes()
    packed_path = source.with_name(source.name + ".z")
    face_path = source.with_name(source.name + ".face")
    seal = (hashlib.sha256(data).digest(), Version)
    try:
        packed: bytes | None = packed_path.read_bytes()
    except OSError:
        packed = None
    kept = load_sealed(face_path)
    if (packed is not None and isinstance(kept, tuple) and len(kept) == 3
            and kept[0] == seal and kept[1] == hashlib.sha256(packed).digest()):
        face = _kept_face(kept[2], data)
        if face is not None:
            font = CIDFont(psname, None, charset, face)
            font._program = packed
            return _with_tables(font, source, seal[0])
    font = CIDFont(psname, str(source), charset)
    if font.face._ttf_data != data:            # (replaced meanwhile: as read now)
        return font
    state = _face_state(font.face)
    if packed is not None and _unpacks_to(packed, data):
        font._program = packed
        if state is not None:
            save_sealed(face_path, (seal, hashlib.sha256(packed).digest(), state))
    else:
        font._packing = _Packing(data, packed_path, face_path, seal, state)
    return _with_tables(font, source, seal[0])


def keep_beside(font: CIDFont) -> None:
    """Keep beside a subset file just opened (open_cid_font) all that a
    later opening reads instead of making it: the compressed program and
    the parse (``.z``, ``.face``: _Packing's) and the PDF tables
    (``.tables``, when they are the file's alone: _Kept)."""
    font.program()
    if font._kept is not None and font._made is None and font.keyed_by_file():
        font._made = font._tables()
        font._kept.save(font)


class _Packing:
    """A new subset's program compressed in a thread, and then kept beside it
    (``.z``, and its parse sealed with the digest of that: ``.face``), while
    the build lays out and draws its pages: a subset is made before the
    first layout and its program is written only with the file (zlib works
    outside the interpreter lock, so on a second core it costs no wait:
    ~0.05 s of a cold build for the report's four faces). The parse's state
    is only read (a face is never changed after its parse). ``result``
    waits for it; a failure there is the caller's to compress again."""

    def __init__(self, data: bytes, packed_path: Path, face_path: Path, seal: tuple,
                 state: dict[str, Any] | None) -> None:
        import threading

        self.packed: bytes | None = None
        self._thread = threading.Thread(target=self._run, name="csrpress-font-program",
                                        args=(data, packed_path, face_path, seal, state))
        self._thread.start()

    def _run(self, data: bytes, packed_path: Path, face_path: Path, seal: tuple,
             state: dict[str, Any] | None) -> None:
        from ..assets.cache import cache_write, save_sealed

        try:
            packed = zlib.compress(data)
            self.packed = packed
            cache_write(packed_path, packed)
            if state is not None:
                save_sealed(face_path, (seal, hashlib.sha256(packed).digest(), state))
        except Exception:  # noqa: BLE001 - then the program is compressed when written
            pass

    def result(self) -> bytes | None:
        """The compressed program (None: the thread failed)."""
        self._thread.join()
        return self.packed


def _with_tables(font: CIDFont, source: Path, digest: bytes) -> CIDFont:
    """The font with its tables kept beside its file (``.tables``: /W,
    CIDToGIDMap and ToUnicode, ~15 ms of a new process for the report's
    four faces), when there are: see _Kept. `digest`: the file's SHA-256."""
    font._digest = digest
    font._kept = _Kept.read(source.with_name(source.name + ".tables"), font)
    font._made = font._kept.tables
    return font


class _Kept:
    """What a subset file's ``.tables`` holds (a sealed pickle, read only
    when its seal, the subset's digest and the engine's version match): for
    a subset whose tables are a function of the file alone
    (CIDFont.keyed_by_file), its tables as addObjects made them."""

    def __init__(self, path: Path, key: tuple,
                 tables: tuple[bytes, bytes, bytes] | None = None) -> None:
        self.path, self.key, self.tables = path, key, tables

    @classmethod
    def read(cls, path: Path, font: CIDFont) -> "_Kept":
        from ..assets.cache import load_sealed, package_version

        key = (font.digest(), package_version())
        if not font.keyed_by_file():
            return cls(path, key)
        found = load_sealed(path)
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == key):
            return cls(path, key)
        tables = found[1]
        if not (type(tables) is tuple and len(tables) == 3
                and all(type(t) is bytes for t in tables)):
            return cls(path, key)
        return cls(path, key, tables)

    def save(self, font: CIDFont) -> None:
        """Keep the font's tables (once they are made)."""
        from ..assets.cache import save_sealed

        if font._made is not None and font._made != self.tables and font.keyed_by_file():
            self.tables = font._made
            save_sealed(self.path, (self.key, font._made))


def _unpacks_to(packed: bytes, data: bytes) -> bool:
    try:
        return zlib.decompress(packed) == data
    except zlib.error:
        return False


def _face_state(face: TTFontFace) -> dict[str, Any] | None:
    """ReportLab's parse of a subset as data to keep: its attributes but the
    file's bytes and the scaling function (the identity for the 1000-unit em
    of every subset csrpress builds; another em is parsed every time)."""
    if face.unitsPerEm != 1000:
        return None
    return {k: v for k, v in vars(face).items() if k not in ("_ttf_data", "_pdfScale")}


def _kept_face(state: Any, data: bytes) -> TTFontFace | None:
    """The face a kept parse describes, on the file's bytes."""
    if not isinstance(state, dict) or state.get("unitsPerEm") != 1000:
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = data
    face._pdfScale = _same
    return face


def _same(x: Any) -> Any:
    """ReportLab's scale of a 1000-unit em: values as they are."""
    return x
