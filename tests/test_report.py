"""The built report as a whole: all text present, fonts, metadata, pages."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import source_coverage  # noqa: E402

# Pure extraction artefacts of the source, each with its reason.
EXCLUDED_LINES = {
    **{n: "the printed contents list (目录): the TOC is generated from headings"
       for n in range(10, 64)},
    **{n: "the printed GRI mapping: restructured into the generated GRI index (tags)"
       for n in range(2077, 2096)},
}
EXCLUDED_TEXT = {
    "🎤": "a decorative microphone icon before a heading; no CJK font has it",
}


def test_every_source_sentence_is_in_the_pdf(built):
    # the text a screen reader gets: the structure tree's content in reading
    # order, /ActualText included, artifacts (running heads, folios) left out
    from tests.pdf.tagged import read, reading_text

    text = reading_text(read(built.pdf))
    gone = [(n, s) for n, s in source_coverage.missing(text)
            if n not in EXCLUDED_LINES]
    for k in EXCLUDED_TEXT:   # drop the excluded characters, then look again
        hay = source_coverage.normalise(text)
        gone = [(n, s) for n, s in gone if s.replace(k, "") not in hay]
    assert gone == [], f"{len(gone)} sentences missing, first: {gone[:5]}"


def test_fonts_are_embedded_subset_truetype(pdf):
    fonts = {f[3]: f for page in pdf for f in page.get_fonts(full=True)}
    assert fonts
    for name, f in fonts.items():
        xref, ext, ftype = f[0], f[1], f[2]
        assert ftype in ("TrueType", "Type0"), (name, ftype)
        assert ext == "ttf", f"{name} not embedded ({ext})"
        assert "+" in name, f"{name} is not a subset"


def test_metadata(pdf):
    meta = pdf.metadata
    assert meta["title"] == "快手企业社会责任报告 2019"
    assert meta["author"] == "快手科技"
    assert "zh-CN" in str(pdf.catalog.Lang)
    assert pdf.get_toc(), "no bookmarks"


def test_no_tofu_or_notdef(pdf):
    for page in pdf:
        for b in page.get_text("rawdict")["blocks"]:
            for line in b.get("lines", []):
                for span in line["spans"]:
                    for ch in span["chars"]:
                        assert ch["c"] not in ("\ufffd", "\x00"), (page.number + 1, ch)


def test_chapters_start_on_right_hand_pages(built, pdf):
    toc = pdf.get_toc()
    chapters = [t for t in toc if t[1] in ("科技普惠，创造幸福未来", "相互成就，共赢幸福未来", "附录")]
    assert len(chapters) == 3
    for _, title, page in chapters:
        assert page % 2 == 1, f"{title} starts on page {page}"
