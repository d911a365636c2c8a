"""Bad content gives file:line:col errors, all at once, and no traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from csrpress.build import build, load
from csrpress.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]


def _errors(project) -> list[str]:
    with pytest.raises(BuildError) as exc:
        load(project)
    return [str(d) for d in exc.value.diagnostics]


def _edit(project, name: str, old: str, new: str) -> int:
    path = project.content / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_misspelt_block_type_names_file_line_and_suggests(project):
    line = _edit(project, "11-record.yaml", "  - heading: 年龄", "  - headng: 年龄")
    errs = _errors(project)
    assert any(e.startswith(f"content/11-record.yaml:{line}:") or
               f"11-record.yaml:{line}:" in e for e in errs), errs
    assert any("unknown block type 'headng'" in e and "did you mean 'heading'" in e
               for e in errs)


def test_missing_required_field(project):
    line = _edit(project, "30-appendix.yaml", "    date: 2019 年 8 月 16 日\n", "")
    errs = _errors(project)
    assert any("30-appendix.yaml:" in e and "missing its 'date:'" in e for e in errs), errs


def test_malformed_yaml_reports_position(project):
    line = _edit(project, "12-connect.yaml", "  - heading: 时间不再是鸿沟", "  - heading: [时间不再是鸿沟")
    errs = _errors(project)
    assert any("12-connect.yaml:" in e and "YAML syntax error" in e for e in errs), errs


def test_all_errors_reported_at_once(project):
    _edit(project, "11-record.yaml", "  - heading: 年龄", "  - headng: 年龄")
    _edit(project, "12-connect.yaml", "    level: 1", "    level: one")
    errs = _errors(project)
    assert any("11-record.yaml" in e for e in errs) and any("12-connect.yaml" in e for e in errs)


def test_missing_glyph_names_character_codepoint_and_place(project):
    line = _edit(project, "11-record.yaml", "对认真生活的人而言", "对认真生活的人而言\U0001F3A4")
    errs = _errors(project)
    assert any("11-record.yaml:" in e and "U+1F3A4" in e for e in errs), errs


def test_a_missing_glyph_names_every_place_it_is_in(project):
    """One error a character, at its first place, naming the others: it
    named only the first, so a user who typed an emoji in four blocks fixed
    it, rebuilt and met the next place, one build at a time."""
    first = _edit(project, "11-record.yaml", "对认真生活的人而言", "对认真生活的人而言\U0001F331")
    second = _edit(project, "11-record.yaml", "  - heading: 年龄", "  - heading: 年龄\U0001F331")
    other = _edit(project, "12-connect.yaml", "  - heading: 时间不再是鸿沟",
                  "  - heading: 时间不再是鸿沟\U0001F331")
    errs = [e for e in _errors(project) if "U+1F331" in e]
    assert len(errs) == 1, errs
    place, also = errs[0].split(": the font has no glyph for ")
    assert place.endswith(f"11-record.yaml:{min(first, second)}:" + place.rsplit(":", 1)[1])
    assert f"(also at {max(first, second)}:" in also
    assert f"12-connect.yaml:{other}:" in also


def test_a_private_use_code_and_a_variation_selector_the_font_lacks_are_errors(project):
    """U+F8E0 is the code csrpress gives the em dash's Latin glyph
    (assets.fonts.ALIASES): typed in the text it is a private-use character
    the font has no glyph for, not an em dash. A variation selector the font
    has no sequence for is named (quoted, it showed as nothing between the quotes)."""
    _edit(project, "11-record.yaml", "对认真生活的人而言", "对认真生活的人而言\uf8e0葛\U000E0100城")
    errs = _errors(project)
    assert any("11-record.yaml:" in e and "U+F8E0 (a private-use character)" in e
               for e in errs), errs
    assert any("U+E0100 (variation selector-17)" in e for e in errs), errs


def test_cli_exit_status_and_no_traceback(project):
    _edit(project, "11-record.yaml", "  - heading: 年龄", "  - headng: 年龄")
    dist = project.root / "dist"
    dist.mkdir()
    (dist / "kuaishou-csr-2019.pdf").write_bytes(b"last good")
    r = subprocess.run([sys.executable, str(ROOT / "make_report.py"), "build"],
                       cwd=project.root, capture_output=True, text=True)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "unknown block type 'headng'" in r.stderr
    assert (dist / "kuaishou-csr-2019.pdf").read_bytes() == b"last good"


def test_a_file_not_listed_in_the_report_is_a_warning(project):
    (project.content / "99-draft.yaml").write_text("part: draft\nblocks:\n  - 草稿\n",
                                                   encoding="utf-8")
    _, _, _, errors = load(project)
    assert any("99-draft.yaml" in str(w) and "not part of the report" in str(w)
               for w in errors.warnings)


def test_report_yaml_errors_all_at_once_when_parts_is_not_a_list(project):
    """'parts:' typed as one file name (not a list) stopped the check at a
    message placed at the top of report.yaml ("has no 'parts:' list"), and
    hid every other error of the file: now the error stands at 'parts:' and
    the others are reported with it."""
    from tests.source.located import has_error, load_errors

    index = project.content / "report.yaml"
    text = index.read_text(encoding="utf-8")
    # (the list's items go under another key: one more error, an unknown key)
    text = text.replace("\nparts:\n", "\nparts: 00-cover.yaml\nold_parts:\n")
    text = text.replace("language: zh-CN", "language: zh_CN")
    index.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    parts_line = next(n for n, l in enumerate(lines, 1) if l.startswith("parts:"))
    lang_line = next(n for n, l in enumerate(lines, 1) if l.startswith("language:"))
    errs = load_errors(project)
    assert has_error(errs, f"report.yaml:{parts_line}:", "'parts' must be a list"), errs
    assert has_error(errs, f"report.yaml:{lang_line}:", "zh_CN"), errs


def test_gri_that_is_not_a_mapping_is_located(project):
    """'gri: 2021' (the year alone) was reported at report.yaml with no line."""
    from tests.source.located import has_error, load_errors

    index = project.content / "report.yaml"
    text = index.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(n for n, l in enumerate(lines) if l.startswith("gri:") or l.startswith("gri_"))
    lines[at] = "gri: 2021"
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errs = load_errors(project)
    assert has_error(errs, f"report.yaml:{at + 1}:", "'gri' must be a mapping"), errs


def test_a_word_in_a_script_the_font_lacks_is_one_error(tmp_path):
    """Found from outside: an Arabic word gave an error per letter at the same
    line; characters missing at the very same places are one error naming
    each (one missing elsewhere too stays its own)."""
    from tests.samples import starter_with

    project = starter_with(tmp_path / "p", "  - 欢迎 مرحبا 朋友。\n  - 只有 ب 这里。\n")
    with pytest.raises(BuildError) as exc:
        build(project)
    said = [str(d) for d in exc.value.diagnostics]
    assert len(said) == 2, said
    assert "'م' (U+0645), 'ر' (U+0631), 'ح' (U+062D), 'ا' (U+0627)" in said[0], said
    assert "'ب' (U+0628) (also at" in said[1], said
