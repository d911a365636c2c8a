"""An RGB fill set with its operator kept (pdf/canvas._rgb_fill): the same
stream, fill and transparency state as ReportLab's setFillColor, on a
canvas and on a text object, for every kind of colour a build sets."""
from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from csrpress.pdf.canvas import _rgb_fill


def _state(target: Any, canvas: Canvas) -> tuple:
    return (list(target._code), getattr(target, "_fillColorObj", None),
            dict(canvas._extgstate._d), dict(canvas._extgstate._c), canvas._doc._pdfVersion)


def _both(colours: list[tuple[Any, Any]], text: bool, cmyk: bool = False) -> tuple[tuple, tuple]:
    """The state after setting ``colours`` (colour, alpha) by ReportLab's
    own setFillColor and with _rgb_fill (ReportLab's where it declines)."""
    out = []
    for fast in (False, True):
        canvas = Canvas(io.BytesIO(), enforceColorSpace="cmyk" if cmyk else None)
        target = PDFTextObject(canvas) if text else canvas
        ops: dict[tuple, str] = {}
        for colour, alpha in colours:
            if not (fast and _rgb_fill(target, colour, alpha, ops)):
                PDFTextObject.setFillColor(target, colour, alpha) if text else \
                    Canvas.setFillColor(target, colour, alpha)
        out.append(_state(target, canvas))
    return out[0], out[1]


COLOURS = [(Color(0.2, 0.3, 0.4), None), (Color(0, 0, 0), None), (Color(1, 1, 1, 0.5), None),
           (Color(0.2, 0.3, 0.4), None), (Color(-0.0, 0.0, 1e-9), None),
           (Color(0.123456789, 0.5, 0.999999), 0.3), ((0.1, 0.2, 0.3), None),
           (CMYKColor(0, 0, 0, 1), None), (CMYKColorSep(0, 1, 0, 0, spotName="Reg"), None),
           (Color(0.2, 0.3, 0.4, alpha=None), None), (Color(0.5, 0.5, 0.5, 1), None)]


def test_the_colours_a_build_sets_write_what_reportlab_writes():
    for text in (False, True):
        plain, fast = _both(COLOURS, text)
        assert fast == plain
        assert any(op.endswith(" rg") for op in fast[0])


def test_an_enforced_colour_space_is_reportlabs_to_apply():
    """The print edition's canvas (CMYK enforced): every call ReportLab's,
    an RGB colour refused as ReportLab refuses it."""
    for text in (False, True):
        plain, fast = _both([(CMYKColor(0.1, 0, 0, 0.5), None), (CMYKColor(0, 0, 0, 1), 0.5)],
                            text, cmyk=True)
        assert fast == plain
        canvas = Canvas(io.BytesIO(), enforceColorSpace="cmyk")
        target = PDFTextObject(canvas) if text else canvas
        assert not _rgb_fill(target, Color(0.2, 0.3, 0.4), None, {})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1),
                          st.sampled_from([None, 1, 0.5]), st.sampled_from([None, 0.25])),
                min_size=1, max_size=6),
       st.booleans())
def test_any_rgb_colours_write_what_reportlab_writes(specs, text):
    colours = [(Color(r, g, b, alpha=a), alpha) for r, g, b, a, alpha in specs]
    plain, fast = _both(colours, text)
    assert fast == plain
