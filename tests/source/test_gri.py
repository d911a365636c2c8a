"""GRI reference data shipped with the package, chosen per report."""
from __future__ import annotations

from pathlib import Path

from csrpress.errors import Collector
from csrpress.source.content import load_report
from csrpress.source.gri import prefix, shipped, sort_key

ROOT = Path(__file__).resolve().parents[2]


def _report(tmp_path: Path, gri: str, codes: list[str], language: str = "zh-CN"):
    content = tmp_path / "content"
    content.mkdir(parents=True)
    (content / "report.yaml").write_text(
        f"title: T\noutput: t\nlanguage: {language}\n{gri}\nparts: [a.yaml]\n", encoding="utf-8")
    tags = ", ".join(f'"{c}"' for c in codes)
    (content / "a.yaml").write_text(
        f"part: a\nblocks:\n  - heading: 标题\n    level: 2\n    gri: [{tags}]\n",
        encoding="utf-8")
    errors = Collector()
    return load_report(content, errors), [str(d) for d in errors.errors]


def test_shipped_data_has_the_2016_and_2021_codes():
    old, new = shipped("2016"), shipped("2021")
    assert {f"102-{i}" for i in range(1, 57)} <= set(old["disclosures"])
    assert {f"2-{i}" for i in range(1, 31)} | {"3-1", "3-2", "3-3"} <= set(new["disclosures"])
    assert {f"403-{i}" for i in range(1, 11)} | {f"306-{i}" for i in range(1, 6)} \
        <= set(new["disclosures"])
    assert new["standards"]["306"]["en"] == "GRI 306: Waste 2020"
    assert new["standards"]["207"]["en"] == "GRI 207: Tax 2019"
    assert not any(c.startswith(("102-", "307-", "419-")) for c in new["disclosures"])
    assert "13.1.1" in new["disclosures"]


def test_a_2021_report_takes_universal_topic_and_sector_codes(tmp_path):
    report, errs = _report(tmp_path, "gri: {standard: 2021}", ["2-22", "3-3", "306-3", "13.1.2"])
    assert errs == []
    assert report.gri["2-22"]["title"] == "关于可持续发展战略的声明"
    assert report.gri["306-3"]["title"] == "产生的废弃物"          # (GRI 306: Waste 2020)
    assert report.gri_standards["2"] == "GRI 2：一般披露 2021"
    assert set(report.gri) == {"2-22", "3-3", "306-3", "13.1.2"}     # only what is tagged


def test_english_titles_for_an_english_report(tmp_path):
    report, errs = _report(tmp_path, "gri: {standard: 2021}", ["2-22"], language="en")
    assert errs == [] and report.gri["2-22"]["title"] == "Statement on sustainable development strategy"


def test_codes_of_the_other_year_and_typos_are_located_errors(tmp_path):
    _, errs = _report(tmp_path, "gri: {standard: 2016}", ["2-22", "102-99"])
    assert any(":5:" in e and "GRI code 2-22 is a GRI 2021 code" in e
               and "standard: 2021" in e for e in errs), errs
    assert any("GRI code 102-99 is not in the GRI 2016 reference data" in e for e in errs)
    _, errs = _report(tmp_path / "b", "", ["10-2-1"])
    assert any(":5:" in e and "must be a list of GRI codes" in e for e in errs), errs


def test_a_2016_code_in_a_2021_report_says_what_replaced_it(tmp_path):
    """A report moving from GRI 2016 to 2021 keeps its 102/103 codes at first:
    102-1 was answered 'did you mean 410-1?' (a code of another subject)."""
    _, errs = _report(tmp_path, "gri: {standard: 2021}", ["102-1", "103-2", "307-1"])
    assert len(errs) == 3 and all(":5:" in e for e in errs), errs
    first, second, third = errs
    assert "102-1 (Name of the organization) is a GRI 2016 disclosure" in first
    assert "GRI 2 (2-1 … 2-30)" in first and "standard: 2016" in first
    assert "did you mean" not in first
    assert "GRI 3 (3-1 … 3-3)" in second
    assert "307-1" in third and "GRI 2016 disclosure" in third     # a topic code withdrawn in 2021


def test_bad_gri_settings_are_located(tmp_path):
    _, errs = _report(tmp_path, "gri: {standard: 2020, fiel: x.yaml}", [])
    assert any("report.yaml:4:" in e and "unknown GRI standard '2020'" in e for e in errs), errs
    assert any("gri has no key 'fiel'" in e and "did you mean 'file'" in e for e in errs), errs


def test_index_order_and_standard_of_a_code():
    codes = ["305-1", "13.1.2", "3-3", "2-22", "2-3", "102-14"]
    assert sorted(codes, key=sort_key) == ["2-3", "2-22", "3-3", "13.1.2", "102-14", "305-1"]
    assert [prefix(c) for c in ("2-22", "13.1.2", "102-14")] == ["2", "13", "102"]


def test_a_traditional_chinese_report_prints_no_simplified_titles(tmp_path):
    """The shipped Chinese titles are Simplified: a report in zh-Hant-TW (or
    zh-TW, zh-HK) printed 组织详细情况 in a Traditional text. It prints its own
    file's zh-Hant titles, else the English ones; zh-Hans and zh-CN keep zh."""
    from csrpress.source.gri import title_language

    for tag in ("zh-Hant-TW", "zh-Hant", "zh-TW", "zh-HK", "zh-MO", "zh-hant"):
        report, errs = _report(tmp_path / tag, "gri: {standard: 2021}", ["2-1", "2-7"], tag)
        assert errs == []
        assert report.gri["2-1"]["title"] == "Organizational details", tag
        assert report.gri["2-1"]["standard"] == "GRI 2: General Disclosures 2021", tag
    assert [title_language(t) for t in ("zh-Hans-TW", "zh-CN", "zh", "en-HK")] == \
        ["zh", "zh", "zh", "en"]
    own = tmp_path / "own"
    report, errs = _report(own, "gri: {standard: 2021, file: gri.yaml}", ["2-1", "2-7"],
                           "zh-Hant-TW")
    (own / "content" / "gri.yaml").write_text(
        'standards:\n  "2": {en: "GRI 2", zh-Hant: "GRI 2：一般揭露 2021"}\n'
        'disclosures:\n  "2-1": {en: "Organizational details", zh-Hant: "組織詳細資訊"}\n',
        encoding="utf-8")
    errors = Collector()
    report = load_report(own / "content", errors)
    assert not errors.errors, [str(e) for e in errors.errors]
    assert report.gri["2-1"]["title"] == "組織詳細資訊"
    assert report.gri["2-7"]["standard"] == "GRI 2：一般揭露 2021"
    assert report.gri["2-7"]["title"] == "Employees"


def test_an_unknown_standard_is_one_error_not_one_per_code(tmp_path):
    """'standard: 2030' was an error, then each 2021 code of the report an
    error of its own ('is a GRI 2021 code; this report uses GRI 2016'): the
    codes were checked against the default put in the unknown one's place."""
    _, errs = _report(tmp_path, "gri: {standard: 2030}", ["2-1", "3-3", "305-1"])
    assert len(errs) == 1 and "unknown GRI standard '2030'" in errs[0], errs


def test_every_shipped_disclosure_has_a_chinese_title():
    """A Chinese report's GRI index printed ~60 of the 2021 set's titles in
    English ('Energy consumption within the organization', 'Direct (Scope 1)
    GHG emissions') among Chinese ones; both shipped sets are complete."""
    import yaml

    for name in ("gri-2016.yaml", "gri-2021.yaml"):
        data = yaml.safe_load((ROOT / "csrpress" / "data" / "gri" / name).read_text(encoding="utf-8"))
        missing = [c for c, v in data["disclosures"].items() if not v.get("zh")]
        assert missing == [], (name, missing)
        assert all(v.get("zh") for v in data["standards"].values()), name
