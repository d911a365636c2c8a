"""Stand-ins for the fonts of a TextContext, for tests of the text engine
that need no font file: Han one em wide, Latin and digits 0.6 em."""
from __future__ import annotations


class StandInFace:
    """A face: widths by character class, and the characters claimed."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def width(self, ch: str) -> float:
        return 0.6 if ch.isascii() else 1.0


class StandInFonts(dict):
    """assets.fonts.Fonts as the text engine uses it: faces by name, and the claim path."""

    def claim(self, face: str, text: str) -> None:
        self[face].used.update(text)


def stand_in_fonts() -> StandInFonts:
    """One face, 'regular'."""
    return StandInFonts(regular=StandInFace())
