"""A report in Traditional Chinese (an HKEX ESG report: zh-Hant-HK, the font
collection's HK face), built from the starter and read back from its PDF.

Found writing one from outside: the number rule's GB/T 15835 default left
four-digit figures whole ('僱員 7842 名', '2350 萬平方呎') beside a KPI table
printing '1,284', where Hong Kong and Taiwan reports group them (years stay
whole: a 年度 column of 2021 … and a stat of 1998 年 were printed 2,021 and
1,998 once four digits were grouped); and a KPI
column with 不適用 (not applicable) in one row was set flush left, as text,
where its Simplified 不适用 kept the column's figures flush right."""
from __future__ import annotations

import pytest

from csrpress.compose.tables import figure_columns
from csrpress.text.normalise import default_group_from
from tests import pdfread
from tests.samples import starter_with

PARAGRAPH = ("  - 截至 2025 年 3 月 31 日，本集團共有僱員 7842 名，管理樓面面積約 2350 萬平方呎，"
             "於年內捐款 380 萬港元。\n")
TABLE = """\
  - table: 環境關鍵績效指標
    columns: [關鍵績效指標, 單位, 2023/24, 2024/25]
    rows:
      - [A1.2 範圍一排放, 噸二氧化碳當量, "1,196", "1,102"]
      - [A2.2 耗水量, 立方米, "1,802,440", "1,679,870"]
      - [A1.3 有害廢棄物, 噸, "<0.1", "9.4*"]
      - [A2.5 包裝材料, 噸, 不適用, 不適用]
  - table: 歷年僱員人數
    columns: [年度, 僱員人數]
    rows: [["2021", "6512"], ["2022", "7103"], ["2023", "7842"]]
  - stat: "1998"
    unit: 年
    label: 成立
  - stat: "12680"
    unit: 小時
    label: 義工服務
  - figures: 關鍵數據
    items:
      - {value: "2019", unit: 年, label: 上市}
      - {value: "18620", unit: 噸, label: 溫室氣體排放}
"""


def test_the_default_number_rule_follows_the_language():
    assert default_group_from("zh-CN") == 5 and default_group_from("zh-Hans-HK") == 5
    assert default_group_from("") == 5                # no language: a Chinese report
    for tag in ("zh-Hant", "zh-HK", "zh-Hant-TW", "zh-MO", "en", "en-GB"):
        assert default_group_from(tag) == 4, tag


def test_not_applicable_and_marked_figures_keep_a_column_of_figures():
    rows = [["1,102"], ["不適用"], ["9.4*"], ["<0.1"], ["1,284¹"], ["－"]]
    assert figure_columns(rows, 1) == [True]
    assert figure_columns([["不適用"], ["無"]], 1) == [False]     # no figure at all
    assert figure_columns([["約 20 名"], ["3"]], 1) == [False]     # words


@pytest.fixture(scope="module")
def page_words(tmp_path_factory):
    root = tmp_path_factory.mktemp("hant")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    project = starter_with(root / "report", PARAGRAPH + TABLE)
    meta = project.root / "content" / "report.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("language: zh-CN",
                                                             "language: zh-Hant-HK"),
                    encoding="utf-8")
    layout = project.root / "layout" / "layout.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "face: Noto Sans CJK SC}", "face: Noto Sans CJK HK}"), encoding="utf-8")
    from csrpress.build import build

    doc = pdfread.open_pdf(build(project, "screen").pdf)
    page = next(doc[i] for i in range(len(doc)) if doc[i].search_for("環境關鍵績效指標"))
    text = "".join(doc[i].get_text() for i in range(len(doc)))
    words = pdfread.cell_words(page)
    doc.close()
    mp.undo()
    return text, words


def test_four_digit_figures_are_grouped_in_traditional_chinese(page_words):
    text, _ = page_words
    flat = "".join(text.split())
    assert "7,842名" in flat and "2,350萬平方呎" in flat, flat
    assert "380萬港元" in flat and "2025年3月31日" in flat      # short figures, dates whole
    assert "6,512" in flat and "12,680" in flat and "1998年" in flat
    assert "2021" in flat and "2,02" not in flat and "1,998" not in flat      # years whole
    assert "2019年" in flat and "2,019" not in flat and "18,620噸" in flat     # key figures


def test_a_kpi_column_with_not_applicable_is_flush_right(page_words):
    _, words = page_words
    cells = [w for w in words if w[0] in ("1,196", "1,102", "<0.1", "9.4*", "不適用")]
    assert sorted(w[0] for w in cells) == sorted(["1,196", "1,102", "<0.1", "9.4*", "不適用",
                                                  "不適用"]), cells
    edges: list[float] = []                  # the two columns' right edges
    for w in cells:
        if not any(abs(w[2] - e) < 0.6 for e in edges):
            edges.append(w[2])
    assert len(edges) == 2, cells
    for edge in edges:                       # each column: a figure, a marked one, 不適用
        assert sum(abs(w[2] - edge) < 0.6 for w in cells) == 3, (edge, cells)
