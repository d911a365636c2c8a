"""Diagnostics that name the file, line and fix, instead of tracebacks.

Every stage reports problems as :class:`Diagnostic` objects and collects as
many as it can before giving up, so an editor sees all mistakes at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Mark:
    """A position in a source file (1-based line and column)."""

    path: Path
    line: int
    col: int

    def __str__(self) -> str:
        return self.text()

    def text(self, names: dict[Path, str] | None = None) -> str:
        """As printed (``names``: see Diagnostic.text)."""
        return f"{_display(self.path, names)}:{self.line}:{self.col}"


def _display(path: Path, names: dict[Path, str] | None = None) -> str:
    """A path as messages show it: relative to the working folder when it is
    inside it. ``names`` keeps the paths shown already (one report of many
    warnings: resolving a path is a system call per folder of it, and the
    report's ~150 warnings made ~450 of them)."""
    if names is None:
        return _resolved(path)
    found = names.get(path)
    if found is None:
        found = names[path] = _resolved(path)
    return found


def _resolved(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
    except (OSError, RuntimeError):    # a symlink loop (content/x.yaml -> x.yaml): as written
        try:
            return str(path.absolute().relative_to(Path.cwd()))
        except ValueError:
            return str(path)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where, what is wrong, and how to fix it."""

    where: Mark | Path | None
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        return self.text()

    def text(self, names: dict[Path, str] | None = None) -> str:
        """As printed; ``names``: the paths shown already in one report of
        diagnostics (a dict the caller keeps for that report only: see
        _display), which says them as they were."""
        where = self.place(names)
        label = {"warning": "warning: ", "note": "note: "}.get(self.severity, "")
        text = f"{where}: {label}{self.message}"
        return f"{text} — {self.hint}" if self.hint else text

    def place(self, names: dict[Path, str] | None = None) -> str:
        """Where, as printed: file:line:col, a file, or "report"."""
        if not self.where:
            return "report"
        if isinstance(self.where, Mark):
            return self.where.text(names)
        return _display(self.where, names)


@dataclass
class BuildError(Exception):
    """Raised when a stage found errors; carries all of them."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


class Collector:
    """Collects diagnostics of one stage and raises them together."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []
        self._said: set[Diagnostic] = set()    # warnings and notes in items (said once)
        # the chapter being composed or laid out (paginate.segments.Trace): its
        # warnings and notes are also written there, to be said again when it is
        # replayed instead
        self.trace: Any = None

    def error(self, where: Mark | Path | None, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(where, message, hint))

    def warn(self, where: Mark | Path | None, message: str, hint: str = "") -> None:
        self._once(Diagnostic(where, message, hint, "warning"))   # passes repeat a finding

    def _once(self, d: Diagnostic) -> None:
        """Keep d unless it was said already (a set: a scan of the list for
        every warning was quadratic in their number)."""
        if self.trace is not None:
            self.trace.said.append(d)
        try:
            if d in self._said:
                return
            self._said.add(d)
        except TypeError:             # (a place that cannot be hashed: compared one by one)
            if d in self.items:
                return
        self.items.append(d)

    def note(self, where: Mark | Path | None, message: str, hint: str = "") -> None:
        """Something the build changed on purpose (e.g. normalised punctuation)."""
        self._once(Diagnostic(where, message, hint, "note"))

    @property
    def notes(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "note"]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(in_order(self.errors))


def in_order(found: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics as an editor reads them: each file's by line and column,
    the files in the order their first one was found (report.yaml, the
    parts in reading order, the layout). The checks run by kind, not by
    place ('title: 123' on line 3 came after an unknown key on line 20);
    one without a line stays with its file's first, one without a file
    where it was found."""
    files: dict[object, int] = {}
    keyed = []
    for k, d in enumerate(found):
        where = d.where
        path = where.path if isinstance(where, Mark) else where
        group = files.setdefault(path if path is not None else ("report", k), len(files))
        pos = (where.line, where.col) if isinstance(where, Mark) else (0, 0)
        keyed.append(((group, pos, k), d))
    return [d for _key, d in sorted(keyed, key=lambda kd: kd[0])]
