"""ASCII punctuation typed between Han is set full-width; the rest stays as typed."""
from __future__ import annotations

import pytest

from csrpress.text.normalise import group_figures, group_number, normalise


@pytest.mark.parametrize("typed, set_", [
    ("联合国气候变化大会(COP25)，演讲", "联合国气候变化大会（COP25），演讲"),
    ("约2~3 万人", "约2～3 万人"),
    ("9 月 5 日-9 月 9 日", "9 月 5 日—9 月 9 日"),
    ("中国,美国;日本", "中国，美国；日本"),
    ("研发线 - 平台研发部", "研发线—平台研发部"),
    ("“停课不停学”(现为“在家学习”)", "“停课不停学”（现为“在家学习”）"),
    ("UP(通用力)", "UP（通用力）"),
    ("LEARNING (线上学习平台)", "LEARNING（线上学习平台）"),
    ("卡车女司机~颜姐", "卡车女司机～颜姐"),
])
def test_ascii_punctuation_between_han_is_set_full_width(typed, set_):
    text, changes = normalise(typed)
    assert text == set_ and changes


@pytest.mark.parametrize("kept", [
    "价格3.5元", "10:30开始", "见https://a.cn/x?a=1,b-c 后", "Haidian, Beijing",
    "COVID-19疫情", "2018-2019 年", "邮箱a-b@c.com。", "(Latin only)", "UP!青年力",
    "f(x) 函数", "~快手",
])
def test_decimals_times_urls_and_latin_stay_as_typed(kept):
    assert normalise(kept) == (kept, [])


def test_check_notes_each_normalised_block(tmp_path, monkeypatch):
    from csrpress.build import load
    from tests.samples import mini_project

    monkeypatch.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    project = mini_project(tmp_path / "p", "\n  - p: 第一段正常。\n  - p: 大会(COP25)开幕。\n")
    _, _, _, errors = load(project)
    notes = [str(n) for n in errors.notes]
    assert notes and all("part.yaml:6:" in n and "full-width" in n for n in notes), notes


@pytest.mark.parametrize("typed, set_as", [
    ("共计8610155.08元，其中", "共计8,610,155.08元，其中"),
    ("共计 36861 平方米", "共计 36,861 平方米"),
    ("增长率12345%", "增长率12,345%"),
    ("1,100 多家", "1100 多家"),              # one rule: four digits stay whole
    ("1100 多家", "1100 多家"),
    ("2019年12月", "2019年12月"),
    ("快手号：323376671", "快手号：323376671"),  # an ID, no unit after it
    ("M51005200元", "M51005200元"),
    ("“陪你10000次”", "“陪你10000次”"),          # a quoted name
    ("#陪你10000次#", "#陪你10000次#"),
    ("www.a.com/123456页", "www.a.com/123456页"),
    ("PV累计683,635，UV", "PV累计683,635，UV"),
    ("所有厂区均通过 ISO 45001 验证", "所有厂区均通过 ISO 45001 验证"),    # standards
    ("通过ISO 14001认证", "通过ISO 14001认证"),
    ("依据 GB/T 24001 标准", "依据 GB/T 24001 标准"),
    ("符合 ISO/IEC 27001 要求", "符合 ISO/IEC 27001 要求"),
    ("OHSAS 18001 体系", "OHSAS 18001 体系"),
    ("ISO 14001 认证的 12345 家供应商", "ISO 14001 认证的 12,345 家供应商"),
    ("Scope 1 排放 12345 吨", "Scope 1 排放 12,345 吨"),
])
def test_figures_follow_the_reports_number_rule(typed, set_as):
    assert group_figures(typed, ",", 5) == set_as


@pytest.mark.parametrize("typed, set_as", [
    # a paragraph's figures are one set: one grouped, all of four digits or more are
    ("总量为 12,600 吨，其中工厂 3400 吨，物流 9200 吨", "总量为 12,600 吨，其中工厂 3,400 吨，物流 9,200 吨"),
    ("能耗 5,812.36 千瓦时，排放 12600 吨", "能耗 5,812.36 千瓦时，排放 12,600 吨"),
    ("2025 年共 12345 人，2025年度新增 1100 人", "2025 年共 12,345 人，2025年度新增 1,100 人"),
    ("能耗 5,812.36 千瓦时", "能耗 5812.36 千瓦时"),                  # alone: the rule
    ("“陪你10000次”，1100 家", "“陪你10000次”，1100 家"),           # a name is no figure
    ("见 www.a.com/123456页，1100 家", "见 www.a.com/123456页，1100 家"),
    ("ISO 14001 认证的 12345 家供应商中 1100 家", "ISO 14001 认证的 12,345 家供应商中 1,100 家"),
])
def test_a_paragraphs_figures_are_grouped_alike(typed, set_as):
    assert group_figures(typed, ",", 5) == set_as


def test_no_separator_means_figures_as_typed():
    assert group_figures("共计8610155.08元", "", 5) == "共计8610155.08元"
    assert group_number("8610155.08", ",", 5) == "8,610,155.08"
