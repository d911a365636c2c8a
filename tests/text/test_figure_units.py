"""A figure is not broken from the measure word after it (年 月 日 时 分 秒
万 亿 元): the starter printed '例如 2025' at a line's end and '年、ESG 报告'
on the next, the example '至 2025' / '年 12 月 31 日', the report '捐赠 1' /
'亿元' and '超过 2000' / '万条'. Compiled and Python shaping alike."""
from __future__ import annotations

import re

import pytest

from csrpress.text import shaping
from csrpress.text.shaping import FIGURE_UNITS, SpanStyle, Spacing


def _breaks_after_a_figure(lines) -> list[str]:
    """Lines of a paragraph (the build's line records) that end in a figure
    whose next line begins with a measure word."""
    out = []
    for a, b in zip(lines, lines[1:]):
        if a.para == b.para and b.index == a.index + 1 and re.search(r"\d$", a.text) and \
                b.text[:1] in FIGURE_UNITS:
            out.append(f"{a.text[-12:]} | {b.text[:6]}")
    return out


def test_the_report_never_breaks_a_figure_from_its_measure_word(built):
    assert built.lines and _breaks_after_a_figure(built.lines) == []


def test_the_starter_keeps_2025_with_its_year(tmp_path, monkeypatch):
    from csrpress.build import Project, build
    from csrpress.cli import write_starter

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "r")
    res = build(Project(tmp_path / "r"), "screen", record_lines=True)
    assert _breaks_after_a_figure(res.lines) == []
    assert any("2025年、ESG" in ln.text for ln in res.lines)      # (gaps are not in .text)


def test_no_break_between_a_figure_and_its_measure_word_in_both_shapings():
    compiled = pytest.importorskip("csrpress.text._shaping")
    from tests.text.test_shapefit import Side, width
    spans = [SpanStyle("body", 10.0, "ink")]
    for text in ("例如 2025 年、ESG", "捐赠 1 亿元", "2000万条", "3 个", "ESG 年", "第 3 章"):
        c, py = Side(compiled), Side(None)
        got = c.shape([(text, 0)], spans, width, Spacing(), shaping._always)
        assert got == py.shape([(text, 0)], spans, width, Spacing(), shaping._always), text
    atoms, gaps = shaping.shape([("捐赠 1 亿元，3 个", 0)], spans, width, Spacing(), {},
                                shaping._always)
    texts = [a.text for a in atoms]
    assert not gaps[texts.index("1")].breakable          # 1 | 亿: kept
    assert gaps[texts.index("3")].breakable              # 3 | 个: not a listed word
