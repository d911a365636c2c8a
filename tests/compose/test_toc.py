"""Where the table of contents turns its pages (compose/toc.py balance)."""
from __future__ import annotations

from types import SimpleNamespace

from csrpress.compose.toc import balance


class _Entry:
    """An entry of a fixed height."""

    def __init__(self, height: float) -> None:
        self.height = height

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, self.height

    def getSpaceBefore(self) -> float:
        return 0.0

    def getSpaceAfter(self) -> float:
        return 0.0


def test_the_contents_never_turn_the_page_between_a_chapter_and_its_first_part():
    """Three chapters of a part, a section, a part and a section each: the page
    would best turn 80 pt down, before chapter 2's first part (its chapter's
    entry alone at the foot); it turns before the next part instead."""
    levels = [0, 1, 2, 1, 2] * 3
    items = [_Entry(10.0) for _ in levels]
    c = SimpleNamespace(frame=(400.0, 100.0))
    breaks = balance(c, _Entry(10.0), items, levels)
    assert breaks == {8}
    assert all(levels[n] <= 1 and levels[n - 1] >= levels[n] for n in breaks)


def test_a_contents_with_nothing_to_list_is_an_error(tmp_path):
    """A report of a cover, a contents block and a back cover (no chapter, no
    heading) built a contents page with its title alone, exit 0."""
    import pytest

    from csrpress.build import build
    from csrpress.errors import BuildError
    from tests.samples import mini_project

    project = mini_project(tmp_path, "  - cover: 测试报告\n  - toc: 目录\n  - 正文一段。\n"
                           "  - back_cover: 谢谢阅读\n    url: https://example.com/\n")
    with pytest.raises(BuildError) as exc:
        build(project)
    errs = [str(d) for d in exc.value.diagnostics]
    assert any("part.yaml:5:" in e and "the contents would list nothing" in e for e in errs), errs


def test_the_leaders_of_every_level_end_in_one_column_and_line_up(pdf):
    """The real report's contents: the dots of a chapter's, a section's and a
    sub-section's entries ended at three places (each level's folio column in
    its own em), so their columns of dots did not line up; they end where the
    widest folio column begins, on one grid."""
    page = next(doc_page for doc_page in (pdf[i] for i in range(6))
                if doc_page.search_for("目录"))
    rows: dict[float, list[float]] = {}
    for ch in page.chars:
        if ch["c"] == "·":
            rows.setdefault(round(ch["origin"][1], 1), []).append(ch["origin"][0])
    assert len(rows) >= 10
    ends = [max(xs) for xs in rows.values()]
    assert max(ends) - min(ends) < 0.1, sorted(ends)
    pitch = sorted(rows.values(), key=len)[-1]
    pitch = (max(pitch) - min(pitch)) / (len(pitch) - 1)
    for xs in rows.values():                   # every dot on the one grid
        assert all(abs((max(xs) - x) / pitch - round((max(xs) - x) / pitch)) < 0.02 for x in xs)
