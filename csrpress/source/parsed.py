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

A part file's entry also keeps its blocks as validation made them from that
very value (source.content._load_part), with what the checks derived from
each block alone: a new process validates and checks only the files that
changed. They are kept with the value in one pickle (the blocks refer to its
objects), under the version of all of csrpress's code that validated them.

A build's writes wait (``defer``) until its PDF is published (``flush``):
they are for the next process, and the blocks' derived facts are complete
only after the checks ran.
"""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any, Callable

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

    def __init__(self, folder: Path, version: str | None = None, defer: bool = False) -> None:
        self.folder = folder
        self.version = version if version is not None else parser_version()
        self.defer = defer
        # name → (key, value, what was validated of it) as read from the cache
        self._read: dict[str, tuple[tuple[str, str, str], Any, Any]] = {}
        # name → [key, value, validated or a function making it] to write
        self._pending: dict[str, list[Any]] = {}

    def _entry(self, name: str) -> Path:
        return self.folder / f"yaml-{digest(name)[:16]}.pickle"

    def _key(self, name: str, data: bytes) -> tuple[str, str, str]:
        return (name, hashlib.sha256(data).hexdigest(), self.version)

    def get(self, name: str, data: bytes) -> Any:
        """The value parsed from exactly ``data`` by this code, or MISSING.
        The entry's key is read first: the stale parse of an edited file is
        never unpickled (that cost as much as parsing it). A value this
        process read or wrote for the same key is the one it holds (the
        shipped GRI table was read from disk at every watch build)."""
        key = self._key(name, data)
        held = self._read.get(name) or self._pending.get(name)
        if held is not None and held[0] == key:   # (read or parsed by this process)
            return held[1]
        try:
            with self._entry(name).open("rb") as fh:
                if pickle.load(fh) != key:
                    return MISSING
                value, validated = pickle.load(fh)
        except Exception:  # noqa: BLE001 - absent, damaged or foreign: parse
            return MISSING
        self._read[name] = (key, value, validated)
        return value

    def validated(self, name: str, value: Any) -> Any:
        """What was kept as validated of ``value`` (the very object get()
        returned for the name), or None."""
        held = self._read.get(name)
        return held[2] if held is not None and held[1] is value else None

    def put(self, name: str, data: bytes, value: Any) -> None:
        """Keep the value parsed from ``data`` (best effort)."""
        self._read.pop(name, None)
        self._pending[name] = [self._key(name, data), value, None]
        if not self.defer:
            self.flush()

    def keep_validated(self, name: str, value: Any, make: Callable[[], Any]) -> None:
        """Keep, with ``value`` (the name's value last put or got), what
        ``make()`` returns when the entry is written: what was validated of it."""
        entry = self._pending.get(name)
        if entry is None:
            held = self._read.get(name)
            if held is None or held[1] is not value:
                return
            entry = self._pending[name] = [held[0], value, None]
        elif entry[1] is not value:
            return
        entry[2] = make
        if not self.defer:
            self.flush()

    def flush(self) -> None:
        """Write what was kept since the last flush."""
        pending, self._pending = self._pending, {}
        for name, (key, value, validated) in pending.items():
            kept = validated() if callable(validated) else validated
            try:
                data = (pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL)
                        + pickle.dumps((value, kept), protocol=pickle.HIGHEST_PROTOCOL))
            except Exception:  # noqa: BLE001 - (a value pickle cannot write: not kept)
                continue
            if cache_write(self._entry(name), data):
                self._read[name] = (key, value, kept)
