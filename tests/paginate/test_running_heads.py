"""Running heads name the section of the first content on the page, seen from
outside: the outline says where each section starts, the page's text says
whether its first line is that start."""
from __future__ import annotations

from pathlib import Path

from csrpress.errors import Collector
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]


def _squash(text: str) -> str:
    return "".join(text.split())


def _lines(page, y0: float, y1: float) -> list[tuple[float, str]]:
    """Text lines between two heights (top-down), in reading order."""
    out = []
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            top = line["bbox"][1]
            text = "".join(s["text"] for s in line["spans"])
            if y0 <= top < y1 and text.strip():
                out.append((round(top, 1), text))
    return sorted(out)


def expected_heads(pdf, layout) -> dict[int, str]:
    """Page → the section its first content belongs to (body pages only)."""
    top, bottom = layout.margins["top"], layout.margins["bottom"]
    sections = [(page, _squash(title)) for level, title, page in pdf.get_toc()
                if level <= 1 + int(layout.components["running_head"]["level"]) and page > 1]
    chapters = [_squash(title) for level, title, _ in pdf.get_toc() if level == 1]
    out: dict[int, str] = {}
    for page in pdf:
        n = page.number + 1
        body = _lines(page, top - 1, page.rect.height - bottom)
        # a part opener's head line repeats its chapter's title (decoration)
        body = [b for b in body if not any(_squash(b[1]).endswith(c) and _squash(b[1]) != c
                                           for c in chapters)]
        if not body or n == 1:
            continue
        first = _squash(body[0][1])
        here = [t for p, t in sections if p == n]
        earlier = [t for p, t in sections if p < n]
        if here and (here[0].startswith(first) or first.startswith(here[0])):
            out[n] = here[0]
        elif earlier:
            out[n] = earlier[-1]
        else:                       # before the first section: the contents
            out[n] = out.get(n - 1) or first
    return out


def test_running_head_is_the_section_of_the_first_content(pdf):
    layout = load_layout(ROOT / "layout", Collector())
    width = pdf[0].rect.width
    wrong = []
    for n, want in expected_heads(pdf, layout).items():
        page = pdf[n - 1]
        head = _squash(page.get_text("text", clip=(0, 0, width, layout.margins["top"] - 2)))
        if not head:       # an opener or a cover: no furniture
            continue
        if head != want:
            wrong.append((n, head, want))
    assert not wrong


def test_heads_follow_parts_and_continuations(pdf):
    """The contents' second page is still the contents; a chapter's parts
    appear in the heads; the appendix opener says its title once."""
    layout = load_layout(ROOT / "layout", Collector())
    width = pdf[0].rect.width
    heads = [_squash(p.get_text("text", clip=(0, 0, width, layout.margins["top"] - 2)))
             for p in pdf]
    assert heads[1] and heads[2] == heads[1]
    parts = [t for lvl, t, _ in pdf.get_toc() if lvl == 2]
    assert len({h for h in heads if h in {_squash(t) for t in parts}}) >= 3
    for p in pdf:
        text = _squash(p.get_text())
        for lvl, title, page in pdf.get_toc():
            if lvl == 1 and page == p.number + 1 and not heads[p.number]:
                assert text.count(_squash(title)) <= 1, (page, title)


def test_a_running_head_longer_than_the_grid_is_cut_with_an_ellipsis(tmp_path):
    """An 80-character section title: its running head ends in “…” inside the
    page (drawn whole it ran past the trim: a preflight error at no line)."""
    from csrpress.build import build
    from tests import pdfread
    from tests.samples import mini_project

    title = ("绿色低碳循环发展与气候变化应对行动" * 6)[:80]
    blocks = (f"  - chapter: 章\n    number: \"01\"\n  - heading: {title}\n    level: 1\n"
              + "  - 正文很长的一段话，写满一页又一页。\n" * 60)
    result = build(mini_project(tmp_path, blocks))
    doc = pdfread.open_pdf(result.pdf)
    heads = 0
    for page in doc:
        top = [ch for ch in page.chars if "bbox" in ch and ch["bbox"][3] < 60]
        if not top or "…" not in "".join(ch["c"] for ch in top):
            continue
        heads += 1
        assert all(page.trimbox.x0 <= ch["bbox"][0] and ch["bbox"][2] <= page.trimbox.x1
                   for ch in top)
    assert heads >= 2


def test_a_running_head_is_set_as_the_body_sets_its_heading(tmp_path):
    """A running head was drawn as the raw title: the em dash between English
    words centred (Chinese height), '(TCFD)' after Han in ASCII brackets and
    no Han–Latin gap ('披露2025'), while the heading itself, through the
    paragraph engine, had none of these. Both are set alike now."""
    import ctypes

    import pypdfium2.raw as raw
    import pytest

    from csrpress.build import build
    from tests import pdfread
    from tests.samples import starter_with

    title = "Climate — Risk 与排放(TCFD)披露2025"
    blocks = (f"  - heading: {title}\n    level: 1\n"
              + "  - 我们持续提升能源效率，扩大可再生能源使用比例，并逐年公布数据。\n" * 40)
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    try:
        res = build(starter_with(tmp_path / "report", blocks), "screen")
    finally:
        mp.undo()
    doc = pdfread.open_pdf(res.pdf)
    try:
        heads = []
        for k, page in enumerate(doc.pdfium):
            tp = page.get_textpage()
            n = raw.FPDFText_CountChars(tp.raw)
            chars = [chr(raw.FPDFText_GetUnicode(tp.raw, i)) for i in range(n)]
            h = page.get_height()
            l, r, b, t = (ctypes.c_double() for _ in range(4))
            x, y = ctypes.c_double(), ctypes.c_double()
            row = []
            for i, c in enumerate(chars):
                if c.isspace():
                    continue
                raw.FPDFText_GetCharBox(tp.raw, i, l, r, b, t)
                raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
                if y.value > h - 60:              # above the text area: the running head
                    row.append((c, l.value, r.value, (b.value + t.value) / 2 - y.value,
                                raw.FPDFText_GetFontSize(tp.raw, i)))
            tp.close()
            if "".join(c[0] for c in row).startswith("Climate"):
                heads.append(row)
    finally:
        doc.close()
    assert heads, "no page with the heading's running head"
    row = sorted(heads[0], key=lambda c: c[1])
    assert "".join(c[0] for c in row) == "Climate—Risk与排放（TCFD）披露2025"
    dash = next(c for c in row if c[0] == "—")
    assert dash[3] / dash[4] < 0.33, dash          # at Latin height (Chinese: ~0.38 em)
    lu, two = next(c for c in row if c[0] == "露"), next(c for c in row if c[0] == "2")
    assert (two[1] - lu[2]) / lu[4] > 0.15          # the Han–Latin gap
