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
from pathlib import Path
from typing import Any

import pytest

from csrpress.build import Project, build_all
from csrpress.paginate import segments
from csrpress.paginate.replay import VERIFY_ENV, ReplayMismatch
from csrpress.session import BuildSession
from tests.edits import (add_part, clean_pdf, edit as _edit, heading as _heading,
                        layout_value as _layout, remove_part as _remove_part)

EDITION = "screen"


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


def _add_part(p: Project) -> None:
    add_part(p, "这是新增的一节，用来检验重放的章节与完整构建逐字节相同。")


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
        assert res.pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch), edit.__name__
    # the edits undone one by one come back to pages taped earlier: still exact
    _edit(project.layout / "layout.yaml", "leading: 18.5pt", "leading: 18pt")
    build_all(project, [EDITION], session=session, defer=True)
    _edit(project.content / "11-record.yaml", "年龄只是一个数字而已。", "年龄只是数字而已。")
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    assert replayed[-1] == (set() if verify else {0, 2, 3})
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)


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
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)
    _chapter(project)                      # and the next edit replays the new tapes
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()                       # (the collector on again: see build._no_gc)
    assert replayed[-1] == {0, 2, 3} and res.passes == 1
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)


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


# -- a changed chapter: resumed at the page before its first change, its rest
# taken from its tape once a page begins as it did (paginate.segments) --

def _early(p: Project) -> None:                # chapter 1's third page
    _chapter(p)


def _middle(p: Project) -> None:               # chapter 1's page 32
    _edit(p.content / "13-action-1.yaml", "但是每一颗热爱地球的心都在此汇聚。",
          "但是每一颗热爱地球的心都在这里汇聚。")


def _late(p: Project) -> None:                 # chapter 1's last page
    _edit(p.content / "14-action-2.yaml", "创办《正能量日报》、进行“云团建”",
          "创办《正能量日报》，进行“云团建”")


_PUSH = "这一句把下面的标题推到下一页。" * 18


def _heading_down(p: Project) -> None:         # the heading of page 32 goes to page 33
    _edit(p.content / "13-action-1.yaml", "虽然远在千里之外，", "虽然远在千里之外，" + _PUSH)


@pytest.fixture()
def resumed(monkeypatch: Any) -> list[dict[int, tuple[int, int]]]:
    """Per pass that drew and taped: each changed segment's (restart page,
    page it converged on)."""
    from csrpress.paginate.document import ReportDoc

    seen: list[dict[int, tuple[int, int]]] = []
    finish = ReportDoc.finish_segments

    def spy(doc: ReportDoc) -> None:
        seen.append({s.number: (s.restart_page, s.converged) for s in doc.segments.segments
                     if s.prior is not None})
        finish(doc)

    monkeypatch.setattr(ReportDoc, "finish_segments", spy)
    return seen


def _anchor_page(res: Any, key_part: str) -> int:
    return next(page for key, page in res.anchors.items() if key_part in key)


def test_a_changed_chapter_is_laid_out_only_where_it_changed(
        project: Project, tmp_path: Path, monkeypatch: Any,
        resumed: list[dict[int, tuple[int, int]]]) -> None:
    """Edits early, in the middle and at the end of chapter 1 (pages 9–45), one
    that pushes a heading onto the next page, one that makes the chapter
    pages longer, and each undone: every build is a clean one's, byte for
    byte; chapter 1 resumes on a page after its first and, where its end is
    as before, takes its last pages from its tape. In verify mode the same
    pages are laid out and checked against the tape instead."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    session = BuildSession()
    first = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    heading = _anchor_page(first, "heading-action-1-")   # (any: the part's pages move)

    def build(edit: Any) -> Any:
        edit(project)
        resumed.clear()
        res = build_all(project, [EDITION], session=session, defer=True)[0]
        session.settle()
        assert res.pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch), edit.__name__
        return res

    for edit, page in ((_early, 11), (_middle, 32), (_late, 45)):
        res = build(edit)
        # (the first pass resumes chapter 1; one that moved an anchor is followed
        # by a pass with the new page map, which no tape was taken with)
        restart, converged = resumed[0][1]
        assert 9 < restart <= page, (edit.__name__, restart)
        assert converged == 0 or page <= converged <= 45, (edit.__name__, converged)
        if edit is not _late:
            assert converged, edit.__name__          # (chapter 2 on: replayed whole)
        if res.passes == 1:
            assert res.changed and min(res.changed) >= restart, edit.__name__
    res = build(_heading_down)      # (its first pass resumed chapter 1; the page
    restart, converged = resumed[0][1]      # map changed, so the next lays it out whole)
    assert 9 < restart <= 32 and res.passes == 2
    moved = {k: v for k, v in res.anchors.items() if first.anchors.get(k) != v}
    assert moved and all(v > 32 for v in moved.values())     # (the heading among them)
    assert heading == _anchor_page(res, "heading-action-1-")
    res = build(_longer_chapter)                    # chapter 1 ends pages later
    ends = [{part: last for part, _t, _f, last in r.parts} for r in (first, res)]
    assert resumed[0][1][0] > 9 and ends[1]["action-2"] > ends[0]["action-2"]
    # undone one by one, back to the pages first built
    undo = [("13-action-1.yaml", "这些问题，快手用户老王都给出了答案。" + "这一句让第一章多出几页，第二章因此从后面的页开始，页码和目录都随之改变。" * 60,
             "这些问题，快手用户老王都给出了答案。"),
            ("13-action-1.yaml", _PUSH, ""),
            ("14-action-2.yaml", "创办《正能量日报》，进行", "创办《正能量日报》、进行"),
            ("13-action-1.yaml", "都在这里汇聚。", "都在此汇聚。"),
            ("11-record.yaml", "年龄只是一个数字而已。", "年龄只是数字而已。")]
    for name, old, new in undo:
        build(lambda p: _edit(p.content / name, old, new))
        assert resumed[0][1][0] > 9, name


def _chapter_one(session: BuildSession) -> segments.Tape:
    tapes = session.page_memos[EDITION].tapes
    return sorted(tapes.values(), key=lambda t: t.index)[1]


def test_a_chapter_resumed_unlike_its_tape_is_laid_out_again(
        project: Project, tmp_path: Path, monkeypatch: Any,
        resumed: list[dict[int, tuple[int, int]]]) -> None:
    """A page where chapter 1 resumes whose recorded state is not the state
    it now begins in (a tape altered behind the build's back: its frame's
    top): the pass is done again with every chapter composed, and the build
    is a clean one's."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(VERIFY_ENV, raising=False)
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    _middle(project)
    build_all(project, [EDITION], session=session, defer=True)
    session.settle()
    restart = resumed[-1][1][0]
    tape = _chapter_one(session)
    was = tape.starts[restart]
    tape.starts[restart] = segments.PageStart(
        was.at, (was.key[0][:5] + (was.key[0][5] - 1,) + was.key[0][6:],) + was.key[1:],
        was.anchors, was.before, was.parts, was.ends, was.decided, was.expected, was.side,
        was.last_block)
    _edit(project.content / "13-action-1.yaml", "都在这里汇聚。", "都在这儿汇聚。")
    resumed.clear()
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    # (the pass that resumed stopped there; the next laid chapter 1 out whole,
    # finding the page unlike the tape's: nothing taken, nothing checked)
    assert resumed == [{1: (0, resumed[0][1][1])}] and res.passes == 2
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)


def test_verify_mode_checks_a_changed_chapter_against_its_prior_tape(
        project: Project, tmp_path: Path, monkeypatch: Any) -> None:
    """In verify mode a changed chapter is laid out whole; the pages it would
    have taken from its tape (before the restart, from the convergence) must
    be the tape's: a page record altered behind the build's back is caught,
    before the restart and after the convergence."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(VERIFY_ENV, "1")
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    _middle(project)
    build_all(project, [EDITION], session=session, defer=True)
    session.settle()
    for n, text in ((1, "都在这儿汇聚。"), (-2, "都在那里汇聚。")):
        tape = _chapter_one(session)
        key, rec, slots, template, count = tape.pages[n]
        tape.pages[n] = (key, rec, slots, template, count + 1)
        _edit(project.content / "13-action-1.yaml", "都在这里汇聚。" if n == 1 else "都在这儿汇聚。",
              text)
        with pytest.raises(ReplayMismatch):
            build_all(project, [EDITION], session=session, defer=True)
        tape.pages[n] = (key, rec, slots, template, count)


def test_a_quote_across_the_page_a_chapter_resumes_at_is_one_element(
        project: Project, tmp_path: Path, monkeypatch: Any,
        resumed: list[dict[int, tuple[int, int]]]) -> None:
    """A sentence added on chapter 1's page 37 (a quote of two paragraphs
    runs from page 36 onto 37): the watch build was a clean one's but for
    its structure tree, which held one BlockQuote more — the page where
    the chapter resumed (or its tape took over) began with the quote's
    second paragraph, drawn with this build's element key, beside a page
    of the tape's, drawn with the last build's. Such a page is no place to
    resume or converge (document._joined)."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    session.settle()
    _edit(project.content / "14-action-2.yaml", "倾听童谣背后的时代故事。",
          "倾听童谣背后的时代故事。这是为了检验而加入的一句较长的话，它会让段落多出一行或者两行。")
    resumed.clear()
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    assert resumed and resumed[0][1][0] > 9          # (chapter 1 resumed, not laid out whole)
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)
