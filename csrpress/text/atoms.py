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
# small kana, iteration marks, the middle dot, wave dash, ‼ ⁇ … (UAX #14 NS/CJ, clreq strict)
SMALL = set("々〻ゝゞヽヾーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ・〜‼⁇⁈⁉‽")
NO_START = CLOSE | STOP | SMALL | set("～–—…·％‰・")
OPEN = set("（［｛【〔〖《〈「『“‘")
NO_END = OPEN
ASCII_NO_START = set(",.;:!?)]}%")
ASCII_NO_END = set("([{")
# compressible full-width punctuation: blank half on the right / on the left
BLANK_RIGHT = CLOSE | STOP
BLANK_LEFT = OPEN
QUOTES = set("\"'")         # ASCII quotes: opening or closing by position (shaping)
GLUE = "\u00A0\u202F\u2007"   # no-break spaces: a typed space that never breaks
IDEO_SPACE = "\u3000"        # one em, a character of its own

PREFIXES = set("$¥￥€£＄+±-−#@")  # a break never follows these before a word or number
HAN, PUNCT, LATIN, RUN = 0, 1, 2, 3   # atom kinds (RUN: —— or …… unit)

_LATIN_CH = r"A-Za-z0-9\u00C0-\u024F\u0370-\u03FF"
_INNER = r".,:/\-_@&'+*#~=?%\u2011\u2019·"       # may join two letters/digits of a word
_PREFIX = r"(?:(?<![A-Za-z0-9.])[$¥￥€£＄+±](?=\d)|(?<![A-Za-z0-9.\u4e00-\u9fff])[\-−](?=\d))"
_SUFFIX = r"(?:[%‰℃℉°′″]|/)"
_SPECIAL = "".join(sorted(NO_START | NO_END | set("$¥￥€£＄―⋯\u2011"))) \
    .replace("-", "").replace("]", "").replace("\\", "")
_NOT_ID = frozenset(_SPECIAL + "([{〈《「『【〔〖〘〚（［｛“‘\u2329)]）］}、。，．〉》」』】〕〗〙〛｝｡､”’\u232a！？‥⋯％"
                    "＄￥：；" + IDEO_SPACE)
# the characters a han token is made of (emoji and their joiners among them)
_HAN_RANGES = ((0x200D, 0x200D), (0x20E3, 0x20E3), (0x2300, 0x23FF), (0x2600, 0x27BF),
               (0x2E80, 0x10FFFF))


def _han_class(ranges: tuple[tuple[int, int], ...], without: frozenset[str]) -> str:
    """A regex class of the characters in ``ranges`` but ``without``'s: the
    han token as one class. (It was each character tested against a class
    of ~150 single characters in a lookahead, then the ranges: ~1 µs a
    character, the most of tokenising the report's ~45,000 characters in a
    cold build; one class is a table look-up.)"""
    holes = sorted(ord(c) for c in without)
    out: list[tuple[int, int]] = []
    for lo, hi in ranges:
        at = lo
        for c in holes:
            if at <= c <= hi:
                if c > at:
                    out.append((at, c - 1))
                at = c + 1
        if at <= hi:
            out.append((at, hi))
    return "".join(f"\\U{a:08X}" if a == b else f"\\U{a:08X}-\\U{b:08X}" for a, b in out)


_STOP_URL = r"\s<>\"'\u2E80-\uFFFF"            # a URL ends at Han or full-width text
_HASH_IN = r"[^#\s，。、；：！？“”（）《》]"
_TOKEN = re.compile(
    rf"(?P<url>(?:https?://|www\.)[^{_STOP_URL}]+)"
    r"|(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    rf"|(?P<tag>#{_HASH_IN}+(?: {_HASH_IN}+)*#|#[A-Za-z_][A-Za-z0-9_]*|@[\w\-]+)"
    rf"|(?P<latin>{_PREFIX}?[{_LATIN_CH}]+(?:[{_INNER}]+[{_LATIN_CH}]+)*{_SUFFIX}?)"
    rf"|(?P<han>[{_han_class(_HAN_RANGES, _NOT_ID)}]+)"
    r"|(?P<run>[—―]{2,}|…+|⋯+|-{2,})"
    r"|(?P<space>[ \t]+)"
    rf"|(?P<glue>[{GLUE}]+)"
    rf"|(?P<ideo>{IDEO_SPACE})"
    r"|(?P<ch>.)", re.S)
# a character and what joins it: combining marks, variation selectors, emoji
# modifiers and tags, keycaps, zero-width-joined sequences, flag pairs
_EXT = "\u0300-\u036F\u1AB0-\u1AFF\u20D0-\u20FF\uFE00-\uFE0F\uFE20-\uFE2F" \
       "\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F\U000E0100-\U000E01EF"
_CLUSTER = re.compile(rf"[\U0001F1E6-\U0001F1FF]{{2}}|.[{_EXT}]*(?:\u200D.[{_EXT}]*)*", re.S)
_JOINS = re.compile(rf"[{_EXT}\u200D\U0001F1E6-\U0001F1FF]")
_URL_END = ".,;:!?'\""


@dataclass(slots=True)
class Atom:
    """An unbreakable unit of a paragraph (widths in points)."""

    text: str
    span: int          # index of the run style
    kind: int
    width: float       # natural advance
    dx: float = 0.0    # draw offset (a compressed opening bracket)
    end_extra: float = 0.0    # width change when it ends a line: + pair compression undone,
    #                           - the blank half of a line-end mark set half width
    no_start: bool = False
    no_end: bool = False
    plain: bool = False       # one character drawn at its own advance (can join a run)
    start_extra: float = 0.0  # width change when it starts a line: - the blank half of an
    #                           opening mark set half width there (its ink at the line's edge)


@dataclass(slots=True)
class Gap:
    """What lies between an atom and the next one."""

    width: float = 0.0
    stretch: float = 0.0
    shrink: float = 0.0
    breakable: bool = True
    penalty: float = 0.0
    split: bool = False       # inside a token wider than the measure (a break here is reported)
    level: int = 0            # which shrink a tight line takes first (shaping.SHRINK_LEVELS)
    flagged: bool = False     # inside a word (hyphen.py): two such line ends in a row cost more


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: han runs, latin words (numbers, URLs, e-mail, hashtags,
    mentions), dash/ellipsis runs, spaces, no-break spaces, U+3000, single chars."""
    out: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text):
        kind, tok = m.lastgroup or "ch", m.group(0)
        if kind == "url":
            url = _trim_url(tok)
            out.append(("latin", url))
            if len(url) < len(tok):
                out += tokens(tok[len(url):])
            continue
        if kind == "email":
            kind = "latin"
        elif kind == "tag":
            kind = "word" if any(ord(c) > 0x2E7F for c in tok) else "latin"
        elif kind == "ch" and m.group(0) in QUOTES:
            kind = "quote"
        out.append((kind, tok))
    return out


def _trim_url(url: str) -> str:
    """A URL without the sentence punctuation typed after it (an unbalanced ')')."""
    while url and (url[-1] in _URL_END or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def clusters(run: str) -> list[str]:
    """The characters of a Han run, each with the marks and joiners that belong to it."""
    if not _JOINS.search(run):
        return list(run)
    return _CLUSTER.findall(run)


def classify(ch: str) -> int:
    if ch in NO_START or ch in NO_END or ch in ASCII_NO_START or ch in ASCII_NO_END:
        return PUNCT
    if ch.isascii() and not ch.isalnum():
        return PUNCT
    return HAN


# -- UAX #14 line-break classes, for the characters at the edges of atoms --------
# Tailored by clreq: “‘ open and ”’ close (UAX: QU); ASCII quotes are paired
# (opening/closing by position, see shaping._quote).
_CLASS: dict[str, str] = {}
for _cls, _chars in (
        ("OP30", "([{"), ("OP", "〈《「『【〔〖〘〚（［｛“‘\u2329"), ("CP", ")]）］"),
        ("CL", "}、。，．〉》」』】〕〗〙〛｝｡､”’\u232a"), ("EX", "!?！？"), ("IS", ",.:;"),
        ("SY", "/"), ("HY", "-"), ("BA", "\t|\u00ad–\u3000\u2010\u2012\u2013"),
        ("B2", "—"), ("IN", "…‥․⋯"), ("PR", "$+\\£¥€￥＄−±№"), ("PO", "%‰℃℉°′″¢％"),
        ("GL", "\u00a0\u2011\u202f\u2007\u2060"), ("QU", "\"'«»"), ("NS", "".join(SMALL) + "：；៖")):
    for _c in _chars:
        _CLASS[_c] = _cls


def lb_class(ch: str) -> str:
    """The (tailored) UAX #14 class of a character: the few the engine tells apart."""
    c = _CLASS.get(ch)
    if c is not None:
        return c
    if ch.isdigit() and ch.isascii():
        return "NU"
    if ord(ch) >= 0x2E80 or 0x2300 <= ord(ch) <= 0x23FF or 0x2600 <= ord(ch) <= 0x27BF:
        return "ID"
    return "AL"


_NO_BEFORE = frozenset(("CL", "CP", "EX", "IS", "SY"))            # LB13, even after spaces
_NO_BEFORE_DIRECT = frozenset(("BA", "HY", "NS", "IN", "GL"))     # LB12a, LB21, LB22
_GLUED = frozenset((                                               # LB23–LB30 (numbers tailored)
    ("AL", "AL"), ("AL", "NU"), ("NU", "AL"), ("NU", "NU"), ("PR", "ID"), ("ID", "PO"),
    ("PR", "AL"), ("PO", "AL"), ("AL", "PR"), ("AL", "PO"), ("NU", "PO"), ("NU", "PR"),
    ("PO", "NU"), ("PR", "NU"), ("HY", "NU"), ("IS", "AL"),
    ("AL", "OP30"), ("NU", "OP30"), ("CP", "AL"), ("CP", "NU"), ("B2", "B2")))


def pair_breakable(x: str, y: str, spaced: bool) -> bool:
    """May a line break between classes x and y (spaces between them if spaced)?"""
    if y in _NO_BEFORE or x in ("OP", "OP30") or (x in ("CL", "CP") and y == "NS"):
        return False
    if x == "B2" and y == "B2":
        return False
    if spaced:
        return True
    if y in _NO_BEFORE_DIRECT or x == "GL":
        return False
    return (x, y) not in _GLUED
