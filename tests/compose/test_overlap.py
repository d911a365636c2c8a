"""No two lines of text overlap anywhere in the built report."""
from __future__ import annotations


def _chars(page):
    out = []
    for b in page.get_text("rawdict")["blocks"]:
        for line in b.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    if ch["c"].strip():
                        x0, y0, x1, y1 = ch["bbox"]
                        base = round(ch["origin"][1], 1)
                        # the glyph's em box, shrunk a little: touching is not overlapping
                        out.append((x0 + 0.3, y0 + 0.3, x1 - 0.3, y1 - 0.3, base, ch["c"]))
    return out


def test_no_overlapping_text(pdf):
    bad = []
    for page in pdf:
        chars = sorted(_chars(page))
        for i, a in enumerate(chars):
            for b in chars[i + 1:]:
                if b[0] >= a[2]:
                    break
                if a[4] == b[4]:
                    continue        # same line: compressed punctuation may share its blank half
                if a[1] < b[3] and b[1] < a[3]:
                    bad.append((page.number + 1, a[5], b[5]))
    assert bad == [], f"{len(bad)} overlaps, first: {bad[:5]}"
