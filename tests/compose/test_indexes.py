"""The SDG and GRI indexes: goal tiles in the official colours, headers on
one line, a standard's name once per group, no lone row over a page."""
from __future__ import annotations

from pathlib import Path

from csrpress.errors import Collector
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL = {1: "E5243B", 7: "FCC30B", 14: "0A97D9", 17: "19486A"}


def _pages_with(pdf, text: str) -> list:
    return [p for p in pdf if text in "".join(p.get_text().split())]


def test_sdg_tiles_in_official_colours_with_their_numbers(pdf):
    layout = load_layout(ROOT / "layout", Collector())
    size = layout.comp("sdg_index", "tile_size")
    pages = _pages_with(pdf, "可持续发展目标详解")
    tiles = []
    for page in pages:
        for d in page.get_drawings():
            if d.get("fill") and abs(d["rect"].width - size) < 0.5 and abs(d["rect"].height - size) < 0.5:
                words = page.get_text("words", clip=tuple(d["rect"]))
                tiles.append(("".join(w[4] for w in words),
                              "".join(f"{round(v * 255):02X}" for v in d["fill"])))
    numbers = {int(n): colour for n, colour in tiles if n.isdigit()}
    assert len(tiles) >= 10 and set(numbers) <= set(range(1, 18))
    for goal, colour in OFFICIAL.items():
        if goal in numbers:
            assert numbers[goal] == colour, goal


def test_index_headers_stay_on_one_line(pdf):
    """Each header row is one line of text: all of its headings, none wrapped."""
    layout = load_layout(ROOT / "layout", Collector())
    head = layout.style("index-head").size
    rows = {"SDGs指标可持续发展目标详解行动策略相关行动", "GRI标准披露项标题页码"}
    seen = set()
    for page in _pages_with(pdf, "可持续发展目标详解") + _pages_with(pdf, "披露项"):
        by_base: dict[float, str] = {}
        for b in page.get_text("dict")["blocks"]:
            for line in b.get("lines", []):
                for s in line["spans"]:
                    if abs(s["size"] - head) < 0.1:
                        base = round(s["origin"][1])
                        by_base[base] = by_base.get(base, "") + "".join(s["text"].split())
        for text in by_base.values():
            assert text in rows, text          # a whole header row, never a wrapped piece
            seen.add(text)
    assert seen == rows


def test_gri_standard_named_once_per_group(pdf):
    """GRI 102 has many rows over two pages: named once on each page (on the
    first row of its group, and again atop the page it continues on)."""
    pages = _pages_with(pdf, "披露项")
    texts = ["".join(p.get_text().split()) for p in pages]
    with_rows = [t for t in texts if "102-" in t.replace("GRI102", "")]
    assert len(with_rows) >= 2
    assert all(t.count("GRI102") == 1 for t in with_rows)
    assert sum(t.count("GRI102") for t in texts) == len(with_rows)


def test_a_table_never_carries_a_lone_row_over():
    from csrpress.compose.tables import RowTable

    data = [["head", "head"]] + [[f"r{i}", "x"] for i in range(10)]
    t = RowTable(data, colWidths=[50, 50], rowHeights=[20] * 11, repeatRows=1)
    t.wrap(100, 1000)
    head, tail = t.split(100, 20 * 10 + 5)       # room for the header and 9 of 10 rows
    assert len(tail._rowHeights) - tail.repeatRows == 2
    assert len(head._rowHeights) - head.repeatRows == 8
    head, tail = t.split(100, 20 * 6 + 5)        # 5 rows stay, 5 go: as ReportLab splits
    assert len(tail._rowHeights) - tail.repeatRows == 5


def _body(t):
    return len(t._rowHeights) - t.repeatRows


def test_a_table_never_leaves_a_lone_short_row_at_a_page_foot():
    from csrpress.compose.tables import RowTable

    def table(heights, rows=10):
        t = RowTable([["head", "head"]] + [[f"r{i}", "x"] for i in range(rows)],
                     colWidths=[50, 50], rowHeights=[20] + heights * rows, repeatRows=1)
        t.frame_height, t.line_height, t.padding = 500, 12, 4
        t.wrap(100, 1000)
        return t

    t = table([20])
    assert t.split(100, 20 * 2 + 5) == []            # the header and one row: it starts on the next page
    head, tail = t.split(100, 20 * 3 + 5)
    assert (_body(head), _body(tail)) == (2, 8)
    assert t.min_height(100) == 60                    # a heading above keeps with the header and two rows
    assert table([20], rows=3).split(100, 20 * 3 + 5) == []   # 2 + 1 would be 1 + 2: whole instead
    assert table([20], rows=3).min_height(100) == 80
    tall = table([60])                                # a row of three lines or more may start a page
    head, tail = tall.split(100, 20 + 60 + 5)
    assert (_body(head), _body(tail)) == (1, 9) and tall.min_height(100) == 80
    short_page = table([20])
    short_page.frame_height = 50                      # two rows are more than a page holds
    head, tail = short_page.split(100, 20 * 2 + 5)
    assert _body(head) == 1 and tail.frame_height == 50   # (the pieces keep the rule)


def test_an_sdg_goal_without_a_tile_colour_is_an_error_at_the_goal(tmp_path):
    """goal: 18 (a typo): the error named layout/layout.yaml at no line."""
    import pytest

    from csrpress.build import Project, build
    from csrpress.cli import write_starter
    from csrpress.errors import BuildError

    write_starter(tmp_path / "r")
    project = Project(tmp_path / "r")
    path = project.content / "90-appendix.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("      - goal: 8\n")].count("\n") + 1
    path.write_text(text.replace("      - goal: 8\n", "      - goal: 18\n", 1), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project, "screen")
    errs = [str(d) for d in exc.value.diagnostics]
    assert any(f"90-appendix.yaml:{line}:9: SDG 18" in e and "1–17" in e for e in errs), errs
