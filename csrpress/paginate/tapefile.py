"""Chapters' tapes kept in the project cache, for the next process.

A watch build replays the chapters an edit cannot change from the tapes its
session holds (paginate.segments), found by the very block objects they were
made from. A new process (`build` after an edit) holds no objects of the last
one, so it composed and laid out every chapter (~0.1 s of an edit build). A
one-shot build therefore saves its tapes, and the next process takes a tape
for a segment whose *source* is the same:

- its blocks were written at the same places (file, line, column, type,
  part) of part files whose bytes are the same (their digests), and stand at
  the same place in the report. A part file's validated blocks are made from
  its bytes alone under the same code (source.content keeps them with its
  parse for a new process on that very basis: _kept_part), so these are the
  blocks the tape was made from, as a watch build's unchanged files give it
  the same objects;
- the build context is the one the tapes were saved for (layout files,
  fonts, csrpress and ReportLab, edition, metadata, palette: the page memo's,
  build._render), and the tape then passes the checks a watch build's does
  (the report's page maps, keys, contents and GRI tags equal; its images
  unchanged on disk; its first page beginning as taped).

A tape's pages are kept as the drawn-page files they are in already
(build._save_pages: by their digests); its element keys (tagging: a
paragraph's number in the process that drew it, a table's tag object) as
their pattern of equal ones, each a new key object when read, so a replayed
chapter's elements never continue one of the new process's; a plain value
key (a chapter opener's) as itself. A tape whose page draws an image (its
slot is the build's image reader) is not kept. Each tape is a file named by
its digest, read only when its key matches (an edit's chapter is never read);
a damaged or missing one is no tape, never a wrong page.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

from ..assets.cache import package_version, prune, prune_named
from ..errors import Mark
from ..session import BuildSession
from .segments import Tape, Trace

FORMAT = "csrpress-tapes-2"


class Key:
    """An element key of a tape read from the cache: equal to itself only."""

    __slots__ = ()


def source_key(blocks: Any, index: int, bytes_of: Callable[[Path], bytes | None]
               ) -> str | None:
    """The segment made of ``blocks`` (at ``index`` among the report's) by
    its source (see the module docstring); None when a block was not read
    from a file the build holds the bytes of."""
    marks = []
    files: dict[Path, str] = {}
    for b in blocks:
        m = b.mark
        if type(m) is not Mark:
            return None
        path = m.path
        if path not in files:
            data = bytes_of(path)
            if data is None:
                return None
            files[path] = hashlib.blake2b(data, digest_size=16).hexdigest()
        marks.append((str(path), m.line, m.col, b.type, b.part))
    whole = repr((FORMAT, index, marks, sorted((str(p), d) for p, d in files.items())))
    return hashlib.blake2b(whole.encode("utf-8"), digest_size=16).hexdigest()


def _by_value(v: Any) -> bool:
    """A key kept as itself: text, or a tuple of plain values (a chapter
    opener's ('opener', 'ch1')); a bare number is a paragraph's (a new one
    in every process)."""
    if v is None or type(v) in (str, float, bool):
        return True
    return type(v) is tuple and all(type(x) is int or _by_value(x) for x in v)


def kept_tape(tape: Tape, seal_of: Callable[[Any], str | None]) -> tuple | None:
    """What the file of ``tape`` holds (pages by the digests of their drawn
    files, ``seal_of(record)``), or None when it cannot be kept."""
    seen: dict[Any, int] = {}
    pages = []
    for _key, rec, slots, template, count in tape.pages:
        seal = seal_of(rec)
        if seal is None or any(op[0] == "image" for op in rec.ops):
            return None
        out = []
        for v in slots:
            if _by_value(v):
                out.append(("v", v))
                continue
            try:
                n = seen.setdefault(v, len(seen))       # (equal ones: one key)
            except TypeError:                           # (unhashable: not kept)
                return None
            out.append(("s", n))
        pages.append((seal, tuple(out), template, count))
    end = dict(tape.end)
    block = end.get("block")
    if block is not None:
        at = next((i for i, b in enumerate(tape.blocks) if b is block), None)
        if at is None:
            return None
        end["block"] = at
    t = tape.trace
    return (FORMAT, tape.index, len(tape.blocks), pages, tape.start, tape.delta, end,
            {f: frozenset(c) for f, c in t.claims.items()}, frozenset(t.breaks),
            list(t.gri_compose), list(t.gri_anchor), dict(t.images), list(t.said),
            dict(t.reads))


def read_tape(entry: Any, blocks: list[Any], layout: Any, inputs: tuple,
              page: Callable[[str], tuple[Any, Any] | None]) -> Tape | None:
    """The tape a kept entry holds, on the report's ``blocks`` (its source
    key matched: see source_key), or None; ``page(seal)``: the drawn page
    (key, record) of that file, as the build read it."""
    (fmt, index, n, pages, start, delta, end, claims, breaks, gri_compose, gri_anchor,
     images, said, reads) = entry
    if fmt != FORMAT or index + n > len(blocks):
        return None
    keys: dict[int, Key] = {}
    out = []
    for seal, slots, template, count in pages:
        got = page(seal)
        if got is None:
            return None
        out.append((got[0], got[1], [v if kind == "v" else keys.setdefault(v, Key())
                                     for kind, v in slots], template, count))
    end = dict(end)
    if end.get("block") is not None:
        end["block"] = blocks[index + end["block"]]
    trace = Trace({f: set(c) for f, c in claims.items()}, set(breaks), list(gri_compose),
                  list(gri_anchor), dict(images), list(said), set(), dict(reads))
    trace.composing = False
    return Tape(tuple(blocks[index:index + n]), index, layout, inputs, trace, start, out,
                delta, end)


def tapes_path(cache: Path, tag: str, edition: str, seal: str = "") -> Path:
    """The list of the chapters' tapes a one-shot build kept, per project
    (``tag``), edition, csrpress and ReportLab; with a digest, one tape's file."""
    if seal:
        return cache / f"tape-{edition}-{tag}-{seal}.pickle"
    return cache / f"tapes-{edition}-{tag}-{package_version()}.pickle"


LIST_FORMAT = "csrpress-tapes-list-1"    # (context, inputs, [(index, length, source key, digest)])


def source_bytes(session: BuildSession) -> Callable[[Path], bytes | None]:
    """A content file's bytes as this build read them (source.yamlmarks)."""
    def bytes_of(path: Path) -> bytes | None:
        held = session.yaml.get(path)
        return None if held is None else held[0]
    return bytes_of


def saved_tapes(cache: Path, tag: str, edition: str, session: BuildSession,
                context: Any, blocks: list[Any], layout: Any, memo: Any) -> dict[int, Any]:
    """The tapes the last one-shot build kept whose source is the report's
    now (source_key), by their first block: only candidates, checked as a
    watch build's are (paginate.segments.Plan.split). Only a matching
    tape's file is read; anything damaged or foreign reads as no tape."""
    from ..assets.cache import load_sealed

    out: dict[int, Any] = {}
    try:
        index = load_sealed(tapes_path(cache, tag, edition))
        if not (isinstance(index, tuple) and len(index) == 4 and index[0] == LIST_FORMAT
                and index[1] == context and memo.context == context
                and isinstance(index[3], list)):
            return out
        saved = session.pages_saved.get(edition, {})
        by_seal = {saved[id(rec)][1]: (key, rec) for key, rec in memo.last.items()
                   if id(rec) in saved}
        bytes_of = source_bytes(session)
        kept = session.tapes_saved.setdefault(edition, {})
        for at, n, key, seal in index[3]:
            if not (type(at) is int and type(n) is int and 0 <= at < at + n <= len(blocks)) \
                    or source_key(blocks[at:at + n], at, bytes_of) != key:
                continue                            # (an edited chapter's: not read)
            entry = load_sealed(tapes_path(cache, tag, edition, seal), seal)
            tape = read_tape(entry, blocks, layout, index[2], by_seal.get) \
                if isinstance(entry, tuple) and len(entry) == 14 and entry[1:3] == (at, n) \
                else None
            if tape is None:
                continue
            out[id(blocks[at])] = tape
            kept[id(tape)] = (tape, seal, tuple(p[0] for p in entry[3]))
    except Exception:  # noqa: BLE001 - anything unexpected: no tape (all composed)
        return {}
    return out


def save_tapes(cache: Path, tag: str, names: list[str], session: BuildSession) -> None:
    """After a successful one-shot build, once its pages are saved: each
    edition's chapters' tapes for the next process (kept_tape), a tape read
    from the cache and replayed not written again."""
    from ..assets.cache import cache_write, save_sealed, sealed

    bytes_of = source_bytes(session)
    for name in names:
        memo = session.page_memos.get(name) if session.page_memos is not None else None
        saved = session.pages_saved.get(name)
        if memo is None or memo.context is None or saved is None:
            continue

        def seal_of(rec: Any) -> str | None:
            found = saved.get(id(rec))
            return found[1] if found is not None and found[0] is rec else None

        held = session.tapes_saved.get(name, {})
        listed, inputs = [], None
        for tape in sorted(memo.tapes.values(), key=lambda t: t.index):
            key = source_key(tape.blocks, tape.index, bytes_of)
            if key is None or (inputs is not None and tape.inputs != inputs):
                continue
            was = held.get(id(tape))
            if was is not None and was[0] is tape \
                    and was[2] == tuple(seal_of(p[1]) for p in tape.pages):
                seal = was[1]                       # the file it was read from
            else:
                entry = kept_tape(tape, seal_of)
                if entry is None:
                    continue
                data, seal = sealed(entry)
                if not cache_write(tapes_path(cache, tag, name, seal), data):
                    return
            inputs = tape.inputs
            listed.append((tape.index, len(tape.blocks), key, seal))
        path = tapes_path(cache, tag, name)
        if save_sealed(path, (LIST_FORMAT, memo.context, inputs, listed)):
            prune(path, f"tapes-{name}-{tag}-")
            prune_named(cache, f"tape-{name}-{tag}-", {e[3] for e in listed})
