"""HarfBuzz-read glyphs are what fontTools made: the same TrueType bytes, box
and point counts (fontTools' CFF2 interpreter → Cu2QuPen → ReverseContourPen →
TTGlyphPen), the same fractional advances (hmtx + HVAR through fontTools'
VarStoreInstancer) and the same character set, at master and in-between weights."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.assets import fonts as F
from csrpress.assets import outlines as O
from csrpress.errors import Collector
from csrpress.session import BuildSession
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]
# Han, Latin, digits, punctuation (full and half width), the centred marks, a space
SAMPLE = "快手企业社会责任报告温度科技鬱龘ABCgjQ@&%019，。、“”（）《》：—―…⋯ -"
WEIGHTS = (400, 700, 350, 100, 900)


@pytest.fixture(scope="module")
def source():
    layout = load_layout(ROOT / "layout", Collector())
    src = F.resolve_source(layout.font_source, {"wght": 400}, ROOT / "fonts", Collector())
    assert src is not None
    return src


@pytest.fixture(scope="module")
def reference(source):
    from fontTools.ttLib import TTFont

    return TTFont(str(source.path), fontNumber=source.font_number, lazy=True)


def _fonttools_glyph(font, cmap, location, ch):
    """The conversion as fonts.py did it with fontTools alone (session 4)."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    gs = font.getGlyphSet(location=location)
    g = gs[cmap[ord(ch)]]
    shift = 0
    if ch in F.CENTRED:
        boxes = []
        for glyph in (gs[cmap[ord(F.HAN_REFERENCE)]], g):
            pen = BoundsPen(gs)
            glyph.draw(pen)
            boxes.append(pen.bounds)
        (_, h0, _, h1), (_, m0, _, m1) = boxes
        shift = round((h0 + h1) / 2 - (m0 + m1) / 2)
        shift = shift if abs(shift) >= 5 else 0
    pen = TTGlyphPen(None)
    out = Cu2QuPen(pen, 1.0, reverse_direction=True)
    g.draw(TransformPen(out, (1, 0, 0, 1, 0, shift)) if shift else out)
    glyph = pen.glyph()
    if not getattr(glyph, "numberOfContours", 0):
        return b"", (0, 0, 0, 0), (0, 0)
    glyph.recalcBounds(None)
    return (glyph.compile(None), (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax),
            (glyph.numberOfContours, len(glyph.coordinates)))


def _fonttools_advance(font, location, gname):
    from fontTools.varLib.models import normalizeLocation, piecewiseLinearMap
    from fontTools.varLib.varStore import VarStoreInstancer

    axes = {a.axisTag: (a.minValue, a.defaultValue, a.maxValue) for a in font["fvar"].axes}
    loc = normalizeLocation(location, axes)
    seg = font["avar"].segments if "avar" in font else {}
    loc = {k: piecewiseLinearMap(v, seg[k]) if k in seg else v for k, v in loc.items()}
    table = font["HVAR"].table
    inst = VarStoreInstancer(table.VarStore, font["fvar"].axes, loc)
    mapping = table.AdvWidthMap
    idx = mapping.mapping[gname] if mapping else font.getGlyphID(gname)
    return font["hmtx"][gname][0] + inst[idx]


@pytest.mark.parametrize("wght", WEIGHTS)
def test_glyphs_and_advances_are_fonttools_own(source, reference, wght):
    cmap = reference.getBestCmap()
    location = {"wght": float(wght)}
    with BuildSession().active():
        converted = F.convert_glyphs(source.path, source.font_number, location, list(SAMPLE))
    for ch in SAMPLE:
        data, adv, box, counts = converted[ch]
        assert (data, tuple(box), tuple(counts)) == _fonttools_glyph(reference, cmap, location, ch), ch
        assert adv == _fonttools_advance(reference, location, cmap[ord(ch)]), ch


def test_character_set_and_faces_are_fonttools_own(source, reference):
    ff = O.FontFile(source.path, source.font_number)
    assert ff.charset() == frozenset(chr(c) for c in reference.getBestCmap())
    assert ff.glyph("\U0001F3A4") is None
    assert O.face_names(source.path)[:3] == ["Noto Sans CJK JP", "Noto Sans CJK KR",
                                             "Noto Sans CJK SC"]
    assert O.face_index(source.path, "NotoSansCJKsc-Thin") == source.font_number
    assert O.face_index(source.path, "Noto Sans CJK") == -1
    name = reference["name"]
    assert ff.notices(F.NOTICE_NAME_IDS) == {i: name.getDebugName(i) for i in F.NOTICE_NAME_IDS}


def test_quadratic_outline_of_a_drawn_square():
    """A TrueType-outlined contour goes through unchanged but reversed."""
    square = [[("moveTo", ((0, 0),)), ("lineTo", ((0, 100),)), ("lineTo", ((100, 100),)),
               ("lineTo", ((100, 0),)), ("lineTo", ((0, 0),)), ("closePath", ())]]
    data, box, counts = O.truetype(square)
    assert box == (0, 0, 100, 100) and counts == (1, 4)
    assert O.truetype(square, shift=10)[1] == (0, 10, 100, 110)


def test_reportlab_does_not_import_harfbuzz():
    """ReportLab imports uharfbuzz when it can (~25 ms a build, for shaping
    csrpress never uses): a build that reads no font file must not load it."""
    import subprocess
    import sys

    code = ("import sys, csrpress, reportlab.pdfbase.ttfonts as t, reportlab.pdfgen.canvas; "
            "print(t.uharfbuzz is None, sys.modules.get('uharfbuzz') is None); "
            "from csrpress.assets.outlines import harfbuzz; print(harfbuzz().__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()
    assert out == ["True", "True", "uharfbuzz"]


def _pen_chain(contours, shift=0):
    """What Cu2QuPen(TTGlyphPen, 1.0, reverse_direction=True) makes of drawn
    contours (HarfBuzz's closing line back to the start left out, as the CFF
    reader fontTools drew with did)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    out = Cu2QuPen(pen, 1.0, reverse_direction=True)
    target = TransformPen(out, (1, 0, 0, 1, 0, shift)) if shift else out
    for contour in contours:
        if (len(contour) > 2 and contour[-1][0] == "closePath" and contour[-2][0] == "lineTo"
                and contour[-2][1][0] == contour[0][1][0]):
            contour = contour[:-2] + contour[-1:]
        for op, pts in contour:
            getattr(target, op)(*pts)
    glyph = pen.glyph()
    if not getattr(glyph, "numberOfContours", 0):
        return b"", (0, 0, 0, 0), (0, 0)
    glyph.recalcBounds(None)
    return (glyph.compile(None), (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax),
            (glyph.numberOfContours, len(glyph.coordinates)))


M, L, C, Z = "moveTo", "lineTo", "curveTo", "closePath"
ODD_CONTOURS = {
    "closing curve onto the start": [[(M, ((0, 0),)), (L, ((0, 100),)),
                                      (C, ((30, 130), (70, 130), (100, 100))),
                                      (C, ((120, 50), (60, -20), (0, 0))), (Z, ())]],
    "first segment a curve": [[(M, ((10, 10),)), (C, ((10, 80), (90, 80), (90, 10))),
                               (L, ((50, -30),)), (Z, ())]],
    "first line of no length": [[(M, ((0, 0),)), (L, ((0, 0),)), (L, ((0, 50),)),
                                 (L, ((50, 50),)), (Z, ())]],
    "one segment": [[(M, ((0, 0),)), (C, ((0, 50), (50, 50), (50, 0))), (Z, ())]],
    "a lone point, then a square": [[(M, ((5, 5),)), (Z, ())],
                                    [(M, ((0, 0),)), (L, ((0, 9),)), (L, ((9, 9),)),
                                     (L, ((9, 0),)), (L, ((0, 0),)), (Z, ())]],
    "quadratic (a TrueType font)": [[(M, ((0, 0),)), ("qCurveTo", ((0, 60), (60, 60))),
                                     (L, ((60, 0),)), (Z, ())]],
    "fractional points": [[(M, ((0.25, 0.5),)), (L, ((0.75, 300.5),)),
                           (C, ((100.4, 320.2), (200.6, 280.9), (300.5, 300.5))),
                           (L, ((300.5, 0.5),)), (Z, ())]],
}


@pytest.mark.parametrize("name", sorted(ODD_CONTOURS))
@pytest.mark.parametrize("shift", [0, 37.0])
def test_odd_contours_come_out_as_the_pens_make_them(name, shift):
    """The one-pass conversion (outlines._reversed_points) and its fallback
    agree with fontTools' pens on the shapes where reversing is delicate."""
    contours = ODD_CONTOURS[name]
    got = O.truetype([list(c) for c in contours], shift)
    assert got == _pen_chain([list(c) for c in contours], shift)


def test_drawn_glyphs_come_out_as_the_pens_make_them(source):
    ff = O.FontFile(source.path, source.font_number)
    font = ff.font({"wght": 700.0})
    for ch in SAMPLE:
        contours = ff.draw(font, font.get_nominal_glyph(ord(ch)))
        for shift in (0, 12.0):
            got = O.truetype([list(c) for c in contours], shift)
            assert got == _pen_chain([list(c) for c in contours], shift), ch


def test_one_pass_conversion_is_the_drawn_contours_conversion(source):
    """FontFile.truetype (converting while HarfBuzz draws) makes what truetype
    makes of the drawn contours, and takes the report's kinds of glyphs."""
    ff = O.FontFile(source.path, source.font_number)
    font = ff.font({"wght": 350.0})
    taken = 0
    for ch in SAMPLE:
        gid = font.get_nominal_glyph(ord(ch))
        found = ff.truetype(font, gid)
        if found is not None:
            taken += 1
            assert found == O.truetype(ff.draw(font, gid)), ch
    assert taken >= len(SAMPLE) - 2          # (the space has no contour to take)
