"""Replay fingerprints of tables, their cells, list items and TOC entries
(paginate.replay._install_tables): a page's key changes with each input
their drawing reads, is the same for the same thing made again, and a page
whose drawing made link annotations or re-entered a list label it opened
replays them."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from reportlab.lib.colors import Color
from reportlab.platypus import TableStyle
from reportlab.platypus.flowables import Flowable

from csrpress.compose.tables import RowTable
from csrpress.pdf.tagging import TableTags
from csrpress.source.layout import Style
from tests.paginate.test_replay import (STYLE, _ctx, _key, _page, _para, _replayed_once,
                                        assert_keyed_by)

OTHER = Style("body", "regular", 10.0, 19.0, "ink", align="justify")


def _table(texts: tuple[str, ...] = ("项目", "数据", "快手", "二〇一九"),
           widths: tuple[float, ...] = (80.0, 100.0), background: Any = Color(0.9, 0.9, 0.9),
           rule: float = 0.5, rule_colour: Any = Color(0.5, 0.5, 0.5), padding: float = 3.0,
           align: str = "LEFT", valign: str = "TOP", font_size: float = 10.0,
           ink: Any = Color(0, 0, 0), repeated: bool = False, split: bool = False) -> RowTable:
    """A two-column table as compose.tables makes one (Paragraph cells)."""
    cells = [[_para(t)] for t in texts]
    data = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    cmds = [("BACKGROUND", (0, 0), (-1, 0), background), ("VALIGN", (0, 0), (-1, -1), valign),
            ("ALIGN", (0, 0), (-1, -1), align), ("FONT", (0, 0), (-1, -1), "F1", font_size),
            ("TEXTCOLOR", (0, 0), (-1, -1), ink),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("LINEBELOW", (0, 0), (-1, -1), rule, rule_colour)]
    if split:
        cmds.append(("SPAN", (0, 1), (1, 1)))
    t = RowTable(data, colWidths=list(widths), repeatRows=1, style=TableStyle(cmds),
                 splitByRow=1, renderCB=TableTags(1))
    t.wrap(200.0, 1000.0)
    t.header_repeated = repeated
    return t


TABLE_INPUTS: dict[str, dict[str, Any]] = {
    "cell text": dict(texts=("项目", "数据", "快手", "二〇二〇")),
    "column widths": dict(widths=(90.0, 90.0)),
    "header background": dict(background=Color(0.8, 0.9, 0.9)),
    "rule weight": dict(rule=0.75),
    "rule colour": dict(rule_colour=Color(0.5, 0.5, 0.6)),
    "padding": dict(padding=4.0),
    "alignment": dict(align="RIGHT"),
    "vertical alignment": dict(valign="MIDDLE"),
    "cell font size": dict(font_size=9.0),
    "cell text colour": dict(ink=Color(0.1, 0, 0)),
    "a piece repeating the header": dict(repeated=True),
    "rows (and so row heights)": dict(texts=("项目", "数据", "快手", "二〇一九", "更多", "行")),
}


@pytest.mark.parametrize("what", list(TABLE_INPUTS))
def test_a_table_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_table, TABLE_INPUTS[what])


def test_a_table_with_spans_is_not_audited() -> None:
    assert _key(_page(extra=_table(split=True))) is None


def test_a_split_table_says_which_pieces_repeat_its_header() -> None:
    t = _table(texts=tuple("表格第%d格" % i for i in range(40)))
    head, tail = t.split(200.0, 120.0)
    assert not head.header_repeated and tail.header_repeated
    assert all(p.header_repeated for p in tail.split(200.0, 120.0))


def _bare(cls: type, **vals: Any) -> Any:
    """A flowable as its draw reads it (made without a composer)."""
    f = cls.__new__(cls)
    Flowable.__init__(f)
    f.__dict__.update(vals)
    return f


def _ditto(**change: Any) -> Any:
    from csrpress.compose.tables import Ditto
    return _bare(Ditto, **{**dict(name=_para("经济"), shown=False), **change})


@pytest.mark.parametrize("change", [dict(shown=True), dict(name=_para("社会"))])
def test_a_ditto_key_changes_with_each_input_it_draws(change: dict[str, Any]) -> None:
    assert_keyed_by(_ditto, change)


def _tile(**change: Any) -> Any:
    from csrpress.compose.tables import SdgTile
    vals = dict(goal="4", size=24.0, style=STYLE, fill=Color(0.8, 0.1, 0.2),
                ink=Color(1, 1, 1), ctx=SimpleNamespace(psnames={"regular": "F1"}))
    vals.update(change)
    return _bare(SdgTile, **vals)


TILE_INPUTS: dict[str, Any] = dict(goal="5", size=25.0, style=OTHER, fill=Color(0.8, 0.1, 0.3),
                                   ink=Color(0, 0, 0),
                                   ctx=SimpleNamespace(psnames={"regular": "F2"}))


@pytest.mark.parametrize("what", list(TILE_INPUTS))
def test_an_sdg_tile_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_tile, {what: TILE_INPUTS[what]})


def _links(ranges: Any = ((3, 3), (5, 6)), style: Style = STYLE, psname: str = "F1",
           ink: str = "#000000", label: str = "见第{pages}页", links: bool = True) -> Any:
    from csrpress.compose.tables import PageLinks
    ctx = SimpleNamespace(psnames={"regular": psname}, color=lambda _n: ink, links=links)
    c = SimpleNamespace(ctx=ctx, label=lambda _n: label)
    return _bare(PageLinks, c=c, ranges=list(ranges), style=style, width=80.0, height=12.0)


LINK_INPUTS: dict[str, Any] = dict(ranges=((3, 4), (5, 6)), style=OTHER, psname="F2",
                                   ink="#000001", label="第{pages}页", links=False)


@pytest.mark.parametrize("what", list(LINK_INPUTS))
def test_page_links_key_changes_with_each_input_they_draw(what: str) -> None:
    assert_keyed_by(_links, {what: LINK_INPUTS[what]})


def _item(marker: str | None = "•", text: str = "记录世界", left: float = 12.0) -> Any:
    from csrpress.compose.components import ListItem
    inner = _para(text)
    m = None if marker is None else _para(marker)
    item = ListItem(m, inner, left, (object(), object()))
    item.wrap(200.0, 1000.0)
    return item


@pytest.mark.parametrize("change", [dict(marker="1."), dict(marker=None),
                                    dict(text="分享生活"), dict(left=14.0)])
def test_a_list_item_key_changes_with_each_input_it_draws(change: dict[str, Any]) -> None:
    assert_keyed_by(_item, change)


def _entry(**change: Any) -> Any:
    """A TOC entry as TocEntry.draw reads it (made without a composer)."""
    from csrpress.compose.toc import TocEntry
    pages = change.pop("pages", {"sec": 12})
    psnames = {"regular": "F1", "light": change.pop("leader_psname", "F3")}
    inks = {"ink": change.pop("ink", "#000000"), "grey": change.pop("leader_ink", "#888888")}
    links = change.pop("links", True)
    ctx = SimpleNamespace(page_of=lambda k: str(pages.get(k, 0)), psnames=psnames,
                          color=lambda n: inks[n], links=links)
    vals = dict(c=SimpleNamespace(ctx=ctx), key="sec", style=STYLE, indent=0.0, numw=20.0,
                leader_end=20.0,
                gap=4.0, leader="·", leader_style=Style("toc-leader", "light", 9.0, 18.0, "grey"),
                title=_para("第一章 记录"), width=300.0, height=18.0)
    vals.update(change)
    return _bare(TocEntry, **vals)


ENTRY_INPUTS: dict[str, Any] = dict(
    pages={"sec": 13}, key="sec2", style=OTHER, indent=10.0, numw=21.0, leader_end=24.0,
    gap=5.0, leader=".",
    leader_style=Style("toc-leader", "light", 9.5, 18.0, "grey"), title=_para("第二章 连接"),
    leader_psname="F4", ink="#000001", leader_ink="#888889", links=False, width=301.0)


@pytest.mark.parametrize("what", list(ENTRY_INPUTS))
def test_a_toc_entry_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_entry, {what: ENTRY_INPUTS[what]})


def test_pages_with_links_and_list_labels_replay_as_drawn(tmp_path, monkeypatch) -> None:
    """A page with TOC entries (link annotations), a table and a list (its
    label element re-entered) is replayed in a session, and the file is the
    same bytes; verify mode draws it and finds the record exact."""
    from csrpress.build import build_all

    project, session, again, data = _replayed_once(
        tmp_path, monkeypatch, "  - toc: 目录\n  - heading: 第一节\n    level: 1\n"
        "  - list: [第一项内容, 第二项内容]\n"
        "  - table: \"\"\n    columns: [项目, 数据]\n"
        "    rows: [[用户, 三亿], [作品, 二百亿]]\n"
        "  - 这是一个段落。\n")
    assert again.replayed == again.pages and again.pdf.read_bytes() == data
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    again.pdf.unlink()
    checked = build_all(project, ["screen"], session=session)[0]
    assert checked.replayed == checked.pages and checked.pdf.read_bytes() == data


def _photo(**change: Any) -> Any:
    from csrpress.compose.images import Photo
    vals = dict(image=None, w=100.0, h=60.0, background=Color(0.9, 0.9, 0.9),
                frame=Color(0.5, 0.5, 0.5), frame_width=0.5, width=100.0, height=60.0)
    vals.update(change)
    return _bare(Photo, **vals)


PHOTO_INPUTS: dict[str, Any] = dict(w=101.0, h=61.0, background=Color(0.9, 0.9, 0.8),
                                    frame=Color(0.5, 0.5, 0.4), frame_width=0.6)


@pytest.mark.parametrize("what", list(PHOTO_INPUTS))
def test_an_empty_photo_frame_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_photo, {what: PHOTO_INPUTS[what]})


def test_a_placed_image_is_keyed_by_its_prepared_file() -> None:
    """The image as prepared for its size (its file), not read from memory."""
    def placed(name: Any) -> Any:
        return _photo(image=object(), alt_text="照片",
                      c=SimpleNamespace(ctx=SimpleNamespace(page_of=str)),
                      _prepared=((100.0, 60.0), SimpleNamespace(fileName=name), 100.0, 75.0))
    base = _key(_page(extra=placed("a.jpg")))
    assert base is not None and base == _key(_page(extra=placed("a.jpg")))
    assert _key(_page(extra=placed("b.jpg"))) != base
    assert _key(_page(extra=placed(None))) is None          # (a reader of bytes in memory)


def _full(**change: Any) -> Any:
    """A full page as FullPage.draw reads it: ornament settings resolved by c.pt."""
    from csrpress.compose.pages import FullPage, LogoSlot
    orn = dict(rings=3, width=2.0, step=0.5, radius=0.3, spacing=0.05)
    orn.update(change.pop("orn", {}))
    logo = _bare(LogoSlot, slot_w=80.0, slot_h=30.0, text=_para(change.pop("logo", "快手")))
    vals = dict(c=SimpleNamespace(pt=lambda v: float(v)), orn=orn, center=(0.8, 0.2),
                bg=Color(0.9, 0.3, 0.1), accent=Color(1, 1, 1), pw=595.0, ph=842.0, bleed=0.0,
                photo=None, parts=[(logo, 50.0, 700.0, 400.0)], width=595.0, height=842.0)
    vals.update(change)
    return _bare(FullPage, **vals)


FULL_INPUTS: dict[str, Any] = dict(
    orn=dict(rings=4), center=(0.7, 0.2), bg=Color(0.9, 0.3, 0.2), accent=Color(1, 1, 0.9),
    bleed=9.0, photo=(_photo(), 0.0, 0.0), logo="快手科技",
    parts=[(_bare(__import__("csrpress.compose.pages", fromlist=["LogoSlot"]).LogoSlot,
                  slot_w=80.0, slot_h=30.0, text=_para("快手")), 50.0, 690.0, 400.0)])


@pytest.mark.parametrize("what", list(FULL_INPUTS))
def test_a_full_page_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_full, {what: FULL_INPUTS[what]})


def _qr(url: str = "https://www.kuaishou.com", colour: Any = Color(0, 0, 0), size: float = 60.0,
        links: bool = True, pad: float = 4.0, paper: Any = Color(1, 1, 1)) -> Any:
    from csrpress.compose.images import QRCode
    from csrpress.compose.pages import QRWhite
    qr = QRCode(url, size, colour, SimpleNamespace(links=links))
    tile = QRWhite(qr, pad, paper)
    tile.wrap(0, 0)
    return tile


QR_INPUTS: dict[str, Any] = dict(url="https://www.kuaishou.com/about", colour=Color(0, 0, 0.1),
                                 size=61.0, links=False, pad=5.0, paper=Color(1, 1, 0.9))


@pytest.mark.parametrize("what", list(QR_INPUTS))
def test_a_qr_code_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_qr, {what: QR_INPUTS[what]})


def _section(**change: Any) -> Any:
    from csrpress.compose.pages import SectionEntry
    pages = change.pop("pages", {"sec": 12})
    ctx = SimpleNamespace(page_of=lambda k: str(pages.get(k, 0)),
                          psnames={"regular": change.pop("psname", "F1")},
                          color=lambda _n: change.pop("ink", "#000000"),
                          links=change.pop("links", True))
    vals = dict(c=SimpleNamespace(ctx=ctx), key="sec", chapter="ch1", style=STYLE, num_w=24.0,
                title=_para("用户"), width=300.0, height=18.0)
    vals.update(change)
    return _bare(SectionEntry, **vals)


# (its chapter names the TOC element it continues: a slot of the page, the
# key of the build at hand used when it is replayed)
SECTION_INPUTS: dict[str, Any] = dict(pages={"sec": 13}, key="sec2", style=OTHER,
                                      num_w=25.0, title=_para("员工"), psname="F2",
                                      ink="#000001", links=False)


@pytest.mark.parametrize("what", list(SECTION_INPUTS))
def test_an_opener_section_key_changes_with_each_input_it_draws(what: str) -> None:
    assert_keyed_by(_section, {what: SECTION_INPUTS[what]})


def _figures(**change: Any) -> Any:
    """Key figures as Figures.draw reads them (rows already laid out)."""
    from csrpress.compose.figures import Figure, Figures
    inks = {"tile": "#eeeeee", "arrow": "#999999", "rule": change.pop("rule", "#ff0000"),
            "ink": change.pop("ink", "#000000")}
    lens = {"rule_width": change.pop("rule_width", 1.0)}
    comp = dict(tile_color="tile", arrow_color="arrow", rule_color="rule")
    c = SimpleNamespace(color=lambda n: inks[n], len=lambda _c, k: lens[k],
                        ctx=SimpleNamespace(psnames={"regular": change.pop("psname", "F1")},
                                            color=lambda n: inks[n]))
    fig = Figure(change.pop("prefix", ""), change.pop("value", "3"), change.pop("unit", "亿"),
                 change.pop("label", _para("日活用户")))
    vals = dict(c=c, comp=comp, vs=STYLE, flow=False, pad=4.0, gap=8.0, size=30.0, usize=15.0,
                row_gap=10.0, layout_rows=[([fig], change.pop("cw", 100.0), 60.0)],
                width=300.0, height=60.0)
    vals.update(change)
    return _bare(Figures, **vals)


FIGURES_INPUTS: dict[str, Any] = dict(
    rule="#ff0001", ink="#000001", rule_width=1.5, psname="F2", prefix="约", value="4",
    unit="万", label=_para("月活用户"), cw=101.0, vs=OTHER, flow=True, pad=5.0, gap=9.0,
    size=31.0, usize=16.0, row_gap=11.0)


@pytest.mark.parametrize("what", list(FIGURES_INPUTS))
def test_key_figures_key_changes_with_each_input_they_draw(what: str) -> None:
    assert_keyed_by(_figures, {what: FIGURES_INPUTS[what]})


def test_a_page_with_a_photo_replays_with_its_image_and_its_warning(tmp_path,
                                                                     monkeypatch) -> None:
    """A photo's page is replayed: the image XObject is registered again from
    the record (the same bytes), and its low-ppi warning is still given."""
    from csrpress.build import build_all
    from csrpress.session import BuildSession
    from tests.samples import mini_project, photo

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "  - heading: 第一节\n    level: 1\n"
                           "  - figure: 田间的照片\n    image: field.jpg\n"
                           "  - 这是一个段落。\n")
    photo(project.images / "field.jpg", (120, 80))
    session = BuildSession()

    def build() -> Any:
        got = build_all(project, ["screen"], session=session)[0]
        assert any("field.jpg" in w.message and "ppi" in w.message for w in got.warnings)
        return got

    first = build()
    data = first.pdf.read_bytes()
    first.pdf.unlink()
    again = build()
    assert again.replayed == again.pages and again.pdf.read_bytes() == data
    monkeypatch.setenv("CSRPRESS_VERIFY_REPLAY", "1")
    again.pdf.unlink()
    checked = build()
    assert checked.replayed == checked.pages and checked.pdf.read_bytes() == data
