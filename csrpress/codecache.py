"""Code compiled at import, kept between processes like a .pyc: the methods
@dataclass generates, and regular expressions.

``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``
(and for a frozen class ``__setattr__``, ``__delattr__``, ``__hash__``) as
Python source and compiles it with ``exec()`` whenever the class is created:
~1 ms a class, ~50 classes on a build's path, ~40 ms of every new process
(Python keeps csrpress's own modules compiled in ``__pycache__``, but not
this). ``re`` parses each pattern and makes its matcher code in Python: ~160
patterns in a build after an edit (csrpress's, PyYAML's, ReportLab's …),
~40 ms, most of it in the few whose classes span the Han ideographs.

What either makes from a given text is always the same, so it is kept:
``install()`` gives ``dataclasses`` an ``exec`` that compiles a text it has
not seen (as ``exec`` would: file ``<string>``, no inherited future flags)
and runs the code kept for one it has; and ``re`` a compiler that hands the
matcher code kept for a (pattern, flags) to the same ``_sre.compile`` call
its own compiler ends with (equal patterns: the same code, flags and groups).
The classes and patterns are the same.

They live in csrpress's ``__pycache__`` (where a .pyc of this module goes),
named per interpreter and optimisation level, with the interpreter's version,
bytecode magic and regular expression magic and a digest of the contents
checked on reading (a damaged or foreign file is ignored). They are written
at exit when the process made something the file lacked, and, like a .pyc,
not when Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE).
"""
from __future__ import annotations

import atexit
import builtins
import dataclasses
import hashlib
import importlib.util
import marshal
import re
import sys
from pathlib import Path
from types import CodeType
from typing import Any, Callable

import _sre
from re import _compiler, _parser  # type: ignore[attr-defined]

_HEAD = (b"csrpress-code-2\n" + sys.version.encode() + b"\n" + importlib.util.MAGIC_NUMBER
         + str(_sre.MAGIC).encode() + b"\n")
_KEEP = 4096          # more entries than this in the file: keep only this process's

# what _sre.compile takes after the pattern: flags, code, groups, groupindex, indexgroup
Matcher = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]


class CodeCache:
    """Compiled code by its source text, and regular expressions' matcher
    code by (pattern, flags), read from and written to one file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.codes: dict[str, CodeType] = {}
        self.patterns: dict[tuple[str, int], Matcher] = {}
        self.used: set[Any] = set()
        self.made = 0                # entries made in this process (not in the file)
        self.loaded = False          # read from a sound file of this interpreter

    def load(self) -> None:
        """The file's entries; none when it is absent, damaged or another
        interpreter's (each is then made again, and the file rewritten)."""
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
            codes, patterns = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return
        # (the digest says the file is as written: checked here is only that
        # it is what this module writes; _sre.compile checks a matcher's code)
        if (isinstance(codes, dict) and isinstance(patterns, dict)
                and all(type(k) is str and type(v) is CodeType for k, v in codes.items())
                and all(type(v) is tuple and len(v) == 5 for v in patterns.values())):
            self.codes, self.patterns = codes, patterns
            self.loaded = True

    def code(self, source: str) -> CodeType:
        """The code of one text: kept, or compiled as exec() compiles a text."""
        found = self.codes.get(source)
        if found is None:
            found = self.codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self.made += 1
        self.used.add(source)
        return found

    def matcher(self, pattern: str, flags: int) -> Matcher:
        """What _sre.compile takes for a pattern: kept, or made as re's
        compiler makes it (parse, then code)."""
        key = (pattern, flags)
        found = self.patterns.get(key)
        if found is None:
            parsed = _parser.parse(pattern, flags)
            groups = parsed.state.groupdict
            index: list[Any] = [None] * parsed.state.groups
            for name, i in groups.items():
                index[i] = name
            code = [int(c) for c in _compiler._code(parsed, flags)]   # (opcodes: int subclasses)
            found = self.patterns[key] = (int(flags | parsed.state.flags), code,
                                          parsed.state.groups - 1, dict(groups), tuple(index))
            self.made += 1
        self.used.add(key)
        return found

    def save(self) -> None:
        """Write the entries when this process made any (best effort)."""
        if self.path is None or not self.made or sys.dont_write_bytecode:
            return
        codes, patterns = self.codes, self.patterns
        if len(codes) + len(patterns) > _KEEP:
            codes = {k: v for k, v in codes.items() if k in self.used}
            patterns = {k: v for k, v in patterns.items() if k in self.used}
        body = marshal.dumps((codes, patterns))
        from .assets.cache import atomic_write

        try:
            atomic_write(self.path, _HEAD + hashlib.sha256(body).digest() + body)
        except OSError:
            pass
        self.made = 0


def cache_path() -> Path | None:
    """Where the entries are kept: beside this module's .pyc (the interpreter's
    tag and optimisation level in the name, as for a .pyc), or None when
    the interpreter keeps no .pyc files."""
    try:
        pyc = importlib.util.cache_from_source(__file__)
    except (NotImplementedError, ValueError):
        return None
    return Path(pyc).with_name(Path(pyc).name.replace(".pyc", ".code"))


def install(cache: CodeCache | None = None) -> CodeCache | None:
    """Make dataclasses and re compile through `cache` (a new one on the
    default path when None), saved at exit. Done once per process; returns
    the cache in use (None when this Python's dataclasses or re are not
    what this module stands in for: then nothing is kept)."""
    held = getattr(dataclasses, "exec", None)
    if isinstance(getattr(held, "__self__", None), _Compilers):
        return held.__self__.cache
    if "exec" not in _names_of(dataclasses):
        return None
    if cache is None:
        cache = CodeCache(cache_path())
        cache.load()
    ours = _Compilers(cache, _compiler.compile)
    dataclasses.exec = ours.exec           # type: ignore[attr-defined]
    # (a file this interpreter wrote was written by a process that checked)
    if cache.loaded or _same_patterns():
        _compiler.compile = ours.compile
    atexit.register(cache.save)
    return cache


class _Compilers:
    """exec() for dataclasses and the compiler for re: the same calls, with
    what they make kept."""

    def __init__(self, cache: CodeCache, compile_pattern: Callable[..., Any]) -> None:
        self.cache = cache
        self.compile_pattern = compile_pattern      # re's own

    def exec(self, source: Any, globals: Any = None, locals: Any = None) -> None:
        if type(source) is str:
            if globals is None:            # exec's default: the caller's globals
                globals = sys._getframe(1).f_globals
            source = self.cache.code(source)
        builtins.exec(source, globals, locals)

    def compile(self, p: Any, flags: int = 0) -> Any:
        if type(p) is not str or type(flags) is not int or flags & re.DEBUG:
            return self.compile_pattern(p, flags)
        kept = self.cache.matcher(p, flags)
        try:
            return _sre.compile(p, kept[0], kept[1], kept[2], kept[3], kept[4])
        except (TypeError, ValueError, OverflowError, RuntimeError):   # (not what we wrote)
            return self.compile_pattern(p, flags)


def _same_patterns() -> bool:
    """Does re's compiler end with the _sre.compile call this module makes
    (checked on a pattern with groups, names, flags and a wide class)?"""
    sample, flags = r"(?i)(?P<a>[a-z\u0100-\u0180]+)|(b)\1", re.M
    try:
        kept = CodeCache(None).matcher(sample, flags)
        return _sre.compile(sample, *kept) == _compiler.compile(sample, flags)
    except Exception:  # noqa: BLE001 - another Python's internals: keep nothing
        return False


def _names_of(module: Any) -> set[str]:
    """The global names the module's functions (and methods) use."""
    names: set[str] = set()
    for value in vars(module).values():
        for fn in [value, *(vars(value).values() if isinstance(value, type) else ())]:
            code = getattr(fn, "__code__", None)
            if isinstance(code, CodeType):
                names.update(code.co_names)
    return names
