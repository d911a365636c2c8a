"""The drawings of the chart kinds: axis charts (bar, grouped and stacked;
line; a timeline of values), pies and donuts, and timelines of events.

Each kind has a height function (what it needs at a given width) and a draw
function that adds shapes and labels to a Sheet (see chart.py). Positions
are in points with y up, inside the chart's own frame.
"""
from __future__ import annotations

import datetime
import re
from decimal import Context, Decimal
from typing import TYPE_CHECKING, Any, Callable

from reportlab.graphics.shapes import Circle, Line, Polygon, PolyLine, Rect, Wedge

from ..assets.fonts import as_typed
from ..source.chartdata import ChartData, Value, exact_sum
from ..text.atoms import ASCII_NO_END, ASCII_NO_START, CLOSE, NO_END, NO_START, OPEN, STOP
from ..text.hyphen import cjk_document
from ..text.normalise import HAN
from .grids import grouped_alike, number_format

if TYPE_CHECKING:
    from .chart import Chart, Ink, Sheet

LINE = 1.35          # a label line, in label sizes
ASCENT, DESCENT = 0.88, 0.12     # the CJK em box around a baseline, in sizes
DIGITS = "0123456789.,%+- "


# -- what every kind shares ------------------------------------------------

_MILLIONTH = Decimal("0.000001")
_WIDE = Context(prec=4000)        # (rounds to places, never to significant digits)


def num(v: float, rule: dict) -> str:
    """A value as the report writes figures (no exponent, digits grouped as
    layout's stat number rule says): a content value (chartdata.Value) by
    its exact digits as typed, up to 15 decimal places (past them, or a
    computed value such as a tick, to 6 places, trailing zeros dropped).
    A value below zero takes the rule's minus sign (U+2212 where the chart's
    faces have it: a hyphen is a dash too short and too low for a figure),
    unless it prints as zero (−0 is no amount)."""
    exact = getattr(v, "exact", None)
    if exact.is_signed() if exact is not None else v < 0:     # (Decimal -0.00 is signed)
        text = num(Value(-exact) if exact is not None else -v, rule)
        return rule.get("minus", "-") + text if any(c in "123456789" for c in text) else text
    if exact is not None:
        if exact.as_tuple().exponent >= -15:    # (an int exponent: the value is finite)
            return number_format(format(exact, "f"), rule)
        text = format(exact.quantize(_MILLIONTH, context=_WIDE), "f")
        return number_format(text.rstrip("0").rstrip("."), rule)
    r = round(v, 6)          # (a value below a millionth prints as 0, not 0.0)
    text = str(int(r)) if float(r).is_integer() else repr(r)
    if isinstance(r, float) and r.is_integer() and abs(r) >= 2 ** 53:
        # past 2^53 int() prints the float's binary expansion (1e44 as
        # 100000000000000008821361405306422640701865984): its shortest decimal digits
        text = format(Decimal(repr(r)), "f").split(".")[0]
    if "e" in text:
        text = f"{v:.6f}".rstrip("0").rstrip(".")
    return number_format(text, rule)


UNIT_GAP = "\u2005"    # stands for the layout's Han–Latin gap (text.han_latin_gap)


def with_unit(text: str, unit: str) -> str:
    """A figure and its unit: a word unit (亿, 千克) after the report's one
    Han–Latin gap (the body sets "1 亿" with text.han_latin_gap: the chart
    draws UNIT_GAP as that gap, not as a typed space); a sign (%) close up."""
    if not unit:
        return text
    return text + (UNIT_GAP + unit if unit[0].isalpha() else unit)


def printed(d: ChartData) -> list[float]:
    """The figures a chart prints from its data (a scale's ticks join them
    when drawn, _value_frame): every value, a stack's totals, a donut's total."""
    out = [v for _, vals in d.series for v in vals]
    if d.kind == "bar" and d.stacked:
        out += [sum(vals[i] for _, vals in d.series) for i in range(len(d.labels))]
    if d.kind == "donut" and d.series:
        out.append(exact_sum(d.series[0][1]))
    return out


def texts(f: "Chart") -> list[tuple[Any, str]]:
    """(style, text) of everything a chart may print: claimed before drawing."""
    d = f.data
    words = d.labels + d.texts + [n for n, _ in d.series] + [d.unit, " "]
    sep = str(f.fmt.get("thousands", ""))
    below = any(v < 0 for _, vals in d.series for v in vals)
    digits = DIGITS + sep + (str(f.fmt.get("minus", "")) if below else "")
    out = [(f.style, w) for w in words if w]
    out += [(f.value_style, w) for w in d.labels + [d.unit] if w]
    out += [(style, digits) for style in (f.style, f.value_style)]
    if d.kind in ("pie", "donut") and d.series:
        vals = d.series[0][1]
        if any(_share(v, exact_sum(vals)).startswith("<") for v in vals):
            out.append((f.style, "<"))
    return out


def describe(f: "Chart") -> str:
    """The chart in words, for a screen reader: every label with its values."""
    d = f.data
    parts = []
    for i, label in enumerate(d.labels):
        vals = [(name, vals[i]) for name, vals in d.series]
        said = " ".join(f"{name} {with_unit(num(v, f.fmt), d.unit)}".strip().replace(UNIT_GAP, " ")
                        for name, v in vals)
        parts.append(" ".join(p for p in (label, said, d.texts[i]) if p))
    return ("；" if cjk_document(f.c.ctx.language) else "; ").join(parts)


def drawer(d: ChartData) -> Callable[["Chart", "Sheet"], None]:
    if d.kind in ("pie", "donut"):
        return draw_pie
    if d.kind == "timeline" and d.events:
        return draw_events
    return draw_axes


def height(f: "Chart", w: float) -> float:
    """The chart's height at width w: the layout's, or what a timeline of
    events needs for its lanes."""
    if f.data.kind == "timeline" and f.data.events:
        return _events_plan(f, w)[0]
    if f.data.kind in ("pie", "donut"):
        pie = f.c.len("chart", "pie_size") + 4 * f.c.len("chart", "label_gap")
        return max(pie, sum(_pie_legend(f, w)[1]) + 4 * f.c.len("chart", "label_gap"))
    return f.c.len("chart", "height") + _stack_room(f, w)


def _stack_room(f: "Chart", w: float) -> float:
    """The height category labels set down their slots (_stacked), or a
    Latin label's words a line each (_split), take beyond the two rows a
    chart's height allows for: the plot keeps its
    height. (The slot is taken as the whole width's share: a tick scale
    narrows it a little.)"""
    from .chart import Sheet

    d = f.data
    if len(d.labels) < 2 or _sequence(d.labels) or _times(d):
        return 0.0
    s = Sheet(w, 1.0, f.ink())
    room = w / len(d.labels) * 0.94
    rows = [_split(lb, s, room) for lb in d.labels]
    if not all(s.width(t) <= room for r in rows for t in r):
        rows = _stacked(d.labels, s, room) or _in_three(d.labels, s, room)
    return max(0, max(map(len, rows)) - 2) * s.ink.size * LINE if rows else 0.0


def _luminance(color: Any) -> float:
    r, g, b = color.rgb()
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _on(color: Any, ink: Any, paper: Any) -> Any:
    """Text colour that reads on a fill: the label ink on light, paper on dark."""
    return ink if _luminance(color) > 0.55 else paper


def _readable(col: Any, ink: Any, paper: Any) -> Any:
    """A value label's colour: its series or slice colour where that reads on
    the paper, else the label ink. A pale layout colour, or a tint made for a
    series the layout named no colour for, would print a label few can read,
    and the screen preflight could only name a palette colour to darken where
    no palette colour is at fault. On screen the test is WCAG's 4.5:1 (the
    labels are small); a print colour's RGB is only ReportLab's naive
    conversion, so there a colour reads unless it is light (the rule the pie
    legend kept before)."""
    from reportlab.lib.colors import CMYKColor

    from ..assets.colour import colour_contrast

    if isinstance(col, CMYKColor):
        return col if _luminance(col) < 0.7 else ink
    return col if colour_contrast(col, paper) >= 4.5 else ink


# A line series' second cue where colour alone cannot tell it apart: its
# marker and its stroke (dashes, in line widths), cycled independently (5 × 4
# series before a pair repeats). Series 0 keeps the plain dot and solid line.
MARKERS = ("circle", "square", "triangle", "diamond", "down")
DASHES: tuple[tuple[float, ...], ...] = ((), (4.0, 2.0), (1.0, 1.6), (4.0, 1.6, 1.0, 1.6))


def styled(f: "Chart", ink: "Ink") -> bool:
    """Whether the chart's lines need more than colour: more series than the
    layout names colours for, so that some are tints of another's colour
    (seven tints of one blue could not be told apart, in print least of all)."""
    return f.data.kind in ("line", "timeline") and len(f.data.series) > len(ink.color_names)


def _series_look(f: "Chart", ink: "Ink", j: int) -> tuple[str, tuple[float, ...]]:
    """Series j's marker and dash pattern (in points)."""
    if not styled(f, ink):
        return "circle", ()
    w = ink.s["line_width"]
    return MARKERS[j % len(MARKERS)], tuple(d * w for d in DASHES[j % len(DASHES)])


# A bar series' second cue where colour alone cannot tell it apart: the
# second round of tints is hatched one way, the third the other, then crossed,
# level, upright (each in the series' own colour over its tint, as printed
# charts set series a greyscale copy must still tell apart). The first round
# (the layout's own colours) stays plain.
HATCHES = ("/", "\\", "x", "-", "|")


def _hatch_of(f: "Chart", ink: "Ink", j: int) -> str:
    """Series j's hatching ('': plain) in a bar chart with more series than
    the layout names colours for (the extra series are tints of them)."""
    n = len(ink.color_names)
    if f.data.kind != "bar" or len(f.data.series) <= n or j < n:
        return ""
    return HATCHES[(j // n - 1) % len(HATCHES)]


def _hatch(box: tuple[float, float, float, float], kind: str, col: Any, width: float,
           step: float) -> list[Any]:
    """The hatching of a rectangle (x0, y0, x1, y1): lines `step` apart, cut
    at its edges (a drawing has no clipping path)."""
    x0, y0, x1, y1 = box
    out: list[Any] = []
    if x1 - x0 <= 0.0 or y1 - y0 <= 0.0:
        return out

    def line(ax: float, ay: float, bx: float, by: float) -> None:
        out.append(Line(ax, ay, bx, by, strokeColor=col, strokeWidth=width))

    for part in ("/", "\\") if kind == "x" else (kind,):
        if part == "-":
            y = y0 + step / 2
            while y < y1:
                line(x0, y, x1, y)
                y += step
        elif part == "|":
            x = x0 + step / 2
            while x < x1:
                line(x, y0, x, y1)
                x += step
        else:       # 45°: y = x + c ('/'), or y = -x + c ('\\'), c in steps
            up = part == "/"
            d = step * 2 ** 0.5
            lo, hi = (y0 - x1, y1 - x0) if up else (y0 + x0, y1 + x1)
            c = lo + d / 2
            while c < hi:
                if up:
                    ax, bx = max(x0, y0 - c), min(x1, y1 - c)
                    if bx > ax:
                        line(ax, ax + c, bx, bx + c)
                else:
                    ax, bx = max(x0, c - y1), min(x1, c - y0)
                    if bx > ax:
                        line(ax, c - ax, bx, c - bx)
                c += d
    return out


def _bar(s: "Sheet", box: tuple[float, float, float, float], col: Any, hatch: str,
         line_col: Any, edge: Any) -> None:
    """A bar (or a stack's part, or a legend swatch): its colour, and its
    hatching in `line_col` when the series has one."""
    x0, y0, x1, y1 = box
    s.add(Rect(x0, y0, x1 - x0, y1 - y0, fillColor=col, strokeColor=edge,
               strokeWidth=0.5))
    if hatch:
        w = s.ink.s["line_width"] * 0.4
        for ln in _hatch(box, hatch, line_col, w, max(2.0, s.ink.size * 0.35)):
            s.add(ln)


def _marker(x: float, y: float, r: float, kind: str, col: Any) -> Any:
    """A point's marker, of about the dot's size (r: the dot's radius)."""
    if kind == "circle":
        return Circle(x, y, r, fillColor=col, strokeColor=None)
    if kind == "square":
        a = r * 0.9
        return Rect(x - a, y - a, 2 * a, 2 * a, fillColor=col, strokeColor=None)
    a = r * 1.25
    if kind == "diamond":
        pts = [x, y + a, x + a, y, x, y - a, x - a, y]
    else:       # a triangle, pointing up or down
        k = 1 if kind == "triangle" else -1
        pts = [x, y + k * a, x + a * 0.87, y - k * a * 0.5, x - a * 0.87, y - k * a * 0.5]
    return Polygon(pts, fillColor=col, strokeColor=None)


def _legend(f: "Chart", s: "Sheet", y: float) -> float:
    """Swatch and name of each named series, in rows from the left (a name
    that would run past the chart's width starts the next row); the height
    the legend takes at the top of the chart. Lines told apart by marker and
    dashes show them: a short stretch of the line with its marker."""
    ink = s.ink
    left = x = ink.s["side_margin"]
    sw = ink.size * 0.8
    lined = styled(f, ink)
    span = sw * 2.75 if lined else sw
    rows = 1
    for i, (name, _) in enumerate(f.data.series):
        if not name:
            continue
        if x > left and x + span + ink.size * 0.4 + s.width(name) > s.w:
            x, y, rows = left, y - ink.size * LINE, rows + 1
        col = ink.colors[i % len(ink.colors)]
        if lined:
            mark, dash = _series_look(f, ink, i)
            mid = y - DESCENT * ink.size * 0.5 + sw / 2
            s.add(Line(x, mid, x + span, mid, strokeColor=col, strokeWidth=ink.s["line_width"],
                       strokeDashArray=list(dash) or None))
            s.add(_marker(x + span / 2, mid, ink.s["dot_radius"] * 1.2, mark, col))
        else:
            y0 = y - DESCENT * ink.size * 0.5
            _bar(s, (x, y0, x + sw, y0 + sw), col, _hatch_of(f, ink, i),
                 ink.colors[i % len(ink.color_names)], None)
        b = s.label(x + span + ink.size * 0.4, y, name)
        x = b[2] + ink.s["legend_gap"]
    return ink.size * 2.0 + (rows - 1) * ink.size * LINE


def _split(label: str, s: "Sheet", width: float, most: int = 2) -> list[str]:
    """A category label in one line, or two when it is wider than its slot:
    at a space (the longer line first on a tie: 'Scope 3 / waste', not
    'Scope / 3 waste'), else in the middle of its characters, never inside a
    number or a Latin word ("次年10月" is 次年 | 10月, not 次年1 | 0月). A
    Latin label that two lines cannot hold takes a line per word or two, up
    to LABEL_LINES ('Scope 3 financed emissions' under one of eight bars was
    printed over its neighbours: the chart an error); a Han label that two
    cannot hold is stacked a character a row (_stacked), or where it cannot
    be (brackets, punctuation) takes `most` lines, three (_in_three); a
    Chinese label never breaks where clreq forbids (_may_cut). A label that is one
    number or word ("2025", "Scope") stays whole, however narrow its slot:
    thirty years of bars printed "19" over "96" under each bar; too wide, it
    leaves the labels crowded, and a value scale prints every second, third
    … one (_label_rows)."""
    if s.width(label) <= width or len(label) < 2:
        return [label]
    if " " in label.strip() and not _HAN.search(label):
        words = label.split(" ")
        best = min(range(1, len(words)), key=lambda k: (abs(len(" ".join(words[:k])) -
                                                            len(" ".join(words[k:]))), -k))
        two = [" ".join(words[:best]), " ".join(words[best:])]
        if all(s.width(t) <= width for t in two):
            return two
        more = _wrap(label, s.width, width)
        return more if len(more) <= LABEL_LINES and all(s.width(t) <= width for t in more) else two
    # (a Chinese label's spaces are its Han–Latin gaps: a cut there drops the
    # space; "2015 年第一季度末" is not cut at its gap only because it has one)
    cuts = [(k, k + (label[k] == " ")) for k in range(1, len(label)) if label[k - 1] != " "
            and (label[k] == " " or not (_in_word(label[k - 1]) and _in_word(label[k])))
            and _may_cut(label, k)]
    if not cuts:
        return [label]
    end, start = min(cuts, key=lambda c: (abs(c[0] - (len(label) - c[1])), c[0]))
    two = [label[:end], label[start:]]
    if all(s.width(t) <= width for t in two) or len(cuts) < 2 or most < 3:
        return two
    # three lines that fit, the most of them ending at a pause mark or bracket
    # ('新界東' / '（沙田、' / '大埔、北區）', not '…大' / '埔、北區）'), the narrowest
    threes = [([label[:a], label[b:c], label[d:]], (a, c)) for i, (a, b) in enumerate(cuts)
              for c, d in cuts[i + 1:]]
    fitting = [(ls, at) for ls, at in threes if all(s.width(t) <= width for t in ls)]
    if not fitting:
        return two
    return min(fitting, key=lambda f: (-sum(_at_pause(label, k) for k in f[1]),
                                       max(map(s.width, f[0])), len(f[0][0])))[0]


def _at_pause(label: str, k: int) -> bool:
    """A break before label[k] falls at a pause: after a stop or closing mark,
    or before an opening bracket."""
    return label[k - 1] in STOP or label[k - 1] in CLOSE or label[k] in OPEN


def _may_cut(label: str, k: int) -> bool:
    """A category label may break before its k-th character by clreq's rules:
    no closing bracket or pause mark begins a line, no opening bracket ends
    one ('新界西（屯門' / '、元朗、荃灣）' printed a line under a bar that began with 、)."""
    nxt = label[k + 1] if label[k] == " " and k + 1 < len(label) else label[k]
    prev = label[k - 1]
    return nxt not in NO_START and nxt not in ASCII_NO_START and prev not in NO_END \
        and prev not in ASCII_NO_END


_HAN = re.compile(f"[{HAN}]")


def _in_word(ch: str) -> bool:
    """A character of a number or a Latin word, which a label is not split inside."""
    return ch.isascii() and (ch.isalnum() or ch in ".,%")


def _label_rows(labels: list[str], s: "Sheet", slot: float, thin: bool) -> list[list[str]]:
    """Each category's label in its rows under the axis (_split). On a value
    scale (``thin``), where labels would not fit their slots, every second,
    third … label of a sequence is printed (a print designer's answer for
    twelve months on a narrow page: the hidden ones are read from their
    neighbours; every label and value stays in the alt text); a hidden
    label's rows are empty. Labels printed every second … one are set alike:
    all on one line or all on two ('一月 三月 … 九月' then '十 / 一月' under
    it read as two kinds of label; every third one prints them all on one),
    and so are all of a sequence (under twelve months on a narrow scale, '1月'
    on one line beside '10 / 月' on two: every second month on one line).
    Categories that are no sequence (thirty provinces) are never thinned: a
    reader could not tell which bar a hidden label named. They are set down
    their slots a character a row (_stacked), or left crowded (an error)."""
    every = 1
    while True:
        room = slot * every * 0.94
        rows = [_split(lb, s, room) if i % every == 0 else [] for i, lb in enumerate(labels)]
        shown = [len(r) for r in rows if r]
        fits = all(s.width(t) <= room for r in rows for t in r)
        sequence = _sequence(labels)
        alike = min(shown) == max(shown) or every == 1 and not sequence
        if not thin or every >= len(labels) or fits and alike:
            return rows if fits or sequence else _in_three(labels, s, room) or rows
        if not sequence:
            return _stacked(labels, s, room) or _in_three(labels, s, room) or rows
        every += 1


def _in_three(labels: list[str], s: "Sheet", room: float) -> list[list[str]] | None:
    """Chinese category labels in up to three lines, where two cannot hold one
    and they cannot be stacked ('新界西（屯門、元朗、荃灣）' under one of eight
    bars: the chart was an error); None when a line still does not fit."""
    rows = [_split(lb, s, room, most=3) for lb in labels]
    return rows if all(s.width(t) <= room for r in rows for t in r) else None


LABEL_LINES = 4     # lines of a Latin category label (its words); Han labels take two, else stack
SEQUENCE_ENDS = ("年", "月", "日", "季度", "季", "周", "期", "号")
STACK_MOST = 8      # characters of a label set down its slot (more: the plot is too short)
_STACK_TOKEN = re.compile(r"[A-Za-z0-9.,%+\-]+|\S")


_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
MONTHS = frozenset(_MONTH_NAMES) | {m[:3] for m in _MONTH_NAMES} | {"sept"}


def _sequence(labels: list[str]) -> bool:
    """Labels whose hidden members a reader fills in from the printed ones:
    numbers, years, months, quarters ('2019', '1月', 'Q3', '第一季度', 'Sept')."""
    return all(any(ch.isdigit() for ch in lb) or lb.strip().endswith(SEQUENCE_ENDS)
               or lb.strip().rstrip(".").lower() in MONTHS
               for lb in labels)


def _stacked(labels: list[str], s: "Sheet", room: float) -> list[list[str]] | None:
    """Category labels set down their slots, a Han character a row (a number
    or Latin word whole on its row), as Chinese charts label narrow bars; None
    when a label has other characters (brackets and punctuation would need
    their vertical forms), a row is wider than its slot or a label is longer
    than STACK_MOST rows."""
    rows = [_STACK_TOKEN.findall(lb) for lb in labels]
    if any(len(r) > STACK_MOST or any(s.width(t) > room or not (_HAN.fullmatch(t) or t.isascii() and t[0].isalnum())
                                      for t in r) for r in rows):
        return None
    return rows


def _times(d: ChartData) -> list[int] | None:
    if d.days is None or len(d.days) < 2 or max(d.days) <= min(d.days):
        return None
    return d.days


def _bar_half(f: "Chart", times: list[int]) -> float:
    """Half a bar group's width on a time axis, as a share of the axis span
    (the group is bar_fraction of the narrowest gap between two dates)."""
    gaps = [b - a for a, b in zip(times, times[1:])]
    return float(f.comp["bar_fraction"]) * min(gaps) / (times[-1] - times[0]) / 2


def _time_span(room: float, h0: float, h1: float, g: float) -> tuple[float, float]:
    """Where the first and last dates stand in `room`: far enough in for their
    labels (half widths h0, h1) and for half a bar group (g × the span) —
    at the ends of a time axis a bar would otherwise stand outside the chart."""
    def rest(span: float) -> float:
        return room - max(h0, g * span) - max(h1, g * span)

    for span in (room - h0 - h1, (room - h1) / (1 + g), (room - h0) / (1 + g), room / (1 + 2 * g)):
        if abs(rest(span) - span) < 1e-6:
            break
    start = max(h0, g * span)
    return start, start + span


def _ticks(d0: int, d1: int) -> list[int]:
    """Day numbers of the ticks of a time axis: each year's start over long
    spans, each month's start over short ones. A first date on a year's (a
    month's) start is a tick too: the scale began a year late otherwise."""
    a, b = datetime.date.fromordinal(d0), datetime.date.fromordinal(d1)
    out = []
    if (b - a).days > 730:
        for y in range(a.year + (0 if (a.month, a.day) == (1, 1) else 1), b.year + 1):
            out.append(datetime.date(y, 1, 1).toordinal())
    else:
        out += [d0] if a.day == 1 else []
        y, m = a.year, a.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            t = datetime.date(y, m, 1).toordinal()
            if t > d1:
                break
            out.append(t)
    return out


def _year_ticks(times: list[int]) -> list[tuple[int, str]]:
    """(day, year) of the ticks of a time axis that start a year: the axis's
    scale, printed under the points' own dates."""
    return [(t, str(datetime.date.fromordinal(t).year)) for t in _ticks(min(times), max(times))
            if datetime.date.fromordinal(t).timetuple().tm_yday == 1]


def _shown(year: str, x: float, labels: list[str], times: list[int], xs: list[float],
           width: Callable[[str], float]) -> bool:
    """Whether a point's own label already prints this year at its tick, so
    the year row would only repeat it ("2023" above "2023", "2020 初" above
    "2020"): a label dated in that year that is the bare year, or that names
    the year and stands over the year's tick. A label beside the tick
    ("2019.05" a few months on) leaves the scale its year."""
    named = re.compile(rf"(?<!\d){year}(?!\d)")
    for label, t, xp in zip(labels, times, xs):
        if datetime.date.fromordinal(t).year != int(year) or not named.search(label):
            continue
        if label.strip() == year or abs(xp - x) <= width(label) / 2:
            return True
    return False


# -- axis charts: bar, line, timeline of values -------------------------------

def draw_axes(f: "Chart", s: "Sheet") -> None:
    """An axis chart with a value label at every point; a chart whose
    labels would be printed over others (two series running close, many
    points or bars on a narrow page: twelve months of two years) is drawn
    again on a value scale instead (_draw_scaled, _draw_scaled_bars): a
    print designer's answer, not a refusal. The alt text still gives every
    value (describe)."""
    d = f.data
    if len(d.labels) < 2 or (d.kind == "bar" and _times(d)):
        _draw_labelled(f, s)
        return
    trial = type(s)(s.w, s.h, s.ink)
    _draw_labelled(f, trial)
    if trial.crowded:
        scaled = _draw_scaled_bars if d.kind == "bar" else _draw_scaled
        rule = f.fmt
        trial = type(s)(s.w, s.h, s.ink)
        scaled(f, trial)
        if f.fmt is not rule:       # its scale's ticks group the set: every figure alike
            trial = type(s)(s.w, s.h, s.ink)
            scaled(f, trial)
    s.drawing, s.boxes, s.obstacles, s.crowded = (trial.drawing, trial.boxes, trial.obstacles,
                                                  trial.crowded)


def _draw_labelled(f: "Chart", s: "Sheet") -> None:
    """Bars or lines with every value printed at its mark."""
    d, ink = f.data, s.ink
    size, vs = ink.size, ink.size * float(ink.n["value_scale"])
    gap = ink.s["label_gap"]
    named = any(n for n, _ in d.series)
    legend_h = _legend(f, s, s.h - size * ASCENT) if named else 0.0
    left = ink.s["side_margin"]
    n = len(d.labels)
    times = _times(d)
    # x positions: evenly spaced categories, or a true time axis
    if times:
        def half(i: int) -> float:
            return max(s.width(t) for t in (d.labels[i], d.texts[i],
                                             *(with_unit(num(v[i], f.fmt), d.unit) for _, v in d.series))) / 2
        t0, t1 = min(times), max(times)
        x0, x1 = _time_span(s.w - 2 * left, half(0), half(n - 1),
                            _bar_half(f, times) if d.kind == "bar" else 0.0)
        x0, x1 = left + x0, left + x1
        xs = [x0 + (x1 - x0) * (t - t0) / (t1 - t0) for t in times]
        slot = min(b - a for a, b in zip(xs, xs[1:])) if n > 1 else s.w
    else:
        step = (s.w - 2 * left) / max(n, 1)
        xs = [left + step * (i + 0.5) for i in range(n)]
        slot = step
    # rows of category labels under the axis (on a time axis, a row of years below them)
    rows = _label_rows(d.labels, s, slot, thin=False)
    lines = max(len(r) for r in rows)

    def x_of(t: int) -> float:
        return xs[0] + (xs[-1] - xs[0]) * (t - times[0]) / (times[-1] - times[0])

    years = [(t, year) for t, year in (_year_ticks(times) if times else [])
             if not _shown(year, x_of(t), d.labels, times, xs, s.width)]
    lines += 1 if years else 0
    bottom = gap + lines * size * LINE + gap
    top = vs * LINE + gap + (size * LINE if any(d.texts) else 0.0) + legend_h
    stacked = d.kind == "bar" and d.stacked
    vmin, vmax = _extent(d, stacked)
    # values below zero: room under the lowest for its label, the axis at zero
    below = vs * LINE + gap if vmin < 0 else 0.0
    plot_h = max(s.h - bottom - top - below, size)
    foot = bottom + below

    def y_of(v: float) -> float:
        return foot + plot_h * (v - vmin) / (vmax - vmin)

    axis = y_of(0.0)
    s.add(Line(left * 0.5, axis, s.w - left * 0.5, axis, strokeColor=ink.axis,
               strokeWidth=ink.s["axis_width"]))
    if vmin < 0:        # (a label crossing the zero line would read as on either side)
        half = ink.s["axis_width"] / 2
        s.obstacles.append((left * 0.5, axis - half, s.w - left * 0.5, axis + half))
    _under_axis(f, s, xs, rows, years, lines, bottom, axis)
    if d.kind == "bar":
        _bars(f, s, xs, slot, y_of, bottom, stacked)
    else:
        _lines(f, s, xs, y_of, bottom, axis)


def _extent(d: ChartData, stacked: bool) -> tuple[float, float]:
    """The values' range from the zero baseline: (lowest, highest), 0 within
    it (a stack's totals; bars and lines may go below zero). A chart of
    zeros spans 0 to 1."""
    n = len(d.labels)
    if stacked:
        return 0.0, max(sum(v[i] for _, v in d.series) for i in range(n)) or 1.0
    lo = min(0.0, min(min(v) for _, v in d.series))
    hi = max(max(v) for _, v in d.series)
    return (lo, max(hi, 0.0)) if lo < 0 else (0.0, hi or 1.0)


def _under_axis(f: "Chart", s: "Sheet", xs: list[float], rows: list[list[str]],
                years: list[tuple[int, str]], lines: int, bottom: float,
                axis: float | None = None, start: float | None = None) -> None:
    """Below the plot: a time axis's ticks (on the axis at `axis`, the zero
    line, when values go below it), the category labels, the year row.
    `start`: where the plot begins on a value scale (its tick labels stand
    left of it); a category label wider than its slot (thinned: every
    second one printed across two slots) begins there, not under the ticks
    ('Business Unit / Number 1' ran into the scale's '0'), and ends at the
    sheet's edge."""
    d, ink = f.data, s.ink
    size, gap = ink.size, ink.s["label_gap"]
    times = _times(d)

    def x_of(t: int) -> float:
        return xs[0] + (xs[-1] - xs[0]) * (t - times[0]) / (times[-1] - times[0])

    if times and axis is not None and axis > bottom + 0.01:
        for t in _ticks(min(times), max(times)):     # (the labels stand far below)
            s.add(Line(x_of(t), axis, x_of(t), axis - 0.4 * size, strokeColor=ink.axis,
                       strokeWidth=ink.s["axis_width"]))
    elif times:
        for t in _ticks(min(times), max(times)):
            # a tick under a point's label stops short of it (the 2018 tick ran into "2017.11")
            under = any(abs(x_of(t) - x) <= s.width(row[0]) / 2 for x, row in zip(xs, rows) if row)
            s.add(Line(x_of(t), bottom, x_of(t), bottom - (gap / 2 if under else 0.4 * size),
                       strokeColor=ink.axis, strokeWidth=ink.s["axis_width"]))
    for x, row in zip(xs, rows):
        if start is not None and row:       # (the label moved whole: its lines centred)
            half = max(s.width(text) for text in row) / 2
            x = min(max(x, start + half), s.w - half)
        for k, text in enumerate(row):
            y = bottom - gap - size * ASCENT - k * size * LINE
            s.place(text, [(x, y, "middle"), (x, y - size * LINE, "middle")])
    y = bottom - gap - size * ASCENT - (lines - 1) * size * LINE
    for t, year in years:        # the scale: each year at its tick, where it is clear
        b = s.box(x_of(t), y, year, anchor="middle")
        if s.free(b, 1.0):
            s.label(x_of(t), y, year, anchor="middle", color=ink.axis)


def _bars(f: "Chart", s: "Sheet", xs: list[float], slot: float, y_of: Any, bottom: float,
          stacked: bool, values: bool = True) -> None:
    """The bars, and (`values`) each bar's value above it (a stack's parts
    inside it, its total above); a category's note above its bars."""
    d, ink = f.data, s.ink
    size, vs = ink.size, ink.size * float(ink.n["value_scale"])
    gap = ink.s["label_gap"]
    group = slot * float(ink.n["bar_fraction"])
    k = len(d.series)
    bw = group if stacked else group / k
    paper = f.c.color("white")
    grouped = values and not stacked
    # grouped bars: the value labels keep off every bar (a label wider than
    # its bar was printed over its neighbours), and share one size
    rects = {(i, j): (x - group / 2 + j * bw, min(y_of(0.0), y_of(vals[i])),
                      x - group / 2 + (j + 1) * bw, max(y_of(0.0), y_of(vals[i])))
             for i, x in enumerate(xs) for j, (_, vals) in enumerate(d.series)} if grouped else {}
    s.obstacles += rects.values()
    sz = vs if k == 1 or all(s.width(with_unit(num(v, f.fmt), d.unit), vs, True) <= bw + gap * 2
                             for _, vals in d.series for v in vals) else size
    for i, x in enumerate(xs):
        base = 0.0
        for j, (name, vals) in enumerate(d.series):
            col = ink.colors[j % len(ink.colors)]
            v = vals[i]
            bx = x - group / 2 + (0 if stacked else j * bw)
            y0, y1 = y_of(base), y_of(base + v if stacked else v)
            hatch = _hatch_of(f, ink, j)
            _bar(s, (bx, min(y0, y1), bx + bw, max(y0, y1)), col, hatch,
                 ink.colors[j % len(ink.color_names)], paper if stacked else None)
            text = num(v, f.fmt)
            if not values:
                base += v if stacked else 0.0
                continue
            if stacked:
                base += v
                if k > 1 and y1 - y0 >= size * 1.4 and s.width(text) <= bw - 2:
                    at = (bx + bw / 2, (y0 + y1) / 2 - size * 0.35, "middle")
                    if hatch:       # the figure on its tint, not over the lines
                        b = s.box(at[0], at[1], text)
                        pad = size * 0.15
                        s.add(Rect(b[0] - pad, b[1] - pad, b[2] - b[0] + 2 * pad,
                                   b[3] - b[1] + 2 * pad, fillColor=col, strokeColor=None))
                    s.place(text, [at], color=_on(col, ink.text, paper))
            else:
                s.obstacles.remove(rects[(i, j)])       # (its own bar stands under it)
                if v < 0:       # under a bar that goes down
                    first = y1 - gap - ASCENT * sz
                    spots = [(bx + bw / 2, first, "middle"), (bx + bw / 2, first - sz * LINE, "middle")]
                else:
                    spots = [(bx + bw / 2, y1 + gap + DESCENT * sz, "middle"),
                             (bx + bw / 2, y1 + gap + DESCENT * sz + sz * LINE, "middle")]
                s.place(with_unit(text, d.unit), spots,
                        size=sz, color=_readable(col, ink.text, paper), bold=True)
                s.obstacles.append(rects[(i, j)])
        if stacked and values:
            top = y_of(base)
            s.place(with_unit(num(exact_sum(v[i] for _, v in d.series), f.fmt), d.unit),
                    [(x, top + gap + DESCENT * vs, "middle")],
                    size=vs, color=ink.colors[0] if k == 1 else ink.text, bold=True)
        if d.texts[i]:
            top = max((b[3] for b, t in s.boxes if abs((b[0] + b[2]) / 2 - x) < group), default=0)
            top = max(top, y_of(0.0))        # (over the zero line, where bars go below it)
            if not values:
                top = max(top, y_of(base) if stacked else max(y_of(v[i]) for _, v in d.series))
            s.place(d.texts[i], [(x, top + gap + DESCENT * size, "middle")], color=ink.axis)


def _polylines(f: "Chart", s: "Sheet", xs: list[float],
               y_of: Any) -> list[list[tuple[float, float]]]:
    """Each series' line and dots (labels keep off the dots): its points."""
    d, ink = f.data, s.ink
    dot = ink.s["dot_radius"]
    pts_of = []
    for j, (name, vals) in enumerate(d.series):
        col = ink.colors[j % len(ink.colors)]
        mark, dash = _series_look(f, ink, j)
        pts = [(x, y_of(v)) for x, v in zip(xs, vals)]
        pts_of.append(pts)
        if dash:
            s.add(PolyLine([c for p in pts for c in p], strokeColor=col,
                           strokeWidth=ink.s["line_width"], strokeDashArray=list(dash)))
        else:
            s.add(PolyLine([c for p in pts for c in p], strokeColor=col,
                           strokeWidth=ink.s["line_width"]))
        for x, y in pts:
            s.add(_marker(x, y, dot, mark, col))
    reach = dot * (1.25 if styled(f, ink) else 1.0)
    for pts in pts_of:                   # labels keep off the markers
        s.obstacles += [(x - reach, y - reach, x + reach, y + reach) for x, y in pts]
    return pts_of


def _crosses(p: tuple[float, float], q: tuple[float, float], b: tuple[float, ...],
             pad: float) -> bool:
    """Whether the segment p–q passes through the box b grown by `pad`
    (Liang–Barsky clipping: the part of the segment inside the box is not empty)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for m, room in ((-dx, x0 - (b[0] - pad)), (dx, b[2] + pad - x0),
                    (-dy, y0 - (b[1] - pad)), (dy, b[3] + pad - y0)):
        if m == 0:
            if room < 0:
                return False        # parallel to this edge and outside it
            continue
        t = room / m
        if m < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _lines(f: "Chart", s: "Sheet", xs: list[float], y_of: Any, floor: float,
           axis: float) -> None:
    """The lines, and each value at its point: above or below it, on the side
    no line crosses (a label on a slope was crossed by the segment leaving its
    point), then beside; never over the axis or under the plot (a low value's
    label sat on the axis). A label no spot takes clear leaves the chart
    crowded: it is then drawn on a value scale (draw_axes)."""
    d, ink = f.data, s.ink
    size, vs = ink.size, ink.size * float(ink.n["value_scale"])
    gap, dot = ink.s["label_gap"], ink.s["dot_radius"]
    paper = f.c.color("white")
    pts_of = _polylines(f, s, xs, y_of)
    segments = [(p, q) for pts in pts_of for p, q in zip(pts, pts[1:])]
    pad, rule = ink.s["line_width"] / 2 + 0.5, ink.s["axis_width"] / 2

    def legal(b: tuple[float, ...]) -> bool:        # above the plot's foot, off the axis
        return b[1] >= floor + rule and (b[1] >= axis + rule or b[3] <= axis - rule)

    def clear(b: tuple[float, ...]) -> bool:        # and crossed by no line
        return legal(b) and not any(_crosses(p, q, b, pad) for p, q in segments)

    # labels after all the lines: at each label, the highest series' value
    # above its point, the lowest's below, others where there is room
    k = len(d.series)
    for i in range(len(xs)):
        rank = sorted(range(k), key=lambda j: -d.series[j][1][i])
        values = [d.series[j][1][i] for j in rank]
        for r, j in enumerate(rank):
            (x, y), v = pts_of[j][i], d.series[j][1][i]
            if values.index(v) != r:
                continue            # lines meeting at a point: one label, drawn already
            shared = values.count(v) > 1
            col = ink.text if shared else ink.colors[j % len(ink.colors)]
            text = with_unit(num(v, f.fmt), d.unit)
            up, down = y + dot + gap + DESCENT * vs, y - dot - gap - ASCENT * vs
            sides = [up, down] if r == 0 or r < k - 1 else [down, up]
            # centred over (under) the point, else clear of it to one side, else
            # farther out (at a sharp peak or trough the lines leave room a little farther)
            spots = [(x, yy, "middle") for yy in sides]
            spots += [(x + dx, yy, a) for yy in sides for dx, a in ((-dot, "end"), (dot, "start"))]
            spots += [(x, yy + (yy - y) / abs(yy - y) * vs * 0.6 * m, "middle")
                      for m in (1, 2, 3) for yy in sides]
            spots += [(x + dot + gap, y - vs * 0.35, "start"), (x - dot - gap, y - vs * 0.35, "end")]
            boxes = [s.box(sx, sy, text, vs, a, True) for sx, sy, a in spots]
            order = [sp for sp, b in zip(spots, boxes) if clear(b)]
            if not order:       # (every spot crossed by a line or off the plot: crowded)
                s.crowded.append(as_typed(text.replace(UNIT_GAP, " ")))
                order = [sp for sp, b in zip(spots, boxes) if legal(b)] or spots
            b = s.place(text, order, size=vs, color=_readable(col, ink.text, paper), bold=True)
            if not d.texts[i] or not (j == 0 or shared and d.series[0][1][i] == v):
                continue
            _note(s, d.texts[i], x, b[3] + gap, b[1] - gap,
                  [(x - gap, b[3] + gap + DESCENT * size, "end")], ink.axis, segments)


def _note(s: "Sheet", text: str, x: float, over: float, under: float,
          more: list[tuple[float, float, str]], color: Any,
          segments: list[tuple[tuple[float, float], tuple[float, float]]]) -> None:
    """A point's text (a milestone under a value): centred over the point
    (its box's foot at `over`) or under it (its top at `under`), then at the
    `more` spots; then, where those are taken or out of the chart (at a
    narrow chart's first or last point the text ran out of it, and the chart
    failed as crowded), beginning or ending at the point, then on two or
    three lines. A spot no line of the chart crosses comes first (a note
    beside a rising line was struck through by it)."""
    size = s.ink.size
    up, down = over + DESCENT * size, under - ASCENT * size
    spots = [(x, up, "middle"), (x, down, "middle")] + more
    step, whole = size * LINE, s.width(text, size)
    blocks = [([text], [sy], a, sx) for sx, sy, a in spots]
    for n in (1, 2, 3):
        lines = [text] if n == 1 else _wrap(text, lambda t: s.width(t, size), whole / n * 1.1)
        if n > 1 and len(lines) != n:
            continue
        for a in ("start", "end") if n == 1 else ("middle", "start", "end"):   # (centred: spots)
            blocks += [(lines, [up + step * k for k in range(n - 1, -1, -1)], a, x),
                       (lines, [down - step * k for k in range(n)], a, x)]

    def clear(b: Any) -> bool:
        return s.free(b, 1.0) and not any(_crosses(p, q, b, 0.5) for p, q in segments)

    for ok in (clear, lambda b: s.free(b, 1.0)):
        for lines, ys, a, bx in blocks:
            if all(ok(s.box(bx, y, t, size, a)) for t, y in zip(lines, ys)):
                for t, y in zip(lines, ys):
                    s.label(bx, y, t, size, a, color)
                return
    s.place(text, spots, color=color)       # (crowded: an error at the chart's block)


# -- a line chart on a value scale (when its labels would crowd) -------------

NICE = (1.0, 2.0, 2.5, 5.0)      # round steps of a value scale, times a power of ten


def _scale(vmax: float, room: float, least: float, vmin: float = 0.0) -> list[float]:
    """Round ticks from 0 to at or past vmax (and down to at or past vmin,
    below zero): the finest round step whose ticks stand at least `least`
    apart over `room` (a scale of 0, 500, 1000, 1500 rather than one tick per
    label's worth of height); 0 is always a tick."""
    import math

    k = math.floor(math.log10(max(vmax, -vmin))) - 3
    sides = max(1, (vmax > 0) + (vmin < 0))     # the fewest steps: one each side of zero
    while True:
        for m in NICE:
            step = m * 10.0 ** k
            up = max(math.ceil(vmax / step - 1e-9), 1 if vmax > 0 or vmin >= 0 else 0)
            down = max(math.ceil(-vmin / step - 1e-9), 1) if vmin < 0 else 0
            count = up + down
            if room / count >= least or count <= sides:      # (the chart is tiny)
                return [round((i - down) * step, 10) for i in range(count + 1)]
        k += 1


def _spread(ys: list[float], h: float, lo: float, hi: float) -> list[float]:
    """Centres as near `ys` as may be, at least `h` apart, within lo..hi
    where there is room: the end labels of lines that end close together."""
    order = sorted(range(len(ys)), key=lambda i: -ys[i])
    out = list(ys)
    prev = None
    for i in order:
        out[i] = min(ys[i], hi) if prev is None else min(ys[i], prev - h)
        prev = out[i]
    if out[order[-1]] < lo:
        prev = None
        for i in reversed(order):
            out[i] = max(out[i], lo) if prev is None else max(out[i], prev + h)
            prev = out[i]
    return out


def _scaled_frame(f: "Chart", s: "Sheet", legend_h: float, end_w: float) -> tuple[Any, ...]:
    """Where a scaled line chart's parts go: the points' x (between the tick
    labels and the end labels' room), the category rows under the axis, the
    axis's height, the plot's height, the ticks and their labels' width,
    which settle together (a wider tick label narrows the plot)."""
    d, ink = f.data, s.ink
    size, gap, dot = ink.size, ink.s["label_gap"], ink.s["dot_radius"]
    times = _times(d)
    n = len(d.labels)
    first = min(range(n), key=lambda i: times[i]) if times else 0
    last = max(range(n), key=lambda i: times[i]) if times else n - 1
    vmin, vmax = _extent(d, False)
    tick_w = s.width(num(vmax, f.fmt))
    if vmin < 0:
        tick_w = max(tick_w, s.width(num(vmin, f.fmt)))
    for _ in range(4):
        x0 = tick_w + gap + max(dot + gap, s.width(d.labels[first]) / 2)
        x1 = s.w - max(end_w, s.width(d.labels[last]) / 2)
        if times:
            t0, t1 = min(times), max(times)
            xs = [x0 + (x1 - x0) * (t - t0) / (t1 - t0) for t in times]
        else:
            xs = [x0 + (x1 - x0) * i / (n - 1) for i in range(n)]
        slot = min(abs(b - a) for a, b in zip(xs, xs[1:]))
        rows = _label_rows(d.labels, s, slot, thin=True)
        lines = max(len(r) for r in rows)
        years = [(t, year) for t, year in (_year_ticks(times) if times else [])
                 if not _shown(year, xs[0] + (xs[-1] - xs[0]) * (t - times[0]) /
                               (times[-1] - times[0]), d.labels, times, xs, s.width)]
        lines += 1 if years else 0
        bottom, plot_h, ticks, need = _value_frame(f, s, lines, legend_h, vmax, vmin)
        if need <= tick_w:
            break
        tick_w = need
    return xs, rows, years, lines, bottom, plot_h, ticks, tick_w


def _value_frame(f: "Chart", s: "Sheet", lines: int, legend_h: float,
                 vmax: float, vmin: float = 0.0) -> tuple[float, float, list[float], float]:
    """A value scale's frame for `lines` rows of labels under the axis:
    the axis's height, the plot's height, the ticks, the tick labels' width."""
    d, ink = f.data, s.ink
    size, gap = ink.size, ink.s["label_gap"]
    bottom = gap + lines * size * LINE + gap
    top = size * LINE * 1.5 + gap + (size * LINE if any(d.texts) else 0.0) + legend_h
    plot_h = max(s.h - bottom - top, size)
    ticks = _scale(vmax, plot_h, size * LINE * 2.5, vmin)
    f.fmt = grouped_alike(f.fmt, ticks)      # (a grouped tick groups the set: draw_axes)
    return bottom, plot_h, ticks, max(s.width(num(v, f.fmt)) for v in ticks)


def _value_axis(f: "Chart", s: "Sheet", ticks: list[float], y_of: Any, g0: float,
                g1: float) -> None:
    """The gridlines from g0 to g1 (chart.grid_color, grid_tint, grid_width)
    and the axis."""
    from .chart import tint

    ink = s.ink
    grid = tint(f.c.color(ink.n["grid_color"]) if ink.n.get("grid_color") else ink.axis,
                float(ink.n["grid_tint"]))
    for v in ticks:
        if v != 0:          # (zero is the axis)
            s.add(Line(g0, y_of(v), g1, y_of(v), strokeColor=grid,
                       strokeWidth=ink.s["grid_width"]))
    s.add(Line(g0, y_of(0), g1, y_of(0), strokeColor=ink.axis, strokeWidth=ink.s["axis_width"]))


def _tick_labels(f: "Chart", s: "Sheet", ticks: list[float], y_of: Any, tick_w: float) -> None:
    """The tick labels, right-aligned at tick_w, and the unit above them."""
    d, ink = f.data, s.ink
    size, gap = ink.size, ink.s["label_gap"]
    for v in ticks:
        s.place(num(v, f.fmt), [(tick_w, y_of(v) - size * 0.38, "end")], color=ink.axis)
    if d.unit:
        s.place(d.unit, [(0.0, y_of(ticks[-1]) + size * 0.5 + gap + DESCENT * size, "start")],
                color=ink.axis)


def _draw_scaled(f: "Chart", s: "Sheet") -> None:
    """Lines on a value scale: round ticks at the left, light gridlines
    (chart.grid_color, grid_tint, grid_width), and each series' last value
    at its line's end, set apart where lines end close together. Used only
    where a label at every point would be printed over another: every value
    is still in the chart's alt text. A label that cannot be set even so
    (too many categories for the width) leaves the chart crowded."""
    d, ink = f.data, s.ink
    size, vs = ink.size, ink.size * float(ink.n["value_scale"])
    gap, dot = ink.s["label_gap"], ink.s["dot_radius"]
    named = any(n for n, _ in d.series)
    legend_h = _legend(f, s, s.h - size * ASCENT) if named else 0.0
    times = _times(d)
    last = max(range(len(d.labels)), key=lambda i: times[i]) if times else len(d.labels) - 1
    ends = [with_unit(num(v[last], f.fmt), d.unit) for _, v in d.series]
    end_w = max(s.width(e, vs, True) for e in ends) + dot + gap
    xs, rows, years, lines, bottom, plot_h, ticks, tick_w = _scaled_frame(f, s, legend_h, end_w)
    vlow, vtop = ticks[0], ticks[-1]

    def y_of(v: float) -> float:
        return bottom + plot_h * (v - vlow) / (vtop - vlow)

    _value_axis(f, s, ticks, y_of, tick_w + gap, max(xs) + dot)
    _under_axis(f, s, xs, rows, years, lines, bottom, start=tick_w + gap)
    _tick_labels(f, s, ticks, y_of, tick_w)
    pts_of = _polylines(f, s, xs, y_of)
    paper = f.c.color("white")
    height = vs * (ASCENT + DESCENT) + 1.5
    # lines ending at one point share one end label, in the label ink (it is
    # every one of theirs): not a stack of the same figure in their colours
    finals = [v[last] for _, v in d.series]
    apart = [j for j, v in enumerate(finals) if finals.index(v) == j]
    mids = _spread([pts_of[j][last][1] for j in apart], height, bottom + height / 2,
                   s.h - legend_h - height / 2)
    for j, mid in zip(apart, mids):
        col = ink.text if finals.count(finals[j]) > 1 else ink.colors[j % len(ink.colors)]
        s.place(ends[j], [(xs[last] + dot + gap, mid - vs * (ASCENT - DESCENT) / 2, "start")],
                size=vs, color=_readable(col, ink.text, paper), bold=True)
    for i, text in enumerate(d.texts):
        if not text:
            continue
        x, y = max((pts[i] for pts in pts_of), key=lambda p: p[1])
        low = min(pts[i][1] for pts in pts_of)
        _note(s, text, x, y + dot + gap, low - dot - gap, [], ink.axis,
              [(p, q) for pts in pts_of for p, q in zip(pts, pts[1:])])


def _draw_scaled_bars(f: "Chart", s: "Sheet") -> None:
    """Bars on a value scale: round ticks at the left, light gridlines, no
    value at each bar. Used only where a value above every bar would be
    printed over another (many categories or series for the width); every
    value is still in the chart's alt text. A category label that cannot be
    set even so leaves the chart crowded."""
    d, ink = f.data, s.ink
    size, gap = ink.size, ink.s["label_gap"]
    named = any(n for n, _ in d.series)
    legend_h = _legend(f, s, s.h - size * ASCENT) if named else 0.0
    n = len(d.labels)
    stacked = d.stacked
    vmin, vmax = _extent(d, stacked)
    tick_w = s.width(num(vmax, f.fmt))
    if vmin < 0:
        tick_w = max(tick_w, s.width(num(vmin, f.fmt)))
    for _ in range(4):          # a wider tick label narrows the plot: settle both
        x0 = tick_w + gap
        step = (s.w - x0) / n
        xs = [x0 + step * (i + 0.5) for i in range(n)]
        rows = _label_rows(d.labels, s, step, thin=True)
        lines = max(len(r) for r in rows)
        bottom, plot_h, ticks, need = _value_frame(f, s, lines, legend_h, vmax, vmin)
        if need <= tick_w:
            break
        tick_w = need
    vlow, vtop = ticks[0], ticks[-1]

    def y_of(v: float) -> float:
        return bottom + plot_h * (v - vlow) / (vtop - vlow)

    _value_axis(f, s, ticks, y_of, x0, s.w)
    _under_axis(f, s, xs, rows, [], lines, bottom, start=x0)
    _tick_labels(f, s, ticks, y_of, tick_w)
    _bars(f, s, xs, step, y_of, bottom, stacked, values=False)


# -- pie and donut -------------------------------------------------------------

def draw_pie(f: "Chart", s: "Sheet") -> None:
    d, ink = f.data, s.ink
    size, vs = ink.size, ink.size * float(ink.n["value_scale"])
    gap = ink.s["label_gap"]
    vals = d.series[0][1]
    whole = exact_sum(vals)
    r = ink.s["pie_size"] / 2      # (a long legend makes the chart taller, not the pie)
    cx, cy = ink.s["side_margin"] + r, s.h / 2
    paper = f.c.color("white")
    inner = r * float(ink.n["ring"]) if d.kind == "donut" else 0.0
    start = 0.0
    for i, v in enumerate(vals):
        col = ink.colors[i % len(ink.colors)]
        a0, a1 = 450 - (start + v) / whole * 360, 450 - start / whole * 360   # clockwise from 12
        start += v
        if a1 - a0 < 1e-6:               # (a slice too thin to draw: ReportLab's arc
            continue                     # divides by its sine; the legend still lists it)
        if a1 - a0 >= 359.99:
            s.add(Circle(cx, cy, r, fillColor=col, strokeColor=None))
        else:
            # a donut's slice is one polygon, outer arc then inner arc back
            # (ReportLab's annular=True closes each arc on its own chord, even-odd:
            # three slices or more left wedges of paper and misdrawn shares)
            s.add(Wedge(cx, cy, r, a0, a1, fillColor=col, strokeColor=paper, strokeWidth=0.75,
                        radius1=inner or None))
    if inner:
        s.add(Circle(cx, cy, inner, fillColor=paper, strokeColor=None))
        csize = min(ink.s["center_size"], inner * 2 * 0.85 / max(
            s.width(num(whole, f.fmt), 1.0, True), 0.01))
        s.label(cx, cy + DESCENT * csize, num(whole, f.fmt), size=csize, anchor="middle",
                color=ink.colors[0], bold=True)
        if d.unit:
            s.label(cx, cy - ASCENT * size - gap, d.unit, anchor="middle")
    # the legend: swatch, label; value and share under it
    x = cx + r + ink.s["legend_gap"] * 2
    lines, rows = _pie_legend(f, s.w)
    shares = d.unit.strip() in ("%", "％") and abs(whole - 100) <= 0.5
    y = cy + sum(rows) / 2
    sw = size * 0.8
    cols = [ink.colors[i % len(ink.colors)] for i in range(len(vals))]
    # the values in their slices' colours where every one reads on paper, else
    # all in the text's ink: one value in ink among coloured ones reads as a remark
    inks = [_readable(col, ink.text, paper) for col in cols]
    if any(c is ink.text for c in inks):
        inks = [ink.text] * len(vals)
    for i, (label, v) in enumerate(zip(lines, vals)):
        col = cols[i]
        base = y - size * ASCENT
        s.add(Rect(x, base, sw, sw, fillColor=col, strokeColor=None))
        for k, line in enumerate(label):
            s.label(x + sw + size * 0.4, base - k * size * LINE, line)
        base -= (len(label) - 1) * size * LINE
        vb = s.label(x + sw + size * 0.4, base - vs * LINE, with_unit(num(v, f.fmt), d.unit), size=vs,
                     color=inks[i], bold=True)
        if not shares:          # (values in per cent of a whole: the share would repeat them)
            s.label(vb[2] + size * 0.6, base - vs * LINE, _share(v, whole), color=ink.axis)
        y -= rows[i]


def _share(v: float, whole: float) -> str:
    """A slice's share to a tenth of a per cent; a slice too small for that
    is '<0.1%', not '0.0%' (a reader takes that for none)."""
    share = 100 * v / whole
    return "<0.1%" if 0 < share < 0.05 else f"{share:.1f}%"


def _pie_legend(f: "Chart", w: float) -> tuple[list[list[str]], list[float]]:
    """The legend right of a pie: each label's lines within the room left
    there (a long label wraps instead of running off the chart), and each
    row's height (label lines, the value line, the gap)."""
    c, ink = f.c, f.ink()
    size, vs = ink.size, ink.size * float(ink.n["value_scale"])
    left = ink.s["side_margin"] + ink.s["pie_size"] + ink.s["legend_gap"] * 2 + size * 1.2
    room = max(w - left, size)
    lines = [_wrap(label, lambda t: ink.width_of(ink.face, t, size), room)
             for label in f.data.labels]
    return lines, [len(ls) * size * LINE + vs * LINE + ink.s["label_gap"] * 2 for ls in lines]


# -- a timeline of events --------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9.,%\-]+|\s+|.")
# (clreq's, as the paragraph engine and _may_cut read them: a partial copy here
# let 】〕～… begin a line of an event's text)
_NO_START = NO_START | ASCII_NO_START


def _wrap(text: str, s_width: Callable[[str], float], width: float) -> list[str]:
    """Greedy lines of at most `width`: Latin words and figures kept whole,
    no closing punctuation at a line start."""
    lines: list[str] = []
    cur = ""
    for tok in _TOKEN.findall(text):
        if cur and s_width(cur + tok) > width and not tok.isspace() and tok[0] not in _NO_START:
            lines.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur += tok
    if cur.strip():
        lines.append(cur.rstrip())
    return lines or [""]


def _events_plan(f: "Chart", w: float) -> tuple[Any, ...]:
    """Where the events' labels go: (height, [(dot x, lines, lane, label x)],
    axis y, lane heights, stem), made once per width."""
    held = getattr(f, "_plan", None)
    if held and held[0] == w:
        return held[1]
    ink = f.ink()
    d = f.data
    size = ink.size
    gap = ink.s["label_gap"]

    def width(t: str, bold: bool = False) -> float:
        return ink.width_of(ink.bold_face if bold else ink.face, t, size)

    order = sorted(range(len(d.labels)), key=lambda i: d.days[i])
    blocks = []
    for i in order:
        lines = _wrap(d.texts[i], width, ink.s["event_width"]) if d.texts[i] else []
        bw = max([width(d.labels[i], True)] + [width(t) for t in lines])
        blocks.append((i, [d.labels[i]] + lines, bw))
    left = ink.s["side_margin"]
    t0, t1 = d.days[order[0]], d.days[order[-1]]
    x0, x1 = left, w - left
    xs = {i: x0 + (x1 - x0) * ((d.days[i] - t0) / (t1 - t0) if t1 > t0 else 0.5) for i in order}
    placed = _lanes(blocks, xs, w, gap, gap + ink.s["dot_radius"])
    line_h = size * LINE
    lane_h = {lane: 0.0 for _, _, lane, _ in placed}
    for x, lines, lane, lx in placed:
        lane_h[lane] = max(lane_h[lane], len(lines) * line_h + gap * 2)
    up = sum(h for ln, h in lane_h.items() if ln % 2 == 0)
    down = sum(h for ln, h in lane_h.items() if ln % 2 == 1)
    stem = gap * 3
    axis_y = down + (stem if down else gap * 2)
    total = axis_y + up + stem
    plan = (total, placed, axis_y, lane_h, stem)
    f._plan = (w, plan)
    return plan


def _lanes(blocks: list[tuple[int, list[str], float]], xs: dict[int, float], w: float,
           gap: float, inset: float) -> list[tuple[float, list[str], int, float]]:
    """Each event's lane (0, 2, 4 … above the axis; 1, 3, 5 … below) and label x.

    Events are placed from the latest to the earliest, each label beside its
    dot (to the right; to the left at the chart's right edge), in the nearest
    lane where it meets no label and no leader line (a leader runs from the
    axis to its label through every nearer lane of its side). A fresh lane
    beyond all others always takes a label, so placing ends."""
    placed: list[tuple[float, list[str], int, float, float]] = []   # x, lines, lane, lx, bw
    for i, lines, bw in sorted(blocks, key=lambda t: -xs[t[0]]):
        x = xs[i]
        lx = x + inset * 0.5 if x + inset * 0.5 + bw <= w else x - inset * 0.5 - bw
        lx = max(0.0, lx)
        last = max((p[2] for p in placed), default=-1)
        lane = 0
        while lane <= last + 2:
            ok = True
            for px, _, plane, plx, pbw in placed:
                if plane % 2 != lane % 2:
                    continue
                if plane == lane and not (lx >= plx + pbw + gap * 3 or lx + bw + gap * 3 <= plx):
                    ok = False      # the lane holds a label there
                elif plane > lane and lx - gap <= px <= lx + bw + gap:
                    ok = False      # a farther label's leader would cross this label
                elif plane < lane and plx - gap <= x <= plx + pbw + gap:
                    ok = False      # this leader would cross a nearer label
                if not ok:
                    break
            if ok:
                break
            lane += 1
        placed.append((x, lines, lane, lx, bw))
    return [(x, lines, lane, lx) for x, lines, lane, lx, _ in placed]


def draw_events(f: "Chart", s: "Sheet") -> None:
    d, ink = f.data, s.ink
    size, gap, dot = ink.size, ink.s["label_gap"], ink.s["dot_radius"]
    _, placed, axis_y, lane_h, stem = _events_plan(f, s.w)
    col = ink.colors[0]
    line_h = size * LINE
    s.add(Line(0, axis_y, s.w, axis_y, strokeColor=ink.axis, strokeWidth=ink.s["axis_width"]))
    days = sorted(d.days)
    x0, x1 = ink.s["side_margin"], s.w - ink.s["side_margin"]
    if days[-1] > days[0]:
        for t in _ticks(days[0], days[-1]):
            x = x0 + (x1 - x0) * (t - days[0]) / (days[-1] - days[0])
            s.add(Line(x, axis_y - size * 0.3, x, axis_y + size * 0.3, strokeColor=ink.axis,
                       strokeWidth=ink.s["axis_width"]))

    def offset(lane: int) -> float:       # from the axis to the near edge of a lane
        return stem + sum(lane_h[ln] for ln in lane_h if ln % 2 == lane % 2 and ln < lane)

    for x, lines, lane, lx in placed:
        h = lane_h[lane]
        if lane % 2 == 0:
            near = axis_y + offset(lane)
            top = near + h - gap
            s.add(Line(x, axis_y, x, top, strokeColor=col, strokeWidth=ink.s["axis_width"]))
        else:
            near = axis_y - offset(lane)
            top = near - gap
            s.add(Line(x, axis_y, x, near - len(lines) * line_h - gap, strokeColor=col,
                       strokeWidth=ink.s["axis_width"]))
        for k, text in enumerate(lines):
            base = top - size * ASCENT - k * line_h
            s.label(lx, base, text, color=col if k == 0 else None, bold=k == 0)
        s.add(Circle(x, axis_y, dot, fillColor=col, strokeColor=None))
