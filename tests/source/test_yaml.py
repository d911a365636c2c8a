"""YAML the loader refuses instead of misreading: repeated keys, aliases,
control characters — each reported at its line and column."""
from __future__ import annotations

import pytest

from csrpress.build import load
from csrpress.errors import BuildError


def _errors(project) -> list[str]:
    with pytest.raises(BuildError) as exc:
        load(project)
    return [str(d) for d in exc.value.diagnostics]


def _append(path, text: str) -> int:
    """Append lines to a file; returns the line number of the first one."""
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def test_duplicate_key_is_an_error_at_the_second_key(project):
    line = _append(project.content / "11-record.yaml",
                   "  - p: 第一段\n    style: lead\n    style: note\n")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line + 2}:5: duplicate key 'style'" in e for e in errs), errs


def test_duplicate_top_level_key_in_report_yaml(project):
    line = _append(project.content / "report.yaml", "title: 另一个标题\n")
    errs = _errors(project)
    assert any(f"report.yaml:{line}:1: duplicate key 'title'" in e for e in errs), errs


def test_aliases_are_rejected_in_content(project):
    line = _append(project.content / "11-record.yaml",
                   "  - lines: &verse [一, 二]\n  - lines: *verse\n")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:" in e and "aliases are not supported" in e
               for e in errs), errs
    assert any(f"11-record.yaml:{line + 1}:" in e for e in errs), errs


def test_aliases_are_rejected_in_layout(project):
    path = project.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8").replace("  cards:\n    columns: 2",
                                                    "  cards: &c\n    columns: 2", 1)
    path.write_text(text + "extra: *c\n", encoding="utf-8")
    errs = _errors(project)
    assert any("layout.yaml:" in e and "aliases are not supported" in e for e in errs), errs


def test_billion_laughs_is_refused_at_once(project):
    lol = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 12))
    _append(project.content / "11-record.yaml", "")
    (project.content / "report.yaml").write_text(
        "l0: &l0 [lol]\n" + lol + (project.content / "report.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    errs = _errors(project)
    assert any("report.yaml:1:" in e and "aliases are not supported" in e for e in errs), errs


def test_control_character_has_line_and_column(project):
    path = project.content / "11-record.yaml"
    text = path.read_text(encoding="utf-8")
    i = text.index("对认真生活的人而言")
    line = text[:i].count("\n") + 1
    col = i - text.rfind("\n", 0, i)
    path.write_text(text[:i] + "\x07" + text[i:], encoding="utf-8")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:{col}: control character U+0007" in e for e in errs), errs


def test_nul_byte_has_line_and_column(project):
    line = _append(project.content / "11-record.yaml", "  - p: 空\x00字符\n")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:9: control character U+0000" in e for e in errs), errs


def test_a_folder_where_a_yaml_file_belongs_is_an_error_at_it(project):
    """layout/layout.yaml as a folder (an unzip gone wrong): an error naming
    it, with every other error; it was an internal error (IsADirectoryError)."""
    path = project.layout / "layout.yaml"
    path.unlink()
    path.mkdir()
    errs = _errors(project)
    assert any("layout/layout.yaml: is a folder, not a file — " in e for e in errs), errs


def test_the_alias_message_says_its_fix_once(project):
    line = _append(project.content / "11-record.yaml", "  - &a 段落\n")
    errs = [e for e in _errors(project) if f"11-record.yaml:{line}:" in e]
    assert errs and all(e.count(" — ") == 1 for e in errs), errs


def test_invisible_format_characters_are_dropped_as_the_text_is_read(tmp_path):
    """Text pasted from Word or a web page: a soft hyphen, zero-width space,
    word joiner, bidi marks, a byte-order mark inside the text. The build
    stopped at 'no glyph for U+200B' (a character the user cannot see to
    delete); they are dropped, as a typesetter does. A zero-width joiner
    between emoji stays (it joins them)."""
    from csrpress.errors import Collector
    from csrpress.source.yamlmarks import load_yaml

    path = tmp_path / "a.yaml"
    path.write_text("p: \"零宽\u200b空格co\u00adoperation word\u2060joiner \u200e左\u202a右\u202c"
                    "\ufeff标\u200c记\u200d连\"\nemoji: \"\U0001F468\u200d\U0001F469\"\n",
                    encoding="utf-8")
    errors = Collector()
    data = load_yaml(path, errors)
    assert not errors.errors
    assert data["p"] == "零宽空格cooperation wordjoiner 左右标记连"
    assert data["emoji"] == "\U0001F468\u200d\U0001F469"
    assert data["p"].mark.line == 1


def test_a_letter_and_its_combining_marks_are_read_as_one_character(tmp_path):
    """Found from outside: 'Café' typed as e + U+0301 (text from a Mac file
    name or a PDF) printed the accent beside the e ('e´'): the engine sets
    glyphs side by side. A letter and its marks are read as the character
    they compose; the rest of the text is left as typed (a CJK compatibility
    ideograph is not swapped for its unified twin, as NFC of the whole would)."""
    from csrpress.errors import Collector
    from csrpress.source.yamlmarks import load_yaml

    path = tmp_path / "a.yaml"
    path.write_text('p: "Cafe\u0301 Zoe\u0308 か\u3099 \uf92c 越南 Vie\u0323\u0302t"\n',
                    encoding="utf-8")
    errors = Collector()
    data = load_yaml(path, errors)
    assert not errors.errors
    assert data["p"] == "Café Zoë が \uf92c 越南 Việt"


def test_a_combining_mark_that_composes_no_character_is_a_located_error(tmp_path):
    from csrpress.errors import Collector
    from csrpress.source.yamlmarks import load_yaml

    path = tmp_path / "a.yaml"
    path.write_text('a: 正文\np: "汉字 q\u0303 文字"\n', encoding="utf-8")
    errors = Collector()
    load_yaml(path, errors)
    (err,) = errors.errors
    assert (err.where.line, err.where.col) == (2, 4), err
    assert "U+0303" in err.message and "'q'" in err.message and "é" in err.hint


def test_deep_nesting_is_a_located_error(project):
    """500 nested flow mappings (a bracket typo repeated by a script): building
    them recursively exhausted Python's stack — an internal error
    (RecursionError); now an error at the level where nesting goes too deep."""
    line = _append(project.content / "11-record.yaml",
                   "  - p: " + "{a: " * 500 + "1" + "}" * 500 + "\n")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:" in e and "nested more than" in e for e in errs), errs


def test_a_symlink_loop_in_content_is_not_an_internal_error(project):
    """content/loop.yaml linking to itself, listed in parts: resolving it for
    the 'not part of the report' warning raised RuntimeError (an internal error)."""
    (project.content / "loop.yaml").symlink_to("loop.yaml")
    path = project.content / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - 11-record.yaml\n", "  - 11-record.yaml\n  - loop.yaml\n", 1),
                    encoding="utf-8")
    errs = _errors(project)
    assert any("report.yaml:" in e and "loop.yaml" in e for e in errs), errs


def test_a_file_in_a_symlink_loop_is_named_in_a_message(tmp_path, monkeypatch):
    """content/x.yaml -> x.yaml, not listed in parts: its warning ('not part
    of the report') raised RuntimeError while printed, after the PDF was
    written (an internal error as the build was being published)."""
    from pathlib import Path

    from csrpress.errors import Mark

    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").symlink_to("x.yaml")
    assert str(Mark(tmp_path / "x.yaml", 1, 1)) == "x.yaml:1:1"
    assert str(Mark(Path("/elsewhere/y.yaml"), 2, 3)) == "/elsewhere/y.yaml:2:3"


TRICKY = ('a: "x\\u200by\\r\\nz\\u2028w"\nb: !!str 12\nc: 012\nd: 1.50\n'
          'e: [1, "2", true, null, 2020-05-30, 文字]\nf: "\\u00ad"\n'
          'g: "😀\\u200d😀 a\\u200db"\n12: int key\n'
          'h:\n  - p: 段落\n    style: lead\n  - 正文\n  - - 嵌套\n    - 2\n')


def test_texts_read_as_yaml_reads_them_with_the_marks_of_their_nodes(tmp_path):
    """A text scalar is taken as its node's value (what PyYAML's constructor
    returns for it), cleaned of invisible characters and other line breaks;
    a list item's and a key's mark is its node's start, whether the value
    built from it holds that mark (text, list, mapping) or not (a number)."""
    import yaml

    from csrpress.errors import Collector, Mark
    from csrpress.source.yamlmarks import _INVISIBLE, _LINE_BREAKS, _load_yaml

    path = tmp_path / "t.yaml"
    path.write_text(TRICKY, encoding="utf-8")
    errors = Collector()
    got = _load_yaml(path, errors)
    plain = yaml.load(TRICKY, Loader=yaml.CSafeLoader)
    node = yaml.compose(TRICKY, Loader=yaml.CSafeLoader)

    def at(n: yaml.Node) -> Mark:
        return Mark(path, n.start_mark.line + 1, n.start_mark.column + 1)

    def same(value, want, n: yaml.Node) -> None:
        if isinstance(want, dict):
            assert value.mark == at(n) and list(value) == [str(k) for k in want]
            for (kn, vn), key, w in zip(n.value, value, want.values()):
                assert value.key_marks[key] == at(kn)
                same(value[key], w, vn)
        elif isinstance(want, list):
            assert value.mark == at(n) and value.item_marks == [at(v) for v in n.value]
            for v, w, vn in zip(value, want, n.value):
                same(v, w, vn)
        elif isinstance(want, str):
            assert value == _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", want))
            assert value.mark == at(n)
        else:
            assert value == want and type(value) in (type(want), *type(want).__subclasses__())

    same(got, plain, node)
    assert got["a"] == "xy\nz\nw" and got["b"] == "12" and got["f"] == ""
    assert not errors.items
