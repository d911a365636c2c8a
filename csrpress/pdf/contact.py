"""A contact sheet: every page small, on one PNG, to review the design at a glance."""
from __future__ import annotations

from pathlib import Path


def contact_sheet(pdf: Path, out: Path, columns: int = 8, width: int = 180) -> Path:
    """Render all pages at thumbnail size into one PNG (spreads side by side)."""
    import pypdfium2
    from PIL import Image

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        thumbs = []
        for page in doc:
            zoom = width / page.get_width()
            thumbs.append(page.render(scale=zoom).to_pil().convert("RGB"))
            page.close()
    finally:
        doc.close()
    w, h = thumbs[0].size
    gap = 12
    # page 1 alone on the right, then spreads (2|3, 4|5, …) as a reader sees them
    slots = [None] + thumbs
    rows = (len(slots) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * w + (columns // 2 + 1) * gap,
                              rows * (h + gap) + gap), (200, 200, 200))
    for i, im in enumerate(slots):
        if im is None:
            continue
        col, row = i % columns, i // columns
        x = gap + col * w + (col // 2) * gap
        sheet.paste(im, (x, gap + row * (h + gap)))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, optimize=True)
    return out
