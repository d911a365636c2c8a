#!/usr/bin/env python3
"""Which pages a watch edit draws again, and why (paginate.replay).

Builds a copy of a project in one session, edits a paragraph (tools/bench.py's
edit), builds again and prints every page that was not replayed: drawn (its
key was new: the edit's pages), unkeyed (the flowable type with no audited
fingerprint) or unrecorded (its drawing changed the document in a way a record
does not replay). Then the counts.

    python tools/replay_pages.py [PROJECT] [--edition screen]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", nargs="?", default=str(ROOT))
    ap.add_argument("--edition", default="screen")
    args = ap.parse_args()

    from bench import edit_paragraph
    from csrpress.build import Project, build_all
    from csrpress.paginate import replay as R
    from csrpress.session import BuildSession

    src = Path(args.project)
    work = Path(tempfile.mkdtemp()) / "p"
    work.mkdir(parents=True)
    for part in ("content", "layout", "images", "fonts"):
        if (src / part).exists():
            shutil.copytree(src / part, work / part)
    outcome: dict[int, str] = {}
    real_end = R.Replay.end_page

    def end_page(self: Any, doc: Any, canv: Any, kind: str, draw: Any) -> None:
        why = ""
        for f, *_ in doc.placed:
            try:
                R.fingerprint(f, [])
            except R.Unkeyed as e:
                why = f"unkeyed ({e})"
                break
        before = (self.replayed, self.drawn, self.unrecorded)
        page = doc.page
        real_end(self, doc, canv, kind, draw)
        if self.replayed > before[0]:
            outcome[page] = "replayed"
        elif self.unrecorded > before[2]:
            outcome[page] = "drawn, unrecorded"
        elif self.drawn > before[1]:
            outcome[page] = "drawn (new key)"
        else:
            outcome[page] = why or "unkeyed"

    R.Replay.end_page = end_page             # (this process only)
    project, session = Project(work), BuildSession()
    build_all(project, [args.edition], session=session)
    edit_paragraph(work)
    outcome.clear()
    build_all(project, [args.edition], session=session)
    for page, what in sorted(outcome.items()):
        if what != "replayed":
            print(f"page {page}: {what}")
    counts = Counter(outcome.values())
    print(", ".join(f"{n} {what}" for what, n in counts.most_common()),
          f"(of {len(outcome)} pages)")


if __name__ == "__main__":
    main()
