"""TOC, outline, page labels, GRI index: every number is the real page."""
from __future__ import annotations

import re
from pathlib import Path

from tests import pdfread
import pytest

from csrpress.build import build


def toc_links(pdf):
    """(title, printed number, target page) of every TOC entry."""
    out = []
    for page in pdf:
        text = page.get_text()
        if "目录" not in text.splitlines()[:3] and not out:
            continue
        links = [l for l in page.get_links() if l["kind"] == pdfread.LINK_GOTO]
        if not links:
            if out:
                break
            continue
        for l in links:
            words = page.get_text("text", clip=l["from"]).split()
            raw = "".join(words).replace("·", "")
            m = re.match(r"^(.*?)(\d+)$", raw)
            assert m, raw
            out.append((m.group(1), int(m.group(2)), l["page"] + 1))
        if page.number > 6:
            break
    return out


def labels(pdf) -> list[str]:
    """Page labels as a viewer shows them (pypdf decodes the UTF-16 prefixes)."""
    import pypdf
    return list(pypdf.PdfReader(pdf.name).page_labels)


def check_toc(pdf):
    entries = toc_links(pdf)
    assert len(entries) > 30
    names = labels(pdf)
    for title, number, target in entries:
        assert number == target, (title, number, target)
        assert names[target - 1] == str(number), (title, number)
        assert title in "".join(pdf[target - 1].get_text().split()), (title, target)
    return entries


def test_toc_numbers_are_real_pages_and_links(pdf):
    check_toc(pdf)


def test_outline_is_the_heading_tree_at_the_configured_depth(pdf):
    from csrpress.errors import Collector
    from csrpress.source.content import load_report
    from csrpress.source.layout import load_layout
    from csrpress.text.inline import plain

    root = Path(__file__).resolve().parents[2]
    errors = Collector()
    report = load_report(root / "content", errors)
    depth = load_layout(root / "layout", errors).outline["depth"]
    want = [plain(str(b.value)) for b in report.blocks
            if b.type in ("cover", "chapter") or
            (b.type == "heading" and int(b.get("level")) <= depth)]
    got = [t for _, t, _ in pdf.get_toc()]
    assert got == want
    # nesting: a chapter's parts are one level below it
    levels = {t: lvl for lvl, t, _ in pdf.get_toc()}
    assert levels["科技普惠，创造幸福未来"] == 1 and levels["记录幸福"] == 2
    assert levels["参差百态才是幸福本源"] == 3


def test_outline_destinations_are_valid(built, pdf):
    toc = pdf.get_toc()
    titles = [t for _, t, _ in toc]
    for level, title, page in toc:
        assert 1 <= page <= pdf.page_count
        assert "".join(title.split()) in "".join(pdf[page - 1].get_text().split()), title
    for chapter in ("科技普惠，创造幸福未来", "相互成就，共赢幸福未来", "附录"):
        assert chapter in titles
    assert len(toc) >= len(built.anchors) * 0.5


def test_page_labels_match_folios(pdf):
    names = labels(pdf)
    assert names[0] == "封面" and names[-1] == "封底"
    assert names[1:-1] == [str(i + 1) for i in range(1, pdf.page_count - 1)]


def gri_rows(pdf):
    """code → (printed page text, link targets) from the GRI index pages."""
    rows = {}
    for page in pdf:
        if "GRI 标准" not in page.get_text():
            continue
        for l in page.get_links():
            if l["kind"] != pdfread.LINK_GOTO:
                continue
            r = l["from"]
            line = page.get_text("text", clip=pdfread.Rect(0, r.y0, page.rect.x1, r.y1))
            # a GRI 2016 (102-14), 2021 (2-22, 3-3) or sector (13.1.2) code
            m = re.search(r"(?<![\d.])(\d{2}\.\d{1,2}\.\d{1,2}|\d{1,3}-\d{1,2})(?![\d.])", line)
            if m:
                num = page.get_text("text", clip=r).strip()
                rows.setdefault(m.group(1), []).append((int(num.split("–")[0]), l["page"] + 1))
    return rows


def test_gri_index_locations_are_live(built, pdf):
    rows = gri_rows(pdf)
    assert set(rows) == set(built.gri), set(built.gri) ^ set(rows)
    for code, links in rows.items():
        starts = {built.anchors[k] for k in built.gri[code]}
        for printed, target in links:
            assert printed == target
            assert target in starts, (code, printed, starts)


def check_references(doc, anchors, content_dir):
    """Every "见第 N、M 页" of the SDG index names the pages its sections start on."""
    import yaml
    data = yaml.safe_load((content_dir / "30-appendix.yaml").read_text(encoding="utf-8"))
    sdg = next(b for b in data["blocks"] if isinstance(b, dict) and "sdg_index" in b)
    text = "".join("".join(p.get_text().split()) for p in doc)
    for row in sdg["rows"]:
        want = "见第" + "、".join(str(anchors[r]) for r in row["refs"]) + "页"
        assert want in text, (row["goal"], want)


def test_references_are_live(built, pdf):
    check_references(pdf, built.anchors, Path(__file__).resolve().parents[2] / "content")


def test_inserted_text_moves_every_number(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    before = build(project)
    path = project.content / "01-letters.yaml"
    text = path.read_text(encoding="utf-8")
    filler = "".join(f"  - 插入的段落用于检验页码是否随内容移动，第{i}段。" * 1 + "\n" for i in range(60))
    text = text.replace("blocks:\n", "blocks:\n" + filler, 1)
    path.write_text(text, encoding="utf-8")
    after = build(project)
    assert after.pages > before.pages
    moved = [k for k in before.anchors if after.anchors.get(k, 0) > before.anchors[k]]
    assert len(moved) > 50
    doc = pdfread.open_pdf(after.pdf)
    entries = check_toc(doc)
    assert any(n != before.anchors.get(k) for k, n in after.anchors.items())
    rows = gri_rows(doc)
    for code, links in rows.items():
        starts = {after.anchors[k] for k in after.gri[code]}
        assert all(t in starts and p == t for p, t in links)
    check_references(doc, after.anchors, project.content)
    assert any(after.anchors[r] != before.anchors[r] for r in ("action-rural", "rec-values"))


def test_every_page_with_text_is_in_a_parts_pages(built, pdf):
    """The parts' pages (the build record, build-manifest.json, 'changed
    pages … (in 附录)') reach the last row of a table that runs over pages:
    the rest of a split table carries no block of its own, and the appendix,
    whose GRI index runs to p. 65, was listed as pages 59-63."""
    covered: set[int] = set()
    for _part, _title, first, last in built.parts:
        covered |= set(range(first, last + 1))
    texted = {n + 1 for n, page in enumerate(pdf) if page.get_text().strip()}
    assert texted <= covered, sorted(texted - covered)
