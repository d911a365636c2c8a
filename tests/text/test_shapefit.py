"""The compiled loops of shaping (csrpress/text/_shaping.c) make exactly
what the Python ones make (shaping._atoms, shaping._gaps): every atom and
gap, field for field (by repr: -0.0 and 0.0 differ), the same objects shared
the same way (a Han atom from the memo, one gap for a Han run), the same
memo of Han atoms left behind, and the same error where Python raises. Run
on every paragraph the report, the example and the starter shape in a cold
build, and on generated text of every kind the tokens tell apart, in spans
of different sizes (floats and ints), at every spacing setting. The same
builds compare the shape cache's packing both ways (_shaping.c's index_rows,
shapecache._index_rows; generated cases in test_shapecache.py)."""
from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrpress.text import paragraph, shapecache, shaping
from csrpress.text.atoms import _CLASS, pair_breakable
from csrpress.text.shaping import SpanStyle, Spacing

compiled = pytest.importorskip("csrpress.text._shaping",
                               reason="the compiled shaping is not built (no compiler at install)")


def _configured() -> None:
    """The compiled module given what it reads of shaping.py, also when
    CSRPRESS_PURE=1 (then shaping.py neither uses nor configures it)."""
    pure = os.environ.pop("CSRPRESS_PURE", None)
    try:
        assert shaping._compiled() is compiled
    finally:
        if pure is not None:
            os.environ["CSRPRESS_PURE"] = pure


_configured()



class Side:
    """One way of shaping (compiled or Python), with a memo of Han atoms of
    its own, and every object it made numbered in the order first seen (so
    that which atoms and gaps are one object can be compared)."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.han: dict = {}
        self.seen: dict[int, int] = {}
        self.kept: list = []              # (the objects stay alive: ids stay theirs)

    def shape(self, runs, spans, width, spacing, blank) -> str:  # type: ignore[no-untyped-def]
        saved = shaping._COMPILED
        shaping._COMPILED = self.module
        try:
            atoms, gaps = shaping.shape(list(runs), list(spans), width, spacing, self.han, blank)
        except Exception as exc:          # the same error both ways is the same result
            return f"raises {type(exc).__name__}"
        finally:
            shaping._COMPILED = saved
        self.kept.append((atoms, gaps))
        shared = [self.seen.setdefault(id(x), len(self.seen)) for x in atoms + gaps]
        return repr((atoms, gaps, shared))

    def memo(self) -> str:
        return repr(self.han)


class Compare:
    """A stand-in for paragraph.shape that shapes both ways, records every
    difference and gives what the build's own call gives."""

    def __init__(self) -> None:
        self.calls = 0
        self.differ: list[tuple] = []
        self.c, self.py = Side(compiled), Side(None)
        self.real = paragraph.shape
        self.packing: Any = None          # (ComparePacking, set by the fixture)

    def __call__(self, runs, spans, width, spacing, han=None, blank=shaping._always):  # type: ignore[no-untyped-def]
        self.calls += 1
        c = self.c.shape(runs, spans, width, spacing, blank)
        py = self.py.shape(runs, spans, width, spacing, blank)
        if c != py and len(self.differ) < 5:
            self.differ.append((runs, c[:300], py[:300]))
        return self.real(runs, spans, width, spacing, han, blank)


class ComparePacking:
    """A stand-in for the shape cache's index_rows that runs both (each on
    its own copy of the tables), records any difference and gives C's."""

    def __init__(self) -> None:
        self.atoms = 0
        self.differ: list[tuple] = []

    def __call__(self, lists, row_of, index, rows):  # type: ignore[no-untyped-def]
        py_index, py_rows = dict(index), list(rows)
        py = shapecache._index_rows(lists, row_of, py_index, py_rows)
        c = compiled.index_rows(lists, row_of, index, rows)
        self.atoms += sum(map(len, lists))
        if (c, index, rows) != (py, py_index, py_rows) and len(self.differ) < 5:
            self.differ.append((len(lists), len(rows), len(py_rows)))
        return c


@pytest.fixture()
def compare(monkeypatch, tmp_path):
    found = Compare()
    monkeypatch.setattr(paragraph, "shape", found)
    found.packing = ComparePacking()
    monkeypatch.setattr(shapecache, "_COMPILED", found.packing)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))     # cold: every paragraph
    return found


@pytest.mark.parametrize("which", ["report", "example", "starter"])
def test_every_paragraph_of_a_cold_build_shapes_the_same(which, compare, tmp_path):
    from csrpress.build import Project, build_all
    from tests.samples import sample_root
    build_all(Project(sample_root(which, tmp_path), tmp_path / "dist"))
    assert compare.differ == []
    assert compare.c.memo() == compare.py.memo()
    assert compare.calls > {"report": 1000, "example": 100, "starter": 20}[which], compare.calls
    assert compare.packing.differ == []
    assert compare.packing.atoms > {"report": 80000, "example": 8000, "starter": 1000}[which]


# every kind of token and every class of mark the loops tell apart
PIECES = st.sampled_from([
    "快", "手", "公益", "我们的", "，", "。", "、", "；", "：", "！", "？", "．", "“", "”", "‘", "’",
    "《", "》", "（", "）", "「", "」", "【", "】", "〔", "〕", "——", "……", "⋯⋯", "—", "–", "…",
    "·", "～", "々", "ー", "ぁ", "％", "‰", ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "{",
    "}", '"', "'", "&", "+", "=", "<", ">", "*", "/", "|", "\\", "~", "^", "@", "#", "−", "×",
    "$", "¥", "€", "£", "±", "-", "°", "≥", "→", "①", "Ⅱ", "™", "℃", "№", "\u2011", "\u2060",
    "\u00ad", "Kuaishou", "app", "A", "2019", "40%", "$100", "-5", "1,983,400", "é", "Ж", "ß",
    "https://www.kuaishou.com/csr/a-long/path?x=1).", "www.example.org", "csr@kuaishou.com",
    "#话题#", "#tag", "@快手", "👍🏽", "👨\u200d👩\u200d👧", "🇨🇳", "🇨", "1\ufe0f\u20e3", "e\u0301",
    "字\ufe00", " ", "  ", "\t", "\u3000", "\u00a0", "\u202f", "\u2007", "\u2329", "\u232a",
    "\u2300", "\u2600", "\u27bf", "\u2e80", "\U00020000", "\u0300",
])
SIZES = st.sampled_from([10.0, 10.5, 12, 7.25, 10])


def width(face: str, ch: str) -> float:
    """Widths that differ by face and character (ints for some: Python's
    arithmetic on them is what the compiled loops must follow)."""
    if ch in " \u00a0":
        return 0.25
    if ch.isascii():
        return 0.3 if ch in "il1.,:;'!|" else (1 if ch == "W" else 0.6)
    return 1.0 if face == "body" else 0.96875


def centred(face: str, ch: str) -> bool:
    """A face whose stops are centred on the em (as Traditional Chinese sets them)."""
    return not (face == "tc" and ch in "，。、：；！？")


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.tuples(st.lists(PIECES, min_size=1, max_size=30), st.integers(0, 2)),
                min_size=1, max_size=4),
       st.lists(st.tuples(st.sampled_from(["body", "tc", "bold"]), SIZES), min_size=3,
                max_size=3),
       st.booleans(), st.booleans(), st.sampled_from([0.0, 0.5]), st.booleans(),
       st.sampled_from([0.25, 0]))
def test_generated_text_shapes_the_same(runs, faces, end_compress, start_compress, shrink,
                                        blank_by_face, stretch):
    spans = [SpanStyle(face, size, "ink") for face, size in faces]
    spacing = Spacing(stretch=stretch, end_compress=end_compress, start_compress=start_compress,
                      punct_shrink=shrink)
    blank = centred if blank_by_face else shaping._always
    texts = [("".join(pieces), si) for pieces, si in runs]
    c, py = Side(compiled), Side(None)
    # twice: the second time every Han atom comes from the memo
    for _ in range(2):
        assert c.shape(texts, spans, width, spacing, blank) == \
            py.shape(texts, spans, width, spacing, blank)
    assert c.memo() == py.memo()


@pytest.mark.parametrize("text", ["", " ", "\u00a0", "快", "，", "a", "快 ", " 快"])
def test_short_texts_shape_the_same(text):
    spans = [SpanStyle("body", 10.0, "ink")]
    c, py = Side(compiled), Side(None)
    assert c.shape([(text, 0)], spans, width, Spacing(), shaping._always) == \
        py.shape([(text, 0)], spans, width, Spacing(), shaping._always)


@pytest.mark.parametrize("text", ["快手", "，", "A", "a b", "快 A", "①", "\u00a0a"])
def test_a_failing_width_raises_alike(text):
    def failing(face: str, ch: str) -> float:
        raise KeyError(ch)
    spans = [SpanStyle("body", 10.0, "ink")]
    c, py = Side(compiled), Side(None)
    got = c.shape([(text, 0)], spans, failing, Spacing(), shaping._always)
    assert got == py.shape([(text, 0)], spans, failing, Spacing(), shaping._always)
    assert got == "raises KeyError"


def test_the_compiled_loops_take_the_rule_of_line_breaks_from_atoms():
    """What configure gave: pair_breakable's answer for every pair of classes
    (so atoms.py stays the one place the rule is written)."""
    names = sorted(set(_CLASS.values()) | {"NU", "ID", "AL", "OP", "CL"})
    assert len(names) < 64
    assert any(not pair_breakable(x, y, False) for x in names for y in names)
    assert shaping._COMPILED is compiled or os.environ.get("CSRPRESS_PURE")
