"""A long URL in Han text, built in the starter report and read back from the
PDF: no line wider than the measure, the line before the URL set with the
normal character spacing (it was justified by letter-spacing 详 情 请 见),
the URL whole in the text layer, and nothing reported; the same for an
e-mail address and a long Latin word and number in Han text."""
from __future__ import annotations

import pytest

from csrpress.build import build
from tests import pdfread
from tests.samples import starter_with

URL = ("https://www.example.com/sustainability/reports/2025/environment-social-governance/"
       "appendix-data-tables-and-methodology-notes.html")
PARAGRAPH = f"详情请见 {URL} 以及公司官网的其他说明。"
MAIL = "sustainability.report.feedback@greenfield-example-company.com.cn"
OTHERS = [f"如有任何意见或建议，欢迎发送电子邮件至 {MAIL} 与我们联系，我们将在五个工作日内回复。",
          "本报告采用了 Pneumonoultramicroscopicsilicovolcanoconiosis 这一术语作为示例，"
          "以及统一社会信用代码 91110000MA01234567890123456789 的编号格式。"]
MAX_STRETCH = 0.25         # em: the starter's layout text.max_stretch
# a URL with a query: the line before it was justified at a quarter em between
# its Han characters to push the whole address down a line
QUERY = "https://example.com/a/very/long/path/to/some/report/page?with=query&and=more"
QUERIED = f"我们的年度报告全文及历年数据可在公司官方网站查阅，详细地址为 {QUERY} 欢迎读者访问并提出宝贵意见。"


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    root = tmp_path_factory.mktemp("urlbreak")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    blocks = "".join(f"  - {p}\n" for p in [PARAGRAPH] + OTHERS + [QUERIED])
    res = build(starter_with(root / "report", blocks), record_lines=True)
    doc = pdfread.open_pdf(res.pdf)
    yield res, doc
    doc.close()
    mp.undo()


def _rows(res, doc, paragraph=PARAGRAPH):
    """(line record, characters drawn on it) for a paragraph's lines."""
    whole = paragraph.replace(" ", "")
    first = next(r for r in res.lines if r.index == 0 and r.text and whole.startswith(r.text))
    recs = sorted((r for r in res.lines if r.para == first.para), key=lambda r: r.index)
    out = []
    for rec in recs:
        page = doc[rec.page - 1]
        h = page.rect.height
        row = [(c["c"], c["origin"][0], c["bbox"][2], c["size"])
               for b in page.get_text("rawdict")["blocks"] for ln in b.get("lines", [])
               for sp in ln["spans"] for c in sp["chars"]
               if abs(h - c["origin"][1] - rec.baseline) < 0.6 and not c["c"].isspace()
               and rec.left - 1 <= c["origin"][0] < rec.right]
        out.append((rec, sorted(row, key=lambda c: c[1])))
    return out


def test_the_paragraph_sets_within_the_measure_with_normal_spacing(starter):
    res, doc = starter
    rows = _rows(res, doc)
    assert "".join(r.text for r, _ in rows) == PARAGRAPH.replace(" ", "")
    assert len(rows) >= 3
    for rec, row in rows:
        assert "".join(c[0] for c in row) == rec.text
        assert row[-1][2] <= rec.right + 0.5, rec.text          # no line past the measure
    first, row = rows[0]
    assert first.text.startswith("详情请见")
    han = [c for c in row if c[0] in "详情请见"]
    for (_c, x0, x1, size), (_d, y0, _y1, _s) in zip(han, han[1:]):
        assert y0 - x1 <= MAX_STRETCH * size + 0.1, (first.text, y0 - x1)   # not 详 情 请 见


@pytest.mark.parametrize("paragraph", OTHERS)
def test_email_and_long_words_set_within_the_measure_without_loose_lines(starter, paragraph):
    res, doc = starter
    rows = _rows(res, doc, paragraph)
    assert "".join(r.text for r, _ in rows) == paragraph.replace(" ", "")
    for rec, row in rows:
        assert row[-1][2] <= rec.right + 0.5, rec.text
        han = [c for c in row if "\u4e00" <= c[0] <= "\u9fff"]
        for (_c, _x0, x1, size), (_d, y0, _y1, _s) in zip(han, han[1:]):
            if y0 - x1 < size:                    # (neighbours, not Han on both sides of a word)
                assert y0 - x1 <= MAX_STRETCH * size + 0.1, (rec.text, y0 - x1)


def test_the_url_is_whole_in_the_text_layer_and_nothing_is_reported(starter):
    res, doc = starter
    text = "".join(page.get_text() for page in doc).replace("\n", "")
    assert URL in text and MAIL in text and QUERY in text
    assert not [w for w in res.warnings if "line break" in str(w)], res.warnings


def test_the_line_before_a_url_keeps_normal_spacing_and_the_url_fills_its_lines(starter):
    res, doc = starter
    rows = _rows(res, doc, QUERIED)
    whole = QUERIED.replace(" ", "")
    assert "".join(r.text for r, _ in rows) == whole
    ends = [len("".join(r.text for r, _ in rows[:k + 1])) for k in range(len(rows))]
    url_at = whole.index(QUERY)
    before = [row for (_rec, row), end in zip(rows, ends) if end <= url_at]
    assert before
    for row in before:                       # spaced as normal text (the tolerance is 1/2 em)
        for (c, _x0, x1, size), (d, y0, _y1, _s) in zip(row, row[1:]):
            if "\u4e00" <= c <= "\u9fff" and "\u4e00" <= d <= "\u9fff":
                assert y0 - x1 <= 0.125 * size + 0.05, (c, (y0 - x1) / size)
    inside = [rec for (rec, _row), end in zip(rows, ends) if url_at < end < url_at + len(QUERY)]
    assert inside                            # lines broken inside the URL are set flush
    assert not any(rec.justify for rec in inside), [rec.text for rec in inside]
