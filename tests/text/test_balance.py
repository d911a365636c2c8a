"""A balanced ragged paragraph (a quote's attribution): as many lines as the
measure needs, as even as they go — never one word alone on the last line."""
from __future__ import annotations

from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import Spacing
from tests.text.standins import stand_in_fonts

STYLE = Style("quote-by", "regular", 10.0, 14.0, "grey", align="right")


def _shown(balance: bool, text: str, measure: float, name: bool = False,
           indent: float = 0.0) -> list[str]:
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    para = Paragraph(text, STYLE, ctx, indent=indent)
    para.balance = balance
    para.name_line = name
    para.wrap(measure, 1000)
    return ["".join(a.text for a in para.atoms[l.start:l.end + 1]) for l in para.lines]


def test_an_attribution_breaks_evenly():
    text = "可持续发展委员会主任"                       # 10 em in an 8 em measure
    assert [len(l) for l in _shown(False, text, 80.0)] == [8, 2]          # "主任" alone
    lines = _shown(True, text, 80.0)
    assert len(lines) == 2 and abs(len(lines[0]) - len(lines[1])) <= 1, lines


def test_balanced_lines_keep_the_full_measure_for_alignment():
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    para = Paragraph("可持续发展委员会主任", STYLE, ctx)
    para.balance = True
    para.wrap(80.0, 1000)
    assert all(l.target == 80.0 for l in para.lines)      # set flush right in 8 em


# A name line (a quote's source, "title name"): the name is never broken.

def test_a_name_line_breaks_at_its_space_where_the_title_fits():
    assert _shown(True, "水西村乡村新闻官 刘逢明", 90.0, name=True) == ["水西村乡村新闻官", "刘逢明"]


def test_a_name_line_never_breaks_inside_the_name():
    # a 2 em lead rule before the line; set as before, the name broke ("…班组长 李" / "建国")
    assert _shown(False, "集团一线班组长 李建国", 105.0, indent=20.0)[-1] == "建国"
    assert _shown(True, "集团一线班组长 李建国", 105.0, name=True, indent=20.0) == [
        "集团一线班组长", "李建国"]


def test_a_name_line_keeps_the_name_whole_where_the_title_must_break():
    lines = _shown(True, "集团一线班组长 李建国", 85.0, name=True, indent=20.0)
    assert len(lines) == 2 and lines[-1].endswith("李建国"), lines
    assert _shown(True, "@研发线—平台研发部 刚哥", 85.0, name=True, indent=20.0) == [
        "@研发线—", "平台研发部刚哥"]


def test_a_name_wider_than_the_measure_breaks_as_any_text():
    lines = _shown(True, "主任 欧阳诸葛司马东方", 60.0, name=True)
    assert "".join(lines) == "主任欧阳诸葛司马东方" and max(map(len, lines)) <= 6, lines


def test_a_name_line_without_a_space_is_balanced_as_before():
    text = "可持续发展委员会主任"
    assert _shown(True, text, 80.0, name=True) == _shown(True, text, 80.0)
