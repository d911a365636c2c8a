"""Property test: any mix of Han, punctuation, Latin words, numbers, URLs,
e-mail, emoji and spaces, at any measure from 2 to 40 em, sets without error,
within the measure, without overlaps, and breaks a rule only where the
breaker says so (Line.relax)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from csrpress.text import breaker
from csrpress.text.atoms import (ASCII_NO_END, ASCII_NO_START, BLANK_LEFT, BLANK_RIGHT, NO_END,
                                 NO_START)
from csrpress.text.breaker import break_lines
from csrpress.text.paragraph import _shrink_shares, line_positions
from csrpress.text.shaping import SpanStyle, Spacing, shape
from csrpress.text.wide import at_url_break, split_wide

EM = 10.0
SPANS = [SpanStyle("regular", EM, "ink")]
PIECES = st.sampled_from([
    "快", "手", "公益", "我们的", "，", "。", "、", "“", "”", "《", "》", "（", "）", "：", "——",
    "……", ",", ".", "(", ")", '"', "Kuaishou", "app", "2019", "40%", "$100", "1,983,400",
    "https://www.kuaishou.com/csr/a-long/path?x=1", "csr@kuaishou.com", "#话题#", "@快手",
    "👍🏽", "👨\u200d👩\u200d👧", " ", "\u3000", "\u00a0", "antidisestablishmentarianism",
    "12345678901234567890",
])


def width(_face: str, ch: str) -> float:
    if ch in " \u00a0":
        return 0.25
    if ch.isascii():
        return 0.3 if ch in "il1.,:;'!|" else 0.6
    return 1.0


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=40), st.integers(2, 40), st.integers(0, 2))
def test_any_paragraph_sets_within_the_measure(pieces, measure_em, indent_em):
    text = "".join(pieces)
    measure = measure_em * EM
    atoms, gaps = shape([(text, 0)], SPANS, width, Spacing(stretch=0.125, punct_shrink=0.5))
    if not atoms:
        return
    atoms, gaps = split_wide(atoms, gaps, measure, SPANS, width)
    lines = break_lines(atoms, gaps, measure, indent_em * EM, True, 1.0 * EM)
    assert [i for l in lines for i in range(l.start, l.end + 1)] == list(range(len(atoms)))
    for k, line in enumerate(lines):
        left = measure - line.target if line.start == 0 else 0.0
        pos = line_positions(atoms, gaps, line)
        for i, ((x0, w0), (x1, _)) in enumerate(zip(pos, pos[1:])):
            a, b = atoms[line.start + i], atoms[line.start + i + 1]
            blank = 0.5 * EM if a.text in BLANK_RIGHT or b.text in BLANK_LEFT else 0.0
            assert x0 + w0 <= x1 + blank + 1e-6             # no overlap (but a blank half)
        x, w = pos[-1]
        assert left + x + w <= measure + 1e-6               # nothing past the measure
        if k + 1 < len(lines):
            nxt = atoms[lines[k + 1].start]
            end = atoms[line.end]
            bad_start = nxt.text[0] in NO_START or nxt.text[0] in ASCII_NO_START
            bad_end = end.text[-1] in NO_END or end.text[-1] in ASCII_NO_END
            split = gaps[line.end].split or not gaps[line.end].breakable
            if at_url_break(gaps[line.end]):
                bad_start = bad_end = False       # a URL's own opportunity (.com/ may start a line)
            if bad_start or bad_end or split:
                assert line.relax != breaker.OK, (text, measure_em, line)


def _positions_one_by_one(atoms, gaps, line):
    """line_positions as the plain loop over the line's atoms states it (the
    function sets the first and last atoms apart): the same floats."""
    r = line.ratio
    shares = _shrink_shares(gaps, line) if r < 0 else None
    out, x = [], 0.0
    for i in range(line.start, line.end + 1):
        a = atoms[i]
        w = a.width
        if i == line.start:
            w += a.start_extra
        if i == line.end:
            w += a.end_extra
        out.append((x, w))
        if i < line.end:
            g = gaps[i]
            if shares is not None:
                x += w + g.width - g.shrink * shares[g.level]
            else:
                x += w + g.width + (r * g.stretch if r > 0 else 0.0)
    return out


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=40), st.integers(2, 40), st.sampled_from([0.0, 1.5]))
def test_positions_are_those_of_the_plain_loop(pieces, measure_em, squeeze):
    """Tight (compressed), justified, ragged and one-atom lines alike, to the bit."""
    atoms, gaps = shape([("".join(pieces), 0)], SPANS, width,
                        Spacing(stretch=0.125, punct_shrink=0.5))
    if not atoms:
        return
    atoms, gaps = split_wide(atoms, gaps, measure_em * EM, SPANS, width)
    for justify in (True, False):
        for line in break_lines(atoms, gaps, measure_em * EM - squeeze * EM, 0.0, justify,
                                1.0 * EM):
            for ratio in {line.ratio, -0.5, 0.0, 0.75}:
                moved = breaker.Line(line.start, line.end, ratio, line.natural + squeeze * EM,
                                     line.target, line.relax)
                assert repr(line_positions(atoms, gaps, moved)) == \
                    repr(_positions_one_by_one(atoms, gaps, moved))
