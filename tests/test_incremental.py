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
from typing import Any

import pytest

from csrpress.build import Project, build_all
from csrpress.errors import BuildError
from csrpress.session import BuildSession
from tests.edits import (add_part, clean_pdf, edit as _edit, heading as _heading,
                        layout_value as _layout_value, paragraph as _paragraph,
                        remove_part as _remove_section)

ROOT = Path(__file__).resolve().parents[1]
EDITION = "screen"


def _add_section(p: Project) -> None:
    add_part(p, "这是新增的一节，用来检验增量构建与完整构建逐字节相同。")


def _second_paragraph(p: Project) -> None:   # (after the new processes' first build)
    _edit(p.content / "20-chapter-02.yaml", "快手是一个面向所有人的记录和分享生活的平台。",
          "快手是一个面向每个人的记录和分享生活的平台。")


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


def _subprocess_build(p: Project, cache: Path) -> int:
    """A build in a new process (as `make_report.py build`): the pages it replayed."""
    env = {**os.environ, "CSRPRESS_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    code = ("import sys; from pathlib import Path; from csrpress.build import Project, build; "
            f"print('replayed', build(Project(Path({str(p.root)!r})), {EDITION!r}).replayed)")
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                         text=True).stdout
    return int(out.split("replayed")[-1])


def test_incremental_builds_equal_clean_builds(project: Project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    session = BuildSession()                                   # watch: one process
    pdf = build_all(project, [EDITION], session=session, defer=True)[0].pdf
    for edit in (_paragraph, _heading, _remove_section):
        before = _page_streams(pdf)
        edit(project)
        # as watch builds: saving deferred (settled here by the next build)
        res = build_all(project, [EDITION], session=session, defer=True)[0]
        changed = res.changed
        after = _page_streams(pdf)
        kept = [i for i in range(min(len(before), len(after))) if i + 1 not in changed]
        if edit is _paragraph:
            assert kept and changed
            assert res.replayed       # pages the edit left alone were not drawn again
        assert all(before[i] == after[i] for i in kept)       # stable codes (cidfont.py)
    session.settle()
    assert pdf.read_bytes() == clean_pdf(project, tmp_path / "clean1", monkeypatch, EDITION)
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    replayed = {}          # new processes: each replays the pages the last one kept
    for edit in (_add_section, _second_paragraph, _layout_value, _image):
        edit(project)
        replayed[edit] = _subprocess_build(project, cache)
    assert replayed[_second_paragraph] and replayed[_image]   # (a layout value changes all)
    written = pdf.read_bytes()
    stamp = pdf.stat().st_mtime_ns
    _subprocess_build(project, cache)                          # nothing changed
    assert pdf.stat().st_mtime_ns == stamp                     # not even rewritten
    assert written == clean_pdf(project, tmp_path / "clean2", monkeypatch, EDITION)
    # a layout edit moved the line-break cache's key: the old file is gone
    assert len(list(cache.glob("breaks-*"))) == 1
    assert len(list(cache.glob("preflight-*"))) == 1


def test_new_process_builds_after_each_kind_of_edit_equal_clean_builds(project: Project,
                                                                       tmp_path, monkeypatch):
    """A series of edits, each built by a new process that finds the pages the
    last one kept in the project cache (replayed, not drawn): the PDF is a
    clean build's, byte for byte, midway and at the end."""
    cache = tmp_path / "cache"
    _subprocess_build(project, cache)
    pdf = next((project.root / "dist").glob("*.pdf"))
    replayed = {}
    for edit in (_paragraph, _heading, _remove_section):
        edit(project)
        replayed[edit] = _subprocess_build(project, cache)
    assert pdf.read_bytes() == clean_pdf(project, tmp_path / "clean1", monkeypatch, EDITION)
    for edit in (_add_section, _second_paragraph, _image):
        edit(project)
        replayed[edit] = _subprocess_build(project, cache)
    assert pdf.read_bytes() == clean_pdf(project, tmp_path / "clean2", monkeypatch, EDITION)
    assert all(replayed.values()), replayed
    assert len(list(cache.glob("replay-screen-*"))) == 1


def test_saved_pages_are_replayed_only_from_a_sound_file(tmp_path, monkeypatch):
    """The pages a one-shot build kept are replayed by the next one only from
    the very file it wrote: one cut short, altered, emptied, of another kind,
    another project's or another edition's (another context) costs drawing
    the pages, never a wrong page."""
    from csrpress.assets.cache import save_sealed
    from tests.samples import mini_project

    blocks = "".join(f"  - p: 第{i}段：缓存里的文件可以随时删除、截断或损坏，下一次构建照样"
                     "得到正确的文件，一个字也不差。\n" for i in range(60))
    texts = [blocks + "  - p: 最后一段。\n", blocks + "  - p: 最后的一段。\n"]
    clean = []
    for n, text in enumerate(texts):                 # the clean builds of both texts
        monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / f"clean{n}"))
        clean.append(build_all(mini_project(tmp_path / f"c{n}", text), [EDITION])[0]
                     .pdf.read_bytes())
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "other-cache"))
    other = mini_project(tmp_path / "other", texts[0])        # another project's file
    build_all(other, [EDITION])
    foreign = next((tmp_path / "other-cache").glob("replay-screen-*")).read_bytes()
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    project = mini_project(tmp_path / "p", texts[0])
    build_all(project, [EDITION, "print"])
    saved = next(cache.glob("replay-screen-*"))
    sound = saved.read_bytes()
    other_edition = next(cache.glob("replay-print-*")).read_bytes()
    variants = {"truncated": sound[:len(sound) // 2], "altered": sound[:-40] + bytes(40),
                "empty": b"", "garbage": b"\x80\x05garbage", "foreign": foreign,
                "other edition": other_edition, "another kind": None,
                "sound": b""}          # (as the last build wrote it)
    state = 0
    for name, data in variants.items():
        state = 1 - state                           # the other text: an edit of one page
        (project.content / "part.yaml").write_text(
            "part: test\ntitle: 测试\nblocks:\n" + texts[state], encoding="utf-8")
        if data is None:
            save_sealed(saved, {"not": "pages"})
        elif name != "sound":
            saved.write_bytes(data)
        res = build_all(project, [EDITION])[0]
        assert res.pdf.read_bytes() == clean[state], name
        assert bool(res.replayed) == (name == "sound"), name
    assert 0 < res.replayed < res.pages


def test_kept_pages_are_files_written_once(tmp_path, monkeypatch):
    """Each kept page is a file named by the digest of its bytes: after an
    edit a new process writes only the pages it drew, the list names every
    page kept, and a page file missing, damaged or another page's costs
    drawing that page again, never a wrong page."""
    from tests.samples import mini_project

    blocks = "".join(f"  - p: 第{i}段：每一页存成一个文件，文件名是它内容的摘要，"
                     "没有变的页不必再写一遍。\n" for i in range(150))
    texts = [blocks + "  - p: 最后一段。\n", blocks + "  - p: 最后的一段。\n"]
    clean = []
    for n, text in enumerate(texts):
        monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / f"clean{n}"))
        clean.append(build_all(mini_project(tmp_path / f"c{n}", text), [EDITION])[0]
                     .pdf.read_bytes())
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    project = mini_project(tmp_path / "p", texts[0])
    first = build_all(project, [EDITION])[0]

    def files() -> dict[str, bytes]:
        return {f.name: f.read_bytes() for f in cache.glob("drawn-screen-*")}

    def edit_and_build(state: int) -> Any:
        (project.content / "part.yaml").write_text(
            "part: test\ntitle: 测试\nblocks:\n" + texts[state], encoding="utf-8")
        res = build_all(project, [EDITION])[0]                   # (a new session)
        assert res.pdf.read_bytes() == clean[state]
        return res

    from csrpress.paginate.replay import VERIFY_ENV

    before = files()
    assert len(before) == first.pages
    res = edit_and_build(1)
    after = files()
    assert 0 < res.replayed < res.pages and len(after) == res.pages
    if os.environ.get(VERIFY_ENV) != "1":       # (verify mode draws every page: all new)
        assert len(set(after) - set(before)) == res.pages - res.replayed   # those drawn only
    assert all(after[n] == before[n] for n in set(after) & set(before))
    names = sorted(after)
    (cache / names[0]).unlink()                                  # missing
    (cache / names[1]).write_bytes(after[names[1]][:-9] + bytes(9))   # damaged
    (cache / names[2]).write_bytes(after[names[3]])              # another page's
    res = edit_and_build(0)
    assert 0 < res.replayed <= res.pages - 3        # (those three pages drawn again)
    assert len(files()) == res.pages


def test_a_new_process_finds_its_qr_codes_encoded(tmp_path, monkeypatch):
    """A QR code encoded once is kept in the project cache (sealed): the next
    process draws it without encoding it again, and a damaged file costs the
    encoding, never a wrong code."""
    from tests.samples import mini_project

    cache = tmp_path / "cache"
    text = "  - story: 某用户\n    text: 一段故事。\n    url: https://example.com/s/{}\n"
    project = mini_project(tmp_path / "p", text.format(1))
    code = ("import sys; from pathlib import Path; from csrpress.build import Project, build; "
            f"build(Project(Path({str(project.root)!r})), {EDITION!r}); "
            "print('encoded', 'reportlab.graphics.barcode.qr' in sys.modules)")
    env = {**os.environ, "CSRPRESS_CACHE": str(cache), "PYTHONPATH": str(ROOT)}

    def new_process(n: int) -> str:
        (project.content / "part.yaml").write_text(
            "part: test\ntitle: 测试\nblocks:\n" + text.format(1) + f"  - 第{n}次构建。\n",
            encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                             capture_output=True, text=True).stdout
        clean = mini_project(tmp_path / f"clean{n}", text.format(1) + f"  - 第{n}次构建。\n")
        monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / f"clean-cache{n}"))
        assert next((project.root / "dist").glob("*.pdf")).read_bytes() == \
            build_all(clean, [EDITION])[0].pdf.read_bytes()
        return out.split()[-1]

    assert new_process(1) == "True"
    assert new_process(2) == "False"           # drawn from the cache
    kept = next(cache.glob("qr-*.pickle"))
    data = kept.read_bytes()
    kept.write_bytes(data[:-30] + bytes(30))
    assert new_process(3) == "True"            # a damaged file: encoded again


def test_a_new_process_takes_the_images_checked_before(tmp_path, monkeypatch):
    """Images that passed the check are kept by their stamp (sealed): the next
    process does not decode them again, an image changed since is checked
    again, and a damaged file costs the checks, never a wrong verdict."""
    import csrpress.assets.images as images
    from tests.samples import mini_project, photo

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - figure: 公园独奏\n    image: park.jpg\n")
    photo(project.images / "park.jpg", (400, 300))
    first = build_all(project, [EDITION])[0].pdf.read_bytes()
    checked: list[Any] = []
    real = images.upright_size
    monkeypatch.setattr(images, "upright_size", lambda im: checked.append(im) or real(im))

    def again() -> bytes:
        next((project.root / "dist").glob("*.pdf")).unlink()    # (else nothing to build)
        return build_all(project, [EDITION])[0].pdf.read_bytes()

    assert again() == first and not checked                     # kept
    kept = next((tmp_path / "cache").glob("images-*.pickle"))
    kept.write_bytes(kept.read_bytes()[:-8] + bytes(8))
    assert again() == first and len(checked) == 1               # damaged: checked
    photo(project.images / "park.jpg", (400, 300), seed=1)     # changed: checked again
    again()
    assert len(checked) == 2
    (project.images / "park.jpg").write_bytes(b"not a photo")
    with pytest.raises(BuildError):
        build_all(project, [EDITION])


def test_a_one_shot_build_leaves_the_garbage_collector_as_it_was(tmp_path, monkeypatch):
    """(It skips the collection that examined everything the build made: see build._no_gc.)"""
    import gc

    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - p: 一段文字。\n")
    assert gc.isenabled()
    build_all(project, [EDITION])
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        build_all(mini_project(tmp_path / "q", "  - p: 另一段文字。\n"), [EDITION])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_deferred_build_publishes_first_and_keeps_its_state_when_settled(tmp_path,
                                                                          monkeypatch):
    """Watch's builds (defer): the PDF is written when build_all returns; what
    later builds read of it (the build record, the caches) is saved, and its
    garbage collected, by session.settle() — or by the next build first."""
    import gc

    from csrpress import buildstamp
    from tests.samples import mini_project

    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    project = mini_project(tmp_path / "p", "  - p: 一段文字。\n")
    session = BuildSession()
    from csrpress.assets.cache import cache_dir

    record = buildstamp.record_path(cache_dir(project.root), project.root, [EDITION],
                                    project.dist)
    try:
        res = build_all(project, [EDITION], session=session, defer=True)[0]
        assert res.pdf.is_file() and not record.exists()
        assert session.pending is not None and not gc.isenabled()
    finally:
        assert session.settle() == []
    assert gc.isenabled() and session.pending is None and record.exists()
    again = build_all(project, [EDITION])[0]          # a new process: nothing changed
    assert again.changed == [] and set(again.timings) == {"total", "load"}
    # unsettled, the next build settles first: its record is then the newer one
    (project.content / "part.yaml").write_text(
        (project.content / "part.yaml").read_text(encoding="utf-8").replace("一段", "两段"),
        encoding="utf-8")
    build_all(project, [EDITION], session=session, defer=True)
    assert not gc.isenabled()
    build_all(project, [EDITION], session=session, defer=True)   # (nothing changed)
    assert gc.isenabled() and session.pending is None
    assert build_all(project, [EDITION])[0].changed == []


def test_watch_builds_after_each_kind_of_edit_equal_clean_builds(project: Project, tmp_path,
                                                                 monkeypatch):
    """The other edits in one long-lived session (pages replayed from the
    session's earlier drawing, paginate.replay): each build equals a clean one."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    session = BuildSession()
    pdf = build_all(project, [EDITION], session=session, defer=True)[0].pdf
    session.settle()
    replayed = []
    for n, edit in enumerate((_add_section, _layout_value, _paragraph, _image)):
        edit(project)
        replayed.append(build_all(project, [EDITION], session=session, defer=True)[0].replayed)
        session.settle()                             # (as watch does while it waits)
        if edit in (_layout_value, _image):
            assert pdf.read_bytes() == clean_pdf(project, tmp_path / f"clean{n}", monkeypatch,
                                                 EDITION)
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


def test_a_new_process_takes_the_paragraphs_made_ready_before(tmp_path, monkeypatch):
    """The paragraphs a one-shot build made ready (normalised, parsed, words
    found: text.paragraph.Prepared) are kept in the project cache (sealed):
    after an edit the next process makes only the edited one again, and its
    PDF is a clean build's. A damaged file, or one of another csrpress
    version, costs making them all again, never a wrong page."""
    import csrpress.build as build_module
    import csrpress.text.paragraph as paragraph
    from tests.samples import mini_project

    blocks = "".join(f"  - p: 第{i}段：快手的用户在2019年上传了12345678条短视频,记录生活"
                     "的点滴(见下文)。\n" for i in range(40))
    made: list[str] = []
    real = paragraph._prepare
    monkeypatch.setattr(paragraph, "_prepare", lambda text, *a: made.append(text) or
                        real(text, *a))
    cache = tmp_path / "cache"

    def edit_and_build(n: int) -> int:
        text = blocks + f"  - p: 第{n}次修改的段落。\n"
        (project.content / "part.yaml").write_text(
            "part: test\ntitle: 测试\nblocks:\n" + text, encoding="utf-8")
        monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
        made.clear()
        got = build_all(project, [EDITION])[0].pdf.read_bytes()      # (a new session)
        count = len(made)
        monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / f"clean-cache{n}"))
        clean = mini_project(tmp_path / f"clean{n}", text)
        assert got == build_all(clean, [EDITION])[0].pdf.read_bytes(), n
        return count

    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    project = mini_project(tmp_path / "p", blocks)
    build_all(project, [EDITION])
    everything = len(made)
    assert everything >= 40
    assert edit_and_build(1) == 1                   # the edited paragraph only
    kept = next(cache.glob("prepared-*.pickle"))
    kept.write_bytes(kept.read_bytes()[:-20] + bytes(20))
    assert edit_and_build(2) == everything + 1      # damaged: all made again (+ the new one)
    assert edit_and_build(3) == 1
    monkeypatch.setattr(build_module, "package_version", lambda: "another")
    assert edit_and_build(4) == everything + 1      # another csrpress: not taken
    assert edit_and_build(5) == 1
    assert len(list(cache.glob("prepared-*.pickle"))) == 1      # (the old version's pruned)


def test_a_project_named_by_another_path_keeps_its_caches(tmp_path, monkeypatch):
    """Built once as a relative path and then as an absolute one (or through
    a symlink), a project is the same project: its kept pages, line breaks
    and page streams are found (the line-break and page-stream caches and the
    replay context used the path as typed)."""
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "".join(f"  - p: 第{i}段：同一个项目换一种写法。\n"
                                                   for i in range(40)))
    monkeypatch.chdir(tmp_path)
    first = build_all(Project(Path("p")), [EDITION])[0]
    part = project.content / "part.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("第3段", "第三段"), encoding="utf-8")
    again = build_all(Project((tmp_path / "p").resolve()), [EDITION])[0]
    assert first.pages == again.pages and 0 < again.replayed
    assert len(list((tmp_path / "cache").glob("breaks-*"))) == 1


def _first_part(p: Project) -> None:          # the letter (page 4), before every chapter
    _edit(p.content / "01-letters.yaml", "社会责任感是快手与生俱来的基因。",
          "社会责任感是快手与生俱来的基因！")


def _last_chapter(p: Project) -> None:        # the appendix: the last chapter, then indexes
    _edit(p.content / "30-appendix.yaml", "展现快手 2019 年度通过产品和社会责任实践行动",
          "展现快手 2019 年度通过产品、服务和社会责任实践行动")


def _more_pages(p: Project) -> None:          # the second chapter grows by pages
    text = ("  - 这是为了检验页数变化而加入的段落：增量构建的每一页都必须与完整构建相同，"
            "页码、目录、索引和书签也一样。\n")
    path = p.content / "20-chapter-02.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text * 40, encoding="utf-8")


def test_watch_edits_at_either_end_and_a_longer_report_equal_clean_builds(
        project: Project, tmp_path, monkeypatch):
    """Watch builds after an edit before every chapter, one in the last
    chapter (the indexes follow it) and one that makes the report pages
    longer (every page after it renumbered, the contents and indexes with
    it): each PDF is a clean build's, byte for byte."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    session = BuildSession()
    first = build_all(project, [EDITION], session=session, defer=True)[0]
    for edit in (_first_part, _last_chapter):
        edit(project)
        res = build_all(project, [EDITION], session=session, defer=True)[0]
        assert res.changed and res.replayed, edit
    session.settle()
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path / "clean1", monkeypatch, EDITION)
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    _more_pages(project)
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    assert res.pages > first.pages and res.replayed
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path / "clean2", monkeypatch, EDITION)


def test_a_kept_structure_tree_is_written_only_for_the_same_trace(project: Project, tmp_path,
                                                                   monkeypatch):
    """Watch builds keep the structure tree the last one wrote when the
    same trace made it (pdf.tagging.write_tree): an edit that changes no
    element takes it (and the PDF is a clean build's), an edit that renames
    a heading (its bookmark, the contents' entry and link) writes it anew
    (and the PDF is a clean build's)."""
    from csrpress.pdf import tagging

    written: list[int] = []
    make = tagging._write_elements

    def counted(*args: Any) -> Any:
        written.append(1)
        return make(*args)

    monkeypatch.setattr(tagging, "_write_elements", counted)
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    session.settle()
    _paragraph(project)                   # (the first build that replays: its own trace)
    build_all(project, [EDITION], session=session, defer=True)
    session.settle()
    before = len(written)
    _second_paragraph(project)
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    # (verifying, every tree is written anew and compared with the kept one)
    assert res.replayed and (len(written) == before
                             or os.environ.get("CSRPRESS_VERIFY_REPLAY") == "1")
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path / "clean1", monkeypatch, EDITION)
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    _heading(project)
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    assert len(written) > before           # (written anew, in each pass it took)
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path / "clean2", monkeypatch, EDITION)


def test_an_edited_parts_other_blocks_carry_their_derived_facts(project: Project, tmp_path,
                                                                  monkeypatch):
    """Watch builds after edits to one part file: the blocks the edit left
    alone are the blocks validated before (content._same_source) or, moved
    by a line added above them, take what they derived from their content
    (characters, normalised punctuation, copyfit digest: carry_derived); an
    edit that changes what a block derives (a comma between Han, set
    full-width and noted at its line, a character added) derives it anew.
    Each PDF is a clean build's."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    session = BuildSession()
    build_all(project, [EDITION], session=session, defer=True)
    session.settle()
    path = project.content / "13-action-1.yaml"

    def chars() -> list[Any]:
        return [b.derived.get("chars") for b in session.parts[path].blocks]

    before = chars()
    _edit(path, "带领村民全部脱贫。", "带领村民全部脱贫了。")
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    after = chars()
    same = [a is b for a, b in zip(before, after)]
    assert len(after) == len(before) and same.count(False) == 1 and res.replayed
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path / "clean1", monkeypatch, EDITION)
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    _edit(path, "为更多年轻人提供就业机会，", "为更多年轻人提供就业机会,鼓")
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    edited = [b for b in session.parts[path].blocks if "就业机会," in str(b.value)]
    assert "鼓" in edited[0].derived["chars"] and edited[0].derived["normalised"]
    assert [b is a for a, b in zip(after, chars())].count(False) == 1
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path / "clean2", monkeypatch, EDITION)
    # a paragraph added near the top: the blocks below it moved a line, so
    # they are validated anew (their marks) and take their facts from before
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    kept = list(session.parts[path].blocks)
    _edit(path, "  - heading: 网红第一书记的云端扶贫路\n",
          "  - 这是新加的一段。\n  - heading: 网红第一书记的云端扶贫路\n")
    res = build_all(project, [EDITION], session=session, defer=True)[0]
    session.settle()
    now = session.parts[path].blocks
    moved = now[now.index(next(b for b in now if b.value == "这是新加的一段。")) + 1:]
    assert moved and not any(b is a for b in moved for a in kept)
    assert all(b.derived.get("chars") is a.derived.get("chars")
               for b, a in zip(moved, kept[len(kept) - len(moved):]))
    assert res.pdf.read_bytes() == clean_pdf(project, tmp_path / "clean3", monkeypatch, EDITION)
