"""A table; a cell is a text or a list of texts (a bullet list)."""
from __future__ import annotations

from typing import Any

from ...source.schema import NAME, ROWS, TEXT, TEXTS, BlockType
from ...source.settings import CHOICE, TEXT as TEXT_SETTING, C, L, Setting
from ...source.yamlmarks import MList
from ..registry import Component, Place


def compose(c: Any, blocks: list[Any], at: Place) -> list[Any]:
    from ..tables import table
    return table(c, blocks[0])


def check(raw: Any, errors: Any) -> bool:
    """Every row has a cell per column."""
    ok = True
    columns, widths = raw.get("columns"), raw.get("widths")
    if isinstance(columns, list) and not columns:
        return False                  # (an empty list: said by the content check)
    if widths is not None and isinstance(columns, list):
        ok = _check_widths(raw, widths, len(columns), errors) and ok
    if isinstance(raw.get("rows"), list) and isinstance(raw.get("columns"), list):
        n = len(raw["columns"])
        for i, row in enumerate(raw["rows"]):
            if isinstance(row, list) and len(row) != n:
                where = raw["rows"].item_marks[i] if isinstance(raw["rows"], MList) else raw.mark
                errors.error(where, f"this row has {len(row)} cells, the table has {n} columns",
                             "add or remove cells so every row matches 'columns:'")
                ok = False
    return ok


def _check_widths(raw: Any, widths: Any, n: int, errors: Any) -> bool:
    """'widths:' are relative: one positive number per column."""
    where = raw.mark_of("widths")
    values = widths if isinstance(widths, list) else [widths]
    try:
        numbers = [float(str(w)) for w in values]
    except ValueError:
        numbers = []
    if len(numbers) != n or not all(0 < w < float("inf") for w in numbers):
        errors.error(where, f"'widths' must be {n} positive numbers, one per column "
                     f"(relative widths), not {widths!r}",
                     f"e.g. widths: [{', '.join(['1'] * n)}], or remove 'widths:' for widths from the content")
        return False
    return True


COMPONENT = Component(
    name="table", order=25, compose=compose, check=check,
    schema=BlockType(TEXT, {"columns": TEXTS, "rows": ROWS, "widths": TEXTS, "id": NAME},
                     ("columns", "rows"), "table",
                     when_empty="no caption (a heading names the table)"),
    settings={
        "header_background": C(), "stripe_background": C(), "rule_color": C(),
        "rule_width": L(hi=20.0), "padding": L(hi=100.0), "bullet": Setting(TEXT_SETTING, "•"),
        "caption": Setting(CHOICE, "above", choices=("above", "below"),
                           doc="where a table's caption (its main text) is set"),
        "figures": Setting(CHOICE, "right", choices=("right", "center", "left", "as-style"),
                           doc="how a column of figures only (numbers, percentages; dashes "
                           "and blanks allowed) is aligned, its header too: flush right lines "
                           "up units and decimals; as-style: as the cell style says"),
        "least_size": L("6.5pt", lo=4.0, hi=100.0,
                        doc="a table whose figures do not fit its measure at the table styles' "
                        "size (many columns on a small page) is set smaller, header and cells "
                        "alike, down to this cell size; a figure is never broken: below it, "
                        "an error"),
    },
    styles=("table-head", "table-cell", "table-title", "table-caption"),
    example="""\
- table: 利益相关方沟通            # the caption, set above the table (layout: components.table.caption)
                                   # write table: "" when a heading already names it
  id: stakeholders
  columns: [利益相关方, 期望与诉求, 沟通与回应]
  widths: [1, 3, 3]                # optional relative widths (without: from the content,
                                   # the room going where it sets the rows in fewer lines)
  rows:
    - [用户, [为用户提供良好的产品使用体验, 健康的互联网环境], [研发最新技术、改进产品，满足用户需求]]
    # - 环境绩效                   # a text, not a list: a group row, set bold across the table
                                   # under a rule (a page never ends with it; it is
                                   # repeated where its rows run on over a page)
""")
