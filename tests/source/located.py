"""Helpers for tests of located errors: load a project and read its errors,
edit a file in place and know the line edited, find an error by place and words."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.build import load
from csrpress.errors import BuildError


def load_errors(project) -> list[str]:
    """The errors loading the project raises (it must raise), as printed."""
    with pytest.raises(BuildError) as exc:
        load(project)
    return [str(d) for d in exc.value.diagnostics]


def edit_file(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file with `new`; returns the line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def has_error(errs: list[str], where: str, *words: str) -> bool:
    """Is there an error at `where` (file:line:) holding every word?"""
    return any(where in e and all(w in e for w in words) for e in errs)
