"""dist/SHA256SUMS and dist/build-manifest.json: what each build produced."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..assets.cache import atomic_write


def read_manifest(dist: Path) -> dict[str, Any]:
    """The previous build's manifest (empty when there is none or it is unreadable)."""
    try:
        return json.loads((dist / "build-manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def changed_pages(previous: dict[str, Any], edition: str, hashes: list[str]) -> list[int] | None:
    """Pages (1-based) whose rendering differs from the previous build's, or
    None when there is no previous build of this edition to compare with."""
    old = (previous.get("editions", {}).get(edition) or {}).get("page_hashes")
    if not old:
        return None
    n = max(len(old), len(hashes))
    return [i + 1 for i in range(n)
            if i >= len(old) or i >= len(hashes) or old[i] != hashes[i]]


def write_manifest(dist: Path, results: list[Any], outputs: list[tuple[Path, bytes]]) -> None:
    """Record each edition (pages, size, hash, fonts, images, warnings, page
    fingerprints) in build-manifest.json and refresh SHA256SUMS."""
    manifest_path = dist / "build-manifest.json"
    manifest = read_manifest(dist)
    editions = manifest.setdefault("editions", {})
    names: dict[Path, str] = {}        # (paths as the warnings show them: errors._display)
    shas = [(path, hashlib.sha256(data).hexdigest()) for path, data in outputs]
    for res, (path, data), (_, sha) in zip(results, outputs, shas):
        editions[res.edition] = {
            "file": path.name,
            "pages": res.pages,
            "bytes": len(data),
            "sha256": sha,
            "passes": res.passes,
            "fonts": res.check.facts.get("fonts", []),
            "images": res.check.facts.get("images", []),
            "colour": res.check.facts.get("colour"),
            "trim_mm": res.check.facts.get("trim_mm"),
            "bleed_mm": res.check.facts.get("bleed_mm"),
            "warnings": [w.text(names) for w in res.warnings + res.check.warnings],
            "changed_pages": res.changed,
            "page_hashes": res.page_hashes,
            "parts": [{"part": part, "title": title, "pages": [first, last]}
                      for part, title, first, last in res.parts],
        }
    atomic_write(manifest_path, (json.dumps(manifest, ensure_ascii=False, indent=2,
                                            sort_keys=True) + "\n").encode("utf-8"))
    sums = []
    # (this build's files: their bytes are at hand, as publish just wrote them)
    written = {path.name: sha for path, sha in shas if path == dist / path.name}
    for name in sorted(e["file"] for e in editions.values()):
        f = dist / name
        if name in written:
            sums.append(f"{written[name]}  {name}")
        elif f.exists():
            sums.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {name}")
    atomic_write(dist / "SHA256SUMS", ("\n".join(sums) + "\n").encode("utf-8"))
