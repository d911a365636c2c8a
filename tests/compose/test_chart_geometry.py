"""Charts in the built report, measured: every label inside its chart's
frame, no label over another, sizes a reader can read, the chart as wide as
the text column, and every label in the PDF's text layer."""
from __future__ import annotations

import pytest

MIN_SIZE = 6.5          # pt: the smallest label a print designer accepts


@pytest.fixture(scope="module")
def charts(built):
    assert built.charts, "the report has charts and the build records them"
    return built.charts


def _flip(page, box):
    """A box in PDF points (y up) → the reader's coordinates (y down)."""
    h = page.rect.height
    x0, y0, x1, y1 = box
    return (x0, h - y1, x1, h - y0)


def test_every_chart_block_is_drawn_once(built, charts):
    from csrpress.build import Project
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    report = load_report(Project(built.pdf.parent.parent).content, Collector())
    titles = sorted(str(b.value) for b in report.blocks if b.type == "chart")
    assert sorted(r.title for r in charts) == titles


def test_labels_inside_the_frame(charts):
    bad = [(r.page, r.title, t) for r in charts for b, t in r.labels
           if not (b[0] >= r.frame[0] - 0.5 and b[1] >= r.frame[1] - 0.5
                   and b[2] <= r.frame[2] + 0.5 and b[3] <= r.frame[3] + 0.5)]
    assert bad == []


def test_no_label_overlaps_another(charts):
    bad = []
    for r in charts:
        boxes = r.labels
        for i, (a, ta) in enumerate(boxes):
            for b, tb in boxes[i + 1:]:
                if a[0] < b[2] - 0.3 and b[0] < a[2] - 0.3 and a[1] < b[3] - 0.3 and b[1] < a[3] - 0.3:
                    bad.append((r.page, r.title, ta, tb))
    assert bad == []


def test_chart_text_is_in_the_text_layer_and_legible(pdf, charts):
    for r in charts:
        page = pdf[r.page - 1]
        clip = _flip(page, r.frame)
        drawn = "".join(page.get_text(clip=clip).split())
        for _, text in r.labels:
            assert "".join(text.split()) in drawn, (r.page, r.title, text)
        sizes = [c["size"] for c in page.chars if c["c"].strip() and "bbox" in c
                 and clip[0] - 1 <= (c["bbox"][0] + c["bbox"][2]) / 2 <= clip[2] + 1
                 and clip[1] - 1 <= (c["bbox"][1] + c["bbox"][3]) / 2 <= clip[3] + 1]
        assert sizes and min(sizes) >= MIN_SIZE - 0.01, (r.page, r.title, min(sizes))


def test_charts_stand_on_the_text_column(pdf, charts):
    """As wide as the measure and flush with its title (set in the column)."""
    widths = {round(r.frame[2] - r.frame[0], 1) for r in charts}
    assert len(widths) == 1
    for r in charts:
        page = pdf[r.page - 1]
        title = "".join(r.title.split())[:6]
        found = page.search_for(title)
        assert found, (r.page, r.title)
        assert min(abs(f.x0 - r.frame[0]) for f in found) < 1.0, (r.page, r.title)


def test_a_chart_works_out_its_height_once_per_width():
    from types import SimpleNamespace

    from csrpress.compose.chart import Chart

    asked: list[str] = []

    def length(comp: str, key: str) -> float:
        asked.append(key)
        return 120.0

    fake = SimpleNamespace(data=SimpleNamespace(kind="bar", events=[], labels=["2024", "2025"]),
                           c=SimpleNamespace(len=length), _heights={})
    assert Chart.wrap(fake, 300, 500) == (300, 120.0)
    assert Chart.wrap(fake, 300, 80) == (300, 120.0)        # an equal width: from the memo
    assert len(asked) == 1
    Chart.wrap(fake, 200, 500)                               # another width: worked out
    assert len(asked) == 2
