#!/usr/bin/env python3
"""Set the report's longest body paragraphs with csrpress's engine and with
Typst (the `typst` PyPI package: pip install -e '.[dev]'), same font, size,
measure and first-line indent, and print lines, the widest inter-character
stretch and the last line's length side by side, with the number of gaps our
engine compresses (punctuation halves, Han–Latin gaps on lines set tight) by
more than 0.02 em, and of those by more than 0.4 em (a visibly half-width mark).

    python tools/compare_typst.py [--count 30] [--measures 30 17]

Typst's stretch is read from its SVG: the largest extra space between two
adjacent Han characters (whose advance is exactly one em) on a justified line.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csrpress.build import Project, _spacing, load  # noqa: E402
from csrpress.text.breaker import break_lines  # noqa: E402
from csrpress.text.inline import plain  # noqa: E402
from csrpress.text.paragraph import line_positions  # noqa: E402
from csrpress.text.shaping import SpanStyle, shape  # noqa: E402
from csrpress.text.wide import split_wide  # noqa: E402

HAN = re.compile(r"[\u4e00-\u9fff]")


def paragraphs(report, count: int) -> list[str]:
    """The longest body paragraphs' text, without markup."""
    texts = [plain(str(b.value)) for b in report.blocks
             if b.type == "p" and b.get("style", "body") == "body"]
    return sorted(texts, key=len, reverse=True)[:count]


def ours(text: str, fonts, spacing, face: str, size: float, measure_em: float,
         indent_em: float) -> tuple[int, float, int, int]:
    """(lines, widest Han–Han stretch in em, characters on the last line,
    compressed gaps)."""
    spans = [SpanStyle(face, size, "ink")]
    width = measure_em * size

    def advance(f: str, ch: str) -> float:
        return fonts[f].width(ch)

    atoms, gaps = shape([(text, 0)], spans, advance, spacing)
    atoms, gaps = split_wide(atoms, gaps, width, spans, advance)
    lines = break_lines(atoms, gaps, width, indent_em * size, True,
                        spacing.punct_shrink_line * size)
    stretch = 0.0
    squeezed = half = 0
    for line in lines[:-1]:
        pos = line_positions(atoms, gaps, line)
        for k in range(line.start, line.end):
            a, b = atoms[k], atoms[k + 1]
            x0, w0 = pos[k - line.start]
            x1, _ = pos[k + 1 - line.start]
            if HAN.fullmatch(a.text) and HAN.fullmatch(b.text):
                stretch = max(stretch, (x1 - x0 - w0) / size)
            squeeze = (gaps[k].width - (x1 - x0 - w0)) / size
            if gaps[k].shrink > 0 and squeeze > 0.02:
                squeezed += 1
                half += squeeze > 0.4
    last = lines[-1]
    chars = sum(len(a.text) for a in atoms[last.start:last.end + 1])
    return len(lines), stretch, chars, squeezed, half


def typst_setting(text: str, font_dir: Path, family: str, size: float, measure_em: float,
                  indent_em: float) -> tuple[int, float, int]:
    """(lines, widest Han–Han stretch in em, glyphs on the last line) from Typst."""
    import typst

    body = text.replace("\\", "\\\\").replace("#", "\\#").replace("*", "\\*") \
        .replace("_", "\\_").replace("@", "\\@").replace("$", "\\$").replace("<", "\\<") \
        .replace("[", "\\[").replace("]", "\\]").replace("`", "\\`").replace("~", "\\~")
    src = (f'#set page(width: {measure_em * size}pt, height: auto, margin: 0pt)\n'
           f'#set text(font: "{family}", size: {size}pt, lang: "zh", region: "cn")\n'
           f'#set par(justify: true, first-line-indent: (amount: {indent_em}em, all: true))\n'
           + body + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.typ"
        path.write_text(src, encoding="utf-8")
        svg = typst.compile(str(path), format="svg", font_paths=[str(font_dir)]).decode()
    rows: list[list[float]] = []
    for group in re.finditer(r'<g transform="matrix\(1 0 0 -1 ([\d.]+) ([\d.]+)\)">(.*?)</g>',
                             svg, re.S):
        xs = [float(x) + float(group.group(1))
              for x in re.findall(r'<use [^>]*x="([\d.]+)"', group.group(3))]
        y = float(group.group(2))
        if rows and abs(rows[-1][0] - y) < 0.01:
            rows[-1][1] += xs
        else:
            rows.append([y, xs])
    chars = [c for c in text if not c.isspace()]
    stretch = 0.0
    k = 0
    for n, (_, xs) in enumerate(rows):
        line = chars[k:k + len(xs)]
        if n < len(rows) - 1:
            for i in range(len(xs) - 1):
                if HAN.fullmatch(line[i]) and i + 1 < len(line) and HAN.fullmatch(line[i + 1]):
                    stretch = max(stretch, (xs[i + 1] - xs[i]) / size - 1.0)
        k += len(xs)
    return len(rows), stretch, len(rows[-1][1]) if rows else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--measures", type=float, nargs="+", default=[30.0, 17.0])
    args = ap.parse_args()
    report, layout, fonts, _ = load(Project(ROOT))
    style = layout.styles["body"]
    spacing = _spacing(layout)
    src = fonts[style.font].source
    family = str(layout.font_source.get("face", "Noto Sans CJK SC"))
    indent_em = style.indent / style.size
    texts = paragraphs(report, args.count)
    for m in args.measures:
        print(f"\n== measure {m:g} em, {style.size:g} pt, indent {indent_em:g} em: "
              f"{len(texts)} paragraphs ==")
        print(f"{'#':>3} {'chars':>5} | {'lines':>5} {'typst':>5} | {'stretch':>7} {'typst':>6} |"
              f" {'last':>4} {'typst':>5} | {'tight':>5}")
        tot = [0, 0, 0, 0]
        worst = [0.0, 0.0]
        for i, t in enumerate(texts, 1):
            a = ours(t, fonts, spacing, style.font, style.size, m, indent_em)
            b = typst_setting(t, src.path.parent, family, style.size, m, indent_em)
            tot[0] += a[0]
            tot[1] += b[0]
            tot[2] += a[3]
            tot[3] += a[4]
            worst = [max(worst[0], a[1]), max(worst[1], b[1])]
            flag = " <" if a[0] > b[0] else ""
            print(f"{i:>3} {len(t):>5} | {a[0]:>5} {b[0]:>5} | {a[1]:>7.3f} {b[1]:>6.3f} |"
                  f" {a[2]:>4} {b[2]:>5} | {a[3]:>5}{flag}")
        print(f"total lines: ours {tot[0]}, typst {tot[1]}; widest stretch: ours "
              f"{worst[0]:.3f} em, typst {worst[1]:.3f} em; gaps compressed: ours {tot[2]} "
              f"({tot[3]} by more than 0.4 em)")


if __name__ == "__main__":
    main()
