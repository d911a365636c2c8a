"""Parsed YAML kept in the project cache (source/parsed.py): a new process
parses only what changed, and a kept parse is never served for other bytes,
other code, or from a damaged entry; errors are always found by parsing."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from csrpress.errors import Collector
from csrpress.session import BuildSession
from csrpress.source import yamlmarks
from csrpress.source.parsed import ParsedFiles
from tests.source.located import edit_file, has_error, load_errors

TEXT = "part: p\ntitle: 标题\nblocks:\n  - p: 第一段，正文。\n    style: lead\n  - heading: 小节\n"


@pytest.fixture()
def parses(monkeypatch) -> list[Path]:
    """The files really parsed (not served from the cache)."""
    seen: list[Path] = []
    real = yamlmarks._load_yaml

    def counting(path: Path, errors: Collector, text: str | None = None):
        seen.append(path)
        return real(path, errors, text)

    monkeypatch.setattr(yamlmarks, "_load_yaml", counting)
    return seen


def _load(path: Path, cache: Path, version: str | None = None, errors: Collector | None = None):
    """load_yaml in a new session (as a new process would), with the cache."""
    session = BuildSession(parsed_files=ParsedFiles(cache, version))
    with session.active():
        return yamlmarks.load_yaml(path, errors or Collector())


def _marks(value) -> list[str]:
    out = [str(value.mark)] + [f"{k}@{m}" for k, m in value.key_marks.items()]
    for block in value["blocks"]:
        out += [str(block.mark)] + [f"{k}@{m}" for k, m in block.key_marks.items()]
        out += [f"{v}@{v.mark}" for v in block.values() if isinstance(v, str)]
    return out


def test_an_unchanged_file_is_read_from_the_cache_with_its_marks(tmp_path, parses):
    path = tmp_path / "part.yaml"
    path.write_text(TEXT, encoding="utf-8")
    fresh = _load(path, tmp_path / "cache")
    kept = _load(path, tmp_path / "cache")
    assert parses == [path]                          # the second session parsed nothing
    assert kept == fresh and type(kept) is type(fresh)
    assert _marks(kept) == _marks(fresh)
    assert isinstance(kept["blocks"][0]["p"], yamlmarks.MStr)


def test_an_edited_file_is_parsed_again_even_with_the_same_size_and_time(tmp_path, parses):
    path = tmp_path / "part.yaml"
    path.write_text(TEXT, encoding="utf-8")
    _load(path, tmp_path / "cache")
    st = path.stat()
    path.write_text(TEXT.replace("第一段", "第二段"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))      # a stamp that did not move
    assert path.stat().st_size == st.st_size
    value = _load(path, tmp_path / "cache")
    assert parses == [path, path]
    assert value["blocks"][0]["p"] == "第二段，正文。"


def test_a_parse_by_other_code_is_not_used(tmp_path, parses):
    path = tmp_path / "part.yaml"
    path.write_text(TEXT, encoding="utf-8")
    _load(path, tmp_path / "cache", version="older parser")
    _load(path, tmp_path / "cache")
    assert parses == [path, path]


def test_a_damaged_cache_entry_is_ignored(tmp_path, parses):
    path = tmp_path / "part.yaml"
    path.write_text(TEXT, encoding="utf-8")
    fresh = _load(path, tmp_path / "cache")
    for entry in (tmp_path / "cache").glob("yaml-*.pickle"):
        entry.write_bytes(b"\x80\x05garbage")
    errors = Collector()
    again = _load(path, tmp_path / "cache", errors=errors)
    assert parses == [path, path] and again == fresh and not errors.errors
    assert _load(path, tmp_path / "cache") == fresh       # and the entry was written anew
    assert len(parses) == 2


def test_a_file_with_errors_is_not_kept_and_its_errors_are_said_each_time(tmp_path, parses):
    path = tmp_path / "part.yaml"
    path.write_text(TEXT.replace("style: lead\n", "style: lead\n    style: note\n"),
                    encoding="utf-8")                # a repeated key
    said = []
    for _ in range(2):
        errors = Collector()
        _load(path, tmp_path / "cache", errors=errors)
        said.append([str(d) for d in errors.errors])
    assert said[0] == said[1] and "duplicate key 'style'" in said[0][0]
    assert not list((tmp_path / "cache").glob("yaml-*.pickle"))


def test_a_build_reports_the_same_located_errors_with_the_cache_warm(project, monkeypatch,
                                                                      tmp_path):
    """Unchanged files come from the cache; the edited file's error is found."""
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    from csrpress.build import load

    load(project)                                   # the cache is warm
    line = edit_file(project.content / "11-record.yaml", "level: 3", "level: 9")
    errs = load_errors(project)
    assert has_error(errs, f"11-record.yaml:{line}:", "level must be 1, 2, 3 or 4")
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cold"))
    assert load_errors(project) == errs             # the same as with no cache at all


def test_a_value_read_in_this_process_is_not_read_from_disk_again(tmp_path, monkeypatch):
    """(The shipped GRI table was unpickled at every watch build.) Only for
    the same bytes: other bytes are looked up on disk."""
    import pickle as pickle_module

    from csrpress.source import parsed

    store = ParsedFiles(tmp_path / "cache", defer=True)
    data = TEXT.encode("utf-8")
    store.put("x.yaml", data, {"v": 1})
    assert store.get("x.yaml", data) == {"v": 1}          # (still to be written)
    store.flush()
    reads = []
    monkeypatch.setattr(parsed.pickle, "load",
                        lambda fh: reads.append(1) or pickle_module.Unpickler(fh).load())
    held = store.get("x.yaml", data)
    assert held == {"v": 1} and reads == []
    assert ParsedFiles(tmp_path / "cache").get("x.yaml", data) == {"v": 1} and reads
    assert store.get("x.yaml", data + b"\n") is parsed.MISSING
