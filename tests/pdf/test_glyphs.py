"""Every glyph drawn is in the embedded subset and maps back to its character:
characters above U+FFFF, and strings drawn outside paragraphs (running heads)."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from csrpress.build import build
from csrpress.errors import BuildError
from csrpress.pdf.tounicode import to_unicode_cmap, utf16_hex
from tests.samples import mini_project


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))


def _text(pdf) -> str:
    return "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)


def test_utf16_in_the_cmap():
    assert utf16_hex(0x4E2D) == "4E2D" and utf16_hex(0x20BB7) == "D842DFB7"
    cmap = to_unicode_cmap([0x4E2D, 0x1234], ["中", "\U00020BB7"])
    assert "<4E2D> <4E2D>" in cmap and "<1234> <D842DFB7>" in cmap


def test_characters_above_the_bmp_map_back_in_the_text_layer(tmp_path):
    res = build(mini_project(tmp_path / "p", "  - p: 吉野家的𠮷字和𩸽鱼。\n"))
    text = _text(res.pdf)
    assert "吉野家的𠮷字和𩸽鱼" in text and "\u20bb" not in text


def test_a_character_the_font_lacks_is_a_located_error(tmp_path):
    with pytest.raises(BuildError) as exc:
        build(mini_project(tmp_path / "p", "  - p: 一个字形缺失的字：𪚥。\n"))
    (d,) = exc.value.diagnostics
    assert "U+2A6A5" in str(d) and "part.yaml:4:" in str(d)


def test_a_running_head_gets_its_glyphs(tmp_path):
    """The chapter title is set in bold on its opener, the running head in
    regular: characters found nowhere else in regular once printed as nothing.
    (The page after the opener starts with the chapter's intro, so its head
    is the chapter title.)"""
    blocks = """
  - chapter: 鑫淼焱垚
    number: "01"
    label: 第一章
    id: ch1
  - p: 正文里没有那四个字。
  - heading: 第一节
    level: 1
    id: s1
  - p: 第一节的正文。
"""
    res = build(mini_project(tmp_path / "p", blocks))
    pages = [p.extract_text() for p in PdfReader(str(res.pdf)).pages]
    body = [t for t in pages if "正文里没有那四个字" in t]
    assert body and "鑫淼焱垚" in body[0]
