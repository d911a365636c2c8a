"""Full-page components: the cover, chapter openers and the back cover."""
from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import artifact, marked, tagged
from ..source.content import Block
from ..text.inline import plain
from ..text.paragraph import Paragraph
from .base import Rule
from .context import Composer
from .images import QRCode


class FullPage(Flowable):
    """A page-filling composition drawn in page coordinates (bleed included)."""

    def __init__(self, c: Composer, background: str, accent: str,
                 center: list[float] | None = None) -> None:
        super().__init__()
        self.c = c
        self.orn = c.layout.components["ornament"]
        self.center = center or self.orn["center"]
        self.bg, self.accent = c.color(background), c.color(accent)
        self.pw, self.ph = c.layout.page_size
        self.bleed = c.layout.bleed
        self.parts: list[tuple[Flowable, float, float, float]] = []   # (f, x, top, width)
        self.photo: tuple[Flowable, float, float] | None = None        # (photo, x, y)
        self.photo_box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1
        self.names: list[str] = []          # what each of parts is, for messages
        self.low = self.ph                  # the lowest bottom of what is placed

    def put(self, f: Flowable, x: float, top: float, width: float, name: str = "") -> float:
        """Put a flowable with its top at `top`; returns its bottom. (Not named
        `place`: that is what a flowable's placing tells a measured page, see
        paginate.document.MeasureFrame.) `name`: what it is, in a message."""
        _, h = f.wrap(width, self.ph)
        self.parts.append((f, x, top, width))
        self.names.append(name)
        self.low = min(self.low, top - h)
        return top - h

    def check_fits(self, c: Composer, b: Block, what: str) -> None:
        """Text set down the page must end inside page.safety: a long title or
        a long list of sections ran off the page (preflight failed at no line)."""
        over = c.layout.safety - self.low
        if over > 0.01:
            c.errors.error(b.mark, f"the text of this {b.type} page runs {over / 72 * 25.4:.0f} mm "
                           f"past the foot of the page", f"shorten {what}")

    def check_clear_of_photo(self, c: Composer, where: Any, settings: str) -> None:
        """Text set on the page's photo is a warning at `where` (the layout
        setting that places the text): the same title_at and image_box that
        keep an A4 cover's slogan above its photo set it on the photo on an
        A5 page (the title block keeps its size in points, the box is a
        fraction of the page), white text on a sky nobody chose for it."""
        if self.photo_box is None:
            return
        px0, py0, px1, py1 = self.photo_box
        for (f, x, top, width), name in zip(self.parts, self.names):
            ink = _text_ink(f, x, top, width)
            if not name or ink is None:
                continue
            x0, y0, x1, y1 = ink
            deep = min(y1, py1) - max(y0, py0)
            if min(x1, px1) - max(x0, px0) > 0.5 and deep > 0.5:
                c.errors.warn(where, f"the {name} is set {deep / 72 * 25.4:.0f} mm into the "
                              f"photo of this page (image_box), text on a picture",
                              f"set {settings}, or make the image_box smaller")
                return

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.pw, self.ph
        return self.pw, self.ph

    def draw(self) -> None:
        c = self.canv
        b = self.bleed
        with artifact(c, "Background"):
            c.saveState()
            clip = c.beginPath()       # nothing beyond the bleed (the slug holds the marks)
            clip.rect(-b, -b, self.pw + 2 * b, self.ph + 2 * b)
            c.clipPath(clip, stroke=0, fill=0)
            c.setFillColor(self.bg)
            c.rect(-b, -b, self.pw + 2 * b, self.ph + 2 * b, stroke=0, fill=1)
            self.ornament(c)
            if self.photo is not None:     # a cover photo: part of the page's design
                photo, px, py = self.photo
                photo.wrap(0, 0)
                photo.drawOn(c, px, py)
            c.restoreState()
        for f, x, top, width in self.parts:
            f.wrap(width, self.ph)
            f.drawOn(c, x, top - f.height)

    def set_photo(self, c: Composer, b: Block, comp: Any) -> None:
        """The block's image filling a box given in fractions of the page
        (x, y from the bottom left, width, height); a side on the page's edge
        runs on into the bleed, so the photo is trimmed, never framed by paper."""
        from .images import Photo

        box = comp.get("image_box")
        if not (isinstance(box, list) and len(box) == 4 and
                all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in box) and
                box[0] + box[2] <= 1 and box[1] + box[3] <= 1):
            c.errors.error(c.layout.files[0] if c.layout.files else b.mark_of("image"),
                           "image_box must be [x, y, width, height], fractions of the page "
                           "that stay on it", "e.g. image_box: [0, 0, 1, 0.3] (the bottom "
                           "30 %) in the layout's cover or back_cover settings")
            return
        x0, y0 = self.pw * float(box[0]), self.ph * float(box[1])
        x1, y1 = x0 + self.pw * float(box[2]), y0 + self.ph * float(box[3])
        eps = 0.01
        x0 = -self.bleed if x0 <= eps else x0
        y0 = -self.bleed if y0 <= eps else y0
        x1 = self.pw + self.bleed if x1 >= self.pw - eps else x1
        y1 = self.ph + self.bleed if y1 >= self.ph - eps else y1
        photo = Photo(c, str(b.get("image")), x1 - x0, y1 - y0, b.mark_of("image"))
        self.photo = (photo, x0, y0)
        self.photo_box = (x0, y0, x1, y1)

    def rings(self) -> list[tuple[float, float, float, float]]:
        """The ornament's circles: (line width, centre x, centre y, radius),
        resolved from the layout (what ornament draws, and what a page's
        replay key lists: paginate.replay)."""
        o, pt = self.orn, self.c.pt
        cx, cy = self.center
        return [(pt(o["width"]) - i * pt(o["step"]), self.pw * cx, self.ph * cy,
                 self.pw * (float(o["radius"]) + float(o["spacing"]) * i))
                for i in range(int(o["rings"]))]

    def ornament(self, c: Any) -> None:
        """Concentric arcs in the accent colour: the report's graphic motif."""
        c.setStrokeColor(self.accent)
        for width, x, y, r in self.rings():
            c.setLineWidth(width)
            c.circle(x, y, r, stroke=1, fill=0)


def cover(c: Composer, b: Block) -> list[Flowable]:
    """The front cover: a logo slot (the publisher's name until a logo is
    set), a white rule, then the title block (year, title, slogan) over arcs
    placed apart from the chapter openers'."""
    comp = c.layout.components["cover"]
    page = FullPage(c, comp["background"], comp["accent"], comp.get("ornament_center"))
    if b.get("image"):
        page.set_photo(c, b, comp)
    m = c.layout.margins
    x, w = m["outer"], page.pw - 2 * m["outer"]
    top = page.ph - m["top"]
    slot_w, slot_h = (c.pt(v) for v in comp["logo"])
    name = str(c.report.meta.get("publisher") or c.report.meta.get("author") or "")
    page.put(LogoSlot(c, name, slot_w, slot_h), x, top, w)
    rule_y = top - slot_h - c.len("cover", "rule_gap")
    page.put(Rule(w, c.len("cover", "rule_width"), c.color(comp["rule_color"])), x, rule_y, w)
    y = page.ph * float(comp["title_at"])
    if y > rule_y - c.len("cover", "rule_gap"):       # the title block over the logo slot
        c.errors.error(_layout_mark(c, "cover", "title_at"),
                       f"components.cover.title_at {comp['title_at']} sets the title over the "
                       f"logo slot", f"at most {(rule_y - c.len('cover', 'rule_gap')) / page.ph:.2f} "
                       "on this page, or a smaller components.cover.logo")
    y = page.put(Paragraph(str(b.get("year", "")), c.layout.style("cover-year"), c.ctx), x, y, w,
                 "year")
    y = page.put(display_title(c, b.value, "cover-title"), x, y - 6, w, "title")
    y -= c.len("cover", "slogan_gap")
    for line in b.get("slogan") or []:
        y = page.put(Paragraph(str(line), c.layout.style("cover-slogan"), c.ctx), x, y, w,
                     "slogan")
    page.check_fits(c, b, "the title or the slogan, or set components.cover.title_at higher")
    page.check_clear_of_photo(c, _layout_mark(c, "cover", "title_at"),
                              "components.cover.title_at higher, a shorter title or slogan")
    return [page]


def _text_ink(f: Flowable, x: float, top: float, width: float
              ) -> tuple[float, float, float, float] | None:
    """Where a full page's text puts ink (x0, y0, x1, y1): its lines' em boxes
    (the half-leading above and below is paper), as wide as the longest line
    when it is set flush left. None for what is not text."""
    paras = f.lines if isinstance(f, TitleLines) else [f] if isinstance(f, Paragraph) else []
    if not paras:
        return None
    first, last = paras[0].style, paras[-1].style
    height = sum(p.height for p in paras)
    y1 = top - (first.leading - first.size) / 2
    y0 = top - height + (last.leading - last.size) / 2
    if all(getattr(p, "align", p.style.align) == "left" for p in paras):
        width = min(width, max((ln.natural for p in paras for ln in p.lines), default=0.0) +
                    max(float(getattr(p, "indent", 0) or 0) for p in paras))
    return x, y0, x + width, y1


def display_title(c: Composer, text: str, style: str) -> Flowable:
    """A cover's or chapter opener's title, the page's heading (H1): one
    paragraph, or where its writer typed line breaks ("\\n" in quotes, or a
    `|` block) a TitleLines."""
    lines = [t.strip() for t in str(text).split("\n") if t.strip()]
    if len(lines) < 2:
        title = Paragraph(text, c.layout.style(style), c.ctx)
        title.role = "H1"
        return title
    return TitleLines([Paragraph(t, c.layout.style(style), c.ctx) for t in lines])


class TitleLines(Flowable):
    """A display title in the lines its writer typed, each broken further
    only where the measure needs it: the typesetter alone broke a company's
    long name where the characters ran out ('…与基础设 / 施投资…二 / 〇二五年度'),
    and the line break typed to prevent it was joined away unsaid. One
    heading for a reader (the lines' text marked inside one H1); everywhere
    else the title is read as one line (contents, bookmarks, running heads)."""

    def __init__(self, lines: list[Paragraph]) -> None:
        super().__init__()
        self.lines = lines
        for p in lines:
            p.role = None            # (marked inside the H1 this draws)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, sum(p.wrap(aw, ah)[1] for p in self.lines)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        with tagged(self.canv, "H1"):
            for p in self.lines:
                y -= p.height
                p.drawOn(self.canv, 0, y)


def _layout_mark(c: Composer, component: str, key: str) -> Any:
    """Where a component's setting is written in layout/ (else the layout file)."""
    node: Any = c.layout.raw
    where: Any = c.layout.files[0] if c.layout.files else None
    for k in ("components", component, key):
        if not hasattr(node, "mark_of") or k not in node:
            break
        where, node = node.mark_of(k), node[k]
    return where


class LogoSlot(Flowable):
    """The place of the logo on the cover: the publisher's name set as a
    wordmark, left and vertically centred in the slot. A name longer than the
    slot is set smaller, down to LOGO_LEAST of its style's size, on one line
    if it can be, else on lines made even: a bank's '华衡银行股份有限公司'
    broke as '华衡银行股份有 / 限公司', two lines of 20 pt in a 12 mm slot."""

    def __init__(self, c: Composer, name: str, width: float, height: float) -> None:
        super().__init__()
        self.slot_w, self.slot_h = width, height
        self.text = self._fitted(c, name)

    def _fitted(self, c: Composer, name: str) -> Paragraph:
        import dataclasses

        style = c.layout.style("cover-logo")
        tried: list[Paragraph] = []
        for lines in (1, 2):
            size = style.size
            while size >= style.size * LOGO_LEAST - 0.01:
                st = dataclasses.replace(style, size=size,
                                         leading=style.leading * size / style.size,
                                         balance=lines > 1)
                p = Paragraph(name, st, c.ctx, indent=0, space_before=0, space_after=0)
                _, h = p.wrap(self.slot_w, 1e6)
                if h <= min(self.slot_h, lines * st.leading) + 0.01:
                    return p
                tried.append(p)
                size -= 0.5
        c.errors.warn(_layout_mark(c, "cover", "logo"),
                         f"the publisher's name '{name}' does not fit the cover's logo slot "
                         f"even at {LOGO_LEAST:.0%} of style cover-logo's size: it is set "
                         "beyond the slot", "make components.cover.logo larger, or set a "
                         "shorter 'publisher:' in content/report.yaml")
        return tried[-1]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.slot_w, self.slot_h
        return self.width, self.height

    def draw(self) -> None:
        _, h = self.text.wrap(self.slot_w, self.slot_h)
        self.text.drawOn(self.canv, 0, (self.slot_h - h) / 2)


LOGO_LEAST = 0.6      # a wordmark set smaller than this would no longer read as one


def back_cover(c: Composer, b: Block) -> list[Flowable]:
    """The back cover: closing text, the URL printed and as a scannable QR code."""
    comp = c.layout.components["cover"]
    page = FullPage(c, comp["background"], comp["accent"],
                    c.layout.components["back_cover"].get("ornament_center"))
    bc = c.layout.components["back_cover"]
    if b.get("image"):
        page.set_photo(c, b, bc)
    m = c.layout.margins
    x, w = m["outer"], page.pw - 2 * m["outer"]
    y = page.ph * float(bc["text_at"])
    y = page.put(Paragraph(b.value, c.layout.style("back-text"), c.ctx), x, y, w, "text")
    y = page.put(Paragraph(str(b.get("url")), c.layout.style("back-text"), c.ctx), x, y, w,
                 "address")
    qr = QRCode(str(b.get("url")), c.len("back_cover", "qr_size"), c.color(bc["qr_color"]),
                c.ctx)
    tile = QRWhite(qr, c.len("back_cover", "qr_padding"), c.color("white"))
    y = page.put(tile, x, y - c.len("back_cover", "qr_gap"), w)
    for line in b.get("qr_label") or []:
        y = page.put(Paragraph(str(line), c.layout.style("back-text"), c.ctx), x, y - 2, w,
                     "QR code's label")
    page.check_fits(c, b, "its text, or set components.back_cover.text_at higher")
    page.check_clear_of_photo(c, _layout_mark(c, "back_cover", "text_at"),
                              "components.back_cover.text_at higher")
    return [page]


class QRWhite(Flowable):
    """A QR code on a white tile (scanners need the light quiet zone)."""

    def __init__(self, qr: QRCode, pad: float, paper: Any) -> None:
        super().__init__()
        self.qr, self.pad, self.paper = qr, pad, paper

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        s = self.qr.size + 2 * self.pad
        self.width = self.height = s
        return s, s

    def draw(self) -> None:
        with artifact(self.canv):
            self.canv.setFillColor(self.paper)
            self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        self.qr.wrap(0, 0)
        self.qr.drawOn(self.canv, self.pad, self.pad)


def chapter_opener(c: Composer, b: Block, key: str, sections: list[tuple[str, str]]
                   ) -> list[Flowable]:
    """The opener: number, label, title and the chapter's parts with their
    (live) page numbers, each a link."""
    comp = c.layout.components["chapter"]
    page = FullPage(c, comp["background"], comp["accent"])
    m = c.layout.margins
    inset = c.len("chapter", "inset")
    x, w = m["inner"] + inset, page.pw - m["inner"] - m["outer"] - inset
    y = page.ph - m["top"] - c.len("chapter", "top")
    number = Paragraph(str(b.get("number")), c.layout.style("chapter-number"), c.ctx)
    said_once = plain(str(b.value)) == plain(str(b.get("number") or ""))
    if said_once:           # the number is the title (附录): it is the heading
        number.role = "H1"
    y = page.put(number, x, y, w)
    if b.get("label"):
        y = page.put(Paragraph(b.get("label"), c.layout.style("chapter-label"), c.ctx), x, y - 8, w)
    if not said_once:
        y = page.put(display_title(c, b.value, "chapter-title"), x, y - 6, w)
    y -= c.len("chapter", "sections_gap")
    for title, target in sections:
        entry = SectionEntry(c, title, target, key)
        y = page.put(entry, x, y, w)
    page.check_fits(c, b, f"the title, or the {len(sections)} sections it lists (its headings "
                    "of the running head's level: fewer of them, or shorter)")
    return [page]


class SectionEntry(Flowable):
    """A part listed on a chapter opener: its page number, then its title."""

    def __init__(self, c: Composer, title: str, key: str, chapter: str = "") -> None:
        super().__init__()
        self.c, self.key, self.chapter = c, key, chapter
        self.style = c.layout.style("chapter-section")
        self.num_w = c.len("chapter", "number_width", self.style.size)
        self.title = Paragraph(title, self.style, c.ctx, indent=0, align="left",
                               space_before=0, space_after=0)
        self.title.role = None            # part of the entry's Link
        c.ctx.claim(self.style, "0123456789")

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h = self.title.wrap(aw - self.num_w, ah)
        self.width, self.height = aw, h
        return aw, h

    def draw(self) -> None:
        from ..text.paragraph import DESCENT

        st, ctx, canv = self.style, self.c.ctx, self.canv
        with tagged(canv, "TOC", ("opener", self.chapter)), tagged(canv, "TOCI"), \
                tagged(canv, "Link"):
            with marked(canv):
                canv.setFont(ctx.psnames[st.font], st.size)
                canv.setFillColor(ctx.color(st.color))
                y = self.height - st.leading + (st.leading - st.size) / 2 + DESCENT * st.size
                canv.drawString(0, y, ctx.page_of(self.key))
            self.title.drawOn(canv, self.num_w, 0)
            last = self.title.lines[-1]
            ctx.link(canv, self.key, (0, 0, self.num_w + last.natural, self.height),
                     contents=f"{self.title.text} {ctx.page_of(self.key)}")
