"""Column widths from a table's content, built in the starter and read back
from its PDF.

Found from outside: a KPI table of nine columns (region, indicator, unit,
five years, change) kept its unit column wide enough for '吨二氧化碳当量' on
one line (the automatic layout keeps a text that fits a fair share whole)
while the indicator beside it took three lines ('温室气体排 / 放（范围一和范
/ 围二）'): both on two lines set the row in two."""
from __future__ import annotations

import pytest

from tests.samples import built_starter

BLOCKS = """\
  - table: 各区域环境绩效（2021–2025 年）
    columns: [区域, 指标, 单位, 2021 年, 2022 年, 2023 年, 2024 年, 2025 年, 同比变化]
    rows:
      - [华东区, 温室气体排放（范围一和范围二）, 吨二氧化碳当量, "12,345", "11,234", "10,123", "9,876", "9,012", "−8.7%"]
      - [华南区, 综合能耗, 吨标准煤, "3,456.7", "3,345.6", "3,234.5", "3,123.4", "3,012.3", "−3.6%"]
      - [华北区, 新鲜水消耗量, 万立方米, "45.6", "44.5", "43.4", "42.3", "41.2", "−2.6%"]
      - [西部区, 有害废弃物, 吨, "1.2", "1.1", "0.9", "0.8", "1.0", "+25.0%"]
      - [合计, "", "", "15,848.5", "14,635.2", "13,401.8", "13,042.5", "12,066.5", "−7.5%"]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "tablewidths", BLOCKS)


def _top(doc, text):
    for page in doc:
        for b in page.get_text("dict")["blocks"]:
            for line in b.get("lines", []):
                if any(s["text"].startswith(text) for s in line["spans"]):
                    return page.number, line["bbox"][1]
    raise AssertionError(text)


def test_the_long_indicator_takes_room_from_the_unit_beside_it(built):
    _res, doc = built
    (p1, east), (p2, south) = _top(doc, "华东区"), _top(doc, "华南区")
    assert p1 == p2
    leading = 14.0      # the starter's table-cell
    assert south - east < 3 * leading, south - east       # two lines, not three
