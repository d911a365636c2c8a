"""ToUnicode CMaps: every code a font shows maps back to its character.

Destinations are UTF-16BE, so a character above U+FFFF (CJK Extension B–G)
is a surrogate pair ``<D842DFB7>``, not the five digits ``<20BB7>`` that
readers take as U+20BB (ReportLab's own CMaps wrote those: copy, search and
screen readers got another character).
"""
from __future__ import annotations

CMAP_BLOCK = 100            # bfchar entries per block (the CMap language's limit)


def utf16_hex(code: int) -> str:
    """A code point as the UTF-16BE hex a ToUnicode CMap wants (four or eight digits)."""
    return chr(code).encode("utf-16-be").hex().upper()


def to_unicode_cmap(codes: list[int], texts: list[str]) -> str:
    """A ToUnicode CMap for two-byte codes (Identity-H), each to its text."""
    out = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
           "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
           "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    pairs = [f"<{c:04X}> <{''.join(utf16_hex(ord(x)) for x in text)}>"
             for c, text in zip(codes, texts)]
    for i in range(0, len(pairs), CMAP_BLOCK):
        block = pairs[i:i + CMAP_BLOCK]
        out += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    out += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(out)
