"""Part openers (components.heading.part_opener): the three parts of chapter 1
open with a band, the chapter's label and title at its head and the part's
title in the part-title style at its foot; pages of a part carry its title."""
from __future__ import annotations

from pathlib import Path

from csrpress.errors import Collector
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("记录幸福", "连接幸福", "行动幸福")


def _spans(page):
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            for s in line["spans"]:
                if s["text"].strip():
                    yield line["bbox"][1], s


def test_each_part_of_chapter_one_opens_with_a_band(pdf):
    layout = load_layout(ROOT / "layout", Collector())
    size = layout.style(layout.components["heading"]["part_title_style"]).size
    starts = {title: page for level, title, page in pdf.get_toc() if title in PARTS}
    assert set(starts) == set(PARTS)
    for title, page in starts.items():
        spans = sorted((t for t in _spans(pdf[page - 1]) if t[0] > layout.margins["top"] - 2),
                       key=lambda t: t[0])
        at = [i for i, (_, s) in enumerate(spans) if s["text"].strip() == title]
        assert at, title
        _, span = spans[at[0]]
        assert abs(span["size"] - size) < 0.1
        kicker = "".join(spans[at[0] - 1][1]["text"].split())
        assert kicker == "第一章科技普惠，创造幸福未来"


def test_a_part_opener_needs_its_layout(tmp_path):
    """Without components.heading.part_opener the heading is set as any h1."""
    from csrpress.build import build
    from tests.pdfread import open_pdf
    from tests.samples import mini_project

    blocks = "  - heading: 第一部分\n    level: 1\n    opener: true\n  - p: 正文。\n"
    project = mini_project(tmp_path / "a", blocks)
    pdf = open_pdf(build(project).pdf)
    assert "第一部分" in pdf[0].get_text()
