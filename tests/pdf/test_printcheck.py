"""The contrast check's own reader of content streams (printcheck._operators)
gives the check exactly what pikepdf gives it, or declines (None) and lets
pikepdf read the stream."""
from __future__ import annotations

import pikepdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrpress.pdf.printcheck import _contrast, _operators, _parsed


_PDF = pikepdf.new()       # (a page lives as long as its document)


def _page(contents: bytes) -> pikepdf.Page:
    page = _PDF.add_blank_page(page_size=(200, 200))
    page.obj.Contents = _PDF.make_stream(contents)
    return page


def _pikepdf(page: pikepdf.Page) -> list | None:
    """What the check reads through pikepdf; None when that fails (a stream
    pikepdf does not parse, an operand the check cannot convert)."""
    try:
        return list(_parsed(page))
    except Exception:  # noqa: BLE001 - any failure: the fast reader must decline too
        return None


def _same(contents: bytes) -> None:
    fast = _operators(contents)
    if fast is None:
        return
    slow = _pikepdf(_page(contents))
    assert slow is not None, contents
    assert fast == slow, contents
    # (-0 and 0 compare equal; the signs of zero must agree as well)
    assert repr(fast) == repr(slow), contents


def test_a_page_as_reportlab_writes_it() -> None:
    contents = (b"1 0 0 1 0 0 cm \nq\n1 0 0 1 68.0315 710.1732 cm\n/H3 <</MCID 0>> BDC\n"
                b"BT 1 0 0 1 0 0 Tm .054902 .05098 .039216 rg 0 Tc 1 0 0 1 0 5.92 Tm "
                b"/CSRPressbold 16 Tf 19.2 TL <804C4E1A> Tj ET\nEMC\nQ\n"
                b"q .92549 .368627 0 rg\nn 0 0 22.67717 .8 re f*\nQ\n"
                b"BT /F1 12 Tf 14.4 TL ([\\266) Tj T* ET 3 Tr [<00> -250 (a\\)b)] TJ\n")
    fast = _operators(contents)
    assert fast is not None
    assert fast == list(_parsed(_page(contents)))
    assert (b"Tf", ("/CSRPressbold", 16.0)) in fast and (b"Tr", (3,)) in fast


@pytest.mark.parametrize("contents", [
    b"1 0 0 1 0 0 cm (a(b)c) Tj",            # nested parentheses
    b"q BI /W 1 /H 1 ID \x00\xff EI Q",       # an inline image
    b"[1 Q 2] TJ",                           # an operator inside an array
    b"1 ] Q [ 2 q",                          # delimiters out of order
    b"1 0 0 foo rg",                         # an unknown word
    b"1e3 0 0 1 0 0 cm",                     # not a PDF number
    b"0 0 0 rg 1 2",                         # operands after the last operator
    b"q { Q",                                # a character no token takes
    b"/F#31 12 Tf",                          # a name with an escape
])
def test_declines_what_it_might_read_otherwise(contents: bytes) -> None:
    assert _operators(contents) is None


def test_the_check_reads_the_same_either_way() -> None:
    # white text on a white box (fails), black text on it (passes)
    contents = (b"q 1 1 1 rg 0 0 100 100 re f Q BT /F1 10 Tf 1 0 0 1 10 10 Tm "
                b"1 1 1 rg <0041> Tj 0 0 0 rg <0042> Tj ET")
    page = _page(contents)
    assert _contrast(page, None, contents) == _contrast(page) != []


_TOKENS = [b"0", b"-0", b"1", b"-2.5", b".5", b"1.", b"+3", b"1e3", b"1.2.3", b"--1",
           b"/F1", b"/A#42", b"/", b"<00FF>", b"<a b>", b"<>", b"(x)", b"(a\\)b)", b"(a(b)c)",
           b"[", b"]", b"<<", b">>", b"true", b"null", b"%c\n", b"BI", b"ID", b"EI", b"{",
           b"q", b"Q", b"cm", b"Tm", b"rg", b"re", b"f", b"f*", b"B", b"n", b"S", b"Do",
           b"Tf", b"Tr", b"Tj", b"TJ", b"'", b"\"", b"BT", b"ET", b"Tc", b"BDC", b"foo"]
_SPACES = [b" ", b"\n", b"\r\n", b"\t", b"\x00", b"\x0c", b"\x0b", b""]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_SPACES)), max_size=30))
def test_same_as_pikepdf_or_declines(parts: list[tuple[bytes, bytes]]) -> None:
    _same(b"".join(t + s for t, s in parts))


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([b"1 0 0 1 5 5 cm", b"q", b"Q", b".5 0 1 rg",
                                           b"0 0 9 9 re f", b"/F1 9 Tf", b"<0041> Tj",
                                           b"1 0 0 1 2 3 Tm", b"3 Tr", b"0 Tr", b"n",
                                           b"1 -0 0 1 -0.0 0 cm", b"-0 -0 -0 rg",
                                           b"[3 2] 0 d", b"/Span <</ActualText (x)>> BDC",
                                           b"EMC", b"/BIG gs"]),
                          st.sampled_from([b" ", b"\n"])), max_size=40))
def test_well_formed_streams_are_read_here(parts: list[tuple[bytes, bytes]]) -> None:
    contents = b"".join(t + s for t, s in parts)
    fast = _operators(contents)
    assert fast is not None
    assert fast == list(_parsed(_page(contents)))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([b"0", b"1", b".5", b"-0.25", b"1.2.3", b"-", b"k",
                                           b"K", b"kk", b"rg", b"x", b"(1 0 0 1 k)", b"q"]),
                          st.sampled_from([b" ", b"\n", b"\t", b"\x0b", b"\x0c", b"\r", b"",
                                           b"  "])), max_size=25))
def test_cmyk_operands_are_what_the_pattern_finds(parts: list[tuple[bytes, bytes]]) -> None:
    from csrpress.pdf.printcheck import _CMYK_OP, _cmyk_operands

    contents = b"".join(t + s for t, s in parts)
    assert _cmyk_operands(contents) == [m.groups()[:4] for m in _CMYK_OP.finditer(contents)]
