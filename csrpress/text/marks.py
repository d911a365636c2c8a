"""Dash and ellipsis runs (——, ――, ……, ⋯⋯) drawn as Chinese sets them.

Chinese sets these marks two ems long on the ideographs' centre axis. Noto
CJK's em dash is a Latin one: ~0.1 em below the centre (the font conversion
raises it, see assets.fonts.CENTRED) and with side bearings that leave a gap
between two dashes (once closed by a thinner rule: a visible waist in bold).

Here each glyph of a run is placed explicitly: dashes are stretched just
enough that neighbours overlap, so the run reads as one rule with the
weight's own stroke; an ellipsis keeps one em per glyph. The text layer keeps
the characters (they are real glyphs on the baseline), in every edition.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from ..assets.fonts import HAN_REFERENCE

Box = Optional[tuple[float, float, float, float]]   # ink box in em, None when unknown

DASHES = frozenset("—―")
EM_BOX_CENTRE = 0.38        # CJK ideographic em box (-0.12 .. 0.88): when unmeasured
JOIN = 0.02                 # em that neighbouring dash glyphs overlap (no seam)


@dataclass(frozen=True)
class RunGlyphs:
    """How one run is drawn, in em of the text size: a horizontal scale for its
    glyphs and the origin of each glyph from the run's start; `centre` (the Han
    centre above the baseline) and `stroke` (the mark's ink height) serve a dash
    drawn as a rule (a quote's attribution mark)."""

    scale: float
    origins: tuple[float, ...]
    centre: float = EM_BOX_CENTRE
    stroke: float = 0.06


def run_glyphs(ch: str, count: int, advance: float, box: Box, han: Box) -> RunGlyphs:
    """Placement of `count` copies of mark `ch` filling `count` em.

    A dash's ink spans the run less its own side bearing at each end, the
    glyphs overlapping by JOIN; an ellipsis keeps one em per glyph (its dots
    are evenly spaced within the em, so across glyphs too)."""
    centre = (han[1] + han[3]) / 2 if han else EM_BOX_CENTRE
    ems = tuple(float(k) for k in range(count))
    if not box or box[2] <= box[0] or advance <= 0:
        return RunGlyphs(1.0 / advance if advance > 0 else 1.0, ems, centre)
    stroke = box[3] - box[1]
    if ch not in DASHES:
        return RunGlyphs(1.0 / advance, ems, centre, stroke)
    margin = min(max(box[0] / advance, 0.0), 0.1)      # the glyph's own bearing, as drawn
    ink = (count - 2 * margin) / count + (JOIN if count > 1 else 0.0)   # each glyph's ink
    scale = ink / (box[2] - box[0])
    pitch = (count - 2 * margin - ink) / (count - 1) if count > 1 else 0.0
    return RunGlyphs(scale, tuple(margin + k * pitch - scale * box[0] for k in range(count)),
                     centre, stroke)


def measure(face_box: Callable[[str], Box], advance: Callable[[str], float],
            ch: str, count: int) -> RunGlyphs:
    """run_glyphs from a face's measured boxes and advances."""
    return run_glyphs(ch, count, advance(ch), face_box(ch), face_box(HAN_REFERENCE))
