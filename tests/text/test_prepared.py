"""A paragraph's text made ready (normalised, parsed, shaped) is kept in the
shape cache's memo: equal inputs are served from it, any changed input is
made anew, and what a build must do every time (claim its characters, keep
its shape in the cache) is still done on a hit."""
from __future__ import annotations

from dataclasses import replace

import pytest

from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shapecache import ShapeCache
from csrpress.text.shaping import Spacing

from tests.text.standins import stand_in_fonts

STYLE = Style("body", "regular", 10.0, 18.0, "ink", align="justify")
TEXT = "快手的用户在2019年上传了12345678条短视频,记录生活的点滴。"


def _ctx(cache: ShapeCache, **kw) -> TextContext:
    kw.setdefault("numbers", {"thousands": ",", "group_from": 5})
    return TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing(),
                       shape_cache=cache, **kw)


def test_equal_inputs_are_served_from_the_memo():
    cache = ShapeCache()
    first = Paragraph(TEXT, STYLE, _ctx(cache))
    again = Paragraph(TEXT, STYLE, _ctx(cache))            # (the next build's context)
    assert again._runs is first._runs and again.atoms is first.atoms
    assert cache.new == 1
    assert again.text == first.text == "快手的用户在2019年上传了12,345,678条短视频，记录生活的点滴。"


def test_a_hit_still_claims_its_characters_and_keeps_its_shape():
    cache = ShapeCache()
    Paragraph(TEXT, STYLE, _ctx(cache))
    cache.save()
    ctx = _ctx(cache)
    Paragraph(TEXT, STYLE, ctx)
    assert set("快手12,345,678，。") <= ctx.fonts["regular"].used
    assert len(cache.used) == 1                          # saved with the next save


def test_any_changed_input_is_made_anew():
    cache = ShapeCache()
    base = Paragraph(TEXT, STYLE, _ctx(cache))
    changed = [
        Paragraph(TEXT + "。", STYLE, _ctx(cache)),                   # the text
        Paragraph(TEXT, replace(STYLE, size=11.0), _ctx(cache)),       # the span styles
        Paragraph(TEXT, STYLE, _ctx(cache, normalise=False)),          # text settings
        Paragraph(TEXT, STYLE, _ctx(cache, numbers={})),
        Paragraph(TEXT, STYLE, _ctx(cache, numbers={"thousands": " ", "group_from": 5})),
        Paragraph(TEXT, STYLE, _ctx(cache, keep_words=("短视频",)), align="left"),
    ]
    for p in changed:
        assert p._runs is not base._runs or p.spans != base.spans or p._kept != base._kept
    assert changed[2].text != base.text and changed[3].text != base.text
    assert changed[5]._kept == ("短视频",)


def test_text_with_a_page_reference_follows_the_pages():
    cache = ShapeCache()
    ctx = _ctx(cache)
    ctx.pages = {"x": 9}
    nine = Paragraph("见第{{page:x}}页。", STYLE, ctx)
    ctx = _ctx(cache)
    ctx.pages = {"x": 12}
    twelve = Paragraph("见第{{page:x}}页。", STYLE, ctx)
    assert "9" in "".join(t for t, _ in nine._runs)
    assert "12" in "".join(t for t, _ in twelve._runs)


def test_texts_no_longer_used_leave_the_memo_at_a_save():
    cache = ShapeCache()
    Paragraph(TEXT, STYLE, _ctx(cache))
    Paragraph("另一段文字。", STYLE, _ctx(cache))
    cache.save()
    Paragraph(TEXT, STYLE, _ctx(cache))             # the next build uses one of them
    cache.save()
    assert len(cache.prepared) == 1


def test_line_positions_are_kept_for_the_same_lists_and_line():
    from csrpress.text.paragraph import line_positions

    cache = ShapeCache()
    p = Paragraph(TEXT * 3, STYLE, _ctx(cache))
    p.wrap(200, 1000)
    line = p.lines[0]
    first = _ctx(cache).line_positions(p.atoms, p.gaps, line)
    assert first == line_positions(p.atoms, p.gaps, line)
    assert _ctx(cache).line_positions(p.atoms, p.gaps, line) is first      # the next build
    assert _ctx(cache).line_positions(p.atoms, p.gaps, p.lines[1]) is not first   # another line
    assert _ctx(cache).line_positions(list(p.atoms), p.gaps, line) is not first   # other atoms
    assert _ctx(cache).line_positions(p.atoms, list(p.gaps), line) == first
    cache.save()
    cache.save()                                      # a build that drew none of them
    assert not cache.positions


def test_a_measure_wider_than_every_word_splits_none():
    cache = ShapeCache()
    p = Paragraph("编号 ABC-2019-social-responsibility-0001 见此。", STYLE, _ctx(cache))
    p.wrap(400, 1000)
    assert p.atoms is p._atoms0                       # nothing wider than 400 pt
    p.wrap(60, 1000)
    assert p.atoms is not p._atoms0 and len(p.atoms) > len(p._atoms0)   # the word in pieces


def test_a_url_is_in_pieces_at_every_measure():
    # a URL breaks at its own opportunities (text/wide.py), however wide the measure
    cache = ShapeCache()
    p = Paragraph("网址 https://www.kuaishou.com/about/social-responsibility 见此。", STYLE,
                  _ctx(cache))
    p.wrap(400, 1000)
    assert p._urls and len(p.atoms) > len(p._atoms0)
    assert Paragraph("网址 kuaishou.com/about/csr 见此。", STYLE, _ctx(cache))._urls
    assert not Paragraph(TEXT, STYLE, _ctx(cache))._urls


def test_span_styles_are_one_tuple_hashed_as_a_plain_one():
    from csrpress.text.shapecache import HashedTuple

    cache = ShapeCache()
    a = Paragraph(TEXT, STYLE, _ctx(cache))
    b = Paragraph(TEXT, STYLE, _ctx(cache))           # (another build's span styles)
    spans = a._runs and cache.span_tuple(tuple(a.spans))
    assert isinstance(spans, HashedTuple) and spans is cache.span_tuple(tuple(b.spans))
    assert spans == tuple(a.spans) and hash(spans) == hash(tuple(a.spans))
    assert {tuple(a.spans): 1}[spans] == 1


def test_a_hashed_tuple_is_saved_as_a_plain_tuple():
    import pickle

    from csrpress.text.shapecache import HashedTuple

    saved = pickle.loads(pickle.dumps(HashedTuple.of(("a", 1))))
    assert type(saved) is tuple and saved == ("a", 1)


# -- the memo kept for the next process (saved_prepared / restore_prepared) ---------------

TEXTS = [TEXT, "网址 https://www.kuaishou.com/about 见此。", "快手的短视频用户，2019年。",
         "人民币和短视频，贫困县的创业者。"]


def _made(cache: ShapeCache, **kw) -> list[Paragraph]:
    ctx = _ctx(cache, keep_words=("短视频", "人民币"))
    return [Paragraph(t, STYLE, ctx, **kw) for t in TEXTS] + \
        [Paragraph(t, STYLE, ctx, align="left") for t in TEXTS]


def _next_process(cache: ShapeCache, saved: object, path=None) -> ShapeCache:
    """A new process's shape cache: the same file's shapes, and the saved memo."""
    import pickle

    from csrpress.text.paragraph import restore_prepared

    fresh = ShapeCache(path or cache.path, dict(cache.held))
    restore_prepared(fresh, pickle.loads(pickle.dumps(saved)))
    return fresh


def _same(a: Paragraph, b: Paragraph) -> None:
    assert (a.text, a._runs, a.spans, a.atoms, a.gaps, a._kept, a._widest, a._urls) == \
        (b.text, b._runs, b.spans, b.atoms, b.gaps, b._kept, b._widest, b._urls)


def test_a_new_process_takes_the_saved_memo(tmp_path, monkeypatch):
    import csrpress.text.paragraph as paragraph

    cache = ShapeCache(tmp_path / "shapes-x.pickle")
    first = _made(cache)
    assert any(p._kept for p in first) and any(p._urls for p in first)
    cache.save()
    saved = paragraph.saved_prepared(cache)
    fresh = _next_process(cache, saved)
    monkeypatch.setattr(paragraph, "_prepare", lambda *a: pytest.fail("made anew"))
    ctx = _ctx(fresh, keep_words=("短视频", "人民币"))
    again = [Paragraph(t, STYLE, ctx) for t in TEXTS] + \
        [Paragraph(t, STYLE, ctx, align="left") for t in TEXTS]
    for a, b in zip(first, again):
        _same(a, b)
        assert b.atoms is fresh.held[(b._runs, tuple(b.spans))][0]    # this cache's shapes
    assert set("快手12,345,678，。") <= ctx.fonts["regular"].used   # characters still claimed
    assert fresh.made == 0 and len(fresh.used) == len(cache.held)     # shapes kept


def test_the_saved_memo_is_only_candidates(tmp_path):
    """Another shape file (other fonts or spacing), other inputs, a shape the
    cache no longer holds, or a damaged memo: made anew, the same result."""
    import csrpress.text.paragraph as paragraph

    cache = ShapeCache(tmp_path / "shapes-x.pickle")
    first = _made(cache)
    cache.save()
    saved = paragraph.saved_prepared(cache)
    tag, name, entries = saved
    for memo, path in [(saved, tmp_path / "shapes-other.pickle"),     # another shape file
                       (None, None), ("garbage", None), ((tag, name), None),
                       ((tag, name, list(entries.items())), None),
                       ((tag, name, {k: ("short",) for k in entries}), None),
                       ((tag, name, {k: ("x", 3) + v[2:] for k, v in entries.items()}), None),
                       ((tag, name, {k: (None, None, None) + v[3:]
                                     for k, v in entries.items()}), None),
                       (("csrpress-prepared-0", name, entries), None)]:
        fresh = _next_process(cache, memo, path)
        again = _made(fresh)
        for a, b in zip(first, again):
            _same(a, b)
        assert fresh.made == len(first), memo
    fresh = _next_process(cache, saved)
    [Paragraph(t, replace(STYLE, size=11.0), _ctx(fresh)) for t in TEXTS]   # other spans
    assert fresh.made == len(TEXTS)
    fresh = _next_process(cache, saved)
    fresh.held.clear()                                  # (the shapes file lost them)
    again = _made(fresh)
    for a, b in zip(first, again):
        _same(a, b)
    assert fresh.made == len(TEXTS)     # (the ragged ones then find the shapes made again)
