"""Property: whatever a careless edit does to the real content or layout, a
run ends in a PDF or in located errors (BuildError, file:line:col), never in
another exception.

Mutations are drawn by hypothesis (derandomized: the same examples on every
run) from the real files copied into a temporary project: values of another
type, long and short values, missing, unknown and duplicate keys, removed
list items and parts, long unbreakable tokens (URLs, numbers, 300 full
stops), rare characters (above U+FFFF, control characters) and extreme
numbers. Schema-level mutations run the `check` path on the whole report;
build mutations build a trimmed report (a few parts) to keep each example
about a second.

CI runs a bounded number of examples; a longer run:

    CSRPRESS_PROPERTY_EXAMPLES=2000 python -m pytest tests/test_property.py -q
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrpress.build import Project, build, load
from csrpress.errors import BuildError, Mark
from tests.samples import copy_cache

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("CSRPRESS_PROPERTY_EXAMPLES", "0"))
TRIMMED_PARTS = ["00-cover.yaml", "01-letters.yaml", "40-back-cover.yaml"]

LONG_TOKENS = [
    "https://www.kuaishou.com/csr/report/2019/" + "section-" * 12 + "index.html?lang=zh-CN",
    "1" * 120, "。" * 300, "ABCDEFGHIJ" * 15, "——" * 80, "𠮷" * 50,
]
RARE = ["𠮷", "𩸽", "\x07", "\x1b", "\u200b", "\u202e", "😀", "\ufeff", "\t", "\r", "\U0002A6A5"]
EXTREME = [0, -1, 1e9, -1e9, 1e-9, 10 ** 30, float("inf"), 0.0, 99999, "0pt", "-5mm",
           "10000pt", "0.001pt", "1e9mm", "em", "", "abc"]
OTHER_TYPES: list[Any] = [None, True, 7, 3.5, "文字", [], {}, ["a", 1], {"x": 1}]


def _settings(default: int) -> settings:
    return settings(max_examples=EXAMPLES or default, derandomize=True, deadline=None,
                    database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def cache(built, tmp_path_factory) -> Any:
    """A private copy of the warm cache (examples add entries to it)."""
    path = tmp_path_factory.mktemp("property") / "cache"
    copy_cache(ROOT / ".cache", path)
    old = os.environ.get("CSRPRESS_CACHE")
    os.environ["CSRPRESS_CACHE"] = str(path)
    yield path
    if old is None:
        os.environ.pop("CSRPRESS_CACHE", None)
    else:
        os.environ["CSRPRESS_CACHE"] = old


def _copy(dest: Path, trimmed: bool) -> Project:
    for name in ("content", "layout", "images", "fonts"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    if trimmed:
        report = dest / "content" / "report.yaml"
        text = report.read_text(encoding="utf-8")
        text = re.sub(r"parts:\n(?:  - .*\n)+", "parts:\n" + "".join(
            f"  - {p}\n" for p in TRIMMED_PARTS), text)
        text = re.sub(r"gri_disclosures:.*\n", "", text)
        report.write_text(text, encoding="utf-8")
        for f in (dest / "content").glob("*.yaml"):
            if f.name not in TRIMMED_PARTS + ["report.yaml"]:
                f.unlink()
    return Project(dest)


# -- mutations ------------------------------------------------------------------

def _nodes(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path into a YAML tree (mapping keys and list indexes)."""
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _nodes(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _nodes(v, path + (i,))
    return out


def _get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data


ALL_KINDS = ["type", "delete", "unknown", "long", "rare", "extreme", "empty",
             "duplicate-item", "shorten"]
# for builds: edits that often still make a valid report, so that the
# examples reach composition, pagination and the PDF, not only validation
BUILD_KINDS = ["long", "rare", "long", "rare", "shorten", "duplicate-item", "delete-item",
               "extreme"]


def _structural(draw: Any, data: Any, kinds: list[str]) -> Any:
    """One change to a parsed YAML tree."""
    kind = draw(st.sampled_from(kinds))
    paths = [p for p in _nodes(data) if p]
    if kind in ("long", "rare", "shorten"):
        paths = [p for p in paths if isinstance(_get(data, p), str)] or paths
    elif kind == "delete-item" or kind == "duplicate-item":
        paths = [p for p in paths if isinstance(p[-1], int)] or paths
    elif kind == "extreme":
        paths = [p for p in paths if isinstance(_get(data, p), (int, float)) or
                 re.fullmatch(r"-?[\d.]+(pt|mm|em)", str(_get(data, p)))] or paths
    if not paths:
        return draw(st.sampled_from(OTHER_TYPES))
    path = draw(st.sampled_from(paths))
    parent, key = _get(data, path[:-1]), path[-1]
    value = parent[key]
    if kind == "type":
        parent[key] = draw(st.sampled_from(OTHER_TYPES))
    elif kind in ("delete", "delete-item"):
        del parent[key]
    elif kind == "unknown":
        target = value if isinstance(value, dict) else parent if isinstance(parent, dict) else None
        if target is not None:
            target[draw(st.sampled_from(["colour", "paddng", "titel", "x", "style2"]))] = "值"
        else:
            parent[key] = {"unknown_key": value}
    elif kind == "long":
        token = draw(st.sampled_from(LONG_TOKENS))
        if isinstance(value, str):
            at = draw(st.integers(0, len(value)))
            parent[key] = value[:at] + token + value[at:]
        else:
            parent[key] = token
    elif kind == "rare":
        ch = draw(st.sampled_from(RARE))
        if isinstance(value, str):
            at = draw(st.integers(0, len(value)))
            parent[key] = value[:at] + ch + value[at:]
        else:
            parent[key] = ch
    elif kind == "extreme":
        parent[key] = draw(st.sampled_from(EXTREME))
    elif kind == "empty":
        parent[key] = type(value)() if isinstance(value, (str, list, dict)) else None
    elif kind == "duplicate-item" and isinstance(parent, list):
        parent.insert(key, value)
    elif kind == "shorten" and isinstance(value, (str, list)):
        parent[key] = value[: len(value) // 2]
    return data


def _textual(draw: Any, text: str) -> str:
    """One change to a file's text: a duplicate line (a duplicate key), a
    control character, a cut, a tab in the indentation."""
    lines = text.split("\n")
    kind = draw(st.sampled_from(["dup-line", "control", "cut", "tab"]))
    i = draw(st.integers(0, max(0, len(lines) - 1)))
    if kind == "dup-line":
        lines.insert(i, lines[i])
    elif kind == "control":
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + draw(st.sampled_from(["\x00", "\x07", "\x1b", "\x7f"])) + \
            lines[i][at:]
    elif kind == "cut":
        return text[: draw(st.integers(0, len(text)))]
    else:
        lines[i] = "\t" + lines[i]
    return "\n".join(lines)


class _NoAliases(yaml.SafeDumper):
    """Writes a repeated item out again (content may not use YAML aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _mutate(draw: Any, project: Project, files: list[Path], kinds: list[str] = ALL_KINDS,
            textual: bool = True) -> str:
    """Apply one to three mutations; returns what was done (for the report)."""
    done = []
    for _ in range(draw(st.integers(1, 3))):
        f = draw(st.sampled_from(files))
        text = f.read_text(encoding="utf-8")
        if not textual or draw(st.booleans()):
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError:
                continue
            data = _structural(draw, data, kinds)
            text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False,
                             width=10 ** 6)
            done.append(f"{f.name}: structural")
        else:
            text = _textual(draw, text)
            done.append(f"{f.name}: textual")
        f.write_text(text, encoding="utf-8")
    return "; ".join(done)


# -- the property ---------------------------------------------------------------

def _assert_located(exc: BuildError, what: str) -> None:
    """Every diagnostic names a place (or is a preflight finding about the PDF)."""
    assert exc.diagnostics, what
    for d in exc.diagnostics:
        located = isinstance(d.where, (Mark, Path)) or d.message.startswith("preflight (")
        assert located, f"{what}: unlocated error: {d}"


def _run(fn: Any, what: str) -> None:
    verbose = os.environ.get("CSRPRESS_PROPERTY_VERBOSE")
    try:
        fn()
        if verbose:
            print(f"ok: {what}")
    except BuildError as exc:
        if verbose:
            print(f"errors: {what} => {str(exc.diagnostics[0])[:160]}")
        _assert_located(exc, what)


@_settings(20)
@given(st.data())
def test_check_never_fails_with_an_internal_error(cache, data):
    with tempfile.TemporaryDirectory() as tmp:
        project = _copy(Path(tmp), trimmed=False)
        files = sorted(project.content.glob("*.yaml")) + [project.layout / "layout.yaml"]
        what = _mutate(data.draw, project, files)
        _run(lambda: load(project), what)


@_settings(8)
@given(st.data())
def test_build_never_fails_with_an_internal_error(cache, data):
    with tempfile.TemporaryDirectory() as tmp:
        project = _copy(Path(tmp), trimmed=True)
        files = sorted(project.content.glob("*.yaml")) + [project.layout / "layout.yaml"]
        what = _mutate(data.draw, project, files, BUILD_KINDS, textual=False)

        def run() -> None:
            res = build(project)
            assert res.pdf.is_file() and res.pages > 0, what

        _run(run, what)
