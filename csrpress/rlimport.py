"""ReportLab's platypus, imported without compiling a regular expression it never uses.

``reportlab.platypus`` imports its ``paragraph`` module (its ``doctemplate``
does), and that module compiles a URI pattern with ``\\xa1-\\uffff`` ranges
under ``re.I`` at import: ~55 ms of every new process, ~4 % of a build after
an edit, for ReportLab's own Paragraph links, which csrpress never uses
(csrpress has its own paragraph engine, text/paragraph.py).

``install()`` adds an import hook for that one module: while it executes,
that one pattern is compiled on first use instead (the same pattern, the
same flags, the same results). Nothing else changes; when the module is
already imported, or another version of ReportLab lacks the pattern, the
hook does nothing.
"""
from __future__ import annotations

import importlib.machinery
import re
import sys
from types import ModuleType
from typing import Any

_MODULE = "reportlab.platypus.paragraph"
_URI_HEAD = "(^(?:[a-z0-9\\.\\-\\+]*)://)"     # how the URI pattern starts


class _LazyPattern:
    """A compiled pattern made on first use (any attribute: match, search…)."""

    def __init__(self, compile_now: Any, pattern: str, flags: int) -> None:
        self._make = lambda: compile_now(pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = self._make()
        return getattr(self._compiled, name)


class _Loader:
    """Runs the real loader with the URI pattern's compilation deferred."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:     # get_source, get_filename, …
        return getattr(self.real, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        compile_now = re.compile

        def compile_uri_later(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and pattern.startswith(_URI_HEAD):
                return _LazyPattern(compile_now, pattern, flags)
            return compile_now(pattern, flags)

        re.compile = compile_uri_later   # type: ignore[assignment]
        try:
            self.real.exec_module(module)
        finally:
            re.compile = compile_now


class _Finder:
    """Finds reportlab.platypus.paragraph as usual and wraps its loader."""

    def find_spec(self, name: str, path: Any = None, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if name != _MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Add the hook once (before anything imports reportlab.platypus)."""
    if _MODULE in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
