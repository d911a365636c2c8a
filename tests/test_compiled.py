"""The compiled parts are used when built, and CSRPRESS_PURE=1 runs the
Python code they stand for (how the suite and measurements run it)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ("from csrpress.text import breaker, paragraph, shapecache, shaping; "
        "from csrpress.pdf import printcheck; "
        "print(breaker._COMPILED is None, printcheck._COMPILED is None, "
        "shaping._COMPILED is None, paragraph._COMPILED is None, "
        "shapecache._COMPILED is None)")


def _which(pure: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CSRPRESS_PURE=pure)
    return subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True,
                          check=True, cwd=ROOT).stdout.strip()


def test_the_pure_switch_runs_the_python_code():
    assert _which("1") == "True True True True True"


def test_the_compiled_parts_run_when_built():
    pytest.importorskip("csrpress.text._breakfit", reason="not built (no compiler at install)")
    pytest.importorskip("csrpress.pdf._oploop", reason="not built (no compiler at install)")
    pytest.importorskip("csrpress.text._shaping", reason="not built (no compiler at install)")
    pytest.importorskip("csrpress.text._drawline", reason="not built (no compiler at install)")
    assert _which("") == "False False False False False"
