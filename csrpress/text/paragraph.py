"""The paragraph flowable: wraps with the total-fit breaker, splits between
lines (never leaving fewer than two lines at a page's foot or head), and
draws justified Chinese lines with exact positions.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import (actual_text, is_tagged, link_made, marked, tagged, tagger_of,
                           text_span)
from ..source.layout import Style
from .atoms import LATIN, PUNCT, RUN, Atom, Gap
from .. import compiled
from . import breaker
from .breaker import Line, balance, break_lines
from .inline import parse_refs
from .marks import RunGlyphs, measure
from .normalise import group_figures, normalise
from .shapecache import ShapeCache
from ..assets.fonts import ALIASES, LATIN_APOSTROPHE, as_typed
from .shaping import COMPRESSIBLE, SPACED_SIGNS, SpanStyle, Spacing, blank_half, shape
from .hyphen import (HYPHEN, SOFT, Hyphenated, Hyphenator, cuttable, english_runs,
                     has_phrase, hyphenated, is_soft, may_hyphenate, own_language)
from .wide import is_urlish, joined, joining_gaps, split_wide
from .linemarks import LineMarks, may_link, ref_atoms, ref_places, web_links

ASCENT = 0.88     # CJK em box: the baseline sits 0.88 em below the box top
DESCENT = 0.12    # … and 0.12 em above its bottom (Noto CJK's ideographic em box)


@dataclass
class TextContext:
    """What every text component needs: fonts, colours, caches, page numbers."""

    fonts: Any                              # assets.fonts.Fonts
    color: Callable[[str], Any]             # palette name -> reportlab colour
    inline: dict[str, dict[str, str]]
    spacing: Spacing
    pages: dict[str, int] = field(default_factory=dict)   # anchor → page (last pass)
    before: dict[str, int] = field(default_factory=dict)  # anchor → page content before it ended
    break_cache: dict[Any, list[Line]] = field(default_factory=dict)
    used_breaks: set[Any] = field(default_factory=set)
    new_breaks: int = 0
    break_time: float = 0.0                 # seconds spent choosing line breaks
    shape_cache: ShapeCache = field(default_factory=ShapeCache)
    span_cache: dict[Style, dict[str | None, SpanStyle]] = field(default_factory=dict)
    span_lists: dict[int, Any] = field(default_factory=dict)   # id(style) → (style, names, spans)
    links: bool = True                      # the edition has link annotations

    def link(self, canv: Any, key: str | None, rect: tuple[float, float, float, float],
             url: str | None = None, contents: str = "") -> None:
        """An internal (key) or web (url) link over rect, when the edition has links
        (the print edition carries none: a press has no use for annotations).
        `contents` describes the link to a screen reader (tagged editions)."""
        if not self.links:
            return
        if url:
            canv.linkURL(url, rect, relative=1)
        else:
            canv.linkRect("", key, rect, relative=1, thickness=0)
        link_made(canv, contents or url or "")
    psnames: dict[str, str] = field(default_factory=dict)
    line_log: list["LineRecord"] | None = None   # set to a list to record lines
    chart_log: list[Any] | None = None           # … and charts (compose.chart.ChartRecord)
    errors: Any = None            # errors.Collector: relaxed line breaks are warnings
    normalise: bool = True        # ASCII punctuation between Han set full-width
    numbers: dict[str, Any] = field(default_factory=dict)   # thousands, group_from (layout text)
    keep_words: tuple[str, ...] = ()   # never broken inside on a ragged line (layout text)
    hyphenate: str = "none"       # Latin words' hyphenation patterns (layout text), see hyphen.py
    language: str = ""            # the report's (BCP 47): a text in another is tagged so
    hyphenator: Any = None        # … made when a paragraph first needs them
    mark: Any = None              # errors.Mark of the block being composed
    run_cache: dict[tuple[str, str, int], RunGlyphs] = field(default_factory=dict)
    blank_cache: dict[str, frozenset[str]] = field(default_factory=dict)   # face → marks
    # the segment being composed or laid out (paginate.segments.Trace): what
    # it claims and the line breaks it uses are also written there
    trace: Any = None
    drawing: bool = True          # the pass draws its pages (paginate.converge)
    replay_segments: bool = True  # … and may replay chapters from tapes (paginate.segments)
    skip_tails: bool = True       # … and skip composing a changed one's end (paginate.units)

    def run_glyphs(self, face: str, ch: str, count: int) -> RunGlyphs:
        """How a —— or …… run of `count` marks is drawn in a face (see marks.py)."""
        key = (face, ch, count)
        held = self.run_cache.get(key)
        if held is None:
            f = self.fonts[face]
            box = getattr(f, "box", lambda _c: None)
            held = self.run_cache[key] = measure(box, f.width, ch, count)
        return held

    def blank(self, face: str, ch: str) -> bool:
        """Whether a compressible mark has the blank half its class says in a
        face (shaping.blank_half): measured once per face for all such marks."""
        held = self.blank_cache.get(face)
        if held is None:
            f = self.fonts[face]
            marks = "".join(sorted(COMPRESSIBLE))
            boxes = f.boxes(marks) if hasattr(f, "boxes") else {}
            held = self.blank_cache[face] = frozenset(
                m for m in marks if blank_half(m, boxes.get(m), f.width(m)))
        return ch in held

    def claim(self, style: Style | SpanStyle, text: str | frozenset[str]) -> None:
        """Declare that text will be drawn in a style (a paragraph style or an
        inline span). The one path by which characters get into the embedded
        subsets: a subset is made after the first composition pass, so every
        component claims what it will draw when it is composed; a character
        drawn without a claim has no glyph, and the PDF glyph check (preflight)
        fails the build."""
        self._claim(style.face if isinstance(style, SpanStyle) else style.font, text)

    def claim_again(self, claims: dict[str, Any]) -> None:
        """What a chapter replayed from its tape claimed when it was composed
        (face → characters: paginate.segments)."""
        for face, chars in claims.items():
            self._claim(face, chars)

    def _claim(self, face: str, text: Any) -> None:
        self.fonts.claim(face, text)
        if self.trace is not None:          # (a chapter taped: paginate.segments)
            self.trace.claim(face, text)

    def warn(self, where: Any, message: str, hint: str = "") -> None:
        """A build warning at a source position (kept only when a collector is set)."""
        if self.errors is not None:
            self.errors.warn(where, message, hint)

    def page_num(self, key: str) -> int:
        """The page of an anchor (a guess until pages settle), read by the
        segment being taped (paginate.segments.Trace.reads)."""
        page = self.pages.get(key, 0)
        if self.trace is not None:
            self.trace.reads[("page", key)] = page
        return page

    def page_of(self, key: str) -> str:
        """The printed page number of an anchor (a guess until pages settle)."""
        return str(self.page_num(key))

    def width(self, face: str, ch: str) -> float:
        return self.fonts[face].width(ch)

    def span_list(self, style: Style) -> tuple[tuple[str | None, ...], tuple[SpanStyle, ...]]:
        """The span names and styles of a paragraph style, in one order (made
        once; found by identity, as hashing a style's ten fields for every
        paragraph was a cost of its own)."""
        held = self.span_lists.get(id(style))
        if held is None or held[0] is not style:    # (the style is kept: its id stays its own)
            m = self.spans(style)
            held = self.span_lists[id(style)] = (style, tuple(m),
                                                  self.shape_cache.span_tuple(tuple(m.values())))
        return held[1], held[2]

    def line_positions(self, atoms: list[Atom], gaps: list[Gap], line: Line
                       ) -> list[tuple[float, float]]:
        """line_positions, kept in the shape cache's memo from one build to the
        next (a watch build draws every line again; its positions were a
        quarter of drawing one). Keyed by the line and the very atom and gap
        lists it is set from (the entry holds them: their ids stay theirs);
        the list returned is shared: read it, never change it."""
        memo = self.shape_cache.positions
        key = (id(atoms), id(gaps), line)
        held = memo.get(key)
        if held is None or held[0] is not atoms or held[1] is not gaps:
            held = memo[key] = [atoms, gaps, line_positions(atoms, gaps, line), 0]
        held[3] = self.shape_cache.saves        # (used since the last save: kept)
        return held[2]

    def spans(self, style: Style) -> dict[str | None, SpanStyle]:
        """The span styles (base and inline) of a paragraph style, made once."""
        held = self.span_cache.get(style)
        if held is None:
            held = self.span_cache[style] = self._spans(style)
        return held

    def _spans(self, style: Style) -> dict[str | None, SpanStyle]:
        base = SpanStyle(style.font, style.size, style.color)
        out: dict[str | None, SpanStyle] = {None: base}
        for name, spec in self.inline.items():
            size = style.size
            if spec.get("size"):      # e.g. "1.2em" (of the paragraph's size) or "12pt"
                from ..source.layout import to_points
                size = to_points(spec["size"], style.size)
            out[name] = SpanStyle(spec.get("font", style.font), size,
                                  spec.get("color", style.color))
        return out


@dataclass(frozen=True)
class LineRecord:
    """Where a line was drawn (page coordinates), for checks on the built PDF."""

    page: int
    para: int           # id() of the paragraph (shared by its split pieces)
    index: int          # line number within the paragraph
    count: int          # lines in the whole paragraph
    left: float
    right: float        # the measure's right edge
    baseline: float
    size: float
    justify: bool
    style: str
    text: str
    spaced: bool        # the line ended at a word space (Latin words)
    align: str = "justify"   # the paragraph's alignment (left: set from `left` too)


_PIDS = iter(range(1, 1 << 62))


class Paragraph(Flowable):
    """A paragraph of Chinese (and Latin) text in one layout style."""

    # never split across pages (a heading: its first lines at a page's foot,
    # the rest overleaf, read as two headings); one taller than a page is an
    # error before layout (compose's fit check measures it whole)
    whole = False

    def __init__(self, text: str, style: Style, ctx: TextContext, *,
                 align: str | None = None, indent: float | None = None,
                 space_before: float | None = None, space_after: float | None = None) -> None:
        super().__init__()
        self.style = style
        self.ctx = ctx
        self.align = align or style.align
        self.indent = style.indent if indent is None else indent
        self.spaceBefore = style.space_before if space_before is None else space_before
        self.spaceAfter = style.space_after if space_after is None else space_after
        prep = prepare(text, style, ctx, self.align)
        self.text = prep.text
        self.spans = list(prep.spans)
        for si, chars in prep.chars:
            ctx.claim(prep.spans[si], chars)
        if self.align == "justify" and ctx.hyphenate != "none":
            for run, si in prep.runs:       # (a hyphen it may draw: hyphen.py)
                if may_hyphenate(run):
                    ctx.claim(prep.spans[si], HYPHEN)
        self._runs = prep.runs       # the text as drawn: page references resolved
        self.atoms: list[Atom] = prep.atoms
        self.gaps: list[Gap] = prep.gaps
        self._kept = prep.kept
        self._atoms0, self._gaps0 = self.atoms, self.gaps
        self._widest = prep.widest
        self._urls = prep.urls
        self._refs = prep.refs       # (atom of _atoms0, id) of each page reference
        self.lines: list[Line] = []
        self.lead_rule: tuple[float, Any] | None = None   # (length, colour) before line 1
        self.hidden_tail = ""        # text-layer-only characters after the last line
        self.lead_text = ""          # the text the lead rule stands for (tagged editions)
        self.balance = False         # as style.balance, for this paragraph (breaker.balance)
        self.name_line = False       # its last word (after a space) a name, never broken
        self.role: str | None = "P"  # structure element (None: part of the enclosing one)
        self.pid = next(_PIDS)
        self.mark = ctx.mark          # where the text was written (for warnings)
        self._measure = -1.0
        self._first = 0        # first line shown (after a split)
        self._count: int | None = None

    # -- layout -----------------------------------------------------------------
    def _break(self, width: float) -> None:
        if width == self._measure:
            return
        self._measure = width
        # URLs, and words wider than the measure, are split for this measure only
        if self._widest <= width and not self._urls:   # (what split_wide would return)
            self.atoms, self.gaps = self._atoms0, self._gaps0
        else:
            self.atoms, self.gaps = split_wide(self._atoms0, self._gaps0, width, self.spans,
                                               self.ctx.width)
        # keyed by the resolved text: a page reference that changes between
        # passes ("9" → "12") changes the widths, so it must not reuse breaks
        key = (self._runs, self.style, self.align, self.indent, round(width, 3), self._kept,
               self.ctx.hyphenate) + (("balance",) if self.balance else ()) + (
               ("name",) if self.name_line else ())
        cached = self.ctx.break_cache.get(key)
        if isinstance(cached, Hyphenated):
            cut = self._hyphenated()
            if cut is None:
                cached = None
            else:
                self.atoms, self.gaps = cut
        if cached is None or (cached and cached[-1].end != len(self.atoms) - 1):
            t = time.perf_counter()
            cached = self._breaks(width)
            self.ctx.break_time += time.perf_counter() - t
            self.ctx.break_cache[key] = cached
            self.ctx.new_breaks += 1
        self.ctx.used_breaks.add(key)
        if self.ctx.trace is not None:
            self.ctx.trace.breaks.add(key)
        self.lines = cached
        for line in cached:
            if line.relax not in breaker.QUIET:
                self._report(line)

    def _breaks(self, width: float) -> list[Line]:
        """The lines at this measure; a justified paragraph that leaves a
        line it cannot justify, or spaces one beyond breaker.PRETOLERANCE,
        is broken again with its Latin words hyphenated (hyphen.py), taken
        when that leaves fewer unjustified lines or fewer demerits."""
        cap = self.ctx.spacing.punct_shrink_line * self.style.size
        justify = self.align == "justify"
        named = breaker.break_name(self.atoms, self.gaps, width, self.indent, justify, cap
                                   ) if self.name_line else None
        if named is not None and named[2]:
            return named[0]
        lines, gaps = named[:2] if named is not None else (
            break_lines(self.atoms, self.gaps, width, self.indent, justify, cap), self.gaps)
        if (self.style.balance or self.balance) and not justify:
            return balance(self.atoms, gaps, width, lines, self.indent, cap)
        if not justify or not breaker.wants_hyphens(lines):
            return lines
        cut = self._hyphenated()
        if cut is None:
            return lines
        cut_lines = break_lines(cut[0], cut[1], width, self.indent, justify, cap)
        if not breaker.better_hyphenated(lines, self.gaps, cut_lines, cut[1]):
            return lines
        self.atoms, self.gaps = cut
        return Hyphenated(cut_lines)

    def _hyphenated(self) -> tuple[list[Atom], list[Gap]] | None:
        """This measure's atoms with Latin words in pieces at their
        hyphenation points (None: none has one, or hyphenation is off)."""
        ctx = self.ctx
        # (a Chinese paragraph with a line spaced past breaker.PRETOLERANCE
        # asks too: with no word long enough to cut, pyphen is not imported)
        if ctx.hyphenate == "none" or not cuttable(self._atoms0):
            return None
        if ctx.hyphenator is None:
            ctx.hyphenator = Hyphenator(ctx.hyphenate)
        cut = hyphenated(self._atoms0, self._gaps0, self.spans, ctx.width, ctx.hyphenator)
        if cut is not None and (self._urls or max(a.width for a in cut[0]) > self._measure):
            cut = split_wide(cut[0], cut[1], self._measure, self.spans, ctx.width)
        return cut

    def _report(self, line: Line) -> None:
        """Warn about a line that breaks a rule (the breaker found no better)."""
        a, b = self.atoms[line.start], self.atoms[line.end]
        text = "".join(x.text for x in self.atoms[line.start:line.end + 1])
        nxt = self.atoms[min(line.end + 1, len(self.atoms) - 1)]
        what = {breaker.NO_START_BROKEN: f"a line starts with '{nxt.text}'",
                breaker.NO_END_BROKEN: f"a line ends with '{b.text}'",
                breaker.WORD_SPLIT: f"a word is broken after '{b.text}'",
                breaker.TOKEN_SPLIT: f"a token wider than the measure is broken after "
                                     f"'{text[-12:]}'",
                breaker.OVERFLOW: f"'{a.text}' is wider than the measure",
                breaker.INDENT: "the first-line indent is narrowed to fit "
                                f"'{text[:6]}'"}[line.relax]
        self.ctx.warn(self.mark, f"line break: {what} (style {self.style.name}, measure "
                      f"{self._measure / self.style.size:.1f} em)",
                      "no break obeys every rule here; widen the measure or reword")

    @property
    def shown(self) -> list[Line]:
        """The lines this piece shows (all, or a split piece's share)."""
        end = None if self._count is None else self._first + self._count
        return self.lines[self._first:end]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._break(availWidth)
        self.width = availWidth
        self.height = len(self.shown) * self.style.leading
        return availWidth, self.height

    def min_height(self, width: float) -> float:
        """The smallest first piece this paragraph can leave on a page."""
        self._break(width)
        n = len(self.shown)
        return (n if n < 4 or self.whole else 2) * self.style.leading + self.spaceBefore

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.whole:
            return []
        self._break(availWidth)
        n = len(self.shown)
        fit = int((availHeight + 1e-6) // self.style.leading)
        fit = min(fit, n - 2)          # no widow: two lines go on
        if fit < 2:                    # no orphan: two lines stay
            return []
        return [self._piece(self._first, fit, True),
                self._piece(self._first + fit, n - fit, False)]

    def _piece(self, first: int, count: int, head: bool) -> "Paragraph":
        p = object.__new__(Paragraph)
        p.__dict__.update(self.__dict__)
        # a piece is a new flowable to ReportLab: it must not inherit the mark
        # "postponed once already" (then the third page of a long paragraph
        # was "too large for a page")
        p.__dict__.pop("_postponed", None)
        p._first, p._count = first, count
        p.spaceAfter = 0.0 if head else self.spaceAfter
        p.spaceBefore = self.spaceBefore if head else 0.0
        return p

    # -- drawing ----------------------------------------------------------------
    def draw(self) -> None:
        # the pieces of a split paragraph share pid: one element across pages
        lang = own_language(self.text, self.ctx.language) if self.role else ""
        attrs = {"Lang": lang} if lang else {}
        marks = self._line_marks(self.canv, lang)
        if marks is not None and marks.owns_content:
            # (its marked content is begun inside the text object, around its links')
            with tagged(self.canv, self.role, key=self.pid, **attrs):
                self._draw(marks=marks)
        else:
            with marked(self.canv, self.role, key=self.pid, **attrs):
                self._draw(marks=marks)

    def draw_plain(self, canv: Any, x: float, baseline: float) -> None:
        """Draw the first line with its baseline at (x, baseline), as part
        of whatever the caller has open (a running head inside its artifact:
        no marked content of its own)."""
        lead = self.style.leading
        canv.saveState()
        canv.translate(x, baseline - (lead - (lead - self.style.size) / 2
                                      - ASCENT * self.style.size))
        self.canv = canv
        try:
            self._draw(record=False)
        finally:
            del self.canv
            canv.restoreState()

    def _draw(self, record: bool = True, marks: LineMarks | None = None) -> None:
        canv = self.canv
        lead = self.style.leading
        top = self.height
        tx = canv.beginText()          # one text object for the whole paragraph
        if marks is not None:
            marks.code = tx._code
        for k, line in enumerate(self.shown):
            base = top - k * lead - (lead - self.style.size) / 2 - ASCENT * self.style.size
            x0 = self._x0(line)
            if k == 0 and self._first == 0 and self.lead_rule:
                length, color = self.lead_rule
                # on the Han centre, as thick as the face's own dash
                g = self.ctx.run_glyphs(self.spans[0].face, "—", 2)
                with actual_text(canv, self.lead_text):
                    canv.setStrokeColor(color)
                    canv.setLineWidth(g.stroke * self.style.size)
                    mid = base + g.centre * self.style.size
                    canv.line(x0 - 0.4 * self.style.size - length, mid,
                              x0 - 0.4 * self.style.size, mid)
            draw_line(tx, self.ctx, self.atoms, self.gaps, self.spans, line, x0, base, marks)
            if record and self.ctx.line_log is not None:
                self._record(line, k, base)
        if self.hidden_tail and not is_tagged(canv) and (
                self._count is None or self._first + self._count == len(self.lines)):
            self._draw_hidden_tail(tx, top, lead)
        if marks is not None:
            marks.finish()
        canv.drawText(tx)

    def _line_marks(self, canv: Any, lang: str) -> LineMarks | None:
        """The English phrases (hyphen.english_runs: in a tagged edition of a
        CJK report, a paragraph not English as a whole) and the URLs and
        e-mail addresses (linemarks.web_links: in an edition with links;
        not in a paragraph drawn after a rule, whose marked content the
        rule shares) this paragraph draws, or None (most paragraphs: two
        tests on its text, each kept by the text)."""
        ctx = self.ctx
        tagger = tagger_of(canv)
        if tagger is None and is_tagged(canv):
            return None                # (inside an artifact)
        runs = english_runs(self.atoms) if tagger is not None and not lang and \
            has_phrase(self.text, ctx.language) else ()
        # (a reference's page is known once pages are: its link leads to the
        # anchor, whatever its number, so no read of it is traced)
        refs = ref_places(self._refs, self._atoms0, self.atoms) if self._refs else {}
        links = web_links(self.atoms, self.gaps, refs, ctx.pages.get) \
            if ctx.links and not self.lead_rule and (self._refs or may_link(self.text)) else ()
        if not runs and not links:
            return None
        size = self.style.size
        return LineMarks([], runs, links, tagger,
                         lambda rect, link: ctx.link(canv, link.key, rect, url=link.href,
                                                     contents=link.text),
                         ((1 - ASCENT) * size, ASCENT * size))

    def _draw_hidden_tail(self, tx: Any, top: float, lead: float) -> None:
        """Invisible text after the last character: it belongs to the text
        (search, copy, extraction) but is shown by other means (a rule). Each
        character is squeezed to a tenth of an em, right after the last one."""
        line = self.lines[-1]
        k = len(self.shown) - 1
        base = top - k * lead - (lead - self.style.size) / 2 - ASCENT * self.style.size
        x, w = self.ctx.line_positions(self.atoms, self.gaps, line)[-1]
        sp = self.spans[0]
        tx.setFont(self.ctx.psnames[sp.face], sp.size)
        tx.setTextRenderMode(3)
        scale = 10.0 / max(self.ctx.width(sp.face, self.hidden_tail[0]), 0.01)
        tx.setHorizScale(scale)
        tx.setTextOrigin(self._x0(line) + x + w, base)
        tx._textOut(self.hidden_tail)
        tx.setHorizScale(100)
        tx.setTextRenderMode(0)

    def _record(self, line: Line, k: int, base: float) -> None:
        canv = self.canv
        left, y = canv.absolutePosition(self._left(line), base)
        right, _ = canv.absolutePosition(self._left(line) + line.target, base)
        text = "".join(a.text for a in self.atoms[line.start:line.end + 1])
        nxt = line.end + 1
        if nxt < len(self.atoms) and is_soft(self.gaps[line.end]):
            text += HYPHEN
        spaced = nxt < len(self.atoms) and self.atoms[line.end].kind == LATIN and \
            self.atoms[nxt].kind == LATIN and self.gaps[line.end].width > 0
        log = self.ctx.line_log
        assert log is not None
        log.append(LineRecord(
            canv.getPageNumber(), self.pid, self._first + k, len(self.lines), left, right, y,
            self.style.size, self.align == "justify" and line.relax not in breaker.FLUSH,
            self.style.name, text, spaced, self.align))

    def _left(self, line: Line) -> float:
        """The first line's indent (the breaker narrows one that leaves no room)."""
        return max(0.0, self._measure - line.target) if line.start == 0 else 0.0

    def _x0(self, line: Line) -> float:
        x = self._left(line)
        slack = line.target - line.natural
        if self.align == "center" and slack > 0:
            x += slack / 2
        elif self.align == "right" and slack > 0:
            x += slack
        return x


# the characters a second glyph (ALIASES) may stand for: a text without one has none
_SECOND_GLYPHS = re.compile("[" + "".join(sorted(set(ALIASES.values()))) + "]")


def line_text(text: str, style: Style, ctx: TextContext) -> str:
    """A short text as the paragraph engine would set it, for what is drawn
    as a plain string (chart labels, a model's boxes): punctuation
    normalised, figures grouped, an em dash and quotes in English as their
    Latin glyphs (ALIASES, read back as typed). They were drawn as
    typed: 'Scope 1 — direct' with the dash at the Chinese centre,
    '范围二(间接)' in ASCII brackets, where the body sets neither. (Gaps the
    engine adds between atoms are not characters: not here.)"""
    if not text or ("{{" in text):
        return text
    prep = prepare(text, style, ctx, "left")
    if not _SECOND_GLYPHS.search(prep.text) or \
            not any(as_typed(a.text) != a.text for a in prep.atoms):
        return prep.text
    out, i = [], 0
    for a in prep.atoms:        # the typed text, each Latin dash or quote put in
        typed = as_typed(a.text)
        j = prep.text.find(typed, i)
        if j < 0:
            return prep.text
        out += [prep.text[i:j], a.text]
        i = j + len(typed)
    return "".join(out) + prep.text[i:]


@dataclass(frozen=True)
class Prepared:
    """A paragraph's text made ready before any measure: normalised, figures
    grouped, split into runs (page references resolved) and shaped."""

    text: str
    spans: tuple[SpanStyle, ...]
    runs: tuple[tuple[str, int], ...]          # (text, span index)
    chars: tuple[tuple[int, frozenset[str]], ...]   # what each span draws (claimed per build)
    key: Any                                   # its key in the shape cache
    atoms: list[Atom]
    gaps: list[Gap]                            # (listed words made unbreakable)
    kept: tuple[str, ...]                      # the listed words found
    widest: float                              # the widest atom (wider measures split none)
    urls: bool = False                         # it has a URL or e-mail (split at every measure)
    refs: tuple[tuple[int, str], ...] = ()     # (atom, id) of each page reference (linemarks)


def prepare(text: str, style: Style, ctx: TextContext, align: str) -> Prepared:
    """The paragraph's text made ready, from the shape cache's memo when it
    was made already for equal inputs (a watch build makes every paragraph
    again; normalising, parsing and shape look-ups were a third of composing).
    The memo is keyed by everything this reads: the source text, the span
    styles (layout), the text settings; the shape cache it lives in is the one
    for these fonts and spacing. Text with a page reference is made anew (its
    runs depend on the pages of the pass)."""
    names, spans = ctx.span_list(style)
    words = ctx.keep_words if align != "justify" else ()
    if "{{" in text:
        return _prepare(text, names, spans, ctx, words)
    key = (text, spans, names, ctx.normalise, ctx.numbers.get("thousands"),
           ctx.numbers.get("group_from", 5), words)
    cache = ctx.shape_cache
    entry = cache.prepared.get(key)
    if entry is None:
        made = _restored(key, cache) if cache.restored else None
        if made is not None:
            return made
        entry = cache.prepared[key] = [_prepare(text, names, spans, ctx, words), cache.saves]
        cache.made += 1
    else:
        cache.used.add(entry[0].key)     # (the shape stays in the cache)
        entry[1] = cache.saves           # (used since the last save: kept)
    return entry[0]


def _prepare(text: str, names: tuple[str | None, ...], spans: tuple[SpanStyle, ...],
             ctx: TextContext, words: tuple[str, ...]) -> Prepared:
    if ctx.normalise:
        text = normalise(text)[0]
    if ctx.numbers.get("thousands"):
        text = group_figures(text, str(ctx.numbers["thousands"]),
                             int(ctx.numbers.get("group_from", 5)))
    parsed = parse_refs(text, ctx.page_of)
    runs = tuple((t, names.index(s)) for t, s, _ref in parsed)
    chars: dict[int, set[str]] = {}
    for t, si in runs:
        chars.setdefault(si, set()).update(t)
    key = (runs, spans)
    atoms, gaps = ctx.shape_cache.shaped(
        key, lambda: shape(list(runs), list(spans), ctx.width, ctx.spacing,
                           ctx.shape_cache.han, ctx.blank))
    if _SECOND_GLYPHS.search(text):     # an em dash or quotes in English: their Latin glyphs
        for a in atoms:
            if a.text in ALIASES:
                chars.setdefault(a.span, set()).add(a.text)
            elif a.kind == LATIN and LATIN_APOSTROPHE in a.text:
                chars.setdefault(a.span, set()).add(LATIN_APOSTROPHE)
    kept: tuple[str, ...] = ()
    if words:
        gaps, kept = ctx.shape_cache.derive(
            key, ("keep_words", words), lambda: keep_words(atoms, gaps, words))
    return Prepared(text, spans, runs, tuple((si, frozenset(c)) for si, c in chars.items()),
                    key, atoms, gaps, kept, max((a.width for a in atoms), default=float("-inf")),
                    _has_url(text) and any(a.kind == LATIN and is_urlish(a) for a in atoms),
                    ref_atoms(parsed, atoms) if "{{" in text else ())


# The memo kept for the next process (a watch session keeps it in memory):
# per paragraph, its inputs and what _prepare made of them but the shape,
# which the shape cache holds. Plain tuples and strings only (a SpanStyle is
# its three fields), read back only into a shape cache of the same file (the
# same fonts, spacing and shaping code: the atoms a result was made from).
# An entry taken from the memo keeps its saved form (the prepared entry's
# third item), so a save after an edit converts only the paragraphs made anew.
_SAVED = "csrpress-prepared-2"


def saved_prepared(cache: ShapeCache) -> tuple | None:
    """The memo's entries in their saved form (None: no shape cache file):
    {inputs: (text as drawn or None: as typed, runs or None: one run of all
    of it, characters per span, listed words found, gaps they made
    unbreakable, widest atom, URL flag)}."""
    if cache.path is None:
        return None
    plain: dict[int, tuple] = {}      # by id: the names and word lists every key shares

    def strs(items: tuple) -> tuple:
        held = plain.get(id(items))
        if held is None:
            held = plain[id(items)] = tuple(None if t is None else str(t) for t in items)
        return held

    out: dict[tuple, tuple] = {}
    for key, entry in cache.prepared.items():
        text, spans, names, norm, thousands, group_from, words = key
        prep = entry[0]
        shaped = cache.held.get(prep.key)
        if shaped is None:
            continue
        if len(entry) > 2:                               # taken from the memo: as it was
            saved = entry[2]
        else:
            held = tuple(i for i, (a, b) in enumerate(zip(shaped[1], prep.gaps))
                         if a is not b) if prep.kept else ()
            saved = (None if prep.text == text else str(prep.text),
                     None if prep.runs == ((prep.text, 0),) else
                     tuple((str(t), si) for t, si in prep.runs),
                     tuple((si, "".join(sorted(c))) for si, c in prep.chars),
                     strs(prep.kept), held, prep.widest, prep.urls)
        out[(str(text), cache.plain_spans(spans), strs(names), norm,
             None if thousands is None else str(thousands), group_from, strs(words))] = saved
    return (_SAVED, cache.path.name, out)


def restore_prepared(cache: ShapeCache, saved: Any) -> int:
    """Take a saved memo (saved_prepared) as candidates for this cache's
    paragraphs (each checked when taken: _restored); a memo of another form,
    or saved with another shape cache file, is ignored. Returns how many."""
    ok = (isinstance(saved, tuple) and len(saved) == 3 and saved[0] == _SAVED
          and cache.path is not None and saved[1] == cache.path.name
          and isinstance(saved[2], dict))
    cache.restored = saved[2] if ok else {}
    return len(cache.restored)


def _restored(key: tuple, cache: ShapeCache) -> Prepared | None:
    """The paragraph made ready from the saved memo: what _prepare made of
    equal inputs in the last process, with the shape of its runs from this
    shape cache (the same file: see restore_prepared). None when the memo or
    the shape cache does not have it, or the entry is not of the saved form."""
    text, spans, names, norm, thousands, group_from, words = key
    plain_key = (text, cache.plain_spans(spans), names, norm, thousands, group_from, words)
    found = cache.restored.pop(plain_key, None)
    if found is None:
        return None
    try:
        out_text, runs, chars, kept, held, widest, urls = found
        out_text = text if out_text is None else out_text
        runs = ((out_text, 0),) if runs is None else runs
        shaped = cache.held.get((runs, spans))
        if shaped is None or not (isinstance(out_text, str) and isinstance(kept, tuple)
                                  and isinstance(widest, (int, float)) and type(urls) is bool):
            return None
        atoms, gaps = shaped
        if kept:                         # (none found: keep_words returns the shaped gaps)
            gaps = breaker.unbreakable(gaps, held)
        made = Prepared(out_text, spans, runs, tuple((si, frozenset(c)) for si, c in chars),
                        (runs, spans), atoms, gaps, kept, widest, urls)
    except Exception:  # noqa: BLE001 - a damaged entry is no entry
        return None
    cache.used.add(made.key)             # (as shaped() does: the shape stays in the cache)
    cache.prepared[key] = [made, cache.saves, found]
    return made


def _has_url(text: str) -> bool:
    """Whether a text may hold a URL or e-mail address (a quick test before
    the atoms are looked at: most paragraphs have none)."""
    return "@" in text or "/" in text or "www." in text


def keep_words(atoms: list[Atom], gaps: list[Gap], words: tuple[str, ...]
               ) -> tuple[list[Gap], tuple[str, ...]]:
    """The gaps with those inside a listed word made unbreakable (a ragged
    label breaks 人民币 whole, never 人|民币), and the words found. Shaped
    gaps are shared between paragraphs: changed ones are copies."""
    text = "".join(a.text for a in atoms)
    found = tuple(w for w in words if w in text)
    if not found:
        return gaps, ()
    ends, at = [], 0                  # character offset where each atom ends
    for a in atoms:
        at += len(a.text)
        ends.append(at)
    inside: set[int] = set()          # offsets strictly inside a listed word
    for w in found:
        for m in re.finditer(re.escape(w), text):
            inside.update(range(m.start() + 1, m.end()))
    return breaker.unbreakable(gaps, [i for i, end in enumerate(ends[:-1])
                                      if end in inside and gaps[i].breakable]), found


def line_positions(atoms: list[Atom], gaps: list[Gap], line: Line) -> list[tuple[float, float]]:
    """(x, advance) of each atom of a line, justification applied. A line-start
    or line-end mark set half width has the shorter advance (its glyph is drawn
    half an em to the left at a line start: see draw_line)."""
    r = line.ratio
    shares = _shrink_shares(gaps, line) if r < 0 else None
    c = _COMPILED
    return (_positions if c is None else c.positions)(atoms, gaps, line.start, line.end, r,
                                                       shares)


def _positions(atoms: list[Atom], gaps: list[Gap], start: int, end: int, r: float,
               shares: list[float] | None) -> list[tuple[float, float]]:
    """line_positions of atoms start..end, at the ratio r (with the shares
    of its shrink each level gives, on a tight line). (The first and last
    atoms are set apart, so the loop over the others, every character of a
    cold build's lines, asks nothing else.) _drawline.c's positions is this
    function in C: a change here is made there too."""
    a = atoms[start]
    w = a.width + a.start_extra
    if start == end:
        return [(0.0, w + a.end_extra)]
    out: list[tuple[float, float]] = [(0.0, w)]
    add = out.append
    g = gaps[start]
    if shares is not None:
        x = 0.0 + (w + g.width - g.shrink * shares[g.level])
        for i in range(start + 1, end):
            w = atoms[i].width
            add((x, w))
            g = gaps[i]
            x += w + g.width - g.shrink * shares[g.level]
    elif r > 0:
        x = 0.0 + (w + g.width + r * g.stretch)
        for i in range(start + 1, end):
            w = atoms[i].width
            add((x, w))
            g = gaps[i]
            x += w + g.width + r * g.stretch
    else:
        x = 0.0 + (w + g.width + 0.0)
        for i in range(start + 1, end):
            w = atoms[i].width
            add((x, w))
            x += w + gaps[i].width + 0.0
    a = atoms[end]
    add((x, a.width + a.end_extra))
    return out


def _shrink_shares(gaps: list[Gap], line: Line) -> list[float]:
    """The fraction of its shrink each level gives on a tight line: the line
    takes what it needs level by level (Han–Latin gaps, brackets, pause marks,
    stops: shaping.LEVEL_*), evenly within a level, so a line that needs a
    little compresses a little, and its commas stay whole when brackets do."""
    need = line.natural - line.target
    have = [0.0, 0.0, 0.0, 0.0]
    for k in range(line.start, line.end):
        g = gaps[k]
        if g.shrink:
            have[g.level] += g.shrink
    shares = [0.0, 0.0, 0.0, 0.0]
    for level, z in enumerate(have):
        if need <= 1e-9:
            break
        if z > 0.0:
            shares[level] = min(1.0, need / z)
            need -= z * shares[level]
    return shares


def draw_line(tx: Any, ctx: TextContext, atoms: list[Atom], gaps: list[Gap],
              spans: list[SpanStyle], line: Line, x0: float, y: float,
              marks: LineMarks | None = None) -> None:
    """Draw one line into a text object: runs of evenly spaced characters as
    single strings; dash and ellipsis runs glyph by glyph (see marks.py).
    `marks`: the paragraph's English phrases and links (linemarks.py), told
    where the line and each of its strings begin."""
    pos = ctx.line_positions(atoms, gaps, line)
    cur_font: tuple[str, float] | None = None
    cur_color: str | None = None
    start, end = line.start, line.end
    show = getattr(tx, "show", None) or (lambda *a: _show(tx, *a))
    c = _COMPILED
    segments = (_segments(atoms, gaps, pos, start, end) if c is None else
                c.segments(atoms, gaps, pos, start, end, _JOINING, SPACED_SIGNS, LATIN))
    if marks is not None:
        marks.line(pos, start, end, x0, y)
    for i, text, space in segments:
        if marks is not None:
            marks.at(i)
        a = atoms[i]
        sp = spans[a.span]
        x = pos[i - start][0]
        shift = a.dx
        if i == start and a.start_extra:
            shift += a.start_extra    # a line-start opening mark set half width: alone
        if cur_font != (sp.face, sp.size):
            tx.setFont(ctx.psnames[sp.face], sp.size)
            cur_font = (sp.face, sp.size)
        if cur_color != sp.color:
            tx.setFillColor(ctx.color(sp.color))
            cur_color = sp.color
        if a.kind == RUN:
            tx.setCharSpace(space)
            _draw_run(tx, ctx.run_glyphs(sp.face, a.text[0], len(a.text)), a.text,
                      x0 + x, y, sp.size)
        else:
            show(space, x0 + x + shift, y, text)
    if end + 1 < len(atoms) and is_soft(gaps[end]):
        _draw_hyphen(tx, x0 + pos[-1][0] + atoms[end].width, y)
    if marks is not None:
        marks.end_line()


def _show(tx: Any, space: float, x: float, y: float, text: str) -> None:
    """A string at (x, y) with character spacing, in a text object of
    ReportLab's own (pdf.canvas's has this as its show method)."""
    tx.setCharSpace(space)
    tx.setTextOrigin(x, y)
    tx._textOut(text)


def _segments(atoms: list[Atom], gaps: list[Gap], pos: list[tuple[float, float]],
              start: int, end: int) -> list[tuple[int, str, float]]:
    """The strings a line (atoms start..end at positions pos) is drawn as:
    (its first atom, its text, the character spacing it is drawn with).
    A string is one atom, the pieces of a split token (as the token), or
    consecutive plain single characters of one span at an even pitch; a
    word followed by a word space ends with a space. _drawline.c's segments
    is this function in C (it visits every character of a cold build's
    lines): a change here is made there too (tests/text/test_drawline.py)."""
    out: list[tuple[int, str, float]] = []
    i = start
    while i <= end:
        a = atoms[i]
        j = i
        space = 0.0
        if i == start and a.start_extra:
            pass                      # a line-start opening mark set half width: alone
        elif a.kind == LATIN and i < end and joined(gaps[i]):
            while j < end and joined(gaps[j]):
                j += 1                # the pieces of a split token: one string, as the token
        elif a.plain:
            pitch: float | None = None
            span, xj, wj = a.span, pos[i - start][0], a.width   # (where atom j is, its width)
            while j < end:
                b = atoms[j + 1]
                # (_word_space is False at a gap of no width: a Han pair's, most of them)
                if b.span != span or not b.plain or (
                        not gaps[j].width <= 0.0 and _word_space(atoms, gaps, j)):
                    break
                xb = pos[j + 1 - start][0]
                p = xb - xj - wj
                if pitch is not None and abs(p - pitch) > 1e-6:
                    break
                pitch = p
                j += 1
                xj, wj = xb, b.width
            space = pitch or 0.0
        text = a.text if j == i else "".join([b.text for b in atoms[i:j + 1]])
        if j < end and _word_space(atoms, gaps, j):
            text += " "               # (its advance is never used: the next word is placed)
        out.append((i, text, space))
        i = j + 1
    return out


def _word_space(atoms: list[Atom], gaps: list[Gap], j: int) -> bool:
    """Whether the gap after atom j is a space between two Latin words: drawn
    as a space glyph after the word. Words placed apart with no space between
    them left the text layer to guess where one ends: pdfium read a justified
    line's "manager rigour" as "managerrigour". (A gap between Han and Latin
    is spacing, not a character: clreq; a line's last gap is its break.)"""
    g = gaps[j]
    if g.width <= 0.0 or joined(g):
        return False
    a, b = atoms[j], atoms[j + 1]
    if a.kind == LATIN and b.kind == LATIN:
        return True
    # a sign spaced as typed between words ("metrics & targets"): its spaces too
    return (a.kind == LATIN and b.text in SPACED_SIGNS) or (a.text in SPACED_SIGNS and b.kind == LATIN)


def _draw_hyphen(tx: Any, x: float, y: float) -> None:
    """The hyphen of a line that ends inside a word (in the line's last
    font and colour), read as a soft hyphen: the text layer keeps the word whole."""
    tx.setCharSpace(0)
    tx.setTextOrigin(x, y)
    with text_span(tx, SOFT):
        tx._textOut(HYPHEN)


def _draw_run(tx: Any, g: RunGlyphs, text: str, x: float, y: float, size: float) -> None:
    """A dash or ellipsis run, each glyph placed explicitly (no cursor advance);
    dashes are stretched to join into one rule."""
    tx.setHorizScale(100.0 * g.scale)
    for ch, dx in zip(text, g.origins):
        tx.setTextOrigin(x + dx * size, y)
        tx._textOut(ch)
    tx.setHorizScale(100)


_JOINING = joining_gaps()
# the compiled _segments and _positions (_drawline.c; see compiled.module), or None
_COMPILED = compiled.module("text._drawline")
