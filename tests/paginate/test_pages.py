"""Page furniture: running heads and folios mirrored on body pages, none on
covers, chapter openers and blank pages; chapters open on right-hand pages."""
from __future__ import annotations

from csrpress.errors import Collector
from csrpress.source.layout import load_layout

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _folio(page, layout):
    """(text, x-centre) of the folio in the band below the text area, or None."""
    h = page.rect.height
    band = h - layout.margins["bottom"] + 2
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            for span in line["spans"]:
                if span["bbox"][1] > band and span["text"].strip().isdigit():
                    return span["text"].strip(), (span["bbox"][0] + span["bbox"][2]) / 2
    return None


def test_folios_and_running_heads(built, pdf):
    layout = load_layout(ROOT / "layout", Collector())
    openers = {built.anchors[k] for k in ("ch1", "ch2", "appendix")}
    width = pdf[0].rect.width
    blank = 0
    for page in pdf:
        n = page.number + 1
        text = page.get_text().strip()
        folio = _folio(page, layout)
        if n == 1 or n == pdf.page_count or n in openers:
            assert folio is None, n                       # covers and openers: none
            continue
        if not text:
            blank += 1                                    # a blank page: nothing at all
            continue
        assert folio is not None and folio[0] == str(n), (n, folio)
        if n % 2:      # right-hand page: folio and head at the outer (right) edge
            assert folio[1] > width / 2, n
        else:
            assert folio[1] < width / 2, n
        head = page.get_text("text", clip=(0, 0, width, layout.margins["top"] - 2)).strip()
        assert head, n
    for n in openers:
        assert n % 2 == 1
        assert not pdf[n - 2].get_text().strip() or _folio(pdf[n - 2], layout) is not None


def test_blank_pages_are_blank(built, pdf):
    # a blank verso before a chapter carries no running head and no folio
    for n in {built.anchors[k] for k in ("ch1", "ch2", "appendix")}:
        before = pdf[n - 2]
        if not before.get_text().strip():
            assert not before.get_drawings() and not before.get_images()


def test_a_report_without_a_back_cover_is_padded_at_its_end(tmp_path, monkeypatch):
    """The print edition's page count is a multiple of its page_multiple: a
    report that ends without a back cover (which pads before itself) gets its
    blank pages at the end (it failed its own preflight, exit 1)."""
    from csrpress.build import build
    from tests import pdfread
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path, "  - 只有一页的报告，没有封面，也没有封底。\n")
    screen, printed = build(project, "screen"), build(project, "print")
    assert screen.pages == 1 and printed.pages == 2
    last = pdfread.open_pdf(printed.pdf)[1]
    assert "".join(last.get_text().split()) == ""


def test_a_trailing_page_break_adds_no_page_in_either_edition(tmp_path, monkeypatch):
    from csrpress.build import build
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path, "  - 第一页的正文。\n  - page_break: next\n  - 第二页的正文。\n"
                                     "  - page_break: recto\n")
    assert build(project, "screen").pages == 2 and build(project, "print").pages == 2
