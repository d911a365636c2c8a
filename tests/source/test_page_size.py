"""Named page sizes in layout/: page.size: A4 (or B5, 'A4 landscape', letter …)."""
from __future__ import annotations

import pytest

from csrpress.errors import Collector
from csrpress.source.layout import load_layout
from tests.samples import mini_project

MM = 72 / 25.4


def _layout_with(tmp_path, size: str):
    project = mini_project(tmp_path, "  - 一段。\n")
    path = project.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  size: [210mm, 285mm]", f"  size: {size}", 1), encoding="utf-8")
    errors = Collector()
    return load_layout(project.layout, errors), [str(d) for d in errors.errors]


@pytest.mark.parametrize("size, mm", [("A4", (210, 297)), ("b5", (176, 250)),
                                      ("A4 landscape", (297, 210))])
def test_named_sizes(tmp_path, size, mm):
    layout, errs = _layout_with(tmp_path, size)
    assert errs == [] and layout.page_size == pytest.approx((mm[0] * MM, mm[1] * MM))


def test_an_unknown_name_is_located_with_a_guess(tmp_path):
    _, errs = _layout_with(tmp_path, "A44")
    assert any("layout.yaml:5:" in e and "unknown page size 'A44'" in e and "A4" in e
               for e in errs), errs


@pytest.mark.parametrize("typed, said", [
    ("A7", ["unknown page size 'A7'"]),
    ("'210mm x 297mm'", ["unknown page size '210mm x 297mm'"]),
    ("[0mm, 0mm]", ["'page.size (width)' is 0 pt", "'page.size (height)' is 0 pt"]),
    ("[210mm, 5mm]", ["'page.size (height)' is 14.1732 pt"]),
])
def test_a_bad_page_size_is_said_once_at_its_value(tmp_path, monkeypatch, typed, said):
    """An unknown size name was reported, then again as "must be [width,
    height]"; a [0mm, 0mm] size gave one message twice at the list. Each
    problem is one error, at the value it is about."""
    from csrpress.build import build
    from csrpress.errors import BuildError
    from tests.samples import starter_layout_edited

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = starter_layout_edited(tmp_path / "r", "\n  size: A4", f"\n  size: {typed}")
    with pytest.raises(BuildError) as exc:
        build(project)
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == len(said), got
    for line, text in zip(got, said):
        assert "layout.yaml:6:" in line and text in line, got
    assert not (project.root / "dist").exists() or not list((project.root / "dist").glob("*.pdf"))
