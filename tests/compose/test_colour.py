"""Colour hierarchy on the built report: orange for display type, figures
and marks; reading text (body, intros, quotes) never orange."""
from __future__ import annotations

from pathlib import Path

from csrpress.pdf.colours import color_fn
from csrpress.errors import Collector
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]


def _hex(color) -> int:
    r, g, b = (round(v * 255) for v in color.rgb())
    return (r << 16) | (g << 8) | b


def test_reading_text_is_never_orange(pdf):
    layout = load_layout(ROOT / "layout", Collector())
    color = color_fn(layout, "rgb")
    oranges = {_hex(color("brand")), _hex(color("brand-dark"))}
    reading = {layout.style(n).size for n in ("body", "lead", "quote", "list-item", "card-text",
                                              "story-text")}
    regular = layout.style("body").font
    orange_text = []
    for page in pdf:
        for b in page.get_text("dict")["blocks"]:
            for line in b.get("lines", []):
                for s in line["spans"]:
                    if s["text"].strip() and s["size"] in reading and \
                            s["chars"][0]["font"].lower().endswith(regular) and \
                            s["color"] in oranges:
                        orange_text.append((page.number + 1, s["text"][:20]))
    assert not orange_text


def test_the_cover_is_not_an_opener(pdf, built):
    """The cover has its own composition: a logo slot, a title block and the year."""
    cover = "".join(pdf[0].get_text().split())
    opener = "".join(pdf[built.anchors["ch1"] - 1].get_text().split())
    assert "2019" in cover and "快手科技" in cover
    assert cover[:4] != opener[:4]


def test_tints_for_lines_keep_three_to_one_against_the_paper():
    """Series beyond the layout's colours are tints; a line chart's second
    series was drawn at 30 % (1.4:1 on white: barely seen). For lines the
    tints stop where 3:1 against the paper would be lost (WCAG 1.4.11); bars
    and slices (areas) keep the full range; every colour still distinct."""
    from reportlab.lib.colors import Color

    from csrpress.assets.colour import contrast
    from csrpress.compose.chart import distinct

    def rgb(c):
        return tuple(255 * v for v in c.rgb())

    white, teal = Color(1, 1, 1), Color(0.09, 0.38, 0.49)
    for count in (2, 3, 5):
        lines = distinct([teal], count, white)
        assert all(contrast(rgb(c), rgb(white)) >= 3.0 for c in lines), count
        assert len({rgb(c) for c in lines}) == count
    areas = distinct([teal], 2)
    assert contrast(rgb(areas[1]), rgb(white)) < 2.0                # (areas: 30 % as before)
    pale = Color(0.98, 0.8, 0.6)                                    # itself below 3:1:
    assert distinct([pale], 2, white)[1].rgb() == distinct([pale], 2)[1].rgb()   # as before
