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
    # (a.yaml's kept; of b.yaml, the heading written as before at the same
    # place is the block it was, the edited paragraph new)
    assert made == ["第一部分的段落。", "第二部分", "第二部分的段落。", "第二部分改过的段落。"]
    assert again.blocks[1] is first.blocks[1] and again.blocks[2] is not first.blocks[2]


# -- kept on disk for a new process (source.parsed, content._kept_part) ---------------

def _new_process(folder: Path, cache: Path) -> tuple[content.Report | None, Collector]:
    """load_report as a new process does it: a new session, the project
    cache's parsed files, written after the load (as a build writes them)."""
    from csrpress.source.checks import _chars
    from csrpress.source.parsed import ParsedFiles

    session = BuildSession(parsed_files=ParsedFiles(cache, defer=True))
    report, errors = _load(folder, session)
    if report is not None:         # (what a build's checks derive, then written)
        for b in report.blocks:
            b.derive("chars", _chars)
    session.parsed_files.flush()
    return report, errors


def _kept(block: content.Block) -> dict:
    """What a block derived of the facts kept on disk (the checks derive
    others in the session)."""
    return {k: v for k, v in block.derived.items() if k in content.KEPT_DERIVED}


def _sorted(text: str) -> str:
    """A block's characters as the glyph check keeps them (checks._chars)."""
    return "".join(sorted(set(text)))


def _same(a: list[content.Block], b: list[content.Block]) -> bool:
    """Blocks equal as a fresh validation makes them, marks and all."""
    return [(x.type, x.value, x.attrs, x.mark, x.part, x.attrs.key_marks) for x in a] == \
        [(x.type, x.value, x.attrs, x.mark, x.part, x.attrs.key_marks) for x in b]


def test_a_new_process_takes_unchanged_parts_validated_with_their_derived_facts(
        folder, validated, tmp_path):
    first, _ = _new_process(folder, tmp_path / "cache")
    assert validated == ["a.yaml", "b.yaml"]
    edit_stamped(folder / "b.yaml", "第二部分的段落", "第二部分改过的段落")
    again, errors = _new_process(folder, tmp_path / "cache")
    assert validated == ["a.yaml", "b.yaml", "b.yaml"] and not errors.items
    fresh, _ = _load(folder, BuildSession())
    assert _same(again.blocks, fresh.blocks) and again.part_titles == fresh.part_titles
    assert _kept(again.blocks[0]) == {"chars": _sorted("第一部分的段落。"), "braced": []}
    del validated[3:]                                # (the fresh load's)
    third, _ = _new_process(folder, tmp_path / "cache")
    assert validated == ["a.yaml", "b.yaml", "b.yaml"]        # both kept now
    assert _same(third.blocks, fresh.blocks)
    assert _kept(third.blocks[2]) == {"chars": _sorted("第二部分改过的段落。"), "braced": []}


def test_only_the_derived_facts_made_from_the_block_alone_are_kept(folder, tmp_path):
    from csrpress.source.parsed import ParsedFiles

    session = BuildSession(parsed_files=ParsedFiles(tmp_path / "cache", defer=True))
    report, _ = _load(folder, session)
    report.blocks[0].derive("normalised", lambda b: ("kept",))
    report.blocks[0].derive("of the layout", lambda b: "not kept")
    session.parsed_files.flush()
    again, _ = _new_process(folder, tmp_path / "cache")
    assert "of the layout" not in again.blocks[0].derived
    assert _kept(again.blocks[0]) == {"normalised": ("kept",), "braced": [],
                                       "chars": _sorted("第一部分的段落。")}


def test_kept_parts_are_not_taken_for_other_bytes_other_code_or_other_block_types(
        folder, validated, tmp_path, monkeypatch):
    import os

    cache = tmp_path / "cache"
    _new_process(folder, cache)
    assert validated == ["a.yaml", "b.yaml"]
    # other bytes, with the same size and time: validated again
    path = folder / "a.yaml"
    st = path.stat()
    path.write_text(PARTS["a.yaml"].replace("第一", "第三"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    report, _ = _new_process(folder, cache)
    assert validated[2:] == ["a.yaml"] and report.blocks[0].value == "第三部分的段落。"
    # other code: everything validated again
    monkeypatch.setattr(content, "_validation_version", lambda: "another csrpress")
    _new_process(folder, cache)
    assert validated[3:] == ["a.yaml", "b.yaml"]
    _new_process(folder, cache)
    assert validated[5:] == []                       # (kept under that code now)
    monkeypatch.undo()
    monkeypatch.setattr(content, "_validate_part", _spy(validated))
    # a block type of the caller's registered: nothing kept is taken, nothing kept
    comp = registry.Component("aside", schema.BlockType(schema.TEXT, {}), lambda c, b, at: [])
    with registry.registered(comp):
        _new_process(folder, cache)
        _new_process(folder, cache)
    assert validated[5:] == ["a.yaml", "b.yaml", "a.yaml", "b.yaml"]


def _spy(seen: list[str]):
    real = content._validate_part

    def spy(path, *args):
        seen.append(path.name)
        return real(path, *args)
    return spy


def test_a_part_with_errors_is_not_kept_and_says_them_in_every_process(folder, validated,
                                                                        tmp_path):
    edit_stamped(folder / "a.yaml", "- p: 第一部分的段落。", "- p: 段落\n    colour: red")
    said = []
    for _ in range(2):
        _, errors = _new_process(folder, tmp_path / "cache")
        said.append([str(d) for d in errors.errors])
    assert said[0] == said[1] and "no field 'colour'" in said[0][0]
    assert validated == ["a.yaml", "b.yaml", "a.yaml"]        # b.yaml's kept


def test_a_damaged_entry_is_validated_again(folder, validated, tmp_path):
    fresh, _ = _new_process(folder, tmp_path / "cache")
    for entry in (tmp_path / "cache").glob("yaml-*.pickle"):
        data = entry.read_bytes()
        entry.write_bytes(data[:len(data) // 2])
    again, errors = _new_process(folder, tmp_path / "cache")
    assert not errors.items and _same(again.blocks, fresh.blocks)
    assert validated == ["a.yaml", "b.yaml", "a.yaml", "b.yaml"]
    _new_process(folder, tmp_path / "cache")
    assert len(validated) == 4                        # (written anew)


def test_a_blocks_glyph_answer_is_asked_again_of_other_faces(folder):
    """check_glyphs keeps each block's answer for the very character sets it
    was asked of: the same blocks checked against a face without one of
    their characters say where it is."""
    from types import SimpleNamespace

    from csrpress.assets.fonts import Fonts
    from csrpress.source.checks import check_glyphs

    session = BuildSession()
    report, _ = _load(folder, session)
    every = frozenset("".join(str(b.value) for b in report.blocks))

    def fonts(charset: frozenset[str]) -> Fonts:
        return Fonts({"regular": SimpleNamespace(charset=charset, source=None)})

    for charset, said in ((every, []), (every - {"二"}, ["'二' (U+4E8C) (also at 6:8)"]),
                          (every, [])):
        errors = Collector()
        check_glyphs(report, fonts(frozenset(charset)), errors)
        assert [d.message.split("for ")[-1] for d in errors.errors] == said
        if said:
            assert str(errors.errors[0].where).split(":")[0].endswith("b.yaml")
    edit_stamped(folder / "a.yaml", "第一部分", "第二部分")     # an edited block: asked anew
    report, _ = _load(folder, session)
    errors = Collector()
    check_glyphs(report, fonts(frozenset(every - {"一"})), errors)
    assert not errors.errors
    check_glyphs(report, fonts(frozenset(every - {"二"})), errors)
    assert str(errors.errors[0].where).split(":")[0].endswith("a.yaml")


def test_the_styles_a_block_names_are_read_again_under_another_schema():
    """check_styles keeps what a block names for the very schema it read
    (Block.derived, never on disk): the same block under a component whose
    field names no style names none; and a finding is said every build."""
    from types import SimpleNamespace

    from csrpress.errors import Mark
    from csrpress.source.checks import check_styles
    from csrpress.source.yamlmarks import MDict

    attrs = MDict({"aside": "旁注", "look": "nosuch"})
    attrs.mark, attrs.key_marks = Mark(Path("a.yaml"), 3, 5), {"look": Mark(Path("a.yaml"), 4, 7)}
    block = content.Block("aside", "旁注", attrs, attrs.mark, "a")
    report = SimpleNamespace(blocks=[block])
    layout = SimpleNamespace(styles={"body": None, "lead": None})

    def component(kind) -> registry.Component:
        return registry.Component("aside", schema.BlockType(schema.TEXT, {"look": kind}),
                                  lambda c, b, at: [])

    def said(comp) -> list[str]:
        with registry.registered(comp):
            errors = Collector()
            check_styles(report, layout, errors)
            return [f"{d.where}: {d.message}" for d in errors.errors]

    styled, named = component(schema.STYLE), component(schema.NAME)
    unknown = ["a.yaml:4:7: unknown style 'nosuch' (aside.look)"]
    assert said(styled) == unknown and said(styled) == unknown      # (kept: said again)
    assert said(named) == []
    assert said(styled) == unknown
    layout.styles["nosuch"] = None
    assert said(styled) == []


def test_ids_and_codes_of_kept_blocks_are_checked_with_the_edited_ones(folder):
    """What the id and reference checks read of a block is kept with it
    (Block.derive 'refs'): a kept block's id still meets an edited block's
    duplicate, and its GRI codes still reach the index."""
    edit_stamped(folder / "a.yaml", "- p: 第一部分的段落。", "- p: 第一部分的段落。\n    id: same\n"
                 "    gri: [\"102-14\"]")
    session = BuildSession()
    report, errors = _load(folder, session)
    assert not errors.errors and set(report.gri) == {"102-14"}
    edit_stamped(folder / "b.yaml", "level: 1\n", "level: 1\n    id: same\n")
    report, errors = _load(folder, session)
    assert [d.message for d in errors.errors] == [
        "duplicate id 'same' (first at " + str(report.blocks[0].mark_of("id")) + ")"]
    assert set(report.gri) == {"102-14"}


# -- an edited part's unchanged blocks take what their last validation derived --------

CARRIED = {"a.yaml": "part: a\ntitle: 甲\nblocks:\n  - p: 第一段。\n  - p: 第二段,改动前。\n"
                     "  - heading: 小节\n    level: 2\n  - p: 第三段。\n"}


def test_an_edited_parts_unchanged_blocks_carry_their_derived_facts(tmp_path):
    """The blocks of an edited part equal to the ones validated before take
    their content-only derived facts (content.CARRIED_DERIVED), found from
    either end of the part (a block added above moves every line number);
    the edited block derives anew, and what holds marks (the texts with
    braces) is never carried. Each equals what a fresh load derives."""
    from csrpress.paginate.fit import _block_digest
    from csrpress.source.checks import _chars, _normalised

    d = tmp_path / "content"
    d.mkdir()
    (d / "report.yaml").write_text("title: 缓存\noutput: t\nparts: [a.yaml]\n", encoding="utf-8")
    (d / "a.yaml").write_text(CARRIED["a.yaml"], encoding="utf-8")
    made = {"chars": _chars, "normalised": _normalised, "fit_key": _block_digest,
            "braced": content._braced}

    def derive_all(report: content.Report) -> list[dict]:
        return [{k: b.derive(k, f) for k, f in made.items()} for b in report.blocks]

    session = BuildSession()
    first, _ = _load(d, session)
    before = derive_all(first)
    edit_stamped(d / "a.yaml", "第二段,改动前。", "第二段,改动后。")
    edit_stamped(d / "a.yaml", "blocks:\n", "blocks:\n  - p: 新加的段落\n")
    again, errors = _load(d, session)
    assert not errors.errors and len(again.blocks) == 5
    carried = [[k for k in content.CARRIED_DERIVED if b.derived.get(k) is before[i][k]]
               for i, b in [(0, again.blocks[1]), (1, again.blocks[2]), (2, again.blocks[3]),
                            (3, again.blocks[4])]]
    # (matched from either end: the first paragraph, between the block added
    # and the one edited, is derived anew; the two after the edit carry)
    assert carried == [[], [], list(content.CARRIED_DERIVED), list(content.CARRIED_DERIVED)]
    assert all(b.derived.get("braced") is not before[i]["braced"]
               for i, b in [(2, again.blocks[3]), (3, again.blocks[4])])
    fresh, _ = _load(d, BuildSession())
    assert derive_all(again) == derive_all(fresh)
    assert "',' → '，'" in again.blocks[2].derived["normalised"]     # (the edited one's own)




def test_values_equal_only_by_pythons_equality_are_not_the_same():
    """What is carried was made from the value's text: True and 1, 1 and 1.0,
    0.0 and -0.0, a number typed '1.50' and one typed '1.5', a mapping in
    another key order, are other values to it."""
    from csrpress.source.yamlmarks import MFloat

    typed = MFloat(1.5)
    typed.typed = "1.50"
    pairs = [(True, 1), (1, 1.0), (0.0, -0.0), (typed, 1.5), ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
             (["x"], ["x", "y"]), ("甲", "乙")]
    assert not any(content._same(a, b) for a, b in pairs)
    assert all(content._same(a, b) for a, b in [(1, 1), ("甲", "甲"), ({"a": [1, "x"]},
                                                                      {"a": [1, "x"]}),
                                                  (None, None), (typed, typed),
                                                  (float("nan"), float("nan"))])


SOURCE = ("part: a\ntitle: 甲\nblocks:\n  - p: 第一段。\n  - p: 见第{{page:nope}}页。\n"
          "  - heading: 小节\n    level: 2\n")


def test_a_block_written_as_before_at_the_same_place_is_that_block_again(tmp_path, validated):
    """An edited part's blocks written as before at the same place in the
    file (values and every mark equal) are the blocks validated last time,
    with what they derived (a reference's mark too); a block whose lines
    moved (a line added above it) or whose inner lines moved (a comment
    inside it) is validated anew, and what is said of it names its new line."""
    d = tmp_path / "content"
    d.mkdir()
    (d / "report.yaml").write_text("title: 缓存\noutput: t\nparts: [a.yaml]\n", encoding="utf-8")
    (d / "a.yaml").write_text(SOURCE, encoding="utf-8")
    session = BuildSession()

    def load() -> tuple[list[content.Block], list[str]]:
        report, errors = _load(d, session)
        return report.blocks, [f"{e.where.line}: {e.message}" for e in errors.errors]

    first, said = load()
    assert said == ["5: reference to unknown id 'nope'"]
    edit_stamped(d / "a.yaml", "第一段。", "第一段改过。")
    again, said = load()
    assert said == ["5: reference to unknown id 'nope'"] and validated == ["a.yaml"] * 2
    assert again[0] is not first[0] and again[1] is first[1] and again[2] is first[2]
    edit_stamped(d / "a.yaml", "  - p: 见第", "  # 一行注释\n  - p: 见第")
    moved, said = load()
    assert said == ["6: reference to unknown id 'nope'"]
    assert moved[1] is not first[1] and moved[1].mark.line == 6 and moved[1].value == first[1].value
    edit_stamped(d / "a.yaml", "  - heading: 小节\n", "  - heading: 小节\n    # 注\n")
    inner, _ = load()
    assert inner[1] is moved[1] and inner[2] is not moved[2]
    assert inner[2].mark == moved[2].mark and inner[2].mark_of("level").line == 9
    fresh, said = _load(d, BuildSession())
    assert [(b.type, b.value, b.mark, b.attrs.key_marks) for b in inner] == \
        [(b.type, b.value, b.mark, b.attrs.key_marks) for b in fresh.blocks]


def test_blocks_are_validated_again_under_other_block_types(tmp_path, validated):
    """A block written as before is that block again only under the very
    block types it was validated with."""
    d = tmp_path / "content"
    d.mkdir()
    (d / "report.yaml").write_text("title: 缓存\noutput: t\nparts: [a.yaml]\n", encoding="utf-8")
    (d / "a.yaml").write_text(SOURCE, encoding="utf-8")
    session = BuildSession()
    first, _ = _load(d, session)
    edit_stamped(d / "a.yaml", "第一段。", "第一段改过。")
    comp = registry.Component("aside", schema.BlockType(schema.TEXT, {}), lambda c, b, at: [])
    with registry.registered(comp):
        again, _ = _load(d, session)
    assert again.blocks[2] is not first.blocks[2] and again.blocks[2] == first.blocks[2]
