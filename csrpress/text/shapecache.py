"""Shaped paragraphs kept across builds and across processes.

Shaping every paragraph again was a sixth of a build after a one-paragraph
edit: a new process started with an empty in-memory cache. This cache is
saved in the project's cache folder and loaded by the next process.

A shape is a pure function of the text as drawn (page references already
resolved: "9" and "12" are different keys), the span styles, the faces'
widths (font files and their variation location), the spacing rules and the
shaping code; the file name holds all but the first two, the keys the rest.

The file is compact, not a pickle of the atoms (that took longer to load
than shaping them again): atoms are never changed after shaping, so equal
atoms (most Han characters) are stored once and shared, and each paragraph
is a list of indexes into the tables. A damaged or foreign file reads as
empty (see assets/cache.py): a cache never breaks a build.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from ..assets.cache import code_version, digest, load_pickle, save_pickle
from .atoms import Atom, Gap

Shaped = tuple[list[Atom], list[Gap]]
_FORMAT = "csrpress-shapes-1"


def shape_path(cache: Path, faces: Iterable[tuple[str, str]], spacing: Any) -> Path:
    """The cache file for these faces ((name, font key) pairs) and spacing rules."""
    code = code_version("csrpress.text.atoms", "csrpress.text.shaping",
                        "csrpress.text.shapecache")
    return cache / f"shapes-{digest(code, sorted(faces), spacing)}.pickle"


class ShapeCache:
    """Shaped paragraphs by (runs, span styles); `save` keeps those used since the last save."""

    def __init__(self, path: Path | None = None, held: dict[Any, Shaped] | None = None) -> None:
        self.path = path
        self.held: dict[Any, Shaped] = held or {}
        self.used: set[Any] = set()
        self.new = 0

    @classmethod
    def load(cls, path: Path) -> "ShapeCache":
        """The cache saved at path, or an empty one (absent, damaged, foreign)."""
        return cls(path, _unpack(load_pickle(path, tuple)))

    def shaped(self, key: Any, make: Callable[[], Shaped]) -> Shaped:
        """The shape for key, made (and kept) when not held."""
        self.used.add(key)
        found = self.held.get(key)
        if found is None:
            found = self.held[key] = make()
            self.new += 1
        return found

    def save(self) -> None:
        """Write the shapes used since the last save, when something changed
        (best effort: an unwritable cache costs speed, never the build)."""
        if self.path is not None and (self.new or len(self.held) != len(self.used)):
            self.held = {k: v for k, v in self.held.items() if k in self.used}
            save_pickle(self.path, _pack(self.held))
        self.used = set()
        self.new = 0


def _pack(held: dict[Any, Shaped]) -> tuple:
    atoms: dict[tuple, int] = {}
    gaps: dict[tuple, int] = {}
    entries = {}
    for key, (alist, glist) in held.items():
        ai = [atoms.setdefault((a.text, a.span, a.kind, a.width, a.dx, a.end_extra,
                                a.no_start, a.no_end, a.plain), len(atoms)) for a in alist]
        gi = [gaps.setdefault((g.width, g.stretch, g.shrink, g.breakable, g.penalty, g.split),
                              len(gaps)) for g in glist]
        entries[key] = (ai, gi)
    return (_FORMAT, list(atoms), list(gaps), entries)


def _unpack(data: tuple | None) -> dict[Any, Shaped]:
    """The shapes of a packed file; empty when it is not one. Anything odd in
    it (a damaged file that still unpickles) means "not cached"."""
    if not data or len(data) != 4 or data[0] != _FORMAT:
        return {}
    try:
        atoms = [Atom(*t) for t in data[1]]
        gaps = [Gap(*t) for t in data[2]]
        out = {}
        for key, (ai, gi) in data[3].items():
            out[key] = ([atoms[i] for i in ai], [gaps[i] for i in gi])
        return out
    except Exception:  # noqa: BLE001 - a cache is never trusted
        return {}
