"""A chart without data points, or with a negative slice of a pie, is a
located error, not a crash or a wrong drawing."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.errors import BuildError
from tests.samples import mini_project


@pytest.mark.parametrize("data,said", [("[]", "data point"), ("[{label: a, value: 5}, {label: b, value: -5}]", "slice")])
def test_chart_without_usable_data_is_a_located_error(tmp_path, monkeypatch, data, said):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", f"  - chart: 图\n    kind: pie\n    data: {data}\n")
    with pytest.raises(BuildError) as exc:
        build(project)
    (d,) = exc.value.diagnostics
    assert "part.yaml:" in str(d) and said in d.message
