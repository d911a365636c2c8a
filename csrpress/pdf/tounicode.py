"""ToUnicode for characters above U+FFFF (CJK Extension B–G names).

ReportLab writes each ToUnicode bfchar entry as ``<%04X>``, which for
U+20BB7 gives the five digits ``<20BB7>``: readers take it as U+20BB, so
copy, search and screen readers get another character. PDF wants UTF-16BE
there, i.e. a surrogate pair ``<D842DFB7>``. This TTFont rewrites the CMap
of any subset that holds such a character (other subsets stay byte for byte
what ReportLab writes).
"""
from __future__ import annotations

from typing import Any

from reportlab.pdfbase.ttfonts import SUBSETN, TTFont


def utf16_hex(code: int) -> str:
    """A code point as the UTF-16BE hex a ToUnicode CMap wants (four or eight digits)."""
    return chr(code).encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's makeToUnicodeCMap, with UTF-16BE destinations."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname,
        "/Ordering (%s)" % fontname,
        "/Supplement 0",
        ">> def",
        "/CMapName /%s def" % fontname,
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1),
        "endcodespacerange",
        "%d beginbfchar" % len(subset),
        *("<%02X> <%s>" % (i, utf16_hex(v)) for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ])


class UnicodeTTFont(TTFont):
    """A TrueType font whose ToUnicode maps every code back to its character,
    including those outside the Basic Multilingual Plane."""

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        wide = []
        if state is not None:
            for n, subset in enumerate(state.subsets):
                if any(code > 0xFFFF for code in subset):
                    name = b"".join((SUBSETN(n), b"+", self.face.name,
                                     self.face.subfontNameX)).decode("pdfdoc")
                    wide.append((name, list(subset)))
        super().addObjects(doc)
        for name, subset in wide:
            doc.idToObject["toUnicodeCMap:" + name].content = to_unicode_cmap(name, subset)
