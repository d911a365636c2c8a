"""Content normalisation: ASCII punctuation typed in Chinese text becomes the
full-width form a typesetter would set (GB/T 15834, clreq).

Only marks with Han on a side are touched, so decimal points (3.5), times
(10:30), URLs, e-mail addresses and Latin phrases (Haidian, Beijing) stay as
typed. Ranges: `2~3 万` → `2～3 万` (浪纹线 for numbers); `9 月 5 日-9 月 9 日`
→ `9 月 5 日—9 月 9 日` (一字线 for dates and places). A parenthesis that opens
a Chinese aside is full-width whatever precedes it: `UP(通用力)` → `UP（通用力）`.
"""
from __future__ import annotations

import re

HAN = r"\u3400-\u9fff\uf900-\ufaff"   # Han characters (a regex class body: CJK, Ext A, compatibility)
_URL = re.compile(r"(?:https?://|www\.)\S+|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-.]+")
_PUNCT = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# a mark after Han (spaces allowed) and before Han, a digit or a full-width mark
_AFTER_HAN = re.compile(rf"(?<=[{HAN}])[ ]?([,;:!?])(?=[ ]?[{HAN}“‘（《0-9]|$)")
# a range between numbers, or a ~ joining two Han words (卡车女司机~颜姐)
_TILDE = re.compile(rf"(?<=[0-9])[ ]?~[ ]?(?=[0-9])|(?<=[{HAN}])[ ]?~[ ]?(?=[{HAN}])")
_DASH = re.compile(rf"(?<=[{HAN}])[ ]?-[ ]?(?=[0-9{HAN}])")
# `(` after Han or a Chinese mark (“停课不停学”(现为…)), or opening a
# Chinese aside whatever precedes it (UP(通用力), LEARNING(线上学习平台))
_OPEN = re.compile(rf"(?<=[{HAN}，。、；：”’）》」』])[ ]?\(|[ ]?\((?=[{HAN}“‘《])")


# a figure in running text: not part of a word, code, version, date or ID (no
# letter, digit, `.` `/` `-` `:` `#` `@` `_` around it), followed by a unit or Han;
# nor the number of a standard or model after its capitals and a space (ISO 14001,
# GB/T 24001, OHSAS 18001: 通过 ISO 45001 认证 printed ISO 45,001)
_FIGURE = re.compile(rf"(?<![A-Za-z0-9.,/\-:#@_+])(?<![A-Z/][A-Z][ \u00a0])"
                     rf"(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?"
                     rf"(?![A-Za-z0-9.,/\-:_@])"
                     rf"(?=[ \u00a0\u2009\u202f]?[{HAN}%‰％])")
# names and tags keep their digits as typed: “陪你10000次”, 《…》, #话题#
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』|#[^#\s]+#")


def default_group_from(language: str) -> int:
    """The number rule's `group_from` where the layout leaves it out, by the
    report's language (BCP 47): 5 in Simplified Chinese (GB/T 15835 leaves
    four-digit figures whole: 2350 万平方米) and for a report that names no
    language; 4 in Traditional Chinese and English, whose reports group them
    (7,842 名 in an HKEX report, 7,842 staff)."""
    from ..source.gri import title_language

    return 5 if not language.strip() or title_language(language) == "zh" else 4


def group_number(value: str, sep: str, least: int) -> str:
    """A figure's integer part grouped by thousands when it has `least` digits
    or more (8610155.08 → 8,610,155.08); anything else is returned as typed."""
    m = re.fullmatch(r"(\d+)((?:\.\d+)?)", value.replace(sep, "") if sep else value)
    if not sep or not m:
        return value
    digits = m.group(1)
    if len(digits) < least:          # typed grouped below the rule's length: 1,100 → 1100
        return digits + m.group(2) if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+(?:\.\d+)?", value) else value
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return sep.join(groups) + m.group(2)


# a year: four digits and 年 (2025 年, 2025年度), whole even in a grouped set
_YEAR = re.compile(r"[ \u00a0]?年")


def year_at(figure: str, text: str, at: int = 0) -> bool:
    """Whether ``figure`` is a year: four digits with 年 at ``at`` of ``text``
    (2025 年, 2025年度). A year is printed as typed where figures of four
    digits are grouped: in running text (group_figures) and in a stat's or
    key figure's figure before its unit (compose.grids.figure_text). (A
    table's column of years, with no 年 after each, is compose.tables'.)"""
    return re.fullmatch(r"\d{4}", figure) is not None and _YEAR.match(text, at) is not None


def group_figures(text: str, sep: str, least: int) -> str:
    """The report's number rule in running text: figures followed by a unit or
    a Han word (8610155.08 元, 36861 平方米) grouped by thousands; IDs, codes,
    dates, URLs and quoted names (“陪你10000次”) left as typed. A paragraph's
    figures are one set, grouped alike: with one grouped by the rule, every
    figure of four digits or more is, years aside ('12,600 吨，其中 3,400 吨',
    not '12,600 吨，其中 3400 吨'; a typed '5,812.36' beside it stays grouped)."""
    if not sep or not re.search(rf"\d{{{least}}}|\d{re.escape(sep)}\d{{3}}", text):
        return text
    free = _free(text)
    if least > 4 and any(len(f.group(1).replace(sep, "")) >= least
                         for piece, is_free in free if is_free
                         for f in _FIGURE.finditer(piece)):
        least = 4
    return "".join(_group(piece, sep, least) if is_free else piece for piece, is_free in free)


def _free(text: str) -> list[tuple[str, bool]]:
    """The text in pieces, each with whether the number rule applies to it:
    not in a quoted name (“陪你10000次”, 《…》, #话题#) nor in a URL or e-mail address."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        out += _unlinked(text[pos:m.start()])
        out.append((m.group(0), False))
        pos = m.end()
    return out + _unlinked(text[pos:])


def _unlinked(text: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _URL.finditer(text):
        out += [(text[pos:m.start()], True), (m.group(0), False)]
        pos = m.end()
    return out + [(text[pos:], True)]


def _group(text: str, sep: str, least: int) -> str:
    def one(f: re.Match[str]) -> str:
        if least <= 4 and not f.group(2) and year_at(f.group(1), text, f.end()):
            return f.group(0)                       # a year in a grouped set
        return group_number(f.group(0), sep, least)
    return _FIGURE.sub(one, text)


def normalise(text: str) -> tuple[str, list[str]]:
    """The text with ASCII punctuation between Han set full-width, and what changed."""
    if not re.search(r"[,;:!?~\-(]", text):
        return text, []
    out: list[str] = []
    changes: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(_fix(text[pos:m.start()], changes))
        out.append(m.group(0))
        pos = m.end()
    out.append(_fix(text[pos:], changes))
    return "".join(out), changes


def _fix(text: str, changes: list[str]) -> str:
    def sub(pattern: re.Pattern[str], repl, s: str) -> str:  # type: ignore[no-untyped-def]
        def one(m: re.Match[str]) -> str:
            new = repl(m)
            changes.append(f"'{m.group(0).strip()}' → '{new}'")
            return new
        return pattern.sub(one, s)

    text = sub(_AFTER_HAN, lambda m: _PUNCT[m.group(1)], text)
    text = sub(_TILDE, lambda m: "～", text)
    text = sub(_DASH, lambda m: "—", text)
    return _brackets(text, changes)


def _brackets(text: str, changes: list[str]) -> str:
    """`(` after Han or a Chinese mark, or before Han, becomes `（`, and its
    matching `)` becomes `）`."""
    chars = list(text)
    for m in _OPEN.finditer(text):
        start = m.end() - 1
        depth = 0
        for k in range(start, len(chars)):
            if chars[k] == "(":
                depth += 1
            elif chars[k] == ")":
                depth -= 1
                if depth == 0:
                    chars[start], chars[k] = "（", "）"
                    changes.append(f"'{text[start:k + 1]}' → '（…）'")
                    break
    out = "".join(chars)
    return re.sub(r" （", "（", re.sub(r"） ", "）", out)) if out != text else out
