"""Turn styled runs into atoms and gaps with widths, ready for breaking.

Applies the spacing rules: Han–Latin gap (¼ em, inserted; typed spaces there
are dropped), adjacent punctuation compression (a pair within 1.5 em), half
width for punctuation at a line end (layout text.punct_end_compress) and for
an opening mark at a line start (text.punct_start_compress), the shrink of
mid-line punctuation with the order a tight line takes it (Gap.level), and
the break prohibitions.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterator

from ..assets.fonts import LATIN_APOSTROPHE, LATIN_EM_DASH, LATIN_QUOTES
from .. import compiled
from .atoms import (_CLASS, _JOINS, ASCII_NO_END, ASCII_NO_START, BLANK_LEFT, BLANK_RIGHT, HAN,
                    LATIN, NO_END, NO_START, PREFIXES, PUNCT, lb_class, pair_breakable, QUOTES,
                    RUN, STOP, Atom, Gap, classify, clusters, tokens)


@dataclass(frozen=True)
class SpanStyle:
    """What a run is set in: face name, size, colour name."""

    face: str
    size: float
    color: str


@dataclass(frozen=True)
class Spacing:
    """Inter-character spacing rules, in em (from layout: text)."""

    han_latin: float = 0.25
    han_latin_min: float = 0.125
    stretch: float = 0.25
    end_compress: bool = True
    punct_shrink: float = 0.0     # mid-line: a mark's blank half may shrink this much (em)
    punct_shrink_line: float = 1.0   # … all the mid-line marks of a line together (em)
    start_compress: bool = True   # an opening mark starting a line is set half width


# Which shrink a tight line takes first (Gap.level), clreq/JLREQ order: the
# Han–Latin gaps and word spaces (0), then the blank half outside brackets and
# quotes (1), then after pause marks 、，；： (2), last after sentence stops
# 。！？ (3), whose space marks where a sentence ends. Adjacent pairs and
# line-end marks are set half width before any of these (shape).
LEVEL_BRACKET, LEVEL_PAUSE, LEVEL_STOP = 1, 2, 3
_STOPS = set("。！？．")


Width = Callable[[str, str], float]   # (face, char) -> advance in em
# (face, mark) -> whether the mark's blank half is where its class puts it
# (after a closing or stop mark, before an opening one) in that face
Blank = Callable[[str, str], bool]
COMPRESSIBLE = BLANK_RIGHT | BLANK_LEFT
# a mark's ink may reach this far past the middle of its advance into the
# half said to be blank (Noto CJK SC's ，。 end at ~0.3 em, its brackets' ink
# starts at ~0.6 em)
INK_CLEAR = 0.05


def blank_half(ch: str, box: tuple[float, float, float, float] | None, advance: float) -> bool:
    """Whether a compressible mark's ink leaves the half its class says is blank
    (right of a closing or stop mark, left of an opening one), from its ink box
    (em) and advance. Fonts for Traditional Chinese (Noto CJK TC, HK) centre
    、，。：；！？ on the em, as Taiwan and Hong Kong set them (clreq 3.1.7):
    half of such a mark is ink, and setting it half width at a line end, in a
    pair (。」) or in a tight line draws it into its neighbour. Unknown ink
    (a font without the glyph) is taken as the class says."""
    if box is None or advance <= 0 or box[2] <= box[0]:
        return True
    if ch in BLANK_RIGHT:
        return box[2] <= advance * (0.5 + INK_CLEAR)
    return box[0] >= advance * (0.5 - INK_CLEAR)


def _always(_face: str, _ch: str) -> bool:
    return True


def shape(runs: list[tuple[str, int]], spans: list[SpanStyle], width: Width,
          spacing: Spacing, han: dict[tuple[str, float, int], dict[str, Atom]] | None = None,
          blank: Blank = _always) -> tuple[list[Atom], list[Gap]]:
    """Atoms and the gaps after each of them (the last gap is unused).

    ``blank``: whether a mark has the blank half its class says in a face
    (blank_half); a mark whose ink is centred is never set half width.

    ``han``: the atoms of single Han characters made so far, by (face, size,
    span) and character, for the same widths (a shape cache's: its fonts):
    such an atom is never changed after shaping, so paragraphs share them
    (as a loaded shape cache does), and most of a paragraph's atoms are
    found, not made (making ~43,000 was a third of shaping the report)."""
    if han is None:
        han = {}
    # the two loops over every atom: in C when built (_shaping.c), else here
    c = _COMPILED
    atoms, before, ideo, han_runs, marks = \
        (_atoms if c is None else c.atoms)(runs, spans, width, spacing, han, blank)
    if marks:
        marks = _latin_quotes(atoms, marks, spans, width)
    _compress_pairs(atoms, marks, spans, spacing, blank)
    signs = _signs_between_words(atoms, marks)
    stops = _latin_stops(atoms, marks)
    gaps = (_gaps if c is None else c.gaps)(atoms, before, ideo, han_runs, signs, stops,
                                            spans, width, spacing)
    gaps.append(Gap(breakable=True))
    _latin_dashes(atoms, signs, spans, width)    # (their breaks are the em dash's)
    if spacing.punct_shrink > 0:
        _punct_shrink(atoms, marks, gaps, spans, spacing.punct_shrink, blank)
    return atoms, gaps


Made = tuple[list[Atom], list[str], list[bool], list[tuple[int, int, int]], list[int]]


def _atoms(runs: list[tuple[str, int]], spans: list[SpanStyle], width: Width,
           spacing: Spacing, han: dict[tuple[str, float, int], dict[str, Atom]],
           blank: Blank) -> Made:
    """The atoms of the runs (shape), and for each what was typed before it
    ("", " " or a no-break space), whether it is an ideograph of a Han run
    (Han–Han gaps need no rules), the Han runs of more than one character
    (first atom, atoms, span) and the punctuation atoms' indexes, ascending.
    _shaping.c's atoms is this function in C (a cold build makes ~43,000
    atoms here): a change here is made there too (tests/text/test_shapefit.py)."""
    atoms: list[Atom] = []
    before: list[str] = []
    ideo: list[bool] = []
    pending = ""
    quotes = {'"': False, "'": False}   # ASCII quote open?
    han_runs: list[tuple[int, int, int]] = []
    # the punctuation atoms' indexes, ascending: the passes below that act on
    # punctuation only visit these (a kind is never changed once made), not
    # every Han character of the paragraph (four passes over ~43,000 atoms
    # were a quarter of shaping the report)
    marks: list[int] = []
    for text, si in runs:
        sp = spans[si]
        for kind, tok in tokens(text):
            if kind == "space":
                pending = " "      # (a space after a no-break space still breaks)
                continue
            if kind == "glue":
                pending = tok[0]
                continue
            if kind == "han":          # the common case, kept tight
                face, size = sp.face, sp.size
                chars = clusters(tok)
                # (positional: the fields in Atom's order, plain = one character)
                if len(chars) == len(tok):     # one character each (no joiners)
                    made = han.get((face, size, si))
                    if made is None:
                        made = han[(face, size, si)] = {}
                    get = made.get
                    for ch in chars:
                        a = get(ch)
                        if a is None:
                            a = made[ch] = Atom(ch, si, HAN, width(face, ch) * size, 0.0, 0.0,
                                                False, False, True)
                        atoms.append(a)
                else:
                    atoms += _cluster_atoms(chars, si, face, size, width)
                before.append(pending)
                before += [""] * (len(chars) - 1)
                ideo += [True] * len(chars)
                if len(chars) > 1:
                    han_runs.append((len(atoms) - len(chars), len(chars), si))
                pending = ""
                continue
            atom = _other(kind, tok, si, sp, width, spacing, blank, quotes, pending)
            if atom.kind == PUNCT:
                marks.append(len(atoms))
            atoms.append(atom)
            before.append(pending)
            ideo.append(False)
            pending = ""
    return atoms, before, ideo, han_runs, marks


def _cluster_atoms(chars: list[str], si: int, face: str, size: float, width: Width
                   ) -> list[Atom]:
    """The atoms of a Han run's characters, some with marks or joiners of
    their own (rare: _shaping.c calls this)."""
    return [Atom(ch, si, HAN, (width(face, ch) if len(ch) == 1 else
                               sum(width(face, c) for c in ch)) * size,
                 0.0, 0.0, False, False, len(ch) == 1) for ch in chars]


def _other(kind: str, tok: str, si: int, sp: SpanStyle, width: Width, spacing: Spacing,
           blank: Blank, quotes: dict[str, bool], typed: str) -> Atom:
    """The atom of a token that is not Han text, a space or a no-break space;
    a compressible mark is set half width at a line's end or start
    (_shaping.c calls this but for a single character, kind "ch", which it
    makes as _atom and this do)."""
    if kind == "quote":
        atom = _quote(tok, si, sp, width, quotes, typed)
    else:
        atom = _atom(kind, tok, si, sp, width)
    if atom.kind != PUNCT or atom.text not in COMPRESSIBLE or \
            not blank(sp.face, atom.text):
        pass                    # (a centred mark keeps its full width everywhere)
    elif spacing.end_compress and atom.text in BLANK_RIGHT:
        # clreq/JIS (as Typst): a closing or stop mark ending a line is set
        # half width, its ink at the measure (nothing hangs past it)
        atom.end_extra = -0.5 * sp.size
    elif spacing.start_compress and atom.text in BLANK_LEFT:
        # clreq (as Typst): an opening mark starting a line is set half
        # width, its ink at the line's edge, not half an em inside it
        atom.start_extra = -0.5 * sp.size
    return atom


def _gaps(atoms: list[Atom], before: list[str], ideo: list[bool],
          han_runs: list[tuple[int, int, int]], signs: set[int], stops: set[int],
          spans: list[SpanStyle], width: Width, spacing: Spacing) -> list[Gap]:
    """The gap after each atom but the last (shape; _atoms says what its
    arguments are). _shaping.c's gaps is this function (with _gap and
    _han_latin) in C: a change here is made there too."""
    plain_gaps: dict[float, Gap] = {}   # Han–Han gaps are all alike: share them
    by_spans: dict[tuple[int, int], Gap] = {}   # … found by the two atoms' spans

    def han_gap(x: int, y: int) -> Gap:
        g = by_spans.get((x, y))
        if g is None:
            size = max(spans[x].size, spans[y].size)
            g = plain_gaps.get(size)
            if g is None:
                g = plain_gaps[size] = Gap(0.0, spacing.stretch * size, 0.0, True)
            by_spans[(x, y)] = g
        return g

    # the gaps inside a Han run are all one (set by slices); those between
    # runs and other atoms are found one by one
    gaps: list[Gap] = [None] * (len(atoms) - 1)   # type: ignore[list-item]
    at = 0
    for first, count, si in han_runs + [(len(atoms) - 1, 1, 0)]:
        for i in range(at, first):
            a, b, typed = atoms[i], atoms[i + 1], before[i + 1]
            if ideo[i] and ideo[i + 1] and not typed:
                gaps[i] = han_gap(a.span, b.span)
            elif i in stops:
                gaps[i] = _han_latin(a, b, spans, spacing, breakable=True)
            else:
                gaps[i] = _gap(a, b, typed, spans, width, spacing,
                               i in signs or i + 1 in signs)
        at = first + count - 1
        if count > 1:
            gaps[first:at] = [han_gap(si, si)] * (count - 1)
    return gaps


def _punct_shrink(atoms: list[Atom], marks: list[int], gaps: list[Gap],
                  spans: list[SpanStyle], amount: float, blank: Blank = _always) -> None:
    """clreq/JIS: a tight line first compresses the blank half of its punctuation
    (after a closing or stop mark, before an opening one), then stretches. The
    shrink sits in the gap on the blank side, so a mark at a line's edge keeps
    it; its level says in which order a line takes it (LEVEL_*: a line that
    needs a little compresses its brackets, not every comma). ``marks``: the
    indexes of the punctuation atoms, ascending (shape)."""
    for i in marks:
        a = atoms[i]
        if not a.plain:
            continue              # already compressed as one of a pair
        if a.text in COMPRESSIBLE and not blank(spans[a.span].face, a.text):
            continue              # its ink centred: no blank half to take
        if a.text in BLANK_RIGHT and i < len(atoms) - 1:
            level = LEVEL_STOP if a.text in _STOPS else \
                LEVEL_PAUSE if a.text in STOP else LEVEL_BRACKET
            gaps[i] = _more_shrink(gaps[i], amount * spans[a.span].size, level)
        elif a.text in BLANK_LEFT and i > 0 and not a.dx and \
                (atoms[i - 1].kind != PUNCT or not atoms[i - 1].plain):
            # (after a mark set half width as one of a pair, 。（: the pair's
            # 1.5 em keeps this blank half, which a tight line may take too;
            # a sentence's end is last to give it up)
            before = atoms[i - 1].text if atoms[i - 1].kind == PUNCT else ""
            level = LEVEL_STOP if before in _STOPS else LEVEL_PAUSE if before in STOP \
                else LEVEL_BRACKET
            gaps[i - 1] = _more_shrink(gaps[i - 1], amount * spans[a.span].size, level)


def _more_shrink(g: Gap, amount: float, level: int) -> Gap:
    """A copy of a gap (shared ones are never changed) that shrinks more, at a level."""
    return Gap(g.width, g.stretch, g.shrink + amount, g.breakable, g.penalty, g.split,
               max(g.level, level))


def _quote(ch: str, si: int, sp: SpanStyle, width: Width, state: dict[str, bool],
           typed: str) -> Atom:
    """An ASCII quote: opening (never ends a line) or closing (never starts one),
    alternating within the paragraph, as typed pairs are."""
    opening = not state[ch]
    state[ch] = opening
    return Atom(ch, si, PUNCT, width(sp.face, ch) * sp.size, no_start=not opening,
                no_end=opening, plain=True)


def _atom(kind: str, tok: str, si: int, sp: SpanStyle, width: Width) -> Atom:
    size = sp.size
    if kind in ("latin", "word"):
        if kind == "latin" and "’" in tok:      # (Group’s: its apostrophe at Latin width)
            tok = tok.replace("’", LATIN_APOSTROPHE)
        w = sum(width(sp.face, c) for c in tok) * size
        return Atom(tok, si, LATIN if kind == "latin" else HAN, w,
                    no_start=tok[0] in ASCII_NO_START)
    if kind == "run":
        # —— and …… are set one em per character and never split
        return Atom(tok, si, RUN, len(tok) * size, no_start=True)
    if kind == "ideo":
        # U+3000 is one em wide; a line may break after it, not before (UAX #14 BA)
        return Atom(tok, si, HAN, size, no_start=True, plain=True)
    ch = tok
    cls = classify(ch)
    if cls == HAN:
        return Atom(ch, si, HAN, width(sp.face, ch) * size, plain=True,
                    no_start=ch in NO_START, no_end=ch in PREFIXES)
    a = Atom(ch, si, PUNCT, width(sp.face, ch) * size,
             no_start=ch in NO_START or ch in ASCII_NO_START,
             no_end=ch in NO_END or ch in ASCII_NO_END, plain=True)
    return a


def _compress_pairs(atoms: list[Atom], marks: list[int], spans: list[SpanStyle],
                    spacing: Spacing, blank: Blank = _always) -> None:
    """Adjacent full-width punctuation: the pair takes at most 1.5 em (a mark
    whose ink is centred keeps its em: 。」 in Traditional Chinese).
    ``marks``: the indexes of the punctuation atoms, ascending (shape)."""
    last = len(atoms) - 1
    for i in marks:
        if i >= last:
            break
        a, b = atoms[i], atoms[i + 1]
        if b.kind != PUNCT:
            continue
        if a.text in BLANK_RIGHT and (b.text in BLANK_RIGHT or b.text in BLANK_LEFT) \
                and a.plain and blank(spans[a.span].face, a.text):
            half = 0.5 * spans[a.span].size
            a.width -= half
            # at a line end: half width already, or full again (pair split by a break)
            a.end_extra = 0.0 if spacing.end_compress else half
            a.plain = False
        elif a.text in BLANK_LEFT and b.text in BLANK_LEFT and not b.dx \
                and blank(spans[b.span].face, b.text):
            half = 0.5 * spans[b.span].size
            b.width -= half
            b.dx = -half
            b.start_extra = 0.0   # its blank half is gone already
            b.plain = False


_WORD_END = set(",.;:!?)]}%\"'")      # typed Latin punctuation a word space may follow
_LATIN_OPEN = set("([{\"'")
_LATIN_CLOSE = set(")]}")
_LATIN_PUNCT = _WORD_END | _LATIN_OPEN
# signs of Western text a typed space keeps apart from a word ("metrics & targets",
# "year-on-year — the", "2019 – 2025", "a + b"): not Han, not CJK punctuation
SPACED_SIGNS = set("&+=<>*/|\\~^@#—–−×" + LATIN_EM_DASH)


def _edge(a: Atom, k: int) -> str:
    """The line-break class at an atom's start (k=0) or end (k=-1)."""
    if a.text in QUOTES:       # paired ASCII quotes: opening or closing (clreq tailoring)
        return "OP" if a.no_end else "CL"
    return lb_class(a.text[k])


def _symbol(a: Atom) -> bool:
    """A sign of Western text set as its own atom (°, ≥, ×, →, ①, Ⅱ, ™): not a
    Han character, though the atoms count it as one (it breaks like one)."""
    return a.kind == HAN and len(a.text) == 1 and ord(a.text) < 0x2E80


def _between(marks: list[int], n: int) -> Iterator[int]:
    """The marks (ascending atom indexes) with an atom on each side."""
    for i in marks:
        if i < 1:
            continue
        if i >= n - 1:
            break
        yield i


def _signs_between_words(atoms: list[Atom], marks: list[int]) -> set[int]:
    """The atoms that are a sign of Western text (SPACED_SIGNS) with a word
    on each side ("metrics & targets", "year-on-year — the", "1 + 2"): a space
    typed beside such a sign is a word space. Beside Han ("大数据+ AI") it is
    not: Chinese sets no space there, typed or not. ``marks``: the indexes of
    the punctuation atoms, ascending (shape)."""
    out: set[int] = set()
    for i in _between(marks, len(atoms)):
        a = atoms[i]
        if a.text in SPACED_SIGNS:
            p, n = atoms[i - 1], atoms[i + 1]
            if (p.kind == LATIN or p.text in _WORD_END) and \
                    (n.kind == LATIN or n.text in _LATIN_OPEN):
                out.add(i)
    return out


def _latin_stops(atoms: list[Atom], marks: list[int]) -> set[int]:
    """The full stops that end an English sentence before Han ("grew by a
    quarter.我们"): the Han–Latin gap goes after the stop, as after the word
    (the Han was set hard against it). Only a stop after a word with a
    letter: '1.概述' numbers a heading, and '!' or '?' may end a name
    ('UP!青年力'). ``marks``: the indexes of the punctuation atoms, ascending
    (shape)."""
    out: set[int] = set()
    for i in _between(marks, len(atoms)):
        a = atoms[i]
        if a.text == "." and atoms[i - 1].kind == LATIN and \
                atoms[i + 1].kind == HAN and not _symbol(atoms[i + 1]) and \
                any(c.isalpha() for c in atoms[i - 1].text):
            out.add(i)
    return out


def _han_latin(a: Atom, b: Atom, spans: list[SpanStyle], sp: Spacing,
               breakable: bool) -> Gap:
    """The gap between Han and Latin text: a quarter em (clreq), shrinking to
    han_latin_min; typed spaces are normalised away."""
    size = max(spans[a.span].size, spans[b.span].size)
    return Gap(sp.han_latin * size, sp.stretch * size,
               (sp.han_latin - sp.han_latin_min) * size, breakable, 50.0)


_CURLY = {base: alias for alias, base in LATIN_QUOTES.items()}
_OPENING = frozenset("“‘")


def _latin_quotes(atoms: list[Atom], marks: list[int],
                  spans: list[SpanStyle], width: Width) -> list[int]:
    """Curly quotes in English set as Latin marks (LATIN_QUOTES: proportional,
    kind LATIN, an opening one never ending a line, a closing one never
    starting one), where a CJK font would set them full width ("the “Group” "
    an em around each, "Group’ s"); the punctuation atoms' indexes left.
    English: every quote of a paragraph without Han; in one with Han, a pair
    (or a lone quote) with Latin text at its inner edges and Latin text
    outside it on one side at least. Chinese text keeps its quotes full
    width, around a Latin word too (所谓“ESG”理念, 。“Water is life.”). (An
    apostrophe inside a word is the word's: _atom.)"""
    found = [i for i in marks if atoms[i].text in _CURLY]
    if not found:
        return marks
    if any(x.kind == HAN and not _symbol(x) for x in atoms):
        latin = _english_quotes(atoms, found)
    else:
        latin = set(found)
    for i in latin:
        a = atoms[i]
        sp, alias = spans[a.span], _CURLY[a.text]
        opening = a.text in _OPENING
        atoms[i] = Atom(alias, a.span, LATIN, width(sp.face, alias) * sp.size,
                        no_start=not opening, no_end=opening)
    return [i for i in marks if i not in latin] if latin else marks


def _english_quotes(atoms: list[Atom], found: list[int]) -> set[int]:
    """Which quotes of a paragraph with Han are English (_latin_quotes): a
    pair is decided as one, so its marks never differ."""
    latin: set[int] = set()
    open_at: dict[str, list[int]] = {"“": [], "‘": []}
    pairs: list[tuple[int, ...]] = []
    for i in found:
        ch = atoms[i].text
        if ch in _OPENING:
            open_at[ch].append(i)
        else:
            held = open_at["“" if ch == "”" else "‘"]
            pairs.append((held.pop(), i) if held else (i,))
    pairs += [(i,) for held in open_at.values() for i in held]
    for pair in pairs:
        inner = all(_latinish(atoms, i + 1 if atoms[i].text in _OPENING else i - 1)
                    for i in pair)
        if inner and any(_latin_outside(atoms, i) for i in pair):
            latin.update(pair)
    return latin


def _latinish(atoms: list[Atom], i: int) -> bool:
    """Is atom i a Latin word or a Latin mark (ASCII punctuation)?"""
    if not 0 <= i < len(atoms):
        return False
    a = atoms[i]
    return a.kind == LATIN or (a.kind == PUNCT and a.text.isascii())


def _latin_outside(atoms: list[Atom], i: int) -> bool:
    """Outside quote i: Latin text (a space typed beside a quote in Chinese
    text proves nothing: 捐赠“N95” 口罩 is typed so, and set without it)."""
    return _latinish(atoms, i - 1 if atoms[i].text in _OPENING else i + 1)


def _latin_dashes(atoms: list[Atom], signs: set[int], spans: list[SpanStyle],
                  width: Width) -> None:
    """An em dash between English words is drawn with the font's own glyph, at
    Latin height (LATIN_EM_DASH, read as U+2014): the glyph every other em dash
    takes is raised to the ideographs' centre, as Chinese sets it, and stood
    above the words' middle ("year-on-year — the"). Between English words: a
    word with a letter on one side at least ("2019—2020" in a Chinese
    paragraph stays Chinese), or any word in a paragraph with no Han at all."""
    han = None
    for i in sorted(signs):
        a = atoms[i]
        if a.text != "—":
            continue
        if not any(c.isalpha() for c in atoms[i - 1].text + atoms[i + 1].text):
            if han is None:
                han = any(x.kind == HAN and not _symbol(x) for x in atoms)
            if han:
                continue
        sp = spans[a.span]
        a.text, a.width = LATIN_EM_DASH, width(sp.face, LATIN_EM_DASH) * sp.size


# a figure is not broken from the measure word after it: '例如 2025' / '年、ESG
# 报告', '捐赠 1' / '亿元' read as a figure standing alone at a line's end
FIGURE_UNITS = frozenset("年月日时分秒万亿元")


def _gap(a: Atom, b: Atom, typed: str, spans: list[SpanStyle], width: Width,
         sp: Spacing, sign: bool = False) -> Gap:
    size = max(spans[a.span].size, spans[b.span].size)
    glue = typed not in ("", " ")
    breakable = not (b.no_start or a.no_end or glue) and \
        pair_breakable(_edge(a, -1), _edge(b, 0), bool(typed)) and \
        not (a.kind == LATIN and b.kind == HAN and a.text[-1:] in "0123456789" and
             b.text in FIGURE_UNITS)
    if glue:                            # a no-break space: the font's space, never a break
        w = width(spans[a.span].face, " ") * spans[a.span].size
        return Gap(w, 0.0, 0.0, False)
    if _symbol(a) or _symbol(b):
        # a sign set with Latin text (°C, ≥95%, ±1, ①): no Han–Latin gap; a typed
        # space is a word space, and no justification opens one against a word
        if typed:
            w = width(spans[a.span].face, " ") * spans[a.span].size
            return Gap(w, sp.stretch * size, w * 0.3, breakable)
        latin = a.kind == LATIN or b.kind == LATIN or (_symbol(a) and _symbol(b))
        return Gap(0.0, 0.0 if latin else sp.stretch * size, 0.0, breakable)
    if not typed and ((a.kind == HAN and b.kind == LATIN and b.text[0] == "/") or
                      (a.kind == LATIN and a.text[-1] == "/" and b.kind == HAN)):
        # a unit's slash typed against Han binds its two sides (tCO₂e/百万元,
        # 万元/tCO₂e): set close as the Han on either side, no Han–Latin quarter
        # em beside it ('tCO₂e/ 百万元' read as a unit and a stray word); a
        # space typed there (a folder: 'content/ 中') keeps the quarter em
        return Gap(0.0, sp.stretch * size, 0.0, breakable)
    if (a.kind == HAN and (b.kind == LATIN or b.text in _LATIN_OPEN - QUOTES)) or \
            ((a.kind == LATIN or a.text in _LATIN_CLOSE) and b.kind == HAN):
        # Han–Latin (and a Latin bracket): a quarter em, typed spaces normalised away
        return _han_latin(a, b, spans, sp, breakable)
    # (a sign between two words, spaced as typed: its spaces are word spaces;
    # they were dropped: "metrics&targets", "Chinese—a stress test")
    latin_pair = sign or ((a.kind == LATIN or a.text in _WORD_END) and
                          (b.kind == LATIN or b.text in _LATIN_OPEN))
    if typed and (latin_pair or (a.kind != PUNCT and b.kind != PUNCT)):
        # a typed space between two words (Latin–Latin, or a name after a title)
        w = width(spans[a.span].face, " ") * spans[a.span].size if latin_pair else 0.5 * size
        return Gap(w, sp.stretch * size, w * 0.3, breakable)
    if a.kind == LATIN and b.kind == LATIN:
        return Gap(0.0, 0.0, 0.0, False)   # e.g. a word split by markup
    if not typed and ((a.kind == LATIN and b.text in _WORD_END) or
                      (a.text in _LATIN_OPEN and b.kind == LATIN) or
                      (a.text in _LATIN_PUNCT and b.text in _LATIN_PUNCT)):
        # a word and the Latin punctuation typed against it ("diligence," "(ESG"),
        # or two such marks ("16),", ".)"): a justified line stretches at the
        # spaces, never between these two
        return Gap(0.0, 0.0, 0.0, breakable)
    return Gap(0.0, sp.stretch * size, 0.0, breakable)


def _compiled():  # type: ignore[no-untyped-def]
    """The compiled _atoms and _gaps (_shaping.c; see compiled.module), or
    None. It is given what it reads of this module once: the atom and gap
    types, the token and cluster functions and the Python it calls for the
    rarer tokens (_other, _cluster_atoms), the sets _gap tests, and the
    line-break classes with pair_breakable's answer for every pair of them
    (so the rule itself stays here, in atoms.py)."""
    found = compiled.module("text._shaping")
    if found is None:
        return None
    names = sorted(set(_CLASS.values()) | {"NU", "ID", "AL", "OP", "CL"})
    index = {n: k for k, n in enumerate(names)}
    table = bytes(pair_breakable(x, y, spaced) for x in names for y in names
                  for spaced in (False, True))
    found.configure(Atom, Gap, tokens, _JOINS.search, clusters, _cluster_atoms, _other,
                    (HAN, PUNCT, LATIN),
                    (QUOTES, _LATIN_OPEN, _LATIN_CLOSE, _WORD_END, _LATIN_PUNCT,
                     _LATIN_OPEN - QUOTES, NO_START, NO_END, ASCII_NO_START, ASCII_NO_END,
                     PREFIXES, COMPRESSIBLE, BLANK_RIGHT, BLANK_LEFT, FIGURE_UNITS),
                    {ch: index[c] for ch, c in _CLASS.items()},
                    (index["NU"], index["ID"], index["AL"], index["OP"], index["CL"]),
                    len(names), table)
    return found


_COMPILED = _compiled()
