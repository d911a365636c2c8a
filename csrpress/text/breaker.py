"""Total-fit line breaking (Knuth–Plass) over Chinese character atoms.

Breaks are chosen for the whole paragraph at once, which is what lets it
avoid a lone character on the last line, and prohibited breaks (clreq) are
not break points: a violation is fixed by moving characters between lines,
never by overflowing the measure.

The breaker is total: when no paragraph obeys every rule (a chain of
unbreakable atoms longer than the measure, a line that can only hold one
word), a last pass lets every gap be a break, each rule broken at a cost
(least bad first), and marks the lines that needed it so the build can say
where. A line is never letter-spaced beyond LOOSE: one that cannot be
justified within it is set ragged (flush to the start).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import compiled
from .atoms import HAN, PUNCT, Atom, Gap
from .wide import _URL, at_url_break

INF = float("inf")
# The most a justified line stretches (adjustment ratio: each gap by at most
# twice its stretch, i.e. layout text.max_stretch); a setting is looked for
# within it first. A line that cannot be justified within it is set ragged
# (_ragged_if_loose, _fit), never letter-spaced further.
LOOSE = 2.0
# A justified paragraph with a line spaced beyond this (half of LOOSE: half of
# text.max_stretch per gap; TeX's \pretolerance 100) is broken again with its
# Latin words hyphenated, and the better setting taken (wants_hyphens).
PRETOLERANCE = 1.0
LINE_PENALTY = 100.0   # demerits of every line (TeX: linepenalty): fewer lines win ties
# Demerits of a line ending in a word break after a line that did (TeX's
# \doublehyphendemerits): an English letter in a narrow measure was set with
# four hyphenated lines in a row ('Prop-' 'subsidiar-' 'so-' 'Report-'). TeX's
# 10,000 goes with its \linepenalty of 10; a line here costs (100 + badness)²,
# ten times the slope, and 10,000 changed nothing. 300,000 weighs a pair of
# such lines like one line spaced to 1.66 of its stretch over a tight one:
# two in a row where nothing better exists, no ladder of three.
DOUBLE_HYPHEN = 300000.0
SHRINK_COST = 0.1     # shrinking (punctuation halves) is cheaper than stretching (clreq/JIS)
# The second pass of a paragraph that compresses (see break_lines) ranks settings
# by fewest lines, then least compression (the sum of each line's squared
# compression: a little on several lines rather than much on one), then
# demerits: the weights keep that order (a line costs more than any
# compression; a point of compression, more than a paragraph's demerits within
# tolerance 2, at most (LINE_PENALTY + 800)² a line).
PER_LINE = 1e12
PER_SQUEEZE = 1e9     # per square point of a line's compression

# Why a line is not what the rules ask (Line.relax); the paragraph words it.
# URL_RAGGED: a line broken inside a URL, set flush to the start by design
# (see _url_scale): not reported, and not a line the paragraph failed to justify.
OK, NO_START_BROKEN, NO_END_BROKEN, WORD_SPLIT, TOKEN_SPLIT, OVERFLOW, RAGGED, INDENT, \
    URL_RAGGED = range(9)
QUIET = frozenset({OK, RAGGED, URL_RAGGED})    # lines with nothing to report
FLUSH = frozenset({RAGGED, URL_RAGGED})        # justified paragraphs' lines set ragged

# Demerits of the relaxed pass. A loose line is capped far below any broken rule,
# and each kind of broken rule costs more than any number of the kinds before it.
_BAD_CAP = 1e4               # badness of an overflowing atom (the worst line)
# A justified line set ragged (no stretch: a URL's pieces alone; or looser
# than LOOSE) is as bad as a line spaced at three quarters of the tolerance:
# the relaxed pass, which sets every paragraph whose URL fills a line of its
# own, takes one ragged line rather than letter-spacing the Han lines around
# it (at 1e4 it letter-spaced three lines of a card to ratio 1.4–1.8 to save
# a ragged one) ...
_RAGGED_BAD = 100.0 * (0.75 * LOOSE) ** 3
# ... plus this much for a line left wholly empty, in proportion to its blank:
# without it every under-filled line cost the same and a word broken as a
# last resort split anywhere ("P / neumono…"); with it the fullest lines win
# (the last line is free, so the split fills each line as far as it goes).
_SLACK_COST = _RAGGED_BAD
_LONE = 1e10                 # a lone Han character (or URL piece) on the last line
_COST = {NO_END_BROKEN: 1e13, NO_START_BROKEN: 2e13, WORD_SPLIT: 1e15, OVERFLOW: 1e18}


@dataclass(frozen=True, slots=True)
class Line:
    """Atoms start..end (inclusive) and the adjustment ratio that justifies them."""

    start: int
    end: int
    ratio: float
    natural: float    # natural width
    target: float     # the measure of this line
    relax: int = OK   # the rule this line breaks (OK: none), see the constants above

    def __reduce__(self) -> tuple:
        # pickled as a constructor call: the dataclass default (a state dict
        # built with fields() per line) made saving the line-break cache slow
        return (Line, (self.start, self.end, self.ratio, self.natural, self.target, self.relax))


def break_lines(atoms: list[Atom], gaps: list[Gap], width: float, first_indent: float = 0.0,
                justify: bool = True, punct_cap: float = INF) -> list[Line]:
    """Choose line breaks; looser tolerances first, then relaxed rules. Never raises.

    Compression (punctuation halves, Han–Latin gaps) is cheap in the demerits,
    so total-fit would compress wherever that beats a slightly loose line,
    and whole paragraphs got every comma half-width. A typesetter compresses
    only where it saves a line or avoids stretch beyond the limit: a paragraph
    set with compressed lines is set again ranked by fewest lines, then least
    compression (in the same pass, see _total_fit), and that setting is
    taken when it has no more lines. How a tight line shares its compression
    out (Gap.level order, evenly within a level) is paragraph._shrink_shares.

    punct_cap (points) is the most a line may compress its mid-line
    punctuation in all (layout text.punct_shrink_line), whatever it holds."""
    if not atoms:
        return []
    # an indent never pushes the first unbreakable run out of the line (2 em in 3 em)
    indent = max(0.0, min(first_indent, width - _first_run(atoms, gaps)))
    lines = None
    for tolerance in (LOOSE, 12.0):
        found = _total_fit(atoms, gaps, width, indent, justify, tolerance, tolerance == LOOSE,
                           punct_cap)
        if found is not None:
            lines, fewest = found
            if any(line.ratio < 0.0 for line in lines) and len(fewest) <= len(lines):
                lines = fewest
            if tolerance > LOOSE:
                lines = _ragged_if_loose(lines)
                if unjustified(lines) > 1:
                    # the tolerant setting spaced several lines beyond LOOSE,
                    # so they are set ragged; the relaxed pass weighs a ragged
                    # line as such and may leave only the one that must be
                    # (a URL's line): taken when it sets fewer, breaking no rule
                    other = _relaxed(atoms, gaps, width, indent, justify, punct_cap)
                    if unjustified(other) < unjustified(lines) and \
                            all(line.relax in (OK, RAGGED) for line in other):
                        lines = other
            break
    if lines is None:
        lines = _relaxed(atoms, gaps, width, indent, justify, punct_cap)
    if indent < first_indent - 1e-6 and lines[0].relax == OK:
        first = lines[0]
        lines[0] = Line(first.start, first.end, first.ratio, first.natural, first.target, INDENT)
    return lines


def wants_hyphens(lines: list[Line]) -> bool:
    """Whether a justified setting of whole words is worth breaking again
    with its Latin words hyphenated (TeX's \\pretolerance): a line it could
    not justify, or one spaced beyond PRETOLERANCE. Without the second
    condition a line letter-spaced up to text.max_stretch per gap before an
    English word too long for the rest of it ('全 员 覆 盖 occupational')
    counted as justified and the word was never hyphenated."""
    return unjustified(lines) > 0 or any(line.ratio > PRETOLERANCE for line in lines[:-1])


def demerits(lines: list[Line], gaps: list[Gap]) -> float:
    """A setting's demerits as total-fit weighs its lines (each line's
    (LINE_PENALTY + badness)², a break's penalty², a line set ragged at its
    ragged badness): how the settings of a paragraph with its words whole
    and hyphenated are compared, the hyphens' penalties included."""
    total = 0.0
    for k, line in enumerate(lines):
        last = k == len(lines) - 1
        r = line.ratio
        if r < 0.0:
            bad = SHRINK_COST * 100.0 * (-r) ** 3
        elif line.relax in FLUSH and not last:
            bad = _ragged(line.natural, line.target)
        else:
            bad = 0.0 if last else 100.0 * r ** 3
        total += (LINE_PENALTY + bad) ** 2 + _COST.get(line.relax, 0.0)
        if not last:
            total += gaps[line.end].penalty ** 2
            if k and gaps[line.end].flagged and gaps[lines[k - 1].end].flagged:
                total += DOUBLE_HYPHEN
    return total


def better_hyphenated(whole: list[Line], whole_gaps: list[Gap],
                      cut: list[Line], cut_gaps: list[Gap]) -> bool:
    """Whether the hyphenated setting is taken: fewer lines it cannot
    justify, else (as many) fewer demerits, its hyphens' penalties counted,
    so a word is cut only where that spaces the lines clearly better."""
    a, b = unjustified(cut), unjustified(whole)
    if a != b:
        return a < b
    return demerits(cut, cut_gaps) < demerits(whole, whole_gaps)


def unjustified(lines: list[Line]) -> int:
    """How many lines but the last a justified setting could not justify
    (set ragged, or breaking a rule; a line broken inside a URL is ragged
    by design)."""
    return sum(1 for line in lines[:-1] if line.relax != OK and line.relax != URL_RAGGED)


def _ragged_if_loose(lines: list[Line]) -> list[Line]:
    """The lines of a setting found beyond the tolerance, a line looser than
    LOOSE set ragged (flush to the start): Han characters letter-spaced to
    fill a line (详 情 请 见 before an unbreakable word) read worse than a
    short line, which clreq text shows before a forced break anyway."""
    return [Line(ln.start, ln.end, 0.0, ln.natural, ln.target,
                 RAGGED if ln.relax == OK else ln.relax) if ln.ratio > LOOSE else ln
            for ln in lines]


def balance(atoms: list[Atom], gaps: list[Gap], width: float, lines: list[Line],
            first_indent: float = 0.0, punct_cap: float = INF) -> list[Line]:
    """A ragged setting (a heading) with its lines made as even as they go:
    the narrowest measure that still gives as many lines, every rule kept,
    the lines then placed in the real measure. So a title never leaves one
    short word alone on its last line ("…获奖及 / 表彰" → "…企业 / 社会责任
    获奖及表彰"). Breaks at punctuation, spaces and script changes come first
    (“…”—— / “蓝色行动”…, not “蓝 / 色行动”) while their lines stay within a
    quarter of the most even setting; else any allowed break (between Han
    characters, words kept by text.keep_words kept whole)."""
    n = len(lines)
    if n < 2 or any(line.relax != OK for line in lines):
        return lines
    even = _narrowest(atoms, gaps, width, n, first_indent, punct_cap) or lines
    soft = _soft(atoms, gaps)
    at_soft = break_lines(atoms, soft, width, first_indent, False, punct_cap)
    if len(at_soft) == n and all(line.relax == OK for line in at_soft):
        found = _narrowest(atoms, soft, width, n, first_indent, punct_cap) or at_soft
        if max(ln.natural for ln in found) <= 1.25 * max(ln.natural for ln in even):
            even = found
    first = lines[0].target - width             # (the first line's measure is indented)
    return [Line(ln.start, ln.end, 0.0, ln.natural, width + (first if k == 0 else 0.0), ln.relax)
            for k, ln in enumerate(even)]


def _narrowest(atoms: list[Atom], gaps: list[Gap], width: float, n: int,
               first_indent: float, punct_cap: float) -> list[Line] | None:
    """The setting in n lines at the narrowest measure that gives n lines
    with every rule kept (to half a point), or None if none narrower does."""
    best = None
    total = sum(a.width for a in atoms)
    lo, hi = total / n - 1.0, width
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        got = break_lines(atoms, gaps, mid, first_indent, False, punct_cap)
        if len(got) == n and all(line.relax == OK for line in got):
            best, hi = got, mid
        else:
            lo = mid
    return best


def _spaces(atoms: list[Atom], gaps: list[Gap]) -> list[int]:
    """Where a typed space stands between two Han characters (a Han–Han gap
    is otherwise empty): the one break a name line makes by choice."""
    return [i for i, g in enumerate(gaps[:len(atoms) - 1]) if g.breakable and g.width > 0
            and g.shrink > 0 and g.level == 0 and atoms[i].kind == HAN == atoms[i + 1].kind]


def name_gaps(atoms: list[Atom], gaps: list[Gap]) -> tuple[list[Gap], list[Gap]] | None:
    """A name line's gaps ("集团一线班组长 李建国", "@研发线—平台研发部 刚哥"),
    None without a space: (1) broken only at spaces, punctuation and changes of
    script, the setting to take where its lines fit ("水西村乡村新闻官 / 刘逢明");
    (2) any break but inside the last word, the name: a break there ("李 /
    建国", "部 / 刚哥") reads as two people or a lost word."""
    spaces = _spaces(atoms, gaps)
    if not spaces:
        return None
    phrases = _soft(atoms, gaps)
    for i in spaces:
        phrases[i] = gaps[i]
    whole = unbreakable(gaps, [i for i in range(spaces[-1] + 1, len(atoms) - 1)
                               if gaps[i].breakable])
    return phrases, whole


def break_name(atoms: list[Atom], gaps: list[Gap], width: float, first_indent: float,
               justify: bool, punct_cap: float) -> tuple[list[Line], list[Gap], bool] | None:
    """A name line's setting (see name_gaps): (lines, gaps, True) broken at
    its phrases, to take as they are; (lines, gaps, False) the name kept whole,
    to balance; None without a space or where the name alone is wider than
    the measure (then it breaks as any text)."""
    named = name_gaps(atoms, gaps)
    if named is None:
        return None
    for gaps_, final in zip(named, (True, False)):
        lines = break_lines(atoms, gaps_, width, first_indent, justify, punct_cap)
        if all(line.relax == OK for line in lines):
            return lines, gaps_, final
    return None


def _soft(atoms: list[Atom], gaps: list[Gap]) -> list[Gap]:
    """The gaps with breaks between two Han characters taken away: what is
    left breaks at punctuation, spaces and changes of script."""
    return unbreakable(gaps, [i for i, g in enumerate(gaps[:len(atoms) - 1]) if g.breakable
                              and atoms[i].kind == HAN and atoms[i + 1].kind == HAN])


def unbreakable(gaps: list[Gap], held: Iterable[int]) -> list[Gap]:
    """A copy of the gaps with those at the indexes ``held`` made unbreakable
    (shaped gaps are shared between paragraphs: changed ones are copies)."""
    out = list(gaps)
    for i in held:
        g = out[i]
        out[i] = Gap(g.width, g.stretch, g.shrink, False, g.penalty, g.split, g.level)
    return out


def _first_run(atoms: list[Atom], gaps: list[Gap]) -> float:
    """Width of the atoms up to the first allowed break (what line 1 must hold)."""
    w = atoms[0].start_extra
    for a, g in zip(atoms, gaps):
        if g.breakable:
            return w + a.width + a.end_extra
        w += a.width + g.width
    return w


def _prefix(atoms: list[Atom], gaps: list[Gap]
            ) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
    """Prefix sums of atom+gap widths, gap stretch, the shrink of Han–Latin
    gaps and spaces (level 0) and of punctuation (levels 1–3), and where a line
    starting at each atom starts (the prefix less a line-start mark's blank half)."""
    n = len(atoms)
    pw = [0.0] * (n + 1)
    ps = [0.0] * (n + 1)
    pz = [0.0] * (n + 1)
    pp = [0.0] * (n + 1)
    for i in range(n):
        g = gaps[i]
        pw[i + 1] = pw[i] + atoms[i].width + g.width
        ps[i + 1] = ps[i] + g.stretch
        if g.level:
            pz[i + 1] = pz[i]
            pp[i + 1] = pp[i] + g.shrink
        else:
            pz[i + 1] = pz[i] + g.shrink
            pp[i + 1] = pp[i]
    starts = [pw[i] - atoms[i].start_extra for i in range(n)]
    return pw, ps, pz, pp, starts


def _knuth_plass(atoms: list[Atom], gaps: list[Gap], width: float, indent: float,
                 justify: bool, tolerance: float, fewest_squeezed: bool = False,
                 punct_cap: float = INF) -> list[Line] | None:
    """Breaks at allowed gaps only, lines within tolerance; None when impossible.
    With fewest_squeezed: fewest lines first, then least compression."""
    found = _total_fit(atoms, gaps, width, indent, justify, tolerance, fewest_squeezed,
                       punct_cap)
    return None if found is None else found[1 if fewest_squeezed else 0]


def _total_fit(atoms: list[Atom], gaps: list[Gap], width: float, indent: float,
               justify: bool, tolerance: float, both: bool, punct_cap: float = INF
               ) -> tuple[list[Line], list[Line]] | None:
    """The best breaks by demerits and (with both) by fewest lines, then least
    compression, then demerits, in one pass: which lines are feasible does
    not depend on the ranking, so the two share every node and every line's
    measures; None when no setting is feasible.

    The scan is _scan, or the same scan compiled (_breakfit.c, exactly the
    same breaks: tests/text/test_breakfit.py) when it was built at install
    and CSRPRESS_PURE is not set: it is the largest single cost of a cold
    build, in node visits that pruning in Python did not reduce."""
    if _COMPILED is not None:
        found = _COMPILED.scan(atoms, gaps, width, indent, justify, tolerance, both, punct_cap,
                               HAN, PUNCT, _URL)
    else:
        found = _scan(atoms, gaps, width, indent, justify, tolerance, both, punct_cap)
    if found is None:
        return None
    prev, prev_f, urls = found
    n = len(atoms)
    lines = _trace(prev, gaps, n, urls)
    return lines, (_trace(prev_f, gaps, n, urls) if prev_f is not None else lines)


_Prev = dict[int, tuple[int, float, float, float]]


def _scan(atoms: list[Atom], gaps: list[Gap], width: float, indent: float, justify: bool,
          tolerance: float, both: bool, punct_cap: float = INF
          ) -> tuple[_Prev, _Prev | None, bool] | None:
    """The scan of _total_fit: each break's best previous break by demerits
    (prev) and with both by fewest lines, then least compression (prev_f;
    None without both), and whether the paragraph breaks inside URLs (see
    _url_scale); None when no setting is feasible.

    The hot path of a cold build (every paragraph and heading is broken,
    ~0.2 s for the report): what depends on a break only is computed once
    per break, in lists made before the scan; active nodes are removed in
    place (a slice deleted: nodes too long are the oldest) rather than the
    list rebuilt per break; a ragged line is not weighed when even the
    least badness could not beat the best found for this break (same
    result: a strict improvement is needed and the sum only grows).
    _breakfit.c is this function in C, statement for statement: a change
    here is made there too (the test compares them)."""
    n = len(atoms)
    PW, PS, PZ, PP, START = _prefix(atoms, gaps)
    cands = [i for i in range(n - 1) if gaps[i].breakable] + [n - 1]
    # what depends on the break only: where its line ends, its penalty's square,
    # whether it is inside a word (and so is the node a line from it starts at)
    ends = [PW[b + 1] - gaps[b].width + atoms[b].end_extra for b in cands]
    pens = [gaps[b].penalty ** 2 for b in cands]
    flags = [b < n - 1 and gaps[b].flagged for b in cands]
    flagged = {b for b, f in zip(cands, flags) if f}
    if max(ends) - START[0] <= width - indent and pens[-1] < INF:
        return _one_line(ends[-1] - START[0], width - indent, n)
    prev: dict[int, tuple[int, float, float, float]] = {}
    prev_f: dict[int, tuple[int, float, float, float]] = {}
    # the active nodes, each with what its lines read of it: (node, where its
    # line starts, the prefix stretch and shrinks there, its line's measure,
    # its demerits by both rankings)
    active = [(-1, START[0], PS[0], PZ[0], PP[0], width - indent, 0.0, 0.0)]
    han_count = _han_prefix(atoms)
    # a line too loose to justify from a node is too loose from every later
    # node (shorter and no more stretchable), so the scan of the nodes stops
    # there when that holds for this paragraph: ~half of all node visits
    # were such lines
    ordered = justify and _later_is_looser(START, gaps)
    # a line broken inside a URL is set flush to the start (see _url_scale)
    scale = _url_scale(atoms, gaps) if justify else 0.0
    for b, end_b, pen2, flag_b in zip(cands, ends, pens, flags):
        last = b == n - 1
        ragged = last or not justify
        in_url = scale > 0.0 and not last and at_url_break(gaps[b])
        new_best = new_best_f = INF
        new_info: tuple[int, float, float, float] | None = None
        new_info_f: tuple[int, float, float, float] | None = None
        gone: list[tuple] | None = None     # nodes too long from here on (dropped)
        pz_b, pp_b, ps_b = PZ[b], PP[b], PS[b]
        for node in active:
            a, start, ps_s, pz_s, pp_s, target, best, best_f = node
            nat = end_b - start
            if nat > target:
                # compression: Han–Latin gaps, then punctuation up to the cap
                punct = pp_b - pp_s
                shrink = pz_b - pz_s + (punct if punct < punct_cap else punct_cap)
                if nat - shrink > target + 1e-6:
                    if gone is None:  # too long now and for every later break
                        gone = [node]
                    else:
                        gone.append(node)
                    continue
                squeeze = nat - target
                ratio = (target - nat) / shrink if shrink else 0.0
                bad = SHRINK_COST * 100.0 * abs(ratio) ** 3
            elif ragged:
                # (the line's square is at least LINE_PENALTY²: when that
                # cannot win, neither can the line, in either ranking)
                if best + 10000.0 + pen2 >= new_best and (
                        not both or best_f + 10000.0 + pen2 + PER_LINE >= new_best_f):
                    continue
                squeeze = ratio = 0.0
                slack = (target - nat) / max(target, 1.0)
                bad = 0.0 if last else 100.0 * slack * slack
            elif in_url:
                # set ragged: its blank weighs as the same blank spread over
                # the paragraph's own gaps on a line this wide would
                squeeze = ratio = 0.0
                loose = (target - nat) / (scale * target)
                if loose > tolerance:
                    if ordered:       # (nor can later nodes: shorter lines)
                        break
                    continue
                bad = 100.0 * loose ** 3
            else:
                stretch = ps_b - ps_s
                if stretch <= 0.0:
                    if target - nat > 1e-6:
                        if ordered:   # (cannot be justified, nor can later nodes)
                            break
                        continue      # cannot be justified (left to the relaxed pass)
                    ratio = 0.0
                else:
                    ratio = (target - nat) / stretch
                if ratio > tolerance:
                    if ordered:       # (nor can later nodes: see above)
                        break
                    continue
                squeeze = 0.0
                bad = 100.0 * ratio ** 3
            if last and a >= 0 and han_count(a + 1, b) == 1 and \
                    _lone(atoms, gaps, a + 1, b):
                continue          # a lone Han character (or URL piece) on the last line
            sq = (LINE_PENALTY + bad) ** 2
            if flag_b and a in flagged:
                sq += DOUBLE_HYPHEN
            d = best + sq + pen2
            if d < new_best:
                new_best = d
                new_info = (a, ratio if justify or nat > target else 0.0, nat, target)
            if both:
                d = best_f + sq + pen2 + PER_LINE + PER_SQUEEZE * squeeze * squeeze
                if d < new_best_f:
                    new_best_f = d
                    new_info_f = (a, ratio if justify or nat > target else 0.0, nat, target)
        if gone is not None:
            active = _without(active, gone)
        if new_info is not None:
            prev[b] = new_info
            if new_info_f is not None:
                prev_f[b] = new_info_f
            if last:
                break             # (the paragraph's end: no line starts after it)
            s = b + 1
            active.append((b, START[s], PS[s], PZ[s], PP[s], width, new_best,
                           new_best_f if new_info_f is not None else INF))
        if not active:
            return None
    if n - 1 not in prev:
        return None
    return prev, (prev_f if both else None), scale > 0.0


def _url_scale(atoms: list[Atom], gaps: list[Gap]) -> float:
    """The stretch per point of a paragraph's text outside its URLs (0.0:
    it has no URL break, or nothing else stretches).

    A URL's pieces have no stretch, so a justified line ending inside one
    could be filled only by spreading the few Han characters and spaces
    before it (详 细 地 址 为 https://…/) or not at all: the breaker then
    letter-spaced the line before the URL to push the whole address down.
    Such a line is set flush to the start instead, as publishing tools set
    a line broken inside a URL; its blank is weighed as if spread over a
    line of the paragraph's own text of the same width (the ratio that
    text would need), so a nearly full URL line costs almost nothing and
    an emptier one as much as a loose line would."""
    inside = [at_url_break(g) for g in gaps]
    if not any(inside):
        return 0.0
    stretch = width = 0.0
    for k, (a, g) in enumerate(zip(atoms, gaps)):
        if inside[k] or (k and inside[k - 1]):
            continue                  # a URL's piece
        width += a.width
        stretch += g.stretch
    return stretch / width if width > 0.0 and stretch > 0.0 else 0.0


def _one_line(natural: float, target: float, n: int) -> tuple[_Prev, _Prev, bool]:
    """The setting _total_fit finds for a paragraph no line of which from
    its start is too long, by both rankings: the whole of it on one line
    (ragged, as a last line is). Why it is that: the line from the start
    node is never dropped (never too long) and, being the last, is feasible
    at demerits LINE_PENALTY² + its penalty², which a line from any other
    node cannot beat (that node's own demerits are already at least
    LINE_PENALTY², and the first node is weighed first, strictly beaten
    only). Most of a report's ragged texts (cells, labels, captions) and
    short paragraphs are such: found without scanning a node (~0.035 s of
    a cold build's breaking). As _scan's result: both rankings' prev, the
    line traced once for each."""
    prev = {n - 1: (-1, 0.0, natural, target)}
    return prev, prev, False


def _without(active: list[tuple], gone: list[tuple]) -> list[tuple]:
    """The active nodes less those gone, in order: a slice deleted when they
    are the first ones (lines start later from later nodes, so the nodes too
    long are the oldest), else the list filtered by identity."""
    k = len(gone)
    if active[:k] == gone:
        del active[:k]
        return active
    ids = {id(x) for x in gone}
    return [x for x in active if id(x) not in ids]


def _later_is_looser(start: list[float], gaps: list[Gap]) -> bool:
    """Whether a line to a given break is never longer nor more stretchable
    from a later node: lines start no earlier (prefix widths less a
    line-start mark's blank half never decrease) and no stretch is negative.
    Stretches are 0 or at least 0.001 pt, so a line too loose by its ratio
    (beyond the tolerance, ≥ 2) is more than 1e-6 short of the measure, and a
    later line without stretch cannot be justified either. Then, with
    correctly rounded arithmetic, every later node's ratio is at least as
    large (numerator no smaller, denominator no larger): the node scan of
    _total_fit may stop at the first line too loose. Checked per paragraph."""
    if any(not (g.stretch == 0.0 or g.stretch >= 1e-3) for g in gaps):
        return False
    return all(x <= y for x, y in zip(start, start[1:]))


def _trace(prev: dict[int, tuple[int, float, float, float]], gaps: list[Gap],
           n: int, urls: bool = False) -> list[Line]:
    """The lines of the best setting, read back from the last break (with
    urls: a short line broken inside a URL is URL_RAGGED, see _url_scale)."""
    lines: list[Line] = []
    b = n - 1
    while b != -1:
        a, ratio, nat, target = prev[b]
        split = b != n - 1 and gaps[b].split
        relax = TOKEN_SPLIT if split else OK
        if urls and b != n - 1 and nat < target - 1e-6 and at_url_break(gaps[b]):
            relax = URL_RAGGED
        lines.append(Line(a + 1, b, ratio, nat, target, relax))
        b = a
    lines.reverse()
    return lines


def _relaxed(atoms: list[Atom], gaps: list[Gap], width: float, indent: float,
             justify: bool, punct_cap: float = INF) -> list[Line]:
    """Every gap may break, at a cost by the rule it breaks; always succeeds.

    A line with no stretch (a URL's pieces alone), or one that would stretch
    beyond LOOSE, is set ragged (ratio 0) at a capped badness; a single
    atom wider than the measure (a glyph in a measure under one em) overflows,
    at the highest cost of all."""
    n = len(atoms)
    PW, PS, PZ, PP, START = _prefix(atoms, gaps)
    han_count = _han_prefix(atoms)
    best_d = [INF] * n
    prev: list[tuple[int, float, float, float, int]] = [(-1, 0.0, 0.0, 0.0, OK)] * n
    start_d = 0.0
    active = [-1]
    for b in range(n):
        last = b == n - 1
        relax = OK if last else _gap_relax(atoms, gaps, b)
        cost = _COST.get(relax, 0.0) + (0.0 if last else gaps[b].penalty ** 2)
        keep: list[int] = []
        for a in active:
            s = a + 1
            target = width - (indent if s == 0 else 0.0)
            nat = PW[b + 1] - START[s] - gaps[b].width + atoms[b].end_extra
            shrink = PZ[b] - PZ[s] + min(PP[b] - PP[s], punct_cap)
            line_relax = relax
            if nat - shrink > target + 1e-6:
                if s != b:
                    continue      # too long; a longer line is too (node not kept)
                line_relax = OVERFLOW   # one atom wider than the whole measure
            keep.append(a)
            ratio, bad = _fit(nat, target, shrink, PS[b] - PS[s], justify and not last)
            if line_relax == OK and ratio == 0.0 and nat < target - 1e-6 and justify \
                    and not last:
                line_relax = RAGGED
            if last and s > 0 and han_count(s, b) == 1 and _lone(atoms, gaps, s, b):
                bad += _LONE
            base = start_d if a == -1 else best_d[a]
            d = base + (LINE_PENALTY + bad) ** 2 + cost + _COST.get(line_relax, 0.0) * (
                line_relax == OVERFLOW)
            if d < best_d[b]:
                best_d[b] = d
                prev[b] = (a, ratio, nat, target, line_relax)
        active = [a for a in keep if a == -1 or best_d[a] < INF]
        if best_d[b] < INF:
            active.append(b)
    lines: list[Line] = []
    b = n - 1
    while b != -1:
        a, ratio, nat, target, relax = prev[b]
        lines.append(Line(a + 1, b, ratio, nat, target, relax))
        b = a
    lines.reverse()
    return lines


def _fit(nat: float, target: float, shrink: float, stretch: float,
         justify: bool) -> tuple[float, float]:
    """(ratio, badness) of a line in the relaxed pass (badness capped)."""
    if nat > target:
        if shrink <= 0.0:
            return 0.0, _BAD_CAP       # an overflowing single atom
        ratio = max(-1.0, (target - nat) / shrink)
        return ratio, SHRINK_COST * 100.0 * abs(ratio) ** 3
    if not justify:
        return 0.0, 0.0
    if stretch <= 0.0:
        return 0.0, (0.0 if target - nat < 1e-6 else _ragged(nat, target))
    ratio = (target - nat) / stretch
    if ratio > LOOSE:
        return 0.0, _ragged(nat, target)   # too loose to space out: set ragged
    return ratio, min(_BAD_CAP, 100.0 * ratio ** 3)


def _ragged(nat: float, target: float) -> float:
    """Badness of a justified line set ragged in the relaxed pass: that of a
    line at three quarters of the tolerance, more the emptier the line (so
    the fuller of two splits wins)."""
    return _RAGGED_BAD + _SLACK_COST * max(0.0, target - nat) / max(target, 1.0)


def _gap_relax(atoms: list[Atom], gaps: list[Gap], b: int) -> int:
    """The rule a break after atom b breaks (OK when the gap allows a break)."""
    g = gaps[b]
    if g.breakable:
        return TOKEN_SPLIT if g.split else OK
    if atoms[b + 1].no_start:
        return NO_START_BROKEN
    if atoms[b].no_end:
        return NO_END_BROKEN
    return WORD_SPLIT


def _han_prefix(atoms: list[Atom]):  # type: ignore[no-untyped-def]
    pre = [0]
    for a in atoms:
        pre.append(pre[-1] + (1 if a.kind != PUNCT else 0))
    return lambda s, e: pre[e + 1] - pre[s]


def _only_han_and_punct(atoms: list[Atom], s: int, e: int) -> bool:
    return all(a.kind in (HAN, PUNCT) for a in atoms[s:e + 1])


def _lone(atoms: list[Atom], gaps: list[Gap], s: int, e: int) -> bool:
    """Whether a last line of one atom (and punctuation) is one to avoid: a
    Han character, or the tail of a URL broken at one of its opportunities
    (".pdf。" alone below the rest of the address)."""
    return _only_han_and_punct(atoms, s, e) or at_url_break(gaps[s - 1])


def _compiled():  # type: ignore[no-untyped-def]
    """The compiled scan (_breakfit.c; see compiled.module), or None, also
    when it was built from other values of the constants the two share."""
    found = compiled.module("text._breakfit")
    if found is None:
        return None
    same = (found.LINE_PENALTY, found.SHRINK_COST, found.PER_LINE, found.PER_SQUEEZE,
            getattr(found, "DOUBLE_HYPHEN", None)) == (LINE_PENALTY, SHRINK_COST, PER_LINE,
                                                       PER_SQUEEZE, DOUBLE_HYPHEN)
    return found if same else None


_COMPILED = _compiled()
