"""Diagnostics that name the file, line and fix, instead of tracebacks.

Every stage reports problems as :class:`Diagnostic` objects and collects as
many as it can before giving up, so an editor sees all mistakes at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Mark:
    """A position in a source file (1-based line and column)."""

    path: Path
    line: int
    col: int

    def __str__(self) -> str:
        return f"{_display(self.path)}:{self.line}:{self.col}"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
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
        where = str(self.where if isinstance(self.where, Mark) else
                    _display(self.where)) if self.where else "report"
        label = {"warning": "warning: ", "note": "note: "}.get(self.severity, "")
        text = f"{where}: {label}{self.message}"
        return f"{text} — {self.hint}" if self.hint else text


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

    def error(self, where: Mark | Path | None, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(where, message, hint))

    def warn(self, where: Mark | Path | None, message: str, hint: str = "") -> None:
        d = Diagnostic(where, message, hint, "warning")
        if d not in self.items:       # passes repeat the same finding
            self.items.append(d)

    def note(self, where: Mark | Path | None, message: str, hint: str = "") -> None:
        """Something the build changed on purpose (e.g. normalised punctuation)."""
        d = Diagnostic(where, message, hint, "note")
        if d not in self.items:
            self.items.append(d)

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
            raise BuildError(self.errors)
