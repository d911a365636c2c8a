"""A field of kind `texts` ("a text or a list of texts") written as one text
is that one text, not its characters: `qr_label: 扫码关注` printed one
character a line under the back cover's QR code, an SDG row's `refs: climate`
looked up the ids 'c', 'l', 'i', … and a card's `items: 一项` set a bullet a
character. The loader gives every component a list."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.compose import registry
from csrpress.source import schema
from csrpress.source.content import _ITEMS
from tests import pdfread
from tests.samples import load_one_part

# (component, field or item field) → a block setting it to one text
BLOCKS = {
    ("cover", "slogan"): "  - cover: 报告\n    slogan: 一句口号\n",
    ("back_cover", "qr_label"): "  - back_cover: 欢迎\n    url: https://example.com/\n"
                                "    qr_label: 一句口号\n",
    ("letter", "body"): "  - letter: 信\n    author: 张三\n    body: 一句口号\n",
    ("table", "columns"): "  - table: 表\n    columns: 一句口号\n    rows: [[甲]]\n",
    ("chart", "labels"): "  - chart: 图\n    kind: bar\n    labels: 一句口号\n"
                         "    series: [{name: 甲, values: [3]}]\n",
    ("sdg_index", "columns"): "  - sdg_index: 目标\n    columns: 一句口号\n"
                              "    rows: [{goal: 1, title: 甲}]\n",
    ("gri_index", "columns"): "  - p: 正文\n    gri: [\"102-1\"]\n  - gri_index: 索引\n    columns: 一句口号\n",
    ("table", "widths"): "  - table: 表\n    columns: [甲]\n    widths: \"2\"\n    rows: [[乙]]\n",
    ("cards", "text"): "  - cards:\n      - {title: 甲, items: [乙], text: 一句口号}\n",
    ("cards", "items"): "  - cards:\n      - {title: 甲, items: 一句口号}\n",
    ("model", "text"): "  - model: 模型\n    levels:\n      - {title: 甲, items: [乙], text: 一句口号}\n",
    ("model", "items"): "  - model: 模型\n    levels:\n      - {title: 甲, items: 一句口号}\n",
    ("sdg_index", "strategies"): "  - sdg_index: 目标\n    columns: [a, b, c, d]\n"
                                 "    rows: [{goal: 1, title: 甲, strategies: 一句口号}]\n",
    ("sdg_index", "actions"): "  - sdg_index: 目标\n    columns: [a, b, c, d]\n"
                              "    rows: [{goal: 1, title: 甲, actions: 一句口号}]\n",
}


def _texts_fields() -> set[tuple[str, str]]:
    """Every field of kind texts a built-in component has, item fields too
    (refs is one more: its one id is checked by the build test below)."""
    out = set()
    for name, comp in registry.components().items():
        for field, kind in [("", comp.schema.main), *comp.schema.fields.items()]:
            if kind == schema.TEXTS and field:
                out.add((name, field))
            elif kind in _ITEMS:
                out |= {(name, f) for f, k in _ITEMS[kind].items() if k == schema.TEXTS}
    return out


def test_every_texts_field_is_covered():
    assert _texts_fields() - {("sdg_index", "refs")} == set(BLOCKS)


@pytest.mark.parametrize("name,field", sorted(BLOCKS), ids=[f"{n}.{f}" for n, f in sorted(BLOCKS)])
def test_one_text_loads_as_a_list_of_it(tmp_path: Path, name: str, field: str) -> None:
    errors, report = load_one_part(tmp_path, BLOCKS[(name, field)])
    assert not errors, errors
    assert _field(report.blocks[-1].attrs, field) == ["2" if field == "widths" else "一句口号"]


def _field(node, field: str):
    """The value of `field` in the block's data, found at any depth."""
    if isinstance(node, dict):
        if field in node and not isinstance(node[field], dict):
            return node[field]
        nodes = list(node.values())
    else:
        nodes = list(node) if isinstance(node, list) else []
    for child in nodes:
        if isinstance(child, (dict, list)) and (found := _field(child, field)) is not None:
            return found
    return None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The starter with its back cover's QR label, a card's bullets and an
    SDG row's refs each written as one text."""
    from csrpress.build import build
    from csrpress.cli import write_starter

    root = tmp_path_factory.mktemp("onetext")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    write_starter(root)
    content = root / "content"
    back = content / "99-back-cover.yaml"
    back.write_text(back.read_text(encoding="utf-8").replace("qr_label: [扫码访问]",
                                                             "qr_label: 扫码阅读电子版"),
                    encoding="utf-8")
    appendix = content / "90-appendix.yaml"
    text = appendix.read_text(encoding="utf-8")
    assert "refs: [waste]" in text
    appendix.write_text(text.replace("refs: [waste]", "refs: waste"), encoding="utf-8")
    people = content / "30-people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("  - lines:\n", "  - cards:\n      - title: 卡片\n"
                                   "        text: 先写的说明\n        items: 唯一的要点\n"
                                   "  - lines:\n", 1), encoding="utf-8")
    from csrpress.build import Project
    res = build(Project(root))
    doc = pdfread.open_pdf(res.pdf)
    yield doc
    doc.close()
    mp.undo()


def _page_lines(doc, needle: str) -> list[str]:
    for page in doc:
        lines = [ln.strip() for ln in page.get_text().splitlines()]
        if any(needle in ln for ln in lines):
            return lines
    raise AssertionError(f"{needle!r} is on no page")


def test_the_qr_label_is_one_line(built):
    assert "扫码阅读电子版" in _page_lines(built, "扫码阅读")


def test_the_sdg_row_refers_to_its_one_id(built):
    """Each of the starter's five SDG rows prints its pages, the one whose
    refs is one id too (it had looked up 'w', 'a', … and failed)."""
    seen = [ln for page in built for ln in page.get_text().splitlines() if "见第" in ln]
    assert len(seen) == 5, seen


def test_the_card_sets_one_bullet_after_its_text(built):
    lines = _page_lines(built, "唯一的要点")
    text = "\n".join(lines)
    assert text.index("先写的说明") < text.index("唯一的要点")
    assert not any(ln in ("唯", "一") for ln in lines)
