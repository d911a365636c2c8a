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
    assert [c[2:5] for c in _contrast(_page(text), {}, text)] == \
        [((255, 255, 255), (255, 255, 255), 1.0)]
    photo = b"q 200 0 0 200 0 0 cm /Im1 Do Q " + text
    assert _contrast(_page(photo), {}, photo) == []
    # a fill over the photo is measured again
    boxed = photo.replace(b"BT", b"1 1 1 rg 10 10 50 50 re f BT")
    assert _contrast(_page(boxed), {}, boxed) != []


def _starter(root, old: str, new: str) -> Project:
    write_starter(root)
    layout = root / "layout" / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    assert old in text
    layout.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Project(root)


def test_invisible_body_text_is_an_error_at_the_style_line(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    old = "  body: {font: regular, size: 10pt, leading: 18pt, color: ink,"
    project = _starter(tmp_path / "r", old, old.replace("ink", "white"))
    lines = (project.layout / "layout.yaml").read_text(encoding="utf-8").split("\n")
    row = next(k for k, ln in enumerate(lines, 1) if ln.startswith("  body:"))
    col = lines[row - 1].index("color: white") + 1
    with pytest.raises(BuildError) as exc:
        build(project, "screen")
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == 1, got
    assert f"layout/layout.yaml:{row}:{col}: preflight (screen): " in got[0], got
    assert "10 pt text in 'white' (#FFFFFF) on 'white' (#FFFFFF) has contrast 1.00:1" in got[0]
    assert "styles.body" in got[0] and "cannot see" in got[0]
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
    assert any("WCAG 2.2 AA" in str(w) and "grey-light" in str(w) for w in res.check.warnings)
