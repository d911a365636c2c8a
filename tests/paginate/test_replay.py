"""Pages drawn only when they changed (paginate.replay): a page's key changes
with every input its drawing reads, is the same for the same page composed
again (new objects), and a page with a flowable of no audited type has none.
In verify mode a replayed page that is not what drawing gives fails the build."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Callable

import pytest
from reportlab.lib.colors import Color
from reportlab.platypus.flowables import Flowable, Spacer

from csrpress.compose.base import Anchor, Rule, SideNote, Stack
from csrpress.paginate.replay import PageMemo, Replay, ReplayMismatch
from csrpress.source.layout import Style
from csrpress.text.paragraph import Paragraph, TextContext
from csrpress.text.shaping import Spacing
from tests.text.standins import stand_in_fonts

STYLE = Style("body", "regular", 10.0, 18.0, "ink", align="justify")
TEXT = "参见第{{page:x}}页的说明文字，这一段正好排满一行而不会多出来一字。再多一句话。"


def _ctx(pages: dict[str, int] | None = None) -> TextContext:
    return TextContext(stand_in_fonts(), lambda _n: None, {}, Spacing(),
                       pages=pages or {"x": 9})


class _Unaudited(Flowable):
    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, 10.0


def _page(text: str = TEXT, pages: dict[str, int] | None = None, style: Style = STYLE,
          measure: float = 120.0, first: int = 0, x: float = 50.0, y: float = 400.0,
          frame: str = "odd", rule: Any = None, title: str = "标题",
          extra: Flowable | None = None) -> list[tuple]:
    """A page's placings: an anchor, a paragraph (or a piece of it), a rule, a spacer."""
    p = Paragraph(text, style, _ctx(pages))
    p.wrap(measure, 1000)
    if first:
        p = p._piece(first, len(p.lines) - first, False)
        p.wrap(measure, 1000)
    r = Rule(100.0, 1.0, rule or Color(0.1, 0.2, 0.3))
    r.wrap(measure, 100)
    s = Spacer(0, 12)
    placed = [Anchor("a", title, 1), p, r, s] + ([extra] if extra is not None else [])
    f = SimpleNamespace(id=frame)
    return [(fl, f, x, y - 20 * i, 0) for i, fl in enumerate(placed)]


class _Canvas:
    """What page_key reads of a canvas."""

    STATE_ATTRIBUTES = ["_fontname", "_fillColorObj", "_extgstate"]

    def __init__(self, level: int = 0, fill: Any = None) -> None:
        self._code: list[str] = []
        self._csr_outline_level = level
        self._fontname, self._fillColorObj = "regular", fill
        self._extgstate = SimpleNamespace(_d={})
        self.state_stack: list[Any] = []


def _key(placed: list[tuple], page: int = 5, kind: str = "body", running: str = "一",
         level: int = 0, fill: Any = None) -> Any:
    doc = SimpleNamespace(placed=placed, page=page,
                          state=SimpleNamespace(running=running, page_running=running))
    canv = _Canvas(level, fill)
    got = Replay(PageMemo(), verify=False).page_key(doc, canv, kind)
    return None if got is None else got[0]


VARIANTS: dict[str, Callable[[], Any]] = {
    "paragraph text": lambda: _key(_page(text=TEXT.replace("说明", "解释"))),
    "resolved page reference": lambda: _key(_page(pages={"x": 12})),
    "paragraph style": lambda: _key(_page(style=Style("body", "regular", 10.0, 19.0, "ink",
                                                      align="justify"))),
    "measure": lambda: _key(_page(measure=130.0)),
    "piece of a split paragraph": lambda: _key(_page(first=1)),
    "position": lambda: _key(_page(y=401.0)),
    "frame": lambda: _key(_page(frame="even")),
    "rule colour": lambda: _key(_page(rule=Color(0.1, 0.2, 0.31))),
    "anchor title": lambda: _key(_page(title="另一个标题")),
    "a flowable more": lambda: _key(_page(extra=Spacer(0, 5))),
    "page number": lambda: _key(_page(), page=6),
    "template": lambda: _key(_page(), kind="full"),
    "running head": lambda: _key(_page(), running="二"),
    "outline level before the page": lambda: _key(_page(), level=1),
    "graphics state before the page": lambda: _key(_page(), fill=Color(1, 0, 0)),
}


def assert_keyed_by(make: Callable[..., Any], change: dict[str, Any]) -> None:
    """The page key of what `make()` builds is the same for the same inputs,
    and another when `make(**change)` changes one input its drawing reads."""
    base = _key(_page(extra=make()))
    assert base is not None and base == _key(_page(extra=make()))
    assert _key(_page(extra=make(**change))) != base, change


def test_the_same_page_composed_again_has_the_same_key() -> None:
    first, again = _key(_page()), _key(_page())      # new flowables, new paragraph ids
    assert first is not None and first == again


@pytest.mark.parametrize("what", list(VARIANTS))
def test_the_key_changes_with_each_input(what: str) -> None:
    changed = VARIANTS[what]()
    assert changed is not None and changed != _key(_page()), what


def test_a_flowable_of_no_audited_type_leaves_the_page_unkeyed() -> None:
    assert _key(_page(extra=_Unaudited())) is None
    side = SideNote([_Unaudited()], SimpleNamespace(side=80.0), 6.0)   # also inside others
    side.wrap(120.0, 1000)
    assert _key(_page(extra=side)) is None
    assert _key(_page(extra=Stack([_Unaudited()]))) is None


def test_a_page_with_drawing_already_on_it_is_unkeyed() -> None:
    doc = SimpleNamespace(placed=_page(), page=5,
                          state=SimpleNamespace(running="", page_running=""))
    canv = _Canvas()
    canv._code.append("q")
    assert Replay(PageMemo(), verify=False).page_key(doc, canv, "body") is None


ONE_SECTION = ("  - heading: 第一节\n    level: 1\n"
               "  - 这是一个段落，用来检验重放的页面与绘制的页面完全相同。\n")


def _replayed_once(tmp_path: Any, monkeypatch: Any, blocks: str = ONE_SECTION
                   ) -> tuple[Any, Any, Any, bytes]:
    """A small report (of these blocks) built twice in one session, the
    second time with its pages replayed (the PDF removed in between, else
    nothing would be built): (project, session, the second result, the PDF's
    bytes)."""
    from csrpress.build import build_all
    from csrpress.session import BuildSession
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", blocks)
    session = BuildSession()
    first = build_all(project, ["screen"], session=session)[0]
    data = first.pdf.read_bytes()
    first.pdf.unlink()
    again = build_all(project, ["screen"], session=session)[0]
    assert again.replayed >= 1 and again.pdf.read_bytes() == data
    return project, session, again, data


def test_verify_mode_fails_on_a_page_the_memo_holds_wrongly(tmp_path, monkeypatch) -> None:
    """A memo entry that is not what its page draws (as a wrong key would
    give): verify mode draws the page and stops the build."""
    from csrpress.build import build_all

    project, session, again, data = _replayed_once(tmp_path, monkeypatch)
    memo = session.page_memos["screen"]
    assert memo.last, "pages were recorded"
    for rec in memo.last.values():
        rec.code.append("0 0 m")          # what a stale page would print
    again.pdf.write_bytes(b"%PDF damaged")             # build again: the same page
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    with pytest.raises(ReplayMismatch):
        build_all(project, ["screen"], session=session)
    assert again.pdf.read_bytes() == b"%PDF damaged"   # nothing written


def test_a_saved_memo_restores_what_replay_needs(tmp_path, monkeypatch) -> None:
    """What a one-shot build saves of its pages (PageMemo.saved) gives the
    same records back, and anything else is refused (the build starts empty)."""
    import pickle

    _, session, _, _ = _replayed_once(tmp_path, monkeypatch)
    memo = session.page_memos["screen"]
    back = PageMemo.from_saved(pickle.loads(pickle.dumps(memo.saved())))
    assert back.context == memo.context and back.last == memo.last
    assert [r.page_hash for r in back.last.values()] == [r.page_hash
                                                         for r in memo.last.values()]
    back.finish()
    assert not back.as_restored()                 # (a build that kept none of them)
    for bad in ((memo.context, [(1, 2)]), None, (memo.context, [("k", "code", [], frozenset(),
                                                                [], (), {}, None, None)])):
        with pytest.raises(Exception):
            PageMemo.from_saved(bad)


def test_print_pages_replay_with_their_separation_colour(tmp_path, monkeypatch) -> None:
    """The print edition's crop marks use the registration colour (a
    Separation the document registers once): replayed pages carry it as
    drawing them would, and the PDF is the same bytes."""
    import shutil
    from pathlib import Path

    from csrpress.build import Project, build_all
    from csrpress.session import BuildSession

    src = Path(__file__).resolve().parents[2] / "examples" / "greenfield-2025"
    for name in ("content", "layout", "images"):
        shutil.copytree(src / name, tmp_path / "p" / name)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project, session = Project(tmp_path / "p"), BuildSession()
    first = build_all(project, ["print"], session=session)[0]
    data = first.pdf.read_bytes()
    first.pdf.unlink()
    again = build_all(project, ["print"], session=session)[0]
    assert again.replayed and again.pdf.read_bytes() == data


def test_replayed_pages_take_their_hash_and_stream_from_their_record(tmp_path,
                                                                     monkeypatch) -> None:
    """A replayed page is not hashed and compressed again: the record keeps
    both (a wrong one shows in the file); verify mode checks them."""
    import zlib

    from csrpress.build import build_all

    monkeypatch.delenv("CSRPRESS_VERIFY_REPLAY", raising=False)     # (replayed, then checked)
    project, session, again, data = _replayed_once(tmp_path, monkeypatch)
    records = list(session.page_memos["screen"].last.values())
    assert records and all(r.page_hash and r.packed for r in records)
    for r in records:
        r.page_hash = "0" * 24                            # (the document's ids use it)
    again.pdf.unlink()
    assert build_all(project, ["screen"], session=session)[0].pdf.read_bytes() != data
    for r in records:                                     # (so the stream is what is checked)
        r.page_hash, r.packed = None, zlib.compress(b"0 0 m")
    again.pdf.write_bytes(b"%PDF damaged")
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    with pytest.raises(ReplayMismatch, match="stream"):
        build_all(project, ["screen"], session=session)
    assert again.pdf.read_bytes() == b"%PDF damaged"


def _para(text: str = "二〇一九年") -> Paragraph:
    p = Paragraph(text, STYLE, _ctx())
    p.wrap(120.0, 1000)
    return p


def _award(**change: Any) -> Any:
    """An award entry as AwardItem.draw reads it (made without a composer)."""
    from csrpress.compose.awards import AwardItem

    a = AwardItem.__new__(AwardItem)
    Flowable.__init__(a)
    vals = dict(dw=60.0, offset=4.0, line_width=0.5, radius=2.0, line=Color(0.5, 0.5, 0.5),
                dot=Color(0.9, 0.1, 0.1), last=False, width=300.0, height=40.0,
                date=_para(), text=_para("获得年度公益奖。"), spaceAfter=0)
    vals.update(change)
    a.__dict__.update(vals)
    return a


AWARD_INPUTS = dict(dw=61.0, offset=5.0, line_width=0.6, radius=2.5,
                    line=Color(0.5, 0.5, 0.6), dot=Color(0.9, 0.1, 0.2), last=True,
                    width=301.0, height=41.0, date=_para("二〇二〇年"),
                    text=_para("获得年度责任奖。"))


@pytest.mark.parametrize("what", list(AWARD_INPUTS))
def test_an_award_entry_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_award, {what: AWARD_INPUTS[what]})


def _model(**change: Any) -> Any:
    """A model as Model.draw reads it (made without a composer; `change`
    names a layout length, colour or value, or an attribute)."""
    from csrpress.compose.model import Model, Tier

    lens = dict(tier_gap=8.0, line_width=0.5, node_gap=6.0, gutter=10.0, border_width=0.5,
                core_border_width=1.0)
    inks = dict(line="#888888", fill="#eeeeee", border="#333333", ink="#000000")
    comp = dict(side=0.3, line_color="line", node_fill="fill", node_border="border")
    for k in list(change):
        for table in (lens, inks, comp):
            if k in table and k not in ("ts",):
                table[k] = change.pop(k)
                break
    c = SimpleNamespace(len=lambda _c, k: lens[k], color=lambda n: inks[n],
                        ctx=SimpleNamespace(color=lambda n: inks["ink"],
                                            psnames={"regular": change.pop("psname", "F1")}))
    m = Model.__new__(Model)
    Flowable.__init__(m)
    tier = Tier([_para("核心")], ["记录", "分享"], [["记录"], ["分享"]], 30.0, 40.0)
    for k in ("side_text", "items", "lines", "node_h", "tier_height"):
        if k in change:
            v = change.pop(k)
            if k == "side_text":
                tier.side = [_para(v)]
            else:
                setattr(tier, {"tier_height": "height"}.get(k, k), v)
    vals = dict(c=c, comp=comp, ts=STYLE, xs=STYLE, tiers=[tier], width=300.0, height=40.0)
    vals.update(change)
    m.__dict__.update(vals)
    return m


MODEL_INPUTS: dict[str, Any] = dict(
    tier_gap=9.0, line_width=0.6, node_gap=7.0, gutter=11.0, border_width=0.6,
    core_border_width=1.1, line="#777777", fill="#dddddd", border="#222222", ink="#111111",
    side=0.31, psname="F2", ts=Style("body", "regular", 10.0, 19.0, "ink"),
    side_text="基础", items=["记录", "分享", "连接"], lines=[["记", "录"], ["分享"]],
    node_h=31.0, tier_height=41.0, width=301.0, height=41.0)


@pytest.mark.parametrize("what", list(MODEL_INPUTS))
def test_a_model_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_model, {what: MODEL_INPUTS[what]})


def _chart(alt: str = "用户数：3 亿", crowded: bool = False, log: Any = None,
           **shape: Any) -> Any:
    """A chart as Chart.draw reads it: its sheet at its size, its alt text."""
    from reportlab.graphics.shapes import Drawing, Line, String

    from csrpress.compose.chart import Chart, Sheet

    ch = Chart.__new__(Chart)
    Flowable.__init__(ch)
    sheet = Sheet.__new__(Sheet)
    vals = dict(x=10.0, text="3 亿", fill=Color(0.1, 0.2, 0.3), width=0.5)
    vals.update(shape)
    sheet.drawing = Drawing(200, 100)
    sheet.drawing.add(String(vals["x"], 20, vals["text"], fillColor=vals["fill"]))
    sheet.drawing.add(Line(0, 0, 200, 0, strokeWidth=vals["width"]))
    sheet.crowded = ["3 亿"] if crowded else []
    ch.__dict__.update(width=200.0, height=100.0, alt_text=alt, sheet=sheet,
                       _sheet_size=(200.0, 100.0),
                       c=SimpleNamespace(ctx=SimpleNamespace(chart_log=log, page_of=str)))
    return ch


CHART_INPUTS: dict[str, Any] = dict(alt="用户数：4 亿", x=11.0, text="4 亿",
                                    fill=Color(0.1, 0.2, 0.4), width=0.6)


@pytest.mark.parametrize("what", list(CHART_INPUTS))
def test_a_chart_key_changes_with_each_shape_it_draws(what: str) -> None:
    assert_keyed_by(_chart, {what: CHART_INPUTS[what]})


def test_a_crowded_or_logged_chart_leaves_its_page_unkeyed() -> None:
    """A crowded chart reports an error when drawn, and a build that logs
    where charts were drawn logs from drawing: side effects a replayed page
    would not have."""
    assert _key(_page(extra=_chart(crowded=True))) is None
    assert _key(_page(extra=_chart(log=[]))) is None


def test_a_page_key_is_its_tuple_hashed_once() -> None:
    """PageKey keeps its hash; equal tuples are equal keys, in the memo's
    dicts too, and a pickled key (the saved memo) is hashed anew."""
    import pickle

    from csrpress.paginate.replay import PageKey, shallow_hash

    first, again = _key(_page()), _key(_page())
    assert isinstance(first, PageKey) and first is not again
    assert first == again and hash(first) == hash(again) == shallow_hash(first.value)
    assert {first: 1}[again] == 1 and first != first.value
    back = pickle.loads(pickle.dumps(first))
    assert back == first and hash(back) == hash(first)
    assert _key(_page(y=401.0)) != first


def test_keys_of_one_page_that_differ_only_in_what_is_drawn_are_not_confused() -> None:
    """The hash leaves the fingerprints out (shallow_hash): two versions of
    a page whose flowables stand at the same places share a bucket, and
    equality (the whole tuple) still tells them apart in the memo."""
    first = _key(_page())
    other = _key(_page(text=TEXT.replace("说明", "解释")))
    assert hash(first) == hash(other) and first != other
    memo = PageMemo()
    memo.put(first, "first")
    memo.put(other, "other")
    assert memo.get(_key(_page())) == "first"
    assert memo.get(_key(_page(text=TEXT.replace("说明", "解释")))) == "other"
    assert _key(_page(), page=6) != first and hash(_key(_page(), page=6)) != hash(first)


def test_a_colour_is_keyed_by_its_class_and_components() -> None:
    """colour(): equal colours made apart are equal; each component, the
    alpha, the model, a spot name and a knockout tell colours apart."""
    from reportlab.lib.colors import CMYKColor, CMYKColorSep

    from csrpress.paginate.replay import colour, plain

    assert colour(Color(0.1, 0.2, 0.3)) == colour(Color(0.1, 0.2, 0.3))
    seen = {colour(c) for c in (
        Color(0.1, 0.2, 0.3), Color(0.1, 0.2, 0.31), Color(0.1, 0.2, 0.3, alpha=0.5),
        CMYKColor(0, 0, 0, 1), CMYKColor(0, 0, 0, 0.9), CMYKColor(0, 0, 0, 1, knockout=1),
        CMYKColor(0, 0, 0, 1, alpha=0.5), CMYKColorSep(0, 0, 0, 1, spotName="Reg"),
        Color(0, 0, 0), CMYKColor(0, 0, 0, 1, density=0.5))}
    assert len(seen) == 10
    assert colour(None) is None and plain(("BACKGROUND", Color(1, 0, 0))) == \
        ("BACKGROUND", colour(Color(1, 0, 0)))


CHARTS = ("  - heading: 图表\n    level: 1\n"
          "  - chart: 用户数\n    kind: bar\n    unit: 亿\n    labels: [\"2018\", \"2019\"]\n"
          "    series:\n      - {values: [2.1, 3.0]}\n"
          "  - 这是一个段落，用来检验重放的页面与绘制的页面完全相同。\n")


def test_a_chart_drawing_is_kept_for_the_next_build_of_the_session(tmp_path,
                                                                   monkeypatch) -> None:
    """A chart's sheet (its shapes and labels, planned and placed) is kept
    by the page memo under its context: the next build of the session with
    the chart unchanged takes it, keys the page by it and writes the same
    bytes; a chart changed or gone is not kept after the build."""
    from csrpress.build import build_all

    monkeypatch.delenv("CSRPRESS_VERIFY_REPLAY", raising=False)
    project, session, again, data = _replayed_once(tmp_path, monkeypatch, CHARTS)
    memo = session.page_memos["screen"]
    (key, sheet), = memo.sheets.items()
    assert key[0] == memo.context and sheet.shapes_key is not None
    again.pdf.unlink()
    assert build_all(project, ["screen"], session=session)[0].pdf.read_bytes() == data
    assert memo.sheets == {key: sheet} and memo.sheets[key] is sheet
    part = project.content / "part.yaml"
    part.write_text(part.read_text(encoding="utf-8").replace("3.0", "3.5"), encoding="utf-8")
    build_all(project, ["screen"], session=session)
    (key2, sheet2), = memo.sheets.items()
    assert key2 != key and sheet2 is not sheet


def test_verify_mode_draws_a_kept_chart_again_and_compares(tmp_path, monkeypatch) -> None:
    """In verify mode a kept sheet must be what drawing the chart gives."""
    from csrpress.build import build_all

    project, session, again, _ = _replayed_once(tmp_path, monkeypatch, CHARTS)
    (sheet,) = session.page_memos["screen"].sheets.values()
    sheet.drawing.contents.pop()                  # what a stale sheet would draw
    sheet.shapes_key = None
    again.pdf.write_bytes(b"%PDF damaged")
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    with pytest.raises(ReplayMismatch, match="chart"):
        build_all(project, ["screen"], session=session)
    assert again.pdf.read_bytes() == b"%PDF damaged"


def test_a_new_context_keeps_no_chart_drawing(monkeypatch) -> None:
    monkeypatch.delenv("CSRPRESS_VERIFY_REPLAY", raising=False)
    memo = PageMemo()
    memo.start("a")
    made = memo.sheet("k", lambda: SimpleNamespace(boxes=[], crowded=[]))
    assert memo.sheet("k", lambda: None) is made
    memo.start("b")
    assert memo.sheets == {}


def test_a_cell_style_by_value_is_plain_of_each_attribute() -> None:
    """_cell_style gives what plain() of each attribute gives, whether the
    attributes are all plain scalars or not."""
    from csrpress.paginate.replay import _CELL_STYLE, _cell_style, plain

    plain_style = SimpleNamespace(**{a: i for i, a in enumerate(_CELL_STYLE)})
    plain_style.fontname, plain_style.href, plain_style.shaping = "F1", None, True
    other = SimpleNamespace(**vars(plain_style))
    other.color, other.leading = Color(0.1, 0.2, 0.3), [1, 2.5]
    for cs in (plain_style, other):
        assert _cell_style(cs) == tuple(plain(getattr(cs, a)) for a in _CELL_STYLE)
    assert _cell_style(other) != _cell_style(plain_style)
