"""Unknown keys are errors, each with the closest known name.

Shared by the content and layout loaders so every mapping a user writes is
checked the same way: a typo must never be ignored (it would silently drop
what the user meant) nor crash a later stage.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from ..errors import Collector, Mark


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """A hint naming the closest known word, or listing them all."""
    known = list(known)
    guess = difflib.get_close_matches(str(word), known, n=1, cutoff=0.5)
    if guess:
        return f"did you mean '{guess[0]}'?"
    return "allowed: " + (", ".join(known) if known else "none")


def check_keys(mapping: Any, allowed: Iterable[str], what: str, errors: Collector,
               where: Mark | None = None) -> bool:
    """Report every key of ``mapping`` not in ``allowed``; True if none."""
    allowed = list(allowed)
    ok = True
    for key in mapping:
        if key in allowed:
            continue
        mark = mapping.mark_of(key) if hasattr(mapping, "mark_of") else where
        errors.error(mark, f"{what} has no key '{key}'", did_you_mean(key, allowed))
        ok = False
    return ok
