"""A data table (a KPI table of an ESG report) built in the starter and read
back from the PDF: its figures are never broken ('12,345.' / '6' was
printed when a column's share of the measure was narrower than a figure),
columns of figures are set flush right with their headers, and without
`widths:` the columns are sized by their content (a unit on one line, the
long indicator names given the room)."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.compose.tables import _auto_widths, figure_columns
from tests import pdfread
from tests.samples import starter_with

ROWS = [
    ["范围一温室气体排放", "吨二氧化碳当量", "12,345.6", "11,987.2", "10,456.9", "9,876.5", "-11.2%"],
    ["范围二温室气体排放（基于市场）", "吨二氧化碳当量", "45,678.9", "43,210.0", "40,123.4",
     "38,765.4", "-8.6%"],
    ["范围三温室气体排放（第 15 类：投资）", "万吨", "—", "—", "23.4", "21.9", "-8.2%"],
    ["总用水量", "吨", "1,234,567", "1,198,765", "1,156,789", "1,123,456", "-2.2%"],
    ["有害废弃物（含废旧电子设备、硒鼓墨盒、废电池等）", "吨", "12.3", "11.8", "10.9", "10.2",
     "-3.9%"],
]
COLUMNS = ["指标", "单位", "2021", "2022", "2023", "2024", "同比变化"]
# as printed: a negative figure with a true minus (tables.typeset_minus)
PRINTED = [[c.replace("-", "\u2212", 1) if c.startswith("-") else c for c in row] for row in ROWS]
FIGURES = [c for row in PRINTED for c in row[2:] if c != "—"]


def test_columns_of_figures_are_told_from_columns_of_words():
    assert figure_columns(ROWS, 7) == [False, False, True, True, True, True, True]
    assert figure_columns([["+11.4 个百分点"], ["3.2"]], 1) == [False]
    assert figure_columns([["—"], ["N/A"]], 1) == [False]        # no figure at all
    assert figure_columns([[12], [3.5], ["(1,234)"], ["45％"]], 1) == [True]
    assert figure_columns([[["a list"]], ["3"]], 1) == [False]


def test_automatic_widths_keep_short_columns_whole_and_fill_the_measure():
    got = _auto_widths(300.0, [20.0, 20.0, 20.0], [400.0, 60.0, 50.0])
    assert abs(sum(got) - 300.0) < 1e-6
    assert got[1] == 60.0 and got[2] == 50.0 and got[0] == pytest.approx(190.0)
    fits = _auto_widths(300.0, [20.0, 20.0], [100.0, 50.0])       # all on one line: grown
    assert fits == pytest.approx([200.0, 100.0])


@pytest.fixture(scope="module", params=["auto", "given"])
def built(tmp_path_factory, request):
    root = tmp_path_factory.mktemp("kpi")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    rows = "".join(f"      - [{', '.join(repr(c) for c in row)}]\n" for row in ROWS)
    widths = "    widths: [3, 2, 1, 1, 1, 1, 1]\n" if request.param == "given" else ""
    block = (f"  - table: 主要环境绩效指标\n    columns: [{', '.join(COLUMNS)}]\n{widths}"
             f"    rows:\n{rows}")
    res = build(starter_with(root / "report", block))
    doc = pdfread.open_pdf(res.pdf)
    words = [w + (k,) for k, page in enumerate(doc) for w in pdfread.cell_words(page)]
    doc.close()
    mp.undo()
    return request.param, words


def test_no_figure_is_broken(built):
    _kind, found = built
    words = [w[0] for w in found]
    for figure in FIGURES:
        assert any(figure in w for w in words), (figure, words)


def test_figures_and_their_headers_are_flush_right(built):
    _kind, words = built
    for j, head in enumerate(COLUMNS[2:], start=2):
        figures = [row[j] for row in PRINTED if row[j] != "—"]
        column = [w for w in words if w[0] in figures]
        assert len(column) >= 4, (head, column)
        for page in {w[4] for w in column}:      # (a table continued on a facing page moves)
            rights = [w[2] for w in column if w[4] == page]
            assert max(rights) - min(rights) < 0.6, (head, column)
            header = next(w for w in words if w[0] == head and w[4] == page)
            assert abs(header[2] - max(rights)) < 0.6, (head, header, rights)


def test_without_widths_a_short_unit_stays_on_one_line(built):
    kind, words = built
    if kind == "auto":
        assert any(w[0] == "吨二氧化碳当量" for w in words)


def test_a_figure_column_sets_the_unit_of_its_header_under_it(tmp_path, monkeypatch):
    """A bank's table: long descriptions beside figure columns whose headers
    end in a unit in brackets. The headers were kept on one line, so three
    columns of short figures took ~130 pt each and the description wrapped
    to five lines a row; a designer sets the unit under the header
    ('资本充足率变动' / '（百分点）') and gives the description the room."""
    from csrpress.build import build
    from tests.pdfread import open_pdf
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    text = "核心一级资本充足率在报告期内保持稳定并高于监管要求，主要由于利润留存与资本补充工具发行"
    rows = "".join(f"      - [{y}, {text}, '1.{i}0', '1{i}.50', '-0.{i}0']\n"
                   for i, y in enumerate(range(2019, 2025)))
    project = starter_with(tmp_path / "r", "  - table: 资本充足情况\n    columns: [年度, 说明, "
                           "资本充足率变动（百分点）, 核心一级资本充足率（%）, 杠杆率变动（百分点）]\n"
                           "    rows:\n" + rows)
    doc = open_pdf(build(project, "screen").pdf)
    page = next(doc[i] for i in range(len(doc)) if doc[i].search_for("资本充足情况"))
    assert page.search_for("（百分点）") and not page.search_for("资本充足率变动（百分点）")
    left = page.search_for("说明")[0]
    right = page.search_for("资本充足率变动")[0]
    lines = page.get_text(clip=(left.x0 - 1, left.y1, right.x0 - 1, page.rect.height)).splitlines()
    rows_here = sum("核心一级" in ln for ln in lines)
    assert rows_here >= 2 and len(lines) <= 2 * rows_here, lines


def test_a_column_of_figures_is_grouped_alike(tmp_path, monkeypatch):
    """A food company's KPI table (the starter's layout: groups from five
    digits). The rule was applied to figures before a unit in running text
    only, so a column printed '14900' (as typed, ungrouped) over '4100' and a
    typed '8,812': two rules in one column. A column of figures is one set
    now: with one figure grouped by the rule, every figure of four digits or
    more is, and a column with one typed grouped is grouped (the starter's
    '4,800' column stays); one with none grouped stands as typed; signs,
    brackets and percentages kept."""
    from csrpress.compose.tables import grouped_columns

    rule = {"thousands": ",", "group_from": 5}
    rows = [["排放", 14900, "4,100.5", "2300", "-1,200"],
            ["员工", "8,812", "(3,200)", "1,800", "12,000"],
            ["收入", "58.2", "—", "1900", "+3.5%"]]
    assert grouped_columns(rows, [False, True, True, True, True], rule) == [
        ["排放", "14,900", "4,100.5", "2,300", "-1,200"],
        ["员工", "8,812", "(3,200)", "1,800", "12,000"],
        ["收入", "58.2", "—", "1,900", "+3.5%"]]
    assert grouped_columns([["2300"], ["1900"], ["35"]], [True], rule) == \
        [["2300"], ["1900"], ["35"]]
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    block = ("  - table: 关键绩效指标\n    columns: [指标, 单位, 2023 年, 2024 年]\n    rows:\n"
             "      - [温室气体排放, 吨, 14900, 13700]\n"
             "      - [工厂排放, 吨, \"4100\", \"3800\"]\n"
             "      - [员工总数, 人, \"8,812\", \"9,120\"]\n")
    res = build(starter_with(tmp_path / "report", block), "screen")
    doc = pdfread.open_pdf(res.pdf)
    words = {w[0] for page in doc for w in pdfread.cell_words(page)}
    doc.close()
    assert {"14,900", "13,700", "4,100", "3,800", "8,812", "9,120"} <= words
    assert not {"14900", "4100", "3800"} & words
