"""The canvas the report is drawn on: page labels, XMP, the bookmarks panel,
and a fingerprint of every page's rendering (for the changed-pages report).

A page's fingerprint hashes its drawing operators with each text string taken
as Unicode (font, size, position, spacing, colour, characters) instead of the
codes written for it. Finished pages get their compressed content streams
from a StreamMemo (the same text is compressed once per session and kept in
the project cache): with the report's faces written as Type 0 fonts with
stable codes (cidfont.py), a page's stream depends on that page alone.
"""
from __future__ import annotations

import hashlib
import zlib
from typing import Any

from reportlab.lib.colors import CMYKColorSep, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from ..session import current
from .pdfx import is_black, only_black

_NO_COLOUR = repr(None)     # (a text object's fill before any is set: no look-up)


def _colour_key(colour: Any) -> str:
    """A stable text for a colour object (computed once per object and session)."""
    if colour is None:
        return _NO_COLOUR
    keys = current().colour_keys
    held = keys.get(id(colour))
    if held is None or held[0] is not colour:
        held = keys[id(colour)] = (colour, repr(colour))
    return held[1]


class _LoggedText(PDFTextObject):
    """A text object that also records what it sets, in Unicode."""

    def __init__(self, canvas: Any, x: float = 0, y: float = 0, direction: Any = None) -> None:
        super().__init__(canvas, x, y, direction)
        self.sem: list[tuple] = []
        self._font_set: tuple | None = None      # the last setFont's (name, size, leading)
        self._tl_written: float | None = None    # the leading (TL) this object last wrote
        self._colour_of: tuple[Any, str] = (None, _NO_COLOUR)   # fill → its key

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        """Set the font, unless it is the one this text object set last.

        ReportLab forgets which 8-bit subset is current on every setFont, so
        the next string wrote its subset's Tf (with a TL) again: a paragraph set
        the font once per line and the report wrote a Tf for nearly every Tj
        (29.6k Tf for 30k Tj). The text state lasts for the whole text object,
        so a font set again unchanged changes nothing and is skipped."""
        key = (psfontname, size, size * 1.2 if leading is None else leading)
        if key != self._font_set:
            super().setFont(*key)
            self._font_set = key
            if not getFont(psfontname)._dynamicFont:      # ReportLab wrote Tf and TL
                self._tl_written = key[2]

    def setLeading(self, leading: float) -> None:
        super().setLeading(leading)
        self._tl_written = leading

    def _formatText(self, text: str) -> str:
        """Text operators for the report's faces (Type 0 fonts, cidfont.py):
        one hex string of two-byte codes per run, the font's Tf only when the
        text object has not set it yet, and the leading (TL, text state that
        lasts) once per text object and again only when it changes. (ReportLab
        subset TrueType faces into 8-bit fonts, switched subsets every
        character or two of a Han line and wrote `/F3+1 11 Tf 13.2 TL` at each
        switch.) Every face the build registers is one (assets/fonts.py);
        any other font and shaped strings go through ReportLab's own."""
        font = getFont(self._fontname)
        if not getattr(font, "_cid", False) or type(text) is not str:
            return super()._formatText(text)
        codes = font.hex_codes(text)
        if self._curSubset == 0:
            return f"<{codes}> Tj"
        self._curSubset = 0
        name = font.internal_name(self._canvas._doc)
        used = getattr(self._canvas, "fonts_log", None)
        if used is not None:               # a page being recorded (paginate.replay)
            used[font.fontName] = None
        if self._tl_written != self._leading:
            self._tl_written = self._leading
            return f"{name} {fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL <{codes}> Tj"
        return f"{name} {fp_str(self._fontsize)} Tf <{codes}> Tj"

    def _setFont(self, psfontname: str, size: float) -> None:     # (forgets it too)
        super()._setFont(psfontname, size)
        self._font_set = None

    def _textOut(self, text: str, TStar: int = 0) -> None:
        self._log(text)
        super()._textOut(text, TStar)

    def show(self, space: float, x: float, y: float, text: str) -> None:
        """setCharSpace(space), setTextOrigin(x, y) and _textOut(text) in one
        call: the same operators, byte for byte, and the same state. A
        paragraph draws every string of its lines so (~4,300 in a cold build
        of the report): one call instead of three and the calls they make."""
        code = self._code
        self._charSpace = space
        code.append("%s Tc" % fp_str(space))
        code.append(("1 0 0 1 %s Tm" if self._canvas.bottomup else "1 0 0 -1 %s Tm")
                    % fp_str(x, y))
        self._x0 = self._x = x
        self._y0 = self._y = y
        self._log(text)
        shown = self._formatText(text)
        self._code.append(shown)

    def textLine(self, text: str = "") -> None:
        """ReportLab's drawString, drawRightString and drawCentredString write
        through textLine, not _textOut: logged too, so that what they draw
        (running heads, folios, chart labels) is in the page's fingerprint (a
        renamed heading changed the running head of the pages after it, and
        the build reported them unchanged)."""
        super().textLine(text)
        self._log(text)

    def _log(self, text: str) -> None:
        """What is set, where, in which font, size and colour (the page's
        fingerprint: canvas._page_hash)."""
        fill = getattr(self, "_fillColorObj", None)
        if fill is not self._colour_of[0]:
            self._colour_of = (fill, _colour_key(fill))
        self.sem.append((self._fontname, self._fontsize, self._x0, self._y0,
                         getattr(self, "_charSpace", 0), getattr(self, "_horizScale", 100),
                         self._colour_of[1], text))

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:
        if not _rgb_fill(self, aColor, alpha, getattr(self._canvas, "fill_ops", None)):
            super().setFillColor(aColor, alpha)
        if getattr(self._canvas, "overprint_black", False):
            _overprint(self, self._canvas._extgstate, "op", is_black(aColor))


def _rgb_fill(target: Any, colour: Any, alpha: Any, ops: dict[tuple, str] | None) -> bool:
    """ReportLab's setFillColor (textobject._PDFColorSetter) for an RGB
    colour object, on a canvas or text object with no colour space enforced:
    the same operator, fill and alpha, the operator's text kept by the
    colour's value in ``ops`` (the canvas's). Formatting the three numbers
    (fp_str) was most of the call, and a paragraph sets its colour on every
    line: ~3,400 calls in a cold build of the report. False: not such a
    call (ReportLab's own then)."""
    if type(colour) is not Color or alpha is not None or ops is None \
            or target._enforceColorSpace is not None:
        return False
    rgb = (colour.red, colour.green, colour.blue)
    op = ops.get(rgb)
    if op is None:
        op = ops[rgb] = "%s rg" % fp_str(rgb)
    target._fillColorObj = colour
    target._code.append(op)
    if getattr(colour, "alpha", None) is not None:
        target.setFillAlpha(colour.alpha)
    return True


class StreamMemo:
    """Compressed page content streams (and object streams, objstreams.py)
    by the digest of their text, kept from one build to the next: in the build session (watch) and in the project
    cache (a new process after an edit). Entries read from the cache are
    checked against their digest when used: a damaged file costs a
    compression, never a wrong page."""

    def __init__(self, path: Any = None) -> None:
        self.path = path
        self.last: dict[bytes, bytes] = {}
        self.now: dict[bytes, bytes] = {}
        self.unchecked: set[bytes] = set()     # entries read from the cache file
        self.made = 0                          # compressed in this build

    @classmethod
    def load(cls, path: Any) -> "StreamMemo":
        from ..assets.cache import load_pickle

        memo = cls(path)
        found = load_pickle(path, dict) or {}
        memo.last = {k: v for k, v in found.items()
                     if isinstance(k, bytes) and len(k) == 20 and isinstance(v, bytes)}
        memo.unchecked = set(memo.last)
        return memo

    def packed(self, data: bytes, key: bytes | None = None) -> bytes:
        """`data` compressed; `key`: its SHA-1 digest when the caller has it."""
        if key is None:
            key = hashlib.sha1(data).digest()
        found = self.now.get(key)
        if found is None:
            found = self.last.get(key)
            if found is not None and key in self.unchecked:
                found = found if _inflates_to(found, key) else None
            if found is None:
                found = zlib.compress(data)
                self.made += 1
            self.now[key] = found
        return found

    def keep(self, key: bytes, packed: bytes) -> bytes:
        """A stream this session compressed before (kept with a replayed page's
        record, by its digest): used as it is, and kept for the next build."""
        self.now.setdefault(key, packed)
        return packed

    def next_build(self) -> None:
        """A build starts: what the last one made is what there is to reuse."""
        if self.now:
            self.last, self.now, self.unchecked = self.now, {}, set()
        self.made = 0

    def save(self) -> None:
        """Keep this build's streams for the next process (when any is new)."""
        from ..assets.cache import save_pickle

        if self.path is not None and (self.made or len(self.now) != len(self.last)):
            save_pickle(self.path, self.now)


def _inflates_to(packed: bytes, key: bytes) -> bool:
    try:
        return hashlib.sha1(zlib.decompress(packed)).digest() == key
    except zlib.error:
        return False


def _pack_page(page: Any, rec: Any = None, check: Any = None) -> None:
    """Give a finished page its compressed content stream, compressed once per
    build session: a page drawn as in the last build (its text has the same
    codes whatever other pages draw, see cidfont.py) reuses that build's
    bytes, where ReportLab compressed every page of every build. `rec`: the
    page's record (paginate.replay) when it shows that record: a stream equal
    to the one it kept takes its digest and bytes without encoding and hashing
    the text again. `check` (verify mode): a record whose kept stream must be
    what this page gives."""
    from ..session import current
    from .cidfont import flate_stream

    if not page.compression or not page.stream or page.Contents:
        return
    session = current()
    if session.page_streams is None:
        session.page_streams = StreamMemo()
    memo = session.page_streams
    if rec is not None and rec.packed is not None and page.stream == rec.stream:
        packed = memo.keep(rec.stream_key, rec.packed)
    else:
        data = page.stream.encode("utf-8")                                 # (as ReportLab's)
        key = hashlib.sha1(data).digest()
        packed = memo.packed(data, key)
        if rec is not None:
            rec.stream, rec.stream_key, rec.packed = page.stream, key, packed
        if check is not None and check.packed is not None and (
                page.stream != check.stream or packed != check.packed):
            from ..paginate.replay import ReplayMismatch
            raise ReplayMismatch("a replayed page's stream differs from its drawing's")
    stream = flate_stream(packed)
    stream.__Comment__ = "page stream"
    page.Contents = stream


def _overprint(target: Any, state: Any, key: str, on: bool) -> None:
    """Overprint (with OPM 1: only the plates the colour inks are painted) on or
    off; the graphics state is written only when it changes."""
    if on:
        state.set(target, "OPM", 1)
    state.set(target, key, on)


def canvas_class(cover_label: str, back_label: str, report: Any, edition: Any,
                 created: list[Any], profile: Any = None) -> type:
    """A Canvas subclass for one build (labels and metadata bound in).
    `profile`: the print edition's output profile (PDF/X OutputIntent)."""
    from .metadata import attach_xmp, creation_epoch
    from .pdfx import document_ids, make_pdfx, set_timestamp, set_trailer_id
    from .tagging import Tagger

    class ReportCanvas(Canvas):
        """Opens with the bookmarks panel; page labels match the printed folios
        (the folio is the physical page number; the covers get names)."""

        def __init__(self, *a: Any, **kw: Any) -> None:
            super().__init__(*a, **kw)
            self.page_hashes: list[str] = []
            self.drawn_pages: list[int] = []   # (0-based) not shown from a kept record's hash
            self._sem: list[Any] = []
            self._text_at: set[int] = set()
            self.dangling: list[str] = []     # link targets no page defined (see save)
            self.fonts_log: dict[str, None] | None = None   # faces a recorded page uses
            self._last_page: Any = None
            # the page's record (paginate.replay), when it was replayed or
            # recorded, and in verify mode the record it was checked against
            self.page_record: Any = None
            self.page_check: Any = None
            # marked content and structure, for the tagged (screen) edition
            self.tagger = Tagger() if getattr(edition, "tagged", False) else None
            self.tag_time = 0.0               # seconds spent writing the structure tree
            # print: black text and black-plate rules overprint the tints under them
            self.overprint_black = edition.colour == "cmyk"
            self.fill_ops: dict[tuple, str] = {}     # (see _rgb_fill)
            created.append(self)

        def setFillColor(self, aColor: Any, alpha: Any = None) -> None:
            if not _rgb_fill(self, aColor, alpha, self.fill_ops):
                super().setFillColor(aColor, alpha)
            if self.overprint_black:
                _overprint(self, self._extgstate, "op", is_black(aColor))

        def setStrokeColor(self, aColor: Any, alpha: Any = None) -> None:
            if isinstance(aColor, CMYKColorSep):     # the registration colour: kept a
                enforce, self._enforceColorSpace = self._enforceColorSpace, None  # Separation
                try:
                    super().setStrokeColor(aColor, alpha)
                finally:
                    self._enforceColorSpace = enforce
            else:
                super().setStrokeColor(aColor, alpha)
            if self.overprint_black:
                _overprint(self, self._extgstate, "OP", only_black(aColor))

        def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> _LoggedText:
            return _LoggedText(self, x, y, direction)

        def drawText(self, tx: Any) -> None:
            self._text_at.add(len(self._code))
            self._sem.append(getattr(tx, "sem", None))
            super().drawText(tx)

        def showPage(self) -> None:
            rec, self.page_record = self.page_record, None
            rec = rec if rec is not None and rec.shown_by(self) else None
            check, self.page_check = self.page_check, None
            if rec is not None and rec.page_hash is not None:
                page_hash = rec.page_hash
            else:
                page_hash = self._page_hash()
                self.drawn_pages.append(len(self.page_hashes))
                if rec is not None:
                    rec.page_hash = page_hash
                if check is not None and check.page_hash not in (None, page_hash):
                    from ..paginate.replay import ReplayMismatch
                    raise ReplayMismatch("a replayed page's hash differs from its drawing's")
            self.page_hashes.append(page_hash)
            self._sem, self._text_at = [], set()
            self._last_page = self._doc.thisPageRef()
            super().showPage()
            _pack_page(self._doc.Pages.pages[-1], rec, check)
            if self.tagger is not None:
                self.tagger.next_page()

        def _page_hash(self) -> str:
            """What the page shows, for the document's ids: its operators but
            the text's (whose codes depend on the fonts' subsets), and the
            text's fingerprints."""
            h = hashlib.sha256()
            for i, op in enumerate(self._code):
                if i not in self._text_at:
                    h.update(op.encode("utf-8", "replace"))
                    h.update(b"\n")
            h.update(repr(self._sem).encode("utf-8"))
            return h.hexdigest()[:24]

        def save(self) -> None:
            self._bind_dangling()
            self.showOutline()
            ids = document_ids(report, edition, self.page_hashes)
            set_timestamp(self, creation_epoch(report))
            set_trailer_id(self, ids)
            if getattr(edition, "standard", "") and profile is not None:
                make_pdfx(self, edition, profile)
            attach_xmp(self, report, edition, ids)
            n = self.getPageNumber() - 1      # pages written
            self.addPageLabel(0, prefix=cover_label)
            self.addPageLabel(1, style="D", start=2)
            if n > 2:
                self.addPageLabel(n - 1, prefix=back_label)
            if self.tagger is not None:
                self._write_tree()
            super().save()

        def _write_tree(self) -> None:
            """The structure tree, made in ReportLab's document so the file is
            written once (it was re-opened and saved again with pikepdf), and
            object streams for its thousands of small objects (objstreams.py)."""
            import time

            from .objstreams import use_object_streams
            from .tagging import write_tree

            t = time.perf_counter()
            if self._code:             # (what Canvas.save would show: every page
                self.showPage()        # must have its number before the tree)
            write_tree(self, self.tagger, str(report.meta.get("language", "zh-CN")))
            use_object_streams(self._doc)
            self.tag_time = time.perf_counter() - t

        def _bind_dangling(self) -> None:
            """Point links to pages this pass did not make (a stale page guess:
            "see page 90" in a report now 80 pages long) at the last page, and
            note them: such a pass is never the final one (see build._render)."""
            if self._last_page is None:
                return
            for name, dest in self._destinations.items():
                if dest.fmt is None or dest.page is None:
                    self.dangling.append(name)
                    dest.fit()
                    dest.setPage(self._last_page)

    return ReportCanvas
