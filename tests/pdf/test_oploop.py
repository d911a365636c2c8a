"""The compiled token loop of the contrast check (csrpress/pdf/_oploop.c)
reads every content stream as printcheck._loop does: the same operators
with the same operands (compared by repr: -0.0 is not 0.0), or None for
the same streams.
Run on every page of both editions of the report, the example and the
starter, and on generated streams (delimiters, strings, comments, odd
operands, operands after the last operator)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrpress.pdf import printcheck
from csrpress.pdf.preflight import _contents

compiled = pytest.importorskip("csrpress.pdf._oploop",
                               reason="the compiled loop is not built (no compiler at install)")

ROOT = Path(__file__).resolve().parents[2]


def _both(contents: bytes) -> tuple[str, str]:
    """repr of _operators' result with the Python loop and the compiled one."""
    saved = printcheck._COMPILED
    try:
        printcheck._COMPILED = None
        py = repr(printcheck._operators(contents))
        printcheck._COMPILED = compiled
        return py, repr(printcheck._operators(contents))
    finally:
        printcheck._COMPILED = saved


@pytest.fixture(scope="module")
def streams(tmp_path_factory) -> list[bytes]:
    """Every page's contents in both editions of the report, the example and
    the starter."""
    import pikepdf

    from csrpress.build import Project, build_all
    from csrpress.cli import write_starter

    tmp = tmp_path_factory.mktemp("oploop")
    write_starter(tmp / "starter")
    out = []
    for k, root in enumerate((ROOT, ROOT / "examples" / "greenfield-2025", tmp / "starter")):
        for res in build_all(Project(root, tmp / f"dist-{k}")):
            with pikepdf.open(res.pdf) as pdf:
                out += [_contents(page) for page in pdf.pages]
    return out


def test_every_page_of_the_six_pdfs_reads_the_same(streams):
    assert len(streams) > 140
    read = 0
    for contents in streams:
        py, c = _both(contents)
        assert py == c
        read += py != "None"
    assert read == len(streams)          # (the pages are read here, not by pikepdf)


TOKENS = st.sampled_from([
    "q", "Q", "BT", "ET", "1 0 0 1 72 700 cm", "0.2 0.4 0.6 rg", "0 0 0 1 k", "0 0 10 10 re",
    "f", "n", "/F1 10 Tf", "/F1 -0 Tf", "/F1 +10. Tf", "/F1 1e3 Tf", "3 Tr", "-0 Tr", "Tr",
    "1 0 0 1 0 0 Tm", "-0 -0.0 .5 5. +1 -2 Tm", "(a) Tj", "(a\\)b) Tj", "<00 4F> Tj",
    "[(a) -120 <0041>] TJ", "[1 [2]] TJ", "<< /A 1 >> BDC", "<< /A >> BDC", "/P <</MCID 0>> BDC",
    "EMC", "[", "]", "<<", ">>", "% a comment", "(x) '", "1 2 (x) \"", "/Im1 Do", "rg", "k",
    "1 2 3", "q0", "true false null", "0.5 g", "BI", "ID", "EI", "(", ")", "{", "}", "/",
    "1 2 3 4 5 6 cm", "1 2 cm", "/F1 Tf", "abc Tf", "12 Tm", "-.5 0 0 -.5 0 0 Tm",
    "[ q ] TJ", "[q0] TJ", "<< 1 2 >> BDC", "<< /A [1 2] /B << /C 3 >> >> BDC", "[] TJ",
    "[/A (b) <00> true 1.5 null] TJ", "[ ] ] [ TJ", ">> << BDC", "-0 0 0 rg", "-00 1 .0 k",
    "-0 123456789012345678901234567 0 rg", "12345678901234567890123 Tr", "+7.9 Tr", "-.0 0 0 rg",
    "/F-1.x_2 -0. Tf", "/F1 12 12 Tf", "/F(1) 12 Tf", "1 0 0 1 (x) 0 cm",
])


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(TOKENS, max_size=30), st.sampled_from([" ", "\n", "\r\n", "\t", "  "]))
def test_generated_streams_read_the_same(tokens, sep):
    py, c = _both(sep.join(tokens).encode())
    assert py == c
