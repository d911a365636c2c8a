"""Every key the user writes in content is known, or an error that names the
closest known key; paths stay inside the project. All errors at once."""
from __future__ import annotations

import pytest

from csrpress.build import load

from .located import edit_file
from .located import has_error as _has
from .located import load_errors as _errors


def _edit(project, name: str, old: str, new: str) -> int:
    return edit_file(project.content / name, old, new)


def test_unknown_top_level_key_of_a_part(project):
    line = _edit(project, "13-action-1.yaml", "title: 行动幸福", "title: 行动幸福\ntitel: 重复")
    errs = _errors(project)
    assert _has(errs, f"13-action-1.yaml:{line + 1}:1", "no key 'titel'", "did you mean 'title'?"), errs


def test_unknown_key_in_report_yaml_and_labels(project):
    _edit(project, "report.yaml", "author: 快手科技", "autor: 快手科技")
    _edit(project, "report.yaml", "  toc_title: 目录", "  toc_titel: 目录")
    errs = _errors(project)
    assert _has(errs, "report.yaml:", "no key 'autor'", "did you mean 'author'?"), errs
    assert _has(errs, "report.yaml:", "no key 'toc_titel'", "did you mean 'toc_title'?"), errs


def test_unknown_key_in_a_card_item(project):
    line = _edit(project, "13-action-1.yaml", "        text: 专门致力于", "        txet: 专门致力于")
    errs = _errors(project)
    assert _has(errs, f"13-action-1.yaml:{line}:9", "no key 'txet'", "did you mean 'text'?"), errs


def test_unknown_key_in_an_sdg_row_and_a_chart_point(project):
    _edit(project, "30-appendix.yaml", "      - goal: 1", "      - gaol: 1")
    _edit(project, "20-chapter-02.yaml", "value: 0.1, text:", "value: 0.1, txt:")
    errs = _errors(project)
    assert _has(errs, "30-appendix.yaml:", "no key 'gaol'", "did you mean 'goal'?"), errs
    assert _has(errs, "20-chapter-02.yaml:20:", "no key 'txt'", "did you mean 'text'?"), errs


def test_table_cell_of_the_wrong_kind(project):
    line = _edit(project, "20-chapter-02.yaml", "      - [用户, [为用户", "      - [{a: 1}, [为用户")
    errs = _errors(project)
    assert _has(errs, f"20-chapter-02.yaml:{line}:", "cell", "text or a list of texts"), errs


def test_every_error_at_once(project):
    _edit(project, "13-action-1.yaml", "title: 行动幸福", "title: 行动幸福\ntitel: 重复")
    _edit(project, "30-appendix.yaml", "      - goal: 1", "      - gaol: 1")
    _edit(project, "report.yaml", "author: 快手科技", "autor: 快手科技")
    errs = _errors(project)
    assert _has(errs, "13-action-1", "titel") and _has(errs, "30-appendix", "gaol") \
        and _has(errs, "report.yaml", "autor"), errs


@pytest.mark.parametrize("name", ["../outside.yaml", "/etc/hostname", "sub/../../x.yaml"])
def test_part_path_outside_content(project, name):
    (project.root / "outside.yaml").write_text("part: x\ntitle: x\nblocks: [外]\n", encoding="utf-8")
    line = _edit(project, "report.yaml", "  - 40-back-cover.yaml", f"  - {name}")
    errs = _errors(project)
    assert _has(errs, f"report.yaml:{line}:", "parts:", "outside content/"), errs


def test_part_symlink_leading_outside(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "x.yaml"
    elsewhere.write_text("part: x\ntitle: x\nblocks: [外]\n", encoding="utf-8")
    (project.content / "link.yaml").symlink_to(elsewhere)
    line = _edit(project, "report.yaml", "  - 40-back-cover.yaml", "  - link.yaml")
    errs = _errors(project)
    assert _has(errs, f"report.yaml:{line}:", "symlink"), errs


def test_gri_file_outside_content(project):
    (project.root / "gri.yaml").write_text("disclosures: {}\n", encoding="utf-8")
    line = _edit(project, "report.yaml", "file: gri-disclosures.yaml", "file: ../gri.yaml")
    errs = _errors(project)
    assert _has(errs, f"report.yaml:{line}:", "GRI file", "outside content/"), errs


@pytest.mark.parametrize("name", ["../escape", "/tmp/escape", "sub/name", "{x}"])
def test_output_is_a_plain_name_in_dist(project, name):
    line = _edit(project, "report.yaml", "output: kuaishou-csr-2019", f'output: "{name}"')
    errs = _errors(project)
    assert _has(errs, f"report.yaml:{line}:", "output:"), errs


def test_a_part_title_is_text_and_is_kept_for_the_build_reports(project):
    """A part's `title:` names its pages in the changed-pages report and the
    manifest (see tests/test_cli.py); anything but text is a located error."""
    report, *_ = load(project)
    assert report.part_titles["record"] == "记录幸福"
    line = _edit(project, "11-record.yaml", "title: 记录幸福", "title: [记录, 幸福]")
    errs = _errors(project)
    assert _has(errs, f"11-record.yaml:{line}:", "'title' must be text"), errs


def test_a_paragraph_yaml_reads_as_a_number_date_or_yes_says_so(project):
    """'- 2025', '- 2025-06-30' or '- yes' as a paragraph: YAML reads a
    number, a date, a yes/no value; the error said only 'a block must be a
    text or a mapping', which a writer of a one-word paragraph cannot act on."""
    path = project.content / "13-action-1.yaml"
    text = path.read_text(encoding="utf-8")
    head = text.index("blocks:\n") + len("blocks:\n")
    line = text[:head].count("\n") + 1
    path.write_text(text[:head] + "  - 2025\n  - 2025-06-30\n  - yes\n  - 1.50\n" + text[head:],
                    encoding="utf-8")
    errs = _errors(project)
    assert _has(errs, f"13-action-1.yaml:{line}:5", "YAML reads it as a number",
                'quote it to print it as typed: - "2025"'), errs
    assert _has(errs, f"13-action-1.yaml:{line + 1}:5", "YAML reads it as a date",
                '- "2025-06-30"'), errs
    assert _has(errs, f"13-action-1.yaml:{line + 2}:5", "YAML reads it as a yes/no value"), errs
    assert _has(errs, f"13-action-1.yaml:{line + 3}:5", 'quote it to print it as typed: - "1.50"'), errs


def test_a_field_yaml_reads_as_a_number_names_the_text_to_quote(project):
    """'heading: 2025' or a card's 'text: 100': the error said 'write it as a
    quoted text, e.g. "…"'; it names what YAML read and the text to write."""
    path = project.content / "13-action-1.yaml"
    text = path.read_text(encoding="utf-8")
    head = text.index("blocks:\n") + len("blocks:\n")
    line = text[:head].count("\n") + 1
    path.write_text(text[:head] + "  - heading: 2025\n    level: 2\n"
                    "  - cards:\n      - {title: 甲, text: 1.50}\n" + text[head:], encoding="utf-8")
    errs = _errors(project)
    assert _has(errs, f"13-action-1.yaml:{line}:5", "'heading' must be a text (YAML reads a number",
                'write it as a quoted text: "2025"'), errs
    assert _has(errs, f"13-action-1.yaml:{line + 3}:", "'cards.text' must be a text or a list",
                'write it as a quoted text: "1.50"'), errs
