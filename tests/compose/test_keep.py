"""A group kept together (ReportLab's plain KeepTogether) may follow a
heading: the heading measures it before it is placed, without the canvas
ReportLab's own KeepTogether.wrap needs, and keeps with all of it."""
from __future__ import annotations

from reportlab.platypus.flowables import Flowable, KeepTogether, Spacer

from csrpress.build import Project, build
from csrpress.compose import registry
from csrpress.compose.base import KeepWithNext, lead_height, min_first
from csrpress.source.schema import TEXT, BlockType
from tests import pdfread


def test_a_group_kept_together_is_measured_whole_before_it_is_placed():
    group = KeepTogether([Spacer(0, 20), KeepTogether([Spacer(0, 30), Spacer(0, 5)])])
    assert min_first(group, 300) == 55
    assert lead_height([Spacer(0, 10), group], 300) == 65
    keep = KeepWithNext([Spacer(0, 12)], [group], frame_height=500)
    assert keep.wrap(300, 400)[1] == 0          # fits: the heading stays
    assert keep.wrap(300, 60)[1] == 61          # does not: the heading moves on


def _boxed(c, blocks, at):
    """Two paragraphs in a plain KeepTogether (what a new component may well return)."""
    from csrpress.text.paragraph import Paragraph

    style = c.layout.style("body")
    return [KeepTogether([Paragraph(str(blocks[0].value), style, c.ctx),
                          Paragraph(str(blocks[0].value), style, c.ctx)])]


def test_a_plain_keep_together_right_after_a_heading_builds(tmp_path):
    from csrpress.cli import write_starter

    write_starter(tmp_path / "report")
    project = Project(tmp_path / "report")
    part = project.content / "10-about.yaml"
    part.write_text(part.read_text(encoding="utf-8").rstrip("\n")
                    + "\n  - heading: 成组内容\n    level: 2\n  - boxed: 两段文字保持在同一页\n",
                    encoding="utf-8")
    comp = registry.Component("boxed", BlockType(TEXT, {}), _boxed)
    with registry.registered(comp):
        result = build(project, "screen")
    doc = pdfread.open_pdf(result.pdf)
    pages = [page.get_text().replace("\n", "") for page in doc]
    doc.close()
    at = [n for n, text in enumerate(pages) if "两段文字保持在同一页" in text]
    assert at and "成组内容" in pages[at[0]]


class _Measured(Flowable):
    """A block of content that remembers the widths it was measured at."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height
        self.widths: list[float] = []

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.widths.append(aw)
        return aw, self.height


def test_a_title_kept_with_a_wide_table_measures_it_across_the_grid():
    """A wide block's KeepWithNext (a table's title with its start, made
    before the block is put on the grid) keeps the widened flowables: it
    measured the bare ones at the main column's width while they were set
    across the grid, so a title could move on for a table that fitted."""
    from types import SimpleNamespace

    from csrpress.compose.base import Wide
    from csrpress.compose.report import _widened

    title, table = _Measured(12), _Measured(40)
    keep = KeepWithNext([title], [table], frame_height=500)
    grid = SimpleNamespace(width=470.0)
    out = _widened([keep, title, table], grid, 10.0)
    assert out[0] is keep and all(isinstance(f, Wide) for f in out[1:])
    assert keep.group == [out[1]] and keep.following == [out[2]]
    keep.wrap(350, 400)
    assert title.widths[-1] == 470 and table.widths[-1] == 470


def test_a_block_across_the_grid_after_a_side_note_is_measured_below_it():
    """A Wide block starts below what the side column holds beside the text
    above it: a heading kept with it needs the side note's height, not only
    the main column's (the report's 特殊群体 heading was left at a page foot,
    its cards moved on, because the side note beside it was not counted)."""
    from types import SimpleNamespace

    from csrpress.compose.base import SideNote, Wide

    grid = SimpleNamespace(side=100.0, width=470.0)
    note = SideNote([_Measured(80)], grid, 10.0)
    cards = Wide(_Measured(50), grid, 10.0)
    cards.min_height = lambda width: 50.0
    assert lead_height([Spacer(0, 10), note, cards], 300) == 10 + 80 + 50
    keep = KeepWithNext([Spacer(0, 12)], [Spacer(0, 10), note, cards], frame_height=500)
    assert keep.wrap(300, 150)[1] == 151        # the cards would stand below the note


def test_a_heading_taller_than_a_page_is_an_error_at_it(tmp_path):
    """h1 at 200 pt in a measure of one character: 'the heading' split two
    lines and two across pages (the first page empty below them); a heading
    never splits now, so one taller than a page is an error at its line."""
    import pytest

    from csrpress.cli import write_starter
    from csrpress.errors import BuildError

    write_starter(tmp_path / "report")
    project = Project(tmp_path / "report")
    layout = project.layout / "layout.yaml"
    text = layout.read_text(encoding="utf-8")
    old = "h1: {font: bold, size: 22pt, leading: 30pt"
    assert old in text
    layout.write_text(text.replace(old, "h1: {font: bold, size: 200pt, leading: 210pt", 1),
                      encoding="utf-8")
    with pytest.raises(BuildError) as exc:
        build(project, "screen")
    errs = [str(d) for d in exc.value.diagnostics]
    assert any("10-about.yaml:" in e and "heading block is" in e and "cannot break" in e
               for e in errs), errs


def test_a_level_1_heading_never_stays_alone_at_a_page_foot(tmp_path):
    """A level-1 heading followed by a level-2 heading and a note: the level-1
    heading measured what follows with every space summed, the level-2
    heading's rule (space before −8 pt, which the frame sets at 0: its space
    overlaps the heading's space after) 8 pt short, so at some depths of the
    page (here, after 20 lines of body text and 5 of notes, starter layout)
    it stayed alone at the foot and the level-2 heading began the next page.
    Filled to several depths around that one: the two headings always share
    a page, with the first lines of the note."""
    from pathlib import Path

    from csrpress.cli import write_starter
    from tests.samples import mini_project

    write_starter(tmp_path / "starter")
    layout = tmp_path / "starter" / "layout"
    note = "本报告为示例公司第五份可持续发展报告，报告期为 2025 年全年。" * 3
    for notes in (4, 5, 6):
        filler = "".join(f"  - 第{n}段正文只有一行。\n" for n in range(20)) + \
            "".join(f"  - p: 第{n}条注释只有一行。\n    style: note\n" for n in range(notes))
        root = tmp_path / f"r{notes}"
        root.mkdir()
        project = mini_project(root, filler + "  - heading: 附录标题\n    level: 1\n"
                               "  - heading: 关于本报告\n    level: 2\n"
                               f"  - p: {note}\n    style: note\n", Path(layout))
        result = build(project, "screen")
        doc = pdfread.open_pdf(result.pdf)
        pages = [page.get_text().replace("\n", "") for page in doc]
        doc.close()
        first = next(n for n, text in enumerate(pages) if "附录标题" in text)
        assert "关于本报告" in pages[first] and "本报告为示例公司" in pages[first], (notes, pages)
