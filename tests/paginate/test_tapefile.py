"""A new process replays the chapters an edit cannot change (paginate.tapefile).

The #16 acceptance series (a paragraph, a heading, a section removed, a
section added, a layout value, an image), each edit built by a new process
that finds the last one's tapes in the project cache: the PDF is a clean
build's byte for byte after every edit, and the chapters the edit cannot
change are replayed, not composed. In verify mode a kept tape is checked
against laying its chapter out, and a tape altered on disk is caught.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from csrpress.assets.cache import load_sealed, sealed
from csrpress.build import Project, build_all
from csrpress.paginate.replay import VERIFY_ENV, ReplayMismatch
from tests.edits import (add_part, clean_pdf, edit as _edit, heading as _heading,
                        layout_value as _layout_value, paragraph as _paragraph,
                        remove_part as _remove_section)

ROOT = Path(__file__).resolve().parents[2]
EDITION = "screen"

# a build in a new process, saying which segments each compose pass that
# kept tapes replayed (the report's four: front matter, chapter 1, chapter 2,
# the appendix with the back cover)
_BUILD = """
import json, sys
from pathlib import Path
from csrpress.build import Project, build
from csrpress.paginate import segments
seen = []
taped = segments.Plan.taped
def spy(plan):
    seen.append([sorted(s.number for s in plan.segments if s.replayed),
                 [[s.number, s.restart_page, s.converged] for s in plan.segments
                  if s.prior is not None]])
    return taped(plan)
segments.Plan.taped = spy
build(Project(Path(sys.argv[1])), sys.argv[2])
print(json.dumps(seen))
"""


def _new_process(p: Project, cache: Path, verify: bool = False,
                 resumed: list[list[int]] | None = None) -> set[int]:
    """Build in a new process; the segments its last pass replayed (and
    in ``resumed``: each segment laid out from its prior tape, with the page
    layout restarted at and the page it converged on)."""
    env = {**os.environ, "CSRPRESS_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop(VERIFY_ENV, None)
    if verify:
        env[VERIFY_ENV] = "1"
    out = subprocess.run([sys.executable, "-c", _BUILD, str(p.root), EDITION], env=env,
                         check=True, capture_output=True, text=True).stdout
    passes = json.loads(out.strip().splitlines()[-1])
    assert passes, "the build composed nothing"        # (an edit it did not see)
    if resumed is not None:
        resumed[:] = passes[-1][1]
    return set(passes[-1][0])


def _appendix(p: Project) -> None:
    _edit(p.content / "30-appendix.yaml", "快手幸福伙伴计划荣获", "快手幸福伙伴计划获得")


def _add_section(p: Project) -> None:
    add_part(p, "这是新增的一节，用来检验新进程重放的章节与完整构建逐字节相同。")


def _second_chapter(p: Project) -> None:
    _edit(p.content / "20-chapter-02.yaml", "快手是一个面向所有人的记录和分享生活的平台。",
          "快手是一个面向每个人的记录和分享生活的平台。")


def _image(p: Project) -> None:
    from PIL import Image

    img = Image.new("RGB", (600, 400), (200, 120, 40))
    img.save(p.images / "added.png", dpi=(300, 300))
    _edit(p.content / "13-action-1.yaml", "  - figure: 张飞的“云端餐厅”",
          "  - figure: 张飞的“云端餐厅”\n    image: added.png")


def test_new_processes_replay_the_chapters_an_edit_cannot_change(project: Project,
                                                                 tmp_path: Path,
                                                                 monkeypatch: Any) -> None:
    cache = tmp_path / "cache"
    _new_process(project, cache)
    pdf = next((project.root / "dist").glob("*.pdf"))
    # per edit: the segments the next process replays (a heading is in the
    # contents every segment reads; a part removed or added moves every later
    # block; the photo moves chapter 1's later sections a page on, and every
    # segment reads the page map; a layout value changes every page)
    expect: dict[Callable[[Project], None], set[int]] = {
        _paragraph: {0, 2, 3}, _appendix: {0, 1, 2}, _heading: {2, 3}, _remove_section: set(),
        _second_chapter: {0, 1, 3}, _add_section: set(), _image: set(),
        _layout_value: set()}
    for edit, chapters in expect.items():
        edit(project)
        assert _new_process(project, cache) == chapters, edit.__name__
        assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch), edit.__name__
    _paragraph_back = (project.content / "11-record.yaml", "年龄只是一个数字而已。",
                       "年龄只是数字而已。")
    _edit(*_paragraph_back)                # tapes kept after a layout edit: still exact
    assert _new_process(project, cache) == {0, 2, 3}
    assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)
    # one list and one file per tape kept, the old ones gone; chapter 1 draws
    # the photo now (its page's image reader is the build's): not kept
    assert len(list(cache.glob(f"tapes-{EDITION}-*"))) == 1
    listed = _listed(cache)
    assert len(listed) == 3 and 9 not in {at for at, *_ in listed}     # (chapter 1: block 9)
    assert {f.name for f in cache.glob(f"tape-{EDITION}-*")} == \
        {_tape_file(project, cache, e[3]).name for e in listed}


def _listed(cache: Path) -> list[tuple[int, int, str, str, str]]:
    """The kept tapes: (first block, blocks, source key, file digest, shape
    key), in order."""
    return sorted(load_sealed(next(cache.glob(f"tapes-{EDITION}-*")))[3])


def _tape_file(p: Project, cache: Path, seal: str) -> Path:
    return cache / f"tape-{EDITION}-{p.tag}-{seal}.pickle"


def _altered(p: Project, cache: Path, index: int, change: Callable[[tuple], tuple]) -> None:
    """Rewrite the kept tape of the segment beginning at block ``index``
    (sealed again and listed: read as any kept tape)."""
    path = next(cache.glob(f"tapes-{EDITION}-*"))
    kind, context, inputs, listed = load_sealed(path)
    out = []
    for at, n, key, seal, shape in listed:
        if at == index:
            data, seal = sealed(change(load_sealed(_tape_file(p, cache, seal))))
            _tape_file(p, cache, seal).write_bytes(data)
        out.append((at, n, key, seal, shape))
    path.write_bytes(sealed((kind, context, inputs, out))[0])


def test_verify_mode_checks_a_kept_tape_against_laying_its_chapter_out(
        project: Project, tmp_path: Path, monkeypatch: Any) -> None:
    """With CSRPRESS_VERIFY_REPLAY=1 a new process replays nothing: a chapter
    whose kept tape matches is composed and laid out and must tape the same;
    a tape altered on disk (sealed again, so read) is caught."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    monkeypatch.delenv(VERIFY_ENV, raising=False)
    build_all(project, [EDITION])
    _paragraph(project)
    monkeypatch.setenv(VERIFY_ENV, "1")
    build_all(project, [EDITION])             # every kept tape checked: the same
    second = _listed(cache)[2][0]                    # chapter 2's first block

    def one_line_less(entry: tuple) -> tuple:
        end = dict(entry[6])
        end["last_page"] -= 1
        return entry[:6] + (end,) + entry[7:]

    _altered(project, cache, second, one_line_less)
    _appendix(project)
    with pytest.raises(ReplayMismatch):
        build_all(project, [EDITION])
    monkeypatch.delenv(VERIFY_ENV)


def test_a_damaged_tape_is_no_tape(project: Project, tmp_path: Path, monkeypatch: Any) -> None:
    """A kept tape's file cut short, removed or naming a page file that is
    gone: that chapter is composed again, and the PDF is a clean build's."""
    cache = tmp_path / "cache"
    _new_process(project, cache)
    pdf = next((project.root / "dist").glob("*.pdf"))
    front, _chapter1, chapter2, appendix = _listed(cache)
    cut = _tape_file(project, cache, front[3])
    cut.write_bytes(cut.read_bytes()[:-10])                          # cut short
    _tape_file(project, cache, chapter2[3]).unlink()                 # gone
    _altered(project, cache, appendix[0],                            # a page file gone
             lambda e: e[:3] + ([("0" * 32,) + p[1:] for p in e[3]],) + e[4:])
    _paragraph(project)
    assert _new_process(project, cache) == set()
    assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)
    _appendix(project)                  # the tapes that build kept: sound again
    assert _new_process(project, cache) == {0, 1, 2}
    assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)


def test_a_new_process_lays_out_an_edited_chapter_only_from_the_edit(
        project: Project, tmp_path: Path, monkeypatch: Any) -> None:
    """The kept tape of the chapter an edit changed is its prior tape in the
    next process: layout restarts at the last page that began before the
    edited block and takes the tape's pages again once a page begins as it
    did after it (paginate.segments): the edited file's other blocks, as
    they were (their digests), are not laid out again. The PDF is a clean
    build's; verify mode lays the chapter out whole and finds the pages the
    tape would have given the same, and a prior tape altered on disk
    (its pages, or a block digest that hides the edit) is caught there."""
    cache = tmp_path / "cache"
    _new_process(project, cache)
    pdf = next((project.root / "dist").glob("*.pdf"))
    first = _part_pages(project, "chapter-01")[0]
    edited = _part_pages(project, "action-1")
    resumed: list[list[int]] = []
    action = project.content / "13-action-1.yaml"
    _edit(action, "一年也有几千元收入", "一年也能有几千元收入")      # inside chapter 1
    assert _new_process(project, cache, resumed=resumed) == {0, 2, 3}
    [[number, restart, converged]] = resumed
    assert number == 1 and first < edited[0] < restart < converged < edited[1]
    assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)
    _edit(action, "一年也能有几千元收入", "一年也能有数千元收入")
    assert _new_process(project, cache, verify=True, resumed=resumed) == set()
    assert [r[:2] for r in resumed] == [[1, restart]]
    assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)
    chapter1 = _listed(cache)[1][0]

    def pages_swapped(entry: tuple) -> tuple:
        pages = list(entry[3])
        pages[0], pages[1] = pages[1], pages[0]
        return entry[:3] + (pages,) + entry[4:]

    _altered(project, cache, chapter1, pages_swapped)
    _edit(action, "一年也能有数千元收入", "一年也有数千元收入")
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    monkeypatch.setenv(VERIFY_ENV, "1")
    with pytest.raises(ReplayMismatch):
        build_all(project, [EDITION])
    monkeypatch.delenv(VERIFY_ENV)


def test_a_kept_block_digest_that_hides_an_edit_is_caught_in_verify_mode(
        project: Project, tmp_path: Path, monkeypatch: Any) -> None:
    """A prior tape whose block digests say every block is as it was (an edit
    hidden: nothing laid out again) gives a mismatch in verify mode; a tape
    whose digests are missing or of another length reads every block of an
    edited file as changed (laid out from the file's start, still exact)."""
    from csrpress.paginate.tapefile import block_digest
    from csrpress.source.content import load_report
    from csrpress.errors import Collector

    cache = tmp_path / "cache"
    _new_process(project, cache)
    pdf = next((project.root / "dist").glob("*.pdf"))
    action = project.content / "13-action-1.yaml"
    _edit(action, "一年也有几千元收入", "一年也有几千多元收入")
    report = load_report(project.content, Collector())
    chapter1 = _listed(cache)[1][0]
    now = report.blocks[chapter1:chapter1 + _listed(cache)[1][1]]

    def hiding(entry: tuple) -> tuple:
        return entry[:19] + (tuple(block_digest(b) for b in now),)

    _altered(project, cache, chapter1, hiding)
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    monkeypatch.setenv(VERIFY_ENV, "1")
    with pytest.raises(ReplayMismatch):
        build_all(project, [EDITION])
    monkeypatch.delenv(VERIFY_ENV)
    _altered(project, cache, chapter1, lambda entry: entry[:19] + ((),))
    resumed: list[list[int]] = []
    assert _new_process(project, cache, resumed=resumed) == {0, 2, 3}
    edited = _part_pages(project, "action-1")
    [[number, restart, converged]] = resumed
    assert number == 1 and restart <= edited[0] and edited[1] < converged
    assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)


def _part_pages(p: Project, part: str) -> tuple[int, int]:
    """The first and last page of a part, as the last build's manifest says."""
    manifest = json.loads((p.root / "dist" / "build-manifest.json").read_text(encoding="utf-8"))
    found = next(e for e in manifest["editions"][EDITION]["parts"] if e["part"] == part)
    return found["pages"][0], found["pages"][1]


_DIGESTS = """
import sys
from pathlib import Path
from csrpress.build import Project, build
from csrpress.paginate import tapefile
made = []
real = tapefile._digest
def spy(b):
    made.append((b.mark.path.name, id(b)))
    return real(b)
tapefile._digest = spy
build(Project(Path(sys.argv[1])), sys.argv[2])
print(len(made), len(set(made)), " ".join(sorted({name for name, _ in made})))
"""


def test_an_edit_digests_only_the_edited_files_blocks_once(
        project: Project, tmp_path: Path, monkeypatch: Any) -> None:
    """A new process after a paragraph edit digests (tapefile.block_digest)
    only the blocks of the edited file, each once (to compare with the prior
    tape, then to keep the new one); the edited chapter's other blocks take
    their prior tape's digests. The PDF is a clean build's."""
    cache = tmp_path / "cache"
    _new_process(project, cache)
    _paragraph(project)
    env = {**os.environ, "CSRPRESS_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop(VERIFY_ENV, None)
    out = subprocess.run([sys.executable, "-c", _DIGESTS, str(project.root), EDITION], env=env,
                         check=True, capture_output=True, text=True).stdout
    calls, blocks, *files = out.strip().splitlines()[-1].split()
    assert int(calls) == int(blocks) > 0 and files == ["11-record.yaml"]
    pdf = next((project.root / "dist").glob("*.pdf"))
    assert pdf.read_bytes() == clean_pdf(project, tmp_path, monkeypatch)
