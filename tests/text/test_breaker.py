"""The paragraph engine's rules, one at a time, on small inputs."""
from __future__ import annotations

import pytest

from csrpress.text.atoms import NO_END, NO_START
from csrpress.text.breaker import break_lines
from csrpress.text.paragraph import line_positions
from csrpress.text.shaping import SpanStyle, Spacing, shape

EM = 10.0
SPANS = [SpanStyle("regular", EM, "ink")]


def width(_face: str, ch: str) -> float:
    if ch == " ":
        return 0.25
    return 0.55 if ch.isascii() else 1.0


def lay(text: str, measure_em: float, indent: float = 0.0, justify: bool = True):
    atoms, gaps = shape([(text, 0)], SPANS, width, Spacing(stretch=0.125))
    lines = break_lines(atoms, gaps, measure_em * EM, indent * EM, justify)
    texts = ["".join(a.text for a in atoms[l.start:l.end + 1]) for l in lines]
    return atoms, gaps, lines, texts


def test_comma_never_starts_a_line():
    # greedily the comma would open line 2
    _, _, _, texts = lay("一二三四五，六七八九十一二三四", 5)
    assert all(t[0] not in NO_START for t in texts), texts


def test_opening_bracket_never_ends_a_line():
    _, _, _, texts = lay("一二三四《五六》七八九十一二", 5)
    assert all(t[-1] not in NO_END for t in texts), texts


@pytest.mark.parametrize("token", ["8610155.08", "2019", "40%", "www.kuaishou.com"])
def test_numbers_and_latin_words_stay_whole(token):
    _, _, _, texts = lay("一二三" + token + "四五六七八九十一二三四五六", 12)
    assert any(token in t for t in texts), texts


@pytest.mark.parametrize("run", ["——", "……"])
def test_dash_and_ellipsis_runs_stay_whole(run):
    _, _, _, texts = lay("一二三四" + run + "五六七八九十一二三", 5)
    assert any(run in t for t in texts), texts
    assert all(not t.startswith(run[0]) for t in texts), texts


def test_non_final_lines_are_justified_to_the_measure():
    atoms, gaps, lines, _ = lay("中文和English混排的段落，含数字2019年与百分比40%，" * 6, 17)
    for line in lines[:-1]:
        pos = line_positions(atoms, gaps, line)
        x, w = pos[-1]
        assert x + w == pytest.approx(17 * EM, abs=0.01)


def test_no_single_han_character_on_the_last_line():
    _, _, _, texts = lay("一二三四五六七八九十一", 5)   # greedy: 5 + 5 + 1
    assert len([c for c in texts[-1] if c not in NO_START]) >= 2, texts


def test_first_line_indent():
    atoms, gaps, lines, texts = lay("一二三四五六七八九十一二三四五六七八", 8, indent=2)
    assert len(texts[0]) == 6 and len(texts[1]) == 8


def test_han_latin_gap_is_a_quarter_em_and_typed_spaces_are_normalised():
    a1, g1, _, _ = lay("中文ABC中文", 40)
    a2, g2, _, _ = lay("中文 ABC 中文", 40)
    assert [g.width for g in g1] == [g.width for g in g2]
    assert g1[1].width == pytest.approx(0.25 * EM)


def test_adjacent_punctuation_takes_at_most_one_and_a_half_em():
    atoms, _, _, _ = lay("他说。”好", 40)
    pair = [a for a in atoms if a.text in "。”"]
    assert sum(a.width for a in pair) == pytest.approx(1.5 * EM)


def test_line_end_punctuation_may_be_half_width():
    # six ems of text in a 5.5 em measure: only fits with the comma half width
    atoms, gaps, lines, texts = lay("一二三四五，六七", 5.5)
    assert texts[0] == "一二三四五，"
    pos = line_positions(atoms, gaps, lines[0])
    x, w = pos[-1]
    assert x + w == pytest.approx(5.5 * EM, abs=0.01)


@pytest.mark.parametrize("compress", [True, False])
def test_line_end_punctuation_is_half_width_when_layout_says_so(compress):
    # layout text.punct_end_compress: a comma ending a justified line is set
    # half width (its ink at the measure, the line stretched) or kept whole
    atoms, gaps = shape([("一二三四，五六七八九十", 0)], SPANS, width,
                        Spacing(stretch=0.125, end_compress=compress))
    lines = break_lines(atoms, gaps, 5 * EM, 0.0, True)
    assert "".join(a.text for a in atoms[lines[0].start:lines[0].end + 1]) == "一二三四，"
    x, w = line_positions(atoms, gaps, lines[0])[-1]
    assert w == pytest.approx((0.5 if compress else 1.0) * EM)
    assert x + w == pytest.approx(5 * EM, abs=0.01)
