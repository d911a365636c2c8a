"""Formatted PDF objects kept between builds (pdf.objmemo): a document
written again with the same pages, links and outline takes the kept bytes
and is byte for byte what formatting it gives; a changed value is formatted
anew; values whose formatting is not audited are not keyed."""
from __future__ import annotations

import io

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from csrpress.pdf.objmemo import ObjectMemo, object_key
from csrpress.pdf.objstreams import use_object_streams
from csrpress.session import BuildSession


def _document(session: BuildSession | None, target: str = "第二章", x: float = 72) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1)
    for n, title in enumerate(("第一章", "第二章", "第三章")):
        c.bookmarkPage(f"p{n}")
        c.addOutlineEntry(title, f"p{n}", level=0)
        c.drawString(72, 720, f"page {n + 1}")
        c.linkRect("", "p1" if target == "第二章" else "p2", (x, 700, 200, 720),
                   relative=1, thickness=0)
        c.linkURL("https://example.org", (72, 600, 200, 620))
        c.showPage()
    c.showOutline()
    use_object_streams(c._doc)
    if session is None:
        c.save()
    else:
        with session.active():
            c.save()
    return buf.getvalue()


def test_a_document_written_again_takes_the_kept_bytes():
    session = BuildSession()
    first = _document(session)
    assert session.pdf_objects.now
    again = _document(session)
    # pages, links (linkRect) and outline entries are kept
    assert session.pdf_objects.hits == 3 + 3 + 3
    assert again == first == _document(None)


def test_a_changed_value_is_formatted_anew():
    session = BuildSession()
    _document(session)
    moved = _document(session, x=80)
    assert moved == _document(None, x=80)
    retargeted = _document(session, target="第三章")
    assert retargeted == _document(None, target="第三章")


def test_verify_mode_formats_every_kept_object_again(monkeypatch):
    session = BuildSession()
    _document(session)
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    memo = session.pdf_objects
    for key in memo.now:                  # bytes that are not what formatting gives
        memo.now[key] = b"<<>>"
    with pytest.raises(AssertionError, match="differ from its formatting"):
        _document(session)


def _page() -> tuple[pdfdoc.PDFPage, pdfdoc.PDFDocument]:
    c = Canvas(io.BytesIO(), invariant=1)
    c.drawString(72, 720, "page")
    c.showPage()
    return c._doc.Pages.pages[0], c._doc


def test_values_are_told_apart_by_kind():
    page, doc = _page()
    keys = []
    for rotate in (1, 1.0, True):        # 1, 1.0 and True may format apart: three keys
        page.Rotate = rotate
        keys.append(object_key(page, doc))
    assert len(set(keys)) == 3


def test_a_value_not_audited_leaves_the_object_unkeyed():
    page, doc = _page()
    assert object_key(page, doc) is not None
    page.Rotate = [0]                    # a list formats as its str: not audited
    assert object_key(page, doc) is None
    assert object_key(pdfdoc.PDFDictionary({"A": 1}), doc) is None   # not a keyed class


def test_a_new_context_starts_empty():
    memo = ObjectMemo()
    memo.start((0, 1, 0))
    memo.now[("k",)] = b"x"
    memo.start((0, 1, 0))
    assert memo.last == {("k",): b"x"}
    memo.start((1, 1, 0))
    assert memo.last == {} and memo.now == {}


def test_a_new_process_starts_from_the_saved_objects(tmp_path):
    path = tmp_path / "objects.pickle"
    session = BuildSession()
    session.pdf_objects = ObjectMemo(path)
    first = _document(session)
    session.pdf_objects.save()
    assert path.exists()
    later = BuildSession()                     # (another process: the file only)
    later.pdf_objects = ObjectMemo.load(path)
    assert _document(later) == first and later.pdf_objects.hits == 3 + 3 + 3
    assert not later.pdf_objects.changed       # (nothing new: the file is not written)


def test_a_damaged_saved_file_is_not_used(tmp_path):
    path = tmp_path / "objects.pickle"
    memo = ObjectMemo(path)
    memo.start((0, 1, 0))
    memo.now[("k",)] = b"x"
    memo.save()
    path.write_bytes(path.read_bytes()[:-2] + b"!!")
    assert ObjectMemo.load(path).last == {}


def test_object_streams_written_again_are_the_kept_ones():
    """An object stream whose objects (numbers and bytes) are the last
    document's is taken as the last document wrote it (objstreams._stream);
    a changed object writes its stream anew: byte for byte a fresh write."""
    session = BuildSession()
    first = _document(session)
    kept = dict(session.pdf_objects.streams_now)
    assert kept
    assert _document(session) == first == _document(None)
    assert all(session.pdf_objects.streams_now[k] is v for k, v in kept.items())
    assert _document(session, x=80) == _document(None, x=80)
    assert session.pdf_objects.streams_now.keys() != kept.keys()


def test_verify_mode_writes_every_kept_object_stream_again(monkeypatch):
    session = BuildSession()
    _document(session)
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    memo = session.pdf_objects
    for key, (_, packed) in memo.streams_now.items():    # bytes that are not its writing
        memo.streams_now[key] = (b"1 0 obj\n<<>>\nendobj\n", packed)
    with pytest.raises(AssertionError, match="kept object stream"):
        _document(session)
