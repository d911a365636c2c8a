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

