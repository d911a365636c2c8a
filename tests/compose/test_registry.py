"""The component registry is the one place a block type is declared: the
schema, the layout settings, the documented types and dispatch all come from
it; a new block type is one module; every component's layout settings are
checked at load with located errors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from csrpress.build import Project, build
from csrpress.compose import registry
from csrpress.errors import Collector
from csrpress.source import schema, settings
from csrpress.source.layout import load_layout
from tests import pdfread
from tests.compose import callout_block, stamp_block

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "csrpress" / "starter"


def test_schema_components_and_docs_name_the_same_block_types():
    doc = (ROOT / "docs" / "content-schema.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `(\w+)`", doc, re.M))
    assert set(schema.BLOCK_TYPES) == set(registry.components()) == documented


def test_the_schema_doc_is_generated_from_the_registry():
    """Regenerate with: python -m csrpress.compose.registry"""
    doc = (ROOT / "docs" / "content-schema.md").read_text(encoding="utf-8")
    assert doc == registry.update_schema_doc(doc)


def test_every_component_declares_its_styles_and_settings_to_the_layout():
    for name, comp in registry.components().items():
        assert set(comp.styles) <= set(settings.STYLES_USED), name
        if comp.settings and not comp.settings_at:
            assert settings.COMPONENTS[name] is comp.settings


def test_a_block_type_is_declared_once():
    with pytest.raises(ValueError):
        registry.register(registry.Component("p", schema.BlockType(schema.TEXT, {}),
                                             compose=lambda c, b, at: []))


def _starter(tmp_path: Path) -> Project:
    from csrpress.cli import write_starter

    write_starter(tmp_path / "report")
    return Project(tmp_path / "report")


def _add_callout(project: Project, text: str) -> None:
    """The starter with a callout block, its style and its layout settings."""
    layout = project.layout / "layout.yaml"
    src = layout.read_text(encoding="utf-8")
    src = src.replace("\nstyles:\n", "\nstyles:\n  callout-text: {font: regular, size: 10pt, "
                      "leading: 16pt, color: ink}\n", 1)
    src = src.replace("\ncomponents:\n", "\ncomponents:\n  callout: {padding: 4mm, "
                      "background: white}\n", 1)
    layout.write_text(src, encoding="utf-8")
    part = project.content / "10-about.yaml"
    part.write_text(part.read_text(encoding="utf-8").rstrip("\n")
                    + f"\n  - callout: {text}\n    tone: calm\n", encoding="utf-8")


def test_a_new_block_type_from_a_test_module_builds(tmp_path):
    project = _starter(tmp_path)
    text = "社区开放日欢迎员工家属参与"
    _add_callout(project, text)
    with registry.registered(callout_block.COMPONENT):
        assert "callout" in schema.BLOCK_TYPES and "callout-text" in settings.STYLES_USED
        result = build(project, "screen")
    assert "callout" not in registry.components()       # nothing left behind
    doc = pdfread.open_pdf(result.pdf)
    assert text in "".join(page.get_text() for page in doc).replace("\n", "")
    doc.close()


def _add_stamp(project: Project, text: str, claimed: bool) -> None:
    part = project.content / "10-about.yaml"
    part.write_text(part.read_text(encoding="utf-8").rstrip("\n")
                    + f"\n  - stamp: {text}\n    claimed: {str(claimed).lower()}\n",
                    encoding="utf-8")


def test_a_new_component_draws_only_what_it_claims(tmp_path):
    """Glyph use has one path (TextContext.claim): a component that draws a
    string it claimed builds and the string reads back; one that draws a
    character it never claimed fails the build (the PDF glyph check), with
    nothing written, instead of printing an empty box."""
    from csrpress.errors import BuildError

    project = _starter(tmp_path)
    _add_stamp(project, "龘", claimed=True)
    with registry.registered(stamp_block.COMPONENT):
        result = build(project, "print")
    doc = pdfread.open_pdf(result.pdf)
    assert "龘" in "".join(page.get_text() for page in doc)
    doc.close()
    result.pdf.unlink()
    project = _starter(tmp_path / "again")
    _add_stamp(project, "龘", claimed=False)
    with registry.registered(stamp_block.COMPONENT), pytest.raises(BuildError) as err:
        build(project, "print")
    assert "without claiming" in str(err.value)
    assert not any(project.dist.glob("*.pdf"))


def test_only_the_text_context_claims_glyphs():
    """Fonts.claim is called from one place (TextContext.claim): components
    claim through it, by style, so the path can be checked and changed once."""
    import ast

    callers = []
    for path in (ROOT / "csrpress").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "claim" and isinstance(node.func.value, ast.Attribute) \
                    and node.func.value.attr == "fonts":
                callers.append(path.relative_to(ROOT).as_posix())
    assert callers == ["csrpress/text/paragraph.py"]


def test_only_the_dispatcher_places_anchors():
    """A block's destination and outline entry come from its component's
    `outline` (or its id), placed by compose/report.py; the document's
    afterFlowable records their pages. No component makes its own."""
    import ast

    makers = []
    for path in (ROOT / "csrpress").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "Anchor":
                makers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(makers)) == ["csrpress/compose/report.py"]
    declared = {n for n, comp in registry.components().items() if comp.outline}
    assert {"heading", "chapter", "cover", "back_cover"} <= declared


def test_the_dispatcher_names_no_block_type():
    """compose/report.py places blocks by their components' page policy
    (opener, section, running head, own breaks, side-column content), never
    by a type's name: a new component is placed like the built-in ones."""
    import ast

    source = (ROOT / "csrpress" / "compose" / "report.py").read_text(encoding="utf-8")
    names = {n.value for n in ast.walk(ast.parse(source))
             if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not names & set(registry.components())


def test_the_build_names_no_block_type():
    """build.py orchestrates: what a component's settings mean (the chapter
    opener's copyfit settings) is asked of the registry, by page policy."""
    import ast

    source = (ROOT / "csrpress" / "build.py").read_text(encoding="utf-8")
    names = {n.value for n in ast.walk(ast.parse(source))
             if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not names & set(registry.components())
    assert registry.opener_settings({"chapter": {"end_steps": 2}, "heading": {}}) == \
        {"end_steps": 2}


def test_a_new_section_component_opens_sections_and_chapters():
    """Sections and chapters come from the page policy: a test-local
    'part_title' (an opener) and 'topic' (a section with a level) get anchor
    keys, contents entries and the chapter structure."""
    from csrpress.compose import report
    from csrpress.source.content import Block
    from csrpress.source.schema import INT, TEXT, BlockType

    def block(kind: str, value: str, **attrs: object) -> Block:
        return Block(kind, value, dict(attrs), None, "part")

    part = registry.Component("part_title", schema.BlockType(TEXT, {}), lambda c, b, at: [],
                              page=registry.PagePolicy(opener=True, section=True))
    topic = registry.Component("topic", BlockType(TEXT, {"level": INT}), lambda c, b, at: [],
                               page=registry.PagePolicy(section=True))
    with registry.registered(part), registry.registered(topic):
        blocks = [block("p", "前言"), block("part_title", "第一部分"), block("p", "引言"),
                  block("topic", "话题一", level=1), block("topic", "细节", level=3),
                  block("topic", "话题二", level=1, in_toc=False)]
        keys = report.keys(blocks)
        assert sorted(keys) == [1, 3, 4, 5]
        assert report.toc_entries(blocks, keys, 2) == [(0, "第一部分", keys[1]),
                                                       (1, "话题一", keys[3])]
        assert report._first_part(blocks, 3) and not report._first_part(blocks, 5)
        assert report._under(blocks, keys, keys[5], 1)


def test_a_new_block_types_layout_is_checked(tmp_path):
    project = _starter(tmp_path)
    _add_callout(project, "社区开放日")
    layout = project.layout / "layout.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace("padding: 4mm", "paddin: 4mm"),
                      encoding="utf-8")
    with registry.registered(callout_block.COMPONENT):
        errors = Collector()
        assert load_layout(project.layout, errors) is None
    assert any("components.callout" in e.message and "paddin" in e.message
               and "did you mean 'padding'" in e.hint for e in errors.errors), errors.errors


# --- every registered component: a typo and an out-of-range value are located errors

def _layout_with(tmp_path: Path, section: str, key: str, value: object) -> tuple[Path, int]:
    """The starter layout with ``section.key: value`` (a dotted section), and
    the line the key is on."""
    raw = yaml.safe_load((STARTER / "layout" / "layout.yaml").read_text(encoding="utf-8"))
    node = raw
    for part in section.split("."):
        node = node.setdefault(part, {})
    node[key] = value
    folder = tmp_path / "layout"
    folder.mkdir()
    text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    (folder / "layout.yaml").write_text(text, encoding="utf-8")
    # the key's line: the first line with it after its section's own line
    lines = text.splitlines()
    at = 0
    for part in section.split("."):
        at = next(n for n in range(at, len(lines)) if lines[n].strip().startswith(part + ":"))
    line = next(n for n in range(at, len(lines)) if lines[n].strip().startswith(f"{key}:"))
    return folder, line + 1


def _errors(folder: Path) -> list:
    errors = Collector()
    load_layout(folder, errors)
    return errors.errors


def _typo(word: str) -> str:
    return word[:-2] + word[-1] if len(word) > 3 else word + "x"


@pytest.mark.parametrize("name", sorted(registry.components()))
def test_a_layout_typo_in_any_component_is_located(tmp_path, name):
    comp = registry.get(name)
    real = next(iter(comp.settings), None)
    wrong = _typo(real) if real else "colour"
    folder, line = _layout_with(tmp_path, comp.layout_section, wrong, 1)
    errs = [e for e in _errors(folder) if f"'{wrong}'" in e.message]
    assert errs, f"{name}: no error for {wrong}"
    assert str(errs[0].where).endswith(f"layout.yaml:{line}:{errs[0].where.col}"), errs[0]
    assert (f"did you mean '{real}'" in errs[0].hint) if real else "allowed" in errs[0].hint


def _out_of_range(comp: registry.Component) -> tuple[str, object] | None:
    """A setting of the component with a range, and a value past it."""
    for key, st in comp.settings.items():
        if st.kind == settings.INT and st.max is not None:
            return key, int(st.max) + 1
        if st.kind == settings.NUMBER and st.max is not None:
            return key, float(st.max) + 1
        if st.kind == settings.LENGTH and st.max is not None:
            return key, f"{st.max + 100:g}pt"
    return None


@pytest.mark.parametrize("name", sorted(registry.components()))
def test_an_out_of_range_value_in_any_component_is_located(tmp_path, name):
    comp = registry.get(name)
    bad = _out_of_range(comp)
    if bad is None:
        assert not any(st.min is not None or st.max is not None
                       for st in comp.settings.values()), name
        pytest.skip(f"{name} has no ranged settings")
    key, value = bad
    folder, line = _layout_with(tmp_path, comp.layout_section, key, value)
    errs = [e for e in _errors(folder) if f".{key}' is" in e.message and "outside" in e.message]
    assert errs, f"{name}: no range error for {key}: {value}"
    assert f"layout.yaml:{line}:" in str(errs[0].where), (errs[0], line)


def test_a_block_knows_the_chapter_opener_before_it():
    from types import SimpleNamespace

    from csrpress.compose.context import Composer

    kinds = ["cover", "p", "chapter", "heading", "p", "chapter", "heading"]
    blocks = [SimpleNamespace(type=k) for k in kinds]
    c = Composer(None, None, None, SimpleNamespace(blocks=blocks))   # type: ignore[arg-type]
    assert [c.chapter_before(i) for i in range(len(blocks))] == \
        [None, None, None, blocks[2], blocks[2], blocks[2], blocks[5]]
