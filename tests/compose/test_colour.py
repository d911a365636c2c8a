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
