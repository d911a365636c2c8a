"""The compiled scan (csrpress/text/_breakfit.c) gives exactly the breaks of
the Python scan (breaker._scan): every line's atoms, ratio, natural width,
measure and rule, to the bit (compared by repr: -0.0 and 0.0 differ), and
the same exception where Python raises. Run on every paragraph the report,
the example and the starter break in a cold build (both editions), on the
breaker's property and total-breaking tests, and on generated paragraphs at
every setting the breaker uses."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrpress.text import breaker
from csrpress.text.shaping import SpanStyle, Spacing, shape
from csrpress.text.wide import split_wide
from tests.text import test_property, test_total

compiled = pytest.importorskip("csrpress.text._breakfit",
                               reason="the compiled scan is not built (no compiler at install)")

ROOT = Path(__file__).resolve().parents[2]
TOTAL_FIT = breaker._total_fit


def _run(scan: object, args: tuple) -> tuple[str, object]:
    """What _total_fit gives with this scan: (its lines' repr, the lines),
    or (the error's name, the error)."""
    saved = breaker._COMPILED
    breaker._COMPILED = scan
    try:
        found = TOTAL_FIT(*args)
        return repr(found), found
    except Exception as exc:          # the same error both ways is the same result
        return f"raises {type(exc).__name__}", exc
    finally:
        breaker._COMPILED = saved


def _outcome(scan: object, args: tuple) -> str:
    return _run(scan, args)[0]


class Compare:
    """A stand-in for breaker._total_fit that runs both scans, records every
    difference and gives what the Python scan gives."""

    def __init__(self) -> None:
        self.calls = 0
        self.differ: list[tuple] = []

    def __call__(self, *args):  # type: ignore[no-untyped-def]
        self.calls += 1
        (py, found), c = _run(None, args), _outcome(compiled, args)
        if py != c and len(self.differ) < 5:
            self.differ.append((args[2:], py, c))
        if isinstance(found, Exception):
            raise found
        return found


@pytest.fixture()
def compare(monkeypatch, tmp_path):
    monkeypatch.setattr(breaker, "_total_fit", Compare())
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))     # cold: every paragraph
    return breaker._total_fit


def _build_all(root: Path, out: Path) -> None:
    from csrpress.build import Project, build_all
    build_all(Project(root, out))


@pytest.mark.parametrize("which", ["report", "example", "starter"])
def test_every_paragraph_of_a_cold_build_breaks_the_same(which, compare, tmp_path):
    if which == "starter":
        from csrpress.cli import write_starter
        write_starter(tmp_path / "starter")
        root = tmp_path / "starter"
    else:
        root = ROOT if which == "report" else ROOT / "examples" / "greenfield-2025"
    _build_all(root, tmp_path / "dist")
    assert compare.differ == []
    assert compare.calls > {"report": 1000, "example": 100, "starter": 20}[which], compare.calls


def test_the_breakers_own_tests_break_the_same(compare):
    test_property.test_any_paragraph_sets_within_the_measure()
    test_property.test_positions_are_those_of_the_plain_loop()
    for text, measure, indent in test_total.CASES:
        test_total.test_impossible_paragraphs_still_set_within_the_measure(text, measure, indent)
        test_total.test_every_broken_rule_is_marked(text, measure, indent)
    for justify in (True, False):
        test_total.test_an_over_long_word_fills_each_line_as_far_as_it_goes(justify)
    assert compare.differ == []
    assert compare.calls > 500


EM = 10.0
SPANS = [SpanStyle("regular", EM, "ink")]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(test_property.PIECES, min_size=1, max_size=60), st.integers(1, 40),
       st.sampled_from([0.0, 2.0, 5.0]), st.booleans(), st.sampled_from([breaker.LOOSE, 12.0]),
       st.booleans(), st.sampled_from([breaker.INF, 1.0 * EM, 0.0]), st.booleans(),
       st.integers(0, 3))
def test_generated_paragraphs_break_the_same(pieces, measure_em, indent_em, justify, tolerance,
                                             both, punct_cap, soft, flag_every):
    """Every setting _total_fit is called with (a heading's breaks at soft
    gaps only, as balance makes them; no cap on punctuation; any tolerance;
    breaks inside words, flagged as hyphenation makes them, every first,
    second or third one)."""
    from dataclasses import replace

    atoms, gaps = shape([("".join(pieces), 0)], SPANS, test_property.width,
                        Spacing(stretch=0.125, punct_shrink=0.5))
    if not atoms:
        return
    atoms, gaps = split_wide(atoms, gaps, measure_em * EM, SPANS, test_property.width)
    if soft:
        gaps = breaker._soft(atoms, gaps)
    if flag_every:
        gaps = [replace(g, flagged=True) if g.breakable and i % flag_every == 0 else g
                for i, g in enumerate(gaps)]
    args = (atoms, gaps, measure_em * EM, indent_em * EM, justify, tolerance, both, punct_cap)
    assert _outcome(compiled, args) == _outcome(None, args)
