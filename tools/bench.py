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
      t.get('load', 0), t.get('compose', 0), t.get('fonts', 0), t.get('paginate', 0),
      r.passes)
"""


def run(cache: Path, edition: str) -> list[float]:
    env = dict(os.environ, CSRPRESS_CACHE=str(cache))
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), edition=edition)],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    wall = time.perf_counter() - t0
    return [wall] + [float(x) for x in out]


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
    names = ["process wall", "build()", "peak RSS MB", "load", "compose", "fonts", "paginate",
             "passes"]
    for label, rows in (("cold", cold), ("warm", warm)):
        med = [statistics.median(col) for col in zip(*rows)]
        med[2] = med[2] / 1024
        print(f"{label} (median of {len(rows)}): " +
              ", ".join(f"{n} {v:.2f}" + ("" if n in ("peak RSS MB", "passes") else " s")
                        for n, v in zip(names, med)))


if __name__ == "__main__":
    main()
