"""YAML loading that keeps where every value came from.

PyYAML's C composer gives nodes with line marks; we build plain Python
containers from them (subclasses that carry a ``mark``), so validation can
report ``file:line:col`` for any value, at C-loader speed.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import Collector, Mark

try:  # the C loader is in the standard wheels; fall back to pure Python
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class MDict(dict):
    """A mapping that remembers its own mark and each key's mark."""

    mark: Mark
    key_marks: dict[str, Mark]

    def mark_of(self, key: str) -> Mark:
        return self.key_marks.get(key, self.mark)


class MList(list):
    """A sequence that remembers its own mark and each item's mark."""

    mark: Mark
    item_marks: list[Mark]


# Line breaks other than LF (a double-quoted "\r", CR LF, the Unicode line and
# paragraph separators, NEL, VT, FF, the information separators that
# str.splitlines breaks at): read as the LF every text stage joins lines at,
# so they are never drawn as glyphs the text layer cannot map back
_LINE_BREAK_CH = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Invisible format characters text pasted from Word or a web page carries: a
# soft hyphen, a zero-width space or non-joiner, a word joiner, a byte-order
# mark inside the text, bidirectional marks and embeddings. They have no
# glyph (the font has none: the build stopped at "no glyph for U+200B", a
# character the user cannot see to delete) and no part in setting Chinese or
# Latin text left to right (a soft hyphen's break: text/hyphen.py finds the
# word's points), so they are dropped as the text is read, as a typesetter
# does. A zero-width joiner stays between emoji (it joins them into one).
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF"
# Combining marks typed after their letter ("e" + U+0301, as text from a Mac
# file name or some PDFs carries): the engine places glyphs side by side, so
# the accent was drawn beside its letter ("e´"). A letter and its marks are
# read as the one character they compose (Unicode NFC, of that cluster only:
# NFC of a whole text would also swap CJK compatibility ideographs); marks
# that compose no character are an error (the engine cannot place them).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a"
_COMBINING = re.compile(f"[{_MARKS}]")
_CLUSTER = re.compile(f"[^{_MARKS}][{_MARKS}]+")
# (any kind of character above, looked for once: almost no text has one)
_CLEANED = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u00ad\u200b-\u200f"
                      f"\u202a-\u202e\u2060\u2066-\u2069\ufeff{_MARKS}]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
                        f"|(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])")


class MStr(str):
    """A string that remembers its mark."""

    mark: Mark


class MInt(int):
    """A whole number YAML read from text it does not print back as typed
    (``1:20`` is 80, ``012`` is 10, ``0x1F`` is 31, ``1_000`` is 1000): where
    a text is expected it would be printed other than typed, so the checks
    refuse it there (``typed``: the text in the file)."""

    typed: str


class MFloat(float):
    """A number YAML read from text it does not print back as typed
    (``2024.10`` is 2024.1, ``1.50`` is 1.5, ``1e3`` is 1000.0): see MInt."""

    typed: str


def typed_as(value: Any) -> str | None:
    """The text a number was typed as, when printing the number would change
    it (a chart label 2024.10 printed 2024.1); None for any other value."""
    return getattr(value, "typed", None)


def _retyped(value: Any, node: yaml.Node) -> Any:
    """A number YAML read from a plain scalar, kept with its text when the
    number does not print as that text (only then: a wrapper for nothing else)."""
    if not node.style and str(value) != node.value:
        out = MInt(value) if type(value) is int else MFloat(value)
        out.typed = node.value
        return out
    return value


def _mark(path: Path, node: yaml.Node) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


_MARKED = (MStr, MList, MDict)


def _own_mark(built: Any, node: yaml.Node, path: Path) -> Mark:
    """The mark of a node: the one the value built from it holds (a
    text, list or mapping: made from that node's start), else made now.
    Once for both: a part file's marks were a fifth of building it."""
    return built.mark if type(built) in _MARKED else _mark(path, node)


# a text scalar's tag (its value is the text as read)
_STR = "tag:yaml.org,2002:str"


ALIAS_MESSAGE = "aliases are not supported (anchors &, aliases * and merge keys << are not read)"
ALIAS_HINT = "write the value out at each place that uses it"
# Content nests a few levels (a part, its blocks, a table's rows, a cell's
# lines); YAML allows any depth, and building a thousand nested flow mappings
# recursively would exhaust Python's stack (an internal error, not a located one)
MAX_DEPTH = 64


class _Builder:
    """Turns composed nodes into marked containers, finding what YAML would
    silently accept: a repeated key (the first value would be lost) and an
    alias (a node reached twice: expanding it can blow up exponentially)."""

    def __init__(self, path: Path, loader: Any, errors: Collector) -> None:
        self.path, self.loader, self.errors = path, loader, errors
        self.seen: set[int] = set()
        self.depth = 0

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in self.seen:
                self.errors.error(_mark(self.path, node), ALIAS_MESSAGE, ALIAS_HINT)
                return None
            self.seen.add(id(node))
            if self.depth >= MAX_DEPTH:
                self.errors.error(_mark(self.path, node),
                                  f"lists and mappings nested more than {MAX_DEPTH} levels deep",
                                  "check the brackets and indentation: content nests a few levels")
                return None
            self.depth += 1
            try:
                return self._mapping(node) if isinstance(node, yaml.MappingNode) \
                    else self._sequence(node)
            finally:
                self.depth -= 1
        if node.tag == _STR:          # (what construct_object gives a text: its value)
            value = node.value
        else:
            try:
                value = self.loader.construct_object(node)
            except (ValueError, OverflowError) as exc:   # e.g. a date like 2020-13-45
                self.errors.error(_mark(self.path, node), f"'{node.value}' cannot be read: {exc}",
                                  "fix the value, or quote it to keep it as text")
                return None
        if isinstance(value, str):
            if _CLEANED.search(value):
                if _INVISIBLE.search(value):
                    value = _INVISIBLE.sub("", value)
                if _LINE_BREAK_CH.search(value):
                    value = _LINE_BREAKS.sub("\n", value)
                if _COMBINING.search(value):
                    value = self._composed(value, node)
            s = MStr(value)
            s.mark = _mark(self.path, node)
            return s
        if type(value) is int or type(value) is float:
            return _retyped(value, node)
        return value

    def _composed(self, value: str, node: yaml.Node) -> str:
        """The text with each letter and its combining marks one character
        (see _MARKS); a mark that composes none is an error here."""
        import unicodedata

        value = _CLUSTER.sub(lambda m: unicodedata.normalize("NFC", m.group(0)), value)
        left = _COMBINING.search(value)
        if left is not None:
            from .checks import shown_char
            before = value[max(0, left.start() - 1):left.start()] or "the start of the text"
            self.errors.error(_mark(self.path, node),
                              f"a combining mark, {shown_char(left.group(0))}, after '{before}' "
                              "makes no single character: the typesetter sets characters side "
                              "by side and would print it beside its letter",
                              "type the letter with its mark as one character (é, not e + "
                              "U+0301), or leave the mark out")
        return value

    def _sequence(self, node: yaml.SequenceNode) -> MList:
        seq = MList(self.build(v) for v in node.value)
        seq.mark = _mark(self.path, node)
        # (an item's mark is where its node starts: a text, list or mapping
        # built from it holds that very mark already)
        seq.item_marks = [_own_mark(item, v, self.path) for item, v in zip(seq, node.value)]
        return seq

    def _mapping(self, node: yaml.MappingNode) -> MDict:
        out = MDict()
        out.mark = _mark(self.path, node)
        out.key_marks = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                self.errors.error(_mark(self.path, knode), "merge keys ('<<') are not supported",
                                  ALIAS_HINT)
                continue
            built = self.build(knode)
            where = _own_mark(built, knode, self.path)
            key = str(built)
            if key in out.key_marks:
                self.errors.error(where, f"duplicate key '{key}' (first at line "
                                  f"{out.key_marks[key].line}): YAML would silently keep only one",
                                  "remove one of them, or merge their values")
                continue
            out[key] = self.build(vnode)
            out.key_marks[key] = where
        return out


def mark_of(value: Any, default: Mark | Path | None = None) -> Any:
    """The mark of a loaded value, if it has one."""
    return getattr(value, "mark", default)


def nothing_in(path: Path) -> str:
    """Why a file that was read holds no YAML value (blank, or comments only):
    said as one error, not as every section the file should have held."""
    blank = not path.read_text(encoding="utf-8", errors="replace").strip()
    return ("the file is empty" if blank else
            "the file holds nothing but comments (or an empty YAML document)")


def load_yaml(path: Path, errors: Collector) -> Any:
    """Load one YAML file with marks; a syntax error becomes a diagnostic.

    Parsed files are kept by path and bytes in the build session: a
    long-lived process (watch) parses again only the files that changed
    (reading a report's text is well under a millisecond; a modification
    time and size may stay as they were through a save, in one tick of a
    coarse file clock, and the edit was then never seen). A new process
    finds them in the session's ParsedFiles (the project cache, by the
    file's bytes; source/parsed.py). The loaded values are never mutated."""
    from ..session import current

    session = current()
    parsed = session.yaml
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None
    held = parsed.get(path)
    if held and data is not None and held[0] == data:
        return held[1]
    store = session.parsed_files
    text = _decoded(data)
    if store is not None and text is not None:
        from .parsed import MISSING

        value = store.get(str(path), data)
        if value is not MISSING:
            parsed[path] = (data, value)
            return value
    before = len(errors.errors)
    value = _load_yaml(path, errors, text)
    if data is not None and not errors.errors:
        parsed[path] = (data, value)
    if store is not None and text is not None and len(errors.errors) == before:
        store.put(str(path), data, value)
    return value


def _decoded(data: bytes | None) -> str | None:
    """A file's text as read_text gives it (UTF-8, universal newlines), or
    None when it cannot be decoded (then _load_yaml reads it and says why)."""
    if data is None:
        return None
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return None


def _encoding_guess(data: bytes) -> str:
    """What a file that is not UTF-8 probably is, for the hint: UTF-16 by its
    byte-order mark; GBK (GB 18030), what a Chinese Windows editor saves by
    default, when it decodes as that and holds Han characters."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return " (it is UTF-16)"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return " (it looks like GBK/GB 18030: in the editor, reopen it as GBK and save as UTF-8)" \
        if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ""


def _load_yaml(path: Path, errors: Collector, text: str | None = None) -> Any:
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        errors.error(_byte_mark(path, exc), f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                     "save the file as UTF-8" + _encoding_guess(exc.object))
        return None
    except OSError as exc:                 # a folder, a broken link, no permission
        what = "is a folder, not a file" if path.is_dir() else f"cannot be read ({exc.strerror})"
        errors.error(path, what, "put a YAML file here, or remove the folder or link")
        return None
    if "&" in text and _has_anchor(text):
        _report_anchors(path, text, errors)
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            return None if node is None else _Builder(path, loader, errors).build(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        where = Mark(path, m.line + 1, m.column + 1) if m else path
        problem = exc.problem or exc.context or "invalid YAML"
        errors.error(where, f"YAML syntax error: {problem}", _yaml_hint(problem))
        return None
    except yaml.reader.ReaderError:
        _report_control_chars(path, text, errors)
        return None
    except yaml.YAMLError as exc:
        errors.error(path, f"YAML error: {exc}", "check the file's YAML syntax")
        return None


# What YAML refuses to read (its printable set excludes these), besides tab, LF, CR, NEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _byte_mark(path: Path, exc: UnicodeDecodeError) -> Mark:
    """The line and column of the first byte that is not UTF-8 (the column
    counts the characters before it on its line that decode)."""
    data, start = exc.object, exc.start
    begin = data.rfind(b"\n", 0, start) + 1
    column = len(data[begin:start].decode("utf-8", "replace")) + 1
    return Mark(path, data.count(b"\n", 0, start) + 1, column)


def _report_control_chars(path: Path, text: str, errors: Collector) -> None:
    found = list(_CONTROL.finditer(text))[:20]
    for m in found:
        line, col = _position(text, m.start())
        errors.error(Mark(path, line, col),
                     f"control character U+{ord(m.group()):04X} in the text",
                     "delete it (invisible in most editors; often pasted from a PDF or Word)")
    if not found:
        errors.error(path, "the file has characters YAML cannot read", "save it as plain UTF-8 text")


def _has_anchor(text: str) -> bool:
    """Whether the file defines an anchor (scanned only when it has an '&')."""
    try:
        return any(isinstance(t, yaml.AnchorToken) for t in yaml.scan(text, Loader=_Loader))
    except yaml.YAMLError:
        return False           # the loader reports the syntax error with its mark


def _report_anchors(path: Path, text: str, errors: Collector) -> None:
    for t in yaml.scan(text, Loader=_Loader):
        if isinstance(t, (yaml.AnchorToken, yaml.AliasToken)):
            m = t.start_mark
            errors.error(Mark(path, m.line + 1, m.column + 1), ALIAS_MESSAGE, ALIAS_HINT)


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return 'quote the text: a ": " inside a plain value starts a mapping'
    if "could not find expected ':'" in problem:
        return "a key is missing its colon, or a quoted text is not closed"
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "found undefined alias" in problem or "found character" in problem:
        return "quote the text: it starts with a character YAML reserves (* & ! % @ `)"
    return "fix the YAML syntax at this position (check indentation and quotes)"
