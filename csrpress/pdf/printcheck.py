"""Preflight checks of colour on the written file: PDF/X keys and the output
intent (file level), total ink and overprint of black (print pages), WCAG
contrast of text (screen pages). Page results are plain tuples/dicts so that
preflight can cache them by page fingerprint.
"""
from __future__ import annotations

import io
import re
from typing import Any, Callable

from .. import compiled

_CMYK_OP = re.compile(rb"(?:^|\s)(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(k|K)(?=\s)")


def check_pdfx(pdf: Any, data: bytes, edition: Any, pf: Any) -> None:
    """What a PDF/X preflight asks of the document (ISO 15930-7 / -4)."""
    std = getattr(edition, "standard", "")
    if edition.colour != "cmyk" or not std:
        return
    from ..assets.colour import check_profile

    intents = pdf.Root.get("/OutputIntents")
    gts = [oi for oi in (intents or []) if oi.get("/S") == "/GTS_PDFX"]
    if not gts:
        pf.error("no PDF/X output intent: the file does not say which printing condition "
                 "its CMYK values are separated for",
                 "set editions.print.output_intent in layout/layout.yaml")
        return
    oi = gts[0]
    profile = oi.get("/DestOutputProfile")
    why = check_profile(profile.read_bytes()) if profile is not None else "it is missing"
    if why:
        pf.error(f"the output intent's ICC profile is unusable: {why}",
                 "embed the printer's CMYK output profile (output_intent.profile)")
    pf.facts["output_intent"] = str(oi.get("/OutputConditionIdentifier", ""))
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", "replace") \
        if "/Metadata" in pdf.Root else ""
    want = "PDF/X-4" if std == "PDF/X-4" else "PDF/X-1a:2003"
    if want not in xmp:
        pf.error(f"the XMP metadata does not declare {want}",
                 "the print edition's metadata is written by csrpress; rebuild")
    if str(pdf.docinfo.get("/Trapped", "")) not in ("/True", "/False"):
        pf.error("Trapped is not set to True or False", "PDF/X needs the trapping state")
    if "/ID" not in pdf.trailer:
        pf.error("the file has no ID", "PDF/X needs a trailer /ID")
    top = {"PDF/X-4": "1.6", "PDF/X-1a:2003": "1.4"}[std]
    if pdf.pdf_version > top:
        pf.error(f"PDF version {pdf.pdf_version} is newer than {std} allows ({top})",
                 "remove the feature that raised the version (transparency?)")
    pf.facts["standard"] = std


def page_colour(page: Any, contents: bytes, edition: Any, cmyk_rgb: Any = None) -> dict:
    """Colour facts of one page: print — the highest total ink of vector colours
    and images, whether black overprints, and text no one can see (white on
    white is as wrong on paper: a print-only build must find it too; WCAG AA
    is a screen measure, not judged on ink); screen — text contrast failures.
    cmyk_rgb: a print colour (0–1) → the sRGB the output profile renders it
    as (assets.colour.screen_rgb), which the contrast is measured on."""
    at: dict[tuple, tuple[float, float]] = {}
    fails = _contrast(page, cmyk_rgb, contents, at)
    if edition.colour == "cmyk":
        found = _print_page(page, contents)
        fails = [c for c in fails if c[4] < INVISIBLE]
    else:
        found = {}
    found["contrast"] = fails
    # where each was first seen (PDF space): the block there is named
    found["contrast_at"] = [at[(c[0], c[1], c[2], c[3])] for c in fails]
    return found


def _print_page(page: Any, contents: bytes) -> dict:
    vector = 0.0
    for values in _cmyk_operands(contents):
        vector = max(vector, sum(float(v) for v in values) * 100)
    images = []
    for name, xobj in _page_images(page):
        ink = _image_ink(xobj)
        if ink is not None:
            images.append((name, ink))
    overprint = any(bool(gs.get("/op", False)) or bool(gs.get("/OP", False))
                    for _, gs in _ext_gstates(page))
    black = bool(re.search(rb"(?:^|\s)0 0 0 1 k(?=\s)", contents))
    return {"vector_ink": round(vector, 1), "image_ink": images,
            "black_text": black, "overprint": overprint}


_NUMERAL = re.compile(rb"-?[\d.]+\Z")


def _cmyk_operands(contents: bytes) -> list[tuple[bytes, ...]]:
    """The four numbers of every match of _CMYK_OP in contents, in order,
    found from the operators instead of by trying the pattern at every
    space (~0.03 s for the report's print pages): a match is a k or K
    between spaces (the end of contents is not one) whose four preceding
    space-separated words are numerals, and it is found where it starts,
    four words before (matches cannot overlap: a k is no numeral)."""
    words = contents.split()            # (bytes.split's spaces are the pattern's \s)
    at: list[int] = []
    for op in (b"k", b"K"):
        i = -1
        while True:
            try:
                i = words.index(op, i + 1)
            except ValueError:
                break
            at.append(i)
    if words and words[-1] in (b"k", b"K") and not contents[-1:].isspace():
        at.remove(len(words) - 1)       # (no space after it)
    out = []
    for i in sorted(at):
        if i >= 4 and all(_NUMERAL.match(w) for w in words[i - 4:i]):
            out.append(tuple(words[i - 4:i]))
    return out


def _ext_gstates(page: Any) -> list:
    res = page.obj.get("/Resources")
    gs = res.get("/ExtGState") if res is not None else None
    return list(gs.items()) if gs is not None else []


def _page_images(page: Any) -> list:
    res = page.obj.get("/Resources")
    xo = res.get("/XObject") if res is not None else None
    return [(str(n), x) for n, x in (xo.items() if xo is not None else ())
            if x.get("/Subtype") == "/Image"]


def _image_ink(xobj: Any) -> float | None:
    """Highest total ink of a CMYK image, in percent (measured on a copy
    reduced to ≤ 256 px: ink limits are about areas, not single pixels)."""
    from PIL import Image, ImageChops

    if str(xobj.get("/ColorSpace", "")) != "/DeviceCMYK":
        return None
    filters = xobj.get("/Filter")
    filters = [str(f) for f in filters] if isinstance(filters, list) or hasattr(
        filters, "as_list") else [str(filters)]
    jpeg = filters == ["/DCTDecode"]
    try:
        if jpeg:
            im = Image.open(io.BytesIO(xobj.read_raw_bytes()))
            im.draft("CMYK", (256, 256))
            im = im.convert("CMYK")
        else:
            from pikepdf import PdfImage
            im = PdfImage(xobj).as_pil_image().convert("CMYK")
    except Exception:                      # noqa: BLE001 - an unreadable image is reported
        return -1.0
    decode = [float(v) for v in xobj.get("/Decode", [])]
    if decode[:2] == [1.0, 0.0] and not jpeg:
        im = ImageChops.invert(im)     # (Pillow already reads Adobe CMYK JPEGs upright)
    im.thumbnail((256, 256))
    px = im.tobytes()
    top = max((px[i] + px[i + 1] + px[i + 2] + px[i + 3] for i in range(0, len(px), 4)),
              default=0)
    return round(top / 255 * 100, 1)


# the operators the contrast check reads; parsing only these keeps it fast
# (a page of text is mostly Tf/TL/Tj runs, and Python-level work per operator)
_CONTRAST_OPS = "q Q cm rg k re f f* B B* n S Do Tm Tf Tr Tj TJ ' \""

# A content stream cut into tokens by one regular expression (see _operators),
# by PDF's lexical classes (ISO 32000-1 7.2): comments, strings (literal ones
# without nested parentheses), array and dictionary delimiters, names, and
# runs of regular characters (operators, numbers, true/false/null)
_WS = b"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r /\[\]<>(){}%]"
_TOKENS = re.compile(rb"[\x00\t\n\x0c\r ]*(%[^\r\n]*|\((?:[^()\\]|\\.)*\)|<<|>>"
                     rb"|<[0-9A-Fa-f\x00\t\n\x0c\r ]*>|\[|\]|/" + _REGULAR + rb"*|"
                     + _REGULAR + rb"+)", re.S)
_NUMBER = rb"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_NUMBER_TOKEN = re.compile(_NUMBER + rb"\Z")
_NUMBERS = re.compile(rb"(?:" + _NUMBER + rb" )*(?:" + _NUMBER + rb")?\Z")
_FONT = re.compile(rb"/[A-Za-z0-9._\-]+ " + _NUMBER + rb"\Z")
# every operator of ISO 32000-1 (Annex A) but the inline image's BI/ID/EI
# (binary data follows ID): a stream with one of those is read by pikepdf
_KNOWN_OPS = frozenset(b"""b B b* B* BDC BMC BT BX c cm CS cs d d0 d1 Do DP EMC ET EX f F
    f* G g gs h i j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj
    TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"""".split())
_SHOWN = frozenset(_CONTRAST_OPS.encode().split())
_READ = {b"cm": "numbers", b"Tm": "numbers", b"rg": "numbers", b"k": "numbers", b"re": "numbers",
         b"Tf": "font", b"Tr": "integer"}
_OPENERS = frozenset((b"[", b"<<"))
_SHOW_TEXT = frozenset((b"Tj", b"TJ", b"'", b'"'))


def _operators(contents: bytes) -> list[tuple[bytes, tuple]] | None:
    """The contrast check's operators of a content stream with their operands
    as pikepdf gives them to it (numbers as floats, a font as its name), or
    None when the stream holds anything this reader might not take exactly
    as pikepdf does (text between tokens, an inline image, a nested string,
    an operator inside an array or dictionary, operands after the last
    operator, an operand it would convert otherwise): pikepdf reads it then.

    Why: pikepdf made a Python object of every instruction and operand the
    check reads, and the check walked them one by one: ~0.2 s of a cold
    build for the report's 64 pages. Here the stream is cut in C and only
    the operands the check uses are converted (each distinct list once)."""
    if b"\x0b" in contents:
        return None                      # (qpdf takes a vertical tab for a space, PDF not)
    parts = _TOKENS.split(contents)     # "", token, "", token, …, trailing blanks
    if any(parts[0:-1:2]) or parts[-1].translate(None, _WS):
        return None                      # something no token takes: not read here
    tokens = parts[1::2]
    # (a list is scanned only when the bytes are in the stream at all: no
    # token is where its bytes are not)
    if any(w in contents and w in tokens for w in (b"BI", b"ID", b"EI")):
        return None
    for one, other in ((b"[", b"]"), (b"<<", b">>")):
        if (one in contents or other in contents) and tokens.count(one) != tokens.count(other):
            return None
    if b"%" in contents:
        tokens = [t for t in tokens if t[:1] != b"%"]
    if _COMPILED is not None:
        return _COMPILED.loop(tokens, _KNOWN_OPS, _SHOWN, _READ, _OPENERS, _flat, _convert)
    return _loop(tokens)


def _loop(tokens: list[bytes]) -> list[tuple[bytes, tuple]] | None:
    """_operators' walk over a stream's tokens: the operators the check
    reads with their operands converted, or None (see _operators).
    _oploop.c is this function in C, statement for statement (the faster
    one when built: tests/pdf/test_oploop.py compares them); a change here
    is made there too."""
    out: list[tuple[bytes, tuple]] = []
    done: dict[tuple[bytes, bytes], tuple | None] = {}
    operands: list[bytes] = []
    known, shown, read, openers = _KNOWN_OPS, _SHOWN, _READ, _OPENERS
    for tok in tokens:
        if tok not in known:
            operands.append(tok)
            continue
        if operands:
            # (delimiters balance in all, so a stray closer leaves an opener
            # unclosed before some operator: checking those finds it)
            if not openers.isdisjoint(operands) and not _flat(operands):
                return None
            if tok in shown:
                how = read.get(tok)
                if how is None:
                    out.append((tok, ()))
                else:
                    key = (tok, b" ".join(operands))
                    value = done.get(key, ())
                    if value == ():
                        value = done[key] = _convert(how, key[1])
                    if value is None:
                        return None
                    out.append((tok, value))
            operands = []
        elif tok in shown:
            how = read.get(tok)
            if how is None:
                out.append((tok, ()))
            else:                        # (no operands: converted as pikepdf's)
                value = _convert(how, b"")
                if value is None:
                    return None
                out.append((tok, value))
    return None if operands else out     # (operands after the last operator)


def _flat(operands: list[bytes]) -> bool:
    """Whether the arrays and dictionaries among operands are ones pikepdf
    reads without complaint: nested properly (an operator inside an array is
    pikepdf's business), holding only numbers, names, strings, true, false
    and null, a dictionary's keys names with a value each."""
    open_: list[list] = []           # per open array/dictionary: [closer, items]
    for tok in operands:
        if tok == b"[" or tok == b"<<":
            if open_:
                open_[-1][1] += 1
            open_.append([b"]" if tok == b"[" else b">>", 0])
        elif tok == b"]" or tok == b">>":
            if not open_:
                return False
            closer, items = open_.pop()
            if closer != tok or (tok == b">>" and items % 2):
                return False
        elif open_:
            top = open_[-1]
            if top[0] == b">>" and top[1] % 2 == 0 and tok[:1] != b"/":
                return False         # a dictionary key that is not a name
            if not (tok[:1] in (b"/", b"(", b"<") or tok in (b"true", b"false", b"null")
                    or _NUMBER_TOKEN.match(tok)):
                return False
            top[1] += 1
    return not open_


def _convert(how: str, joined: bytes) -> tuple | None:
    """An operator's operands (joined by spaces) as _parsed converts them;
    None when they are not what this reader converts exactly."""
    if how == "font":
        if not _FONT.match(joined):
            return None
        name, size = joined.split(b" ")
        return name.decode("ascii"), _number(size)
    if not _NUMBERS.match(joined):
        return None
    args = joined.split(b" ") if joined else []
    if how == "integer":
        return (int(float(args[0])),) if args else None
    values = tuple(map(float, args))
    # (only an integer written "-0" converts otherwise: to 0.0, not -0.0)
    return tuple(map(_number, args)) if 0.0 in values and b"-0" in joined else values


def _number(token: bytes) -> float:
    """A number token as float() of pikepdf's operand makes it: an integer
    through int (so "-0" is 0.0, not -0.0), a real through its digits."""
    return float(token) if b"." in token else float(int(token))


def _parsed(page: Any) -> Any:
    """The contrast check's operators as pikepdf reads them (any stream)."""
    import pikepdf

    for inst in pikepdf.parse_content_stream(page, _CONTRAST_OPS):
        o = bytes(inst.operator.unparse())
        if o not in _SHOWN:
            continue                     # (pikepdf passes a word like "q0" on)
        how = _READ.get(o)
        if how is None:
            yield o, ()
        elif how == "font":
            operands = inst.operands
            yield o, (str(operands[0]), float(operands[1]))
        elif how == "integer":
            yield o, (int(inst.operands[0]),)
        else:
            yield o, tuple(float(v) for v in inst.operands)


def _contrast(page: Any, cmyk_rgb: Any = None, contents: bytes | None = None,
              at: dict | None = None) -> list[tuple]:
    """Text whose colour does not reach WCAG 2.2 AA against what is painted
    under it: (size pt, bold, text rgb, background rgb, ratio, needed). Text
    over an image is not judged (its colours vary). A CMYK colour is read as
    cmyk_rgb renders it (the print edition's output profile: how it looks on
    the paper), without one as ReportLab's naive 1 − (C + K) … (a tint of
    rich black read far lighter than it prints).
    The page's decoded contents (when given) are read by _operators; `at`
    gets the first text origin (PDF space) of each failure's first four."""
    from ..assets.colour import contrast, large_text

    fonts = font_weights(page)
    ctm = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    fills: list[tuple] = []          # painted rectangles: (x0, y0, x1, y1, rgb)
    rects: list[tuple] = []
    tm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    font, size, mode = "", 0.0, 0
    cur = (0, 0, 0)
    stack: list[tuple] = []
    bad: dict[tuple, tuple] = {}
    ratios: dict[tuple, float] = {}   # (text rgb, background rgb) → WCAG ratio
    ops = _operators(contents) if contents is not None else None
    for o, operands in (ops if ops is not None else _parsed(page)):
        if o == b"Tm":                    # (the operators by how often a page has them)
            tm = operands
        elif o in _SHOW_TEXT:
            if mode == 3 or not size:
                continue
            # the text matrix × the CTM, the four entries read (as _mul makes them)
            a, b = tm, ctm[-1]
            m0, m1 = a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3]
            x, y = a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]
            pt = size * (m0 ** 2 + m1 ** 2) ** 0.5
            top = y + pt * 0.3
            for f in reversed(fills):
                if f[0] <= x + 0.5 and x < f[2] and f[1] <= top <= f[3]:
                    under = f[4]
                    break
            else:
                under = (255, 255, 255)
            if under is None:
                continue                  # on a photo: no one colour to measure against
            pair = (cur, under)
            ratio = ratios.get(pair)
            if ratio is None:
                ratio = ratios[pair] = contrast(cur, under)
            if ratio >= 4.495:            # passes whatever the size
                continue
            bold = fonts.get(font, False)
            need = 3.0 if large_text(pt, bold) else 4.5
            if ratio < need - 0.005:
                key = (round(pt, 1), bold, cur, under)
                if key not in bad:
                    bad[key] = (round(pt, 1), bold, cur, under, round(ratio, 2), need)
                    if at is not None:
                        at[key] = (round(x, 1), round(y, 1))
        elif o == b"Tf":
            font, size = operands
        elif o == b"q":
            stack.append((ctm[-1], cur))
        elif o == b"Q":
            if stack:
                ctm[-1], cur = stack.pop()
        elif o == b"cm":
            ctm[-1] = _mul(operands, ctm[-1])
        elif o == b"rg":
            cur = tuple(round(v * 255) for v in operands)
        elif o == b"k":
            if cmyk_rgb:
                cur = cmyk_rgb(tuple(float(v) for v in operands))
            else:
                c, m, y, k = operands
                cur = tuple(round((1 - min(1.0, v + k)) * 255) for v in (c, m, y))
        elif o == b"re":
            x, y, w, h = operands
            rects.append(_box(ctm[-1], x, y, w, h))
        elif o in (b"f", b"f*", b"B", b"B*"):
            fills += [(*r, cur) for r in rects]
            rects = []
        elif o == b"Do":
            # an image fills the unit square of the CTM: text over it is not judged
            # (it was measured against the fill under the photo, or the paper)
            fills.append((*_box(ctm[-1], 0.0, 0.0, 1.0, 1.0), None))
            rects = []
        elif o in (b"n", b"S"):
            rects = []
        elif o == b"Tr":
            mode = operands[0]
    return list(bad.values())


def font_weights(page: Any) -> dict[str, bool]:
    """Resource name → bold (the subset's name carries the face: Bold, Black)."""
    res = page.obj.get("/Resources")
    fonts = res.get("/Font") if res is not None else None
    out = {}
    for name, f in (fonts.items() if fonts is not None else ()):
        base = str(f.get("/BaseFont", ""))
        out[str(name)] = any(w in base for w in ("Bold", "Black", "Heavy"))
    return out


def _mul(a: tuple, b: tuple) -> tuple:
    """PDF matrix product a × b."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _box(m: tuple, x: float, y: float, w: float, h: float) -> tuple:
    xs, ys = [], []
    for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
        xs.append(px * m[0] + py * m[2] + m[4])
        ys.append(px * m[1] + py * m[3] + m[5])
    return min(xs), min(ys), max(xs), max(ys)


# Below this contrast ratio text cannot be read at all (white on white, a
# tint on itself): a silently wrong page, so an error; between it and WCAG
# 2.2 AA (4.5:1, 3:1 for large text) the text is legible but fails AA, a warning.
INVISIBLE = 1.5

# where the layout sets a colour as text colour: (text rgb, size pt) →
# (the mark of the first style or inline markup set so, the names of all)
Locate = Callable[[tuple, float], tuple[Any, list[str]]]
# where the layout sets a colour as a fill under text: rgb → [(setting, mark)]
Backgrounds = Callable[[tuple], list[tuple[str, Any]]]
# the content block placed at a point of a page: (page, (x, y)) → its mark or None
BlockAt = Callable[[int, tuple], Any]


def _failures(found: list[tuple[int, dict]]) -> dict[tuple, list[int]]:
    """Each contrast failure found on the pages, with the pages it is on."""
    seen: dict[tuple, list[int]] = {}
    for p, f in found:
        for c in f.get("contrast", []):
            seen.setdefault(c, []).append(p)
    return seen


def _first_block(found: list[tuple[int, dict]], fails: list[tuple],
                 block_at: BlockAt | None) -> Any:
    """The mark of the first content block (in page order) where one of
    these failures was seen, or None where no block is known there."""
    if block_at is None:
        return None
    for p, f in found:
        for c, at in zip(f.get("contrast", []), f.get("contrast_at", [])):
            if c in fails:
                mark = block_at(p, tuple(at))
                if mark is not None:
                    return mark
    return None


def _report_invisible(pf: Any, seen: dict[tuple, list[int]], names: dict[tuple, str],
                      locate: Locate | None, backgrounds: Backgrounds | None,
                      found: list[tuple[int, dict]] | None = None,
                      block_at: BlockAt | None = None) -> None:
    """One error per invisible text colour, size and background (bold or not)."""
    unseen: dict[tuple, tuple[list[tuple], list[int]]] = {}
    for c, pages in seen.items():
        if c[4] < INVISIBLE:
            key = (c[0], c[2], c[3])
            cs, before = unseen.get(key, ([], []))
            unseen[key] = (cs + [c], sorted(set(before + pages)))
    for cs, pages in unseen.values():
        block = _first_block(found or [], cs, block_at)
        _invisible(pf, cs[0], pages, names, locate, backgrounds, block)


def report_colour(pf: Any, edition: Any, found: list[tuple[int, dict]],
                  names: dict[tuple, str], locate: Locate | None = None,
                  backgrounds: Backgrounds | None = None,
                  block_at: BlockAt | None = None, ink_at: Any = None) -> None:
    """Errors and facts from the pages' colour results, in a print buyer's words.
    ink_at: where the layout sets the edition's ink limit (photos over it)."""
    if edition.colour == "cmyk":
        limit = float(getattr(edition, "ink_limit", 300.0))
        worst = max((f.get("vector_ink", 0.0) for _, f in found), default=0.0)
        img_worst = max((ink for _, f in found for _, ink in f.get("image_ink", [])),
                        default=0.0)
        pf.facts["max_ink"] = {"vector": worst, "images": img_worst, "limit": limit}
        over = sorted({p for p, f in found if f.get("vector_ink", 0) > limit + 0.5})
        if over:
            pf.error(f"colours with more than {limit:.0f} % total ink on pages {over[:10]}: "
                     "the ink would not dry and would set off on the next sheet",
                     "use palette colours with at most the edition's ink_limit")
        imgs = sorted({p for p, f in found for _, ink in f.get("image_ink", [])
                       if ink > limit + 2})
        if imgs:
            pf.error(f"photos with more than {limit:.0f} % total ink on pages {imgs[:10]} "
                     f"(up to {img_worst:g} %)",
                     "the output profile sets a photo's ink (csrpress's default: up to 300 %; "
                     "a CMYK photo without a profile keeps its own): for this ink_limit, name "
                     "the printer's profile made for it in output_intent.profile", ink_at)
        unread = sorted({p for p, f in found for _, ink in f.get("image_ink", []) if ink < 0})
        if unread:
            pf.warn(f"photos on pages {unread[:10]} could not be read to measure their ink",
                    "check the image files")
        missing = sorted(p for p, f in found if f.get("black_text") and not f.get("overprint"))
        pf.facts["black_overprints"] = not missing
        if missing:
            pf.error(f"black text does not overprint on pages {missing[:10]}: a hairline of "
                     "paper white shows around it when the plates misregister",
                     "the print edition sets 100 % K to overprint; rebuild")
        _report_invisible(pf, _failures(found), names, locate, backgrounds, found, block_at)
        return
    fails = [(p, c) for p, f in found for c in f.get("contrast", [])]
    pf.facts["contrast_failures"] = len(fails)
    if fails:
        seen = _failures(found)
        _report_invisible(pf, seen, names, locate, backgrounds, found, block_at)
        weak = [(c, pages) for c, pages in seen.items() if c[4] >= INVISIBLE]
        for c, pages in weak[:5]:       # one warning each, at the first block it is in
            pt, bold, fg, bg, ratio, need = c
            pf.warn(f"text fails WCAG 2.2 AA contrast: {pt:g} pt{' bold' if bold else ''} "
                    f"text in {_name(fg, names)} on {_name(bg, names)} has contrast "
                    f"{ratio:.2f}:1, needs {need:g}:1 (pages {pages[:5]})",
                    "give the colour a darker screen value: editions.screen.palette."
                    "NAME: {rgb: [R, G, B]} in layout/layout.yaml",
                    _first_block(found, [c], block_at))


def _invisible(pf: Any, found: tuple, pages: list[int], names: dict[tuple, str],
               locate: Locate | None, backgrounds: Backgrounds | None = None,
               block: Any = None) -> None:
    """An error for text a reader cannot see, at the layout line that sets
    its colour when one style (or inline markup) of its size sets it; the
    layout lines that set its background (a fill, not the paper) are named
    too: the fault may be theirs (a band made white under white headings),
    and at the first of them the error stands when no style is found."""
    pt, _bold, fg, bg, ratio, need = found
    where, setters = locate(fg, pt) if locate is not None else (None, [])
    under = backgrounds(bg) if backgrounds is not None else []
    said = ([f"set by {', '.join(setters)}"] if setters else []) + \
        ([f"its ground by {', '.join(n + _at(m) for n, m in under[:3])}"] if under else [])
    who = f" ({'; '.join(said)})" if said else ""
    if where is None and under:
        where = under[0][1]
    first = f"; first in the block at {block}" if block is not None and where is not None else ""
    if where is None:
        where = block
    pf.error(f"{pt:g} pt text in {_name(fg, names)} on "
             f"{_name(bg, names)} has contrast {ratio:.2f}:1{who}: a reader cannot see it "
             f"(pages {pages[:5]}{first})",
             f"give the text a colour that stands out from {_name(bg, names)} "
             f"(WCAG 2.2 AA: {need:g}:1 for text this size), or change the background",
             where)


def _at(mark: Any) -> str:
    """' at FILE:LINE:COL' of a layout mark (nothing when it is not known)."""
    return f" at {mark}" if mark is not None else ""


def _name(rgb: tuple, names: dict[tuple, str]) -> str:
    hexa = "#%02X%02X%02X" % tuple(rgb)
    return f"'{names[tuple(rgb)]}' ({hexa})" if tuple(rgb) in names else hexa


# the compiled token loop (_oploop.c; see compiled.module), or None
_COMPILED = compiled.module("pdf._oploop")
