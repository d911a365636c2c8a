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
        creator=str(meta.get("publisher", "")) or "csrpress", producer="csrpress (ReportLab)",
        lang=str(meta.get("language", "zh-CN")), displayDocTitle=1,
        invariant=1,          # no random ids or clock time: byte-identical rebuilds
        pageCompression=1)


def _date() -> str:
    """The creation date: SOURCE_DATE_EPOCH when set, else ReportLab's fixed one."""
    t = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    stamp = int(t) if t.isdigit() else 946684800
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp))


def xmp_packet(report: Any, edition: Any) -> str:
    """An XMP packet mirroring the Info dictionary (dc, pdf, xmp schemas)."""
    m = report.meta
    lang = escape(str(m.get("language", "zh-CN")))
    kw = escape(", ".join(str(k) for k in m.get("keywords") or []))
    date = _date()
    ua = pdfua_xmp(edition)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
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
   <xmp:CreatorTool>csrpress {escape(edition.name)} edition</xmp:CreatorTool>
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


def attach_xmp(canvas: Any, report: Any, edition: Any) -> None:
    """Attach the XMP packet as the catalog's /Metadata stream."""
    from reportlab.pdfbase.pdfdoc import XMP

    packet = xmp_packet(report, edition)
    data = packet.encode("utf-8")    # XMP is UTF-8, not PDFDocEncoding
    canvas._doc.Catalog.Metadata = XMP(creator=lambda _doc: data)
