"""The formatted bytes of a PDF object kept from one build to the next, by
exactly what formatting it reads.

Writing the screen edition formats ~300 small dictionaries with ReportLab's
generic code every build: the link annotations of the contents and indexes,
the page dictionaries, the outline's entries (~10 ms of a ~0.3 s watch
edit, at 30–50 µs an object). An edit leaves nearly all of them as they
were: the same values, the same object numbers. Here an object of one of
those classes gets a key made of every value its formatting reads, with the
objects it refers to by their numbers (registering an unregistered one as
formatting would, in the same order: a key is made by the same walk as the
bytes); an object whose key the last build formatted takes those bytes,
in a watch session and in a new process (the project cache keeps what the
last build used, with the versions of the code that formatted it).

A key is a tuple of plain values compared by equality (no digest: no
collision). Only exact classes whose formatting was read are keyed (see
`_vkey`), anything else in a value (a subclass, a list, a custom object)
makes the object unkeyed: ReportLab formats it, as before. With
CSRPRESS_VERIFY_REPLAY=1 every object kept is formatted again and must give
the kept bytes.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any, Callable

VERIFY_ENV = "CSRPRESS_VERIFY_REPLAY"


class Unkeyed(Exception):
    """A value whose formatting is not audited here: the object is formatted."""


class ObjectMemo:
    """Formatted objects of the session's builds by their keys, for one
    formatting context (ReportLab's settings that change the bytes). What a
    build did not use is dropped after the next one (as StreamMemo)."""

    def __init__(self, path: Any = None) -> None:
        self.path = path              # the project cache's file (a new process starts from it)
        self.context: Any = None
        self.last: dict[tuple, bytes] = {}
        self.now: dict[tuple, bytes] = {}
        self.hits = 0
        self.changed = False          # formatted anything the file does not hold
        # object streams (objstreams.py) by their number and objects, as
        # written: the last document's and this one's (in the session only)
        self.streams_last: dict[tuple, Any] = {}
        self.streams_now: dict[tuple, Any] = {}

    @classmethod
    def load(cls, path: Any) -> "ObjectMemo":
        """The memo the last process saved at `path` (sealed: see
        assets.cache), or an empty one."""
        from ..assets.cache import load_sealed

        memo = cls(path)
        found = load_sealed(path)
        if (isinstance(found, tuple) and len(found) == 2 and type(found[1]) is dict
                and all(type(k) is tuple and type(v) is bytes for k, v in found[1].items())):
            memo.context, memo.last = found
        return memo

    def save(self) -> None:
        """Keep what the last document used for the next process (when
        anything was formatted anew)."""
        from ..assets.cache import save_sealed

        if self.path is not None and self.changed:
            save_sealed(self.path, (self.context, self.now or self.last))
            self.changed = False

    def start(self, context: Any) -> None:
        """A document is about to be written in `context`."""
        if context != self.context:
            self.context, self.last, self.now = context, {}, {}
            self.changed = True
        elif self.now:
            self.last, self.now = self.now, {}
        if self.streams_now:
            self.streams_last, self.streams_now = self.streams_now, {}
        self.hits = 0

    def formatted(self, obj: Any, doc: Any, fmt: Callable[[Any, Any, int], bytes],
                  verify: bool = False) -> bytes:
        """`obj` formatted at top level (`fmt`: ReportLab's format), or the
        bytes an earlier build formatted for its key."""
        key = object_key(obj, doc)
        if key is None:
            return fmt(obj, doc, 1)
        got = self.now.get(key)
        if got is None:
            got = self.last.get(key)
            if got is None:
                got = fmt(obj, doc, 1)
                self.changed = True
            else:
                self.hits += 1
            self.now[key] = got
        else:
            self.hits += 1
        if verify and fmt(obj, doc, 1) != got:
            raise AssertionError(f"kept bytes of a {type(obj).__name__} differ from "
                                 f"its formatting")
        return got


def verifying() -> bool:
    """Is every kept object checked against its formatting (verify mode)?"""
    return os.environ.get(VERIFY_ENV) == "1"


def context() -> tuple:
    """ReportLab's settings that formatting reads (comments, line breaks),
    and the versions of the code that formats (kept bytes are a new
    process's too)."""
    from reportlab import Version, rl_config

    from ..assets.cache import package_version

    return (rl_config.invariant, rl_config.pdfComments, rl_config.pdfMultiLine, Version,
            package_version())


def object_key(obj: Any, doc: Any) -> tuple | None:
    """The key of a top-level object, or None when it is not keyed."""
    fn = _TOP.get(obj.__class__)
    if fn is None:
        return None
    try:
        return fn(obj, doc)
    except Exception:        # (unkeyed, or an error formatting raises itself)
        return None


# -- values --------------------------------------------------------------------------

def _vkey(v: Any, doc: Any) -> Any:
    """A value as ReportLab's ``format`` (non top level) formats it: plain
    numbers and strings as themselves (a float tagged), a reference by its number, an object that is formatted as
    a reference (``__RefOnly__``) registered and by its number, the audited
    classes by what their ``format`` reads. Raises Unkeyed otherwise."""
    cls = v.__class__
    if cls is str or cls is int or cls is bytes or v is None:
        return v
    if cls is float:               # (an int and an equal float may format apart)
        return ("f", v)
    fn = _VALUES.get(cls)
    if fn is None:
        from reportlab.pdfbase.pdfdoc import PDFObject

        if cls is bool:
            return ("bool", v)
        if isinstance(v, PDFObject) and hasattr(v, "__RefOnly__"):
            return _ref(doc.Reference(v), doc)
        raise Unkeyed(cls.__name__)
    return fn(v, doc)


def _ref(r: Any, doc: Any) -> tuple:
    return ("R", *doc.idToObjectNumberAndVersion[r.name])


def _array(a: Any, doc: Any) -> tuple:
    return ("A", a.multiline, tuple([_vkey(e, doc) for e in a.sequence]))


def _dict_items(d: dict, doc: Any) -> tuple:
    """A dictionary's entries in the order PDFDictionary.format writes them
    (sorted names unless an OrderedDict), with the kind of dictionary."""
    keys = list(d)
    ordered = isinstance(d, OrderedDict)
    if not ordered:
        keys.sort()
    return (ordered, tuple([(k, _vkey(d[k], doc)) for k in keys]))


def _dictionary(d: Any, doc: Any) -> tuple:
    if type(d.dict) not in (dict, OrderedDict):
        raise Unkeyed("PDFDictionary")
    return ("D", d.multiline, _dict_items(d.dict, doc))


def _string(s: Any, doc: Any) -> tuple:
    return ("S", type(s.s), s.s, getattr(s, "escape", 1), getattr(s, "enc", "auto"),
            s.unicodeEncValid)


def _resources(r: Any, doc: Any) -> tuple:
    """PDFResourceDictionary.format: its dictionaries (the empty ones left
    out) and ProcSet, in one dictionary written in name order."""
    d: dict[str, Any] = {}
    for name in r.dict_attributes:
        v = getattr(r, name)
        if isinstance(v, dict):
            if v:
                if type(v) is not dict:
                    raise Unkeyed("resource dictionary")
                d[name] = _Plain(v)
        else:
            d[name] = v
    v = r.ProcSet
    if isinstance(v, (list, tuple)):
        if v:
            d["ProcSet"] = _Seq(v)
    else:
        d["ProcSet"] = v
    return ("Res", _dict_items(d, doc))


class _Plain(dict):
    """A plain dictionary a resource dictionary writes as a PDFDictionary."""


class _Seq(list):
    """A list a resource dictionary writes as a PDFArray."""


def _destination(d: Any, doc: Any) -> tuple:
    """Destination.format: its form bound to its page (as format binds it)."""
    f, p = d.fmt, d.page
    if f is None or p is None:
        raise Unkeyed("unbound destination")
    f.page = p
    return ("Dest", _vkey(f, doc))


def _xyz(f: Any, doc: Any) -> tuple:
    return ("XYZ", f.typename, _ref(doc.Reference(f.page), doc), _vkey(f.left, doc),
            _vkey(f.top, doc), _vkey(f.zoom, doc))


def _fit(f: Any, doc: Any) -> tuple:
    return ("Fit", f.typename, _ref(doc.Reference(f.page), doc))


_VALUES: dict[type, Callable[[Any, Any], Any]] = {}


# -- top-level objects -----------------------------------------------------------------

def _comment(obj: Any) -> Any:
    return getattr(obj, "__Comment__", None)


def _page(p: Any, doc: Any) -> tuple:
    """PDFPage: check_format (which sets its defaults; format calls it again
    and finds them set), then PDFCatalog.format's dictionary, its Refs
    registered in their order."""
    p.check_format(doc)
    d: dict[str, Any] = {}
    for k, v in p.__Defaults__.items():
        v = getattr(p, k, v)
        if v is not None:
            d[k] = v
    for k in p.__NoDefault__:
        v = getattr(p, k, None)
        if v is not None:
            d[k] = v
    for k in p.__Refs__:
        if k in d:
            d[k] = doc.Reference(d[k])
    return ("Page", _comment(p), _dict_items(d, doc))


def _link(a: Any, doc: Any) -> tuple:
    """LinkAnnotation: the dictionary its Dict makes (which checks its names)."""
    return ("Link", _comment(a), _dictionary(a.Dict(), doc))


_OUTLINE_KEYS = ("Prev", "Next", "First", "Last", "Count")


def _outline(o: Any, doc: Any) -> tuple:
    """OutlineEntryObject.format: Title, Parent, Dest and the links set."""
    from reportlab.pdfbase.pdfdoc import PDFString

    d = {"Title": PDFString(o.Title), "Parent": o.Parent, "Dest": o.Dest}
    for n in _OUTLINE_KEYS:
        v = getattr(o, n)
        if v is not None:
            d[n] = v
    return ("Outline", _comment(o), _dict_items(d, doc))


_TOP: dict[type, Callable[[Any, Any], tuple]] = {}


def _install() -> None:
    """The audited classes (imported on first use: ReportLab's document
    module is needed only when a file is written)."""
    from reportlab.pdfbase import pdfdoc

    _VALUES.update({
        pdfdoc.PDFObjectReference: _ref,
        pdfdoc.PDFArray: _array,
        pdfdoc.PDFArrayCompact: _array,
        pdfdoc.PDFDictionary: _dictionary,
        pdfdoc.PDFString: _string,
        pdfdoc.PDFResourceDictionary: _resources,
        pdfdoc.Destination: _destination,
        pdfdoc.PDFDestinationXYZ: _xyz,
        pdfdoc.PDFDestinationFit: _fit,
        pdfdoc.PDFDestinationFitB: _fit,
        _Plain: lambda v, doc: ("D", True, _dict_items(v, doc)),
        _Seq: lambda v, doc: ("A", True, tuple([_vkey(e, doc) for e in v])),
    })
    _TOP.update({
        pdfdoc.PDFPage: _page,
        pdfdoc.LinkAnnotation: _link,
        pdfdoc.OutlineEntryObject: _outline,
    })


_install()
