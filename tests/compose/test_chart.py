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
    points' own dates: 2016 … 2020."""
    page = next(p for p in pdf if "快手日活跃用户数" in "".join(p.get_text().split()))
    words = page.get_text().split()
    assert all(str(y) in words for y in range(2016, 2021))


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
