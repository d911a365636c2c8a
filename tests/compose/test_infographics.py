"""Key figures and model diagrams: located errors for what the schema cannot
say, and in the built report every figure and box text in the text layer."""
from __future__ import annotations

from pathlib import Path

from tests.samples import load_one_part


def _errors(tmp_path: Path, block: str) -> list[str]:
    return [str(e) for e in load_one_part(tmp_path, block)[0]]


def test_an_unknown_figures_style_says_did_you_mean(tmp_path):
    (msg,) = _errors(tmp_path, "  - figures: 数\n    style: flwo\n"
                               "    items: [{value: '1', label: a}]\n")
    assert "p.yaml:5:" in msg and "'flow'" in msg


def test_a_figure_needs_a_value_and_a_label(tmp_path):
    (msg,) = _errors(tmp_path, "  - figures: 数\n    items:\n      - {value: '1', label: a}\n"
                               "      - {unit: 个, label: b}\n")
    assert "p.yaml:7:" in msg and "'value:' and 'label:'" in msg


def test_a_model_tier_needs_items(tmp_path):
    (msg,) = _errors(tmp_path, "  - model: 模型\n    levels:\n      - {title: 核心, items: [a]}\n"
                               "      - {title: 表现, text: 无}\n")
    assert "p.yaml:7:" in msg and "'items:'" in msg


def _page_with(pdf, text: str):
    return next(p for p in pdf if text in "".join(p.get_text().split()))


def test_key_figures_are_in_the_text_layer(pdf):
    import yaml

    root = Path(__file__).resolve().parents[2]
    part = yaml.safe_load((root / "content" / "03-key-figures.yaml").read_text(encoding="utf-8"))
    items = next(b for b in part["blocks"] if "figures" in b)["items"]
    page = _page_with(pdf, "日均短视频上传量")
    text = "".join(page.get_text().split()).replace(",", "")
    for it in items:
        assert str(it["value"]) + it["unit"] in text
        assert "".join(it["label"].split()) in text


def test_the_csr_model_is_a_diagram_with_its_items_in_boxes(pdf):
    page = _page_with(pdf, "平等普惠的价值观和算法是快手产品的灵魂")
    words = "".join(page.get_text().split())
    for item in ("平等普惠的价值观和算法", "记录与分享", "连接与沟通", "行动与向善",
                 "用户", "政府", "社会", "行业"):
        hits = page.search_for(item)
        assert hits, item
    boxes = [d["rect"] for d in page.get_drawings() if d.get("fill") and d["rect"].width > 30
             and 20 < d["rect"].height < 80]
    # every item sits inside one of the drawn boxes
    for item in ("记录与分享", "行业"):
        r = page.search_for(item)[-1]
        assert any(b.x0 <= r.x0 and r.x1 <= b.x1 and b.y0 <= r.y0 and r.y1 <= b.y1 for b in boxes), item
    assert "社会责任理念" in words


def test_figure_rows_are_balanced_never_one_alone():
    """9 in threes → 3 + 3 + 3; 7 → 3 + 2 + 2; 4 in threes → 2 + 2; 5 → 3 + 2."""
    from csrpress.compose.figures import Figures

    def sizes(n: int, cols: int) -> list[int]:
        f = object.__new__(Figures)
        f.items = list(range(n))
        return f._row_sizes(cols)

    assert sizes(9, 3) == [3, 3, 3]
    assert sizes(7, 3) == [3, 2, 2]
    assert sizes(4, 3) == [2, 2]
    assert sizes(5, 3) == [3, 2]
    assert sizes(1, 3) == [1]


def test_the_key_figures_page_sets_its_nine_figures_in_rows_of_three(pdf):
    """The key-figures grid spans the grid: three rows of three figure rules."""
    page = _page_with(pdf, "日活用户")
    rules = sorted({round(d["rect"].y0) for d in page.get_drawings()
                    if d["rect"].height < 3 and 100 < d["rect"].width < 200})
    assert len(rules) == 3
