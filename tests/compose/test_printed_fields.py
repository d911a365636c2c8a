"""Fields the schema accepts are printed: a table's caption, a story's title,
gri: on any block (GRI index), {{page:ID}} to any block with an id, a palette
entry's screen rgb."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from csrpress.build import build, load
from csrpress.pdf.colours import color_fn
from tests.samples import mini_project

BLOCKS = """
  - p: 表格见第{{page:tbl}}页，图见第{{page:fig}}页。
  - heading: 第二节
    level: 1
  - p: 一段正文。
    gri: ["102-1"]
  - table: 沟通方式一览
    id: tbl
    gri: ["102-40"]
    columns: [方, 诉求]
    rows:
      - [用户, 体验]
  - story: 老仙翁
    title: 百岁人瑞的快手生活
    text: 记录点滴生活。
  - figure: 公园独奏
    id: fig
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import os
    root = tmp_path_factory.mktemp("printed")
    old = os.environ.get("CSRPRESS_CACHE")
    os.environ["CSRPRESS_CACHE"] = str(root / "cache")
    try:
        project = mini_project(root / "p", BLOCKS)
        res = build(project)
    finally:
        if old is None:
            os.environ.pop("CSRPRESS_CACHE")
        else:
            os.environ["CSRPRESS_CACHE"] = old
    pages = [p.extract_text() or "" for p in PdfReader(str(res.pdf)).pages]
    return res, pages


def _page_of(pages: list[str], text: str) -> int:
    return next(i + 1 for i, t in enumerate(pages) if text in t.replace("\n", ""))


def test_table_caption_is_printed(built):
    res, pages = built
    assert _page_of(pages, "沟通方式一览") == _page_of(pages, "诉求")


def test_story_title_is_printed(built):
    _, pages = built
    assert _page_of(pages, "百岁人瑞的快手生活")


def test_page_reference_to_a_table_and_a_figure(built):
    res, pages = built
    assert res.anchors["tbl"] == _page_of(pages, "沟通方式一览") > 0
    assert res.anchors["fig"] == _page_of(pages, "公园独奏") > 0
    text = pages[_page_of(pages, "表格见第") - 1].replace("\n", "").replace(" ", "")
    assert f"表格见第{res.anchors['tbl']}页" in text and f"图见第{res.anchors['fig']}页" in text


def test_gri_on_any_block_reaches_the_index(built):
    res, _ = built
    assert "102-1" in res.gri and "102-40" in res.gri
    assert res.anchors[res.gri["102-40"][0]] == res.anchors["tbl"]


def test_palette_rgb_is_the_screen_colour(project):
    path = project.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("brand: {cmyk: [0, 72, 100, 0]}",
                                 "brand: {cmyk: [0, 72, 100, 0], rgb: [255, 80, 0]}", 1),
                    encoding="utf-8")
    _, layout, _, _ = load(project)
    rgb = color_fn(layout, "rgb")("brand")
    assert (rgb.red, rgb.green, rgb.blue) == pytest.approx((1.0, 80 / 255, 0.0))
    cmyk = color_fn(layout, "cmyk")("brand")
    assert (cmyk.cyan, cmyk.magenta, cmyk.yellow, cmyk.black) == pytest.approx((0, .72, 1, 0))
    ink = color_fn(layout, "rgb")("ink")          # no rgb given: converted from CMYK
    assert (ink.red, ink.green, ink.blue) == pytest.approx((0, 0, 0))


def test_palette_rgb_out_of_range_is_located(project):
    from csrpress.errors import BuildError
    path = project.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("brand: {cmyk: [0, 72, 100, 0]}",
                                 "brand: {cmyk: [0, 72, 100, 0], rgb: [300, 80, 0]}", 1),
                    encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        load(project)
    assert any("palette.brand.rgb" in str(d) and "layout.yaml:" in str(d)
               for d in exc.value.diagnostics)
