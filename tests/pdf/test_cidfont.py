"""A face is one Type 0 font whose codes depend on the character alone: a
page's content stream is the same whatever other pages draw, every code has
its glyph and maps back to its character."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from csrpress.assets import fonts as F
from csrpress.errors import Collector
from csrpress.pdf.glyphcheck import check_glyphs
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]
TEXT = "中文，标点——与省略……及𠮷"


@pytest.fixture(scope="module")
def fonts(tmp_path_factory):
    layout = load_layout(ROOT / "layout", Collector())
    fonts = F.load_fonts(layout, ROOT / "fonts", tmp_path_factory.mktemp("cid"), Collector())
    fonts.claim("regular", TEXT + "甲乙丙丁")
    fonts.register()
    return fonts


def _pdf(fonts, pages: list[str]) -> bytes:
    """Each string on a page of its own, in the regular face."""
    from csrpress.pdf.canvas import _LoggedText

    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.setPageCompression(0)
    for text in pages:
        tx = _LoggedText(canvas, 72, 600)          # the report's text objects
        tx.setFont(fonts.psname("regular"), 12)
        tx.textOut(text)
        canvas.drawText(tx)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _streams(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [p.Contents.read_bytes() for p in pdf.pages]


def test_a_page_does_not_change_when_another_page_does(fonts):
    one = _streams(_pdf(fonts, ["甲乙", TEXT]))
    two = _streams(_pdf(fonts, ["丙丁甲乙", TEXT]))     # other characters come first
    assert one[1] == two[1] and one[0] != two[0]


def test_codes_are_code_points_or_free_code_points(fonts):
    from reportlab.pdfbase.pdfmetrics import getFont

    font = getFont(fonts.psname("regular"))
    assert font.codes("中") == "中".encode("utf-16-be")
    high = font.code("𠮷")
    assert high <= 0xFFFF and chr(high) not in fonts["regular"].charset
    assert not 0xD800 <= high < 0xE000


def test_every_code_has_its_glyph_and_maps_back(fonts):
    data = _pdf(fonts, [TEXT, "甲乙丙丁"])
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert check_glyphs(pdf) == []
        (font,) = [f for _, f in pdf.pages[0].Resources.Font.items()
                   if "CSRPress" in str(f.BaseFont)]
        assert font.Subtype == "/Type0" and font.Encoding == "/Identity-H"
        cid = font.DescendantFonts[0]
        assert cid.Subtype == "/CIDFontType2" and "/FontFile2" in cid.FontDescriptor
        assert str(cid.BaseFont)[7:8] == "+"                   # a subset's name
    text = "".join(pypdf_text(data))
    assert TEXT in text and "甲乙丙丁" in text


def pypdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_a_damaged_compressed_subset_is_made_again(fonts):
    import zlib

    from reportlab.pdfbase.pdfmetrics import getFont

    from csrpress.pdf.cidfont import open_cid_font

    path = getFont(fonts.psname("regular"))._csrpress_path
    packed = path.with_name(path.name + ".z")
    assert zlib.decompress(packed.read_bytes()) == path.read_bytes()
    packed.write_bytes(b"damaged")
    font = open_cid_font("CSRPress-test", path, fonts["regular"].charset)
    assert zlib.decompress(font._program) == path.read_bytes()
    assert packed.read_bytes() == font._program
