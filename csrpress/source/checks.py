"""Checks that need the whole loaded project: the content against the layout
(styles it names, punctuation it normalises) and against the fonts (every
character has a glyph). Each finding is a located diagnostic, all at once."""
from __future__ import annotations

from operator import is_
from typing import TYPE_CHECKING, Any

from ..errors import Collector

if TYPE_CHECKING:
    from ..assets.fonts import Fonts
    from .content import Block, Report
    from .layout import Layout


def note_normalised(report: Report, layout: Layout, errors: Collector) -> None:
    """A note at each block whose ASCII punctuation between Han the typesetter
    sets full-width (layout text.normalise_punctuation, on by default)."""
    if not layout.text["normalise_punctuation"]:
        return
    for block in report.blocks:
        for change in block.derive("normalised", _normalised):
            errors.note(block.mark, f"punctuation set full-width: {change}",
                        "type the full-width form, or set layout text.normalise_punctuation: false")


def _normalised(block: Block) -> tuple[str, ...]:
    """What normalising the block's texts changes (in their order)."""
    from ..text.normalise import normalise

    def strings(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    return tuple(change for text in strings(block.value) + strings(dict(block.attrs))
                 for change in normalise(text)[1])


def check_styles(report: Report, layout: Layout, errors: Collector) -> None:
    """A style a block names (any field of kind STYLE, of any component) must
    be defined in layout/ styles: an error at the field, with a "did you mean"."""
    import difflib

    from ..compose.registry import get
    from .schema import STYLE

    for block in report.blocks:
        for key, name, where in _named_styles(block, get(block.type).schema, STYLE):
            if str(name) in layout.styles:
                continue
            guess = difflib.get_close_matches(str(name), list(layout.styles), n=1)
            errors.error(where, f"unknown style '{name}' ({block.type}.{key})",
                         f"did you mean '{guess[0]}'?" if guess else
                         "define it under styles: in layout/, or use one of: "
                         + ", ".join(sorted(layout.styles)))


def _named_styles(block: Block, schema: Any, style: Any) -> tuple[tuple[str, Any, Any], ...]:
    """(field, style name, mark) of each style a block names, as its
    component's schema says which fields name one (kind ``style``): kept
    with the block for that very schema (Block.derived under a key of its
    own, never on disk), so a watch build reads the edited part's blocks
    only."""
    held = block.derived.get(_NAMED_STYLES)
    if held is not None and held[0] is schema:
        return held[1]
    named = [(block.type, block.value, block.mark)] if schema.main == style else []
    named += [(key, block.get(key), block.mark_of(key))
              for key, kind in schema.fields.items() if kind == style and block.get(key)]
    block.derived[_NAMED_STYLES] = held = (schema, tuple(named))
    return held[1]


_NAMED_STYLES = "styles named, by this schema"


def check_glyphs(report: Report, fonts: Fonts, errors: Collector, layout: Any = None) -> bool:
    """Every character must be in the font: report the first place of each
    (a font that maps none, or lacks most of them — a Latin font set for a
    Chinese report: 604 errors, one a character — one error, at the layout
    line naming it). Whether the font is one to check characters against
    (check_drawn_words then checks the words the typesetter prints)."""
    from ..assets.fonts import named_at
    from .content import block_texts

    name, face = next(iter(fonts.faces.items()), (None, None))
    if face is not None and not face.charset:     # garbage named .ttf: one error, not one a character
        errors.error((named_at(layout, name) if layout is not None else None) or face.source.path,
                     f"font file {face.source.path.name} maps no character: it is not a font, "
                     "or it is damaged", "set fonts.source in layout/ to an OpenType or "
                     "TrueType font (.otf, .ttf, .ttc)")
        return False
    if not _any_missing(report, fonts):      # the common case: one pass, no marks
        return True
    seen: set[str] = set()
    places: dict[str, list[Any]] = {}        # a missing character: where it is, in order
    for block in report.blocks:
        for text, where in block_texts(block):
            for ch in dict.fromkeys(text):       # (in the text's order)
                if ch in seen:
                    found = places.get(ch)
                    if found is not None and found[-1] != where:
                        found.append(where)
                    continue
                seen.add(ch)
                if fonts.missing(ch):
                    places[ch] = [where]
    if len(places) >= UNFIT and 2 * len(places) >= len(seen):
        where = named_at(layout, name) if layout is not None and name is not None else None
        some = "".join(list(places)[:12])
        errors.error(where or next(iter(places.values()))[0],
                     f"the font has no glyph for {len(places)} of the {len(seen)} characters "
                     f"the report uses ({some} …): it is not a font for the report's script",
                     "set fonts.source in layout/ to a font that has them (for Chinese, a CJK "
                     "font, as the starter's Noto Sans CJK SC)")
        return False
    if not _no_latin(places, fonts, layout, name, errors):
        return False
    # characters missing at the very same places (a word of another script,
    # 'مرحبا') are one error, not one a character
    alike: dict[tuple[str, ...], list[str]] = {}
    for ch, found in places.items():
        alike.setdefault(tuple(str(w) for w in found), []).append(ch)
    for chars in alike.values():
        found = places[chars[0]]
        shown = ", ".join(shown_char(ch) for ch in chars[:6]) + \
            (f" and {len(chars) - 6} more" if len(chars) > 6 else "")
        errors.error(found[0], f"the font has no glyph for {shown}{_also(found[0], found[1:])}",
                     "replace the character, or set a font that has it in layout/" if
                     len(chars) == 1 else "replace the characters, or set a font that has "
                     "them in layout/")
    return True


# missing characters that make a font unfit for the report (with half or more
# of the characters it uses): one error, not one a character
UNFIT = 20


def _no_latin(places: dict[str, list[Any]], fonts: Fonts, layout: Any, name: str | None,
              errors: Collector) -> bool:
    """A font without Latin letters and digits (a fallback font, a CJK font
    cut down to Han: DroidSansFallback) set for a report that uses them: one
    error at the layout line naming the font, not one a letter (48 errors,
    each 'replace the character', for a starter's 2025, ESG and its URL).
    False when so (the other characters are not checked one by one then)."""
    from ..assets.fonts import named_at

    ascii_missing = [ch for ch in places if "!" <= ch <= "~"]
    if len(ascii_missing) < UNFIT or any(not fonts.missing(ch) for ch in _LATIN_PROBE):
        return True
    where = named_at(layout, name) if layout is not None and name is not None else None
    first = places[ascii_missing[0]][0]
    face = fonts.faces.get(name) if name is not None else None
    font = f"the font {face.source.path.name}" if face is not None else "the font"
    shown = " ".join(sorted(ascii_missing)[:16]) + (" …" if len(ascii_missing) > 16 else "")
    errors.error(where or first,
                 f"{font} has no Latin letters or digits: {len(ascii_missing)} characters the "
                 f"report uses have no glyph ({shown}; first at {first})", "set fonts.source in layout/ to a font that has them: most CJK "
                 "fonts do (the starter's Noto Sans CJK SC); a fallback font does not")
    return False


_LATIN_PROBE = "0123456789AEIOUaeiou"    # a font with none of these has no Latin to speak of


def _also(first: Any, places: list[Any], shown: int = 3) -> str:
    """The other places of a missing character, said with its first: one
    error a character, yet fixing it where it was reported no longer
    brings the next place up one build at a time (" (also at 26:5, 27:14
    and 2 more places)"; line:col in the first place's file)."""
    if not places:
        return ""
    same = getattr(first, "path", None)

    def at(p: Any) -> str:
        if same is not None and getattr(p, "path", None) == same:
            return f"{p.line}:{p.col}"
        return str(p)

    more = len(places) - shown
    listed = ", ".join(at(p) for p in places[:shown])
    tail = f" and {more} more place{'s' if more > 1 else ''}" if more > 0 else ""
    return f" (also at {listed}{tail})"


def shown_char(ch: str) -> str:
    """A character as a message shows it: quoted when it can be seen, else by
    its Unicode name (a space, control or format character is invisible)."""
    import unicodedata

    if ch.isprintable() and not ch.isspace() and unicodedata.category(ch) not in ("Mn", "Me"):
        return f"'{ch}' (U+{ord(ch):04X})"      # (a combining mark or variation selector: named)
    name = unicodedata.name(ch, "")
    if not name:
        name = _UNNAMED.get(unicodedata.category(ch), "a control character")
    return f"U+{ord(ch):04X} ({name.lower()})"


_UNNAMED = {"Co": "a private-use character", "Cn": "an unassigned code point",
            "Cs": "a surrogate"}      # (Cc: a control character)


def _any_missing(report: Report, fonts: Fonts) -> bool:
    """Whether any character of the blocks' texts lacks a glyph: the texts'
    characters gathered in one pass without their marks (block_texts finds
    each one's place, needed only when one is missing: ~10 ms of every build),
    each block's once (Block.derive). A block whose characters all have
    glyphs is marked so for the very faces it was checked with (their
    character sets by identity: a face's set is made once per font file and
    never changed), so a watch build gathers the edited part's blocks only
    (gathering every block's was ~4 ms)."""
    charsets = tuple(face.charset for face in fonts.faces.values())

    def checked(block: Block) -> bool:
        held = block.derived.get(_HAS_GLYPHS)
        return held is not None and len(held) == len(charsets) and all(map(is_, held, charsets))

    unchecked = [block for block in report.blocks if not checked(block)]
    if not unchecked:
        return False
    if fonts.missing("".join(set().union(*(b.derive("chars", _chars) for b in unchecked)))):
        return True
    for block in unchecked:
        block.derived[_HAS_GLYPHS] = charsets
    return False


# (in Block.derived beside what is derived from the block alone, under a key
# of its own: not one of content.KEPT_DERIVED, so never kept on disk)
_HAS_GLYPHS = "every glyph, in these faces"


def _chars(block: Block) -> str:
    """Every character of a block's texts (its value's and its attributes'),
    each once, in code point order: one text (kept with the block on disk,
    source.parsed, a set of one-character strings was most of what a new
    process unpickled)."""
    from .content import block_texts

    return "".join(sorted({ch for text, _ in block_texts(block, marked=False) for ch in text}))


# Layout settings whose text is drawn (a bullet, the TOC leader, the digit
# separator, a caption's separator): their characters need glyphs like the content's.
DRAWN_SETTINGS = (("text", "thousands"), ("toc", "leader"), ("components", "table", "bullet"),
                  ("components", "list", "bullet"), ("components", "figure", "caption_separator"))


def check_drawn_words(report: Report, layout: Layout, fonts: Fonts, errors: Collector) -> None:
    """The words the typesetter prints that are not in a block — report.yaml's
    title, author, publisher and labels, and the drawn layout settings — must
    have glyphs too: an error at their line, like a block's text (a missing
    one failed the build at preflight, at no line, as "a bug in csrpress")."""
    from .yamlmarks import MDict

    if not next(iter(fonts.faces.values())).charset:
        return                          # (said once by check_glyphs)
    meta = report.meta
    labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else {}
    found = [(meta.get(k), _mark(meta, (k,), report.files[0])) for k in ("title", "author",
                                                                         "publisher")]
    # (a label's {pages} is a placeholder, never drawn: the page numbers go there)
    found += [(v.replace("{pages}", "") if isinstance(v, str) else v,
               _mark(labels, (k,), report.files[0])) for k, v in labels.items()]
    for path in DRAWN_SETTINGS:
        node: Any = layout.raw
        for key in path:
            node = node.get(key) if isinstance(node, MDict) else None
        found.append((node, _mark(layout.raw, path, layout.files[0] if layout.files else None)))
    for text, where in found:
        if not isinstance(text, str):
            continue
        for ch in sorted(set(text)):
            if fonts.missing(ch):
                errors.error(where, f"the font has no glyph for {shown_char(ch)}",
                             "replace the character, or set a font that has it in layout/")


def _mark(node: Any, path: tuple[str, ...], fallback: Any) -> Any:
    """The mark of a value at a path of keys (the deepest one known)."""
    where = getattr(node, "mark", None) or fallback
    for key in path:
        if not hasattr(node, "mark_of") or key not in node:
            break
        where = node.mark_of(key)
        node = node[key]
    return where
