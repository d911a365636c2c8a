"""Hyphenation of Latin words in justified text: TeX's second pass.

A justified paragraph is first broken with its words whole, as Chinese text
is (a break falls between any two Han characters, so Chinese rarely needs
more). Only when that leaves a line it cannot justify — a loose line set
ragged, or a word split as a last resort, which happens with English
sentences in a narrow measure — is the paragraph broken again with its
Latin words cut at their hyphenation points (Liang's patterns, from pyphen's
dictionaries: TeX's US or British English), and that setting is taken when
it leaves fewer such lines. So Chinese paragraphs set as before, and English
ones are justified instead of half ragged.

A word breaks only at a pattern's point with at least two letters before it
and three after (TeX's \\lefthyphenmin and \\righthyphenmin); a compound
is broken only after a hyphen it already has ("Climate-|related"); words of fewer than five letters, words
in capitals (acronyms), words with digits, URLs and e-mail addresses are
never cut. A line ending inside a word shows a hyphen, drawn as text that
reads as a soft hyphen (ActualText U+00AD), so copying or reading the text
aloud gives the word whole.
"""
from __future__ import annotations

import functools
import re
from typing import Callable, Sequence

from .atoms import LATIN, Atom, Gap

HYPHEN = "-"               # drawn at the end of a line broken inside a word
SOFT = "\u00AD"            # what that hyphen reads as (ActualText)
PENALTY = 50.0             # TeX's \hyphenpenalty: a break inside a word costs more
_LEFT, _RIGHT, _SHORTEST = 2, 3, 5
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+")
_LONG = re.compile(r"[A-Za-z\u00C0-\u024F]{5}")

# a break at a hyphenation point (the hyphen is drawn) and after a hyphen
# typed in the word (nothing is added); both are normal breaks, not reported
# (flagged, as TeX's: lines ending in a word break one after another weigh
# breaker.DOUBLE_HYPHEN more, so a paragraph is not set as a ladder of hyphens)
_SOFT_GAP = Gap(0.0, 0.0, 0.0, True, PENALTY, False, flagged=True)
_HARD_GAP = Gap(0.0, 0.0, 0.0, True, PENALTY, False, flagged=True)


def hyphenation(setting: str, language: str) -> str:
    """The patterns layout text.hyphenate names; 'auto': British English
    for a report in en-GB (its BCP 47 language), else American."""
    if setting != "auto":
        return setting
    return "en-GB" if language.lower().startswith("en-gb") else "en-US"


# a character of CJK writing: radicals to Han, kana, Hangul, compatibility
# ideographs, full-width forms, the supplementary ideograph planes
_CJK = re.compile("[\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f"
                  "\uff00-\uffef\U00020000-\U0003ffff]")
_LETTERS = re.compile(r"[A-Za-z]{2}")


@functools.lru_cache(maxsize=8192)
def cjk_document(document: str) -> bool:
    """Whether a report's language (BCP 47) is Chinese, Japanese or Korean."""
    return document.lower().split("-")[0] in ("zh", "ja", "ko")


def own_language(text: str, document: str) -> str:
    """The language a text is tagged with when it is not the document's:
    in a Chinese, Japanese or Korean report, a text of Latin words without
    a CJK character ("Our mission: …", a heading "Scope 3", a table cell
    "GRI 2: General Disclosures 2021") is English, the language the
    engine takes Latin words for (its hyphenation patterns), so that a
    screen reader reads it with an English voice (PDF/UA-1 7.2: a change
    of natural language is declared). '' for text in the document's
    language (a Latin word inside a Chinese sentence stays in it). Asked
    of every paragraph drawn: kept by its text, as may_hyphenate."""
    if not cjk_document(document):
        return ""
    if _LETTERS.search(text) is None or _CJK.search(text) is not None:
        return ""
    return "en"


# an English phrase inside a CJK paragraph: three words or more (of two
# letters or more) with nothing CJK between them
PHRASE_WORDS = 3
_WORD_L = r"[A-Za-z\u00C0-\u024F]"
_PHRASE = re.compile(rf"{_WORD_L}{{2}}(?:[^\u2e80-\U0003ffff]*?(?<!{_WORD_L}){_WORD_L}{{2}}){{2}}")
_WORD_ATOM = re.compile(rf"{_WORD_L}{{2,}}(?:[’'\-.]{_WORD_L}+)*[.,:;!?]?")


@functools.lru_cache(maxsize=8192)
def has_phrase(text: str, document: str) -> bool:
    """Whether a paragraph of a CJK report may hold an English phrase that
    english_runs would tag (a quick test on its text, kept by the text: asked
    of every paragraph the tagged edition draws)."""
    if not cjk_document(document):
        return False
    return _CJK.search(text) is not None and _PHRASE.search(text) is not None


def english_runs(atoms: Sequence[Atom]) -> tuple[tuple[int, int], ...]:
    """The English phrases inside a paragraph of a CJK report, as (first,
    last) atom indices: runs of at least PHRASE_WORDS words with no CJK
    character between them ("“Our ambition is simple: …” 这是…", "English
    note — Scope 2 figures use …"). The tagged edition marks each as a span
    with /Lang (en), so that a screen reader reads it with an English voice
    (PDF/UA-1 7.2, WCAG 3.1.2: a change of natural language is declared;
    own_language tags a paragraph of English alone, this the English inside
    a Chinese one). A word or two (a name, ESG, Investor Day) stays in the
    sentence's language; URLs and e-mail addresses are not words. A run
    begins and ends at a word (a multi-character atom: the line drawing
    starts a string there, so the span's edges fall between strings)."""
    runs: list[tuple[int, int]] = []
    first = last = -1
    count = 0
    for k, a in enumerate(atoms):
        text = a.text
        if _CJK.search(text) is not None:
            if count >= PHRASE_WORDS:
                runs.append((first, last))
            first, count = -1, 0
        elif a.kind == LATIN and _WORD_ATOM.fullmatch(text) is not None:
            if first < 0:
                first = k
            last = k
            count += 1
    if count >= PHRASE_WORDS:
        runs.append((first, last))
    return tuple(runs)


@functools.lru_cache(maxsize=8192)
def may_hyphenate(text: str) -> bool:
    """Whether a text has a word long enough to be hyphenated (so a justified
    paragraph of it may draw a hyphen: its face must hold one). Asked of
    every run of every justified paragraph at each build: the answer is
    kept by the run's text (the same string objects build after build,
    their hash kept), not searched again."""
    return _LONG.search(text) is not None


def cuttable(atoms: Sequence[Atom]) -> bool:
    """Whether a paragraph has a Latin word long enough for hyphenated() to
    cut (one without needs no second pass, nor pyphen imported for it)."""
    return any(a.kind == LATIN and len(a.text) >= _SHORTEST for a in atoms)


def is_soft(g: Gap) -> bool:
    """Whether a line ending at this gap ends inside a word (draws a hyphen)."""
    return g is _SOFT_GAP


def word_gaps() -> tuple[Gap, ...]:
    """The gaps in_word() is true of."""
    return (_SOFT_GAP, _HARD_GAP)


def in_word(g: Gap) -> bool:
    """Whether a gap lies inside a hyphenated word (its pieces on one line are
    drawn as one string, as the word was)."""
    return g is _SOFT_GAP or g is _HARD_GAP


class Hyphenated(list):
    """Lines found with the words hyphenated (how the line-break cache tells
    them from lines of the atoms as shaped)."""


class Hyphenator:
    """One language's patterns; each word's points worked out once."""

    def __init__(self, language: str) -> None:
        import pyphen     # (imported only when a paragraph needs it)

        self._dic = pyphen.Pyphen(lang=language.replace("-", "_"), left=_LEFT, right=_RIGHT)
        self._memo: dict[str, tuple[int, ...]] = {}

    def points(self, word: str) -> tuple[tuple[int, bool], ...]:
        """(offset, soft) where a Latin token may break: soft at a pattern's
        point (a hyphen is drawn), not soft after a typed hyphen."""
        out: list[tuple[int, bool]] = []
        if any(c.isdigit() for c in word):
            return ()
        compound = "-" in word      # (broken only at its own hyphens, as TeX does)
        for m in _WORD.finditer(word):
            part = m.group(0)
            if not compound and len(part) >= _SHORTEST and not part.isupper():
                out += [(m.start() + p, True) for p in self._positions(part)]
            end = m.end()
            if end < len(word) and word[end] == "-" and m.end() - m.start() >= _LEFT:
                nxt = _WORD.match(word, end + 1)
                if nxt is not None and len(nxt.group(0)) >= _RIGHT:
                    out.append((end + 1, False))
        return tuple(sorted(out))

    def _positions(self, part: str) -> tuple[int, ...]:
        got = self._memo.get(part)
        if got is None:
            got = self._memo[part] = tuple(self._dic.positions(part))
        return got


def hyphenated(atoms: list[Atom], gaps: list[Gap], spans: Sequence,
               advance: Callable[[str, str], float], hyph: Hyphenator
               ) -> tuple[list[Atom], list[Gap]] | None:
    """The atoms with each hyphenatable Latin word in pieces at its points
    (None: no word has one). A piece before a soft point is wider by the
    hyphen when it ends a line (Atom.end_extra). Widths are the font's
    advances, as drawn."""
    from .wide import is_urlish

    out_a: list[Atom] = []
    out_g: list[Gap] = []
    cut = False
    for a, g in zip(atoms, gaps):
        pts = hyph.points(a.text) if a.kind == LATIN and len(a.text) >= _SHORTEST \
            and not is_urlish(a) else ()
        if not pts:
            out_a.append(a)
            out_g.append(g)
            continue
        cut = True
        sp = spans[a.span]
        widths = [advance(sp.face, c) * sp.size for c in a.text]
        dash = advance(sp.face, HYPHEN) * sp.size
        starts = [0] + [p for p, _ in pts]
        ends = [p for p, _ in pts] + [len(a.text)]
        for k, (s, e) in enumerate(zip(starts, ends)):
            last = k == len(pts)
            soft = not last and pts[k][1]
            out_a.append(Atom(a.text[s:e], a.span, a.kind, sum(widths[s:e]),
                              end_extra=dash if soft else (a.end_extra if last else 0.0),
                              no_start=a.no_start and k == 0, no_end=a.no_end and last,
                              plain=e - s == 1))
            out_g.append(g if last else (_SOFT_GAP if soft else _HARD_GAP))
    return (out_a, out_g) if cut else None
