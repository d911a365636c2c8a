"""Category labels and pie shares, built in the starter and read back from its
charts' records.

Found building a report from outside: a bar chart of thirty provinces
printed six of their names (北京, 四川, 山东 …) under thirty bars, the way
a value scale prints every second or third month; a reader could not tell
which bar was 广东. Months can be read from their neighbours, provinces
cannot: categories that are no sequence are set down their slots a
character a row, the chart taller by those rows. A pie's slice of 0.02 %
printed its share as '0.0%' (read as none). Twenty-four months labelled
1月 … 12月 under a line printed every one, '1月' on a line beside '10' over
'月' on two: a sequence's labels are all set alike, every second one here.
Eight English categories ('Scope 3 financed emissions') could not be set
in two lines under their bars: the build failed with a crowded chart; a
Latin label now takes a line per word or two. Fourteen such labels on a
value scale, printed every second one across two slots, ran the first into
the scale's '0': the build failed with a crowded chart; a label wider than
its slot now begins where the plot begins. Eight Hong Kong districts
('新界西（屯門、元朗、荃灣）') could neither take two lines nor be stacked
(their brackets): the build failed with a crowded chart, and a two-line
label had begun its second line with '、'; such a label now takes three
lines, broken where clreq allows and at its pauses where it can."""
from __future__ import annotations

import pytest

from tests.samples import built_starter, chart_record

PROVINCES = ["北京", "上海", "广东", "浙江", "江苏", "四川", "湖北", "湖南", "河南", "河北",
             "山东", "山西", "陕西", "甘肃", "青海", "新疆", "西藏", "云南", "贵州", "广西",
             "海南", "福建", "江西", "安徽", "辽宁", "吉林", "黑龙江", "内蒙古自治区",
             "宁夏回族自治区", "重庆"]
MONTHS = [f"{y}年{m}月" for y in (2024, 2025) for m in range(1, 13)]
SCOPES = ["Scope 1 emissions", "Scope 2 market-based", "Scope 2 location-based",
          "Scope 3 purchased goods", "Scope 3 business travel", "Scope 3 commuting",
          "Scope 3 financed emissions", "Scope 3 waste"]
UNITS = [f"Business Unit Number {i}" for i in range(1, 15)]
DISTRICTS = ["香港島東區及南區", "九龍城及油尖旺", "新界東（沙田、大埔、北區）",
             "新界西（屯門、元朗、荃灣）", "離島及東涌", "深圳前海", "廣州天河", "澳門半島"]
BLOCKS = f"""\
  - chart: 各省份员工人数
    kind: bar
    unit: 人
    labels: [{", ".join(PROVINCES)}]
    series:
      - {{name: 员工, values: [{", ".join(str(100 + 37 * i) for i in range(30))}]}}
  - chart: 两年的月度用电量
    kind: bar
    unit: 兆瓦时
    labels: [{", ".join(MONTHS)}]
    series:
      - {{name: 用电, values: [{", ".join(str(50 + i) for i in range(24))}]}}
  - chart: 月度绿色债券发行额
    kind: line
    unit: 亿港元
    labels: [{", ".join(f"{m}月" for m in range(1, 13))}, {", ".join(f"{m}月" for m in range(1, 13))}]
    series:
      - {{name: 发行额, values: [{", ".join(f"{10 + i % 7}.{i % 9 + 1}" for i in range(24))}]}}
  - chart: 各类排放
    kind: bar
    unit: 吨
    labels: [{", ".join(SCOPES)}]
    series:
      - {{name: "2025", values: [120, 340, 360, 1200, 80, 60, 25000, 15]}}
  - chart: Emissions by business unit
    kind: bar
    labels: [{", ".join(UNITS)}]
    series:
      - {{values: [{", ".join(str(7 * i) for i in range(1, 15))}]}}
  - chart: 按地區劃分的耗電量
    kind: bar
    unit: 百萬千瓦時
    labels: [{", ".join(DISTRICTS)}]
    series:
      - {{name: 2023/24, values: [8.2, 9.1, 10.4, 7.7, 1.2, 3.3, 2.9, 0.8]}}
      - {{name: 2024/25, values: [7.9, 8.6, 10.1, 7.5, 1.4, 3.6, 3.1, 0.9]}}
  - chart: 收入构成
    kind: pie
    unit: 亿元
    labels: [线上营销服务, 直播, 其他服务, 广告联盟, 其它]
    series:
      - {{values: [500, 350, 80, 0.2, 0.1]}}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "categories", BLOCKS)


def _under_axis(rec):
    """The labels under the plot: (x centre, top, text), lowest plot first."""
    x0, y0, x1, y1 = rec.frame
    return [((b[0] + b[2]) / 2, b[3], t) for b, t in rec.labels]


def test_every_category_is_named_down_its_slot(built):
    res, _doc = built
    rec = chart_record(res, "各省份员工人数")
    labels = _under_axis(rec)
    by_x: dict[float, list[tuple[float, str]]] = {}
    for x, top, t in labels:
        by_x.setdefault(round(x, 1), []).append((top, t))
    columns = ["".join(t for _top, t in sorted(v, reverse=True)) for _x, v in sorted(by_x.items())]
    # every province printed, each one its own column, in order, read downwards
    assert [c for c in columns if c in PROVINCES] == PROVINCES


def test_stacked_labels_make_the_chart_taller_not_its_plot_shorter(built):
    res, _doc = built
    provinces, months = chart_record(res, "各省份员工人数"), chart_record(res, "两年的月度用电量")
    h = provinces.frame[3] - provinces.frame[1]
    assert h > months.frame[3] - months.frame[1] + 40     # seven rows down, two allowed for


def test_a_sequence_is_still_printed_every_second_one(built):
    res, _doc = built
    printed = [t for _b, t in chart_record(res, "两年的月度用电量").labels if "月" in t]
    assert 0 < len(printed) < len(MONTHS)


def test_a_sequence_is_never_set_half_on_one_line_half_on_two(built):
    res, _doc = built
    rec = chart_record(res, "月度绿色债券发行额")
    # the category labels: the month names and what is level with them or
    # below (the value scale's figures stand higher, beside the plot)
    months = [b for b, t in rec.labels if t.endswith("月")]
    top = max(b[3] for b in months) + 0.5
    under = [(b, "".join(t.split())) for b, t in rec.labels if b[3] <= top]
    assert under and all(t.endswith("月") and t[:-1].isdigit() for _b, t in under), " ".join(t for _b, t in under)
    assert len({round(b[1], 1) for b, _t in under}) == 1          # one row of labels
    assert len(under) < 24


def test_long_latin_categories_take_a_line_per_word(built):
    res, _doc = built
    rec = chart_record(res, "各类排放")
    words = [(b, t) for b, t in rec.labels if "吨" not in t and t != "2025"]   # (values, legend)
    # every category's words printed, in order, under its own bar
    columns: dict[float, list[tuple[float, str]]] = {}
    for b, t in words:
        columns.setdefault(round((b[0] + b[2]) / 2, 1), []).append((b[3], t))
    read = [" ".join(t for _top, t in sorted(v, reverse=True)) for _x, v in sorted(columns.items())]
    assert read == SCOPES, read
    assert max(len(v) for v in columns.values()) >= 3          # more than two lines where needed
    assert ["Scope 3", "waste"] in [[t for _top, t in sorted(v, reverse=True)] for v in columns.values()]
    # no two labels' boxes overlap
    boxes = [b for b, _t in rec.labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_a_tiny_slice_is_not_printed_as_none(built):
    res, _doc = built
    texts = [t for _b, t in chart_record(res, "收入构成").labels]
    assert texts.count("<0.1%") == 2 and "0.0%" not in texts


def test_what_counts_as_a_sequence():
    from csrpress.compose.chartdraw import _sequence

    for labels in (["2019", "2020"], ["1月", "2月"], ["一月", "二月"], ["Q1", "Q2"],
                   ["第一季度", "第二季度"], ["Jan", "Feb.", "Sept", "October"]):
        assert _sequence(labels), labels
    for labels in (["北京", "上海"], ["Plant Alpha", "Plant Beta"], ["Mayor", "Janet"]):
        assert not _sequence(labels), labels


def test_a_thinned_label_begins_where_the_plot_begins(built):
    res, _doc = built
    rec = chart_record(res, "Emissions by business unit")
    zero = [b for b, t in rec.labels if t == "0"]
    words = [(b, t) for b, t in rec.labels if t.startswith(("Business", "Number"))]
    assert zero and words, rec.labels
    assert min(b[0] for b, _t in words) >= zero[0][2]            # right of the scale's '0'
    boxes = [b for b, _t in rec.labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_long_chinese_categories_take_three_lines_broken_where_clreq_allows(built):
    from csrpress.text.atoms import NO_END, NO_START

    res, _doc = built
    rec = chart_record(res, "按地區劃分的耗電量")
    words = [(b, t) for b, t in rec.labels if any("\u4e00" <= ch <= "\u9fff" for ch in t)
             and not t.startswith("20") and t != "百萬千瓦時"]     # (not the legend, unit)
    columns: dict[float, list[tuple[float, str]]] = {}
    for b, t in words:
        columns.setdefault(round((b[0] + b[2]) / 2, 1), []).append((b[3], t))
    lines = [[t.replace(" ", "") for _top, t in sorted(v, reverse=True)]
             for _x, v in sorted(columns.items())]
    assert ["".join(ls) for ls in lines] == DISTRICTS, lines
    assert max(map(len, lines)) == 3
    assert ["新界西", "（屯門、", "元朗、荃灣）"] in lines         # broken at its pauses
    for ls in lines:
        assert not any(ln[0] in NO_START for ln in ls[1:]), ls
        assert not any(ln[-1] in NO_END for ln in ls[:-1]), ls
