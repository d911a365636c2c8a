"""The starter set on A5, a page its layout was not drawn for, built whole
and read back: a report team that changes the trim size gets a report, not
an error or crushed columns.

Found trying the starter on A5: its milestone chart failed as crowded (the
first and last points' texts ran out of the 100 mm chart), and its topic
table, whose widths favour the topic column, gave the headers on one line
the room and left that column two characters wide (every row four lines,
beside columns of '高' and '中'). The example on A5 failed at its twelve key
figures: a grid taller than a page was an error ("cannot break"); it now
splits between rows, half on each page, its heading kept with the first."""
from __future__ import annotations

import pytest

from tests.samples import starter_layout_edited

FIGURES = """\
  - heading: 关键绩效一览
    level: 2
  - figures: ""
    columns: 3
    items:
""" + "".join(f"      - {{value: \"{v}\", unit: 个, label: 第{i + 1}项指标的说明文字}}\n"
              for i, v in enumerate(range(701, 725)))
TOPICS = ("应对气候变化", "能源与资源使用", "废弃物管理", "员工发展与培训", "职业健康与安全")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from csrpress.build import build

    root = tmp_path_factory.mktemp("a5")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    project = starter_layout_edited(root / "report", "size: A4  ", "size: A5  ")
    part = root / "report" / "content" / "30-people.yaml"
    text = part.read_text(encoding="utf-8")
    part.write_text(text.replace("  - lines:\n", FIGURES + "  - lines:\n", 1), encoding="utf-8")
    yield build(project, record_lines=True)
    mp.undo()


def test_the_starter_builds_on_a5_with_its_milestones(built):
    assert built.pdf and built.pdf.exists()
    said = {t for c in built.charts for _b, t in c.labels}
    milestones = next(c for c in built.charts if c.title == "可再生能源使用的里程碑")
    text = "".join(t for _b, t in milestones.labels)
    assert all(m in text for m in ("首个屋顶光伏项目", "签订绿电协议", "三成以上用电来自可再生能源"))
    assert said


def test_each_topic_of_the_table_is_one_line(built):
    """The given widths favour the topic column: its topics are set whole
    on a line each, the headers beside it taking two lines."""
    lines = [r.text for r in built.lines]
    for topic in TOPICS:
        assert topic in lines, (topic, [t for t in lines if t and t in topic])
    assert "对公司经营的影响" not in lines          # (its header took two lines)


def test_key_figures_taller_than_a_page_split_between_rows(built):
    """Twenty-four figures, three a row on A5, are taller than a page: half the
    rows on each of two pages, the heading above the first."""
    from tests import pdfread

    doc = pdfread.open_pdf(built.pdf)
    pages = [i for i, p in enumerate(doc) if any(p.search_for(f"{v}") for v in range(701, 725))]
    assert len(pages) == 2 and pages[1] == pages[0] + 1, pages
    first, second = (doc[i] for i in pages)
    assert first.search_for("关键绩效一览")
    on_first = [v for v in range(701, 725) if first.search_for(str(v))]
    on_second = [v for v in range(701, 725) if second.search_for(str(v))]
    assert on_first + on_second == list(range(701, 725))
    assert len(on_first) == len(on_second) == 12
    doc.close()


def test_no_side_blocks_in_a_side_column_too_narrow_for_them(built):
    """The A4 grid gives A5 a side column of 6 em: a pull quote there was set
    three characters a line. Under grid.side_min_width (8 em) the side
    blocks stay in the main column."""
    quote = "减少排放不只是一项指标，更是我们对下一代的承诺。"
    lines = [r.text for r in built.lines if r.text and r.text in quote]
    assert lines and len(lines[0]) >= 12, lines
