"""The line-break cache is keyed by the text as drawn: a page reference that
resolves differently in the next pass ("9" → "1234") must not reuse breaks
chosen for the other width."""
from __future__ import annotations

from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import Spacing
from tests.text.standins import stand_in_fonts


def _lines(ctx: TextContext, text: str, measure: float) -> list:
    para = Paragraph(text, STYLE, ctx)
    para.wrap(measure, 1000)
    return para.lines


STYLE = Style("body", "regular", 10.0, 18.0, "ink", align="justify")


def test_breaks_follow_the_resolved_page_number() -> None:
    ctx = TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing())
    text = "参见第{{page:x}}页的说明文字，这一段正好排满一行而不会多出来一字。"
    ctx.pages = {"x": 9}
    short = _lines(ctx, text, 300.0)
    ctx.pages = {"x": 1234}                       # the next pass: a wider number
    wide = _lines(ctx, text, 300.0)
    fresh = _lines(TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing(),
                               pages={"x": 1234}), text, 300.0)
    assert [(l.start, l.end) for l in wide] == [(l.start, l.end) for l in fresh]
    assert [(l.start, l.end) for l in short] != [(l.start, l.end) for l in wide]
