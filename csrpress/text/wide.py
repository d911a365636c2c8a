"""Atoms the breaker may break inside: URLs and e-mail addresses at their own
opportunities at every measure, other tokens only when wider than the measure.

A URL or e-mail address (the tokeniser's `url` and `email`, or a domain
with a path typed without its scheme; one Latin atom: UAX #14 and clreq
keep it whole) breaks the way publishing tools break URLs (Chicago Manual of
Style: a line never ends with a mark that reads as a hyphen or a full stop):
after a slash (never inside `//` or `://`), `=` or `&`; before
`. , - _ ? # % ~ @`; never next to another such mark (no line starts or ends
with a stray mark: `/./` and `?=` stay whole) and no hyphen is added. This
is the one tailoring of line breaking that applies to URL-like runs only
(the shaped break opportunities, checked against LineBreakTest, are
unchanged): a paragraph with a long URL then fills its lines instead of
justifying the line before the URL with letter-spaced Han characters. A
break there is a normal break (not reported), at a small penalty.

Any other token wider than the measure (a long number, ID or word; a URL
piece still wider than the measure) breaks after `/ . - ? & = _ @ , ;`
(never between the two slashes of `//`) and, where a stretch between two such
places is still too wide, at any character, at a higher cost: such breaks
are marked `split`, so a line ending inside a token is reported.

Pieces are sized by the font's real advances, so what the breaker measures
is what is drawn; pieces of one token that end up on one line are drawn as
one string (`joined`), as the token was.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from .atoms import LATIN, PUNCT, RUN, Atom, Gap
from .hyphen import in_word, word_gaps

AFTER = frozenset("/.-?&=_@,;")      # a long token may break after these
_SEGMENT = Gap(0.0, 0.0, 0.0, True, 0.0, True)        # between opportunity pieces
_CHAR = Gap(0.0, 0.0, 0.0, True, 1000.0, True)        # anywhere (last resort)
# inside a URL or e-mail address, at one of its own opportunities: a normal
# break (not split), a little dearer than a break between Han characters
URL_PENALTY = 50.0
_URL = Gap(0.0, 0.0, 0.0, True, URL_PENALTY, False)

# the tokeniser's url and email tokens (atoms._TOKEN), and a domain with a
# path typed without its scheme (kuaishou.com/csr/…, a Latin word to the
# tokeniser), told from other Latin words (a model name with inner '.' or
# '-', a version 1.2/3, an @mention) by their form
_URLISH = re.compile(r"(?:https?://|www\.)\S"
                     r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+$"
                     r"|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/")
_MARKS = frozenset("/.,-_?#%~@=&:;!*+'()[]{}|\\^$`\"<>")   # URL punctuation
_BEFORE = frozenset(".,-_?#%~@")    # a URL may break before these …
_AFTER_URL = frozenset("/=&")        # … and after these


def is_urlish(a: Atom) -> bool:
    """Whether an atom is a URL or e-mail address (breaks at its own opportunities)."""
    return a.kind == LATIN and urlish(a.text)


def urlish(text: str) -> bool:
    """Whether a Latin token is a URL or e-mail address."""
    return _URLISH.match(text) is not None


def joined(g: Gap) -> bool:
    """Whether a gap lies inside a token split here, or inside a word cut at
    its hyphenation points (hyphen.in_word): its pieces are one string when
    drawn on one line. (It is one of joining_gaps: the compiled line drawing,
    text/_drawline.c, tests that.)"""
    return g is _URL or g is _SEGMENT or g is _CHAR or in_word(g)


def joining_gaps() -> tuple[Gap, ...]:
    """The gaps joined() is true of (each is one shared object)."""
    return (_URL, _SEGMENT, _CHAR) + word_gaps()


def at_url_break(g: Gap) -> bool:
    """Whether a gap is one of a URL's own break opportunities (a line may
    start there with `.` or `-`: the URL tailoring, not a broken rule)."""
    return g is _URL


def url_breaks(text: str) -> list[int]:
    """Offsets in a URL or e-mail address where a line may break (see the
    module docstring): each between a mark and a letter or digit, so a mark
    is never alone at a line's start or end."""
    out = []
    for p in range(1, len(text)):
        x, y = text[p - 1], text[p]
        if (x in _AFTER_URL and y not in _MARKS) or \
                (y in _BEFORE and x not in _MARKS and p + 1 < len(text)
                 and text[p + 1] not in _MARKS):
            out.append(p)
    return out


def split_wide(atoms: list[Atom], gaps: list[Gap], width: float, spans: Sequence,
               advance: Callable[[str, str], float]) -> tuple[list[Atom], list[Gap]]:
    """URLs and e-mail addresses in pieces at their opportunities; words
    (Latin, #话题#, @名字) and dash runs wider than `width` (points) in pieces."""
    if all(a.width <= width for a in atoms) and not any(is_urlish(a) for a in atoms):
        return atoms, gaps
    out_a: list[Atom] = []
    out_g: list[Gap] = []
    for a, g in zip(atoms, gaps):
        url = is_urlish(a)
        if not url and (a.width <= width or a.kind == PUNCT or len(a.text) < 2):
            out_a.append(a)
            out_g.append(g)
            continue
        sp = spans[a.span]
        if a.kind == RUN:
            per = a.width / len(a.text)       # dash runs are one em per character
            widths = [per] * len(a.text)
            pieces = [(a.text[k:k + 2], _SEGMENT) for k in range(0, len(a.text), 2)]
        else:
            widths = [advance(sp.face, c) * sp.size for c in a.text]
            pieces = _url_pieces(a.text, widths, width) if url else \
                _pieces(a.text, widths, width)
        pos = 0
        for k, (text, after) in enumerate(pieces):
            w = sum(widths[pos:pos + len(text)])
            pos += len(text)
            out_a.append(Atom(text, a.span, a.kind, w, no_start=a.no_start and k == 0,
                              no_end=a.no_end and k == len(pieces) - 1,
                              plain=len(text) == 1))
            out_g.append(g if k == len(pieces) - 1 else after)
    return out_a, out_g


def _url_pieces(text: str, widths: list[float], width: float) -> list[tuple[str, Gap]]:
    """(piece, the gap after it) for a URL or e-mail address: its own
    opportunities; a piece still wider than the measure as any other token."""
    out: list[tuple[str, Gap]] = []
    start = 0
    for end in url_breaks(text) + [len(text)]:
        seg = text[start:end]
        if sum(widths[start:end]) <= width:
            out.append((seg, _URL))
        else:                          # (its last piece ends at an opportunity)
            inner = _pieces(seg, widths[start:end], width)
            out += inner[:-1] + [(inner[-1][0], _URL)]
        start = end
    return out


def _pieces(text: str, widths: list[float], width: float) -> list[tuple[str, Gap]]:
    """(piece, the gap after it) for a token; opportunities first."""
    segments: list[str] = []
    cur = ""
    for i, ch in enumerate(text):
        cur += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch in AFTER and nxt and nxt not in AFTER and not (ch == "/" and nxt == "/"):
            segments.append(cur)
            cur = ""
    if cur:
        segments.append(cur)
    out: list[tuple[str, Gap]] = []
    pos = 0
    for seg in segments:
        w = sum(widths[pos:pos + len(seg)])
        pos += len(seg)
        if w <= width:
            out.append((seg, _SEGMENT))
        else:                          # still too wide: every character is a piece
            out += [(c, _CHAR) for c in seg[:-1]] + [(seg[-1], _SEGMENT)]
    return out
