"""Glyph outlines, advances and character sets read with HarfBuzz (uharfbuzz).

A cold build on a new machine converts the report's ~3,000 glyphs from the
CFF2 outlines of Noto Sans CJK to TrueType. fontTools did it in pure Python:
parsing the collection's cmap and glyph names (~1 s), its HVAR table (~1 s)
and interpreting each CFF2 charstring (~1 ms a glyph). HarfBuzz reads the
same file in C, lazily (only the tables and glyphs asked for), so here:

- the character set and each character's glyph come from HarfBuzz's cmap;
- outlines are drawn by HarfBuzz at the face's location, then turned into
  TrueType exactly as fontTools' Cu2QuPen → ReverseContourPen → TTGlyphPen
  chain did (the same quadratic conversion, the same points, the same
  compiled bytes: tests/assets/test_outlines.py compares them);
- advances are hmtx plus the HVAR delta read from the raw tables for just
  the glyphs asked for, computed as fontTools computes them (fractional
  widths for layout; HarfBuzz's own advances are rounded to font units).
"""
from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import Any

MAX_ERR = 1.0          # cubic → quadratic tolerance in font units (UPM 1000)


def harfbuzz() -> Any:
    """The uharfbuzz module. csrpress/__init__.py keeps ReportLab from importing
    it (a placeholder None in sys.modules); reading a font file lifts that."""
    import sys

    if "uharfbuzz" in sys.modules and sys.modules["uharfbuzz"] is None:
        del sys.modules["uharfbuzz"]
    import uharfbuzz

    return uharfbuzz


class FontFile:
    """One face of a font file, opened with HarfBuzz (the file is mapped, not
    parsed: a table or glyph is read when asked for)."""

    def __init__(self, path: Path, number: int) -> None:
        hb = harfbuzz()

        self.face = hb.Face(hb.Blob.from_file_path(str(path)), number)
        self._fonts: dict[tuple, Any] = {}
        self._advances: dict[tuple, Advances] = {}
        self._notices: dict[tuple[int, ...], dict[int, str]] = {}
        self._funcs: Any = None
        self._quadratic: _Quadratic | None = None

    def table(self, tag: str) -> bytes:
        """A table's bytes (empty when the face has none)."""
        return bytes(self.face.reference_table(tag).data)

    def axes(self) -> dict[str, tuple[float, float]]:
        """Each variation axis's range {tag: (min, max)} (none: a static font)."""
        return {a.tag: (a.min_value, a.max_value) for a in self.face.axis_infos}

    def charset(self) -> frozenset[str]:
        """The characters the face's best cmap maps."""
        return frozenset(map(chr, self.face.unicodes))

    def font(self, location: dict[str, float]) -> Any:
        """A HarfBuzz font at a design location (one per location)."""
        key = tuple(sorted(location.items()))
        found = self._fonts.get(key)
        if found is None:
            hb = harfbuzz()

            found = hb.Font(self.face)
            if location:
                found.set_variations(dict(location))
            self._fonts[key] = found
        return found

    def draw(self, font: Any, gid: int) -> list[list[tuple[str, tuple]]]:
        """A glyph's contours as HarfBuzz draws them with `font` (this file's
        font at some location): lists of (operator, points), pen-style."""
        if self._funcs is None:
            self._funcs = _draw_funcs()
        contours: list[list[tuple[str, tuple]]] = []
        font.draw_glyph(gid, self._funcs, contours)
        return contours

    def truetype(self, font: Any, gid: int
                 ) -> tuple[bytes, tuple[int, int, int, int], tuple[int, int]] | None:
        """What truetype(self.draw(font, gid)) makes of a glyph, made while
        HarfBuzz draws it (see _Quadratic), or None for a glyph with a contour
        the one-pass conversion does not take (then draw and truetype it)."""
        if self._quadratic is None:
            self._quadratic = _Quadratic()
        pen = self._quadratic
        pen.start()
        font.draw_glyph(gid, pen.funcs, None)
        found = pen.finish()
        return None if found is None else _compiled(*found)

    def notices(self, ids: tuple[int, ...]) -> dict[int, str]:
        """Name records by ID (English, as fontTools' getDebugName picks them),
        read once per file: the weights' subsets all carry them."""
        if ids not in self._notices:
            found = {i: _name(self.face, i) for i in ids}
            self._notices[ids] = {i: text for i, text in found.items() if text}
        return self._notices[ids]

    def glyph(self, ch: str) -> int | None:
        """The glyph id of a character, None when the face lacks it."""
        gid = self.font({}).get_nominal_glyph(ord(ch))
        return gid if gid else None

    def feature_glyph(self, ch: str, feature: str) -> int | None:
        """The glyph a GSUB feature turns a character's into (its own where the
        font has no such substitution), None when the face lacks it."""
        if self.glyph(ch) is None:
            return None
        hb = harfbuzz()
        buf = hb.Buffer()
        buf.add_str(ch)
        buf.guess_segment_properties()
        hb.shape(self.font({}), buf, {feature: True})
        infos = buf.glyph_infos
        return infos[0].codepoint if len(infos) == 1 and infos[0].codepoint else self.glyph(ch)

    def advances(self, location: dict[str, float]) -> Advances:
        key = tuple(sorted(location.items()))
        found = self._advances.get(key)
        if found is None:
            found = self._advances[key] = Advances(self, location)
        return found


def face_names(path: Path) -> list[str]:
    """The faces of a collection by name (typographic family, else family)."""
    hb = harfbuzz()

    blob = hb.Blob.from_file_path(str(path))
    names = []
    for i in range(hb.Face(blob).count):
        face = hb.Face(blob, i)
        names.append(_name(face, 16) or _name(face, 1) or "")
    return names


def face_index(path: Path, name: str) -> int:
    """A face's index by its family, typographic family, full or PostScript
    name; -1 when no face has it."""
    hb = harfbuzz()

    blob = hb.Blob.from_file_path(str(path))
    for i in range(hb.Face(blob).count):
        face = hb.Face(blob, i)
        if name in {_name(face, n) for n in (1, 4, 6, 16)}:
            return i
    return -1


def _name(face: Any, name_id: int) -> str | None:
    """A name record in English (as fontTools' getDebugName picks it), else any."""
    hb = harfbuzz()

    try:
        nid = hb.OTNameIdPredefined(name_id)
    except ValueError:
        nid = name_id
    return face.get_name(nid, "en") or face.get_name(nid) or None


class Advances:
    """Advance widths at a location: hmtx plus the HVAR delta, as fontTools'
    VarStoreInstancer computes it (the same floats), reading only the rows
    of the glyphs asked for."""

    def __init__(self, ff: FontFile, location: dict[str, float]) -> None:
        self.hmtx = ff.table("hmtx")
        (self.nmetrics,) = struct.unpack_from(">H", ff.table("hhea"), 34)
        self.hvar = ff.table("HVAR") if location else b""
        self.fallback = ff.font(location) if location and not self.hvar else None
        self.location = _normalized(ff, location) if self.hvar else {}
        self._scalars: dict[int, list[float]] = {}
        if self.hvar:
            store, self.map_offset = struct.unpack_from(">II", self.hvar, 4)
            self.store = store
            fmt, regions, count = struct.unpack_from(">HIH", self.hvar, store)
            self.data = struct.unpack_from(f">{count}I", self.hvar, store + 8)
            self.supports = _supports(self.hvar, store + regions, _axis_tags(ff))

    def __getitem__(self, gid: int) -> float:
        i = min(gid, self.nmetrics - 1)
        (adv,) = struct.unpack_from(">H", self.hmtx, 4 * i)
        if self.fallback is not None:     # a variable font without HVAR (rare)
            return float(self.fallback.get_glyph_h_advance(gid))
        if not self.hvar:
            return adv
        return adv + self._delta(self._varidx(gid))

    def _varidx(self, gid: int) -> int:
        if not self.map_offset:
            return gid
        data, off = self.hvar, self.map_offset
        fmt, entry = data[off], data[off + 1]
        if fmt == 0:
            (count,), off = struct.unpack_from(">H", data, off + 2), off + 4
        else:
            (count,), off = struct.unpack_from(">I", data, off + 2), off + 6
        size = ((entry & 0x30) >> 4) + 1
        inner = (entry & 0x0F) + 1
        at = off + size * min(gid, count - 1)
        raw = int.from_bytes(data[at:at + size], "big")
        mask = (1 << inner) - 1
        return ((raw & (0xFFFFFFFF - mask)) << (16 - inner)) | (raw & mask)

    def _delta(self, varidx: int) -> float:
        if varidx == 0xFFFFFFFF:
            return 0.0
        major, minor = varidx >> 16, varidx & 0xFFFF
        if major >= len(self.data):
            return 0.0
        data, off = self.hvar, self.store + self.data[major]
        items, words, nregions = struct.unpack_from(">HHH", data, off)
        if minor >= items:
            return 0.0
        scalars = self._scalars.get(major)
        if scalars is None:
            indexes = struct.unpack_from(f">{nregions}H", data, off + 6)
            scalars = [_support_scalar(self.location, self.supports[r]) for r in indexes]
            self._scalars[major] = scalars
        big, small = (("l", "h") if words & 0x8000 else ("h", "b"))
        words &= 0x7FFF
        n1, n2 = min(nregions, words), max(nregions, words)
        row = struct.calcsize(f">{n1}{big}{n2 - n1}{small}")
        deltas = struct.unpack_from(f">{n1}{big}{n2 - n1}{small}", data,
                                    off + 6 + 2 * nregions + row * minor)[:nregions]
        delta = 0.0
        for d, s in zip(deltas, scalars):
            if s:
                delta += d * s
        return delta


def _axis_tags(ff: FontFile) -> list[str]:
    return [a.tag for a in ff.face.axis_infos]


def _normalized(ff: FontFile, location: dict[str, float]) -> dict[str, float]:
    """The location normalised by fvar and mapped by avar (fontTools' maths,
    on the raw tables' fixed-point values)."""
    fvar = ff.table("fvar")
    offset, _, count, size = struct.unpack_from(">HHHH", fvar, 4)
    axes = {}
    for i in range(count):
        tag, lo, default, hi = struct.unpack_from(">4siii", fvar, offset + i * size)
        axes[tag.decode("latin-1")] = (lo / 65536, default / 65536, hi / 65536)
    loc = {tag: _normalize(location.get(tag, axis[1]), axis) for tag, axis in axes.items()}
    avar = ff.table("avar")
    if avar:
        (naxes,) = struct.unpack_from(">H", avar, 6)
        at, tags = 8, list(axes)
        for i in range(naxes):
            (n,) = struct.unpack_from(">H", avar, at)
            pairs = struct.unpack_from(f">{2 * n}h", avar, at + 2)
            at += 2 + 4 * n
            seg = {pairs[k] / 16384: pairs[k + 1] / 16384 for k in range(0, 2 * n, 2)}
            tag = tags[i]
            if tag in loc and seg:
                loc[tag] = _piecewise(loc[tag], seg)
    return loc


# The three functions below are fontTools.varLib.models' normalizeValue,
# piecewiseLinearMap and supportScalar (OpenType case), the same arithmetic in
# the same order so the widths are the same floats: importing fontTools.varLib
# costs ~130 ms, a tenth of a cold build's font work.

def _normalize(v: float, axis: tuple[float, float, float]) -> float:
    lower, default, upper = axis
    if not lower <= default <= upper:
        raise ValueError(f"invalid axis values {axis}")
    v = max(min(v, upper), lower)
    if v == default or lower == upper:
        return 0.0
    if (v < default and lower != default) or (v > default and upper == default):
        return (v - default) / (default - lower)
    return (v - default) / (upper - default)


def _piecewise(v: float, mapping: dict[float, float]) -> float:
    keys = mapping.keys()
    if v in keys:
        return mapping[v]
    k = min(keys)
    if v < k:
        return v + mapping[k] - k
    k = max(keys)
    if v > k:
        return v + mapping[k] - k
    a = max(k for k in keys if k < v)
    b = min(k for k in keys if k > v)
    va, vb = mapping[a], mapping[b]
    return va + (vb - va) * (v - a) / (b - a)


def _support_scalar(location: dict[str, float], support: dict[str, tuple]) -> float:
    scalar = 1.0
    for axis, (lower, peak, upper) in support.items():
        if peak == 0.0 or lower > peak or peak > upper or (lower < 0.0 and upper > 0.0):
            continue
        v = location.get(axis, 0.0)
        if v == peak:
            continue
        if v <= lower or upper <= v:
            return 0.0
        if v < peak:
            scalar *= (v - lower) / (peak - lower)
        else:
            scalar *= (v - upper) / (peak - upper)
    return scalar


def _supports(data: bytes, off: int, tags: list[str]) -> list[dict[str, tuple]]:
    """Each region's support {axis: (start, peak, end)} (axes with a peak)."""
    naxes, nregions = struct.unpack_from(">HH", data, off)
    coords = struct.unpack_from(f">{3 * naxes * nregions}h", data, off + 4)
    out = []
    for r in range(nregions):
        support = {}
        for a in range(naxes):
            start, peak, end = (v / 16384 for v in coords[3 * (r * naxes + a):][:3])
            if peak != 0:
                support[tags[a]] = (start, peak, end)
        out.append(support)
    return out


# ---------------------------------------------------------------- outlines

def _callbacks(hb: Any, move: Any, line: Any, cubic: Any, quadratic: Any, close: Any) -> Any:
    """HarfBuzz DrawFuncs calling these five functions (moveTo … closePath)."""
    funcs = hb.DrawFuncs()
    funcs.set_move_to_func(move)
    funcs.set_line_to_func(line)
    funcs.set_cubic_to_func(cubic)
    funcs.set_quadratic_to_func(quadratic)
    funcs.set_close_path_func(close)
    return funcs


def _draw_funcs() -> Any:
    """HarfBuzz drawing callbacks that append (operator, points) to a list.
    (uharfbuzz's draw_glyph_with_pen goes through a pen object per call and
    costs ~0.2 ms a glyph; plain callbacks ~0.03.)"""
    hb = harfbuzz()

    def move(x: float, y: float, out: list) -> None:
        out.append([("moveTo", ((x, y),))])

    def line(x: float, y: float, out: list) -> None:
        out[-1].append(("lineTo", ((x, y),)))

    def cubic(x1: float, y1: float, x2: float, y2: float, x: float, y: float,
              out: list) -> None:
        out[-1].append(("curveTo", ((x1, y1), (x2, y2), (x, y))))

    def quadratic(x1: float, y1: float, x: float, y: float, out: list) -> None:
        out[-1].append(("qCurveTo", ((x1, y1), (x, y))))

    def close(out: list) -> None:
        out[-1].append(("closePath", ()))

    return _callbacks(hb, move, line, cubic, quadratic, close)


def bounds(contours: list[list[tuple[str, tuple]]]) -> tuple[float, float, float, float] | None:
    """The exact ink box of drawn contours (fontTools' BoundsPen)."""
    from fontTools.pens.boundsPen import BoundsPen

    pen = BoundsPen(None)
    for contour in contours:
        for op, pts in contour:
            getattr(pen, op)(*pts)
    return pen.bounds


def truetype(contours: list[list[tuple[str, tuple]]], shift: float = 0
             ) -> tuple[bytes, tuple[int, int, int, int], tuple[int, int]]:
    """Compiled glyf data, integer box and (contours, points) of the outline,
    raised by `shift`: cubic curves made quadratic (max error 1 unit) and
    contours reversed to TrueType's direction, point for point what
    Cu2QuPen(TTGlyphPen, 1.0, reverse_direction=True) makes."""
    from fontTools.cu2qu import curve_to_quadratic

    points: list[tuple[float, float]] = []
    types: list[int] = []
    ends: list[int] = []
    for contour in contours:
        flat = _reversed_points(contour, shift, curve_to_quadratic)
        if flat is None:             # (an unusual contour: the pens' own way)
            _add_contour(contour, shift, curve_to_quadratic, points, types, ends)
        else:
            points += flat[0]
            types += flat[1]
            ends.append(len(points) - 1)
    return _compiled(points, types, ends)


def _compiled(points: list[tuple[float, float]], types: list[int], ends: list[int]
              ) -> tuple[bytes, tuple[int, int, int, int], tuple[int, int]]:
    """glyf data, box and counts of contours' points (rounded as TTGlyphPen does):
    _packed, or the same bytes packed in C (_glyf.c: a first build converts
    ~3,000 glyphs, and packing them was a third of converting one) where it
    was built; it leaves what it does not take to _packed (None)."""
    if not ends:
        return b"", (0, 0, 0, 0), (0, 0)
    if _GLYF is not None:
        found = _GLYF.compiled(points, types, ends)
        if found is not None:
            return found
    return _packed(points, types, ends)


def _packed(points: list[tuple[float, float]], types: list[int], ends: list[int]
            ) -> tuple[bytes, tuple[int, int, int, int], tuple[int, int]]:
    """_compiled in Python (_glyf.c is this and _coordinates, statement for
    statement: a change here is made there too; tests/assets/test_glyf.py
    compares them)."""
    if not ends:
        return b"", (0, 0, 0, 0), (0, 0)
    floor = math.floor               # (an int already: floor(x + 0.5) is otRound)
    xs = [floor(p[0] + 0.5) for p in points]
    ys = [floor(p[1] + 0.5) for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    head = struct.pack(f">hhhhh{len(ends)}HH", len(ends), *box, *ends, 0)
    return head + _coordinates(types, xs, ys), box, (len(ends), len(points))


class _Quadratic:
    """HarfBuzz drawing callbacks that convert a glyph as it is drawn: each
    contour's cubic curves made quadratic at once, its points reversed when
    it closes, exactly as _reversed_points does it from drawn contours (a
    cold build on a new machine converts ~3,000 glyphs: the contours' segment
    tuples and the second pass over them were a sixth of the time). A contour
    _reversed_points would leave to the pens (fewer than two segments, a first
    line of no length, a quadratic curve, not closed) makes finish() None.
    (The callbacks hold lists, not the object: no reference cycle to collect.)"""

    def __init__(self) -> None:
        # the glyph: points, on-curve flags, contour ends, [odd, a contour open]
        self.glyph: list[Any] = [[], [], [], [False, False]]
        # the contour being drawn: start point, current point, points, on-curve
        # flags, segments so far, whether the last segment is a line to the start
        self.contour: list[Any] = [None, None, [], [], 0, False]
        self.funcs = _quadratic_funcs(self.glyph, self.contour)

    def start(self) -> None:
        self.glyph[:] = [[], [], [], [False, False]]

    def finish(self) -> tuple[list, list[int], list[int]] | None:
        points, types, ends, (odd, is_open) = self.glyph
        return None if odd or is_open else (points, types, ends)


def _quadratic_funcs(glyph: list[Any], state: list[Any]) -> Any:
    """The callbacks of _Quadratic, filling ``glyph`` (see there)."""
    from fontTools.cu2qu import curve_to_quadratic as to_quadratic

    hb = harfbuzz()

    def move(x: float, y: float, _: Any) -> None:
        flags = glyph[3]
        if flags[1]:
            flags[0] = True          # (a contour HarfBuzz did not close)
        p = (x, y)
        state[:] = [p, p, [], [], 0, False]
        flags[1] = True

    def line(x: float, y: float, _: Any) -> None:
        p = (x, y)
        if not state[4] and p == state[0]:
            glyph[3][0] = True       # a first line of no length
        state[1] = p
        state[2].append(p)
        state[3].append(1)
        state[4] += 1
        state[5] = p == state[0]

    def cubic(x1: float, y1: float, x2: float, y2: float, x: float, y: float,
              _: Any) -> None:
        q = to_quadratic((state[1], (x1, y1), (x2, y2), (x, y)), MAX_ERR, True)
        pts, on = state[2], state[3]
        pts += q[1:-1]
        on += [0] * (len(q) - 2)
        state[1] = end = q[-1]
        pts.append(end)
        on.append(1)
        state[4] += 1
        state[5] = False

    def quadratic(x1: float, y1: float, x: float, y: float, _: Any) -> None:
        glyph[3][0] = True

    def close(_: Any) -> None:
        glyph[3][1] = False
        p0, _c, pts, on, segments, closing = state
        if closing:                  # HarfBuzz's closing line back to the start
            pts.pop()
            on.pop()
            segments -= 1
        if segments < 2:
            glyph[3][0] = True
            return
        pts.reverse()
        on.reverse()
        if pts[0] == p0:             # the last on-curve point is the start
            del pts[0], on[0]
        points, types, ends = glyph[0], glyph[1], glyph[2]
        points.append(p0)
        points += pts
        types.append(1)
        types += on
        ends.append(len(points) - 1)

    return _callbacks(hb, move, line, cubic, quadratic, close)


def _reversed_points(contour: list[tuple[str, tuple]], shift: float, to_quadratic: Any
                     ) -> tuple[list[tuple[float, float]], list[int]] | None:
    """The points and on-curve flags of a closed contour of lines and cubic
    curves, made quadratic and reversed, as _add_contour makes them, in one
    pass over a flat list (a cold build converts ~3,000 glyphs; the pens'
    segment tuples and generators were most of the time). None for any
    other contour (fewer than two segments, a first line back onto the start
    point, open, other operators): _add_contour handles those.

    Why it is the same: reversedContour keeps the start point and yields
    every other point in reverse order, after a line to the last on-curve
    point when that is not the start; it drops a first line (its point comes
    back as the last one), and the closing point equal to the start is
    dropped either by it or by the duplicate check of _add_contour."""
    n = len(contour)
    if n < 4 or contour[0][0] != "moveTo" or contour[-1][0] != "closePath":
        return None
    last = n - 1
    if contour[-2][0] == "lineTo" and contour[-2][1][0] == contour[0][1][0]:
        last = n - 2                   # HarfBuzz's closing line back to the start
    if last < 3:
        return None                    # fewer than two segments
    x0, y0 = contour[0][1][0]
    p0 = (x0, y0 + shift) if shift else (x0, y0)
    first = contour[1]
    if first[0] == "lineTo" and (first[1][0][0], first[1][0][1] + shift if shift
                                 else first[1][0][1]) == p0:
        return None                    # a first line of no length
    pts: list[tuple[float, float]] = []
    on: list[int] = []
    current = p0
    for op, seg in contour[1:last]:
        if shift:
            seg = tuple((x, y + shift) for x, y in seg)
        if op == "lineTo":
            current = seg[0]
            pts.append(current)
            on.append(1)
        elif op == "curveTo" and len(seg) == 3:
            q = to_quadratic((current, *seg), MAX_ERR, True)
            pts += q[1:-1]
            on += [0] * (len(q) - 2)
            current = q[-1]
            pts.append(current)
            on.append(1)
        else:
            return None
    pts.reverse()
    on.reverse()
    if pts[0] == p0:                   # the last on-curve point is the start
        del pts[0], on[0]
    return [p0] + pts, [1] + on


def _add_contour(contour: list[tuple[str, tuple]], shift: float, to_quadratic: Any,
                 points: list[tuple[float, float]], types: list[int], ends: list[int]) -> None:
    """One contour through fontTools' reversedContour, its points appended
    as TTGlyphPen takes them (one-point contours dropped, a closing point
    equal to the start dropped)."""
    from fontTools.pens.reverseContourPen import reversedContour

    quad = _quadratic(contour, shift, to_quadratic)
    start = len(points)
    for op, pts in reversedContour(quad):
        if op == "moveTo" or op == "lineTo":
            points.append(pts[0])
            types.append(1)
        elif op == "qCurveTo":
            for p in pts[:-1]:
                points.append(p)
                types.append(0)
            if pts[-1] is not None:
                points.append(pts[-1])
                types.append(1)
        else:                          # closePath / endPath
            end = len(points) - 1
            if end == 0 or (ends and end == ends[-1] + 1):
                points.pop()           # a one-point contour: dropped
                types.pop()
                continue
            if points[start] == points[end]:
                points.pop()
                types.pop()
                end -= 1
            ends.append(end)


def _quadratic(contour: list[tuple[str, tuple]], shift: float,
               to_quadratic: Any) -> list[tuple[str, tuple]]:
    """A contour with its closing line (HarfBuzz draws one back to the start;
    fontTools' CFF reader does not) dropped, raised by shift, cubic segments
    as quadratic splines."""
    if (len(contour) > 2 and contour[-1][0] == "closePath" and contour[-2][0] == "lineTo"
            and contour[-2][1][0] == contour[0][1][0]):
        contour = contour[:-2] + contour[-1:]
    out = []
    current: tuple = ()
    for op, pts in contour:
        if shift:
            pts = tuple((x, y + shift) for x, y in pts)
        if op == "curveTo" and len(pts) == 3:
            q = to_quadratic((current, *pts), MAX_ERR, True)
            out.append(("qCurveTo", tuple(q[1:])))
        elif op == "curveTo":
            from fontTools.pens.basePen import decomposeSuperBezierSegment

            for seg in decomposeSuperBezierSegment(pts):
                q = to_quadratic((current, *seg), MAX_ERR, True)
                out.append(("qCurveTo", tuple(q[1:])))
                current = seg[-1]
        else:
            out.append((op, pts))
        if pts:
            current = pts[-1]
    return out


def _coordinates(types: list[int], xs: list[int], ys: list[int]) -> bytes:
    """Flags and coordinate deltas packed as fontTools' compileDeltasGreedy does."""
    flags, cx, cy = bytearray(), bytearray(), bytearray()
    last, repeat, px, py = -1, 0, 0, 0
    for flag, x1, y1 in zip(types, xs, ys):
        x, y = x1 - px, y1 - py
        px, py = x1, y1
        if x == 0:
            flag |= 0x10
        elif -255 <= x <= 255:
            flag |= 0x02 | (0x10 if x > 0 else 0)
            cx.append(x if x > 0 else -x)
        else:
            cx += struct.pack(">h", x)
        if y == 0:
            flag |= 0x20
        elif -255 <= y <= 255:
            flag |= 0x04 | (0x20 if y > 0 else 0)
            cy.append(y if y > 0 else -y)
        else:
            cy += struct.pack(">h", y)
        if flag == last and repeat != 255:
            repeat += 1
            if repeat == 1:
                flags.append(flag)
            else:
                flags[-2] = flag | 0x08
                flags[-1] = repeat
        else:
            repeat = 0
            flags.append(flag)
        last = flag
    return bytes(flags + cx + cy)


def _compiled_module() -> Any:
    """The compiled packing (_glyf.c; see compiled.module), or None."""
    from .. import compiled

    return compiled.module("assets._glyf")


_GLYF = _compiled_module()
