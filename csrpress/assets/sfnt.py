"""Whether a font file is whole: its table directory read, not its tables.

A font cut short (an interrupted download or copy) or not a font at all
(an HTML page saved as .ttf, a WOFF web font) gave an error far from its
cause: HarfBuzz opens any bytes as an empty face, so the build said the
font "maps no character" at the font file, or that a collection's face
'' is not in it. The directory (ISO/IEC 14496-22 §4.5, the collection
header §4.6) is a few hundred bytes at the front of the file, and every
table it lists must lie inside the file: reading it costs a few
microseconds and finds those files before anything is set with them, so
the error can point at the layout line that names the file.
"""
from __future__ import annotations

import struct
from pathlib import Path

_SFNT = (b"\x00\x01\x00\x00", b"OTTO", b"true")
_WEB = {b"wOFF": "WOFF", b"wOF2": "WOFF2"}
# what the typesetter reads of every face: characters, widths, metrics, outlines
_NEEDED = (b"cmap", b"head", b"hhea", b"hmtx", b"maxp")
_OUTLINES = ((b"glyf", b"loca"), (b"CFF ",), (b"CFF2",))


def sfnt_problem(path: Path) -> str | None:
    """What makes the file at path no whole OpenType/TrueType font or
    collection (a phrase after its name), or None when its directory is
    sound. Table contents are not read (HarfBuzz reads them as needed)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            return _problem(fh, size)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"


def _problem(fh, size: int) -> str | None:  # type: ignore[no-untyped-def]
    if size == 0:
        return "is empty"
    head = fh.read(12)
    tag = head[:4]
    if tag in _WEB:
        return f"is a {_WEB[tag]} web font (compressed for browsers)"
    if tag == b"ttcf":
        if len(head) < 12:
            return _cut(12, size)
        count = struct.unpack(">I", head[8:12])[0]
        if count == 0:
            return "is a font collection with no fonts"
        if 12 + 4 * count > size:
            return _cut(12 + 4 * count, size)
        offsets = struct.unpack(f">{count}I", fh.read(4 * count))
        for offset in offsets:
            fh.seek(offset)
            problem = _directory(fh, offset, size)
            if problem:
                return problem
        return None
    if tag not in _SFNT:
        return "is not a font file (it does not start as an OpenType or TrueType font does)"
    fh.seek(0)
    return _directory(fh, 0, size)


def _directory(fh, offset: int, size: int) -> str | None:  # type: ignore[no-untyped-def]
    """The problem of one font's table directory at offset, if any."""
    head = fh.read(12)
    if len(head) < 12:
        return _cut(offset + 12, size)
    if head[:4] not in _SFNT:
        return "is damaged: a font in it does not start as an OpenType or TrueType font does"
    count = struct.unpack(">H", head[4:6])[0]
    end = offset + 12 + 16 * count
    if end > size:
        return _cut(end, size)
    entries = table_directory(head + fh.read(16 * count))
    for tag, at, length in entries:
        if at + length > size:
            return _cut(at + length, size, tag)
    tables = {entry[0] for entry in entries}
    missing = [t for t in _NEEDED if t not in tables]
    if not any(all(t in tables for t in kind) for kind in _OUTLINES):
        missing.append(b"glyf")
    if missing:
        names = ", ".join(f"'{t.decode('latin-1').strip()}'" for t in missing)
        return f"is damaged or no text font: it has no {names} table"
    return None


def table_directory(data: bytes, offset: int = 0) -> list[tuple[bytes, int, int]]:
    """(tag, offset, length) of each table the font directory at offset in
    data lists, in its order (data: the file's bytes, or its front);
    struct.error when data ends inside the directory. Whether each table
    lies inside the file is the caller's to check against what it holds."""
    count = struct.unpack_from(">H", data, offset + 4)[0]
    end = offset + 12 + 16 * count
    if len(data) < end:
        raise struct.error(f"font directory ends at byte {end}, past the data")
    return [(tag, at, length) for tag, _sum, at, length
            in struct.iter_unpack(">4sIII", data[offset + 12:end])]


def _cut(needed: int, size: int, tag: bytes | None = None) -> str:
    what = f"its '{tag.decode('latin-1').strip()}' table" if tag else "its table directory"
    return (f"is cut short: {what} ends at byte {needed:,} but the file has "
            f"{size:,} bytes (an incomplete download or copy?)")
