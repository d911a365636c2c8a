"""PDF/X for the print edition, written by ReportLab itself (no second pass
over the file): the OutputIntent with its embedded ICC profile, the version
keys, the trailer ID, the fixed creation date, and overprint for black.

PDF/X-4 (ISO 15930-7) is the default; PDF/X-1a:2003 (ISO 15930-4) is there for
printers who ask for it (PDF 1.4, no transparency: the report uses none).
"""
from __future__ import annotations

import hashlib
import uuid
from typing import Any

PDF_VERSION = {"PDF/X-4": (1, 6), "PDF/X-1a:2003": (1, 4)}
INFO_VERSION = {"PDF/X-4": "PDF/X-4", "PDF/X-1a:2003": "PDF/X-1a:2003"}
_NS = uuid.UUID("6f1d2d6e-0c57-4b7b-9a57-0c8e5b6f2a11")    # csrpress's namespace for ids


def document_ids(report: Any, edition: Any, page_hashes: list[str]) -> tuple[str, str]:
    """xmpMM DocumentID (the report and edition: stable across rebuilds) and
    InstanceID (this rendering: changes with what the pages draw)."""
    base = f"{report.meta.get('output')}|{report.meta.get('title')}|{edition.name}"
    doc = uuid.uuid5(_NS, base)
    inst = uuid.uuid5(doc, "|".join(page_hashes))
    return f"uuid:{doc}", f"uuid:{inst}"


def set_timestamp(canvas: Any, epoch: int) -> None:
    """Info CreationDate/ModDate at the report's date (UTC), not the clock."""
    import time

    ts = canvas._doc._timeStamp
    ts.t = epoch
    ts.lt = time.gmtime(epoch)
    ts.YMDhms = tuple(ts.lt)[:6]
    ts.dhh = ts.dmm = 0


def set_trailer_id(canvas: Any, ids: tuple[str, str]) -> None:
    """The trailer /ID from the document and instance ids (ReportLab's
    invariant mode would give every edition of a report the same one)."""
    from reportlab.pdfbase.pdfdoc import DummyDoc, PDFText

    first = hashlib.md5(ids[0].encode()).digest()
    second = hashlib.md5(ids[1].encode()).digest()
    dummy = DummyDoc()
    canvas._doc._ID = (b"\n[" + PDFText(first, enc="raw").format(dummy) +
                       PDFText(second, enc="raw").format(dummy) + b"]\n")


def make_pdfx(canvas: Any, edition: Any, profile: Any) -> None:
    """Version, Info GTS_PDFXVersion and the OutputIntent (print editions with a standard)."""
    from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFName, PDFStream,
                                          PDFString)

    std = edition.standard
    doc = canvas._doc
    doc._pdfVersion = PDF_VERSION[std]
    stream = PDFStream(PDFDictionary({"N": 4}), profile.data)
    stream.filters = []          # the profile is stored as it is (compressed by ReportLab)
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(profile.identifier),
        "OutputCondition": PDFString(profile.condition),
        "RegistryName": PDFString(profile.registry),
        "Info": PDFString(profile.info),
        "DestOutputProfile": doc.Reference(stream),
    })
    cat = doc.Catalog
    cat.OutputIntents = PDFArray([intent])
    cat.__NoDefault__ = list(cat.__NoDefault__) + ["OutputIntents"]
    info = doc.info
    info.__class__ = _pdfx_info_class(info.__class__)
    info.gts_version = INFO_VERSION[std]


_INFO_CLASSES: dict[type, type] = {}


def _pdfx_info_class(base: type) -> type:
    """ReportLab's Info dictionary with the GTS_PDFXVersion key added."""
    if base not in _INFO_CLASSES:
        from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFName, PDFString

        class PDFXInfo(base):  # type: ignore[misc, valid-type]
            gts_version = ""

            def format(self, document: Any) -> bytes:
                d = {"Title": PDFString(self.title), "Author": PDFString(self.author),
                     "Producer": PDFString(self.producer), "Creator": PDFString(self.creator),
                     "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
                     "Trapped": PDFName(self.trapped),
                     "GTS_PDFXVersion": PDFString(self.gts_version)}
                d["ModDate"] = d["CreationDate"] = PDFDate(ts=document._timeStamp,
                                                           dateFormatter=self._dateFormatter)
                return PDFDictionary(d).format(document)

        _INFO_CLASSES[base] = PDFXInfo
    return _INFO_CLASSES[base]


def is_black(colour: Any) -> bool:
    """Solid black of the black plate only (0/0/0/100): the colour that overprints."""
    from reportlab.lib.colors import CMYKColor, CMYKColorSep

    return (isinstance(colour, CMYKColor) and not isinstance(colour, CMYKColorSep) and
            colour.cyan == colour.magenta == colour.yellow == 0 and colour.black >= 1 and
            getattr(colour, "density", 1) == 1)


def only_black(colour: Any) -> bool:
    """A colour on the black plate alone (any tint): thin rules in it overprint."""
    from reportlab.lib.colors import CMYKColor, CMYKColorSep

    return (isinstance(colour, CMYKColor) and not isinstance(colour, CMYKColorSep) and
            colour.cyan == colour.magenta == colour.yellow == 0 and colour.black > 0)


def registration() -> Any:
    """The registration colour: all plates (a /Separation /All colour space)."""
    from reportlab.lib.colors import CMYKColorSep

    return CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)
