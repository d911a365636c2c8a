"""tools/pdf_same.py: a file re-written by another writer is the same
document; a changed value or content stream is found."""
from __future__ import annotations

import sys
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import pdf_same  # noqa: E402


def test_rewritten_file_is_the_same_and_a_change_is_found(built, tmp_path):
    copy, changed = tmp_path / "copy.pdf", tmp_path / "changed.pdf"
    with pikepdf.open(built.pdf) as pdf:       # renumbered, other layout
        pdf.save(copy, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        annot = next(a for p in pdf.pages for a in p.obj.get("/Annots", []))
        annot.Contents = pikepdf.String("别的说明")
        pdf.save(changed)
    assert pdf_same.main(str(built.pdf), str(copy)) == 0
    assert pdf_same.main(str(built.pdf), str(changed)) == 1
