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


def closest(word: str, known: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The known word a typo most likely meant (None: none is close enough)."""
    guess = difflib.get_close_matches(str(word), list(known), n=1, cutoff=cutoff)
    return guess[0] if guess else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """A hint naming the closest known word, or listing them all."""
    known = list(known)
    guess = closest(word, known)
    if guess:
        return f"did you mean '{guess}'?"
    return "allowed: " + (", ".join(known) if known else "none")


def misspelt(mapping: Any, allowed: Iterable[str]) -> set[str]:
    """The allowed keys that an unknown key of ``mapping`` was reported as a
    typo of (check_keys' 'did you mean'): such a key is not missing as well —
    'szie:' is one error, not that and "page has no 'size'"."""
    allowed = list(allowed)
    out = set()
    for key in mapping:
        if key not in allowed:
            guess = closest(key, allowed)
            if guess is not None:
                out.add(guess)
    return out


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
