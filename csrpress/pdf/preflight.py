"""Preflight: check a written edition the way a print shop (or a website) would.

Errors fail the build (nothing is written); warnings are reported. Checks:
fonts embedded and subset (no Type 3); page boxes on every page with
MediaBox ⊇ BleedBox ⊇ TrimBox; colour spaces (print: no RGB operators or RGB
images); image resolution; no text within the safety margin of the trim;
page count a multiple of the edition's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Diagnostic
from .printcheck import check_pdfx, page_colour, report_colour

_RGB_OP = re.compile(rb"(?:^|\s)(?:-?[\d.]+\s+){3}(rg|RG)(?=\s)")


@dataclass
class Preflight:
    """What the check found: errors, warnings and facts for the manifest."""

    edition: str
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    keys: set[tuple] = field(default_factory=set)

    def error(self, message: str, hint: str) -> None:
        self.errors.append(Diagnostic(None, f"preflight ({self.edition}): {message}", hint))

    def warn(self, message: str, hint: str) -> None:
        self.warnings.append(Diagnostic(None, f"preflight ({self.edition}): {message}", hint,
                                        "warning"))

    def summary(self) -> str:
        f = self.facts
        return (f"preflight {self.edition}: {f.get('pages')} pages, "
                f"{len(f.get('fonts', []))} fonts embedded and subset, "
                f"boxes {'ok' if f.get('boxes_ok') else 'WRONG'}, "
                f"colour {f.get('colour')}, {len(f.get('images', []))} images"
                f"{' (min ' + str(f['min_ppi']) + ' ppi)' if f.get('min_ppi') else ''}, "
                + (f"{f['standard']} for {f.get('output_intent')}, " if f.get("standard") else "")
                + (f"max ink {f['max_ink']['vector']:g} % (photos "
                   f"{f['max_ink']['images']:g} %), " if f.get("max_ink") else "")
                + ("text contrast AA ok, " if f.get("contrast_failures") == 0 else "")
                + f"{len(self.errors)} errors, {len(self.warnings)} warnings")


# Page checks depend only on what the page draws: a page whose rendering
# fingerprint was checked before (same edition and limits) is not read again.
# Page results (tuples) and whole-file results are kept in the build session.

def _checked() -> dict[tuple, Any]:
    from ..session import current

    return current().preflight


def load_checked(path: Any) -> None:
    """Page results of earlier builds (the cache directory keeps them)."""
    from ..assets.cache import load_pickle

    checked = _checked()
    if not checked:
        checked.update(load_pickle(path, dict) or {})


def save_checked(path: Any, keep: set[tuple]) -> None:
    from ..assets.cache import save_pickle

    save_pickle(path, {k: v for k, v in _checked().items() if k in keep})


def preflight(data: bytes, layout: Any, edition: Any, report: Any,
              page_hashes: list[str] | None = None) -> Preflight:
    """Check an edition's PDF bytes; a byte-identical file checked before is not read again."""
    import hashlib

    limits = (edition.name, edition.colour, edition.page_multiple, edition.bleed,
              edition.links, layout.safety, layout.page_size, layout.bleed,
              getattr(edition, "standard", ""), getattr(edition, "ink_limit", 300.0))
    whole = ("file", hashlib.sha256(data).hexdigest(), limits)
    checked = _checked()
    done = checked.get(whole)
    if isinstance(done, Preflight):    # the very same file was checked before
        done.keys = {whole} | set(done.keys)
        return done
    pf = _check_file(data, layout, edition, page_hashes, limits)
    pf.keys.add(whole)
    checked[whole] = pf
    return pf


def _check_file(data: bytes, layout: Any, edition: Any, page_hashes: list[str] | None,
                limits: tuple) -> Preflight:
    """Objects (fonts, boxes, images, links) through pikepdf; text positions and
    placed images through pdfium, opened only when a page was not checked before."""
    import io

    import pikepdf

    pf = Preflight(edition.name)
    checked = _checked()
    pdf = pikepdf.open(io.BytesIO(data))
    drawn = None      # the pdfium document, opened on the first page that must be read
    try:
        pages = pdf.pages
        count = len(pages)
        pf.facts["pages"] = count
        _fonts(pages, pf)
        _glyphs(pdf, pf)
        _boxes(pages, layout, edition, pf)
        check_pdfx(pdf, data, edition, pf)
        names = _palette_names(layout, edition)
        colour: list[tuple[int, dict]] = []
        rgb_pages, rgb_images, images, unsafe = [], [], [], []  # per page, cached by fingerprint
        for number in range(count):
            h = page_hashes[number] if page_hashes and number < len(page_hashes) else None
            key = (limits, h, number)
            pf.keys.add(key)
            found = checked.get(key) if h else None
            if found is None:       # only pages not checked before are loaded
                if drawn is None:
                    import pypdfium2
                    drawn = pypdfium2.PdfDocument(data)
                found = _check_page(pages[number], drawn, number, layout, edition, names)
                if h:
                    checked[key] = found
            rgb_op, rgb_img, imgs, bad, page_colour_found = found
            colour.append((number + 1, page_colour_found))
            if rgb_op:
                rgb_pages.append(number + 1)
            rgb_images += rgb_img
            images += imgs
            unsafe += bad
        _colour(edition, pf, rgb_pages, rgb_images)
        report_colour(pf, edition, colour, names)
        pf.facts["images"] = images
        if images:
            pf.facts["min_ppi"] = min(i["ppi"] for i in images)
        if unsafe:
            pf.error(f"text within {layout.safety / 72 * 25.4:.0f} mm of the trim: "
                     + "; ".join(f"p{p} “{t}”" for p, t in unsafe[:5]),
                     "keep text inside the margins (layout page.margins / page.safety)")
        if count % max(1, edition.page_multiple):
            pf.error(f"{count} pages is not a multiple of {edition.page_multiple}",
                     "a bug in csrpress: the build pads with blank pages up to the edition's "
                     "page_multiple (before the back cover, or at the end)")
        pf.facts["links"] = sum(1 for page in pages for a in page.obj.get("/Annots", [])
                                if a.get("/Subtype") == "/Link")
        if edition.links and not pf.facts["links"]:
            pf.warn("no links", "a TOC or an index links to its pages; this PDF has neither")
        if not str(pdf.docinfo.get("/Title", "")):
            pf.error("no document title", "set title: in content/report.yaml")
    finally:
        if drawn is not None:
            drawn.close()
        pdf.close()
    return pf


def _contents(page: Any) -> bytes:
    """A page's content streams, decoded and joined."""
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(c.read_bytes() for c in contents)
    return contents.read_bytes()


def _space_name(cs: Any) -> str:
    """DeviceCMYK, ICCBased, Indexed… of an image's /ColorSpace."""
    import pikepdf

    if isinstance(cs, pikepdf.Array):
        cs = cs[0] if len(cs) else None
    return str(cs).lstrip("/") if cs is not None else "none"


def _image_spaces(resources: Any, seen: set) -> list[str]:
    """Colour space names of the image XObjects a page uses (forms opened)."""
    out: list[str] = []
    xobjects = resources.get("/XObject") if resources is not None else None
    for _, x in (xobjects.items() if xobjects is not None else ()):
        if x.objgen in seen:
            continue
        seen.add(x.objgen)
        if x.get("/Subtype") == "/Image" and not x.get("/ImageMask", False):
            out.append(_space_name(x.get("/ColorSpace")))
        elif x.get("/Subtype") == "/Form":
            out += _image_spaces(x.get("/Resources"), seen)
    return out


def _palette_names(layout: Any, edition: Any) -> dict[tuple, str]:
    """Screen RGB (0–255) → palette name, to name colours in messages."""
    if edition.colour == "cmyk":
        return {}
    from ..assets.colour import output_profile
    from .colours import color_fn

    where = layout.files[0].parent if getattr(layout, "files", None) else None
    color = color_fn(layout, edition, output_profile(edition, where))
    out = {}
    for name in layout.palette:
        c = color(name)
        out[(round(c.red * 255), round(c.green * 255), round(c.blue * 255))] = name
    return out


def _check_page(page: Any, drawn: Any, number: int, layout: Any, edition: Any,
                names: dict[tuple, str]) -> tuple:
    """(RGB operators?, non-CMYK images, image ppi records, text in the safety
    margin, colour facts: ink and overprint for print, contrast for screen)."""
    contents = _contents(page)
    # (the pattern needs its operator: a print page has none, and trying the
    # pattern at every space of it took ~0.05 s for the report)
    rgb_op = (b"rg" in contents or b"RG" in contents) and bool(_RGB_OP.search(contents))
    rgb_img = []
    spaces = _image_spaces(page.obj.get("/Resources"), set())
    for space in spaces:
        if space not in ("DeviceCMYK", "DeviceGray", "ICCBased") or (
                edition.colour == "cmyk" and space != "DeviceCMYK"):
            rgb_img.append((number + 1, space))
    at = drawn[number]
    try:
        imgs = _placed_images(at, number) if spaces else []
        bad = _unsafe_text(at, page, number, layout.safety)
    finally:
        at.close()
    return rgb_op, rgb_img, imgs, bad, page_colour(page, contents, edition, names)


def _placed_images(at: Any, number: int) -> list[dict]:
    """Pixel size and placed width (hence ppi) of every image drawn on the page."""
    import ctypes

    import pypdfium2.raw as raw

    out = []
    w, h = ctypes.c_uint(), ctypes.c_uint()
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for obj in at.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        raw.FPDFImageObj_GetImagePixelSize(obj.raw, w, h)
        raw.FPDFPageObj_GetBounds(obj.raw, l, b, r, t)
        w_in = (r.value - l.value) / 72
        if w_in > 0:
            out.append({"page": number + 1, "ppi": round(w.value / w_in),
                        "pixels": [w.value, h.value]})
    return out


def _fonts(pages: Any, pf: Preflight) -> None:
    """Every font the pages use, descendant CID fonts included (each object once)."""
    fonts: dict[str, tuple[str, bool]] = {}
    seen: set = set()
    todo = []
    for page in pages:
        res = page.obj.get("/Resources")
        table = res.get("/Font") if res is not None else None
        if table is not None and table.objgen not in seen:
            seen.add(table.objgen)
            todo += [f for _, f in table.items()]
    while todo:
        font = todo.pop()
        if font.objgen in seen and font.objgen != (0, 0):
            continue
        seen.add(font.objgen)
        todo += list(font.get("/DescendantFonts", []))
        desc = font.get("/FontDescriptor")
        embedded = desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2",
                                                                "/FontFile3"))
        name = str(font.get("/BaseFont", "")).lstrip("/")
        fonts[name] = (str(font.get("/Subtype", "")).lstrip("/"), embedded)
    pf.facts["fonts"] = sorted(fonts)
    for name, (subtype, embedded) in fonts.items():
        if subtype == "Type3":
            pf.error(f"Type 3 font {name}", "text must use embedded TrueType/CFF fonts")
        elif subtype != "Type0" and not embedded:
            pf.error(f"font {name} is not embedded", "every font must be embedded")
        elif "+" not in name:
            pf.warn(f"font {name} is embedded whole", "subset fonts keep the file small")


def _glyphs(pdf: Any, pf: Preflight) -> None:
    """Each shown code has a glyph in its embedded subset and maps back to its
    character (see glyphcheck): what a reader sees is what it copies. Results
    are kept with the page checks, by digests of the written fonts and streams."""
    from .glyphcheck import check_glyphs

    for problem in check_glyphs(pdf, _checked(), pf.keys)[:20]:
        pf.error(problem, "a string was drawn without claiming its characters "
                 "(Fonts.claim) or a character has no glyph: a bug in csrpress, please report it")


def _boxes(pages: Any, layout: Any, edition: Any, pf: Preflight) -> None:
    """Every page has MediaBox ⊇ BleedBox ⊇ TrimBox, trim = page size, bleed as set.
    Read from the page objects directly (no page is parsed for this)."""
    import pikepdf

    tw, th = layout.page_size
    bleed = layout.bleed if edition.bleed else 0.0
    ok = True
    for number, page in enumerate(pages):
        boxes: dict[str, list[float]] = {}
        for name in ("MediaBox", "BleedBox", "TrimBox"):
            value = page.obj.get("/" + name)
            if not isinstance(value, pikepdf.Array) or len(value) != 4:
                boxes = {}
                break
            boxes[name] = [float(v) for v in value]
        if not boxes:
            ok = False
            pf.error(f"page {number + 1} lacks MediaBox, BleedBox or TrimBox",
                     "every page must carry all three boxes")
            break
        m, b, t = boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]
        inside = (m[0] <= b[0] <= t[0] and m[1] <= b[1] <= t[1] and
                  t[2] <= b[2] <= m[2] and t[3] <= b[3] <= m[3])
        size_ok = abs(t[2] - t[0] - tw) < 0.01 and abs(t[3] - t[1] - th) < 0.01
        bleed_ok = abs(t[0] - b[0] - bleed) < 0.01 and abs(b[3] - t[3] - bleed) < 0.01
        if not (inside and size_ok and bleed_ok):
            ok = False
            pf.error(f"page {number + 1}: boxes media {m} bleed {b} trim {t}",
                     "MediaBox ⊇ BleedBox ⊇ TrimBox, trim = page.size, bleed = page.bleed")
            break
    pf.facts["boxes_ok"] = ok
    pf.facts["trim_mm"] = [round(tw / 72 * 25.4, 1), round(th / 72 * 25.4, 1)]
    pf.facts["bleed_mm"] = round(bleed / 72 * 25.4, 2)


def _colour(edition: Any, pf: Preflight, rgb_pages: list[int], rgb_images: list) -> None:
    if edition.colour == "cmyk":
        pf.facts["colour"] = "CMYK only" if not (rgb_pages or rgb_images) else "MIXED"
        if rgb_pages:
            pf.error(f"RGB colour operators on pages {rgb_pages[:10]}",
                     "every colour of the print edition must be CMYK (palette names only)")
        if rgb_images:
            pf.error(f"non-CMYK images on pages {sorted({p for p, _ in rgb_images})[:10]}",
                     "images are converted to CMYK for print; check the image pipeline")
    else:
        pf.facts["colour"] = "RGB"


def _unsafe_text(at: Any, page: Any, number: int, safety: float) -> list[tuple[int, str]]:
    """Runs of text closer to the trim edge than the safety distance (pdfium's text
    rectangles, in PDF space like the TrimBox; one C call per run, not per glyph)."""
    trim = page.obj.get("/TrimBox") or page.obj.get("/MediaBox")
    tx0, ty0, tx1, ty1 = (float(v) for v in trim)
    x0, y0, x1, y1 = tx0 + safety, ty0 + safety, tx1 - safety, ty1 - safety
    text = at.get_textpage()
    bad = []
    try:
        for i in range(text.count_rects()):
            l, b, r, t = text.get_rect(i)
            if l >= x0 - 0.5 and b >= y0 - 0.5 and r <= x1 + 0.5 and t <= y1 + 0.5:
                continue
            run = text.get_text_bounded(l, b, r, t).strip()
            if run:
                bad.append((number + 1, run[:12]))
    finally:
        text.close()
    return bad
