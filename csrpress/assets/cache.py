"""The build cache: derived files that do not change between builds.

Everything here can be deleted at any time (the next build recreates it).
The location is ``.cache/`` in the project, or $CSRPRESS_CACHE.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def cache_dir(root: Path) -> Path:
    """The cache folder (created when missing)."""
    path = Path(os.environ.get("CSRPRESS_CACHE") or root / ".cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def digest(*parts: object) -> str:
    """A short stable hash of the parts' reprs."""
    h = hashlib.sha256()
    for p in parts:
        h.update(repr(p).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:20]


def load_pickle(path: Path) -> Any:
    """A cached object, or None when absent or unreadable (then it is rebuilt)."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return None


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)   # mkstemp makes 0600; outputs are for others to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_pickle(path: Path, obj: Any) -> None:
    atomic_write(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def code_version(*modules: str) -> str:
    """A hash of the source of the named modules: caches derived by that code
    are keyed by it, so an upgraded engine never reads a stale result."""
    import importlib.util

    h = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            h.update(Path(spec.origin).read_bytes())
    return h.hexdigest()[:12]
