"""Digests of what a written page is made of, to key preflight's page results.

A page check (colour, contrast, text in the safety margin, placed images,
the glyphs it shows) reads the page dictionary, its content streams and
every resource they name: fonts with their programs, ToUnicode maps and
widths, images, graphics states, forms. Its result may be reused only for
the very same inputs, so a page's key is a digest of all of them as written
(a Merkle digest: an object's digest covers its own serialised form, the
raw bytes of its stream, and the digests of the objects it refers to, in
place of their numbers: a page is the same page when an edit elsewhere
renumbered the file's objects), and of the attributes it inherits from the
page tree. What it refers to but the checks do not read through it is
named by its kind, not followed: other pages (a link's destination, a
parent), the structure tree, the page's annotations (no page check reads
them: the links are counted over the whole file on every check). A font program that changes
(a new character) changes the key of every page that uses the font, but
for the text-position check (ObjectDigests.text_fonts).

The digests come from the written file itself (through pikepdf, which the
whole-file checks open anyway): raw stream bytes are hashed as they are,
without decompressing them, so an unchanged page costs a few pikepdf calls
and a hash, not a parse of its content. A page whose objects refer to one
another in a cycle, or that refers to an object the file does not hold,
gets no key: it is checked afresh every time.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any, Callable

# an indirect reference in pikepdf's serialisation ("12 0 R"); a number pair
# inside a string that reads like one only adds an object to the digest
_REF = re.compile(rb"(?<![\d.])(\d+) (\d+) R\b")
# objects named but not followed (see the module's docstring)
_NOT_FOLLOWED = frozenset(("/Page", "/Pages", "/Catalog", "/StructTreeRoot", "/StructElem",
                           "/Outlines"))
# a subset's tag before its font's name (/SWGNRY+CSRPressBlack): named by its
# glyphs, it changes with them (see ObjectDigests.text_fonts)
_SUBSET_TAG = re.compile(rb"/[A-Z]{6}\+")
# a page's own geometry (see ObjectDigests.geometry)
_GEOMETRY = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit")
# what a subset rebuilds when a character is added anywhere: its program,
# the widths, code maps and bounding box of all its glyphs (see
# ObjectDigests.text_fonts)
_PROGRAMS = frozenset(("/FontFile", "/FontFile2", "/FontFile3", "/W", "/W2", "/ToUnicode",
                       "/CIDToGIDMap", "/FontBBox", "/Widths", "/CIDSet"))
# what a page inherits from the page tree (ISO 32000-1, 7.7.3.4)
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


class RawDigests:
    """Digests of stream bytes, kept with the bytes they were made of: bytes
    equal to kept ones (compared whole: exact, and ~30x cheaper than hashing
    them again; the fonts' programs are ~0.7 MB a file) take the kept digest.
    A watch session keeps one across builds, holding what the last build used."""

    def __init__(self) -> None:
        self.kept: dict[tuple[int, bytes, bytes], tuple[bytes, bytes]] = {}
        self.used: dict[tuple[int, bytes, bytes], tuple[bytes, bytes]] = {}

    def digest(self, raw: bytes) -> bytes:
        sig = (len(raw), raw[:32], raw[-32:])
        found = self.kept.get(sig) or self.used.get(sig)
        if found is None or found[0] != raw:
            found = (raw, hashlib.sha256(raw).digest())
        self.used[sig] = found
        return found[1]

    def next_build(self) -> None:
        """Keep what this build used (and drop the rest) for the next one."""
        self.kept, self.used = self.used, {}


class UsedMemo:
    """Results by an exact key, kept from one build to the next for the keys
    the last build used (a watch session's memory; never written)."""

    def __init__(self) -> None:
        self.kept: dict[Any, Any] = {}
        self.used: dict[Any, Any] = {}

    def get(self, key: Any, make: Any) -> Any:
        found = self.used.get(key)
        if found is None:
            found = self.kept.get(key)
            if found is None:
                found = make()
            self.used[key] = found
        return found

    def touch(self, key: Any) -> None:
        """Keep the result under key for the next build too, when held."""
        if key not in self.used and key in self.kept:
            self.used[key] = self.kept[key]

    def next_build(self) -> None:
        self.kept, self.used = self.used, {}


class _NoKey(Exception):
    """The page cannot be keyed (a cycle, a missing object): check it afresh."""


class ObjectDigests:
    """Digests of one opened file's objects (each computed once per file)."""

    def __init__(self, pdf: Any, known: RawDigests | None = None,
                 codes: UsedMemo | None = None) -> None:
        self.pdf = pdf
        self.known = known if known is not None else RawDigests()
        self.codes = codes if codes is not None else UsedMemo()   # (glyphcheck's)
        self.done: dict[tuple, Any] = {}
        self.busy: set[tuple[int, int]] = set()
        self._root: bytes | None = None

    def page(self, page: Any) -> bytes | None:
        """The key of a page (pikepdf.Page): its dictionary, everything it
        uses, what it inherits; None when it cannot be keyed."""
        return self._once("page", page.obj, self._page)

    def _once(self, kind: str, obj: Any, make: Callable[[Any], Any]) -> Any:
        """make(obj), made once per indirect object of the file for this
        kind of key; a direct object (objgen (0, 0)) has no identity to be
        kept by, and is made each time."""
        memo = (kind, obj.objgen)
        if memo in self.done:
            return self.done[memo]
        found = make(obj)
        if memo[1] != (0, 0):
            self.done[memo] = found
        return found

    def _page(self, obj: Any) -> bytes | None:
        try:
            h = hashlib.sha256(b"page\0")
            # (its annotations are named, not followed: no page check reads them)
            annots = obj.get("/Annots")
            skip = frozenset() if annots is None else frozenset([annots.objgen]) \
                if annots.is_indirect else frozenset(
                    (int(n), int(g)) for n, g in _REF.findall(annots.unparse(resolved=True)))
            h.update(self._direct(obj, skip))
            parent = obj.get("/Parent")
            h.update(self._inherited(parent.objgen) if parent is not None else b"")
            h.update(self.root())
            return h.digest()
        except _NoKey:
            return None

    def glyphs(self, page: Any) -> bytes | None:
        """The key of what the glyph check reads of a page (glyphcheck): its
        drawing (content streams, forms and their fonts: every resource but
        the page's fonts, see drawing) and its font table whole, programs,
        widths and code maps included. Not the rest of its dictionary (boxes,
        annotations, structure keys), which the check does not read: keyed
        by the page whole (``page``), every page was walked a second time
        (~6 ms of a watch edit's preflight) for what the drawing's key and
        one digest of the shared font table give. None: not keyed."""
        res = page.obj.get("/Resources")
        table = res.get("/Font") if res is not None else None
        try:
            fonts = b"no fonts" if table is None else self._value(table)
        except _NoKey:
            return None
        return self.drawing(page, b"glyph fonts\0" + fonts)

    def drawing(self, page: Any, fonts: bytes) -> bytes | None:
        """The key of what a page draws but its fonts, which only ``fonts``
        (what a check reads of them) stands for: its content streams, its
        other resources (images, graphics states, forms), optional content.
        Only a check that reads no more of the page than this may be kept by it."""
        try:
            held = self._once("drawing", page.obj, self._drawing)   # (the page's two checks)
            h = held.copy()
            h.update(b"fonts\0" + fonts)
            h.update(self.root())
            return h.digest()
        except _NoKey:
            return None

    def _drawing(self, obj: Any) -> Any:
        """The digest of a page's drawing but its fonts, as a hash object
        to go on from (see drawing)."""
        h = hashlib.sha256(b"drawing\0")
        contents = obj.get("/Contents")
        h.update(self._value(contents) if contents is not None else b"no contents")
        resources = obj.get("/Resources")
        for name in sorted(resources.keys()) if resources is not None else ():
            if name != "/Font":
                h.update(name.encode() + b"\0" + self._value(resources[name]))
        return h

    def text_fonts(self, page: Any) -> bytes | None:
        """What the text-position check reads of a page's fonts but what a
        subset rebuilds whenever a character is added anywhere in the report
        (None: cannot be keyed): every font dictionary, descendant font and
        descriptor, with the program, widths, code maps and bounding box of
        all glyphs named but not followed, and the subset tag of its name
        left out. The glyphs and widths of the
        codes the page shows are those of their characters in the face's
        source font (preflight keys that by the fonts' sources): keyed by
        the whole subset, one new character re-read every page with pdfium
        (a watch edit 0.45 → 0.7 s CPU). Once per font table of the file."""
        res = page.obj.get("/Resources")
        table = res.get("/Font") if res is not None else None
        if table is None:
            return b"no fonts"

        def keyed(fonts: Any) -> bytes | None:
            try:
                return self._without_programs(fonts, 0)
            except _NoKey:
                return None

        return self._once("text-fonts", table, keyed)

    def _without_programs(self, obj: Any, depth: int) -> bytes:
        import pikepdf

        if depth > 12:
            raise _NoKey       # (a cycle, or a font nested deeper than fonts are)
        h = hashlib.sha256()
        if isinstance(obj, pikepdf.Stream):
            h.update(b"stream\0" + self._without_programs(obj.stream_dict, depth + 1))
            h.update(self.known.digest(obj.read_raw_bytes()))
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)):
            text = _SUBSET_TAG.sub(b"/", obj.unparse(resolved=True))
            if b" R" not in text:             # (all direct: a /W array of thousands)
                h.update(b"direct\0" + text)
            elif isinstance(obj, pikepdf.Dictionary):
                h.update(b"dict\0")
                for key in sorted(obj.keys()):
                    h.update(key.encode() + b"\0")
                    if key in _PROGRAMS:
                        h.update(b"program")
                    else:
                        h.update(self._without_programs(obj[key], depth + 1))
            else:
                h.update(b"array\0")
                for item in obj:
                    h.update(self._without_programs(item, depth + 1))
        else:
            h.update(b"value\0" + _SUBSET_TAG.sub(b"/", _unparsed(obj)))
        return h.digest()

    def geometry(self, page: Any) -> bytes | None:
        """The key of a page's boxes, rotation and unit, its own and what it
        inherits from the page tree (the text-position check measures text
        against the trim box, the boxes check reads them); None: cannot be
        keyed. Once per page of the file."""
        return self._once("geometry", page.obj, self._geometry)

    def _geometry(self, obj: Any) -> bytes | None:
        try:
            h = hashlib.sha256(b"geometry\0")
            present = obj.keys()      # (one call: a page has three or four of the seven)
            for key in _GEOMETRY:
                value = obj.get(key) if key in present else None
                h.update(key.encode() + b"\0" + (_unparsed(value)
                                                  if value is not None else b"-") + b"\0")
            parent = obj.get("/Parent")
            h.update(self._inherited(parent.objgen) if parent is not None else b"")
            return h.digest()
        except _NoKey:
            return None

    def streams(self, parts: list[Any]) -> bytes | None:
        """The key of content streams (each indirect, with all they use),
        None when one is direct or cannot be keyed."""
        try:
            if not all(p.is_indirect for p in parts):
                return None
            return b"".join(self.of(p.objgen) for p in parts)
        except _NoKey:
            return None

    def _inherited(self, objgen: tuple[int, int], depth: int = 0) -> bytes:
        """What a page tree node passes down to its pages (its own entries
        and its ancestors'), by the node's number (once per file)."""
        key = ("inherited", objgen)
        found = self.done.get(key)
        if found is not None:
            return found
        if depth > 64 or objgen == (0, 0):       # (a page tree is shallow and indirect)
            raise _NoKey("a page tree too deep or a direct node")
        node = self.pdf.get_object(objgen)
        h = hashlib.sha256(b"inherited\0")
        for name in _INHERITED:
            value = node.get(name)
            if value is not None:
                h.update(name.encode() + b"\0")
                h.update(self._value(value))
        parent = node.get("/Parent")
        if parent is not None:
            h.update(self._inherited(parent.objgen, depth + 1))
        out = self.done[key] = h.digest()
        return out

    def root(self) -> bytes:
        """What the document says about every page's drawing: optional
        content (layers shown or hidden)."""
        if self._root is None:
            oc = self.pdf.Root.get("/OCProperties")
            self._root = b"oc\0" + (self._value(oc) if oc is not None else b"")
        return self._root

    def of(self, objgen: tuple[int, int]) -> bytes:
        """The digest of an indirect object and all it refers to."""
        found = self.done.get(objgen)
        if found is not None:
            return found
        if objgen in self.busy:
            raise _NoKey("a cycle")
        self.busy.add(objgen)
        try:
            out = self._object(objgen)
        finally:
            self.busy.discard(objgen)
        self.done[objgen] = out
        return out

    def _object(self, objgen: tuple[int, int]) -> bytes:
        import pikepdf

        try:
            obj = self.pdf.get_object(objgen)
        except Exception as exc:  # noqa: BLE001 - (pikepdf raises several kinds)
            raise _NoKey(str(exc)) from exc
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            kind = obj.get("/Type")
            if kind is not None and str(kind) in _NOT_FOLLOWED:
                return b"named " + str(kind).encode()
        return self._direct(obj)

    def _value(self, obj: Any) -> bytes:
        """The digest of a value: an indirect object's (once per file), a direct one's."""
        return self.of(obj.objgen) if obj.is_indirect else self._direct(obj)

    def _direct(self, obj: Any, skip: frozenset[tuple[int, int]] = frozenset()) -> bytes:
        """The digest of an object's own content (resolved one level: an
        indirect object's dictionary or value) and of what it refers to
        (but the objects in ``skip``, named by their number only)."""
        import pikepdf

        h = hashlib.sha256()
        if isinstance(obj, pikepdf.Stream):
            text = obj.stream_dict.unparse(resolved=True)
            h.update(b"stream\0")
        else:
            text = obj.unparse(resolved=True)
            h.update(b"object\0")
        refs = _REF.findall(text) if b" R" in text else ()
        h.update((_REF.sub(b"R", text) if refs else text) + b"\0")
        if isinstance(obj, pikepdf.Stream):
            h.update(self.known.digest(obj.read_raw_bytes()))
        for num, gen in refs:
            objgen = (int(num), int(gen))
            h.update(self.of(objgen) if objgen not in skip else b"not followed")
        return h.digest()


def _unparsed(value: Any) -> bytes:
    """A value as written (pikepdf gives numbers and booleans as Python's)."""
    unparse = getattr(value, "unparse", None)
    return unparse(resolved=True) if unparse is not None else repr(value).encode()
