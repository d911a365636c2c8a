"""The DAU chart stands on a true time axis: the points are as far apart as
the months between them (34, 18 and 8), read back from the PDF."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.errors import BuildError
from tests.samples import mini_project


def _dots(page, radius: float = 3.0) -> list[float]:
    return sorted((d["rect"].x0 + d["rect"].x1) / 2 for d in page.get_drawings()
                  if d["fill"] and abs(d["rect"].width - 2 * radius) < 0.6
                  and abs(d["rect"].height - 2 * radius) < 0.6)


def test_dau_points_on_a_time_axis(pdf):
    page = next(p for p in pdf if "日活跃用户数" in "".join(p.get_text().split())
                and "2019.05" in p.get_text())
    xs = _dots(page)
    assert len(xs) == 4
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    months = [34, 18, 8]
    for g, m in zip(gaps, months):
        assert g / gaps[0] == pytest.approx(m / months[0], rel=0.02)


def test_a_point_time_must_be_a_month(tmp_path):
    blocks = ("  - chart: 图\n    data:\n      - {label: a, at: 2019-13, value: 1}\n"
              "      - {label: b, at: 2020-01, value: 2}\n")
    with pytest.raises(BuildError) as exc:
        build(mini_project(tmp_path, blocks))
    assert "part.yaml:6:" in str(exc.value) and "not a month" in str(exc.value)


def test_a_time_axis_prints_its_scale_of_years(pdf):
    """The DAU timeline (2015.01 → 2020 初) labels each year's tick under the
    points' own dates: 2016 … 2019 (2015 and 2020 stand in the points' labels
    over their ticks)."""
    page = next(p for p in pdf if "快手日活跃用户数" in "".join(p.get_text().split()))
    words = page.get_text().split()
    assert all(str(y) in words for y in range(2016, 2020))


def _day(y: int, m: int = 1, d: int = 1) -> int:
    import datetime
    return datetime.date(y, m, d).toordinal()


def test_a_first_point_on_1_january_has_its_year_on_the_scale():
    from csrpress.compose.chartdraw import _ticks, _year_ticks

    assert [y for _, y in _year_ticks([_day(2015), _day(2020)])] == \
        [str(y) for y in range(2015, 2021)]
    assert [y for _, y in _year_ticks([_day(2015, 3), _day(2020)])] == \
        [str(y) for y in range(2016, 2021)]
    assert _ticks(_day(2020), _day(2020, 4))[0] == _day(2020)        # months: the first too


def test_the_year_row_does_not_repeat_a_year_a_label_prints_at_its_tick():
    """"2023" above "2023": a bare-year label dated in that year, or a label
    naming the year over its tick, already prints it; a label beside the
    tick, or one of another year, does not."""
    from csrpress.compose.chartdraw import _shown

    def shown(year: str, tick_x: float, label: str, at: int, x: float) -> bool:
        return _shown(year, tick_x, [label], [at], [x], lambda t: 5.0 * len(t))

    assert shown("2023", 100.0, "2023", _day(2023, 6), 140.0)          # bare year, same year
    assert shown("2020", 100.0, "2020 初", _day(2020), 100.0)          # over its tick
    assert shown("2015", 100.0, "2015.01", _day(2015), 100.0)
    assert not shown("2019", 100.0, "2019.05", _day(2019, 5), 140.0)  # beside the tick
    assert not shown("2018", 100.0, "2017.11", _day(2017, 11), 95.0)  # another year
    assert not shown("2024", 100.0, "2023", _day(2023, 12), 100.0)


def test_a_value_and_its_word_unit_are_set_the_body_gap_apart():
    """One number rule: a chart sets "1 亿" with the layout's Han–Latin gap
    (text.han_latin_gap, as the body does), not a typed space (0.224 em in
    this face); a sign unit (%) stays close up."""
    from csrpress.compose.chart import Ink, Sheet
    from csrpress.compose.chartdraw import UNIT_GAP, with_unit

    widths = {"1": 0.55, "2": 0.55, "亿": 1.0, "%": 0.8}

    def width_of(face: str, text: str, size: float) -> float:
        return sum(0.3 if ch == UNIT_GAP else widths[ch] for ch in text) * size

    ink = Ink("F", "f", "B", "b", 10.0, None, None, [], [], width_of, {}, {}, gap=0.3)
    sheet = Sheet(200, 100, ink)
    text = with_unit("12", "亿")
    assert with_unit("12", "%") == "12%" and text == "12" + UNIT_GAP + "亿"
    box = sheet.label(50, 20, text, anchor="middle")
    strings = [(s.x, s.text) for s in sheet.drawing.contents]
    assert strings == [(pytest.approx(box[0]), "12"),
                       (pytest.approx(box[0] + 1.1 * 10 + 0.3 * 10), "亿")]
    assert box[2] - box[0] == pytest.approx((1.1 + 0.3 + 1.0) * 10)
    assert sheet.boxes[-1][1] == "12 亿"      # the record reads as typed


def test_a_tick_stops_short_of_a_point_label_over_it(pdf):
    """The 2018 tick stands under "2017.11" (two months on): it ran into the label."""
    page = next(p for p in pdf if "快手日活跃用户数" in "".join(p.get_text().split()))
    label = page.search_for("2017.11")[0]
    ticks = [d["rect"] for d in page.get_drawings() if d["width"] and d["rect"].width < 1.5
             and 0.5 < d["rect"].height < 5 and label.x0 < d["rect"].x0 < label.x1]
    assert ticks and not any(t.intersects(label) for t in ticks), (ticks, label)


def test_value_labels_of_pale_series_are_set_in_the_label_ink(tmp_path, monkeypatch):
    """More series or slices than the layout names colours for get tints (down
    to 30 % of a colour): their value labels are set in the label ink, so the
    screen edition meets WCAG contrast without a palette colour to blame."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path, """
  - chart: 七类贷款
    kind: pie
    unit: 亿元
    labels: [甲类, 乙类, 丙类, 丁类, 戊类, 己类, 庚类]
    series:
      - {values: [508.6, 250.2, 301.1, 80.3, 60.2, 20.1, 14.06]}
  - chart: 四条线
    kind: line
    labels: ["2021", "2022", "2023"]
    series:
      - {name: 甲, values: [10, 40, 90]}
      - {name: 乙, values: [200, 260, 330]}
      - {name: 丙, values: [500, 560, 640]}
      - {name: 丁, values: [800, 900, 990]}
""")
    res = build(project)
    assert res.check.facts["contrast_failures"] == 0, res.warnings


def test_a_label_keeps_its_series_colour_where_it_reads():
    from reportlab.lib.colors import CMYKColor, Color

    from csrpress.compose.chartdraw import _readable

    ink, paper = Color(0.1, 0.1, 0.1), Color(1, 1, 1)
    dark, pale = Color(0.1, 0.3, 0.5), Color(0.75, 0.85, 0.9)
    assert _readable(dark, ink, paper) is dark
    assert _readable(pale, ink, paper) is ink
    orange = CMYKColor(0, 0.6, 0.9, 0)            # print: only a light colour gives way
    assert _readable(orange, ink, paper) is orange
    assert _readable(CMYKColor(0, 0.15, 0.2, 0), ink, paper) is ink


GREEN_LOANS = """\
  - chart: 绿色贷款余额（亿元）
    kind: line
    unit: 亿元
    labels: ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
    series:
      - {name: 绿色贷款, values: [312.5, 405.2, 567.8, 734.1, 889.0, 1003.4, 1234.56]}
      - {name: 其中：清洁能源产业, values: [101.2, 150.3, 210.9, 298.7, 356.2, 420.1, 508.6]}
      - {name: 其中：节能环保产业, values: [88.1, 99.2, 130.4, 160.7, 190.3, 220.6, 250.2]}
"""
APART = """\
  - chart: 两条相距的线
    kind: line
    unit: 吨
    labels: ["2021", "2022", "2023"]
    series:
      - {name: 甲, values: [10, 12, 15]}
      - {name: 乙, values: [200, 260, 330]}
"""


def _overlaps(labels: list) -> list:
    return [(ta, tb) for i, (a, ta) in enumerate(labels) for b, tb in labels[i + 1:]
            if a[0] < b[2] - 0.3 and b[0] < a[2] - 0.3 and a[1] < b[3] - 0.3 and b[1] < a[3] - 0.3]


def test_lines_that_run_close_are_set_on_a_value_scale(tmp_path, monkeypatch):
    """Three series over seven years on the starter's A4 layout: a label at
    every point would be printed over another (the build refused it). The
    chart is set on a round value scale with each series' last value at its
    line's end, no label over another, every value in the alt text. A chart
    whose labels all find a place keeps a label at every point, no scale."""
    import pikepdf

    from csrpress.build import Project
    from csrpress.cli import write_starter

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "report")
    project = Project(tmp_path / "report")
    (project.content / "report.yaml").write_text(
        "title: 图\noutput: t\nlanguage: zh-CN\nparts: [p.yaml]\n", encoding="utf-8")
    (project.content / "p.yaml").write_text(
        "part: p\ntitle: 图\nblocks:\n" + GREEN_LOANS + APART, encoding="utf-8")
    res = build(project, "screen", record_lines=True)
    scaled, plain_ = (next(r for r in res.charts if r.title.startswith(t)) for t in ("绿色", "两条"))
    texts = [t for _, t in scaled.labels]
    assert _overlaps(scaled.labels) == []
    assert {"1234.56 亿元", "508.6 亿元", "250.2 亿元"} <= set(texts)
    assert "312.5 亿元" not in texts and "亿元" in texts          # the unit heads the scale
    assert [t for t in texts if t.isdigit() and not t.startswith("20")] == \
        ["0", "500", "1000", "1500"]
    ends = {t: b for b, t in scaled.labels if t.endswith(" 亿元")}
    assert ends["1234.56 亿元"][1] > ends["508.6 亿元"][3] > ends["508.6 亿元"][1] > \
        ends["250.2 亿元"][3]                                        # in the lines' order
    assert sorted(t for _, t in plain_.labels if t.endswith("吨")) == sorted(
        f"{v} 吨" for v in (10, 12, 15, 200, 260, 330))
    assert not any(t.isdigit() and t not in ("2021", "2022", "2023") for _, t in plain_.labels)
    with pikepdf.open(res.pdf) as pdf:
        alts = [str(o.get("/Alt")) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
                and "/Alt" in o]
    alt = next(a for a in alts if a.startswith("绿色贷款余额"))
    for _, vals in [(0, ["312.5", "1,234.56", "1234.56"]), (1, ["88.1 亿元", "250.2 亿元"])]:
        assert any(v in alt for v in vals), (vals, alt)
    assert all(f"{y}" in alt for y in range(2019, 2026))


def test_many_categories_print_every_nth_label_and_are_never_split_in_a_number(
        tmp_path, monkeypatch):
    """Forty quarters, and 24 months named 次年N月, as lines on a page's width:
    each label at every point would be printed over its neighbours (the build
    refused both). Every second, third … category is labelled, none over
    another, the first one always; a label in two lines is never cut inside a
    number (it was 次年1 | 0月); every label stays in the alt text. Labels too
    long to print even alone are still an error at the chart."""
    import pikepdf

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    quarters = [f"{y}年第{q}季度末" for y in range(2015, 2025) for q in "一二三四"]
    months = [f"{m}月" for m in range(1, 13)] + [f"次年{m}月" for m in range(1, 13)]

    def chart(title: str, labels: list[str]) -> str:
        vals = ", ".join(str(i % 7) for i in range(len(labels)))
        return (f"  - chart: {title}\n    kind: line\n    labels: [{', '.join(labels)}]\n"
                f"    series:\n      - {{name: 甲, values: [{vals}]}}\n"
                f"      - {{name: 乙, values: [{vals}]}}\n")

    res = build(mini_project(tmp_path / "a", chart("四十个季度", quarters) +
                             chart("两年各月", months)), "screen", record_lines=True)
    for title, labels in (("四十个季度", quarters), ("两年各月", months)):
        rec = next(r for r in res.charts if r.title.startswith(title))
        assert _overlaps(rec.labels) == []
        texts = [t.replace(" ", "") for _, t in rec.labels]     # (Han–Latin gaps aside)
        shown = [lb for lb in labels if lb in texts or any(
            lb == a + b for a, b in zip(texts, texts[1:]))]
        assert shown[0] == labels[0] and 2 <= len(shown)
        assert len(shown) < len(labels) or title == "两年各月"   # (they may fit in two lines)
        step = labels.index(shown[1])
        assert shown == labels[::step]
        assert not any(t[-1].isdigit() and u[0].isdigit() for t, u in zip(texts, texts[1:])
                       if t + u in labels)
        with pikepdf.open(res.pdf) as pdf:
            alt = next(str(o.get("/Alt")) for o in pdf.objects
                       if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
                       and str(o.get("/Alt", "")).startswith(title))
        assert all(lb in alt.replace(" ", "") for lb in labels)
    long = ["很长的类别名称" * 12, "另一个很长的类别名称" * 12]
    with pytest.raises(BuildError) as exc:
        build(mini_project(tmp_path / "b", chart("两个长标签", long)))
    assert "would be printed over others" in str(exc.value)


def test_a_value_scale_has_round_steps_and_room_between_ticks():
    from csrpress.compose.chartdraw import _scale, _spread

    assert _scale(1234.56, 100.0, 27.0) == [0, 500, 1000, 1500]
    assert _scale(1234.56, 300.0, 27.0) == [0, 200, 400, 600, 800, 1000, 1200, 1400]
    assert _scale(0.21, 100.0, 30.0) == [0, 0.1, 0.2, 0.3]
    assert _scale(4300, 100.0, 30.0) == [0, 2000, 4000, 6000]
    assert _scale(100, 5.0, 30.0) == [0, 100]               # a tiny chart: one step, no hang
    ys = _spread([50.0, 52.0, 10.0], 10.0, 0.0, 100.0)
    assert ys == [42.0, 52.0, 10.0]          # the lower of two close ends moves down
    assert _spread([1.0, 2.0], 10.0, 0.0, 100.0) == [0.0, 10.0]      # lifted off the floor
def test_a_slice_too_thin_to_draw_is_left_out_of_the_pie_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path, """
  - chart: 极小的一块
    kind: pie
    labels: [大, 小]
    series:
      - {values: [1, 1e-300]}
""")
    assert build(project).pages == 1


def test_a_pie_of_per_cent_values_does_not_print_each_share_twice(tmp_path, monkeypatch):
    """Values given in per cent of a whole (unit %, summing to 100) are their
    shares: the legend printed "40% 40.0%". Other units keep the share."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path, """
  - chart: 能源结构
    kind: pie
    unit: "%"
    labels: [煤电, 气电, 水电]
    series:
      - {values: [40, 35, 25]}
  - chart: 捐赠构成
    kind: donut
    unit: 万元
    labels: [甲, 乙]
    series:
      - {values: [30, 10]}
""")
    res = build(project, "screen", record_lines=True)
    pie, donut = (next(r for r in res.charts if r.title.startswith(t)) for t in ("能源", "捐赠"))
    texts = [t for _, t in pie.labels]
    assert {"40%", "35%", "25%"} <= set(texts) and "40.0%" not in texts
    assert {"75.0%", "25.0%"} <= {t for _, t in donut.labels}


MONTHS = """\
  - chart: 各月用电量（万千瓦时）
    kind: bar
    unit: 万千瓦时
    labels: [1月, 2月, 3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月, 11月, 12月]
    series:
      - {name: 2024 年, values: [123.4, 110.2, 130.5, 128.9, 140.1, 165.3, 180.2, 178.4, 150.6, 135.2, 128.7, 140.9]}
      - {name: 2025 年, values: [118.1, 105.9, 125.3, 122.6, 133.8, 158.4, 171.6, 169.9, 143.2, 129.8, 121.5, 133.1]}
"""


YEARS = """\
  - chart: 历年植树数量（万棵）
    kind: bar
    unit: 万棵
    data:
""" + "".join(f"      - {{label: '{y}', value: {3 + (y - 1996) * 1.7 + y % 3 * 2.1:.1f}}}\n"
              for y in range(1996, 2026))


def _starter_charts(tmp_path, monkeypatch, blocks: str):
    """The starter with chart blocks added before its milestone chart, built
    (screen) with its charts' labels recorded: the build's result."""
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = starter_with(tmp_path / "report", blocks, "20-environment.yaml",
                           "  - chart: 可再生能源使用的里程碑\n")
    return build(project, "screen", record_lines=True)


def test_a_label_that_is_one_number_is_never_split(tmp_path, monkeypatch):
    """Thirty years of bars on the starter's A4 page: each year was printed
    in two rows under its bar ("19" over "96", "20" over "00"), cut inside
    the number because it had no other place to cut. A year stays whole: the
    labels do not fit every slot, so every second year is printed, in order,
    none over another."""
    res = _starter_charts(tmp_path, monkeypatch, YEARS)
    years = next(r for r in res.charts if r.title.startswith("历年植树"))
    texts = [t for _, t in years.labels]
    printed = [t for t in texts if len(t) == 4 and t.isdigit()]
    assert printed == [str(y) for y in range(1996, 2026, 2)], texts
    assert not [t for t in texts if len(t) == 2 and t.isdigit() and t not in ("20", "40", "60")]
    assert _overlaps(years.labels) == []


def test_bars_too_many_to_label_are_set_on_a_value_scale(tmp_path, monkeypatch):
    """Twelve months of two years as bars (the build refused it: 14 labels
    over others): set on a round value scale with gridlines and no value at
    each bar, no label over another, every month under its bars, every value
    in the alt text. The starter's four labelled bars keep their labels."""
    import pikepdf

    res = _starter_charts(tmp_path, monkeypatch, MONTHS)
    months = next(r for r in res.charts if r.title.startswith("各月"))
    texts = [t for _, t in months.labels]
    assert _overlaps(months.labels) == []
    assert [t for t in texts if t.endswith("月")] == [f"{m} 月" for m in range(1, 13)]
    assert not any(t.endswith("万千瓦时") and t != "万千瓦时" for t in texts)   # no value labels
    assert "万千瓦时" in texts                                    # the unit heads the scale
    assert [t for t in texts if t.isdigit()] == ["0", "50", "100", "150", "200"]
    labelled = next(r for r in res.charts if r.title.startswith("温室气体"))
    assert {"5200 吨", "3900 吨"} <= {t for _, t in labelled.labels}
    with pikepdf.open(res.pdf) as pdf:
        alts = [str(o.get("/Alt")) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
                and "/Alt" in o]
    alt = next(a for a in alts if a.startswith("各月用电量"))
    assert "180.2" in alt and "105.9" in alt and "12 月" in alt


def test_a_long_legend_wraps_inside_the_chart(tmp_path, monkeypatch):
    """Twelve named series: the legend ran on in one row past the chart's
    right edge (into the margin); it wraps into rows within the chart."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    series = "\n".join(f"      - {{name: 第{i}号业务单元, values: [{i}, {i * 2}, {i * 3}]}}"
                       for i in range(1, 13))
    res = build(mini_project(tmp_path, f"  - chart: 十二个系列\n    kind: bar\n"
                                       f"    labels: [2023, 2024, 2025]\n    series:\n{series}\n"),
                record_lines=True)
    (chart,) = res.charts
    x0, y0, x1, y1 = chart.frame
    names = [(b, t) for b, t in chart.labels if t.endswith("业务单元")]
    assert len(names) == 12
    assert all(x0 - 0.5 <= b[0] and b[2] <= x1 + 0.5 for b, _ in names), (chart.frame, names)
    assert len({round(b[1]) for b, _ in names}) >= 2               # more than one row
    assert _overlaps(chart.labels) == []


def test_a_value_past_two_to_the_53_prints_its_own_digits():
    """A bar of 1e44: its axis printed 100,000,000,000,000,008,821,361,405,…
    (int() of the float: its binary expansion, digits nobody typed)."""
    from csrpress.compose.chartdraw import num

    assert num(1e44, {}) == "1" + "0" * 44
    assert num(8e43, {}) == "8" + "0" * 43
    assert num(-1e20, {}) == "-1" + "0" * 20
    assert num(9007199254740993, {}) == "9007199254740993"      # an int stays exact
    assert num(12345.0, {}) == "12345" and num(0.5, {}) == "0.5"


def test_content_values_print_their_exact_digits():
    """A value past 2^53 printed the float's digits (12345678901234567890 as
    12,345,678,901,234,567,000) and a stack's total or a pie's whole summed
    floats: a value prints the digits the content gave, sums are exact."""
    from csrpress.compose.chartdraw import num
    from csrpress.source.chartdata import exact_sum, value

    rule = {"thousands": ",", "group_from": 5}
    big = value(12345678901234567890)
    assert num(big, rule) == "12,345,678,901,234,567,890"
    assert num(exact_sum([big, value(1)]), rule) == "12,345,678,901,234,567,891"
    assert num(exact_sum([value(0.1), value(0.2)]), {}) == "0.3"
    assert num(value("1e15"), {}) == "1000000000000000"
    assert [num(value(v), {}) for v in (3, 3.0, 0.1234567, "1e-300")] == \
        ["3", "3.0", "0.1234567", "0"]       # as typed (past 15 places: 6, as a computed value)
    assert num(exact_sum([value(0), value(2)]), {}) == "2"
    assert num(exact_sum([value(6.0), value(1)]), {}) == "7.0"


def test_a_chart_of_values_past_a_floats_digits_prints_them_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path, """
  - chart: 大数
    kind: bar
    stacked: true
    labels: ["2024", "2025"]
    series:
      - {name: 甲, values: [12345678901234567890, 3]}
      - {name: 乙, values: [1, 9876543210987654321]}
  - chart: 大数之环
    kind: donut
    labels: [甲, 乙]
    series:
      - {values: [12345678901234567890, 9876543210987654321]}
""")
    from tests import pdfread
    res = build(project)
    text = "".join(page.get_text() for page in pdfread.open_pdf(res.pdf)).replace("\n", "")
    for figure in ("12,345,678,901,234,567,890", "12,345,678,901,234,567,891",
                   "9,876,543,210,987,654,324", "22,222,222,112,222,222,211"):
        assert figure in text, figure


MONTHS_CN = """  - chart: 三年各月的访问量
    kind: line
    labels: [一月, 二月, 三月, 四月, 五月, 六月, 七月, 八月, 九月, 十月, 十一月, 十二月, 一月, 二月, 三月, 四月, 五月, 六月, 七月, 八月, 九月, 十月, 十一月, 十二月, 一月, 二月, 三月, 四月, 五月, 六月, 七月, 八月, 九月, 十月, 十一月, 十二月]
    series:
      - {name: 访问量, values: [1,2,3,4,5,6,7,8,9,10,11,12,1,2,3,4,5,6,7,8,9,10,11,12,1,2,3,4,5,6,7,8,9,10,11,12]}
"""


def test_labels_printed_every_so_many_are_set_alike(tmp_path, monkeypatch):
    """Thirty-six months under a line chart: every second label printed put
    '十一月' on two rows ('十' over '一月') beside one-row '一月 … 九月' (found
    from outside). The labels printed are set alike, here on one row each:
    every third month, none split, none over another."""
    res = _starter_charts(tmp_path, monkeypatch, MONTHS_CN)
    chart = next(r for r in res.charts if r.title.startswith("三年各月"))
    texts = [t for _, t in chart.labels if "月" in t]
    assert texts == ["一月", "四月", "七月", "十月"] * 3, texts
    assert _overlaps(chart.labels) == []


def test_a_crowded_chart_names_its_labels_shortly(tmp_path):
    """A value of 1e300 made a scale of 300-digit labels, each printed whole
    into the error (a message of ~700 characters): the error names them cut
    short."""
    blocks = ("  - chart: 大值\n    kind: bar\n    labels: [甲, 乙]\n"
              "    series:\n      - {values: [1e300, 5]}\n")
    with pytest.raises(BuildError) as exc:
        build(mini_project(tmp_path, blocks))
    message = str(exc.value)
    assert "part.yaml:4:" in message and "printed over others" in message
    assert len(message) < 400 and "000…" in message, message


def test_chart_texts_take_the_han_latin_gap_as_paragraphs_do(pdf):
    """The report's pandemic timeline printed '1月23日' under a paragraph
    setting '1 月 23 日' (the typesetter's Han–Latin gap, typed or not): a
    chart's labels, texts, series names and unit get one space there too."""
    from csrpress.source.chartdata import spaced

    assert spaced("2021年") == "2021 年" and spaced("万kWh") == "万 kWh"
    assert spaced("2024 年") == "2024 年" and spaced("Q3季度") == "Q3 季度"
    assert spaced("2015.01") == "2015.01" and spaced("38.5%") == "38.5%"
    page = next(p for p in pdf if "快手抗疫行动时间线" in "".join(p.get_text().split()))
    text = page.get_text()
    assert "1 月 23 日" in text and "1月23日" not in text
