"""Object streams and a cross-reference stream written from ReportLab's own
document (the tagged edition's thousands of structure elements)."""
from __future__ import annotations

import io

import pikepdf
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString
from reportlab.pdfgen.canvas import Canvas

from csrpress.pdf.canvas import StreamMemo
from csrpress.pdf.objstreams import PER_STREAM, use_object_streams
from csrpress.session import BuildSession


def _document(packed: bool, extra: int = 0, edited: int = -1) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1)
    c.setTitle("（标题）")
    for n in range(3):
        c.drawString(72, 720, f"page {n + 1}")
        c.linkURL("https://example.org", (72, 700, 200, 720))
        c.showPage()
    refs = [c._doc.Reference(PDFDictionary({"N": i, "S": PDFString(
        f"对象 {i}" if i != edited else "改过的对象")})) for i in range(extra)]
    if refs:
        c._doc.Catalog.__NoDefault__ = [*c._doc.Catalog.__NoDefault__, "Extra"]
        c._doc.Catalog.Extra = refs[-1]
    if packed:
        use_object_streams(c._doc)
    c.save()
    return buf.getvalue()


def test_file_reads_back_without_repair_and_says_the_same():
    data = _document(True, extra=PER_STREAM + 20)       # more than one object stream
    assert data.count(b"/Type/ObjStm") == 2 and b"\nxref\n" not in data
    with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
        objects = list(pdf.objects)
        assert pdf.get_warnings() == []
        assert len(pdf.pages) == 3 and str(pdf.docinfo.Title) == "（标题）"
        assert [str(a.A.URI) for p in pdf.pages for a in p.Annots] == ["https://example.org"] * 3
        assert int(pdf.Root.Extra.N) == PER_STREAM + 19
        assert str(pdf.Root.Extra.S) == f"对象 {PER_STREAM + 19}"
        assert len(pdf.trailer.ID) == 2
        assert pdf.pages[2].Contents.read_bytes().count(b"page 3") == 1
    assert len(objects) > PER_STREAM


def test_same_document_same_bytes_and_smaller():
    assert _document(True, 50) == _document(True, 50)
    assert len(_document(True, 200)) < len(_document(False, 200))


def test_tagged_edition_is_written_with_object_streams(built):
    data = built.pdf.read_bytes()
    assert b"/Type/ObjStm" in data and b"/Type/XRef" in data
    with pikepdf.open(built.pdf, attempt_recovery=False) as pdf:
        list(pdf.objects)
        assert pdf.get_warnings() == []
        assert pdf.pdf_version == "1.7"


def test_object_streams_are_compressed_once_per_session():
    """In a build session an object stream is compressed once: a build of
    the same objects compresses none again, an edited object's stream alone
    is compressed anew, and the bytes are those of a build without a memo."""
    session = BuildSession()
    with session.active():
        memo = session.page_streams = StreamMemo()
        first = _document(True, 3 * PER_STREAM)
        assert memo.made == 4                  # (the page streams: ReportLab's)
        memo.next_build()
        again = _document(True, 3 * PER_STREAM)
        assert memo.made == 0 and again == first
        memo.next_build()
        edited = _document(True, 3 * PER_STREAM, edited=PER_STREAM + 5)
        assert memo.made == 1
    assert first == _document(True, 3 * PER_STREAM)
    assert edited == _document(True, 3 * PER_STREAM, edited=PER_STREAM + 5) != first
