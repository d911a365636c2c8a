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


def preflight(data: bytes, layout: Any, edition: Any, report: Any) -> Preflight:
    import pymupdf

    pf = Preflight(edition.name)
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        pf.facts["pages"] = doc.page_count
        _fonts(doc, pf)
        _boxes(doc, layout, edition, pf)
        _colour(doc, edition, pf)
        _images(doc, edition, pf)
        _safety(doc, layout, edition, pf)
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


def _fonts(doc: Any, pf: Preflight) -> None:
    fonts = {}
    for page in doc:
        for xref, ext, ftype, name, *_ in page.get_fonts(full=True):
            fonts[name] = (ext, ftype)
    pf.facts["fonts"] = sorted(fonts)
    for name, (ext, ftype) in fonts.items():
        if ftype == "Type3":
            pf.error(f"Type 3 font {name}", "text must use embedded TrueType/CFF fonts")
        if ext in ("n/a", ""):
            pf.error(f"font {name} is not embedded", "every font must be embedded")
        elif "+" not in name:
            pf.warn(f"font {name} is embedded whole", "subset fonts keep the file small")


def _boxes(doc: Any, layout: Any, edition: Any, pf: Preflight) -> None:
    tw, th = layout.page_size
    bleed = layout.bleed if edition.bleed else 0.0
    ok = True
    for page in doc:
        media, trim, bleedbox = page.mediabox, page.trimbox, page.bleedbox
        inside = (media.contains(bleedbox) and bleedbox.contains(trim))
        size_ok = abs(trim.width - tw) < 0.01 and abs(trim.height - th) < 0.01
        bleed_ok = abs((bleedbox.width - trim.width) / 2 - bleed) < 0.01
        if not (inside and size_ok and bleed_ok):
            ok = False
            pf.error(f"page {page.number + 1}: boxes media {tuple(media)} bleed {tuple(bleedbox)} "
                     f"trim {tuple(trim)}", "MediaBox ⊇ BleedBox ⊇ TrimBox, trim = page.size")
            break
    pf.facts["boxes_ok"] = ok
    pf.facts["trim_mm"] = [round(tw / 72 * 25.4, 1), round(th / 72 * 25.4, 1)]
    pf.facts["bleed_mm"] = round(bleed / 72 * 25.4, 2)


def _colour(doc: Any, edition: Any, pf: Preflight) -> None:
    rgb_pages, rgb_images = [], []
    for page in doc:
        if _RGB_OP.search(page.read_contents()):
            rgb_pages.append(page.number + 1)
        for img in page.get_images(full=True):
            if img[5] not in ("DeviceCMYK", "DeviceGray", "ICCBased") or (
                    edition.colour == "cmyk" and img[5] != "DeviceCMYK"):
                rgb_images.append((page.number + 1, img[5]))
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


def _images(doc: Any, edition: Any, pf: Preflight) -> None:
    images = []
    for page in doc:
        for info in page.get_image_info(xrefs=True):
            bbox = info["bbox"]
            w_in = (bbox[2] - bbox[0]) / 72
            if w_in <= 0:
                continue
            ppi = round(info["width"] / w_in)
            images.append({"page": page.number + 1, "ppi": ppi,
                           "pixels": [info["width"], info["height"]]})
    pf.facts["images"] = images
    if images:
        pf.facts["min_ppi"] = min(i["ppi"] for i in images)


def _safety(doc: Any, layout: Any, edition: Any, pf: Preflight) -> None:
    """No text closer to the trim edge than page.safety."""
    safety = layout.safety
    bad = []
    for page in doc:
        trim = page.trimbox
        # PyMuPDF's text coordinates are media-relative with y downwards
        x0, y0 = trim.x0 + safety, trim.y0 + safety
        x1, y1 = trim.x1 - safety, trim.y1 - safety
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if not span["text"].strip():
                        continue
                    bx0, by0, bx1, by1 = span["bbox"]
                    if bx0 < x0 - 0.5 or by0 < y0 - 0.5 or bx1 > x1 + 0.5 or by1 > y1 + 0.5:
                        bad.append((page.number + 1, span["text"][:12]))
    if bad:
        pf.error(f"text within {safety / 72 * 25.4:.0f} mm of the trim: "
                 + "; ".join(f"p{p} “{t}”" for p, t in bad[:5]),
                 "keep text inside the margins (layout page.margins / page.safety)")
