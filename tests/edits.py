"""The edits of issue #16's series (a paragraph, a heading the contents show,
a part removed or added, a layout value), made on a copy of the report by the
tests of incremental builds: in one session (test_incremental), in watch
(paginate/test_segments) and by new processes (paginate/test_tapefile)."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) once in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def paragraph(p: Any) -> None:
    edit(p.content / "11-record.yaml", "对认真生活的人而言，年龄只是数字而已。",
         "对认真生活的人而言，年龄只是一个数字而已。")


def heading(p: Any) -> None:                 # the contents show it
    edit(p.content / "12-connect.yaml", "  - heading: 时间不再是鸿沟",
         "  - heading: 时间从来不是鸿沟")


def remove_part(p: Any) -> None:
    edit(p.content / "report.yaml", "  - 12-connect.yaml\n", "")
    (p.content / "12-connect.yaml").unlink()


def add_part(p: Any, sentence: str) -> None:
    """A part of a heading and `sentence`, listed after 14-action-2.yaml."""
    (p.content / "15-added.yaml").write_text(
        "part: added\ntitle: 新增章节\nblocks:\n  - heading: 新增章节\n    level: 1\n"
        f"    id: added\n  - {sentence}\n", encoding="utf-8")
    edit(p.content / "report.yaml", "  - 14-action-2.yaml\n",
         "  - 14-action-2.yaml\n  - 15-added.yaml\n")


def layout_value(p: Any) -> None:
    edit(p.layout / "layout.yaml", "body: {font: regular, size: 10pt, leading: 18pt",
         "body: {font: regular, size: 10pt, leading: 18.5pt")


def clean_pdf(p: Any, where: Path, monkeypatch: Any, edition: str = "screen") -> bytes:
    """The PDF a build from nothing (a copy of the project, an empty cache, a
    new session, nothing replayed or verified) makes, to compare with an
    incremental build's."""
    import shutil

    from csrpress.build import Project, build_all
    from csrpress.paginate.replay import VERIFY_ENV

    clean = Project(where / "clean")
    shutil.rmtree(clean.root, ignore_errors=True)
    for name in ("content", "layout", "images", "fonts"):
        shutil.copytree(p.root / name, clean.root / name)
    with monkeypatch.context() as m:
        m.setenv("CSRPRESS_CACHE", str(where / "clean-cache"))
        m.delenv(VERIFY_ENV, raising=False)
        shutil.rmtree(where / "clean-cache", ignore_errors=True)
        return build_all(clean, [edition])[0].pdf.read_bytes()
