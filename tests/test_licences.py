"""Company legal teams block copyleft tools: the installed dependency closure of
csrpress (runtime and the test extra) must carry permissive licences only.
Read from the installed distributions' metadata, not from a list kept by hand."""
from __future__ import annotations

import importlib.metadata as md
import re

from packaging.requirements import Requirement

COPYLEFT = re.compile(r"\b(A?GPL|LGPL|GNU (Affero |Lesser |Library )?General Public)", re.I)
PERMISSIVE = re.compile(r"\b(MIT|BSD|Apache|MPL|Mozilla Public|OFL|Open Font|HPND|Zlib|ISC|"
                        r"PSF|Python Software Foundation|Unlicense|CC0|Historical Permission)",
                        re.I)


def closure(root: str, extras: tuple[str, ...]) -> dict[str, md.Distribution]:
    """Every installed distribution the project requires, transitively
    (environment markers evaluated, as pip would)."""
    found: dict[str, md.Distribution] = {}
    todo = [(root, extras)]
    while todo:
        name, wanted = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        found[key] = dist = md.distribution(name)
        for text in dist.requires or []:
            req = Requirement(text)
            envs = [{"extra": e} for e in wanted] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(env) for env in envs):
                todo.append((req.name, tuple(req.extras)))
    return found


def licence_texts(dist: md.Distribution) -> list[str]:
    """SPDX expression, the License field's first line, and licence classifiers."""
    meta = dist.metadata
    texts = [meta.get("License-Expression") or "", (meta.get("License") or "").split("\n")[0]]
    texts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return [t for t in texts if t.strip()]


def copyleft_only(texts: list[str]) -> bool:
    """A GPL-family licence with no permissive alternative offered."""
    joined = " | ".join(texts)
    return bool(COPYLEFT.search(joined)) and not PERMISSIVE.search(COPYLEFT.sub("", joined))


def test_no_copyleft_dependency():
    dists = closure("csrpress", ("test",))
    assert {"reportlab", "pikepdf", "pypdfium2", "pillow"} <= set(dists)
    assert "pymupdf" not in dists
    bad = {name: licence_texts(d) for name, d in dists.items() if copyleft_only(licence_texts(d))}
    assert bad == {}, f"copyleft-only dependencies: {bad}"
    unknown = [name for name, d in dists.items() if not licence_texts(d)]
    assert unknown == [], f"no licence metadata: {unknown}"


def test_the_check_recognises_copyleft():
    assert copyleft_only(["AGPL-3.0-only"])
    assert copyleft_only(["GNU AFFERO GPL 3.0", "License :: OSI Approved :: GNU Affero "
                          "General Public License v3"])
    assert copyleft_only(["LGPL-2.1-or-later"])
    assert not copyleft_only(["MIT OR GPL-2.0"])          # a permissive choice is offered
    assert not copyleft_only(["MPL-2.0"]) and not copyleft_only(["BSD-3-Clause"])
