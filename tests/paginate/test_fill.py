"""Pages are full and nothing is stranded, checked on the built PDF alone:
fill from the text and graphics on each page, headings and quote pieces
from the text rows."""
from __future__ import annotations

from pathlib import Path

from csrpress.errors import Collector
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]
MIN_FILL = 0.60


def _layout():
    return load_layout(ROOT / "layout", Collector())


def _has_folio(page, layout) -> bool:
    band = page.rect.height - layout.margins["bottom"] + 2
    return any(b["bbox"][1] > band and b["lines"] and
               "".join(s["text"] for s in b["lines"][0]["spans"]).strip().isdigit()
               for b in page.get_text("dict")["blocks"] if b.get("lines"))


def fill(page, layout) -> float:
    """How far down the text area the page's text and graphics reach (0..1)."""
    top, bottom = layout.margins["top"], layout.margins["bottom"]
    y0, y1 = top - 1, page.rect.height - bottom + 2
    ends = [b["bbox"][3] for b in page.get_text("dict")["blocks"]
            if b["bbox"][1] >= y0 and b["bbox"][3] <= y1]
    ends += [d["rect"].y1 for d in page.get_drawings()
             if d["rect"].y0 >= y0 - 0.5 and d["rect"].y1 <= y1]
    return (max(ends) - top) / (page.rect.height - top - bottom) if ends else 0.0


def fills(pdf, layout) -> dict[int, tuple[str, float]]:
    """Page → (kind, fill): body, end (before an opener, a blank or the back
    cover: a chapter's or the report's last page) or other (covers, openers,
    blanks)."""
    body = [_has_folio(p, layout) for p in pdf]
    out = {}
    for p in pdf:
        n = p.number
        kind = "other" if not body[n] else \
            "end" if n + 1 >= len(body) or not body[n + 1] else "body"
        out[n + 1] = (kind, fill(p, layout))
    return out


def test_body_pages_are_at_least_60_percent_full(pdf):
    """Every body page, a chapter's last page included (the report's layout
    copyfits chapter ends: components.chapter.end_steps, paginate.fit)."""
    layout = _layout()
    got = fills(pdf, layout)
    assert int(layout.components["chapter"].get("end_steps") or 0) > 0
    low = {n: round(f, 2) for n, (kind, f) in got.items()
           if kind in ("body", "end") and f < MIN_FILL}
    assert not low, f"pages under {MIN_FILL:.0%} full: {low}"
    assert sum(1 for k, _ in got.values() if k == "end") <= 6     # chapter ends only


def _rows(page, layout):
    """Text rows in the text area: (top, bottom, size, font, text), top-down."""
    top, bottom = layout.margins["top"], layout.margins["bottom"]
    rows = []
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            text = "".join(s["text"] for s in line["spans"]).strip()
            x0, y0, x1, y1 = line["bbox"]
            if text and top - 1 <= y0 < page.rect.height - bottom:
                s = line["spans"][0]
                rows.append((round(y0, 1), y1, round(s["size"], 1), s["chars"][0]["font"], text))
    return sorted(rows)


def test_headings_have_two_lines_after_them_on_their_page(pdf):
    layout = _layout()
    stranded = []
    for level, title, page in pdf.get_toc():
        if level < 2:
            continue
        want = "".join(title.split())
        rows = _rows(pdf[page - 1], layout)
        for i, row in enumerate(rows):
            got = "".join(row[4].split())
            if got and want.startswith(got):
                text, j = got, i + 1
                while len(text) < len(want) and j < len(rows):   # a heading on two lines
                    text, j = text + "".join(rows[j][4].split()), j + 1
                below = {r[0] for r in rows[j:] if r[0] > row[0]}
                if len(below) < 2:
                    stranded.append((page, title))
                break
    assert not stranded


def _run(rows, leading: float) -> int:
    """How many rows follow one another at one leading from the first."""
    n = 1
    while n < len(rows) and abs(rows[n][0] - rows[n - 1][0] - leading) < 1:
        n += 1
    return n


def test_a_split_quote_keeps_three_lines_on_each_page(pdf):
    """A quote running from one page to the next keeps three lines or more
    on each (a two-line scrap of a quote at a page foot is not allowed)."""
    layout = _layout()
    st = layout.style("quote")
    pages = [_rows(p, layout) for p in pdf]
    short = []
    for n in range(len(pages) - 1):
        a, b = pages[n], pages[n + 1]
        if not a or not b or a[-1][2] != st.size or b[0][2] != st.size:
            continue
        foot = _run(list(reversed([(-r[0],) for r in a])), st.leading)
        top = _run(b, st.leading)
        if foot < 3 or top < 3:
            short.append((n + 1, foot, top))
    assert not short


def test_breaks_before_headings_come_from_layout(tmp_path):
    """Sections run on unless layout lists the heading's level."""
    from csrpress.build import build
    from tests.pdfread import open_pdf
    from tests.samples import mini_project

    blocks = ("  - p: 第一段正文。\n  - heading: 第二节\n    level: 1\n  - p: 第二节的正文。\n")
    runs_on = mini_project(tmp_path / "a", blocks)
    assert len(open_pdf(build(runs_on).pdf)) == 1
    breaks = mini_project(tmp_path / "b", blocks)
    path = breaks.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    new_page_levels: []", "    new_page_levels: [1]"),
                    encoding="utf-8")
    assert len(open_pdf(build(breaks).pdf)) == 2


def test_a_side_note_that_ends_its_section_stands_beside_the_end_of_its_text(pdf):
    """The user card closing the wildlife section (a heading comes next) has
    its foot on the last line of the paragraph before it, not below it beside
    empty column or beside the next section."""
    layout = _layout()
    for page in pdf:
        rows = _rows(page, layout)
        card = [r for r in rows if "cc13821182009" in "".join(r[4].split())]
        text = [r for r in rows if "交易行为或信息" in "".join(r[4].split())]
        if card and text:
            assert abs(card[0][1] - text[0][1]) < 14
            return
    raise AssertionError("the card and its paragraph are not on one page")
