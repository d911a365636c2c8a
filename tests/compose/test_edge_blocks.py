"""Blocks at the edges of what the schema allows: each builds a page that is
right, or gives an error at the block's line, never ReportLab's traceback."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.errors import BuildError
from tests.samples import load_one_part, mini_project


def _errors(tmp_path, blocks: str) -> str:
    with pytest.raises(BuildError) as exc:
        build(mini_project(tmp_path, blocks))
    assert "internal error" not in str(exc.value)
    return str(exc.value)


@pytest.mark.parametrize("widths, ok", [("[1, 2, 3]", True), ("[1, 0, 2]", False),
                                        ("[1, -2, 2]", False), ("[a, 1, 2]", False),
                                        ("[1, 2]", False), (".inf", False)])
def test_table_widths_are_one_positive_number_per_column(tmp_path, widths, ok):
    errors, _ = load_one_part(tmp_path, "  - table: 表\n    columns: [A, B, C]\n"
                                        f"    widths: {widths}\n    rows:\n      - [a, b, c]\n")
    assert (not errors) == ok, errors
    if not ok:
        assert "p.yaml:6:" in str(errors[0])


def test_a_table_needs_a_column_and_a_row(tmp_path):
    errors, _ = load_one_part(tmp_path, "  - table: 表\n    columns: []\n    rows: []\n"
                                        "  - table: 表\n    columns: [A]\n    rows: []\n")
    text = "\n".join(map(str, errors))
    assert "p.yaml:5:" in text and "p.yaml:9:" in text and "empty list" in text


@pytest.mark.parametrize("block", ["  - cards: []\n", "  - list: []\n", "  - quote: []\n",
                                   "  - letter: 信\n    author: 某\n    body: []\n",
                                   "  - sdg_index: S\n    columns: [a, b, c, d]\n    rows: []\n"])
def test_an_empty_list_that_would_print_nothing_is_an_error(tmp_path, block):
    errors, _ = load_one_part(tmp_path, block)
    assert any("empty list" in str(e) and "p.yaml:" in str(e) for e in errors), errors


@pytest.mark.parametrize("block, ok", [("  - cards:\n      - title: a\n    columns: 0\n", False),
                                       ("  - cards:\n      - title: a\n    columns: 13\n", False),
                                       ("  - cards:\n      - title: a\n    columns: 3\n", True)])
def test_a_block_value_for_a_layout_setting_obeys_its_range(tmp_path, block, ok):
    """cards: columns: 0 was used as 'the layout's' (0 is false), 13 as given."""
    errors, _ = load_one_part(tmp_path, block)
    assert (not errors) == ok, errors


def test_a_figures_block_with_columns_out_of_range_is_one_error(tmp_path):
    """figures: columns: 0 was reported twice at its line (the block's own
    check and the range every block's layout value obeys), two hints."""
    errors, _ = load_one_part(tmp_path, "  - figures: 图\n    columns: 0\n    items:\n"
                                        "      - {value: '1', label: 一}\n")
    assert [str(e) for e in errors if "columns" in str(e)] == \
        [next(str(e) for e in errors if "columns: 0 is outside 1–6" in str(e))], errors


def test_more_columns_than_the_measure_holds_is_an_error_at_the_table(tmp_path):
    """30 columns in the report's 350 pt column: each would be narrower than
    its padding (ReportLab: 'negative availWidth')."""
    cols = ", ".join(f"列{i}" for i in range(30))
    err = _errors(tmp_path, f"  - table: 表\n    columns: [{cols}]\n    rows:\n"
                            f"      - [{', '.join('x' for _ in range(30))}]\n")
    assert "part.yaml:4:5:" in err and "30 columns of this table do not fit" in err


def test_a_pie_with_many_long_labels_stays_on_its_page(tmp_path):
    """20 slices: the legend wraps its labels and the chart grows to hold it
    (it used to run off the page, above and below), title and chart on one
    page, and no two slices share a colour though the layout names three."""
    labels = ", ".join(f"类别{i}的一个相当长的名字，长到需要换行才能放下" for i in range(20))
    result = build(mini_project(tmp_path, "  - 正文。\n" * 30 + f"  - chart: 二十片\n    kind: pie\n"
                                f"    labels: [{labels}]\n    series:\n"
                                f"      - {{values: [{', '.join(str(i + 1) for i in range(20))}]}}\n"),
                   record_lines=True)
    (chart,) = result.charts
    from tests import pdfread
    doc = pdfread.open_pdf(result.pdf)
    page = doc[chart.page - 1]
    assert "二十片" in page.get_text()            # the title went with the chart
    trim = page.trimbox
    for (x0, y0, x1, y1), text in chart.labels:
        assert trim.x0 <= x0 and x1 <= trim.x1 and trim.y0 <= y0 and y1 <= trim.y1, text
    fills = {d["fill"] for d in page.get_drawings() if d["fill"] and d["rect"].width < 12
             and abs(d["rect"].width - d["rect"].height) < 0.1}         # the legend swatches
    assert len(fills) == 20


def test_labels_that_cannot_be_placed_apart_are_an_error_at_the_chart(tmp_path):
    """Too many values to print at their bars is drawn on a value scale
    (test_chart); too many categories to name under the axis stays an error."""
    labels = ", ".join(f'"{y}年第{q}季度末"' for y in range(2015, 2025) for q in "一二三四")
    series = "\n".join(f"      - {{name: 系列{i}, values: [{', '.join(str(i + k) for k in range(40))}]}}"
                       for i in range(2))
    err = _errors(tmp_path, f"  - chart: 四十个季度\n    kind: bar\n    labels: [{labels}]\n"
                            f"    series:\n{series}\n")
    assert "part.yaml:4:5:" in err and "would be printed over others" in err


def test_points_on_a_time_axis_are_joined_in_date_order(tmp_path):
    """Written out of order (2025, 2021, 2023): drawn left to right by date,
    and a bar at either end of the time axis stands inside the chart."""
    from csrpress.source.chartdata import chart_data

    block = ("  - chart: 乱序\n    kind: bar\n    data:\n"
             "      - {label: C, at: 2025-09, value: 3}\n      - {label: A, at: 2021-01, value: 1}\n"
             "      - {label: B, at: 2023-05, value: 2}\n")
    errors, report = load_one_part(tmp_path, block)
    assert not errors
    d = chart_data(report.blocks[0])
    assert d.labels == ["A", "B", "C"] and d.series[0][1] == [1, 2, 3]
    result = build(mini_project(tmp_path / "b", block), record_lines=True)
    (chart,) = result.charts
    from tests import pdfread
    page = pdfread.open_pdf(result.pdf)[chart.page - 1]
    x0, _, x1, _ = chart.frame
    bars = [d["rect"] for d in page.get_drawings() if d["fill"] and d["rect"].height > 5
            and d["rect"].width > 5 and d["rect"].y1 < page.rect.height - 80]
    assert bars and all(x0 - 0.5 <= r.x0 and r.x1 <= x1 + 0.5 for r in bars)


@pytest.mark.parametrize("value, ok", [("1e15", True), ("2.5E-3", True), (".inf", False),
                                       (".nan", False), ("1e", False)])
def test_chart_values_in_scientific_notation(tmp_path, value, ok):
    errors, _ = load_one_part(tmp_path, "  - chart: 图\n    kind: bar\n    data:\n"
                                        f"      - {{label: a, value: {value}}}\n"
                                        "      - {label: b, value: 1}\n")
    assert (not errors) == ok, errors


def test_an_opener_listing_more_sections_than_its_page_holds_is_an_error(tmp_path):
    """40 parts in a chapter: the opener's list ran 95 mm off the page."""
    heads = "".join(f"  - heading: 第{i}部分\n    level: 1\n  - 正文。\n" for i in range(40))
    err = _errors(tmp_path, "  - chapter: 章\n    number: \"01\"\n" + heads)
    assert "part.yaml:4:5:" in err and "past the foot of the page" in err and "40 sections" in err


def test_a_cover_title_set_over_the_logo_is_an_error_at_title_at(tmp_path):
    from pathlib import Path

    from tests.samples import mini_project as mini

    project = mini(tmp_path, "  - cover: 报告\n    year: \"2025\"\n  - 正文。\n")
    path = Path(project.layout) / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    old = "title_at: 0.62"
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "title_at: 0.995"), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project)
    assert f"layout.yaml:{line}:" in str(exc.value) and "over the logo slot" in str(exc.value)
