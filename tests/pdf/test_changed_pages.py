"""The pages a build reports as changed are every page whose drawing changed.

Found from outside: renaming a heading (公司治理 → 公司治理架构) reported its
own page, the contents and the chapter opener as changed, not the pages after
it whose running head now read the new name; the proof PDF (build --proof)
left them out and the document's ids ignored them. A page's fingerprint left
out text drawn as one string (running heads, folios, chart labels: ReportLab's
drawString writes through textLine, which the canvas did not log)."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.build import build
from tests.samples import edit_stamped, starter_with


def _streams(pdf: Path) -> list[bytes]:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return [page.Contents.read_bytes() for page in doc.pages]


# a section long enough to run over a page: its pages carry its running head
LONG = "".join(f"  - 本段为第 {i} 段示例正文，用于让本节跨越多页，以便检查页眉是否随标题一同更新。"
               "公司持续完善治理结构，推动绿色低碳转型，加强员工培训与关爱。\n" for i in range(40))


@pytest.mark.parametrize("old,new", [("heading: 员工发展", "heading: 员工成长"),
                                     ('label: "2022"', 'label: "2021"')])
def test_every_page_drawn_differently_is_reported(tmp_path, monkeypatch, old, new):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = starter_with(tmp_path / "report", LONG)
    before = _streams(build(project).pdf)
    path = project.root / "content" / ("30-people.yaml" if "heading" in old
                                       else "20-environment.yaml")
    edit_stamped(path, old, new, 1)
    res = build(project)
    after = _streams(res.pdf)
    assert len(after) == len(before)
    differ = [i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert differ
    assert set(differ) <= set(res.changed), (differ, res.changed)
