"""Preflight's kept page results: reused only for a page whose bytes (and every
resource it uses) are the ones checked before, in a watch session and, sealed,
in the project cache for a new process; a changed page is read again and its
defect reported; a damaged or foreign cache means a full check."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from csrpress.assets.cache import save_sealed
from csrpress.build import build_all
from csrpress.errors import Collector
from csrpress.pdf import preflight as P
from csrpress.session import BuildSession
from csrpress.source.layout import load_layout
from tests.samples import mini_project

BLOCKS = "".join(f"  - p: 第{i}段。快手的用户在这里记录生活，分享故事，彼此连接。"
                 f"{'每一个人都值得被记录。' * 12}\n" for i in range(60))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Both editions of a small report (several pages), as pikepdf writes them
    (so that a page changed by pikepdf is the only one changed): (layout,
    {edition: bytes})."""
    root = tmp_path_factory.mktemp("pfcache")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    try:
        project = mini_project(root / "p", BLOCKS)
        results = build_all(project)
    finally:
        mp.undo()
    layout = load_layout(project.layout, Collector())
    return layout, {r.edition: _with_defect(r.pdf.read_bytes(), None) for r in results}


@pytest.fixture(params=[1, 1000], ids=["pdfium-thread", "pdfium-inline"])
def reads(monkeypatch, request):
    """The pages each kind of page check reads: {"colour": [...], "read": [...]},
    with pdfium loading the pages in a thread (from one page to read on) or
    in the check's own (see preflight._Drawn)."""
    monkeypatch.setattr(P._Drawn, "THREADED", request.param)
    seen: dict[str, list[int]] = {"colour": [], "read": []}
    colour, read = P._colour_page, P._read_page

    def count_colour(page, number, *a):
        seen["colour"].append(number)
        return colour(page, number, *a)

    def count_read(page, drawn, number, *a):
        seen["read"].append(number)
        return read(page, drawn, number, *a)

    monkeypatch.setattr(P, "_colour_page", count_colour)
    monkeypatch.setattr(P, "_read_page", count_read)
    return seen


def _check(session: BuildSession, layout, edition: str, data: bytes) -> P.Preflight:
    with session.active():
        return P.preflight(data, layout, layout.editions[edition], None)


def _with_defect(data: bytes, number: int | None, ops: bytes = b"") -> bytes:
    """The file as pikepdf writes it, with ``ops`` drawn first on page
    ``number`` (0-based; None: no page changed)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if number is not None:
            pdf.pages[number].contents_add(pdf.make_stream(ops), prepend=True)
        out = io.BytesIO()
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


def _font_name(data: bytes, number: int) -> str:
    """The resource name of the regular face on the page (it has 快)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return next(str(name) for name, font in pdf.pages[number].Resources.Font.items()
                    if str(font.BaseFont).endswith("Regular"))


def _unsafe(data: bytes, number: int) -> bytes:
    """Text drawn 2 pt from the trim's corner of page ``number``."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        x, y = (float(v) for v in list(pdf.pages[number].TrimBox)[:2])
    return _with_defect(data, number, f"BT {_font_name(data, number)} 9 Tf {x + 2:.2f} "
                                      f"{y + 2:.2f} Td <5FEB> Tj ET".encode())


def test_an_unchanged_page_is_not_read_again_and_a_changed_one_is(written, reads):
    import sys

    layout, data = written
    session = BuildSession()
    switch = sys.getswitchinterval()
    first = _check(session, layout, "screen", data["screen"])
    assert sys.getswitchinterval() == switch      # (set back after pdfium's thread)
    pages = first.facts["pages"]
    assert pages > 2 and not first.errors
    assert sorted(reads["read"]) == list(range(pages))
    reads["read"].clear()
    reads["colour"].clear()
    # the same pages but one in another file: that one is read
    again = _check(session, layout, "screen", _with_defect(data["screen"], 1, b"\n"))
    assert reads["read"] == [1] and reads["colour"] == [1]
    assert not again.errors
    reads["read"].clear()
    reads["colour"].clear()
    # a defect on one page: that page alone is read, and the defect reported
    bad = _check(session, layout, "screen", _unsafe(data["screen"], 2))
    assert reads["read"] == [2] and reads["colour"] == [2]
    assert any("text within" in e.message and "p3" in e.message for e in bad.errors)


def _kept_for_a_new_process(layout, edition: str, data: bytes, tmp_path, reads,
                            spoil=None) -> tuple[P.Preflight, BuildSession]:
    """Check a file, save what the check kept in a project cache file (then
    `spoil(path, held)` it, if given), and load that file into a new session,
    as a new process would: (the first check, the new session); the pages
    read are counted afresh from here."""
    path = tmp_path / P.cache_name()
    tmp_path.mkdir(exist_ok=True)
    session = BuildSession()
    with session.active():
        P.load_checked(path)                # (none yet: as a build does first)
    pf = _check(session, layout, edition, data)
    with session.active():
        P.save_checked(path, pf.keys)
    if spoil is not None:
        spoil(path, session.preflight)
    reads["read"].clear()
    reads["colour"].clear()
    later = BuildSession()                  # a new process: the project cache only
    with later.active():
        P.load_checked(path)
    return pf, later


def test_a_new_process_reuses_the_kept_results_and_finds_a_new_defect(written, reads, tmp_path):
    layout, data = written
    _pf, later = _kept_for_a_new_process(layout, "print", data["print"], tmp_path, reads)
    defect = _with_defect(data["print"], 1, b"1 0 0 rg 10 10 5 5 re f")
    bad = _check(later, layout, "print", defect)
    assert reads["colour"] == [1] and reads["read"] == [1]
    assert any("RGB colour operators on pages [2]" in e.message for e in bad.errors)


def _full_check_after(cache_bytes: bytes | None, written, reads, tmp_path, seal=None) -> None:
    layout, data = written

    def spoil(path: Path, held: dict) -> None:
        if seal is not None:
            save_sealed(path, seal(held))
        else:
            path.write_bytes(cache_bytes(path.read_bytes()))

    expected, later = _kept_for_a_new_process(layout, "screen", data["screen"], tmp_path,
                                              reads, spoil)
    found = _check(later, layout, "screen", _with_defect(data["screen"], 0, b"\n"))
    pages = expected.facts["pages"]
    assert sorted(reads["read"]) == list(range(pages))
    assert sorted(reads["colour"]) == list(range(pages))
    assert found.facts == expected.facts and found.errors == expected.errors


def test_a_damaged_cache_means_a_full_check(written, reads, tmp_path):
    def flip(raw: bytes) -> bytes:
        return raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:]
    _full_check_after(flip, written, reads, tmp_path)
    _full_check_after(lambda raw: raw[:len(raw) // 2], written, reads, tmp_path)


def test_a_foreign_cache_means_a_full_check(written, reads, tmp_path):
    # entries of another kind under the very keys the check looks up
    _full_check_after(None, written, reads, tmp_path,
                      seal=lambda held: (P._FILE_TAG, {k: ("foreign",) for k in held}))
    # a sealed file of another kind
    _full_check_after(None, written, reads, tmp_path,
                      seal=lambda held: ("another-file", dict(held)))


def test_a_glyph_missing_on_one_page_is_found_with_its_page_changed(written):
    layout, data = written
    session = BuildSession()
    assert not _check(session, layout, "screen", data["screen"]).errors
    font = _font_name(data["screen"], 1)
    bad = _check(session, layout, "screen",
                 _with_defect(data["screen"], 1, f"BT {font} 9 Tf 100 100 Td <9F98> Tj ET"
                              .encode()))
    assert any("code <9F98> has no ToUnicode entry" in e.message for e in bad.errors)


def test_the_cache_is_named_by_the_code_and_the_readers():
    assert P.cache_name().startswith("preflight-")
    assert any(v.startswith("pikepdf-") for v in P._reader_versions())
    assert any(v.startswith("pypdfium2-") for v in P._reader_versions())


def test_page_keys_cover_the_fonts_programs(written):
    """A font program changed (a new character) changes the key of the pages
    that use it, not the key of what they draw but their fonts."""
    from csrpress.pdf.pagekeys import ObjectDigests

    _, data = written
    with pikepdf.open(io.BytesIO(data["screen"])) as pdf:
        digests = ObjectDigests(pdf)
        before = [(digests.page(p), digests.drawing(p, b""), digests.glyphs(p))
                  for p in pdf.pages]
        assert all(k is not None for keys in before for k in keys)
        assert len({k for k, _, _ in before}) == len(before)
        assert len({k for _, _, k in before}) == len(before)
        font = next(iter(pdf.pages[1].Resources.Font.values()))
        program = font.DescendantFonts[0].FontDescriptor.FontFile2
        program.write(program.read_bytes() + b"\0\0\0\0")
        digests = ObjectDigests(pdf)
        after = [(digests.page(p), digests.drawing(p, b""), digests.glyphs(p))
                 for p in pdf.pages]
    assert after[1][0] != before[1][0] and after[1][1] == before[1][1]
    assert after[1][2] != before[1][2]          # (the glyph check reads the program)


def test_glyph_keys_cover_what_the_glyph_check_reads(written):
    """The glyph check's page key (ObjectDigests.glyphs) changes with the
    page's content streams and with its fonts' code maps, not with what the
    check does not read (the page's boxes); the geometry key the other way
    round."""
    from csrpress.pdf.pagekeys import ObjectDigests

    def keys(pdf: pikepdf.Pdf) -> tuple:
        digests = ObjectDigests(pdf)
        page = pdf.pages[1]
        return digests.glyphs(page), digests.geometry(page)

    _, data = written
    with pikepdf.open(io.BytesIO(data["screen"])) as pdf:
        glyphs, frame = keys(pdf)
        pdf.pages[1].obj.TrimBox = pikepdf.Array([1, 1, 100, 100])
        assert keys(pdf) == (glyphs, keys(pdf)[1]) and keys(pdf)[1] != frame
        font = next(iter(pdf.pages[1].Resources.Font.values()))
        font.ToUnicode.write(font.ToUnicode.read_bytes() + b"\n")
        assert keys(pdf)[0] != glyphs
        glyphs = keys(pdf)[0]
        contents = pdf.pages[1].obj.Contents
        contents.write(contents.read_bytes() + b"\n")
        assert keys(pdf)[0] != glyphs


def test_the_geometry_key_covers_each_box_present_or_not(written):
    """The geometry key (ObjectDigests.geometry: read from the keys a page
    has) changes when a box the page lacked is added, when one it had is
    removed, and with its rotation; and not with what it does not read."""
    from csrpress.pdf.pagekeys import ObjectDigests

    def key(pdf: pikepdf.Pdf) -> bytes:
        return ObjectDigests(pdf).geometry(pdf.pages[1])

    _, data = written
    with pikepdf.open(io.BytesIO(data["screen"])) as pdf:
        page = pdf.pages[1].obj
        seen = {key(pdf)}
        page.Rotate = 90
        seen.add(key(pdf))
        for name in ("/CropBox", "/ArtBox"):       # (absent: added)
            assert name not in page
            page[name] = pikepdf.Array([0, 0, 200, 200])
            seen.add(key(pdf))
        del page["/BleedBox"]                      # (present: removed)
        seen.add(key(pdf))
        page.UserUnit = 2
        seen.add(key(pdf))
        assert len(seen) == 6
        page.Tabs = pikepdf.Name("/S")             # (not read)
        assert key(pdf) in seen


def test_a_page_with_wrong_boxes_is_an_error_kept_or_not(written):
    """The boxes check's verdict is kept by the page's geometry: a page
    whose trim box is wrong is an error in a session that checked it right
    before, and again when checked from the kept verdict."""
    layout, data = written
    session = BuildSession()
    assert not _check(session, layout, "screen", data["screen"]).errors
    with pikepdf.open(io.BytesIO(data["screen"])) as pdf:
        pdf.pages[2].obj.TrimBox = pikepdf.Array([1, 1, 100, 100])
        out = io.BytesIO()
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    for _ in range(2):
        bad = _check(session, layout, "screen", out.getvalue())
        assert any("page 3: boxes" in e.message for e in bad.errors)
        # (a file checked whole is kept whole: the second check must not be that)
        session.preflight = {k: v for k, v in session.preflight.items() if k[0] != "file"}


def test_a_cycle_gets_no_key(tmp_path):
    from csrpress.pdf.pagekeys import ObjectDigests

    pdf = pikepdf.new()
    pdf.add_blank_page()
    a = pdf.make_indirect(pikepdf.Dictionary())
    b = pdf.make_indirect(pikepdf.Dictionary(Next=a))
    a.Next = b
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=a))
    assert ObjectDigests(pdf).page(pdf.pages[0]) is None
    assert Path(tmp_path).exists()


def _font_changed(data: bytes, what: str) -> bytes:
    """The file with the regular face's subset as a new character elsewhere
    leaves it ('subset': another tag, one more width, its program's bytes
    changed), or with a metric the glyphs' boxes depend on changed ('metric')."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for font in {f.objgen: f for page in pdf.pages
                     for _, f in page.Resources.Font.items()}.values():
            if not str(font.BaseFont).endswith("Regular"):
                continue
            cid = font.DescendantFonts[0]
            desc = cid.FontDescriptor
            if what == "subset":
                tag = "/ZZZZZZ+" + str(font.BaseFont).split("+")[-1]
                font.BaseFont = cid.BaseFont = desc.FontName = pikepdf.Name(tag)
                cid.W = pikepdf.Array(list(cid.W) + [60000, pikepdf.Array([1000])])
                program = desc.FontFile2
                program.write(program.read_bytes() + b"\0\0\0\0")
            else:
                desc.Ascent = int(desc.Ascent) + 50
        out = io.BytesIO()
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


def test_a_subset_grown_by_a_character_elsewhere_is_not_read_again(written, reads):
    """A new character anywhere makes a new subset (program, widths, tag):
    the pages' text rectangles are those of the same glyphs (their codes in
    the unchanged streams, the same source font: preflight's `fonts`), so
    pdfium reads no page again (it read every page: a watch edit 0.45 →
    0.7 s CPU); a metric of the glyphs' boxes, or another source font, is
    read again."""
    layout, data = written
    session = BuildSession()
    first = _check(session, layout, "screen", data["screen"])
    reads["read"].clear()
    _check(session, layout, "screen", _font_changed(data["screen"], "subset"))
    assert reads["read"] == []
    _check(session, layout, "screen", _font_changed(data["screen"], "metric"))
    assert sorted(reads["read"]) == list(range(first.facts["pages"]))
    reads["read"].clear()
    with session.active():
        P.preflight(data["screen"], layout, layout.editions["screen"], None, "another font")
    assert sorted(reads["read"]) == list(range(first.facts["pages"]))


def test_what_pdfium_raises_in_its_thread_the_check_raises(written, monkeypatch):
    """pdfium loads the pages in a thread (preflight._Drawn): a failure there
    fails the check in the caller's thread, as a failure reading in it did,
    and the interpreter's switch interval is set back all the same."""
    import sys

    from csrpress.pdf import pdfium

    def broken(*_a, **_k):
        raise pdfium.PdfiumError("cannot load the document")

    layout, data = written
    monkeypatch.setattr(P._Drawn, "THREADED", 1)
    monkeypatch.setattr(pdfium, "Document", broken)
    switch = sys.getswitchinterval()
    with pytest.raises(pdfium.PdfiumError, match="cannot load"):
        _check(BuildSession(), layout, "screen", data["screen"])
    assert sys.getswitchinterval() == switch


def test_pages_past_those_the_thread_loads_are_read_all_the_same(written, reads, monkeypatch):
    """pdfium's thread reads the first _Drawn.LOADED pages to read only;
    the others are read in the check's thread when their turn comes: every
    page is read, and a defect on a later one found."""
    monkeypatch.setattr(P._Drawn, "LOADED", 1)
    layout, data = written
    found = _check(BuildSession(), layout, "screen", _unsafe(data["screen"], 2))
    assert sorted(reads["read"]) == list(range(found.facts["pages"]))
    assert any("text within" in e.message and "p3" in e.message for e in found.errors)


def _tounicode_changed(data: bytes, number: int, ops: bytes = b"", comment: bytes = b"again"
                  ) -> bytes:
    """The file with its regular face's ToUnicode rewritten (the same map, one
    comment more: every page that uses the face gets a new glyph key, as when
    a character is added to the subset), and ``ops`` drawn first on page
    ``number`` (none: no page's streams changed); ``comment``: the comment."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        font = next(f for _, f in pdf.pages[0].Resources.Font.items()
                    if str(f.BaseFont).endswith("Regular"))
        font.ToUnicode.write(font.ToUnicode.read_bytes() + b"\n% " + comment + b"\n")
        if ops:
            pdf.pages[number].contents_add(pdf.make_stream(ops), prepend=True)
        out = io.BytesIO()
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


@pytest.fixture
def streams_read(monkeypatch):
    """The content streams the glyph check decodes (one entry a read)."""
    from csrpress.pdf import glyphcheck as G

    seen: list[int] = []
    read = G._read

    def counted(parts):
        seen.append(len(parts))
        return read(parts)

    monkeypatch.setattr(G, "_read", counted)
    return seen


def test_a_new_process_reads_only_the_changed_streams_when_a_tounicode_changed(
        written, reads, tmp_path, streams_read):
    layout, data = written
    _pf, later = _kept_for_a_new_process(layout, "screen", data["screen"], tmp_path, reads)
    pages = _pf.facts["pages"]
    assert len(streams_read) >= pages          # (the first check read every page's)
    assert any(tmp_path.glob("glyphcodes-*.pickle"))
    streams_read.clear()
    # the font changed: every page's glyph verdict is made again, from the
    # codes kept for its unchanged streams; the page drawn anew is read, and
    # its code without a glyph found
    font = _font_name(data["screen"], 1)
    bad = _check(later, layout, "screen", _tounicode_changed(
        data["screen"], 1, f"BT {font} 9 Tf 100 100 Td <9F98> Tj ET".encode()))
    assert len(streams_read) == 1
    assert any("code <9F98> has no ToUnicode entry" in e.message for e in bad.errors)
    # the font changed again, in another new process: the defect found again,
    # from the codes the last one kept (no stream read)
    streams_read.clear()
    with later.active():
        P.save_checked(tmp_path / P.cache_name(), bad.keys)
    again = BuildSession()
    with again.active():
        P.load_checked(tmp_path / P.cache_name())
    bad = _check(again, layout, "screen", _tounicode_changed(
        data["screen"], 1, f"BT {font} 9 Tf 100 100 Td <9F98> Tj ET".encode(), b"once more"))
    assert len(streams_read) == 0
    assert any("code <9F98> has no ToUnicode entry" in e.message for e in bad.errors)


def test_damaged_or_foreign_saved_codes_mean_the_streams_are_read(
        written, reads, tmp_path, streams_read):
    layout, data = written
    font = _font_name(data["screen"], 1)
    defect = _tounicode_changed(data["screen"], 1, f"BT {font} 9 Tf 100 100 Td <9F98> Tj ET"
                           .encode())
    for spoil in ("damaged", "foreign", "lying"):
        _pf, later = _kept_for_a_new_process(layout, "screen", data["screen"],
                                             tmp_path / spoil, reads)
        path = next((tmp_path / spoil).glob("glyphcodes-*.pickle"))
        from csrpress.assets.cache import load_sealed

        tag, held = load_sealed(path)
        if spoil == "damaged":
            raw = path.read_bytes()
            path.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])
        elif spoil == "foreign":
            save_sealed(path, (tag, {k: ("foreign",) for k in held}))
        else:      # every page's codes said to show nothing but a space
            save_sealed(path, (tag, {k: {name: (b" ", v[1][:0]) for name, v in e.items()}
                                     for k, e in held.items()}))
        streams_read.clear()
        bad = _check(later, layout, "screen", defect)
        assert any("code <9F98> has no ToUnicode entry" in e.message for e in bad.errors)
        if spoil != "lying":
            assert len(streams_read) >= _pf.facts["pages"]


def test_a_file_checked_whole_before_leaves_the_saved_codes(written, tmp_path):
    # (a watch session back at a file it checked: no glyph was checked, so the
    # codes of its streams are still the ones to keep)
    layout, data = written
    path = tmp_path / P.cache_name()
    session = BuildSession()
    with session.active():
        P.load_checked(path)
    first = _check(session, layout, "screen", data["screen"])
    with session.active():
        P.save_checked(path, first.keys)
    codes = P.codes_path(path)
    before = codes.read_bytes()
    again = _check(session, layout, "screen", data["screen"])
    assert again is first                       # (the very same file: checked whole)
    with session.active():
        P.save_checked(path, again.keys)
    assert codes.read_bytes() == before


@pytest.fixture
def read_pages(monkeypatch):
    """The pages pdfium reads, with an edit's few pages to read read in the
    check's own thread (preflight._Drawn.THREADED as it is), in order."""
    seen: list[int] = []
    read = P._read_page

    def counted(page, drawn, number, *a):
        seen.append(number)
        return read(page, drawn, number, *a)

    monkeypatch.setattr(P, "_read_page", counted)
    return seen


@pytest.mark.parametrize("likely", [[2], [0, 2], [0], [1, 3], []],
                         ids=["the-page", "it-and-another", "another", "others", "none"])
def test_the_pages_loaded_early_change_nothing_the_check_finds(written, read_pages, likely):
    """The pages a build drew anew are loaded in pdfium from the check's
    start (preflight._Preload): only a guess. Right, wrong or partly right,
    the check reads the same pages (those the keys say changed), finds the
    same defect, and leaves no thread behind and the switch interval as it was."""
    import sys
    import threading

    layout, data = written
    session = BuildSession()
    _check(session, layout, "screen", data["screen"])       # every page kept
    read_pages.clear()
    switch, threads = sys.getswitchinterval(), threading.active_count()
    with session.active():
        bad = P.preflight(_unsafe(data["screen"], 2), layout, layout.editions["screen"], None,
                          likely=likely)
    assert read_pages == [2]
    assert any("text within" in e.message and "p3" in e.message for e in bad.errors)
    assert sys.getswitchinterval() == switch and threading.active_count() == threads


def test_a_failure_loading_early_is_no_failure(written, read_pages, monkeypatch):
    """pdfium failing in the early load (preflight._Preload) fails nothing:
    the page is loaded again where it is read (here: it loads), and the
    defect on it is found."""
    from csrpress.pdf import pdfium

    layout, data = written
    session = BuildSession()
    _check(session, layout, "screen", data["screen"])
    read_pages.clear()
    calls = {"n": 0}
    real = pdfium.Document

    def first_fails(data):
        calls["n"] += 1
        if calls["n"] == 1:
            raise pdfium.PdfiumError("cannot load the document")
        return real(data)

    monkeypatch.setattr(pdfium, "Document", first_fails)
    with session.active():
        bad = P.preflight(_unsafe(data["screen"], 2), layout, layout.editions["screen"], None,
                          likely=[2])
    assert calls["n"] == 2 and read_pages == [2]
    assert any("text within" in e.message and "p3" in e.message for e in bad.errors)


def test_pages_loaded_early_and_not_read_are_closed(written, monkeypatch):
    """A page loaded early that the keys keep is closed unread, with its
    text page, before its document (pdfium frees them, nothing leaks)."""
    from csrpress.pdf import pdfium

    closed: list[str] = []
    for cls, what in ((pdfium.Page, "page"), (pdfium.TextPage, "text"),
                      (pdfium.Document, "document")):
        def close(self, _real=cls.close, _what=what):
            if self.raw:
                closed.append(_what)
            _real(self)
        monkeypatch.setattr(cls, "close", close)
    layout, data = written
    session = BuildSession()
    _check(session, layout, "screen", data["screen"])
    closed.clear()
    with session.active():
        P.preflight(_with_defect(data["screen"], 1, b"\n"), layout, layout.editions["screen"],
                    None, likely=[1, 3])
    # page 1 read (its text closed after reading, then the page), page 3 closed
    # unread (text, then page), then the document
    assert closed == ["text", "page", "text", "page", "document"]
