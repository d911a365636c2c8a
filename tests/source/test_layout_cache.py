"""A watch session resolves the layout again only when it changed: layout
files that parse to the values resolved last time, under the same block
types, give the layout resolved then (its very objects); an edited file, a
file added, one with a finding, or other block types resolve it again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from csrpress.compose import registry
from csrpress.errors import Collector
from csrpress.session import BuildSession
from csrpress.source import layout as layout_mod
from csrpress.source import schema
from tests.samples import edit_stamped

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "layout"
    shutil.copytree(ROOT / "layout", d)
    return d


@pytest.fixture
def resolved(monkeypatch) -> list[int]:
    """One entry per layout resolved anew."""
    seen: list[int] = []
    real = layout_mod._resolve

    def spy(*args):
        seen.append(1)
        return real(*args)
    monkeypatch.setattr(layout_mod, "_resolve", spy)
    return seen


def _load(folder: Path, session: BuildSession) -> tuple[layout_mod.Layout | None, Collector]:
    errors = Collector()
    with session.active():
        return layout_mod.load_layout(folder, errors), errors


def test_an_unchanged_layout_is_not_resolved_again(folder, resolved):
    session = BuildSession()
    first, errors = _load(folder, session)
    again, errors2 = _load(folder, session)
    assert first is not None and again is first and not errors.items and not errors2.items
    assert len(resolved) == 1
    other, _ = _load(folder, BuildSession())          # (another session: its own)
    assert other is not first and other == first and len(resolved) == 2


def test_an_edited_or_added_layout_file_resolves_it_again(folder, resolved):
    session = BuildSession()
    first, _ = _load(folder, session)
    path = folder / "layout.yaml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("bleed:"))
    edit_stamped(path, old, old.split(":")[0] + ": 5mm", 1)
    again, errors = _load(folder, session)
    assert not errors.items and again is not first and abs(again.bleed - 5 * 72 / 25.4) < 1e-9
    (folder / "extra.yaml").write_text("# nothing\nunused_key: 1\n", encoding="utf-8")
    third, errors = _load(folder, session)
    assert any("unused_key" in d.message for d in errors.errors)
    assert len(resolved) == 3


def test_a_layout_with_findings_reports_them_every_build(folder, resolved):
    (folder / "extra.yaml").write_text("unused_key: 1\n", encoding="utf-8")
    session = BuildSession()
    for _ in range(2):
        _, errors = _load(folder, session)
        assert [d for d in errors.errors if "unused_key" in d.message]
    assert len(resolved) == 2


def test_a_layout_is_resolved_again_under_other_block_types(folder, resolved):
    session = BuildSession()
    first, _ = _load(folder, session)
    comp = registry.Component("aside", schema.BlockType(schema.TEXT, {}), lambda c, b, at: [])
    with registry.registered(comp):
        inside, _ = _load(folder, session)
        assert inside is not first
    after, _ = _load(folder, session)
    assert after is not inside and len(resolved) == 3
