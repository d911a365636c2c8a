"""Tagged PDF (PDF/UA-1) for the screen edition.

ReportLab has no tagging API, so tagging happens in two steps:

1. While drawing, small hooks (`tagged`, `marked`, `artifact`, `actual_text`,
   `link_made`) write marked content into the page streams: content that
   belongs to the text is wrapped in `/P <</MCID n>> BDC … EMC`, decoration in
   `/Artifact BDC … EMC`. A `Tagger` (one per canvas) records which structure
   element each MCID and each link annotation belongs to, in drawing order
   (which is content order: flowables are drawn in the order of the blocks).
2. After ReportLab has written the file, `assemble` builds the structure tree
   from that record with pikepdf: StructTreeRoot, ParentTree, MarkInfo,
   /StructParents on pages, /StructParent and /Contents on link annotations,
   /Tabs /S.

When the canvas has no tagger (the print edition), every hook does nothing.

A flowable split across pages is drawn twice; elements opened with the same
`key` right after each other are one element, so a paragraph split across
pages is one P with marked content on both pages, and a table split across
pages is one Table (its repeated header rows become artifacts).
"""
from __future__ import annotations

import io
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Iterator

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


@dataclass
class Annotation:
    """A link annotation made while an element was open."""

    page: int            # 0-based page index
    index: int           # position in the page's /Annots
    element: Element
    contents: str


class Tagger:
    """Records marked content and structure while a canvas draws."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.stack: list[Element] = [self.root]
        self.artifact_depth = 0          # inside an artifact nothing is tagged
        self.page = 0                    # 0-based index of the page being drawn
        self.mcids: list[list[Element]] = [[]]    # per page: element of each MCID
        self.annots: list[Annotation] = []
        self._page_annots = 0

    # -- pages --------------------------------------------------------------------
    def next_page(self) -> None:
        """The canvas finished a page: MCIDs and annotation numbers restart."""
        self.page += 1
        self.mcids.append([])
        self._page_annots = 0

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
            else:
                element = Element(role or parent.role, dict(attrs or {}), key)
                parent.kids.append(element)
        self.stack.append(element)
        return element

    def close(self) -> None:
        self.stack.pop()

    # -- content --------------------------------------------------------------------
    def begin_marked(self, code: list[str]) -> None:
        """Start marked content belonging to the current element."""
        el = self.stack[-1]
        mcids = self.mcids[self.page]
        n = len(mcids)
        mcids.append(el)
        el.kids.append((self.page, n))
        code.append(f"/{el.role} <</MCID {n}>> BDC")

    def link(self, contents: str) -> None:
        """A link annotation was just added to the page: it belongs to the
        current Link element (or to a new Link holding only it)."""
        el = self.stack[-1]
        if el.role != "Link":
            el = Element("Link")
            self.stack[-1].kids.append(el)
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
def _span(canv: Any, text: str) -> Iterator[None]:
    hexed = ("feff" + text.encode("utf-16-be").hex()).upper()
    canv._code.append(f"/Span <</ActualText <{hexed}>>> BDC")
    try:
        yield
    finally:
        canv._code.append("EMC")


def actual_text(canv: Any, text: str) -> Any:
    """Drawing that stands for text (a rule drawn for "——"): the text layer
    reads `text` for it. Used inside marked content."""
    if tagger_of(canv) is None or not text:
        return nullcontext()
    return _span(canv, text)


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
    prev = 0
    todo = [root]
    while todo:
        el = todo.pop()
        if el.role in HEADINGS:
            level = min(int(el.role[1]), prev + 1)
            el.role = f"H{level}"
            prev = level
        todo.extend(k for k in reversed(el.kids) if isinstance(k, Element))


def _prune(el: Element) -> bool:
    """Drop elements without content (e.g. a Link in an edition without links);
    returns whether `el` keeps anything."""
    el.kids = [k for k in el.kids if not isinstance(k, Element) or _prune(k)]
    return bool(el.kids)


def assemble(data: bytes, tagger: Tagger, lang: str) -> bytes:
    """The written PDF with its structure tree, parent tree and tagging keys."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    _levels(tagger.root)
    _prune(tagger.root)
    pdf = pikepdf.open(io.BytesIO(data))
    pages = [p.obj for p in pdf.pages]
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    made: dict[int, Any] = {}
    annots = {(a.page, a.index): a for a in tagger.annots}
    annot_parent: list[tuple[Any, Any]] = []
    names: dict[str, Any] = {}
    elem = Name.StructElem

    def build(el: Element, parent: Any) -> Any:
        role = names.get(el.role) or names.setdefault(el.role, Name("/" + el.role))
        entries: dict[str, Any] = {"/Type": elem, "/S": role, "/P": parent}
        page_of = next((k[0] for k in el.kids if isinstance(k, tuple) and k[0] != "annot"), None)
        if page_of is not None:
            entries["/Pg"] = pages[page_of]
        for name, value in el.attrs.items():
            if name == "Scope":
                entries["/A"] = Dictionary(O=Name.Table, Scope=Name("/" + value))
            else:
                entries["/" + name] = String(str(value))
        d = made[id(el)] = pdf.make_indirect(Dictionary(entries))
        kids: list[Any] = []
        for k in el.kids:
            if isinstance(k, Element):
                kids.append(build(k, d))
            elif k[0] == "annot":
                annot = pages[k[1]].Annots[k[2]]
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[k[1]]))
                annot_parent.append((annots[(k[1], k[2])], annot))
            elif k[0] == page_of:
                kids.append(k[1])
            else:
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[k[0]], MCID=k[1]))
        d.K = kids[0] if len(kids) == 1 else Array(kids)
        return d

    doc = build(tagger.root, tree)
    tree.K = doc
    nums = Array()
    for i, page in enumerate(pages):
        if i < len(tagger.mcids) and tagger.mcids[i]:
            page.StructParents = i
            nums.append(i)
            nums.append(Array([made[id(el)] for el in tagger.mcids[i]]))
    key = len(pages)
    for info, annot in annot_parent:
        annot.StructParent = key
        if info.contents:
            annot.Contents = String(info.contents)
        nums.append(key)
        nums.append(made[id(info.element)])
        pages[info.page].Tabs = Name.S
        key += 1
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree.ParentTreeNextKey = key
    root = pdf.Root
    root.StructTreeRoot = tree
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(lang)
    prefs = root.get("/ViewerPreferences", Dictionary())
    prefs.DisplayDocTitle = True
    root.ViewerPreferences = prefs
    out = io.BytesIO()
    # streams are copied as ReportLab compressed them (no decode and re-encode);
    # the id is computed from the content, so rebuilds stay byte-identical
    pdf.save(out, deterministic_id=True, min_version="1.7",
             stream_decode_level=pikepdf.StreamDecodeLevel.none,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


class TableTags:
    """A ReportLab Table render callback (`renderCB`) that tags the table:
    Table > THead/TBody > TR > TH (scope column)/TD; backgrounds and rules are
    artifacts. The pieces of a split table share this callback, so they are
    one Table, and the header rows they repeat on later pages are artifacts."""

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
            if head and self.header_done:
                self._push(artifact(canv))        # a header repeated on a later page
            elif head:
                self._push(tagged(canv, "THead", (self, "head")), tagged(canv, "TR"))
            else:
                self._push(tagged(canv, "TBody", (self, "body")), tagged(canv, "TR"))
        elif event == "startCell":
            self._push(tagged(canv, "TH", Scope="Column") if head else tagged(canv, "TD"))
        elif event.startswith("end") and self._open:
            self._open.pop().close()
            if event == "endRow" and self._row == self.header_rows - 1:
                self.header_done = True
