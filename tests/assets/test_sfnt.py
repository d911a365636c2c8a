"""A font file that is no whole font (cut short, not a font, a web font)
is found from its table directory, and the build says so at the layout
line that names the file (it said the font "maps no character" at the font
file, or that a collection had only faces named '')."""
from __future__ import annotations

import re
from pathlib import Path

import manimgx_fonts_cjk
import pytest

from csrpress.assets.sfnt import sfnt_problem
from csrpress.build import load
from csrpress.errors import BuildError
from tests.samples import mini_project

TTC = Path(manimgx_fonts_cjk.__file__).parent / "NotoSansCJK-VF.otf.ttc"


def _head(path: Path, n: int) -> Path:
    with TTC.open("rb") as fh:
        path.write_bytes(fh.read(n))
    return path


def test_the_fonts_in_use_are_whole():
    assert sfnt_problem(TTC) is None


@pytest.mark.parametrize("size, says", [
    (0, "is empty"), (40, "is cut short: its table directory ends at byte"),
    (1 << 20, "is cut short: its 'CFF2' table ends at byte")])
def test_a_collection_cut_short(tmp_path, size, says):
    assert says in sfnt_problem(_head(tmp_path / "cut.ttc", size))


@pytest.mark.parametrize("data, says", [
    (b"<!DOCTYPE html><html>a download page</html>", "is not a font file"),
    (b"wOF2" + bytes(60), "is a WOFF2 web font"),
    (b"\x00\x01\x00\x00garbage" * 10, "is cut short"),
    (b"OTTO\x00\x01" + bytes(6) + b"name" + bytes(12), "it has no 'cmap', 'head'")])
def test_not_a_font(tmp_path, data, says):
    path = tmp_path / "x.ttf"
    path.write_bytes(data)
    assert says in sfnt_problem(path)


def test_a_cut_font_is_an_error_at_fonts_source(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "r", "  - 字体设置的测试段落。\n")
    project.fonts.mkdir(exist_ok=True)
    _head(project.fonts / "cut.otf.ttc", 8 << 20)
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^  source: .*$", "  source: {file: cut.otf.ttc, face: Noto Sans CJK SC}",
                      text)
    assert n == 1
    layout.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    row = next(k for k, ln in enumerate(lines, 1) if ln.startswith("  source:"))
    with pytest.raises(BuildError) as exc:
        load(project)
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == 1, got
    col = lines[row - 1].index("file:") + 1
    assert re.search(rf"layout\.yaml:{row}:{col}: font file cut\.otf\.ttc is cut short: "
                     r"its '\w+ ?' table ends at byte [\d,]+ but the file has 8,388,608 bytes",
                     got[0]), got
    assert " — name a whole OpenType or TrueType font here" in got[0]


def _font_named_in_layout(project, name: str, family: str, chars: list[str]) -> int:
    """A TrueType font of blank glyphs for chars written into the project's
    fonts/ and named by its layout as the font of every face; the layout line
    naming it (its row)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    project.fonts.mkdir(exist_ok=True)
    names = [".notdef"] + [f"g{ord(c)}" for c in chars]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"g{ord(c)}" for c in chars})
    fb.setupGlyf({n: TTGlyphPen(None).glyph() for n in names})
    fb.setupHorizontalMetrics({n: (500, 0) for n in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(project.fonts / name))
    layout = project.layout / "layout.yaml"
    text = re.sub(r"(?m)^  source: .*$", f"  source: {{file: {name}}}", layout.read_text(
        encoding="utf-8"))
    text = re.sub(r"\{wght: \d+\}", "{}", text)
    layout.write_text(text, encoding="utf-8")
    return next(k for k, ln in enumerate(text.split("\n"), 1) if ln.startswith("  source:"))


def test_a_whole_font_that_maps_no_character_is_one_error_at_fonts_source(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "r", "  - 字体设置的测试段落。\n")
    row = _font_named_in_layout(project, "empty.ttf", "Empty", [])
    assert sfnt_problem(project.fonts / "empty.ttf") is None
    with pytest.raises(BuildError) as exc:
        load(project)
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == 1 and f"layout.yaml:{row}:12: font file empty.ttf maps no character" \
        in got[0], got


def test_a_font_without_the_reports_script_is_one_error_at_fonts_source(tmp_path, monkeypatch):
    """The starter set in a font of Latin letters only (a designer's brand
    font, named for the whole report): 604 errors came, one for each Chinese
    character, each 'replace the character'. A font that lacks half or more
    of the characters the report uses, and at least 20, is the wrong font:
    one error at the line naming it, no error a character."""
    from csrpress.cli import write_starter
    from csrpress.build import Project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "r")
    project = Project(tmp_path / "r")
    row = _font_named_in_layout(project, "latin.ttf", "Latin",
                                [chr(c) for c in range(0x20, 0x7F)])
    with pytest.raises(BuildError) as exc:
        load(project)
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == 1 and f"layout.yaml:{row}:12: the font has no glyph for " in got[0], got
    assert "it is not a font for the report's script" in got[0]


def test_a_font_without_latin_letters_is_one_error_at_fonts_source(tmp_path, monkeypatch):
    """The starter set in a CJK font without Latin letters or digits (a
    fallback font, DroidSansFallback): 48 errors came, one for each of its
    2025, ESG, URL's letters, each 'replace the character'. Now one error at
    the line naming the font, saying what it lacks."""
    from csrpress.build import Project
    from csrpress.cli import write_starter

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "r")
    project = Project(tmp_path / "r")
    used: set[str] = set()
    for part in project.content.glob("*.yaml"):
        used |= set(part.read_text(encoding="utf-8"))
    row = _font_named_in_layout(project, "han.ttf", "Han",
                                sorted(c for c in used | set("目录·•—…") if ord(c) > 0x7F))
    with pytest.raises(BuildError) as exc:
        load(project)
    got = [str(d) for d in exc.value.diagnostics]
    assert len(got) == 1 and f"layout.yaml:{row}:12: the font han.ttf has no Latin letters " \
        "or digits" in got[0], got
    assert "0 1 2" in got[0] and "first at " in got[0]
