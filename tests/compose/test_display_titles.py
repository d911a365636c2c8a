"""Display titles (a cover's, a chapter opener's) typed with line breaks.

Found building a report from outside: a group's long name on the cover,
'中国华南国际绿色能源与基础设施投资控股集团股份有限公司二〇二五年度环境、社会及
管治报告', was broken where the characters ran out ('…公司二 / 〇二五年度…'), and
a line break typed to prevent it ("…公司\\n二〇二五年度…") was joined away with
nothing said. A typed break is kept on those pages; the title is still one
heading for a reader and one line in the contents and bookmarks."""
from __future__ import annotations

import pytest

NAME = "中国华南国际绿色能源投资控股集团股份有限公司"
YEAR = "二〇二五年度环境、社会及管治报告"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from csrpress.build import Project, build
    from csrpress.cli import write_starter
    from tests import pdfread

    root = tmp_path_factory.mktemp("titles")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    write_starter(root / "report")
    for name, old, new in (("00-cover.yaml", "  - cover: 示例公司可持续发展报告",
                            f'  - cover: "{NAME}\\n{YEAR}"'),
                           ("20-environment.yaml", "  - chapter: 绿色运营",
                            '  - chapter: "绿色运营\\n与气候行动"')):
        path = root / "report" / "content" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    res = build(Project(root / "report"))
    doc = pdfread.open_pdf(res.pdf)
    yield res, doc
    doc.close()
    mp.undo()


def test_a_typed_line_break_starts_a_line(built):
    _res, doc = built
    lines = ["".join(t.split()) for t in doc[0].get_text().splitlines()]
    assert YEAR in lines, lines                       # a line of its own, whole
    assert any(t.endswith("有限公司") for t in lines), lines
    pages = [["".join(t.split()) for t in p.get_text().splitlines()] for p in doc]
    assert any("绿色运营" in ls and "与气候行动" in ls for ls in pages)     # the opener


def test_the_title_is_one_heading_and_one_line_elsewhere(built):
    from tests.pdf import tagged

    res, doc = built
    t = tagged.read(res.pdf)
    h1 = [tagged.squash(t.text(n)) for n in t.root.walk() if n.role == "H1"]
    assert NAME + YEAR in h1, h1
    assert "绿色运营与气候行动" in h1, h1
    contents = "".join("".join(doc[k].get_text().split()) for k in (1, 2))
    assert "绿色运营与气候行动" in contents
    from pikepdf import Pdf

    with Pdf.open(res.pdf) as pdf:
        titles, o = [], pdf.Root.Outlines.First
        while o is not None:
            titles.append(str(o.Title))
            o = o.get("/Next")
    assert "绿色运营与气候行动" in titles, titles
