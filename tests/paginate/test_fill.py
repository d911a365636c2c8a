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


def test_a_closing_side_note_stays_with_its_section_and_on_its_page_side(tmp_path, monkeypatch):
    """A pull quote that ends its section (a heading comes next), at lengths
    of the text before it around a page's end. Two bugs: when its section's
    text ended on the page before, it was set beside the next section's
    heading at the top of the new page, as if it were that section's (it now
    closes its own, in the main column, above that heading: so does a quote
    whose text ends too high on the page for it to stand beside its end, which
    stood beside the next heading too); and on a last
    page that is a left-hand one it was drawn on the right of the main
    column, off the trim (ReportLab ends the last page after taking the
    document off the canvas, so the note read no page)."""
    from csrpress.build import build
    from tests import pdfread
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    seen = set()
    for k in (64, 66, 68, 70, 90):
        res = build(mini_project(tmp_path / f"p{k}", f"""  - heading: 甲部分
    level: 1
  - p: {"公司坚持绿色低碳发展，推进节能减排。" * k}
  - quote: [第一段引文，讲述公司的理念与坚持。, 第二段引文，继续阐述这一理念的由来。, 第三段引文，说明它如何落到实处。]
    by: 董事长 王明
  - heading: 乙部分
    level: 1
  - p: 乙部分的正文。
"""))
        doc = pdfread.open_pdf(res.pdf)
        page = next(p for p in doc if "第一段引文" in "".join(p.get_text().split()))
        words = page.get_text("words")
        quote = next(w for w in words if "第一段引文" in w[4])
        assert 0 < quote[0] and quote[2] < page.rect.width          # on the page
        head = [w for w in words if "乙部分" in w[4]]
        own = any("推进节能减排" in w[4] for w in words)
        if head and head[0][0] <= quote[0] < head[0][0] + 50:   # (the quote's own indent)
            # in the main column: its text ended on the page before, or too high on
            # this one to stand beside its end; it closes its section, above the heading
            assert quote[3] < head[0][1]
            seen.add("column")
        elif page.number % 2 == 1:         # a left-hand page: the side column is left
            body = min(w[0] for w in words if "推进节能减排" in w[4])
            assert quote[2] < body
            seen.add("verso")
    assert seen == {"column", "verso"}, seen


def _quote_after_cards(root: Path, next_level: int):
    from tests.samples import mini_project

    return mini_project(root, f"""  - heading: 甲部分
    level: 1
  - p: 公司坚持绿色低碳发展，推进节能减排，持续提升能源效率。
  - cards:
      - {{title: 培训, text: 全年培训二百万人次。}}
      - {{title: 福利, text: 补充医疗保险。}}
      - {{title: 安全, text: 工伤事故零起。}}
  - quote: [金融的温度，体现在每一笔服务实体经济的贷款里。, 我们要让更多人享受到公平的金融服务。]
    by: 行长 陈志远
  - heading: 乙部分
    level: {next_level}
  - p: 乙部分的正文，讲述员工发展的情况。
""")


def test_a_pull_quote_ending_its_section_under_a_block_across_the_grid_stays_in_it(tmp_path, monkeypatch):
    """A pull quote closing its section right after cards set across the grid
    has no text beside which to stand; in the side column it stood beside the
    next section's heading and text, as if it spoke for that section (found
    on a bank's report from outside). It closes its own section in the main
    column, above the next heading. Before a sub-section's heading (still its
    section) it stays in the side column, as before."""
    from csrpress.build import build
    from tests import pdfread

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    for level, in_main in ((1, True), (2, False)):
        doc = pdfread.open_pdf(build(_quote_after_cards(tmp_path / f"l{level}", level)).pdf)
        page = next(p for p in doc if "金融的温度" in "".join(p.get_text().split()))
        words = page.get_text("words")
        quote = next(w for w in words if "金融的温" in w[4])
        by = next(w for w in words if "陈志远" in w[4])
        head = next(w for w in words if "乙部分" == w[4])
        middle = page.rect.width / 2
        if in_main:
            assert by[3] < head[1], (by, head)                 # all of it above the heading
            assert quote[0] < middle                         # in the main column
        else:
            assert quote[0] > middle and by[3] > head[3]     # in the side column, beside it
