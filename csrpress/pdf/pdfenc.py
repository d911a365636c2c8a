"""ReportLab's PDF text encoding and name escaping, faster and byte for byte the same.

Writing the file formats every object with ReportLab's ``pdfdoc.format``,
which encodes each piece of text (numbers, names, operators, references)
with its ``extpdfdoc`` codec, a charmap run through Python's codec machinery
at ~3.5 µs a call, and escapes every dictionary key with ``PDFName``. In a
watch build that is ~7,500 encodings and ~10,000 names: ~20 ms of a
~0.36 s edit, spent on short ASCII strings.

``install()`` puts two exact shortcuts in ``pdfdoc`` (whose functions look
both names up at call time):

* text that is ASCII, without the characters 0x18–0x1F (which the codec
  cannot encode, and raises for), is encoded as ASCII: the codec maps every
  other ASCII character to its own byte, which ``install`` checks first and
  otherwise changes nothing; any other text goes through the codec as before;
* ``PDFName`` of a string with the default bounds is kept in a dictionary
  (a pure function of the string), bounded so a long watch session does not
  grow it without end;
* ``format`` (ReportLab's dispatch, ~11,000 calls a watch build) answers a
  plain ``str`` from a dictionary of its encoded bytes (names, operators and
  references repeat from object to object and build to build), ``bytes`` as
  they are and an ``int`` or ``float`` from a dictionary of ``fp_str``
  encoded as ASCII (what the codec gives for its digits, point and sign;
  rectangles and boxes repeat too), each as ReportLab's would;
  anything else (its PDF objects, subclasses, booleans) goes to ReportLab's.
"""
from __future__ import annotations

import re
from typing import Any, Callable

_UNENCODABLE = re.compile("[\x18-\x1f]")     # ASCII the extpdfdoc codec raises for
_NAMES_KEPT = 4096
_TEXTS_KEPT = 16384


def _codec_is_ascii_identity() -> bool:
    """extpdfdoc maps each ASCII character to its own byte, and raises for
    exactly 0x18–0x1F (what the shortcut assumes)."""
    for i in range(128):
        c = chr(i)
        try:
            got = c.encode("extpdfdoc")
        except UnicodeEncodeError:
            if not _UNENCODABLE.match(c):
                return False
            continue
        if got != bytes([i]) or _UNENCODABLE.match(c):
            return False
    return True


def fast_encoding(real: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """pdfdocEnc with the ASCII shortcut (``real``: ReportLab's, used otherwise)."""
    def pdfdocEnc(x: Any) -> Any:
        if isinstance(x, str) and x.isascii() and not _UNENCODABLE.search(x):
            return x.encode("ascii")
        return real(x)
    pdfdocEnc.wrapped = real               # type: ignore[attr-defined]
    return pdfdocEnc


def _keep(held: dict, key: Any, value: Any, limit: int) -> Any:
    """Keep value under key and return it; a table at its limit is emptied
    first (a bound on what a long watch session holds). Only the miss path
    calls this: a hit stays an inline dict lookup (the format of ~50,000
    elements a build)."""
    if len(held) >= limit:
        held.clear()
    held[key] = value
    return value


def kept_names(real: Callable[..., str]) -> Callable[..., str]:
    """PDFName whose results for plain strings (default bounds) are kept."""
    kept: dict[str, str] = {}
    lo_default, hi_default = chr(0x21), chr(0x7e)

    def PDFName(data: Any, lo: str = lo_default, hi: str = hi_default) -> str:
        if type(data) is not str or lo != lo_default or hi != hi_default:
            return real(data, lo, hi)
        got = kept.get(data)
        if got is None:
            got = _keep(kept, data, real(data), _NAMES_KEPT)
        return got
    PDFName.wrapped, PDFName.kept = real, kept     # type: ignore[attr-defined]
    return PDFName


def fast_format(real: Callable[..., Any], encode: Callable[[str], bytes],
                fp_str: Callable[[Any], str]) -> Callable[..., Any]:
    """pdfdoc.format with the shortcuts above (``real``: ReportLab's, used
    for everything else; ``encode``: the text encoding in use)."""
    kept: dict[str, bytes] = {}
    # ints and floats apart (2**60 == 2.0**60); equal floats format the same
    # (0.0 and -0.0 both as "0")
    numbers: tuple[dict[Any, bytes], dict[Any, bytes]] = ({}, {})

    def format(element: Any, document: Any, toplevel: int = 0) -> Any:
        cls = element.__class__
        if cls is str:
            got = kept.get(element)
            if got is None:
                got = _keep(kept, element, encode(element), _TEXTS_KEPT)
            return got
        if cls is bytes:
            return element
        if cls is int or cls is float:
            held = numbers[cls is float]
            got = held.get(element)
            if got is None:
                got = _keep(held, element, fp_str(element).encode("ascii"), _TEXTS_KEPT)
            return got
        return real(element, document, toplevel)
    format.wrapped, format.kept = real, kept       # type: ignore[attr-defined]
    format.numbers = numbers                       # type: ignore[attr-defined]
    return format


def install() -> None:
    """Put the shortcuts in reportlab.pdfbase.pdfdoc (once; nothing when the
    codec is not what they assume)."""
    from reportlab.pdfbase import pdfdoc

    if hasattr(pdfdoc.pdfdocEnc, "wrapped"):
        return
    if not _codec_is_ascii_identity():
        return
    pdfdoc.pdfdocEnc = fast_encoding(pdfdoc.pdfdocEnc)
    pdfdoc.PDFName = kept_names(pdfdoc.PDFName)
    pdfdoc.format = fast_format(pdfdoc.format, pdfdoc.pdfdocEnc, pdfdoc.fp_str)
