"""The breaker is total: inputs with no rule-abiding solution still set, within
the measure, and every line that breaks a rule says so (Line.relax)."""
from __future__ import annotations

import pytest

from csrpress.text import breaker
from csrpress.text.atoms import NO_END, NO_START
from csrpress.text.breaker import break_lines
from csrpress.text.paragraph import line_positions
from csrpress.text.shaping import SpanStyle, Spacing, shape
from csrpress.text.wide import split_wide

EM = 10.0
SPANS = [SpanStyle("regular", EM, "ink")]


def width(_face: str, ch: str) -> float:
    """A stand-in font: proportional Latin (so pieces must use real advances)."""
    if ch == " ":
        return 0.25
    if ch.isascii():
        return 0.3 if ch in "il1./:" else 0.6
    return 1.0


def setting(text: str, measure_em: float, indent_em: float = 0.0):
    measure = measure_em * EM
    atoms, gaps = shape([(text, 0)], SPANS, width, Spacing(stretch=0.125))
    atoms, gaps = split_wide(atoms, gaps, measure, SPANS, width)
    lines = break_lines(atoms, gaps, measure, indent_em * EM, True)
    return atoms, gaps, lines


def check_within_measure(atoms, gaps, lines, measure):
    """No glyph past the measure, no two atoms overlapping, every atom set once."""
    assert [i for l in lines for i in range(l.start, l.end + 1)] == list(range(len(atoms)))
    for line in lines:
        left = measure - line.target if line.start == 0 else 0.0
        assert left >= -1e-6
        pos = line_positions(atoms, gaps, line)
        for (x0, w0), (x1, _) in zip(pos, pos[1:]):
            assert x0 + w0 <= x1 + 1e-6
        x, w = pos[-1]
        assert left + x + w <= measure + 1e-6


URL = "https://www.example.com/" + "path/to-a_page?x=1&y=2/" * 4 + "index.html"
CASES = [
    ("见" + URL + "。", 10, 2),
    ("编号" + "1234567890" * 4 + "号", 8, 2),
    ("。" * 300, 30, 2),
    ("他说antidisestablishmentarianism很好", 5, 0),
    ("一二三四五六七八九十" * 3, 3, 2),
    ("一，二三四五六七八九十", 3, 2),
    ("“——你好，”他说。", 2, 0),
    ("一——————————二", 3, 0),
    ("联系：someone.with.a.long.name@example-company.com。", 6, 2),
]


@pytest.mark.parametrize("text, measure, indent", CASES)
def test_impossible_paragraphs_still_set_within_the_measure(text, measure, indent):
    atoms, gaps, lines = setting(text, measure, indent)
    check_within_measure(atoms, gaps, lines, measure * EM)


@pytest.mark.parametrize("text, measure, indent", CASES)
def test_every_broken_rule_is_marked(text, measure, indent):
    atoms, gaps, lines = setting(text, measure, indent)
    for a, b in zip(lines, lines[1:]):
        first, last = atoms[b.start], atoms[a.end]
        if gaps[a.end].split:
            assert a.relax == breaker.TOKEN_SPLIT
        elif first.text[0] in NO_START or last.text[-1] in NO_END:
            assert a.relax in (breaker.NO_START_BROKEN, breaker.NO_END_BROKEN), (a, first, last)


def test_long_url_breaks_at_its_opportunities_not_inside_double_slash():
    atoms, gaps, lines = setting("见" + URL + "。", 10)
    texts = ["".join(a.text for a in atoms[l.start:l.end + 1]) for l in lines]
    assert all(not e.endswith("https:/") for e in texts)
    for e, nxt in zip(texts, texts[1:]):
        assert e[-1] in "/=&" or nxt[0] in ".-_?", texts       # (after /, before . - _ ?)
    assert all(l.relax in breaker.QUIET for l in lines)                # nothing reported


def test_pieces_are_sized_by_real_advances():
    atoms, _, _ = setting("见" + URL, 10)
    for a in atoms:
        if a.kind == 2:   # LATIN
            assert a.width == pytest.approx(sum(width("", c) for c in a.text) * EM)


def test_rule_abiding_paragraphs_report_nothing():
    _, _, lines = setting("中文和English混排的段落，含数字2019年与百分比40%，" * 4, 17, 2)
    assert all(l.relax == breaker.OK for l in lines)


def test_a_narrowed_indent_is_marked():
    _, _, lines = setting("一，二三四五六七八九十", 3, 2)
    assert lines[0].relax == breaker.INDENT


def test_a_build_reports_relaxed_breaks_at_the_block_line(tmp_path, monkeypatch):
    from csrpress.build import build
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    number = "1234567890" * 12           # (a URL breaks at its own opportunities: no warning)
    project = mini_project(tmp_path, f"""
  - p: 第一段正常。
  - p: 见{number}。
""")
    res = build(project)
    found = [str(w) for w in res.warnings if "token wider than the measure" in str(w)]
    assert found and all("part.yaml:6:" in w for w in found), [str(w) for w in res.warnings]


@pytest.mark.parametrize("justify", [True, False])
def test_an_over_long_word_fills_each_line_as_far_as_it_goes(justify):
    # every under-filled line once cost the same capped badness, so a justified
    # cell broke the word anywhere ("Pne / umonou…" instead of "Pneumo / …")
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    assert len(word) == 45
    measure = 4 * EM
    atoms, gaps = shape([(word, 0)], SPANS, width, Spacing(stretch=0.125))
    atoms, gaps = split_wide(atoms, gaps, measure, SPANS, width)
    lines = break_lines(atoms, gaps, measure, 0.0, justify)
    assert "".join(a.text for a in atoms) == word
    for line in lines[:-1]:
        assert line.natural <= measure + 1e-6
        assert line.natural + atoms[line.end + 1].width > measure, lines
