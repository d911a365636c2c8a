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
    assert zlib.decompress(font.program()) == path.read_bytes()
    assert packed.read_bytes() == font.program()


def test_a_kept_parse_is_the_parse(fonts, tmp_path):
    """A subset opened in a later process (ReportLab's parse and the
    compressed program kept beside the file) is the font a fresh parse makes;
    kept files that do not match the subset's bytes are not used."""
    from csrpress.pdf.cidfont import CIDFont, open_cid_font

    face = fonts["regular"]
    chars = face.subset_chars("0123456789")
    subset = tmp_path / "s.ttf"
    subset.write_bytes(Path(face.subset_path(chars)).read_bytes())
    first = open_cid_font("K1", subset, face.charset)          # parsed, kept
    first.program()                 # (the program is compressed and kept in a thread)
    assert subset.with_name("s.ttf.face").exists() and subset.with_name("s.ttf.z").exists()
    kept = open_cid_font("K2", subset, face.charset)
    fresh = CIDFont("K3", str(subset), face.charset)
    assert kept.face is not first.face and kept.program() == first.program()

    def plain(obj):        # (objects of their own, such as the encoding: by their kind and data)
        return {k: (type(v), vars(v)) if k == "encoding" else v for k, v in vars(obj).items()
                if k not in ("_pdfScale", "state", "fontName", "docs", "face",
                             "_kept", "_digest")}      # (where its tables are kept)

    assert plain(kept) == plain(fresh) | {"_program": first.program()}
    assert plain(kept.face) == plain(fresh.face)
    assert [kept.face._pdfScale(v) for v in (0, 7.5, -120)] == [0, 7.5, -120]
    assert kept.stringWidth("中文，ab", 10) == fresh.stringWidth("中文，ab", 10)
    assert kept._tables() == fresh._tables()
    # another subset under the same name: parsed again, not taken from the kept files
    other = fonts["bold"]
    subset.write_bytes(Path(other.subset_path(other.subset_chars("0123456789"))).read_bytes())
    again = open_cid_font("K4", subset, other.charset)
    assert plain(again.face) == plain(CIDFont("K5", str(subset), other.charset).face)
    # a damaged .z: not used (the program compressed again, the kept files rewritten)
    subset.with_name("s.ttf.z").write_bytes(b"damaged")
    repaired = open_cid_font("K6", subset, other.charset)
    import zlib
    assert zlib.decompress(repaired.program()) == subset.read_bytes()
    assert zlib.decompress(open_cid_font("K7", subset, other.charset).program()) == subset.read_bytes()


@pytest.fixture()
def bmp_subset(tmp_path, monkeypatch):
    """A subset file of the bold face with characters of the BMP only
    (registered for this test only: the module's faces stay registered)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfmetrics import getFont

    monkeypatch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", dict(pdfmetrics._dynFaceNames))
    layout = load_layout(ROOT / "layout", Collector())
    fonts = F.load_fonts(layout, ROOT / "fonts", tmp_path, Collector())
    fonts.claim("bold", "甲乙丙丁，。")
    fonts.register()
    font = getFont(fonts.psname("bold"))
    return font._csrpress_path, fonts["bold"].charset


def _written(font) -> tuple:
    """The font's objects as a document writes them."""
    doc = Canvas(io.BytesIO())._doc
    font.internal_name(doc)
    font.addObjects(doc)
    return font._made


def test_a_subsets_tables_are_kept_beside_it(bmp_subset, monkeypatch):
    from csrpress.pdf.cidfont import CIDFont, open_cid_font

    path, charset = bmp_subset
    first = open_cid_font("CSRPress-t1", path, charset)
    made = _written(first)
    assert path.with_name(path.name + ".tables").exists()

    def not_again(self):
        raise AssertionError("tables made again")

    monkeypatch.setattr(CIDFont, "_tables", not_again)
    again = open_cid_font("CSRPress-t2", path, charset)
    assert _written(again) == made and again.program() == first.program()


def test_damaged_kept_tables_are_made_again(bmp_subset):
    from csrpress.pdf.cidfont import open_cid_font

    path, charset = bmp_subset
    made = _written(open_cid_font("CSRPress-t1", path, charset))
    kept = path.with_name(path.name + ".tables")
    kept.write_bytes(kept.read_bytes()[:-3] + b"xyz")
    font = open_cid_font("CSRPress-t2", path, charset)
    assert font._made is None and _written(font) == made


def test_tables_of_a_subset_above_the_bmp_are_not_kept(fonts):
    from reportlab.pdfbase.pdfmetrics import getFont

    from csrpress.pdf.cidfont import open_cid_font

    path = getFont(fonts.psname("regular"))._csrpress_path     # (has 𠮷: codes from the charset)
    font = open_cid_font("CSRPress-t3", path, fonts["regular"].charset)
    assert not font.keyed_by_file()
    _written(font)
    again = open_cid_font("CSRPress-t4", path, fonts["regular"].charset)
    assert again._made is None
