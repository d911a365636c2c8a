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


def test_the_character_set_is_kept_as_one_string_and_read_back_equal(tmp_path, monkeypatch):
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
    kept = list((tmp_path / "machine").rglob("chars-*.pickle"))
    assert len(kept) == 1 and "快" in first and len(first) > 20000
    import pickle
    assert pickle.loads(kept[0].read_bytes()) == "".join(sorted(first))
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
