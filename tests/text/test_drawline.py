"""The compiled line drawing (csrpress/text/_drawline.c) gives exactly what
the Python gives: where each atom of a line is (paragraph._positions: every
x to the bit, compared by repr, each advance the atom's own) and the strings
the line is drawn as (paragraph._segments: first atom, text, character
spacing), and the same error where Python raises. Run on every line the
report, the example and the starter draw in a cold build (both editions), and
on generated paragraphs (every kind of token, split URLs and long words,
hyphenated words, tight, justified, ragged and one-atom lines)."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrpress.text import breaker, paragraph
from csrpress.text.atoms import LATIN
from csrpress.text.breaker import break_lines
from csrpress.text.hyphen import Hyphenator, hyphenated
from csrpress.text.shaping import SPACED_SIGNS, SpanStyle, Spacing, shape
from csrpress.text.wide import joining_gaps, split_wide
from tests.text.test_shapefit import PIECES, width

compiled = pytest.importorskip("csrpress.text._drawline",
                               reason="the compiled line drawing is not built (no compiler)")



def _outcome(fn: Any, *args: Any) -> str:
    try:
        return repr(fn(*args))
    except Exception as exc:          # the same error both ways is the same result
        return f"raises {type(exc).__name__}"


def _segments_c(atoms, gaps, pos, start, end):  # type: ignore[no-untyped-def]
    return compiled.segments(atoms, gaps, pos, start, end, joining_gaps(), SPACED_SIGNS, LATIN)


def _same_line(atoms: list, gaps: list, line: breaker.Line) -> list[str]:
    """The differences between the two for one line (none: [])."""
    r = line.ratio
    shares = paragraph._shrink_shares(gaps, line) if r < 0 else None
    args = (atoms, gaps, line.start, line.end, r, shares)
    differ = []
    py, c = _outcome(paragraph._positions, *args), _outcome(compiled.positions, *args)
    if py != c:
        differ.append(f"positions {line}: {py[:200]} / {c[:200]}")
    if py.startswith("raises"):
        return differ
    pos = paragraph._positions(*args)
    seg = (atoms, gaps, pos, line.start, line.end)
    py, c = _outcome(paragraph._segments, *seg), _outcome(_segments_c, *seg)
    if py != c:
        differ.append(f"segments {line}: {py[:200]} / {c[:200]}")
    return differ


class Compare:
    """In place of the compiled module: both ways for every line drawn,
    differences recorded, the Python's result given."""

    def __init__(self) -> None:
        self.lines = 0
        self.differ: list[str] = []

    def positions(self, atoms, gaps, start, end, r, shares):  # type: ignore[no-untyped-def]
        self.lines += 1
        line = breaker.Line(start, end, r, 0.0, 0.0)
        if len(self.differ) < 5:
            self.differ += _same_line(atoms, gaps, line) if shares is None else \
                self._tight(atoms, gaps, start, end, r, shares)
        return paragraph._positions(atoms, gaps, start, end, r, shares)

    def _tight(self, atoms, gaps, start, end, r, shares):  # type: ignore[no-untyped-def]
        args = (atoms, gaps, start, end, r, shares)
        py, c = _outcome(paragraph._positions, *args), _outcome(compiled.positions, *args)
        return [] if py == c else [f"positions tight {start}-{end}: {py[:200]} / {c[:200]}"]

    def segments(self, atoms, gaps, pos, start, end, *_consts):  # type: ignore[no-untyped-def]
        seg = (atoms, gaps, pos, start, end)
        py, c = _outcome(paragraph._segments, *seg), _outcome(_segments_c, *seg)
        if py != c and len(self.differ) < 5:
            self.differ.append(f"segments {start}-{end}: {py[:200]} / {c[:200]}")
        return paragraph._segments(*seg)


@pytest.mark.parametrize("which", ["report", "example", "starter"])
def test_every_line_of_a_cold_build_draws_the_same(which, monkeypatch, tmp_path):
    from csrpress.build import Project, build_all
    found = Compare()
    monkeypatch.setattr(paragraph, "_COMPILED", found)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))     # cold: every line
    from tests.samples import sample_root
    build_all(Project(sample_root(which, tmp_path), tmp_path / "dist"))
    assert found.differ == []
    assert found.lines > {"report": 2000, "example": 200, "starter": 40}[which], found.lines


EM = 10.0
SPANS = [SpanStyle("body", EM, "ink"), SpanStyle("bold", 12, "ink"), SpanStyle("body", 7.5, "a")]
WORDS = st.sampled_from(["sustainability", "environmental", "responsibility", "governance"])
HYPHENATOR = Hyphenator("en")


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.lists(PIECES | WORDS, min_size=1, max_size=30), st.integers(0, 2)),
                min_size=1, max_size=3),
       st.integers(2, 40), st.sampled_from([0.0, 1.5]), st.booleans(), st.booleans())
def test_generated_lines_draw_the_same(runs, measure_em, squeeze, hyphenate, stretch):
    atoms, gaps = shape([("".join(p), si) for p, si in runs], SPANS, width,
                        Spacing(stretch=0.125 if stretch else 0.0, punct_shrink=0.5))
    if not atoms:
        return
    atoms, gaps = split_wide(atoms, gaps, measure_em * EM, SPANS, width)
    if hyphenate:
        atoms, gaps = hyphenated(atoms, gaps, SPANS, width, HYPHENATOR) or (atoms, gaps)
    differ: list[str] = []
    for justify in (True, False):
        for line in break_lines(atoms, gaps, measure_em * EM - squeeze * EM, 0.0, justify,
                                1.0 * EM):
            for ratio in {line.ratio, -0.5, -0.0, 0.0, 0.75, 0.1234567, -0.37}:
                moved = breaker.Line(line.start, line.end, ratio, line.natural + squeeze * EM,
                                     line.target, line.relax)
                differ += _same_line(atoms, gaps, moved)
    assert differ == []


def test_lines_out_of_range_raise_alike():
    atoms, gaps = shape([("快手 app，公益。", 0)], SPANS, width, Spacing())
    for start, end in ((0, len(atoms)), (len(atoms), len(atoms)), (-1, 2)):
        assert _same_line(atoms, gaps, breaker.Line(start, end, 0.5, 0.0, 0.0)) == []
