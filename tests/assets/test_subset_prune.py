"""A project's cache keeps a face's newest subsets only: every edit that adds
a character makes a new one (0.5 MB for the report's regular face), and
the cache grew by that much per such edit, for good."""
from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

from csrpress.assets.fonts import Face


def _subset(folder: Path, face: str, n: int, age: float) -> Path:
    path = folder / f"subset2-{face}-0123456789abcdef0123-{n:020x}.ttf"
    path.write_bytes(b"ttf")
    path.with_name(path.name + ".z").write_bytes(b"z")
    path.with_name(path.name + ".face").write_bytes(b"face")
    path.with_name(path.name + ".tables").write_bytes(b"tables")
    t = time.time() - age
    os.utime(path, (t, t))
    return path


def _prune(face: str, current: Path, keep: int = 4, age: float = 600.0) -> None:
    Face.prune_subsets(SimpleNamespace(name=face), current, keep, age)


def test_older_subsets_of_the_face_go_with_their_packed_form(tmp_path):
    old = [_subset(tmp_path, "regular", n, 3600 + 60 * n) for n in range(8)]   # old[0] newest
    current = _subset(tmp_path, "regular", 99, 7200)       # (in use: kept whatever its age)
    other = _subset(tmp_path, "regular-italic", 1, 9999)   # another face whose name starts alike
    _prune("regular", current)
    left = sorted(p.name for p in tmp_path.glob("*.ttf"))
    assert left == sorted(p.name for p in [current, other] + old[:3])
    for ext in (".z", ".face", ".tables"):
        assert sorted(p.name for p in tmp_path.glob("*" + ext)) == sorted(
            p.name + ext for p in [current, other] + old[:3])


def test_recent_subsets_stay_whatever_their_number(tmp_path):
    recent = [_subset(tmp_path, "bold", n, 10 + n) for n in range(8)]
    current = _subset(tmp_path, "bold", 99, 0)
    _prune("bold", current)
    assert len(list(tmp_path.glob("*.ttf"))) == len(recent) + 1
