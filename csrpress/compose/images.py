"""Photos (cover-fit into a frame, or a designed empty frame) and QR codes."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.graphics import renderPDF
from reportlab.platypus.flowables import Flowable

from ..errors import Mark
from ..pdf.tagging import artifact, marked, tagged
from ..text.inline import read
from .base import paint_box
from .context import Composer


class Photo(Flowable):
    """An image scaled to its frame (cropped to fill it, or whole inside it for
    `fit: contain`); without one, a tinted frame."""

    def __init__(self, c: Composer, name: str | None, width: float | None, height: float,
                 where: Mark | None = None, background: Any = None, frame: Any = None,
                 frame_width: float = 0.5, alt: str = "", fit: str = "cover") -> None:
        super().__init__()
        self.fit = fit            # cover: fill the frame, cropped; contain: all of it, centred
        self.alt_text = alt       # the Figure's alternative text as written (see alt)
        self.w, self.h = width, height
        self.background, self.frame, self.frame_width = background, frame, frame_width
        self.image = None
        self.c, self.name, self.where = c, name, where
        if name:
            self.image = c.image(str(name), where)
        self._prepared: tuple[Any, ...] | None = None     # (size, reader, dw, dh)

    @property
    def alt(self) -> str:
        """The Figure's alternative text (tagged editions), markup removed and
        page references as the pages now print them (they were dropped:
        "详见第页"; a written alt: printed as typed, "{{page:waste}}")."""
        return read(self.alt_text, self.c.ctx.page_of)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # never wider than its column or card: a photo_width wider than the
        # card takes the card's width (the height stays; the photo is cropped)
        # (a full page places its photo with wrap(0, 0): no column to keep within)
        self.width = (min(self.w, aw) if aw > 0 else self.w) if self.w else aw
        self.height = self.h
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        if self.image is None:     # no photo (a proof's choice): a frame marked FPO
            paint_box(c, self.width, self.height, self.background, self.frame, self.frame_width)
            if self.frame is not None:
                with artifact(c):
                    _fpo(c, self.width, self.height, self.frame)
            return
        reader, dw, dh = self.prepared()
        with marked(c, "Figure", Alt=self.alt):
            c.saveState()
            p = c.beginPath()
            p.rect(0, 0, self.width, self.height)
            c.clipPath(p, stroke=0, fill=0)
            c.drawImage(reader, (self.width - dw) / 2, (self.height - dh) / 2, dw, dh)
            c.restoreState()


    def prepared(self) -> tuple[Any, float, float]:
        """The image as this edition places it at the photo's wrapped size:
        (reader, drawn width, drawn height), prepared once per size, a ppi
        below the edition's warned of (once: warnings are kept once). Asked
        before the page is drawn or replayed (paginate.replay's key reads
        it), so a replayed page warns as a drawn one."""
        size = (self.width, self.height)
        if self._prepared is None or self._prepared[0] != size:
            iw, ih = self.image.size
            pick = min if self.fit == "contain" else max
            scale = pick(self.width / iw, self.height / ih)
            dw, dh = iw * scale, ih * scale
            reader, ppi = self.c.placed_image(self.image, dw)
            if ppi < self.c.edition.min_image_ppi:
                self.c.errors.warn(self.where, f"image '{self.name}' is {ppi:.0f} ppi at its "
                                   f"placed size ({self.c.edition.name} needs ≥ "
                                   f"{self.c.edition.min_image_ppi:.0f})",
                                   "use a larger image or place it smaller")
            self._prepared = (size, reader, dw, dh)
        return self._prepared[1], self._prepared[2], self._prepared[3]


def _fpo(c: Any, w: float, h: float, color: Any) -> None:
    """Diagonals across a frame with no photo: the printer's mark for a
    placeholder ("for position only"), which no one mistakes for a design."""
    c.setStrokeColor(color)
    c.setLineWidth(0.5)
    c.line(0, 0, w, h)
    c.line(0, h, w, 0)


class QRCode(Flowable):
    """A vector QR code for a URL."""

    def __init__(self, url: str, size: float, color: Any = None, ctx: Any = None) -> None:
        super().__init__()
        self.url, self.size, self.color, self.ctx = url, size, color, ctx

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.height = min(self.size, aw) if aw > 0 else self.size
        return self.width, self.height

    def draw(self) -> None:
        modules, b = qr_modules(self.url, self.color)
        bw, bh = b[2] - b[0], b[3] - b[1]
        size = getattr(self, "width", self.size)     # (as wrapped: within its card)
        d = Drawing(size, size, transform=[size / bw, 0, 0, size / bh, 0, 0])
        d.add(modules)
        with tagged(self.canv, "Link"):     # Link > Figure (alt: the URL it encodes)
            with marked(self.canv, "Figure", Alt=self.url):
                renderPDF.draw(d, self.canv, 0, 0)
            if self.ctx is not None:
                self.ctx.link(self.canv, None, (0, 0, size, size), self.url)


def qr_modules(url: str, color: Any) -> tuple[Any, tuple[float, float, float, float]]:
    """The QR code of a URL as drawn shapes, and their bounds: encoding it
    (ReportLab's widget encoded it twice a draw, for its bounds and its
    shapes) is kept for the session, by URL and colour."""
    from ..session import current

    held = current().qr_codes
    key = (url, repr(color))
    found = held.get(key)
    if found is None:
        # imported here, and without the rest of ReportLab's barcode package
        # (all its symbologies, ~10 ms: rlimport.qr_widget): needed only when
        # a QR code is encoded, not to compose
        from ..rlimport import qr_widget

        w = qr_widget()(url, barBorder=0)
        if color is not None:
            w.barFillColor = color
        group = w.draw()
        found = held[key] = (group, group.getBounds())
    return found


# a URL of at most this many bytes fits a QR code (version 40 holds 1,273
# bytes at its highest error correction, 2,953 at its lowest)
QR_SURE_BYTES = 1000


def check_url(raw: Any, errors: Any) -> bool:
    """A block's url: must fit a QR code (a longer one was an internal error,
    'code length overflow', when the page was drawn)."""
    url = raw.get("url")
    if not isinstance(url, str) or len(url.encode("utf-8")) <= QR_SURE_BYTES:
        return True
    from ..rlimport import qr_widget

    try:
        qr_widget()(url, barBorder=0).draw()
    except Exception:  # noqa: BLE001 - (the encoder says only "code length overflow")
        errors.error(raw.mark_of("url"), f"this URL is {len(url.encode('utf-8')):,} bytes: "
                     "more than a QR code holds", "give a shorter link (e.g. from a URL shortener)")
        return False
    return True


def qr_plain(found: tuple[Any, tuple[float, ...]]) -> tuple | None:
    """A QR code of qr_modules as plain values, for the project cache: each
    module rectangle's attributes, the group's transform, the bounds. (The
    group itself pickles with ReportLab's barcode classes, whose import is
    most of what keeping it saves.) None: not the shape qr_modules makes."""
    from reportlab.graphics.shapes import Group, Rect

    group, bounds = found
    if type(group) is not Group or not all(isinstance(r, Rect) for r in group.contents):
        return None
    return (tuple(tuple(vars(r).items()) for r in group.contents),    # (in order: drawn so)
            tuple(group.transform), tuple(bounds))


def qr_from_plain(plain: tuple) -> tuple[Any, tuple[float, ...]]:
    """What qr_plain kept, as qr_modules returns it: a group of rectangles
    with the very attributes of the encoded ones (ReportLab draws a Rect and
    the barcode's SRect, a Rect made with fixed arguments, alike)."""
    from reportlab.graphics.shapes import Group, Rect

    rects, transform, bounds = plain
    shapes = []
    for attrs in rects:
        r = Rect.__new__(Rect)
        r.__dict__.update(attrs)
        shapes.append(r)
    group = Group(*shapes)
    group.transform = transform
    return group, tuple(bounds)
