"""A proof PDF holding only the pages that changed since the last build."""
from __future__ import annotations

from pathlib import Path

from ..assets.cache import atomic_write


def write_proof(pdf: Path, pages: list[int]) -> Path:
    """Write NAME-proof.pdf next to the PDF with only the given pages (1-based)."""
    import pymupdf

    out = pdf.with_name(pdf.stem + "-proof.pdf")
    src = pymupdf.open(str(pdf))
    try:
        src.select([p - 1 for p in pages if p <= src.page_count])
        data = src.tobytes(garbage=3, deflate=True)
    finally:
        src.close()
    atomic_write(out, data)
    return out
