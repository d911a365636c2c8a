"""A unit's slash against Han binds its two sides: 'tCO₂e/百万元' and
'万元/tCO₂e' are set close, with no Han–Latin quarter em beside the slash
(a wind-turbine maker's report printed 'tCO₂e/ 百万元', the denominator
read as a stray word); between Han and a figure the quarter em stays, and
so it does after a slash with a space typed (a folder: 'content/ 中').
Compiled and Python shaping alike (test_shapefit compares them)."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.text import shaping
from csrpress.text.shaping import SpanStyle, Spacing
from tests import pdfread
from tests.samples import starter_with

# two one-line paragraphs (a last line is set at its natural spacing)
TEXTS = ("排放强度为 6.49 tCO₂e/百万元，碳价以万元/tCO₂e 计。", "文件放在 content/ 中。")


def _gaps(doc) -> dict[str, float]:
    """The space between the characters of each pair (from the glyph boxes)."""
    for page in doc:
        chars = page.chars
        text = "".join(c["c"] for c in chars)
        at = text.find("排放强度为")
        if at < 0:
            continue
        out = {}
        for pair in ("为6", "/百", "元/", "/ 中"):      # (a typed space is a glyph)
            i = text.index(pair, at)
            out[pair] = chars[i + len(pair) - 1]["bbox"][0] - chars[i]["bbox"][2]
        return out
    raise AssertionError("the paragraph is not in the PDF")


@pytest.mark.parametrize("pure", ["", "1"])
def test_no_han_latin_gap_beside_a_units_slash(tmp_path, monkeypatch, pure):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    if pure:                # (CSRPRESS_PURE is read at import: the Python loops directly)
        monkeypatch.setattr(shaping, "_COMPILED", None)
    res = build(starter_with(tmp_path / "report", "".join(f"  - {t}\n" for t in TEXTS)),
                "print")
    gaps = _gaps(pdfread.open_pdf(res.pdf))
    assert gaps["为6"] > 1.2                      # Han–figure: the quarter em (10 pt body)
    assert abs(gaps["/百"]) < 0.3 and abs(gaps["元/"]) < 0.3, gaps
    assert gaps["/ 中"] > 1.2, gaps                # typed apart: the quarter em


def test_the_slash_gap_is_a_han_gap_in_both_shapings():
    compiled = pytest.importorskip("csrpress.text._shaping")
    from tests.text.test_shapefit import Side, width
    spans = [SpanStyle("body", 10.0, "ink")]
    for text in ("tCO₂e/百万元", "万元/tCO₂e", "元/t", "a/b 汉", "百 /a", "content/ 中"):
        c, py = Side(compiled), Side(None)
        assert c.shape([(text, 0)], spans, width, Spacing(), shaping._always) == \
            py.shape([(text, 0)], spans, width, Spacing(), shaping._always), text
