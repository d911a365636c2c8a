"""tools/bench.py: the scaled projects it measures are valid reports, and the
Typst document it compares with holds the report's text."""
from __future__ import annotations

import sys
from pathlib import Path

from csrpress.errors import Collector
from csrpress.source.content import load_report

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import bench  # noqa: E402


def test_scaled_project_is_a_valid_report(tmp_path: Path) -> None:
    bench.make_project(tmp_path, 2)
    errors = Collector()
    report = load_report(tmp_path / "content", errors)
    single = load_report(ROOT / "content", Collector())
    assert report is not None and single is not None and not errors.errors
    assert len(report.blocks) > 1.5 * len(single.blocks)


def test_typst_document_has_the_reports_text() -> None:
    doc = bench.typst_document(ROOT)
    report = load_report(ROOT / "content", Collector())
    assert report is not None
    heading = next(b for b in report.blocks if b.type == "heading")
    para = next(b for b in report.blocks if b.type == "p")
    assert f'#heading(level: 2)[#"{heading.value}"]' in doc
    assert f'#"{para.value}"' in doc
    assert "#table(" in doc


def test_paragraph_edits_are_new_texts(tmp_path: Path) -> None:
    """Each edit gives a text no earlier edit gave (a memo keyed by content
    must not find it), and the list's end brings the original back."""
    bench.make_project(tmp_path, 1)
    before = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "content").glob("*.yaml")}
    bench.edit_paragraph(tmp_path)
    changed = [p for p, t in before.items() if p.read_text(encoding="utf-8") != t]
    assert len(changed) == 1
    seen = {before[changed[0]], changed[0].read_text(encoding="utf-8")}
    for _ in range(len(bench.EDIT_CHARS) - 1):
        bench.edit_paragraph(tmp_path)
        seen.add(changed[0].read_text(encoding="utf-8"))
    assert len(seen) == len(bench.EDIT_CHARS) + 1
    bench.edit_paragraph(tmp_path)
    assert changed[0].read_text(encoding="utf-8") == before[changed[0]]
