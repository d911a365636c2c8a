#!/usr/bin/env python3
"""Benchmark the whole build: cold (empty cache) and warm, median of N runs,
with peak RSS. Each run is a fresh process, as a user's command would be.

    python tools/bench.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
from csrpress.build import Project, build
r = build(Project(Path({root!r})), {edition!r})
t = r.timings
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
      t.get('load', 0), t.get('compose', 0), t.get('fonts', 0), t.get('paginate', 0),
      t.get('preflight', 0), t.get('line breaking', 0), r.passes)
"""


def run(cache: Path, edition: str) -> list[float]:
    env = dict(os.environ, CSRPRESS_CACHE=str(cache))
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), edition=edition)],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    wall = time.perf_counter() - t0
    return [wall] + [float(x) for x in out]


EDIT = """
import sys, time, shutil, statistics, resource
sys.path.insert(0, {root!r})
from pathlib import Path
from csrpress.build import Project, build_all
src = Path({root!r})
root = Path({tmp!r})
for name in ("content", "layout", "images", "fonts"):
    if (src / name).exists():
        shutil.copytree(src / name, root / name)
project = Project(root)
build_all(project, [{edition!r}])                     # the watch session's first build
part = root / "content" / "11-record.yaml"
text = part.read_text(encoding="utf-8")
times = []
for i in range({runs}):
    marker = "对认真生活的人而言，年龄只是数字而已。"
    part.write_text(text.replace(marker, marker[:-1] + "，" * (i % 2) + "。"), encoding="utf-8")
    t = time.perf_counter()
    r = build_all(project, [{edition!r}])[0]
    times.append(time.perf_counter() - t)
print(statistics.median(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def edit_in_watch(edition: str, runs: int) -> tuple[float, float]:
    """Median time for a one-paragraph edit → new PDF in a long-lived process."""
    tmp = tempfile.mkdtemp(prefix="csrpress-edit-")
    try:
        out = subprocess.run([sys.executable, "-c", EDIT.format(root=str(ROOT), tmp=tmp,
                                                                edition=edition, runs=runs)],
                             capture_output=True, text=True, check=True).stdout.split()
        return float(out[0]), float(out[1]) / 1024
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edition", default="screen")
    args = ap.parse_args()
    cold, warm = [], []
    for _ in range(args.runs):
        cache = Path(tempfile.mkdtemp(prefix="csrpress-bench-"))
        try:
            cold.append(run(cache, args.edition))
            warm.append(run(cache, args.edition))
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    names = ["process wall", "build()", "peak RSS MB", "font worker RSS MB", "load", "compose",
             "fonts", "paginate", "preflight", "line breaking (within compose+paginate)", "passes"]
    for label, rows in (("cold", cold), ("warm", warm)):
        med = [statistics.median(col) for col in zip(*rows)]
        med[2], med[3] = med[2] / 1024, med[3] / 1024
        print(f"{label} (median of {len(rows)}): " +
              ", ".join(f"{n} {v:.2f}" + ("" if "MB" in n or n == "passes" else " s")
                        for n, v in zip(names, med)))
    edit, rss = edit_in_watch(args.edition, args.runs)
    print(f"watch: one-paragraph edit → new PDF (median of {args.runs}): {edit:.2f} s, "
          f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
