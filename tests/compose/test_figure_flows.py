"""A flow of key figures on several rows, built in the starter and read back.

Found building a report from outside: seven steps of an approval process
(style: flow) were set four and three to a row in cells sized for six —
an empty space at the end of each row — and their labels three characters
a line ('环境与 / 社会风 / 险尽职 / 调查'). The cells now fill the row the
balanced rows have, and a flow gives up a column while that sets its
longest label in fewer lines (more than two)."""
from __future__ import annotations

import pytest

from tests.samples import built_starter

STEPS = ["项目申请", "环境与社会风险尽职调查", "绿色认定", "授信审批", "放款",
         "贷后监测与信息披露", "年度评估"]
SHORT = ["提交", "复核", "认证", "签批", "拨付", "跟踪", "复盘"]


def _flow(title: str, labels: list[str]) -> str:
    items = "\n".join(f'      - {{value: "{i + 1}", unit: 步, label: {t}}}'
                      for i, t in enumerate(labels))
    return f"  - figures: {title}\n    style: flow\n    items:\n{items}\n"


BLOCKS = _flow("绿色贷款审批流程", STEPS) + _flow("简短的七步", SHORT)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "flows", BLOCKS)


def _labels(doc, labels):
    """Each label's first box (x0, top) and its page, found on the page holding the first."""
    for page in doc:
        if page.search_for(labels[0]):
            pw = page.mediabox.width
            return pw, [page.search_for(t[:4])[0] for t in labels]     # (a label's start)
    raise AssertionError(labels[0])


@pytest.mark.parametrize("labels", [STEPS, SHORT])
def test_a_wrapped_flows_cells_fill_its_rows(built, labels):
    _res, doc = built
    pw, boxes = _labels(doc, labels)
    rows: list[list[float]] = []
    for b in sorted(boxes, key=lambda b: (round(b.y0), b.x0)):
        if rows and abs(rows[-1][0][0] - b.y0) < 5:
            rows[-1].append((b.y0, b.x0))
        else:
            rows.append([(b.y0, b.x0)])
    sizes = sorted((len(r) for r in rows), reverse=True)
    assert sizes == [4, 3], sizes                          # balanced rows
    first = sorted(x for _y, x in next(r for r in rows if len(r) == 4))
    assert first[-1] > 0.6 * pw, (first, pw)               # the fourth cell far right, no gap


def test_a_long_label_is_set_in_two_lines_not_four(built):
    _res, doc = built
    for page in doc:
        lines = ["".join(t.split()) for t in page.get_text().splitlines()]
        if "项目申请" in lines:
            pieces = [t for t in lines if t and t in "环境与社会风险尽职调查" and len(t) > 1]
            assert 1 <= len(pieces) <= 2, pieces
            return
    raise AssertionError("flow not found")
