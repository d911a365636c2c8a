"""Read a written PDF back for the tests, with permissive libraries only.

pypdfium2 (Apache-2.0/BSD) gives characters with their boxes, origins, sizes
and colours, and the drawn paths and images; pikepdf (MPL-2.0) gives the
objects (boxes, links, fonts, metadata); pypdf (BSD) the outline. The API is
the small part of a page/document reader the tests need: coordinates are
page-relative with y downwards (origin at the MediaBox's top-left corner),
the way a reader looks at a page.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw

LINK_GOTO = "goto"
LINK_URI = "uri"


class Rect:
    """An axis-aligned rectangle (x0, y0) top-left, (x1, y1) bottom-right;
    made from four numbers or from one sequence of four."""

    def __init__(self, *corners: Any) -> None:
        if len(corners) == 1:
            corners = tuple(corners[0])
        self.x0, self.y0, self.x1, self.y1 = (float(v) for v in corners)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Rect) and tuple(self) == tuple(other)

    def __repr__(self) -> str:
        return f"Rect({self.x0:.2f}, {self.y0:.2f}, {self.x1:.2f}, {self.y1:.2f})"

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def __iter__(self) -> Iterator[float]:
        return iter((self.x0, self.y0, self.x1, self.y1))

    def contains(self, other: Any) -> bool:
        """A rectangle or a point inside (edges included)."""
        if isinstance(other, Point):
            return self.x0 <= other.x <= self.x1 and self.y0 <= other.y <= self.y1
        o = Rect(*other)
        return (self.x0 <= o.x0 and self.y0 <= o.y0 and o.x1 <= self.x1 and o.y1 <= self.y1)

    def intersects(self, other: Any) -> bool:
        """Share an area (an empty rectangle intersects nothing)."""
        o = Rect(*other)
        if self.width <= 0 or self.height <= 0 or o.width <= 0 or o.height <= 0:
            return False
        return self.x0 < o.x1 and o.x0 < self.x1 and self.y0 < o.y1 and o.y0 < self.y1


@dataclass(frozen=True)
class Point:
    x: float
    y: float


def _name(obj: Any) -> str:
    return str(obj).lstrip("/") if obj is not None else ""


class Page:
    """One page: text (chars → spans → lines), links, images, fonts, paths."""

    def __init__(self, doc: "Document", number: int) -> None:
        self.doc, self.number = doc, number
        self.obj = doc.pike.pages[number]
        mb = [float(v) for v in self.obj.MediaBox]
        self._mb = mb
        self.rect = Rect(0, 0, mb[2] - mb[0], mb[3] - mb[1])

    def _box(self, name: str) -> Rect:
        value = self.obj.obj.get(name)
        if value is None:
            return self.mediabox
        return self.to_rect([float(v) for v in value])

    def to_rect(self, box: Any) -> Rect:
        """PDF user space (y up) → page space (y down, MediaBox top-left origin)."""
        l, b, r, t = box
        x0, x1 = sorted((l, r))
        y0, y1 = sorted((b, t))
        return Rect(x0 - self._mb[0], self._mb[3] - y1, x1 - self._mb[0], self._mb[3] - y0)

    @property
    def mediabox(self) -> Rect:
        return self.to_rect(self._mb)

    @property
    def trimbox(self) -> Rect:
        return self._box("/TrimBox")

    @property
    def bleedbox(self) -> Rect:
        return self._box("/BleedBox")

    def read_contents(self) -> bytes:
        """The page's content streams, decoded and joined."""
        contents = self.obj.obj.get("/Contents")
        if contents is None:
            return b""
        if isinstance(contents, pikepdf.Array):
            return b"\n".join(c.read_bytes() for c in contents)
        return contents.read_bytes()

    # -- text ----------------------------------------------------------------
    @cached_property
    def chars(self) -> list[dict]:
        """Every character drawn (pdfium's generated spaces and line ends left out)."""
        page = self.doc.pdfium[self.number]
        tp = page.get_textpage()
        n = raw.FPDFText_CountChars(tp.raw)
        out: list[dict] = []
        box = raw.FS_RECTF()
        x, y = ctypes.c_double(), ctypes.c_double()
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
        i = 0
        while i < n:
            if raw.FPDFText_IsGenerated(tp.raw, i) == 1:
                if raw.FPDFText_GetUnicode(tp.raw, i) == 32:
                    out.append({"c": " ", "generated": True})   # a word gap: placed below
                i += 1
                continue
            code = raw.FPDFText_GetUnicode(tp.raw, i)
            step = 1
            if 0xD800 <= code < 0xDC00 and i + 1 < n:     # a surrogate pair: one character
                low = raw.FPDFText_GetUnicode(tp.raw, i + 1)
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                step = 2
            c = chr(code)
            if c in "\r\n":
                i += step
                continue
            raw.FPDFText_GetLooseCharBox(tp.raw, i, box)
            raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
            raw.FPDFText_GetFillColor(tp.raw, i, r, g, b, a)
            size = raw.FPDFText_GetFontSize(tp.raw, i)
            raw.FPDFText_GetFontInfo(tp.raw, i, name, len(name), flags)
            out.append({
                "c": c, "bbox": tuple(self.to_rect((box.left, box.bottom, box.right, box.top))),
                "origin": (x.value - self._mb[0], self._mb[3] - y.value),
                "size": size, "color": (r.value << 16) | (g.value << 8) | b.value,
                "font": name.value.decode("latin-1"),
            })
            i += step
        tp.close()
        page.close()
        return _place_gaps(out)

    @cached_property
    def _lines(self) -> list[list[dict]]:
        """Lines: runs of characters on one baseline, in drawing order, split at wide gaps."""
        lines: list[list[dict]] = []
        for ch in self.chars:
            if lines:
                prev = lines[-1][-1]
                same_base = abs(prev["origin"][1] - ch["origin"][1]) < 0.5
                gap = ch["bbox"][0] - prev["bbox"][2]
                size = max(ch["size"], prev["size"])
                if same_base and -size <= gap <= size:
                    lines[-1].append(ch)
                    continue
            lines.append([ch])
        return lines

    def _spans(self, line: list[dict]) -> list[dict]:
        spans: list[list[dict]] = []
        for ch in line:
            if spans and (spans[-1][-1]["size"], spans[-1][-1]["color"],
                          spans[-1][-1]["font"]) == (ch["size"], ch["color"], ch["font"]):
                spans[-1].append(ch)
            else:
                spans.append([ch])
        return [{"text": "".join(c["c"] for c in s), "size": s[0]["size"],
                 "color": s[0]["color"], "bbox": _union(c["bbox"] for c in s),
                 "origin": s[0]["origin"], "chars": s} for s in spans]

    def get_text(self, kind: str = "text", clip: Any = None) -> Any:
        """"text": lines joined by newlines; "words": (x0, y0, x1, y1, word) tuples;
        "dict"/"rawdict": blocks → lines → spans (→ chars)."""
        lines = self._lines
        if clip is not None:
            cx0, cy0, cx1, cy1 = clip
            keep = lambda c: (cx0 <= (c["bbox"][0] + c["bbox"][2]) / 2 <= cx1 and
                              cy0 <= (c["bbox"][1] + c["bbox"][3]) / 2 <= cy1)
            lines = [[c for c in ln if keep(c)] for ln in lines]
            lines = [ln for ln in lines if ln]
        if kind == "text":
            return "".join("".join(c["c"] for c in ln) + "\n" for ln in lines)
        if kind == "words":
            words = []
            for ln in lines:
                cur: list[dict] = []
                for c in ln + [None]:
                    if c is None or not c["c"].strip():
                        if cur:
                            x0, y0, x1, y1 = _union(w["bbox"] for w in cur)
                            words.append((x0, y0, x1, y1, "".join(w["c"] for w in cur)))
                        cur = []
                    else:
                        cur.append(c)
            return words
        blocks = []
        for ln in lines:
            spans = self._spans(ln)
            line = {"bbox": _union(s["bbox"] for s in spans), "spans": spans}
            blocks.append({"bbox": line["bbox"], "lines": [line]})
        return {"width": self.rect.width, "height": self.rect.height, "blocks": blocks}

    def search_for(self, text: str) -> list[Rect]:
        """Where the text occurs (within a line): one rectangle per occurrence."""
        found = []
        for ln in self._lines:
            s = "".join(c["c"] for c in ln)
            start = s.find(text)
            while start >= 0:
                found.append(Rect(*_union(c["bbox"] for c in ln[start:start + len(text)])))
                start = s.find(text, start + 1)
        return found

    # -- objects -------------------------------------------------------------
    def get_links(self) -> list[dict]:
        """Link annotations: kind (goto/uri), from (Rect), page (0-based) or uri."""
        out = []
        for annot in self.obj.obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            link: dict[str, Any] = {"from": self.to_rect([float(v) for v in annot.Rect]),
                                    "annot": annot}
            action = annot.get("/A")
            dest = annot.get("/Dest")
            if action is not None and action.get("/S") == "/URI":
                link.update(kind=LINK_URI, uri=str(action.URI))
            else:
                if action is not None and action.get("/S") == "/GoTo":
                    dest = action.get("/D")
                link.update(kind=LINK_GOTO, page=self.doc.dest_page(dest))
            out.append(link)
        return out

    @cached_property
    def _objects(self) -> list[tuple[int, Any]]:
        """(type, raw handle) of every page object, form XObjects opened."""
        page = self.doc.pdfium[self.number]
        self._keep = page
        out = []

        def walk(count: int, get: Any) -> None:
            for i in range(count):
                o = get(i)
                kind = raw.FPDFPageObj_GetType(o)
                if kind == raw.FPDF_PAGEOBJ_FORM:
                    walk(raw.FPDFFormObj_CountObjects(o),
                         lambda j, o=o: raw.FPDFFormObj_GetObject(o, j))
                else:
                    out.append((kind, o))
        walk(raw.FPDFPage_CountObjects(page.raw), lambda i: raw.FPDFPage_GetObject(page.raw, i))
        return out

    def _bounds(self, o: Any) -> Rect:
        l, b, r, t = (ctypes.c_float() for _ in range(4))
        raw.FPDFPageObj_GetBounds(o, l, b, r, t)
        return self.to_rect((l.value, b.value, r.value, t.value))

    def get_drawings(self) -> list[dict]:
        """Painted paths: rect (bounds), fill colour (or None), stroke width (or None)."""
        out = []
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        width = ctypes.c_float()
        for kind, o in self._objects:
            if kind != raw.FPDF_PAGEOBJ_PATH:
                continue
            raw.FPDFPath_GetDrawMode(o, fill_mode, stroke)
            if not fill_mode.value and not stroke.value:
                continue
            fill = None
            if fill_mode.value:
                raw.FPDFPageObj_GetFillColor(o, r, g, b, a)
                fill = (r.value / 255, g.value / 255, b.value / 255)
            w = None
            if stroke.value:
                raw.FPDFPageObj_GetStrokeWidth(o, width)
                w = width.value
            out.append({"rect": self._bounds(o), "fill": fill, "width": w})
        return out

    def get_paths(self, filled: bool = False) -> list[dict]:
        """Stroked paths (`filled`: filled ones) as points: {"points": [(x, y) …]
        in page space (y down), "width": stroke width, "dash": dash lengths}: a
        chart's lines and markers, to test what they cross and how they look.
        (The object's own matrix is applied; csrpress draws no paths in forms.)"""
        out = []
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        width, px, py = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        m = raw.FS_MATRIX()
        for kind, o in self._objects:
            if kind != raw.FPDF_PAGEOBJ_PATH:
                continue
            raw.FPDFPath_GetDrawMode(o, fill_mode, stroke)
            if not (fill_mode.value if filled else stroke.value):
                continue
            raw.FPDFPageObj_GetStrokeWidth(o, width)
            count = raw.FPDFPageObj_GetDashCount(o)
            dash = (ctypes.c_float * max(count, 1))()
            if count > 0:
                raw.FPDFPageObj_GetDashArray(o, dash, count)
            raw.FPDFPageObj_GetMatrix(o, m)
            points = []
            for i in range(raw.FPDFPath_CountSegments(o)):
                raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(o, i), px, py)
                x = m.a * px.value + m.c * py.value + m.e
                y = m.b * px.value + m.d * py.value + m.f
                points.append((x - self._mb[0], self._mb[3] - y))
            out.append({"points": points, "width": width.value,
                        "dash": tuple(round(dash[i], 3) for i in range(max(count, 0)))})
        return out

    def get_image_info(self) -> list[dict]:
        """Placed images: bbox on the page and pixel size."""
        out = []
        w, h = ctypes.c_uint(), ctypes.c_uint()
        for kind, o in self._objects:
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                raw.FPDFImageObj_GetImagePixelSize(o, w, h)
                out.append({"bbox": tuple(self._bounds(o)), "width": w.value, "height": h.value})
        return out

    def get_images(self, full: bool = True) -> list[tuple]:
        """Image XObjects used by the page: (objnum, 0, width, height, bpc, colour space name)."""
        out = []
        for xobj in _xobjects(self.obj.obj.get("/Resources")):
            if xobj.get("/Subtype") != "/Image":
                continue
            cs = xobj.get("/ColorSpace")
            name = _name(cs[0]) if isinstance(cs, pikepdf.Array) else _name(cs)
            out.append((xobj.objgen[0], 0, int(xobj.Width), int(xobj.Height),
                        int(xobj.get("/BitsPerComponent", 8)), name))
        return out

    def get_fonts(self, full: bool = True) -> list[tuple]:
        """(objnum, file kind ttf/cff/pfa/n/a, subtype, base font name) per font resource."""
        out = []
        fonts = (self.obj.obj.get("/Resources") or {}).get("/Font") or {}
        for _, font in fonts.items():
            desc_font = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            desc = desc_font.get("/FontDescriptor")
            ext = "n/a"
            if desc is not None:
                ext = ("ttf" if "/FontFile2" in desc else "cff" if "/FontFile3" in desc
                       else "pfa" if "/FontFile" in desc else "n/a")
            out.append((font.objgen[0], ext, _name(font.get("/Subtype")),
                        _name(font.get("/BaseFont"))))
        return out


def _place_gaps(chars: list[dict]) -> list[dict]:
    """A space pdfium inferred from a gap between two glyphs on one baseline
    spans that gap, in the style of the glyph before it; others are dropped, and
    so are gaps narrower than 0.4 of the glyph before (the quarter-em space the
    typesetter puts after a Han character before Latin is spacing, not a space)."""
    out = []
    for k, ch in enumerate(chars):
        if not ch.get("generated"):
            out.append(ch)
            continue
        before = out[-1] if out and not out[-1].get("generated") else None
        after = chars[k + 1] if k + 1 < len(chars) else None
        if (before is None or after is None or after.get("generated") or
                abs(before["origin"][1] - after["origin"][1]) > 0.5 or
                after["bbox"][0] - before["bbox"][2] <
                0.4 * (before["bbox"][2] - before["bbox"][0])):   # a CJK autospace
            continue
        x0, y0, x1, y1 = before["bbox"]
        out.append({**before, "c": " ", "bbox": (x1, y0, after["bbox"][0], y1),
                    "origin": (x1, before["origin"][1])})
    return out


def _xobjects(resources: Any, seen: set | None = None) -> Iterator[Any]:
    """XObjects of a resource dictionary, forms' own resources included."""
    seen = set() if seen is None else seen
    for _, x in ((resources or {}).get("/XObject") or {}).items():
        if x.objgen in seen:
            continue
        seen.add(x.objgen)
        yield x
        if x.get("/Subtype") == "/Form":
            yield from _xobjects(x.get("/Resources"), seen)


def _union(boxes: Any) -> tuple[float, float, float, float]:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


class Document:
    """A PDF opened with pikepdf (objects) and pypdfium2 (text and page objects)."""

    def __init__(self, path: Any) -> None:
        self.name = str(path)
        self.pike = pikepdf.open(self.name)
        self.pdfium = pdfium.PdfDocument(self.name)
        self._pages: dict[int, Page] = {}

    @property
    def page_count(self) -> int:
        return len(self.pike.pages)

    def __len__(self) -> int:
        return self.page_count

    def __getitem__(self, number: int) -> Page:
        if number < 0:
            number += self.page_count
        if number not in self._pages:
            self._pages[number] = Page(self, number)
        return self._pages[number]

    def __iter__(self) -> Iterator[Page]:
        return (self[i] for i in range(self.page_count))

    @property
    def catalog(self) -> Any:
        return self.pike.Root

    @property
    def metadata(self) -> dict[str, str]:
        info = self.pike.docinfo
        get = lambda k: str(info.get(k, "")) if k in info else ""
        return {"title": get("/Title"), "author": get("/Author"), "subject": get("/Subject"),
                "keywords": get("/Keywords"), "creator": get("/Creator"),
                "producer": get("/Producer"), "creationDate": get("/CreationDate"),
                "modDate": get("/ModDate"), "trapped": get("/Trapped")}

    def get_xml_metadata(self) -> str:
        meta = self.pike.Root.get("/Metadata")
        return meta.read_bytes().decode("utf-8") if meta is not None else ""

    @cached_property
    def _page_index(self) -> dict[tuple, int]:
        return {p.obj.objgen: i for i, p in enumerate(self.pike.pages)}

    def dest_page(self, dest: Any) -> int:
        """0-based page of an explicit or named destination (-1 when it leads nowhere)."""
        if isinstance(dest, (pikepdf.String, pikepdf.Name)):
            dest = self._named(dest)
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.get("/D")
        if isinstance(dest, pikepdf.Array) and len(dest):
            return self._page_index.get(dest[0].objgen, -1)
        return -1

    def _named(self, name: Any) -> Any:
        root = self.pike.Root
        if isinstance(name, pikepdf.Name):
            return (root.get("/Dests") or {}).get(str(name))
        names = root.get("/Names")
        if names is not None and "/Dests" in names:
            tree = pikepdf.NameTree(names.Dests)
            key = str(name)
            return tree[key] if key in tree else None
        return None

    def get_toc(self) -> list[list]:
        """[level, title, page (1-based)] of every outline item, in order."""
        import pypdf

        reader = pypdf.PdfReader(self.name)
        out: list[list] = []

        def walk(items: list, level: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    out.append([level, item.title, reader.get_destination_page_number(item) + 1])
        walk(reader.outline, 1)
        return out

    def close(self) -> None:
        self.pdfium.close()
        self.pike.close()


def open_pdf(path: Path | str) -> Document:
    return Document(path)


def cell_words(page: Any) -> list[tuple]:
    """(text, left, right, baseline) of each run of characters on one line
    with no gap wider than a quarter em between them (a table cell's text)."""
    chars = sorted((c for c in page.chars if "bbox" in c and not c["c"].isspace()),
                   key=lambda c: (round(c["origin"][1], 1), c["bbox"][0]))
    out: list[list] = []
    for c in chars:
        last = out[-1] if out else None
        if last and abs(last[3] - c["origin"][1]) < 0.1 and \
                c["bbox"][0] - last[2] < 0.25 * c["size"]:
            last[0] += c["c"]
            last[2] = c["bbox"][2]
        else:
            out.append([c["c"], c["bbox"][0], c["bbox"][2], c["origin"][1]])
    return [tuple(w) for w in out]
