"""A timeline of awards never leaves one lone entry at a page foot or head."""
from __future__ import annotations

from reportlab.platypus.flowables import KeepTogether, Spacer

from csrpress.compose.awards import keep_ends


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
