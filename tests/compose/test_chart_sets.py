"""A chart's figures are one set, read together: grouped alike, and one
label where lines meet. Found building a food company's ESG summary (the
starter's layout, GB/T 15835 grouping from five digits): a scale of
'0, 5000, 10,000, 15,000', a donut legend of '86,400 吨' over '9800 吨',
and two lines ending on 50 % printed '50%' twice, one over the other (three
'1800 吨' where three lines met)."""
from __future__ import annotations

from tests.compose.test_chart import _overlaps, _starter_charts

BLOCKS = """\
  - chart: 各业务排放
    kind: bar
    unit: 吨
    labels: ["2023", "2024", "2025"]
    series:
      - {name: 工厂, values: [4100, 3800, 3400]}
      - {name: 冷链物流, values: [10800, 9900, 9200]}
      - {name: 合计, values: [14900, 13700, 12600]}
  - chart: 用水来源
    kind: donut
    unit: 吨
    labels: [市政供水, 地下水, 雨水回收]
    series:
      - {values: [86400, 9800, 3800]}
  - chart: 电力占比
    kind: line
    unit: "%"
    labels: ["2021", "2022", "2023", "2024", "2025"]
    series:
      - {name: 可再生能源, values: [12, 21, 30, 42, 50]}
      - {name: 外购电力, values: [88, 79, 70, 58, 50]}
  - chart: 包装材料
    kind: line
    unit: 吨
    labels: ["2022", "2023", "2024", "2025"]
    series:
      - {name: 塑料, values: [2300, 2100, 1900, 1800]}
      - {name: 纸, values: [1500, 1600, 1700, 1800]}
      - {name: 玻璃, values: [900, 950, 1000, 1800]}
  - chart: 月度用电
    kind: line
    unit: 千瓦时
    labels: [一月, 二月, 三月, 四月, 五月, 六月, 七月, 八月, 九月, 十月, 十一月, 十二月]
    series:
      - {name: 甲厂, values: [9100, 9200, 9300, 9350, 9400, 9420, 9500, 9550, 9600, 9700, 9750, 9800]}
      - {name: 乙厂, values: [9000, 9150, 9250, 9300, 9380, 9400, 9480, 9520, 9580, 9690, 9740, 9800]}
      - {name: 丙厂, values: [8900, 9050, 9200, 9280, 9350, 9390, 9450, 9500, 9560, 9650, 9720, 9790]}
"""


def _texts(res, title: str) -> list[str]:
    chart = next(r for r in res.charts if r.title.startswith(title))
    assert _overlaps(chart.labels) == []
    return [t for _, t in chart.labels]


def test_a_charts_figures_are_grouped_alike_and_meeting_lines_share_a_label(
        tmp_path, monkeypatch):
    res = _starter_charts(tmp_path, monkeypatch, BLOCKS)
    bars = _texts(res, "各业务排放")
    assert {"5,000", "10,000", "15,000"} <= set(bars) and "5000" not in bars
    donut = _texts(res, "用水来源")
    assert {"86,400 吨", "9,800 吨", "3,800 吨"} <= set(donut), donut
    share = _texts(res, "电力占比")
    assert share.count("50%") == 1 and share.count("42%") == 1, share
    packs = _texts(res, "包装材料")
    assert packs.count("1800 吨") == 1 and "1,800 吨" not in packs, packs   # a set of 4 digits
    assert packs.count("900 吨") == 1
    months = _texts(res, "月度用电")             # crowded: on a value scale to 10,000
    assert "10,000" in months and "5,000" in months, months
    assert months.count("9,800 千瓦时") == 1 and "9,790 千瓦时" in months, months
