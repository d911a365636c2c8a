"""A long URL in Han text, built in the starter report and read back from the
PDF: no line wider than the measure, the line before the URL set with the
normal character spacing (it was justified by letter-spacing 详 情 请 见),
the URL whole in the text layer, and nothing reported."""
from __future__ import annotations

import pytest

from csrpress.build import Project, build
from csrpress.cli import write_starter
from tests import pdfread

URL = ("https://www.example.com/sustainability/reports/2025/environment-social-governance/"
       "appendix-data-tables-and-methodology-notes.html")
PARAGRAPH = f"详情请见 {URL} 以及公司官网的其他说明。"
MAX_STRETCH = 0.5          # em: the starter's layout text.max_stretch


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    root = tmp_path_factory.mktemp("urlbreak")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    write_starter(root / "report")
    part = root / "report" / "content" / "30-people.yaml"
    text = part.read_text(encoding="utf-8")
    anchor = "  - lines:\n"
    assert anchor in text
    part.write_text(text.replace(anchor, f"  - {PARAGRAPH}\n" + anchor, 1), encoding="utf-8")
    res = build(Project(root / "report"), record_lines=True)
    doc = pdfread.open_pdf(res.pdf)
    yield res, doc
    doc.close()
    mp.undo()


def _rows(res, doc):
    """(line record, characters drawn on it) for the paragraph's lines."""
    recs = [r for r in res.lines if r.text and (r.text in PARAGRAPH.replace(" ", ""))
            and len(r.text) > 8]
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


def test_the_url_is_whole_in_the_text_layer_and_nothing_is_reported(starter):
    res, doc = starter
    text = "".join(page.get_text() for page in doc).replace("\n", "")
    assert URL in text
    assert not [w for w in res.warnings if "line break" in str(w)], res.warnings
