"""Parsed YAML files kept on disk, so a new process starts as warm as watch.

Parsing the YAML of a project (content, layout, the shipped GRI tables) took
~70 ms of every build in a new process, though a build after an edit changes
one file. Each parsed file is kept in the project cache, keyed by the exact
bytes of the file (SHA-256, not a modification time that may not move) and
by the version of the code that parsed it (the parser modules' source, the
PyYAML version): an edited file, or an upgraded parser, is parsed again.

Only a file that parsed without an error is kept, so every located error is
found by parsing, as before. A damaged, foreign or unreadable entry reads as
absent; a write that fails costs speed, not the build (assets.cache.cache_write).
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from ..assets.cache import cache_write, code_version, digest

MISSING: Any = object()          # what get() returns when nothing is kept

# The modules whose code decides what a parsed value is.
PARSERS = ("csrpress.source.yamlmarks", "csrpress.source.parsed", "csrpress.errors")


def parser_version() -> str:
    """The parser's code and PyYAML's version (and which of its loaders)."""
    import yaml

    return f"{code_version(*PARSERS)}-{yaml.__version__}-{hasattr(yaml, 'CSafeLoader')}"


class ParsedFiles:
    """Parsed values by name (a file's path as the loader was given it, so
    the marks it holds are what a fresh parse would give), one cache file
    per name, valid for one content of the file and one parser version."""

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self.folder = folder
        self.version = version if version is not None else parser_version()

    def _entry(self, name: str) -> Path:
        return self.folder / f"yaml-{digest(name)[:16]}.pickle"

    def _key(self, name: str, data: bytes) -> tuple[str, str, str]:
        return (name, hashlib.sha256(data).hexdigest(), self.version)

    def get(self, name: str, data: bytes) -> Any:
        """The value parsed from exactly ``data`` by this code, or MISSING.
        The entry's key is read first: the stale parse of an edited file is
        never unpickled (that cost as much as parsing it)."""
        try:
            with self._entry(name).open("rb") as fh:
                if pickle.load(fh) != self._key(name, data):
                    return MISSING
                return pickle.load(fh)
        except Exception:  # noqa: BLE001 - absent, damaged or foreign: parse
            return MISSING

    def put(self, name: str, data: bytes, value: Any) -> None:
        """Keep the value parsed from ``data`` (best effort)."""
        cache_write(self._entry(name),
                    pickle.dumps(self._key(name, data), protocol=pickle.HIGHEST_PROTOCOL)
                    + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
