"""Texts drawn as plain strings (chart labels, a model's boxes) are set as
the body sets text: an em dash between English words at Latin height, ASCII
brackets after Han full width. They were drawn as typed. Built in the
starter and read back from the PDF."""
from __future__ import annotations

import ctypes

import pypdfium2.raw as raw
import pytest

from tests.samples import built_starter

BLOCKS = """\
  - chart: 排放范围
    kind: bar
    data:
      - {label: "Scope 1 — direct", value: 5200}
      - {label: "范围二(间接)", value: 4800}
  - model: 管理模型
    levels:
      - title: 董事会
        items: ["Target — Review", 监督]
        text: 审议。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_starter(tmp_path_factory, "plaintexts", BLOCKS)


def _dashes(doc) -> dict[str, float]:
    """The ink centre (em above the baseline) of each em dash, by the word before it."""
    out = {}
    for page in doc.pdfium:
        tp = page.get_textpage()
        chars = [chr(raw.FPDFText_GetUnicode(tp.raw, i)) for i in range(raw.FPDFText_CountChars(tp.raw))]
        l, r, b, t = (ctypes.c_double() for _ in range(4))
        x, y = ctypes.c_double(), ctypes.c_double()
        for i, c in enumerate(chars):
            if c != "—":
                continue
            before = "".join(chars[max(0, i - 8):i]).replace(" ", "")
            raw.FPDFText_GetCharBox(tp.raw, i, l, r, b, t)
            raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
            size = raw.FPDFText_GetFontSize(tp.raw, i)
            out[before] = ((b.value + t.value) / 2 - y.value) / size
        tp.close()
    return out


def test_an_english_dash_in_a_chart_label_and_a_model_box_is_at_latin_height(built):
    _res, doc = built
    got = _dashes(doc)
    scope = [v for k, v in got.items() if k.endswith("Scope1")]
    target = [v for k, v in got.items() if k.endswith("Target")]
    assert scope and target, got
    assert scope[0] < 0.33 and target[0] < 0.33, got      # Chinese centre: ~0.38 em


def test_brackets_after_han_in_a_chart_label_are_full_width(built):
    _res, doc = built
    text = "".join(p.get_text() for p in doc)
    assert "范围二（间接）" in text and "范围二(间接)" not in text
