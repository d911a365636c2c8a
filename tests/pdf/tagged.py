"""Reading a tagged PDF back: its structure tree and the text of each element.

Text is taken per marked-content sequence (page, MCID) with pypdf, with
/ActualText in place of what a span draws, and artifacts left out; an
element's text is its marked content's text in structure (reading) order.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pikepdf

PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do",
         "EI", "INLINE IMAGE"}


@dataclass(eq=False)
class Node:
    """A structure element read back: type, dictionary, kids in order."""

    role: str
    obj: Any
    kids: list[Any] = field(default_factory=list)   # Node | (page, mcid) | ("annot", obj)

    def walk(self):
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.walk()

    def mcids(self):
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.mcids()
            elif k[0] != "annot":
                yield k


@dataclass
class Tagged:
    pdf: Any
    root: Node
    texts: dict[tuple[int, int], str]

    def text(self, node: Node) -> str:
        return "".join(self.texts.get(m, "") for m in node.mcids())


def _kids(obj: Any) -> list[Any]:
    k = obj.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _node(obj: Any, pages: dict[Any, int]) -> Node:
    node = Node(str(obj.S)[1:], obj)
    pg = pages.get(obj.Pg.objgen) if "/Pg" in obj else None
    for k in _kids(obj):
        if isinstance(k, int):
            node.kids.append((pg, int(k)))
        elif k.get("/Type") == "/MCR":
            node.kids.append((pages[k.Pg.objgen], int(k.MCID)))
        elif k.get("/Type") == "/OBJR":
            node.kids.append(("annot", k.Obj))
        else:
            node.kids.append(_node(k, pages))
    return node


def _texts(path: Path) -> dict[tuple[int, int], str]:
    import pypdf

    out: dict[tuple[int, int], list[str]] = {}
    for i, page in enumerate(pypdf.PdfReader(str(path)).pages):
        stack: list[Any] = []

        def before(op: bytes, args: Any, cm: Any, tm: Any) -> None:
            if op in (b"BDC", b"BMC"):
                props = args[1] if op == b"BDC" and len(args) > 1 else {}
                props = props if hasattr(props, "get") else {}
                mcid = props.get("/MCID")
                stack.append(int(mcid) if mcid is not None else None)
                if "/ActualText" in props:
                    top = next((s for s in reversed(stack) if s is not None), None)
                    out.setdefault((i, top), []).append(str(props["/ActualText"]))
            elif op == b"EMC":
                stack.pop()

        def text(t: str, cm: Any, tm: Any, fd: Any, fs: Any) -> None:
            top = next((s for s in reversed(stack) if s is not None), None)
            if top is not None:
                out.setdefault((i, top), []).append(t)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {k: "".join(v) for k, v in out.items()}


@functools.lru_cache(maxsize=4)
def _read(path: str, stamp: int) -> Tagged:
    pdf = pikepdf.open(path)
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    root = _node(pdf.Root.StructTreeRoot.K, pages)
    return Tagged(pdf, root, _texts(Path(path)))


def read(path: Path) -> Tagged:
    """The tagged PDF at path (cached while the file is unchanged)."""
    return _read(str(path), Path(path).stat().st_mtime_ns)


def squash(text: str) -> str:
    """Text without white space (extraction adds line breaks and spaces)."""
    return re.sub(r"\s+", "", text)


def reading_text(t: Tagged) -> str:
    """The document's text in reading order, one line per leaf element."""
    out = []
    for node in t.root.walk():
        if any(not isinstance(k, Node) and k[0] != "annot" for k in node.kids):
            out.append("".join(t.texts.get(k, "") for k in node.kids
                               if not isinstance(k, Node) and k[0] != "annot"))
    return "\n".join(out)


def marked_content(page: Any) -> list[tuple[str, Any]]:
    """Problems in a page's marked content: painting outside a sequence,
    an MCID or artifact inside an MCID, unbalanced BDC/EMC; and its MCIDs."""
    problems: list[tuple[str, Any]] = []
    stack: list[Any] = []
    seen: list[int] = []
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" else None
            inside = any(s == "A" or isinstance(s, int) for s in stack)
            if tag == "/Artifact":
                if any(isinstance(s, int) for s in stack):
                    problems.append(("artifact inside tagged content", tag))
                stack.append("A")
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                if inside:
                    problems.append(("MCID inside marked content", int(props.MCID)))
                stack.append(int(props.MCID))
                seen.append(int(props.MCID))
            else:
                stack.append(None)
        elif op == "EMC":
            if not stack:
                problems.append(("EMC without BDC", None))
            else:
                stack.pop()
        elif op in PAINT and not any(s == "A" or isinstance(s, int) for s in stack):
            problems.append(("untagged " + op, operands[:1]))
    if stack:
        problems.append(("BDC without EMC", stack))
    return problems + [("mcids", seen)]


def _text_objects(path: Path) -> Iterator[tuple[int, Any, Any, Any]]:
    """(page, pdfium page object, its text page, raw) of each string drawn."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        page = doc[i]
        text_page = page.get_textpage()
        for k in range(raw.FPDFPage_CountObjects(page.raw)):
            obj = raw.FPDFPage_GetObject(page.raw, k)
            if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_TEXT:
                yield i, obj, text_page, raw


def _utf16(fill: Any) -> str:
    import ctypes

    size = fill(None, 0)
    buf = (ctypes.c_ushort * (size // 2 + 1))()
    fill(buf, size)
    return bytes(buf)[:max(size - 2, 0)].decode("utf-16-le")


def mcid_texts(path: Path) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence (page, MCID), string by
    string as pdfium reads the page (pypdf's visitor hands text over when it
    flushes it, which may be after the next sequence began inside the same
    text object: a paragraph's and its links' sequences)."""
    out: dict[tuple[int, int], list[str]] = {}
    for i, obj, text_page, raw in _text_objects(path):
        mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
        if mcid >= 0:
            out.setdefault((i, mcid), []).append(
                _utf16(lambda b, s: raw.FPDFTextObj_GetText(obj, text_page.raw, b, s)))
    return {k: "".join(v) for k, v in out.items()}


def lang_spans(path: Path) -> list[tuple[int, str, str]]:
    """(page, /Lang, text) of each string drawn inside marked content that
    declares a language (a /Span <</Lang (en)>> inside a paragraph's), read
    with pdfium's page objects and their content marks."""
    import ctypes

    out: list[tuple[int, str, str]] = []
    for i, obj, text_page, raw in _text_objects(path):
        for m in range(raw.FPDFPageObj_CountMarks(obj)):
            mark = raw.FPDFPageObj_GetMark(obj, m)
            n = ctypes.c_ulong()
            buf = (ctypes.c_ushort * 256)()
            if not raw.FPDFPageObjMark_GetParamStringValue(mark, b"Lang", buf, 512,
                                                           ctypes.byref(n)):
                continue
            lang = bytes(buf)[:max(n.value - 2, 0)].decode("utf-16-le")
            text = _utf16(lambda b, s: raw.FPDFTextObj_GetText(obj, text_page.raw, b, s))
            out.append((i, lang, text))
    return out
