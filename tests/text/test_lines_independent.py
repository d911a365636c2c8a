"""The same clreq rules, checked with no knowledge of how the report was built:
characters are grouped into rows by baseline, rows into columns by gaps, and
rows into paragraphs by left edge and line pitch — as an outside audit would."""
from __future__ import annotations

from collections import defaultdict

from csrpress.text.atoms import NO_END, NO_START

CLOSING = "，。、；：！？”’）》」』"


def rows_of(page):
    """Rows of text on a page: (baseline, x0, x1, size, text), split at wide gaps."""
    by_base = defaultdict(list)
    for b in page.get_text("rawdict")["blocks"]:
        for line in b.get("lines", []):
            for span in line["spans"]:
                for c in span["chars"]:
                    if c["c"].strip():
                        by_base[round(c["origin"][1], 1)].append(
                            (c["origin"][0], c["bbox"][2], round(span["size"], 1), c["c"]))
    rows = []
    for y, chars in by_base.items():
        chars.sort()
        seg = [chars[0]]
        for a, b in zip(chars, chars[1:]):
            if b[0] - a[1] > 1.5 * max(a[2], b[2]):
                rows.append(_row(y, seg))
                seg = []
            seg.append(b)
        rows.append(_row(y, seg))
    return rows


def _row(y, seg):
    return y, seg[0][0], seg[-1][1], seg[0][2], "".join(c[3] for c in seg)


def paragraphs(rows):
    """Chains of rows: same size, same left edge (or a first-line indent), one pitch."""
    chains = []
    for row in sorted(rows, key=lambda r: (r[3], r[0])):
        y, x0, x1, size, text = row
        for chain in chains:
            py, px0, px1, psize, _ = chain[-1]
            pitch = y - py
            same_left = abs(x0 - px0) < 0.6 or (len(chain) == 1 and abs(px0 - x0 - 2 * size) < 0.6)
            if psize == size and 1.2 * size <= pitch <= 2.3 * size and same_left:
                chain.append(row)
                break
        else:
            chains.append([row])
    return [c for c in chains if len(c) > 1]


def test_rows_obey_the_prohibitions(pdf):
    rows = [(p.number + 1, r) for p in pdf for r in rows_of(p)]
    assert len(rows) > 2000
    bad = [(n, r[4]) for n, r in rows if r[4][0] in NO_START or r[4][-1] in NO_END]
    assert bad == []


def _words_around(a: str, b: str) -> tuple[str, str]:
    import re
    return re.findall(r"[A-Za-z0-9.,%/:-]+$", a)[0], re.findall(r"^[A-Za-z0-9.,%/:-]+", b)[0]


def test_no_lone_character_or_split_word_between_rows(pdf):
    """A Latin word or number broken across rows would read joined in the
    content; two words broken at their space read with the space."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(root / "tools"))
    import source_coverage
    content = source_coverage.yaml_text(sorted((root / "content").glob("*.yaml")))
    lone, split = [], []
    chains = 0
    for page in pdf:
        for chain in paragraphs([r for r in rows_of(page) if not r[4].isdigit()]):
            chains += 1
            last = chain[-1][4]
            if len(last.strip(CLOSING)) == 1 and "\u4e00" <= last[0] <= "\u9fff":
                lone.append((page.number + 1, last))
            for a, b in zip(chain, chain[1:]):
                x, y = a[4][-1], b[4][0]
                if x.isascii() and x.isalnum() and y.isascii() and y.isalnum():
                    left, right = _words_around(a[4], b[4])
                    if f"{left} {right}" not in content:
                        split.append((page.number + 1, left, right))
    assert chains > 300
    assert lone == [] and split == []
