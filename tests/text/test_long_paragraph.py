"""A paragraph of several pages splits page after page (also straight after
a heading, which once made its third page "too large for a page")."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from csrpress.build import build
from tests.samples import mini_project

SENTENCE = "这是一个很长的段落，用来测试分页。"


@pytest.mark.parametrize("heading", [True, False])
def test_a_paragraph_of_five_pages_is_set_whole(tmp_path, monkeypatch, heading):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    head = "  - heading: 很长的一节\n    level: 1\n    id: long\n" if heading else ""
    project = mini_project(tmp_path / "p", head + "  - p: " + SENTENCE * 400 + "\n")
    res = build(project)
    assert res.pages >= 4
    # each page's text without its running foot (title, folio), which a page
    # break inside a sentence would otherwise put between its characters
    # (the title is the report's or, with the heading, the section's; set
    # flush right on a right-hand page, read after a space)
    text = "".join(re.sub(r"\n\s*(组件测试|很长的一节)\n\d+\n?$", "", page.extract_text())
                   for page in PdfReader(str(res.pdf)).pages)
    assert text.replace("\n", "").count("用来测试分页") == 400
