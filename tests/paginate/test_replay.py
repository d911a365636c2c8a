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

STYLE = Style("body", "regular", 10.0, 18.0, "ink", align="justify")
TEXT = "参见第{{page:x}}页的说明文字，这一段正好排满一行而不会多出来一字。再多一句话。"


class _Face:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def width(self, ch: str) -> float:
        return 0.6 if ch.isascii() else 1.0


class _Fonts(dict):
    def claim(self, face: str, text: str) -> None:
        self[face].used.update(text)


def _ctx(pages: dict[str, int] | None = None) -> TextContext:
    return TextContext(_Fonts(regular=_Face()), lambda _n: None, {}, Spacing(),
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


def test_verify_mode_fails_on_a_page_the_memo_holds_wrongly(tmp_path, monkeypatch) -> None:
    """A memo entry that is not what its page draws (as a wrong key would
    give): verify mode draws the page and stops the build."""
    from csrpress.build import build_all
    from csrpress.session import BuildSession
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - heading: 第一节\n    level: 1\n"
                           "  - 这是一个段落，用来检验重放的页面与绘制的页面完全相同。\n")
    session = BuildSession()
    first = build_all(project, ["screen"], session=session)[0]
    data = first.pdf.read_bytes()
    first.pdf.unlink()                                   # (else nothing would be built)
    again = build_all(project, ["screen"], session=session)[0]
    assert again.replayed >= 1 and again.pdf.read_bytes() == data
    memo = session.page_memos["screen"]
    assert memo.last, "pages were recorded"
    for rec in memo.last.values():
        rec.code.append("0 0 m")          # what a stale page would print
    again.pdf.write_bytes(b"%PDF damaged")             # build again: the same page
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    with pytest.raises(ReplayMismatch):
        build_all(project, ["screen"], session=session)
    assert again.pdf.read_bytes() == b"%PDF damaged"   # nothing written


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
    from csrpress.session import BuildSession
    from tests.samples import mini_project

    monkeypatch.delenv("CSRPRESS_VERIFY_REPLAY", raising=False)     # (replayed, then checked)
    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - heading: 第一节\n    level: 1\n"
                           "  - 这是一个段落，用来检验重放的页面与绘制的页面完全相同。\n")
    session = BuildSession()
    first = build_all(project, ["screen"], session=session)[0]
    data = first.pdf.read_bytes()
    first.pdf.unlink()
    again = build_all(project, ["screen"], session=session)[0]
    assert again.replayed >= 1 and again.pdf.read_bytes() == data
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
