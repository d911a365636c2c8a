"""Chapters an edit cannot change are replayed from their tapes (paginate.segments).

Each watch build after an edit must be byte for byte a clean build of the same
content, whichever chapters it replayed: an edit in the front matter, in a
chapter, in the appendix, one that moves the next chapter's first page, a
heading the contents show, a part removed and added, a layout value. The
report's four segments are the front matter, chapter 1, chapter 2 and the
appendix with the back cover.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from csrpress.build import Project, build_all
from csrpress.paginate import segments
from csrpress.paginate.replay import VERIFY_ENV, ReplayMismatch
from csrpress.session import BuildSession

EDITION = "screen"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _front(p: Project) -> None:
    _edit(p.content / "01-letters.yaml", "快手的初心很简单，肩头的责任可不简单。",
          "快手的初心很简单，肩上的责任可不简单。")


def _chapter(p: Project) -> None:
    _edit(p.content / "11-record.yaml", "对认真生活的人而言，年龄只是数字而已。",
          "对认真生活的人而言，年龄只是一个数字而已。")


def _appendix(p: Project) -> None:
    _edit(p.content / "30-appendix.yaml", "快手幸福伙伴计划荣获", "快手幸福伙伴计划获得")


def _longer_chapter(p: Project) -> None:       # chapter 2 now begins pages later
    more = "这一句让第一章多出几页，第二章因此从后面的页开始，页码和目录都随之改变。" * 60
    _edit(p.content / "13-action-1.yaml", "这些问题，快手用户老王都给出了答案。",
          "这些问题，快手用户老王都给出了答案。" + more)


def _heading(p: Project) -> None:              # the contents show it
    _edit(p.content / "12-connect.yaml", "  - heading: 时间不再是鸿沟",
          "  - heading: 时间从来不是鸿沟")


def _remove_part(p: Project) -> None:
    _edit(p.content / "report.yaml", "  - 12-connect.yaml\n", "")
    (p.content / "12-connect.yaml").unlink()


def _add_part(p: Project) -> None:
    (p.content / "15-added.yaml").write_text(
        "part: added\ntitle: 新增章节\nblocks:\n  - heading: 新增章节\n    level: 1\n"
        "    id: added\n  - 这是新增的一节，用来检验重放的章节与完整构建逐字节相同。\n",
        encoding="utf-8")
    _edit(p.content / "report.yaml", "  - 14-action-2.yaml\n",
          "  - 14-action-2.yaml\n  - 15-added.yaml\n")


def _layout(p: Project) -> None:
    _edit(p.layout / "layout.yaml", "body: {font: regular, size: 10pt, leading: 18pt",
          "body: {font: regular, size: 10pt, leading: 18.5pt")


def _clean(p: Project, where: Path, monkeypatch: Any) -> bytes:
    """The PDF a build from nothing (empty cache, a new session) makes."""
    clean = Project(where / "clean")
    shutil.rmtree(clean.root, ignore_errors=True)
    for name in ("content", "layout", "images", "fonts"):
        shutil.copytree(p.root / name, clean.root / name)
    with monkeypatch.context() as m:
        m.setenv("CSRPRESS_CACHE", str(where / "clean-cache"))
        shutil.rmtree(where / "clean-cache", ignore_errors=True)
        return build_all(clean, [EDITION])[0].pdf.read_bytes()


@pytest.fixture()
def replayed(monkeypatch: Any) -> list[set[int]]:
    """Per compose pass that kept tapes: the segments it replayed."""
    seen: list[set[int]] = []
    taped = segments.Plan.taped

    def spy(plan: segments.Plan) -> dict:
        seen.append({s.number for s in plan.segments if s.replayed})
        return taped(plan)

    monkeypatch.setattr(segments.Plan, "taped", spy)
    return seen


def test_watch_edits_replay_the_chapters_they_cannot_change(project: Project, tmp_path: Path,
                                                            monkeypatch: Any,
                                                            replayed: list[set[int]]) -> None:
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    verify = os.environ.get(VERIFY_ENV) == "1"
    expect = {_front: {1, 2, 3}, _chapter: {0, 2, 3}, _appendix: {0, 1, 2},
              _longer_chapter: set(), _heading: {2, 3}, _remove_part: set(), _add_part: set(),
              _layout: set()}
    for edit, chapters in expect.items():
        edit(project)
        replayed.clear()
        res = build_all(project, [EDITION], session=session, defer=True)[0]
        session.settle()
        assert replayed[-1] == (set() if verify else chapters), edit.__name__
        assert res.pdf.read_bytes() == _clean(project, tmp_path, monkeypatch), edit.__name__
    # the edits undone one by one come back to pages taped earlier: still exact
    _edit(project.layout / "layout.yaml", "leading: 18.5pt", "leading: 18pt")
    build_all(project, [EDITION], session=session, defer=True)
    _edit(project.content / "11-record.yaml", "年龄只是一个数字而已。", "年龄只是数字而已。")
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    assert replayed[-1] == (set() if verify else {0, 2, 3})
    assert res.pdf.read_bytes() == _clean(project, tmp_path, monkeypatch)


def test_a_longer_chapter_is_laid_out_again_from_where_it_begins(project: Project,
                                                                 tmp_path: Path,
                                                                 monkeypatch: Any,
                                                                 replayed: list[set[int]]
                                                                 ) -> None:
    """Chapter 2 replayed from the guess (the last build's page map) begins
    pages later than its tape: the pass is done again, every chapter composed
    (SegmentMiss), and the build is a clean one's."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(VERIFY_ENV, raising=False)
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    missed = []
    miss = segments.SegmentMiss.__init__

    def spy(self: Any, *a: Any) -> None:
        missed.append(a)
        miss(self, *a)

    monkeypatch.setattr(segments.SegmentMiss, "__init__", spy)
    _longer_chapter(project)
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    assert missed and res.passes >= 3
    assert res.pdf.read_bytes() == _clean(project, tmp_path, monkeypatch)
    _chapter(project)                      # and the next edit replays the new tapes
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()                       # (the collector on again: see build._no_gc)
    assert replayed[-1] == {0, 2, 3} and res.passes == 1
    assert res.pdf.read_bytes() == _clean(project, tmp_path, monkeypatch)


def test_verify_mode_lays_out_a_chapter_and_checks_it_against_its_tape(
        project: Project, tmp_path: Path, monkeypatch: Any) -> None:
    """With CSRPRESS_VERIFY_REPLAY=1 nothing is replayed; a chapter whose tape
    would have been is composed and laid out, and must tape the same. A tape
    altered behind the build's back is caught."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(VERIFY_ENV, "1")
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    _chapter(project)
    build_all(project, [EDITION], session=session, defer=True)    # checked: the same
    session.settle()
    tapes = session.page_memos[EDITION].tapes
    assert len(tapes) == 4
    second = sorted(tapes.values(), key=lambda t: t.index)[2]       # chapter 2's
    second.end = {**second.end, "last_page": second.end["last_page"] - 1}
    _front(project)
    with pytest.raises(ReplayMismatch):
        build_all(project, [EDITION], session=session, defer=True)
