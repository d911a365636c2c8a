"""Libraries imported without compiling regular expressions a build does not use.

``reportlab.platypus`` imports its ``paragraph`` module (its ``doctemplate``
does), and that module compiles a URI pattern with ``\\xa1-\\uffff`` ranges
under ``re.I`` at import: ~55 ms of every new process, ~4 % of a build after
an edit, for ReportLab's own Paragraph links, which csrpress never uses
(csrpress has its own paragraph engine, text/paragraph.py). Others alike
(a pattern over most of the BMP costs its compiler milliseconds): ReportLab's
CJK splitting for its own Paragraph (``lib.textsplit``), PyYAML's check for
unprintable characters (its pure-Python reader; the build parses with
libyaml when it can), pikepdf's cleaning of XMP text (preflight reads XMP
only to check it), ReportLab's list of names its safe eval refuses (never
used): together ~25 ms of a new process after an edit.

Pillow's ``PIL.Image`` is imported by ReportLab's ``lib.utils`` at import,
for its ImageReader (~12 ms): it is made a lazy module (importlib.util's
LazyLoader: the module object at once, its code run when an attribute of it
is first read), so that a build that reads no photo (after an edit, the
photos checked and drawn before are kept) never runs it. So is pyphen, which
ReportLab's paragraph imports for its own Paragraph's hyphenation (~10 ms:
it lists its dictionaries through importlib's resources, whose readers
import zipfile); csrpress hyphenates through it only in a paragraph that
needs it (text/hyphen.py). Anything that uses
it (``Image.open``, ``isinstance(x, Image.Image)``) runs it first: the same
module.

``install()`` adds an import hook for those modules: while one executes,
the patterns listed for it (exact text) are compiled on first use instead
(the same pattern, the same flags, the same results). Nothing else changes;
when a module is already imported, or another version lacks the pattern,
the hook does nothing for it.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import sys
from types import ModuleType
from typing import Any

_URI_HEAD = "(^(?:[a-z0-9\\.\\-\\+]*)://)"     # how the URI pattern starts
# module → the start of each pattern it compiles at import and that waits
_DEFERRED: dict[str, tuple[str, ...]] = {
    "reportlab.platypus.paragraph": (_URI_HEAD,),
    "reportlab.lib.textsplit": ("([\u2e80-\uffff])",),
    "yaml.reader": ("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                    "\U00010000-\U0010ffff]",),
    # the names its safe eval refuses, as a pattern ReportLab never uses (made
    # from a set: another text in every process, see codecache)
    "reportlab.lib.rl_safe_eval": ("\\b(?:",),
    "pikepdf.models.metadata._constants": (
        "(?u)[^\\x09\\x0A\\x0D\\x20-\\U0000D7FF\\U0000E000-\\U0000FFFD"
        "\\U00010000-\\U0010FFFF]",),
}


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

    def __init__(self, real: Any, heads: tuple[str, ...]) -> None:
        self.real, self.heads = real, heads

    def __getattr__(self, name: str) -> Any:     # get_source, get_filename, …
        return getattr(self.real, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        compile_now, heads = re.compile, self.heads

        def compile_later(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and pattern.startswith(heads):
                return _LazyPattern(compile_now, pattern, flags)
            return compile_now(pattern, flags)

        re.compile = compile_later   # type: ignore[assignment]
        try:
            self.real.exec_module(module)
        finally:
            re.compile = compile_now


# modules run on first use (see the module's docstring)
_LAZY = frozenset({"PIL.Image", "pyphen"})


class _Finder:
    """Finds the modules of _DEFERRED and _LAZY as usual and wraps their loaders."""

    def find_spec(self, name: str, path: Any = None, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        heads = _DEFERRED.get(name)
        if heads is None and name not in _LAZY:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = (_Loader(spec.loader, heads) if heads is not None
                           else importlib.util.LazyLoader(spec.loader))
        return spec


_BARCODES = "reportlab.graphics.barcode"


def qr_widget() -> type:
    """ReportLab's QrCodeWidget, imported without running its package's
    ``__init__``: ``reportlab.graphics.barcode`` imports every symbology it
    has (Code 128, EAN, USPS … and the chart widgets they are built on) to
    list them in a registry csrpress never reads: ~10 ms of a cold build,
    which encodes the report's QR codes, where the qr module itself takes
    ~2 ms. While qr is imported (under its own name, from the package's
    folder) a bare module of the package's name and path stands in for
    the package: qr reads nothing of it but its ``qrencoder`` submodule.
    The stand-in is then removed, so an import of the package after this
    runs it as ever (its registry lists this very qr module: one class).
    When the package or qr is imported already, this is a plain import."""
    if _BARCODES in sys.modules or f"{_BARCODES}.qr" in sys.modules:
        from reportlab.graphics.barcode.qr import QrCodeWidget
        return QrCodeWidget
    spec = importlib.util.find_spec(_BARCODES)
    if spec is None or not spec.submodule_search_locations:      # (another layout:
        from reportlab.graphics.barcode.qr import QrCodeWidget   # imported as ever)
        return QrCodeWidget
    stand_in = ModuleType(_BARCODES)
    stand_in.__path__ = list(spec.submodule_search_locations)
    stand_in.__spec__ = spec
    sys.modules[_BARCODES] = stand_in
    try:
        from reportlab.graphics.barcode.qr import QrCodeWidget
    finally:
        if sys.modules.get(_BARCODES) is stand_in:
            del sys.modules[_BARCODES]
    return QrCodeWidget


def install() -> None:
    """Add the hook once (before anything imports reportlab.platypus)."""
    if all(m in sys.modules for m in _DEFERRED) or any(isinstance(f, _Finder)
                                                       for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
