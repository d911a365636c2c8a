"""The cover's logo slot holds the publisher's name as a wordmark until a
logo is set. A bank's '华衡银行股份有限公司' broke as '华衡银行股份有 / 限公司':
two lines of 20 pt in a 12 mm slot, over its edges. A longer name is set
smaller on one line (down to LOGO_LEAST of the style's size), then on even
lines; one that fits in no way is a warning at the layout's logo setting."""
from __future__ import annotations

import pytest

from csrpress.build import Project, build
from csrpress.cli import write_starter
from tests import pdfread


def _cover(tmp_path, monkeypatch, publisher: str):
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    write_starter(tmp_path / "r")
    meta = tmp_path / "r" / "content" / "report.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("publisher: 示例公司", f"publisher: {publisher}"), encoding="utf-8")
    res = build(Project(tmp_path / "r"))
    doc = pdfread.open_pdf(res.pdf)
    words = doc[0].get_text("words")
    return res, doc, words


@pytest.mark.parametrize("name", ["华衡银行股份有限公司", "示例公司"])
def test_a_name_that_fits_at_a_smaller_size_is_one_line(tmp_path, monkeypatch, name):
    res, doc, words = _cover(tmp_path, monkeypatch, name)
    line = [w for w in words if w[4] in name]
    assert "".join(w[4] for w in line) == name                  # one line: all of it
    assert len({round(w[3]) for w in line}) == 1
    assert not [w for w in res.warnings if "logo slot" in w.message]


def test_a_name_too_long_for_the_slot_is_said(tmp_path, monkeypatch):
    name = "华衡银行股份有限公司上海浦东新区示例路分行营业部暨绿色金融事业部"
    res, doc, words = _cover(tmp_path, monkeypatch, name)
    said = [w for w in res.warnings if "logo slot" in w.message]
    assert len(said) == 1 and "layout.yaml" in str(said[0].where.path)
