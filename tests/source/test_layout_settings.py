"""Every layout value is declared (source/settings.py): unknown keys get a
did-you-mean, values are range-checked, each error at file:line:col, and
`check` fails where `build` used to crash."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from csrpress.build import load
from csrpress.source import settings

from .located import edit_file
from .located import has_error as _has
from .located import load_errors as _errors

ROOT = Path(__file__).resolve().parents[2]


def _edit(project, old: str, new: str) -> int:
    return edit_file(project.layout / "layout.yaml", old, new)


def test_typo_in_a_component_fails_check_not_build(project):
    line = _edit(project, "    padding: 4mm\n    background: paper-tint\n  story:",
                 "    paddng: 4mm\n    background: paper-tint\n  story:")
    errs = _errors(project)
    assert _has(errs, f"layout.yaml:{line}:5", "no key 'paddng'", "did you mean 'padding'?"), errs
    r = subprocess.run([sys.executable, str(ROOT / "make_report.py"), "check"], cwd=project.root,
                       capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "internal error" not in r.stderr


@pytest.mark.parametrize("old,new,words", [
    ("  chart:\n    height", "  chrat:\n    height", ("no key 'chrat'", "did you mean 'chart'?")),
    ("  depth: 2 ", "  dpeth: 2 ", ("no key 'dpeth'", "did you mean 'depth'?")),
    ("  depth: 3 ", "  depth: 3\n  open_level: 0", ("no key 'open_level'",)),
    ("  han_latin_gap: 0.25em", "  han_latin_gapp: 0.25em", ("did you mean 'han_latin_gap'?",)),
    ("  snap_measure: true", "  snap_measur: true", ("did you mean 'snap_measure'?",)),
    ("  strong: {font: bold}", "  strong: {font: bold, colr: brand}", ("did you mean 'color'?",)),
    ("  brand: {cmyk: [0, 72, 100, 0]}", "  brand: {cymk: [0, 72, 100, 0], cmyk: [0, 72, 100, 0]}",
     ("did you mean 'cmyk'?",)),
    ("    regular: {wght: 400}", "    regular: {wght: 400, wigth: 3}", ("no key 'wigth'",)),
    ("    jpeg_quality: 80", "    jpeg_qualty: 80", ("did you mean 'jpeg_quality'?",)),
    ("palette:", "palete: {}\npalette:", ("did you mean 'palette'?",)),
    ("    leader: \"·\"", "    leader: \"·\"", ()),
])
def test_unknown_keys_anywhere_in_layout(project, old, new, words):
    if not words:
        return
    _edit(project, old, new)
    errs = _errors(project)
    assert _has(errs, "layout.yaml:", *words), errs


@pytest.mark.parametrize("old,new,words", [
    ("body: {font: regular, size: 10pt,", "body: {font: regular, size: 0pt,", ("styles.body.size",)),
    ("body: {font: regular, size: 10pt,", "body: {font: regular, size: 10000pt,", ("styles.body.size",)),
    ("leading: 18pt, color: ink, indent: 2em", "leading: 8pt, color: ink, indent: 2em",
     ("leading 8 pt is less than the size",)),
    ("top: 26mm,", "top: 0mm,", ("page.margins.top",)),
    ("bottom: 24mm,", "bottom: -4mm,", ("page.margins.bottom",)),
    ("inner: 24mm, outer: 20mm", "inner: 110mm, outer: 90mm", ("text area", "4 body em")),
    ("size: [210mm, 285mm]", "size: [210mm, 60mm]", ("text area", "body lines")),
    ("    jpeg_quality: 80", "    jpeg_quality: 0", ("jpeg_quality",)),
    ("    jpeg_quality: 92", "    jpeg_quality: 101", ("jpeg_quality",)),
    ("    padding: 2.2mm", "    padding: -2mm", ("components.table.padding",)),
    ("    columns: 3\n    gap: 1em                    # one gutter: the grid's\n  stat",
     "    columns: 0\n    gap: 1em\n  stat", ("figure.columns",)),
    ("    height: 60mm", "    height: 0mm", ("chart.height",)),
    ("    bar_fraction: 0.5", "    bar_fraction: 3", ("bar_fraction",)),
    ("    title_at: 0.62", "    title_at: many", ("title_at", "number")),
    ("    rule_color: brand\n    h1_bar", "    rule_color: brnad\n    h1_bar", ("did you mean 'brand'?",)),
    ("  depth: 2 ", "  depth: 9 ", ("toc.depth",)),
    ("    step: 2pt", "    step: 5pt", ("negative width",)),
    ("    rings: 6", "    rings: six", ("ornament.rings", "whole number")),
    ("    image_ppi: 300", "    image_ppi: 0", ("image_ppi",)),
    ("    colour: cmyk", "    colour: cmky", ("did you mean 'cmyk'?",)),
])
def test_values_out_of_range_are_located(project, old, new, words):
    line = _edit(project, old, new)
    errs = _errors(project)
    assert _has(errs, "layout.yaml:", *words), errs
    assert any(f"layout.yaml:{line}:" in e or f"layout.yaml:{line + 1}:" in e
               or f"layout.yaml:{line - 1}:" in e or "layout.yaml:" in e for e in errs)


def test_a_missing_setting_is_named(project):
    _edit(project, "    qr_gap: 12pt\n", "")
    errs = _errors(project)
    assert _has(errs, "layout.yaml:", "'components.back_cover' has no 'qr_gap'"), errs


def test_a_missing_style_the_typesetter_uses(project):
    _edit(project, "  cover-year: {", "  cover-yr: {")
    errs = _errors(project)
    assert _has(errs, "layout.yaml:", "styles has no 'cover-year'"), errs


def test_two_editions_with_the_same_file(project):
    line = _edit(project, '    file: "{output}-print.pdf"', '    file: "{output}.pdf"')
    errs = _errors(project)
    assert _has(errs, f"layout.yaml:{line}:", "same file"), errs


@pytest.mark.parametrize("name", ["../{output}.pdf", "/tmp/{output}.pdf", "sub/{output}.pdf",
                                  "{outpt}.pdf", "{output}.txt"])
def test_edition_file_stays_in_dist(project, name):
    line = _edit(project, '    file: "{output}-print.pdf"', f'    file: "{name}"')
    errs = _errors(project)
    assert _has(errs, f"layout.yaml:{line}:", "editions.print.file"), errs


def test_defaults_fill_what_the_layout_leaves_out(project):
    path = project.layout / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("toc:\n")
    end = text.index("outline:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    _, layout, _, _ = load(project)
    assert layout.toc == {k: s.default for k, s in settings.TOC.items()}


def test_every_declared_component_setting_is_read_by_the_code():
    """A declared setting nobody reads would be accepted and silently ignored."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "csrpress").rglob("*.py")
                     if "source" not in p.relative_to(ROOT).parts)
    # a component module declares its settings too: the declarations are not reads
    code = re.sub(r'"\w+":\s*(?:L|C|N|I|G|Setting)\(', "", code)
    for comp, table in settings.COMPONENTS.items():
        for key in table:
            assert f'"{key}"' in code, f"components.{comp}.{key} is declared but never read"


@pytest.mark.parametrize("old,new,words", [
    ("  ink: {cmyk", "  inky: {cmyk", ("palette has no 'ink'",)),
    ("    regular: {wght: 400}", "    normal: {wght: 400}", ("fonts.faces has no 'regular'",)),
])
def test_names_the_typesetter_uses(project, old, new, words):
    _edit(project, old, new)
    assert _has(_errors(project), "layout.yaml:", *words)


def test_the_layout_reference_matches_the_declared_settings():
    """docs/layout-settings.md is made from settings.py (regenerate with
    python -c "from csrpress.source.settings import reference; print(reference(), end='')")."""
    doc = (ROOT / "docs" / "layout-settings.md").read_text(encoding="utf-8")
    assert doc == settings.reference()


def test_inline_styles_the_markup_uses_must_exist(project):
    """Found by a build fuzz: without 'strong' the build died with a ValueError."""
    _edit(project, "  strong: {font: bold}\n", "")
    assert _has(_errors(project), "layout.yaml:", "inline has no 'strong'")


def test_lengths_as_text_are_the_same_kept_or_parsed():
    """to_points keeps a text's length by the text and the em: the same
    points as parsing it, a marked text as its plain text, and what is no
    length is still an error every time it is asked."""
    from csrpress.source.layout import _parsed_length, to_points
    from csrpress.source.yamlmarks import MStr

    for text in ("3mm", " 2.5em", "10pt", "-1cm", "0.5in", "2em "):
        for em in (10.0, 9.5, 12, 8.0):
            assert to_points(text, em) == _parsed_length(text, em)
            assert to_points(MStr(text), em) == _parsed_length(text, em)
            assert to_points(text, em) == to_points(text, em)
    assert to_points(3) == 3.0 and to_points(2.5) == 2.5
    for bad in ("3 furlongs", "em", True, None, ["3mm"]):
        for _ in range(2):
            with pytest.raises(ValueError):
                to_points(bad)


def test_a_bad_palette_entry_is_one_error_not_one_per_use(project):
    """A palette entry with a wrong value (cmyk [0, 0, 0, 200]) is an error at
    it; the styles that name the colour are not 'unknown colour' errors too
    (one mistake gave 40 errors, each pointing away from it)."""
    line = _edit(project, "  ink: {cmyk: [0, 0, 0, 100]}", "  ink: {cmyk: [0, 0, 0, 200]}")
    errs = _errors(project)
    assert _has(errs, f"layout/layout.yaml:{line}:", "palette.ink.cmyk"), errs
    assert not [e for e in errs if "unknown colour" in e], errs
    assert len(errs) == 1, errs


def test_a_styles_hash_is_made_once_the_same_and_never_pickled():
    """A style's hash (the line-break cache's key holds one) is kept in the
    style once made: the value the dataclass's own hash gives, equal styles
    alike, and left out of what is pickled (a text's hash differs from one
    process to the next): a style pickles to the same bytes hashed or not."""
    import dataclasses
    import pickle

    from csrpress.source.layout import Style

    a = Style("body", "regular", 10.0, 18.0, "ink", align="justify")
    b = Style("body", "regular", 10.0, 18.0, "ink", align="justify")
    before = pickle.dumps(a)
    fields = tuple(getattr(a, f.name) for f in dataclasses.fields(a))
    assert hash(a) == hash(b) == hash(fields) and hash(a) == hash(a)
    assert pickle.dumps(a) == before and pickle.dumps(b) == before
    again = pickle.loads(before)
    assert again == a and hash(again) == hash(a) and {a: 1}[again] == 1
    other = dataclasses.replace(a, size=11.0)
    assert other != a and hash(other) == hash(tuple(getattr(other, f.name)
                                                    for f in dataclasses.fields(other)))
    assert vars(pickle.loads(pickle.dumps(other))).keys() == {f.name for f in
                                                             dataclasses.fields(other)}


def test_a_missing_group_is_named_as_missing_not_by_its_first_key(project):
    """fonts: with faces: but no source: said "'fonts.source' has no 'file'"
    (at the faces line): a user looking for the source's file key found no
    source at all. A group that is missing is said to be missing, once."""
    text = (project.layout / "layout.yaml").read_text(encoding="utf-8")
    source = next(ln for ln in text.split("\n") if ln.startswith("  source:"))
    _edit(project, source + "\n", "")
    errs = _errors(project)
    assert _has(errs, "layout.yaml:", "'fonts' has no 'source'", "add 'source:' with 'file: …'"), errs
    assert not [e for e in errs if "'fonts.source' has no" in e], errs


def test_no_side_and_no_wide_blocks_may_be_written(project):
    """`[]` is the default of side_blocks and wide_blocks, and a layout that
    writes it (every block in the main column, as a narrow trim wants) was
    refused as "must be a list of …"."""
    _edit(project, "    side_blocks: [quote, story, figure]", "    side_blocks: []")
    _edit(project, "    wide_blocks: [table, stat, cards, chart, award, figure, figures, story, "
                   "gri_index, sdg_index]", "    wide_blocks: []")
    _, layout, _, _ = load(project)          # no error raised
    assert layout.grid["side_blocks"] == [] and layout.grid["wide_blocks"] == []
    _edit(project, "    wide_blocks: []", "    wide_blocks: [tabel]")
    assert _has(_errors(project), "wide_blocks", "table"), _errors(project)


def test_each_block_type_a_grid_list_cannot_take_is_located(project):
    """Found writing a report from outside: wide_blocks [lines, p, table] said
    "must be a list of: …" at the list, with "did you mean 'figures'?" for
    'lines' (no typo of it). Each refused item is now its own error at its
    column; a guess only for a close spelling."""
    line = _edit(project, "    wide_blocks: [table,", "    wide_blocks: [lines, tabel, table,")
    errs = _errors(project)
    lines = [e for e in errs if "'lines' cannot be in 'page.grid.wide_blocks'" in e]
    tabel = [e for e in errs if "'tabel' cannot be in" in e]
    assert len(lines) == 1 and f"layout.yaml:{line}:19:" in lines[0], errs
    assert "figures" in lines[0] and "did you mean" not in lines[0], lines
    assert len(tabel) == 1 and f"layout.yaml:{line}:26:" in tabel[0] and \
        "did you mean 'table'?" in tabel[0], tabel
