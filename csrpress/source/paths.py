"""Paths named in content and layout stay inside their project folder.

A report is a folder a team shares; a path written in it must never make
the tool read or write elsewhere (`../`, an absolute path, a symlink that
leads out), so every such path is checked where it is written.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path, PurePosixPath, PureWindowsPath

NAME_MAX = 255      # bytes in one file or folder name (ext4, APFS, NTFS in UTF-16 units)
PATH_MAX = 1024     # bytes in a whole relative path written in content or layout


def too_long(name: str) -> str | None:
    """Why a relative path is longer than a file system takes (asking the file
    system about it would raise ENAMETOOLONG), or None."""
    longest = max((len(part.encode("utf-8", "surrogatepass"))
                   for part in name.replace("\\", "/").split("/")), default=0)
    if longest > NAME_MAX:
        return f"a name in it is {longest} bytes long (file systems allow {NAME_MAX})"
    total = len(name.encode("utf-8", "surrogatepass"))
    if total > PATH_MAX:
        return f"it is {total} bytes long (at most {PATH_MAX})"
    return None


def escape_reason(base: Path, name: str, links: bool = True) -> str | None:
    """Why ``name`` (relative to ``base``) leaves ``base``, or None if it stays in.
    links=False: as written only (a symlink in ``base`` to a file elsewhere
    is inside: a font installed once for the machine, linked into fonts/)."""
    text = str(name)
    if not text.strip():
        return "it is empty"
    if "\x00" in text:
        return "it contains a NUL character"
    long = too_long(text)
    if long:
        return long
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or \
            PureWindowsPath(text).drive:
        return "it is an absolute path"
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        return "it goes up with '..'"
    if not links:
        return None
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


def missing_file_hint(folder: Path, name: str, otherwise: str, most: int = 2000) -> str:
    """The hint of a file a report names that is not in its folder: the
    file it most likely meant ("did you mean 'Roof.JPG'?" — a name whose
    case differs works on macOS and Windows, then fails on Linux), else
    ``otherwise``. Only files inside the folder are offered (hidden ones
    and backups left out), at most ``most`` of them looked at."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = os.path.relpath(dirpath, folder)
        for f in sorted(filenames):
            if not f.startswith(".") and not f.endswith("~"):
                found.append(f if rel == "." else f"{rel}/{f}".replace(os.sep, "/"))
        if len(found) >= most:
            break
    typed = str(name).replace("\\", "/")
    same = [f for f in found if f.lower() == typed.lower()]
    if same:
        return f"did you mean '{same[0]}'? (file names are case-sensitive)"
    leaf = typed.rsplit("/", 1)[-1].lower()       # the file, in another folder
    elsewhere = [f for f in found if f.rsplit("/", 1)[-1].lower() == leaf]
    if elsewhere:
        return f"did you mean '{elsewhere[0]}'?"
    leaves: dict[str, str] = {}    # (a typo in the file's own name, wherever it is)
    for f in found:
        leaves.setdefault(f.rsplit("/", 1)[-1].lower(), f)
    guess = difflib.get_close_matches(leaf, list(leaves), n=1, cutoff=0.75)
    return f"did you mean '{leaves[guess[0]]}'?" if guess else otherwise
