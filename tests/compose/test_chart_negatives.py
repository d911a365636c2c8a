"""Charts of values below zero (year-on-year changes), built in the starter
and read back from the PDF.

Negative values were refused ("the drawing starts at zero"): a change chart
could not be drawn at all. Bars side by side and lines now stand on a zero
line drawn across the plot, bars below it go down and carry their value
under them, and the figures print with a true minus (U+2212) that the text
layer reads back as one. A stack or a pie divides a whole: a negative part
there is still a located error, with a hint."""
from __future__ import annotations

from decimal import Decimal

import pytest

from csrpress.build import build
from csrpress.compose.chartdraw import _scale, num
from csrpress.errors import BuildError
from csrpress.source.chartdata import Value
from tests import pdfread
from tests.samples import built_starter, chart_record, mini_project

MINUS = "\u2212"

BLOCKS = """\
  - chart: 排放量同比变化
    kind: bar
    unit: "%"
    data:
      - {label: "2022", value: 4.5}
      - {label: "2023", value: -7.7}
      - {label: "2024", value: -10.4}
      - {label: "2025", value: 2.1}
  - chart: 各业务同比变化
    kind: bar
    unit: "%"
    labels: ["2023", "2024", "2025"]
    series:
      - {name: 直播, values: [12.5, -3.2, 6.0]}
      - {name: 电商, values: [-5.1, 8.4, -2.0]}
  - chart: 月度用电同比
    kind: bar
    unit: "%"
    labels: [1月, 2月, 3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月, 11月, 12月]
    series:
      - {name: 2024 年, values: [3.1, -2.4, 5.6, -8.2, 1.1, 0.4, -3.3, 6.6, 2.2, -1.0, 4.4, -5.5]}
      - {name: 2025 年, values: [-1.2, 2.5, -4.4, 3.3, -0.7, 2.9, 1.5, -6.1, 3.8, 2.0, -2.2, 1.9]}
  - chart: 全部下降
    kind: bar
    data:
      - {label: 甲, value: -3}
      - {label: 乙, value: -1234567}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "negatives", BLOCKS)


def _bars(page, rec):
    """The chart's filled rectangles (bars), in the page's y-down coordinates."""
    h = page.rect.height
    fx0, fy0, fx1, fy1 = rec.frame
    frame = pdfread.Rect(fx0, h - fy1, fx1, h - fy0)
    return [d["rect"] for d in page.get_drawings()
            if d["fill"] and frame.contains(d["rect"]) and d["rect"].width > 3
            and d["rect"].height > 0.5]


@pytest.mark.parametrize("title,values", [("排放量同比变化", ["4.5%", "−7.7%", "−10.4%", "2.1%"]),
                                          ("各业务同比变化", ["12.5%", "−3.2%", "−5.1%", "−2.0%"])])
def test_bars_below_zero_go_down_from_one_line_with_their_value_under_them(built, title, values):
    res, doc = built
    rec = chart_record(res, title)
    page = doc[rec.page - 1]
    h = page.rect.height
    bars = _bars(page, rec)
    labels = {t: (b[0], h - b[3], b[2], h - b[1]) for b, t in rec.labels}   # (y down)
    zero = None
    for text in values:
        x0, top, x1, bottom = labels[text]
        mid = (x0 + x1) / 2
        bar = min((r for r in bars if r.x0 <= mid <= r.x1),
                  key=lambda r: min(abs(r.y0 - bottom), abs(r.y1 - top)))
        if text.startswith(MINUS):
            assert top >= bar.y1 - 0.1, (text, bar)          # under the bar's end
            edge = bar.y0                                    # it hangs from the zero line
        else:
            assert bottom <= bar.y0 + 0.1, (text, bar)       # over the bar's end
            edge = bar.y1                                    # it stands on the zero line
        zero = edge if zero is None else zero
        assert abs(edge - zero) < 0.05, (text, edge, zero)
    frame_top = h - rec.frame[3]
    assert all(b.y1 < h - rec.frame[1] and b.y0 > frame_top for b in bars)


def test_the_minus_is_a_true_minus_in_the_text_layer(built):
    res, doc = built
    rec = chart_record(res, "排放量同比变化")
    text = doc[rec.page - 1].get_text()
    assert f"{MINUS}7.7%" in text and f"{MINUS}10.4%" in text
    assert "-7.7" not in text
    # grouped by thousands like any figure, the sign outside the groups
    low = chart_record(res, "全部下降")
    assert f"{MINUS}1,234,567" in [t for _b, t in low.labels]
    assert f"{MINUS}1,234,567" in doc[low.page - 1].get_text()


def test_a_crowded_change_chart_is_drawn_on_a_scale_through_zero(built):
    res, doc = built
    rec = chart_record(res, "月度用电同比")
    said = [t for _b, t in rec.labels]
    assert "0" in said and f"{MINUS}5" in said and "5" in said, said


def test_num_signs_and_groups():
    rule = {"thousands": ",", "group_from": 5, "minus": MINUS}
    assert num(Value(Decimal("-1234567.50")), rule) == f"{MINUS}1,234,567.50"
    assert num(-2.5, rule) == f"{MINUS}2.5"
    assert num(-0.0000001, rule) == "0"           # no "−0"
    assert num(Value(Decimal("-0.00")), rule) == "0.00"
    assert num(-3.0, {"thousands": ","}) == "-3"  # a face without U+2212: the hyphen-minus


def test_a_scale_through_zero_has_zero_and_covers_both_signs():
    ticks = _scale(4.5, 200, 20, -10.4)
    assert 0 in ticks and ticks[0] <= -10.4 and ticks[-1] >= 4.5
    assert _scale(100, 200, 20) == _scale(100, 200, 20, 0.0) and _scale(100, 200, 20)[0] == 0
    # a plot too short for two steps: one step each side of zero, both values inside
    # (the scale ran on to [-5000000000.0, 0.0], the 4.5 bar above the chart)
    assert _scale(4.5, 10, 20, -10.4) == [-20.0, 0.0, 20.0]
    assert _scale(0.0, 10, 20, -10.4) == [-20.0, 0.0]


@pytest.mark.parametrize("block,said", [
    ("    kind: bar\n    stacked: true\n    labels: [a, b]\n    series:\n"
     "      - {name: x, values: [1, -2]}\n      - {name: y, values: [1, 2]}\n", "stacked"),
    ("    kind: pie\n    data: [{label: a, value: 5}, {label: b, value: -1}]\n", "slice"),
    ("    kind: donut\n    labels: [a, b]\n    series:\n      - {values: [3, -1]}\n", "slice"),
])
def test_a_negative_part_of_a_whole_is_a_located_error(tmp_path, monkeypatch, block, said):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", f"  - chart: 图\n{block}")
    with pytest.raises(BuildError) as exc:
        build(project)
    (d,) = exc.value.diagnostics
    assert "part.yaml:" in str(d) and said in d.message and d.hint
