"""report.yaml and the layout's font file, seen from outside: a value of the
wrong kind says so at its line, errors come in the order of their lines, and
a font file is held to fonts/ as parts are to content/ and photos to images/."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .located import edit_file, has_error, load_errors

SOURCE = "  source: {package: manimgx_fonts_cjk, file: NotoSansCJK-VF.otf.ttc, face: Noto Sans CJK SC}"


@pytest.mark.parametrize("typed, read", [("2019", '"2019"'), ("yes", '"…"'), ("[快手]", '"…"')])
def test_a_title_that_is_no_text_says_so_at_its_line(project, typed, read):
    """'title: 123' said "report.yaml needs 'title:' (text)": there was one."""
    line = edit_file(project.content / "report.yaml", "title: 快手企业社会责任报告 2019",
                     f"title: {typed}")
    errs = load_errors(project)
    assert has_error(errs, f"report.yaml:{line}:", "'title' must be a text", f"title: {read}")
    assert not any("needs 'title:'" in e for e in errs), errs


def test_an_empty_title_is_named_empty(project):
    line = edit_file(project.content / "report.yaml", "title: 快手企业社会责任报告 2019",
                     "title: ' '")
    assert has_error(load_errors(project), f"report.yaml:{line}:", "'title' is empty")


def test_report_yaml_errors_come_in_the_order_of_their_lines(project):
    """The checks ran by kind: an unknown label (line 25) came before a
    title of the wrong kind (line 2), a missing part file (line 19) after both."""
    path = project.content / "report.yaml"
    late = edit_file(path, "  toc_title: 目录", "  toc_titel: 目录")
    early = edit_file(path, "title: 快手企业社会责任报告 2019", "title: 2019")
    middle = edit_file(path, "  - 30-appendix.yaml", "  - 31-no-such-part.yaml")
    errs = [e for e in load_errors(project) if "report.yaml:" in e]
    lines = [int(e.split("report.yaml:")[1].split(":")[0]) for e in errs]
    assert {early, middle, late} <= set(lines), errs
    assert lines == sorted(lines), errs


@pytest.mark.parametrize("name, why", [("../NotoSansCJK-VF.otf.ttc", "goes up"),
                                       ("/usr/share/fonts/x.ttc", "absolute path")])
def test_a_font_file_outside_fonts_is_an_error_at_its_line(project, name, why):
    """fonts.source file: '../x' or an absolute path built on this machine only."""
    line = edit_file(project.layout / "layout.yaml", SOURCE,
                     f"  source: {{file: {name}, face: Noto Sans CJK SC}}")
    errs = load_errors(project)
    assert has_error(errs, f"layout.yaml:{line}:", "is outside fonts/", why,
                     "copy the font into fonts/"), errs


def test_a_font_linked_into_fonts_is_read(project):
    """A symlink in fonts/ to a font installed elsewhere stays allowed."""
    from csrpress.build import load

    spec = importlib.util.find_spec("manimgx_fonts_cjk")
    font = Path(list(spec.submodule_search_locations)[0]) / "NotoSansCJK-VF.otf.ttc"
    (project.fonts / "NotoSansCJK-VF.otf.ttc").symlink_to(font)
    edit_file(project.layout / "layout.yaml", SOURCE,
              "  source: {file: NotoSansCJK-VF.otf.ttc, face: Noto Sans CJK SC}")
    load(project)
