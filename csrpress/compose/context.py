"""What every component gets: layout access, colours, styles, text context."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Collector, Mark
from ..source.layout import Layout, Style, to_points
from ..text.paragraph import TextContext


@dataclass
class Composer:
    """Layout + text context + a place for errors, handed to components."""

    layout: Layout
    ctx: TextContext
    errors: Collector
    report: Any
    gri_tags: list[tuple[str, str]] = field(default_factory=list)   # (code, anchor key)
    sections: list[tuple[str, int]] = field(default_factory=list)   # (anchor key, level) in order
    keys: dict[int, str] = field(default_factory=dict)              # block index → anchor key
    toc_entries: list[tuple[int, str, str]] = field(default_factory=list)  # (level, title, key)
    images_dir: Any = None
    edition: Any = None
    cache: Any = None
    say: Any = None                 # progress messages (a terminal only)
    layout_dir: Any = None          # layout/: where a printer's output profile lives
    placing: str = ""               # type of the block being composed
    # the edition's kept pages (paginate.replay.PageMemo), whose memo keeps what
    # drawing worked out under its context (a chart's sheet); None: nothing kept
    drawn: Any = None
    # the pass's segments (paginate.segments.Plan): chapters replayed from the
    # last build's tapes, or taped for the next; None: every one composed
    segments: Any = None
    _openers: list[Any] | None = None   # per block: the chapter opener before it
    _sections_at: tuple[Any, int, dict[str, int]] | None = None   # (see _section_index)

    def chapter_before(self, index: int) -> Any:
        """The last chapter opener before block ``index`` (None: none), from
        one scan of the blocks per pass (a scan back from every heading was
        quadratic in the report's length)."""
        if self._openers is None:
            from .registry import get

            last, self._openers = None, []
            for b in self.report.blocks:
                self._openers.append(last)
                if get(b.type).page.opener:
                    last = b
        return self._openers[index]

    def _section_index(self) -> dict[str, int]:
        """Each section's first place in ``sections``, made once for the list
        (a scan of the whole list for every index entry was quadratic)."""
        held = self._sections_at
        if held is None or held[0] is not self.sections or held[1] != len(self.sections):
            index: dict[str, int] = {}
            for i, (k, _) in enumerate(self.sections):
                index.setdefault(k, i)
            held = self._sections_at = (self.sections, len(self.sections), index)
        return held[2]

    def color(self, name: str) -> Any:
        return self.ctx.color(name)

    def style(self, name: str, where: Mark | None = None) -> Style:
        """A layout style by name; an unknown name is an error at the block's line."""
        if name not in self.layout.styles:
            self.errors.error(where, f"unknown style '{name}'",
                              "use a style defined in layout/ under styles: "
                              + ", ".join(sorted(self.layout.styles)))
            return self.layout.styles["body"]
        return self.layout.styles[name]

    def pt(self, value: Any, em: float = 10.0) -> float:
        return to_points(value, em)

    def len(self, component: str, key: str, em: float = 10.0) -> float:
        """A component's length setting in points."""
        return to_points(self.layout.components[component][key], em)

    @property
    def frame(self) -> tuple[float, float]:
        return self.layout.frame()

    def measure(self, kind: str | None = None) -> float:
        """The width a block of this type is set in: the whole grid for the
        layout's wide_blocks, else the main column (default: the block being
        composed)."""
        kind = kind or self.placing
        grid = self.layout.columns()
        wide = (self.layout.grid or {}).get("wide_blocks") or []
        return grid.width if grid.side and kind in wide else grid.main

    @property
    def trim_origin(self) -> float:
        """Where the trimmed page starts in page coordinates (the bleed and the
        slug of an edition with crop marks lie before it), as paginate sets it."""
        ed = self.edition
        bleed = self.layout.bleed if ed is not None and ed.bleed else 0.0
        return bleed + (ed.slug() if ed is not None else 0.0)

    def label(self, name: str) -> str:
        """A word the typesetter prints itself, from content/report.yaml labels."""
        return str((self.report.meta.get("labels") or {}).get(name, ""))

    def image(self, name: str, where: Mark | None) -> Any:
        """A checked image from images/ (errors at the block's line)."""
        from ..assets.images import load_image
        image = load_image(self.images_dir, name, where, self.errors)
        trace = self.ctx.trace
        if trace is not None and image is not None:     # (a taped segment's: see there)
            import os

            from ..assets.cache import file_stamp
            try:
                trace.images[str(image.path)] = file_stamp(os.stat(image.path))
            except OSError:
                trace.images[str(image.path)] = ()
        return image

    def section_pages(self, key: str) -> tuple[int, int]:
        """First and last page of the section an anchor opens (last pass's pages)."""
        start = self.ctx.page_num(key)
        i = self._section_index().get(key)
        if i is None:
            return start, start
        level = self.sections[i][1]
        end = None
        for k, lvl in self.sections[i + 1:]:
            if lvl <= level:
                end = self._before(k)
                break
        if end is None:
            end = self._before("back-cover")
            if end is None:
                end = start
        return start, max(start, end)

    def _before(self, key: str) -> int | None:
        """The page content before an anchor ended on (None: no such anchor),
        read by the segment being taped (paginate.segments.Trace.reads)."""
        page = self.ctx.before.get(key)
        trace = self.ctx.trace
        if trace is not None:
            trace.reads[("before", key)] = page
        return page

    def placed_image(self, image: Any, width: float) -> tuple[Any, float]:
        """The image prepared for this edition at a placed width, and its ppi."""
        from ..assets.images import placed
        return placed(image, width, self.edition, self.cache, self.say, self.layout_dir)
