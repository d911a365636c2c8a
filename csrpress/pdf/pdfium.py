"""The few pdfium calls preflight makes, declared here (ctypes).

Preflight reads each page it has not checked before through pdfium (text
rectangles, placed images: pdf/preflight.py). Importing pypdfium2 for that
declared all of pdfium's ~1,000 functions and structures in Python
(pypdfium2_raw's generated bindings) and its helper classes: ~35 ms of every
new process that checks a page, a build after an edit among them, for 19
functions. This module loads the very library pypdfium2 installs (its file in
pypdfium2_raw's folder), declares those 19 as pypdfium2's bindings declare
them, and initialises pdfium with the configuration pypdfium2 uses, so the
calls and what they return are the ones pypdfium2 makes. When that library
file is not where pypdfium2 puts it, pypdfium2's own bindings are used.

pdfium is one library per process: pypdfium2 imported too (the contact
sheet, tests) opens the same file and its initialisation finds pdfium
initialised already (pdfium's own check), so either may come first.
"""
from __future__ import annotations

import ctypes
import importlib.util
import sys
from ctypes import POINTER, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_ushort, c_void_p
from pathlib import Path
from typing import Any, Iterator

FPDF_PAGEOBJ_IMAGE = 3
FPDF_PAGEOBJ_FORM = 5
MAX_DEPTH = 15          # forms within forms descended into (pypdfium2's get_objects' default)


class PdfiumError(RuntimeError):
    """A pdfium call that failed (what pypdfium2 raises its PdfiumError for)."""


class _Config(ctypes.Structure):
    """FPDF_LIBRARY_CONFIG, version 2 (the fields version 2 has)."""

    _fields_ = (("version", c_int), ("m_pUserFontPaths", c_void_p),
                ("m_pIsolate", c_void_p), ("m_v8EmbedderSlot", c_uint))


_BOOL = c_int
# name → (argument types, result type): as pypdfium2_raw's bindings declare
# them (its handle types are pointers to opaque structures: c_void_p here)
_FUNCTIONS: dict[str, tuple[tuple[Any, ...], Any]] = {
    "FPDF_InitLibraryWithConfig": ((POINTER(_Config),), None),
    "FPDF_LoadMemDocument64": ((c_void_p, c_size_t, c_void_p), c_void_p),
    "FPDF_GetPageCount": ((c_void_p,), c_int),
    "FPDF_GetLastError": ((), c_ulong),
    "FPDF_CloseDocument": ((c_void_p,), None),
    "FPDF_LoadPage": ((c_void_p, c_int), c_void_p),
    "FPDF_ClosePage": ((c_void_p,), None),
    "FPDFText_LoadPage": ((c_void_p,), c_void_p),
    "FPDFText_ClosePage": ((c_void_p,), None),
    "FPDFText_CountRects": ((c_void_p, c_int, c_int), c_int),
    "FPDFText_GetRect": ((c_void_p, c_int, POINTER(c_double), POINTER(c_double),
                          POINTER(c_double), POINTER(c_double)), _BOOL),
    "FPDFText_GetBoundedText": ((c_void_p, c_double, c_double, c_double, c_double,
                                 POINTER(c_ushort), c_int), c_int),
    "FPDFPage_CountObjects": ((c_void_p,), c_int),
    "FPDFPage_GetObject": ((c_void_p, c_int), c_void_p),
    "FPDFFormObj_CountObjects": ((c_void_p,), c_int),
    "FPDFFormObj_GetObject": ((c_void_p, c_ulong), c_void_p),
    "FPDFPageObj_GetType": ((c_void_p,), c_int),
    "FPDFImageObj_GetImagePixelSize": ((c_void_p, POINTER(c_uint), POINTER(c_uint)), _BOOL),
    "FPDFPageObj_GetBounds": ((c_void_p, POINTER(c_float), POINTER(c_float),
                               POINTER(c_float), POINTER(c_float)), _BOOL),
}


class _Library:
    """pdfium's functions, declared and initialised on first use."""

    def __init__(self) -> None:
        self._lib: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._lib is None:
            self._lib = _load()
        return getattr(self._lib, name)


def _library_file() -> Path | None:
    """pdfium's file in pypdfium2_raw's folder (found without importing it)."""
    spec = importlib.util.find_spec("pypdfium2_raw")
    if spec is None or not spec.submodule_search_locations:
        return None
    name = {"win32": "pdfium.dll", "darwin": "libpdfium.dylib"}.get(sys.platform, "libpdfium.so")
    path = Path(list(spec.submodule_search_locations)[0]) / name
    return path if path.is_file() else None


def _load() -> Any:
    """The library with _FUNCTIONS declared, pdfium initialised."""
    path = _library_file()
    if path is None:
        import pypdfium2  # noqa: F401 - (initialises pdfium)
        import pypdfium2_raw.bindings as bindings

        return bindings._libs["pdfium"]
    lib = ctypes.CDLL(str(path))
    for name, (args, result) in _FUNCTIONS.items():
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, result
    config = _Config(version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0)
    lib.FPDF_InitLibraryWithConfig(ctypes.byref(config))
    return lib


lib = _Library()


class Document:
    """A PDF held in memory, open in pdfium (pypdfium2's PdfDocument of bytes)."""

    def __init__(self, data: bytes) -> None:
        self._data = data                 # (pdfium reads it while the document is open)
        self.raw = lib.FPDF_LoadMemDocument64(data, len(data), None)
        if not self.raw or lib.FPDF_GetPageCount(self.raw) < 1:
            code = lib.FPDF_GetLastError()
            self.close()
            raise PdfiumError(f"pdfium could not load the document (error {code})")

    def page(self, index: int) -> "Page":
        raw = lib.FPDF_LoadPage(self.raw, index)
        if not raw:
            raise PdfiumError(f"pdfium could not load page {index + 1}")
        return Page(raw)

    def close(self) -> None:
        if self.raw:
            lib.FPDF_CloseDocument(self.raw)
        self.raw = None


class Page:
    """A loaded page (closed by its reader, text page first)."""

    def __init__(self, raw: int) -> None:
        self.raw = raw

    def text(self) -> "TextPage":
        raw = lib.FPDFText_LoadPage(self.raw)
        if not raw:
            raise PdfiumError("pdfium could not load the page's text")
        return TextPage(raw)

    def objects(self, kind: int) -> Iterator[int]:
        """The page's objects of one type, those in forms too, in pypdfium2's
        get_objects order (depth first, a form before what it holds)."""
        yield from self._objects(kind, None, 0)

    def _objects(self, kind: int, form: int | None, level: int) -> Iterator[int]:
        count = lib.FPDFFormObj_CountObjects(form) if form else \
            lib.FPDFPage_CountObjects(self.raw)
        if count < 0:
            raise PdfiumError("pdfium could not count the page's objects")
        for i in range(count):
            obj = lib.FPDFFormObj_GetObject(form, i) if form else \
                lib.FPDFPage_GetObject(self.raw, i)
            if not obj:
                raise PdfiumError("pdfium could not get a page object")
            found = lib.FPDFPageObj_GetType(obj)
            if found == kind:
                yield obj
            if found == FPDF_PAGEOBJ_FORM and level < MAX_DEPTH - 1:
                yield from self._objects(kind, obj, level + 1)

    def close(self) -> None:
        if self.raw:
            lib.FPDF_ClosePage(self.raw)
        self.raw = None


class TextPage:
    """A page's text as pdfium reads it."""

    def __init__(self, raw: int) -> None:
        self.raw = raw

    def count_rects(self) -> int:
        """The text rectangles of the whole page (needed before get_rect)."""
        n = lib.FPDFText_CountRects(self.raw, 0, -1)
        if n == -1:
            raise PdfiumError("pdfium could not count the text rectangles")
        return n

    def text_bounded(self, left: float, bottom: float, right: float, top: float) -> str:
        """The text inside a rectangle (pypdfium2's get_text_bounded)."""
        n = lib.FPDFText_GetBoundedText(self.raw, left, top, right, bottom, None, 0)
        if n <= 0:
            return ""
        buffer = (c_ushort * n)()
        lib.FPDFText_GetBoundedText(self.raw, left, top, right, bottom, buffer, n)
        return bytes(buffer).decode("utf-16-le", errors="ignore")

    def close(self) -> None:
        if self.raw:
            lib.FPDFText_ClosePage(self.raw)
        self.raw = None
