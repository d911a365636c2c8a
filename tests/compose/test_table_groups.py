"""Group rows in a content table, built in the starter and read back.

Found building a report from outside: a key-figures table (关键绩效表) is
set in groups — 经济绩效, 环境绩效, 社会绩效 over their rows — and a row
that was a text, not a list of cells, was an error ('a list of rows, each
a list of cells'): a report had to cut its table in four. A text among the
rows is now a group row: bold across the table under a rule, never the last
row of a page, tagged as one cell spanning the columns."""
from __future__ import annotations

import pytest

from tests.samples import built_starter

GROUPS = {"经济绩效": 6, "环境绩效": 14, "社会绩效": 12, "治理绩效": 5}


def _rows() -> str:
    out = []
    for name, n in GROUPS.items():
        out.append(f"      - {name}")
        for i in range(n):
            unit = "万元" if i % 2 else "%"
            out.append(f'      - [{name[:2]}指标{i + 1}, "{unit}", "{1000 + 37 * i:,}", '
                       f'"{1100 + 41 * i:,}", "{1200 + 43 * i:,}"]')
    return "\n".join(out)


BLOCKS = f"""\
  - table: 关键绩效表
    columns: [指标, 单位, 2023 年, 2024 年, 2025 年]
    rows:
{_rows()}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "table-groups", BLOCKS)


def _table_lines(doc):
    """(page, line text) of every line of the table, in reading order."""
    out = []
    for pno, page in enumerate(doc):
        for line in page.get_text().splitlines():
            t = "".join(line.split())
            if t in GROUPS or "指标" in t and t[:2] in {g[:2] for g in GROUPS}:
                out.append((pno, t))
    return out


def test_each_group_is_one_line_across_the_table(built):
    res, doc = built
    lines = _table_lines(doc)
    names = [t for _p, t in lines if t in GROUPS]
    once = [t for k, t in enumerate(names) if k == 0 or names[k - 1] != t]
    assert once == list(GROUPS)                   # in order, each a line of its own
    firsts = {p: t for p, t in reversed(lines)}   # (a page's first line of the table)
    for k in range(1, len(lines)):
        if lines[k][1] in GROUPS and lines[k][1] in [t for _p, t in lines[:k]]:
            assert firsts[lines[k][0]] == lines[k][1], lines[k]   # said again only overleaf
    for pno, page in enumerate(doc):
        for name in GROUPS:
            for box in page.search_for(name):
                # nothing else on its line: no cell of another column beside it
                same = [w for w in page.get_text("words") if abs(w[1] - box.y0) < 2
                        and w[0] > box.x1 + 1]
                assert not same, (name, same)


def test_no_page_ends_with_a_group_row_or_starts_with_a_groups_last_row_alone(built):
    res, doc = built
    lines = _table_lines(doc)
    pages = sorted({p for p, _t in lines})
    assert len(pages) >= 2                         # the table runs over a page
    for p in pages[:-1]:
        on = [t for q, t in lines if q == p]
        assert on[-1] not in GROUPS, (p, on[-1])
    for p in pages[1:]:
        on = [t for q, t in lines if q == p]
        assert not (len(on) > 1 and on[0] not in GROUPS and on[1] in GROUPS), (p, on[:2])


def test_a_group_continued_overleaf_says_its_name_again(built):
    """Found from outside: on the page a group ran on to, its rows began
    with no name over them (纳税总额 … under the header, 经济绩效 a page
    back). The name is repeated under the header there, as the header is."""
    res, doc = built
    lines = _table_lines(doc)
    pages = sorted({p for p, _t in lines})
    for p in pages[1:]:
        on = [t for q, t in lines if q == p]
        before = [t for q, t in lines if q < p]
        group = [t for t in before if t in GROUPS][-1]
        assert on[0] in GROUPS, (p, on[:2])
        assert on[0] == group or before[-1] == group or on[0] not in before, (p, on[0], group)


def test_a_group_row_is_tagged_as_one_cell_across_the_columns(built):
    from tests.pdf import tagged

    res, _doc = built
    t = tagged.read(res.pdf)
    spans = {t.text(n).strip(): n for n in t.root.walk() if n.role == "TD"
             and "/A" in n.obj and "/ColSpan" in n.obj.A}
    cells = [t.text(n).strip() for n in t.root.walk() if n.role == "TD"
             and "/A" in n.obj and "/ColSpan" in n.obj.A]
    assert sorted(cells) == sorted(GROUPS), cells   # once each: a repeat overleaf is an artifact
    assert all(int(n.obj.A.ColSpan) == 5 for n in spans.values())


def test_figures_stay_flush_right_beside_group_rows(built):
    res, doc = built
    # the year columns are figures: their right edges line up on every page
    for page in doc:
        rights = {round(w[2]) for w in page.get_text("words") if w[4] in {"1,000", "1,037"}}
        assert len(rights) <= 3, rights               # one edge per year column


def _split_everywhere(first: float | None = None):
    """A table of a header, then groups of rows (each row 20 pt), split at
    every height a page might leave it: (height, head piece's rows, tail's
    body rows, the rows the tail repeats). With `first`: the second piece of
    a split at that height, split again at every height."""
    from reportlab.platypus.flowables import Spacer

    from csrpress.compose.tables import RowTable

    def group(name):
        s = Spacer(10, 10)
        s.group_row, s.name = True, name
        return [[s], ""]

    data = [["head", "x"]]
    for g, n in (("A", 3), ("B", 4), ("C", 1), ("D", 5)):
        data.append(group(g))
        data += [[f"{g}{i}", "1"] for i in range(n)]
    for h in range(45, 20 * len(data), 5):
        t = RowTable(data, colWidths=[100, 50], rowHeights=[20] * len(data), repeatRows=1,
                     splitByRow=1)
        t.frame_height, t.line_height, t.padding = 1000.0, 10.0, 0.0
        t.wrap(150, 1e6)
        if first is not None:
            cut = t.split(150, first)
            if len(cut) != 2:
                return
            t = cut[1]
            t.wrap(150, 1e6)
        parts = t.split(150, h)
        if len(parts) == 2:
            rr = parts[1].repeatRows          # (the header, and the group it goes on with)
            yield h, [_name(r) for r in parts[0]._cellvalues], \
                [_name(r) for r in parts[1]._cellvalues[rr:]], \
                [_name(r) for r in parts[1]._cellvalues[:rr]]


def _name(row):
    cell = row[0]
    first = cell[0] if isinstance(cell, (list, tuple)) and cell else cell
    return "#" + first.name if getattr(first, "group_row", False) else str(first)


def test_a_split_never_leaves_a_group_row_at_a_page_foot():
    splits = list(_split_everywhere())
    assert len(splits) > 10
    for h, head, tail, _repeated in splits:
        assert not head[-1].startswith("#"), (h, head)


def test_a_split_never_carries_a_groups_last_row_over_alone():
    for h, head, body, _repeated in _split_everywhere():
        assert not (len(body) > 1 and not body[0].startswith("#") and body[1].startswith("#")
                    and len(head) > 3), (h, head, tail)


def test_a_split_repeats_the_group_its_rows_go_on_with():
    splits = list(_split_everywhere())
    for h, head, body, repeated in splits:
        group = [r for r in head if r.startswith("#")][-1]
        assert repeated == ["head"] + ([] if body[0].startswith("#") else [group]), (h, head, body)


def test_a_piece_that_repeated_a_group_splits_again_by_its_own_cut():
    for first in range(45, 400, 5):
        pieces = list(_split_everywhere(first))
        for h, head, body, repeated in pieces:
            group = [r for r in head if r.startswith("#")][-1]
            assert repeated == ["head"] + ([] if body[0].startswith("#") else [group]), (
                first, h, head, body)
            assert not head[-1].startswith("#"), (first, h, head)


@pytest.mark.parametrize("row, words", [
    ('      - ""\n', ["group row", "empty"]),
    ('      - {name: 用户}\n', ["a list of rows", "group row"]),
])
def test_a_bad_group_row_is_located(project, row, words):
    from tests.source.located import edit_file, has_error, load_errors

    anchor = "    rows:\n"
    line = edit_file(project.content / "20-chapter-02.yaml", anchor, anchor + row) + 1
    errs = load_errors(project)
    at = f"20-chapter-02.yaml:{line if 'empty' in words else line - 1}:"
    assert has_error(errs, at, *words), errs


def test_a_group_row_with_no_rows_under_it_is_said(project):
    """Found from outside: a group row left last (its rows moved or still
    to write), or a table of group rows only, printed names over nothing,
    exit 0 and not a word."""
    from csrpress.build import load
    from tests.source.located import edit_file, has_error, load_errors

    path = project.content / "20-chapter-02.yaml"
    anchor = "  - table: 利益相关方沟通\n"
    line = edit_file(path, anchor, "  - table: 末尾分组\n    columns: [a, b]\n    rows:\n"
                     "      - [x, \"1\"]\n      - 孤立分组\n" + anchor)
    warned = [str(w) for w in load(project)[3].warnings]
    assert has_error(warned, f"20-chapter-02.yaml:{line + 4}:", "warning", "孤立分组",
                     "last row"), warned
    edit_file(path, "      - [x, \"1\"]\n", "")          # now group rows only: an error
    errs = load_errors(project)
    assert has_error(errs, f"20-chapter-02.yaml:{line + 2}:", "all group rows"), errs   # (its rows:)
