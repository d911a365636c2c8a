"""Check that every sentence of the extracted source appears in a text.

Used two ways: by whoever transcribes the source into content/ (against the
YAML strings, during editing) and by the tests (against the built PDF's
text). Both sides are normalised the same way: whitespace, markdown and HTML
markup and the labels the typesetter prints itself are removed, so only real
loss of text shows up.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "source" / "kuaishou-csr-2019.txt"

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")
_LABELS = re.compile(r"(快手用户|快手号)\s*[:：]?")
_SPLIT = re.compile(r"(?<=[。！？；])|\n|\t|•")


def normalise(text: str) -> str:
    """Reduce text to what must survive typesetting: no whitespace or markup."""
    text = _TAG.sub("", text)
    text = text.replace("**", "").replace("==", "")
    text = text.replace("● REC", "").replace("•", "")  # bullets are set by the typesetter
    text = _WS.sub("", text)
    text = _LABELS.sub("", text)
    text = text.replace("—", "") if text.strip() == "—" else text   # a lone decorative dash
    text = text.replace("● REC", "").replace("●", "")
    text = re.sub(r"[「」〔〕]", "", text)  # decorative heading brackets
    text = _WS.sub("", text)
    # the typesetter sets ASCII punctuation between Han full-width and groups
    # figures by thousands (text/normalise.py): both sides fold to one form
    return re.sub(r"(?<=\d),(?=\d{3})", "", text.translate(_FOLD))


_FOLD = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "！": "!",
                       "？": "?", "～": "~", "—": "-"})


def source_sentences(lines: list[str]) -> list[tuple[int, str]]:
    """The source's sentences, each with the line it starts on."""
    out: list[tuple[int, str]] = []
    for no, line in lines:
        line = re.sub(r"^\s*[-*]\s+", "", line)
        # a heading set as two bracketed halves reads "A，B" in the content
        line = re.sub(r"^\s*「\s*(.+?)\s*」\s*「\s*(.+?)\s*」\s*$", r"\1，\2", line)
        if line.strip() == "REC":  # the printed camera icon
            continue
        if line.startswith("——") and line.rstrip().endswith("”"):
            line = line.rstrip()[:-1]  # the quote's closing mark, moved to the quote
        if re.match(r"^——\s", line):
            line = line[2:]            # a card subtitle's lead dash (a design element of the card)
        for piece in _SPLIT.split(line):
            norm = normalise(piece)
            if len(norm) >= 2:
                out.append((no, norm))
    return out


def yaml_text(paths: list[Path]) -> str:
    """All string scalars of the YAML files, joined."""
    import yaml

    def walk(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for v in node.values() for s in walk(v)]
        if isinstance(node, list):
            return [s for v in node for s in walk(v)]
        return [str(node)] if node is not None else []

    parts: list[str] = []
    for p in paths:
        parts += walk(yaml.safe_load(p.read_text(encoding="utf-8")))
    return "\n".join(parts)


def missing(target: str, first: int = 1, last: int | None = None,
            source: Path = SOURCE) -> list[tuple[int, str]]:
    """Source sentences of lines first..last that are not in target."""
    lines = source.read_text(encoding="utf-8").splitlines()
    last = last or len(lines)
    chosen = [(i + 1, lines[i]) for i in range(first - 1, last)]
    hay = normalise(target)
    return [(no, s) for no, s in source_sentences(chosen) if s not in hay]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--lines", default="1-", help="source line range, e.g. 171-520")
    args = ap.parse_args()
    a, _, b = args.lines.partition("-")
    gone = missing(yaml_text(args.files), int(a or 1), int(b) if b else None)
    for no, s in gone:
        print(f"source line {no}: {s}")
    print(f"{len(gone)} missing")
    return 1 if gone else 0


if __name__ == "__main__":
    sys.exit(main())
