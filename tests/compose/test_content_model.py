"""Content model pieces: page breaks, the publication date, story handles."""
from __future__ import annotations

from pathlib import Path

from tests import pdfread
import pytest

from csrpress.build import build
from tests.samples import mini_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _cache(monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(ROOT / ".cache"))   # fonts: shared, keyed by content


def _page_of(doc, text: str) -> int:
    return next(i + 1 for i, page in enumerate(doc) if text in page.get_text())


def test_page_breaks_to_the_next_page_and_to_a_recto(tmp_path):
    project = mini_project(tmp_path, """
  - 第一段在第一页。
  - page_break: recto
  - 第二段在下一个右页。
  - page_break: next
  - 第三段在下一页。
""")
    doc = pdfread.open_pdf(build(project).pdf)
    assert [_page_of(doc, t) for t in ("第一段", "第二段", "第三段")] == [1, 3, 4]
    assert not doc[1].get_text().strip()                    # the verso left blank


def test_unknown_page_break_and_bad_date_are_located(tmp_path):
    from csrpress.errors import BuildError
    from csrpress.build import load

    project = mini_project(tmp_path, "  - page_break: left\n")
    report = project.content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "date: 2020-13-45\n", encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        load(project)
    errs = [str(d) for d in exc.value.diagnostics]
    assert any("part.yaml:4:" in e and "unknown page break 'left'" in e for e in errs), errs
    assert any("report.yaml:7:" in e and "'2020-13-45' cannot be read" in e for e in errs), errs


def test_the_publication_date_is_in_the_metadata(tmp_path):
    project = mini_project(tmp_path, "  - 一段文字。\n")
    report = project.content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "date: 2020-06-30\n", encoding="utf-8")
    doc = pdfread.open_pdf(build(project).pdf)
    assert "<dc:date><rdf:Seq><rdf:li>2020-06-30</rdf:li>" in doc.get_xml_metadata()


def test_a_story_handle_prints_with_its_label(tmp_path):
    project = mini_project(tmp_path, """
  - story: 一位用户
    handle: user-0042
    text: 卡片上的一段话。
""")
    report = project.content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("story_handle: 快手号：",
                                                                 "story_handle: 账号："),
                      encoding="utf-8")
    text = pdfread.open_pdf(build(project).pdf)[0].get_text()
    assert "账号：user-0042" in text.replace("\n", "")


def test_images_on_covers_and_figures_across_the_measure_and_the_bleed(tmp_path):
    from tests.samples import photo

    project = mini_project(tmp_path, """
  - cover: 测试报告
    year: "2025"
    image: wide.jpg
  - toc: 目录
  - heading: 图片
    level: 1
  - 正文一段。
  - figure: 通栏图片
    image: wide.jpg
    width: full
  - figure: 出血图片
    image: wide.jpg
    width: bleed
  - figure: 一栏图片
    image: wide.jpg
  - back_cover: 谢谢阅读
    url: https://example.com/
    image: wide.jpg
""")
    photo(project.images / "wide.jpg", (1200, 400))
    res = build(project)
    doc = pdfread.open_pdf(res.pdf)
    pw = doc[0].rect.width
    cover = [pdfread.Rect(i["bbox"]) for i in doc[0].get_image_info()]
    assert len(cover) == 1 and cover[0].x0 <= 0 and cover[0].x1 >= pw   # edge to edge
    assert cover[0].y1 >= doc[0].rect.height - 1                         # on the bottom edge
    boxes = [pdfread.Rect(i["bbox"]) for n in range(1, len(doc) - 1)
             for i in doc[n].get_image_info()]
    column, full, bleed = sorted(boxes, key=lambda r: r.width)
    mm = 72 / 25.4
    # a full-measure figure and a lone column photo (placed large) both span
    # the grid at the image's proportions
    for wide in (full, column):
        assert wide.x0 > 19 * mm and wide.x1 < pw - 19 * mm and wide.width > 0.6 * pw
        assert wide.height == pytest.approx(wide.width / 3, abs=1)
    assert bleed.x0 <= 0 and bleed.x1 >= pw
    assert len(doc[-1].get_image_info()) == 1                          # the back cover's


def test_cover_text_set_on_the_cover_photo_is_a_warning_at_the_layout(tmp_path):
    """The layout that keeps an A4 cover's slogan above its photo (title_at
    0.62, image_box the bottom quarter) set it on the photo of an A5 page: the
    title block keeps its size in points. Found by a print shop asking for A5
    of a wind-turbine maker's report; the cover was written without a word."""
    from tests.samples import photo

    project = mini_project(tmp_path, """
  - cover: 海澜风电装备 2025 年环境、社会及管治报告
    year: "2025"
    slogan: [让每一缕风, 都成为清洁电力]
    image: wide.jpg
  - 正文一段。
""")
    from tests.source.located import edit_file

    photo(project.images / "wide.jpg", (1200, 400))
    path = project.layout / "layout.yaml"
    line = edit_file(path, "title_at: 0.62", "title_at: 0.62")      # (its line: unchanged)

    def said(res):
        return [str(w) for w in res.warnings if "into the photo" in str(w)]

    assert said(build(project, "print")) == []
    edit_file(path, "size: [210mm, 285mm]", "size: A5")
    got = said(build(project, "print"))
    assert len(got) == 1 and f"layout.yaml:{line}:5:" in got[0], got
    assert "the slogan is set" in got[0] and "components.cover.title_at higher" in got[0]


def test_an_unknown_figure_width_is_located(tmp_path):
    from csrpress.errors import BuildError
    from csrpress.build import load

    project = mini_project(tmp_path, "  - figure: 图\n    width: half\n")
    with pytest.raises(BuildError) as exc:
        load(project)
    assert any("part.yaml:5:" in str(d) and "unknown figure width 'half'" in str(d)
               for d in exc.value.diagnostics), exc.value.diagnostics


def _gri_project(tmp_path, headers: str):
    project = mini_project(tmp_path, f"""
  - heading: 关于本报告
    level: 2
    gri: ["2-3", "3-3", "13.1.2"]
  - 一段文字。
  - gri_index: GRI 内容索引
    columns: {headers}
""")
    report = project.content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "gri: {standard: 2021}\n",
                      encoding="utf-8")
    from tests.source.located import edit_file

    edit_file(project.layout / "layout.yaml", "    columns: [standard, code, title, pages]   "
              "# relative widths (headers: the block's columns:)\n    widths: [3, 1.3, 6, 2]",
              "    columns: [code, title, pages]\n    widths: [1.3, 6, 2]")
    return project


def test_index_columns_come_from_the_layout(tmp_path):
    project = _gri_project(tmp_path, "[披露项, 标题, 页码]")
    doc = pdfread.open_pdf(build(project).pdf)
    page = doc[_page_of(doc, "GRI 内容索引") - 1]
    text = page.get_text()
    assert "GRI 2：一般披露" not in text                            # no standard column
    heads = [page.search_for(h)[0].x0 for h in ("披露项", "标题", "页码")]
    assert heads == sorted(heads)
    codes = [page.search_for(c)[0].y0 for c in ("2-3", "3-3", "13.1.2")]
    assert codes == sorted(codes)                                      # GRI 2, 3, then sector
    assert "报告期、报告频率和联系人" in text


def test_headers_must_match_the_layout_columns(tmp_path):
    from csrpress.errors import BuildError

    project = _gri_project(tmp_path, "[GRI 标准, 披露项, 标题, 页码]")
    with pytest.raises(BuildError) as exc:
        build(project)
    assert any("part.yaml:10:" in str(d) and "4 column headers for the 3 columns" in str(d)
               for d in exc.value.diagnostics), exc.value.diagnostics


def test_a_page_break_next_to_a_layout_break_adds_no_empty_page(tmp_path):
    project = mini_project(tmp_path, """
  - chapter: 第一章
    number: "01"
  - heading: 第一节
    level: 1
  - 第一节的正文。
  - page_break: recto
  - heading: 第二节
    level: 1
  - 第二节的正文。
  - page_break: next
""")
    doc = pdfread.open_pdf(build(project).pdf)
    first, second = _page_of(doc, "第一节的正文"), _page_of(doc, "第二节的正文")
    assert second == (first + 2 if first % 2 else first + 1)   # the next recto, no page more
    assert len(doc) == second                                   # the trailing break adds none
