"""Paths named in content and layout stay inside their project folder.

A report is a folder a team shares; a path written in it must never make
the tool read or write elsewhere (`../`, an absolute path, a symlink that
leads out), so every such path is checked where it is written.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath


def escape_reason(base: Path, name: str) -> str | None:
    """Why ``name`` (relative to ``base``) leaves ``base``, or None if it stays in."""
    text = str(name)
    if not text.strip():
        return "it is empty"
    if "\x00" in text:
        return "it contains a NUL character"
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or \
            PureWindowsPath(text).drive:
        return "it is an absolute path"
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        return "it goes up with '..'"
    if "/" not in text and "\\" not in text and text not in (".", ""):
        try:                         # a plain name: inside unless it is a symlink
            if not (base / text).is_symlink():
                return None
        except OSError:
            pass
    try:
        root = base.resolve()
        target = (base / text).resolve()
    except (OSError, RuntimeError):
        return "it cannot be resolved (a symlink loop?)"
    if target != root and root not in target.parents:
        return "a symlink leads outside"
    return None
