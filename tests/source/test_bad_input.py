"""Every kind of bad input: file:line:col message — hint, exit 1, no traceback,
and the last good PDF left byte-identical."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.samples import photo

from .located import edit_file

ROOT = Path(__file__).resolve().parents[2]


def run_build(project, *args):
    dist = project.root / "dist"
    dist.mkdir(exist_ok=True)
    good = dist / "kuaishou-csr-2019.pdf"
    good.write_bytes(b"%PDF last good")
    r = subprocess.run([sys.executable, str(ROOT / "make_report.py"), *args, "build",
                        "--edition", "screen"],
                       cwd=project.root, capture_output=True, text=True,
                       env={**__import__("os").environ, "CSRPRESS_CACHE": str(ROOT / ".cache")})
    assert r.returncode == 1, r.stdout + r.stderr
    assert good.read_bytes() == b"%PDF last good"
    return r.stderr


def edit(project, name, old, new):
    path = project.content / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def expect(err: str, where: str, *words: str) -> None:
    lines = [l for l in err.splitlines() if where in l]
    assert lines, err
    assert any(all(w in l for w in words) for l in lines), lines
    assert "Traceback" not in err
    assert any(" — " in l for l in lines)        # every message carries its fix


def test_wrong_type(project):
    line = edit(project, "12-connect.yaml", "    level: 1", "    level: one")
    expect(run_build(project), f"content/12-connect.yaml:{line + 1 - 1}", "whole number")


def test_duplicate_id(project):
    line = edit(project, "12-connect.yaml", "    id: connect-time", "    id: connect")
    expect(run_build(project), f"content/12-connect.yaml:{line}:", "duplicate id 'connect'")


def test_dangling_reference(project):
    line = edit(project, "11-record.yaml", "对认真生活的人而言", "见第{{page:no-such-part}}页，对认真生活的人而言")
    expect(run_build(project), f"content/11-record.yaml:{line}:", "unknown id 'no-such-part'")


def test_content_and_layout_errors_are_reported_together(project):
    """A content error, an unknown top-level layout key and a style typo: all
    three at once (each used to hide the ones after it)."""
    line = edit(project, "11-record.yaml", "对认真生活的人而言", "见第{{page:no-such-part}}页，对认真生活的人而言")
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    old = "  body: {font: regular"
    assert old in text
    style_line = text[:text.index(old)].count("\n") + 1
    text = text.replace(old, "  body: {fnot: regular", 1) + "pagee: {}\n"
    layout.write_text(text, encoding="utf-8")
    err = run_build(project)
    expect(err, f"content/11-record.yaml:{line}:", "unknown id 'no-such-part'")
    expect(err, f"layout/layout.yaml:{style_line}:", "'fnot'", "did you mean 'font'")
    expect(err, "layout/layout.yaml:", "'pagee'", "did you mean 'page'")
    assert "3 error(s)" in err


def test_content_and_font_errors_are_reported_together(project):
    """A content error no longer hides the font checks of a sound layout: a
    weight outside the font's axis is reported in the same run."""
    line = edit(project, "11-record.yaml", "对认真生活的人而言", "见第{{page:no-such-part}}页，对认真生活的人而言")
    wght_line = edit_file(project.layout / "layout.yaml", "    light: {wght: 300}",
                          "    light: {wght: 1}")
    err = run_build(project)
    expect(err, f"content/11-record.yaml:{line}:", "unknown id 'no-such-part'")
    expect(err, f"layout/layout.yaml:{wght_line}:", "wght: 1 is outside")
    assert "2 error(s)" in err


def test_missing_image(project):
    line = edit(project, "11-record.yaml", "    handle: M51005200",
                "    handle: M51005200\n    image: stories/nope.jpg")
    expect(run_build(project), f"content/11-record.yaml:{line + 1}:", "not found", "nope.jpg")


def test_image_path_escaping_images_is_refused(project):
    line = edit(project, "11-record.yaml", "    handle: M51005200",
                "    handle: M51005200\n    image: ../content/report.yaml")
    expect(run_build(project), f"content/11-record.yaml:{line + 1}:", "leaves images/")


def test_corrupt_image(project):
    (project.images / "bad.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    line = edit(project, "11-record.yaml", "    handle: M51005200",
                "    handle: M51005200\n    image: bad.jpg")
    expect(run_build(project), f"content/11-record.yaml:{line + 1}:",
           "is a JPEG that is damaged or cut short")


def test_decompression_bomb_is_refused(project):
    from PIL import Image
    Image.new("1", (10000, 7000)).save(project.images / "bomb.png")     # 70 M pixels, tiny file
    line = edit(project, "11-record.yaml", "    handle: M51005200",
                "    handle: M51005200\n    image: bomb.png")
    err = run_build(project)
    expect(err, f"content/11-record.yaml:{line + 1}:", "too many pixels")
    assert "Warning" not in err, err       # (Pillow's own bomb warning is not printed too)


def test_block_taller_than_a_page(project):
    long = "很长的卡片文字。" * 1200
    line = edit(project, "11-record.yaml",
                "    text: 百岁人瑞通过快手记录点滴生活，", f"    text: {long}百岁人瑞通过快手记录点滴生活，")
    err = run_build(project)
    expect(err, "content/11-record.yaml:", "story block", "page holds")


def test_table_cell_taller_than_a_page(project):
    cell = "、".join(["健康的互联网环境"] * 600)
    line = edit(project, "20-chapter-02.yaml", "健康的互联网环境", cell)
    expect(run_build(project), "content/20-chapter-02.yaml:", "table block", "page holds")


def test_empty_content_file(project):
    (project.content / "11-record.yaml").write_text("", encoding="utf-8")
    expect(run_build(project), "content/11-record.yaml", "empty")


def test_unknown_style_in_content(project):
    line = edit(project, "10-chapter-01.yaml", "    style: lead", "    style: leed")
    expect(run_build(project), f"content/10-chapter-01.yaml:{line}:", "unknown style 'leed'",
           "did you mean 'lead'")


def test_unknown_font_in_layout(project):
    path = project.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[:text.index("  lead: {font: regular")].count("\n") + 1
    path.write_text(text.replace("  lead: {font: regular", "  lead: {font: reglar", 1),
                    encoding="utf-8")
    expect(run_build(project), f"layout/layout.yaml:{line}:", "unknown font 'reglar'")


def test_malformed_report_file(project):
    (project.content / "report.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    err = run_build(project)
    assert "content/report.yaml:" in err and "YAML syntax error" in err


LONG_NAME = "。" * 300          # 900 bytes: longer than any file system takes for a name


@pytest.mark.parametrize("where,old,new,words", [
    ("content/report.yaml", "file: gri-disclosures.yaml", f"file: {LONG_NAME}.yaml", ("bytes long",)),
    ("content/report.yaml", "  - 11-record.yaml", f"  - {LONG_NAME}.yaml", ("bytes long",)),
    ("content/report.yaml", "output: kuaishou-csr-2019", f"output: {LONG_NAME}", ("bytes long",)),
    ("content/11-record.yaml", "    handle: M51005200", f"    handle: M51005200\n    image: {LONG_NAME}.jpg",
     ("bytes long",)),
], ids=["gri-file", "part", "output", "image"])
def test_a_name_too_long_for_the_file_system_is_a_located_error(project, where, old, new, words):
    """ENAMETOOLONG from the file system was an internal error (found by the
    2,000-example property run): every path written in content is checked first."""
    path = project.root / where
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    err = run_build(project)
    expect(err, f"{where}:", *words)
    assert "internal error" not in err


def test_an_image_in_a_symlink_loop_is_a_located_error(project):
    """images/loop.jpg linking to itself: resolving it raised RuntimeError
    (an internal error); now an error at the image's line."""
    (project.images / "loop.jpg").symlink_to("loop.jpg")
    line = edit(project, "11-record.yaml", "    handle: M51005200",
                "    handle: M51005200\n    image: loop.jpg")
    expect(run_build(project), f"content/11-record.yaml:{line + 1}:", "symlink loop")


def test_a_layout_named_yml_is_told_to_be_renamed(project):
    """layout/layout.yml was 'no layout files' with the hint to put a layout.yaml there."""
    (project.root / "layout" / "layout.yaml").rename(project.root / "layout" / "layout.yml")
    assert "rename layout.yml to .yaml" in run_build(project)


def test_file_names_and_ids_are_not_checked_as_printed_text(tmp_path, monkeypatch):
    """An image named with an emoji was refused: 'the font has no glyph' — its
    name is never printed (nor a style name, a choice word)."""
    from csrpress.build import build
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - figure: 团建活动\n    image: 团建🎉.jpg\n")
    photo(project.root / "images" / "团建🎉.jpg", (600, 400))
    assert build(project).pages >= 1


def test_latin_words_on_two_lines_of_a_literal_block_keep_their_space():
    """A literal block (|) keeps its line breaks: Han lines join directly,
    but 'word' at a line's end and 'word' at the next one printed as one word."""
    from csrpress.text.inline import parse

    assert parse("Science Based\nTargets initiative 中文\n  继续。\nok\n中") == \
        [("Science Based Targets initiative 中文继续。ok中", None)]
    assert parse("**Science\nBased** 中\n文") == [("Science Based", "strong"), (" 中文", None)]


def test_a_file_named_wrong_suggests_the_file_meant(tmp_path):
    """The example report with its files named as people mistype them: an
    image whose case differs ('Orchard.JPG' builds on macOS and Windows,
    then fails on Linux), an image written without its folder, a part file
    misspelt. Each error names the file it most likely meant; a name like
    none of them keeps the plain hint."""
    import shutil

    root = tmp_path / "greenfield"
    shutil.copytree(ROOT / "examples" / "greenfield-2025", root,
                    ignore=shutil.ignore_patterns("dist", ".cache"))

    def check() -> str:
        r = subprocess.run([sys.executable, str(ROOT / "make_report.py"), "check", "-p", str(root)],
                           capture_output=True, text=True,
                           env={**__import__("os").environ, "CSRPRESS_CACHE": str(tmp_path / "c")})
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        return r.stderr

    company = root / "content" / "10-company.yaml"
    text = company.read_text(encoding="utf-8")
    company.write_text(text.replace("image: photos/orchard.jpg", "image: photos/Orchard.JPG")
                       .replace("image: photos/greenhouse.jpg", "image: greenhouse.jpg")
                       .replace("image: photos/badge.png", "image: photos/logo.png"),
                       encoding="utf-8")
    err = check()
    expect(err, "10-company.yaml:", "'photos/Orchard.JPG' not found",
           "did you mean 'photos/orchard.jpg'? (file names are case-sensitive)")
    expect(err, "10-company.yaml:", "'greenhouse.jpg' not found",
           "did you mean 'photos/greenhouse.jpg'?")
    expect(err, "10-company.yaml:", "'photos/logo.png' not found",
           "check the file name, or add the file to images/")
    company.write_text(text, encoding="utf-8")
    index = root / "content" / "report.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("20-farming.yaml", "20-farmnig.yaml"),
                     encoding="utf-8")
    expect(check(), "report.yaml:", "'20-farmnig.yaml' does not exist",
           "did you mean '20-farming.yaml'?")
