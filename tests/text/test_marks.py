"""—— and …… as Chinese sets them: on the ideographs' centre axis, a dash run
one unbroken rule with the weight's own stroke, the characters kept in the
text layer. Checked on the built report by rendering the ink (pypdfium2)."""
from __future__ import annotations

import statistics

import pytest

from csrpress.text.marks import JOIN, run_glyphs

SCALE = 8.0          # pixels per point of the rendered crops
INK = 128            # grey level below which a pixel is ink


def test_dash_glyphs_overlap_and_keep_the_runs_bearings():
    box = (0.046, 0.35, 0.847, 0.41)            # an em dash, advance 0.894 em
    g = run_glyphs("—", 2, 0.894, box, (0.1, -0.08, 0.9, 0.84))
    ink = [(o + g.scale * box[0], o + g.scale * box[2]) for o in g.origins]
    assert ink[0][0] == pytest.approx(0.046 / 0.894)
    assert ink[-1][1] == pytest.approx(2 - 0.046 / 0.894)
    assert ink[0][1] - ink[1][0] == pytest.approx(2 * JOIN)      # overlap, no seam
    assert g.centre == pytest.approx(0.38)
    assert g.stroke == pytest.approx(0.06)


def test_ellipsis_keeps_one_em_per_glyph_and_unknown_glyphs_fall_back():
    g = run_glyphs("…", 2, 1.0, (0.1, 0.31, 0.9, 0.45), None)
    assert g.origins == (0.0, 1.0) and g.scale == 1.0
    assert run_glyphs("—", 2, 0.9, None, None).origins == (0.0, 1.0)


def _runs(pdf, text):
    """(page, chars of the line, index) of every `text` run between Han characters."""
    for page in pdf:
        for line in page._lines:
            s = "".join(c["c"] for c in line)
            i = s.find(text)
            while i > 0 and i + len(text) < len(s):
                yield page, line, i
                i = s.find(text, i + 1)


def _ink(page, left, top, right, bottom):
    """Rows and columns of ink in a page region (page coordinates, y down)."""
    doc = page.doc.pdfium
    pg = doc[page.number]
    w, h = pg.get_size()
    img = pg.render(scale=SCALE, crop=(left, h - bottom, w - right, top)).to_pil().convert("L")
    pg.close()
    px = img.load()
    cols = {}
    for x in range(img.width):
        rows = [y for y in range(img.height) if px[x, y] < INK]
        if rows:
            cols[x] = rows
    return cols


def _han_centre(page, chars, base):
    """Median vertical centre (pt above the baseline) of the ink of Han characters."""
    centres = []
    for c in chars:
        if "\u4e00" <= c["c"] <= "\u9fff":
            x0, y0, x1, y1 = c["bbox"]
            cols = _ink(page, x0, y0, x1, y1)
            if cols:
                top = min(min(r) for r in cols.values())
                bot = max(max(r) for r in cols.values())
                centres.append(base - (y0 + (top + bot + 1) / 2 / SCALE))
    return statistics.median(centres)


def _dash_geometry(page, line, i):
    """(centre above the baseline, thickness per column) of a —— run's ink."""
    a, b = line[i], line[i + 1]
    base, size = a["origin"][1], a["size"]
    left, right = a["bbox"][0], b["bbox"][2]
    top, bottom = base - size, base + 0.2 * size
    cols = _ink(page, left + 0.15 * size, top, right - 0.15 * size, bottom)
    thick = [(max(r) - min(r) + 1) / SCALE for r in cols.values()]
    centres = [base - (top + (max(r) + min(r) + 1) / 2 / SCALE) for r in cols.values()]
    n = int((right - left - 0.3 * size) * SCALE)
    return statistics.median(centres), thick, n, size, base


@pytest.mark.parametrize("face", ["Regular", "Bold"])
def test_dash_run_is_one_rule_on_the_han_centre(pdf, face):
    found = [(p, ln, i) for p, ln, i in _runs(pdf, "——") if face in ln[i]["font"]]
    assert found, f"no —— between Han in the {face} face"
    page, line, i = found[0]
    centre, thick, width, size, base = _dash_geometry(page, line, i)
    assert len(thick) >= width - 1, "the rule has a gap"
    assert max(thick) - min(thick) <= 1.0 / SCALE + 1e-9, "the rule has a waist"
    han = _han_centre(page, line[max(0, i - 4):i] + line[i + 2:i + 6], base)
    assert abs(centre - han) <= 0.03 * size, (centre / size, han / size)


def test_bold_dash_is_thicker_than_regular(pdf):
    thick = {}
    for face in ("Regular", "Bold"):
        page, line, i = next((p, ln, i) for p, ln, i in _runs(pdf, "——")
                             if face in ln[i]["font"])
        _c, t, _n, size, _b = _dash_geometry(page, line, i)
        thick[face] = statistics.median(t) / size
    assert thick["Bold"] > thick["Regular"] * 1.3


def test_ellipsis_dots_are_centred(pdf):
    page, line, i = next(_runs(pdf, "……"))
    a, b = line[i], line[i + 1]
    base, size = a["origin"][1], a["size"]
    cols = _ink(page, a["bbox"][0], base - size, b["bbox"][2], base + 0.2 * size)
    top = min(min(r) for r in cols.values())
    bot = max(max(r) for r in cols.values())
    centre = base - (base - size + (top + bot + 1) / 2 / SCALE)
    han = _han_centre(page, line[max(0, i - 4):i] + line[i + 2:i + 6], base)
    assert abs(centre - han) <= 0.03 * size


def test_text_layer_keeps_the_marks(pdf):
    text = "".join(p.get_text() for p in pdf)
    assert "生长力" in text
    for snippet in ("用户故事电影短片——《我叫李勇敢》", "绍兴、安吉……他们"):
        assert snippet in text.replace("\n", "")
