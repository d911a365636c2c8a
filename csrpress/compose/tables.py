"""Tables: the stakeholder table, the SDG index and the GRI content index.

ReportLab's Table does the row splitting and header repetition; every cell
holds our Chinese paragraphs, so the line-breaking rules hold in cells too.
A row is never split (so never in the middle of a bullet list).
"""
from __future__ import annotations

import re
from typing import Any, Callable

from reportlab.platypus import Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..pdf.tagging import TableTags, artifact, marked, tagged
from ..source.content import Block
from ..text.paragraph import Paragraph
from ..source.gri import prefix as gri_prefix, sort_key as gri_sort_key
from .context import Composer
from .grids import minus_sign, number_format


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")   # (a cell in Chinese)


def _cell(c: Composer, value: Any, style: Any, align: str | None = None) -> list[Flowable]:
    from .components import list_items
    if isinstance(value, Flowable):
        return [value]
    if isinstance(value, list) and value and isinstance(value[0], Flowable):
        return value
    if isinstance(value, list):
        return list_items(c, [str(v) for v in value], style)
    text = str(value)
    if align is None and style.align == "justify" and not _HAN.search(text):
        align = "left"      # (English justified in a column opens gaps and a hyphen a row)
    return [Paragraph(text, style, c.ctx, indent=0, space_after=0, align=align)]


# A figure as a data table prints it: a bound (<0.01, ≤ 5), sign, currency,
# digits (grouped or not), decimals, a percent or per-mille sign; or in
# brackets (a negative); a note's mark after it (45.2*, 1,284¹, 3.1#).
_FIGURE = re.compile(r"[<>≤≥＜＞]?\s?[(（]?[+\-−±]?[¥$€£￥]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)"
                     r"(?:\.\d+)?\s?[%‰％]?[)）]?(?:[*#†‡]{1,3}|[¹²³⁴-⁹⁰]{1,3})?")
# what stands in a figure's place where there is none (Simplified and
# Traditional: 不适用 / 不適用 is what an HKEX or Taiwan KPI table prints)
_NO_FIGURE = frozenset(("", "—", "——", "–", "-", "--", "－", "/", "N/A", "n/a", "NA", "N.A.",
                        "n.a.", "Nil", "nil", "不适用", "不適用", "无", "無", "暂无", "暫無",
                        "未披露", "*", "…"))


# the hyphen-minus typed as a figure's sign (after an opening bracket, before
# a currency sign and the digits)
_SIGN = re.compile(r"^([(（]?)-(?=[¥$€£￥]?\d)")


def typeset_minus(value: Any, minus: str) -> Any:
    """A cell that is one figure typed with a hyphen-minus ('-5.2%', -1200),
    printed with `minus` (U+2212, as typesetting guides set a negative figure:
    a hyphen is too short and sits too low); anything else as it is — a range
    (2019-2020), a code (GRI 102-1), a dash for no figure, text."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or minus == "-":
        return value
    text = str(value).strip()
    if not text.startswith(("-", "(-", "（-")) or not _FIGURE.fullmatch(text):
        return value
    return _SIGN.sub(lambda m: m.group(1) + minus, text, count=1)


def figure_columns(rows: list[list[Any]], count: int) -> list[bool]:
    """Which columns hold figures only (at least one; dashes and blanks
    allowed): set flush right, so units, tens and decimals line up down
    the column as a reader compares them."""
    out = []
    rows = [row for row in rows if isinstance(row, list)]     # (a group row is no cell of any)
    for j in range(count):
        cells = [row[j] for row in rows if j < len(row)]
        texts = [str(v).strip() for v in cells
                 if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
        figures = [t for t in texts if _FIGURE.fullmatch(t)]
        out.append(bool(figures) and len(texts) == len(cells) and
                   all(t in _NO_FIGURE or _FIGURE.fullmatch(t) for t in texts))
    return out


# a figure cell's parts: what comes before the digits, the digits, what follows
_PARTS = re.compile(r"([(（]?[+\-−±]?[¥$€£￥]?)((?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?)"
                    r"(\s?[%‰％]?[)）]?)")


# a column's header that names years (年度, 年份, Year, FY)
_YEARS_HEAD = re.compile(r"年|year|\bFY\b", re.I)


def grouped_columns(rows: list[Any], figures: list[bool], rule: dict,
                    header: list[str] | None = None) -> list[Any]:
    """The rows with each column of figures one set, grouped alike: when one
    figure is grouped, by the report's number rule (layout text.thousands,
    group_from) or as typed, every figure of four digits or more is; a column
    with none grouped stands as typed. A column printed '14900' (the rule
    applied in running text only, to a figure before a unit) over '4100' and
    a typed '8,812': three ways in one column; now 14,900, 4,100, 8,812. A
    column of years stands as typed (_years: 2021 under 年度, not 2,021)."""
    sep = str(rule.get("thousands", ""))
    if not sep:
        return rows
    out = [list(row) if isinstance(row, list) else row for row in rows]
    for j, numeric in enumerate(figures):
        if not numeric:
            continue
        cells = [(row, _PARTS.fullmatch(str(row[j]).strip())) for row in out
                 if isinstance(row, list) and j < len(row)
                 and isinstance(row[j], (str, int, float)) and not isinstance(row[j], bool)]
        found = [(row, m) for row, m in cells if m]
        if _years([m.group(0) for _, m in found],
                  header[j] if header is not None and j < len(header) else ""):
            continue
        least = int(rule.get("group_from", 5))
        if not any(len(m.group(2).split(".")[0].replace(",", "").replace("，", "")) >= least
                   or re.search(r"\d[,，]\d", m.group(2)) for _, m in found):
            continue                                # none grouped: all as typed
        column = {**rule, "group_from": min(least, 4)}
        for row, m in found:
            digits = m.group(2).replace("，", ",")
            if sep != ",":
                digits = digits.replace(",", "")
            row[j] = m.group(1) + number_format(digits, column) + m.group(3)
    return out


def _years(figures: list[str], head: str) -> bool:
    """A column of years: four-digit whole numbers from 1800 to 2199, under a
    header that names years (年度, Year) or running one year after another
    (a report in Traditional Chinese or English groups from four digits, and
    printed its 年度 column 2,021 / 2,022 / 2,023)."""
    if not figures or not all(re.fullmatch(r"1[89]\d\d|2[01]\d\d", f) for f in figures):
        return False
    years = sorted(int(f) for f in figures)
    return bool(_YEARS_HEAD.search(head)) or (
        len(years) > 1 and all(b - a == 1 for a, b in zip(years, years[1:])))


def _table(c: Composer, header: list[str], rows: list[Any], widths: list[float],
           cell_style: str = "table-cell", head_style: str = "table-head",
           padding: float | None = None, stripes: list[int] | None = None,
           aligns: list[str | None] | None = None, fit: bool | None = None,
           figures: list[bool] | None = None) -> Table:
    """A table of paragraphs with a header row. `aligns`: per column, the
    alignment of its header and cells (None: the styles'). `fit`: the
    content table's widths — True: from the content (no widths given),
    False: the given proportions, each column at least as wide as its
    widest figure or word; None (the indexes): the proportions as given.
    `figures`: per column, whether it holds figures only (a content table's
    are never broken: _figures_fitting).
    A row that is a text, not a list of cells, is a group row (_group)."""
    comp = c.layout.components["table"]
    hs, cs = c.layout.style(head_style), c.layout.style(cell_style)
    pad = c.len("table", "padding") if padding is None else padding
    aligns = aligns or [None] * len(header)
    groups = [i for i, row in enumerate(rows) if not isinstance(row, list)]
    head, body = _set_rows(c, header, rows, groups, hs, cs, aligns)
    cells = [row for i, row in enumerate(body) if i not in groups]    # (a group spans them all)
    whole = True            # (False: its figures do not fit, said: _figures_fitting)
    if fit is None:
        col_w = _widths(c, header, hs, cs, widths, pad)
    else:
        pieces, natural = _cell_extents(head, cells, len(widths), 2 * pad + 1)
        if figures and any(figures) and \
                _figures_need(pieces, natural, figures, pad, hs, cs) > c.measure() + 1e-6:
            hs, cs, head, body, whole = _figures_fitting(c, header, rows, groups, aligns, pad,
                                                         figures, hs, cs, head, body)
            cells = [row for i, row in enumerate(body) if i not in groups]
            pieces, natural = _cell_extents(head, cells, len(widths), 2 * pad + 1)
        wrapped = _two_line_heads(head, cells, len(widths), 2 * pad + 1)
        kept = None
        if figures and any(figures):    # (figures whole: text columns a few characters, else one)
            kept = (kept_widths(pieces, natural, figures, cs.size, 2 * pad + 1),
                    [p if f else 0.0 for p, f in zip(pieces, figures)])
        col_w = _widths(c, header, hs, cs, widths, pad, pieces, natural if fit else None,
                        wrapped, kept, cs.size < c.layout.style(cell_style).size)
    if col_w is None:
        if whole:           # (one error for a table too narrow: the figures' said it)
            c.errors.error(c.ctx.mark, f"the {len(widths)} columns of this "
                           f"{c.placing or 'table'} do not fit its {c.measure():.0f} pt "
                           f"measure: each needs its padding ({pad:.1f} pt a side) and a "
                           f"character of {cs.size:g} pt",
                           "use fewer columns, or a smaller padding or text size in layout/")
        col_w = [c.measure() / len(widths)] * len(widths)
        pad = 0.0
    data = [head] + body
    cmds: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), c.color(comp["header_background"])),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), c.ctx.psnames.get(cs.font, "Helvetica"), cs.size),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LINEBELOW", (0, 0), (-1, -1), c.len("table", "rule_width"), c.color(comp["rule_color"])),
    ]
    striped = stripes if stripes is not None else _stripes(len(body), groups)
    for r in striped:
        cmds.append(("BACKGROUND", (0, r + 1), (-1, r + 1), c.color(comp["stripe_background"])))
    for r in groups:            # across the table, under a rule in the header's colour
        cmds += [("SPAN", (0, r + 1), (-1, r + 1)),
                 ("LINEABOVE", (0, r + 1), (-1, r + 1), c.len("table", "rule_width"),
                  c.color(comp["header_background"]))]
    t = RowTable(data, colWidths=col_w, repeatRows=1, style=TableStyle(cmds), splitByRow=1,
                 renderCB=TableTags(1))
    t.spaceBefore, t.spaceAfter = 6, 12
    t.frame_height, t.line_height, t.padding = c.frame[1], cs.leading, pad
    return t


def _set_rows(c: Composer, header: list[str], rows: list[Any], groups: list[int], hs: Any,
              cs: Any, aligns: list[str | None]) -> tuple[list[Any], list[Any]]:
    """The header's cells and the body's rows set in these styles."""
    head = [[Paragraph(h, hs, c.ctx, indent=0, space_after=0, align=aligns[j])]
            for j, h in enumerate(header)]
    body = [_group(c, row, cs, len(header)) if i in groups else
            [_cell(c, v, cs, aligns[j] if j < len(aligns) else None) for j, v in enumerate(row)]
            for i, row in enumerate(rows)]
    return head, body


# the least a text column beside whole figures keeps (in its cell style's em):
# its text, or this many characters a line
TEXT_KEPT = 4.0


def kept_widths(pieces: list[float], natural: list[float], figures: list[bool],
                em: float, room: float) -> list[float]:
    """Per column, the least width a table whose figures are whole gives it:
    a figure column its widest figure; a text column TEXT_KEPT characters a
    line, or its longest text if shorter (a figure kept whole at a text
    column's expense set it a character a line: '范 / 围 / 一')."""
    return [p if f else min(n, TEXT_KEPT * em + room)
            for p, n, f in zip(pieces, natural, figures)]


def _figures_need(pieces: list[float], natural: list[float], figures: list[bool],
                  pad: float, hs: Any, cs: Any, text_kept: bool = True) -> float:
    """The least width of a table whose figures are whole (its columns'
    extents: _cell_extents), its text columns keeping a few characters a
    line (kept_widths) or (not text_kept) one."""
    least = 2 * pad + max(hs.size, cs.size) + 1        # (as _widths: padding and a character)
    kept = kept_widths(pieces, natural, figures, cs.size, 2 * pad + 1) if text_kept else \
        [p if f else least for p, f in zip(pieces, figures)]
    return sum(max(least, k) for k in kept)


def _figures_fitting(c: Composer, header: list[str], rows: list[Any], groups: list[int],
                     aligns: list[str | None], pad: float, figures: list[bool], hs: Any,
                     cs: Any, head: list[Any], body: list[Any]
                     ) -> tuple[Any, Any, Any, Any, bool]:
    """A table whose figures do not fit its measure whole at its styles'
    size (seven columns of '21,345,000' on A5 broke each figure after its
    commas, '1, / 523, / 400'; the caller found so) is set smaller, header
    and cells alike, by quarter points down to components.table.least_size,
    at the largest size at which its text columns keep a few characters a
    line, else at which they keep one; a figure is never broken: if even
    that is too wide, an error at the table (False: said)."""
    from dataclasses import replace

    total = c.measure()
    floor = c.len("table", "least_size")
    smaller = round(cs.size * 4 - 1) / 4
    for text_kept in (True, False):     # (its text columns a few characters a line, else one)
        size = smaller if text_kept else cs.size    # (the caller tried the first at full size)
        while size >= floor - 1e-6:
            k = size / cs.size
            hs2 = replace(hs, size=hs.size * k, leading=hs.leading * k)
            cs2 = replace(cs, size=size, leading=cs.leading * k)
            head2, body2 = _set_rows(c, header, rows, groups, hs2, cs2, aligns)
            cells = [row for i, row in enumerate(body2) if i not in groups]
            pieces, natural = _cell_extents(head2, cells, len(figures), 2 * pad + 1)
            if _figures_need(pieces, natural, figures, pad, hs2, cs2, text_kept) <= total + 1e-6:
                return hs2, cs2, head2, body2, True
            size = round(size * 4 - 1) / 4
    c.errors.error(c.ctx.mark, f"the figures of this table do not fit its {total:.0f} pt "
                   f"measure whole, even set at {floor:g} pt (components.table.least_size)",
                   "use fewer columns, shorter figures (e.g. in thousands or 万), or split "
                   "the table")
    return hs, cs, head, body, False


def _group(c: Composer, text: Any, cs: Any, n: int) -> list[Any]:
    """A group row (a text among a table's rows: '环境绩效' over the
    environmental rows of a key-figures table): its text in the cell style
    with the `strong` span's font and colour (inline.strong), left-aligned,
    across the n columns (a SPAN). A page never ends with it (RowTable.split)."""
    import dataclasses

    strong = c.layout.inline.get("strong", {})
    style = dataclasses.replace(cs, font=strong.get("font", cs.font),
                                color=strong.get("color", cs.color), align="left")
    name = Paragraph(str(text), style, c.ctx, indent=0, space_after=0)
    name.group_row = True         # (ReportLab makes a cell's list a tuple of its own: RowTable)
    return [[name]] + [""] * (n - 1)


def _stripes(rows: int, groups: list[int]) -> list[int]:
    """Body rows tinted: every second one, counted afresh after each group
    row (whose rule sets it off), so a group's first row is never tinted."""
    out, k = [], 0
    for r in range(rows):
        if r in groups:
            k = 0
            continue
        if k % 2:
            out.append(r)
        k += 1
    return out


def _widths(c: Composer, header: list[str], hs: Any, cs: Any, widths: list[float],
            pad: float, pieces: list[float] | None = None,
            natural: list[float] | None = None,
            wrapped: tuple[list[float], list[list[float]]] | None = None,
            kept: tuple[list[float], list[float]] | None = None,
            shrunk: bool = False) -> list[float] | None:
    """Column widths in points: the layout's proportions, but never narrower
    than a column's header on one line, nor than its padding and one
    character (the room comes from the columns with room to spare, in
    proportion). None when the measure cannot give every column one
    character: ReportLab would be handed a negative width.

    A content table also gives each column its widest unbreakable piece
    (`pieces`: a figure is never broken, '12,345.' / '6'), before its
    header on one line when the measure has not room for both. Without
    widths of its own (`natural`: each column's longest text on one line)
    the room left goes to the columns by how much longer that text is
    than what they need (the automatic table layout of CSS): descriptions
    get the room, figures what they need.

    With widths of its own, a header kept on one line took its room from
    the widest column, however long that column's texts: on A5 the
    starter's topic column ('应对气候变化') was left two characters wide, every
    row four lines, beside columns of '高' and '中'. `wrapped` (each
    header's width on two lines; each row's cells on one line) lets the
    headers take two lines when that sets the table in fewer lines.

    Where the pieces of every column do not fit, those of its figure
    columns still do before any header, the text columns keeping a few
    characters a line, else one (`kept`: kept_widths, and the figure
    columns' alone): a unit like 'gCO₂/t·km' may break, a figure never
    (_figures_fitting sized the table for it; set smaller so, `shrunk`,
    its columns are weighed by the lines they take)."""
    total = c.measure()
    col_w = [w * total / sum(widths) for w in widths]
    least = [2 * pad + max(hs.size, cs.size) + 1] * len(col_w)
    def one_line(text: str) -> float:
        return sum(c.ctx.width(hs.font, ch) for ch in text) * hs.size + 2 * pad + 1

    heads = [one_line(h) for h in header[:len(col_w)]]   # (a count mismatch is reported elsewhere)
    heads += least[len(heads):]
    if sum(least) > total:
        return None
    if natural is not None and sum(map(max, least, heads, pieces or least, natural)) > total:
        heads = _unit_lines(header, heads, natural, one_line)
    tiers = [list(map(max, least, heads))]
    few, one = kept or (least, least)
    whole = list(map(max, least, few))
    if pieces is not None:
        tiers = [list(map(max, least, heads, pieces)), list(map(max, least, pieces)),
                 whole, list(map(max, least, one))] + tiers
    need = next((t for t in tiers if sum(t) <= total), least)
    if natural is not None:
        auto = _auto_widths(total, need, list(map(max, need, natural, heads)))
        return auto if wrapped is None else _fewer_lines(auto, need, wrapped[1], 2 * pad + 1,
                                                         cs.size)
    out = _proportioned(col_w, need)
    if wrapped is None:
        return out
    twos, cells = wrapped
    halves = list(map(min, heads, twos + heads[len(twos):]))
    tiers = [list(map(max, least, halves, pieces or least)), list(map(max, whole, halves)),
             list(map(max, least, one, halves)), list(map(max, least, halves))]
    need2 = next((t for t in tiers if sum(t) <= total), need)
    two = _proportioned(col_w, need2)
    if _lines(cells, two, 2 * pad + 1) + 1 < _lines(cells, out, 2 * pad + 1):
        out, need = two, need2
    if shrunk:
        # set smaller for its figures (_figures_fitting): the room left goes
        # where it sets the rows in fewer lines (a unit column's spare to the
        # indicator beside it, not kept at its share)
        out = _fewer_lines(out, need, cells, 2 * pad + 1, cs.size)
    return out


def _fewer_lines(col_w: list[float], need: list[float], cells: list[list[float]], room: float,
                 em: float) -> list[float]:
    """Widths from the content, room moved from one column to another (a few
    ems at a time, never below what a column needs) while that sets the rows
    in fewer lines. The automatic layout keeps a column whose texts fit a
    fair share on one line: a unit column kept '吨二氧化碳当量' whole while
    the indicator beside it took three lines a row ('温室气体排 / 放（范围一
    和范 / 围二）'); both on two lines set the row in two."""
    best, n = _lines(cells, col_w, room), len(col_w)
    for _ in range(4 * n):
        moves = ((k * em, give, take) for k in (1, 2, 3, 4) for give in range(n)
                 for take in range(n) if give != take and col_w[give] - k * em >= need[give])
        for step, give, take in moves:
            trial = list(col_w)
            trial[give] -= step
            trial[take] += step
            lines = _lines(cells, trial, room)
            if lines < best:
                best, col_w = lines, trial
                break
        else:
            return col_w
    return col_w


def _lines(cells: list[list[float]], col_w: list[float], room: float) -> int:
    """About how many lines the rows take at these widths: per row, its
    cell needing the most lines (each cell's text on one line, over its
    column's measure)."""
    import math

    return sum(max((math.ceil(max(w - room, 0.0) / max(cw - room, 1.0) - 1e-6) or 1)
                   for w, cw in zip(row, col_w)) if row else 1 for row in cells)


def _proportioned(col_w: list[float], need: list[float]) -> list[float]:
    """The given proportions, each column given what it needs: from the
    widest column while it has the room, else from all with room to spare."""
    first = list(col_w)
    for i in range(len(first)):
        if first[i] < need[i]:
            widest = max(range(len(first)), key=lambda k: first[k])
            first[widest] -= need[i] - first[i]
            first[i] = need[i]
    if all(w >= n - 1e-6 for w, n in zip(first, need)):
        return first
    short = sum(max(0.0, n - w) for n, w in zip(need, col_w))
    if short <= 0:
        return col_w
    spare = [max(0.0, w - n) for n, w in zip(need, col_w)]
    room = sum(spare)
    return [max(n, w - short * s / room) if w >= n else n
            for n, w, s in zip(need, col_w, spare)]


def _unit_lines(header: list[str], heads: list[float], natural: list[float],
                one_line: Callable[[str], float]) -> list[float]:
    """Header widths when the table cannot set every column on one line: a
    header wider than its column's figures that ends in its unit in
    brackets ('资本充足率变动（百分点）') may set the unit on a line of its own,
    as a designer breaks it, so its column is as wide as the longer line
    and the description beside it gets the room (the header kept whole
    left a column of short figures 130 pt wide and the description five
    lines a row). The paragraph engine breaks there by itself: an opening
    bracket never ends a line."""
    out = list(heads)
    for j, h in enumerate(header[:len(heads)]):
        k = max(h.rfind("（"), h.rfind("("))
        if k > 0 and natural[j] < heads[j]:
            out[j] = max(one_line(h[:k]), one_line(h[k:]), natural[j])
    return out


def _extent(cell: list[Flowable]) -> tuple[float, float]:
    """(least, natural) width of a cell's text: its widest unbreakable
    piece (a figure, a word), and its longest paragraph on one line."""
    least = most = 0.0
    for f in cell:
        inner, extra = f, 0.0
        while not isinstance(inner, Paragraph) and hasattr(inner, "inner"):
            extra += getattr(inner, "left", 0.0)     # (a list item's indent)
            inner = inner.inner
        if not isinstance(inner, Paragraph):
            continue
        atoms, gaps = inner.atoms, inner.gaps
        least = max(least, extra + max((a.width for a in atoms), default=0.0))
        most = max(most, extra + inner.indent + sum(a.width for a in atoms)
                   + sum(g.width for g in gaps[:len(atoms) - 1]))
    return least, most


def _auto_widths(total: float, need: list[float], most: list[float]) -> list[float]:
    """Widths from the content: when every column's longest text fits on
    one line, each grows in proportion; else the columns whose text fits
    in a fair share of the room left keep it on one line (a unit, a short
    name: not wrapped and letter-spaced), and the long ones share the rest
    by how much more than they need they would take (CSS's automatic table
    layout)."""
    if sum(most) <= total:
        return [m * total / sum(most) for m in most]
    out = list(need)
    open_ = set(range(len(most)))
    left = total
    while open_:
        share = left / len(open_)
        fits = [j for j in open_ if most[j] <= share]
        if not fits:
            break
        for j in fits:
            out[j] = most[j]
            left -= most[j]
            open_.discard(j)
    wanted = sum(need[j] for j in open_)
    flex = sum(most[j] - need[j] for j in open_)
    if not open_ or left < wanted or flex <= 0:     # (cannot happen: most ≥ need, sum > total)
        flex_all = [m - n for m, n in zip(most, need)]
        return [n + (total - sum(need)) * f / sum(flex_all) for n, f in zip(need, flex_all)]
    for j in open_:
        out[j] = need[j] + (left - wanted) * (most[j] - need[j]) / flex
    return out


def _cell_extents(head: list[list[Flowable]], body: list[list[list[Flowable]]], n: int,
                  room: float) -> tuple[list[float], list[float]]:
    """Per column, with `room` (padding) added: the widest unbreakable piece
    of its cells and header, and its longest cell text on one line."""
    pieces, natural = [room] * n, [room] * n
    for row in [head] + body:
        for j, cell in enumerate(row[:n]):
            least, most = _extent(cell)
            pieces[j] = max(pieces[j], least + room)
            if row is not head:
                natural[j] = max(natural[j], most + room)
    return pieces, natural


def _two_line_heads(head: list[list[Flowable]], body: list[list[list[Flowable]]], n: int,
                    room: float) -> tuple[list[float], list[list[float]]]:
    """With `room` added: each header's width set on two lines (broken
    between two of its atoms, the longer line as short as it can be), and
    each body row's cells on one line."""
    twos = []
    for cell in head[:n]:
        para = cell[0] if cell and isinstance(cell[0], Paragraph) else None
        if para is None or len(para.atoms) < 2:
            twos.append(_extent(cell)[1] + room)
            continue
        ws = [a.width for a in para.atoms]
        gs = [g.width for g in para.gaps[:len(ws) - 1]]
        best = sum(ws) + sum(gs)
        for k in range(1, len(ws)):
            if para.gaps[k - 1].breakable:
                best = min(best, max(sum(ws[:k]) + sum(gs[:k - 1]), sum(ws[k:]) + sum(gs[k:])))
        twos.append(para.indent + best + room)
    cells = [[_extent(cell)[1] + room for cell in row[:n]] for row in body]
    return twos, cells


class RowTable(Table):
    """A table that never leaves a lone short row on either side of a page
    break: when a split would carry one row over, two go (with the repeated
    header); when it would leave one row of fewer than three lines at the foot
    of a page (under its caption or heading, as often as not), the table starts
    on the next page, as long as its header and two rows fit on a page at all.
    A row of three lines or more is enough of the table to start a page with,
    as three lines of a paragraph are."""

    _measured: Any = None      # what the last _calc was given (see _calc_key)
    # a piece after the first: its header rows repeat the table's (TableTags
    # draws them as artifacts); known from the split, not from drawing order
    header_repeated = False
    # the body frame's height (set by _table; 0: no rule about the first piece):
    # a split with less room than this is not at the top of a page
    frame_height = 0.0
    line_height = 0.0       # a body cell's leading and the cells' padding (set by _table)
    padding = 0.0
    header_rows = 1         # the table's own header rows (repeatRows counts a repeated group too)

    def _head_rows(self) -> int:
        """Body rows the first piece must hold: one of three lines or more, or
        two, unless the header and two rows are taller than a page (then one
        is the best there is)."""
        h, rr = self._rowHeights, self.repeatRows
        group = int(len(h) - rr > 1 and self._is_group(rr))   # (a group row starts it: one more)
        if len(h) - rr - group < 2 or not self.line_height:
            return 1 + group
        if h[rr + group] - 2 * self.padding >= 3 * self.line_height - 1e-3:
            return 1 + group
        return 2 + group if sum(h[:rr + 2 + group]) <= self.frame_height - 1 else 1 + group

    def _is_group(self, row: int) -> bool:
        """Is this row (of this piece) a group row (_group)?"""
        cell = self._cellvalues[row][0]
        first = cell[0] if isinstance(cell, (list, tuple)) and cell else cell
        return getattr(first, "group_row", False)

    def min_height(self, aw: float) -> float:
        """The least a page must have to start the table (a heading above it
        keeps with this much: base.lead_height): the header and the rows the
        first piece must hold, or all of a table too short to split in two
        pieces of two rows."""
        self.wrap(aw, 1e6)
        h, rr = self._rowHeights, self.repeatRows
        body = len(h) - rr
        need = self._head_rows()
        rows = need if need == 1 or body >= need + 2 else body
        return sum(h[:rr + rows]) + self.getSpaceBefore()

    def _calc_key(self, availWidth: float, availHeight: float) -> Any:
        """What ReportLab's _calc depends on, besides the cells (which never
        change after the table is made): the width only where a column's
        width is relative or left open (absolute widths are used as given),
        the height only where rows span (only spans end its long-table loop
        early). A table titled by a KeepWithNext is measured at the main
        column's width there and at the grid's where it is set across it:
        keyed by the width, each measure undid the other."""
        relative = any(w is None or isinstance(w, str) for w in self._argW)
        return ((availWidth,) if relative else ()) + \
            ((availHeight,) if self._spanCmds else ())

    def _calc(self, availWidth: float, availHeight: float) -> None:
        """Row heights and column widths, measured again only for other
        inputs: a table is wrapped many times at one width (the fit check,
        keep-with-next, copyfit estimates, pagination, split) and every
        ReportLab _calc wraps every cell."""
        key = self._calc_key(availWidth, availHeight)
        if self._measured != key:
            super()._calc(availWidth, availHeight)
            self._measured = key

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            head, tail = parts
            body_tail = len(tail._rowHeights) - tail.repeatRows
            body_head = len(head._rowHeights) - head.repeatRows
            if body_tail == 1 and body_head > 1:
                parts, body_head = self._one_row_less(availWidth, head)
            # a group's last row does not start a page alone: one more goes with it
            if len(parts) == 2 and body_head > 2:
                tail = parts[1]
                rr = tail.repeatRows
                if len(tail._rowHeights) > rr + 1 and not tail._is_group(rr) and tail._is_group(rr + 1):
                    parts, body_head = self._one_row_less(availWidth, parts[0])
            # a group row never ends a page: it goes over with its first row
            while len(parts) == 2 and body_head > 0 and parts[0]._is_group(-1):
                if body_head == 1:          # (at a page's top it stays: the rest is taller)
                    if availHeight < self.frame_height - 1:
                        return []
                    break
                parts, body_head = self._one_row_less(availWidth, parts[0])
            if 0 < body_head < self._head_rows() and availHeight < self.frame_height - 1:
                return []           # not at a page's top: the table starts on the next
            parts = self._group_repeated(availWidth, parts)
        for k, part in enumerate(parts):
            part.header_repeated = self.header_repeated or k > 0
            part.frame_height = self.frame_height
            part.line_height, part.padding = self.line_height, self.padding
            part.header_rows = self.header_rows
        if len(parts) == 2:         # a group continued on a new page says its name again
            tail = parts[1]
            for cell in tail._cellvalues[tail.repeatRows]:
                for f in cell if isinstance(cell, (list, tuple)) else []:
                    if isinstance(f, Ditto):
                        f.shown = True
        return parts

    def _group_repeated(self, availWidth: float, parts: list[Flowable]) -> list[Flowable]:
        """The split with the group row its second piece continues repeated
        under the header there ('环境绩效' again over the rows it goes on
        with: a reader opening that page sees which group they are), as
        ReportLab repeats rows named by index, the group row's rule and span
        with it. A second piece that starts a group itself repeats only the
        header; a piece that repeated a group splits again by the group its
        own cut falls in. The repeated row is drawn as an artifact, as the
        repeated header is (TableTags)."""
        if len(parts) != 2:
            return parts
        header = self.header_rows
        n = len(parts[0]._rowHeights)
        group = next((i for i in range(n - 1, header - 1, -1) if self._is_group(i)), None)
        # (a group row left last on a page, the rest too tall to go with it:
        # the rows overleaf are its first, and it is not repeated)
        want = tuple(range(header)) + ((group,) if group is not None and group < n - 1
                                       and not self._is_group(n) else ())
        if want == tuple(range(self.repeatRows)):
            return parts                   # (what ReportLab repeated: the header, or as before)
        rows = self.repeatRows
        self.repeatRows = want
        try:
            got = super().split(availWidth, sum(self._rowHeights[:n]) + 1e-3)
        finally:
            self.repeatRows = rows
        if len(got) != 2 or len(got[0]._rowHeights) != n:
            return parts
        got[0].repeatRows = rows           # (ReportLab gives the first piece the tuple)
        return got

    def _one_row_less(self, availWidth: float, head: Any) -> tuple[list[Flowable], int]:
        """The split again with `head`'s last row carried over too, and the
        body rows the new first piece holds."""
        parts = super().split(availWidth, sum(head._rowHeights[:-1]) + 1e-3)
        return parts, len(parts[0]._rowHeights) - parts[0].repeatRows if parts else 0


class Ditto(Flowable):
    """A cell that repeats the group name above it: empty, except on the
    first row of a page, where the name is printed again (a reader who
    opens the page there sees which group the rows belong to). It is as
    tall as the name, so the row fits either way."""

    def __init__(self, name: Paragraph) -> None:
        super().__init__()
        self.name, self.shown = name, False

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = self.name.wrap(aw, ah)
        return self.width, self.height

    def draw(self) -> None:
        if self.shown:
            self.name.drawOn(self.canv, 0, 0)


def table(c: Composer, b: Block) -> list[Flowable]:
    """A content table (the stakeholder table): widths relative, header repeated."""
    columns = [str(h) for h in b.get("columns")]
    given = b.get("widths")
    widths = [float(w) for w in (given or [1] * len(columns))]
    align = c.layout.components["table"]["figures"]
    figures = figure_columns(b.get("rows"), len(columns))
    aligns: list[str | None] = [align if numeric else None for numeric in figures] \
        if align != "as-style" else [None] * len(columns)
    minus = minus_sign(c, (c.layout.style("table-cell").font,))
    rows = grouped_columns(b.get("rows"), figures, c.ctx.numbers, columns)
    rows = [[typeset_minus(v, minus) for v in row] if isinstance(row, list) else row
            for row in rows]
    body = _table(c, columns, rows, widths, aligns=aligns, fit=not given, figures=figures)
    if not str(b.value or "").strip():
        return [body]                     # `table: ""`: no caption (a heading names it)
    cap = Paragraph(b.value, c.layout.style("table-caption"), c.ctx)
    if c.layout.components["table"]["caption"] == "below":
        return [body, cap]
    return _titled_with(c, cap, body)


GRI_COLUMNS = ("standard", "code", "title", "pages")
SDG_COLUMNS = ("goal", "title", "strategies", "actions")


def index_columns(c: Composer, b: Block, name: str, known: tuple[str, ...]
                  ) -> tuple[list[str], list[float]]:
    """The columns an index table shows, in order, with relative widths (from the
    layout's components.NAME); the block's 'columns:' are their printed headers."""
    comp = c.layout.components.get(name) or {}
    cols, widths = comp.get("columns"), comp.get("widths")
    where = c.layout.files[0] if c.layout.files else None
    if not (isinstance(cols, list) and cols and all(str(x) in known for x in cols)
            and isinstance(widths, list) and len(widths) == len(cols)
            and all(isinstance(w, (int, float)) and w > 0 for w in widths)):
        c.errors.error(where, f"components.{name} needs 'columns:' (some of: "
                       f"{', '.join(known)}) and as many positive 'widths:'",
                       f"e.g. {name}: {{columns: [{', '.join(known)}], "
                       f"widths: [{', '.join('1' for _ in known)}]}}")
        return list(known), [1.0] * len(known)
    heads = b.get("columns") or []
    if len(heads) != len(cols):
        c.errors.error(b.mark_of("columns"), f"{len(heads)} column headers for the "
                       f"{len(cols)} columns of the layout ({', '.join(map(str, cols))})",
                       f"give one header per column, or change components.{name}.columns "
                       "in layout/")
    return [str(x) for x in cols], [float(w) for w in widths]


def sdg_index(c: Composer, b: Block) -> list[Flowable]:
    """The SDG index: one row per goal, with live pages of the sections it names."""
    rows = []
    see = c.label("see_pages")
    for r in b.get("rows"):
        actions: list[Any] = [str(a) for a in r.get("actions") or []]
        cell: Any = actions
        if r.get("refs") and see:
            # "见第 27、40 页": live page numbers of the sections named
            pages = "、".join("{{page:%s}}" % ref for ref in r["refs"])
            from .components import list_items
            cell = list_items(c, actions, c.layout.style("index-cell")) + [
                Paragraph(see.replace("{pages}", pages), c.layout.style("index-note"),
                          c.ctx, indent=0, space_before=2, space_after=0)]
        rows.append({"goal": SdgTile(c, r.get("goal"), r.mark_of("goal") if hasattr(r, "mark_of")
                                     else b.mark), "title": str(r.get("title", "")),
                     "strategies": [str(s) for s in r.get("strategies") or []], "actions": cell})
    cols, widths = index_columns(c, b, "sdg_index", SDG_COLUMNS)
    return _titled(c, b.value, _table(c, [str(h) for h in b.get("columns")],
                                      [[r[k] for k in cols] for r in rows],
                                      widths, "index-cell", "index-head"))


class SdgTile(Flowable):
    """A goal's numbered tile in the goal's official colour, drawn as vectors
    (the number is real text in the bold face)."""

    def __init__(self, c: Composer, goal: Any, where: Any = None) -> None:
        super().__init__()
        comp = c.layout.components["sdg_index"]
        self.goal, self.ctx = str(goal), c.ctx
        self.size = c.len("sdg_index", "tile_size")
        self.style = c.layout.style(str(comp["number_style"]))
        name = str(comp["tile_palette"]).replace("{goal}", self.goal)
        if name not in c.layout.palette:
            # (at the goal: a goal 0 or 18 is a typo there, not a colour missing in layout/)
            c.errors.error(where or (c.layout.files[0] if c.layout.files else None),
                           f"SDG {self.goal}: no palette colour '{name}' for its tile",
                           "the UN goals are 1–17; for another, add its colour to palette in "
                           "layout/ (components.sdg_index.tile_palette)")
            name = "brand"
        self.fill = c.color(name)
        self.ink = _readable(c, name, self.style, str(comp["number_alt_color"]))
        c.ctx.claim(self.style, self.goal)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        canv, st = self.canv, self.style
        with artifact(canv):        # the tile is decoration; its number is the cell's text
            canv.setFillColor(self.fill)
            canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        with marked(canv, "P"):
            canv.setFillColor(self.ink)
            canv.setFont(self.ctx.psnames[st.font], st.size)
            canv.drawCentredString(self.size / 2, (self.size - 0.7 * st.size) / 2, self.goal)


def _rgb(c: Composer, name: str) -> tuple[float, float, float]:
    """A palette colour's screen RGB (0–255): the layout's `rgb:` where given,
    else the colour as the screen edition draws it."""
    if name in c.layout.screen_rgb:                # stored as 0–1 fractions
        return tuple(255 * v for v in c.layout.screen_rgb[name])  # type: ignore[return-value]
    col = c.color(name)
    if hasattr(col, "cyan"):                       # print: the plain conversion
        k = col.black
        return tuple(255 * (1 - v) * (1 - k) for v in (col.cyan, col.magenta, col.yellow))  # type: ignore[return-value]
    return (255 * col.red, 255 * col.green, 255 * col.blue)


def _readable(c: Composer, tile: str, style: Any, alternative: str) -> Any:
    """The tile number's colour: the style's, unless it fails WCAG 2.2 AA on
    the tile's colour and the alternative reads better. Decided on screen
    colours so that both editions print the same design."""
    from ..assets.colour import contrast, large_text

    need = 3.0 if large_text(style.size, "bold" in style.font or "black" in style.font) else 4.5
    own = contrast(_rgb(c, style.color), _rgb(c, tile))
    if own >= need or contrast(_rgb(c, alternative), _rgb(c, tile)) <= own:
        return c.color(style.color)
    return c.color(alternative)


def gri_index(c: Composer, b: Block) -> list[Flowable]:
    """Rows (standard, code, title, pages) from the GRI tags of the report."""
    return _titled(c, b.value, GriTable(c, b))


def _titled(c: Composer, title: str, body: Flowable) -> list[Flowable]:
    """A table's title, kept with the table's header and first row."""
    return _titled_with(c, Paragraph(title, c.layout.style("table-title"), c.ctx), body)


def _titled_with(c: Composer, head: Flowable, body: Flowable) -> list[Flowable]:
    """A heading paragraph kept with the table's header and first row."""
    from .base import KeepWithNext
    head.lead_in = True     # a heading before it keeps with the title and the table's start
    return [KeepWithNext([head], [body], c.frame[1]), head, body]


class GriTable(Flowable):
    """Defers building the GRI table until the tags' pages are known."""

    def __init__(self, c: Composer, b: Block) -> None:
        super().__init__()
        self.c, self.b = c, b
        self._table: Table | None = None
        self.cols, self.widths = index_columns(c, b, "gri_index", GRI_COLUMNS)
        # the table is built after composition: declare its characters now
        chars = set("0123456789–, ") | set("".join(str(h) for h in b.get("columns")))
        for info in c.report.gri.values():
            chars |= set(str(info.get("title", "")) + str(info.get("standard", "")))
        chars |= set("".join(c.report.gri_standards.values()))
        for style in ("index-cell", "index-head"):
            c.ctx.claim(c.layout.style(style), "".join(sorted(chars)))

    def _build(self) -> Table:
        if self._table is None:
            c = self.c
            codes: dict[str, list[str]] = {}
            for code, key in c.gri_tags:
                codes.setdefault(code, []).append(key)
            rows = []
            stripes: list[int] = []     # one tint per standard, alternating
            style = c.layout.style("index-cell")
            last, group = None, -1
            for code in sorted(codes, key=gri_sort_key):
                info = c.report.gri.get(code, {})
                std = gri_prefix(code)
                name = c.report.gri_standards.get(std, info.get("standard", std))
                ranges = sorted({c.section_pages(k) for k in codes[code]})
                if name != last:
                    group += 1
                if group % 2:
                    stripes.append(len(rows))
                # a standard's name once, on the first row of its group; ragged,
                # not justified: a short name in a narrow column
                named = Paragraph(str(name), style, c.ctx, indent=0, space_after=0, align="left")
                row = {"standard": [Ditto(named)] if name == last else [named],
                       "code": code, "title": str(info.get("title", "")),
                       "pages": PageLinks(c, ranges, style)}
                rows.append([row[k] for k in self.cols])
                last = name
            c.placing = self.b.type       # (built late: measured as its own block)
            mark, c.ctx.mark = c.ctx.mark, self.b.mark
            self._table = _table(c, [str(h) for h in self.b.get("columns")], rows,
                                 self.widths, "index-cell", "index-head",
                                 padding=c.len("gri_index", "padding"), stripes=stripes)
            c.ctx.mark = mark
        return self._table

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self._build().wrap(aw, ah)

    def min_height(self, aw: float) -> float:
        """The header and two rows: where the index may start on a page."""
        t = self._build()
        t.wrap(aw, 1e6)
        return sum(t._rowHeights[:3]) + t.spaceBefore

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return self._build().split(aw, ah)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self._build().drawOn(canvas, x, y, _sW)


class PageLinks(Flowable):
    """Page numbers and ranges ("58, 60–61"), each a link to its first page."""

    def __init__(self, c: Composer, ranges: list[tuple[int, int]], style: Any) -> None:
        super().__init__()
        self.c, self.ranges, self.style = c, _merge(ranges), style

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width, self.height = aw, self.style.leading
        return aw, self.height

    def draw(self) -> None:
        canv, st, ctx = self.canv, self.style, self.c.ctx
        font = ctx.psnames[st.font]
        canv.setFont(font, st.size)
        canv.setFillColor(ctx.color(st.color))
        y = (st.leading - st.size) / 2 + 0.12 * st.size
        x = 0.0
        see = self.c.label("see_pages")
        with tagged(canv, "P"):
            for i, (a, b) in enumerate(self.ranges):
                text = str(a) if a == b else f"{a}–{b}"
                w = canv.stringWidth(text, font, st.size)
                with tagged(canv, "Link"):
                    with marked(canv):
                        canv.drawString(x, y, text)
                    if a > 0:   # (0: the first pass, before pages are known)
                        ctx.link(canv, _page_key(a), (x, 0, x + w, st.leading),
                                 contents=see.replace("{pages}", text) if see else text)
                x += w
                if i < len(self.ranges) - 1:
                    with marked(canv):
                        canv.drawString(x, y, ", ")
                    x += canv.stringWidth(", ", font, st.size)


def _page_key(page: int) -> str:
    return f"page-{page}"


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping or touching page ranges."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def page_ranges(pages: list[int]) -> str:
    """[5, 6, 7, 9] → '5–7, 9'."""
    out: list[str] = []
    i = 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        out.append(str(pages[i]) if i == j else f"{pages[i]}–{pages[j]}")
        i = j + 1
    return ", ".join(out)
