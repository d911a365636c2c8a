"""Writing ReportLab's document with object streams and a cross-reference
stream (PDF 1.5+), for the tagged screen edition.

A tagged edition has thousands of small objects (one per structure element).
ReportLab writes each as a plain indirect object with a 20-byte xref line;
the file was a third larger than with object streams, which is how the
tagged edition was written while pikepdf re-saved it. Here ReportLab's own
formatting makes every object's bytes and this module only arranges them:
streams (page contents, fonts, images, XMP) stay plain indirect objects, the
rest go compressed into object streams, and a cross-reference stream
replaces the xref table and trailer. Deterministic: same objects, same bytes.
Pages, link annotations and outline entries formatted as in the last build
take its bytes (objmemo.py). An object stream is compressed once per build session: its bytes go through
the session's StreamMemo (pdf/canvas.py) by their digest, so the object
streams an edit left unchanged (all but the ones holding what the edit
changed: ~10 ms of zlib per watch build) are the last build's.

The print edition keeps ReportLab's classic layout (its bytes are checked
against earlier builds and PDF/X readers expect nothing else).
"""
from __future__ import annotations

import hashlib
import struct
import zlib
from typing import Any

from .objmemo import ObjectMemo, context, verifying
from .tagging import _written_class, written_blocks

PER_STREAM = 100        # objects per object stream (qpdf's choice too)
_NOT_STREAM_ENDS = (b">", b"]", b")")      # last bytes no stream's formatting ends with


def use_object_streams(doc: Any) -> None:
    """Make `doc` (a ReportLab PDFDocument) write itself with object streams."""
    import types

    doc.format = types.MethodType(_format, doc)
    doc._pdfVersion = max(doc._pdfVersion, (1, 5))


def _format(doc: Any) -> bytes:
    """ReportLab's PDFDocument.format, with object streams and an xref stream."""
    from reportlab.pdfbase.pdfdoc import NoEncryption, PDFFile, format

    if not isinstance(doc.encrypt, NoEncryption):      # (the report is never encrypted)
        raise ValueError("object streams are written for unencrypted documents only")
    doc.encrypt.prepare(doc)
    cat, info = doc.Catalog, doc.info
    root_ref, info_ref = doc.Reference(cat), doc.Reference(info)
    numbers, objects = doc.numberToId, doc.idToObject
    out = PDFFile(doc._pdfVersion)
    where: dict[int, tuple[int, int, int]] = {}        # number → xref entry
    packed: list[tuple[int, bytes]] = []
    n = 0
    written = _written_class()
    kept = _object_memo()
    verify = verifying()
    blocks = written_blocks(doc)
    while True:                         # (objects may be registered while formatting)
        name = numbers.get(n + 1)
        if name is None:                # the end, or a run written from its bytes
            block = blocks.get(n + 1)
            if block is None:
                break
            packed += zip(range(n + 1, n + 1 + len(block)), block)
            n += len(block)
            continue
        n += 1
        obj = objects[name]
        # (a structure element's bytes are made: what its format returns;
        # pages, links and outline entries as the last build's when the same)
        if obj.__class__ is written:
            body = obj.data
        elif kept is None:
            body = format(obj, doc, toplevel=1)
        else:
            body = kept.formatted(obj, doc, format, verify)
        if body[-1:] not in _NOT_STREAM_ENDS and body.rstrip().endswith(b"endstream"):
            where[n] = (1, out.add(b"%d 0 obj\n%s%sendobj\n"
                                   % (n, body, b"" if body.endswith(b"\n") else b"\n")), 0)
        else:
            packed.append((n, body))
    last = n
    for start in range(0, len(packed), PER_STREAM):
        last += 1
        chunk = packed[start:start + PER_STREAM]
        where[last] = (1, out.add(_stream(last, chunk, kept, verify)), 0)
        for i, (num, _) in enumerate(chunk):
            where[num] = (2, last, i)
    last += 1                            # the cross-reference stream itself
    where[last] = (1, out.offset, 0)
    rows = b"".join(struct.pack(">BIH", *where.get(i, (0, 0, 65535)))
                    for i in range(last + 1))
    data = zlib.compress(rows)
    ident = doc.ID()                     # (set_trailer_id's, or ReportLab's with a comment)
    ident = ident[ident.index(b"["):ident.index(b"]") + 1]
    out.add(b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %s/Info %s/ID %s"
            b"/Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream\nendobj\n"
            % (last, last + 1, root_ref.format(doc), info_ref.format(doc),
               ident, len(data), data))
    out.add(b"startxref\n%d\n%%%%EOF\n" % where[last][1])
    return out.format(doc)


def _stream(number: int, chunk: list[tuple[int, bytes]], kept: ObjectMemo | None,
            verify: bool) -> bytes:
    """Object stream ``number`` holding ``chunk``; in a session, the one the
    last document wrote when it held the same objects (numbers and bytes).
    The key is the chunk itself, compared by equality, no digest: an edit
    leaves nearly every stream's objects as they were, most the same bytes
    objects even (the structure tree's, the objects kept in ``kept``) whose
    hashes Python keeps, so a stream kept costs a look-up where writing it
    joined, digested and looked up its ~100 objects (~27 streams a watch
    edit). Its compressed data stays kept in the session's StreamMemo as if
    written (the next process's memo holds it as before)."""
    if kept is None:
        return _object_stream(number, chunk)[0]
    key = (number, tuple(chunk))
    got = kept.streams_now.get(key)
    if got is None:
        got = kept.streams_last.get(key)
        if got is None:
            got = _object_stream(number, chunk)
        elif got[1] is not None:
            _keep_compressed(*got[1])
        kept.streams_now[key] = got
    if verify and _object_stream(number, chunk)[0] != got[0]:
        raise AssertionError(f"kept object stream {number} differs from its writing")
    return got[0]


def _object_stream(number: int, chunk: list[tuple[int, bytes]]
                   ) -> tuple[bytes, tuple[bytes, bytes] | None]:
    """An object stream holding `chunk` (object numbers and their bytes), and
    its data's digest and compressed bytes as the session's StreamMemo keeps
    them (None: no session)."""
    header, bodies, offset = [], [], 0
    for num, body in chunk:
        header.append(b"%d %d" % (num, offset))
        bodies.append(body)
        offset += len(body) + 1
    head = b" ".join(header) + b"\n"
    data, memo = _compressed(head + b"\n".join(bodies))
    return ((b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\n"
             b"stream\n%s\nendstream\nendobj\n"
             % (number, len(chunk), len(head), len(data), data)), memo)


def _object_memo() -> ObjectMemo | None:
    """The build session's formatted objects (objmemo.py), started for this
    document; None outside a session (nothing to keep them for)."""
    from ..session import active

    session = active()
    if session is None:
        return None
    if session.pdf_objects is None:
        session.pdf_objects = ObjectMemo()
    session.pdf_objects.start(context())
    return session.pdf_objects


def _compressed(data: bytes) -> tuple[bytes, tuple[bytes, bytes] | None]:
    """``zlib.compress(data)``, taken from the build session's StreamMemo
    when there is one (the same bytes, compressed in an earlier build); and
    its digest and those bytes as the memo keeps them (None: no memo)."""
    from ..session import active

    session = active()
    memo = session.page_streams if session is not None else None
    if memo is None:
        return zlib.compress(data), None
    key = hashlib.sha1(data).digest()
    packed = memo.packed(data, key)
    return packed, (key, packed)


def _keep_compressed(key: bytes, packed: bytes) -> None:
    """A kept object stream's compressed data kept in the session's
    StreamMemo for the next build, as writing it would have."""
    from ..session import active

    session = active()
    if session is not None and session.page_streams is not None:
        session.page_streams.keep(key, packed)
