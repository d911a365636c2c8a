"""Charts drawn as vectors from content data (reportlab.graphics)."""
from __future__ import annotations

from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import marked
from ..source.content import Block
from ..text.inline import plain
from ..text.paragraph import Paragraph
from .context import Composer


class Chart(Flowable):
    """A timeline (line with points) or bar chart; labels in the report font."""

    def __init__(self, c: Composer, b: Block) -> None:
        super().__init__()
        self.c, self.kind = c, b.get("kind", "timeline")
        self.data = [(str(d["label"]), float(d["value"]), str(d.get("text", "")))
                     for d in b.get("data")]
        # a time axis when every point says when it is (months since year 0)
        months = [_month(d.get("at")) for d in b.get("data")]
        self.months = months if months and all(m is not None for m in months) else None
        self.unit = str(b.get("unit", ""))
        # what a screen reader says for the chart: its title and every data point
        self.alt = str(b.get("alt") or plain(str(b.value)) + ": " + "; ".join(
            f"{label} {_num(value)}{self.unit}" + (f" {text}" if text else "")
            for label, value, text in self.data))
        self.style = c.layout.style("chart-label")
        for label, value, text in self.data:
            c.ctx.fonts.claim(self.style.font, label + text + _num(value) + self.unit)
        self.spaceBefore = c.len("chart", "space_before")
        self.spaceAfter = c.len("chart", "space_after")

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.c.len("chart", "height")
        return self.width, self.height

    def draw(self) -> None:
        c, comp = self.c, self.c.layout.components["chart"]
        font = c.ctx.psnames[self.style.font]
        size = self.style.size
        w, h = self.width, self.height
        d = Drawing(w, h)
        left, bottom, top = c.len("chart", "side_margin"), 2.6 * size, 3.2 * size
        scale, dot = float(comp["value_scale"]), c.len("chart", "dot_radius")
        vmax = max(v for _, v, _ in self.data) or 1
        n = len(self.data)
        step = (w - 2 * left) / max(n, 1)
        axis = c.color(comp["axis_color"])
        col = c.color(comp["bar_color"])
        d.add(Line(left, bottom, w - left, bottom, strokeColor=axis,
                   strokeWidth=c.len("chart", "axis_width")))
        xs = self._xs(left, w, step, font, size * scale)
        if self.months:                # a tick at each new year on the time axis
            for m in range((self.months[0] // 12 + 1) * 12, self.months[-1] + 1, 12):
                x = self._at(m, xs)
                d.add(Line(x, bottom, x, bottom - 0.4 * size, strokeColor=axis,
                           strokeWidth=c.len("chart", "axis_width")))
        pts = []
        for i, (label, value, text) in enumerate(self.data):
            x = xs[i]
            y = bottom + (h - bottom - top) * value / vmax
            if self.kind == "bar":
                bw = step * float(comp["bar_fraction"])
                d.add(Rect(x - bw / 2, bottom, bw, y - bottom, fillColor=col,
                           strokeColor=None))
            pts += [x, y]
            d.add(String(x, bottom - 1.4 * size, label, fontName=font, fontSize=size,
                         textAnchor="middle", fillColor=c.color(self.style.color)))
            d.add(String(x, y + 0.8 * size, _num(value) + self.unit, fontName=font,
                         fontSize=size * scale, textAnchor="middle", fillColor=col))
            if text:
                d.add(String(x, y + 2.2 * size, text, fontName=font, fontSize=size,
                             textAnchor="middle", fillColor=axis))
        if self.kind == "timeline":
            d.add(PolyLine(pts, strokeColor=col, strokeWidth=c.len("chart", "line_width")))
            for i in range(0, len(pts), 2):
                d.add(Circle(pts[i], pts[i + 1], dot, fillColor=col, strokeColor=None))
        with marked(self.canv, "Figure", Alt=self.alt):
            renderPDF.draw(d, self.canv, 0, 0)

    def _xs(self, left: float, w: float, step: float, font: str, size: float) -> list[float]:
        """Where the points stand: evenly spaced, or on a true time axis
        (distance proportional to the months between them), inset so the
        first and last labels stay inside the chart."""
        n = len(self.data)
        if not self.months or n < 2 or self.months[-1] <= self.months[0]:
            return [left + step * (i + 0.5) for i in range(n)]
        from reportlab.pdfbase.pdfmetrics import stringWidth

        def half(i: int) -> float:
            label, value, text = self.data[i]
            return max(stringWidth(t, font, size) for t in (label, text, _num(value) + self.unit)) / 2

        x0, x1 = left + half(0), w - left - half(n - 1)
        t0, t1 = self.months[0], self.months[-1]
        self._axis = (x0, x1, t0, t1)
        return [x0 + (x1 - x0) * (m - t0) / (t1 - t0) for m in self.months]

    def _at(self, month: int, xs: list[float]) -> float:
        x0, x1, t0, t1 = self._axis
        return x0 + (x1 - x0) * (month - t0) / (t1 - t0)


def _month(at: Any) -> int | None:
    """'2019-05' → months since year 0 (None when absent)."""
    if at is None:
        return None
    year, month = str(at).split("-")
    return int(year) * 12 + int(month) - 1


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def chart(c: Composer, b: Block) -> list[Flowable]:
    """A chart with its title, kept together."""
    from reportlab.platypus.flowables import KeepTogether

    data = b.get("data") or []
    if not data or any(float(d["value"]) < 0 for d in data):
        # (the drawing scales to the largest value from a zero baseline)
        c.errors.error(b.mark_of("data"), "a chart needs at least one data point "
                       "and no negative values", "give data: as '- {label: …, value: 2}' "
                       "items with values of 0 or more")
        return []
    return [KeepTogether([Paragraph(b.value, c.layout.style("chart-title"), c.ctx), Chart(c, b)])]
