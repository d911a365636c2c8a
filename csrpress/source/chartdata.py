"""Chart data: the two ways content writes it, checked and normalised.

A chart is written either as points (``data:`` — one series; each point a
label, a value, an optional text and an optional time ``at:``) or as named
series over shared labels (``labels:`` + ``series:`` + optional ``at:``).
Both become one ``ChartData`` so the drawing never meets a ragged series or
a value that is not a number: every such problem is a located error here,
at load time, with the rest of the content's errors.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, Iterable

from ..errors import Collector, Mark
from ..text.normalise import HAN
from .yamlmarks import MDict, MList, typed_as

KINDS = ("timeline", "line", "bar", "pie", "donut")   # (the chart block's kind: a Choice)
_WHEN = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])(?:-(0?[1-9]|[12]\d|3[01]))?$")


@dataclass
class ChartData:
    """A chart's data, normalised: labels along the axis (or the slices of a
    pie), one list of values per series, optional texts per label and
    optional times (days since year 1) for a true time axis."""

    kind: str
    labels: list[str]
    series: list[tuple[str, list[float]]]     # (name, Values); name '' for one unnamed series
    texts: list[str]
    days: list[int] | None
    unit: str = ""
    stacked: bool = False

    @property
    def events(self) -> bool:
        """A timeline of events: points in time with no values."""
        return not self.series


def day(at: Any) -> int | None:
    """'2019-05' or '2020-01-23' (or a YAML date) → days since year 1; a month
    stands at its first day. None when it is not a time."""
    if isinstance(at, datetime.datetime):
        return at.date().toordinal()
    if isinstance(at, datetime.date):
        return at.toordinal()
    m = _WHEN.match(str(at).strip())
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)).toordinal()
    except ValueError:          # 2019-02-30
        return None


_SCIENTIFIC = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")


def number(v: Any) -> float | None:
    """A chart value as a finite number, or None. YAML reads 1e15 as text (it
    wants 1.0e+15): written as a number anywhere else, it is one here too;
    .inf and .nan are no amounts. (What a chart prints of it: value.)"""
    if isinstance(v, str) and _SCIENTIFIC.fullmatch(v.strip()):
        v = float(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v) if v == v and abs(v) != float("inf") else None


class Value(float):
    """A chart value: a float for the drawing, and the exact decimal the
    content gave (`exact`) for what the chart prints: its digits as typed
    (6.0 and 1.50 keep their decimals: a column of values with one decimal
    printed one of them without), all of them (a float keeps 15–17
    significant digits: 12345678901234567890 was labelled
    12,345,678,901,234,567,000)."""

    __slots__ = ("exact",)
    exact: Decimal

    def __new__(cls, exact: Decimal) -> "Value":
        out = super().__new__(cls, float(exact))
        out.exact = exact
        return out

    def __reduce__(self) -> tuple:
        return (Value, (self.exact,))


def value(v: Any) -> Value:
    """A checked chart value (number(v) is not None) with its exact decimal:
    a YAML integer as it is, a float or a scientific text by the digits typed
    (MFloat.typed), else by the float's shortest digits."""
    if isinstance(v, int):
        return Value(Decimal(int(v)))
    typed = v.strip() if isinstance(v, str) else typed_as(v)
    if typed is not None:
        try:
            exact = Decimal(typed)
            if exact.is_finite():
                return Value(exact)
        except InvalidOperation:        # (a YAML 1.1 sexagesimal 1:30.5)
            pass
    return Value(Decimal(repr(float(v))))


def exact_sum(values: Iterable[float]) -> Value:
    """The sum of chart values, exact (a stack's total, a pie's whole): never
    rounded to a float's digits, with as many decimals as the most any part
    was typed with (7.50 + 2.25 is 9.75, 6.0 + 1.0 is 7.0, not 7)."""
    with localcontext() as ctx:
        ctx.prec = 4000               # (more than a finite float's digits in all)
        total = sum((_exact(v) for v in values), Decimal(0))
    return Value(total)


def _exact(v: float) -> Decimal:
    exact = getattr(v, "exact", None)
    return exact if exact is not None else Decimal(repr(float(v)))


def _num(v: Any) -> bool:
    return number(v) is not None


def _item_mark(items: Any, i: int, fallback: Mark) -> Mark:
    return items.item_marks[i] if isinstance(items, MList) and i < len(items.item_marks) else fallback


def _key_mark(node: Any, key: str, fallback: Mark) -> Mark:
    return node.mark_of(key) if isinstance(node, MDict) and key in node else fallback


def check_chart(raw: MDict, errors: Collector) -> bool:
    """Everything a chart block must satisfy beyond its field kinds, each
    problem at its own line: one way of writing the data, a known kind,
    series as long as the labels, numbers where numbers go, times that are
    dates, values below zero only where the kind can show them."""
    ok = True

    def bad(where: Mark, message: str, hint: str) -> None:
        nonlocal ok
        errors.error(where, message, hint)
        ok = False

    kind = raw.get("kind", "timeline")
    if kind not in KINDS:
        return False          # (reported by the schema: the kind is a Choice)
    has_data, has_series = "data" in raw, "series" in raw
    if has_data == has_series:
        bad(raw.mark, "a chart needs its data either as 'data:' (points) or as "
            "'labels:' + 'series:' (named series), not " + ("both" if has_data else "neither"),
            "write '- {label: 2019, value: 2}' items under data:, or labels: [...] and "
            "series: [{name: …, values: [...]}]")
        return False
    if raw.get("stacked") and kind != "bar":
        bad(raw.mark_of("stacked"), f"'stacked' is for bar charts, not '{kind}'",
            "remove 'stacked:' or use kind: bar")
    if has_data:
        for key in ("labels", "at"):
            if key in raw:
                bad(raw.mark_of(key), f"'{key}:' goes with 'series:', not with 'data:'",
                    "give each point its own label:/at:, or write the chart as labels + series")
        ok &= _check_points(raw, kind, bad)
    else:
        ok &= _check_series(raw, kind, bad)
    return ok


def signed(kind: str, stacked: bool) -> bool:
    """Whether a chart of this kind can show a value below zero: bars (side by
    side) and lines, from a zero baseline drawn across the plot. A stack of
    parts or a pie's slices divide a whole: a negative part has no size there."""
    return kind in ("bar", "line", "timeline") and not stacked


def _unsigned(kind: str, stacked: bool) -> tuple[str, str]:
    """The error for a negative value where the kind cannot show one, and its hint."""
    if stacked:
        return ("a stacked bar's parts add up to its height: a negative part has none",
                "remove 'stacked: true' (bars side by side go below zero), or chart the "
                "changes as their own bar chart")
    return (f"a {kind} chart divides a whole into slices: a negative value has no slice",
            "use kind: bar for values below zero (e.g. year-on-year changes)")


def _check_points(raw: MDict, kind: str, bad: Any) -> bool:
    data = raw["data"]
    if not isinstance(data, list):
        return False                      # (the field check has said so)
    if not data:
        bad(raw.mark_of("data"), "a chart needs at least one data point",
            "give data: as '- {label: …, value: 2}' items")
        return False
    ok = True
    valued = 0
    for i, item in enumerate(data):
        at_item = _item_mark(data, i, raw.mark)
        if not isinstance(item, dict):
            continue
        if "label" not in item:
            bad(at_item, "a chart point needs 'label:'", "e.g. '- {label: 2019.05, value: 2}'")
            ok = False
        if "value" in item:
            valued += 1
            v = item["value"]
            if not _num(v):
                bad(_key_mark(item, "value", at_item), f"a chart value must be a number, not {v!r}",
                    "write the number without units or separators, e.g. value: 7825613.06")
                ok = False
            elif number(v) < 0 and not signed(kind, bool(raw.get("stacked"))):
                bad(_key_mark(item, "value", at_item), *_unsigned(kind, bool(raw.get("stacked"))))
                ok = False
        elif kind != "timeline":
            bad(at_item, "a chart point needs a numeric 'value:'",
                "e.g. '- {label: 2019.05, value: 2}' (only a timeline's events may have none)")
            ok = False
        if "at" in item and day(item["at"]) is None:
            bad(_key_mark(item, "at", at_item), f"'at: {item['at']}' is not a month or a date",
                "write the point's time as YEAR-MONTH or YEAR-MONTH-DAY, e.g. 'at: 2019-05'")
            ok = False
    if kind == "timeline":
        if 0 < valued < len(data):
            bad(raw.mark_of("data"), "some points of this timeline have a value and some do not",
                "give every point a value (a line on a time axis) or none (a timeline of events)")
            ok = False
        missing = [i for i, d in enumerate(data) if isinstance(d, dict) and "at" not in d]
        if missing:
            bad(_item_mark(data, missing[0], raw.mark),
                "a timeline stands on a time axis: every point needs 'at:'",
                "add 'at: YEAR-MONTH' (or YEAR-MONTH-DAY) to each point, or use kind: line "
                "for evenly spaced labels")
            ok = False
    ok &= _check_total(raw, kind, [d.get("value") for d in data if isinstance(d, dict)],
                       raw.mark_of("data"), bad)
    return ok


def _check_series(raw: MDict, kind: str, bad: Any) -> bool:
    labels, series = raw.get("labels"), raw["series"]
    if not isinstance(labels, list) or not labels:
        bad(raw.mark, "a chart with 'series:' needs 'labels:' (the labels along its axis)",
            "add labels: [2021, 2022, 2023] — one per value of each series")
        return False
    if not isinstance(series, list) or not series:
        bad(raw.mark_of("series"), "'series:' needs at least one series",
            "write series: [{name: …, values: [...]}]")
        return False
    ok = True
    n = len(labels)
    if kind in ("pie", "donut") and len(series) > 1:
        bad(raw.mark_of("series"), f"a {kind} chart shows one series, this one has {len(series)}",
            "keep one series, or use kind: bar for several")
        ok = False
    if kind == "timeline":
        bad(raw.mark_of("series"), "a timeline is written as points (data:), each with its 'at:'",
            "use kind: line with labels + series + at for several series over time")
        ok = False
    names: set[str] = set()
    for i, s in enumerate(series):
        where = _item_mark(series, i, raw.mark)
        if not isinstance(s, dict):
            continue
        name = s.get("name")
        if name is None and len(series) > 1:
            bad(where, "a chart with several series needs a 'name:' for each (the legend)",
                "add name: … to this series")
            ok = False
        if name is not None and str(name) in names:
            bad(_key_mark(s, "name", where), f"two series are named '{name}'",
                "give each series its own name")
            ok = False
        names.add(str(name))
        values = s.get("values")
        if not isinstance(values, list):
            bad(where, "a series needs 'values:' (a list of numbers)", "e.g. values: [1, 2.5, 3]")
            ok = False
            continue
        for j, v in enumerate(values):
            if not _num(v):
                bad(_item_mark(values, j, _key_mark(s, "values", where)),
                    f"value {j + 1} of series '{name or i + 1}' is {v!r}, not a number",
                    "write numbers without units or separators, e.g. 7825613.06")
                ok = False
            elif number(v) < 0 and not signed(kind, bool(raw.get("stacked"))):
                message, hint = _unsigned(kind, bool(raw.get("stacked")))
                bad(_item_mark(values, j, _key_mark(s, "values", where)),
                    f"value {j + 1} of series '{name or i + 1}' is negative: {message}", hint)
                ok = False
        if len(values) != n:
            bad(_key_mark(s, "values", where),
                f"series '{name or i + 1}' has {len(values)} values, the chart has {n} labels",
                "give one value per label, in the order of labels:")
            ok = False
    at = raw.get("at")
    if at is not None:
        if kind not in ("line", "bar"):
            bad(raw.mark_of("at"), f"'at:' places labels on a time axis, a {kind} chart has none",
                "remove 'at:'")
            ok = False
        elif not isinstance(at, list) or len(at) != n:
            bad(raw.mark_of("at"), f"'at:' needs one time per label ({n})",
                "e.g. at: [2021-01, 2022-01, 2023-01]")
            ok = False
        else:
            for j, a in enumerate(at):
                if day(a) is None:
                    bad(_item_mark(at, j, raw.mark_of("at")), f"'{a}' is not a month or a date",
                        "write YEAR-MONTH or YEAR-MONTH-DAY, e.g. 2019-05")
                    ok = False
    if ok and kind in ("pie", "donut"):
        ok &= _check_total(raw, kind, series[0]["values"], raw.mark_of("series"), bad)
    return ok


def _check_total(raw: MDict, kind: str, values: list, where: Mark, bad: Any) -> bool:
    """A pie needs something to divide; a bar or line chart something above zero."""
    nums = [number(v) for v in values if _num(v)]
    if any(v < 0 for v in nums):
        return True      # (a negative slice is its own error: the sum would repeat it)
    if kind in ("pie", "donut") and nums and sum(nums) <= 0:
        bad(where, f"a {kind} chart needs values that add up to more than zero",
            "check the values")
        return False
    return True


_HAN_LATIN = re.compile(rf"(?<=[{HAN}])[ \u00a0]*(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])[ \u00a0]*(?=[{HAN}])")


def spaced(text: str) -> str:
    """A chart's text with one space between Han and Latin letters or digits,
    typed or not: the paragraph engine sets its Han–Latin gap whether or not a
    space was typed, and a chart drawn beside it printed '120 万kWh' under the
    title '用电量（万 kWh）', '2021年' beside '2024 年'."""
    return _HAN_LATIN.sub(" ", text)


def chart_data(block: Any) -> ChartData:
    """The normalised data of a checked chart block."""
    return _spaced(_chart_data(block))


def _spaced(d: ChartData) -> ChartData:
    return ChartData(d.kind, [spaced(x) for x in d.labels],
                     [(spaced(name), v) for name, v in d.series], [spaced(x) for x in d.texts],
                     d.days, spaced(d.unit), d.stacked)


def _chart_data(block: Any) -> ChartData:
    kind = str(block.get("kind", "timeline"))
    unit = str(block.get("unit", "") or "")
    stacked = bool(block.get("stacked", False))
    data = block.get("data")
    if data is not None:
        labels = [str(d["label"]) for d in data]
        texts = [str(d.get("text", "") or "") for d in data]
        values = [value(d["value"]) for d in data if "value" in d]
        series = [("", values)] if len(values) == len(data) else []
        days = [day(d.get("at")) for d in data]
        return _in_time_order(ChartData(kind, labels, series, texts,
                                        days if all(x is not None for x in days) else None,
                                        unit, stacked))
    labels = [str(x) for x in block.get("labels")]
    series = [(str(s.get("name", "") or ""), [value(v) for v in s["values"]])
              for s in block.get("series")]
    at = block.get("at")
    days = [day(a) for a in at] if at else None
    return _in_time_order(ChartData(kind, labels, series, [""] * len(labels), days, unit,
                                    stacked))


def _in_time_order(d: ChartData) -> ChartData:
    """Points on a time axis in the order of their dates, whatever order they
    were written in: a line joins them left to right, never back in time."""
    if d.days is None or d.days == sorted(d.days):
        return d
    order = sorted(range(len(d.days)), key=lambda i: d.days[i])
    return ChartData(d.kind, [d.labels[i] for i in order],
                     [(name, [v[i] for i in order]) for name, v in d.series],
                     [d.texts[i] for i in order], [d.days[i] for i in order], d.unit, d.stacked)
