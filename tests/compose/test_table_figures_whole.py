"""A table's figures are never broken: a table too narrow for them whole is
set smaller, down to components.table.least_size, and below it is an error.

Found writing a shipping company's report from outside: on A5, seven
columns (indicator, unit, five years of '21,345,000') with widths given set
each figure over three lines after its commas ('1, / 523, / 400'), with a
warning only. The figures' columns now keep their widest figure (a unit
like 'gCO₂/t·km' may break instead), the table set at 6.75 pt here, and the
indicator column keeps a few characters a line."""
from __future__ import annotations

import re

import pytest

from csrpress.build import build
from csrpress.errors import BuildError
from tests import pdfread
from tests.samples import starter_with

FIGURES = ["1,523,400", "21,345,000", "19,902,000", "17,450,000", "14,210"]


def _table(columns: int) -> str:
    years = ", ".join(f'"{2015 + k}"' for k in range(columns))
    row = lambda name, unit, v: "[" + ", ".join([name, unit] + [f'"{v}"'] * columns) + "]"  # noqa: E731
    return f"""\
  - table: 温室气体排放与能源使用
    columns: [指标, 单位, {years}]
    widths: [4, 2{", 1.5" * columns}]
    rows:
      - {row("范围一排放（船舶燃油燃烧，含重油、轻柴油及液化天然气）", "tCO₂e", "1,523,400")}
      - {row("能源消耗总量", "GJ", "21,345,000")}
      - {row("排放强度", "gCO₂/t·km", "14,210")}
"""


def _a5(root, blocks: str):
    project = starter_with(root, blocks)
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(re.sub(r"(?m)^  size: A4\b", "  size: A5", text, count=1),
                      encoding="utf-8")
    return project


def test_figures_too_wide_at_the_table_size_are_set_smaller_and_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    res = build(_a5(tmp_path / "p", _table(4)))
    assert not [w for w in res.warnings if "token wider than the measure" in str(w)], \
        res.warnings
    doc = pdfread.open_pdf(res.pdf)
    page = next(p for p in doc if "21,345,000" in p.get_text())
    words = [w[4] for w in page.get_text("words")]
    for figure in ("1,523,400", "21,345,000", "14,210"):
        assert words.count(figure) == 4, (figure, words)      # whole, on one line each
    sizes = {round(ch["size"], 2) for ch in page.chars if ch["c"] == "5"}
    assert min(sizes) < 8.5                                   # the table set smaller


def test_figures_that_no_size_fits_are_an_error_at_the_table(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    with pytest.raises(BuildError) as exc:
        build(_a5(tmp_path / "p", _table(12)))
    said = [str(d) for d in exc.value.diagnostics]
    assert len(said) == 1 and "do not fit" in said[0] and "least_size" in said[0], said
    assert "30-people.yaml:" in said[0]
