"""assets.ttfpack: a subset packed without fontTools is, byte for byte, the
font fontTools' FontBuilder makes of the same characters (fonts.fonttools_ttf),
for what ttfpack covers; for the rest it declines and fontTools builds it."""
from __future__ import annotations

import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

from csrpress.assets import fonts as F
from csrpress.assets import ttfpack
from csrpress.errors import Collector
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]
NOTICES = {0: "© 2014-2019 Adobe (http://www.adobe.com/)", 13: "OFL 1.1",
           14: "http://scripts.sil.org/OFL"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Converted glyphs of the report's first ~900 distinct characters (Han,
    Latin, figures, punctuation, the space) from its regular face."""
    layout = load_layout(ROOT / "layout", Collector())
    fonts = F.load_fonts(layout, ROOT / "fonts", tmp_path_factory.mktemp("c"), Collector())
    face = fonts["regular"]
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").glob("*.yaml")))
    chars = sorted({c for c in text if c in face.charset and c not in "\n\t"})[:900]
    chars = sorted(set(chars) | set(" ABCDEFGHIJKLMNOPQRSTUVWXYZaz09，。、（）"))
    return F.convert_glyphs(face.source.path, face.source.font_number,
                            face.source.location, chars)


def _sets(store: dict) -> list[str]:
    keys = sorted(store)
    rnd = random.Random(16)
    out = ["".join(keys), "", keys[0], " ", "".join(keys[:40]), "".join(keys[-3:])]
    out += ["".join(sorted(rnd.sample(keys, rnd.randint(1, len(keys))))) for _ in range(8)]
    out.append("".join(keys[:50]) + "\u4e00\u9fa5")      # (characters the store lacks)
    shuffled = keys[:200]
    rnd.shuffle(shuffled)
    out.append("".join(shuffled))                       # (glyphs not in code order)
    # consecutive codes whose glyph ids run in order for 8, 9, 4 and 5 codes
    # (cmap segments: kept inside a range from 9, at its edges from 5)
    out += ["Z" + "BCDEFGHI" + "A" + "JKLMNOPQRSTUVWXY", "Z" + "BCDEFGHIJ" + "A" + "KLMNOPQRSTUVWXY",
            "BCDE" + "A" + "F", "BCDEF" + "A" + "G", "A" + "GHIJK" + "BCDEF"]
    return out


def test_packed_subsets_are_the_fonts_fonttools_builds(store):
    raw = F.name_table({1: "CSRPressRegular", 2: "Regular", 6: "CSRPressRegular", **NOTICES})
    sizes = set()
    for chars in _sets(store):
        ours = ttfpack.pack_ttf("CSRPressRegular", chars, store, raw)
        assert ours is not None
        assert ours == F.fonttools_ttf("CSRPressRegular", chars, store, NOTICES), len(chars)
        assert F.build_ttf("CSRPressRegular", chars, store, NOTICES) == ours
        sizes.add(len(ours) >= 0x20000)
    assert sizes == {True, False}         # (long and short loca both compared)


def test_what_it_does_not_cover_fonttools_builds(store):
    """Beyond the BMP (cmap format 12), a notice Mac Roman cannot hold."""
    wide = dict(store)
    wide["\U00020000"] = store["中"] if "中" in store else next(iter(store.values()))
    chars = "".join(sorted(wide))[:30] + "\U00020000"
    assert ttfpack.pack_ttf("CSRPressRegular", chars, wide, b"") is None
    assert F.build_ttf("CSRPressRegular", chars, wide, NOTICES) == \
        F.fonttools_ttf("CSRPressRegular", chars, wide, NOTICES)
    notices = {0: "版权所有"}
    assert F.name_table({1: "X", 2: "Regular", 6: "X", **notices}) is None
    assert F.build_ttf("X", chars[:30], store, notices) == \
        F.fonttools_ttf("X", chars[:30], store, notices)


def test_the_unicode_ranges_are_fonttools(store):
    from fontTools.ttLib.tables.O_S_2f_2 import _getUnicodeRanges

    starts, values = _getUnicodeRanges()
    assert list(ttfpack._RANGES) == [(s, *v) for s, v in zip(starts, values[1:])]


def test_a_new_process_builds_a_subset_without_fonttools(store, tmp_path):
    """The point of ttfpack: an edit that adds a character builds the
    subset again without importing fontTools (~0.05 s of a new process)."""
    (tmp_path / "store.pickle").write_bytes(pickle.dumps(store))
    code = ("import pickle, sys\n"
            "from csrpress.assets import fonts as F\n"
            "store = pickle.loads(open(sys.argv[1], 'rb').read())\n"
            "F.build_ttf('CSRPressRegular', ''.join(sorted(store)), store, "
            "{0: '(c) Adobe'})\n"
            "print(sorted(m for m in sys.modules if m.startswith('fontTools')))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store.pickle")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
