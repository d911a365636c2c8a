"""Components rendered from sample content; positions and boxes checked in the PDF."""
from __future__ import annotations

from tests import pdfread
import pytest

from csrpress.build import build
from tests.samples import mini_project, photo


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))


def _words(page, text):
    return [r for r in page.search_for(text)]


def test_story_with_and_without_photo(tmp_path):
    project = mini_project(tmp_path, """
  - story: 有照片的用户
    handle: withphoto01
    text: 这张卡片有一张照片，照片按封面方式裁切以填满相框。
    image: a.jpg
    url: https://www.kuaishou.com/csr/
  - story: 没有照片的用户
    handle: nophoto02
    text: 这张卡片没有照片，也不显示破损的图片。
""")
    photo(project.images / "a.jpg", (1200, 800))          # landscape: cropped to a square
    res = build(project)
    page = pdfread.open_pdf(res.pdf)[1 - 1]
    imgs = page.get_image_info()
    assert len(imgs) == 1
    box = pdfread.Rect(imgs[0]["bbox"])
    with_name = _words(page, "有照片的用户")[0]
    without = _words(page, "没有照片的用户")[0]
    mm = 72 / 25.4
    # cover fit: the landscape photo fills the 26 mm frame's height and is cropped at the sides
    assert box.height == pytest.approx(26 * mm, abs=0.5) and box.width > box.height
    assert box.y1 <= with_name.y0 + 1                   # above the user's name
    cards = [d["rect"] for d in page.get_drawings() if d.get("fill") and d["rect"].width > 100]
    holder = next(r for r in cards if r.contains(with_name))
    centre = pdfread.Point((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    assert holder.contains(centre)
    other = next(r for r in cards if r.contains(without))
    assert not other.contains(centre)                   # no photo (and no broken image) there
    assert any(l["kind"] == pdfread.LINK_URI for l in page.get_links())   # the QR code links


def test_table_breaks_with_header_repeated_and_rows_whole(tmp_path):
    rows = "\n".join(f"      - [方{i:02d}, [期望甲{i:02d}, 期望乙{i:02d}, 期望丙{i:02d}], "
                     f"[回应甲{i:02d}, 回应乙{i:02d}]]"
                     for i in range(40))
    project = mini_project(tmp_path, f"""
  - table: 利益相关方沟通
    columns: [利益相关方, 期望与诉求, 沟通与回应]
    widths: [2, 5, 5]
    rows:
{rows}
""")
    res = build(project)
    doc = pdfread.open_pdf(res.pdf)
    assert doc.page_count >= 2
    for page in doc:
        heads = _words(page, "期望与诉求")
        assert len(heads) == 1, page.number
        rows = [w for w in page.get_text("words") if w[4][:1] == "方" and w[4][1:2].isdigit()]
        first_row = min(w[1] for w in rows)
        assert heads[0].y1 <= first_row          # the header is above every row
    # a row's bullets are never split across pages
    for i in range(40):
        pages = {p.number for p in doc
                 if _words(p, f"期望甲{i:02d}") or _words(p, f"回应乙{i:02d}")}
        assert len(pages) == 1, i


def test_chart_follows_its_data(tmp_path):
    block = """
  - chart: 日活跃用户数
    kind: timeline
    unit: 亿
    data:
      - {label: "2017", at: 2017-01, value: 1}
      - {label: "2019", at: 2019-01, value: 2}
      - {label: "2020", at: 2020-01, value: VALUE}
"""
    project = mini_project(tmp_path, block.replace("VALUE", "3"))
    a = pdfread.open_pdf(build(project).pdf)[0]
    (project.content / "part.yaml").write_text(
        "part: test\ntitle: 测试\nblocks:\n" + block.replace("VALUE", "5"), encoding="utf-8")
    b = pdfread.open_pdf(build(project).pdf)[0]
    assert _words(a, "3 亿") and not _words(a, "5 亿")
    assert _words(b, "5 亿") and not _words(b, "3 亿")
    def points(page):
        return [d for d in page.get_drawings() if d.get("fill") and d["rect"].width < 8]
    assert [p["rect"] for p in points(a)] != [p["rect"] for p in points(b)]


def test_layout_change_needs_no_code(tmp_path):
    project = mini_project(tmp_path, "  - 快手是一个普通人的大舞台，有无数普通人因为这个平台才有机会被别人看见。\n")
    before = pdfread.open_pdf(build(project).pdf)[0]
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    text = text.replace("  body: {font: regular, size: 10pt, leading: 18pt, color: ink,",
                        "  body: {font: regular, size: 12pt, leading: 20pt, color: brand,")
    layout.write_text(text, encoding="utf-8")
    after = pdfread.open_pdf(build(project).pdf)[0]
    span = lambda p: next(s for b in p.get_text("dict")["blocks"] for l in b.get("lines", [])
                          for s in l["spans"] if "快手" in s["text"])
    assert round(span(before)["size"]) == 10 and round(span(after)["size"]) == 12
    assert span(before)["color"] != span(after)["color"]


def test_no_page_holds_a_photo_row_alone(built):
    """Figure rows keep the end of the paragraph they follow (WithTrailer)."""
    from collections import defaultdict

    styles = defaultdict(set)
    for rec in built.lines:
        styles[rec.page].add(rec.style)
    lonely = [p for p, s in styles.items()
              if "figure-caption" in s and not s - {"figure-caption", "h1", "h2", "h3", "h4"}]
    assert lonely == []


def test_a_letter_without_a_photo_has_a_monogram_and_a_signed_end(pdf):
    """The founder letters have no photo: each shows its author's monogram
    (the name's first character on a tile, never an empty frame) beside its
    title, and the signature is set large under a short rule."""
    sig = None
    for page in pdf:
        text = "".join(page.get_text().split())
        if "快手创始人兼CEO" in text:
            for b in page.get_text("dict")["blocks"]:
                for line in b.get("lines", []):
                    if "".join(s["text"] for s in line["spans"]).strip() == "宿华":
                        sig = line["spans"][0]["size"]
    assert sig is not None and sig >= 14
    first = next(p for p in pdf if "一念初心，步履不停" in "".join(p.get_text().split()))
    tiles = [d for d in first.get_drawings()
             if abs(d["rect"].width - d["rect"].height) < 1 and d["rect"].width > 50]
    assert tiles, "no monogram tile on the first letter's page"


def test_a_heading_keeps_with_a_wide_tables_caption_and_its_first_rows(tmp_path):
    """However far down the page a titled table's heading falls, the heading,
    the caption, the header and two rows go together: no heading or caption
    alone at a page foot, no table row alone there (tables are set across the
    grid in this layout: the caption is a wide block too)."""
    rows = "\n".join(f"      - [行{i:02d}, 说明{i:02d}]" for i in range(30))
    filler = "  - " + "快手是一个普通人的大舞台，有无数普通人因为这个平台才有机会被别人看见。" * 3 + "\n"
    for n in range(6, 12):
        root = tmp_path / f"n{n}"
        root.mkdir()
        project = mini_project(root, filler * n + f"""
  - heading: 明细表标题
    level: 2
  - table: 明细表说明
    columns: [期间列, 说明列]
    widths: [1, 3]
    rows:
{rows}
""")
        doc = pdfread.open_pdf(build(project).pdf)
        for page in doc:
            text = "".join(page.get_text().split())
            if "明细表标题" in text or "明细表说明" in text:
                assert "行00" in text and "行01" in text, (n, page.number)
            shown = [i for i in range(30) if f"行{i:02d}" in text]
            assert not shown or len(shown) >= 2, (n, page.number, shown)


def test_a_long_numbered_list_gives_its_markers_room(tmp_path):
    """Twelve items: "10." is wider than the 1 em indent that holds "9.", and
    was broken over two lines ("1" / "0.") with a line-break warning. The
    list's hanging indent grows to whole ems that hold its widest marker,
    the same for every item."""
    items = "\n".join(f"      - 第{i}项措施：完善能源管理体系。" for i in range(1, 13))
    res = build(mini_project(tmp_path, f"  - list:\n{items}\n    style: number\n"))
    assert not [w for w in res.warnings if "line break" in str(w)], res.warnings
    page = pdfread.open_pdf(res.pdf)[0]
    words = page.get_text("words")
    marks = {w[4]: w for w in words if w[4].rstrip(".").isdigit() and w[4].endswith(".")}
    assert {f"{i}." for i in range(1, 13)} <= set(marks)
    bodies = sorted(w for w in words if w[4].startswith("第"))
    assert len({round(w[0], 1) for w in bodies}) == 1          # one indent for all items
    assert marks["12."][2] < bodies[0][0]                       # the marker ends before it
