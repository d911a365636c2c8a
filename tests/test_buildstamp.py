"""The stamp check's record (buildstamp): its inputs digest is read first, so a
build after an edit does not unpickle the whole record; an old or damaged
record means a real build."""
from __future__ import annotations

import pickle

from csrpress import buildstamp


def _record(tmp_path, inputs: str = "digest-1") -> buildstamp.Record:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF")
    return buildstamp.Record(inputs, buildstamp.file_stamps([str(out)]),
                             buildstamp.outputs([out]), ["result"])


def _path(tmp_path):
    return buildstamp.record_path(tmp_path / "cache", tmp_path, None, tmp_path / "dist")


def test_a_record_is_found_for_the_same_inputs_only(tmp_path):
    path = _path(tmp_path)
    buildstamp.save(path, _record(tmp_path))
    found = buildstamp.unchanged(tmp_path / "cache", tmp_path, None, tmp_path / "dist",
                                 "digest-1")
    assert found is not None and found.results == ["result"]
    assert buildstamp.unchanged(tmp_path / "cache", tmp_path, None, tmp_path / "dist",
                                "digest-2") is None


def test_other_inputs_are_told_by_the_header_alone(tmp_path):
    path = _path(tmp_path)
    buildstamp.save(path, _record(tmp_path))
    header = pickle.dumps("digest-1", protocol=pickle.HIGHEST_PROTOCOL)
    path.write_bytes(path.read_bytes()[:len(header) + 5])      # the record cut short
    assert buildstamp.unchanged(tmp_path / "cache", tmp_path, None, tmp_path / "dist",
                                "digest-2") is None
    assert buildstamp.unchanged(tmp_path / "cache", tmp_path, None, tmp_path / "dist",
                                "digest-1") is None             # damaged: a real build


def test_a_record_of_the_older_format_means_a_real_build(tmp_path):
    path = _path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(_record(tmp_path)))          # no header
    assert buildstamp.unchanged(tmp_path / "cache", tmp_path, None, tmp_path / "dist",
                                "digest-1") is None


def test_another_installation_of_csrpress_means_a_real_build(tmp_path, monkeypatch):
    """The record stamps the module files the last build imported: a build run
    by another installation (a new virtualenv, a checkout on PYTHONPATH) would
    find those untouched, so where the code lives is part of the inputs."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "report.yaml").write_text("title: t\n", encoding="utf-8")
    here = buildstamp.inputs_digest(tmp_path, None)
    assert buildstamp.inputs_digest(tmp_path, None) == here
    monkeypatch.setattr(buildstamp, "code_home", lambda: ("/elsewhere/csrpress", "/venv2"))
    assert buildstamp.inputs_digest(tmp_path, None) != here


def test_a_record_reads_back_with_plain_strings_and_without_the_yaml_loader(tmp_path):
    """Results hold marked YAML strings (MStr: a title, a warning's words, an
    anchor): the record keeps them as plain str, equal in value, wherever
    they are (a dict's keys and values, a list, a set, a dataclass), so a
    build that finds nothing changed reads it without importing YAML."""
    import subprocess
    import sys
    from pathlib import Path

    from csrpress.errors import Diagnostic, Mark
    from csrpress.source.yamlmarks import MStr

    def marked(text: str) -> MStr:
        out = MStr(text)
        out.mark = Mark(Path("content/report.yaml"), 3, 7)
        return out

    results = [{marked("anchor"): [marked("第一章"), 3]}, {marked("set item")},
               Diagnostic(Mark(Path("content/10-a.yaml"), 2, 5), marked("a warning"),
                          marked("its hint"), "warning")]
    path = _path(tmp_path)
    buildstamp.save(path, buildstamp.Record("digest-1", [], [], results))
    found = buildstamp.unchanged(tmp_path / "cache", tmp_path, None, tmp_path / "dist",
                                 "digest-1")
    assert found is not None and found.results == results

    def strings(x):
        if isinstance(x, str):
            yield x
        elif isinstance(x, dict):
            for k, v in x.items():
                yield from strings(k)
                yield from strings(v)
        elif isinstance(x, (list, tuple, set)):
            for v in x:
                yield from strings(v)
        elif isinstance(x, Diagnostic):
            yield from strings([x.message, x.hint, x.severity])

    assert {type(s) for s in strings(found.results)} == {str}
    code = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
from pathlib import Path
from csrpress import buildstamp
found = buildstamp.unchanged(Path({str(tmp_path / "cache")!r}), Path({str(tmp_path)!r}), None,
                             Path({str(tmp_path / "dist")!r}), "digest-1")
assert found is not None and len(found.results) == 3
assert "yaml" not in sys.modules and "csrpress.source.yamlmarks" not in sys.modules
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["ok"], out.stderr
