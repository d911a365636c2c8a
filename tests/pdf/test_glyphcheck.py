"""The glyph check of the written PDF finds a glyph that is not in the subset
and a ToUnicode entry that does not map back to its character."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from csrpress.assets import fonts as F
from csrpress.build import build
from csrpress.errors import Collector
from csrpress.pdf.glyphcheck import check_glyphs, parse_tounicode
from csrpress.source.layout import load_layout
from tests.samples import mini_project

ROOT = Path(__file__).resolve().parents[2]


def test_the_real_report_passes(built):
    with pikepdf.open(built.pdf) as pdf:
        assert check_glyphs(pdf) == []


def test_parse_tounicode():
    cmap = b"2 beginbfchar\n<01> <4E2D>\n<02> <D842DFB7>\n<03> <20BB7>\nendbfchar"
    found, bad = parse_tounicode(cmap)
    assert found == {1: "中", 2: "\U00020BB7"} and set(bad) == {3}
    two = b"1 beginbfchar\n<4E2D> <4E2D>\nendbfchar 1 beginbfchar\n<1234> <D842DFB7>\nendbfchar"
    assert parse_tounicode(two)[0] == {0x4E2D: "中", 0x1234: "\U00020BB7"}


def test_a_character_drawn_without_a_glyph_is_found(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    layout = load_layout(ROOT / "layout", Collector())
    fonts = F.load_fonts(layout, ROOT / "fonts", tmp_path, Collector())
    fonts.claim("regular", "中")                 # "文" is never claimed
    fonts.register()
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.setFont(fonts.psname("regular"), 12)
    canvas.drawString(72, 72, "中文")
    canvas.save()
    with pikepdf.open(io.BytesIO(buf.getvalue())) as pdf:
        problems = check_glyphs(pdf)
    assert len(problems) == 1 and "code <6587> has no ToUnicode entry" in problems[0]


def test_a_five_digit_tounicode_entry_is_found(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    res = build(mini_project(tmp_path / "p", "  - p: 吉野家的𠮷字。\n"))
    with pikepdf.open(res.pdf) as pdf:
        assert check_glyphs(pdf) == []
        for page in pdf.pages:        # write what ReportLab alone writes
            for _, font in page.Resources.Font.items():
                data = font.ToUnicode.read_bytes()
                if b"D842DFB7" in data:
                    font.ToUnicode.write(data.replace(b"D842DFB7", b"20BB7"))
        problems = check_glyphs(pdf)
    assert problems and "not UTF-16" in problems[0]


def test_hex_strings_read_with_or_without_spaces():
    from csrpress.pdf.glyphcheck import _codes

    for text in (b"<4E2D6587> Tj", b"<4E2D 65\n87> Tj", b"<4e2d6587> Tj"):
        one, two = set(), set()
        _codes(text, one, two)
        assert two == {0x4E2D, 0x6587}, text
    one, two = set(), set()
    _codes(b"<4E2D6> Tj", one, two)              # an odd digit: a trailing 0
    assert two == {0x4E2D, 0x60}


def _fonttools_loca(data: bytes) -> tuple[list[int], int]:
    from csrpress.pdf.glyphcheck import _open_ttf

    font = _open_ttf(data)
    return list(font["loca"]), len(font.getGlyphOrder())


def _with_post_format(data: bytes, version: int) -> bytes:
    """The font with its post table's version field set (nothing else changed)."""
    import struct

    for i in range(struct.unpack_from(">H", data, 4)[0]):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"post":
            return data[:offset] + struct.pack(">I", version) + data[offset + 4:]
    raise AssertionError("no post table")


def test_glyph_offsets_are_read_as_fonttools_reads_them(built):
    """The glyph check reads a subset's loca and glyph count itself (fontTools
    unimported in a new process whose font changed): the same offsets and
    count as fontTools for every font the report embeds, in a long-offset
    font, and with post formats 2, 3 and 4; a post of format 1, a short or
    cut loca, a CFF table or something not TrueType is left to fontTools."""
    from fontTools.fontBuilder import FontBuilder

    from csrpress.pdf.glyphcheck import _loca

    with pikepdf.open(built.pdf) as pdf:
        fonts = {d.FontFile2.objgen: d.FontFile2.read_bytes() for d in pdf.objects
                 if isinstance(d, pikepdf.Dictionary) and "/FontFile2" in d}
    assert fonts
    fb = FontBuilder(1000, isTTF=True)         # a glyph past 128 KB: long offsets
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    pen = TTGlyphPen(None)
    for i in range(20000):
        pen.moveTo((i % 900, 0))
        pen.lineTo((i % 900, 10))
        pen.lineTo((i % 900 + 5, 0))
        pen.closePath()
    fb.setupGlyphOrder([".notdef", "a", "b"])
    fb.setupCharacterMap({97: "a", 98: "b"})
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "a": pen.glyph(), "b": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({n: (500, 0) for n in (".notdef", "a", "b")})
    fb.setupHorizontalHeader()
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    assert _loca(buf.getvalue()) is not None and _fonttools_loca(buf.getvalue())[0][-1] > 0x20000
    samples = list(fonts.values()) + [buf.getvalue()]
    for data in samples:
        for version in (0x20000, 0x30000, 0x40000):
            font = _with_post_format(data, version)
            offsets, count = _loca(font)
            assert (list(offsets), count) == _fonttools_loca(font)
    data = samples[0]
    assert _loca(_with_post_format(data, 0x10000)) is None
    assert _loca(data[:-4]) is None or list(_loca(data[:-4])[0]) == _fonttools_loca(data)[0]
    assert _loca(b"OTTO" + data[4:]) is None and _loca(b"wOFF" + data[4:]) is None
    assert _loca(data[:40]) is None and _loca(b"") is None


# -- the font verdicts' fast paths against the code they replaced ---------------------

def _reference_tounicode(cmap: bytes) -> tuple[dict[int, str], dict[int, str]]:
    """parse_tounicode before its fast path for one-unit entries: put for each."""
    import re

    out: dict[int, str] = {}
    bad: dict[int, str] = {}

    def put(code: int, dest: bytes) -> None:
        try:
            if len(dest) % 4:
                raise ValueError(f"<{dest.decode()}> has an odd number of bytes")
            out[code] = bytes.fromhex(dest.decode()).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError) as exc:
            bad[code] = str(exc)

    pair = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
    span = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dest in pair.findall(block):
            put(int(src, 16), dest)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dest in span.findall(block):
            start = int(dest, 16) if dest else 0
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                put(code, f"{start + i:0{len(dest)}X}".encode())
    return out, bad


def _reference_cid_sizes(loca: list[int], count: int, mapping: bytes, codes) -> dict[int, int]:
    """_cid_sizes before its gid array: each code's two bytes sliced out."""
    out = {}
    for code in codes:
        if mapping == b"Identity":
            gid = code
        elif 0 <= code and 2 * code + 2 <= len(mapping):
            gid = int.from_bytes(mapping[2 * code:2 * code + 2], "big")
        else:
            continue
        if 0 < gid < count:
            out[code] = loca[gid + 1] - loca[gid]
    return out


def test_font_verdicts_are_the_reference_ones(built):
    """The font tables' fast paths (one-unit ToUnicode entries, the gid array,
    the control-character test) give what the code they replaced gave: on
    every font the report embeds, and on maps with surrogates, pairs, odd,
    empty, lower-case, repeated and control entries, ranges, and
    CIDToGIDMaps of odd length or shorter than the codes."""
    import random

    from csrpress.pdf import glyphcheck as G

    with pikepdf.open(built.pdf) as pdf:
        fonts = [f for f in pdf.objects if isinstance(f, pikepdf.Dictionary)
                 and f.get("/Subtype") == "/Type0"]
        assert fonts
        for font in fonts:
            cmap = font.ToUnicode.read_bytes()
            assert parse_tounicode(cmap) == _reference_tounicode(cmap)
            kid = font.DescendantFonts[0]
            data = kid.FontDescriptor.FontFile2.read_bytes()
            mapping = kid.CIDToGIDMap.read_bytes()
            loca, count = G._loca(data)
            codes = set(parse_tounicode(cmap)[0]) | {0, 1, 65535, len(mapping) // 2}
            for m in (mapping, mapping[:-1], mapping[:len(mapping) // 3], b"", b"Identity"):
                assert G._cid_sizes(data, m, codes) == _reference_cid_sizes(
                    list(loca), count, m, codes)
            text, bad = parse_tounicode(cmap)
            assert G._font_problems("F", data, text, bad, frozenset(codes), mapping) \
                == _reference_problems(data, text, bad, frozenset(codes), mapping)
    odd = (b"9 beginbfchar\n<0001> <4e2d>\n<0002> <D800>\n<0003> <DFFF>\n<0004> <D842DFB7>\n"
           b"<0005> <0041>\n<0006> <41>\n<0007> <>\n<0008> <0001>\n<0001> <D801>\n"
           b"<0009> <00410042>\n<000A> <FFFF>\n<000B> <E000>\n<000C> <D7FF>\n"
           b"<000D> <001F>\n<000E> <0020>\nendbfchar\n"
           b"2 beginbfrange\n<0010> <0014> <D7FE>\n<0020> <0022> <0041>\nendbfrange\n")
    assert parse_tounicode(odd) == _reference_tounicode(odd)
    text, bad = parse_tounicode(odd)
    codes = frozenset(text) | frozenset(bad)
    found = G._font_problems("F", data, text, bad, codes, mapping)
    assert found[7] == (2, "font F: code <0007> maps to no character (an empty ToUnicode "
                           "entry): it copies as nothing")        # (the reference: IndexError)
    codes -= {7}
    assert G._font_problems("F", data, text, bad, codes, mapping) \
        == _reference_problems(data, text, bad, codes, mapping)
    rng = random.Random(16)
    for _ in range(200):
        entries = b"".join(b"<%04X> <%0*X>\n" % (rng.randrange(1 << 16), w, rng.randrange(16 ** w))
                           for w in [rng.choice((2, 4, 4, 4, 6, 8))] for _ in range(5))
        cmap = b"5 beginbfchar\n" + entries + b"endbfchar\n"
        assert parse_tounicode(cmap) == _reference_tounicode(cmap)


def _reference_problems(data: bytes, text: dict, bad: dict, codes, mapping: bytes) -> dict:
    """_font_problems with its control-character test as it was (any ord < 0x20)."""
    from csrpress.pdf import glyphcheck as G

    loca, count = G._loca(data)
    glyphs = _reference_cid_sizes(list(loca), count, mapping, codes)
    problems = {c: (1, f"font F: ToUnicode entry <{c:04X}> is not UTF-16 ({bad[c]})")
                for c in codes if c in bad}
    for code in codes:
        t = text.get(code)
        if t is None:
            continue
        if any(ord(ch) < 0x20 for ch in t):
            problems[code] = (2, f"font F: code <{code:04X}> maps to a control "
                                 f"character (U+{ord(t[0]):04X}): a character without a "
                                 "glyph was drawn")
            continue
        size = glyphs.get(code)
        if size is None or (size == 0 and not t.isspace()):
            problems[code] = (2, f"font F: no glyph for '{t}' (U+{ord(t[0]):04X}) "
                                 "in the embedded subset")
    return problems
