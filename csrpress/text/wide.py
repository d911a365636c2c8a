"""Atoms wider than the measure (long URLs) are split at slashes."""
from __future__ import annotations

from .atoms import LATIN, Atom, Gap


def split_wide(atoms: list[Atom], gaps: list[Gap], width: float) -> tuple[list[Atom], list[Gap]]:
    """Split over-long Latin atoms after '/' (or anywhere, as a last resort)."""
    if all(a.width <= width for a in atoms):
        return atoms, gaps
    out_a: list[Atom] = []
    out_g: list[Gap] = []
    for a, g in zip(atoms, gaps):
        if a.kind != LATIN or a.width <= width:
            out_a.append(a)
            out_g.append(g)
            continue
        per = a.width / max(len(a.text), 1)
        pieces: list[str] = []
        cur = ""
        room = max(1, int(width * 0.95 / per))     # characters that fit a line
        for ch in a.text:
            if len(cur) >= room:
                pieces.append(cur)
                cur = ""
            cur += ch
            if ch == "/":
                pieces.append(cur)
                cur = ""
        if cur:
            pieces.append(cur)
        for k, piece in enumerate(pieces):
            out_a.append(Atom(piece, a.span, LATIN, per * len(piece),
                              no_start=a.no_start if k == 0 else False))
            out_g.append(g if k == len(pieces) - 1 else Gap(0.0, 0.0, 0.0, True, 0.0))
    return out_a, out_g
