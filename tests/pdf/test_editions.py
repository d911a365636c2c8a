"""Print and screen editions: boxes, colour, links, metadata, images,
reproducibility and preflight, read back from the written PDFs."""
from __future__ import annotations

import re

from tests import pdfread
import pytest

from csrpress.build import build, build_all
from csrpress.errors import BuildError
from tests.samples import add_story_photos, photo

MM = 72 / 25.4


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Both editions of the real report, built in a scratch copy."""
    import shutil
    from pathlib import Path

    from csrpress.build import Project
    root = tmp_path_factory.mktemp("editions")
    src = Path(__file__).resolve().parents[2]
    for name in ("content", "layout"):
        shutil.copytree(src / name, root / name)
    (root / "images").mkdir()
    results = build_all(Project(root))
    return {r.edition: r for r in results}


def test_print_boxes_on_every_page(editions):
    r = editions["print"]
    doc = pdfread.open_pdf(r.pdf)
    for page in doc:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert trim.width == pytest.approx(210 * MM, abs=0.05)
        assert trim.height == pytest.approx(285 * MM, abs=0.05)
        assert bleed.x0 == pytest.approx(trim.x0 - 3 * MM, abs=0.05)
        assert bleed.y1 == pytest.approx(trim.y1 + 3 * MM, abs=0.05)
        assert media.contains(bleed) and bleed.contains(trim) and media != bleed
    assert doc.page_count % 2 == 0


def test_print_has_no_rgb(editions):
    doc = pdfread.open_pdf(editions["print"].pdf)
    for page in doc:
        ops = page.read_contents()
        assert not re.search(rb"(?:^|\s)(?:-?[\d.]+\s+){3}(rg|RG)\s", ops), page.number + 1
        for img in page.get_images(full=True):
            assert img[5] == "DeviceCMYK"


def test_screen_is_rgb_with_links(editions):
    doc = pdfread.open_pdf(editions["screen"].pdf)
    assert sum(len(p.get_links()) for p in doc) > 50
    assert not any(re.search(rb"\sk\s", p.read_contents()) for p in doc)
    assert doc[0].trimbox == doc[0].mediabox


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_metadata(editions, edition):
    doc = pdfread.open_pdf(editions[edition].pdf)
    assert doc.metadata["title"] == "快手企业社会责任报告 2019"
    assert doc.metadata["author"] == "快手科技"
    assert doc.metadata["keywords"]
    cat = doc.catalog
    assert "zh-CN" in str(cat.Lang)
    xmp = doc.get_xml_metadata()
    assert "快手企业社会责任报告 2019" in xmp and "zh-CN" in xmp
    assert cat.ViewerPreferences.DisplayDocTitle is True
    assert cat.PageMode == "/UseOutlines"


def test_crop_marks_outside_the_bleed(editions):
    doc = pdfread.open_pdf(editions["print"].pdf)
    page = doc[1]
    bleed = page.bleedbox
    marks = [d for d in page.get_drawings() if d["width"] and d["width"] < 0.5]
    lines = [d["rect"] for d in marks]
    outside = [r for r in lines if not r.intersects(bleed) and
               (r.x1 <= bleed.x0 or r.x0 >= bleed.x1 or r.y1 <= bleed.y0 or r.y0 >= bleed.y1)]
    assert len(outside) >= 8


def test_two_builds_are_byte_identical(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cold1"))
    a = build(project, "print").pdf.read_bytes()
    b = build(project, "print").pdf.read_bytes()            # warm cache
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cold2"))
    c = build(project, "print").pdf.read_bytes()            # another cold cache
    assert a == b == c


def test_low_resolution_rgb_image_in_print_is_named(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    names = add_story_photos(project, 1, size=(72, 72))    # 72 px over ~1 inch: 72 ppi
    res = build(project, "print")
    found = [str(w) for w in res.warnings if names[0] in str(w)]
    assert found and "ppi" in found[0]
    doc = pdfread.open_pdf(res.pdf)
    assert all(img[5] == "DeviceCMYK" for p in doc for img in p.get_images(full=True))


def test_photos_meet_ppi_and_screen_stays_small(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    add_story_photos(project, 12, size=(2400, 2400))
    res = {r.edition: r for r in build_all(project)}
    assert res["screen"].pdf.stat().st_size <= 3 * 1024 * 1024
    imgs = res["print"].check.facts["images"]
    assert len(imgs) == 12 and min(i["ppi"] for i in imgs) >= 295
    assert max(i["ppi"] for i in res["screen"].check.facts["images"]) <= 160


def test_text_inside_the_safety_margin_fails_preflight(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("top: 26mm", "top: 12mm", 1), encoding="utf-8")
    (project.dist).mkdir(exist_ok=True)
    (project.dist / "kuaishou-csr-2019-print.pdf").write_bytes(b"last good")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    assert any("within 5 mm of the trim" in str(d) for d in exc.value.diagnostics)
    assert (project.dist / "kuaishou-csr-2019-print.pdf").read_bytes() == b"last good"


def test_creation_date_from_source_date_epoch(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1590796800")          # 2020-05-30
    doc = pdfread.open_pdf(build(project, "screen").pdf)
    assert doc.metadata["creationDate"].startswith("D:20200530")
    assert "2020-05-30T00:00:00Z" in doc.get_xml_metadata()


def test_print_carries_no_link_annotations(editions):
    doc = pdfread.open_pdf(editions["print"].pdf)
    assert sum(len(p.get_links()) for p in doc) == 0
    assert doc.get_toc()                  # bookmarks stay: they are not page content
