"""Value labels of bar charts, built in the starter and read back from the PDF.

Found building a manufacturer's report from outside: grouped bars narrower
than their labels (six plants × three years on a B5 page) had each value
printed over the neighbouring bars (the screen preflight then warned of
black text on the brand colour), the labels that fitted their bar were set
larger than those that did not (one chart, two sizes), and a value typed
6.0 among 7.8 and 4.6 was printed 6."""
from __future__ import annotations

import pytest

from tests import pdfread
from tests.samples import built_starter, chart_record

BLOCKS = """\
  - chart: 各厂区排放量年增减
    kind: bar
    labels: [台南厂, 高雄厂, 新竹厂, 苏州厂, 越南厂, 墨西哥厂]
    series:
      - {name: 2023 年, values: [3.2, 1.5, 8.7, 4.2, 12.6, 0.5]}
      - {name: 2024 年, values: [5.1, 2.3, 6.4, 2.8, 9.1, 3.3]}
      - {name: 2025 年, values: [7.8, 4.6, 9.9, 1.2, 5.4, 6]}
  - chart: 人均培训时长对比
    kind: bar
    labels: [高级管理层, 中级管理层, 一般员工]
    series:
      - {name: 男性, values: [52.10, 8, 70.2]}
      - {name: 女性, values: [149.6, 63.25, 6.0]}
  - chart: 再生能源占比
    kind: bar
    stacked: true
    labels: ["2024", "2025"]
    series:
      - {name: 光伏, values: [7.50, 9.0]}
      - {name: 风电, values: [2.25, 3.0]}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "barlabels", BLOCKS)


def test_no_value_is_printed_over_a_bar(built):
    res, doc = built
    for title in ("各厂区排放量年增减", "人均培训时长对比"):
        rec = chart_record(res, title)
        page = doc[rec.page - 1]
        h = page.rect.height
        fx0, fy0, fx1, fy1 = rec.frame
        frame = pdfread.Rect(fx0, h - fy1, fx1, h - fy0)
        bars = [d["rect"] for d in page.get_drawings()
                if d["fill"] and frame.contains(d["rect"]) and d["rect"].height > 3
                and d["rect"].width > 3]
        assert len(bars) >= 6
        chars = [c for b in page.get_text("rawdict")["blocks"] for ln in b.get("lines", [])
                 for sp in ln["spans"] for c in sp["chars"]
                 if c["c"].strip() and frame.contains(pdfread.Rect(c["bbox"]))]
        for c in chars:
            x0, y0, x1, y1 = c["bbox"]
            for r in bars:
                w = min(x1, r.x1) - max(x0, r.x0)
                hgt = min(y1, r.y1) - max(y0, r.y0)
                assert w <= 0.3 or hgt <= 0.3, (title, c["c"], r)


def test_the_values_of_one_chart_share_one_size(built):
    res, _doc = built
    rec = chart_record(res, "各厂区排放量年增减")
    heights = {round(b[3] - b[1], 2) for b, text in rec.labels if text[:1].isdigit()}
    assert len(heights) == 1, rec.labels


def test_values_print_with_the_decimals_typed(built):
    res, _doc = built
    said = [t for _b, t in chart_record(res, "人均培训时长对比").labels]
    assert "6.0" in said and "52.10" in said and "8" in said and "63.25" in said
    stacked = [t for _b, t in chart_record(res, "再生能源占比").labels]
    assert "9.75" in stacked and "12.0" in stacked        # totals: the most decimals typed
