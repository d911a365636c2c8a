"""Chapter ends that are not left near empty.

A chapter's last page (before the next opener, or the back cover) that the
text reaches less than `components.chapter.end_fill` of the way down is a
near-empty page. A studio pulls the few lines back ("copyfitting"): the
space around the chapter's headings, figures, charts and tables tightens a
step at a time (at most `end_tighten` of it, over `end_steps` steps) until
the lines move onto the page before. Where no step does, the chapter keeps
its spacing: its end is what the content gives (a consistent chapter beats
a squeezed one that still ends near empty).

The chosen step of each chapter travels with the page map (key
`~fit:N:DIGEST`, the digest of the chapter's content and the layout), so a
later build of the same chapter starts from it and needs no extra pass, and
a changed chapter or layout starts afresh: the PDF never depends on history.
"""
from __future__ import annotations

from typing import Any

PREFIX = "~fit:"


def level(pages: dict[str, int], chapter: Any) -> int:
    """The tightening step of a chapter (0: none) for this pass."""
    return pages.get(f"{PREFIX}{chapter}", 0)


def factor(pages: dict[str, int], chapter: Any, comp: dict[str, Any]) -> float:
    """What the chapter's display spacing is multiplied by."""
    steps = int(comp.get("end_steps") or 0)
    n = level(pages, chapter)
    if not steps or not 0 < n <= steps:
        return 1.0
    return 1.0 - float(comp.get("end_tighten") or 0.0) * n / steps


def decide(pages: dict[str, int], ends: dict[int, tuple[int, float, float]],
           comp: dict[str, Any], spare: dict[int, float] | None = None,
           names: dict[int, str] | None = None) -> dict[str, int]:
    """The steps for the next pass, from where each chapter ended on this one.

    A chapter whose last page is full enough keeps its step; one that is not
    goes a step further; past the last step it is marked tried (steps + 1:
    no tightening, and it is not tried again). A chapter whose last page
    holds more than all its tightening could free (`spare`, points) is
    marked tried at once: a pass that cannot help is not run."""
    steps = int(comp.get("end_steps") or 0)
    if not steps:                          # copyfit off: no step to choose or mark
        return {}
    want = float(comp.get("end_fill") or 0.0)
    out: dict[str, int] = {}
    for number, (_, full, used) in ends.items():
        chapter = (names or {}).get(number, number)
        n = level(pages, chapter)
        if not n and full < want and spare is not None and used > spare.get(number, 0.0):
            n = steps + 1
        if n > steps:                      # tried: stays as the content gives it
            out[f"{PREFIX}{chapter}"] = n
        elif full < want and steps:
            out[f"{PREFIX}{chapter}"] = n + 1
        elif n:
            out[f"{PREFIX}{chapter}"] = n
    return out


def spacing(flowables: list[Any]) -> float:
    """The space above and below display blocks that tighten() scales (points)."""
    from reportlab.platypus.flowables import KeepTogether

    total = 0.0
    for fl in flowables:
        if getattr(getattr(fl, "style", None), "name", "") == "body":
            continue
        total += (getattr(fl, "spaceBefore", 0) or 0) + (getattr(fl, "spaceAfter", 0) or 0)
        if isinstance(fl, KeepTogether):
            total += spacing(fl._content)
    return total


def tighten(flowables: list[Any], f: float) -> None:
    """Multiply the space above and below display blocks (headings, figures,
    charts, tables; body paragraphs keep theirs) by f."""
    from reportlab.platypus.flowables import KeepTogether

    for fl in flowables:
        style = getattr(fl, "style", None)
        if getattr(style, "name", "") == "body":
            continue
        for attr in ("spaceBefore", "spaceAfter"):
            v = getattr(fl, attr, 0) or 0
            if v:
                setattr(fl, attr, v * f)
        if isinstance(fl, KeepTogether):
            tighten(fl._content, f)
        inner = getattr(fl, "inner", None)     # a block across the grid: its pieces
        if inner is not None:                  # take their spaces from it
            tighten([inner], f)
