"""Cut styled text into atoms: the units the line breaker never splits.

An atom is one Han character, one punctuation mark, a dash or ellipsis run,
or a Latin word / number / URL. Between two atoms lies a gap with a natural
width, a stretch and a shrink, and a flag saying whether a line may break
there (clreq's line-start and line-end prohibitions decide).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# clreq: not at the start of a line / not at the end of a line.
CLOSE = set("）］｝】〕〗》〉」』”’")
STOP = set("、，。．：；！？")
NO_START = CLOSE | STOP | set("～–—…·％‰・")
OPEN = set("（［｛【〔〖《〈「『“‘")
NO_END = OPEN
ASCII_NO_START = set(",.;:!?)]}%")
ASCII_NO_END = set("([{")
# compressible full-width punctuation: blank half on the right / on the left
BLANK_RIGHT = CLOSE | STOP
BLANK_LEFT = OPEN

HAN, PUNCT, LATIN, RUN = 0, 1, 2, 3   # atom kinds (RUN: —— or …… unit)

_LATIN_CH = r"A-Za-z0-9\u00C0-\u024F"
_SPECIAL = "".join(sorted(NO_START | NO_END)).replace("-", "").replace("]", "").replace("\\", "")
_TOKEN = re.compile(
    rf"(?P<han>[^\x00-\x7F\u00A0\u00C0-\u024F\u3000{re.escape(_SPECIAL)}]+)"
    rf"|(?P<latin>[{_LATIN_CH}]+(?:[.,:/\-_@&'+*#~=?%][{_LATIN_CH}]+)*[%/]?(?:/)?)"
    r"|(?P<run>—{2,}|…+|-{2,})"
    r"|(?P<space>[ \u00A0\u3000]+)"
    r"|(?P<ch>.)", re.S)
_URL = re.compile(r"https?://\S+")


@dataclass(slots=True)
class Atom:
    """An unbreakable unit of a paragraph (widths in points)."""

    text: str
    span: int          # index of the run style
    kind: int
    width: float       # natural advance
    dx: float = 0.0    # draw offset (a compressed opening bracket)
    end_shrink: float = 0.0   # how much it may shrink when it ends a line
    end_extra: float = 0.0    # width it takes back when it ends a line (pair compression undone)
    no_start: bool = False
    no_end: bool = False
    plain: bool = False       # one character drawn at its own advance (can join a run)


@dataclass(slots=True)
class Gap:
    """What lies between an atom and the next one."""

    width: float = 0.0
    stretch: float = 0.0
    shrink: float = 0.0
    breakable: bool = True
    penalty: float = 0.0
    split: bool = False       # inside a token wider than the measure (a break here is reported)


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: latin words, dash runs, spaces, single chars."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _URL.finditer(text):   # a URL is one token (may split at slashes later)
        out += _plain_tokens(text[pos:m.start()])
        url = m.group(0).rstrip("，。；：、）)")
        out.append(("latin", url))
        pos = m.start() + len(url)
    out += _plain_tokens(text[pos:])
    return out


def _plain_tokens(text: str) -> list[tuple[str, str]]:
    """A run of ordinary Han characters comes as one "han" token (split later)."""
    return [(m.lastgroup or "ch", m.group(0)) for m in _TOKEN.finditer(text)]


def classify(ch: str) -> int:
    if ch in NO_START or ch in NO_END or ch in ASCII_NO_START or ch in ASCII_NO_END:
        return PUNCT
    if ch.isascii() and not ch.isalnum():
        return PUNCT
    return HAN
