"""The font pipeline: real weights from the variable font, TrueType subsets of
exactly the used characters, and a cache that makes the second time free."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.assets import fonts as F
from csrpress.errors import Collector
from csrpress.source.layout import load_layout

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def faces(tmp_path):
    layout = load_layout(ROOT / "layout", Collector())
    return F.load_fonts(layout, ROOT / "fonts", tmp_path, Collector())


def test_weights_are_real_instances(faces):
    regular, bold = faces["regular"], faces["bold"]
    assert regular.width("中") == bold.width("中") == 1.0          # the em square
    assert regular.width("A") != bold.width("A")                  # Latin widths vary by weight
    assert regular.width("A") == pytest.approx(0.6075, abs=0.001)   # Noto Sans CJK SC
    assert bold.width("A") == pytest.approx(0.6411, abs=0.001)


def test_subset_is_truetype_with_exactly_the_used_characters(faces):
    from fontTools.ttLib import TTFont

    face = faces["bold"]
    face.used = set("快手企业社会责任报告2019")
    converted = F.convert_glyphs(face.source.path, face.source.font_number,
                                 face.source.location, sorted(face.used))
    face.add_glyphs(converted)
    path = face.subset_path("".join(sorted(face.used)))
    font = TTFont(str(path))
    assert "glyf" in font and "CFF " not in font and "CFF2" not in font
    assert set(chr(c) for c in font.getBestCmap()) == face.used
    for name in font.getGlyphOrder()[1:]:
        glyph = font["glyf"][name]
        assert glyph.numberOfContours > 0
        assert not any(f & 0x80 for f in glyph.flags)              # no cubic points
    head = font["head"]                                            # reproducible: a fixed
    assert head.created == head.modified < 2082844800 + 86400 * 366  # stamp, not "now"


def test_second_time_needs_no_conversion(faces, monkeypatch):
    fonts = faces
    for face in fonts.faces.values():
        face.used = set("有温度的科技")
    fonts.register()
    def fail(*_a, **_k):
        raise AssertionError("converted again")
    monkeypatch.setattr(F, "convert_glyphs", fail)
    monkeypatch.setattr(F, "_convert_all", fail)
    for face in fonts.faces.values():
        face.used = set("有温度的科技")
    fonts.register()                                              # all from the cache


def test_missing_characters_are_found(faces):
    assert faces.missing("快手\U0001F3A4") == ["\U0001F3A4"]


def test_embedded_subsets_keep_the_copyright_and_licence(built):
    """The OFL asks that the notices travel with the font: name IDs 0, 13, 14
    survive into every font file embedded in the PDF."""
    import io

    import pikepdf
    from fontTools.ttLib import TTFont

    with pikepdf.open(built.pdf) as pdf:
        files = {d.FontFile2.objgen: d.FontFile2.read_bytes() for d in pdf.objects
                 if isinstance(d, pikepdf.Dictionary) and "/FontFile2" in d}
    assert files
    for data in files.values():
        name = TTFont(io.BytesIO(data))["name"]
        assert "Adobe" in name.getDebugName(0)
        assert "Open Font License" in name.getDebugName(13)
        assert "OFL" in name.getDebugName(14)


def test_converted_glyphs_are_shared_by_projects(tmp_path, monkeypatch):
    """A second project (empty project cache) converts nothing: the glyph
    store is the machine's, keyed by the font file's bytes."""
    monkeypatch.setenv("CSRPRESS_FONT_CACHE", str(tmp_path / "machine"))
    layout = load_layout(ROOT / "layout", Collector())
    for n, name in enumerate(("one", "two")):
        (tmp_path / name).mkdir()
        fonts = F.load_fonts(layout, ROOT / "fonts", tmp_path / name, Collector())
        for face in fonts.faces.values():
            face.used = set("温度")
        if n:
            def fail(*_a, **_k):
                raise AssertionError("converted again")
            monkeypatch.setattr(F, "convert_glyphs", fail)
            monkeypatch.setattr(F, "_convert_all", fail)
        fonts.register()
    assert list((tmp_path / "two").glob("subset*.ttf"))          # subsets stay per project


def test_font_files_are_known_by_their_bytes(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    a, b = tmp_path / "a.ttf", tmp_path / "b.ttf"
    a.write_bytes(b"same bytes")
    b.write_bytes(b"same bytes")
    assert F.file_hash(a, store) == F.file_hash(b, store)
    b.write_bytes(b"other bytes!")                               # a new stamp: read again
    assert F.file_hash(a, store) != F.file_hash(b, store)


def test_the_character_set_is_kept_as_a_bitmap_and_read_back_equal(tmp_path, monkeypatch):
    """The machine's store keeps a font file's characters (a new process reads
    them, not the font); a damaged entry is read from the font again."""
    from csrpress.session import BuildSession

    monkeypatch.setenv("CSRPRESS_FONT_CACHE", str(tmp_path / "machine"))
    layout = load_layout(ROOT / "layout", Collector())

    def charset() -> frozenset[str]:
        with BuildSession().active():            # (a new process: nothing in memory)
            fonts = F.load_fonts(layout, ROOT / "fonts", tmp_path, Collector())
            return fonts["regular"].charset

    first = charset()
    kept = list((tmp_path / "machine").rglob("charset-*.pickle"))
    assert len(kept) == 1 and "快" in first and len(first) > 20000
    import pickle
    raw = F.CharSet(pickle.loads(kept[0].read_bytes()))       # (the file's own characters;
    assert set(raw) | F.synthesisable(raw) == set(first)         # sub/superscripts made)
    assert charset() == first
    kept[0].write_bytes(b"\x80\x05damaged")
    assert charset() == first


def test_release_frees_the_font_files_without_a_collection(tmp_path, monkeypatch):
    """Fonts.release drops the opened files and nothing keeps them alive in a
    reference cycle (it no longer runs the garbage collector), also after
    glyphs were converted, measured and boxed."""
    import gc
    import weakref

    from csrpress.session import BuildSession, current

    monkeypatch.setenv("CSRPRESS_FONT_CACHE", str(tmp_path / "fonts"))
    layout = load_layout(ROOT / "layout", Collector())
    with BuildSession().active():
        fonts = F.load_fonts(layout, ROOT / "fonts", tmp_path, Collector())
        for face in fonts.faces.values():
            face.used = set("快手，—A1")
            face.box("—")
        fonts.register()
        opened = [weakref.ref(f) for f in current().font_files.values()]
        assert opened
        was = gc.isenabled()
        gc.disable()
        try:
            fonts.release()
            assert all(ref() is None for ref in opened)
        finally:
            if was:
                gc.enable()


def test_sub_and_superscripts_the_font_lacks_are_made_from_its_figures(faces, tmp_path,
                                                                       monkeypatch):
    """Noto CJK has no ₂ or ⁵: "CO₂" was an error (the font has no glyph).
    The face gets them from its own figures, scaled and moved; they are
    glyphs of its subset, mapped to their characters (the text layer reads
    CO₂), in paragraphs, tables and chart labels alike. A character the font
    has (²) is its own glyph."""
    from fontTools.ttLib import TTFont

    from csrpress.build import build
    from tests import pdfread
    from tests.samples import mini_project

    face = faces["regular"]
    assert faces.missing("CO₂ 10⁶ NOₓ m²") == []
    assert "₂" not in face._open().charset() and "²" in face._open().charset()
    assert face.width("₂") == pytest.approx(round(face.width("2") * 1000 * F.SYNTHESIS_SCALE)
                                            / 1000)
    converted = F.convert_glyphs(face.source.path, face.source.font_number,
                                 face.source.location, ["2", "₂", "⁶"])
    two, sub, sup = converted["2"][2], converted["₂"][2], converted["⁶"][2]   # ink boxes
    assert sub[3] - sub[1] == pytest.approx((two[3] - two[1]) * F.SYNTHESIS_SCALE, abs=3)
    assert sub[1] < two[1] - 100 and sup[1] > two[1] + 250     # below / above the baseline
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    res = build(mini_project(tmp_path / "p", """
  - p: 二氧化碳（CO₂）排放 10⁶ 吨，NOₓ 与 SO₂ 同比下降，单位面积 m² 计。
  - table: 排放
    columns: [指标, 数值]
    rows:
      - [CO₂ 排放, "12"]
  - chart: 各年 CO₂ 排放
    kind: bar
    labels: [2023 年 CO₂, 2024 年 CO₂]
    series:
      - {values: [3, 4]}
"""))
    text = "".join(pdfread.open_pdf(res.pdf)[0].get_text().split())
    assert "（CO₂）排放10⁶吨" in text and "NOₓ与SO₂" in text and "CO₂排放" in text
    assert "2024年CO₂" in text


def _fonttools_name_table(records: dict[int, str]) -> bytes:
    """The name table fontTools' FontBuilder compiles for the records."""
    from fontTools.fontBuilder import FontBuilder

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef"])
    fb.setupNameTable(records)
    return fb.font["name"].compile(fb.font)


@pytest.mark.parametrize("notices", [
    {},
    {0: "Copyright © 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name "
        "'Source'.", 13: "This Font Software is licensed under the SIL Open Font License, "
        "Version 1.1.", 14: "http://scripts.sil.org/OFL"},
    {14: "same", 0: "same"},                          # (one string stored once)
    {13: "Licence: é ü ß ∂ ƒ"},                       # Mac Roman beyond ASCII
])
def test_the_name_table_is_the_one_fonttools_compiles(notices):
    records = {1: "CSRPressRegular", 2: "Regular", 6: "CSRPressRegular", **notices}
    assert F.name_table(records) == _fonttools_name_table(records)


def test_a_subset_is_the_font_fonttools_builds(faces, monkeypatch):
    """build_ttf writes the name table itself (fontTools' module for it
    imports the OpenType layout tables, ~50 ms of a new process after an edit
    that adds a character): the subset is byte for byte the font fontTools'
    own name table gave, for notices Mac Roman holds and (fontTools' way
    then) for one it cannot."""
    from fontTools.ttLib import ttFont

    face = faces["regular"]
    chars = "快手企业社会责任报告2019AZaz，。"
    store = F.convert_glyphs(face.source.path, face.source.font_number,
                             face.source.location, sorted(chars))
    for notices in ({0: "© 2014 Adobe", 13: "OFL 1.1", 14: "http://scripts.sil.org/OFL"},
                    {0: "版权所有", 13: "OFL"}):
        ours = F.build_ttf("CSRPressRegular", chars, store, notices)
        monkeypatch.setattr(F, "name_table", lambda _records: None)
        theirs = F.build_ttf("CSRPressRegular", chars, store, notices)
        monkeypatch.undo()
        assert ours == theirs
        assert "name" not in ttFont._customTableRegistry        # (registered while saving only)


def test_building_a_subset_imports_no_layout_tables(faces, tmp_path):
    """In a new process, a subset is built without fontTools' OpenType
    layout tables (otTables): what the name table module would import."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from csrpress.assets import fonts as F\n"
            "store = {c: v for c, v in F.convert_glyphs(sys.argv[1], int(sys.argv[2]), "
            "eval(sys.argv[3]), list('快手')).items()}\n"
            "F.build_ttf('CSRPressRegular', '快手', store, {0: '© Adobe'})\n"
            "print('fontTools.ttLib.tables.otTables' in sys.modules)\n")
    face = faces["regular"]
    out = subprocess.run([sys.executable, "-c", code, str(face.source.path),
                          str(face.source.font_number), repr(face.source.location)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_character_set_answers_as_the_set_of_its_characters():
    """CharSet (a bitmap over the code points) holds exactly the characters
    it is made of: every code point asked, above the BMP too; anything but
    one character is not in it; iterated in code point order."""
    chars = frozenset("快手A\x00\U0002A6A5\U0010FFFF—" + "".join(map(chr, range(0x4E00, 0x4F00))))
    found = F.CharSet.of(chars)
    assert all((chr(n) in found) == (chr(n) in chars) for n in range(0x110000))
    assert "快手" not in found and "" not in found and 0x5FEB not in found and None not in found
    assert list(found) == sorted(chars) and len(found) == len(chars)
    assert found and not F.CharSet.of("") and found == F.CharSet.of(sorted(chars))
    derived = F.CharSet.of(chars | set(F.ALIASES) | {"2"}).derived()
    assert set(derived) == (chars | {"2"} | F.synthesisable(chars | {"2"}))
    assert "\u2082" in derived and F.LATIN_EM_DASH in derived        # (₂ made from 2; — given)
