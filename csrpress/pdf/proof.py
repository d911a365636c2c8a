"""A proof PDF holding only the pages that changed since the last build."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..assets.cache import atomic_write


def write_proof(pdf: Path, pages: list[int]) -> Path:
    """Write NAME-proof.pdf next to the PDF with only the given pages (1-based).

    Links into pages left out are dropped: they would lead nowhere (and would
    drag the pages they name into the file)."""
    import pikepdf

    out = pdf.with_name(pdf.stem + "-proof.pdf")
    with pikepdf.open(pdf) as src, pikepdf.new() as dst:
        keep = [src.pages[p - 1] for p in pages if 1 <= p <= len(src.pages)]
        kept = {page.obj.objgen for page in keep}
        for page in keep:
            dst.pages.append(page)
            copied = dst.pages[-1]
            if "/Annots" in copied.obj:
                # (decided on the source's annotations, kept as the copies: the
                # proof's page holds objects of its own file, never the source's)
                copied.obj.Annots = pikepdf.Array(
                    [mine for theirs, mine in zip(page.obj.Annots, copied.obj.Annots)
                     if _leads_to(theirs, kept, src)])
        dst.docinfo.Title = src.docinfo.get("/Title", "")
        buf = io.BytesIO()
        dst.save(buf, compress_streams=True, deterministic_id=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    atomic_write(out, buf.getvalue())
    return out


def _leads_to(annot: Any, kept: set, src: Any) -> bool:
    """False for a link to a page that is not in the proof."""
    import pikepdf

    dest = annot.get("/Dest")
    action = annot.get("/A")
    if action is not None and action.get("/S") == "/GoTo":
        dest = action.get("/D")
    if dest is None:
        return True                       # a web link or another kind of annotation
    if isinstance(dest, (pikepdf.String, pikepdf.Name)):
        return False                      # named destinations live in the full file
    return isinstance(dest, pikepdf.Array) and len(dest) > 0 and dest[0].objgen in kept
