"""A watch session validates only the part files that changed: an unchanged
part gives the blocks validated last time; an edited one, one that reported
errors, or one read under other block types is validated again."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.compose import registry
from csrpress.errors import Collector
from csrpress.session import BuildSession
from csrpress.source import content, schema
from tests.samples import edit_stamped

PARTS = {"a.yaml": "part: a\ntitle: 甲\nblocks:\n  - p: 第一部分的段落。\n",
         "b.yaml": "part: b\ntitle: 乙\nblocks:\n  - heading: 第二部分\n    level: 1\n"
                   "  - p: 第二部分的段落。\n"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "content"
    d.mkdir()
    (d / "report.yaml").write_text("title: 缓存\noutput: t\nparts: [a.yaml, b.yaml]\n",
                                   encoding="utf-8")
    for name, text in PARTS.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture
def validated(monkeypatch) -> list[str]:
    """The part files validated anew (by name), in order."""
    seen: list[str] = []
    real = content._validate_part

    def spy(path, *args):
        seen.append(path.name)
        return real(path, *args)
    monkeypatch.setattr(content, "_validate_part", spy)
    return seen


def _load(folder: Path, session: BuildSession) -> tuple[content.Report | None, Collector]:
    errors = Collector()
    with session.active():
        return content.load_report(folder, errors), errors


def test_an_unchanged_part_is_not_validated_again(folder, validated):
    session = BuildSession()
    first, _ = _load(folder, session)
    assert validated == ["a.yaml", "b.yaml"]
    edit_stamped(folder / "b.yaml", "第二部分的段落", "第二部分改过的段落")
    again, errors = _load(folder, session)
    assert validated == ["a.yaml", "b.yaml", "b.yaml"] and not errors.items
    assert again.blocks[0] is first.blocks[0]           # a.yaml's block, kept
    assert again.blocks[2].value == "第二部分改过的段落。"
    assert again.part_titles == {"a": "甲", "b": "乙"}
    assert [(b.type, b.value, b.part) for b in again.blocks] == \
        [(b.type, b.value, b.part) for b in _load(folder, BuildSession())[0].blocks]


def test_a_part_with_errors_reports_them_every_build(folder, validated):
    edit_stamped(folder / "a.yaml", "- p: 第一部分的段落。", "- p: 段落\n    colour: red")
    session = BuildSession()
    for _ in range(2):
        _, errors = _load(folder, session)
        assert len(errors.errors) == 1 and "no field 'colour'" in errors.errors[0].message
    assert validated.count("a.yaml") == 2


def test_a_part_is_validated_again_under_other_block_types(folder, validated):
    edit_stamped(folder / "b.yaml", "  - p: 第二部分的段落。", "  - p: 第二部分的段落。\n  - aside: 旁注")
    session = BuildSession()
    _, errors = _load(folder, session)
    assert "unknown block type 'aside'" in errors.errors[0].message
    comp = registry.Component("aside", schema.BlockType(schema.TEXT, {}), lambda c, b, at: [])
    with registry.registered(comp):
        report, errors = _load(folder, session)
        assert not errors.items and report.blocks[-1].type == "aside"
    report, errors = _load(folder, session)             # (and again without it)
    assert "unknown block type 'aside'" in errors.errors[0].message
    assert validated == ["a.yaml", "b.yaml", "a.yaml", "b.yaml", "a.yaml", "b.yaml"]


def test_checks_of_kept_blocks_say_their_findings_every_build(folder, validated):
    """What the checks derive from a kept block (Block.derive) is said again
    each build: the punctuation note, a reference whose target went away."""
    from types import SimpleNamespace

    from csrpress.source.checks import note_normalised

    edit_stamped(folder / "a.yaml", "第一部分的段落。", "见第{{page:two}}页,谢谢。")
    edit_stamped(folder / "b.yaml", "level: 1\n", "level: 1\n    id: two\n")
    layout = SimpleNamespace(text={"normalise_punctuation": True})
    session = BuildSession()
    for n in range(2):
        report, errors = _load(folder, session)
        assert not errors.errors
        note_normalised(report, layout, errors)
        assert [d.message for d in errors.notes] == ["punctuation set full-width: ',' → '，'"]
    edit_stamped(folder / "b.yaml", "    id: two\n", "")
    report, errors = _load(folder, session)
    assert validated == ["a.yaml", "b.yaml", "b.yaml"]        # a.yaml's block kept
    assert [str(d.where).split(":")[0].endswith("a.yaml") and "unknown id 'two'" in d.message
            for d in errors.errors] == [True]


def test_what_is_derived_from_a_block_is_made_once_and_anew_for_an_edited_one(folder):
    made: list[str] = []

    def size(b: content.Block) -> int:
        made.append(b.value)
        return len(b.value)

    session = BuildSession()
    first, _ = _load(folder, session)
    assert [b.derive("size", size) for b in first.blocks] == [8, 4, 8]
    edit_stamped(folder / "b.yaml", "第二部分的段落", "第二部分改过的段落")
    again, _ = _load(folder, session)
    assert [b.derive("size", size) for b in again.blocks] == [8, 4, 10]
    assert made == ["第一部分的段落。", "第二部分", "第二部分的段落。",
                    "第二部分", "第二部分改过的段落。"]     # (a.yaml's kept, b.yaml's new)
