"""What follows the cover starts a body page of its own.

Found from outside: a report without a contents block (the starter with its
toc removed) set its founder letter on the cover's back in the cover's frame
— the whole page, no margins, no running head or folio — and preflight then
failed the build with 'text within 5 mm of the trim', an error the writer
could do nothing about. (The contents, when there, made the break.)"""
from __future__ import annotations

import pytest

from csrpress.build import build
from tests import pdfread
from tests.samples import starter_with


@pytest.mark.parametrize("part, anchor, replacement", [
    ("00-cover.yaml", "  - toc: 目录\n", ""),                       # the letter follows the cover
    ("00-cover.yaml", "  - toc: 目录\n", "  - 正文紧接封面。\n"),     # a paragraph in the cover's part
])
def test_the_page_after_the_cover_is_a_body_page(tmp_path, monkeypatch, part, anchor, replacement):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = starter_with(tmp_path / "report", "", part, anchor)
    path = project.content / part
    path.write_text(path.read_text(encoding="utf-8").replace(anchor, replacement, 1),
                    encoding="utf-8")
    res = build(project)
    doc = pdfread.open_pdf(res.pdf)
    try:
        page = doc[1]
        trim = page.trimbox
        words = [w for w in page.get_text("words")]
        assert words
        # everything inside the margins: nothing near the trim, a folio at the foot
        assert min(w[0] for w in words) > trim.x0 + 15 * 72 / 25.4
        assert max(w[2] for w in words) < trim.x1 - 15 * 72 / 25.4
        assert min(w[1] for w in words) > trim.y0 + 10 * 72 / 25.4
        assert "2" in [w[4] for w in words]                          # its folio
    finally:
        doc.close()


@pytest.mark.parametrize("drop", ["cover", "cover and contents"])
def test_a_report_without_a_cover_starts_on_its_first_page(tmp_path, monkeypatch, drop):
    """Found from outside: without a cover, the contents (a new page) or the
    first heading broke from a first page that had nothing on it: page 1 was
    blank but for its running head and folio."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = starter_with(tmp_path / "report", "", "00-cover.yaml", "  - toc: 目录\n")
    path = project.content / "00-cover.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[:text.index("  - cover:")] + ("" if "contents" in drop else "  - toc: 目录\n")
    path.write_text(text, encoding="utf-8")
    res = build(project)
    doc = pdfread.open_pdf(res.pdf)
    try:
        first = "".join(doc[0].get_text().split())
        # (a blank page 1 had its running head: the contents' entries, the letter's text)
        assert ("公司简介" if drop == "cover" else "这是示例文字") in first, first[:40]
    finally:
        doc.close()
