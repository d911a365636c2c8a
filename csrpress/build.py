"""The pipeline: load → resolve assets → compose → paginate (passes) → write.

Every stage collects diagnostics; the first stage with errors stops the build
before anything is written, so the last good PDF in dist/ stays as it was.
"""
from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .assets.cache import atomic_write, cache_dir, digest, load_pickle, save_pickle
from .assets.fonts import Fonts, load_fonts
from .errors import BuildError, Collector
from .source.content import Report, block_texts, load_report
from .source.layout import Layout, load_layout
from .text.paragraph import TextContext
from .text.shaping import Spacing

MAX_PASSES = 6


@dataclass
class BuildResult:
    """What a build produced, for the CLI and the tests."""

    pdf: Path
    pages: int
    passes: int
    anchors: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Any] = field(default_factory=list)
    lines: list[Any] | None = None
    gri: dict[str, list[str]] = field(default_factory=dict)   # code → anchor keys


@dataclass
class Project:
    """The folders a build reads and writes."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def layout(self) -> Path:
        return self.root / "layout"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def images(self) -> Path:
        return self.root / "images"

    @property
    def dist(self) -> Path:
        return self.root / "dist"


def load(project: Project) -> tuple[Report, Layout, Fonts, Collector]:
    """Load and validate content, layout and fonts; raise with all errors."""
    errors = Collector()
    report = load_report(project.content, errors)
    layout = load_layout(project.layout, errors)
    errors.raise_if_errors()
    assert report is not None and layout is not None
    fonts = load_fonts(layout, project.fonts, cache_dir(project.root), errors)
    errors.raise_if_errors()
    assert fonts is not None
    check_glyphs(report, fonts, errors)
    errors.raise_if_errors()
    return report, layout, fonts, errors


def check_glyphs(report: Report, fonts: Fonts, errors: Collector) -> None:
    """Every character must be in the font: report the first place of each."""
    seen: set[str] = set()
    for block in report.blocks:
        for text, where in block_texts(block):
            for ch in set(text) - seen:
                seen.add(ch)
                if fonts.missing(ch):
                    errors.error(where, f"the font has no glyph for '{ch}' (U+{ord(ch):04X})",
                                 "replace the character, or set a font that has it in layout/")


def color_fn(layout: Layout, edition: str) -> Callable[[str], Any]:
    """Palette name → ReportLab colour (CMYK for print, RGB for screen)."""
    from reportlab.lib.colors import CMYKColor, Color

    cache: dict[str, Any] = {}

    def color(name: str) -> Any:
        if name not in cache:
            c, m, y, k = layout.palette[name]
            if edition == "print":
                cache[name] = CMYKColor(c, m, y, k)
            else:   # naive conversion; documented in README (Colour)
                cache[name] = Color((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        return cache[name]

    return color


def build(project: Project, edition: str = "screen", progress: Callable[[str], None] | None = None,
          record_lines: bool = False) -> BuildResult:
    """Build one edition into dist/ (atomically)."""
    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    report, layout, fonts, errors = load(project)
    t_load = time.perf_counter()
    cache = cache_dir(project.root)
    layout_key = digest(sorted((p.name, p.stat().st_mtime_ns) for p in layout.files))
    breaks_path = cache / f"breaks-{layout_key}.pickle"
    break_cache = load_pickle(breaks_path) or {}
    pages_path = cache / f"pages-{edition}.pickle"
    guess = load_pickle(pages_path)
    if not (isinstance(guess, tuple) and len(guess) == 2):
        guess = ({}, {})     # no (or an older kind of) page map: start from nothing
    ctx = TextContext(fonts, color_fn(layout, edition), layout.inline, _spacing(layout),
                      break_cache=break_cache,
                      psnames={f: fonts.psname(f) for f in fonts.faces})
    from .compose.context import Composer
    from .compose.report import compose
    from .paginate.decor import make_decorator
    from .paginate.document import ReportDoc

    from reportlab import rl_config

    rl_config.useA85 = 0     # binary streams: smaller and faster than ASCII85
    title = str(report.meta["title"])
    decorate = make_decorator(layout, ctx, title)
    fonts["regular"].used.update(title)
    data = b""
    passes = 0
    anchors: dict[str, int] = {}
    timing: dict[str, float] = {"load": t_load - t0}
    for passes in range(1, MAX_PASSES + 1):
        ctx.pages, ctx.before = guess
        ctx.line_log = [] if record_lines else None
        composer = Composer(layout, ctx, errors, report, images_dir=project.images)
        t = time.perf_counter()
        flowables = compose(composer)
        errors.raise_if_errors()
        timing["compose"] = timing.get("compose", 0) + time.perf_counter() - t
        if passes == 1:
            t = time.perf_counter()
            fonts.register(say)
            _default_graphics_font(ctx.psnames["regular"])
            timing["fonts"] = time.perf_counter() - t
        t = time.perf_counter()
        buf = io.BytesIO()
        doc = ReportDoc(buf, layout, decorate, title=title, author=str(report.meta.get("author", "")),
                        subject=str(report.meta.get("subject", "")),
                        keywords=[str(k) for k in report.meta.get("keywords") or []],
                        creator="csrpress", producer="csrpress (ReportLab)",
                        lang=str(report.meta.get("language", "zh-CN")),
                        displayDocTitle=1, invariant=1, pageCompression=1,
                        initialFontName=ctx.psnames["regular"], initialFontSize=10)
        labels = report.meta.get("labels") or {}
        doc.build(flowables, canvasmaker=_canvas_maker(str(labels.get("cover_page", "")),
                                                       str(labels.get("back_page", ""))))
        timing["paginate"] = timing.get("paginate", 0) + time.perf_counter() - t
        anchors = dict(doc.state.anchors)
        data = buf.getvalue()
        found = (anchors, dict(doc.state.before))
        if found == guess:
            break
        guess = found
    else:
        raise BuildError([_not_converged()])
    out = project.dist / f"{report.meta['output']}.pdf"
    atomic_write(out, data)
    save_pickle(pages_path, guess)
    if ctx.new_breaks or len(break_cache) != len(ctx.used_breaks):
        save_pickle(breaks_path, {k: v for k, v in break_cache.items() if k in ctx.used_breaks})
    for face in fonts.faces.values():
        face.save_metrics()
    timing["total"] = time.perf_counter() - t0
    gri: dict[str, list[str]] = {}
    for code, key in composer.gri_tags:
        gri.setdefault(code, []).append(key)
    return BuildResult(out, doc.page, passes, anchors, timing, errors.warnings, ctx.line_log, gri)


def _spacing(layout: Layout) -> Spacing:
    from .source.layout import to_points

    t = layout.text
    return Spacing(han_latin=to_points(t.get("han_latin_gap", "0.25em"), 1.0),
                   han_latin_min=to_points(t.get("han_latin_gap_min", "0.125em"), 1.0),
                   stretch=to_points(t.get("max_stretch", "0.25em"), 1.0) / 2,
                   end_compress=bool(t.get("punct_end_compress", True)))


def _default_graphics_font(psname: str) -> None:
    """reportlab.graphics starts every drawing in Helvetica (an unembedded
    Type 1 font a print shop rejects); make its default our embedded face."""
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = psname


def _canvas_maker(cover_label: str, back_label: str) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    class ReportCanvas(Canvas):
        """Opens with the bookmarks panel; page labels match the printed folios
        (the folio is the physical page number; the covers get names)."""

        def save(self) -> None:
            self.showOutline()
            n = self.getPageNumber() - 1      # pages written
            self.addPageLabel(0, prefix=cover_label)
            self.addPageLabel(1, style="D", start=2)
            if n > 2:
                self.addPageLabel(n - 1, prefix=back_label)
            super().save()

    return ReportCanvas


def _not_converged() -> Any:
    from .errors import Diagnostic
    return Diagnostic(None, f"page numbers did not settle after {MAX_PASSES} passes",
                      "a TOC or index entry keeps moving pages; check content near the "
                      "table of contents and indexes")
