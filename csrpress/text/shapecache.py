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
is a list of indexes into the tables; span styles (frozen dataclasses, slow
to unpickle one by one) are a table of plain tuples too. A save after an
edit reuses the packed form of every unchanged paragraph and packs only the
new ones (packing all 1,100 paragraphs again was 3 % of an edit build); the
tables are rebuilt from scratch once enough paragraphs have come and gone.

Nor is the whole file pickled again at every save (pickling the ~0.7 MB of
tables was ~9 ms of each watch edit): the file is a full pickle (the base)
followed by one small pickle per save since (a delta: the table rows, entries
added and the keys dropped). A save writes the bytes it wrote last time plus
its delta, still as a whole new file renamed into place (never half a file);
the base is written anew when the tables are. A damaged or foreign file
reads as empty (see assets/cache.py): a cache never breaks a build.
"""
from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Iterable

from .. import compiled
from ..assets.cache import cache_write, code_version, digest, read_pickles
from .atoms import Atom, Gap
from .shaping import SpanStyle

Shaped = tuple[list[Atom], list[Gap]]
_FORMAT = "csrpress-shapes-4"
_DELTA = "csrpress-shapes-4-delta"


def shape_path(cache: Path, faces: Iterable[tuple[str, str]], spacing: Any) -> Path:
    """The cache file for these faces ((name, font key) pairs) and spacing rules."""
    code = code_version("csrpress.text.atoms", "csrpress.text.shaping",
                        "csrpress.text.shapecache")
    return cache / f"shapes-{digest(code, sorted(faces), spacing)}.pickle"


class _Packed:
    """The file's form: tables of styles, atoms and gaps (as tuples) and, per
    key, its packed key and index lists; ``churn`` counts paragraphs added or
    dropped since the tables were last built from scratch. ``blobs``: the
    pickles the file holds (the base, then a delta per save since), and
    ``written``: the table lengths and entries they hold."""

    def __init__(self, styles: list[tuple] | None = None, atoms: list[tuple] | None = None,
                 gaps: list[tuple] | None = None, churn: int = 0) -> None:
        self.styles = styles or []
        self.atoms = atoms or []
        self.gaps = gaps or []
        self.entries: dict[Any, tuple[Any, list[int], list[int]]] = {}
        self.churn = churn
        self.blobs: list[bytes] = []
        self.written: tuple[tuple[int, int, int], dict[Any, Any]] = ((0, 0, 0), {})
        self._index: tuple[dict, dict, dict] | None = None

    def index(self) -> tuple[dict, dict, dict]:
        """Row → position in each table (made once, then kept up to date by _pack)."""
        if self._index is None:
            self._index = tuple({t: i for i, t in enumerate(rows)}    # type: ignore[assignment]
                                for rows in (self.styles, self.atoms, self.gaps))
        return self._index      # type: ignore[return-value]

    def data(self) -> tuple:
        return (_FORMAT, self.styles, self.atoms, self.gaps,
                [e for e in self.entries.values()], self.churn)

    def file_bytes(self) -> bytes:
        """The file's bytes: the last ones written plus a delta, or (with no
        base, or deltas as long as it) a new base."""
        import pickle

        (ns, na, ng), before = self.written
        base = sum(len(b) for b in self.blobs[:1])
        if not self.blobs or sum(len(b) for b in self.blobs[1:]) > base // 2:
            self.blobs = [pickle.dumps(self.data(), protocol=pickle.HIGHEST_PROTOCOL)]
        else:
            delta = (_DELTA, (ns, na, ng), self.styles[ns:], self.atoms[na:], self.gaps[ng:],
                     [e for k, e in self.entries.items() if before.get(k) is not e],
                     [e[0] for k, e in before.items() if k not in self.entries])
            self.blobs.append(pickle.dumps(delta, protocol=pickle.HIGHEST_PROTOCOL))
        self.written = ((len(self.styles), len(self.atoms), len(self.gaps)), dict(self.entries))
        return b"".join(self.blobs)


class HashedTuple(tuple):
    """A tuple that keeps its hash (a tuple is hashed anew at every look-up):
    equal to, and hashed as, the plain tuple of its items."""

    _hash: int

    @classmethod
    def of(cls, items: tuple) -> "HashedTuple":
        out = cls(items)
        out._hash = tuple.__hash__(out)
        return out

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple:
        return (tuple, (tuple(self),))     # (a hash is per process: never saved)


class ShapeCache:
    """Shaped paragraphs by (runs, span styles); `save` keeps those used since the last save."""

    def __init__(self, path: Path | None = None, held: dict[Any, Shaped] | None = None,
                 packed: _Packed | None = None) -> None:
        self.path = path
        self.held: dict[Any, Shaped] = held or {}
        self.used: set[Any] = set()
        self.new = 0
        self.packed = packed
        self.derived: dict[Any, Any] = {}     # (what, key, …) → a value made from a shape
        # paragraph inputs → [text.paragraph.Prepared, the saves before it was last used]
        self.prepared: dict[Any, list[Any]] = {}
        # (id(atoms), id(gaps), line) → [atoms, gaps, positions, saves before its last use]
        self.positions: dict[Any, list[Any]] = {}
        self.saves = 0
        self.span_tuples: dict[tuple[SpanStyle, ...], HashedTuple] = {}
        # the last process's memo, by its inputs with span styles as plain
        # tuples (text.paragraph.restore_prepared): taken on a miss, until a save
        self.restored: dict[Any, tuple] = {}
        self.made = 0       # paragraphs made ready anew (not from a memo) since the last save
        self._plain: dict[tuple[SpanStyle, ...], tuple] = {}
        # the atoms of single Han characters shaping made, shared by paragraphs
        # (shaping.shape's ``han``): as held shapes, valid for this cache's fonts
        self.han: dict[tuple[str, float, int], dict[str, Atom]] = {}

    def span_tuple(self, spans: tuple[SpanStyle, ...]) -> "HashedTuple":
        """The one tuple of these span styles, hashed once: a part of every
        paragraph's keys (a span style is a dataclass, hashed by Python code
        at every look-up), the same object from one build to the next."""
        held = self.span_tuples.get(spans)
        if held is None:
            held = self.span_tuples[spans] = HashedTuple.of(spans)
        return held

    def plain_spans(self, spans: tuple[SpanStyle, ...]) -> tuple:
        """Span styles as tuples of plain values (as saved), made once per tuple."""
        held = self._plain.get(spans)
        if held is None:
            held = self._plain[spans] = tuple((str(sp.face), sp.size, str(sp.color))
                                              for sp in spans)
        return held

    def derive(self, key: Any, what: Any, make: Callable[[], Any]) -> Any:
        """A value computed from the shape for ``key`` only (with ``what``
        naming the computation and its arguments), kept in memory as long as
        the shape is: a watch build reuses it for every unchanged paragraph."""
        full = (what, key)
        found = self.derived.get(full)
        if found is None:
            found = self.derived[full] = make()
        return found

    @classmethod
    def load(cls, path: Path) -> "ShapeCache":
        """The cache saved at path, or an empty one (absent, damaged, foreign)."""
        held, packed = _unpack(_read(path))
        return cls(path, held, packed)

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
            self.packed = _pack(self.held, self.packed)
            if not cache_write(self.path, self.packed.file_bytes()):
                self.packed.blobs = []          # (what the file holds is not known)
        if len(self.derived) > len(self.used):
            self.derived = {k: v for k, v in self.derived.items() if k[1] in self.used}
        self.prepared = {k: v for k, v in self.prepared.items() if v[1] == self.saves}
        self.positions = {k: v for k, v in self.positions.items() if v[3] == self.saves}
        self.restored = {}                            # (what no paragraph took: stale)
        self.made = 0
        self.saves += 1                               # (texts edited away are dropped)
        self.used = set()
        self.new = 0


def _pack(held: dict[Any, Shaped], base: _Packed | None) -> _Packed:
    """The packed form of ``held``, reusing ``base``'s for the keys it has
    (and its tables, extended: rows are only ever added until they are
    built from scratch)."""
    fresh = base is None or base.churn > max(64, len(held) // 4)
    if fresh or base is None:
        base = _Packed()                     # tables from scratch
    out = _Packed(base.styles, base.atoms, base.gaps, base.churn)
    out.blobs, out.written, out._index = base.blobs, base.written, base._index
    styles, atoms, gaps = out.index()
    style_of: dict[Any, int] = {}
    new = [(key, shaped) for key, shaped in held.items() if key not in base.entries]
    # rows by the identity of the atom or gap: shaping shares equal atoms
    # and gaps between paragraphs (a Han character's, most of them), so the
    # report's ~43,000 of each are ~11,000 objects, and a shared one's row
    # tuple was made and hashed at each use.
    index_rows = _index_rows if _COMPILED is None else _COMPILED
    atom_places = index_rows([shaped[0] for _, shaped in new], _ATOM_ROW, atoms, out.atoms)
    gap_places = index_rows([shaped[1] for _, shaped in new], _GAP_ROW, gaps, out.gaps)
    made: dict[Any, tuple] = {}
    style_rows: dict[tuple, tuple[int, ...]] = {}    # (by span tuple: hashed once)
    for (key, _), ai, gi in zip(new, atom_places, gap_places):
        runs, spans = key
        sk = style_rows.get(spans)
        if sk is None:
            for sp in spans:
                if sp not in style_of:
                    style_of[sp] = _row(styles, out.styles, _STYLE_ROW(sp))
            sk = style_rows[spans] = tuple(style_of[sp] for sp in spans)
        made[key] = ((runs, sk), ai, gi)
    if not fresh:
        out.churn += len(made)
    if len(made) == len(held):
        out.entries = made                  # (all new: in held's order already)
    else:
        for key in held:                     # (in held's order, as the file lists them)
            out.entries[key] = made[key] if key in made else base.entries[key]
    out.churn += sum(1 for key in base.entries if key not in held)
    return out


# an atom's and a gap's row in the file's tables (the fields _unpack passes back)
# and a span style's: its fields in order (what dataclasses.astuple gave, without
# its deep copy of each value: 60 styles, ~3 ms of a cold build's save)
_STYLE_ROW = attrgetter(*(f.name for f in fields(SpanStyle)))
_ATOM_ROW = attrgetter("text", "span", "kind", "width", "dx", "end_extra", "no_start",
                       "no_end", "plain", "start_extra")
_GAP_ROW = attrgetter("width", "stretch", "shrink", "breakable", "penalty", "split", "level")


def _index_rows(lists: list[list[Any]], row_of: Callable[[Any], tuple],
                index: dict[tuple, int], rows: list[tuple]) -> list[list[int]]:
    """Per list, the row position of each of its objects in ``rows`` (a row,
    ``row_of`` the object, added to ``rows`` and ``index`` when new), each
    distinct object's row made once. _shaping.c's index_rows is this in C
    (a cold build packs ~43,000 atoms and as many gaps: ~0.05 s here);
    a change here is made there too (tests/text/test_shapecache.py). The
    objects are alive (in the lists) for the whole call, so an id is never
    reused meanwhile."""
    at: dict[int, int] = {}

    def place(obj: Any, i: int) -> int:
        found = at[i] = _row(index, rows, row_of(obj))
        return found

    return [[at[i] if (i := id(o)) in at else place(o, i) for o in objs] for objs in lists]


def _row(index: dict[tuple, int], rows: list[tuple], row: tuple) -> int:
    """The position of ``row`` in a table, added at its end when new."""
    found = index.get(row)
    if found is None:
        found = index[row] = len(rows)
        rows.append(row)
    return found


def _read(path: Path) -> tuple | None:
    """The packed data a file holds: its base with every delta applied (and
    the file's pickles, as bytes), or None when it is absent, damaged or not
    such a file."""
    try:
        held, blobs = read_pickles(path)
        data = held[0]
        if not (isinstance(data, tuple) and len(data) == 6 and data[0] == _FORMAT):
            return None
        _, styles, atoms, gaps, listed, churn = data
        entries = {e[0]: e for e in listed}
        for delta in held[1:]:
            _, lengths, s, a, g, added, dropped = delta
            if delta[0] != _DELTA or tuple(lengths) != (len(styles), len(atoms), len(gaps)):
                return None
            styles, atoms, gaps = styles + s, atoms + a, gaps + g
            for key in dropped:
                del entries[key]
            entries.update((e[0], e) for e in added)
            churn += len(added) + len(dropped)
    except Exception:  # noqa: BLE001 - any damage means "not cached"
        return None
    return (_FORMAT, styles, atoms, gaps, list(entries.values()), churn, blobs)


def _unpack(data: tuple | None) -> tuple[dict[Any, Shaped], _Packed | None]:
    """The shapes of a packed file (and its packed form); empty when it is not
    one. Anything odd in it (a damaged file that still unpickles) means "not cached"."""
    if not data or len(data) != 7 or data[0] != _FORMAT:
        return {}, None
    try:
        _, style_t, atom_t, gap_t, entries, churn, blobs = data
        styles = [SpanStyle(*t) for t in style_t]
        atoms = [Atom(*t) for t in atom_t]
        gaps = [Gap(*t) for t in gap_t]
        packed = _Packed(list(style_t), list(atom_t), list(gap_t), int(churn))
        out = {}
        for entry in entries:
            (runs, sk), ai, gi = entry
            key = (runs, tuple(styles[i] for i in sk))
            out[key] = ([atoms[i] for i in ai], [gaps[i] for i in gi])
            packed.entries[key] = entry
        packed.blobs = list(blobs)
        packed.written = ((len(style_t), len(atom_t), len(gap_t)), dict(packed.entries))
        return out, packed
    except Exception:  # noqa: BLE001 - a cache is never trusted
        return {}, None


# _index_rows in C (_shaping.c), or None: not built, or CSRPRESS_PURE (compiled.module)
_COMPILED = getattr(compiled.module("text._shaping"), "index_rows", None)
