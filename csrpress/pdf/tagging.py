"""Tagged PDF (PDF/UA-1) for the screen edition.

ReportLab has no tagging API, so tagging happens in two steps:

1. While drawing, small hooks (`tagged`, `marked`, `artifact`, `actual_text`,
   `link_made`) write marked content into the page streams: content that
   belongs to the text is wrapped in `/P <</MCID n>> BDC … EMC`, decoration in
   `/Artifact BDC … EMC`. A `Tagger` (one per canvas) records which structure
   element each MCID and each link annotation belongs to, in drawing order
   (which is content order: flowables are drawn in the order of the blocks).
2. When the canvas saves, `write_tree` turns that record into PDF objects in
   ReportLab's own document before it is written: StructTreeRoot, ParentTree,
   MarkInfo, /StructParents on pages, /StructParent and /Contents on link
   annotations, /Tabs /S. The file is written once: re-opening it with pikepdf
   and saving it again cost more than the tree itself (0.16–0.22 s of an edit
   build, plus importing pikepdf), and the page streams are left as they are.

When the canvas has no tagger (the print edition), every hook does nothing.

A flowable split across pages is drawn twice; elements opened with the same
`key` right after each other are one element, so a paragraph split across
pages is one P with marked content on both pages, and a table split across
pages is one Table (its repeated header rows become artifacts).
"""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterator

HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


@dataclass(eq=False)
class Element:
    """A structure element: its type, attributes and kids in reading order.

    Kids are elements, (page, mcid) pairs of marked content, or
    ("annot", page, index) references to link annotations."""

    role: str
    attrs: dict[str, Any] = field(default_factory=dict)
    key: Any = None
    kids: list[Any] = field(default_factory=list)
    serial: int = -1     # its place among the elements its tagger made (see Tagger.trace)


@dataclass
class Annotation:
    """A link annotation made while an element was open."""

    page: int            # 0-based page index
    index: int           # position in the page's /Annots
    element: Element
    contents: str


# (the trace's entries that say all there is to say: shared, not made per event)
_CLOSE, _MARKED, _PAGE = ("c",), ("m",), ("p",)


class Tagger:
    """Records marked content and structure while a canvas draws.

    ``trace``: every change made to the structure, in order, as plain values
    (an element opened, continued or re-entered with its role and attributes,
    closed, marked content begun, a link, a page ended, a recorded page
    replayed: its operations and which of its elements continued one before
    it). The same trace makes the same tree (nothing else changes it), so
    write_tree keeps what it wrote from the last build's (see there)."""

    def __init__(self) -> None:
        self.root = Element("Document", serial=0)
        self.stack: list[Element] = [self.root]
        self.artifact_depth = 0          # inside an artifact nothing is tagged
        self.page = 0                    # 0-based index of the page being drawn
        self.mcids: list[list[Element]] = [[]]    # per page: element of each MCID
        self.annots: list[Annotation] = []
        self._page_annots = 0
        self.trace: list[tuple] = []
        self.made = 1                    # elements made (the root is the first)

    # -- pages --------------------------------------------------------------------
    def next_page(self) -> None:
        """The canvas finished a page: MCIDs and annotation numbers restart."""
        self.page += 1
        self.mcids.append([])
        self._page_annots = 0
        self.trace.append(_PAGE)

    # -- structure ------------------------------------------------------------------
    def open(self, role: str | None, key: Any = None, attrs: dict[str, Any] | None = None,
             element: Element | None = None) -> Element:
        """Open a child element of the current one (or continue the last child
        when it has the same role and key, or re-enter `element`)."""
        parent = self.stack[-1]
        if element is None:
            last = parent.kids[-1] if parent.kids else None
            if key is not None and isinstance(last, Element) and last.key == key \
                    and last.role == role:
                element = last
                self.trace.append(("o", role))
            else:
                element = Element(role or parent.role, dict(attrs or {}), key, serial=self.made)
                self.made += 1
                parent.kids.append(element)
                self.trace.append(("n", role, tuple(element.attrs.items())))
        else:
            self.trace.append(("e", element.serial))
        self.stack.append(element)
        return element

    def close(self) -> None:
        self.stack.pop()
        self.trace.append(_CLOSE)

    def replay(self, ops: list[tuple], slots: list[Any], other: Callable[[tuple], None],
               fail: Callable[[str], Exception]) -> None:
        """A recorded page's operations (paginate.replay), with the tagging
        ones done here as `open`, `close`, `begin_marked` and `link` do
        them (nine in ten of a page's ~100, where a method call each was
        half their cost); `other` does the rest, in order. `fail`: the
        error for marked content whose code differs from the recorded."""
        stack, page = self.stack, self.page
        mcids = self.mcids[page]
        push, pop = stack.append, stack.pop
        opened: list[Element] = []          # elements opened, in order (for "reenter")
        continued: list[int] = []           # which of them continued one before them
        made = self.made
        trace = self.trace
        at = len(trace)
        trace.append(_PAGE)                 # (its place: see the end)
        for op in ops:
            what = op[0]
            if what == "close":             # (by frequency: close, open, marked)
                pop()
            elif what == "open":
                ref = op[2]
                key = ref[1] if ref[0] == "value" else slots[ref[1]]
                role = op[1]
                parent = stack[-1]
                kids = parent.kids
                last = kids[-1] if kids else None
                if key is not None and last.__class__ is Element and last.key == key \
                        and last.role == role:
                    element = last
                    continued.append(len(opened))
                else:
                    element = Element(role or parent.role, dict(op[3]) if op[3] else {}, key,
                                      serial=made)
                    made += 1
                    kids.append(element)
                push(element)
                opened.append(element)
            elif what == "marked":
                el = stack[-1]
                n = len(mcids)
                mcids.append(el)
                el.kids.append((page, n))
                if op[1] != f"/{el.role} <</MCID {n}>> BDC":
                    raise fail(f"marked content /{el.role} <</MCID {n}>> BDC "
                               f"replayed as {op[1]}")
            elif what == "reenter":
                push(opened[op[1]])
            elif what == "link":
                self.made = made
                self.link(op[1])
                made = self.made
            else:
                self.made = made
                other(op)
                made = self.made
        self.made = made
        # (before what the page's links and other operations traced themselves)
        trace[at] = ("r", ops, tuple(continued))

    def recorded(self, at: int, ops: list[tuple]) -> None:
        """The page whose drawing traced ``trace[at:]`` was recorded with these
        operations (paginate.replay): its trace is written as replaying them
        writes it (the operations, which of its elements continued one
        before them, then its links), so a page drawn in one build and
        replayed in the next traces the same. A page whose trace holds
        anything else (a page end) is left as it traced."""
        continued: list[int] = []
        links: list[tuple] = []
        n = 0
        for event in self.trace[at:]:
            kind = event[0]
            if kind == "o":
                continued.append(n)
                n += 1
            elif kind == "n":
                n += 1
            elif kind == "l":
                links.append(event)
            elif kind not in ("c", "m", "e"):
                return
        self.trace[at:] = [("r", ops, tuple(continued)), *links]

    # -- content --------------------------------------------------------------------
    def begin_marked(self, code: list[str]) -> None:
        """Start marked content belonging to the current element."""
        el = self.stack[-1]
        mcids = self.mcids[self.page]
        n = len(mcids)
        mcids.append(el)
        el.kids.append((self.page, n))
        code.append(f"/{el.role} <</MCID {n}>> BDC")
        self.trace.append(_MARKED)

    def link(self, contents: str) -> None:
        """A link annotation was just added to the page: it belongs to the
        current Link element (or to a new Link holding only it)."""
        el = self.stack[-1]
        if el.role != "Link":
            el = Element("Link", serial=self.made)
            self.made += 1
            self.stack[-1].kids.append(el)
        self.trace.append(("l", contents))
        self.annots.append(Annotation(self.page, self._page_annots, el, contents))
        el.kids.append(("annot", self.page, self._page_annots))
        self._page_annots += 1


# -- hooks for drawing code (no-ops without a tagger) ---------------------------------

def tagger_of(canv: Any) -> Tagger | None:
    """The canvas's tagger while it is drawing real content (None in an artifact
    or on an untagged canvas)."""
    t = getattr(canv, "tagger", None)
    return t if t is not None and not t.artifact_depth else None


class _Element:
    """An open structure element for a ``with`` block (a class, not a
    generator: the hooks run for every paragraph, cell and line drawn, and
    generator context managers cost several times as much)."""

    __slots__ = ("t", "args")

    def __init__(self, t: Tagger, role: str | None, key: Any, attrs: dict[str, Any],
                 element: Element | None) -> None:
        self.t, self.args = t, (role, key, attrs, element)

    def __enter__(self) -> Element:
        return self.t.open(*self.args)

    def __exit__(self, *exc: Any) -> None:
        self.t.close()


def tagged(canv: Any, role: str | None = None, key: Any = None, element: Element | None = None,
           **attrs: Any) -> Any:
    """A structure element around what is drawn inside (a container: Table,
    L, BlockQuote…); yields the element (to re-enter it later) or None."""
    t = tagger_of(canv)
    if t is None or (role is None and element is None):
        return nullcontext()
    return _Element(t, role, key, attrs, element)


class _Marked:
    """Marked content (one MCID) for a ``with`` block (see _Element)."""

    __slots__ = ("canv", "t", "role", "key", "attrs")

    def __init__(self, canv: Any, t: Tagger, role: str | None, key: Any,
                 attrs: dict[str, Any]) -> None:
        self.canv, self.t, self.role, self.key, self.attrs = canv, t, role, key, attrs

    def __enter__(self) -> None:
        if self.role:
            self.t.open(self.role, self.key, self.attrs)
        self.t.begin_marked(self.canv._code)

    def __exit__(self, *exc: Any) -> None:
        self.canv._code.append("EMC")
        if self.role:
            self.t.close()


def marked(canv: Any, role: str | None = None, key: Any = None, **attrs: Any) -> Any:
    """Marked content (one MCID) for what is drawn inside: of a new element
    of `role`, or of the current element when role is None."""
    t = tagger_of(canv)
    if t is None:
        return nullcontext()
    return _Marked(canv, t, role, key, attrs)


class _Artifact:
    """Decoration for a ``with`` block (see _Element)."""

    __slots__ = ("canv", "t", "kind")

    def __init__(self, canv: Any, t: Tagger, kind: str) -> None:
        self.canv, self.t, self.kind = canv, t, kind

    def __enter__(self) -> None:
        self.canv._code.append(f"/Artifact <</Type /{self.kind}>> BDC")
        self.t.artifact_depth += 1

    def __exit__(self, *exc: Any) -> None:
        self.t.artifact_depth -= 1
        self.canv._code.append("EMC")


def artifact(canv: Any, kind: str = "Layout") -> Any:
    """Decoration (rules, backgrounds, running heads, marks): not read aloud."""
    t = tagger_of(canv)
    if t is None:
        return nullcontext()
    return _Artifact(canv, t, kind)


@contextmanager
def text_span(owner: Any, text: str) -> Iterator[None]:
    """A span whose drawing the text layer reads as `text` (ActualText),
    written into `owner`'s operators: a canvas, or a text object (the
    hyphen a line breaking inside a word adds reads as a soft hyphen)."""
    hexed = ("feff" + text.encode("utf-16-be").hex()).upper()
    owner._code.append(f"/Span <</ActualText <{hexed}>>> BDC")
    try:
        yield
    finally:
        owner._code.append("EMC")


def actual_text(canv: Any, text: str) -> Any:
    """Drawing that stands for text (a rule drawn for "——"): the text layer
    reads `text` for it. Used inside marked content."""
    if tagger_of(canv) is None or not text:
        return nullcontext()
    return text_span(canv, text)


def is_tagged(canv: Any) -> bool:
    """Does this canvas write a tagged PDF (so text tricks are not needed)?"""
    return getattr(canv, "tagger", None) is not None


def link_made(canv: Any, contents: str) -> None:
    """Record the link annotation just added (for its /StructParent)."""
    t = getattr(canv, "tagger", None)
    if t is not None:
        t.link(contents)


# -- assembly ---------------------------------------------------------------------------

def _levels(root: Element) -> None:
    """Heading levels never skip: each heading is at most one level below
    the one before it (the first is H1), whatever the content's levels."""
    _tidy(root, prune=False)


def _tidy(root: Element, prune: bool = True) -> None:
    """Close up heading levels (see _levels) and, with `prune`, drop
    elements without content (e.g. a Link in an edition without links), in
    one walk: headings in reading order, every element (even one dropped)
    counted, as two walks would."""
    prev = 0

    def visit(el: Element) -> bool:
        nonlocal prev
        if el.role in HEADINGS:
            level = min(int(el.role[1]), prev + 1)
            el.role = f"H{level}"
            prev = level
        if prune:
            kids, dropped = el.kids, False
            for k in kids:
                if isinstance(k, Element) and not visit(k):
                    dropped = True
            if dropped:             # (a list made again only where a kid goes)
                el.kids = [k for k in kids if not isinstance(k, Element) or k.kids]
        else:
            for k in el.kids:
                if isinstance(k, Element):
                    visit(k)
        return bool(el.kids)

    visit(root)


@lru_cache(maxsize=None)
def _written_class() -> type:
    """The class of objects written as bytes made beforehand (a subclass of
    ReportLab's PDFObject, made on first use: drawing code imports this module,
    and ReportLab's document module is needed only when a file is written)."""
    from reportlab.pdfbase.pdfdoc import PDFObject

    class Written(PDFObject):
        """An indirect object whose bytes are made before ReportLab writes the
        file (the numbers of the objects it refers to are known by then), so
        the thousands of structure elements cost one bytes join each instead of
        ReportLab's dictionary formatting. `format` is all ReportLab calls."""

        def __init__(self) -> None:
            self.data = b""

        def format(self, document: Any) -> bytes:
            return self.data

    return Written


def _name(role: str) -> bytes:
    from reportlab.pdfbase.pdfdoc import PDFName

    return PDFName(role).encode("ascii")


@dataclass
class _Written:
    """What write_tree made of a tree (see there): the elements' bytes, the
    parent tree's, the document element's reference and the next parent
    tree key, the pages given StructParents, the annotations given a
    StructParent (page, index on it, key, contents), in the order set."""

    bodies: list[bytes]
    parents: bytes
    doc_ref: bytes
    next_key: int
    struct_parents: list[int]
    annotations: list[tuple[int, int, int, str]]


def write_tree(canv: Any, tagger: Tagger, lang: str) -> None:
    """Add the structure tree, parent tree and tagging keys to the canvas's
    document before ReportLab writes it: StructTreeRoot, ParentTree,
    MarkInfo, /Lang, DisplayDocTitle, /StructParents and /Tabs /S on pages,
    /StructParent and /Contents on link annotations, PDF 1.7.

    Called once every page is shown and before the document is formatted:
    pages and annotations have their object numbers then, so every structure
    element's bytes can be written here (ReportLab numbers objects when they
    are registered and never renumbers them).

    A tree made by the same trace (Tagger.trace) as the last one the build
    session wrote, in a document that numbers its pages, annotations and
    the tree's objects as that one did, is that tree: its bytes are the
    ones written then (a watch edit rewrote ~2,300 elements' bytes, ~10 ms,
    for the one or two pages it changed). With CSRPRESS_VERIFY_REPLAY=1 the
    tree is written anew and must give the kept bytes."""
    import os

    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString

    from ..session import active

    Written = _written_class()
    doc = canv._doc
    numbers = doc.idToObjectNumberAndVersion
    pages = doc.Pages.pages
    register = _registrar(doc)
    page_refs = [b"%d 0 R" % numbers[p.__InternalName__][0] for p in pages]
    tree = Written()
    tree_ref = register(tree)
    # the elements take the numbers after the tree root's, in reading order
    # (as registering each would give them: nothing registers while they
    # are made), written from this block (objstreams.py), not registered
    first = doc.objectcounter + 1
    session = active()
    key = _tree_key(doc, pages, tagger, lang, page_refs, tree_ref, first) \
        if session is not None else None
    held = session.struct_tree if session is not None else None
    kept = held[2] if (held is not None and key is not None and held[0] == key
                       and held[1] == tagger.trace) else None
    verify = os.environ.get("CSRPRESS_VERIFY_REPLAY") == "1"
    if kept is None or verify:
        made = _write_elements(doc, tagger, pages, page_refs, tree_ref, first)
        if kept is not None and made != kept:
            raise AssertionError("a kept structure tree differs from the tree written anew")
        kept = made
        if key is not None and session is not None:
            session.struct_tree = (key, tagger.trace, kept)
    written_blocks(doc)[first] = kept.bodies
    doc.objectcounter += len(kept.bodies)
    for i in kept.struct_parents:
        _page_keys(pages[i], StructParents=i)
    for page, index, number, contents in kept.annotations:
        _annotation_keys(doc.idToObject[pages[page].Annots[index].name], number, contents)
        _page_keys(pages[page], Tabs=PDFName("S"))
    parents = Written()
    parents.data = kept.parents
    tree.data = (b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d>>"
                 % (kept.doc_ref, register(parents), kept.next_key))
    cat = doc.Catalog
    cat.StructTreeRoot = tree
    cat.MarkInfo = PDFDictionary({"Marked": "true"})
    cat.__Refs__ = [k for k in cat.__Refs__ if k != "MarkInfo"]    # kept direct
    cat.Lang = PDFString(lang)
    canv.setViewerPreference("DisplayDocTitle", "true")
    doc._pdfVersion = max(doc._pdfVersion, (1, 7))


def _tree_key(doc: Any, pages: list[Any], tagger: Tagger, lang: str, page_refs: list[bytes],
              tree_ref: bytes, first: int) -> tuple | None:
    """What a tree's bytes depend on besides its trace: the language, the
    pages' and link annotations' object numbers, the number its elements
    start from (None: an annotation the pages do not hold, not kept)."""
    numbers = doc.idToObjectNumberAndVersion
    try:
        annots = tuple((a.page, a.index, numbers[pages[a.page].Annots[a.index].name][0])
                       for a in tagger.annots)
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    return (lang, tuple(page_refs), annots, tree_ref, first)


def _write_elements(doc: Any, tagger: Tagger, pages: list[Any], page_refs: list[bytes],
                    tree_ref: bytes, first: int) -> _Written:
    """The tree's bytes, numbered from ``first`` (see write_tree)."""
    from reportlab.pdfbase.pdfdoc import PDFString

    _tidy(tagger.root)
    numbers = doc.idToObjectNumberAndVersion
    bodies: list[bytes] = []
    made: dict[int, bytes] = {}
    annots = {(a.page, a.index): a for a in tagger.annots}
    annot_parent: list[Annotation] = []
    roles: dict[str, bytes] = {}
    attr_bytes: dict[tuple[str, Any], bytes] = {}

    def attr(name: str, value: Any) -> bytes:
        if name == "Scope":
            return b"/A<</O/Table/Scope" + _name(value) + b">>"
        if name == "ColSpan":         # (a table's group row: one cell across its columns)
            return b"/A<</O/Table/ColSpan %d>>" % int(value)
        return _name(name) + b" " + PDFString(str(value)).format(doc)

    def build(el: Element, parent: bytes) -> bytes:
        at = len(bodies)
        bodies.append(b"")
        ref = made[id(el)] = b"%d 0 R" % (first + at)
        role = roles.get(el.role) or roles.setdefault(el.role, _name(el.role))
        parts = [b"<</Type/StructElem/S", role, b"/P ", parent]
        page_of = None
        for k in el.kids:
            if k.__class__ is tuple and k[0] != "annot":
                page_of = k[0]
                parts += [b"/Pg ", page_refs[page_of]]
                break
        for item in el.attrs.items():
            got = attr_bytes.get(item) if type(item[1]) is str else None
            if got is None:
                got = attr(*item)
                if type(item[1]) is str:
                    attr_bytes[item] = got
            parts.append(got)
        kids: list[bytes] = []
        for k in el.kids:
            if k.__class__ is not tuple:
                kids.append(build(k, ref))
            elif k[0] == page_of:
                kids.append(b"%d" % k[1])
            elif k[0] == "annot":
                name = pages[k[1]].Annots[k[2]].name
                kids.append(b"<</Type/OBJR/Obj %d 0 R/Pg %s>>"
                            % (numbers[name][0], page_refs[k[1]]))
                annot_parent.append(annots[(k[1], k[2])])
            else:
                kids.append(b"<</Type/MCR/Pg %s/MCID %d>>" % (page_refs[k[0]], k[1]))
        parts += [b"/K ", kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]", b">>"]
        bodies[at] = b"".join(parts)
        return ref

    doc_ref = build(tagger.root, tree_ref)
    if doc.objectcounter != first - 1:
        raise AssertionError("an object was registered while the structure tree was made")
    nums: list[bytes] = []
    struct_parents: list[int] = []
    for i in range(len(pages)):
        if i < len(tagger.mcids) and tagger.mcids[i]:
            struct_parents.append(i)
            nums.append(b"%d [%s]" % (i, b" ".join(made[id(el)] for el in tagger.mcids[i])))
    key = len(pages)
    annotations: list[tuple[int, int, int, str]] = []
    for info in annot_parent:
        annotations.append((info.page, info.index, key, info.contents))
        nums.append(b"%d %s" % (key, made[id(info.element)]))
        key += 1
    return _Written(bodies, b"<</Nums[" + b"\n".join(nums) + b"]>>", doc_ref, key,
                    struct_parents, annotations)


def written_blocks(doc: Any) -> dict[int, list[bytes]]:
    """Runs of objects a document writes from their bytes without
    registering them (the structure elements: thousands of objects that
    nothing refers to by name), by their first number (objstreams.py)."""
    blocks = doc.__dict__.get("_csr_blocks")
    if blocks is None:
        blocks = doc._csr_blocks = {}
    return blocks


def _registrar(doc: Any) -> Any:
    """A function that registers a new object in ReportLab's document as
    ``doc.Reference`` does (the next number, named "R<number>") and returns
    its reference as bytes: the tree registers thousands of fresh objects,
    and Reference checks each for a name it cannot have yet."""
    numbers, ids, objects = doc.idToObjectNumberAndVersion, doc.numberToId, doc.idToObject

    def register(obj: Any) -> bytes:
        n = doc.objectcounter + 1
        name = "R" + repr(n)
        if name in objects:                      # (named so by someone: Reference decides)
            return b"%d 0 R" % numbers[doc.Reference(obj).name][0]
        doc.objectcounter = n
        obj.__InternalName__ = name
        numbers[name] = (n, 0)
        ids[n] = name
        objects[name] = obj
        return b"%d 0 R" % n

    return register


def _page_keys(page: Any, **keys: Any) -> None:
    """Set page dictionary keys ReportLab's PDFPage does not know of (it
    writes only the names in its __NoDefault__ list)."""
    known = page.__NoDefault__
    for k, v in keys.items():
        if k not in known:
            known = page.__NoDefault__ = [*known, k]
        setattr(page, k, v)


def _annotation_keys(annot: Any, key: int, contents: str) -> None:
    """/StructParent (and /Contents when there is a description) on a link
    annotation: a dictionary (linkURL) or ReportLab's LinkAnnotation (linkRect),
    which accepts only the keys in its `permitted` list."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString

    if isinstance(annot, PDFDictionary):
        annot["StructParent"] = key
        if contents:
            annot["Contents"] = PDFString(contents)
        return
    annot.otherkw["StructParent"] = key
    annot.permitted = (*annot.permitted, "StructParent")
    if contents:
        annot.Contents = contents


class TableTags:
    """A ReportLab Table render callback (`renderCB`) that tags the table:
    Table > THead/TBody > TR > TH (scope column)/TD; backgrounds and rules are
    artifacts. The pieces of a split table share this callback, so they are
    one Table, and the header rows they repeat on later pages are artifacts
    (a piece that says so itself, `header_repeated`, is not asked about the
    pieces drawn before it: a page drawn again from a record draws none)."""

    def __init__(self, header_rows: int = 1) -> None:
        self.header_rows = header_rows
        self.header_done = False
        self._row = 0
        self._open: list[Any] = []

    def _push(self, *managers: Any) -> None:
        from contextlib import ExitStack
        stack = ExitStack()
        for m in managers:
            stack.enter_context(m)
        self._open.append(stack)

    def __call__(self, table: Any, event: str, *args: Any) -> None:
        canv = table.canv
        if tagger_of(canv) is None and not self._open:
            return
        head = bool(args) and args[0] < self.header_rows
        if event == "startTable":
            self._push(tagged(canv, "Table", self))
        elif event in ("startBG", "startLines"):
            self._push(artifact(canv))
        elif event == "startRow":
            self._row = args[0]
            if (head or args[0] < getattr(table, "repeatRows", 0)) and \
                    getattr(table, "header_repeated", self.header_done):
                self._push(artifact(canv))        # a header (and group row) repeated on a later page
            elif head:
                self._push(tagged(canv, "THead", (self, "head")), tagged(canv, "TR"))
            else:
                self._push(tagged(canv, "TBody", (self, "body")), tagged(canv, "TR"))
        elif event == "startCell":
            row, col = args[0], args[1]
            span = getattr(table, "_spanRanges", None) and table._spanRanges.get((col, row))
            wide = {"ColSpan": span[2] - span[0] + 1} if span and span[2] > span[0] else {}
            self._push(tagged(canv, "TH", Scope="Column") if head else tagged(canv, "TD", **wide))
        elif event.startswith("end") and self._open:
            self._open.pop().close()
            if event == "endRow" and self._row == self.header_rows - 1:
                self.header_done = True
