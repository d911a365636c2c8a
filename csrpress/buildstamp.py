"""The stamp check: a build whose inputs, code and outputs are all as the last
build left them does nothing but verify that.

What a build depends on, and how it is compared:
- content/ and layout/ by the bytes of every file (small text: hashing them
  costs less than trusting a modification time that may not move);
- images/ and fonts/ by file stamps (size, modification time);
- every Python module the last build imported (csrpress, ReportLab, fontTools
  ...) and the font files it read, by file stamps: an edited or upgraded
  module, or a reinstalled font, makes the next build a real one;
- SOURCE_DATE_EPOCH (it goes into the PDF), the Python version, the editions;
- the outputs: every file the build wrote (PDFs, manifest, checksums) must
  still hash to what was written, so a deleted or altered output is rebuilt.

Only then the last results are handed back as they were (the same page count,
warnings and preflight report: the file on disk is byte-identical to the one
that was checked). Deliberately cheap to import: no YAML, ReportLab or fonts.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .assets.cache import file_stamp

HASHED = ("content", "layout")
STAMPED = ("images", "fonts")


@dataclass
class Record:
    """What a finished build leaves for the next one to compare with."""

    inputs: str                                   # digest of project inputs (see inputs_digest)
    files: list[tuple[str, int, int]]             # modules and fonts: path, size, mtime_ns
    outputs: list[tuple[str, str]]                # written file, its sha256
    results: list[Any]                            # the BuildResults handed back on a skip


def record_path(cache: Path, root: Path, editions: list[str] | None, dist: Path) -> Path:
    """One record per project, set of editions and output folder (a cache may
    be shared; a build into another folder must write there)."""
    key = hashlib.sha256(repr((str(root.resolve()), editions, str(dist.resolve())))
                         .encode("utf-8")).hexdigest()[:16]
    return cache / f"laststamp-{key}.pickle"


def _walk(root: Path) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out += [os.path.join(dirpath, f) for f in sorted(filenames)
                if not f.startswith(".") and not f.endswith("~")]
    return out


def inputs_digest(root: Path, editions: list[str] | None) -> str:
    """The project's inputs and the settings that reach the PDF, as one hash."""
    h = hashlib.sha256()
    h.update(repr((editions, sys.version, os.environ.get("SOURCE_DATE_EPOCH", ""),
                   code_home())).encode())
    for name in HASHED:
        for path in _walk(root / name):
            try:
                data = Path(path).read_bytes()
            except OSError:
                data = b"\0unreadable"
            h.update(f"{os.path.relpath(path, root)}\0{len(data)}\0".encode("utf-8"))
            h.update(data)
    for name in STAMPED:
        for path in _walk(root / name):
            h.update(repr((os.path.relpath(path, root), _stamp(path))).encode("utf-8"))
    return h.hexdigest()


def code_home() -> tuple[str, str]:
    """Where the running csrpress and its environment are installed. The
    record's module stamps are those of the files the last build imported:
    a build from another installation (a new virtualenv with a newer
    csrpress, a checkout on PYTHONPATH) finds those files untouched, so
    without this it would hand back a PDF that code never made."""
    return os.path.dirname(os.path.abspath(__file__)), sys.prefix


def _stamp(path: str) -> tuple[int, int, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1, -1, -1)
    return file_stamp(st)


def file_stamps(paths: list[str]) -> list[tuple[Any, ...]]:
    return [(p, *_stamp(p)) for p in paths]


def loaded_files(extra: list[Path]) -> list[tuple[Any, ...]]:
    """Stamps of every module file this process imported, and of extra files."""
    paths = {str(f) for m in list(sys.modules.values()) if (f := _module_file(m))}
    paths |= {str(p) for p in extra}
    return file_stamps(sorted(paths))


def _module_file(module: Any) -> Any:
    """A module's file, read without running a module imported lazily (its
    code runs on first use, see rlimport: asking it for __file__ would)."""
    import importlib.util

    if isinstance(module, getattr(importlib.util, "_LazyModule", ())):
        return object.__getattribute__(module, "__dict__").get("__file__")
    return getattr(module, "__file__", None)


def _sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def save(path: Path, record: Record) -> None:
    """Write the record (best effort, like every cache file) behind its inputs
    digest, so that a build after an edit reads 70 bytes, not the whole record
    (its results and the stamps of every module: ~5 ms to unpickle)."""
    import io

    from .assets.cache import cache_write

    out = io.BytesIO()
    pickle.dump(record.inputs, out, protocol=pickle.HIGHEST_PROTOCOL)
    _PlainPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(record)
    cache_write(path, out.getvalue())


class _PlainPickler(pickle.Pickler):
    """Pickles str subclasses (marked YAML strings in the results) as plain
    str, so reading a record back never imports the YAML loader. (A plain
    copy of the results made first, walking them in Python, was ~6 ms of
    every build; this asks only of the objects pickle does not handle itself.)"""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, str) and type(obj) is not str:
            return str, (str(obj),)
        return NotImplemented


def unchanged(cache: Path, root: Path, editions: list[str] | None, dist: Path,
              inputs: str | None = None) -> Record | None:
    """The last build's record when nothing it depended on or wrote has changed
    (``inputs``: the project's inputs_digest, when the caller has it)."""
    if inputs is None:
        inputs = inputs_digest(root, editions)
    try:
        with record_path(cache, root, editions, dist).open("rb") as fh:
            if pickle.load(fh) != inputs:     # the common case after an edit
                return None
            rec = pickle.load(fh)
    except Exception:  # noqa: BLE001 - any unreadable record means: build
        return None
    if not isinstance(rec, Record) or rec.inputs != inputs:
        return None
    if file_stamps([f[0] for f in rec.files]) != rec.files:
        return None
    if any(_sha256(path) != digest for path, digest in rec.outputs):
        return None
    return rec


def outputs(paths: list[Path]) -> list[tuple[str, str]]:
    """The written files and their hashes (read back from disk)."""
    return [(str(p), _sha256(str(p)) or "") for p in paths]
