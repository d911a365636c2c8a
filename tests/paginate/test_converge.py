"""The passes until page numbers settle (paginate.converge)."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from csrpress.errors import Collector
from csrpress.paginate.converge import converge


def _run(guess: Any, maps: list[dict[str, int]]) -> tuple[Any, list[bool]]:
    """converge with stand-ins: pass k's pages put the anchors at maps[k]."""
    drawn: list[bool] = []
    ctx = SimpleNamespace()

    def render(flowables: list[Any], draw: bool) -> tuple[bytes, Any, list[Any]]:
        drawn.append(draw)
        found = maps[min(len(drawn), len(maps)) - 1]
        doc = SimpleNamespace(state=SimpleNamespace(anchors=dict(found), before={}))
        canvases = [SimpleNamespace(dangling=[])] if draw else []
        return (b"drawn" if draw else b""), doc, canvases

    laid = converge(ctx, guess, lambda: ([], None), render, lambda: None, Collector(), {})
    return laid, drawn


def test_a_cold_first_pass_is_laid_out_only_and_never_the_last():
    """Without a page map the first pass cannot be final: it is not drawn,
    and the next pass (drawn) is the one kept."""
    laid, drawn = _run(({}, {}), [{"a": 3}])
    assert drawn == [False, True]
    assert laid.passes == 2 and laid.data == b"drawn"


def test_a_report_without_anchors_still_ends_on_a_drawn_pass():
    laid, drawn = _run(({}, {}), [{}])
    assert drawn == [False, True]
    assert laid.data == b"drawn" and laid.pages == ({}, {})


def test_a_known_page_map_draws_from_the_first_pass():
    laid, drawn = _run(({"a": 3}, {}), [{"a": 3}])
    assert drawn == [True]
    assert laid.passes == 1


def test_pagination_time_is_split_into_layout_drawing_and_writing():
    """A pass's pagination time is reported with its parts (the page ends:
    drawing or replaying; the file: writing; the rest: laying out), summed
    over the passes."""
    from csrpress.paginate.converge import _paginated

    timing: dict[str, float] = {}
    _paginated(timing, 1.0, SimpleNamespace(draw_time=0.25, write_time=0.5))
    _paginated(timing, 0.5, SimpleNamespace())          # a pass laid out only
    assert timing == {"paginate": 1.5, "layout": 0.75, "drawing": 0.25, "writing": 0.5}
