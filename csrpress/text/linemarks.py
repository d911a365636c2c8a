"""What the strings of a paragraph's lines are, beyond its text: English
phrases inside a Chinese paragraph (a /Span with /Lang (en), tagged edition)
and the URLs, e-mail addresses and page references ({{page:ID}}) in the text
(links on screen).

A paragraph draws its lines into one text object (paragraph.draw_line);
a LineMarks, when the paragraph has either, is told where each line and
each string of it begins, and writes what they need into that text object:

- an English phrase (hyphen.english_runs) is marked content
  ``/Span <</Lang (en)>> BDC … EMC`` inside the paragraph's, so a screen
  reader reads it with an English voice (PDF/UA-1 7.2);
- a URL or e-mail address is a link annotation over its part of each line
  it lies on (print editions have none: TextContext.link), a page reference
  a link to the page of its id (the anchor's destination), and in a tagged
  edition a Link element holding its text's marked content and the
  annotations (PDF/UA-1 7.18.5: the link text and its annotation in one
  Link element, /Contents the address). The paragraph's own marked content
  is then begun and ended here, inside the text object, around the Link's
  (marked content may not straddle a text object's start).

Both begin and end where a drawn string begins (a word or URL atom is a
string of its own), so the marks never cut a string.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .atoms import LATIN, Atom, Gap, clusters, tokens
from .wide import joined, urlish

LANG_EN = "/Span <</Lang (en)>> BDC"
# a paragraph that may hold a URL or an e-mail address (a quick test on its text)
_MAY_LINK = re.compile(r"://|www\.|[A-Za-z0-9]@[A-Za-z0-9\-]+\.|[A-Za-z0-9\-]\.[A-Za-z]{2,}/")
_SCHEME = re.compile(r"https?://", re.I)


@dataclass(frozen=True)
class WebLink:
    """A URL or e-mail address in a paragraph, or a page reference: its
    atoms (a token split over lines is several) and where it leads (href,
    or the id of the page it prints: key)."""

    first: int
    last: int
    href: str | None
    text: str
    key: str | None = None


@functools.lru_cache(maxsize=8192)
def may_link(text: str) -> bool:
    """Whether a paragraph's text may hold a URL or e-mail address (kept by
    the text: asked of every paragraph drawn in an edition with links)."""
    return _MAY_LINK.search(text) is not None


def href(text: str) -> str:
    """Where a typed address leads: an e-mail address to mailto:, a URL
    typed without its scheme (www.…, example.cn/esg) to https://."""
    if _SCHEME.match(text):
        return text
    if "@" in text and "/" not in text:
        return "mailto:" + text
    return "https://" + text


def ref_atoms(runs: Sequence[tuple[str, Any, Any]], atoms: Sequence[Atom]
              ) -> tuple[tuple[int, str], ...]:
    """(atom index, id) of each page reference among a paragraph's runs
    (inline.parse_refs: text, span, id), counting the atoms each run is
    shaped into as shaping.shape makes them (a token each, a Han character
    each, spaces none). () when the count is not the atoms' (nothing is
    linked rather than the wrong atom)."""
    out: list[tuple[int, str]] = []
    k = 0
    for text, _span, ref in runs:
        n = 0
        for kind, tok in tokens(text):
            if kind == "han":
                n += len(clusters(tok))
            elif kind not in ("space", "glue"):
                n += 1
        if ref is not None and n == 1:
            out.append((k, ref))
        k += n
    return tuple(out) if k == len(atoms) else ()


def ref_places(refs: tuple[tuple[int, str], ...], shaped: Sequence[Atom],
               atoms: Sequence[Atom]) -> dict[int, str]:
    """Where the page references (ref_atoms: indices into the atoms as
    shaped) are among the atoms as set at a measure: the same list, or one
    where a token too wide for it (wide.split_wide) or a hyphenated word was
    replaced by new atoms, its pieces, every other atom kept in order. A
    reference's own atom (a page number) is never cut."""
    if atoms is shaped:
        return dict(refs)
    wanted = dict(refs)
    out: dict[int, str] = {}
    j = 0
    for k, a in enumerate(shaped):
        if j < len(atoms) and atoms[j] is a:
            if k in wanted:
                out[j] = wanted[k]
            j += 1
            continue
        nxt = shaped[k + 1] if k + 1 < len(shaped) else None
        while j < len(atoms) and atoms[j] is not nxt:
            j += 1                      # (the pieces of atom k)
    return out


def web_links(atoms: Sequence[Atom], gaps: Sequence[Gap], refs: dict[int, str],
              page_num: Callable[[str], int | None]) -> tuple[WebLink, ...]:
    """The URLs and e-mail addresses among a paragraph's atoms (wide.urlish,
    the tokens the line breaker breaks as URLs), each with the pieces a
    split left of it joined again; and its page references (refs: the
    index of each atom that prints one, and its id) whose page is known
    (not in the first pass: page_num is 0 or None)."""
    out: list[WebLink] = []
    n, i = len(atoms), 0
    while i < n:
        if atoms[i].kind != LATIN:
            i += 1
            continue
        key = refs.get(i) if refs else None
        if key is not None:
            if page_num(key):
                out.append(WebLink(i, i, None, atoms[i].text, key))
            i += 1
            continue
        j = i
        while j < n - 1 and joined(gaps[j]):
            j += 1
        text = atoms[i].text if j == i else "".join(a.text for a in atoms[i:j + 1])
        if urlish(text):
            out.append(WebLink(i, j, href(text), text))
        i = j + 1
    return tuple(out)


class LineMarks:
    """The marks of one paragraph's text object, line by line (see the
    module's docstring). `tagger`: the canvas's, while drawing tagged
    content (else None: links are annotations only); `link`: makes a link
    annotation (TextContext.link, bound to the canvas)."""

    __slots__ = ("code", "runs", "links", "tagger", "make_link", "pos", "start",
                 "end", "x0", "y", "box", "lang", "kind", "current", "part")

    def __init__(self, code: list[str], runs: tuple[tuple[int, int], ...],
                 links: tuple[WebLink, ...], tagger: Any,
                 make_link: Callable[..., None], box: tuple[float, float]) -> None:
        self.code, self.runs, self.links, self.tagger = code, runs, links, tagger
        self.make_link, self.box = make_link, box
        self.pos: list[tuple[float, float]] = []
        self.start = self.end = 0
        self.x0 = self.y = 0.0
        self.lang = False                  # a /Lang span is open
        self.kind = ""                     # the marked content open: "", "own" or "link"
        self.current: WebLink | None = None
        self.part = -1                     # the current link's first atom on this line

    @property
    def owns_content(self) -> bool:
        """Whether the paragraph's marked content is begun here (a tagged
        paragraph with links), not around the text object."""
        return bool(self.links) and self.tagger is not None

    def line(self, pos: list[tuple[float, float]], start: int, end: int,
             x0: float, y: float) -> None:
        """A line begins: its atoms' positions (from its first atom)."""
        self.pos, self.start, self.end, self.x0, self.y = pos, start, end, x0, y
        if self.current is not None:
            self.part = start

    def at(self, i: int) -> None:
        """A string beginning at atom i is about to be drawn."""
        link = self._link_at(i)
        changed = link is not self.current
        if changed:
            self._lang(False)
            if self.current is not None:
                self._leave(i - 1)
            if link is not None:
                self.current, self.part = link, i
        if self.owns_content:
            want = "own" if link is None else "link"
            if want != self.kind or (changed and link is not None):
                self._lang(False)
                self._switch(want)
        self._lang(any(a <= i <= b for a, b in self.runs))

    def end_line(self) -> None:
        """The line is drawn (with its hyphen): a phrase's span ends with it,
        and a link on it gets its annotation for this line's part."""
        self._lang(False)
        if self.current is not None:
            self._annotate(self.part, min(self.current.last, self.end))

    def finish(self) -> None:
        """The text object ends (the paragraph, or its piece on this page)."""
        self._lang(False)
        if self.kind:
            self._switch("")
        self.current = None

    # -- inside -------------------------------------------------------------------
    def _link_at(self, i: int) -> WebLink | None:
        for link in self.links:
            if link.first <= i <= link.last:
                return link
        return None

    def _lang(self, inside: bool) -> None:
        if inside != self.lang:
            self.code.append(LANG_EN if inside else "EMC")
            self.lang = inside

    def _switch(self, kind: str) -> None:
        """End the marked content open (the paragraph's, or a Link's: then
        the Link element too) and begin the next (kind: "own", "link" or
        "": none), each in text objects of its own: a reader that takes
        text out of a text object as a whole (pypdf) gives each sequence
        its own text. (Text state - font, spacing, colour - lasts past ET;
        every string is placed with its own Tm.)"""
        code = self.code
        code.append("ET")
        if self.kind:
            code.append("EMC")
            if self.kind == "link":
                self.tagger.close()
        if kind == "link":
            # (no key: a link broken over a page is a Link on each page, each
            # with its annotation; a key made per link kept its chapter off tape)
            self.tagger.open("Link")
        if kind:
            self.tagger.begin_marked(code)
        code.append("BT")
        self.kind = kind

    def _leave(self, last: int) -> None:
        self._annotate(self.part, min(self.current.last, last, self.end))
        self.current = None

    def _annotate(self, first: int, last: int) -> None:
        if last < first:
            return
        x, _w = self.pos[first - self.start]
        lx, lw = self.pos[last - self.start]
        below, above = self.box
        self.make_link((self.x0 + x, self.y - below, self.x0 + lx + lw, self.y + above),
                       self.current)
