"""A verse (a `lines` block) never leaves one line alone at a page's foot
or head.

Found from outside: a four-line verse on an A5 page was set with its first
line, '一滴水，', at the page's foot and three lines overleaf. Its first and
last two lines keep together, as a paragraph's do."""
from __future__ import annotations

import pytest

from tests.samples import built_starter

VERSES = 8


def _blocks() -> str:
    out = []
    for k in range(VERSES):
        out.append("  - " + "为了把诗放在页面的各个位置，这里是一段长度不同的正文。" * (k + 1))
        out.append("  - lines:\n" + "".join(f"      - 第{k}首第{i}行，水流不息；\n" for i in range(4)))
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "verse-keep", _blocks())


def test_no_verse_leaves_a_line_alone(built):
    _res, doc = built
    where: dict[int, list[int]] = {}
    for pno, page in enumerate(doc):
        text = "".join(page.get_text().split())
        for k in range(VERSES):
            n = sum(f"第{k}首第{i}行" in text for i in range(4))
            if n:
                where.setdefault(k, []).append(n)
    assert len(where) == VERSES
    split = [k for k, counts in where.items() if len(counts) > 1]
    for k in split:
        assert min(where[k]) >= 2, (k, where[k])
