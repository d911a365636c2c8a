"""dist/SHA256SUMS and build-manifest.json say what is on disk: the digests of
the files as written (this build's taken from the bytes it wrote, the other
edition's read from its file) and each warning as it reads printed alone."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from csrpress.build import build, build_all
from tests.samples import mini_project

# a figure without its photo: a warning that names its file
BLOCKS = "  - 清单文件记录每次构建的结果。\n  - figure: 公园独奏\n"


def _sums(dist: Path) -> dict[str, str]:
    lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ") for line in lines)}


def test_sums_and_manifest_match_the_files_on_disk(tmp_path):
    project = mini_project(tmp_path / "p", BLOCKS)
    both = build_all(project)                         # every edition
    screen = build(project, "screen")                 # then one: the other's file is read
    assert len(both) >= 2
    sums = _sums(project.dist)
    manifest = json.loads((project.dist / "build-manifest.json").read_text(encoding="utf-8"))
    for res in both:
        name = res.pdf.name
        on_disk = hashlib.sha256(res.pdf.read_bytes()).hexdigest()
        assert sums[name] == on_disk == manifest["editions"][res.edition]["sha256"]
    said_now = manifest["editions"]["screen"]["warnings"]
    assert said_now == [str(w) for w in screen.warnings + screen.check.warnings]
    assert any("part.yaml" in w and "has no photo" in w for w in said_now)



def _written(project) -> tuple[dict, str]:
    dist = project.dist
    return (json.loads((dist / "build-manifest.json").read_text(encoding="utf-8")),
            (dist / "SHA256SUMS").read_text(encoding="utf-8"))


def test_a_watch_builds_manifest_is_written_by_settle_as_a_one_shot_build_writes_it(tmp_path):
    """A watch build (defer) leaves its manifest and checksums to settle(),
    after the PDF is on disk; settled, they are what a one-shot build of the
    same edits writes, and the next build (which settles first if the caller
    did not) says its changed pages against them."""
    from csrpress.session import BuildSession

    blocks = "  - 清单文件记录每次构建的结果。\n  - 第二段。\n"
    watched, one_shot = (mini_project(tmp_path / name, blocks) for name in ("w", "o"))
    session = BuildSession()
    build_all(watched, ["screen"], session=session, defer=True)
    build_all(one_shot, ["screen"])
    for n, text in enumerate(("清单文件记录了每次构建的结果。", "清单文件又记录了每次构建的结果。")):
        for project in (watched, one_shot):
            part = project.content / "part.yaml"
            part.write_text(part.read_text(encoding="utf-8").replace(
                "清单文件记录每次构建的结果。" if n == 0 else "清单文件记录了每次构建的结果。",
                text), encoding="utf-8")
        said = build_all(watched, ["screen"], session=session, defer=True)[0]
        if n == 1:
            session.settle()      # (the first edit's: settled by this build, first)
        done = build_all(one_shot, ["screen"])[0]
        assert said.changed == done.changed == [1]
        assert said.pdf.read_bytes() == done.pdf.read_bytes()
    assert _written(watched) == _written(one_shot)


def test_a_manifest_that_settle_cannot_write_is_a_warning_and_no_build_record(tmp_path,
                                                                             monkeypatch):
    """The PDF is published before settle writes the manifest: a manifest
    that cannot be written then (a full disk) is a warning, not an error,
    and no build record is kept: a new process must not take the old
    manifest, still on disk as it was, for this build's. It builds again."""
    import errno

    from csrpress.pdf import manifest
    from csrpress.session import BuildSession

    project = mini_project(tmp_path / "p", "  - 清单文件记录每次构建的结果。\n")
    session = BuildSession()
    build_all(project, ["screen"], session=session, defer=True)
    session.settle()
    part = project.content / "part.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("记录", "记下"), encoding="utf-8")
    built = build_all(project, ["screen"], session=session, defer=True)[0]

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with monkeypatch.context() as m:
        m.setattr(manifest, "atomic_write", full)
        said = [str(d) for d in session.settle()]
    assert any("warning: cannot write the built report" in s and "disk is full" in s
               for s in said)
    old, _ = _written(project)
    sha = hashlib.sha256(built.pdf.read_bytes()).hexdigest()
    assert old["editions"]["screen"]["sha256"] != sha
    again = build_all(project, ["screen"])[0]
    assert again.timings.keys() != {"total", "load"}       # built, not only verified
    assert _written(project)[0]["editions"]["screen"]["sha256"] == sha
