"""Total-fit line breaking (Knuth–Plass) over Chinese character atoms.

Breaks are chosen for the whole paragraph at once, which is what lets it
avoid a lone character on the last line, and prohibited breaks (clreq) are
simply not break points: a violation is fixed by moving characters between
lines, never by overflowing the measure.
"""
from __future__ import annotations

from dataclasses import dataclass

from .atoms import HAN, PUNCT, Atom, Gap

INF = float("inf")


@dataclass(frozen=True, slots=True)
class Line:
    """Atoms start..end (inclusive) and the adjustment ratio that justifies them."""

    start: int
    end: int
    ratio: float
    natural: float    # natural width
    target: float     # the measure of this line


def break_lines(atoms: list[Atom], gaps: list[Gap], width: float, first_indent: float = 0.0,
                justify: bool = True) -> list[Line]:
    """Choose line breaks; falls back to looser tolerances, never overflows."""
    if not atoms:
        return []
    for tolerance, lone_ok in ((2.0, False), (12.0, False), (1e9, True)):
        lines = _knuth_plass(atoms, gaps, width, first_indent, justify, tolerance, lone_ok)
        if lines is not None:
            return lines
    raise ValueError("an atom is wider than the measure")   # split_wide prevents this


def _knuth_plass(atoms: list[Atom], gaps: list[Gap], width: float, indent: float,
                 justify: bool, tolerance: float, lone_ok: bool) -> list[Line] | None:
    n = len(atoms)
    # prefix sums: PW over atom+gap widths, PS/PZ over gap stretch/shrink
    PW = [0.0] * (n + 1)
    PS = [0.0] * (n + 1)
    PZ = [0.0] * (n + 1)
    for i in range(n):
        atom, g = atoms[i], gaps[i]
        PW[i + 1] = PW[i] + atom.width + g.width
        PS[i + 1] = PS[i] + g.stretch
        PZ[i + 1] = PZ[i] + g.shrink
    # candidate breaks: after atom i (i = n-1 is the forced end)
    cands = [i for i in range(n - 1) if gaps[i].breakable] + [n - 1]
    # nodes: (position after which we broke, demerits, prev node index, ratio, nat, target)
    best_d = {-1: 0.0}
    prev: dict[int, tuple[int, float, float, float]] = {}
    active = [-1]
    han_count = _han_prefix(atoms)
    for b in cands:
        last = b == n - 1
        new_best = INF
        new_info: tuple[int, float, float, float] | None = None
        keep: list[int] = []
        for a in active:
            s = a + 1
            target = width - (indent if s == 0 else 0.0)
            nat = PW[b + 1] - PW[s] - gaps[b].width + atoms[b].end_extra
            shrink = PZ[b] - PZ[s] + atoms[b].end_shrink
            if nat - shrink > target + 1e-6:
                continue          # too long now and for every later break: drop node
            keep.append(a)
            if nat > target:
                ratio = (target - nat) / shrink if shrink else -INF
                if ratio < -1.0:
                    continue
                bad = 100.0 * abs(ratio) ** 3
            elif last or not justify:
                ratio = 0.0
                slack = (target - nat) / max(target, 1.0)
                bad = 0.0 if last else 100.0 * slack * slack
            else:
                stretch = PS[b] - PS[s]
                ratio = (target - nat) / stretch if stretch else INF
                if ratio > tolerance:
                    continue
                bad = 100.0 * ratio ** 3
            if last and not lone_ok and s > 0 and han_count(s, b) == 1 and \
                    _only_han_and_punct(atoms, s, b):
                continue          # a lone Han character on the last line
            d = best_d[a] + (1.0 + bad) ** 2 + gaps[b].penalty ** 2
            if d < new_best:
                new_best = d
                new_info = (a, ratio if justify or nat > target else 0.0, nat, target)
        active = keep
        if new_info is not None:
            best_d[b] = new_best
            prev[b] = new_info
            active.append(b)
        if not active:
            return None
    if n - 1 not in prev:
        return None
    lines: list[Line] = []
    b = n - 1
    while b != -1:
        a, ratio, nat, target = prev[b]
        lines.append(Line(a + 1, b, ratio, nat, target))
        b = a
    lines.reverse()
    return lines


def _han_prefix(atoms: list[Atom]):  # type: ignore[no-untyped-def]
    pre = [0]
    for a in atoms:
        pre.append(pre[-1] + (1 if a.kind != PUNCT else 0))
    return lambda s, e: pre[e + 1] - pre[s]


def _only_han_and_punct(atoms: list[Atom], s: int, e: int) -> bool:
    return all(a.kind in (HAN, PUNCT) for a in atoms[s:e + 1])
