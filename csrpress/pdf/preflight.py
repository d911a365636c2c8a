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
                f"{len(self.errors)} errors, {len(self.warnings)} warnings")


# Page checks depend only on what the page draws: a page whose rendering
# fingerprint was checked before (same edition and limits) is not read again.
_CHECKED: dict[tuple, Any] = {}    # page results (tuples) and whole-file results


def load_checked(path: Any) -> None:
    """Page results of earlier builds (the cache directory keeps them)."""
    from ..assets.cache import load_pickle

    if not _CHECKED:
        _CHECKED.update(load_pickle(path, dict) or {})


def save_checked(path: Any, keep: set[tuple]) -> None:
    from ..assets.cache import save_pickle

    save_pickle(path, {k: v for k, v in _CHECKED.items() if k in keep})


def preflight(data: bytes, layout: Any, edition: Any, report: Any,
              page_hashes: list[str] | None = None) -> Preflight:
    """Check an edition's PDF bytes; a byte-identical file checked before is not read again."""
    import hashlib

    limits = (edition.name, edition.colour, edition.page_multiple, edition.bleed,
              edition.links, layout.safety, layout.page_size, layout.bleed)
    whole = ("file", hashlib.sha256(data).hexdigest(), limits)
    done = _CHECKED.get(whole)
    if isinstance(done, Preflight):    # the very same file was checked before
        done.keys = {whole} | set(done.keys)
        return done
    pf = _check_file(data, layout, edition, page_hashes, limits)
    pf.keys.add(whole)
    _CHECKED[whole] = pf
    return pf


def _check_file(data: bytes, layout: Any, edition: Any, page_hashes: list[str] | None,
                limits: tuple) -> Preflight:
    import pymupdf

    pf = Preflight(edition.name)
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        pf.facts["pages"] = doc.page_count
        _fonts(doc, pf)
        _boxes(doc, layout, edition, pf)
        rgb_pages, rgb_images, images, unsafe = [], [], [], []  # per page, cached by fingerprint
        for number in range(doc.page_count):
            h = page_hashes[number] if page_hashes and number < len(page_hashes) else None
            key = (limits, h, number)
            pf.keys.add(key)
            found = _CHECKED.get(key) if h else None
            if found is None:       # only pages not checked before are loaded
                found = _check_page(doc[number], layout, edition)
                if h:
                    _CHECKED[key] = found
            rgb_op, rgb_img, imgs, bad = found
            if rgb_op:
                rgb_pages.append(number + 1)
            rgb_images += rgb_img
            images += imgs
            unsafe += bad
        _colour(edition, pf, rgb_pages, rgb_images)
        pf.facts["images"] = images
        if images:
            pf.facts["min_ppi"] = min(i["ppi"] for i in images)
        if unsafe:
            pf.error(f"text within {layout.safety / 72 * 25.4:.0f} mm of the trim: "
                     + "; ".join(f"p{p} “{t}”" for p, t in unsafe[:5]),
                     "keep text inside the margins (layout page.margins / page.safety)")
        if doc.page_count % max(1, edition.page_multiple):
            pf.error(f"{doc.page_count} pages is not a multiple of {edition.page_multiple}",
                     "the build pads with blank pages before the back cover; check PadPages")
        pf.facts["links"] = sum(len(p.get_links()) for p in doc)
        if edition.links and not pf.facts["links"]:
            pf.warn("no links", "a TOC or an index links to its pages; this PDF has neither")
        if not doc.metadata.get("title"):
            pf.error("no document title", "set title: in content/report.yaml")
    finally:
        doc.close()
    return pf


def _check_page(page: Any, layout: Any, edition: Any) -> tuple:
    """(RGB operators?, non-CMYK images, image ppi records, text in the safety margin)."""
    rgb_op = bool(_RGB_OP.search(page.read_contents()))
    rgb_img, imgs = [], []
    listed = page.get_images(full=True)
    for img in listed:
        if img[5] not in ("DeviceCMYK", "DeviceGray", "ICCBased") or (
                edition.colour == "cmyk" and img[5] != "DeviceCMYK"):
            rgb_img.append((page.number + 1, img[5]))
    if listed:
        for info in page.get_image_info():
            bbox = info["bbox"]
            w_in = (bbox[2] - bbox[0]) / 72
            if w_in > 0:
                imgs.append({"page": page.number + 1, "ppi": round(info["width"] / w_in),
                             "pixels": [info["width"], info["height"]]})
    return rgb_op, rgb_img, imgs, _unsafe_text(page, layout.safety)


def _fonts(doc: Any, pf: Preflight) -> None:
    """Every font object in the file (one pass over the objects, not per page)."""
    fonts = {}
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "Type")[1] != "/Font":
            continue
        subtype = doc.xref_get_key(xref, "Subtype")[1].lstrip("/")
        name = doc.xref_get_key(xref, "BaseFont")[1].lstrip("/")
        desc = doc.xref_get_key(xref, "FontDescriptor")[1]
        embedded = False
        if desc.endswith(" R"):
            dx = int(desc.split()[0])
            embedded = any(doc.xref_get_key(dx, k)[0] != "null"
                           for k in ("FontFile", "FontFile2", "FontFile3"))
        fonts[name] = (subtype, embedded)
    pf.facts["fonts"] = sorted(fonts)
    for name, (subtype, embedded) in fonts.items():
        if subtype == "Type3":
            pf.error(f"Type 3 font {name}", "text must use embedded TrueType/CFF fonts")
        elif subtype != "Type0" and not embedded:
            pf.error(f"font {name} is not embedded", "every font must be embedded")
        elif "+" not in name:
            pf.warn(f"font {name} is embedded whole", "subset fonts keep the file small")


def _boxes(doc: Any, layout: Any, edition: Any, pf: Preflight) -> None:
    """Every page has MediaBox ⊇ BleedBox ⊇ TrimBox, trim = page size, bleed as set.
    Read from the page objects directly (loading 80 pages costs more)."""
    tw, th = layout.page_size
    bleed = layout.bleed if edition.bleed else 0.0
    ok = True
    for number in range(doc.page_count):
        xref = doc.page_xref(number)
        boxes: dict[str, list[float]] = {}
        for name in ("MediaBox", "BleedBox", "TrimBox"):
            kind, value = doc.xref_get_key(xref, name)
            if kind != "array":
                boxes = {}
                break
            boxes[name] = [float(v) for v in value.strip("[]").split()]
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


def _unsafe_text(page: Any, safety: float) -> list[tuple[int, str]]:
    """Text spans closer to the trim edge than the safety distance."""
    trim = page.trimbox      # PyMuPDF: media-relative, y downwards
    x0, y0 = trim.x0 + safety, trim.y0 + safety
    x1, y1 = trim.x1 - safety, trim.y1 - safety
    bad = []
    for block in page.get_text("dict")["blocks"]:
        bx0, by0, bx1, by1 = block["bbox"]
        if bx0 >= x0 - 0.5 and by0 >= y0 - 0.5 and bx1 <= x1 + 0.5 and by1 <= y1 + 0.5:
            continue
        for line in block.get("lines", []):
            for span in line["spans"]:
                if not span["text"].strip():
                    continue
                sx0, sy0, sx1, sy1 = span["bbox"]
                if sx0 < x0 - 0.5 or sy0 < y0 - 0.5 or sx1 > x1 + 0.5 or sy1 > y1 + 0.5:
                    bad.append((page.number + 1, span["text"][:12]))
    return bad
