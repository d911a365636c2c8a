"""A pull quote of several paragraphs set in the main column, built in the
starter and read back: one bar runs beside all of it.

Found from outside: each paragraph of the quote drew its own bar, ending at
its text, so a gap (the space between the paragraphs) cut the bar in two
while the tint behind them ran on."""
from __future__ import annotations

import pytest

from tests.samples import built_starter

BLOCKS = """\
  - quote:
      - 我们相信，可持续发展不是一项额外的工作，而是公司经营的底色。每一个决策，都要问一问它对员工、社区和环境意味着什么。这是我们对自己的要求，也是对社会的承诺。我们会一年一年地把它做得更好。
      - 今年我们第一次请员工代表参与重大性议题的评估，他们的意见让我们看到了很多过去忽略的问题。我们会在明年的报告中说明这些问题的改进情况。
    by: 董事长 张三
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "quotebox", BLOCKS)


def test_one_bar_runs_beside_every_paragraph(built):
    _res, doc = built
    page = next(p for p in doc if p.search_for("我们相信"))
    top = page.search_for("我们相信")[0]
    end = page.search_for("改进情况")[0]
    assert end.y0 > top.y1                     # (both paragraphs on this page)
    bars = [d["rect"] for d in page.get_drawings() if d["fill"] and d["rect"].width < 6
            and d["rect"].x1 <= top.x0 and d["rect"].y1 > top.y0 and d["rect"].y0 < end.y1]
    x = max(r.x0 for r in bars)             # the bar nearest the quote's text
    near = [r for r in bars if abs(r.x0 - x) < 0.01]
    assert near
    near.sort(key=lambda r: r.y0)
    # (one rectangle a paragraph: they meet, with no gap between them)
    assert all(abs(a.x0 - b.x0) < 0.01 and b.y0 <= a.y1 + 0.01 for a, b in zip(near, near[1:])), near
    assert near[0].y0 <= top.y0 and near[-1].y1 >= end.y1
