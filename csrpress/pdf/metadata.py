"""Document metadata: Info dictionary, /Lang, viewer preferences and XMP."""
from __future__ import annotations

import os
import time
from typing import Any
from html import escape as _html_escape


def escape(text: str) -> str:
    """XML-escape text (html.escape: xml.sax.saxutils would import urllib)."""
    return _html_escape(text, quote=False)


def metadata_kwargs(report: Any, edition: Any) -> dict[str, Any]:
    """Arguments for the document template: title, author, language…"""
    meta = report.meta
    return dict(
        title=str(meta["title"]), author=str(meta.get("author", "")),
        subject=str(meta.get("subject", "")),
        keywords=[str(k) for k in meta.get("keywords") or []],
        creator=creator_tool(edition), producer="csrpress (ReportLab)",
        lang=str(meta.get("language", "zh-CN")), displayDocTitle=1,
        invariant=1,          # no random ids or clock time: byte-identical rebuilds
        pageCompression=1)


def creation_epoch(report: Any) -> int:
    """The creation date, fixed so that rebuilds are byte-identical:
    SOURCE_DATE_EPOCH when set, else report.yaml's publication date, else
    ReportLab's fixed 2000-01-01."""
    from ..source.content import publication_date

    t = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if t.isdigit():
        return int(t)
    day = publication_date(report.meta.get("date")) if "date" in report.meta else None
    if day is not None:
        return (day.toordinal() - 719163) * 86400     # (calendar.timegm; 719163: 1970-01-01)
    return 946684800


def _date(report: Any) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(creation_epoch(report)))


def creator_tool(edition: Any) -> str:
    """Info /Creator and xmp:CreatorTool (PDF/X wants the two to agree)."""
    return f"csrpress {edition.name} edition"


def _pdfx_xmp(edition: Any, ids: tuple[str, str]) -> tuple[str, str]:
    """Namespaces and properties PDF/X asks of the XMP packet."""
    std = getattr(edition, "standard", "")
    ns = ('\n    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"')
    props = (f"\n   <xmpMM:DocumentID>{ids[0]}</xmpMM:DocumentID>"
             f"\n   <xmpMM:InstanceID>{ids[1]}</xmpMM:InstanceID>"
             "\n   <xmpMM:VersionID>1</xmpMM:VersionID>"
             "\n   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>"
             "\n   <pdf:Trapped>False</pdf:Trapped>")
    if std == "PDF/X-4":
        ns += '\n    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"'
        props += "\n   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"
    elif std == "PDF/X-1a:2003":
        ns += '\n    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"'
        props += ("\n   <pdfx:GTS_PDFXVersion>PDF/X-1:2003</pdfx:GTS_PDFXVersion>"
                  "\n   <pdfx:GTS_PDFXConformance>PDF/X-1a:2003</pdfx:GTS_PDFXConformance>")
    return ns, props


def xmp_packet(report: Any, edition: Any, ids: tuple[str, str] = ("", "")) -> str:
    """An XMP packet mirroring the Info dictionary (dc, pdf, xmp schemas), with
    the document and instance ids and, for print, the PDF/X version."""
    m = report.meta
    lang = escape(str(m.get("language", "zh-CN")))
    kw = escape(", ".join(str(k) for k in m.get("keywords") or []))
    date = _date(report)
    ns, props = _pdfx_xmp(edition, ids)
    ua = pdfua_xmp(edition)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"{ns}>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(str(m['title']))}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(str(m.get('author', '')))}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(str(m.get('subject', '')))}</rdf:li></rdf:Alt></dc:description>
   <dc:publisher><rdf:Bag><rdf:li>{escape(str(m.get('publisher', '')))}</rdf:li></rdf:Bag></dc:publisher>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
{_dc_date(m)}   <dc:format>application/pdf</dc:format>
   <pdf:Keywords>{kw}</pdf:Keywords>
   <pdf:Producer>csrpress (ReportLab)</pdf:Producer>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(creator_tool(edition))}</xmp:CreatorTool>{props}
  </rdf:Description>{ua}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def pdfua_xmp(edition: Any) -> str:
    """The PDF/UA identification (part 1) of a tagged edition, else nothing."""
    if not getattr(edition, "tagged", False):
        return ""
    return """
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>"""


def _dc_date(meta: dict) -> str:
    """The publication date (report.yaml date:) as dc:date, when given."""
    date = meta.get("date")
    return f"   <dc:date><rdf:Seq><rdf:li>{escape(str(date).strip())}</rdf:li></rdf:Seq></dc:date>\n" \
        if date else ""


def attach_xmp(canvas: Any, report: Any, edition: Any, ids: tuple[str, str] = ("", "")) -> None:
    """Attach the XMP packet as the catalog's /Metadata stream."""
    from reportlab.pdfbase.pdfdoc import XMP

    packet = xmp_packet(report, edition, ids)
    data = packet.encode("utf-8")    # XMP is UTF-8, not PDFDocEncoding
    canvas._doc.Catalog.Metadata = XMP(creator=lambda _doc: data)
