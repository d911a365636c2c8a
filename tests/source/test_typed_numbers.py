"""A number YAML reads where a text is printed: printed as typed, or an error.

YAML reads 2024.10 as 2024.1, 1.50 as 1.5, 8:30 as 510 (base 60), 012 as 10
(octal), 0x10 as 16 and 1_000 as 1000: a chart label, a table cell, a stat or
a keyword printed that number, not what was typed (a silently wrong page).
Numbers that print as typed (2023, 2.5, -3) stay welcome where texts go."""
from __future__ import annotations

import pytest

from csrpress.errors import Collector
from csrpress.source.yamlmarks import load_yaml, typed_as

from .located import edit_file, has_error, load_errors


@pytest.mark.parametrize("typed, read", [("2024.10", 2024.1), ("1.50", 1.5), ("8:30", 510),
                                         ("012", 10), ("0x10", 16), ("1_000", 1000),
                                         ("+5", 5)])
def test_a_number_not_printed_as_typed_keeps_its_text(tmp_path, typed, read):
    path = tmp_path / "a.yaml"
    path.write_text(f"v: {typed}\nq: '{typed}'\nok: [2023, 2.5, -3, 1e3]\n", encoding="utf-8")
    data = load_yaml(path, Collector())
    assert data["v"] == read and typed_as(data["v"]) == typed
    assert typed_as(data["q"]) is None and data["q"] == typed
    assert [typed_as(v) for v in data["ok"]] == [None] * 4


@pytest.mark.parametrize("old, new, column", [
    ("    labels: [用户捐赠红包助力武汉的款项, 快手配捐金额]",
     "    labels: [用户捐赠红包助力武汉的款项, 2024.10]", 29),
    ("  - stat: '300'", "  - stat: 1.50", 5),
])
def test_a_number_printed_otherwise_is_an_error_at_it(project, old, new, column):
    line = edit_file(project.content / "14-action-2.yaml", old, new)
    errs = load_errors(project)
    assert has_error(errs, f"14-action-2.yaml:{line}:{column}:", "YAML reads", "quote it"), errs


def test_a_table_cell_typed_as_a_time_is_an_error(project):
    path = project.content / "14-action-2.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 5
    path.write_text(text + "\n  - table: 表\n    columns: [时间, 事件]\n    rows:\n"
                    "      - [8:30, 开始]\n", encoding="utf-8")
    errs = load_errors(project)
    assert has_error(errs, f"14-action-2.yaml:{line}:10:", "8:30", "printed 510"), errs


def test_a_keyword_typed_yes_or_as_a_changed_number_is_an_error(project):
    line = edit_file(project.content / "report.yaml", "keywords: [", "keywords: [yes, ")
    errs = load_errors(project)
    assert has_error(errs, f"report.yaml:{line}:", "keywords"), errs
