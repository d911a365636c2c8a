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
FAST_ENC = pdfenc.fast_encoding(_REAL_ENC)
FAST_NAME = pdfenc.kept_names(_REAL_NAME)


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
    monkeypatch.setattr(pdfdoc, "pdfdocEnc", _REAL_ENC)
    monkeypatch.setattr(pdfdoc, "PDFName", _REAL_NAME)
    monkeypatch.setattr(pdfenc, "_codec_is_ascii_identity", lambda: False)
    pdfenc.install()
    assert pdfdoc.pdfdocEnc is _REAL_ENC and pdfdoc.PDFName is _REAL_NAME
    monkeypatch.undo()
    monkeypatch.setattr(pdfdoc, "pdfdocEnc", _REAL_ENC)
    monkeypatch.setattr(pdfdoc, "PDFName", _REAL_NAME)
    assert pdfenc._codec_is_ascii_identity()
    pdfenc.install()
    enc, name = pdfdoc.pdfdocEnc, pdfdoc.PDFName
    assert enc.wrapped is _REAL_ENC and name.wrapped is _REAL_NAME
    pdfenc.install()
    assert pdfdoc.pdfdocEnc is enc and pdfdoc.PDFName is name
