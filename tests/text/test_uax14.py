"""Break opportunities agree with Unicode's LineBreakTest.txt (UAX #14), on the
lines made of the classes the report uses, except clreq's documented
tailorings (docs/typesetting.md, "UAX #14 tailorings")."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from csrpress.assets.fonts import as_typed
from csrpress.text.atoms import ASCII_NO_START, NO_START
from csrpress.text.shaping import SpanStyle, Spacing, shape

DATA = Path(__file__).with_name("data") / "LineBreakTest.txt"
SPANS = [SpanStyle("regular", 10.0, "ink")]
SPACES = " \u00a0\u202f\u2007"


def _width(_face: str, ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def engine_breaks(text: str) -> set[int]:
    """String positions where the engine allows a line break."""
    atoms, gaps = shape([(text, 0)], SPANS, _width, Spacing())
    pos, starts = 0, []
    for a in atoms:
        while not text.startswith(as_typed(a.text), pos):     # (can’t: its Latin ’)
            assert text[pos] in SPACES, (text, pos, a.text)
            pos += 1
        starts.append(pos)
        pos += len(a.text)
    return {starts[i + 1] for i in range(len(atoms) - 1) if gaps[i].breakable}


def tailored(text: str, p: int, expected: bool) -> str:
    """The clreq tailoring that explains a disagreement at position p, or ''."""
    before, after = text[:p].rstrip(SPACES)[-1:], text[p]
    if not text[:p].strip(SPACES):
        return "only spaces before: there is no line to end"
    if "\"" in (before, after) or "'" in (before, after) or "«" in text or "»" in text \
            or "\u2019" in (before, after):
        return "quotes are paired: opening or closing by position"
    if expected and (after in NO_START or after in ASCII_NO_START):
        return "clreq line-start prohibition, also after a space"
    if "\u00a0" in (before, after) or "\u202f" in (before, after) or "\u2011" in (before, after):
        return "a no-break space or hyphen glues both neighbours"
    if expected and re.search(r"[A-Za-z0-9][.,:/\-][A-Za-z0-9]", text[max(0, p - 2):p + 1]):
        return "a word with inner punctuation (a.2, a-b, model names) is one token"
    if "http" in text:
        return "URLs are one token"
    return ""


def _cases():
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        marks = line.partition("#")[0].split()
        text, expected = "", set()
        for t in marks:
            if t in "×÷":
                if t == "÷" and 0 < len(text):
                    expected.add(len(text))
            else:
                text += chr(int(t, 16))
        expected.discard(len(text))
        yield text, expected


CASES = list(_cases())


def test_the_vendored_file_is_read():
    assert len(CASES) > 900


def test_break_opportunities_agree_with_uax14_except_the_tailorings():
    untailored = []
    tailorings: dict[str, int] = {}
    for text, expected in CASES:
        got = engine_breaks(text)
        for p in range(1, len(text)):
            if (p in expected) == (p in got):
                continue
            why = tailored(text, p, p in expected)
            if why:
                tailorings[why] = tailorings.get(why, 0) + 1
            else:
                untailored.append((text, p, "÷" if p in expected else "×"))
    assert untailored == [], untailored[:10]
    assert len(tailorings) <= 6, tailorings
    print(tailorings)
