"""The code @dataclass generates, kept compiled between processes like a .pyc.

``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``
(and for a frozen class ``__setattr__``, ``__delattr__``, ``__hash__``) as
Python source and compiles it with ``exec()`` whenever the class is created:
~1 ms a class, ~50 classes on a build's path, ~45 ms of every new process
(Python keeps csrpress's own modules compiled in ``__pycache__``, but not
this). The code compiled from a given text is always the same, so it is kept:
``install()`` gives ``dataclasses`` an ``exec`` that compiles a text it has
not seen (as ``exec`` would: file ``<string>``, no inherited future flags)
and runs the code kept for a text it has. The classes are the same.

The codes live in csrpress's ``__pycache__`` (where a .pyc of this module
goes), named per interpreter and optimisation level, with the interpreter's
bytecode magic and a digest of the contents checked on reading (a damaged or
foreign file is ignored). They are written at exit when the process compiled
a text the file lacked, and, like a .pyc, not when Python is told not to write
bytecode (PYTHONDONTWRITEBYTECODE).
"""
from __future__ import annotations

import atexit
import builtins
import dataclasses
import hashlib
import importlib.util
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

_HEAD = b"csrpress-dataclass-code-1\n" + importlib.util.MAGIC_NUMBER
_KEEP = 4096          # more texts than this in the file: keep only this process's


class CodeCache:
    """Compiled code by its source text, read from and written to one file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.codes: dict[str, CodeType] = {}
        self.used: set[str] = set()
        self.compiled = 0            # texts compiled in this process (not in the file)

    def load(self) -> None:
        """The file's codes; nothing when it is absent, damaged or another
        interpreter's (each text is then compiled again, and the file rewritten)."""
        if self.path is None:
            return
        try:
            data = self.path.read_bytes()
        except OSError:
            return
        body = data[len(_HEAD) + 32:]
        if (not data.startswith(_HEAD)
                or data[len(_HEAD):len(_HEAD) + 32] != hashlib.sha256(body).digest()):
            return
        try:
            found = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(found, dict) and all(type(k) is str and type(v) is CodeType
                                           for k, v in found.items()):
            self.codes = found

    def code(self, source: str) -> CodeType:
        """The code of one text: kept, or compiled as exec() compiles a text."""
        found = self.codes.get(source)
        if found is None:
            found = self.codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self.compiled += 1
        self.used.add(source)
        return found

    def save(self) -> None:
        """Write the codes when this process compiled any (best effort)."""
        if self.path is None or not self.compiled or sys.dont_write_bytecode:
            return
        keep = self.codes if len(self.codes) <= _KEEP else {
            k: v for k, v in self.codes.items() if k in self.used}
        body = marshal.dumps(keep)
        from .assets.cache import atomic_write

        try:
            atomic_write(self.path, _HEAD + hashlib.sha256(body).digest() + body)
        except OSError:
            pass
        self.compiled = 0


def cache_path() -> Path | None:
    """Where the codes are kept: beside this module's .pyc (the interpreter's
    tag and optimisation level in the name, as for a .pyc), or None when
    the interpreter keeps no .pyc files."""
    try:
        pyc = importlib.util.cache_from_source(__file__)
    except (NotImplementedError, ValueError):
        return None
    return Path(pyc).with_name(Path(pyc).name.replace(".pyc", ".dataclasses"))


def install(cache: CodeCache | None = None) -> CodeCache | None:
    """Make dataclasses compile through `cache` (a new one on the default
    path when None), saved at exit. Done once per process; returns the cache
    in use (None if dataclasses has no global ``exec`` to stand in for)."""
    held = getattr(dataclasses, "exec", None)
    if isinstance(getattr(held, "__self__", None), _Exec):
        return held.__self__.cache
    if "exec" not in _names_of(dataclasses):
        return None
    if cache is None:
        cache = CodeCache(cache_path())
        cache.load()
    dataclasses.exec = _Exec(cache).run      # type: ignore[attr-defined]
    atexit.register(cache.save)
    return cache


class _Exec:
    """exec() for dataclasses: the same call, with a text's code kept."""

    def __init__(self, cache: CodeCache) -> None:
        self.cache = cache

    def run(self, source: Any, globals: Any = None, locals: Any = None) -> None:
        if type(source) is str:
            if globals is None:            # exec's default: the caller's globals
                globals = sys._getframe(1).f_globals
            source = self.cache.code(source)
        builtins.exec(source, globals, locals)


def _names_of(module: Any) -> set[str]:
    """The global names the module's functions (and methods) use."""
    names: set[str] = set()
    for value in vars(module).values():
        for fn in [value, *(vars(value).values() if isinstance(value, type) else ())]:
            code = getattr(fn, "__code__", None)
            if isinstance(code, CodeType):
                names.update(code.co_names)
    return names
