"""A chart drawn from data: line, bar (grouped or stacked), pie, donut, and a
timeline on a true time axis (of values, or of events)."""
from __future__ import annotations

from typing import Any

from ...source.chartdata import KINDS, check_chart
from ...source.schema import BOOL, DATA, SERIES, TEXT, TEXTS, WHENS, BlockType, Choice
from ...source.settings import COLORS, POS, REQUIRED, C, L, N, Setting
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..chart import chart
    return chart(c, blocks[0])


def check(raw: Any, errors: Any) -> bool:
    """One way of writing the data, a known kind, series as long as the labels,
    numbers where numbers go, times that are months or dates (source.chartdata)."""
    return check_chart(raw, errors)


COMPONENT = Component(
    name="chart", order=26, compose=compose, check=check,
    plain=("unit", "labels", "series.name", "data.label", "data.text"),
    schema=BlockType(TEXT, {"kind": Choice(KINDS, "chart kind", "kinds: " + ", ".join(KINDS)), "unit": TEXT, "data": DATA, "alt": TEXT,
                            "labels": TEXTS, "series": SERIES, "at": WHENS, "stacked": BOOL},
                     (), "chart drawn from data"),
    settings={
        "height": L(lo=POS), "bar_color": C(), "axis_color": C(), "line_width": L(hi=20.0),
        "axis_width": L(hi=20.0), "dot_radius": L(hi=50.0), "side_margin": L(hi=500.0),
        "value_scale": N(REQUIRED, 0.2, 5.0, "value labels, relative to chart-label"),
        "bar_fraction": N(REQUIRED, 0.05, 1.0, "bar width, fraction of a category"),
        "space_before": L(), "space_after": L(),
        "series_colors": Setting(COLORS, None, optional=True,
                                 doc="palette names of the series (and slices), in order; "
                                     "default: bar_color. More series than colours: tints "
                                     "of them, and a line chart's series then differ by "
                                     "marker shape and dash pattern too (lines and legend)"),
        "label_gap": L("2pt", hi=50.0, doc="between a mark and its label"),
        "legend_gap": L("4mm", hi=200.0, doc="between legend entries; pie to legend (twice)"),
        "pie_size": L("44mm", lo=10.0, hi=1000.0, doc="a pie's or donut's diameter"),
        "ring": N(0.56, 0.2, 0.9, "a donut's hole, fraction of its diameter"),
        "center_size": L("18pt", lo=3.0, hi=200.0, doc="a donut's total (face of chart-title)"),
        "event_width": L("34mm", lo=10.0, hi=1000.0,
                         doc="a timeline event's text wraps at this width"),
        "grid_color": C(None, optional=True,
                        doc="gridlines of a line or bar chart set on a value scale (where a "
                            "label at every point or bar would be printed over another); "
                            "default: axis_color"),
        "grid_width": L("0.3pt", hi=20.0, doc="those gridlines' width"),
        "grid_tint": N(0.5, 0.05, 1.0, "those gridlines' strength: the share of grid_color "
                       "printed (on screen: mixed with white)"),
    },
    styles=("chart-title", "chart-label"),
    example="""\
# kind: timeline (default), line, bar, pie or donut
# one series as points (data:) …
- chart: 快手日活跃用户数（DAU）增长
  kind: timeline                   # a timeline stands on a true time axis:
  unit: 亿                         #   every point needs at: YEAR-MONTH or YEAR-MONTH-DAY
  data:
    - {label: 2015.01, at: 2015-01, value: 0.1, text: DAU 超过千万}
    - {label: 2017.11, at: 2017-11, value: 1, text: DAU 超过 1 亿}
  alt: …                           # optional: the chart for screen readers
                                   # (default: title and every data point)
# … a timeline of events: points with at: and text:, no values
- chart: 快手抗疫行动时间线（2020 年）
  data:
    - {label: 1月23日, at: 2020-01-23, text: 向武汉市政府捐赠人民币 1 亿元}
    - {label: 4月24日, at: 2020-04-24, text: 武汉市慈善总会再次接收快手捐款 1138.09 万元}
# … or named series over shared labels (a legend names them)
- chart: 快手中学讲师与课程
  kind: bar                        # bar: grouped; with stacked: true, stacked
  labels: [内部讲师（位）, 线下课程（门）]
  series:
    - {name: 总数, values: [265, 305]}
    - {name: 2019 年新增, values: [187, 243]}
  # at: [2021-01, 2022-01]         # optional (line, bar): the labels on a time axis
# pie / donut: one series, a slice per label; a donut prints its total inside
- chart: 春晚红包“助力武汉”活动捐赠款项
  kind: donut
  unit: 元
  labels: [用户捐赠红包助力武汉的款项, 快手配捐金额]
  series:
    - {values: [7825613.06, 784542.02]}
# Values below zero (year-on-year changes): bars side by side and lines stand
# on a zero line, a bar below it goes down with its value under it; figures
# print with a true minus (U+2212) where the chart's faces have one.
# Errors name the line: a series with more or fewer values than labels, a
# value that is not a number, a negative part of a stack or slice of a pie,
# an unknown kind ("did you mean"), a timeline point without at:, data: and
# series: together.
""")
