"""Gaps between atoms as shaping makes them (text/shaping.py)."""
from __future__ import annotations

from csrpress.text.shaping import Spacing, SpanStyle, shape


def _gaps(text: str) -> dict[tuple[str, str], object]:
    span = SpanStyle.__new__(SpanStyle)
    object.__setattr__(span, "face", "f")
    object.__setattr__(span, "size", 10.0)
    atoms, gaps = shape([(text, 0)], [span], lambda face, ch: 0.5, Spacing())
    return {(a.text, b.text): g for a, b, g in zip(atoms, atoms[1:], gaps)}


def test_a_word_and_its_latin_punctuation_never_stretch_apart():
    """A justified line stretches at spaces: between 'diligence' and its comma,
    or '(' and 'ESG', it printed a gap ("diligence , including")."""
    gaps = _gaps("due diligence, including pathways. Next (ESG) x")
    for pair in (("diligence", ","), ("pathways", "."), ("(", "ESG"), ("ESG", ")")):
        assert gaps[pair].stretch == 0.0 and not gaps[pair].breakable, pair
    assert gaps[(",", "including")].stretch > 0 and gaps[(",", "including")].breakable
    assert gaps[("due", "diligence")].stretch > 0
