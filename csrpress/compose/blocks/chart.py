"""A chart drawn from data (a timeline on a time axis, or bars)."""
from __future__ import annotations

import re
from typing import Any

from ...source.schema import DATA, NAME, TEXT, BlockType
from ...source.settings import POS, REQUIRED, C, L, N
from ...source.yamlmarks import MDict, MList
from ..registry import Component, Place

CHART_KINDS = ("timeline", "bar")
_MONTH = re.compile(r"^\d{4}-(0?[1-9]|1[0-2])$")   # a point's time: YEAR-MONTH


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..chart import chart
    return chart(c, blocks[0])


def check(raw: Any, errors: Any) -> bool:
    """A known kind; every point labelled, with a number and a month if timed."""
    ok = True
    if raw.get("kind", "timeline") not in CHART_KINDS:
        errors.error(raw.mark_of("kind"), f"unknown chart kind '{raw['kind']}'",
                     "use one of: " + ", ".join(CHART_KINDS))
        ok = False
    if isinstance(raw.get("data"), list):
        for i, item in enumerate(raw["data"]):
            if not isinstance(item.get("value"), (int, float)) or "label" not in item:
                where = raw["data"].item_marks[i] if isinstance(raw["data"], MList) else raw.mark
                errors.error(where, "a chart point needs 'label:' and a numeric 'value:'",
                             "e.g. '- {label: 2019.05, value: 2}'")
                ok = False
            at = item.get("at") if isinstance(item, dict) else None
            if at is not None and not _MONTH.match(str(at)):
                where = item.mark_of("at") if isinstance(item, MDict) else raw.mark
                errors.error(where, f"'at: {at}' is not a month",
                             "write the point's time as YEAR-MONTH, e.g. 'at: 2019-05'")
                ok = False
    return ok


COMPONENT = Component(
    name="chart", order=26, compose=compose, check=check,
    schema=BlockType(TEXT, {"kind": NAME, "unit": TEXT, "data": DATA, "alt": TEXT}, ("data",),
                     "chart"),
    settings={
        "height": L(lo=POS), "bar_color": C(), "axis_color": C(), "line_width": L(hi=20.0),
        "axis_width": L(hi=20.0), "dot_radius": L(hi=50.0), "side_margin": L(hi=500.0),
        "value_scale": N(REQUIRED, 0.2, 5.0, "value labels, relative to chart-label"),
        "bar_fraction": N(REQUIRED, 0.05, 1.0, "bar width, fraction of a category"),
        "space_before": L(), "space_after": L(),
    },
    styles=("chart-title", "chart-label"),
    example="""\
- chart: 快手日活跃用户数（DAU）增长
  kind: timeline                   # timeline or bar
  unit: 亿
  data:
    - {label: 2015.01, value: 0.1, text: DAU 超过千万}
    - {label: 2017.11, value: 1, text: DAU 超过 1 亿}
  alt: …                           # optional: the chart for screen readers
                                   # (default: title and every data point)
""")
