"""The pipeline: load → resolve assets → compose → paginate (passes) → write.

Every stage collects diagnostics; the first stage with errors stops the build
(content and layout, with the fonts of a sound layout, are one stage)
before anything is written, so the last good PDF in dist/ stays as it was.
"""
from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .assets.cache import (DictFile, cache_dir, cache_problems, code_version, digest,
                           load_pickle, package_version, prune, prune_named, save_pickle)
from .errors import BuildError, Collector, Diagnostic
from .session import BuildSession, using

if TYPE_CHECKING:      # imported where used: a build with nothing to do needs none of them
    from .assets.fonts import Fonts
    from .source.content import Report
    from .source.layout import Layout
    from .text.paragraph import TextContext
    from .text.shapecache import ShapeCache
    from .text.shaping import Spacing


@dataclass
class BuildResult:
    """What a build produced, for the CLI and the tests."""

    pdf: Path
    pages: int
    passes: int
    anchors: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Any] = field(default_factory=list)
    lines: list[Any] | None = None
    gri: dict[str, list[str]] = field(default_factory=dict)   # code → anchor keys
    edition: str = "screen"
    check: Any = None                                         # preflight report
    page_hashes: list[str] = field(default_factory=list)      # rendering fingerprint per page
    changed: list[int] | None = None                          # pages changed since last build
    charts: list[Any] | None = None                           # where charts and their labels went
    parts: list[tuple[str, str, int, int]] = field(default_factory=list)  # part, title, pages
    # pages the session held a drawing of (paginate.replay): replayed, or in
    # verify mode (CSRPRESS_VERIFY_REPLAY) drawn and checked against it
    replayed: int = 0
    # page → where each content block was placed (paginate.document.PageState.blocks;
    # for this build's preflight: not kept in the build record)
    page_blocks: dict[int, list[tuple[float, float, float, float, Any]]] = \
        field(default_factory=dict, repr=False, compare=False)
    # pages (0-based) drawn anew, not shown from a kept record (the ones an
    # edit changed; for this build's preflight: not kept in the build record)
    drawn: list[int] = field(default_factory=list, repr=False, compare=False)


@dataclass
class Project:
    """The folders a build reads and writes: a report is one folder with
    content/, layout/, images/ and fonts/; PDFs go to dist/ or to ``out``."""

    root: Path
    out: Path | None = None

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def layout(self) -> Path:
        return self.root / "layout"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def images(self) -> Path:
        return self.root / "images"

    @property
    def dist(self) -> Path:
        return self.out or self.root / "dist"

    @property
    def tag(self) -> str:
        """The project in its cache files' name prefixes: a digest of its
        resolved folder, so that 'p', '/abs/p' and a symlink to it are one
        project (written out at each cache, some used the path as typed)."""
        return digest(str(self.root.resolve()))[:8]


def load(project: Project, session: BuildSession | None = None
         ) -> tuple[Report, Layout, Fonts, Collector]:
    """Load and validate content, layout and fonts; raise with all errors.
    Parsed files and fonts are kept in ``session`` (the active one, or a new one),
    and what was parsed anew in the project cache (a build writes it once its
    PDF is published)."""
    with using(session) as held:
        loaded = _load(project, held)
        held.parsed_files.flush()
        return loaded


def _load(project: Project, session: BuildSession,
          cache: Path | None = None) -> tuple[Report, Layout, Fonts, Collector]:
    """``cache``: the project cache as this build found it (cache_dir, which
    probes the folder with a written file: once a build, not per stage)."""
    from .assets.colour import check_profiles
    from .assets.images import check_images
    from .source.checks import check_drawn_words, check_glyphs, check_styles, note_normalised
    from .source.content import load_report
    from .source.layout import load_layout

    errors = Collector()
    cache = cache_dir(project.root) if cache is None else cache
    _parsed_files(session, cache)
    report = load_report(project.content, errors)
    before = len(errors.errors)
    layout = load_layout(project.layout, errors)
    fonts = None
    if layout is not None:
        check_profiles(layout, project.layout, errors)
        if len(errors.errors) == before:   # a sound layout: its fonts are checked
            fonts = _session_fonts(project, layout, errors, session,   # even beside
                                   cache)                              # content errors
    errors.raise_if_errors()
    assert report is not None and layout is not None
    assert fonts is not None
    if check_glyphs(report, fonts, errors, layout):
        check_drawn_words(report, layout, fonts, errors)
    _checked_images(project, session)
    check_images(report, project.images, errors)
    check_styles(report, layout, errors)
    note_normalised(report, layout, errors)
    errors.raise_if_errors()
    return report, layout, fonts, errors


def _parsed_files(session: BuildSession, cache: Path) -> None:
    """Parsed YAML from the project cache (source/parsed.py): a new process
    parses (and validates) only the files that changed since the last build.
    What a build parsed anew is written once its PDF is published."""
    from .source.parsed import ParsedFiles

    if session.parsed_files is None or session.parsed_files.folder != cache:
        session.parsed_files = ParsedFiles(cache, defer=True)


def _images_path(project: Project) -> Path:
    """Images that passed the check (assets.images), per project and csrpress."""
    return cache_dir(project.root) / (f"images-{project.tag}-"
                                      f"{package_version()}.pickle")


def _checked_images(project: Project, session: BuildSession) -> None:
    """A new process takes the images the last build checked (decoding every
    photo again was ~5 ms an image) by their stamp (path and
    assets.cache.file_stamp), as a watch session keeps them: an image changed
    since is checked again."""
    from .assets.cache import load_sealed
    from .assets.images import Image

    if session.images or session.images_saved >= 0:   # (read already: the session's)
        return
    found = load_sealed(_images_path(project))
    for (path, *stamp), (w, h) in (found.items() if isinstance(found, dict) else ()):
        if (isinstance(path, str) and len(stamp) == 4 and all(type(v) is int for v in stamp)
                and type(w) is int and type(h) is int):
            session.images[(Path(path), *stamp)] = Image(Path(path), (w, h))
    session.images_saved = len(session.images)


def _save_checked_images(project: Project, session: BuildSession) -> None:
    """After a successful build that checked an image anew: the session's."""
    from .assets.cache import save_sealed

    if len(session.images) == session.images_saved:
        return
    path = _images_path(project)
    if save_sealed(path, {(str(p), *stamp): tuple(img.size)
                          for (p, *stamp), img in session.images.items()}):
        prune(path, f"images-{project.tag}-")
        session.images_saved = len(session.images)


def _session_fonts(project: Project, layout: Layout, errors: Collector,
                   session: BuildSession, cache: Path) -> Fonts | None:
    """The session's fonts when the layout's font settings and the font files
    are as they were (a change is never served stale), else freshly loaded."""
    from .assets.fonts import load_fonts

    key = (str(cache), repr(layout.font_source), repr(sorted(layout.faces.items())),
           str(project.fonts))
    held = session.fonts
    if held and held[0] == key and all(f.key == k for f, k in zip(held[1].faces.values(),
                                                                     held[2])):
        fonts = held[1]
        for face in fonts.faces.values():
            face.used = set()            # this build's characters only
        return fonts
    fonts = load_fonts(layout, project.fonts, cache, errors)
    if fonts is not None:
        session.fonts = (key, fonts, [f.key for f in fonts.faces.values()])
    return fonts


def build(project: Project, edition: str = "screen", progress: Callable[[str], None] | None = None,
          record_lines: bool = False, session: BuildSession | None = None) -> BuildResult:
    """Build one edition into dist/ (atomically); see build_all for all."""
    return build_all(project, [edition], progress, record_lines, session)[0]


def build_all(project: Project, editions: list[str] | None = None,
              progress: Callable[[str], None] | None = None,
              record_lines: bool = False, session: BuildSession | None = None,
              defer: bool = False) -> list[BuildResult]:
    """Build editions (all by default), check each, then write them, the
    checksums and the manifest. Nothing is written unless every edition passes.

    ``session`` keeps fonts, line breaks and the like in memory for the next
    build (watch passes the same one every time); without one the build
    starts from the disk cache and keeps nothing.

    When nothing the last build depended on has changed and every file it
    wrote is as it wrote it, the build only verifies that (see buildstamp).

    ``defer`` (with a ``session``; watch): return as soon as the PDFs are
    published and leave what only later builds read (the caches and the
    build record saved, the garbage of the build collected: ~0.05 s of a
    watch edit) to ``session.settle()``, which the caller runs while it
    waits for the next change (and the next build runs first if it did not)."""
    from . import buildstamp

    carried = session.settle() if session is not None else []   # (its warnings: said now)
    t0 = time.perf_counter()
    cache = cache_dir(project.root)
    inputs = buildstamp.inputs_digest(project.root, editions)   # before reading anything
    if not record_lines:
        rec = buildstamp.unchanged(cache, project.root, editions, project.dist, inputs)
        if rec is not None:
            took = time.perf_counter() - t0
            return _said(carried, [replace(r, changed=[], timings={"total": took, "load": took})
                                   for r in rec.results])
    from .session import active

    fresh = session is None and active() is None     # a one-shot build: the next build
    defer = defer and session is not None             # to replay its pages is a new process
    with using(session) as held, _no_gc(fresh, held if defer else None):
        if fresh:
            held.save_pages = True
        try:
            return _said(carried, _build_all(project, editions, progress, record_lines, t0,
                                             inputs, held, defer, cache))
        finally:
            if held.fonts is not None:     # (a build that failed leaves no child behind:
                held.fonts[1].join_prefetch()          # see Fonts.prefetch)


def _said(warnings: list[Diagnostic], results: list[BuildResult]) -> list[BuildResult]:
    """The results, the first saying ``warnings`` (a deferred save's, see settle)."""
    if warnings and results:
        results[0].warnings[:0] = warnings
    return results


@contextmanager
def _no_gc(one_shot: bool = False, deferring: BuildSession | None = None) -> Iterator[None]:
    """The cyclic garbage collector off while a build runs: a build allocates
    millions of short-lived objects, almost none in cycles, and the collector
    kept walking them (255 collections, ~7 % of a build after an edit). The
    few cycles a build leaves are collected when it ends (after the build,
    gc is as it was; peak memory measured the same).

    A one-shot build (usually the whole life of its process) does not walk
    them at its end either: that first collection examined every object the
    build had made (~0.15 s, 15 % of a build after an edit). Its survivors
    join the oldest generation unexamined (gc.freeze, gc.unfreeze), where a
    long-lived caller's next full collection finds any cycle among them.

    A build that left work to ``deferring.settle()`` leaves the collector off
    for it to turn on again: turned on here, it examined the build's objects
    (~0.02 s) before the watch could say the PDF was written."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if deferring is not None and deferring.pending is not None:
                deferring.collector_off = True
            else:
                if one_shot:
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()


def _save_record(project: Project, editions: list[str] | None, inputs: str,
                 results: list[BuildResult], fonts: Fonts) -> None:
    """What the next build compares with (see buildstamp): written after the
    outputs, so a build that fails or is interrupted leaves no record of them."""
    from . import buildstamp

    written = [r.pdf for r in results] + [project.dist / "build-manifest.json",
                                          project.dist / "SHA256SUMS"]
    record = buildstamp.Record(
        inputs, buildstamp.loaded_files([f.source.path for f in fonts.faces.values()]),
        buildstamp.outputs(written),
        [replace(r, lines=None, page_blocks={}, drawn=[], check=replace(r.check, keys=set()))
         for r in results])
    buildstamp.save(buildstamp.record_path(cache_dir(project.root), project.root, editions,
                                           project.dist), record)


def _build_all(project: Project, editions: list[str] | None,
               progress: Callable[[str], None] | None, record_lines: bool, t0: float,
               inputs: str, session: BuildSession, defer: bool = False,
               cache: Path | None = None) -> list[BuildResult]:
    from . import rlimport

    rlimport.install()            # before anything imports reportlab.platypus
    say = progress or (lambda _m: None)
    cache = cache_dir(project.root) if cache is None else cache    # (probed: build_all)
    report, layout, fonts, errors = _load(project, session, cache)
    names = editions or list(layout.editions)
    for name in names:
        if name not in layout.editions:
            raise BuildError([Diagnostic(layout.files[0], f"no edition '{name}'",
                                         "editions: " + ", ".join(layout.editions))])
    layout_key = _layout_key(project, layout)
    breaks_family = f"breaks-{project.tag}-"     # this project's
    breaks_path = cache / f"{breaks_family}{layout_key}.pickle"
    held = session.breaks
    if held and held[0] == breaks_path:
        break_cache, breaks_file = held[1], held[2]
    else:
        break_cache, breaks_file = DictFile.load(breaks_path)
        session.breaks = (breaks_path, break_cache, breaks_file)
    from .pdf.manifest import changed_pages, read_manifest, write_manifest
    from .pdf.preflight import cache_name, load_checked, preflight

    # (named once a session, ~0.9 ms a build: the code a process runs and the
    # readers it imported do not change under it; files edited on disk
    # meanwhile would name code that is not the code running)
    if session.preflight_name is None:
        session.preflight_name = cache_name()
    checked = cache / session.preflight_name
    load_checked(checked)
    shapes = _session_shapes(cache, project, fonts, layout, session)
    streams = _session_streams(cache, project, session)
    objects = _session_objects(cache, project, session)
    qr_known = _session_qr_codes(cache, session)
    fonts_key = "|".join(f"{n}:{f.key}" for n, f in sorted(fonts.faces.items()))
    load_time = time.perf_counter() - t0
    results: list[BuildResult] = []
    outputs: list[tuple[Path, bytes]] = []
    settled: Any = None                   # the page map the last edition settled on
    keep = _Keeping(project, editions, names, inputs, results, fonts, session, cache, checked,
                    breaks_path, breaks_family, break_cache, breaks_file, set(), 0,
                    shapes, streams, objects, qr_known)
    fonts.prefetch(lambda: _report_chars(report))    # (a first build: see there)
    for n, name in enumerate(names):
        t = time.perf_counter()
        ed = layout.editions[name]
        res, data, ctx, settled = _render(project, report, layout, fonts, errors, ed, cache,
                                          break_cache, layout_key, say, record_lines, shapes,
                                          settled)
        keep.used |= ctx.used_breaks
        keep.new_breaks += ctx.new_breaks
        res.timings["load"] = load_time
        t_check = time.perf_counter()
        # (the last edition's check waits on pdfium's thread: the caches are
        # saved meanwhile, unless watch saves them after publishing: defer)
        last = n == len(names) - 1 and not defer
        res.check = preflight(data, layout, ed, report, fonts_key, res.page_blocks,
                              keep.timed_save if last else None, res.drawn)
        res.timings["preflight"] = time.perf_counter() - t_check - keep.save_time
        res.timings["total"] = time.perf_counter() - t + (load_time if not results else 0)
        results.append(res)
        outputs.append((res.pdf, data))
    problems = [d for r in results for d in r.check.errors]
    if problems:
        raise BuildError(problems)
    previous = read_manifest(project.dist)
    for res in results:
        res.changed = changed_pages(previous, res.edition, res.page_hashes)
    record = partial(write_manifest, project.dist, results, outputs)
    # (deferred: the manifest and sums are written first thing in settle,
    # which the next build runs before it reads them: see _Keeping.run)
    publish(project.dist, outputs, None if defer else record)

    if defer:
        keep.manifest = record
        session.pending = keep.run
    else:
        results[0].warnings.extend(keep.run())
    return results


def _layout_key(project: Project, layout: Layout) -> str:
    """What line breaks are kept by: the project, its layout files, the text engine's code."""
    home = str(project.root.resolve())   # (the project as one name however the path was typed)
    return digest(home, sorted((p.name, p.stat().st_mtime_ns) for p in layout.files),
                  code_version("csrpress.text.inline", "csrpress.text.atoms",
                               "csrpress.text.shaping", "csrpress.text.breaker",
                               "csrpress.text.wide", "csrpress.text.hyphen", "pyphen"))


def _report_chars(report: Report) -> set[str]:
    """Every character of the report's text (the glyphs a first build will
    need, nearly all of them in the body face: Fonts.prefetch)."""
    from .source.content import block_texts

    chars: set[str] = set(str(report.meta.get("title", "")))
    for block in report.blocks:
        for text, _ in block_texts(block, marked=False):
            chars.update(text)
    return chars


@dataclass
class _Keeping:
    """What a build keeps for later builds: the line breaks, shapes, pages,
    streams and objects (save_caches), saved while the last edition's
    preflight waits on pdfium's thread (~0.2 s of a cold build's main thread
    that waited there), or when watch settles; then, after its PDFs are
    published, the preflight results and the build record (buildstamp).
    The caches hold only what the next build takes for equal inputs, so a
    build that fails its preflight afterwards leaves nothing wrong in them
    (its pages are drawn from the same inputs again, and checked again)."""

    project: Project
    editions: list[str] | None
    names: list[str]
    inputs: str
    results: list[BuildResult]
    fonts: Fonts
    session: BuildSession
    cache: Path
    checked: Path
    breaks_path: Path
    breaks_family: str
    break_cache: dict[Any, Any]
    breaks_file: Any
    used: set[Any]
    new_breaks: int
    shapes: ShapeCache
    streams: Any
    objects: Any
    qr_known: int
    # a deferring build's manifest and checksums (write_manifest), written by
    # run (after the PDFs are on disk: ~4 ms of a watch edit, its JSON
    # written by the pure-Python encoder, and two renames over existing files)
    manifest: Callable[[], None] | None = None
    saved: bool = False
    save_time: float = 0.0      # (seconds save_caches took in timed_save)

    def run(self) -> list[Diagnostic]:
        """Save it all (the manifest when deferred, the caches unless saved
        already); the cache's problems, as warnings. A manifest that cannot
        be written is a warning (the PDFs are published already) and leaves
        no build record, as a failed publish does (the next build must not
        take the old manifest for this build's)."""
        from .pdf.preflight import save_checked

        said = self._write_manifest()
        save_checked(self.checked, {k for r in self.results for k in r.check.keys})
        prune(self.checked, "preflight-")
        self.save_caches()
        if not said:
            _save_record(self.project, self.editions, self.inputs, self.results, self.fonts)
        return said + [Diagnostic(None, problem, "check the folder's permissions and free "
                                  "space, or set CSRPRESS_CACHE", "warning")
                       for problem in cache_problems(self.cache)]   # (on the first edition)

    def _write_manifest(self) -> list[Diagnostic]:
        """The deferred manifest and checksums written (once); what went wrong, as a warning."""
        write, self.manifest = self.manifest, None
        if write is None:
            return []
        try:
            write()
        except OSError as exc:
            said = _output_error(self.project.dist, exc)
            return [replace(said, severity="warning")]
        return []

    def timed_save(self) -> None:
        """save_caches, its time kept apart from the check it ran inside."""
        t = time.perf_counter()
        self.save_caches()
        self.save_time += time.perf_counter() - t

    def save_caches(self) -> None:
        """What later builds take for equal inputs (once)."""
        from .assets.colour import save_screen_colours
        from .assets.fonts import font_cache_dir
        from .paginate.units import settle_tapes

        if self.saved:
            return
        self.saved = True
        cache, project, session, shapes = self.cache, self.project, self.session, self.shapes
        for memo in (session.page_memos or {}).values():
            settle_tapes(memo.tapes)        # (what the next build reads of its units)
        if self.new_breaks or len(self.break_cache) != len(self.used):
            self.breaks_file.save({k: v for k, v in self.break_cache.items() if k in self.used})
            prune(self.breaks_path, self.breaks_family)
        prepared_changed = shapes.made > 0 or bool(shapes.restored)   # (before the save)
        shapes.save()
        if session.save_pages and prepared_changed:
            _save_prepared(cache, project, shapes)
        self.streams.save()
        self.objects.save()
        _save_pages(cache, project, self.names, session)
        if session.save_pages:
            from .paginate.tapefile import save_tapes

            save_tapes(cache, project.tag, self.names, session)
        _save_checked_images(project, session)
        session.parsed_files.flush()
        if len(session.qr_codes) != self.qr_known:
            _save_qr_codes(cache, session)
        for profile in session.profiles.values():
            save_screen_colours(profile, font_cache_dir(cache))
        for face in self.fonts.faces.values():
            face.save_metrics()


def publish(dist: Path, outputs: list[tuple[Path, bytes]],
            finish: Callable[[], None] | None) -> None:
    """Write the PDFs all or none (each to a temporary file first, then renamed
    into place), then `finish` (the manifest; None: deferred, see
    _Keeping.manifest). A dist/ that cannot be written is a located error
    saying what to do, not a traceback."""
    import os
    import tempfile

    staged: list[tuple[str, Path]] = []
    try:
        for path, data in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        for tmp, path in staged:
            os.replace(tmp, path)
        if finish is not None:
            finish()
    except OSError as exc:
        raise BuildError([_output_error(dist, exc)]) from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def _output_error(dist: Path, exc: OSError) -> Diagnostic:
    import errno

    where = Path(exc.filename) if exc.filename else dist
    why = exc.strerror or exc.__class__.__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "the disk is full: free some space and build again"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR) or dist.is_file():
        hint = f"{dist.name} must be a folder: move the file {dist} away and build again"
    elif exc.errno == errno.EISDIR:
        hint = "a folder has the name of an output file: move it away and build again"
    else:
        hint = f"make {dist} writable (or delete it; the build recreates it) and build again"
    return Diagnostic(where, f"cannot write the built report: {why}", hint)


def _session_shapes(cache: Path, project: Project, fonts: Fonts, layout: Layout,
                    session: BuildSession) -> ShapeCache:
    """The shape cache for these fonts and spacing: the session's (watch), else the saved one."""
    from .text.shapecache import ShapeCache, shape_path

    path = shape_path(cache, ((n, f.key) for n, f in fonts.faces.items()), _spacing(layout))
    if session.shapes is None or session.shapes.path != path:
        session.shapes = ShapeCache.load(path)
        _restore_prepared(cache, project, session.shapes)
    return session.shapes


def _prepared_path(cache: Path, project: Project) -> tuple[Path, str]:
    """Where the paragraphs made ready (text.paragraph.Prepared) are kept for
    the next process, and the name prefix of the file's older versions: per
    project, and per csrpress and ReportLab (normalising, grouping figures,
    parsing markup and finding listed words are all csrpress code)."""
    family = f"prepared-{project.tag}-"
    return cache / f"{family}{package_version()}.pickle", family


def _restore_prepared(cache: Path, project: Project, shapes: ShapeCache) -> None:
    """A session's first shape cache takes the memo of paragraphs made ready
    that the last one-shot build kept (a watch session keeps its own in
    memory): making ~1,200 paragraphs ready again was ~0.07 s of a new
    process's compose. Sealed, and only candidates: each is taken for equal
    inputs and with the shape it was made from (text.paragraph._restored);
    a damaged or foreign file is no memo."""
    from .assets.cache import load_sealed
    from .text.paragraph import restore_prepared

    restore_prepared(shapes, load_sealed(_prepared_path(cache, project)[0]))


def _save_prepared(cache: Path, project: Project, shapes: ShapeCache) -> None:
    """After a successful one-shot build that made a paragraph ready anew:
    the memo of the paragraphs it used, for the next process."""
    from .assets.cache import save_sealed
    from .text.paragraph import saved_prepared

    data = saved_prepared(shapes)
    path, family = _prepared_path(cache, project)
    if data is not None and save_sealed(path, data):
        prune(path, family)


def _pages_path(cache: Path, project: Project, edition: str) -> tuple[Path, str]:
    """Where the pages a build kept (paginate.replay) are listed, and the name
    prefix of the file's older versions: per project and edition, and per
    csrpress and ReportLab (a drawing may depend on any of their code)."""
    family = f"replay-{edition}-{project.tag}-"
    return cache / f"{family}{package_version()}.pickle", family


def _drawn_path(cache: Path, project: Project, edition: str, seal: str = "") -> Path:
    """The file of one kept page (its key and drawing), named by the digest of
    its bytes (assets.cache.sealed); with no digest, the family's prefix."""
    return cache / (f"drawn-{edition}-{project.tag}-{seal}"
                    + (".pickle" if seal else ""))


_PAGES = "csrpress-pages-2"    # (context, [digest of each page's file])


def _session_pages(cache: Path, project: Project, edition: str,
                   session: BuildSession) -> Any:
    """The pages drawn in this session's builds of the edition, or for its
    first build the last build's from the project cache (a new process after
    an edit replays the pages the edit left alone). A saved memo is only a
    candidate: its context must be the build's, its pages' keys their inputs
    (Replay), or it is not used; a damaged file reads as none."""
    from .paginate.replay import PageMemo

    memos = session.page_memos
    assert memos is not None
    memo = memos.get(edition)
    if memo is None:
        try:
            memo = _saved_pages(cache, project, edition, session)
        except Exception:  # noqa: BLE001 - anything unexpected: start empty
            memo = PageMemo()
        memos[edition] = memo
    return memo


def _saved_pages(cache: Path, project: Project, edition: str, session: BuildSession) -> Any:
    """The memo the last one-shot build saved: its list (context, the digest
    of each page's file), and each page from its own file, read only with
    that digest (a page file missing or damaged: that page is drawn again)."""
    from .assets.cache import load_sealed
    from .paginate.replay import PageMemo

    index = load_sealed(_pages_path(cache, project, edition)[0])
    if not (isinstance(index, tuple) and len(index) == 3 and index[0] == _PAGES
            and isinstance(index[2], list)):
        return PageMemo()
    entries, seals = [], {}
    prefix = _drawn_path(cache, project, edition).name     # (resolved and hashed once)
    for seal in index[2]:
        entry = load_sealed(cache / f"{prefix}{seal}.pickle", seal) \
            if isinstance(seal, str) else None
        if isinstance(entry, tuple) and len(entry) == 9:
            entries.append(entry)
            seals[entry[0]] = (seal, entry[8])       # (by key: the last one, as from_saved)
    memo = PageMemo.from_saved((index[1], entries))
    session.pages_saved[edition] = {id(rec): (rec, *seals[key])
                                    for key, rec in memo.last.items()}
    return memo


def _save_pages(cache: Path, project: Project, names: list[str],
                session: BuildSession) -> None:
    """After a successful one-shot build: the pages each edition kept, for
    the next process (not rewritten when it replayed exactly what it read).
    Each page is a file named by its digest, written once: after an edit
    only the pages drawn anew are written (writing all 64 pages again was
    ~20 ms of every new process), and the list of digests."""
    from .assets.cache import cache_write, save_sealed, sealed

    if not session.save_pages or session.page_memos is None:
        return
    for name in names:
        memo = session.page_memos.get(name)
        if memo is None or memo.context is None:
            continue
        if memo.as_restored():
            continue
        held = session.pages_saved.get(name, {})
        context, entries = memo.saved()
        prefix = _drawn_path(cache, project, name).name
        seals = []
        for rec, entry in zip(memo.last.values(), entries):
            found = held.get(id(rec))
            if found is not None and found[0] is rec and found[2] == rec.page_hash:
                seals.append(found[1])               # the file it was read from
                continue
            data, seal = sealed(entry)
            if not cache_write(cache / f"{prefix}{seal}.pickle", data):
                return
            seals.append(seal)
        path, family = _pages_path(cache, project, name)
        if save_sealed(path, (_PAGES, context, seals)):
            prune(path, family)
            prune_named(cache, _drawn_path(cache, project, name).name, set(seals))
            session.pages_saved[name] = {id(rec): (rec, seal, rec.page_hash)   # (the tapes'
                                         for rec, seal in zip(memo.last.values(), seals)}


def _qr_path(cache: Path) -> Path:
    """QR codes drawn (compose.images.qr_modules), per csrpress and ReportLab."""
    return cache / f"qr-{package_version()}.pickle"


def _session_qr_codes(cache: Path, session: BuildSession) -> int:
    """The QR codes a new process finds encoded in the project cache (encoding
    one, with ReportLab's barcode package to import, was ~20 ms of every
    build with a QR code); returns how many the session holds. Read from a
    sealed file only; an entry of another shape is dropped (then encoded)."""
    from .assets.cache import load_sealed
    from .compose.images import qr_from_plain

    held = session.qr_codes
    if not held:
        found = load_sealed(_qr_path(cache))
        for key, plain in (found.items() if isinstance(found, dict) else ()):
            if not (isinstance(key, tuple) and len(key) == 2
                    and all(isinstance(k, str) for k in key)):
                continue
            try:
                held[key] = qr_from_plain(plain)
            except Exception:  # noqa: BLE001 - (not what qr_plain wrote: encoded again)
                continue
    return len(held)


def _save_qr_codes(cache: Path, session: BuildSession) -> None:
    """After a successful build that encoded a new QR code: all the session's."""
    from .assets.cache import save_sealed
    from .compose.images import qr_plain

    plain = {k: qr_plain(v) for k, v in session.qr_codes.items()}
    path = _qr_path(cache)
    if save_sealed(path, {k: v for k, v in plain.items() if v is not None}):
        prune(path, "qr-")


def _session_streams(cache: Path, project: Project, session: BuildSession) -> Any:
    """Compressed page streams of the last build: the session's (watch), else
    the project cache's (pdf.canvas.StreamMemo)."""
    from .pdf.canvas import StreamMemo

    path = cache / f"streams-{project.tag}.pickle"   # this project's
    held = session.page_streams
    if held is None or held.path != path:
        held = session.page_streams = StreamMemo.load(path)
    held.next_build()
    return held


def _session_objects(cache: Path, project: Project, session: BuildSession) -> Any:
    """Formatted PDF objects of the last build: the session's (watch), else
    the project cache's (pdf.objmemo.ObjectMemo)."""
    from .pdf.objmemo import ObjectMemo

    path = cache / f"objects-{project.tag}.pickle"
    held = session.pdf_objects
    if held is None or held.path != path:
        held = session.pdf_objects = ObjectMemo.load(path)
    return held


def _render(project: Project, report: Report, layout: Layout, fonts: Fonts, errors: Collector,
            ed: Any, cache: Path, break_cache: dict, layout_key: str,
            say: Callable[[str], None], record_lines: bool, shapes: ShapeCache,
            sibling: Any = None) -> tuple[BuildResult, bytes, TextContext, Any]:
    """Lay out one edition until page numbers settle; returns the PDF bytes
    and the page map it settled on. ``sibling``: the map another edition of
    this build settled on, the first guess when this edition has none of its
    own (see _first_guess)."""
    from reportlab import rl_config

    from .compose import registry
    from .compose.context import Composer
    from .compose.report import compose
    from .session import current as current_session
    from .paginate.converge import build_doc, converge, layout_doc, page_guess
    from .paginate.decor import make_decorator
    from .paginate.document import Geometry, ReportDoc
    from .paginate.replay import Replay
    from .pdf.canvas import canvas_class
    from .pdf.metadata import metadata_kwargs
    from .pdf.pdfenc import install as fast_pdf_text
    from .pdf.pdfx import registration

    rl_config.useA85 = 0     # binary streams: smaller and faster than ASCII85
    fast_pdf_text()          # ReportLab's text encoding, same bytes (pdf/pdfenc.py)
    # the page map of the last build of this project and edition: only a first
    # guess (a build converges from any guess, see _bind_dangling), so a stale
    # or foreign one costs a pass, never a wrong page
    pages_path = cache / f"pages-{ed.name}-{digest(str(project.root.resolve()))}.pickle"
    ctx, profile = _text_context(project, report, layout, fonts, ed, cache, break_cache, shapes)
    title = str(report.meta["title"])
    decorate = make_decorator(layout, ctx, title)
    bleed = layout.bleed if ed.bleed else 0.0
    geometry = Geometry(layout.page_size, bleed + ed.slug(), bleed)
    labels = report.meta.get("labels") or {}
    timing: dict[str, float] = {}

    def compose_pass() -> tuple[list[Any], Composer]:
        plan = None      # chapters taped for the next build (paginate.segments): the
        if page_memo is not None and ctx.drawing:     # session's, or the next process's
            from .paginate.segments import Plan

            if session.save_pages and not tapes_read[0]:    # (a new process: the last
                tapes_read[0] = True                         # one's, paginate.tapefile)
                from .paginate.tapefile import saved_tapes

                page_memo.tapes = saved_tapes(cache, project.tag, ed.name, session,
                                              replay_context, report.blocks, layout, page_memo)
            held = page_memo.tapes if page_memo.context == replay_context else {}
            plan = Plan(held, layout, ctx, ctx.replay_segments, page_memo)
        passes_plan[0] = plan
        composer = Composer(layout, ctx, errors, report, images_dir=project.images,
                            edition=ed, cache=cache, say=say, layout_dir=project.layout,
                            drawn=page_memo, segments=plan)
        return compose(composer), composer

    def first_pass(draw: bool) -> Callable[[], None]:
        """The glyphs are known: the subsets fixed, then built and registered
        before the first pass that draws. A pass that only lays the pages out
        (a cold build's first: converge) registers no font, so its subsets
        are built meanwhile in a child process (Fonts.start_subsets)."""
        wanted = fonts.plan()

        def register() -> None:
            fonts.register(say, wanted)

        if draw:
            register()
        fonts.release()
        _default_graphics_font(ctx.psnames["regular"])
        if draw:
            return lambda: None
        fonts.start_subsets(wanted, say)
        return register

    def render_pass(flowables: list[Any], draw: bool = True) -> tuple[bytes, Any, list[Any]]:
        buf = io.BytesIO()
        doc_class = ReportDoc if draw else layout_doc()    # (not drawn: see converge)
        doc = doc_class(buf, layout, decorate, geometry, ed.crop_marks, ed.page_multiple,
                        registration() if ed.colour == "cmyk" else ctx.color("ink"),
                        copyfit=registry.opener_settings(layout.components),
                        copyfit_memo=(memo, (layout_key, package_version())),
                        replay=None if page_memo is None or not draw else Replay(page_memo),
                        **metadata_kwargs(report, ed),
                        initialFontName=ctx.psnames["regular"], initialFontSize=10,
                        enforceColorSpace="cmyk" if ed.colour == "cmyk" else None)
        canvases: list[Any] = []
        if doc.replay is not None:
            page_memo.start(replay_context)
            doc.segments = passes_plan[0]
        build_doc(doc, flowables, canvas_class(str(labels.get("cover_page", "")),
                                               str(labels.get("back_page", "")),
                                               report, ed, canvases, profile))
        if doc.segments is not None:
            doc.finish_segments()
        return buf.getvalue(), doc, canvases

    passes_plan: list[Any] = [None]     # the last compose pass's segments
    tapes_read = [False]                # (a one-shot build: the kept tapes read once)

    # chapter-end decisions of earlier builds (paginate.fit): the session's,
    # or the last build's from the cache (a new process after an edit)
    memo = current_session().copyfit
    memo_path = cache / f"copyfit-{digest(str(project.root.resolve()))}.pickle"
    if not memo:
        memo.update(load_pickle(memo_path, dict) or {})
    known = set(memo)
    # pages drawn in earlier builds of the session (watch), for this edition
    session = current_session()
    page_memo = (None if session.page_memos is None or record_lines else
                 _session_pages(cache, project, ed.name, session))
    from reportlab import Version as reportlab_version

    replay_context = (layout_key, package_version(), reportlab_version, ed.name, str(project.root.resolve()),
                      tuple(f.key for f in fonts.faces.values()),
                      repr(sorted(report.meta.items(), key=lambda kv: str(kv[0]))),
                      tuple((n, repr(ctx.color(n))) for n in sorted(layout.palette)))
    saved_map = load_pickle(pages_path, tuple)
    guess = _first_guess(page_guess(saved_map), sibling, ed.page_multiple)
    laid = converge(ctx, guess, compose_pass, render_pass, first_pass, errors, timing,
                    record_lines)
    data, doc, canvases, composer = laid.data, laid.doc, laid.canvases, laid.composer
    if page_memo is not None:
        page_memo.finish()
        plan = composer.segments
        page_memo.tapes = plan.taped() if plan is not None else {}
    if laid.pages != saved_map:     # (an edit that moves no anchor: the file holds it)
        save_pickle(pages_path, laid.pages)
    if set(memo) != known:
        save_pickle(memo_path, dict(memo))
    timing["line breaking"] = ctx.break_time
    if canvases[-1].tagger is not None:     # the structure tree (written with the file,
        timing["tagging"] = canvases[-1].tag_time      # part of paginate's time)
    gri: dict[str, list[str]] = {}
    for code, key in composer.gri_tags:
        gri.setdefault(code, []).append(key)
    out = project.dist / ed.file.format(output=report.meta["output"])
    res = BuildResult(out, doc.page, laid.passes, dict(doc.state.anchors), timing,
                      [w for w in errors.warnings], ctx.line_log, gri, ed.name,
                      page_hashes=canvases[-1].page_hashes, charts=ctx.chart_log)
    res.replayed = doc.replay.replayed + doc.replay.verified if doc.replay is not None else 0
    res.parts = [(part, title, *doc.state.part_pages[part])
                 for part, title in report.part_titles.items() if part in doc.state.part_pages]
    res.page_blocks = doc.state.blocks
    res.drawn = canvases[-1].drawn_pages
    return res, data, ctx, (laid.pages, doc.page, max(1, ed.page_multiple))


def _text_context(project: Project, report: Report, layout: Layout, fonts: Fonts, ed: Any,
                  cache: Path, break_cache: dict, shapes: ShapeCache) -> tuple[Any, Any]:
    """The paragraph engine's settings for one edition (fonts, colours, the
    number rule, hyphenation …) and the edition's output profile."""
    from .assets.colour import load_screen_colours, output_profile
    from .assets.fonts import font_cache_dir
    from .pdf.colours import color_fn
    from .text.hyphen import hyphenation
    from .text.paragraph import TextContext

    profile = output_profile(ed, project.layout)
    load_screen_colours(profile, font_cache_dir(cache))     # (the machine's: see there)
    ctx = TextContext(fonts, color_fn(layout, ed, profile), layout.inline, _spacing(layout),
                      break_cache=break_cache, shape_cache=shapes, links=ed.links,
                      normalise=bool(layout.text["normalise_punctuation"]),
                      numbers={"thousands": layout.text["thousands"],
                               "group_from": _group_from(layout, report)},
                      keep_words=tuple(layout.text["keep_words"]),
                      hyphenate=hyphenation(str(layout.text["hyphenate"]),
                                            str(report.meta.get("language", ""))),
                      language=str(report.meta.get("language", "")),
                      psnames={f: fonts.psname(f) for f in fonts.faces})
    return ctx, profile


def _group_from(layout: Layout, report: Report) -> int:
    """The number rule's least digits to group: the layout's, else the
    report language's (text.normalise.default_group_from)."""
    from .text.normalise import default_group_from

    given = layout.text.get("group_from")
    return int(given) if given is not None else default_group_from(
        str(report.meta.get("language", "")))


def check(project: Project, session: BuildSession | None = None) -> Collector:
    """What `check` finds: everything `load` validates, then every edition's
    blocks composed (no page laid out, nothing written). Some faults are
    found only by composing: a block that cannot be split and is taller than
    a page (a cards block, a table row, a chart), a chart whose labels cannot
    be set, a cover's text past the page's foot. `check` passed them and
    `build` failed; it raises with all errors, as a build does."""
    from . import rlimport
    from .compose.context import Composer
    from .compose.report import compose

    rlimport.install()            # before anything imports reportlab.platypus
    with using(session) as held:
        report, layout, fonts, errors = _load(project, held)
        held.parsed_files.flush()
        cache = cache_dir(project.root)
        shapes = _session_shapes(cache, project, fonts, layout, held)
        # the last build's line breaks, read only (a check writes nothing of its own)
        breaks, _ = DictFile.load(cache / f"breaks-{project.tag}-{_layout_key(project, layout)}.pickle")
        for ed in layout.editions.values():
            ctx, _ = _text_context(project, report, layout, fonts, ed, cache, dict(breaks), shapes)
            compose(Composer(layout, ctx, errors, report, images_dir=project.images,
                             edition=ed, cache=cache, say=lambda _m: None,
                             layout_dir=project.layout, drawn=None))
            errors.raise_if_errors()
    return errors


def _first_guess(own: Any, sibling: Any, multiple: int) -> Any:
    """The page map a pass starts from: the edition's own from its last
    build, else (a cold build's second edition) the map the edition built
    before it settled on (``sibling``: that map, the edition's page count
    and its page multiple). Editions differ in colour, bleed and marks, not
    in what goes on which page, but for the blank pages that pad the count
    to the edition's multiple before the back cover: the sibling's map is
    taken when the padding is provably the same (its count a multiple of
    this edition's, and its own multiple a divisor of this edition's, so
    it padded the same pages). Then the print edition of a cold build
    draws from its first pass instead of first laying its pages out to
    find the map (~0.15 s). Only a guess: were it wrong it costs a pass,
    never a wrong page (paginate.converge)."""
    if own[0] or own[1] or not sibling:
        return own
    pages, count, theirs = sibling
    multiple = max(1, multiple)
    if count % multiple or multiple % theirs:
        return own
    return dict(pages[0]), dict(pages[1])


def _spacing(layout: Layout) -> Spacing:
    from .source.layout import to_points
    from .text.shaping import Spacing

    t = layout.text               # complete: defaults in source/settings.py
    return Spacing(han_latin=to_points(t["han_latin_gap"], 1.0),
                   han_latin_min=to_points(t["han_latin_gap_min"], 1.0),
                   stretch=to_points(t["max_stretch"], 1.0) / 2,
                   end_compress=bool(t["punct_end_compress"]),
                   punct_shrink=to_points(t["punct_shrink"], 1.0),
                   punct_shrink_line=to_points(t["punct_shrink_line"], 1.0),
                   start_compress=bool(t["punct_start_compress"]))


def _default_graphics_font(psname: str) -> None:
    """reportlab.graphics starts every drawing in Helvetica (an unembedded
    Type 1 font a print shop rejects); make its default our embedded face."""
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = psname
