"""The compiled parts (setup.py: optional C extensions, each standing for
Python code kept beside it) and the one switch to do without them."""
from __future__ import annotations

import importlib
import os
from types import ModuleType


def module(name: str) -> ModuleType | None:
    """The compiled module csrpress.<name>, or None: not built (no C compiler
    at install: the Python code it stands for runs, with the same results)
    or CSRPRESS_PURE set (to test and measure that Python code)."""
    if os.environ.get("CSRPRESS_PURE"):
        return None
    try:
        return importlib.import_module(f"csrpress.{name}")
    except ImportError:
        return None
