"""Every style the typesetter asks for by name is declared in STYLES_USED, so a
layout that lacks it fails `check` at load, never `build` with a KeyError."""
from __future__ import annotations

import re
from pathlib import Path

from csrpress.source import settings

PACKAGE = Path(settings.__file__).resolve().parents[1]


def test_every_style_named_in_code_is_required_of_a_layout() -> None:
    named = {m.group(1) for p in PACKAGE.rglob("*.py")
             for m in re.finditer(r"""style\(\s*["']([\w-]+)["']""", p.read_text("utf-8"))}
    assert named, "the pattern no longer finds style names"
    assert named <= set(settings.STYLES_USED), sorted(named - set(settings.STYLES_USED))
