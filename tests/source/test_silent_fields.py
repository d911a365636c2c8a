"""Nothing silent: a value the schema's kinds accept but the tool cannot use
(a language it does not set, an empty text, an index of nothing, a weight
outside the font) is a located error with its fix, not a quiet wrong page."""
from __future__ import annotations

import pytest

from .located import edit_file as _edit
from .located import has_error
from .located import load_errors as _errors


def _has(errs: list[str], where: str, *words: str) -> bool:
    """An error there with those words, and its fix (after the dash)."""
    return has_error(errs, where, *words, " — ")


@pytest.mark.parametrize("tag", ["klingon", "fr", "zh_CN", "", "zh-Latn", "zh-CN-"])
def test_a_language_the_tool_does_not_set(project, tag):
    line = _edit(project.content / "report.yaml", "language: zh-CN", f"language: '{tag}'")
    errs = _errors(project)
    assert _has(errs, f"report.yaml:{line}:", "language", "zh-Hant-TW"), errs
    if tag == "zh_CN":
        assert _has(errs, f"report.yaml:{line}:", "did you mean 'zh-CN'?"), errs


@pytest.mark.parametrize("tag", ["zh", "zh-CN", "zh-Hans", "zh-Hant-TW", "ZH-hans-cn", "en", "en-GB"])
def test_bcp47_tags_of_chinese_and_english_are_accepted(project, tag):
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    _edit(project.content / "report.yaml", "language: zh-CN", f"language: {tag}")
    errors = Collector()
    load_report(project.content, errors)
    assert not [e for e in errors.errors if "language" in str(e)], errors.errors


@pytest.mark.parametrize("old,new,what", [
    ("  - p: 科技的每一次进步", '  - p: ""\n  - p: 快手是', "text of this p block"),
    ("  - p: 科技的每一次进步", "  - heading: '  '\n    level: 2\n  - p: 科技的每一次进步", "text of this heading block"),
    ("  - p: 科技的每一次进步", '  - ""\n  - p: 快手是', "empty text"),
    ("  - p: 科技的每一次进步", "  - lines: ['', ' ']\n  - p: 科技的每一次进步", "text of this lines block"),
])
def test_an_empty_text_is_an_error(project, old, new, what):
    path = next(p for p in sorted(project.content.glob("*.yaml"))
                if old in p.read_text(encoding="utf-8"))
    line = _edit(path, old, new)
    errs = _errors(project)
    assert _has(errs, f"{path.name}:{line}:", what, "nothing of it would be printed"), errs


def test_an_empty_required_field_is_an_error(project):
    path = next(p for p in sorted(project.content.glob("*.yaml"))
                if "  - letter:" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    start = text.index("  - letter:")
    at = text.index("    author:", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + '    author: " "' + text[end:], encoding="utf-8")
    line = text[:at].count("\n") + 1
    errs = _errors(project)
    assert _has(errs, f"{path.name}:{line}:", "'author:'", "is empty", "write the author"), errs


def test_an_empty_toc_title_still_means_the_label(project):
    """`toc: ""` is documented (its title is labels.toc_title): not an error."""
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    path = next(p for p in sorted(project.content.glob("*.yaml"))
                if "- toc:" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    at = text.index("- toc:")
    end = text.index("\n", at)
    path.write_text(text[:at] + '- toc: ""' + text[end:], encoding="utf-8")
    errors = Collector()
    load_report(project.content, errors)
    assert not errors.errors, errors.errors


def test_a_gri_index_with_no_gri_codes_is_an_error(project):
    import re

    index_line = 0
    for path in sorted(project.content.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^\s*gri: \[.*\]\n", "", text)
        if "- gri_index:" in text:
            index_file = path.name
            index_line = text[:text.index("- gri_index:")].count("\n") + 1
        path.write_text(text, encoding="utf-8")
    assert index_line
    errs = _errors(project)
    assert _has(errs, f"{index_file}:{index_line}:", "GRI index would be empty",
                "remove the gri_index block"), errs


def test_a_weight_outside_the_fonts_axis_is_an_error(project):
    layout = project.layout / "layout.yaml"
    line = _edit(layout, "    light: {wght: 300}", "    light: {wght: 1}")
    errs = _errors(project)
    assert _has(errs, f"layout.yaml:{line}:", "wght: 1 is outside", "100–900"), errs


def test_a_weight_for_a_static_font_is_an_error(project, tmp_path):
    """A static font has no axis: its wght would be ignored."""
    from fontTools.fontBuilder import FontBuilder

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({ord("A"): "A"})
    fb.setupGlyf({".notdef": _empty_glyph(), "A": _empty_glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Static", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(project.fonts / "static.ttf"))
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    start = text.index("  source:")
    end = text.index("\n", start)
    layout.write_text(text[:start] + "  source: {file: static.ttf}" + text[end:], encoding="utf-8")
    line = text[:text.index("    bold: {wght: 700}")].count("\n") + 1
    errs = _errors(project)
    assert _has(errs, f"layout.yaml:{line}:", "static.ttf has no 'wght' axis",
                "remove wght:"), errs


def _empty_glyph():
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    return TTGlyphPen(None).glyph()
