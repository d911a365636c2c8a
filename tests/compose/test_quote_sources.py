"""A quote's source ("title name") in the real report, read back from the PDF."""
from __future__ import annotations


def test_a_side_quotes_source_never_breaks_inside_a_name(pdf):
    """The report's display quotes in the side column: a source too long for
    one line breaks where its title allows, never inside the name after its
    space (it read "@研发线—平台研发 / 部 刚哥": a word cut, a lost "部")."""
    page = next(p for p in pdf if "刚哥" in p.get_text())
    lines = [ln.strip() for ln in page.get_text().splitlines()]
    assert "平台研发部 刚哥" in lines, [ln for ln in lines if "刚哥" in ln]
    page = next(p for p in pdf if "水石" in p.get_text())
    assert "社区科学部 水石" in [ln.strip() for ln in page.get_text().splitlines()]
