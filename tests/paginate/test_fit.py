"""Chapter ends: a near-empty last page tightens its chapter one step at a
time, a step that cannot help is never tried, and a tried chapter stays put."""
from __future__ import annotations

from csrpress.paginate import fit

COMP = {"end_fill": 0.6, "end_tighten": 0.5, "end_steps": 1}


def test_a_near_empty_chapter_end_tightens_its_chapter():
    assert fit.decide({}, {1: (44, 0.98, 600.0), 2: (60, 0.1, 60.0)}, COMP, {2: 200.0}) == \
        {"~fit:2": 1}
    assert fit.factor({"~fit:2": 1}, 2, COMP) == 0.5
    assert fit.factor({"~fit:2": 1}, 1, COMP) == 1.0


def test_a_chapter_that_tightening_cannot_help_is_marked_tried_at_once():
    got = fit.decide({}, {3: (19, 0.3, 200.0)}, COMP, {3: 50.0})
    assert got == {"~fit:3": 2} and fit.factor(got, 3, COMP) == 1.0
    assert fit.decide(got, {3: (19, 0.3, 200.0)}, COMP, {3: 50.0}) == got   # stable


def test_a_step_that_worked_is_kept_and_one_that_did_not_is_given_up():
    assert fit.decide({"~fit:2": 1}, {2: (56, 0.64, 400.0)}, COMP, {2: 200.0}) == {"~fit:2": 1}
    assert fit.decide({"~fit:2": 1}, {2: (57, 0.2, 100.0)}, COMP, {2: 200.0}) == {"~fit:2": 2}
