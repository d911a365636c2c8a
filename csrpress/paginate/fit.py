"""Chapter ends that are not left near empty, decided within the pass.

A chapter's last page (before the next opener, or the back cover) that the
text reaches less than `components.chapter.end_fill` of the way down is a
near-empty page. A studio pulls the few lines back ("copyfitting"): the
space around the headings, figures, charts and tables of the chapter's last
pages tightens until the lines move onto the page before.

This happens while the document is paginated, in the same pass: when a body
page of a chapter begins and what is left of the chapter would fill no more
than `end_pages` pages, the rest of the chapter is laid out on trial pages
that are measured, not drawn (paginate.document.MeasureDoc) — as it stands,
then a step tighter (by `end_tighten` at most, over `end_steps` steps) —
and the first step that ends the chapter a page sooner on a page full
enough is kept for the real pages. Where no step does, the chapter keeps its spacing: its end is what
the content gives (a consistent chapter beats a squeezed one that still ends
near empty). The choice depends only on the content and the layout, never
on an earlier build, and costs no extra pass: only a few pages measured.
"""
from __future__ import annotations

import weakref

from dataclasses import dataclass, field
from collections.abc import Iterator
from typing import Any, Callable

from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import KeepTogether, PageBreak

# a trial: lay these flowables out from a page number, measuring only;
# (pages used, how full the last is, points used on it), or None if it failed
Trial = Callable[[list[Any], int, int], "tuple[int, float, float] | None"]


@dataclass
class Copyfit:
    """One pagination's chapter-end decisions (what was tried, what was kept)."""

    fill: float               # a last page reached less far down is near empty
    tighten: float            # the most the display spacing tightens
    steps: int                # steps to that (0: off)
    pages: int                # the last pages of a chapter that may tighten
    frame_height: float
    frame_width: float
    trial: Trial
    decided: dict[int, float] = field(default_factory=dict)   # chapter → factor kept
    expected: dict[int, tuple[int, float]] = field(default_factory=dict)  # → (last page, fill)
    _suffix: dict[int, dict[int, tuple[Any, float]]] = field(default_factory=dict)
    # decisions already made (a watch session's builds): by what they depend
    # on, so a memo gives the decision a trial would (see _key)
    memo: dict[Any, tuple[float, tuple[int, float] | None]] | None = None
    memo_key: Any = None

    @classmethod
    def from_settings(cls, comp: dict[str, Any], frame: tuple[float, float],
                      trial: Trial) -> "Copyfit | None":
        """The chapter opener's settings (end_fill …); None when copyfit is off."""
        steps = int(comp.get("end_steps") or 0)
        if not steps:
            return None
        return cls(float(comp.get("end_fill") or 0.0), float(comp.get("end_tighten") or 0.0),
                   steps, int(comp.get("end_pages") or 1), frame[1], frame[0], trial)

    def page_begun(self, flowables: list[Any], page: int, current: int = 0) -> None:
        """A body page begins with flowables[0] (in chapter `current` when it
        names none: a piece of a split block): if the rest of its chapter is
        near its end, decide the chapter's end now (once per chapter)."""
        chapter = chapter_of(flowables, current)
        if not chapter or chapter in self.decided:
            return
        if self._left(chapter, flowables) > self.pages * self.frame_height:
            return
        rest = chapter_rest(flowables, chapter)
        key = self._key(chapter, rest, page) if self.memo is not None else None
        held = self.memo.get(key) if key is not None and self.memo is not None else None
        if held is not None:
            f, end = held
            if f != 1.0:
                tighten(rest, f)
        else:
            f = self._decide(chapter, rest, page)
            end = self.expected.get(chapter)
            end = (end[0] - page, end[1]) if end is not None else None
            if key is not None and self.memo is not None:
                if len(self.memo) >= 64:       # a long watch session: start afresh
                    self.memo.clear()
                self.memo[key] = (f, end)
        self.decided[chapter] = f
        if end is not None:
            self.expected[chapter] = (page + end[0], end[1])

    def _key(self, chapter: int, rest: list[Any], page: int) -> Any:
        """What a chapter end's decision depends on: the layout (memo_key:
        its files), the page's side, and the rest of the chapter — each
        flowable's kind, source block, resolved text and piece of it, and its
        height in the column (what pagination reads; a font's metrics too)."""
        suffix = self._suffix.get(chapter, {})
        blocks: dict[int, str] = {}
        out = []
        nxt = None
        for f in reversed(rest):
            here = _held(suffix, f)
            h = round(here - nxt, 2) if here is not None and nxt is not None else \
                round(height(f, self.frame_width), 2)
            nxt = here
            b = getattr(f, "_csr_block", None)
            if b is not None and id(b) not in blocks:
                blocks[id(b)] = b.derive("fit_key", _block_digest)
            out.append((getattr(f, "fit_kind", None) or type(f).__name__,
                        blocks.get(id(b)) if b is not None else None,
                        getattr(f, "_runs", None), getattr(f, "_first", None),
                        getattr(f, "_count", None), h))
        import hashlib

        key = (self.memo_key, page % 2, self.frame_width, self.frame_height, tuple(out))
        return hashlib.sha1(repr(key).encode("utf-8")).hexdigest()   # (kept on disk too)

    def _left(self, chapter: int, flowables: list[Any]) -> float:
        """Height of what is left of the chapter set in one column (an
        estimate: it ignores the space that page breaks leave). Read up to
        the first flowable measured already, not to the chapter's end: every
        page of a chapter asks."""
        suffix = self._suffix.get(chapter)
        if suffix is None:                      # the chapter's first body page
            suffix = self._suffix[chapter] = {}
            total = 0.0
            for f in reversed(chapter_rest(flowables, chapter)):
                h = height(f, self.frame_width)
                total += h
                f._csr_height = h       # (a next build that does not compose it again
                # stands in for it with this: paginate.units)
                # (by a weak reference: a freed flowable's id may be a new piece's)
                suffix[id(f)] = (weakref.ref(f), total)
        left = 0.0
        for f in _chapter_items(flowables, chapter):   # pieces made by splitting, then
            here = _held(suffix, f)             # the chapter's own flowables
            if here is not None:
                return left + here
            left += height(f, self.frame_width)
        return left

    def _decide(self, chapter: int, rest: list[Any], page: int) -> float:
        """The factor the rest of the chapter's display spacing is set at."""
        first = self.trial(rest, page, chapter)
        if first is not None:
            self.expected[chapter] = (page + first[0] - 1, first[1])
        if first is None or first[1] >= self.fill:
            return 1.0
        n0, _, used = first
        saved = spaces(rest)
        if spacing(rest) * self.tighten < used:   # all the tightening could not free it
            return 1.0
        for step in range(1, self.steps + 1):
            f = 1.0 - self.tighten * step / self.steps
            tighten(rest, f)
            got = self.trial(rest, page, chapter)
            if got is not None and got[0] < n0 and got[1] >= self.fill:
                self.expected[chapter] = (page + got[0] - 1, got[1])
                return f
            restore(saved)
        return 1.0


def _block_digest(b: Any) -> str:
    """A source block by value in a decision's key: the digest of its repr
    (the key is a digest of its parts' reprs: a block's whole text in every
    key was most of a key's cost), made once per block (a watch build keeps
    the blocks of unchanged part files, source.content)."""
    import hashlib

    return hashlib.sha1(repr((b.type, b.value, b.attrs)).encode("utf-8")).hexdigest()


def _held(suffix: dict[int, tuple[Any, float]], f: Any) -> float | None:
    """The height from flowable f to its chapter's end, as measured on the
    chapter's first body page (None for a piece made since: a freed
    flowable's id may be a new piece's, so the entry must still be f)."""
    got = suffix.get(id(f))
    return got[1] if got is not None and got[0]() is f else None


def chapter_of(flowables: list[Any], current: int = 0) -> int:
    """The chapter of the next flowable to place (0: outside any); a piece
    ReportLab split off (a table's rest) or a mark names none: the chapter
    being placed."""
    first = next((f for f in flowables if f is not None), None)
    return int(getattr(first, "_csr_chapter", current))


def chapter_rest(flowables: list[Any], chapter: int) -> list[Any]:
    """The flowables up to the chapter's end: the next chapter, or a page
    that is not a body page (the back cover), or the padding before it."""
    return list(_chapter_items(flowables, chapter))


def _chapter_items(flowables: list[Any], chapter: int) -> Iterator[Any]:
    """The flowables of chapter_rest, one by one (a reader may stop early)."""
    for f in flowables:
        if f is None:
            continue
        if getattr(f, "_csr_chapter", chapter) != chapter:
            return
        if isinstance(f, ActionFlowable) and not isinstance(f, PageBreak):
            return
        if isinstance(f, PageBreak) and getattr(f, "nextTemplate", "body") not in (None, "body"):
            return
        yield f


def height(f: Any, width: float) -> float:
    """A flowable's height set whole in the column, its spaces included
    (a side note takes none; a group kept together: its parts; a flowable
    not composed again, paginate.units: as measured when it was)."""
    held = getattr(f, "fit_height", None)
    if held is not None:
        return held
    if isinstance(f, KeepTogether):
        return sum(height(x, width) for x in f._content)
    if getattr(f, "side_note", False) or getattr(f, "marks_only", False) or \
            isinstance(f, (ActionFlowable, PageBreak)):
        return 0.0
    _, h = f.wrap(width, 1e6)
    return h + (f.getSpaceBefore() or 0.0) + (f.getSpaceAfter() or 0.0)


def _display(flowables: list[Any]):
    """Every flowable whose spaces tighten (not body paragraphs), nested ones
    (kept-together groups, blocks across the grid) included."""
    for fl in flowables:
        if getattr(getattr(fl, "style", None), "name", "") != "body":
            yield fl
        if isinstance(fl, KeepTogether):
            yield from _display(fl._content)
        inner = getattr(fl, "inner", None)      # a block across the grid: its pieces
        if inner is not None:                   # take their spaces from it
            yield from _display([inner])


def spacing(flowables: list[Any]) -> float:
    """The space above and below display blocks that tighten() scales (points)."""
    return sum((getattr(fl, "spaceBefore", 0) or 0) + (getattr(fl, "spaceAfter", 0) or 0)
               for fl in _display(flowables))


def spaces(flowables: list[Any]) -> list[tuple[Any, float, float]]:
    """The display spaces as they are, to put back after a trial."""
    return [(fl, getattr(fl, "spaceBefore", 0) or 0, getattr(fl, "spaceAfter", 0) or 0)
            for fl in _display(flowables)]


def restore(saved: list[tuple[Any, float, float]]) -> None:
    for fl, before, after in saved:
        if before or getattr(fl, "spaceBefore", 0):
            fl.spaceBefore = before
        if after or getattr(fl, "spaceAfter", 0):
            fl.spaceAfter = after


def tighten(flowables: list[Any], f: float) -> None:
    """Multiply the space above and below display blocks (headings, figures,
    charts, tables; body paragraphs keep theirs) by f."""
    for fl in _display(flowables):
        for attr in ("spaceBefore", "spaceAfter"):
            v = getattr(fl, attr, 0) or 0
            if v:
                setattr(fl, attr, v * f)
