"""Incremental builds equal clean builds byte for byte.

A series of edits (a paragraph, a heading, a section removed, a section
added, a layout value, an image) is built the way an editor builds: in one
long-lived process (watch) and then in new processes that find the cache and
the last build's stamp. After each series the PDF must be byte-identical to
a clean build (empty cache, nothing held in memory) of the same content; a
page the edit did not change keeps its content stream byte for byte; and a
build with nothing changed must leave every output as it was.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from csrpress.build import Project, build_all
from csrpress.session import BuildSession

ROOT = Path(__file__).resolve().parents[1]
EDITION = "screen"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _paragraph(p: Project) -> None:
    _edit(p.content / "11-record.yaml", "对认真生活的人而言，年龄只是数字而已。",
          "对认真生活的人而言，年龄只是一个数字而已。")


def _heading(p: Project) -> None:            # the TOC changes with it
    _edit(p.content / "12-connect.yaml", "  - heading: 时间不再是鸿沟",
          "  - heading: 时间从来不是鸿沟")


def _remove_section(p: Project) -> None:
    _edit(p.content / "report.yaml", "  - 12-connect.yaml\n", "")
    (p.content / "12-connect.yaml").unlink()


def _add_section(p: Project) -> None:
    (p.content / "15-added.yaml").write_text(
        "part: added\ntitle: 新增章节\nblocks:\n  - heading: 新增章节\n    level: 1\n"
        "    id: added\n  - 这是新增的一节，用来检验增量构建与完整构建逐字节相同。\n",
        encoding="utf-8")
    _edit(p.content / "report.yaml", "  - 14-action-2.yaml\n",
          "  - 14-action-2.yaml\n  - 15-added.yaml\n")


def _layout_value(p: Project) -> None:
    _edit(p.layout / "layout.yaml", "body: {font: regular, size: 10pt, leading: 18pt",
          "body: {font: regular, size: 10pt, leading: 18.5pt")


def _image(p: Project) -> None:
    from PIL import Image

    img = Image.new("RGB", (600, 400), (200, 120, 40))
    for x in range(0, 600, 20):
        for y in range(400):
            img.putpixel((x, y), (20, 60, 120))
    img.save(p.images / "added.png", dpi=(300, 300))
    _edit(p.content / "13-action-1.yaml", "  - figure: 张飞的“云端餐厅”",
          "  - figure: 张飞的“云端餐厅”\n    image: added.png")


def _page_streams(pdf: Path) -> list[bytes]:
    """Each page's content stream, decoded: a page that draws what it drew
    before is byte for byte what it was, whatever changed on other pages."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return [page.Contents.read_bytes() for page in doc.pages]


def _subprocess_build(p: Project, cache: Path) -> None:
    env = {**os.environ, "CSRPRESS_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    code = ("import sys; from pathlib import Path; from csrpress.build import Project, build; "
            f"build(Project(Path({str(p.root)!r})), {EDITION!r})")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)


def _clean_build(p: Project, cache: Path, monkeypatch) -> bytes:
    """A build from nothing: an empty cache and no session state."""
    clean = Project(p.root.parent / "clean")
    import shutil

    shutil.rmtree(clean.root, ignore_errors=True)
    for name in ("content", "layout", "images", "fonts"):
        shutil.copytree(p.root / name, clean.root / name)
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    res = build_all(clean, [EDITION])[0]
    return res.pdf.read_bytes()


def test_incremental_builds_equal_clean_builds(project: Project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    session = BuildSession()                                   # watch: one process
    pdf = build_all(project, [EDITION], session=session)[0].pdf
    for edit in (_paragraph, _heading, _remove_section):
        before = _page_streams(pdf)
        edit(project)
        res = build_all(project, [EDITION], session=session)[0]
        changed = res.changed
        after = _page_streams(pdf)
        kept = [i for i in range(min(len(before), len(after))) if i + 1 not in changed]
        if edit is _paragraph:
            assert kept and changed
            assert res.replayed       # pages the edit left alone were not drawn again
        assert all(before[i] == after[i] for i in kept)       # stable codes (cidfont.py)
    assert pdf.read_bytes() == _clean_build(project, tmp_path / "clean1", monkeypatch)
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    for edit in (_add_section, _layout_value, _image):        # new processes
        edit(project)
        _subprocess_build(project, cache)
    written = pdf.read_bytes()
    stamp = pdf.stat().st_mtime_ns
    _subprocess_build(project, cache)                          # nothing changed
    assert pdf.stat().st_mtime_ns == stamp                     # not even rewritten
    assert written == _clean_build(project, tmp_path / "clean2", monkeypatch)
    # a layout edit moved the line-break cache's key: the old file is gone
    assert len(list(cache.glob("breaks-*"))) == 1
    assert len(list(cache.glob("preflight-*"))) == 1


def test_watch_builds_after_each_kind_of_edit_equal_clean_builds(project: Project, tmp_path,
                                                                 monkeypatch):
    """The other edits in one long-lived session (pages replayed from the
    session's earlier drawing, paginate.replay): each build equals a clean one."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    session = BuildSession()
    pdf = build_all(project, [EDITION], session=session)[0].pdf
    replayed = []
    for n, edit in enumerate((_add_section, _layout_value, _paragraph, _image)):
        edit(project)
        replayed.append(build_all(project, [EDITION], session=session)[0].replayed)
        if edit in (_layout_value, _image):
            assert pdf.read_bytes() == _clean_build(project, tmp_path / f"clean{n}",
                                                    monkeypatch)
            monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    assert replayed[0] and replayed[2]      # (a layout edit changes every page's context)


def test_unchanged_build_is_skipped_only_while_outputs_are_intact(project: Project, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    first = build_all(project, [EDITION])[0]
    data = first.pdf.read_bytes()
    again = build_all(project, [EDITION])[0]
    assert again.changed == [] and again.pages == first.pages
    assert again.warnings == first.warnings and again.check.summary() == first.check.summary()
    first.pdf.write_bytes(b"%PDF-1.4 damaged")                 # an altered output: rebuilt
    build_all(project, [EDITION])
    assert first.pdf.read_bytes() == data
    _paragraph(project)                                        # an edit: a real build
    assert build_all(project, [EDITION])[0].changed


def test_an_unchanged_build_into_another_folder_writes_there(tmp_path, monkeypatch):
    """`build -o DIR` after a build into dist/ is not 'nothing changed'."""
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - p: 输出到另一个文件夹。\n")
    first = build_all(project, [EDITION])[0]
    other = build_all(Project(project.root, out=tmp_path / "out"), [EDITION])[0]
    assert other.pdf.parent == tmp_path / "out"
    assert other.pdf.read_bytes() == first.pdf.read_bytes()
