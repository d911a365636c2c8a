"""The compiled packing of a converted glyph (csrpress/assets/_glyf.c) gives
exactly what the Python code gives (outlines._packed): the same glyf bytes,
box and counts, compared by repr, for every glyph of every character of the
report's content files in each of its faces, and for generated contours —
deltas at the one-byte and two-byte limits, runs of equal flags past 255,
integer points, points beyond a short, NaN and infinite ones. Where the
Python code raises, the compiled module takes nothing (None) and the Python
code runs: the same error."""
from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrpress.assets import fonts as F
from csrpress.assets import outlines as O
from csrpress.errors import Collector
from csrpress.source.layout import load_layout

glyf = pytest.importorskip("csrpress.assets._glyf",
                           reason="the compiled packing is not built (no compiler at install)")

ROOT = Path(__file__).resolve().parents[2]


def _outcome(packer, points, types, ends) -> str:
    """What _compiled gives with this packer (None: the Python code alone),
    as a repr, or the name of the error it raises."""
    saved = O._GLYF
    O._GLYF = packer
    try:
        return repr(O._compiled(points, types, ends))
    except Exception as exc:            # the same error both ways is the same result
        return f"raises {type(exc).__name__}"
    finally:
        O._GLYF = saved


def _same(points, types, ends) -> None:
    assert _outcome(glyf, points, types, ends) == _outcome(None, points, types, ends)


def _report_inputs() -> list[tuple[list, list, list]]:
    """What the report's faces pack when converting every character of its content files."""
    layout = load_layout(ROOT / "layout", Collector())
    chars = sorted({ch for path in (ROOT / "content").glob("*.yaml")
                    for ch in path.read_text(encoding="utf-8") if ch.isprintable()})
    seen: list[tuple[list, list, list]] = []
    real = O._compiled

    def spy(points, types, ends):  # type: ignore[no-untyped-def]
        seen.append((list(points), list(types), list(ends)))
        return real(points, types, ends)

    O._compiled = spy
    try:
        for settings_ in layout.faces.values():
            src = F.resolve_source(layout.font_source, dict(settings_ or {}), ROOT / "fonts",
                                   Collector())
            assert src is not None
            F.convert_glyphs(src.path, src.font_number, src.location, chars)
    finally:
        O._compiled = real
    return seen


def test_every_glyph_of_the_report_packs_alike() -> None:
    inputs = _report_inputs()
    assert len(inputs) > 2000            # (the body face alone has ~1,900 characters)
    differ = [k for k, (p, t, e) in enumerate(inputs)
              if repr(glyf.compiled(p, t, e) if e else None) not in
              ("None", repr(O._packed(p, t, e)))]
    assert differ == []
    # and the compiled module took them (not left them all to Python)
    assert sum(glyf.compiled(p, t, e) is not None for p, t, e in inputs if e) > 2000


def _line(n: int, dx: float, dy: float, start: tuple = (0.0, 0.0)) -> list[tuple]:
    return [(start[0] + k * dx, start[1] + k * dy) for k in range(n)]


@pytest.mark.parametrize("points", [
    _line(600, 10.0, 0.0),                     # one flag repeated past 255
    _line(300, 255.0, -255.0),                 # one-byte deltas at their limit
    _line(40, 256.0, -256.0),                  # the first two-byte deltas
    [(0.0, 0.0), (32767.0, -32768.0)],         # a short's limits
    [(0.0, 0.0), (32767.4, 0.0), (-32768.0, 0.0)],   # a delta beyond a short
    [(0.0, 0.0), (40000.0, 0.0)],              # a box beyond a short
    [(0.5, -0.5), (1.5, -1.5), (2.4999, 2.5)],  # rounding halves as floor(x + 0.5)
    [(0, 0), (10, 3), (True, 2)],              # integer points (a bool among them)
    [(0.0, 0.0), (math.nan, 1.0)],
    [(0.0, 0.0), (math.inf, 1.0)],
    [(0.0, 0.0), [5.0, 5.0]],                  # a point that is a list
    [(0.0, 0.0), (10 ** 30, 0.0)],
    [],
])
def test_edge_cases_pack_alike(points: list) -> None:
    n = len(points)
    for types in ([1] * n, [k % 2 for k in range(n)], [1] * max(0, n - 1), [1, 2, 300][:n]):
        for ends in ([max(0, n - 1)], [0, max(0, n - 1)], [70000], [-1], []):
            _same(points, types, ends)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(-40000, 40000, allow_nan=False),
                          st.floats(-40000, 40000, allow_nan=False)), min_size=1, max_size=60),
       st.data())
def test_generated_contours_pack_alike(points: list, data: st.DataObject) -> None:
    n = len(points)
    types = data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    cuts = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=4)))
    _same(points, types, cuts)
    small = [(round(x / 200), round(y / 200)) for x, y in points]   # ints, small deltas
    _same(small, types, cuts)
