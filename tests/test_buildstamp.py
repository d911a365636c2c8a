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
