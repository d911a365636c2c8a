"""Palette names → the colours written into the PDF, per edition."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from ..source.layout import Layout


def color_fn(layout: Layout, edition: Any, profile: Any = None) -> Callable[[str], Any]:
    """Palette name → ReportLab colour (CMYK for print, RGB for screen).

    The screen shows a CMYK colour as the print edition's output profile
    renders it (so both editions agree), unless the palette entry gives its
    own screen colour (rgb: [R, G, B]) or the edition's palette overrides it
    (e.g. a darker orange that passes WCAG contrast on screen).
    """
    from reportlab.lib.colors import CMYKColor, Color

    if isinstance(edition, str):           # a bare colour model: no edition overrides
        from types import SimpleNamespace
        edition = SimpleNamespace(colour=edition, palette=None)
    cache: dict[str, Any] = {}
    overrides = getattr(edition, "palette", None) or {}

    def color(name: str) -> Any:
        if name not in cache:
            cmyk = layout.palette[name]
            if edition.colour == "cmyk":
                cache[name] = CMYKColor(*cmyk)
            elif name in overrides:
                r, g, b = overrides[name]
                cache[name] = Color(r / 255, g / 255, b / 255)
            elif name in layout.screen_rgb:
                cache[name] = Color(*layout.screen_rgb[name])
            else:
                r, g, b = screen_rgb(cmyk, profile)
                cache[name] = Color(r / 255, g / 255, b / 255)
        return cache[name]

    return color


def screen_rgb(cmyk: tuple[float, ...], profile: Any) -> tuple[int, int, int]:
    """A palette colour on screen: through the output profile (the plain
    R = (1−C)(1−K) rule when there is none)."""
    if profile is None:
        c, m, y, k = cmyk
        return (round(255 * (1 - c) * (1 - k)), round(255 * (1 - m) * (1 - k)),
                round(255 * (1 - y) * (1 - k)))
    from ..assets.colour import screen_rgb as through

    return through(cmyk, profile)
