"""Field kinds that name things: a `style` field names a paragraph style of
the layout, a choice field one of a fixed set of words. For every registered
component, a wrong value is an error at its line with a "did you mean"; so
is a layout `*_style` setting naming a style that is not defined."""
from __future__ import annotations

from pathlib import Path

import pytest

from csrpress.compose import registry
from csrpress.errors import Collector
from csrpress.source import schema
from csrpress.source.checks import check_styles
from csrpress.source.layout import load_layout
from tests.samples import load_one_part

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "csrpress" / "starter"


def _fields(test: object) -> list[tuple[str, str, object]]:
    """(component, field, kind) of every field (main value: field '') passing test."""
    out = []
    for name, comp in registry.components().items():
        for field, kind in [("", comp.schema.main), *comp.schema.fields.items()]:
            if test(kind):
                out.append((name, field, kind))
    return out


def _typo(word: str) -> str:
    return word[:-2] + word[-1] if len(word) > 3 else word + "x"


def _block(name: str, field: str, value: str) -> tuple[str, int]:
    """A block of the component with the field set to value, and its line."""
    if not field:
        return f"  - {name}: {value}\n", 4
    return f"  - {name}: 文字\n    {field}: {value}\n", 5


CHOICES = _fields(lambda kind: isinstance(kind, schema.Choice))
STYLED = _fields(lambda kind: kind == schema.STYLE)


def test_the_choice_and_style_fields_are_the_expected_ones():
    assert {(n, f) for n, f, _ in CHOICES} >= {("figure", "width"), ("page_break", ""),
                                               ("chart", "kind"), ("list", "style"),
                                               ("figures", "style")}
    assert {(n, f) for n, f, _ in STYLED} >= {("p", "style"), ("lines", "style")}


@pytest.mark.parametrize("name,field,kind", CHOICES, ids=[f"{n}.{f or 'main'}" for n, f, _ in CHOICES])
def test_a_wrong_choice_is_located_with_did_you_mean(tmp_path, name, field, kind):
    wrong = _typo(kind.values[-1])
    text, line = _block(name, field, wrong)
    errors, _ = load_one_part(tmp_path, text)
    found = [e for e in errors if f"unknown {kind.what} '{wrong}'" in e.message]
    assert found, errors
    assert str(found[0].where).endswith(f"p.yaml:{line}:{found[0].where.col}")
    assert f"did you mean '{kind.values[-1]}'" in found[0].hint


def test_a_right_choice_passes(tmp_path):
    errors, report = load_one_part(tmp_path, "  - page_break: recto\n  - list: [一, 二]\n"
                                             "    style: number\n")
    assert not errors and [b.type for b in report.blocks] == ["page_break", "list"]


def _styles_checked(tmp_path: Path, text: str) -> list:
    errors, report = load_one_part(tmp_path, text)
    assert not errors, errors
    layout = load_layout(STARTER / "layout", Collector())
    found = Collector()
    check_styles(report, layout, found)
    return found.errors


@pytest.mark.parametrize("name,field,kind", STYLED, ids=[f"{n}.{f or 'main'}" for n, f, _ in STYLED])
def test_an_unknown_style_in_any_styled_field_is_located(tmp_path, name, field, kind):
    text, line = _block(name, field, "bodyy")
    errors = _styles_checked(tmp_path, text)
    assert len(errors) == 1 and "unknown style 'bodyy'" in errors[0].message, errors
    assert f"p.yaml:{line}:" in str(errors[0].where)
    assert "did you mean 'body'" in errors[0].hint


def test_a_new_components_style_field_is_checked(tmp_path):
    """Any component's field of kind style is checked, not a list of names."""
    comp = registry.Component("aside", schema.BlockType(schema.TEXT, {"look": schema.STYLE}),
                              lambda c, b, at: [])
    with registry.registered(comp):
        errors = _styles_checked(tmp_path, "  - aside: 旁注\n    look: captionn\n")
    assert len(errors) == 1 and "p.yaml:5:" in str(errors[0].where)
    assert "aside.look" in errors[0].message and "did you mean 'caption'" in errors[0].hint


STYLE_SETTINGS = [(name, key, st.default) for name, comp in registry.components().items()
                  for key, st in comp.settings.items() if key.endswith("_style")]


@pytest.mark.parametrize("name,key,default", STYLE_SETTINGS,
                         ids=[f"{n}.{k}" for n, k, _ in STYLE_SETTINGS])
def test_an_unknown_style_in_any_style_setting_is_located(tmp_path, name, key, default):
    import yaml

    raw = yaml.safe_load((STARTER / "layout" / "layout.yaml").read_text(encoding="utf-8"))
    assert default in raw["styles"], f"{name}.{key}: the starter lacks its default style"
    section = registry.get(name).layout_section.split(".")
    node = raw
    for part in section:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    wrong = _typo(default)
    node[key] = wrong
    folder = tmp_path / "layout"
    folder.mkdir()
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    (folder / "layout.yaml").write_text(text, encoding="utf-8")
    line = 1 + next(n for n, t in enumerate(text.splitlines()) if t.strip() == f"{key}: {wrong}")
    errors = Collector()
    load_layout(folder, errors)
    found = [e for e in errors.errors if f"no style '{wrong}'" in e.message]
    assert found, errors.errors
    assert f"layout.yaml:{line}:" in str(found[0].where)
    assert f"did you mean '{default}'" in found[0].hint
