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
