"""A timeline of awards never leaves one lone entry at a page foot or head."""
from __future__ import annotations

import pytest
from reportlab.platypus.flowables import KeepTogether, Spacer

from csrpress.compose.base import keep_ends


def _shape(out):
    return [len(f._content) if isinstance(f, KeepTogether) else 1 for f in out]


def test_first_and_last_entries_are_kept_together():
    items = [Spacer(10, 10) for _ in range(6)]
    assert _shape(keep_ends(items, 2)) == [2, 1, 1, 2]


def test_a_short_timeline_is_one_group():
    assert _shape(keep_ends([Spacer(10, 10) for _ in range(3)], 2)) == [3]
    assert _shape(keep_ends([Spacer(10, 10) for _ in range(4)], 2)) == [2, 2]


def test_keep_one_leaves_entries_free():
    assert _shape(keep_ends([Spacer(10, 10) for _ in range(3)], 1)) == [1, 1, 1]


def _dots_and_rules(page):
    """The timeline's dots (centre) and vertical rules (x, top, bottom; y down)."""
    dots = []
    for p in page.get_paths(filled=True):
        xs, ys = [q[0] for q in p["points"]], [q[1] for q in p["points"]]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if 1.0 < w < 12.0 and abs(w - h) < 0.5 and len(p["points"]) > 4:
            dots.append(((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2))
    rules = [(p["points"][0][0], min(p["points"][0][1], p["points"][1][1]),
              max(p["points"][0][1], p["points"][1][1])) for p in page.get_paths()
             if len(p["points"]) == 2 and abs(p["points"][0][0] - p["points"][1][0]) < 0.01
             and abs(p["points"][0][1] - p["points"][1][1]) > 0.5]
    return dots, rules


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The starter (two awards) and a lone award elsewhere."""
    from tests.samples import built_starter

    yield from built_starter(tmp_path_factory, "awards",
                             "  - award: 单独一项的奖项（示例）。\n    date: 2025 年 9 月\n")


def test_the_rule_runs_from_the_first_dot_and_a_lone_award_has_none(built):
    """A single award drew a stub of rule above its dot (each entry's rule ran
    to its top); the first entry of a timeline too. The rule joins the dots."""
    _res, doc = built
    pages = {w: next(p for p in doc if w in p.get_text()) for w in ("单独一项", "年度可持续发展优秀企业")}
    dots, rules = _dots_and_rules(pages["单独一项"])
    lone = [d for d in dots if not any(abs(r[0] - d[0]) < 0.5 for r in rules)]
    assert lone, (dots, rules)              # its dot, with no rule through or above it
    dots, rules = _dots_and_rules(pages["年度可持续发展优秀企业"])
    joined = [(d, r) for d in dots for r in rules if abs(r[0] - d[0]) < 0.5]
    assert joined, (dots, rules)
    x = joined[0][1][0]
    first = min(d[1] for d in dots if abs(d[0] - x) < 0.5)
    last = max(d[1] for d in dots if abs(d[0] - x) < 0.5)
    on = [r for r in rules if abs(r[0] - x) < 0.5]
    assert min(r[1] for r in on) >= first - 0.01, (first, on)    # nothing above the first
    assert max(r[2] for r in on) <= last + 0.01, (last, on)      # nor below the last
