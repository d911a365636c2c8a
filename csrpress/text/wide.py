"""Atoms wider than the measure are cut into pieces the breaker may break between.

A URL or e-mail address breaks after `/ . - ? & = _ @` (never between the two
slashes of `//`); a stretch between two such places that is still wider than
the measure (a long number, ID or word) breaks at any character, at a higher
cost. Pieces are sized by the font's real advances, so what the breaker
measures is what is drawn. The gaps between pieces are marked `split`, so a
line ending inside a token is reported.
"""
from __future__ import annotations

from typing import Callable, Sequence

from .atoms import LATIN, PUNCT, RUN, Atom, Gap

AFTER = frozenset("/.-?&=_@,;")      # a long token may break after these
_SEGMENT = Gap(0.0, 0.0, 0.0, True, 0.0, True)        # between opportunity pieces
_CHAR = Gap(0.0, 0.0, 0.0, True, 1000.0, True)        # anywhere (last resort)


def split_wide(atoms: list[Atom], gaps: list[Gap], width: float, spans: Sequence,
               advance: Callable[[str, str], float]) -> tuple[list[Atom], list[Gap]]:
    """Split words (Latin, #话题#, @名字) and dash runs wider than `width` (points)."""
    if all(a.width <= width for a in atoms):
        return atoms, gaps
    out_a: list[Atom] = []
    out_g: list[Gap] = []
    for a, g in zip(atoms, gaps):
        if a.width <= width or a.kind == PUNCT or len(a.text) < 2:
            out_a.append(a)
            out_g.append(g)
            continue
        sp = spans[a.span]
        if a.kind == RUN:
            per = a.width / len(a.text)       # dash runs are one em per character
            widths = [per] * len(a.text)
            pieces = [(a.text[k:k + 2], False) for k in range(0, len(a.text), 2)]
        else:
            widths = [advance(sp.face, c) * sp.size for c in a.text]
            pieces = _pieces(a.text, widths, width)
        pos = 0
        for k, (text, by_char) in enumerate(pieces):
            w = sum(widths[pos:pos + len(text)])
            pos += len(text)
            out_a.append(Atom(text, a.span, a.kind, w, no_start=a.no_start and k == 0,
                              no_end=a.no_end and k == len(pieces) - 1,
                              plain=len(text) == 1))
            if k == len(pieces) - 1:
                out_g.append(g)
            else:
                out_g.append(_CHAR if by_char else _SEGMENT)
    return out_a, out_g


def _pieces(text: str, widths: list[float], width: float) -> list[tuple[str, bool]]:
    """(piece, followed by a last-resort break) for a token; opportunities first."""
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
    out: list[tuple[str, bool]] = []
    pos = 0
    for seg in segments:
        w = sum(widths[pos:pos + len(seg)])
        pos += len(seg)
        if w <= width:
            out.append((seg, False))
        else:                          # still too wide: every character is a piece
            out += [(c, True) for c in seg[:-1]] + [(seg[-1], False)]
    return out
