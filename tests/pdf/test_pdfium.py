"""Preflight's own pdfium calls (csrpress.pdf.pdfium) read what pypdfium2
reads, page by page: the same text rectangles, the same text in each, the
same images placed (pixel size, bounds, in the same order), and preflight's
findings from either are the same; a new process that checks pages does not
import pypdfium2."""
from __future__ import annotations

import ctypes
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw
import pytest

from csrpress.pdf import pdfium
from csrpress.pdf import preflight as P

ROOT = Path(__file__).resolve().parents[2]


def _theirs(page) -> tuple[list, list, list]:
    """(rectangles, the text in each, images: pixels and bounds) through pypdfium2."""
    text = page.get_textpage()
    try:
        rects = [text.get_rect(i) for i in range(text.count_rects())]
        runs = [text.get_text_bounded(*r) for r in rects]
    finally:
        text.close()
    images = []
    w, h = ctypes.c_uint(), ctypes.c_uint()
    box = [ctypes.c_float() for _ in range(4)]
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        raw.FPDFImageObj_GetImagePixelSize(obj.raw, w, h)
        raw.FPDFPageObj_GetBounds(obj.raw, *box)
        images.append((w.value, h.value, *(v.value for v in box)))
    return rects, runs, images


def _ours(page: pdfium.Page) -> tuple[list, list, list]:
    text = page.text()
    try:
        rects = []
        ltrb = [ctypes.c_double() for _ in range(4)]
        for i in range(text.count_rects()):
            assert pdfium.lib.FPDFText_GetRect(text.raw, i, *ltrb)
            left, top, right, bottom = (v.value for v in ltrb)
            rects.append((left, bottom, right, top))
        runs = [text.text_bounded(*r) for r in rects]
    finally:
        text.close()
    images = []
    w, h = ctypes.c_uint(), ctypes.c_uint()
    box = [ctypes.c_float() for _ in range(4)]
    for obj in page.objects(pdfium.FPDF_PAGEOBJ_IMAGE):
        pdfium.lib.FPDFImageObj_GetImagePixelSize(obj, w, h)
        pdfium.lib.FPDFPageObj_GetBounds(obj, *box)
        images.append((w.value, h.value, *(v.value for v in box)))
    return rects, runs, images


@pytest.mark.parametrize("which", ["report", "example"])
def test_every_page_reads_as_pypdfium2_reads_it(which, built, tmp_path):
    if which == "report":
        data = built.pdf.read_bytes()
    else:
        from csrpress.build import Project, build
        data = build(Project(ROOT / "examples" / "greenfield-2025", tmp_path)).pdf.read_bytes()
    theirs = pypdfium2.PdfDocument(data)
    ours = pdfium.Document(data)
    try:
        placed = 0
        for n in range(len(theirs)):
            page, mine = theirs[n], ours.page(n)
            try:
                expected = _theirs(page)
                assert _ours(mine) == expected, f"page {n + 1}"
                placed += len(expected[2])
                # preflight's reading of the page, with a safe area that most text is outside
                area = (200.0, 200.0, 300.0, 300.0)
                found = P._found(mine, mine.text(), n, True, area)
                assert found[1] == [(n + 1, t.strip()[:12]) for r, t in zip(*expected[:2])
                                    if not _inside(r, area) and t.strip()]
                assert [(i["pixels"], i["ppi"]) for i in found[0]] == [
                    ([w, h], round(w / ((r - l) / 72))) for w, h, l, b, r, t in expected[2]
                    if r - l > 0]
            finally:
                page.close()
                mine.close()
        if which == "example":        # (the report draws no image; its photos a reading
            assert placed             #  of none would pass)
    finally:
        theirs.close()
        ours.close()


def _inside(rect: tuple, area: tuple) -> bool:
    left, bottom, right, top = rect
    x0, y0, x1, y1 = area
    return left >= x0 - 0.5 and bottom >= y0 - 0.5 and right <= x1 + 0.5 and top <= y1 + 0.5


def test_a_document_pdfium_cannot_load_is_an_error():
    with pytest.raises(pdfium.PdfiumError):
        pdfium.Document(b"%PDF-1.7\nnot a pdf")


def test_a_new_process_reads_pages_without_importing_pypdfium2(built):
    """(pypdfium2's import was ~35 ms of every new process that checks a page)"""
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from csrpress.pdf import pdfium
from csrpress.pdf.preflight import _Drawn
data = open({str(built.pdf)!r}, "rb").read()
drawn = _Drawn(data, [(n, True, (0.0, 0.0, 1e4, 1e4)) for n in range(3)])
try:
    found = [drawn.found(n, True, (0.0, 0.0, 1e4, 1e4)) for n in range(3)]
finally:
    drawn.close()
assert "pypdfium2" not in sys.modules and "pypdfium2_raw.bindings" not in sys.modules
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["ok"]
