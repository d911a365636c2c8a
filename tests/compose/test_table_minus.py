"""A negative figure in a table prints with a true minus (U+2212), read back
from the PDF's text layer as one; ranges, codes and dashes stay as typed.

Found reviewing the starter's KPI table with a year-on-year column: '-5.2%'
printed with the hyphen-minus, shorter and lower than a minus (typesetting
guides set a negative figure with U+2212, as wide as the plus sign)."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.compose.tables import typeset_minus
from tests import pdfread
from tests.samples import starter_with

MINUS = "\u2212"
BLOCKS = """\
  - table: 排放同比变化
    columns: [指标, 期间, 同比, 差额（吨）, 代码]
    rows:
      - [范围一排放, 2019-2020, "-5.2%", -1200, GRI 305-1]
      - [范围二排放, 2020-2021, "+3.1%", "(-350)", GRI 305-2]
      - [范围三排放, 2021-2022, "-", "-", "102-1"]
"""


@pytest.fixture(scope="module")
def text(tmp_path_factory):
    root = tmp_path_factory.mktemp("tableminus")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    res = build(starter_with(root / "report", BLOCKS))
    doc = pdfread.open_pdf(res.pdf)
    page = next(p for p in doc if "排放同比变化" in p.get_text())
    yield page.get_text()
    doc.close()
    mp.undo()


def test_negative_figures_print_a_true_minus(text):
    assert f"{MINUS}5.2%" in text and f"{MINUS}1200" in text and f"({MINUS}350)" in text
    assert "-5.2%" not in text and "-1200" not in text


def test_ranges_codes_and_dashes_stay_as_typed(text):
    assert "2019-2020" in text and "GRI 305-1" in text and "102-1" in text
    assert "+3.1%" in text


def test_typeset_minus():
    assert typeset_minus("-5.2%", MINUS) == f"{MINUS}5.2%"
    assert typeset_minus(-3, MINUS) == f"{MINUS}3"
    assert typeset_minus("-¥1,200", MINUS) == f"{MINUS}¥1,200"
    for kept in ("2019-2020", "GRI 102-1", "-", "--", "-5 万元", "abc-1", True, 5):
        assert typeset_minus(kept, MINUS) == kept
    assert typeset_minus("-5", "-") == "-5"        # a face without U+2212
