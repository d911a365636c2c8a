"""dist/SHA256SUMS and dist/build-manifest.json: what each build produced."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..assets.cache import atomic_write


def write_manifest(dist: Path, results: list[Any], outputs: list[tuple[Path, bytes]]) -> None:
    manifest_path = dist / "build-manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    editions = manifest.setdefault("editions", {})
    for res, (path, data) in zip(results, outputs):
        editions[res.edition] = {
            "file": path.name,
            "pages": res.pages,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "passes": res.passes,
            "fonts": res.check.facts.get("fonts", []),
            "images": res.check.facts.get("images", []),
            "colour": res.check.facts.get("colour"),
            "trim_mm": res.check.facts.get("trim_mm"),
            "bleed_mm": res.check.facts.get("bleed_mm"),
            "warnings": [str(w) for w in res.warnings + res.check.warnings],
        }
    atomic_write(manifest_path, (json.dumps(manifest, ensure_ascii=False, indent=2,
                                            sort_keys=True) + "\n").encode("utf-8"))
    sums = []
    for name in sorted(e["file"] for e in editions.values()):
        f = dist / name
        if f.exists():
            sums.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {name}")
    atomic_write(dist / "SHA256SUMS", ("\n".join(sums) + "\n").encode("utf-8"))
