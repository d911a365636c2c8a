"""Latin words are drawn with a space glyph between them, so any PDF reader's
text layer has real word spaces (pdfium guessed from the gaps: a justified
line's "manager rigour" read as "managerrigour"); a gap between Han and
Latin stays spacing, not a character; nothing on the page moves."""
from __future__ import annotations

import re

import pypdfium2.raw as raw
import pytest

from csrpress.build import build
from tests import pdfread
from tests.samples import starter_with

WORDS = ("we measure what matters to our stakeholders and report it with the same rigour "
         "apply financial statements emissions renewable electricity offices trained every "
         "line manager health safety management system independent assurance accredited "
         "third party").split()
# words in an order that sets tight and loose lines alike (a fixed shuffle)
ENGLISH = [" ".join(WORDS[(7 * k + 3 * p) % len(WORDS)] for k in range(70)).capitalize() + "."
           for p in range(4)]
MIXED = "本段包含 ESG 报告与 Net Zero 2050 的说明，以及 GRI 标准。"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("spaces")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    blocks = "".join(f"  - {p}\n" for p in ENGLISH + [MIXED])
    res = build(starter_with(root / "report", blocks), "screen")
    doc = pdfread.open_pdf(res.pdf)
    yield res, doc
    doc.close()
    mp.undo()


def _text(doc) -> str:
    """The pages' text as pdfium reads it without the spaces it guessed from
    gaps: what is drawn; line ends as newlines, soft-hyphen breaks joined."""
    out = []
    for page in doc.pdfium:
        tp = page.get_textpage()
        for i in range(raw.FPDFText_CountChars(tp.raw)):
            c = chr(raw.FPDFText_GetUnicode(tp.raw, i))
            if raw.FPDFText_IsGenerated(tp.raw, i) == 1 and c not in "\r\n":
                continue                  # (a line end is pdfium's, whatever is drawn)
            out.append(c)
        tp.close()
    text = "".join(out).replace("\r\n", "\n")
    return re.sub("[\ufffe\u00ad\x02]\n?|-\n", "", text)   # (a word hyphenated at a line end)


def test_every_word_space_is_in_the_text_layer(built):
    _res, doc = built
    known = {w.lower() for w in WORDS}
    lines = [ln for ln in _text(doc).split("\n")
             if ln and re.fullmatch(r"[A-Za-z .]+", ln) and ln.split(" ")[0].lower() in known]
    assert len(lines) >= 12                          # (the paragraphs' lines)
    # without pdfium's guessed spaces: every word apart, none run into the next
    for ln in lines:
        assert all(w.lower().rstrip(".") in known for w in ln.split(" ")), ln


def test_han_latin_gaps_stay_spacing(built):
    _res, doc = built
    text = _text(doc)
    assert "本段包含ESG报告与Net Zero 2050的说明，以及GRI标准。" in text.replace("\n", "")


SIGNS = ("Our targets cover metrics & targets, scope 1 + scope 2 and the year-on-year — the "
         "steepest — decline (see 12), with dimensions (see 14), covering 27 topics (ESG), "
         "internationalisation, decarbonisation and electrification (see 16). ") * 4
SIGN_HEAD = "Scope — an overview & outlook"
SIGN_HAN = "大数据+ AI 技术帮助我们理解用户。"     # (a space typed after a sign beside Han)


@pytest.fixture(scope="module")
def signs(tmp_path_factory):
    root = tmp_path_factory.mktemp("signs")
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(root / "cache"))
    blocks = f"  - heading: {SIGN_HEAD}\n    level: 2\n  - \"{SIGNS}\"\n  - {SIGN_HAN}\n"
    res = build(starter_with(root / "report", blocks), "screen")
    doc = pdfread.open_pdf(res.pdf)
    yield doc
    doc.close()
    mp.undo()


def test_spaces_typed_around_a_sign_between_words_are_kept(signs):
    """A space typed between a word and a sign of Western text (& + — –) was
    dropped: a ragged heading printed "Scope—an overview&outlook", a justified
    line "metrics&targets" (the text layer too)."""
    text = _text(signs).replace("\n", " ")
    assert SIGN_HEAD in text
    for phrase in ("metrics & targets", "scope 1 + scope 2", "year-on-year — the"):
        assert phrase in text, phrase
    assert "大数据+AI" in text           # Chinese sets none there, typed or not


def test_no_justification_space_between_two_marks_typed_together(signs):
    """"(see 12)," : a justified line opened a gap between ')' and ',' as it
    does between words ("12) , covering")."""
    pairs = 0
    for page in signs:
        chars = [c for c in page.chars if not c.get("generated")]
        for a, b in zip(chars, chars[1:]):
            if a["c"] == ")" and b["c"] == "," and abs(a["origin"][1] - b["origin"][1]) < 0.1:
                pairs += 1
                assert b["bbox"][0] - a["bbox"][2] < 0.3, (a, b)
    assert pairs >= 8


def test_an_em_dash_between_english_words_stands_at_latin_height(tmp_path):
    """The em dash is converted raised to the ideographs' centre, as Chinese
    sets it (——); between English words it stood above the words' middle.
    There it is drawn with the font's own glyph (a second glyph of U+2014
    under a code of its own, read back as U+2014); in Chinese text, and
    between figures in a Chinese paragraph, it stays centred."""
    import ctypes

    english = "Emissions fell year-on-year — the steepest decline since 2019."
    chinese = "公司文化——以人为本，2019—2020 年数据。"
    mp = pytest.MonkeyPatch()
    mp.setenv("CSRPRESS_CACHE", str(tmp_path / "cache"))
    try:
        res = build(starter_with(tmp_path / "report", f"  - {english}\n  - {chinese}\n"),
                    "screen")
    finally:
        mp.undo()
    doc = pdfread.open_pdf(res.pdf)
    try:
        text = _text(doc).replace("\n", "")
        assert english in text and chinese.replace(" ", "") in text.replace(" ", "")
        heights: dict[str, list[float]] = {"en": [], "zh": []}
        for page in doc.pdfium:
            tp = page.get_textpage()
            l, r, b, t = (ctypes.c_double() for _ in range(4))
            x, y = ctypes.c_double(), ctypes.c_double()
            chars = [chr(raw.FPDFText_GetUnicode(tp.raw, i))
                     for i in range(raw.FPDFText_CountChars(tp.raw))]
            for i, c in enumerate(chars):
                if c != "—":
                    continue
                raw.FPDFText_GetCharBox(tp.raw, i, l, r, b, t)
                raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
                size = raw.FPDFText_GetFontSize(tp.raw, i)
                mid = ((b.value + t.value) / 2 - y.value) / size      # ink centre, em
                before = "".join(chars[max(0, i - 8):i]).replace(" ", "")
                heights["en" if before.endswith("on-year") else "zh"].append(mid)
            tp.close()
    finally:
        doc.close()
    assert len(heights["en"]) == 1 and len(heights["zh"]) >= 3, heights   # (+ the starter's)
    assert all(heights["en"][0] < zh - 0.05 for zh in heights["zh"]), heights
