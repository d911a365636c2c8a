"""Inline markup (csrpress/text/inline.py): spans and page references.

Found building a report from outside: '**见第{{page:x}}页**' (a bold
cross-reference, as a table's group row or a note writes it) printed
'见第 {{page:x}} 页' with exit 0: a reference inside a span was left as
typed, though the check had found its id."""
from __future__ import annotations

import pytest

from csrpress.text.inline import parse, read, shown
from tests.samples import built_starter


def test_a_reference_in_a_span_is_its_page():
    pages = {"a": "12", "b": "7"}.__getitem__
    assert parse("见**第{{page:a}}页**与==第{{ page : b }}页==", pages) == [
        ("见", None), ("第12页", "strong"), ("与", None), ("第7页", "accent")]
    assert read("**见第{{page:a}}页**", pages) == "见第12页"
    assert shown("**见第{{page:a}}页**") == "见第0页"


def test_without_pages_a_reference_is_a_placeholder_of_digits():
    assert parse("**{{page:a}}**") == [("00", "strong")]


BLOCKS = """\
  - p: "本节数据的口径**见第{{page:climate}}页**，==另见第{{page:climate}}页==。"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "span-refs", BLOCKS)


def test_a_built_report_prints_the_page_in_a_span(built):
    _res, doc = built
    text = "".join("".join(p.get_text().split()) for p in doc)
    assert "{{" not in text and "page:" not in text
    start = text.index("本节数据的口径")
    line = text[start:start + 40]
    page = next(i + 1 for i, p in enumerate(doc) if "气候与能源" in "".join(p.get_text().split())
                and "我们持续提升能源效率" in "".join(p.get_text().split()))
    assert f"见第{page}页" in line and f"另见第{page}页" in line, (line, page)
