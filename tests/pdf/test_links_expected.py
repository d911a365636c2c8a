"""'no links' is a warning only where the content has something that links.

Found building a report with no contents page: a report of text alone (no
TOC, no index, no chapter opener, no QR code) was warned 'no links — a TOC
or an index links to its pages; this PDF has neither', as if something had
gone wrong. It has no links to make. Where a block that links is there and
the PDF has none, the warning stands, at that block's line."""
from __future__ import annotations

from types import SimpleNamespace

from csrpress.build import build
from csrpress.errors import Collector, Mark
from csrpress.pdf.preflight import _check_file, link_sources
from csrpress.source.content import Block
from csrpress.source.layout import load_layout
from tests.samples import mini_project


def test_a_report_without_links_to_make_is_not_warned(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - 第一段文字。\n  - 第二段文字。\n")
    res = build(project, "screen")
    assert not any("no links" in str(w) for w in res.check.warnings), res.check.warnings
    assert res.check.facts["links"] == 0


def test_a_toc_that_made_no_links_is_warned_at_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - 第一段文字。\n")
    res = build(project, "screen")
    data = res.pdf.read_bytes()                   # a PDF without links …
    layout = load_layout(project.layout, Collector())
    edition = layout.editions["screen"]
    toc = Block("toc", "目录", {}, Mark(project.content / "part.yaml", 4, 5), "test")
    report = SimpleNamespace(blocks=[toc])        # … for content with a TOC
    assert link_sources(report) == [("the contents (toc)", toc.mark)]
    limits = ("links-test", edition.colour, edition.page_multiple, edition.bleed,
              edition.links, layout.safety, layout.page_size, layout.bleed, "", 300.0, "")
    pf = _check_file(data, layout, edition, limits, link_sources(report))
    (warned,) = [w for w in pf.warnings if "no links" in str(w)]
    assert "part.yaml:4:5" in str(warned) and "contents (toc)" in str(warned)


def test_the_starter_links_and_is_not_warned(tmp_path, monkeypatch):
    """(the starter has a TOC, a GRI index and a back cover QR code)"""
    from csrpress.build import Project
    from csrpress.cli import write_starter

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "s")
    res = build(Project(tmp_path / "s"), "screen")
    assert res.check.facts["links"] > 0
    assert not any("no links" in str(w) for w in res.check.warnings)
