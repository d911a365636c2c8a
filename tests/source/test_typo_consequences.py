"""A misspelt key is one error, not that and its consequence.

Found checking the starter from outside: 'szie:' under page gave "did you
mean 'size'?" and then "'page' has no 'size'"; a block's 'dtae:' gave the
typo and "missing its 'date:' field"; a chart's 'dtaa:' the typo and "a chart
needs its data … not neither". What follows a typo is judged as the typo
meant, so other real errors are still all reported at once."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.errors import BuildError
from tests.samples import mini_project, starter_layout_edited


def _errors(project) -> list[str]:
    with pytest.raises(BuildError) as exc:
        build(project)
    return [str(d) for d in exc.value.diagnostics]


def test_a_misspelt_layout_key_is_one_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    got = _errors(starter_layout_edited(tmp_path / "r", "\n  size: A4", "\n  szie: A4"))
    assert len(got) == 1, got
    assert "page has no key 'szie'" in got[0] and "did you mean 'size'?" in got[0]


@pytest.mark.parametrize("block,said", [
    ("  - award: 获得某奖项\n    dtae: 2019 年 8 月\n", "'dtae'"),
    ("  - chart: 图\n    kind: bar\n    dtaa:\n      - {label: '2022', value: 4.5}\n", "'dtaa'"),
])
def test_a_misspelt_field_is_one_error(tmp_path, monkeypatch, block, said):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    got = _errors(mini_project(tmp_path / "p", block))
    assert len(got) == 1, got
    assert f"has no field {said}" in got[0] and "did you mean" in got[0]


def test_what_the_typo_meant_is_still_checked(tmp_path, monkeypatch):
    """The misspelt data is checked as data: its bad value is reported too."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    block = "  - chart: 图\n    kind: pie\n    dtaa:\n      - {label: a, value: 3}\n" \
            "      - {label: b, value: -1}\n"
    got = _errors(mini_project(tmp_path / "p", block))
    assert len(got) == 2, got
    assert "has no field 'dtaa'" in got[0] and "slice" in got[1]
