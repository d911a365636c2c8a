"""Glyph check of the written PDF: what a reader sees and what it copies agree.

For every font the pages (and their form XObjects) use, every character code
shown by a text operator must have
- a glyph with an outline in the embedded subset (not .notdef, not empty
  unless the character is a space): a character the face never received is
  drawn as nothing;
- a ToUnicode entry in valid UTF-16BE that is not U+0000 or a control
  character: copy, search and screen readers read that entry.
The report's faces are Type 0 fonts (two-byte Identity-H codes mapped to
glyphs by their CIDToGIDMap, see cidfont.py); simple TrueType fonts (one-byte
codes mapped by the subset's own cmap) are checked too.

Results are memoised per page (by its key, see pagekeys.py: its content
streams and every resource they use, the fonts' programs included) and per
font (a verdict on every code its ToUnicode maps, by the digest of the
font's objects), in the memo the caller passes: preflight passes its page
results, which the project cache keeps, so a build after an edit reads only
the pages whose bytes changed, and looks their codes up in the fonts'
verdicts (fontTools is not even imported unless a font changed). What is
written is still what is checked: every key is a digest of written bytes.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable
from struct import unpack_from as _unpack
from typing import Any

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


class _Memo:
    """Results by digest (``store``), noting which keys this check used."""

    def __init__(self, store: dict[Any, Any], used: set[Any]) -> None:
        self.store, self.used = store, used

    def get(self, key: tuple, make: Any, valid: Any = None) -> Any:
        """The result kept under key (when ``valid`` accepts it), else a
        new one: a damaged or foreign entry costs the work, never a result."""
        self.used.add(key)
        found = self.store.get(key)
        if found is None or (valid is not None and not valid(found)):
            found = self.store[key] = make()
        return found


# a page's result: per font it shows (in the order shown), the font's
# number in this file, its key, name, and the problems of the codes the page
# shows with it ((order, code, message), sorted)
PageGlyphs = tuple[tuple[tuple[int, int], bytes, str, tuple[tuple[int, int, str], ...]], ...]


def check_glyphs(pdf: Any, memo: dict[Any, Any] | None = None,
                 used: set[Any] | None = None, digests: Any = None,
                 saved: SavedCodes | None = None) -> list[str]:
    """Problems with the glyphs of an opened pikepdf.Pdf (empty when all is well).
    ``memo``: results of earlier checks (read and extended); the keys this
    check used are added to ``used`` (what a cache should keep); ``digests``:
    the file's pagekeys.ObjectDigests (made here when not given); ``saved``:
    the codes of the last process's streams (SavedCodes), when kept.

    A page's result is kept by its key (pagekeys.ObjectDigests.glyphs: its
    content and every resource it uses, fonts whole), so an unchanged page is neither
    decompressed nor read; a font's table of verdicts by code is kept by the
    digest of the font's objects (program, ToUnicode, maps, widths)."""
    from .pagekeys import ObjectDigests

    cache = _Memo({} if memo is None else memo, set() if used is None else used)
    digests = digests if digests is not None else ObjectDigests(pdf)
    order: dict[Any, tuple[str, set[tuple[int, int, str]]]] = {}
    for page in pdf.pages:
        key = digests.glyphs(page)
        if key is None:                              # (not keyed: read afresh)
            found = _page_glyphs(page, cache, digests, saved)
        else:
            found = cache.get(("glyph-page-4", key),
                              lambda page=page: _page_glyphs(page, cache, digests, saved),
                              _is_page)
            _keep_codes(page, digests, saved)
        for objgen, fkey, name, problems in found:     # (a font by its bytes: a page kept
            order.setdefault(fkey or objgen, (name, set()))[1].update(problems)  # from
            # another file knows the font by them, not by its number there)
    out: list[str] = []
    for _name, problems in order.values():
        out += [message for _, _, message in sorted(problems)]
    return out


def _keep_codes(page: Any, digests: Any, saved: SavedCodes | None = None) -> None:
    """Keep the codes of a page's streams for the next build when they are
    held (a page whose result was reused reads no stream: a font changed
    later re-checks it from the codes kept), in memory and in ``saved``."""
    import pikepdf

    contents = page.obj.get("/Contents")
    parts = list(contents) if isinstance(contents, pikepdf.Array) else \
        [contents] if contents is not None else []
    key = digests.streams(parts) if parts else None
    if key is not None:
        digests.codes.touch(("glyph-codes", key))
        if saved is not None:
            saved.note(key)


def _is_page(found: Any) -> bool:
    return type(found) is tuple and all(
        type(f) is tuple and len(f) == 4 and type(f[3]) is tuple for f in found)


def _page_glyphs(page: Any, cache: _Memo, digests: Any,
                 saved: SavedCodes | None = None) -> PageGlyphs:
    """The codes each font shows on the page (and its forms), checked."""
    shown: dict[tuple[int, int], tuple[set[int], set[int]]] = {}
    fonts: dict[tuple[int, int], Any] = {}
    _scan(page, page.obj.get("/Resources"), shown, fonts, set(), digests, saved)
    out = []
    for objgen, codes in shown.items():
        font = fonts[objgen]
        fkey = digests.of(objgen) if objgen != (0, 0) else b""
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        table = cache.get(("glyph-font-3", fkey), lambda font=font: _font_table(font),
                          _is_table) if fkey else _font_table(font)
        out.append((objgen, fkey, name, _verdicts(name, table, codes)))
    return tuple(out)


def _scan(stream: Any, resources: Any, used: dict, fonts: dict, seen: set,
          digests: Any, saved: SavedCodes | None = None) -> None:
    """Collect the codes each font shows in a content stream and its forms.

    A regular expression over the decoded stream, not a token parser: the
    report sets a font per text run (tens of thousands of Tf per file), and
    walking pikepdf objects for each took seconds. The codes by font name
    of a stream are kept (in the watch session) by the stream's digest: a
    font changed (a new character) re-checks every page that uses it, but
    its streams need not be read again for that, nor in a new process
    (``saved``: the codes the last one kept, SavedCodes)."""
    import pikepdf

    contents = stream.obj.get("/Contents") if isinstance(stream, pikepdf.Page) else stream
    parts = list(contents) if isinstance(contents, pikepdf.Array) else \
        [contents] if contents is not None else []
    table = resources.get("/Font") if resources is not None else None
    if table is not None and parts:
        key = digests.streams(parts)
        if key is None:
            found = _codes_of(_read(parts))
        elif saved is None:
            found = digests.codes.get(("glyph-codes", key), lambda: _codes_of(_read(parts)))
        else:
            saved.note(key)
            found = digests.codes.get(("glyph-codes", key),
                                      lambda: saved.get(key, lambda: _codes_of(_read(parts))))
        for name, codes in found.items():
            font = table.get("/" + name.decode("latin-1"))
            if font is not None:
                fonts[font.objgen] = font
                one, two = used.setdefault(font.objgen, (set(), set()))
                one.update(codes[0])
                two.update(codes[1])
    xobjects = resources.get("/XObject") if resources is not None else None
    for _, xo in (xobjects.items() if xobjects is not None else []):
        if xo.get("/Subtype") == "/Form" and xo.objgen not in seen:
            seen.add(xo.objgen)
            _scan(xo, xo.get("/Resources", resources), used, fonts, seen, digests, saved)


def _read(parts: list[Any]) -> bytes:
    """Content streams decoded, joined as one."""
    return b"\n".join(part.read_bytes() for part in parts)


Codes = tuple[frozenset[int], frozenset[int]]    # the bytes shown; their two-byte codes


class SavedCodes:
    """The codes each page's content streams show (_codes_of, by font
    resource name), kept in the project cache by the streams' key
    (pagekeys.ObjectDigests.streams: a digest of the streams' dictionaries
    and raw bytes as written) for the next process. A character added to a
    subset changes every page's glyph key (its fonts are in it), so every
    page is checked again: a new process decoded and read every page's
    streams for that (~45 ms of the report's), though only the edited page's
    had changed. Now it reads only the streams it has no codes for; every
    page's codes are still looked up in the fonts as written (_verdicts).

    The codes are a function of the streams' bytes alone, and the file is
    named by the checking code and the readers (preflight.cache_name), so
    an entry is used only for the very bytes it was read from; a damaged,
    foreign or odd file or entry is no entry (the streams are read).
    Loaded on the first look-up; saved with preflight's results (when this
    build read a stream anew, or its pages no longer show some kept ones),
    holding the codes of the streams this build's pages showed."""

    TAG = "csrpress-glyph-codes-1"

    def __init__(self, path: Any) -> None:
        self.path = path
        self._found: dict[bytes, Any] | None = None   # the file's (packed)
        self.made: dict[bytes, Any] = {}               # read this build (packed)
        self.noted: set[bytes] = set()                 # the keys this build showed

    def _file(self) -> dict[bytes, Any]:
        if self._found is None:
            from ..assets.cache import load_sealed

            data = load_sealed(self.path)
            self._found = data[1] if (type(data) is tuple and len(data) == 2
                                      and data[0] == self.TAG and type(data[1]) is dict) else {}
        return self._found

    def note(self, key: bytes) -> None:
        """A page of this build shows the streams of this key (keep their codes)."""
        self.noted.add(key)

    def get(self, key: bytes, read: Any) -> dict[bytes, Codes]:
        """The codes of the streams of this key: kept, else ``read()``."""
        self.noted.add(key)
        packed = self.made.get(key)
        if packed is None:
            packed = self._file().get(key)
        codes = _unpacked(packed) if packed is not None else None
        if codes is None:
            codes = read()
            self.made[key] = _packed(codes)
        return codes

    def save(self) -> bool:
        """Write the codes of the streams this build showed, when it read
        any anew or the file holds others (best effort: a cache); whether
        the file was written. A build whose glyphs were not checked (its
        file was checked whole before) leaves the file as it is."""
        from ..assets.cache import save_sealed

        written = False
        if self.noted and (self.made or (self._found is not None
                                         and self._found.keys() != self.noted)):
            held = self._file()
            keep = {k: v for k in self.noted
                    if (v := self.made.get(k, held.get(k))) is not None}
            written = save_sealed(self.path, (self.TAG, keep))
            self._found = keep if written else None
        self.made, self.noted = {}, set()
        return written


def _packed(codes: dict[bytes, Codes]) -> dict[bytes, tuple[bytes, Any]]:
    """Codes as saved: the bytes shown as bytes, the two-byte codes as an
    array (a pickle of frozensets of ints was ~40 times slower to load)."""
    from array import array

    return {name: (bytes(sorted(one)), array("H", sorted(two)))
            for name, (one, two) in codes.items()}


def _unpacked(packed: Any) -> dict[bytes, Codes] | None:
    """Saved codes as _codes_of made them; None for anything else."""
    from array import array

    if type(packed) is not dict:
        return None
    out = {}
    for name, value in packed.items():
        if not (type(name) is bytes and type(value) is tuple and len(value) == 2
                and type(value[0]) is bytes and type(value[1]) is array
                and value[1].typecode == "H" and value[0]):
            return None
        out[name] = (frozenset(value[0]), frozenset(value[1]))
    return out


def _codes_of(data: bytes) -> dict[bytes, Codes]:
    pieces = _TF.split(data)          # text before the first Tf, then name, text, …
    by_name: dict[bytes, list[bytes]] = {}
    for i in range(1, len(pieces) - 1, 2):
        by_name.setdefault(pieces[i], []).append(pieces[i + 1])
    found = {}
    for name, texts in by_name.items():
        one: set[int] = set()
        two: set[int] = set()
        _codes(b"\n".join(texts), one, two)
        if one:                   # (a font set but showing nothing is not checked)
            found[name] = (frozenset(one), frozenset(two))
    return found


_TF = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-+\d.]+\s+Tf\b")
_STRING = re.compile(rb"\(((?:[^\\()]|\\.)*)\)\s*(?:Tj|'|\")|\[((?:[^\]\\]|\\.)*)\]\s*TJ"
                     rb"|<([0-9A-Fa-f\s]*)>\s*(?:Tj|'|\")", re.S)
_PART = re.compile(rb"\(((?:[^\\()]|\\.)*)\)|<([0-9A-Fa-f\s]*)>", re.S)


def _codes(text: bytes, out: set[int], pairs: set[int]) -> None:
    """The byte codes of the strings shown by Tj, TJ, ' and \" in a stream piece
    (``out``), and the two-byte codes each string holds (``pairs``: what a
    Type 0 font with Identity-H shows).

    Hex strings (how the report's faces are written) are read in C; literal
    strings are unescaped one by one."""
    import codecs

    shown: list[bytes] = []
    for lit, arr, hexa in _STRING.findall(text):
        if arr:
            for plit, phex in _PART.findall(arr):
                shown.append(bytes.fromhex(_even(phex)) if phex else _literal(plit, codecs))
        elif hexa:
            shown.append(bytes.fromhex(_even(hexa)))
        else:
            shown.append(_literal(lit, codecs))
    for data in shown:
        out.update(data)
        even = len(data) // 2
        pairs.update(_unpack(f">{even}H", data, 0) if even else ())
        if len(data) % 2:          # (an odd last byte reads as a one-byte code)
            pairs.add(data[-1])


def _literal(lit: bytes, codecs: Any) -> bytes:
    """A literal string's bytes (escapes decoded; escaped parentheses spelled
    as octal for the codec)."""
    if b"\\" not in lit:
        return lit
    return codecs.escape_decode(lit.replace(b"\\(", b"\\050").replace(b"\\)", b"\\051"))[0]


def _even(hexa: bytes) -> str:
    # (a string of digits alone, as the report's are, needs no regular expression)
    digits = hexa.decode() if hexa.isalnum() else re.sub(rb"\s", b"", hexa).decode()
    return digits + "0" * (len(digits) % 2)


# a font's verdicts: (a problem of the whole font or None, two-byte codes?,
# the codes its ToUnicode maps, the problems among them by code)
FontTable = tuple[str | None, bool, frozenset[int], dict[int, tuple[int, str]]]


def _is_table(found: Any) -> bool:
    return (type(found) is tuple and len(found) == 4 and type(found[2]) is frozenset
            and type(found[3]) is dict)


def _font_table(font: Any) -> FontTable:
    """The verdict on every code a font's ToUnicode maps (a Type 0 font's
    two-byte codes, a simple font's one-byte codes): made once per font's
    bytes, so a page shown anew is checked by looking its codes up."""
    name = str(font.get("/BaseFont", "?")).lstrip("/")
    cid = font.get("/Subtype") == "/Type0"
    if cid:
        if str(font.get("/Encoding", "")) != "/Identity-H":
            return f"font {name}: encoding {font.get('/Encoding')} is not Identity-H", cid, \
                frozenset(), {}
        kids = font.get("/DescendantFonts")
        desc_font = kids[0] if kids is not None and len(kids) else None
    else:
        desc_font = font
    desc = desc_font.get("/FontDescriptor") if desc_font is not None else None
    program = desc.get("/FontFile2") if desc is not None else None
    tounicode = font.get("/ToUnicode")
    if program is None or tounicode is None:
        return f"font {name} has no embedded TrueType program or no ToUnicode", cid, \
            frozenset(), {}
    gid_map = desc_font.get("/CIDToGIDMap") if cid else None
    mapping = gid_map.read_bytes() if gid_map is not None and hasattr(gid_map, "read_bytes") \
        else b"Identity" if cid else b""
    unicode_of, bad = parse_tounicode(tounicode.read_bytes())
    known = frozenset(unicode_of) | frozenset(bad)
    problems = _font_problems(name, program.read_bytes(), unicode_of, bad, known,
                              mapping if cid else None)
    return None, cid, known, problems


def _verdicts(name: str, table: FontTable, codes: tuple[set[int], set[int]]
              ) -> tuple[tuple[int, int, str], ...]:
    """The problems of the codes a page shows with a font, sorted as the
    font's check lists them (broken ToUnicode entries first, then by code)."""
    fatal, cid, known, problems = table
    if fatal is not None:
        return ((0, 0, fatal),)
    shown = codes[1] if cid else codes[0]
    width = 4 if cid else 2
    out = [(problems[code][0], code, problems[code][1]) for code in shown & problems.keys()]
    out += [(2, code, f"font {name}: code <{code:0{width}X}> has no ToUnicode entry")
            for code in shown - known]
    return tuple(sorted(out))


def _font_problems(name: str, data: bytes, unicode_of: dict[int, str], bad: dict[int, str],
                   codes: frozenset[int], mapping: bytes | None) -> dict[int, tuple[int, str]]:
    """The problems of the codes (those a ToUnicode maps), by code, with
    their rank in a list (1: a broken entry, listed first; 2: the others).
    ``mapping``: a Type 0 font's CIDToGIDMap (b"Identity" for the identity);
    None for a simple font (its codes go through the subset's cmap)."""
    glyphs = _glyph_sizes(data) if mapping is None else _cid_sizes(data, mapping, codes)
    width = 2 if mapping is None else 4
    problems = {c: (1, f"font {name}: ToUnicode entry <{c:0{width}X}> is not UTF-16 ({bad[c]})")
                for c in codes if c in bad}
    for code in codes:
        text = unicode_of.get(code)
        if text is None:
            continue
        if not text:          # (read as no character at all: was an IndexError below)
            problems[code] = (2, f"font {name}: code <{code:0{width}X}> maps to no "
                                 "character (an empty ToUnicode entry): it copies as nothing")
            continue
        if min(text) < "\x20":          # (a control character in it)
            problems[code] = (2, f"font {name}: code <{code:0{width}X}> maps to a control "
                                 f"character (U+{ord(text[0]):04X}): a character without a "
                                 "glyph was drawn")
            continue
        size = glyphs.get(code)
        if size is None or (size == 0 and not text.isspace()):
            problems[code] = (2, f"font {name}: no glyph for '{text}' (U+{ord(text[0]):04X}) "
                                 "in the embedded subset")
    return problems


def parse_tounicode(cmap: bytes) -> tuple[dict[int, str], dict[int, str]]:
    """A ToUnicode CMap's codes → text, and codes whose entries are broken."""
    out: dict[int, str] = {}
    bad: dict[int, str] = {}

    def put(code: int, dest: bytes) -> None:
        try:
            if len(dest) % 4:
                raise ValueError(f"<{dest.decode()}> has an odd number of bytes")
            out[code] = bytes.fromhex(dest.decode()).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError) as exc:
            bad[code] = str(exc)

    for block in _BFCHAR.findall(cmap):
        for src, dest in _PAIR.findall(block):
            if len(dest) == 4:              # (one UTF-16 unit: a BMP character, as
                value = int(dest, 16)       # nearly every entry is, read as put reads it)
                if not 0xD800 <= value <= 0xDFFF:
                    out[int(src, 16)] = chr(value)
                    continue
            put(int(src, 16), dest)
    for block in _BFRANGE.findall(cmap):
        for lo, hi, dest in _RANGE.findall(block):
            start = int(dest, 16) if dest else 0
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                put(code, f"{start + i:0{len(dest)}X}".encode())
    return out, bad


def _open_ttf(data: bytes) -> Any:
    import logging

    from fontTools.ttLib import TTFont

    # (ReportLab wrote head dates of 0: fontTools would log a warning per font)
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    return TTFont(io.BytesIO(data), lazy=True)


def _cid_sizes(data: bytes, mapping: bytes, codes: Iterable[int]) -> dict[int, int]:
    """Two-byte code → byte length of its glyph outline (0: an empty glyph)
    through a CIDToGIDMap (``b"Identity"``: code = glyph id), for the codes
    shown only (a map spans every code up to the highest: reading all 65,536
    entries of four fonts was a third of a first check); codes that map to
    .notdef or past the font's glyphs are left out."""
    read = _loca(data)
    if read is None:                  # (not the plain TrueType read below: fontTools')
        font = _open_ttf(data)
        loca, count = font["loca"], len(font.getGlyphOrder())
    else:
        loca, count = read
    out: dict[int, int] = {}
    if mapping == b"Identity":
        for code in codes:
            if 0 < code < count:
                out[code] = loca[code + 1] - loca[code]
        return out
    gids = _gid_array(mapping)       # (each code's two bytes, read once, not sliced out)
    n = len(gids)
    for code in codes:
        if 0 <= code < n:
            gid = gids[code]
            if 0 < gid < count:
                out[code] = loca[gid + 1] - loca[gid]
    return out


def _gid_array(mapping: bytes) -> Any:
    """A CIDToGIDMap's glyph ids as an array, code → gid (big-endian pairs;
    an odd last byte, which holds no code, left out)."""
    from array import array
    from sys import byteorder

    gids = array("H")
    gids.frombytes(mapping[:len(mapping) // 2 * 2])
    if byteorder != "big":
        gids.byteswap()
    return gids


def _loca(data: bytes) -> tuple[Any, int] | None:
    """A TrueType font's glyph offsets (loca, each glyph's end the next one's
    start) and its glyph count, read as fontTools reads them (head's
    indexToLocFormat, maxp's numGlyphs: the length of its glyph order for a
    font without CFF whose post table is of format 2, 3 or 4), without
    importing fontTools (~20 ms of a new process whose font program changed,
    where the subset was built before): None for anything else (a table
    missing or out of bounds, a short loca, another post format), which
    fontTools then reads."""
    from array import array
    from struct import error as StructError
    from sys import byteorder

    from ..assets.sfnt import table_directory

    try:
        if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
            return None
        entries = table_directory(data)
        if any(offset + length > len(data) for _tag, offset, length in entries):
            return None
        tables = {tag: (offset, length) for tag, offset, length in entries}
        if b"CFF " in tables or not {b"head", b"maxp", b"loca", b"post"} <= tables.keys():
            return None
        if _unpack(">I", data, tables[b"post"][0])[0] not in (0x20000, 0x30000, 0x40000):
            return None
        count = _unpack(">H", data, tables[b"maxp"][0] + 4)[0]
        long_format = _unpack(">h", data, tables[b"head"][0] + 50)[0]
        offset, length = tables[b"loca"]
        loca = array("I" if long_format else "H")
        if length % loca.itemsize or length // loca.itemsize < count + 1:
            return None
        loca.frombytes(data[offset:offset + length])
    except StructError:
        return None
    if byteorder != "big":
        loca.byteswap()
    return (loca if long_format else array("I", (2 * n for n in loca))), count


def _glyph_sizes(data: bytes) -> dict[int, int]:
    """Code → byte length of its glyph outline in an embedded TrueType subset
    (0: an empty glyph); codes that map to .notdef are left out."""
    font = _open_ttf(data)
    names = set(font.getGlyphOrder())
    loca = font["loca"]
    cmap = {}
    for table in font["cmap"].tables:
        cmap.update(table.cmap)
    out: dict[int, int] = {}
    for code, gname in cmap.items():
        gid = font.getGlyphID(gname) if gname in names else 0
        if code <= 0xFF and gid > 0:
            out[code] = loca[gid + 1] - loca[gid]
    return out
