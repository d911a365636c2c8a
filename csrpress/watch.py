"""Watch mode: rebuild whenever content, layout, images or fonts change.

Polls file stamps (no extra dependency); keeps fonts, line breaks and shaped
paragraphs in memory between builds (one BuildSession for the whole watch), so
an edit costs only what it changes.
A failed build prints its errors and keeps watching; the last good PDF stays.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any, Callable

from .assets.cache import file_stamp
from .build import Project, build_all
from .errors import BuildError
from .session import BuildSession

WATCHED = ("content", "layout", "images", "fonts")
HASHED = ("content", "layout")      # small text files: by their bytes too
HASH_MAX = 1 << 20                  # (a larger file there goes by stamp alone)


def snapshot(project: Project) -> dict[str, tuple[Any, ...]]:
    """Modification stamp and size of every watched file, and the bytes'
    digest of the text in content/ and layout/ (as the stamp check of a new
    process, buildstamp.py): two saves of one size in one tick of a coarse
    file clock (4 ms on many Linux systems, 2 s on FAT) leave the stamp as
    it was, and the second would never be built. Hashing a report's text
    costs well under a millisecond a poll; photos and fonts go by stamp."""
    out: dict[str, tuple[Any, ...]] = {}
    for name in WATCHED:
        root = project.root / name
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for f in filenames:
                if f.startswith(".") or f.endswith("~"):
                    continue
                p = os.path.join(dirpath, f)
                try:
                    st = os.stat(p)
                    if name in HASHED and st.st_size <= HASH_MAX:
                        with open(p, "rb") as fh:
                            out[p] = (*file_stamp(st), hashlib.sha1(fh.read()).digest())
                        continue
                except OSError:
                    continue
                out[p] = file_stamp(st)
    return out


def watch(project: Project, editions: list[str] | None, echo: Callable[[str], None],
          report: Callable[[Any], None], interval: float = 0.2,
          max_builds: int | None = None) -> None:
    """Build now and after every change, until interrupted (or max_builds)."""
    state = snapshot(project)
    builds = 0
    session = BuildSession()          # what every build of this watch keeps in memory

    def run(why: str) -> None:
        nonlocal builds
        builds += 1
        t = time.perf_counter()
        try:
            results = build_all(project, editions, session=session, defer=True)
        except BuildError as exc:
            for d in exc.diagnostics:
                echo(str(d))
            echo(f"build failed ({why}); the last good PDF is unchanged — watching")
            return
        except Exception as exc:  # noqa: BLE001 - keep watching whatever happened
            echo(f"internal error: {exc.__class__.__name__}: {exc} — watching")
            return
        for r in results:
            report(r)
        echo(f"rebuilt in {time.perf_counter() - t:.2f} s ({why})")
        try:            # what later builds read of this one, while nothing changes
            for d in session.settle():
                echo(str(d))
        except Exception as exc:  # noqa: BLE001 - keep watching whatever happened
            echo(f"internal error: {exc.__class__.__name__}: {exc} — watching")

    try:
        run("start")
        while max_builds is None or builds < max_builds:
            time.sleep(interval)
            now = snapshot(project)
            if now != state:
                changed = sorted(set(now) ^ set(state)
                                 | {p for p in now if state.get(p) != now[p]})
                state = now
                names = ", ".join(str(Path(p).relative_to(project.root)) for p in changed[:3])
                run(names or "change")
    finally:
        if session.pending is not None:     # (stopped between a build and its settle:
            session.settle()                # its manifest and checksums are still written)
