"""YAML loading that keeps where every value came from.

PyYAML's C composer gives nodes with line marks; we build plain Python
containers from them (subclasses that carry a ``mark``), so validation can
report ``file:line:col`` for any value, at C-loader speed.
"""
from __future__ import annotations

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


class MStr(str):
    """A string that remembers its mark."""

    mark: Mark


def _mark(path: Path, node: yaml.Node) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _build(path: Path, node: yaml.Node, loader: Any) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = MDict()
        out.mark = _mark(path, node)
        out.key_marks = {}
        for knode, vnode in node.value:
            key = str(_build(path, knode, loader))
            out[key] = _build(path, vnode, loader)
            out.key_marks[key] = _mark(path, knode)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = MList(_build(path, v, loader) for v in node.value)
        seq.mark = _mark(path, node)
        seq.item_marks = [_mark(path, v) for v in node.value]
        return seq
    value = loader.construct_object(node)
    if isinstance(value, str):
        s = MStr(value)
        s.mark = _mark(path, node)
        return s
    return value


def mark_of(value: Any, default: Mark | Path | None = None) -> Any:
    """The mark of a loaded value, if it has one."""
    return getattr(value, "mark", default)


# Parsed files by (path, mtime, size): a long-lived process (watch) re-reads
# only the files that changed. The loaded values are never mutated.
_PARSED: dict[Path, tuple[tuple[int, int], Any]] = {}


def load_yaml(path: Path, errors: Collector) -> Any:
    """Load one YAML file with marks; a syntax error becomes a diagnostic."""
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    held = _PARSED.get(path)
    if held and stamp and held[0] == stamp:
        return held[1]
    value = _load_yaml(path, errors)
    if stamp and not errors.errors:
        _PARSED[path] = (stamp, value)
    return value


def _load_yaml(path: Path, errors: Collector) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        errors.error(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                     "save the file as UTF-8")
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            return None if node is None else _build(path, node, loader)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark or exc.context_mark
        where = Mark(path, m.line + 1, m.column + 1) if m else path
        problem = exc.problem or exc.context or "invalid YAML"
        errors.error(where, f"YAML syntax error: {problem}", _yaml_hint(problem))
        return None
    except yaml.YAMLError as exc:
        errors.error(path, f"YAML error: {exc}", "check the file's YAML syntax")
        return None


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
