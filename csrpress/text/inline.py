"""Inline markup: **bold**, ==accent== and {{page:ID}} references."""
from __future__ import annotations

import re
from typing import Callable

_MARK = re.compile(r"\*\*(.+?)\*\*|==(.+?)==|\{\{\s*page\s*:\s*([^}\s]+)\s*\}\}", re.S)
_PAGE = re.compile(r"\{\{\s*page\s*:\s*([^}\s]+)\s*\}\}")


def parse(text: str, page_of: Callable[[str], str] | None = None) -> list[tuple[str, str | None]]:
    """Runs of (text, span name or None); references become page numbers,
    in a span too ('**见第 {{page:x}} 页**' printed the reference as typed)."""
    return [(t, s) for t, s, _ref in parse_refs(text, page_of)]


def parse_refs(text: str, page_of: Callable[[str], str] | None = None
               ) -> list[tuple[str, str | None, str | None]]:
    """parse's runs, each with the id whose page it prints when it is a
    reference of its own (not one inside a bold or accent span): the runs
    a screen edition links to that page."""
    def pages(inner: str) -> str:
        return _PAGE.sub(lambda r: page_of(r.group(1)) if page_of else "00", inner)

    runs: list[tuple[str, str | None, str | None]] = []
    pos = 0
    for m in _MARK.finditer(text):
        if m.start() > pos:
            runs.append((text[pos:m.start()], None, None))
        if m.group(1) is not None:
            runs.append((pages(m.group(1)), "strong", None))
        elif m.group(2) is not None:
            runs.append((pages(m.group(2)), "accent", None))
        else:
            runs.append((page_of(m.group(3)) if page_of else "00", None, m.group(3)))
        pos = m.end()
    if pos < len(text):
        runs.append((text[pos:], None, None))
    return [(_joined(t) if "\n" in t else t, s, r) for t, s, r in runs if t]


_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")


def _joined(text: str) -> str:
    """A text's lines joined as one paragraph: Han lines directly (a line
    break in Chinese is no space), Latin words with a space ("word\nword"
    printed as one word)."""
    def join(m: re.Match[str]) -> str:
        a = text[m.start() - 1] if m.start() else ""
        b = text[m.end()] if m.end() < len(text) else ""
        return " " if a and b and ord(a) < 0x2E80 and ord(b) < 0x2E80 else ""

    return _NEWLINE.sub(join, text)


def read(text: str, page_of: Callable[[str], str]) -> str:
    """The text as a reader hears or copies it (an alt text): markup removed
    and each {{page:ID}} as the page number the report prints for it."""
    return "".join(t for t, _ in parse(text, page_of))


def plain(text: str) -> str:
    """The text without markup (references shown as their id)."""
    return _MARK.sub(lambda m: m.group(1) or m.group(2) or "", text)


def shown(text: str) -> str:
    """What of the text is printed, markup removed (a reference shown as a
    digit): '** **' prints as much as '' — nothing — though it is not blank."""
    return _PAGE.sub("0", _MARK.sub(lambda m: m.group(1) or m.group(2) or "0", text))
