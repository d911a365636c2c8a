"""The build session: what a long-lived process keeps in memory between builds.

Parsed fonts with their metrics, line breaks, shaped paragraphs, checked
images, output profiles, preflight results and parsed YAML are expensive to
make and cheap to keep. They live in one explicit object, never in module
globals: ``watch`` holds one session for all its builds; a build given no
session gets a new one, so two builds (two tests) share nothing unless the
caller hands them the same session. Every entry is keyed by what it depends
on (file stamps, layout digests), so a change is never served stale.

While a build runs, its session is the *active* one (a context variable):
the stages reach their caches with ``current()`` instead of having the
session passed through every call.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


@dataclass
class BuildSession:
    """Every in-memory cache of the build, in one place."""

    fonts: tuple[Any, Any, list[Any]] | None = None   # (key, Fonts, face keys) of the last load
    breaks: tuple[Path, dict[Any, Any], Any] | None = None  # (path, line breaks, its DictFile)
    shapes: Any = None      # text.shapecache.ShapeCache: shaped paragraphs (also on disk)
    yaml: dict[Path, tuple[Any, Any]] = field(default_factory=dict)   # parsed files by their bytes
    parts: dict[Path, Any] = field(default_factory=dict)   # validated part files (source.content)
    layouts: dict[Path, Any] = field(default_factory=dict)  # resolved layouts (source.layout)
    parsed_files: Any = None  # source.parsed.ParsedFiles: parsed files on disk (new processes)
    font_files: dict[Any, Any] = field(default_factory=dict)    # open font files (until release)
    font_hashes: dict[Any, str] = field(default_factory=dict)   # font file digests by stamp
    font_whole: dict[Any, str | None] = field(default_factory=dict)  # assets.sfnt by stamp
    charsets: dict[str, Any] = field(default_factory=dict)  # a font file's (assets.fonts.CharSet)
    images: dict[Any, Any] = field(default_factory=dict)        # checked images by stamp
    images_saved: int = -1      # how many of them the project cache holds (-1: not read)
    profiles: dict[Any, Any] = field(default_factory=dict)      # output profiles by stamp
    preflight: dict[Any, Any] = field(default_factory=dict)  # page and glyph checks by digest
    # the name of preflight's results file (pdf.preflight.cache_name): of the
    # checking code and readers this process runs, named once a session
    preflight_name: str | None = None
    colour_keys: dict[int, tuple[Any, str]] = field(default_factory=dict)  # canvas colours
    qr_codes: dict[Any, Any] = field(default_factory=dict)     # encoded QR codes by URL
    page_streams: Any = None    # pdf.canvas.StreamMemo: compressed page streams
    pdf_objects: Any = None     # pdf.objmemo.ObjectMemo: formatted objects by their inputs
    copyfit: dict[Any, Any] = field(default_factory=dict)   # chapter-end decisions (paginate.fit)
    # the structure tree the last tagged edition wrote: (what its bytes depend
    # on, the trace that made it, its bytes) (pdf.tagging.write_tree)
    struct_tree: tuple[Any, list[Any], Any] | None = None
    # pages drawn, by edition (paginate.replay.PageMemo); a session's first
    # build of an edition starts from the last build's, kept in the project
    # cache. None: pages are neither recorded nor replayed
    page_memos: dict[str, Any] | None = field(default_factory=dict)
    # per edition, id(record) → (record, its file's digest, its page hash as
    # saved): a page kept as it was read is not written again (build.py)
    pages_saved: dict[str, dict[int, tuple[Any, str, Any]]] = field(default_factory=dict)
    # per edition, id(tape) → (tape, its file's digest, its pages' digests): the
    # chapters' tapes read from the project cache (paginate.tapefile), not
    # written again when kept as read
    tapes_saved: dict[str, dict[int, tuple[Any, str, tuple[str, ...]]]] = \
        field(default_factory=dict)
    # a one-shot build (a new process, no later build in this session): the
    # pages it kept are saved in the project cache for the next process (a
    # watch session keeps them in memory instead of writing every build)
    save_pages: bool = False
    # what the last build left to do after publishing (build_all's defer):
    # run by settle(); the collector stays off until then (build._no_gc)
    pending: Callable[[], list[Any]] | None = None
    collector_off: bool = False

    def settle(self) -> list[Any]:
        """Finish what the last build deferred (saving what later builds read
        of it), then collect its garbage; returns its warnings. The watch
        runs it while waiting for the next change; a build runs it first."""
        work, self.pending = self.pending, None
        try:
            if work is None:
                return []
            with self.active():
                return work()
        finally:
            if self.collector_off:
                import gc

                self.collector_off = False
                gc.enable()
                gc.collect(0)     # (what the build made, examined now rather than later)

    @contextmanager
    def active(self) -> Iterator[BuildSession]:
        """Make this the session the stages use, for the ``with`` block."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


_ACTIVE: ContextVar[BuildSession | None] = ContextVar("csrpress_build_session", default=None)


def active() -> BuildSession | None:
    """The active session, if a caller made one active."""
    return _ACTIVE.get()


def current() -> BuildSession:
    """The active session; outside a build, a new one that nothing keeps."""
    return _ACTIVE.get() or BuildSession()


@contextmanager
def using(session: BuildSession | None) -> Iterator[BuildSession]:
    """Run with ``session``; with None, with the active one or else a new one."""
    if session is None:
        session = _ACTIVE.get()
        if session is not None:
            yield session
            return
        session = BuildSession()
    with session.active():
        yield session
