"""The second example report (examples/greenfield-2025: A4, GRI 2021, another
brand colour and font weights, CMYK/transparent/low-resolution photos) builds
in both editions and passes the report-level checks the main report passes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from csrpress.build import Project, build_all
from tests import pdfread
# The main report's checks, run here on the example's `built` and `pdf` below.
from tests.compose.test_overlap import test_no_overlapping_text  # noqa: F401
from tests.paginate.test_navigation import gri_rows, labels, toc_links
from tests.paginate.test_navigation import test_gri_index_locations_are_live  # noqa: F401
from tests.text.test_lines_in_report import (  # noqa: F401
    chars, rows, test_justified_lines_end_exactly_at_the_measure, test_no_heading_last_on_a_page,
    test_no_line_ends_with_an_opening_bracket, test_no_line_overflows_the_measure,
    test_no_line_starts_with_a_prohibited_character, test_no_single_character_last_line,
    test_no_ascii_punctuation_left_between_han, test_no_token_split_across_lines,
    test_no_widows_or_orphans, test_numbers_words_dashes_not_split)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "greenfield-2025"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Both editions of the example, built into a scratch folder."""
    out = tmp_path_factory.mktemp("greenfield")
    screen, printed = build_all(Project(EXAMPLE, out), ["screen", "print"], record_lines=True)
    return screen, printed


@pytest.fixture(scope="module")
def built(editions):
    return editions[0]


@pytest.fixture(scope="module")
def pdf(built):
    doc = pdfread.open_pdf(built.pdf)
    yield doc
    doc.close()


def test_both_editions_a4_at_least_15_pages(editions):
    screen, printed = editions
    assert screen.pages >= 15 and printed.pages % 2 == 0
    page = pdfread.open_pdf(printed.pdf)[1]
    assert page.trimbox.width == pytest.approx(210 * MM, abs=0.1)
    assert page.trimbox.height == pytest.approx(297 * MM, abs=0.1)
    assert printed.check.errors == [] and screen.check.errors == []


def test_only_the_low_resolution_photo_is_reported(editions):
    warned = [str(w) for r in editions for w in r.warnings + r.check.warnings]
    assert warned and all("farmer-zhao.jpg" in w and "ppi" in w for w in warned), warned


def test_toc_numbers_are_real_pages(pdf):
    entries = toc_links(pdf)
    names = labels(pdf)
    assert len(entries) >= 15
    for title, number, target in entries:
        assert number == target and names[target - 1] == str(number), (title, number, target)


def test_gri_2021_codes_are_indexed(built, pdf):
    rows = gri_rows(pdf)
    assert {"2-22", "3-3", "13.1.2", "305-1"} <= set(rows)
    text = "".join(p.get_text() for p in pdf)
    assert "排放：直接（范围一）温室气体排放" in text.replace("\n", "")   # the project's own title


def _pdf_text(pdf) -> str:
    """All text without the running heads and folios (outside the text area)."""
    out = []
    for page in pdf:
        h = page.rect.height
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    y = span["bbox"][1]
                    if (y < 24 * MM - 2 or y > h - 22 * MM + 2) and span["size"] < 9.5:
                        continue
                    out.append(span["text"])
    return re.sub(r"\s+", "", "".join(out))


_SEP = re.compile(r"(?<=\d),(?=\d{3})")


def test_the_awards_stay_with_their_heading(pdf):
    """The example's three awards are one group (layout components.award.keep:
    2): the heading and all three share a page, none left alone at a foot."""
    pages = ["".join(p.get_text().split()) for p in pdf]
    first = [n for n, t in enumerate(pages) if "荣誉与认可" in t]    # the TOC, then the page
    assert first and "2025年3月" in pages[first[-1]] and "2025年12月" in pages[first[-1]]


def test_every_text_of_the_content_is_in_the_pdf(pdf):
    from csrpress.errors import Collector
    from csrpress.source.content import load_report
    from csrpress.text.inline import plain

    report = load_report(EXAMPLE / "content", Collector())
    text = _pdf_text(pdf)
    missing = []
    for block in report.blocks:
        if block.type in ("toc", "gri_index", "page_break"):
            continue
        for value in _printed(block.value) + [v for k, v in block.attrs.items()
                                              if k in PRINTED for v in _printed(v)]:
            want = re.sub(r"\s+", "", plain(re.sub(r"\{\{[^}]*\}\}", "", value)))
            want = _SEP.sub("", want)     # figures follow layout's number rule
            if want and want not in _SEP.sub("", text):
                missing.append((str(block.mark), want[:20]))
    assert missing == [], missing[:5]


# attributes whose text is printed (not ids, file names, kinds, codes)
PRINTED = {"text", "body", "items", "slogan", "epigraph", "author", "role", "label", "by",
           "title", "strategies", "actions", "qr_label", "url", "date", "prefix", "note",
           "handle", "columns", "year"}


def _printed(value) -> list[str]:
    """The texts of a value: a text, a list of them, or items with printed keys."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list):
        return [t for v in value for t in _printed(v)]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k in PRINTED | {"label", "value"}
                for t in _printed(v)]
    return []


def _swatch(img, x: int, y: int) -> tuple[tuple[int, int, int], int]:
    """The colour of the legend swatch left of pixel (x, y), and its left edge."""
    px = img.load()
    while x > 0 and min(px[x, y]) > 240:           # the gap between swatch and label
        x -= 1
    colour = px[x - 1, y]
    while x > 0 and max(abs(a - b) for a, b in zip(px[x, y], colour)) < 12:
        x -= 1
    return colour, x


def test_donut_slices_take_their_shares_of_the_ring(built):
    """The example's donut (4120, 2860, 1930 t: 46.2, 32.1, 21.7 %) read as ink:
    each slice's colour covers its share of the ring. Three slices drawn as
    ReportLab's annular wedges (each arc closed on its own chord, even-odd)
    left a wedge of paper between the second and third and misdrew every
    share; a donut of two slices happened to look right."""
    rec = next(r for r in built.charts if r.title.startswith("2025 年温室气体排放的来源"))
    values = {"农机燃油": 4120, "仓储冷链用电": 2860, "化肥生产": 1930}
    boxes = {t: b for b, t in rec.labels}
    x0, y0, x1, y1 = rec.frame
    scale = 4.0
    doc = pdfread.open_pdf(built.pdf)
    pg = doc.pdfium[rec.page - 1]
    w, h = pg.get_size()
    img = pg.render(scale=scale, crop=(x0, y0, w - x1, h - y1)).to_pil().convert("RGB")
    pg.close()
    doc.close()

    def at(x: float, y: float) -> tuple[int, int]:
        return int((x - x0) * scale), int((y1 - y) * scale)

    swatches = {n: _swatch(img, *at(boxes[n][0], (boxes[n][1] + boxes[n][3]) / 2))
                for n in values}
    right = min(edge for _, edge in swatches.values()) - int(2 * scale)
    inside = [b for b, t in rec.labels if at(b[0], b[1])[0] < right]   # the total, its unit
    px = img.load()
    counts = dict.fromkeys(values, 0)
    for x in range(right):
        for y in range(img.height):
            if any(b[0] <= x / scale + x0 <= b[2] and b[1] <= y1 - y / scale <= b[3]
                   for b in inside):
                continue
            for n, (colour, _) in swatches.items():
                if sum(abs(a - b) for a, b in zip(px[x, y], colour)) < 24:
                    counts[n] += 1
    total, ink = sum(values.values()), sum(counts.values())
    shares = {n: round(counts[n] / ink, 3) for n in values}
    assert all(abs(shares[n] - values[n] / total) < 0.015 for n in values), shares
