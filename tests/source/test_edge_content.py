"""Content and layout that are valid piece by piece but print wrong: each is
an error at its line (they were printed as typed, at no line, or not at all)."""
from __future__ import annotations

import re

import pytest

from .located import edit_file as _edit
from .located import load_errors as _errors


def test_words_the_typesetter_prints_need_glyphs_too(project):
    """A label in report.yaml and a bullet in layout/ drawn with a character
    the font lacks: errors at their lines (before: preflight's 'a bug in
    csrpress' at no line)."""
    label = _edit(project.content / "report.yaml", "see_pages: 见第 {pages} 页",
                  "see_pages: 见第 {pages} 页😀")
    bullet = _edit(project.layout / "layout.yaml", 'leader: "·"', 'leader: "🟢"')
    errs = _errors(project)
    assert any(f"report.yaml:{label}:" in e and "U+1F600" in e for e in errs), errs
    assert any(f"layout.yaml:{bullet}:" in e and "U+1F7E2" in e for e in errs), errs


@pytest.mark.parametrize("typed", ["{{page:}}", "{{Page:connect}}", "{{page:connect",
                                   "{{pages:connect}}", "}}"])
def test_braces_that_are_no_page_reference_are_an_error(project, typed):
    line = _edit(project.content / "11-record.yaml", "对认真生活的人而言", f"见{typed}，对认真生活的人而言")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:" in e and "is not a page reference" in e
               for e in errs), errs


def test_a_report_of_no_block_is_an_error(tmp_path):
    from csrpress.build import Project

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "report.yaml").write_text("title: 空\noutput: x\nparts: [a.yaml]\n",
                                                      encoding="utf-8")
    (tmp_path / "content" / "a.yaml").write_text("part: a\ntitle: A\nblocks: []\n", encoding="utf-8")
    from csrpress.errors import Collector
    from csrpress.source.content import load_report
    errors = Collector()
    load_report(Project(tmp_path).content, errors)
    assert any("report.yaml:3:" in str(e) and "no blocks" in str(e) for e in errors.errors)


def test_nothing_follows_the_back_cover(project):
    path = project.content / "40-back-cover.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n  - 封底之后的一段。\n"
    path.write_text(text, encoding="utf-8")
    errs = _errors(project)
    assert any(f"{path.name}:{text.count(chr(10))}:" in e and "follows the back_cover" in e
               for e in errs), errs


def test_a_running_head_within_the_safety_zone_is_an_error_at_its_offset(project):
    """A small top margin puts the running head 10 mm above the text area
    within 5 mm of the trim: said at components.running_head.offset."""
    _edit(project.layout / "layout.yaml", "margins: {top: 26mm", "margins: {top: 14mm")
    errs = _errors(project)
    assert any("layout.yaml:" in e and "running head would stand" in e for e in errs), errs


def test_an_unreadable_part_file_brings_no_follow_on_errors(project):
    """12-connect.yaml saved as GBK: one error for it, not one more for every
    reference to the ids it holds (the SDG index named them as unknown)."""
    _edit(project.content / "11-record.yaml", "对认真生活的人而言", "见第{{page:connect-time}}页，对认真生活的人而言")
    path = project.content / "12-connect.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk", "replace"))
    errs = _errors(project)
    assert len(errs) == 1 and re.search(r"12-connect.yaml:\d+:\d+: not UTF-8 text", errs[0]), errs


def test_a_file_saved_as_utf16_is_an_error_at_its_first_byte(project):
    """Notepad's "Unicode" (UTF-16): the error named the file only, without
    the line and column every error carries; now 1:1 and says it is UTF-16."""
    path = project.content / "12-connect.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    errs = _errors(project)
    assert any("12-connect.yaml:1:1: not UTF-8 text" in e and "UTF-16" in e for e in errs), errs


def test_a_byte_that_is_not_utf8_is_located_at_its_line_and_column(project):
    path = project.content / "12-connect.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    path.write_bytes(text.encode("utf-8") + "  - 中文caf".encode("utf-8") + b"\xe9\n")
    errs = _errors(project)
    assert any(f"12-connect.yaml:{line}:10: not UTF-8 text" in e for e in errs), errs


def test_a_block_set_aside_for_its_error_keeps_its_id_known(project):
    """A heading with a typo in a field is reported; references to its id
    are not reported as unknown on top."""
    _edit(project.content / "11-record.yaml", "对认真生活的人而言", "见第{{page:connect-time}}页，对认真生活的人而言")
    line = _edit(project.content / "12-connect.yaml", "    id: connect-time",
                 "    id: connect-time\n    levle: 2")
    errs = _errors(project)
    assert any(f"12-connect.yaml:{line + 1}:" in e and "levle" in e for e in errs), errs
    assert not any("unknown id 'connect-time'" in e for e in errs), errs


def test_a_damaged_font_file_is_one_error(project):
    """Garbage named .ttf: one error at the layout line that names the file
    (there were 400, one for every character of the report, "the font has
    no glyph"; then one at the font file, not at the layout)."""
    (project.fonts / "bad.ttf").write_bytes(b"\x00\x01\x00\x00garbage" * 10)
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    start = text.index("  source:")
    end = text.index("\n", start)
    layout.write_text(text[:start] + "  source: {file: bad.ttf}" + text[end:], encoding="utf-8")
    errs = _errors(project)
    assert len(errs) == 1 and "layout.yaml:" in errs[0] and \
        ": font file bad.ttf is cut short" in errs[0], errs


def test_invisible_characters_the_font_lacks_are_errors_named_in_text_order(project):
    """A space or control character the font has no glyph for (an en quad, a
    unit separator) is drawn like any character: an error at its line, named
    by its Unicode name, not printed invisible between quotes (it was
    exempted as white space and failed at preflight as 'a bug in csrpress').
    Characters missing at the same places are one error naming each."""
    line = _edit(project.content / "11-record.yaml", "- 对认真生活的人而言，年龄只是数字而已。",
                 '- "对认真生活\\u2000的人\\x1f而言，年龄只是数字而已。"')   # (escapes: double-quoted)
    errs = [e for e in _errors(project) if f"11-record.yaml:{line}:" in e]
    named = [e for e in errs if "no glyph for U+" in e]
    assert len(named) == 1, errs        # (missing at the same places: one error, in text order)
    assert "U+2000 (en quad), U+001F (a control character)" in named[0], named


def test_line_breaks_other_than_lf_are_read_as_lf():
    """CR LF, CR, the Unicode line/paragraph separators, NEL, VT and FF in a
    text are line ends like LF (joined by the text stage), never characters
    drawn without a glyph (a double-quoted "\\r" failed at preflight)."""
    from pathlib import Path
    from tempfile import TemporaryDirectory

    from csrpress.errors import Collector
    from csrpress.source.yamlmarks import load_yaml

    with TemporaryDirectory() as d:
        path = Path(d) / "a.yaml"
        path.write_text('k: "一\\r\\n二\\r三\\u2028四\\u2029五\\x85六\\x0b七\\x0c八\\x1c九"\n',
                        encoding="utf-8")
        value = load_yaml(path, Collector())["k"]
    assert value == "一\n二\n三\n四\n五\n六\n七\n八\n九"
    assert value.mark.line == 1


def test_characters_without_a_name_are_named_by_their_kind():
    from csrpress.source.checks import shown_char

    assert shown_char("\ue000") == "U+E000 (a private-use character)"
    assert shown_char("\x07") == "U+0007 (a control character)"
    assert shown_char("\u0378") == "U+0378 (an unassigned code point)"
    assert shown_char("好") == "'好' (U+597D)"


def test_a_part_listed_twice_or_holding_only_comments_is_an_error(tmp_path):
    """A part file listed twice under parts: was read twice (every id in it
    reported as a duplicate of itself); a part file of comments only was left
    out of the report without a word."""
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    content = tmp_path / "content"
    content.mkdir()
    (content / "report.yaml").write_text("title: 图\noutput: t\nparts: [a.yaml, b.yaml, a.yaml]\n",
                                         encoding="utf-8")
    (content / "a.yaml").write_text("part: a\ntitle: 甲\nblocks:\n  - heading: 甲\n    level: 1\n"
                                    "    id: only-once\n", encoding="utf-8")
    (content / "b.yaml").write_text("# 待写\n", encoding="utf-8")
    errors = Collector()
    load_report(content, errors)
    said = [str(d) for d in errors.errors]
    assert any("report.yaml:3:" in s and "'a.yaml' is listed twice" in s for s in said), said
    assert any("b.yaml" in s and "nothing but comments" in s for s in said), said
    assert not any("duplicate id" in s for s in said), said


def test_parts_are_the_files_they_name_through_links(tmp_path):
    """A part file is the file its name resolves to (source.content: each
    resolved once per loading): listed again through a symbolic link, it is
    listed twice; a link in content/ to a listed part is part of the report,
    and a file no part resolves to is not."""
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    content = tmp_path / "content"
    content.mkdir()
    (content / "report.yaml").write_text("title: 图\noutput: t\nparts: [a.yaml, alias.yaml]\n",
                                         encoding="utf-8")
    (content / "a.yaml").write_text("part: a\ntitle: 甲\nblocks:\n  - heading: 甲\n    level: 1\n",
                                    encoding="utf-8")
    (content / "alias.yaml").symlink_to("a.yaml")
    (content / "also.yaml").symlink_to("a.yaml")
    (content / "draft.yaml").write_text("part: d\nblocks:\n  - 草稿\n", encoding="utf-8")
    errors = Collector()
    load_report(content, errors)
    said = [str(d) for d in errors.errors]
    assert any("'alias.yaml' is listed twice" in s for s in said), said
    unlisted = [str(w) for w in errors.warnings if "not part of the report" in str(w)]
    assert len(unlisted) == 1 and "draft.yaml" in unlisted[0], unlisted


def test_a_single_gri_code_is_one_code():
    from csrpress.source.content import Block

    assert Block("p", "x", {"gri": "102-14"}, None, "p").gri_codes() == ["102-14"]
    assert Block("p", "x", {"gri": ["2-22", 305]}, None, "p").gri_codes() == ["2-22", "305"]
    assert Block("p", "x", {}, None, "p").gri_codes() == []


def test_a_labels_pages_placeholder_needs_no_glyph():
    """labels.see_pages ("见第 {pages} 页") prints page numbers where {pages}
    stands: with a font that has no braces (a CJK font without Latin), its
    braces were reported as missing glyphs although they are never drawn."""
    from pathlib import Path
    from types import SimpleNamespace

    from csrpress.errors import Collector
    from csrpress.source.checks import check_drawn_words
    from csrpress.source.yamlmarks import MDict

    fonts = SimpleNamespace(faces={"regular": SimpleNamespace(charset={"见"})},
                            missing=lambda ch: ch in "{}⊗")
    report = SimpleNamespace(meta={"labels": {"see_pages": "见第 {pages} 页", "odd": "⊗"}},
                             files=[Path("content/report.yaml")])
    layout = SimpleNamespace(raw=MDict(), files=[Path("layout/layout.yaml")])
    errors = Collector()
    check_drawn_words(report, layout, fonts, errors)
    said = [str(d) for d in errors.errors]
    assert len(said) == 1 and "U+2297" in said[0], said


@pytest.mark.parametrize("typed", ["'** **'", "'**　**'", "'==\u00a0=='"])
def test_a_paragraph_of_only_markup_around_spaces_is_empty(project, typed):
    """'** **' printed nothing (a blank bold run) and passed the empty-text
    check, which looked at the text with its markup."""
    path = project.content / "11-record.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 2
    path.write_text(text + f"\n  - {typed}\n  - '{{{{page:rec-diversity}}}}'\n", encoding="utf-8")
    errs = _errors(project)
    assert [e for e in errs if "11-record.yaml:" in e and "empty" in e] and \
        any(f"11-record.yaml:{line}:5:" in e for e in errs), errs
    assert not any(f"11-record.yaml:{line + 1}:" in e for e in errs), errs


def test_a_page_reference_in_a_heading_is_an_error(project):
    """A heading '见第{{page:x}}页': its text printed the number, the contents
    and bookmarks '见第页' (they print the title without references)."""
    line = _edit(project.content / "11-record.yaml", "  - heading: 年龄",
                 "  - heading: 年龄{{page:rec-diversity}}")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:" in e and "page reference in the title" in e
               for e in errs), errs


def test_a_page_reference_in_the_contents_title_is_an_error(project):
    """The contents' title is the running head of its pages, which printed it
    without the reference ('目录（见第 页）' over '目录（见第 10 页）'): an
    error at its line, as in a heading's title."""
    line = _edit(project.content / "00-cover.yaml", "  - toc: 目录",
                 "  - toc: 目录（见第 {{page:rec-diversity}} 页）")
    errs = _errors(project)
    assert any(f"00-cover.yaml:{line}:5:" in e and "page reference in the title of a toc" in e
               for e in errs), errs


@pytest.mark.parametrize("name", [".", ".hidden"])
def test_an_output_name_starting_with_a_dot_is_an_error(project, name):
    """output: . wrote dist/..pdf, a hidden file."""
    line = _edit(project.content / "report.yaml", "output: kuaishou-csr-2019", f"output: '{name}'")
    errs = _errors(project)
    assert any(f"report.yaml:{line}:" in e and "hidden" in e for e in errs), errs


@pytest.mark.parametrize("typed, marks", [("'**粗体没有结束'", ["'**'"]),
                                          ("'**粗==强==体**'", ["'=='"]),
                                          ("'==强调**粗**=='", ["'**'"]),
                                          ("'a == b'", ["'=='"])])
def test_a_bold_or_accent_mark_that_opens_no_span_is_an_error(project, typed, marks):
    """'**粗体' printed its two asterisks; '**粗==强==体**' printed the == in
    bold (spans do not nest): the marks were printed as typed, unreported."""
    path = project.content / "11-record.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 2
    path.write_text(text + f"\n  - {typed}\n  - '**粗**与==强=='\n", encoding="utf-8")
    errs = [e for e in _errors(project) if "11-record.yaml:" in e]
    assert all(any(f"11-record.yaml:{line}:5: {m} that opens no" in e for e in errs)
               for m in marks), errs
    assert not any(f"11-record.yaml:{line + 1}:" in e for e in errs), errs


@pytest.mark.parametrize("block, field, why", [
    ("  - stat: '==3=='\n", "stat.stat", "markup"),
    ("  - stat: '{{page:rec-diversity}}'\n", "stat.stat", "page reference"),
    ("  - chart: 图\n    kind: bar\n    labels: [\"上\\n下\", b]\n    series:\n"
     "      - {values: [1, 2]}\n", "chart.labels", "line break"),
    ("  - figures: 图\n    items:\n      - {value: '5', unit: '**万**', label: a}\n",
     "figures.items.unit", "markup"),
    ("  - model: 模型\n    levels:\n      - title: a\n        items: ['**粗**', b]\n",
     "model.levels.items", "markup"),
])
def test_markup_in_a_field_drawn_as_plain_text_is_an_error(project, block, field, why):
    """A stat '==3==', a chart label with a page reference, a model item in
    bold: drawn as plain strings, they printed the marks as typed; a line
    break in a chart label or stat was drawn as a glyph the font lacks (the
    build stopped at preflight: 'a bug in csrpress')."""
    path = project.content / "11-record.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 2
    path.write_text(text + "\n" + block, encoding="utf-8")
    errs = [e for e in _errors(project) if "11-record.yaml:" in e]
    assert any(f"'{field}' is drawn as plain text" in e and why in e for e in errs), errs
    assert all(f"11-record.yaml:{line}:" in e or f"11-record.yaml:{line + 1}:" in e
               or f"11-record.yaml:{line + 2}:" in e or f"11-record.yaml:{line + 3}:" in e
               for e in errs), errs


def test_an_empty_list_as_a_table_cell_is_an_error(project):
    """[[], y]: an internal error (max() of an empty sequence) when the table was set."""
    path = project.content / "11-record.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 5
    path.write_text(text + "\n  - table: 表\n    columns: [a, b]\n    rows:\n      - [[], y]\n",
                    encoding="utf-8")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:10:" in e and "empty list" in e for e in errs), errs


def test_a_second_cover_or_one_after_other_blocks_is_an_error(project):
    """A cover in the middle of the report: the pages after it were set
    without margins (preflight: 'text within 5 mm of the trim', at no line)."""
    path = project.content / "11-record.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    line = text.count("\n") + 2
    path.write_text(text + "\n  - cover: 第二个封面\n", encoding="utf-8")
    errs = _errors(project)
    assert any(f"11-record.yaml:{line}:5: a second cover" in e for e in errs), errs


def test_a_part_saved_as_gbk_says_so(project):
    """A part file saved by a Chinese Windows editor's default (GBK): the
    error said only 'save the file as UTF-8'; it now says it looks like GBK
    and how to convert it. Bytes that are no Chinese text get no guess."""
    path = project.content / "12-connect.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    errs = _errors(project)
    assert any("12-connect.yaml:" in e and "not UTF-8 text" in e and "GBK" in e
               for e in errs), errs
    path.write_bytes(b"part: x\ntitle: \xff\xfe\xfd\n")
    assert not any("GBK" in e for e in _errors(project))


def test_a_part_that_is_a_folder_is_named_so(project):
    """A folder where report.yaml lists a part file was 'does not exist'."""
    path = project.content / "12-connect.yaml"
    path.unlink()
    path.mkdir()
    errs = _errors(project)
    assert any("report.yaml:" in e and "'12-connect.yaml' is a folder, not a file" in e
               for e in errs), errs


def test_a_chapter_with_no_content_is_a_warning(tmp_path):
    """A chapter opener right before another (or at the report's end) built an
    opener page listing nothing and a blank page, with nothing said."""
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    content = tmp_path / "content"
    content.mkdir()
    (content / "report.yaml").write_text("title: 图\noutput: t\nparts: [p.yaml]\n",
                                         encoding="utf-8")
    (content / "p.yaml").write_text(
        "part: p\ntitle: 图\nblocks:\n  - chapter: 空\n    number: '01'\n"
        "  - chapter: 有内容\n    number: '02'\n  - 正文。\n  - chapter: 末尾\n    number: '03'\n",
        encoding="utf-8")
    errors = Collector()
    load_report(content, errors)
    said = [str(w) for w in errors.warnings]
    assert [w for w in said if "has no content" in w] == \
        [w for w in said if "p.yaml:4:" in w or "p.yaml:9:" in w], said
    assert len([w for w in said if "has no content" in w]) == 2, said
    assert not errors.errors


def test_an_empty_layout_or_report_file_is_one_error(tmp_path):
    """An empty layout.yaml was four errors, one per section it lacked
    (page, fonts, palette, styles) and report.yaml 'must be a mapping': each
    is now one error saying the file is empty (or only comments), as a part
    file's already was."""
    import subprocess
    import sys

    from csrpress.cli import write_starter

    root = tmp_path / "r"
    write_starter(root)
    (root / "layout" / "layout.yaml").write_text("", encoding="utf-8")
    (root / "content" / "report.yaml").write_text("# 待写\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "csrpress", "check", "-p", str(root)],
                         capture_output=True, text=True)
    said = [line for line in run.stderr.splitlines() + run.stdout.splitlines() if " — " in line]
    assert run.returncode == 1
    assert len(said) == 2, said
    assert any("layout.yaml: the file is empty" in s for s in said), said
    assert any("report.yaml: the file holds nothing but comments" in s for s in said), said


def test_two_part_files_of_one_part_name_are_an_error_at_the_second(tmp_path, monkeypatch):
    """The starter with its people part renamed 'about' in its 'part:' (a
    file copied for next year's report, its first line kept): accepted, and
    the two ran together as one part in the build's page counts. An error
    at the second file's 'part:' line, naming the first."""
    from csrpress.build import Project, load
    from csrpress.cli import write_starter
    from csrpress.errors import BuildError

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "r")
    project = Project(tmp_path / "r")
    people = project.content / "30-people.yaml"
    text = people.read_text(encoding="utf-8")
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("part:"))
    people.write_text(text.replace("part: people", "part: about", 1), encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        load(project)
    got = [str(d) for d in exc.value.diagnostics]
    assert got == [f"{people}:{line}:1: part name 'about' is also the name of 10-about.yaml"
                   " — give each part file its own 'part:' name"], got


def test_a_part_of_no_block_is_a_warning_at_its_blocks_line(tmp_path):
    """A part file kept with 'blocks: []' (next year's placeholder, or its
    blocks moved to another part) printed nothing and said nothing: a
    warning at its 'blocks:' line, said by every load (a part whose load
    said something is never reused silently by the next)."""
    from csrpress.build import Project
    from csrpress.cli import write_starter
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    write_starter(tmp_path / "r")
    project = Project(tmp_path / "r")
    path = sorted(p for p in project.content.glob("*.yaml") if p.name != "report.yaml")[1]
    text = path.read_text(encoding="utf-8")
    head = text[:text.index("\nblocks:") + 1]
    row = head.count("\n") + 1
    # 'blocks:' with every block deleted (null) is the same: it was an error,
    # 'a part file must be a mapping with a blocks: list', at the file's start
    for empty in ("blocks: []\n", "blocks:\n", "blocks:\n# 明年补充\n"):
        path.write_text(head + empty, encoding="utf-8")
        for _ in range(2):
            errors = Collector()
            load_report(project.content, errors)
            warned = [str(w) for w in errors.warnings]
            assert not errors.errors, errors.errors
            assert any(f"{path.name}:{row}:1: warning: this part has no blocks" in w
                       for w in warned), (empty, warned)


def test_a_heading_with_nothing_under_it_is_a_warning_at_its_line(tmp_path):
    """A heading followed by a heading of its level or above, or by the end
    of its chapter (the next chapter, the back cover), printed a heading
    alone, in the contents too, and said nothing (a section whose text was
    moved or is still to be written). A sub-section's heading under it is
    its content. No report, example or starter heading is warned."""
    from csrpress.errors import Collector
    from csrpress.source.content import load_report
    from tests.samples import starter_with

    project = starter_with(tmp_path / "r", """  - heading: 空的小节
    level: 2
  - heading: 有子节的小节
    level: 2
  - heading: 子节
    level: 3
  - 正文。
  - heading: 章末的标题
    level: 2
""", "20-environment.yaml", "  - heading: 废弃物管理\n")
    errors = Collector()
    load_report(project.content, errors)
    said = [str(w) for w in errors.warnings if "has nothing under it" in w.message]
    assert len(said) == 2 and "'空的小节'" in said[0] and "20-environment.yaml:" in said[0], said
    assert "'章末的标题'" in said[1] and "followed by the heading" in said[1], said
    path = project.content / "20-environment.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("  - heading: 废弃物管理\n")], encoding="utf-8")
    errors = Collector()
    load_report(project.content, errors)
    said = [str(w) for w in errors.warnings if "has nothing under it" in w.message]
    assert len(said) == 2 and "'章末的标题'" in said[1] and "followed by the chapter" in said[1], said


def test_a_reference_to_an_id_in_a_part_not_listed_names_that_file(tmp_path):
    """A part taken out of 'parts:' (next year's report drops a chapter) left
    the SDG rows and page references to its ids failing as 'unknown id',
    with no word of where the ids are: the error names the unlisted file."""
    from csrpress.build import Project
    from csrpress.cli import write_starter
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    write_starter(tmp_path / "r")
    content = tmp_path / "r" / "content"
    meta = content / "report.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("  - 20-environment.yaml\n", ""),
                    encoding="utf-8")
    errors = Collector()
    load_report(Project(tmp_path / "r").content, errors)
    said = [str(e) for e in errors.errors if "unknown id" in e.message]
    assert said and all("it is the id of a block in 20-environment.yaml, which is not listed "
                        "under 'parts:'" in e for e in said), said
