"""Text a reader cannot see (contrast below printcheck.INVISIBLE: white on
white) is an error at the layout line that sets its colour, and nothing is
written; text that is legible but fails WCAG AA stays a warning; text over
a photo is not measured against the paper or the fill under the photo."""
from __future__ import annotations

import pikepdf
import pytest

from csrpress.build import Project, build
from csrpress.cli import write_starter
from csrpress.errors import BuildError
from csrpress.pdf.printcheck import _contrast

_PDF = pikepdf.new()


def _page(contents: bytes) -> pikepdf.Page:
    page = _PDF.add_blank_page(page_size=(200, 200))
    page.obj.Contents = _PDF.make_stream(contents)
    return page


def test_white_text_on_white_is_found_but_not_over_a_photo():
    text = b"BT /F1 12 Tf 1 1 1 rg 1 0 0 1 20 20 Tm (x) Tj ET"
    assert [c[2:5] for c in _contrast(_page(text), None, text)] == \
        [((255, 255, 255), (255, 255, 255), 1.0)]
    photo = b"q 200 0 0 200 0 0 cm /Im1 Do Q " + text
    assert _contrast(_page(photo), None, photo) == []
    # a fill over the photo is measured again
    boxed = photo.replace(b"BT", b"1 1 1 rg 10 10 50 50 re f BT")
    assert _contrast(_page(boxed), None, boxed) != []


def _starter(root, old: str, new: str) -> Project:
    write_starter(root)
    layout = root / "layout" / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    assert old in text
    layout.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Project(root)


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_invisible_body_text_is_an_error_at_the_style_line(tmp_path, monkeypatch, edition):
    """In either edition: the check read the screen edition's pages only, and
    `--edition print` alone wrote white body text on white paper without a word."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    old = "  body: {font: regular, size: 10pt, leading: 18pt, color: ink,"
    project = _starter(tmp_path / "r", old, old.replace("ink", "white"))
    lines = (project.layout / "layout.yaml").read_text(encoding="utf-8").split("\n")
    row = next(k for k, ln in enumerate(lines, 1) if ln.startswith("  body:"))
    col = lines[row - 1].index("color: white") + 1
    with pytest.raises(BuildError) as exc:
        build(project, edition)
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == 1, got
    assert f"layout/layout.yaml:{row}:{col}: preflight ({edition}): " in got[0], got
    assert "10 pt text in 'white' (#FFFFFF) on 'white' (#FFFFFF) has contrast 1.00:1" in got[0]
    assert "styles.body" in got[0] and "cannot see" in got[0]
    assert "its ground" not in got[0]                   # on the paper: no setting named
    assert "first in the block at " in got[0] and "content/" in got[0]
    assert not project.dist.exists() or not list(project.dist.glob("*.pdf"))   # nothing written


def test_legible_text_failing_aa_stays_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    old = "  body: {font: regular, size: 10pt, leading: 18pt, color: ink,"
    project = _starter(tmp_path / "r", old, old.replace("ink", "grey-light"))
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("  grey: {cmyk: [0, 0, 0, 60]}",
                                   "  grey: {cmyk: [0, 0, 0, 60]}\n"
                                   "  grey-light: {cmyk: [0, 0, 0, 40]}", 1), encoding="utf-8")
    res = build(project, "screen")
    assert not res.check.errors
    weak = [str(w) for w in res.check.warnings if "WCAG 2.2 AA" in str(w)]
    assert weak and all("grey-light" in w for w in weak)
    # each at the first content block it was seen in (it gave a page only):
    # the letter's body (10 pt body text), then the paragraph with **bold**
    about = (project.content / "10-about.yaml").read_text(encoding="utf-8").split("\n")
    letter = next(k for k, ln in enumerate(about, 1) if ln.startswith("  - letter:"))
    bold = next(k for k, ln in enumerate(about, 1) if "**加粗**" in ln)
    assert f"content/10-about.yaml:{letter}:5: warning:" in weak[0] and "10 pt text" in weak[0]
    assert any(f"content/10-about.yaml:{bold}:5: warning:" in w and "bold" in w for w in weak)


@pytest.mark.parametrize("edition", ["print", "screen"])
def test_an_invisible_ground_names_the_line_that_sets_it(tmp_path, monkeypatch, edition):
    """White table heads on a header band made white: the band's line is named
    as well as the heads' style."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = _starter(tmp_path / "r", "    header_background: brand",
                       "    header_background: white")
    lines = (project.layout / "layout.yaml").read_text(encoding="utf-8").split("\n")
    band = next(k for k, ln in enumerate(lines, 1) if ln == "    header_background: white")
    with pytest.raises(BuildError) as exc:
        build(project, edition)
    got = [str(d) for d in exc.value.diagnostics]
    heads = [g for g in got if "styles.table-head" in g]
    assert len(heads) == 1, got
    assert f"its ground by components.table.header_background at " in heads[0]
    assert f"layout/layout.yaml:{band}:5" in heads[0]
    assert f"preflight ({edition})" in heads[0] and "cannot see" in heads[0]


def test_print_measures_contrast_through_the_output_profile(tmp_path, monkeypatch):
    """Green table heads (C100 Y100) on a slate band (40/30/30/50): ReportLab's
    naive conversion, which the print check read, puts them 9.8:1 apart (pure
    green on a near-black); on the press (the output profile: FOGRA39 here)
    they are a mid green on a mid grey, 1.4:1. `--edition print` wrote them
    without a word; measured through the profile it is the error it is."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = _starter(tmp_path / "r", "    header_background: brand",
                       "    header_background: slate")
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    text = text.replace("  grey: {cmyk: [0, 0, 0, 60]}", "  grey: {cmyk: [0, 0, 0, 60]}\n"
                        "  slate: {cmyk: [40, 30, 30, 50]}\n  green: {cmyk: [100, 0, 100, 0]}", 1)
    head = "  table-head: {font: bold, size: 9pt, leading: 14pt, color: white,"
    assert head in text
    layout.write_text(text.replace(head, head.replace("white", "green"), 1), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    got = [str(d) for d in exc.value.diagnostics]
    heads = [g for g in got if "styles.table-head" in g and "cannot see" in g]
    assert heads and "'green'" in heads[0] and "'slate'" in heads[0], got
    assert "preflight (print)" in heads[0]
