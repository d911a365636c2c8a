"""Caches can never break a build: a stale, foreign or damaged cache entry is
recomputed, a cache that cannot be written is skipped with one warning, and
an output folder that cannot be written is a located error."""
from __future__ import annotations

import errno
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from csrpress.assets import cache as C
from csrpress.assets.cache import digest, load_pickle
from csrpress.build import Project, build
from csrpress.errors import BuildError, Mark
from tests.samples import copy_cache, mini_project

ROOT = Path(__file__).resolve().parents[2]

BLOCKS = """
  - heading: 第一节
    level: 1
    id: one
  - p: 缓存里的文件可以随时删除、截断或损坏，下一次构建照样得到正确的文件。
  - heading: 第二节
    level: 1
    id: two
  - p: 第二节的正文，再加几个字：甲乙丙丁。
"""


@pytest.fixture()
def warm(built, tmp_path, monkeypatch) -> Path:
    """A copy of the repository's warm cache (the session build filled it)."""
    cache = tmp_path / "cache"
    copy_cache(ROOT / ".cache", cache,
               ignore=shutil.ignore_patterns("pages-*", "preflight-*", "*.tmp"))
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    return cache


def _page_map(cache: Path, project: Project, edition: str = "screen") -> Path:
    return cache / f"pages-{edition}-{digest(str(project.root.resolve()))}.pickle"


def _cut_half(part: Path) -> None:
    """Delete the second half of a part's blocks (at a block boundary)."""
    lines = part.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(r"^  - ", line)]
    part.write_text("\n".join(lines[:starts[len(starts) // 2]]) + "\n", encoding="utf-8")


def _fresh(project: Project, cache: Path) -> bytes:
    """The PDF built without any page map (the reference for a correct PDF);
    without the last build's stamp too, so it is a real build."""
    for f in [*cache.glob("pages-*"), *cache.glob("laststamp-*")]:
        f.unlink()
    return build(project).pdf.read_bytes()


def test_a_stale_page_map_is_never_trusted(project, warm, built):
    """A page map naming pages past the end (the report got shorter) used to
    end in 'undefined destination target for page-N'."""
    anchors, before = dict(built.anchors), {}
    stale = ({k: v + 40 for k, v in anchors.items()} | {"gone-anchor": 99},
             {k: v + 40 for k, v in anchors.items()})
    _page_map(warm, project).write_bytes(pickle.dumps(stale))
    res = build(project)
    assert res.passes >= 2
    assert res.pdf.read_bytes() == _fresh(project, warm)


def test_the_page_map_is_written_when_it_changed_and_only_then(project, warm, built):
    """A build after an edit that moves no anchor leaves the last map's file
    as it is (rewriting it was a file replaced on every watch edit); a
    build whose pages moved writes its own, which the next build starts
    from (a stale guess would cost it a pass)."""
    from csrpress.session import BuildSession

    session = BuildSession()
    build(project, session=session)
    path = _page_map(warm, project)
    written = path.stat().st_ino
    para = project.content / "11-record.yaml"
    text = para.read_text(encoding="utf-8")
    para.write_text(text.replace("年龄只是数字而已", "年龄只是数字"), encoding="utf-8")
    assert build(project, session=session).passes == 1
    assert path.stat().st_ino == written                    # the same map: not rewritten
    stale = ({k: v + 1 for k, v in built.anchors.items()}, {})
    path.write_bytes(pickle.dumps(stale))
    para.write_text(text, encoding="utf-8")
    res = build(project, session=session)
    assert res.passes >= 2 and load_pickle(path, tuple)[0] == res.anchors


def test_deleting_half_of_a_chapter_after_a_build_gives_a_correct_pdf(project, warm):
    build(project)
    _cut_half(project.content / "20-chapter-02.yaml")
    res = build(project)                       # the last build's page map is stale now
    assert res.pdf.read_bytes() == _fresh(project, warm)


def test_dropping_a_part_and_sharing_the_cache_between_projects(project, warm, tmp_path):
    other = Project(tmp_path / "other")
    shutil.copytree(project.root, other.root, ignore=shutil.ignore_patterns("dist"))
    report = other.content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  - 12-connect.yaml\n", ""),
                      encoding="utf-8")
    build(project)
    assert build(other).pdf.read_bytes() == _fresh(other, warm)


def test_damaged_cache_files_are_recomputed(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CSRPRESS_CACHE", str(cache))
    project = mini_project(tmp_path / "p", BLOCKS)
    good = build(project).pdf.read_bytes()
    for damage in ("truncate", "garbage", "empty"):
        files = [f for f in cache.rglob("*") if f.is_file()]
        assert any(f.suffix == ".ttf" for f in files) and any(f.suffix == ".pickle" for f in files)
        for f in files:
            data = f.read_bytes()
            f.write_bytes({"truncate": data[:len(data) // 2], "empty": b"",
                           "garbage": bytes(64) + data[64:]}[damage])
        # a build without a session holds nothing from the builds before (a new process)
        assert build(project).pdf.read_bytes() == good, damage


def test_load_pickle_checks_the_kind(tmp_path):
    path = tmp_path / "x.pickle"
    path.write_bytes(pickle.dumps([1, 2]))
    assert load_pickle(path, dict) is None and load_pickle(path, list) == [1, 2]
    path.write_bytes(b"\x80\x05garbage")
    assert load_pickle(path) is None


def test_a_sealed_pickle_reads_back_only_as_written(tmp_path):
    """(save_sealed/load_sealed: for results used without being recomputed.)"""
    path = tmp_path / "x.pickle"
    assert C.load_sealed(path) is None                             # absent
    assert C.save_sealed(path, {"pages": [1, 2]})
    data = path.read_bytes()
    assert C.load_sealed(path) == {"pages": [1, 2]}
    for bad in (data[:len(data) // 2], data[:-1] + bytes([data[-1] ^ 1]), b"",
                pickle.dumps({"pages": [1, 2]}), data[:20]):
        path.write_bytes(bad)
        assert C.load_sealed(path) is None


def test_a_sealed_pickle_named_by_its_digest_reads_back_only_with_it(tmp_path):
    """(sealed: the bytes save_sealed writes and their digest, for files named by it.)"""
    data, seal = C.sealed(("page", 1))
    other, other_seal = C.sealed(("page", 2))
    assert seal != other_seal and C.sealed(("page", 1)) == (data, seal)
    path = tmp_path / f"{seal}.pickle"
    path.write_bytes(data)
    assert C.load_sealed(path, seal) == C.load_sealed(path) == ("page", 1)
    assert C.load_sealed(path, other_seal) is None
    path.write_bytes(other)                                      # another entry's file
    assert C.load_sealed(path, seal) is None and C.load_sealed(path) == ("page", 2)
    assert C.save_sealed(path, ("page", 1)) and path.read_bytes() == data


def test_an_unusable_cache_folder_is_one_warning(tmp_path, monkeypatch):
    # this process's temporary cache goes under tmp_path, not into /tmp for
    # the rest of the test run (a run stopped from outside left it there)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr(C, "_FALLBACK", {})
    (tmp_path / "tmp").mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CSRPRESS_CACHE", str(blocker / "cache"))   # cannot be created
    project = mini_project(tmp_path / "p", BLOCKS)
    res = build(project)
    notes = [str(w) for w in res.warnings if "cache" in str(w)]
    assert len(notes) == 1 and "building without it" in notes[0]
    assert res.pdf.exists()
    again = build(project)                       # said once per process
    assert not [w for w in again.warnings if "cache" in str(w)]
    (used,) = (tmp_path / "tmp").iterdir()
    assert used.name.startswith(f"csrpress-cache-{os.getpid()}-")


_KILLED = """
import os, signal, sys
from pathlib import Path
from csrpress.assets.cache import cache_dir
print(cache_dir(Path(sys.argv[1])), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_process_s_temporary_cache_is_removed_by_the_next(tmp_path):
    """A process that cannot use its cache folder builds in a temporary one,
    removed at exit; one killed (SIGKILL: no exit handler runs; a test run or
    watch stopped from outside) left it in /tmp, ~30 of them on a shared
    machine. The next process needing one removes those whose process is
    gone, and nothing else: a living process's folder, a folder of another
    name."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**os.environ, "TMPDIR": str(tmp)}
    env.pop("CSRPRESS_CACHE", None)

    def killed() -> Path:
        run = subprocess.run([sys.executable, "-c", _KILLED, str(blocker)], env=env,
                             cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == -signal.SIGKILL, run.stderr
        return Path(run.stdout.strip())

    first = killed()
    assert first.parent == tmp and first.is_dir()           # left behind: it was killed
    living = tmp / f"csrpress-cache-{os.getpid()}-kept"      # this test's process lives
    other = tmp / "csrpress-cache-notapid-x"
    living.mkdir()
    other.mkdir()
    second = killed()
    assert not first.exists()                               # removed by the next one
    assert second.is_dir() and living.is_dir() and other.is_dir()


def test_a_forked_child_leaves_its_parents_temporary_cache(tmp_path, monkeypatch):
    """The exit handler removes the folder in the process that made it only:
    a forked child that runs the exit handlers must not take it away."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = C._temporary_cache()
    C._remove_own(folder, os.getpid() + 1)                  # as a child would
    assert folder.is_dir()
    C._remove_own(folder, os.getpid())
    assert not folder.exists()


def test_a_full_disk_under_the_cache_is_one_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", BLOCKS)
    real = C.atomic_write

    def full(path: Path, data: bytes, **kw) -> None:
        if tmp_path / "cache" in path.parents:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, **kw)

    monkeypatch.setattr(C, "atomic_write", full)
    res = build(project)
    notes = [str(w) for w in res.warnings if "cache" in str(w)]
    assert len(notes) == 1 and "No space left on device" in notes[0]
    assert res.pdf.exists()


def test_a_cache_file_is_removed_before_its_new_one_is_renamed_an_output_is_not(
        tmp_path, monkeypatch):
    """ext4 writes a file renamed over another to disk there and then
    (auto_da_alloc: ~2 ms a file): a cache file is removed first (a reader
    meanwhile finds none: a miss); an output stays in place until its new
    version is renamed over it (the last good PDF is never missing)."""
    seen = []
    real = os.replace

    def replace(src, dst):
        seen.append(Path(dst).exists())
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    cache_file, output = tmp_path / "c.pickle", tmp_path / "out.pdf"
    for path in (cache_file, output):
        path.write_bytes(b"old")
    assert C.cache_write(cache_file, b"new")
    C.atomic_write(output, b"new")
    assert seen == [False, True]
    assert cache_file.read_bytes() == output.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.pickle", "out.pdf"]


def test_dist_being_a_file_is_a_located_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", BLOCKS)
    project.dist.write_text("oops")
    with pytest.raises(BuildError) as exc:
        build(project)
    (d,) = exc.value.diagnostics
    assert "must be a folder" in d.hint and project.dist.read_text() == "oops"


def test_a_full_disk_under_dist_is_a_located_error_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", BLOCKS)
    real = os.replace

    def full(src, dst) -> None:
        if Path(dst).suffix == ".pdf":
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(BuildError) as exc:
        build(project)
    (d,) = exc.value.diagnostics
    assert "disk is full" in d.hint and str(d).startswith(str(d.where))
    assert not project.dist.exists() or not any(project.dist.iterdir())


def test_prune_keeps_only_the_current_file_of_a_family(tmp_path):
    """Digest-keyed cache files whose key moved on are deleted, nothing else."""
    names = ["breaks-aaaa-1.pickle", "breaks-aaaa-2.pickle", "breaks-bbbb-1.pickle",
             "shapes-1.pickle", "breaks-aaaa-3.pickle.tmp"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    C.prune(tmp_path / "breaks-aaaa-2.pickle", "breaks-aaaa-")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "breaks-aaaa-2.pickle", "breaks-aaaa-3.pickle.tmp", "breaks-bbbb-1.pickle",
        "shapes-1.pickle"]
    C.prune(tmp_path / "missing" / "x.pickle", "x")     # no folder: nothing happens


def test_screen_colours_are_kept_in_the_cache(tmp_path):
    """A palette colour converted through the output profile is read back from
    the project cache by the next process (same numbers, no LittleCMS transform)."""
    from types import SimpleNamespace

    from csrpress.assets import colour
    from csrpress.session import BuildSession

    ed = SimpleNamespace(output_intent=None)
    with BuildSession().active():
        first = colour.output_profile(ed, None)
        colour.load_screen_colours(first, tmp_path)
        rgb = colour.screen_rgb((0.0, 0.6, 1.0, 0.0), first)
        colour.save_screen_colours(first, tmp_path)
    with BuildSession().active():                      # a new process
        again = colour.output_profile(ed, None)
        colour.load_screen_colours(again, tmp_path)
        assert again.screen == {(0, 153, 255, 0): rgb}
        assert colour.screen_rgb((0.0, 0.6, 1.0, 0.0), again) == rgb
        assert not again._transforms                   # nothing converted again


def test_code_versions_change_with_the_code(tmp_path, monkeypatch):
    """A hash of no module never changes (the copyfit memo on disk was keyed by
    one, so an upgraded engine reused old chapter-end decisions): it is refused,
    and package_version covers every module of csrpress, the C of its
    compiled parts and their headers included."""
    with pytest.raises(ValueError):
        C.code_version()
    assert C.code_version("csrpress.paginate.fit") != C.code_version("csrpress.text.atoms")
    pkg = tmp_path / "csrpress"
    (pkg / "paginate").mkdir(parents=True)
    (pkg / "assets").mkdir()
    shutil.copy(C.__file__, pkg / "assets" / "cache.py")
    (pkg / "paginate" / "fit.py").write_text("A = 1\n", encoding="utf-8")
    import importlib.util

    def version() -> str:
        spec = importlib.util.spec_from_file_location("_cache_copy", pkg / "assets" / "cache.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod.package_version()

    first = version()
    assert version() == first
    (pkg / "paginate" / "fit.py").write_text("A = 2\n", encoding="utf-8")
    second = version()
    assert second != first
    # the C of a compiled part too (its breaks or findings are the engine's)
    (pkg / "text").mkdir()
    (pkg / "text" / "_breakfit.c").write_text("/* one */\n", encoding="utf-8")
    third = version()
    assert third != second
    (pkg / "text" / "_breakfit.c").write_text("/* two */\n", encoding="utf-8")
    fourth = version()
    assert fourth != third
    # and a header the C includes (text/_slots.h: shared by two compiled parts)
    (pkg / "text" / "_slots.h").write_text("/* one */\n", encoding="utf-8")
    fifth = version()
    assert fifth != fourth
    (pkg / "text" / "_slots.h").write_text("/* two */\n", encoding="utf-8")
    assert version() != fifth


def test_a_dict_file_appends_deltas_and_reads_back_what_was_saved(tmp_path):
    """A DictFile's save writes its last bytes plus the items added or
    changed and the keys dropped; what reads back is the dict saved, after
    one save and after several, in this process and in the next."""
    path = tmp_path / "breaks.pickle"
    data = {f"paragraph {i}": [i, i + 1] for i in range(200)}
    _, saver = C.DictFile.load(path)
    assert saver.save(dict(data))
    before = path.read_bytes()
    for n in range(3):
        data = dict(data)
        del data[f"paragraph {n}"]
        data[f"edited {n}"] = [n]
        data["paragraph 50"] = [n, "changed"]
        assert saver.save(data)
        now = path.read_bytes()
        assert now.startswith(before) and len(now) < len(before) * 5 // 4
        before = now
        loaded, again = C.DictFile.load(path)
        assert loaded == data
    assert again.save(dict(loaded)) and path.read_bytes() == before   # nothing to add
    loaded["new"] = [1]
    assert again.save(loaded) and path.read_bytes().startswith(before)
    assert C.DictFile.load(path)[0] == loaded


def test_a_dict_files_deltas_fold_into_a_new_base(tmp_path):
    path = tmp_path / "breaks.pickle"
    _, saver = C.DictFile.load(path)
    sizes = []
    for n in range(30):
        saver.save({"kept": "x" * 200, f"edit {n}": "y" * 40})
        sizes.append(path.stat().st_size)
        assert sum(map(len, saver.blobs[1:])) <= len(saver.blobs[0]) // 2 + 200
    assert any(b < a for a, b in zip(sizes, sizes[1:]))
    assert C.DictFile.load(path)[0] == {"kept": "x" * 200, "edit 29": "y" * 40}


def test_a_damaged_or_foreign_dict_file_reads_as_empty(tmp_path):
    path = tmp_path / "breaks.pickle"
    _, saver = C.DictFile.load(path)
    saver.save({"a": 1, "b": 2})
    base = path.read_bytes()
    saver.save({"a": 1, "c": 3})
    delta = path.read_bytes()[len(base):]
    for bad in (base[:-2], base + delta[:-2], base + bytes(len(delta)), base + delta + delta,
                pickle.dumps({"a": 1}), pickle.dumps(("csrpress-dict-1", [1])), b""):
        path.write_bytes(bad)
        assert C.DictFile.load(path)[0] == {}


def test_an_unwritable_dict_file_costs_nothing_but_speed(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    _, saver = C.DictFile.load(blocker / "breaks.pickle")
    assert not saver.save({"a": 1}) and saver.blobs == []
    assert C.DictFile.load(blocker / "breaks.pickle")[0] == {}


def test_the_profile_description_is_kept_in_the_cache(tmp_path, monkeypatch):
    """The output profile's own description (the OutputIntent's Info when the
    layout gives none) is read back by the next process without Pillow's
    ImageCms; a layout's own Info text is never replaced by it."""
    from types import SimpleNamespace

    from csrpress.assets import colour
    from csrpress.session import BuildSession

    ed = SimpleNamespace(output_intent=None)
    with BuildSession().active():
        first = colour.output_profile(ed, None)
        colour.load_screen_colours(first, tmp_path)
        text = first.info
        assert text and first.described
        colour.save_screen_colours(first, tmp_path)
        assert not first.described

    def refused(data):
        raise AssertionError("the description was read again")

    monkeypatch.setattr(colour, "description", refused)
    with BuildSession().active():                      # a new process
        again = colour.output_profile(ed, None)
        colour.load_screen_colours(again, tmp_path)
        assert again.info == text and not again.described
    given = SimpleNamespace(output_intent={"info": "Press X, coated"})
    with BuildSession().active():
        own = colour.output_profile(given, None)
        colour.load_screen_colours(own, tmp_path)
        assert own.info == "Press X, coated"
