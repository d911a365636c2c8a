"""Bar series that colour alone cannot tell apart (more series than the
layout names colours for: tints of one colour) are hatched, each round of
tints its own way, in the bars and the legend; built in the starter (its
layout names one series colour) and read back from the PDF. Bars were told
apart by tints only (five tints of one blue; in a greyscale print, barely)."""
from __future__ import annotations

import pytest

from tests import pdfread
from tests.samples import built_starter

FIVE = ["北京", "上海", "深圳", "成都", "武汉"]


def _series(names: list[str]) -> str:
    return "".join(f"      - {{name: {n}, values: [{', '.join(str(10 * k + 5 * j + 20) for j in range(3))}]}}\n"
                   for k, n in enumerate(names))


BLOCKS = ("  - chart: 五个园区的用电量\n    kind: bar\n    labels: [\"2023\", \"2024\", \"2025\"]\n"
          "    series:\n" + _series(FIVE)
          + "  - chart: 三个园区堆叠\n    kind: bar\n    stacked: true\n"
          "    labels: [\"2023\", \"2024\", \"2025\"]\n    series:\n" + _series(FIVE[:3]))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "hatching", BLOCKS)


def _hatching(doc, res, title: str) -> dict[str, int]:
    """The chart's short straight strokes by direction: '/', '\\\\', '-', '|'."""
    rec = next(c for c in res.charts if c.title == title)
    page = doc[rec.page - 1]
    h = page.rect.height
    fx0, fy0, fx1, fy1 = rec.frame
    frame = pdfread.Rect(fx0 - 0.5, h - fy1 - 0.5, fx1 + 0.5, h - fy0 + 0.5)
    out = {"/": 0, "\\": 0, "-": 0, "|": 0}
    for p in page.get_paths():
        pts = p["points"]
        if len(pts) != 2 or not all(frame.contains(pdfread.Point(*q)) for q in pts):
            continue
        (ax, ay), (bx, by) = pts
        dx, dy = bx - ax, by - ay
        if abs(dx) < 0.01:
            out["|"] += 1
        elif abs(dy) < 0.01:
            out["-"] += 1
        elif abs(abs(dx) - abs(dy)) < 0.01:
            out["/" if dx * dy < 0 else "\\"] += 1      # (page space: y down)
    return out


def test_five_tinted_series_are_hatched_each_round_its_own_way(built):
    res, doc = built
    got = _hatching(doc, res, "五个园区的用电量")
    # rounds 2–5 of one colour: '/', '\\', crossed, level: both diagonals many
    # times over, and level lines well beyond the axis and tick strokes
    assert got["/"] >= 20 and got["\\"] >= 20 and got["-"] >= 20, got


def test_a_chart_with_a_colour_per_series_is_not_hatched(built):
    res, doc = built
    got = _hatching(doc, res, "温室气体排放（范围一和范围二，吨二氧化碳当量）")
    assert got["/"] == got["\\"] == 0, got


def test_a_stack_keeps_its_figures_off_the_hatching(built):
    """A part's figure inside its hatched bar sits on a plain patch of its tint."""
    res, doc = built
    rec = next(c for c in res.charts if c.title == "三个园区堆叠")
    assert _hatching(doc, res, "三个园区堆叠")["/"] > 0
    names = [t for _b, t in rec.labels]
    assert "30" in names and "40" in names                 # the parts' figures are printed
