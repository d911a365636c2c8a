"""Stat callouts: one figure size per row, never shrunk; rows balanced;
numbers in the layout's format."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from csrpress.build import build
from csrpress.compose.grids import number_format
from csrpress.errors import Collector
from csrpress.source.layout import load_layout, to_points
from tests.pdfread import open_pdf
from tests.samples import mini_project

ROOT = Path(__file__).resolve().parents[2]


def _figures(page, size_at_least: float, font: str = ""):
    """(baseline, size, text) of the big figures on a page (in one font)."""
    out = []
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            for s in line["spans"]:
                if s["size"] >= size_at_least and any(ch.isdigit() for ch in s["text"]) \
                        and s["chars"][0]["font"].lower().endswith(font):
                    out.append((round(s["origin"][1]), round(s["size"], 2), s["text"].strip()))
    return out


def test_stat_figures_are_one_size_per_row_and_never_shrunk(pdf):
    layout = load_layout(ROOT / "layout", Collector())
    value = layout.style("stat-value")
    rows = defaultdict(set)
    for page in pdf:     # figures in the stat font, at most the stat size (not the cover's year)
        for base, size, text in _figures(page, value.size * 0.3, value.font):
            if size <= value.size + 0.01:
                rows[(page.number, base)].add(size)
    assert len(rows) >= 5
    # one size per row: the stat size, or the figures component's (key figures
    # and infographics set in the same face), never a shrunk one
    sizes_ok = {value.size, round(to_points(layout.components["figures"]["figure_size"]), 2)}
    assert all(len(sizes) == 1 and sizes <= sizes_ok for sizes in rows.values()), rows


def test_number_format():
    rule = {"thousands": ",", "group_from": 4}
    assert number_format("8610155.08", rule) == "8,610,155.08"
    assert number_format("1100", rule) == "1,100"
    assert number_format("1,100", rule) == "1,100"
    assert number_format("300", rule) == "300"
    assert number_format("1.3", rule) == "1.3"
    assert number_format("2-3", rule) == "2-3"
    assert number_format("8610155", {}) == "8610155"


def test_four_stats_make_two_rows_of_two(tmp_path):
    blocks = "".join(f"  - stat: '{v}'\n    unit: 万\n    label: 说明文字\n"
                     for v in ("12", "34", "56", "78"))
    page = open_pdf((build(mini_project(tmp_path, blocks)).pdf))[0]
    figs = _figures(page, 20)
    rows = defaultdict(list)
    for base, _, text in figs:
        rows[base].append(text)
    assert sorted(len(r) for r in rows.values()) == [2, 2]


def test_a_figure_too_long_for_any_cell_is_an_error_not_a_hairline(tmp_path):
    """A figure that would be shrunk under components.stat.min_scale of its
    size even in a cell the whole measure wide is an error at its line (it was
    set at 3 pt, a dotted rule); a long one that still fits is set smaller."""
    import pytest

    from csrpress.errors import BuildError

    blocks = "  - stat: '12'\n    unit: 万\n  - stat: '" + "9" * 200 + "'\n    label: 长\n"
    with pytest.raises(BuildError) as exc:
        build(mini_project(tmp_path / "a", blocks))
    errs = [str(d) for d in exc.value.diagnostics]
    assert len(errs) == 1 and "part.yaml:6:" in errs[0] and "too long for a stat callout" in errs[0], errs
    build(mini_project(tmp_path / "b", "  - stat: '" + "9" * 24 + "'\n"))


def test_three_stats_that_do_not_fit_across_stand_one_a_row(tmp_path):
    """Three stats, one figure too long for three across (starter layout):
    set 2 + 1, the third stood alone under a pair with half a row empty
    beside it; now one a row. Three short ones stay three across. Where the
    figures fit three across with their units under them, they are set so
    (three English stats, 'million sq ft', stood one a row, found from
    outside): the units on a line of their own under the figures."""
    from csrpress.cli import write_starter

    write_starter(tmp_path / "starter")
    layout = tmp_path / "starter" / "layout"

    def rows(values: tuple[str, ...], name: str, unit: str = "吨") -> tuple[list[int], object]:
        blocks = "".join(f"  - stat: '{v}'\n    unit: {unit}\n    label: 说明\n" for v in values)
        page = open_pdf(build(mini_project(tmp_path / name, blocks, layout)).pdf)[0]
        by_row = defaultdict(list)
        for base, _, text in _figures(page, 20):
            by_row[base].append(text)
        return sorted(len(r) for r in by_row.values()), page

    one_a_row, page = rows(("123,456,789", "7", "8"), "long", "万吨二氧化碳当量")
    assert one_a_row == [1, 1, 1]
    # (units under would set two across, 2 + 1: one a row, so the units stay beside)
    bases = sorted(base for base, _, _ in _figures(page, 20))
    units = sorted(round(c["origin"][1]) for c in page.chars if c["c"] == "碳")
    assert len(units) == 3 and all(abs(u - b) <= 1 for u, b in zip(units, bases)), (units, bases)
    assert rows(("12", "7", "8"), "short")[0] == [3]
    across, page = rows(("23.5", "186", "7,842"), "english", "million sq ft")
    assert across == [3]
    figure = min(base for base, _, _ in _figures(page, 20))
    units = [c["origin"][1] for c in page.chars if c["c"] == "q"]
    assert len(units) == 3 and all(u > figure + 5 for u in units)    # under the figures


def test_a_long_paragraph_before_a_stat_splits_and_a_stat_too_tall_is_named(tmp_path):
    """A stat (or a photo) is kept with the end of the paragraph before it;
    the fit check measured the pair whole, so a paragraph longer than a page
    before a stat was 'this p block is 299 mm tall where it cannot break' (it
    splits, leaving two lines with the stat). A stat group taller than a page
    is an error at the stat, not at the paragraph before it."""
    import pytest

    from csrpress.errors import BuildError
    from tests.samples import starter_with

    para = "示例公司成立于 2010 年，总部位于上海，主要从事示例产品的研发、生产与销售。" * 40
    blocks = f"  - {para}\n  - stat: '12'\n    unit: 个\n    label: 城市\n"
    result = build(starter_with(tmp_path / "long", blocks), "screen")
    doc = open_pdf(result.pdf)
    pages = [p.get_text().replace("\n", "") for p in doc]
    doc.close()
    at = [n for n, t in enumerate(pages) if "城市" in t and "12" in t]
    assert at and "生产与销售。" in pages[at[0]]      # the paragraph's end with it

    project = starter_with(tmp_path / "tall", "  - 一段正文。\n" + "".join(
        f"  - stat: '{v}'\n    unit: 名\n    label: 员工\n" for v in ("2,400", "1,200", "3,600")))
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    style = "  stat-value: {font: black, size: 30pt, leading: 34pt"
    assert style in text
    layout.write_text(text.replace(style, "  stat-value: {font: black, size: 200pt, leading: "
                                          "200pt"), encoding="utf-8")
    part = (project.content / "30-people.yaml").read_text(encoding="utf-8")
    line = part[:part.index("  - stat: '2,400'")].count("\n") + 1
    with pytest.raises(BuildError) as exc:
        build(project, "screen")
    errs = [str(d) for d in exc.value.diagnostics]
    assert any(f"30-people.yaml:{line}:" in e and "this stat block" in e for e in errs), errs


def test_a_row_of_stats_is_grouped_alike(pdf, tmp_path):
    """One set of figures: with one grouped by the rule (five digits), every
    figure of four digits or more is (the report's '1,100 多家' beside
    '10,000 多个'); a row without one keeps the rule ('1100' stays whole)."""
    pdf_texts = None
    for page in pdf:
        texts = [t for _, _, t in _figures(page, 20)]
        if any(t.startswith("10,000") for t in texts):
            pdf_texts = texts
    assert pdf_texts is not None
    assert any(t.startswith("1,100") for t in pdf_texts), pdf_texts
    blocks = "".join(f"  - stat: '{v}'\n    unit: 家\n" for v in ("1100", "12345", "300"))
    alone = "  - 另一组数字。\n" + "".join(f"  - stat: '{v}'\n    unit: 家\n"
                                             for v in ("1,100", "300"))
    page = open_pdf(build(mini_project(tmp_path, blocks + alone)).pdf)[0]
    texts = [t for _, _, t in _figures(page, 20)]
    assert [t.split()[0].rstrip("家") for t in texts] == ["1,100", "12,345", "300", "1100", "300"], texts


def test_a_row_of_stats_and_a_key_figures_block_are_each_grouped_alike(tmp_path, monkeypatch):
    """Stat callouts side by side and the figures of one key-figures block
    are read together: '12,600 吨' beside '3400 吨' (the rule, per figure,
    groups from five digits) read as two rules. Each is one set now: with
    one figure grouped, every figure of four digits or more is; a set of
    four-digit figures stays whole."""
    from tests.samples import starter_with

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    blocks = ("  - stat: \"12600\"\n    unit: 吨\n    label: 合计\n"
              "  - stat: \"3400\"\n    unit: 吨\n    label: 工厂\n"
              "  - figures: 关键数据\n    items:\n"
              "      - {value: \"48200\", unit: 批次, label: 抽检}\n"
              "      - {value: \"1286\", unit: 家次, label: 审核}\n"
              "      - {value: \"96\", unit: \"%\", label: 覆盖率}\n"
              "  - p: 段落隔开两组数字。\n"
              "  - stat: \"2,700\"\n    unit: 名\n    label: 员工\n"
              "  - stat: \"1800\"\n    unit: 名\n    label: 新员工\n")
    res = build(starter_with(tmp_path / "r", blocks), "screen")
    doc = open_pdf(res.pdf)
    text = "".join(page.get_text() for page in doc)
    doc.close()
    assert "12,600" in text and "3,400" in text and "3400" not in text
    assert "48,200" in text and "1,286" in text
    assert "2700" in text and "1800" in text and "2,700" not in text


def test_a_flow_on_several_rows_leads_on_from_each_row_to_the_next(tmp_path):
    """Found from outside: seven steps of a flow set on three rows had arrows
    only inside each row, and each row its own cell width: three flows side
    by side, not one. Now every row's cells are one width, one above another,
    and each row but the last ends in an arrow."""
    items = "".join(f"      - {{value: '{v}', unit: 名, label: 第{k}步}}\n"
                    for k, v in enumerate((1200, 96, 300, 45, 12, 3, 1), 1))
    page = open_pdf(build(mini_project(tmp_path, "  - figures: 员工成长路径\n    style: flow\n"
                                                  "    items:\n" + items)).pdf)[0]
    figs = _figures(page, 20)
    tops = sorted({base for base, _s, _t in figs})
    assert len(figs) == 7 and len(tops) > 1                # on several rows
    shapes = page.get_drawings()
    tiles = [d["rect"] for d in shapes if d["fill"] and d["rect"].height > 30
             and d["rect"].width > 40 and d["rect"].width < page.rect.width * 0.45]
    arrows = [d["rect"] for d in shapes if d["fill"] and d["rect"].width < 15
              and 3 < d["rect"].height < 25]
    assert len(tiles) == 7 and len({round(t.width, 1) for t in tiles}) == 1, tiles
    assert len({round(t.x0, 1) for t in tiles}) == len([t for t in tiles
                                                       if abs(t.y0 - tiles[0].y0) < 1]), tiles
    assert len(arrows) == 6, arrows                    # seven steps: six arrows, one flow
    for t in tiles:     # an arrow right after every tile but the last step's
        after = [a for a in arrows if t.y0 <= a.y0 <= t.y1 and 0 <= a.x0 - t.x1 < 30]
        assert len(after) == (t is not max(tiles, key=lambda t: (t.y0, t.x0))), t


def test_a_negative_stat_and_key_figure_print_the_typeset_minus(tmp_path):
    """'-6.8 %' in a stat and in a key-figures block printed a hyphen-minus (too
    short, too low) where tables and charts print U+2212 (found from outside)."""
    blocks = ("  - stat: '-6.8'\n    unit: '%'\n    label: 用水量按年变化\n"
              "  - figures: 关键数据\n    items:\n"
              "      - {value: '-12.5', unit: '%', label: 排放强度变化}\n"
              "      - {value: '35', unit: '%', label: 可再生能源占比}\n")
    page = open_pdf(build(mini_project(tmp_path, blocks)).pdf)[0]
    text = page.get_text()
    assert "\u22126.8" in text and "\u221212.5" in text, text
    assert "-6.8" not in text and "-12.5" not in text
