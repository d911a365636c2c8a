"""The shape cache saved between processes: a saved shape reads back equal,
keys are the text as drawn (page references resolved), and a damaged or
foreign file reads as empty (a cache never breaks a build)."""
from __future__ import annotations

import pickle

from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shapecache import ShapeCache, shape_path
from csrpress.text.shaping import Spacing

from tests.text.standins import stand_in_fonts

STYLE = Style("body", "regular", 10.0, 18.0, "ink", align="justify")
TEXT = "参见第{{page:x}}页的说明（“引号”）、Latin words 和数字 2019 年，——破折号……"


def _ctx(cache: ShapeCache, page: int) -> TextContext:
    return TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing(),
                       pages={"x": page}, shape_cache=cache)


def test_saved_shapes_read_back_equal(tmp_path) -> None:
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    first = Paragraph(TEXT, STYLE, _ctx(cache, 9))
    cache.save()
    loaded = ShapeCache.load(path)
    assert len(loaded.held) == 1 and loaded.new == 0
    again = Paragraph(TEXT, STYLE, _ctx(loaded, 9))
    assert loaded.new == 0                         # served from the file
    assert repr((again.atoms, again.gaps)) == repr((first.atoms, first.gaps))


def test_shapes_are_keyed_by_the_resolved_page_number(tmp_path) -> None:
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    Paragraph(TEXT, STYLE, _ctx(cache, 9))
    cache.save()
    loaded = ShapeCache.load(path)
    wide = Paragraph(TEXT, STYLE, _ctx(loaded, 1234))
    fresh = Paragraph(TEXT, STYLE, _ctx(ShapeCache(), 1234))
    assert loaded.new == 1
    assert repr((wide.atoms, wide.gaps)) == repr((fresh.atoms, fresh.gaps))


def test_only_used_shapes_are_kept(tmp_path) -> None:
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    Paragraph(TEXT, STYLE, _ctx(cache, 9))
    Paragraph("另一段文字。", STYLE, _ctx(cache, 9))
    cache.save()
    Paragraph(TEXT, STYLE, _ctx(cache, 9))          # the next build uses one of them
    cache.save()
    assert len(ShapeCache.load(path).held) == 1


def test_a_damaged_or_foreign_file_reads_as_empty(tmp_path) -> None:
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    Paragraph(TEXT, STYLE, _ctx(cache, 9))
    cache.save()
    data = path.read_bytes()
    for bad in (data[: len(data) // 2], b"", bytes(64) + data[64:],
                pickle.dumps(("csrpress-shapes-2", [], [("x",)], [], [(((("k", 0),), ()), [0], [0])], 0)),
                pickle.dumps(("other", [], [], {})), pickle.dumps({"a": 1})):
        path.write_bytes(bad)
        assert ShapeCache.load(path).held == {}


def test_an_unwritable_cache_costs_nothing_but_speed(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = ShapeCache(blocker / "shapes.pickle")
    Paragraph(TEXT, STYLE, _ctx(cache, 9))
    cache.save()                                   # no exception
    assert not (blocker / "shapes.pickle").exists()


def test_the_file_name_follows_fonts_and_spacing(tmp_path) -> None:
    a = shape_path(tmp_path, [("regular", "k1")], Spacing())
    assert a == shape_path(tmp_path, [("regular", "k1")], Spacing())
    assert a != shape_path(tmp_path, [("regular", "k2")], Spacing())
    assert a != shape_path(tmp_path, [("regular", "k1")], Spacing(han_latin=0.2))


def test_a_save_after_an_edit_packs_only_the_new_paragraphs(tmp_path) -> None:
    """The packed form of unchanged paragraphs is reused; what reads back is
    what a cache saved from scratch reads back."""
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    for text in (TEXT, "另一段文字。", "第三段：Latin 和 2019。"):
        Paragraph(text, STYLE, _ctx(cache, 9))
    cache.save()
    loaded = ShapeCache.load(path)
    kept = loaded.packed.entries
    edited = ["另一段文字，改了。", TEXT, "第三段：Latin 和 2019。"]
    for text in edited:
        Paragraph(text, STYLE, _ctx(loaded, 9))
    loaded.save()
    assert loaded.packed.churn == 2                   # one paragraph in, one out
    assert all(loaded.packed.entries[k] is kept[k] for k in kept if k in loaded.held)
    again = ShapeCache.load(path)
    fresh = ShapeCache()
    for text in edited:
        Paragraph(text, STYLE, _ctx(fresh, 9))
    assert repr(sorted(again.held.items(), key=repr)) == repr(sorted(fresh.held.items(), key=repr))


def _held(cache: ShapeCache) -> str:
    return repr(sorted(cache.held.items(), key=repr))


def test_a_save_after_an_edit_appends_a_delta_to_the_bytes_it_wrote(tmp_path) -> None:
    """The file is not pickled again at each save: the bytes written last
    time come first, then a small delta; what reads back is what a cache
    saved from scratch reads back, after one edit and after several."""
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    texts = [TEXT, "另一段文字。", "第三段：Latin 和 2019。"]
    for text in texts:
        Paragraph(text, STYLE, _ctx(cache, 9))
    cache.save()
    before = path.read_bytes()
    for n in range(3):
        texts[n % 3] = f"改了{n}次的段落。"
        for text in texts:
            Paragraph(text, STYLE, _ctx(cache, 9))
        cache.save()
        now = path.read_bytes()
        assert now.startswith(before) and len(now) < 2 * len(before)
        before = now
        fresh = ShapeCache()
        for text in texts:
            Paragraph(text, STYLE, _ctx(fresh, 9))
        assert _held(ShapeCache.load(path)) == _held(fresh)


def test_a_new_process_appends_to_the_file_it_read(tmp_path) -> None:
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    Paragraph(TEXT, STYLE, _ctx(cache, 9))
    cache.save()
    loaded = ShapeCache.load(path)
    Paragraph("另一段文字。", STYLE, _ctx(loaded, 9))
    Paragraph(TEXT, STYLE, _ctx(loaded, 9))
    first = path.read_bytes()
    loaded.save()
    assert path.read_bytes().startswith(first)
    again = ShapeCache.load(path)
    assert len(again.held) == 2 and _held(again) == _held(loaded)


def test_deltas_are_folded_into_a_new_base(tmp_path) -> None:
    """Deltas never grow without end: once they are as long as half the
    base (or the tables are rebuilt), the next save writes a new base."""
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    sizes = []
    for n in range(40):
        Paragraph(f"第{n}段：{TEXT}", STYLE, _ctx(cache, 9))
        cache.save()
        sizes.append(path.stat().st_size)
        assert len(cache.packed.blobs) == 1 or \
            sum(map(len, cache.packed.blobs[1:])) <= len(cache.packed.blobs[0])
    assert any(b < a for a, b in zip(sizes, sizes[1:]))      # a new, smaller base
    assert len(ShapeCache.load(path).held) == 1


def test_a_damaged_delta_reads_as_empty(tmp_path) -> None:
    path = tmp_path / "shapes.pickle"
    cache = ShapeCache(path)
    Paragraph(TEXT, STYLE, _ctx(cache, 9))
    cache.save()
    base = path.read_bytes()
    Paragraph("另一段文字。", STYLE, _ctx(cache, 9))
    cache.save()
    data = path.read_bytes()
    delta = data[len(base):]
    for bad in (base + delta[:-3], base + bytes(len(delta)), base + delta + delta,
                base + pickle.dumps(("csrpress-shapes-4-delta", (0, 0, 0), [], [], [], [], []))):
        path.write_bytes(bad)
        assert ShapeCache.load(path).held == {}


# -- the packing's index_rows: C (_shaping.c) and Python (shapecache._index_rows) alike --

def _compiled_index_rows():  # type: ignore[no-untyped-def]
    import pytest
    found = pytest.importorskip("csrpress.text._shaping",
                                reason="the compiled shaping is not built (no compiler)")
    return found.index_rows


def _both(lists, row_of, index, rows):  # type: ignore[no-untyped-def]
    """Each way's answer on its own copy of the tables: (places, index, rows),
    or the error raised and how far the tables got."""
    from csrpress.text.shapecache import _index_rows

    out = []
    for fn in (_compiled_index_rows(), _index_rows):
        ix, rs = dict(index), list(rows)
        try:
            out.append((fn(lists, row_of, ix, rs), ix, rs))
        except Exception as exc:  # noqa: BLE001 - the same error both ways is the same result
            out.append((type(exc).__name__, ix, rs))
    return out


def test_generated_lists_index_alike() -> None:
    """Shared objects, distinct objects with equal rows, rows already in the
    tables, empty lists, more objects than the C table's first size."""
    import random

    from csrpress.text.atoms import Atom, Gap
    from csrpress.text.shapecache import _ATOM_ROW, _GAP_ROW

    rng = random.Random(16)
    for case in range(60):
        n = rng.choice([1, 3, 50, 3000])
        pool = [Atom(rng.choice("快手，a"), rng.randint(0, 2), rng.randint(0, 3),
                     rng.choice([10.0, 10, 5.5, -0.0, 0.0])) for _ in range(n)]
        gaps = [Gap(rng.choice([0.0, 2.5, 2]), breakable=rng.random() < 0.5) for _ in range(n)]
        for objs, row_of in ((pool, _ATOM_ROW), (gaps, _GAP_ROW)):
            lists = [[rng.choice(objs) for _ in range(rng.randint(0, 40))]
                     for _ in range(rng.randint(0, 60))]
            rows = [row_of(o) for o in rng.sample(objs, min(len(objs), case % 5))]
            index = {r: i for i, r in enumerate(rows)}
            c, py = _both(lists, row_of, index, rows)
            assert repr(c) == repr(py)        # (by repr: -0.0 and 0.0 are rows apart)


def test_a_failing_row_raises_alike() -> None:
    """The error of the first object whose row cannot be made, with the
    tables as far as they got."""
    class Obj:
        def __init__(self, n: int) -> None:
            self.n = n

    def row_of(obj: Obj) -> tuple:
        if obj.n == 3:
            raise KeyError(obj.n)
        return (obj.n % 2,)

    objs = [Obj(n) for n in range(6)]
    c, py = _both([objs[:2], objs[::-1]], row_of, {}, [])
    assert c[0] == "KeyError" and repr(c) == repr(py)
    assert c[2] == [(0,), (1,)]
