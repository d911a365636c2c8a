"""Preflight: check a written edition the way a print shop (or a website) would.

Errors fail the build (nothing is written); warnings are reported. Checks:
fonts embedded and subset (no Type 3); page boxes on every page with
MediaBox ⊇ BleedBox ⊇ TrimBox; colour spaces (print: no RGB operators or RGB
images); image resolution; no text within the safety margin of the trim;
page count a multiple of the edition's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .. import children
from ..errors import Diagnostic
from .printcheck import check_pdfx, font_weights, page_colour, report_colour

_RGB_OP = re.compile(rb"(?:^|\s)(?:-?[\d.]+\s+){3}(rg|RG)(?=\s)")


@dataclass
class Preflight:
    """What the check found: errors, warnings and facts for the manifest."""

    edition: str
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    keys: set[tuple] = field(default_factory=set)

    def error(self, message: str, hint: str, where: Any = None) -> None:
        """An error in the built PDF; `where` (a Mark) when a layout or
        content line is known to cause it."""
        self.errors.append(Diagnostic(where, f"preflight ({self.edition}): {message}", hint))

    def warn(self, message: str, hint: str, where: Any = None) -> None:
        self.warnings.append(Diagnostic(where, f"preflight ({self.edition}): {message}", hint,
                                        "warning"))

    def summary(self) -> str:
        f = self.facts
        return (f"preflight {self.edition}: {f.get('pages')} pages, "
                f"{len(f.get('fonts', []))} fonts embedded and subset, "
                f"boxes {'ok' if f.get('boxes_ok') else 'WRONG'}, "
                f"colour {f.get('colour')}, {len(f.get('images', []))} images"
                f"{' (min ' + str(f['min_ppi']) + ' ppi)' if f.get('min_ppi') else ''}, "
                + (f"{f['standard']} for {f.get('output_intent')}, " if f.get("standard") else "")
                + (f"max ink {f['max_ink']['vector']:g} % (photos "
                   f"{f['max_ink']['images']:g} %), " if f.get("max_ink") else "")
                + ("text contrast AA ok, " if f.get("contrast_failures") == 0 else "")
                + f"{len(self.errors)} errors, {len(self.warnings)} warnings")


# Page checks depend only on what the page is made of: a page whose key
# (pagekeys.py: a digest of its dictionary, content streams and every
# resource they use, fonts and images included) was checked before with the
# same edition and limits is not read again. Page results (tuples), the glyph
# check's page and font verdicts and whole-file results (a file's digest)
# are kept in the build session and, sealed, in the project cache.

_FILE_TAG = "csrpress-preflight-2"


def _checked() -> dict[tuple, Any]:
    from ..session import current

    return current().preflight


def cache_name() -> str:
    """The project cache's file of preflight results: named by the code that
    makes them (the source of the modules that check, read from their
    folder: ~0.3 ms, where code_version's lookups were ~3 ms in a new
    process) and by the readers it reads the PDF with (pikepdf, pdfium), so
    another version of any never serves a result."""
    import hashlib
    from pathlib import Path

    from ..assets.cache import digest

    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in (here / "preflight.py", here / "printcheck.py", here / "glyphcheck.py",
                 here / "pagekeys.py", here / "pdfium.py", here.parent / "assets" / "colour.py"):
        h.update(path.read_bytes())
    oploop = here / "_oploop.c"         # (the C of printcheck's loop; not in a wheel)
    if oploop.is_file():
        h.update(oploop.read_bytes())
    return "preflight-" + digest(h.hexdigest(), _reader_versions()) + ".pickle"


def _reader_versions() -> tuple[str, ...]:
    """The installed pikepdf and pypdfium2 (their dist-info folders' names),
    found without importing either (importing pikepdf is ~35 ms)."""
    import importlib.util
    import os

    out = []
    for name in ("pikepdf", "pypdfium2"):
        spec = importlib.util.find_spec(name)
        folder = os.path.dirname(os.path.dirname(spec.origin)) if spec and spec.origin else ""
        try:
            out += sorted(f for f in os.listdir(folder)
                          if f.startswith(name + "-") and f.endswith((".dist-info", ".egg-info")))
        except OSError:
            out.append(f"{name}: {spec.origin if spec else None}")
    return tuple(out)


def codes_path(path: Any) -> Any:
    """The file of the glyph codes of content streams (glyphcheck.SavedCodes)
    beside preflight's results at ``path``, named by the same code and readers."""
    return path.with_name("glyphcodes-" + path.name[len("preflight-"):])


def load_checked(path: Any) -> None:
    """Results of earlier builds (the cache directory keeps them): a file
    that is absent, damaged, altered or of another kind is no result."""
    from ..assets.cache import load_sealed

    checked = _checked()
    if checked.keys() <= {_CODES_PATH}:
        found = load_sealed(path)
        if type(found) is tuple and len(found) == 2 and found[0] == _FILE_TAG \
                and type(found[1]) is dict:
            checked.update(found[1])
            checked[_SAVED] = frozenset(found[1])
    checked[_CODES_PATH] = codes_path(path)


_SAVED = ("saved",)        # (the keys the project cache holds, in the session's dict)
_CODES_PATH = ("glyph codes file",)   # (where the streams' codes are kept: codes_path)
_SAVED_CODES = ("saved glyph codes",)  # (glyphcheck.SavedCodes of that file, memory only)
_RAW = "raw digests"       # (with an edition: its pagekeys.RawDigests, memory only)
_CODES = "glyph codes"     # (with an edition: the codes its streams show, memory only)


def save_checked(path: Any, keep: set[tuple]) -> None:
    """Keep the results this build used (written only when they changed),
    and the codes of the streams its pages show (glyphcheck.SavedCodes)."""
    from ..assets.cache import prune, save_sealed
    from .glyphcheck import SavedCodes

    checked = _checked()
    codes = checked.get(_SAVED_CODES)
    if isinstance(codes, SavedCodes) and codes.save():
        prune(codes.path, "glyphcodes-")
    if checked.get(_SAVED) == frozenset(keep):
        return
    if save_sealed(path, (_FILE_TAG, {k: v for k, v in checked.items() if k in keep})):
        checked[_SAVED] = frozenset(keep)


def preflight(data: bytes, layout: Any, edition: Any, report: Any,
              fonts: str = "", page_blocks: dict | None = None,
              meanwhile: Callable[[], None] | None = None,
              likely: list[int] | None = None) -> Preflight:
    """Check an edition's PDF bytes; a byte-identical file checked before is not read again.
    `fonts`: what the embedded fonts' glyphs are made from (each face's source
    font file, instance and converter: assets.fonts.FontSource.key), in the
    page keys of the text-position check (see _read_key). `page_blocks`: where
    each content block was placed (build.BuildResult.page_blocks), to name the
    block a fault found at a point of a page is in. `meanwhile`: work of the
    caller's that needs nothing of the check, run once in this thread where
    it would otherwise wait for pdfium's (a cold build's cache saves: build).
    ``likely``: the pages (0-based) the build drew anew, not replayed: the
    ones an edit changed, loaded early in pdfium (_Preload; only a guess)."""
    import hashlib

    limits = (edition.name, edition.colour, edition.page_multiple, edition.bleed,
              edition.links, layout.safety, layout.page_size, layout.bleed,
              getattr(edition, "standard", ""), getattr(edition, "ink_limit", 300.0), fonts)
    whole = ("file", hashlib.sha256(data).hexdigest(), limits)
    checked = _checked()
    done = checked.get(whole)
    if isinstance(done, Preflight):    # the very same file was checked before
        done.keys = {whole} | set(done.keys)
        if meanwhile is not None:
            meanwhile()
        return done
    pf = _check_file(data, layout, edition, limits, link_sources(report), page_blocks,
                     meanwhile, likely)
    pf.keys.add(whole)
    checked[whole] = pf
    return pf


def _kept(checked: dict, keys: set, key: tuple, valid: Any, make: Any) -> Any:
    """A page's result kept under key (its last item a digest of what the
    check reads; None: the page could not be keyed, so it is checked and
    nothing kept), or made now; an entry ``valid`` refuses is made again."""
    if key[-1] is None:
        return make()
    keys.add(key)
    found = checked.get(key)
    if found is None or not valid(found):
        found = checked[key] = make()
    return found


def _is_colour(found: Any) -> bool:
    """A result of _colour_page (a foreign entry is none)."""
    return (type(found) is tuple and len(found) == 3 and type(found[0]) is bool
            and type(found[1]) is list and type(found[2]) is dict)


def _is_read(found: Any) -> bool:
    """A result of _read_page (a foreign entry is none)."""
    return type(found) is tuple and len(found) == 2 and all(type(f) is list for f in found)


def _weights(page: Any, memo: dict[tuple[int, int], bytes]) -> bytes:
    """What the colour checks read of a page's fonts (resource name → bold),
    once per font table of the file (the report's pages share one)."""
    res = page.obj.get("/Resources")
    table = res.get("/Font") if res is not None else None
    objgen = table.objgen if table is not None else (0, 0)
    found = memo.get(objgen) if objgen != (0, 0) else None
    if found is None:
        found = repr(sorted(font_weights(page).items())).encode()
        if objgen != (0, 0):
            memo[objgen] = found
    return found


def _read_key(digests: Any, page: Any) -> bytes | None:
    """The key of what pdfium's reading of a page (text rectangles, placed
    images, measured against the trim box) depends on: the page's drawing
    (its content streams show each character by its code point, at its
    size and place), its boxes, and its fonts' dictionaries but the tables
    a subset rebuilds when a character is added anywhere (programs, widths,
    ToUnicode: pagekeys.ObjectDigests.text_fonts) — a code's glyph and
    width there are those of its character in the face's source font, which
    the caller's `fonts` (in the key's limits) names with its instance and
    converter. None: not keyed, read afresh."""
    fonts, frame = digests.text_fonts(page), digests.geometry(page)
    return None if fonts is None or frame is None else digests.drawing(page, fonts + frame)


class _Colours:
    """The colour checks of the pages that are not kept (_colour_page), a
    later share of them made meanwhile in a forked child: Python reading
    content streams (~0.2 s of a cold build's preflight, one core) while
    this process runs the other checks and its own share. The child sends
    its results through a pipe (pickled: lists, dicts, numbers, strings)
    and exits; a page the child did not answer (it failed, was killed, its
    result is not one) is checked here, so the findings do not depend on
    the child. Only for enough pages to pay the fork (MIN_PAGES: a cold
    build's, not an edit's one or two) and where a fork is safe
    (children.may_fork, which says on what terms a build forks): so it is
    started before pdfium's thread (_Drawn). Closed (the child reaped) in
    the caller's ``finally``."""

    MIN_PAGES = 16
    SHARE = 0.5           # of the pages to check: the child's, from the end

    def __init__(self, pages: Any, edition: Any, cmyk_rgb: Any,
                 todo: list[int]) -> None:
        self.pages, self.edition, self.cmyk_rgb = pages, edition, cmyk_rgb
        self.found: dict[int, Any] = {}
        self._child: tuple[int, int, frozenset[int]] | None = None
        if len(todo) >= self.MIN_PAGES:
            self._start(todo[int(len(todo) * (1 - self.SHARE)):])

    def _start(self, share: list[int]) -> None:
        import os
        import pickle

        if not children.may_fork():
            return
        read, write = os.pipe()

        def check_and_send() -> None:    # the child's work
            os.close(read)
            made = {n: _colour_page(self.pages[n], n, self.edition, self.cmyk_rgb) for n in share}
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(made, pickle.HIGHEST_PROTOCOL))

        pid = children.spawn(check_and_send)
        if pid is None:
            os.close(read)
            os.close(write)
            return
        os.close(write)
        self._child = (pid, read, frozenset(share))

    def page(self, page: Any, number: int) -> tuple:
        """A page's colour results: the child's, else made here."""
        if self._child is not None and number in self._child[2]:
            self._collect()
        found = self.found.pop(number, None)
        if found is not None and _is_colour(found):
            return found
        return _colour_page(page, number, self.edition, self.cmyk_rgb)

    def _collect(self) -> None:
        """The child's results (none if it failed), the child reaped."""
        import os
        import pickle

        pid, read, _ = self._child
        self._child = None
        try:
            with os.fdopen(read, "rb") as fh:
                data = fh.read()
        finally:
            status = children.reap(pid)
        if status != 0:
            return
        try:
            made = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a cut-short answer: the pages are checked here
            return
        if isinstance(made, dict):
            self.found = made

    def close(self) -> None:
        """Reap the child if its results were never asked for (a failure)."""
        import os

        if self._child is not None:
            pid, read, _ = self._child
            self._child = None
            os.close(read)           # (a child still writing stops: a broken pipe)
            children.reap(pid)


class _Preload:
    """The pdfium document and the pages a build drew anew (``likely``: an
    edit's one or two; the others it replayed as the last build drew them,
    so their keys are most likely kept), loaded in a thread from the start
    of the check, while this thread opens the file in pikepdf and keys its
    pages. Loading is what costs in reading an edit's page: the first page
    of a new document parses the fonts it shows (~6 ms of ~7 ms for page
    and text; the rectangles after are one cheap call each). The thread
    only loads (a few pdfium calls, so a few hand-overs of the interpreter
    lock); what a loaded page is read for (_found) is read in the caller's
    thread, once the keys say the page must be read. Only a guess: a page
    it did not load is loaded there, a page it loaded but the keys keep is
    closed unread, and a failure here is none (the page is loaded afresh
    and fails there, as it would have), so the findings never depend on it.
    pdfium is never used by two threads at once: ``join`` comes before any
    other use of it (_Drawn)."""

    def __init__(self, data: bytes, likely: list[int]) -> None:
        import sys
        import threading

        from .pdfium import lib

        self.data, self.doc = data, None
        self.loaded: dict[int, tuple[Any, Any]] = {}
        lib.FPDF_GetLastError()          # (pdfium loaded here, not in the thread)
        self._switch = sys.getswitchinterval()
        self._thread: Any = threading.Thread(target=self._load, args=(likely,),
                                             name="csrpress-pdfium-preload")
        self._thread.start()
        sys.setswitchinterval(min(self._switch, _Drawn.SWITCH))

    def _load(self, likely: list[int]) -> None:
        from .pdfium import Document

        try:
            self.doc = Document(self.data)
            for number in likely:
                page = self.doc.page(number)
                try:
                    self.loaded[number] = (page, page.text())
                except BaseException:
                    page.close()
                    raise
        except BaseException:  # noqa: BLE001 - a guess that failed: read afresh (see above)
            pass

    def join(self) -> None:
        if self._thread is not None:
            import sys

            self._thread.join()
            self._thread = None
            sys.setswitchinterval(self._switch)

    def take(self, number: int) -> tuple[Any, Any] | None:
        """A page loaded with its text (the caller closes both), or None."""
        self.join()
        return self.loaded.pop(number, None)

    def close(self) -> None:
        """Close what was loaded and not taken, and the document (unless
        handed over: ``doc`` set to None by the taker)."""
        self.join()
        for page, text in self.loaded.values():
            text.close()
            page.close()
        self.loaded = {}
        if self.doc is not None:
            self.doc.close()
            self.doc = None


class _Drawn:
    """The pdfium document of the file, and the pages that must be read,
    read in a thread while the checks through pikepdf run: pdfium's loading
    a page and its text is most of reading it (~3 ms a page, in C, outside
    the interpreter lock) and the colour and glyph checks are Python, so
    with a second core free they take about the time of the checks alone.
    The thread keeps what each page read found (its placed images, its text
    in the safety margin: _found), not the page: a loaded page holds its
    text (~0.15 MB), and the thread once kept the pages loaded for the
    caller to read, so only the first 32 could be (the others were loaded
    and read in the caller's thread: ~0.1 s of a cold build's). pdfium is
    never used by two threads at once: nothing else here calls it until
    ``wait`` has joined the thread. The lock is handed back and forth at
    each pdfium call, so the checks yield it more often meanwhile (the
    interpreter's switch interval, set back by ``wait``)."""

    SWITCH = 0.0005     # seconds: the switch interval while the thread reads pages
    # pages to read from which a thread is worth starting: a few pages (an
    # edit's) are read in this thread, as the thread's start and hand-overs
    # cost about what reading them meanwhile saves
    THREADED = 8
    # pages the thread reads at most (the first ones to read; the others are
    # read in the caller's thread when their turn comes)
    LOADED = 100_000

    def __init__(self, data: bytes, jobs: list[tuple[int, bool, tuple]],
                 early: _Preload | None = None) -> None:
        """``jobs``: the pages to read, each (number, whether it places
        images, its safe area: x0, y0, x1, y1). ``early``: the pages a
        thread loaded meanwhile (_Preload), taken over when this reads
        its pages in the caller's thread (too few for a thread of its own),
        else closed first."""
        self.data, self.doc = data, None
        self.early: _Preload | None = None
        if early is not None:
            if len(jobs) < self.THREADED:
                self.early = early
            else:
                early.close()
        self.jobs = {number: (images, area) for number, images, area in jobs}
        self.read: dict[int, tuple[list[dict], list[tuple[int, str]]]] = {}
        self.error: BaseException | None = None
        self._thread: Any = None
        self._switch: float | None = None
        if len(jobs) >= self.THREADED:
            import sys
            import threading

            from .pdfium import lib

            lib.FPDF_GetLastError()      # (pdfium loaded here, not in the thread)
            self._switch = sys.getswitchinterval()
            self._thread = threading.Thread(target=self._load, args=(jobs[:self.LOADED],),
                                            name="csrpress-pdfium")
            self._thread.start()
            sys.setswitchinterval(min(self._switch, self.SWITCH))

    def _load(self, jobs: list[tuple[int, bool, tuple]]) -> None:
        from .pdfium import Document

        try:
            self.doc = Document(self.data)
            for number, images, area in jobs:
                page = self.doc.page(number)
                try:
                    self.read[number] = _found(page, page.text(), number, images, area)
                finally:
                    page.close()
        except BaseException as exc:  # noqa: BLE001 - raised by wait, in the caller's thread
            self.error = exc

    def wait(self) -> None:
        """Join the thread (raising what it raised, once)."""
        self._join()
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _join(self) -> None:
        if self._thread is not None:
            import sys

            self._thread.join()
            self._thread = None
            sys.setswitchinterval(self._switch)

    def found(self, number: int, images: bool, area: tuple
              ) -> tuple[list[dict], list[tuple[int, str]]]:
        """What reading page ``number`` found: the thread's, else read now."""
        self.wait()
        held = self.read.pop(number, None)
        if held is not None:
            return held
        loaded = self.early.take(number) if self.early is not None else None
        if loaded is not None:
            page, text = loaded
            try:
                return _found(page, text, number, images, area)
            finally:
                page.close()
        if self.doc is None and self.early is not None and self.early.doc is not None:
            self.doc, self.early.doc = self.early.doc, None     # (its fonts parsed already)
        if self.doc is None:
            from .pdfium import Document

            self.doc = Document(self.data)
        page = self.doc.page(number)
        try:
            return _found(page, page.text(), number, images, area)
        finally:
            page.close()

    def close(self) -> None:
        self._join()
        self.read = {}
        if self.early is not None:       # (its pages before the document they are of)
            self.early.close()
        if self.doc is not None:
            self.doc.close()


def block_at(page_blocks: dict | None, page: int, at: Any) -> Any:
    """The mark of the content block placed where the point `at` (PDF space)
    of a page is: the smallest placed box holding it (a table's box, not the
    grid it is in), or None where no block is known there."""
    if not page_blocks or not at:
        return None
    x, y = at
    best = None
    for x0, y0, x1, y1, mark in page_blocks.get(page, ()):
        if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1:
            area = (x1 - x0) * (y1 - y0)
            if best is None or area < best[0]:
                best = (area, mark)
    return best[1] if best is not None else None


# blocks that link to pages or the web on an edition with links: what they
# are called in a message
_LINKING = {"toc": "the contents (toc)", "gri_index": "the GRI index",
            "chapter": "a chapter opener's list of sections",
            "back_cover": "the back cover's QR code", "story": "a story's QR code"}


def link_sources(report: Any) -> list[tuple[str, Any]]:
    """(what, mark) of each block that makes links (a TOC, the GRI index's
    page numbers, a chapter opener's sections, a QR code of a URL): a report
    with none of them has no links to make, and is not warned of having none."""
    out = []
    for b in getattr(report, "blocks", None) or ():
        if b.type in _LINKING and (b.type not in ("back_cover", "story") or b.get("url")):
            out.append((_LINKING[b.type], b.mark))
    return out


def _check_file(data: bytes, layout: Any, edition: Any, limits: tuple,
                sources: list[tuple[str, Any]] | None = None,
                page_blocks: dict | None = None,
                meanwhile: Callable[[], None] | None = None,
                likely: list[int] | None = None) -> Preflight:
    """Objects (fonts, boxes, images, links) through pikepdf; text positions and
    placed images through pdfium, opened only when a page was not checked before.
    A page's colour results are kept by the digest of its content and of the
    resources but fonts, which they read for their weights only; its text
    positions by the digest of everything it uses (a font whose program
    changed, a new character, moves them). ``meanwhile`` runs before the
    pages pdfium read are taken: when pdfium's thread is still reading (a
    cold build's 66 pages: ~0.1-0.2 s after the other checks), this thread
    would only wait there. ``likely``: see preflight (a few pages: _Preload)."""
    import io

    import pikepdf

    from .pagekeys import ObjectDigests, RawDigests, UsedMemo

    pf = Preflight(edition.name)
    checked = _checked()
    early = _Preload(data, likely) if likely and len(likely) < _Drawn.THREADED else None
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except BaseException:
        if early is not None:
            early.close()
        raise
    known = checked.get((_RAW, edition.name))
    if not isinstance(known, RawDigests):
        known = checked[(_RAW, edition.name)] = RawDigests()
    codes = checked.get((_CODES, edition.name))
    if not isinstance(codes, UsedMemo):
        codes = checked[(_CODES, edition.name)] = UsedMemo()
    digests = ObjectDigests(pdf, known, codes)
    drawn: _Drawn | None = None
    colours: _Colours | None = None
    try:
        # (each page's wrapper made once: pikepdf makes a new one at every index,
        # and the checks index each page five times or so, ~3 us each)
        pages = list(pdf.pages)
        count = len(pages)
        pf.facts["pages"] = count
        # the pages pdfium must read (not kept by their key): loaded meanwhile
        read_keys = [("page-read-2", limits, number, _read_key(digests, pages[number]))
                     for number in range(count)]
        names = _palette_names(layout, edition)
        measured = _cmyk_measure(layout, edition)
        weights: dict[tuple[int, int], bytes] = {}
        colour_keys = [("page-colour-4", limits, number,
                        digests.drawing(pages[number], _weights(pages[number], weights)))
                       for number in range(count)]
        # (a child is forked before pdfium's thread starts: see _Colours)
        todo = [number for number, key in enumerate(colour_keys)
                if key[-1] is None or not _is_colour(checked.get(key))]
        if early is not None and len(todo) >= _Colours.MIN_PAGES:
            early.join()                 # (no fork while another thread runs)
        colours = _Colours(pages, edition, measured, todo)
        drawn = _Drawn(data, [(number, *_read_job(pages[number], layout.safety))
                              for number, key in enumerate(read_keys)
                              if key[-1] is None or not _is_read(checked.get(key))], early)
        _fonts(pages, pf)
        _glyphs(pdf, pf, digests)
        _boxes(pages, layout, edition, pf, digests, checked)
        check_pdfx(pdf, data, edition, pf)
        colour: list[tuple[int, dict]] = []
        rgb_pages, rgb_images, images, unsafe = [], [], [], []  # per page, kept by its bytes
        for number in range(count):
            page = pages[number]
            rgb_op, rgb_img, page_colour_found = _kept(
                checked, pf.keys, colour_keys[number], _is_colour,
                lambda: colours.page(page, number))
            colour.append((number + 1, page_colour_found))
            if rgb_op:
                rgb_pages.append(number + 1)
            rgb_images += rgb_img
        if meanwhile is not None:
            meanwhile()
        for number, key in enumerate(read_keys):
            page = pages[number]
            imgs, bad = _kept(checked, pf.keys, key, _is_read,
                              lambda: _read_page(page, drawn, number, layout))
            images += imgs
            unsafe += bad
        _colour(edition, pf, rgb_pages, rgb_images)
        report_colour(pf, edition, colour, names,
                      lambda rgb, pt: _text_colour_setters(layout, edition, rgb, pt),
                      lambda rgb: _background_setters(layout, edition, rgb),
                      lambda page, at: block_at(page_blocks, page, at),
                      _edition_mark(layout, edition.name, "ink_limit"))
        pf.facts["images"] = images
        if images:
            pf.facts["min_ppi"] = min(i["ppi"] for i in images)
        if unsafe:
            pf.error(f"text within {layout.safety / 72 * 25.4:.0f} mm of the trim: "
                     + "; ".join(f"p{p} “{t}”" for p, t in unsafe[:5]),
                     "keep text inside the margins (layout page.margins / page.safety)")
        if count % max(1, edition.page_multiple):
            pf.error(f"{count} pages is not a multiple of {edition.page_multiple}",
                     "a bug in csrpress: the build pads with blank pages up to the edition's "
                     "page_multiple (before the back cover, or at the end)")
        pf.facts["links"] = sum(1 for page in pages for a in page.obj.get("/Annots", [])
                                if a.get("/Subtype") == "/Link")
        if edition.links and not pf.facts["links"] and sources:
            what, where = sources[0]
            pf.warn(f"no links, though {what} here should link"
                    + (f" (and {len(sources) - 1} more block{'s' if len(sources) > 2 else ''}"
                       " that should)" if len(sources) > 1 else ""),
                    "a bug in csrpress if the block is drawn: its links were not written",
                    where)
        if not str(pdf.docinfo.get("/Title", "")):
            pf.error("no document title", "set title: in content/report.yaml")
    finally:
        if colours is not None:
            colours.close()
        if drawn is not None:
            drawn.close()
        if early is not None:            # (closed by drawn, unless it was never made)
            early.close()
        known.next_build()
        codes.next_build()
        pdf.close()
    return pf


def _contents(page: Any) -> bytes:
    """A page's content streams, decoded and joined."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(c.read_bytes() for c in contents)
    return contents.read_bytes()


def _space_name(cs: Any) -> str:
    """DeviceCMYK, ICCBased, Indexed… of an image's /ColorSpace."""
    import pikepdf

    if isinstance(cs, pikepdf.Array):
        cs = cs[0] if len(cs) else None
    return str(cs).lstrip("/") if cs is not None else "none"


def _image_spaces(resources: Any, seen: set) -> list[str]:
    """Colour space names of the image XObjects a page uses (forms opened)."""
    out: list[str] = []
    xobjects = resources.get("/XObject") if resources is not None else None
    for _, x in (xobjects.items() if xobjects is not None else ()):
        if x.objgen in seen:
            continue
        seen.add(x.objgen)
        if x.get("/Subtype") == "/Image" and not x.get("/ImageMask", False):
            out.append(_space_name(x.get("/ColorSpace")))
        elif x.get("/Subtype") == "/Form":
            out += _image_spaces(x.get("/Resources"), seen)
    return out


def _palette_names(layout: Any, edition: Any) -> dict[tuple, str]:
    """RGB (0–255) as the contrast check reads the edition's colours →
    palette name, to name colours in messages."""
    rgb = _measured_rgb(layout, edition)
    return {rgb(name): name for name in layout.palette}


def _profile(layout: Any, edition: Any) -> Any:
    from ..assets.colour import output_profile

    where = layout.files[0].parent if getattr(layout, "files", None) else None
    return output_profile(edition, where)


def _cmyk_measure(layout: Any, edition: Any) -> Any:
    """How the contrast check reads a print page's CMYK colours: as the
    edition's output profile renders them in sRGB (None on screen). It read
    ReportLab's naive conversion, 1 − (C + K): 40/30/30/100 rich black and
    a 100 % K black alike, a cyan far lighter than it prints."""
    if edition.colour != "cmyk":
        return None
    from ..assets.colour import screen_rgb

    profile = _profile(layout, edition)
    return lambda cmyk: screen_rgb(cmyk, profile)


def _measured_rgb(layout: Any, edition: Any) -> Any:
    """Palette name → RGB (0–255) as the contrast check reads it on pages of
    this edition: the screen's colour, or a print colour through the output
    profile (one rule for the check, the names in its messages and the
    settings it points at)."""
    measure = _cmyk_measure(layout, edition)
    if measure is not None:
        return lambda name: tuple(measure(tuple(layout.palette[name])))
    color = _edition_colours(layout, edition)

    def rgb(name: str) -> tuple:
        c = color(name)
        return (round(c.red * 255), round(c.green * 255), round(c.blue * 255))
    return rgb


def _edition_colours(layout: Any, edition: Any) -> Any:
    """The edition's palette name → colour (colours.color_fn)."""
    from .colours import color_fn

    return color_fn(layout, edition, _profile(layout, edition))


# layout settings that paint a ground text is set on (the rest paint rules,
# bars, marks and lines)
_GROUNDS = ("background", "fill", "tile_color", "portrait_color")


def _background_setters(layout: Any, edition: Any, rgb: tuple) -> list[tuple[str, Any]]:
    """(setting, mark) of every layout setting outside styles, inline markup
    and the palette that paints a ground (a background, fill or tile) in the
    palette colour drawn as rgb on this edition: where the ground of text no
    one can see was set. The paper itself has no setting."""
    measured = _measured_rgb(layout, edition)
    raw = getattr(layout, "raw", None)
    if not isinstance(raw, dict):
        return []

    def drawn(value: Any) -> bool:
        return isinstance(value, str) and value in layout.palette and \
            measured(value) == tuple(rgb)

    found: list[tuple[str, Any]] = []

    def walk(node: Any, path: str) -> None:
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            if isinstance(value, dict):
                walk(value, here)
            elif any(str(key).endswith(g) for g in _GROUNDS) and drawn(value):
                found.append((here, _key_mark(node, key)))

    for top, value in raw.items():
        if top not in ("styles", "inline", "palette", "editions") and isinstance(value, dict):
            walk(value, str(top))
    return found


def _text_colour_setters(layout: Any, edition: Any, rgb: tuple, pt: float
                         ) -> tuple[Any, list[str]]:
    """(the mark of the first, the names of all) layout styles of size pt
    and inline markups whose colour is drawn as rgb on this edition: where
    a text colour found on a page was set. A style's size is its text's;
    inline markup is matched by colour alone (it may set its own size)."""
    measured = _measured_rgb(layout, edition)

    def drawn(name: str) -> bool:
        return name in layout.palette and measured(name) == tuple(rgb)

    raw = getattr(layout, "raw", None)
    styles_raw = raw.get("styles") if isinstance(raw, dict) else None
    inline_raw = raw.get("inline") if isinstance(raw, dict) else None
    found: list[tuple[str, Any]] = []
    for name, st in layout.styles.items():
        if abs(st.size - pt) < 0.06 and drawn(st.color):
            spec = styles_raw.get(name) if isinstance(styles_raw, dict) else None
            found.append((f"styles.{name}", _key_mark(spec, "color")))
    for name, spec in layout.inline.items():
        if spec.get("color") and drawn(spec["color"]):
            found.append((f"inline.{name}",
                          _key_mark(inline_raw.get(name) if isinstance(inline_raw, dict)
                                    else None, "color")))
    return (found[0][1] if found else None), [n for n, _ in found]


def _edition_mark(layout: Any, name: str, key: str) -> Any:
    """Where the layout sets an edition's key, else the edition itself."""
    editions = getattr(layout, "raw", {}).get("editions")
    spec = editions.get(name) if isinstance(editions, dict) else None
    return _key_mark(spec, key) or _key_mark(editions, name)


def _key_mark(spec: Any, key: str) -> Any:
    """Where a key of a layout mapping was written (None: not known)."""
    mark_of = getattr(spec, "mark_of", None)
    return mark_of(key) if mark_of is not None and key in spec else None


def _colour_page(page: Any, number: int, edition: Any, cmyk_rgb: Any) -> tuple:
    """(RGB operators?, non-CMYK images, colour facts: ink and overprint for
    print, contrast for screen): what the page's content and resources say,
    its fonts read for their weights only."""
    contents = _contents(page)
    # (the pattern needs its operator: a print page has none, and trying the
    # pattern at every space of it took ~0.05 s for the report)
    rgb_op = (b"rg" in contents or b"RG" in contents) and bool(_RGB_OP.search(contents))
    rgb_img = []
    for space in _image_spaces(page.obj.get("/Resources"), set()):
        if space not in ("DeviceCMYK", "DeviceGray", "ICCBased") or (
                edition.colour == "cmyk" and space != "DeviceCMYK"):
            rgb_img.append((number + 1, space))
    return rgb_op, rgb_img, page_colour(page, contents, edition, cmyk_rgb)


def _read_page(page: Any, drawn: _Drawn, number: int, layout: Any) -> tuple:
    """(image ppi records, text in the safety margin) as pdfium reads the page."""
    job = drawn.jobs.get(number) or _read_job(page, layout.safety)
    return drawn.found(number, *job)


def _read_job(page: Any, safety: float) -> tuple[bool, tuple[float, float, float, float]]:
    """What pdfium's reading of a page needs of pikepdf's: whether the page
    places images, and the area inside the safety distance from its trim."""
    trim = page.obj.get("/TrimBox") or page.obj.get("/MediaBox")
    tx0, ty0, tx1, ty1 = (float(v) for v in trim)
    return (bool(_image_spaces(page.obj.get("/Resources"), set())),
            (tx0 + safety, ty0 + safety, tx1 - safety, ty1 - safety))


def _found(at: Any, text: Any, number: int, images: bool, area: tuple
           ) -> tuple[list[dict], list[tuple[int, str]]]:
    """What pdfium reads of a loaded page (``text``: its text page, closed
    here): images placed, when it places some, and text in the margin."""
    try:
        imgs = _placed_images(at, number) if images else []
        return imgs, _unsafe_text(text, number, area)
    finally:
        text.close()


def _placed_images(at: Any, number: int) -> list[dict]:
    """Pixel size and placed width (hence ppi) of every image drawn on the page."""
    import ctypes

    from .pdfium import FPDF_PAGEOBJ_IMAGE, lib

    out = []
    w, h = ctypes.c_uint(), ctypes.c_uint()
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for obj in at.objects(FPDF_PAGEOBJ_IMAGE):
        lib.FPDFImageObj_GetImagePixelSize(obj, w, h)
        lib.FPDFPageObj_GetBounds(obj, l, b, r, t)
        w_in = (r.value - l.value) / 72
        if w_in > 0:
            out.append({"page": number + 1, "ppi": round(w.value / w_in),
                        "pixels": [w.value, h.value]})
    return out


def _fonts(pages: Any, pf: Preflight) -> None:
    """Every font the pages use, descendant CID fonts included (each object once)."""
    fonts: dict[str, tuple[str, bool]] = {}
    seen: set = set()
    todo = []
    for page in pages:
        res = page.obj.get("/Resources")
        table = res.get("/Font") if res is not None else None
        if table is not None and table.objgen not in seen:
            seen.add(table.objgen)
            todo += [f for _, f in table.items()]
    while todo:
        font = todo.pop()
        if font.objgen in seen and font.objgen != (0, 0):
            continue
        seen.add(font.objgen)
        todo += list(font.get("/DescendantFonts", []))
        desc = font.get("/FontDescriptor")
        embedded = desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2",
                                                                "/FontFile3"))
        name = str(font.get("/BaseFont", "")).lstrip("/")
        fonts[name] = (str(font.get("/Subtype", "")).lstrip("/"), embedded)
    pf.facts["fonts"] = sorted(fonts)
    for name, (subtype, embedded) in fonts.items():
        if subtype == "Type3":
            pf.error(f"Type 3 font {name}", "text must use embedded TrueType/CFF fonts")
        elif subtype != "Type0" and not embedded:
            pf.error(f"font {name} is not embedded", "every font must be embedded")
        elif "+" not in name:
            pf.warn(f"font {name} is embedded whole", "subset fonts keep the file small")


def _glyphs(pdf: Any, pf: Preflight, digests: Any) -> None:
    """Each shown code has a glyph in its embedded subset and maps back to its
    character (see glyphcheck): what a reader sees is what it copies. Results
    are kept with the page checks, by digests of the written fonts and streams."""
    from .glyphcheck import SavedCodes, check_glyphs

    checked = _checked()
    path = checked.get(_CODES_PATH)
    saved = checked.get(_SAVED_CODES)
    if path is not None and not (isinstance(saved, SavedCodes) and saved.path == path):
        saved = checked[_SAVED_CODES] = SavedCodes(path)
    for problem in check_glyphs(pdf, checked, pf.keys, digests,
                                saved if isinstance(saved, SavedCodes) else None)[:20]:
        pf.error(problem, "a string was drawn without claiming its characters "
                 "(Fonts.claim) or a character has no glyph: a bug in csrpress, please report it")


def _boxes(pages: Any, layout: Any, edition: Any, pf: Preflight, digests: Any = None,
           checked: dict | None = None) -> None:
    """Every page has MediaBox ⊇ BleedBox ⊇ TrimBox, trim = page size, bleed as set.
    Read from the page objects directly (no page is parsed for this). A page's
    verdict is kept by its geometry's key (pagekeys.ObjectDigests.geometry:
    the boxes it has and inherits, which the preflight's read keys digest
    anyway): an unchanged page's boxes are not read again (~2.5 ms a watch edit)."""
    tw, th = layout.page_size
    bleed = layout.bleed if edition.bleed else 0.0
    ok = True
    for number, page in enumerate(pages):
        frame = digests.geometry(page) if digests is not None and checked is not None else None
        if frame is None:
            problem = _page_boxes(page, number, tw, th, bleed)
        else:
            problem = _kept(checked, pf.keys, ("page-boxes-1", tw, th, bleed, number, frame),
                            _is_boxes, lambda: _page_boxes(page, number, tw, th, bleed))
        if problem:
            ok = False
            pf.error(*problem)
            break
    pf.facts["boxes_ok"] = ok
    pf.facts["trim_mm"] = [round(tw / 72 * 25.4, 1), round(th / 72 * 25.4, 1)]
    pf.facts["bleed_mm"] = round(bleed / 72 * 25.4, 2)


def _is_boxes(found: Any) -> bool:
    """A result of _page_boxes (a foreign entry is none)."""
    return type(found) is tuple and (not found or (len(found) == 2
                                                   and all(type(f) is str for f in found)))


def _page_boxes(page: Any, number: int, tw: float, th: float, bleed: float
                ) -> tuple[str, ...]:
    """What is wrong with a page's boxes: () when nothing, else the error
    (message, hint)."""
    import pikepdf

    boxes: dict[str, list[float]] = {}
    for name in ("MediaBox", "BleedBox", "TrimBox"):
        value = page.obj.get("/" + name)
        if not isinstance(value, pikepdf.Array) or len(value) != 4:
            return (f"page {number + 1} lacks MediaBox, BleedBox or TrimBox",
                    "every page must carry all three boxes")
        boxes[name] = [float(v) for v in value]
    m, b, t = boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]
    inside = (m[0] <= b[0] <= t[0] and m[1] <= b[1] <= t[1] and
              t[2] <= b[2] <= m[2] and t[3] <= b[3] <= m[3])
    size_ok = abs(t[2] - t[0] - tw) < 0.01 and abs(t[3] - t[1] - th) < 0.01
    bleed_ok = abs(t[0] - b[0] - bleed) < 0.01 and abs(b[3] - t[3] - bleed) < 0.01
    if not (inside and size_ok and bleed_ok):
        return (f"page {number + 1}: boxes media {m} bleed {b} trim {t}",
                "MediaBox ⊇ BleedBox ⊇ TrimBox, trim = page.size, bleed = page.bleed")
    return ()


def _colour(edition: Any, pf: Preflight, rgb_pages: list[int], rgb_images: list) -> None:
    if edition.colour == "cmyk":
        pf.facts["colour"] = "CMYK only" if not (rgb_pages or rgb_images) else "MIXED"
        if rgb_pages:
            pf.error(f"RGB colour operators on pages {rgb_pages[:10]}",
                     "every colour of the print edition must be CMYK (palette names only)")
        if rgb_images:
            pf.error(f"non-CMYK images on pages {sorted({p for p, _ in rgb_images})[:10]}",
                     "images are converted to CMYK for print; check the image pipeline")
    else:
        pf.facts["colour"] = "RGB"


def _unsafe_text(text: Any, number: int, area: tuple[float, float, float, float]
                 ) -> list[tuple[int, str]]:
    """Runs of text outside ``area`` (the trim less the safety distance;
    pdfium's text rectangles, in PDF space like the TrimBox; one C call per
    run, not per glyph)."""
    x0, y0, x1, y1 = area
    bad = []
    # (pdfium's calls direct, four doubles made once for the ~4,700 runs of a full check)
    import ctypes

    from .pdfium import PdfiumError, lib

    l, t, r, b = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    get_rect = lib.FPDFText_GetRect
    for i in range(text.count_rects()):
        if not get_rect(text.raw, i, l, t, r, b):
            raise PdfiumError(f"pdfium gave no text rectangle {i}")
        lv, bv, rv, tv = l.value, b.value, r.value, t.value
        if lv >= x0 - 0.5 and bv >= y0 - 0.5 and rv <= x1 + 0.5 and tv <= y1 + 0.5:
            continue
        run = text.text_bounded(lv, bv, rv, tv).strip()
        if run:
            bad.append((number + 1, run[:12]))
    return bad
