"""Line series that colour alone cannot tell apart (more series than the
layout names colours for: tints of one colour) differ by marker shape and
dash pattern too, on the lines and in the legend; built in the starter (its
layout names one series colour) and read back from the PDF.

Found reviewing a printed chart: seven series as seven tints of the brand
blue, the lightest few indistinguishable (and in a greyscale print all of them)."""
from __future__ import annotations

import pytest

from tests import pdfread
from tests.samples import built_starter

SEVEN = ["北京", "上海", "深圳", "成都", "武汉", "西安", "杭州"]
BLOCKS = """\
  - chart: 七个园区的用电量
    kind: line
    labels: ["2021", "2022", "2023", "2024", "2025"]
    series:
""" + "".join(f"      - {{name: {n}, values: [{', '.join(str(10 * k + 30 * j + 5) for j in range(5))}]}}\n"
              for k, n in enumerate(SEVEN)) + """\
  - chart: 一条线
    kind: line
    data:
      - {label: "2021", value: 3}
      - {label: "2022", value: 5}
      - {label: "2023", value: 4}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "looks", BLOCKS)


def _in_frame(page, rec):
    h = page.rect.height
    fx0, fy0, fx1, fy1 = rec.frame
    frame = pdfread.Rect(fx0 - 0.5, h - fy1 - 0.5, fx1 + 0.5, h - fy0 + 0.5)
    return lambda p: p["points"] and all(frame.contains(pdfread.Point(*q)) for q in p["points"])


def _shape(points):
    """A marker's outline up to position and size: its corners' directions
    from its centre (a circle: its Bézier points, the same for every circle)."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    cx, cy, r = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, (max(xs) - min(xs)) / 2 or 1
    return len(points), tuple(sorted({(round((x - cx) / r, 1), round((y - cy) / r, 1))
                                      for x, y in points}))


def _off(points, x, y):
    xs, ys = [a for a, _ in points], [b for _, b in points]
    return abs((min(xs) + max(xs)) / 2 - x) + abs((min(ys) + max(ys)) / 2 - y)


def _looks(page, rec, count):
    """(marker shape, dash) of each polyline of `count` points in the chart."""
    inside = _in_frame(page, rec)
    lines = [p for p in page.get_paths() if inside(p) and len(p["points"]) == count]
    marks = [p for p in page.get_paths(filled=True) if inside(p)]
    out = []
    for line in lines:
        x, y = line["points"][0]
        mark = min(marks, key=lambda m: _off(m["points"], x, y))   # the marker at its first point
        assert _off(mark["points"], x, y) < 2.0
        out.append((_shape(mark["points"]), line["dash"]))
    return out


def test_seven_tinted_series_differ_by_marker_and_dashes(built):
    res, doc = built
    rec = next(c for c in res.charts if c.title == "七个园区的用电量")
    page = doc[rec.page - 1]
    looks = _looks(page, rec, 5)
    assert len(looks) == 7
    assert len(set(looks)) == 7, looks                     # no two series alike
    assert len({shape for shape, _ in looks}) >= 5 and len({d for _, d in looks}) >= 4
    # the legend shows each series' stroke: one short line per series, dashed like it
    inside = _in_frame(page, rec)
    legend = [p["dash"] for p in page.get_paths() if inside(p) and len(p["points"]) == 2
              and abs(p["points"][0][1] - p["points"][1][1]) < 0.01
              and abs(p["points"][0][0] - p["points"][1][0]) < 30]
    assert sorted(legend) == sorted(d for _, d in looks)


def test_a_single_series_keeps_its_solid_line_and_dots(built):
    res, doc = built
    rec = next(c for c in res.charts if c.title == "一条线")
    (look,) = _looks(doc[rec.page - 1], rec, 3)
    assert look[1] == ()
    names = [t for _b, t in rec.labels]
    assert "3" in names and "5" in names
