"""`make-report init DIR` writes a starter report that builds at once."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import pdfread

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, cwd):
    env = {**os.environ, "CSRPRESS_CACHE": str(ROOT / ".cache"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "csrpress", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_init_writes_a_starter_that_builds_in_both_editions(tmp_path):
    made = _run("init", "report", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "report"
    assert (project / "content" / "report.yaml").is_file()
    built = _run("build", "--project", str(project), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    # the one warning a starter gives: its figure waits for a photo
    warned = [l for l in built.stderr.splitlines() if "warning" in l]
    assert all("has no photo" in l for l in warned), warned
    screen = pdfread.open_pdf(project / "dist" / "sustainability-report-2025.pdf")
    printed = pdfread.open_pdf(project / "dist" / "sustainability-report-2025-print.pdf")
    assert screen.page_count >= 12 and printed.page_count % 2 == 0
    # what a new report's print shop gets: PDF/X-4 with its printing condition
    # (the starter's print edition was a bare CMYK PDF: no output intent)
    import pikepdf
    with pikepdf.open(project / "dist" / "sustainability-report-2025-print.pdf") as pdf:
        oi = pdf.Root.OutputIntents[0]
        assert oi.S == "/GTS_PDFX" and str(oi.OutputConditionIdentifier) == "FOGRA39"
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
    text = "".join(page.get_text() for page in screen)
    assert "关于可持续发展战略的声明" in text               # a GRI 2021 title in the index
    _no_blank_or_near_empty_page(screen)
    again = _run("init", "report", cwd=tmp_path)             # never over an existing report
    assert again.returncode == 1 and "nothing was written" in again.stderr


def test_the_starter_uses_every_block_type():
    import yaml

    from csrpress.source.schema import BLOCK_TYPES

    used: set[str] = set()
    for part in (ROOT / "csrpress" / "starter" / "content").glob("*.yaml"):
        for block in yaml.safe_load(part.read_text(encoding="utf-8")).get("blocks") or []:
            used |= {"p"} if isinstance(block, str) else set(block) & set(BLOCK_TYPES)
    assert used == set(BLOCK_TYPES), set(BLOCK_TYPES) - used


def _no_blank_or_near_empty_page(doc) -> None:
    """The starter shows how a report looks: no blank verso before a chapter
    opener, no page holding a line or two (issue 12: the letter, 展望, a
    blank page before chapter 2). A body page's text reaches at least a
    third of the way down its text area."""
    top, bottom = 26 / 25.4 * 72, 24 / 25.4 * 72          # the starter's margins
    for page in doc:
        chars = [ch for ch in page.chars if "bbox" in ch and ch["c"].strip()]
        assert chars, f"page {page.number + 1} is blank"
        height = page.rect.height
        body = [ch["bbox"][3] for ch in chars if top <= ch["bbox"][1] < height - bottom]
        if body and page.number > 0:                       # (covers and openers: full pages)
            reach = (max(body) - top) / (height - top - bottom)
            assert reach > 0.33 or len(body) > 400, (page.number + 1, round(reach, 2))


def test_photos_on_the_starters_covers_leave_its_text_clear(tmp_path):
    """The starter's layout places a cover and a back-cover photo in the
    bottom quarter (image_box); its back cover's text_at set the QR code's
    label 2 mm into such a photo, so a new report that added one, as the
    layout's comments invite, got text on a picture (and a warning)."""
    from tests.samples import photo

    assert _run("init", "report", cwd=tmp_path).returncode == 0
    project = tmp_path / "report"
    for part, name in (("00-cover.yaml", "cover.jpg"), ("99-back-cover.yaml", "back.jpg")):
        photo(project / "images" / name, (1600, 500))
        path = project / "content" / part
        text = path.read_text(encoding="utf-8")
        head = "  - cover:" if part.startswith("00") else "  - back_cover:"
        first, rest = text.split(head, 1)
        line, tail = rest.split("\n", 1)
        path.write_text(f"{first}{head}{line}\n    image: {name}\n{tail}", encoding="utf-8")
    built = _run("build", "--project", str(project), "--edition", "screen", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "into the photo" not in built.stderr, built.stderr
    doc = pdfread.open_pdf(project / "dist" / "sustainability-report-2025.pdf")
    assert len(doc[0].get_images()) == 1 and len(doc[doc.page_count - 1].get_images()) >= 1
