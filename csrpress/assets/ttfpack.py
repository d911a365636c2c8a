"""A subset's TrueType file packed from converted glyphs, without fontTools.

Every edit that adds a character the subset lacks builds the face's subset
again (fonts.Face.subset_path). fontTools' FontBuilder did it: ~0.05 s of
importing fontTools and ~0.05 s of building its table objects and compiling
them again for the report's regular face (1,900 glyphs), in a new process
and in every watch edit that adds a character. What it writes is a pure
function of the characters and their converted glyphs (the glyph store:
glyf data, advance, bounding box, counts), so this module writes the same
bytes directly: each table packed with struct as fontTools compiles it for
what fonts.build_ttf sets up (FontBuilder's defaults, post format 2 with
the glyph names, cmap format 4 for (0, 3) and (3, 1), OS/2 version 3 with
its average width and Unicode ranges recalculated), in fontTools' table
order and with its checksums. The file depends on nothing but the
characters: a subset built after an edit is the one a clean build makes.

It covers what a report's subsets are; for anything else (a character
beyond the BMP, a notice Mac Roman cannot hold, a table format 4 cannot
index) pack_ttf returns None and fonts.build_ttf, fontTools' way, is used.
tests/assets/test_ttfpack.py compares the two byte for byte.
"""
from __future__ import annotations

import array
import math
import struct
import sys
from bisect import bisect
from typing import Any

UPM = 1000
ASCENT, DESCENT = 880, -120
WIN_ASCENT, WIN_DESCENT = 1160, 288
_ORDER = ("head", "hhea", "maxp", "OS/2", "hmtx", "cmap", "loca", "glyf", "name", "post")

# The OpenType OS/2 Unicode ranges (specification v1.7) as fontTools'
# O_S_2f_2._getUnicodeRanges sorts them: (first, last, bit), by first.
_RANGES = (
    (0x0, 0x7F, 0), (0x80, 0xFF, 1), (0x100, 0x17F, 2), (0x180, 0x24F, 3), (0x250, 0x2AF, 4),
    (0x2B0, 0x2FF, 5), (0x300, 0x36F, 6), (0x370, 0x3FF, 7), (0x400, 0x4FF, 9),
    (0x500, 0x52F, 9), (0x530, 0x58F, 10), (0x590, 0x5FF, 11), (0x600, 0x6FF, 13),
    (0x700, 0x74F, 71), (0x750, 0x77F, 13), (0x780, 0x7BF, 72), (0x7C0, 0x7FF, 14),
    (0x900, 0x97F, 15), (0x980, 0x9FF, 16), (0xA00, 0xA7F, 17), (0xA80, 0xAFF, 18),
    (0xB00, 0xB7F, 19), (0xB80, 0xBFF, 20), (0xC00, 0xC7F, 21), (0xC80, 0xCFF, 22),
    (0xD00, 0xD7F, 23), (0xD80, 0xDFF, 73), (0xE00, 0xE7F, 24), (0xE80, 0xEFF, 25),
    (0xF00, 0xFFF, 70), (0x1000, 0x109F, 74), (0x10A0, 0x10FF, 26), (0x1100, 0x11FF, 28),
    (0x1200, 0x137F, 75), (0x1380, 0x139F, 75), (0x13A0, 0x13FF, 76), (0x1400, 0x167F, 77),
    (0x1680, 0x169F, 78), (0x16A0, 0x16FF, 79), (0x1700, 0x171F, 84), (0x1720, 0x173F, 84),
    (0x1740, 0x175F, 84), (0x1760, 0x177F, 84), (0x1780, 0x17FF, 80), (0x1800, 0x18AF, 81),
    (0x1900, 0x194F, 93), (0x1950, 0x197F, 94), (0x1980, 0x19DF, 95), (0x19E0, 0x19FF, 80),
    (0x1A00, 0x1A1F, 96), (0x1B00, 0x1B7F, 27), (0x1B80, 0x1BBF, 112), (0x1C00, 0x1C4F, 113),
    (0x1C50, 0x1C7F, 114), (0x1D00, 0x1D7F, 4), (0x1D80, 0x1DBF, 4), (0x1DC0, 0x1DFF, 6),
    (0x1E00, 0x1EFF, 29), (0x1F00, 0x1FFF, 30), (0x2000, 0x206F, 31), (0x2070, 0x209F, 32),
    (0x20A0, 0x20CF, 33), (0x20D0, 0x20FF, 34), (0x2100, 0x214F, 35), (0x2150, 0x218F, 36),
    (0x2190, 0x21FF, 37), (0x2200, 0x22FF, 38), (0x2300, 0x23FF, 39), (0x2400, 0x243F, 40),
    (0x2440, 0x245F, 41), (0x2460, 0x24FF, 42), (0x2500, 0x257F, 43), (0x2580, 0x259F, 44),
    (0x25A0, 0x25FF, 45), (0x2600, 0x26FF, 46), (0x2700, 0x27BF, 47), (0x27C0, 0x27EF, 38),
    (0x27F0, 0x27FF, 37), (0x2800, 0x28FF, 82), (0x2900, 0x297F, 37), (0x2980, 0x29FF, 38),
    (0x2A00, 0x2AFF, 38), (0x2B00, 0x2BFF, 37), (0x2C00, 0x2C5F, 97), (0x2C60, 0x2C7F, 29),
    (0x2C80, 0x2CFF, 8), (0x2D00, 0x2D2F, 26), (0x2D30, 0x2D7F, 98), (0x2D80, 0x2DDF, 75),
    (0x2DE0, 0x2DFF, 9), (0x2E00, 0x2E7F, 31), (0x2E80, 0x2EFF, 59), (0x2F00, 0x2FDF, 59),
    (0x2FF0, 0x2FFF, 59), (0x3000, 0x303F, 48), (0x3040, 0x309F, 49), (0x30A0, 0x30FF, 50),
    (0x3100, 0x312F, 51), (0x3130, 0x318F, 52), (0x3190, 0x319F, 59), (0x31A0, 0x31BF, 51),
    (0x31C0, 0x31EF, 61), (0x31F0, 0x31FF, 50), (0x3200, 0x32FF, 54), (0x3300, 0x33FF, 55),
    (0x3400, 0x4DBF, 59), (0x4DC0, 0x4DFF, 99), (0x4E00, 0x9FFF, 59), (0xA000, 0xA48F, 83),
    (0xA490, 0xA4CF, 83), (0xA500, 0xA63F, 12), (0xA640, 0xA69F, 9), (0xA700, 0xA71F, 5),
    (0xA720, 0xA7FF, 29), (0xA800, 0xA82F, 100), (0xA840, 0xA87F, 53), (0xA880, 0xA8DF, 115),
    (0xA900, 0xA92F, 116), (0xA930, 0xA95F, 117), (0xAA00, 0xAA5F, 118), (0xAC00, 0xD7AF, 56),
    (0xD800, 0xDFFF, 57), (0xE000, 0xF8FF, 60), (0xF900, 0xFAFF, 61), (0xFB00, 0xFB4F, 62),
    (0xFB50, 0xFDFF, 63), (0xFE00, 0xFE0F, 91), (0xFE10, 0xFE1F, 65), (0xFE20, 0xFE2F, 64),
    (0xFE30, 0xFE4F, 65), (0xFE50, 0xFE6F, 66), (0xFE70, 0xFEFF, 67), (0xFF00, 0xFFEF, 68),
    (0xFFF0, 0xFFFF, 69), (0x10000, 0x1007F, 101), (0x10080, 0x100FF, 101),
    (0x10100, 0x1013F, 101), (0x10140, 0x1018F, 102), (0x10190, 0x101CF, 119),
    (0x101D0, 0x101FF, 120), (0x10280, 0x1029F, 121), (0x102A0, 0x102DF, 121),
    (0x10300, 0x1032F, 85), (0x10330, 0x1034F, 86), (0x10380, 0x1039F, 103),
    (0x103A0, 0x103DF, 104), (0x10400, 0x1044F, 87), (0x10450, 0x1047F, 105),
    (0x10480, 0x104AF, 106), (0x10800, 0x1083F, 107), (0x10900, 0x1091F, 58),
    (0x10920, 0x1093F, 121), (0x10A00, 0x10A5F, 108), (0x12000, 0x123FF, 110),
    (0x12400, 0x1247F, 110), (0x1D000, 0x1D0FF, 88), (0x1D100, 0x1D1FF, 88),
    (0x1D200, 0x1D24F, 88), (0x1D300, 0x1D35F, 109), (0x1D360, 0x1D37F, 111),
    (0x1D400, 0x1D7FF, 89), (0x1F000, 0x1F02F, 122), (0x1F030, 0x1F09F, 122),
    (0x20000, 0x2A6DF, 59), (0x2F800, 0x2FA1F, 61), (0xE0000, 0xE007F, 92),
    (0xE0100, 0xE01EF, 91), (0xF0000, 0xFFFFD, 90), (0x100000, 0x10FFFD, 90),
)
_STARTS = [r[0] for r in _RANGES]


def pack_ttf(family: str, chars: str, store: dict[str, tuple],
             name_table: bytes | None) -> bytes | None:
    """The bytes fonts.build_ttf makes for ``chars`` (its glyphs from
    ``store``: char → (glyf data, advance, bbox, counts)) with the name table
    ``name_table`` (fonts.name_table's bytes), or None when this module does
    not cover the case (see the module docstring)."""
    if name_table is None or any(ord(c) > 0xFFFF for c in chars) or len(set(chars)) < len(chars):
        return None
    glyphs = [b""]                                    # .notdef: an empty glyph
    metrics = [(500, 0)]
    codes = []
    boxes, counts = [], []
    for c in chars:
        entry = store.get(c)
        if entry is None:
            continue
        data, adv, bbox, count = entry
        glyphs.append(bytes(data))
        metrics.append((int(round(adv)), bbox[0]))
        codes.append(ord(c))
        if count[0]:
            boxes.append(bbox)
            counts.append(count)
    if any(m[0] < 0 for m in metrics):
        return None
    cmap = _cmap(codes)
    if cmap is None:
        return None
    glyf, loca, long_loca = _glyf_loca(glyphs)
    hmtx, n_metrics = _hmtx(metrics)
    tables = {
        "head": _head(boxes, long_loca),
        "hhea": _hhea(metrics, n_metrics),
        "maxp": _maxp(len(glyphs), counts),
        "OS/2": _os2(metrics, codes),
        "hmtx": hmtx,
        "cmap": cmap,
        "loca": loca,
        "glyf": glyf,
        "name": name_table,
        "post": _post(codes),
    }
    return _sfnt(tables)


def _glyf_loca(glyphs: list[bytes]) -> tuple[bytes, bytes, bool]:
    """glyf with the glyphs as they are (fontTools' padding 1: an odd one
    gets a zero byte only when that lets loca be short), and loca."""
    total = sum(len(g) for g in glyphs)
    odd = sum(1 for g in glyphs if len(g) % 2)
    if total < 0x20000 and odd and total + odd < 0x20000:
        glyphs = [g + b"\0" if len(g) % 2 else g for g in glyphs]
    where = [0]
    for g in glyphs:
        where.append(where[-1] + len(g))
    data = b"".join(glyphs) or b"\0"
    if where[-1] < 0x20000 and all(w % 2 == 0 for w in where):
        loca = array.array("H", [w // 2 for w in where])
        long_loca = False
    else:
        loca = array.array("I", where)
        long_loca = True
    if sys.byteorder != "big":
        loca.byteswap()
    return data, loca.tobytes(), long_loca


def _hmtx(metrics: list[tuple[int, int]]) -> tuple[bytes, int]:
    """hmtx: the run of equal advances at the end kept as side bearings only."""
    last = metrics[-1][0]
    n = len(metrics)
    while metrics[n - 2][0] == last:
        n -= 1
        if n <= 1:
            n = 1
            break
    data = struct.pack(">" + "Hh" * n, *[_round(v) for m in metrics[:n] for v in m])
    rest = array.array("h", [_round(sb) for _, sb in metrics[n:]])
    if sys.byteorder != "big":
        rest.byteswap()
    return data + rest.tobytes(), n


def _round(v: float) -> int:
    """fontTools' otRound: half-way towards +infinity."""
    return v if type(v) is int else int(math.floor(v + 0.5))


def _head(boxes: list[Any], long_loca: bool) -> bytes:
    x0 = y0 = x1 = y1 = 0
    if boxes:
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return struct.pack(">LLIIHHQQhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 3, UPM, 0, 0,
                       x0, y0, x1, y1, 0, 3, 2, 1 if long_loca else 0, 0)


def _hhea(metrics: list[tuple[int, int]], n_metrics: int) -> bytes:
    widest = max(m[0] for m in metrics)
    least = min((m[1] for m in metrics), default=0)
    return struct.pack(">Lhhh" + "H" + "hhhhhhhhhhh" + "H", 0x10000, ASCENT, DESCENT, 0,
                       widest, least, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, n_metrics)


def _maxp(n_glyphs: int, counts: list[Any]) -> bytes:
    points = max((c[1] for c in counts), default=0)
    contours = max((c[0] for c in counts), default=0)
    return struct.pack(">iH13H", 0x10000, n_glyphs, points, contours, 0, 0, 2,
                       0, 0, 0, 0, 0, 0, 0, 0)


def _os2(metrics: list[tuple[int, int]], codes: list[int]) -> bytes:
    widths = [w for w, _ in metrics if w > 0]
    avg = _round(sum(widths) / len(widths)) if widths else 0
    bits = 0
    for code in codes:
        at = bisect(_STARTS, code) - 1
        if at >= 0 and code <= _RANGES[at][1]:
            bits |= 1 << _RANGES[at][2]
    ranges = [(bits >> (32 * i)) & 0xFFFFFFFF for i in range(4)]
    first, last = (min(codes), max(codes)) if codes else (0, 0)
    return struct.pack(">HhHHHhhhhhhhhhhh10s4L4sHHHhhhHHLLhhHHH", 3, avg, 400, 5, 0,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, bytes(10), *ranges, b"????", 0,
                       first, last, ASCENT, DESCENT, 0, WIN_ASCENT, WIN_DESCENT, 0, 0,
                       0, 0, 0, 32, 0)


def _post(codes: list[int]) -> bytes:
    """post format 2 with the glyph names (u4E00 …): .notdef is the
    standard Macintosh glyph 0, every other name an extra one."""
    head = struct.pack(">LLhhLLLLL", 0x20000, 0, 0, 0, 0, 0, 0, 0, 0)
    n = len(codes) + 1
    index = array.array("H", [0] + list(range(258, 258 + len(codes))))
    if sys.byteorder != "big":
        index.byteswap()
    names = b"".join(b"%c" % len(s) + s for s in (f"u{c:04X}".encode("latin-1")
                                                     for c in codes))
    return head + struct.pack(">H", n) + index.tobytes() + names


def _cmap(codes: list[int]) -> bytes | None:
    """cmap: one format 4 subtable for (0, 3) and (3, 1), as fontTools
    compiles it (its splitRange segments, over the codes sorted); glyph
    i + 1 is codes[i]."""
    gid = {c: i + 1 for i, c in enumerate(codes)}      # (glyphs in the order given)
    codes = sorted(codes)
    if not codes:
        start, end = [0xFFFF], [0xFFFF]
    else:
        last = codes[0]
        end, start = [], [last]
        for c in codes[1:]:
            if c == last + 1:
                last = c
                continue
            s, e = _split(start[-1], last, gid)
            start.extend(s)
            end.extend(e)
            start.append(c)
            last = c
        s, e = _split(start[-1], last, gid)
        start.extend(s)
        end.extend(e)
        start.append(0xFFFF)
        end.append(0xFFFF)
    delta, offset, glyph_ids = [], [], []
    for i in range(len(end) - 1):
        ids = [gid[c] for c in range(start[i], end[i] + 1)]
        if ids == list(range(ids[0], ids[0] + len(ids))):
            delta.append((ids[0] - start[i]) % 0x10000)
            offset.append(0)
        else:
            delta.append(0)
            offset.append(2 * (len(end) + len(glyph_ids) - i))
            glyph_ids.extend(ids)
    delta.append(1)
    offset.append(0)
    seg = len(end)
    try:
        body = array.array("H", end + [0] + start + delta + offset + glyph_ids)
    except OverflowError:
        return None
    if sys.byteorder != "big":
        body.byteswap()
    data = body.tobytes()
    search, selector, shift = _search_range(seg, 2)
    length = 14 + len(data)
    if length > 0xFFFF:
        return None
    sub = struct.pack(">7H", 4, length, 0, seg * 2, search, selector, shift) + data
    return struct.pack(">HHHHLHHL", 0, 2, 0, 3, 20, 3, 1, 20) + sub


def _split(first: int, last: int, gid: dict[int, int]) -> tuple[list[int], list[int]]:
    """fontTools' cmap splitRange: a run of codes cut where a run of
    consecutive glyph ids long enough to pay for its own segment is."""
    if first == last:
        return [], [last]
    last_id, last_code = gid[first], first
    in_order, began = None, None
    runs = []
    for code in range(first + 1, last + 1):
        g = gid[code]
        if g - 1 == last_id:
            if in_order is None or not in_order:
                in_order, began = 1, last_code
        elif in_order:
            in_order = 0
            runs.append((began, last_code))
            began = None
        last_id, last_code = g, code
    if in_order:
        runs.append((began, last_code))
    kept = []
    for b, e in runs:
        if b == first and e == last:
            break
        threshold = 4 if b == first or e == last else 8
        if e - b + 1 > threshold:
            kept.append((b, e))
    runs = kept
    if not runs:
        return [], [last]
    if runs[0][0] != first:
        runs.insert(0, (first, runs[0][0] - 1))
    if runs[-1][1] != last:
        runs.append((runs[-1][1] + 1, last))
    i = 1
    while i < len(runs):
        if runs[i - 1][1] + 1 != runs[i][0]:
            runs.insert(i, (runs[i - 1][1] + 1, runs[i][0] - 1))
            i += 1
        i += 1
    starts = [b for b, _ in runs]
    starts.pop(0)
    return starts, [e for _, e in runs]


def _search_range(n: int, size: int) -> tuple[int, int, int]:
    exponent = max(n.bit_length() - 1, 0)
    search = (2 ** exponent) * size
    return search, exponent, max(0, n * size - search)


def _checksum(data: bytes) -> int:
    """A table's checksum: the sum of its big-endian 32-bit words (zero-padded)."""
    if len(data) % 4:
        data += b"\0" * (4 - len(data) % 4)
    words = array.array("I", data)
    if sys.byteorder != "big":
        words.byteswap()
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """The file: header, directory (sorted by tag), tables in fontTools'
    TrueType order padded to four bytes, and head's checkSumAdjustment."""
    n = len(tables)
    offset = 12 + 16 * n
    where, body = {}, []
    for tag in _ORDER:
        data = tables[tag]
        where[tag] = offset
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    search, selector, shift = _search_range(n, 16)
    directory = struct.pack(">4sHHHH", b"\0\1\0\0", n, search, selector, shift)
    sums = []
    for tag in sorted(tables):
        data = tables[tag]
        s = _checksum(data[:8] + b"\0\0\0\0" + data[12:] if tag == "head" else data)
        sums.append(s)
        directory += struct.pack(">4sLLL", tag.encode("latin-1"), s, where[tag], len(data))
    adjust = (0xB1B0AFBA - (sum(sums) + _checksum(directory))) & 0xFFFFFFFF
    out = bytearray(directory + b"".join(body))
    struct.pack_into(">L", out, where["head"] + 8, adjust)
    return bytes(out)
