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

The tape of the chapter an edit changed is read too, as its *prior* tape
(paginate.segments: a watch build lays such a chapter out only where the
edit can change it), when the chapter has as many blocks of the same types
and parts (shape_key): its blocks written at the same places of part files
whose bytes are the same are the very blocks (as for source_key); so is a
block of an edited file written at the same place whose type, part, value
and attributes are as then (its digest, block_digest: what a watch build's
segments._same_block compares of a file read again); every other is
Changed, so the edit's own paragraph, not its whole file, is what layout
restarts before and converges after. Pagination then restarts at the last page that began
before the first changed block and takes the tape's pages again once a page
begins as it did after the last one, under the checks a watch build's
restart and convergence pass (and verify mode's). For that a tape keeps its
page starts (a pickle of their own, read only for a prior tape), the
segment's flowable count and the places and file digests of its blocks.
"""
from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from ..assets.cache import package_version, prune, prune_named
from ..errors import Mark
from ..session import BuildSession
from .segments import PageStart, Tape, Trace

FORMAT = "csrpress-tapes-4"


class Key:
    """An element key of a tape read from the cache: equal to itself only."""

    __slots__ = ()


def source_key(blocks: Any, index: int, bytes_of: Callable[[Path], bytes | None]
               ) -> str | None:
    """The segment made of ``blocks`` (at ``index`` among the report's) by
    its source (see the module docstring); None when a block was not read
    from a file the build holds the bytes of."""
    found = _source(blocks, bytes_of)
    return None if found is None else _key(index, *found)


def _source(blocks: Any, bytes_of: Callable[[Path], bytes | None]
            ) -> tuple[list[tuple], dict[str, str]] | None:
    """Where each block was written (file, line, column, type, part) and the
    digest of each of those files' bytes; None as for source_key."""
    marks = []
    files: dict[str, str] = {}
    for b in blocks:
        m = b.mark
        if type(m) is not Mark:
            return None
        path = str(m.path)
        if path not in files:
            data = bytes_of(m.path)
            if data is None:
                return None
            files[path] = hashlib.blake2b(data, digest_size=16).hexdigest()
        marks.append((path, m.line, m.col, b.type, b.part))
    return marks, files


def _key(index: int, marks: list[tuple], files: dict[str, str]) -> str:
    whole = repr((FORMAT, index, marks, sorted(files.items())))
    return hashlib.blake2b(whole.encode("utf-8"), digest_size=16).hexdigest()


def shape_key(blocks: Any) -> str:
    """The segment's blocks by type and part only: a tape whose source key
    no longer matches is read as a *prior* tape (see prior_blocks) only
    when the segment now has this shape."""
    whole = repr([(b.type, b.part) for b in blocks])
    return hashlib.blake2b(whole.encode("utf-8"), digest_size=16).hexdigest()


class Changed:
    """A block of a prior tape read from the cache whose file changed since:
    like no block now (paginate.segments._same_block), so the segment is
    laid out from before it (restart) to after it (convergence)."""

    __slots__ = ()
    type = part = mark = value = attrs = None


# the name block_digest's digest is held under in a block's derived facts
_DIGEST = "tape_digest"


def block_digest(b: Any) -> str | None:
    """What segments._same_block compares of a block (type, part, where it
    was written, value, attributes), as a digest kept with its tape; None
    when it cannot be made (such a block reads as changed). Equal digests
    are equal blocks; equal blocks may still differ here (a dict's order),
    which only costs a restart further back. Made once per block
    (Block.derive): an edited segment's blocks are digested to compare with
    its prior tape and again to keep its new tape, and a block of a file
    unchanged since takes its prior tape's digest (prior_blocks): pickling
    every block of the edited chapter anew was ~10 ms of a new process."""
    derive = getattr(b, "derive", None)
    return _digest(b) if derive is None else derive(_DIGEST, _digest)


def _digest(b: Any) -> str | None:
    try:
        m = b.mark
        whole = pickle.dumps((b.type, b.part, str(m.path), m.line, m.col, b.value, b.attrs),
                             protocol=4)
    except Exception:  # noqa: BLE001 - (not plain data: changed)
        return None
    return hashlib.blake2b(whole, digest_size=16).hexdigest()


def prior_blocks(blocks: list[Any], index: int, marks: list[tuple], files: dict[str, str],
                 bytes_of: Callable[[Path], bytes | None],
                 digests: tuple[str | None, ...] = ()) -> tuple[Any, ...] | None:
    """The blocks a tape of the segment at ``index`` was made from, as far
    as they are known to be the report's now: a block written at the same
    place (file, line, column, type, part) of a file whose bytes are the
    same is the very block (the basis of source_key), and so is one at the
    same place of an edited file whose ``digests`` entry (block_digest, as
    the tape was kept) is its own now; any other is Changed. None when the
    segment is not where the tape's was."""
    now = _source(blocks[index:index + len(marks)], bytes_of)
    if now is None or len(now[0]) != len(marks):
        return None
    if len(digests) != len(marks):
        digests = (None,) * len(marks)
    out: list[Any] = []
    for b, was, is_, d in zip(blocks[index:index + len(marks)], marks, now[0], digests):
        kept_file = files.get(was[0]) == now[1].get(was[0])
        same = was == is_ and (kept_file or (d is not None and block_digest(b) == d))
        if same and kept_file and d is not None and hasattr(b, "adopt"):
            b.adopt(_DIGEST, d)             # (the very block the tape digested)
        out.append(b if same else Changed())
    return tuple(out)


def _by_value(v: Any) -> bool:
    """A key kept as itself: text, or a tuple of plain values (a chapter
    opener's ('opener', 'ch1')); a bare number is a paragraph's (a new one
    in every process)."""
    if v is None or type(v) in (str, float, bool):
        return True
    return type(v) is tuple and all(type(x) is int or _by_value(x) for x in v)


def kept_tape(tape: Tape, seal_of: Callable[[Any], str | None],
              source: tuple[list[tuple], dict[str, str]]) -> tuple | None:
    """What the file of ``tape`` holds (pages by the digests of their drawn
    files, ``seal_of(record)``; ``source``: its blocks' _source), or None
    when it cannot be kept. Its page starts are kept as a pickle of their
    own, read only when the tape is a prior one (an edit in its segment:
    the new process restarts inside it, see paginate.segments)."""
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
        at = _index_of(tape.blocks, block)
        if at is None:
            return None
        end["block"] = at
    t = tape.trace
    return (FORMAT, tape.index, len(tape.blocks), pages, tape.start, tape.delta, end,
            {f: frozenset(c) for f, c in t.claims.items()}, frozenset(t.breaks),
            list(t.gri_compose), list(t.gri_anchor), dict(t.images), list(t.said),
            dict(t.reads), tape.count, t.composed_said, _kept_starts(tape), *source,
            tuple(block_digest(b) for b in tape.blocks))


def _index_of(blocks: tuple[Any, ...], block: Any) -> int | None:
    return next((i for i, b in enumerate(blocks) if b is block), None)


def _kept_starts(tape: Tape) -> bytes | None:
    """The tape's page starts, pickled (a start's last block by its place
    in the segment, else as a copy of it); None when they cannot be."""
    try:
        out = []
        for page, m in tape.starts.items():
            at = _index_of(tape.blocks, m.last_block) if m.last_block is not None else None
            last = ("b", at) if at is not None else \
                ("v", None if m.last_block is None else replace(m.last_block, derived={}))
            out.append((page, replace(m, last_block=None), last))
        return pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - (something in a state not kept: no restart)
        return None


def _read_starts(data: Any, blocks: tuple[Any, ...]) -> dict[int, PageStart] | None:
    out = {}
    for page, m, (kind, v) in pickle.loads(data):
        if type(page) is not int or type(m) is not PageStart:
            return None
        out[page] = replace(m, last_block=blocks[v] if kind == "b" else v)
    return out


def read_tape(entry: Any, blocks: list[Any], layout: Any, inputs: tuple,
              page: Callable[[str], tuple[Any, Any] | None],
              prior: tuple[Any, ...] | None = None) -> Tape | None:
    """The tape a kept entry holds, on the report's ``blocks`` (its source
    key matched: see source_key), or None; ``page(seal)``: the drawn page
    (key, record) of that file, as the build read it. ``prior``: the tape's
    blocks as prior_blocks gave them (its source key no longer matches): a
    prior tape, with its page starts."""
    (fmt, index, n, pages, start, delta, end, claims, breaks, gri_compose, gri_anchor,
     images, said, reads, count, composed_said, starts) = entry[:17]
    if fmt != FORMAT or index + n > len(blocks) or (prior is not None and len(prior) != n):
        return None
    keys: dict[int, Key] = {}
    out = []
    for seal, slots, template, count_placed in pages:
        got = page(seal)
        if got is None:
            return None
        out.append((got[0], got[1], [v if kind == "v" else keys.setdefault(v, Key())
                                     for kind, v in slots], template, count_placed))
    own = tuple(blocks[index:index + n]) if prior is None else prior
    end = dict(end)
    if end.get("block") is not None:
        end["block"] = blocks[index + end["block"]]
    trace = Trace({f: set(c) for f, c in claims.items()}, set(breaks), list(gri_compose),
                  list(gri_anchor), dict(images), list(said), set(), dict(reads))
    trace.composing = False
    trace.composed_said = composed_said
    tape = Tape(own, index, layout, inputs, trace, start, out, delta, end, count)
    if prior is not None:
        if starts is None:
            return None
        found = _read_starts(starts, tuple(blocks[index:index + n]))
        if found is None:
            return None
        tape.starts = found
    return tape


def tapes_path(cache: Path, tag: str, edition: str, seal: str = "") -> Path:
    """The list of the chapters' tapes a one-shot build kept, per project
    (``tag``), edition, csrpress and ReportLab; with a digest, one tape's file."""
    if seal:
        return cache / f"tape-{edition}-{tag}-{seal}.pickle"
    return cache / f"tapes-{edition}-{tag}-{package_version()}.pickle"


LIST_FORMAT = "csrpress-tapes-list-2"    # (context, inputs,
#   [(index, length, source key, digest, shape key)])
_ENTRY = 20      # (a tape file's items: see kept_tape)


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
    tape's file is read, and the tape of a segment of the same blocks (by
    type and part) whose source changed, as its prior tape (laid out only
    where the edit can change it: paginate.segments' restart and
    convergence); anything damaged or foreign reads as no tape."""
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
        priors = []
        for at, n, key, seal, shape in index[3]:
            if not (type(at) is int and type(n) is int and 0 <= at < at + n <= len(blocks)):
                continue
            if source_key(blocks[at:at + n], at, bytes_of) != key:
                if shape == shape_key(blocks[at:at + n]):
                    priors.append((at, n, seal))    # (an edited chapter's: see below)
                continue
            entry = load_sealed(tapes_path(cache, tag, edition, seal), seal)
            tape = read_tape(entry, blocks, layout, index[2], by_seal.get) \
                if isinstance(entry, tuple) and len(entry) == _ENTRY and entry[1:3] == (at, n) \
                else None
            if tape is None:
                continue
            out[id(blocks[at])] = tape
            kept[id(tape)] = (tape, seal, tuple(p[0] for p in entry[3]))
        for at, n, seal in priors:      # (its tape as a prior one: laid out from the edit)
            tape = _prior_tape(load_sealed(tapes_path(cache, tag, edition, seal), seal),
                               at, n, blocks, layout, index[2], by_seal.get, bytes_of)
            if tape is not None:
                out.setdefault(id(blocks[at]), tape)
    except Exception:  # noqa: BLE001 - anything unexpected: no tape (all composed)
        return {}
    return out


def _prior_tape(entry: Any, at: int, n: int, blocks: list[Any], layout: Any, inputs: tuple,
                page: Callable[[str], tuple[Any, Any] | None],
                bytes_of: Callable[[Path], bytes | None]) -> Tape | None:
    """The prior tape a kept entry holds for the segment of ``n`` blocks at
    ``at`` (see prior_blocks), or None; anything unexpected reads as none
    (that segment laid out whole, the other tapes still replayed)."""
    try:
        if not (isinstance(entry, tuple) and len(entry) == _ENTRY and entry[1:3] == (at, n)
                and type(entry[17]) is list and type(entry[18]) is dict
                and type(entry[19]) is tuple):
            return None
        own = prior_blocks(blocks, at, entry[17], entry[18], bytes_of, entry[19])
        return None if own is None else read_tape(entry, blocks, layout, inputs, page, own)
    except Exception:  # noqa: BLE001 - a cache is never trusted
        return None


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
            source = _source(tape.blocks, bytes_of)
            if source is None or (inputs is not None and tape.inputs != inputs):
                continue
            key = _key(tape.index, *source)
            was = held.get(id(tape))
            if was is not None and was[0] is tape \
                    and was[2] == tuple(seal_of(p[1]) for p in tape.pages):
                seal = was[1]                       # the file it was read from
            else:
                entry = kept_tape(tape, seal_of, source)
                if entry is None:
                    continue
                data, seal = sealed(entry)
                if not cache_write(tapes_path(cache, tag, name, seal), data):
                    return
            inputs = tape.inputs
            listed.append((tape.index, len(tape.blocks), key, seal, shape_key(tape.blocks)))
        path = tapes_path(cache, tag, name)
        if save_sealed(path, (LIST_FORMAT, memo.context, inputs, listed)):
            prune(path, f"tapes-{name}-{tag}-")
            prune_named(cache, f"tape-{name}-{tag}-", {e[3] for e in listed})
