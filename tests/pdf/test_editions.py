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


def test_crop_marks_without_a_slug_are_on_the_media(project, tmp_path, monkeypatch):
    """crop_marks without slug: (its default, 0) made the media the bleed box,
    and the marks, drawn outside it, were off the page: a print shop asked for
    marks got none, and nothing said so. The media now reaches at least as far
    as the marks (gap + length beyond the bleed)."""
    from tests.source.located import edit_file

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    edit_file(project.layout / "layout.yaml",
              "crop_marks: {length: 10pt, gap: 2pt, weight: 0.3pt, slug: 12mm}",
              "crop_marks: {length: 10pt, gap: 2pt, weight: 0.3pt}")
    doc = pdfread.open_pdf(build(project, "print").pdf)
    for page in (doc[0], doc[1], doc[len(doc) - 1]):
        media, bleed = page.mediabox, page.bleedbox
        assert bleed.x0 - media.x0 == pytest.approx(12, abs=0.01)     # gap + length
        assert media.y1 - bleed.y1 == pytest.approx(12, abs=0.01)
        marks = [d["rect"] for d in page.get_drawings() if d["width"] and d["width"] < 0.5
                 and not d["rect"].intersects(bleed)]
        assert len(marks) == 8
        pad = 0.3 + 0.01            # (a drawing's rect holds the stroke's half width)
        assert all(media.x0 - pad <= r.x0 and r.x1 <= media.x1 + pad and
                   media.y0 - pad <= r.y0 and r.y1 <= media.y1 + pad for r in marks), marks


def test_a_print_edition_with_less_bleed_than_printers_ask_is_a_warning(project, tmp_path,
                                                                        monkeypatch):
    """page.bleed: 0mm with the print edition's bleed: true wrote a PDF whose
    BleedBox is its TrimBox (the cover and openers ending at the cut) without
    a word; now a warning at page.bleed, under 3 mm."""
    from tests.source.located import edit_file

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))

    def said(res):
        return [str(w) for w in res.warnings if "page.bleed is" in str(w)]

    assert said(build(project, "print")) == []
    line = edit_file(project.layout / "layout.yaml", "  bleed: 3mm", "  bleed: 0mm")
    res = build(project, "print")
    got = said(res)
    assert len(got) == 1 and f"layout.yaml:{line}:3:" in got[0], got
    assert "page.bleed is 0 mm, less than the 3 mm" in got[0] and "print" in got[0]
    doc = pdfread.open_pdf(res.pdf)
    assert doc[0].bleedbox == doc[0].trimbox        # (what it warns of)


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
    # the running head 10 mm above a 12 mm margin: said at its layout line
    # now (before: by preflight, at no line); the last good PDF stays
    layout.write_text(text.replace("top: 26mm", "top: 12mm", 1), encoding="utf-8")
    (project.dist).mkdir(exist_ok=True)
    (project.dist / "kuaishou-csr-2019-print.pdf").write_bytes(b"last good")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    assert any("within 5 mm of the trim" in str(d) or "within page.safety" in str(d)
               for d in exc.value.diagnostics)
    assert (project.dist / "kuaishou-csr-2019-print.pdf").read_bytes() == b"last good"


def test_margins_that_put_the_running_head_in_the_safety_zone_are_a_layout_error(project):
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("top: 26mm", "top: 12mm", 1), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    assert any("layout.yaml:" in str(d) and "running head would stand" in str(d)
               for d in exc.value.diagnostics)


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


# --- PDF/X-4, colour management, overprint, contrast (issue 14) ---------------

def _ops(page):
    import pikepdf
    for operands, op in pikepdf.parse_content_stream(page):
        yield [float(v) if isinstance(v, (int, float)) or type(v).__name__ == "Decimal" else v
               for v in operands], str(op)


def test_print_is_pdfx4_with_an_output_intent(editions):
    import io

    import pikepdf
    from PIL import ImageCms

    with pikepdf.open(editions["print"].pdf) as pdf:
        assert pdf.pdf_version == "1.6"
        oi = pdf.Root.OutputIntents[0]
        assert oi.S == "/GTS_PDFX" and str(oi.OutputConditionIdentifier) == "FOGRA39"
        assert str(oi.RegistryName) == "http://www.color.org" and str(oi.OutputCondition)
        icc = oi.DestOutputProfile
        assert int(icc.N) == 4
        prof = ImageCms.ImageCmsProfile(io.BytesIO(icc.read_bytes())).profile
        assert prof.xcolor_space.strip() == "CMYK" and prof.device_class.strip() == "prtr"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert pdf.docinfo.Trapped == "/False"
        assert str(pdf.docinfo.CreationDate).startswith("D:20200530")    # report.yaml date
        assert len(pdf.trailer.ID) == 2
        xmp = pdf.Root.Metadata.read_bytes().decode()
        for want in ("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
                     "<pdf:Trapped>False</pdf:Trapped>", "<xmpMM:DocumentID>uuid:",
                     "<xmpMM:InstanceID>uuid:", "<xmpMM:RenditionClass>default<",
                     "<xmp:CreateDate>2020-05-30T00:00:00Z<",
                     "<xmp:CreatorTool>csrpress print edition<"):
            assert want in xmp, want
        assert str(pdf.docinfo.Creator) == "csrpress print edition"     # = CreatorTool
        print_id = bytes(pdf.trailer.ID[0])
    with pikepdf.open(editions["screen"].pdf) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert bytes(pdf.trailer.ID[0]) != print_id       # each edition its own document
    facts = editions["print"].check.facts
    assert facts["standard"] == "PDF/X-4" and facts["output_intent"] == "FOGRA39"


def test_black_text_overprints_and_nothing_is_rgb(editions):
    """Every text shown in 0/0/0/100 K runs with op true and OPM 1; no RGB
    operator, colour space or image anywhere in the print edition."""
    import pikepdf

    shown = 0
    with pikepdf.open(editions["print"].pdf) as pdf:
        for page in pdf.pages:
            res = page.obj.Resources
            states = res.get("/ExtGState") or {}
            for name, cs in (res.get("/ColorSpace") or {}).items():
                assert "RGB" not in repr(cs) and "/Lab" not in repr(cs), name
            fill, gs, stack = None, {"op": False, "OPM": 0}, []
            for operands, op in _ops(page):
                if op == "q":
                    stack.append((fill, dict(gs)))
                elif op == "Q":
                    fill, gs = stack.pop()
                elif op == "k":
                    fill = tuple(operands)
                elif op == "gs":
                    d = states[str(operands[0])]
                    gs.update({k.lstrip("/"): v for k, v in d.items()})
                elif op in ("Tj", "TJ") and fill == (0, 0, 0, 1):
                    assert gs["op"] is True and gs["OPM"] == 1, page.index
                    shown += 1
                assert op not in ("rg", "RG", "sc", "SC"), (page.index, op)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                assert obj.ColorSpace == "/DeviceCMYK"
    assert shown > 1000


def test_crop_marks_are_in_registration_colour(editions):
    import pikepdf

    with pikepdf.open(editions["print"].pdf) as pdf:
        page = pdf.pages[1]
        spaces = page.obj.Resources.ColorSpace
        (name, sep), = [(n, cs) for n, cs in spaces.items() if cs[0] == "/Separation"]
        assert sep[1] == "/All"                         # all plates
        ops = list(_ops(page))
        marks = [i for i, (o, op) in enumerate(ops) if op == "CS" and str(o[0]) == name]
        assert marks
        strokes = [op for _, op in ops[marks[-1]:] if op == "S"]
        assert len(strokes) == 8                        # four corners, two marks each


def test_photos_are_separated_through_the_profile_within_the_ink_limit(project, tmp_path,
                                                                     monkeypatch):
    """An RGB photo becomes CMYK with a real black plate (not 100/100/100/0) and no
    pixel over the ink limit; preflight measures it."""
    import io

    import pikepdf
    from PIL import Image

    from csrpress.pdf.printcheck import _image_ink

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    names = add_story_photos(project, 1, size=(400, 400))
    Image.new("RGB", (400, 400), (0, 0, 0)).save(project.images / names[0], quality=95)
    res = build(project, "print")
    with pikepdf.open(res.pdf) as pdf:
        imgs = [o for o in pdf.objects
                if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert len(imgs) == 1
        im = Image.open(io.BytesIO(imgs[0].read_raw_bytes())).convert("CMYK")
        c, m, y, k = im.getpixel((200, 200))
        assert k > 0.8 * 255 and c + m + y + k <= 3.0 * 255 + 8
        assert _image_ink(imgs[0]) <= 300.5
    ink = res.check.facts["max_ink"]
    assert ink["limit"] == 300 and 200 < ink["images"] <= 300.5 and ink["vector"] <= 300


def test_a_printers_profile_littlecms_cannot_save_separates_the_photos(project, tmp_path,
                                                                       monkeypatch):
    """A printer's CMYK profile in layout/ that LittleCMS reads but cannot write
    back once a transform is built from it (Ghostscript's ps_cmyk.icc, ICC v4:
    'Could not determine profile size') separates the photos: Pillow's
    applyTransform serialises the output profile into the result and stopped
    the build with an internal error. Simulated by making that serialisation
    fail; the photo comes out CMYK, the profile is the OutputIntent."""
    import shutil

    import pikepdf
    from PIL import ImageCms

    from csrpress.assets.colour import DEFAULT_PROFILE

    def cannot_save(self):
        raise OSError("Could not determine profile size")

    monkeypatch.setattr(ImageCms.ImageCmsProfile, "tobytes", cannot_save)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    add_story_photos(project, 1, size=(400, 400))
    shutil.copy(DEFAULT_PROFILE, project.layout / "printer.icc")
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    assert "profile: default" in text
    layout.write_text(text.replace("profile: default", "profile: printer.icc"), encoding="utf-8")
    res = build(project, "print")
    with pikepdf.open(res.pdf) as pdf:
        imgs = [o for o in pdf.objects
                if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
        assert len(imgs) == 1 and imgs[0].ColorSpace == "/DeviceCMYK"
        icc = pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()
        assert icc == DEFAULT_PROFILE.read_bytes()


def test_a_palette_colour_over_a_lower_ink_limit_is_an_error_at_the_colour(project, tmp_path,
                                                                          monkeypatch):
    """A printer's lower ink limit (uncoated paper) made preflight fail with
    'colours with more than 180 % total ink on pages [1, 4, 7, …]': no line,
    no colour. Each palette colour over it is now an error at its line, with
    its name and ink, before anything is laid out."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    assert "ink_limit: 300 " in text
    layout.write_text(text.replace("ink_limit: 300 ", "ink_limit: 180 "), encoding="utf-8")
    lines = text.split("\n")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    got = [str(d) for d in exc.value.diagnostics]
    for name, ink in (("brand-dark", "200"), ("rich-black", "200"), ("sdg-4", "187.2")):
        line = next(i for i, t in enumerate(lines, 1) if t.strip().startswith(f"{name}:"))
        assert any(f"layout.yaml:{line}:3:" in d and f"palette.{name} has {ink} % ink" in d
                   and "ink_limit (180 %)" in d for d in got), (name, got)
    assert len(got) == 3 and not any("preflight" in d for d in got), got


def test_photos_over_a_lower_ink_limit_are_an_error_at_the_limit(project, tmp_path,
                                                                 monkeypatch):
    """Photos over a printer's lower ink limit failed preflight at 'report:'
    (no line) with 'check its ink limit'; the error is now at the layout's
    ink_limit, says how far over they go and what sets a photo's ink."""
    from PIL import Image

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    names = add_story_photos(project, 1, size=(400, 400))
    Image.new("RGB", (400, 400), (0, 0, 0)).save(project.images / names[0], quality=95)
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    line = text[:text.index("ink_limit: 300 ")].count("\n") + 1
    layout.write_text(text.replace("ink_limit: 300 ", "ink_limit: 220 "), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == 1 and f"layout.yaml:{line}:" in got[0], got
    assert "photos with more than 220 % total ink" in got[0] and "output_intent.profile" in got[0]


def test_pdfx1a_is_selectable(project, tmp_path, monkeypatch):
    import pikepdf

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    layout = project.layout / "layout.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "standard: PDF/X-4", "standard: PDF/X-1a:2003"), encoding="utf-8")
    res = build(project, "print")
    with pikepdf.open(res.pdf) as pdf:
        assert pdf.pdf_version == "1.4"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfx:GTS_PDFXConformance>PDF/X-1a:2003<" in xmp
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX"


def test_colour_settings_are_checked_where_they_are_written(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    text = text.replace("standard: PDF/X-4", "standard: PDF/X-5")
    text = text.replace("profile: default", "profile: printer.icc")
    text = text.replace("ink_limit: 300 ", "ink_limit: lots ")
    text = text.replace("brand-text: {rgb: [192, 60, 0]}", "brand-text: {rgb: [192, 60]}")
    layout.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    got = "\n".join(str(d) for d in exc.value.diagnostics)
    assert "layout.yaml:" in got
    for want in ("'editions.print.standard' must be one of", "'editions.print.ink_limit' must "
                 "be a number", "editions.screen.palette.brand-text needs rgb: [R, G, B]"):
        assert want in got, want
    text = text.replace("standard: PDF/X-5", "standard: PDF/X-4").replace(
        "ink_limit: lots ", "ink_limit: 300 ").replace("[192, 60]", "[192, 60, 0]")
    layout.write_text(text, encoding="utf-8")
    (project.layout / "printer.icc").write_bytes(b"not a profile")
    with pytest.raises(BuildError) as exc:
        build(project, "print")
    assert "printer.icc cannot be the output profile" in str(exc.value.diagnostics[0])


def test_screen_text_meets_wcag_contrast_or_the_build_says_where(project, tmp_path,
                                                                monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("      brand-text: {rgb: [192, 60, 0]}", ""), encoding="utf-8")
    res = build(project, "screen")
    msg = next(str(w) for w in res.check.warnings if "WCAG" in str(w))
    assert res.check.facts["contrast_failures"] > 0
    assert "WCAG 2.2 AA" in msg and "'brand-text' (#EC5E00)" in msg and "needs 4.5:1" in msg


def test_screen_colours_come_through_the_profile_or_the_override(editions):
    from csrpress.assets.colour import contrast
    from csrpress.pdf.colours import color_fn
    assert editions["screen"].check.facts["contrast_failures"] == 0
    # the palette override is used as written; other colours through the profile
    from pathlib import Path

    from csrpress.assets.colour import output_profile
    from csrpress.errors import Collector
    from csrpress.source.layout import load_layout
    root = Path(__file__).resolve().parents[2] / "layout"
    layout = load_layout(root, Collector())
    screen = layout.editions["screen"]
    color = color_fn(layout, screen, output_profile(screen, root))
    brand = color("brand-text")      # orange type: the override; fills: the profile's
    assert (round(brand.red * 255), round(brand.green * 255), round(brand.blue * 255)) == \
        (192, 60, 0)
    white = color("white")
    assert (white.red, white.green, white.blue) == (1, 1, 1)
    ink = color("ink")
    assert contrast((ink.red * 255, ink.green * 255, ink.blue * 255), (255, 255, 255)) > 15


def test_report_date_is_validated(project):
    index = project.content / "report.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "date: 2020-05-30", "date: 2020-13-45"), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project, "screen")
    assert any("report.yaml:" in str(d) and "2020-13-45" in str(d)
               for d in exc.value.diagnostics)
