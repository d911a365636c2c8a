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


def test_paragraphs_share_their_han_atoms_and_shape_as_alone():
    """Han atoms made for one paragraph are found for the next (shape's
    ``han``, a shape cache's): the atoms and gaps are equal to those shaped
    with nothing shared, across spans of several sizes, runs split by markup,
    joiners, punctuation pairs and Latin words."""
    spans = [SpanStyle("f", 10.0, "ink"), SpanStyle("f", 12.0, "ink"), SpanStyle("b", 10.0, "red")]

    def width(face: str, ch: str) -> float:
        return 1.0 if ord(ch) > 0x2E7F else 0.5 + (ord(ch) % 7) / 20 + (face == "b") / 10

    texts = [[("快手的用户，在这里记录生活。", 0)],
             [("快手", 0), ("的用户", 1), ("在这里", 2), ("记录生活 ESG 报告（2019）", 0)],
             [("“生活”、「故事」——彼此连接……", 1), ("👍🏽快手", 0)],
             [("记", 0), ("录", 0), ("生", 2), ("活", 2)]]
    memo: dict = {}
    for spacing in (Spacing(), Spacing(stretch=0.125, punct_shrink=0.5)):
        for runs in texts * 2:
            alone = shape(list(runs), spans, width, spacing)
            shared = shape(list(runs), spans, width, spacing, memo)
            assert [(a.text, a.span, a.kind, a.width, a.dx, a.end_extra, a.no_start, a.no_end,
                     a.plain, a.start_extra) for a in shared[0]] == \
                [(a.text, a.span, a.kind, a.width, a.dx, a.end_extra, a.no_start, a.no_end,
                  a.plain, a.start_extra) for a in alone[0]]
            assert shared[1] == alone[1]
    first = shape([("快手快手", 0)], spans, width, Spacing(), memo)[0]
    again = shape([("手快", 0)], spans, width, Spacing(), memo)[0]
    assert first[0] is first[2] is again[1] and first[1] is again[0]


def test_signs_set_with_figures_take_no_han_latin_gap():
    """°, ≥, ± … are atoms of their own, counted as Han: a quarter em opened
    between ≥ and 95 and between ° and C ("26 ° C"), and a typed space before
    ° was half an em. They are set tight against figures and words; a typed
    space is a word space; against Han they stretch as Han does."""
    gaps = _gaps("回收率≥95%，室温 26 °C，①号")
    for pair in (("≥", "95%"), ("°", "C")):
        g = gaps[pair]
        assert g.width == 0.0 and g.stretch == 0.0, pair
    assert gaps[("26", "°")].width == 5.0            # the font's space (0.5 em here)
    assert gaps[("率", "≥")].width == 0.0 and gaps[("率", "≥")].stretch > 0
    assert gaps[("①", "号")].width == 0.0
    han_latin = _gaps("温室26")[("室", "26")]
    assert han_latin.width > 0                       # (the Han–Latin gap itself stays)


def test_an_english_sentence_ends_apart_from_the_han_after_it():
    """'grew by a quarter.我们' set the Han hard against the full stop: the
    Han–Latin quarter em goes after a stop that ends a word. Not after a
    number's stop ('1.概述' numbers a heading) nor after '!' ('UP!青年力',
    a brand), which stay as typed."""
    han_latin = Spacing().han_latin * 10.0
    gaps = _gaps("grew by a quarter.我们")
    assert gaps[(".", "我")].width == han_latin and gaps[(".", "我")].breakable
    assert gaps[("quarter", ".")].width == 0.0
    assert _gaps("e.g.我们")[(".", "我")].width == han_latin
    assert _gaps("1.概述")[(".", "概")].width == 0.0
    assert _gaps("UP!青年力")[("!", "青")].width == 0.0
