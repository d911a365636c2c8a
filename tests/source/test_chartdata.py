"""Chart data is checked at load time, each problem at its own line: a
series longer or shorter than the labels, a value that is not a number, an
unknown kind (with a "did you mean"), a timeline point without a time."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.source.chartdata import chart_data, day
from tests.samples import load_one_part


def _load(tmp_path: Path, block: str) -> tuple[list, object]:
    return load_one_part(tmp_path, block)


def _one(tmp_path: Path, block: str) -> str:
    errs, _ = _load(tmp_path, block)
    assert len(errs) == 1, [str(e) for e in errs]
    return str(errs[0])


SERIES = ("  - chart: 图\n    kind: {kind}\n    labels: [a, b, c]\n    series:\n"
          "      - {{name: 甲, values: [1, 2, 3]}}\n      - {{name: 乙, values: {values}}}\n")


def test_a_series_shorter_than_the_labels_is_located(tmp_path):
    msg = _one(tmp_path, SERIES.format(kind="bar", values="[1, 2]"))
    assert "p.yaml:9:" in msg and "has 2 values, the chart has 3 labels" in msg


def test_a_value_that_is_not_a_number_is_located_at_the_value(tmp_path):
    block = ("  - chart: 图\n    kind: line\n    labels: [a, b]\n    series:\n"
             "      - name: 甲\n        values:\n          - 1\n          - 2,5\n")
    msg = _one(tmp_path, block)
    assert "p.yaml:11:" in msg and "not a number" in msg


def test_a_point_value_that_is_not_a_number(tmp_path):
    msg = _one(tmp_path, "  - chart: 图\n    kind: bar\n    data:\n      - {label: a, value: 1 万}\n")
    assert "p.yaml:7:" in msg and "must be a number" in msg


def test_an_unknown_kind_says_did_you_mean(tmp_path):
    msg = _one(tmp_path, SERIES.format(kind="donught", values="[1, 2, 3]"))
    assert "p.yaml:5:" in msg and "unknown chart kind 'donught'" in msg and "'donut'" in msg


def test_a_pie_has_one_series(tmp_path):
    msg = _one(tmp_path, SERIES.format(kind="pie", values="[1, 2, 3]"))
    assert "one series" in msg


def test_a_timeline_point_needs_a_time(tmp_path):
    block = ("  - chart: 图\n    data:\n      - {label: a, at: 2020-01-23, text: x}\n"
             "      - {label: b, text: y}\n")
    msg = _one(tmp_path, block)
    assert "p.yaml:7:" in msg and "needs 'at:'" in msg


def test_data_and_series_together_are_refused(tmp_path):
    block = ("  - chart: 图\n    kind: bar\n    data: [{label: a, value: 1}]\n"
             "    labels: [a]\n    series: [{values: [1]}]\n")
    errs, _ = _load(tmp_path, block)
    assert any("not both" in str(e) for e in errs)


def test_days_and_months_on_one_axis():
    assert day("2020-01-23") - day("2020-01") == 22
    assert day("2019-02-30") is None and day("2019-13") is None


def test_both_forms_normalise_alike(tmp_path):
    errs, report = _load(tmp_path, SERIES.format(kind="bar", values="[4, 5, 6]")
                         + "    stacked: true\n")
    assert errs == []
    d = chart_data(report.blocks[0])
    assert d.labels == ["a", "b", "c"] and d.stacked
    assert d.series == [("甲", [1.0, 2.0, 3.0]), ("乙", [4.0, 5.0, 6.0])]


@pytest.mark.parametrize("kind", ["line", "pie"])
def test_stacked_is_for_bars(tmp_path, kind):
    errs, _ = _load(tmp_path, SERIES.format(kind=kind, values="[1, 2, 3]").replace(
        "      - {name: 乙, values: [1, 2, 3]}\n", "") + "    stacked: true\n")
    assert any("'stacked' is for bar charts" in str(e) for e in errs)
