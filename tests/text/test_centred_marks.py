"""Traditional Chinese punctuation (Noto Sans CJK TC): 、，。：；！？ stand in
the middle of their em, as Taiwan and Hong Kong set them, so they have no
blank half to take away. A report set in the TC face was built with them
compressed as Simplified Chinese's are (pairs, line ends, tight lines): 。」
drew the full stop into the bracket. Built in the starter with the TC face,
read back from the PDF: no two marks' ink overlaps, a centred mark keeps its
em; the SC starter still compresses its pairs (unchanged)."""
from __future__ import annotations

import pytest

from csrpress.build import build
from csrpress.text.shaping import blank_half
from tests import pdfread
from tests.samples import starter_with

TEXT = ("董事長表示：「永續不是成本，而是企業未來十年最重要的競爭力。」我們於年初成立"
        "「永續發展委員會」，由董事長親自擔任主任委員；下設環境、社會、公司治理三個功能"
        "小組（每季報告）。「誠信」、「創新」、「永續」是我們的核心價值！你準備好了嗎？"
        "「是的。」")


def _build(root, face: str):
    project = starter_with(root, f"  - {TEXT}\n  - p: {TEXT}\n    style: note\n")
    lay = project.root / "layout" / "layout.yaml"
    text = lay.read_text(encoding="utf-8")
    assert "face: Noto Sans CJK SC}" in text
    lay.write_text(text.replace("face: Noto Sans CJK SC}", f"face: {face}}}"), encoding="utf-8")
    res = build(project)
    return pdfread.open_pdf(res.pdf)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("centred")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    docs = {face: _build(root / face.replace(" ", ""), face)
            for face in ("Noto Sans CJK TC", "Noto Sans CJK SC")}
    yield docs
    for d in docs.values():
        d.close()
    mp.undo()


def _pairs(doc):
    """(left char, right char, gap between their ink, size) for neighbours on
    the text's lines, pages where TEXT is set."""
    out = []
    for page in doc:
        chars = [c for b in page.get_text("rawdict")["blocks"] for ln in b.get("lines", [])
                 for sp in ln["spans"] for c in sp["chars"] if not c["c"].isspace()]
        if "競爭力" not in "".join(c["c"] for c in chars):
            continue
        rows: dict[float, list] = {}
        for c in chars:
            rows.setdefault(round(c["origin"][1], 1), []).append(c)
        for row in rows.values():
            row.sort(key=lambda c: c["origin"][0])
            for a, b in zip(row, row[1:]):
                out.append((a["c"], b["c"], b["origin"][0] - a["origin"][0], a["size"]))
    return out


def test_traditional_marks_keep_their_em(built):
    pairs = _pairs(built["Noto Sans CJK TC"])
    assert pairs
    centred = set("、，。：；！？")
    seen = [(a, b, adv / size) for a, b, adv, size in pairs if a in centred]
    assert any(a == "。" and b == "」" for a, b, _ in seen)
    for a, b, em in seen:          # a centred mark's advance is never cut in half
        assert em > 0.95, (a, b, em)


def test_simplified_pairs_still_compress(built):
    pairs = _pairs(built["Noto Sans CJK SC"])
    found = [adv / size for a, b, adv, size in pairs if a == "。" and b == "」"]
    assert found and all(em < 0.6 for em in found)


def test_blank_half_from_the_ink():
    assert blank_half("。", (0.08, -0.1, 0.33, 0.2), 1.0)          # SC: ink at the left
    assert not blank_half("。", (0.36, -0.1, 0.64, 0.2), 1.0)      # TC: centred
    assert blank_half("「", (0.55, 0.0, 0.9, 0.8), 1.0)
    assert not blank_half("「", (0.3, 0.0, 0.7, 0.8), 1.0)
    assert blank_half("，", None, 1.0)                               # unknown: as the class says
