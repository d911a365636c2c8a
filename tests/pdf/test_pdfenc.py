"""ReportLab's text encoding and name escaping with shortcuts (pdf/pdfenc.py):
the same bytes, the same errors, as ReportLab's own."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfdoc

from csrpress.pdf import pdfenc

# ReportLab's own (the module may be installed already: take what it wraps)
_REAL_ENC = getattr(pdfdoc.pdfdocEnc, "wrapped", pdfdoc.pdfdocEnc)
_REAL_NAME = getattr(pdfdoc.PDFName, "wrapped", pdfdoc.PDFName)
_REAL_FORMAT = getattr(pdfdoc.format, "wrapped", pdfdoc.format)
FAST_ENC = pdfenc.fast_encoding(_REAL_ENC)
FAST_NAME = pdfenc.kept_names(_REAL_NAME)
FAST_FORMAT = pdfenc.fast_format(_REAL_FORMAT, FAST_ENC, pdfdoc.fp_str)


def _outcome(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception as exc:          # the same error type as ReportLab's
        return type(exc)


def test_every_ascii_character_encodes_as_reportlab_encodes_it():
    for i in range(128):
        for text in (chr(i), f"a{chr(i)}b", chr(i) * 3):
            assert _outcome(FAST_ENC, text) == _outcome(_REAL_ENC, text), hex(i)


def test_text_outside_ascii_and_bytes_go_through_reportlab():
    for value in ("快手", "é", "\u00a0x", "(x\\y)", "", b"\x18raw", 12, None):
        assert _outcome(FAST_ENC, value) == _outcome(_REAL_ENC, value)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(max_size=40))
def test_any_text_encodes_as_reportlab_encodes_it(text: str):
    assert _outcome(FAST_ENC, text) == _outcome(_REAL_ENC, text)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(max_size=20))
def test_names_are_reportlabs_and_kept(text: str):
    assert FAST_NAME(text) == _REAL_NAME(text)
    assert FAST_NAME(text) == _REAL_NAME(text)            # (from the dictionary)
    assert FAST_NAME(text, "a", "z") == _REAL_NAME(text, "a", "z")


def test_the_kept_names_are_bounded():
    name = pdfenc.kept_names(_REAL_NAME)
    for i in range(pdfenc._NAMES_KEPT + 10):
        assert name(f"n{i} #") == _REAL_NAME(f"n{i} #")
    assert 0 < len(name.kept) <= pdfenc._NAMES_KEPT


def test_install_is_once_and_only_for_the_codec_it_knows(monkeypatch: pytest.MonkeyPatch):
    def real() -> None:
        monkeypatch.setattr(pdfdoc, "pdfdocEnc", _REAL_ENC)
        monkeypatch.setattr(pdfdoc, "PDFName", _REAL_NAME)
        monkeypatch.setattr(pdfdoc, "format", _REAL_FORMAT)

    real()
    monkeypatch.setattr(pdfenc, "_codec_is_ascii_identity", lambda: False)
    pdfenc.install()
    assert pdfdoc.pdfdocEnc is _REAL_ENC and pdfdoc.PDFName is _REAL_NAME
    assert pdfdoc.format is _REAL_FORMAT
    monkeypatch.undo()
    real()
    assert pdfenc._codec_is_ascii_identity()
    pdfenc.install()
    enc, name, fmt = pdfdoc.pdfdocEnc, pdfdoc.PDFName, pdfdoc.format
    assert enc.wrapped is _REAL_ENC and name.wrapped is _REAL_NAME
    assert fmt.wrapped is _REAL_FORMAT
    pdfenc.install()
    assert pdfdoc.pdfdocEnc is enc and pdfdoc.PDFName is name and pdfdoc.format is fmt


class _Marked(str):
    """A str subclass (as the YAML loader's marked strings)."""


_VALUES = st.one_of(
    st.text(max_size=30), st.binary(max_size=20), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.floats(-1e6, 1e6).map(lambda f: round(f, 3)), st.booleans(), st.none(),
    st.text(max_size=10).map(_Marked))


@settings(max_examples=400, derandomize=True, deadline=None)
@given(_VALUES)
def test_values_format_as_reportlab_formats_them(value: Any):
    doc = pdfdoc.PDFDocument()
    for top in (0, 1):
        assert _outcome(FAST_FORMAT, value, doc, top) == _outcome(_REAL_FORMAT, value, doc, top)
        assert _outcome(FAST_FORMAT, value, doc, top) == _outcome(_REAL_FORMAT, value, doc, top)


def test_pdf_objects_format_as_reportlab_formats_them():
    """ReportLab's own objects go to its format (with the shortcuts for the
    values inside them, the same bytes)."""
    doc = pdfdoc.PDFDocument()
    objects = [pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Annot"), "Rect": pdfdoc.PDFArray(
        [1, 2.5, -3.25, 1e-7]), "Contents": pdfdoc.PDFString("快手 (x)"), "N": 3, "B": True}),
        pdfdoc.PDFArray(["/Fit", 0, 0.5, b"raw", "text"]), pdfdoc.PDFString("ascii")]
    for obj in objects:
        assert FAST_FORMAT(obj, doc) == _REAL_FORMAT(obj, doc)


def test_the_kept_texts_are_bounded():
    fmt = pdfenc.fast_format(_REAL_FORMAT, FAST_ENC, pdfdoc.fp_str)
    doc = pdfdoc.PDFDocument()
    for i in range(pdfenc._TEXTS_KEPT + 10):
        assert fmt(f"/N{i}", doc) == f"/N{i}".encode()
        assert fmt(i + 0.5, doc) == _REAL_FORMAT(i + 0.5, doc)
    assert 0 < len(fmt.kept) <= pdfenc._TEXTS_KEPT
    assert 0 < len(fmt.numbers[1]) <= pdfenc._TEXTS_KEPT


def test_equal_numbers_of_either_kind_format_as_reportlab_formats_them():
    fmt = pdfenc.fast_format(_REAL_FORMAT, FAST_ENC, pdfdoc.fp_str)
    doc = pdfdoc.PDFDocument()
    values = [2**60, 2.0**60, 2**60 + 1, 0, 0.0, -0.0, 1, 1.0, 1e-7, -1e-7, 3.14159265, 10**20,
              1e20, 0.1 + 0.2, 0.3, float("nan")]
    for _ in range(2):
        for v in values + values[::-1]:
            assert fmt(v, doc) == _REAL_FORMAT(v, doc), v
