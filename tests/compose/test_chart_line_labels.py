"""Value labels of line charts, built in the starter (and the example) and
read back from the PDF: no label is crossed by a line, none sits on the axis
or under the plot.

Found reviewing printed charts: a value was set centred over its point
whatever the line did there, so on a slope the segment leaving the point ran
through its figure, and a low value's label set under its point sat on the
axis. Each label now takes the side of its point no line crosses (farther out
at a sharp peak or trough, then beside); where no spot is clear the chart is
drawn on a value scale instead, as a crowded chart is."""
from __future__ import annotations

import re

import pytest

from csrpress.compose.chartdraw import _crosses
from tests import pdfread
from tests.samples import built_starter

BLOCKS = """\
  - chart: 低谷与陡坡
    kind: line
    unit: 吨
    data:
      - {label: "2021", value: 50}
      - {label: "2022", value: 2}
      - {label: "2023", value: 48}
      - {label: "2024", value: 10}
      - {label: "2025", value: 60}
  - chart: 利润变化
    kind: line
    unit: 亿元
    data:
      - {label: "2021", value: 3.2}
      - {label: "2022", value: -1.5}
      - {label: "2023", value: -0.4}
      - {label: "2024", value: 2.8}
  - chart: 减排行动里程碑
    kind: timeline
    unit: "%"
    data:
      - {label: "2021.01", at: 2021-01, value: 0, text: 设定基准年}
      - {label: "2023.06", at: 2023-06, value: 12, text: 仓储屋顶光伏并网}
      - {label: "2024.04", at: 2024-04, value: 19, text: 首批电动农机投入使用}
      - {label: "2025.12", at: 2025-12, value: 26, text: 排放强度较基准年下降}
  - chart: 两条线
    kind: line
    labels: ["2021", "2022", "2023", "2024"]
    series:
      - {name: 甲, values: [352, 348, 343, 337]}
      - {name: 乙, values: [310, 296, 281, 262]}
  - chart: 长说明的里程碑
    kind: timeline
    unit: "%"
    data:
      - {label: "2021", at: 2021-01, value: 5, text: 首个屋顶光伏项目在总部园区建成并网发电}
      - {label: "2023", at: 2023-01, value: 20, text: 签订绿电协议}
      - {label: "2025", at: 2025-01, value: 35, text: 三成以上用电来自可再生能源并通过第三方核查}
"""
TITLES = ("低谷与陡坡", "利润变化", "减排行动里程碑", "两条线", "长说明的里程碑")
NOTES = ("首个屋顶光伏项目在总部园区建成并网发电", "签订绿电协议",
         "三成以上用电来自可再生能源并通过第三方核查")
CATEGORY = re.compile(r"20\d\d(\.\d\d)?")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "linelabels", BLOCKS)


def _chart(res, title):
    return next(c for c in res.charts if c.title == title)


def _geometry(page, rec):
    """The chart's sloped segments and its horizontal rules (axis, zero line,
    gridlines), in page space (y down); its frame."""
    h = page.rect.height
    fx0, fy0, fx1, fy1 = rec.frame
    frame = pdfread.Rect(fx0 - 0.5, h - fy1 - 0.5, fx1 + 0.5, h - fy0 + 0.5)
    slopes, rules = [], []
    for p in page.get_paths():
        pts = p["points"]
        if len(pts) < 2 or not all(frame.contains(pdfread.Point(*q)) for q in pts):
            continue
        for a, b in zip(pts, pts[1:]):
            if abs(a[1] - b[1]) < 0.01 and abs(a[0] - b[0]) > 20:
                rules.append((min(a[0], b[0]), a[1], max(a[0], b[0]), p["width"]))
            elif abs(a[0] - b[0]) > 0.01:
                slopes.append((a, b))
    return slopes, rules, frame


@pytest.mark.parametrize("title", TITLES)
def test_no_value_is_crossed_by_a_line_or_set_on_the_axis(built, title):
    res, doc = built
    rec = _chart(res, title)
    page = doc[rec.page - 1]
    h = page.rect.height
    slopes, rules, _ = _geometry(page, rec)
    assert slopes and rules, title
    values = [(b, t) for b, t in rec.labels if any(ch.isdigit() for ch in t)
              and not CATEGORY.fullmatch(t)]
    assert values, title
    for b, text in values:
        box = (b[0], h - b[3], b[2], h - b[1])
        assert not any(_crosses(p, q, box, 0.3) for p, q in slopes), (title, text)
        for x0, y, x1, _w in rules:
            on = box[0] < x1 and x0 < box[2] and box[1] < y < box[3]
            assert not on, (title, text, "over a rule")
    # under the plot are the categories (and years) only: no value among them
    cats = min(h - b[3] for b, t in rec.labels if CATEGORY.fullmatch(t))
    assert all(h - b[1] <= cats for b, _t in values), title


def test_every_value_is_printed(built):
    """Clear placement did not cost values: these charts keep a label at every point."""
    res, _doc = built
    said = [t for _b, t in _chart(res, "低谷与陡坡").labels]
    assert all(f"{v} 吨" in said for v in (50, 2, 48, 10, 60)), said
    said = [t for _b, t in _chart(res, "减排行动里程碑").labels]
    assert {"0%", "12%", "19%", "26%"} <= set(said) and "仓储屋顶光伏并网" in said


def test_a_long_point_text_at_the_chart_edge_is_set_inside_it(built):
    """A point's text too wide to centre over the chart's first or last point
    ran out of the chart, and the build failed as crowded (the starter on A5):
    it is now set beginning or ending at its point, or on two or three lines,
    whole, inside the chart, crossed by no line."""
    res, doc = built
    rec = _chart(res, "长说明的里程碑")
    page = doc[rec.page - 1]
    h = page.rect.height
    slopes, _rules, frame = _geometry(page, rec)
    said = "".join(t for _b, t in rec.labels)
    for note in NOTES:
        assert note in said, note
    notes = [(b, t) for b, t in rec.labels if any(t and t in n for n in NOTES)]
    for b, text in notes:
        box = (b[0], h - b[3], b[2], h - b[1])
        assert frame.x0 <= box[0] and box[2] <= frame.x1, text
        assert not any(_crosses(p, q, box, 0.3) for p, q in slopes), text
    assert len(notes) > len(NOTES)      # one text at least took two lines


def test_crosses():
    box = (0.0, 0.0, 10.0, 10.0)
    assert _crosses((-5, 5), (15, 5), box, 0)           # straight through
    assert not _crosses((-5, 12), (15, 12), box, 0)     # above it
    assert _crosses((-5, 11), (15, 11), box, 1.5)       # within the pad
    assert not _crosses((-5, -5), (0, -20), box, 0)     # away from it
    assert _crosses((5, 5), (6, 6), box, 0)             # inside it
