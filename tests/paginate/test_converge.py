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

    laid = converge(ctx, guess, lambda: ([], None), render, lambda draw: lambda: None,
                    Collector(), {})
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


def test_an_edition_without_a_map_starts_from_the_one_its_sibling_settled_on():
    """A cold build's second edition takes the first's settled map as its
    guess when the blank pages padding the count are provably the same; its
    own map from an earlier build always wins (build._first_guess)."""
    from csrpress.build import _first_guess

    pages = ({"a": 3}, {"a": 2})
    guess = _first_guess(({}, {}), (pages, 66, 1), 2)
    assert guess == pages and guess[0] is not pages[0]         # (a copy: never shared)
    assert _first_guess(({"a": 5}, {}), (pages, 66, 1), 2) == ({"a": 5}, {})
    assert _first_guess(({}, {}), None, 2) == ({}, {})
    assert _first_guess(({}, {}), (pages, 15, 1), 2) == ({}, {})   # print pads a page
    assert _first_guess(({}, {}), (pages, 16, 4), 2) == ({}, {})   # (padded otherwise)
    assert _first_guess(({}, {}), (pages, 16, 2), 4) == pages


def test_a_cold_build_of_both_editions_settles_the_second_in_one_pass(tmp_path):
    """The starter (its print edition not padded to an even page count),
    cold, both editions: the print edition starts from the screen edition's
    map, draws from its first pass, and is byte for byte the print edition
    built cold on its own (from no map at all)."""
    from csrpress.build import Project, build, build_all
    from csrpress.cli import write_starter

    for name in ("both", "alone"):
        write_starter(tmp_path / name)
        layout = tmp_path / name / "layout" / "layout.yaml"
        text = layout.read_text(encoding="utf-8")
        assert "    page_multiple: 2  " in text
        layout.write_text(text.replace("    page_multiple: 2  ", "    page_multiple: 1  "),
                          encoding="utf-8")
    screen, printed = build_all(Project(tmp_path / "both"), ["screen", "print"])
    assert screen.passes >= 2 and printed.passes == 1
    alone = build(Project(tmp_path / "alone"), "print")
    assert alone.passes >= 2
    assert printed.pdf.read_bytes() == alone.pdf.read_bytes()
