"""Load content/: the report file, its parts, and every block, validated.

All problems are collected (file:line:col, what, how to fix) and raised
together, so an editor fixes a whole batch at once.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from operator import is_
from pathlib import Path
from typing import Any, Callable

from ..errors import Collector, Mark
from . import schema as S
from .gri import CODE as _GRI, check_code, load_gri, prefix
from .keys import check_keys, closest
from .paths import escape_reason, missing_file_hint
from .yamlmarks import MDict, MList, MStr, load_yaml, mark_of, nothing_in, typed_as

REF = re.compile(r"\{\{\s*page\s*:\s*([^}\s]+)\s*\}\}")
_BRACES = re.compile(r"\{\{[^{}\n]*(?:\}\})?|\}\}")     # what a reference looks like, well formed or not
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


_NONE = object()


@dataclass
class Block:
    """One content block: its type, main value, attributes and origin."""

    type: str
    value: Any
    attrs: dict[str, Any]
    mark: Mark
    part: str
    # what checks derived from the block alone (see derive)
    derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def derive(self, name: str, make: Callable[["Block"], Any]) -> Any:
        """What `make` derives from this block alone (its value and
        attributes, never changed: parsed values are not mutated), made once.
        A watch build keeps the blocks of unchanged part files (_load_part), so
        the checks that read every block's texts read the edited part's only."""
        held = self.derived.get(name, _NONE)
        if held is _NONE:
            held = self.derived[name] = make(self)
        return held

    def adopt(self, name: str, value: Any) -> None:
        """Take ``value`` as what derive(name, …) makes of this block, unless
        made already: a fact known of this very block from elsewhere (the
        digest a prior tape kept of a block of a file unchanged since:
        paginate.tapefile.prior_blocks), so it is not made again."""
        self.derived.setdefault(name, value)

    def get(self, key: str, default: Any = None) -> Any:
        """An attribute of the block, or default."""
        return self.attrs.get(key, default)

    def mark_of(self, key: str) -> Mark:
        """Where an attribute was written (for error messages)."""
        raw = self.attrs
        return raw.mark_of(key) if isinstance(raw, MDict) else self.mark

    def gri_codes(self) -> list[str]:
        """Its `gri:` codes as texts. The field takes one code or a list of
        them: a single `gri: 102-1` was read a character at a time (codes 1,
        0, 2 …) where each use iterated the value itself."""
        value = self.attrs.get("gri")
        if value is None or value == "" or value == []:
            return []
        return [str(c) for c in (value if isinstance(value, list) else [value])]


@dataclass
class Report:
    """The whole report: metadata, blocks in reading order, GRI titles."""

    meta: dict[str, Any]
    blocks: list[Block]
    gri: dict[str, dict[str, str]] = field(default_factory=dict)
    gri_standards: dict[str, str] = field(default_factory=dict)
    gri_data: Any = None                       # the chosen GRI reference (source.gri)
    files: list[Path] = field(default_factory=list)
    # part name → its title (report.yaml order): the build names the pages of
    # each part in the changed-pages report and in dist/build-manifest.json
    part_titles: dict[str, str] = field(default_factory=dict)
    # what could not be checked: ids of blocks set aside for their own errors,
    # part files that could not be read (a reference to them is no new error)
    unchecked: set[str] = field(default_factory=set)
    unread: list[Path] = field(default_factory=list)

    def ids(self) -> dict[str, Block]:
        return {b.get("id"): b for b in self.blocks if b.get("id")}


def load_report(content_dir: Path, errors: Collector) -> Report | None:
    """Load and validate the report; problems go to ``errors``."""
    index = content_dir / "report.yaml"
    if not index.is_file():
        errors.error(content_dir, "no report.yaml here",
                     "create content/report.yaml listing the part files under 'parts:'")
        return None
    before = len(errors.errors)
    meta = load_yaml(index, errors)
    if not isinstance(meta, dict):
        if meta is None and len(errors.errors) == before:     # read, and nothing in it
            errors.error(index, nothing_in(index), "write the report's 'title:', 'output:' and "
                         "'parts:' (docs/content-schema.md; `make-report init DIR` writes one)")
        elif meta is not None:
            errors.error(index, "report.yaml must be a mapping", "see docs/content-schema.md")
        return None
    parts = meta.get("parts")
    _check_meta(meta, index, errors)      # (all of report.yaml's errors, parts or not)
    if not isinstance(parts, list) or not parts:
        if "parts" in meta:
            errors.error(meta.mark_of("parts"), "report.yaml: 'parts' must be a list of "
                         "part files" + (" (it is empty)" if isinstance(parts, list) else ""),
                         "write 'parts: [00-cover.yaml, 10-about.yaml]' or one '- file' a line")
        else:
            errors.error(mark_of(meta, index), "report.yaml has no 'parts:' list",
                         "list the part files in reading order under 'parts:'")
        return None
    report = Report(meta=meta, blocks=[], files=[index])
    resolved = _Resolved()
    read: set[Path] = set()        # the part files listed so far, resolved
    owners: dict[str, Path] = {}   # part name → the file that has it
    for i, name in enumerate(parts):
        where = parts.item_marks[i] if isinstance(parts, MList) else index
        path = content_dir / str(name)
        why = escape_reason(content_dir, str(name))
        if why:
            errors.error(where, f"parts: '{name}' is outside content/ ({why})",
                         "list part files by their name inside content/")
            continue
        if not path.is_file():
            hint = "fix the file name or create the file in content/"
            errors.error(where, f"part file '{name}' " + ("is a folder, not a file"
                                                          if path.is_dir() else "does not exist"),
                         hint if path.is_dir() else missing_file_hint(content_dir, str(name), hint))
            report.unread.append(path)
            continue
        if resolved(path) in read:   # (its blocks twice: every id in it a duplicate of itself)
            errors.error(where, f"part file '{name}' is listed twice in parts:",
                         "list each part file once, in reading order")
            continue
        read.add(resolved(path))
        report.files.append(path)
        before = len(errors.errors)
        new = _load_part(path, errors, report.part_titles, report.unchecked)
        report.blocks += new
        if new:
            _one_name(new[0].part, path, owners, errors)
        if len(errors.errors) > before and not any(b.mark.path == path for b in report.blocks
                                                    if isinstance(b.mark, Mark)):
            report.unread.append(path)
    if not report.blocks and len(report.files) == len(parts) + 1 and not errors.errors:
        errors.error(mark_of(parts, index), "the report has no blocks: its part files list none",
                     "add blocks under 'blocks:' in a part file (a PDF of no page is no report)")
    _load_gri(content_dir, meta, report, errors)
    _check_last(report, errors)
    _check_empty_chapters(report, errors)
    _check_empty_headings(report, errors)
    _check_gri_index(report, errors)
    _check_labels(report, meta, errors)
    _check_ids_and_refs(report, errors)
    for path in _unlisted_files(report, content_dir, resolved):
        errors.warn(path, "this file is not part of the report",
                    "list it under 'parts:' in content/report.yaml, or move it out of content/")
    return report


def _unlisted_files(report: Report, content_dir: Path,
                    resolved: "_Resolved | None" = None) -> list[Path]:
    """The YAML files in content/ that are not part of the report."""
    resolved = resolved if resolved is not None else _Resolved()
    listed = {resolved(p) for p in report.files}
    return [p for p in sorted(content_dir.glob("*.yaml")) if resolved(p) not in listed]


def _resolved(path: Path) -> Path:
    """The file a path names, or the path itself when it cannot be resolved
    (a symlink loop in content/ is a file that is not part of the report, not
    an internal error)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


class _Resolved:
    """_resolved, once per path for one loading of the report: each part
    file was resolved four times a build (twice to find it listed twice,
    twice more to find the files not listed): ~50 resolutions of ~40 us,
    a system call per folder of the path. (Within one loading: a file
    changed meanwhile is read by the next build, as before.)"""

    def __init__(self) -> None:
        self.done: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        found = self.done.get(path)
        if found is None:
            found = self.done[path] = _resolved(path)
        return found


def publication_date(value: object) -> "datetime.date | None":
    """report.yaml's date: (YAML reads 2020-05-30 as a date; a quoted one is text)."""
    import datetime

    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _check_meta(meta: MDict, index: Path, errors: Collector) -> None:
    """report.yaml: known keys only, texts where texts are printed, a safe output name."""
    check_keys(meta, S.REPORT_KEYS, "report.yaml", errors)
    for key in ("title", "output"):
        value = meta.get(key)
        if value is None:          # (absent, or 'title:' with nothing after it)
            errors.error(meta.mark_of(key), f"report.yaml needs '{key}:' (text)",
                         f"add '{key}: …' to content/report.yaml")
        elif not isinstance(value, str):    # 'title: 123' said it needed a title
            _not_text(meta, key, errors)
        elif not value.strip():
            errors.error(meta.mark_of(key), f"report.yaml: '{key}' is empty",
                         f"write the report's {key} after '{key}:'")
    for key in ("subject", "author", "publisher", "language", "gri_disclosures"):
        if key in meta and not isinstance(meta[key], str):
            _not_text(meta, key, errors)
    if isinstance(meta.get("language"), str):
        _check_language(meta, errors)
    if meta.get("date") is not None:
        _check_date(meta, errors)
    kw = meta.get("keywords")
    if kw is not None and not (isinstance(kw, list) and
                               all(isinstance(k, (str, int, float)) and not isinstance(k, bool)
                                   for k in kw)):
        errors.error(meta.mark_of("keywords"), "report.yaml: 'keywords' must be a list of texts",
                     "e.g. keywords: [CSR, 2019] (quote yes, no, true, false)")
    elif kw is not None:
        marks = kw.item_marks if isinstance(kw, MList) else [meta.mark_of("keywords")] * len(kw)
        for k, at in zip(kw, marks):
            _as_typed(k, at, "'keywords'", errors)
    labels = meta.get("labels")
    if labels is not None:
        if not isinstance(labels, MDict):
            errors.error(meta.mark_of("labels"), "report.yaml: 'labels' must be a mapping",
                         "e.g. labels: {toc_title: 目录}")
        else:
            check_keys(labels, S.LABEL_KEYS, "labels", errors)
            for key, value in labels.items():
                if not isinstance(value, str):
                    errors.error(labels.mark_of(key), f"labels.{key} must be a text",
                                 "write it as a quoted text")
    out = meta.get("output")
    if isinstance(out, str) and out.strip():
        why = escape_reason(index.parent.parent / "dist", out)
        if not why and out.strip().startswith("."):     # '.' wrote dist/..pdf, hidden
            why = "a name starting with '.' is a hidden file"
        if why or "/" in out or "\\" in out or "{" in out or "}" in out:
            errors.error(meta.mark_of("output"),
                         f"output: '{out}' must be a plain file name in dist/ ({why or 'it names a folder'})",
                         "write a file name without folders, e.g. output: csr-2019")


def _not_text(meta: MDict, key: str, errors: Collector) -> None:
    """A report.yaml field printed as text given another kind of value
    ('title: 2019', 'author: yes'): an error at it saying what YAML read."""
    value = meta[key]
    typed = typed_as(value) or (str(value) if _kind_of(value) == "a number" else "…")
    errors.error(meta.mark_of(key), f"report.yaml: '{key}' must be a text "
                 f"(YAML reads {_kind_of(value)} here)",
                 f"write it as a quoted text: {key}: \"{typed}\"")


def _scalar_block(raw: Any, where: Mark, errors: Collector) -> None:
    """A paragraph YAML reads as a number, a date or yes/no ('- 2025',
    '- 2025-06-30', '- yes'): an error saying so and how to keep it text,
    not the general 'a block must be a text or a mapping'."""
    kind = _kind_of(raw)
    typed = _as_written(raw)
    errors.error(where, f"this paragraph is not a text: YAML reads it as {kind}",
                 f"quote it to print it as typed: - \"{typed}\"" if typed != "…" else
                 "quote it to print it as typed, e.g. - \"yes\"")


def _as_written(value: Any) -> str:
    """A scalar YAML did not read as text, as it was typed where that is
    known (a number, a date), for a hint to quote it; else '…'."""
    if value is None or isinstance(value, (bool, dict, list)):
        return "…"
    return typed_as(value) or str(value)


def _kind_of(value: Any) -> str:
    """A YAML value's kind, as a message names it."""
    import datetime

    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime.date):
        return "a date"
    return "a number"


# A BCP 47 tag of a language the tool sets (its /Lang in the PDF, and the
# language of the GRI titles): Chinese or English, with an optional script,
# region and variants (zh, zh-CN, zh-Hans, zh-Hant-TW, en, en-GB).
_LANGUAGES = ("zh", "en")
_SCRIPTS = {"zh": ("hans", "hant"), "en": ("latn",)}
_TAG = re.compile(r"(?P<lang>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?:[a-z]{2}|[0-9]{3}))?"
                  r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*", re.IGNORECASE)


def _check_language(meta: MDict, errors: Collector) -> None:
    """language: goes into the PDF (/Lang, XMP) and picks the GRI titles' language:
    a tag readers and checkers do not know, or a language the tool cannot set, is an error."""
    value = meta["language"].strip()
    m = _TAG.fullmatch(value)
    lang = m["lang"].lower() if m else ""
    script = (m["script"] or "").lower() if m else ""
    if lang in _LANGUAGES and (not script or script in _SCRIPTS[lang]):
        return
    fixed = value.replace("_", "-")
    guess = f"did you mean '{fixed}'? " if fixed != value and _TAG.fullmatch(fixed) and \
        fixed.split("-")[0].lower() in _LANGUAGES else ""
    errors.error(meta.mark_of("language"),
                 f"report.yaml: language '{meta['language']}' is not a language csrpress sets",
                 guess + "use a BCP 47 tag of Chinese or English: zh, zh-CN, zh-Hans, zh-Hant-TW, "
                 "en, en-US …")


def _check_date(meta: MDict, errors: Collector) -> None:
    """The publication date: a calendar date (YAML reads 2020-06-30 as one)."""
    import datetime

    value = meta["date"]
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        errors.error(meta.mark_of("date"), "report.yaml: 'date' must be a date like 2020-06-30",
                     "write the publication date as YYYY-MM-DD")


@dataclass
class _Validated:
    """A part file's blocks as validation made them from one parsed value
    (kept only when validating it said nothing): the same parsed value (the
    file unchanged: load_yaml gives the very object) under the same block
    types gives the same blocks again."""

    data: Any
    types: list[Any]                # the registered components validation read
    part: str
    title: str
    blocks: list[Block]


def _one_name(part: str, path: Path, owners: dict[str, Path], errors: Collector) -> None:
    """A part's name (its 'part:', else its file name) is its own: two files
    of one name (a file copied for next year's report, its 'part:' kept) ran
    together as one part in the build's page counts ('changed pages: 12 (in
    关于我们)' for a page of the copy), silently."""
    first = owners.setdefault(part, path)
    if first == path:
        return
    line = next((n for n, text in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                            .splitlines(), 1) if text.startswith("part:")), 1)
    errors.error(Mark(path, line, 1), f"part name '{part}' is also the name of {first.name}",
                 "give each part file its own 'part:' name")


def _load_part(path: Path, errors: Collector, titles: dict[str, str] | None = None,
               unchecked: set[str] | None = None) -> list[Block]:
    """A part file's blocks, validated. A watch build validated every block of
    every part again (a third of loading) though an edit changes one file: a
    part whose parsed value is the one validated last time, under the same
    block types, gives its blocks again (the session's; never when its
    validation reported anything: errors are said every build). A new
    process finds them kept with the parsed file (_kept_part)."""
    from ..compose.registry import components
    from ..session import current

    read = len(errors.errors)
    data = load_yaml(path, errors)
    held = last = current().parts.get(path)
    types = list(components().values())
    if held is None or held.data is not data or len(held.types) != len(types) \
            or not all(map(is_, held.types, types)):
        held = _kept_part(path, data, types)
    if held is not None:
        current().parts[path] = held
        if titles is not None:
            titles.setdefault(held.part, held.title)
        return list(held.blocks)
    before = len(errors.items)
    same_types = last is not None and len(last.types) == len(types) \
        and all(map(is_, last.types, types))
    got = _validate_part(path, data, errors, titles, unchecked, len(errors.errors) > read,
                         last.blocks if same_types and last is not None else None)
    if got is not None and last is not None:
        carry_derived(last.blocks, got[2])
    if got is not None and len(errors.items) == before:
        current().parts[path] = _Validated(data, types, *got)
        _keep_part(path, data, *got)
    return got[2] if got is not None else []


# What a block derives from its content alone holding no mark (a line number
# moves when an edit adds a line above): a block of an edited part file equal
# to one the part held before takes these from it (carry_derived).
CARRIED_DERIVED = ("chars", "normalised", "fit_key")


def carry_derived(old: list[Block], new: list[Block]) -> None:
    """Give the blocks of a part file parsed again what the equal blocks of
    its last validation derived (CARRIED_DERIVED): an edit to one paragraph
    made every block of its file new, and the checks that read each block's
    texts (its characters, the punctuation normalised; the copyfit key's
    digest) read the ~120 blocks of the edited file again (~5 ms of a watch
    edit). Blocks are matched by position from either end (an edit inserting
    or removing blocks keeps the others' positions from the nearer end) and
    taken only when equal in type, value and attributes, value by value with
    their types (see _same)."""
    n = min(len(old), len(new))
    front = 0
    while front < n and _same_block(old[front], new[front]):
        _take_derived(old[front], new[front])
        front += 1
    back = 1
    while back <= n - front and _same_block(old[-back], new[-back]):
        _take_derived(old[-back], new[-back])
        back += 1


def _take_derived(old: Block, new: Block) -> None:
    for name in CARRIED_DERIVED:
        if name in old.derived and name not in new.derived:
            new.derived[name] = old.derived[name]


def _same_block(a: Block, b: Block) -> bool:
    return a.type == b.type and _same(a.value, b.value) and _same(a.attrs, b.attrs)


def _same(a: Any, b: Any) -> bool:
    """Equal as the derived facts read them: the same types all the way
    down (True is not 1, MInt's typed text too), numbers by their repr
    (0.0 is not -0.0), mappings in the same key order."""
    ta = type(a)
    if ta is not type(b):
        return False
    if ta is str or ta is MStr:
        return a == b
    if isinstance(a, dict):
        return len(a) == len(b) and all(ka == kb and type(ka) is type(kb) and _same(va, vb)
                                        for (ka, va), (kb, vb) in zip(a.items(), b.items()))
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if a is None or ta is bool:
        return a is b
    if isinstance(a, (int, float)):
        return repr(a) == repr(b) and getattr(a, "typed", None) == getattr(b, "typed", None)
    return False      # (anything else: a date …, not carried)


# What a block derives (Block.derive) that is kept on disk with its part
# file's blocks: each of these is made from the block alone by csrpress's
# code (a name added here must be; the entry's key is all of that code).
KEPT_DERIVED = ("chars", "normalised", "braced", "fit_key")


def _validation_version() -> str:
    """The code that decides a part's blocks: all of csrpress's (validation
    reads the schemas and checks of every component, and the kept derived
    facts are made by the checks)."""
    from ..assets.cache import package_version

    return "csrpress-validated-1-" + package_version()


def _kept_part(path: Path, data: Any, types: list[Any]) -> _Validated | None:
    """The part's blocks as a build of an earlier process validated them from
    exactly this file (kept with its parse: source.parsed), or None. Only
    under csrpress's own block types, by the same code."""
    from ..compose.registry import builtin_only
    from ..session import current

    store = current().parsed_files
    if store is None or data is None:
        return None
    kept = store.validated(str(path), data)
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == _validation_version()
            and isinstance(kept[1], str) and isinstance(kept[2], str)
            and isinstance(kept[3], list) and all(type(b) is Block for b in kept[3])):
        return None
    if not builtin_only():
        return None
    return _Validated(data, types, kept[1], kept[2], kept[3])


def _keep_part(path: Path, data: Any, part: str, title: str, blocks: list[Block]) -> None:
    """Keep the validated blocks with the file's parse for the next process,
    with what the checks will have derived from them when it is written."""
    from ..compose.registry import builtin_only
    from ..session import current

    store = current().parsed_files
    if store is None or not builtin_only():
        return

    def kept() -> tuple[str, str, str, list[Block]]:
        return (_validation_version(), part, title,
                [Block(b.type, b.value, b.attrs, b.mark, b.part,
                       {k: b.derived[k] for k in KEPT_DERIVED if k in b.derived})
                 for b in blocks])

    store.keep_validated(str(path), data, kept)


def _validate_part(path: Path, data: Any, errors: Collector, titles: dict[str, str] | None,
                   unchecked: set[str] | None, unread: bool = False,
                   last: list[Block] | None = None) -> tuple[str, str, list[Block]] | None:
    """(part name, title, blocks) of a parsed part file, or None when it is
    no part file (reported, unless reading it was: `unread`). `last`: the
    blocks the file's last validation made, without a word to say, under the
    same block types: a block written as one of them was, at the same place
    in the file (its values and every mark equal: _same_source), is that
    block again (validating it would say nothing and make an equal block),
    with all it derived. An edit to one paragraph validated the ~120 blocks
    of its file and read their texts again (~5 ms of a watch edit)."""
    if data is None:
        if not unread:    # read, and nothing in it (blank, comments, null)
            errors.error(path, nothing_in(path),
                         "add 'part:', 'title:' and 'blocks:' or remove it from report.yaml")
        return None
    if isinstance(data, MDict) and "blocks" in data and data["blocks"] is None:
        data["blocks"] = []     # ('blocks:' with every block deleted: as 'blocks: []', warned)
    if not isinstance(data, MDict) or not isinstance(data.get("blocks"), list):
        errors.error(mark_of(data, path), "a part file must be a mapping with a 'blocks:' list",
                     "start the file with 'part: NAME', 'title: …' and 'blocks:'")
        return None
    check_keys(data, S.PART_KEYS, "a part file", errors)
    part = str(data.get("part") or path.stem)
    title = data.get("title")
    if title is not None and not isinstance(title, str):
        errors.error(data.mark_of("title"), "a part's 'title' must be text",
                     "write e.g. 'title: 记录幸福' (it names the part's pages in build reports)")
        title = None
    if titles is not None:
        titles.setdefault(part, str(title or part))
    blocks = data["blocks"]
    if not blocks:       # (a placeholder for next year's text, or blocks moved out)
        errors.warn(data.mark_of("blocks"), "this part has no blocks: it prints nothing",
                    "add blocks under 'blocks:', or remove the file from 'parts:' in "
                    "content/report.yaml")
    out: list[Block] = []
    known = S.block_types()      # (once a file: the registry is sorted on every call)
    for i, raw in enumerate(blocks):
        where = blocks.item_marks[i] if isinstance(blocks, MList) else mark_of(data, path)
        held = _as_before(last, i, len(blocks), raw, where, part) if last else None
        if held is not None:
            out.append(held)
            continue
        block = _validate_block(raw, where, part, errors, known)
        if block is not None:
            out.append(block)
        elif unchecked is not None and isinstance(raw, dict) and isinstance(raw.get("id"), str):
            unchecked.add(raw["id"])
    return part, str(title or part), out


def _as_before(last: list[Block], i: int, count: int, raw: Any, where: Mark,
               part: str) -> Block | None:
    """The block of the last validation that block i of `count` was made
    from, when it is written as then (same place from the file's start or
    from its end: a block added or removed above or below moves the others'
    indexes on one side only), or None."""
    for j in (i, len(last) - (count - i)):
        if 0 <= j < len(last) and _same_source(last[j], raw, where, part):
            return last[j]
    return None


def _same_source(old: Block, raw: Any, where: Mark, part: str) -> bool:
    """Was `old` validated from a block written as `raw` at `where`: the
    same part, values and marks (a text is a paragraph block of itself and an
    empty mapping marked where it is; a mapping is the block's attributes)?"""
    if old.part != part:
        return False
    if isinstance(raw, str):
        return old.type == "p" and old.mark == where and not old.attrs \
            and _same_marked(old.value, raw)
    return type(raw) is MDict and _same_marked(old.attrs, raw)


def _same_marked(a: Any, b: Any) -> bool:
    """_same, and every mark equal too: each text's, list's and mapping's
    own, each item's and each key's (what yamlmarks gives a value)."""
    ta = type(a)
    if ta is not type(b):
        return False
    if ta is MStr:
        return a == b and a.mark == b.mark
    if ta is MDict:
        return a.mark == b.mark and a.key_marks == b.key_marks and len(a) == len(b) and all(
            ka == kb and type(ka) is type(kb) and _same_marked(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items()))
    if ta is MList:
        return a.mark == b.mark and a.item_marks == b.item_marks and len(a) == len(b) \
            and all(map(_same_marked, a, b))
    if ta is dict or ta is list:
        return False           # (not what yamlmarks builds)
    return _same(a, b)


def _validate_block(raw: Any, where: Mark, part: str, errors: Collector,
                    known: dict[str, S.BlockType] | None = None) -> Block | None:
    if isinstance(raw, str):
        if _blank(raw):
            errors.error(where, "this block is an empty text: nothing of it would be printed",
                         "write the paragraph, or remove the '- \"\"' line")
            return None
        empty = MDict()
        empty.mark, empty.key_marks = where, {}
        return Block("p", raw, empty, where, part)
    if not isinstance(raw, MDict) or not raw:
        if isinstance(raw, (int, float)) or _kind_of(raw) == "a date":
            _scalar_block(raw, where, errors)
            return None
        errors.error(where, "a block must be a text or a mapping like 'p: …'",
                     "write the block as '- p: text' or '- heading: title'")
        return None
    known = S.block_types() if known is None else known
    types = [k for k in raw if k in known]
    if len(types) != 1:
        if types:
            errors.error(where, f"a block has two type keys: {', '.join(types)}",
                         "split it into two blocks")
        else:
            first = next(iter(raw))
            guess = difflib.get_close_matches(first, list(known), n=1, cutoff=0.5)
            hint = (f"did you mean '{guess[0]}'?" if guess else
                    "known types: " + ", ".join(known))
            errors.error(raw.mark_of(first), f"unknown block type '{first}'", hint)
        return None
    kind = types[0]
    spec = known[kind]
    ok = _check_value(raw[kind], spec.main, raw.mark_of(kind), f"{kind}", errors)
    fixes: dict[str, str] = {}          # a misspelt field → the field it meant
    for key, value in raw.items():
        if key == kind:
            continue
        if key not in spec.fields:
            meant = spec.aliases.get(key)
            guess = (meant if meant in spec.fields else None) if meant else \
                closest(key, spec.fields)
            errors.error(raw.mark_of(key), f"'{kind}' has no field '{key}'",
                         spec.alias_hint(kind, key) or
                         (f"did you mean '{guess}'?" if guess else
                          "allowed: " + (", ".join(spec.fields) or "none")))
            ok = False
            if guess and guess not in raw and guess not in fixes.values():
                fixes[key] = guess
                _check_value(value, spec.fields[guess], raw.mark_of(key),
                             f"{kind}.{guess}", errors)
            continue
        ok &= _check_value(value, spec.fields[key], raw.mark_of(key), f"{kind}.{key}", errors)
    # the rest is judged as the typos meant: 'dtae:' is one error, not that and
    # "missing its 'date:'" (nor, for a chart, "no data")
    raw = _as_meant(raw, fixes) if fixes else raw
    for req in spec.required:
        if req not in raw:
            errors.error(raw.mark, f"'{kind}' block is missing its '{req}:' field",
                         f"add '{req}: …' to this block (see docs/content-schema.md)")
            ok = False
    empty = [key for key in (kind, *spec.required)      # it would print nothing of the block
             if isinstance(raw.get(key), list) and not raw[key]]
    for key in empty:
        errors.error(raw.mark_of(key), f"'{key}' of this {kind} block is an empty list: "
                     "nothing of it would be printed", "give at least one item, or remove the block")
    if empty:                 # (the component's own rules would only say it again)
        return None
    blank = [key for key in (kind, *spec.required) if _blank(raw.get(key))
             and not (key == kind and spec.when_empty)]
    for key in blank:
        what = "text" if key == kind else f"'{key}:'"
        errors.error(raw.mark_of(key), f"the {what} of this {kind} block is empty: "
                     "nothing of it would be printed",
                     "write the text, or remove the block" if key == kind else
                     f"write the {key} (it is required, see docs/content-schema.md)")
    if blank:
        return None
    _texts_as_lists(raw, {**spec.fields, kind: spec.main} if spec.main in _ITEMS else spec.fields)
    ok &= _check_specific(kind, raw, errors)
    return Block(kind, raw[kind], raw, raw.mark, part) if ok else None


def _one_text(value: str, where: Mark) -> MList:
    out = MList([value])
    out.mark, out.item_marks = where, [where]
    return out


def _texts_as_lists(raw: MDict, fields: dict[str, Any]) -> None:
    """A field of kind `texts` written as one text is the list of that text:
    a component iterating `qr_label: 扫码关注` (or an SDG row's `refs: climate`,
    a card's `items: 一项`) set one character a line, or looked up 'c', 'l', …
    as ids. Done once here, so no component has to remember it."""
    for key, value in list(raw.items()):
        kind = fields.get(key)
        if kind == S.TEXTS and isinstance(value, str):
            raw[key] = _one_text(value, raw.mark_of(key))
        elif kind in _ITEMS and isinstance(value, list):
            for item in value:
                if isinstance(item, MDict):
                    _texts_as_lists(item, _ITEMS[kind])


def _as_meant(raw: MDict, fixes: dict[str, str]) -> MDict:
    """The block with each misspelt key named as the field it meant (marks kept)."""
    out = MDict((fixes.get(k, k), v) for k, v in raw.items())
    out.mark = raw.mark
    out.key_marks = {fixes.get(k, k): m for k, m in raw.key_marks.items()}
    return out


def _blank(value: Any) -> bool:
    """An empty or blank text, or a list of only such texts (e.g. `p: ""`,
    `heading: " "`, `lines: ["", ""]`, `p: "** **"`): a block of it prints nothing."""
    from ..text.inline import shown

    if isinstance(value, str):
        return not value.strip() or not shown(value).strip()
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, str) and not shown(v).strip() for v in value)


def _as_typed(value: Any, where: Mark, what: str, errors: Collector) -> bool:
    """A number where a text is printed prints as typed: YAML reads 2024.10
    as 2024.1, 1.50 as 1.5, 1e3 as 1000.0, 8:30 as 510 and 012 as 10, and a
    chart label, table cell or stat printed that number, not what was typed."""
    typed = typed_as(value)
    if typed is None:
        return True
    errors.error(where, f"{what}: YAML reads {typed} as a number, printed {value}",
                 f"quote it to print it as typed: \"{typed}\"")
    return False


def _check_value(value: Any, kind: S.Kind, where: Mark, what: str, errors: Collector) -> bool:
    def bad(expect: str, hint: str) -> bool:
        errors.error(where, f"'{what}' must be {expect}", hint)
        return False

    if isinstance(kind, S.Choice):
        if isinstance(value, (str, int)) and not isinstance(value, bool) \
                and str(value) in kind.values:
            return True
        errors.error(where, f"unknown {kind.what} '{value}'", kind.hint(value))
        return False
    if kind == S.STYLE:             # a name here; the layout's styles are checked later
        kind = S.NAME

    if kind in (S.TEXT, S.NAME):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and kind == S.NAME:
            # "2019" typed as 2019 is fine for names like years and ids
            return _as_typed(value, where, f"'{what}'", errors)
        if isinstance(value, str) and kind == S.NAME and not value.strip():
            return bad("a text that is not empty", "write its value, or remove the field")
        if not isinstance(value, str):
            return bad(f"a text (YAML reads {_kind_of(value)} here)",
                       f"write it as a quoted text: \"{_as_written(value)}\"")
        return True
    if kind == S.TEXTS:
        if isinstance(value, str):
            return True
        if isinstance(value, list) and all(isinstance(v, (str, int, float))
                                           and not isinstance(v, bool) for v in value):
            marks = value.item_marks if isinstance(value, MList) else [where] * len(value)
            return all([_as_typed(v, m, f"'{what}'", errors) for v, m in zip(value, marks)])
        if _as_written(value) != "…":     # a number or a date: quoted, the text typed
            return bad(f"a text or a list of texts (YAML reads {_kind_of(value)} here)",
                       f"write it as a quoted text: \"{_as_written(value)}\"")
        return bad("a text or a list of texts", "write one text, or '- text' items")
    if kind == S.NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool) or bad(
            "a number", "e.g. 'value: 2.5'")
    if kind == S.INT:
        return isinstance(value, int) and not isinstance(value, bool) or bad(
            "a whole number", "e.g. 'level: 2'")
    if kind == S.BOOL:
        return isinstance(value, bool) or bad("true or false", "write true or false")
    if kind == S.CODES:
        codes = value if isinstance(value, list) else [value]
        wrong = [c for c in codes if not _GRI.match(str(c))]
        return not wrong or bad("a list of GRI codes like \"102-14\", \"2-22\" or \"13.1.2\"",
                                f"fix {wrong[0]!r}; quote codes as text")
    if kind == S.ROWS:
        if not isinstance(value, list) or not all(isinstance(r, (list, str)) for r in value):
            return bad("a list of rows, each a list of cells (or a text: a group row across "
                       "the table)", "write '- [cell, cell, cell]', or '- 环境绩效' for a group row")
        return _check_cells(value, where, what, errors)
    if kind == S.ANY:
        return True
    if kind == S.LIST:
        return isinstance(value, list) or bad("a list", "write [a, b, c] or '- item' lines")
    if kind == S.WHEN:
        import datetime
        return isinstance(value, (str, int, datetime.date)) or bad(
            "a month or a date", "write YEAR-MONTH or YEAR-MONTH-DAY, e.g. 2019-05")
    if kind == S.WHENS:
        import datetime
        return (isinstance(value, list) and all(isinstance(v, (str, int, datetime.date))
                                                for v in value)) or bad(
            "a list of months or dates", "e.g. at: [2021-01, 2022-01]")
    if kind in (S.CARDS, S.DATA, S.SDG_ROWS, S.SERIES, S.FIGURE_ITEMS):
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            return bad("a list of mappings", "write each item as '- title: …' etc.")
        return _check_items(value, _ITEMS[kind], where, what, errors)
    return True


# The keys of list items (cards, chart points, SDG rows) and their kinds.
_ITEMS: dict[str, dict[str, str]] = {
    S.CARDS: {"title": S.TEXT, "text": S.TEXTS, "items": S.TEXTS},
    S.DATA: {"label": S.NAME, "value": S.ANY, "text": S.TEXT, "at": S.WHEN},
    S.SERIES: {"name": S.TEXT, "values": S.LIST},
    S.FIGURE_ITEMS: {"value": S.NAME, "unit": S.TEXT, "label": S.TEXT, "prefix": S.TEXT},
    S.SDG_ROWS: {"goal": S.NAME, "refs": S.TEXTS, "title": S.TEXT, "strategies": S.TEXTS,
                 "actions": S.TEXTS},
}


def _check_items(items: list, fields: dict[str, str], where: Mark, what: str,
                 errors: Collector) -> bool:
    """Every item of a list of mappings: known keys, values of the right kind."""
    ok = True
    for i, item in enumerate(items):
        at = items.item_marks[i] if isinstance(items, MList) else where
        ok &= check_keys(item, fields, f"an item of '{what}'", errors, at)
        for key, value in item.items():
            if key in fields:
                mark = item.mark_of(key) if isinstance(item, MDict) else at
                ok &= _check_value(value, fields[key], mark, f"{what}.{key}", errors)
    return ok


def _check_cells(rows: list, where: Mark, what: str, errors: Collector) -> bool:
    """A cell is a text (or number) or a list of texts (printed as bullets)."""
    ok = True
    for i, row in enumerate(rows):
        at = rows.item_marks[i] if isinstance(rows, MList) else where
        if isinstance(row, str):                 # a group row: one text across the table
            if not row.strip():
                errors.error(mark_of(row, at), f"a group row of '{what}' is empty",
                             "write the group's name (e.g. '- 环境绩效'), or remove the row")
                ok = False
            continue
        marks = row.item_marks if isinstance(row, MList) else [at] * len(row)
        for cell, cell_at in zip(row, marks):
            flat = cell if isinstance(cell, list) else [cell]
            if isinstance(cell, list) and not cell:       # (a list cell sets its items)
                errors.error(mark_of(cell, cell_at), f"a cell of '{what}' is an empty list",
                             "write '' for an empty cell, or give the list its items")
                ok = False
            elif not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in flat):
                errors.error(mark_of(cell, at), f"a cell of '{what}' must be a text or a list of texts",
                             "write the cell as text, or as [line, line] for a bullet list")
                ok = False
            else:
                ok &= all([_as_typed(v, cell_at, f"a cell of '{what}'", errors) for v in flat])
    if rows and all(isinstance(row, str) for row in rows):
        errors.error(where, f"the rows of '{what}' are all group rows: it would print group "
                     "names over no rows of cells",
                     "give each group its rows ('- [cell, cell, …]' under its name)")
        ok = False
    elif rows and isinstance(rows[-1], str) and rows[-1].strip():
        at = rows.item_marks[-1] if isinstance(rows, MList) else where
        errors.warn(mark_of(rows[-1], at), f"the group row '{rows[-1]}' is the last row of "
                    f"'{what}': a group name with no rows under it",
                    "write its rows after it, or remove it")
    return ok


def _check_specific(kind: str, raw: MDict, errors: Collector) -> bool:
    """What field kinds cannot say: an id's characters (any block), and the
    component's own rules (its ``check``, e.g. a table row per column)."""
    from ..compose.registry import get

    ok = True
    if "id" in raw and isinstance(raw["id"], str) and not _ID.match(raw["id"]):
        errors.error(raw.mark_of("id"), f"id '{raw['id']}' has characters ids cannot have",
                     "use ASCII letters, digits, '-' and '_'")
        ok = False
    settings = get(kind).settings
    for key, value in raw.items():          # a block's own value for a layout setting
        st = settings.get(key)              # (columns: 0) obeys the setting's range
        if st is None or key == kind or not isinstance(value, (int, float)) \
                or isinstance(value, bool) or st.kind not in ("int", "number"):
            continue
        lo, hi = st.min, st.max
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            span = f"{lo:g}–{hi:g}" if lo is not None and hi is not None else \
                (f"at least {lo:g}" if lo is not None else f"at most {hi:g}")
            errors.error(raw.mark_of(key), f"{key}: {value} is outside {span}",
                         f"give a value in {span} (as components.{kind}.{key} in layout/)")
            ok = False
    for path in get(kind).plain:
        for text, where in _field_texts(raw, path, raw.mark):
            why = _not_plain(text)
            if why:
                errors.error(where, f"'{kind}.{path}' is drawn as plain text: {why} in it "
                             "would be printed as typed",
                             "write it plainly: no **, ==, {{page:…}} or line break here")
                ok = False
    check = get(kind).check
    if check is not None:
        ok &= check(raw, errors)
    return ok


def _field_texts(node: Any, path: str, where: Mark) -> list[tuple[str, Mark]]:
    """The texts of a field ('labels'; 'items.value': that field of each
    item), with their marks."""
    head, _, rest = path.partition(".")
    if not isinstance(node, dict) or head not in node:
        return []
    value = node[head]
    at = node.mark_of(head) if isinstance(node, MDict) else where
    items = value if isinstance(value, list) else [value]
    marks = value.item_marks if isinstance(value, MList) else [at] * len(items)
    out: list[tuple[str, Mark]] = []
    for item, mark in zip(items, marks):
        if rest:
            out += _field_texts(item, rest, mark)
        elif isinstance(item, str):
            out.append((item, mark))
    return out


def _not_plain(text: str) -> str:
    """What of a text only a paragraph sets: a line break, a page reference,
    bold or accent markup ('' when it has none)."""
    from ..text.inline import shown

    if "\n" in text:
        return "a line break"
    if "{{" in text and REF.search(text):
        return "a page reference"
    if ("**" in text or "==" in text) and shown(text) != text:
        return "bold or accent markup"
    return ""


def _load_gri(content_dir: Path, meta: dict, report: Report, errors: Collector) -> None:
    """The chosen GRI reference data (plus the project's own titles)."""
    data = load_gri(content_dir, meta, errors)
    if data.file is not None:
        report.files.append(data.file)
    report.gri = data.disclosures
    report.gri_standards = data.standards
    report.gri_data = data


def _keep_used_gri(report: Report) -> None:
    """Only the codes the report tags (and their standards) go to the index:
    the index declares its characters before the pages are known."""
    used = {c for b in report.blocks for c in _refs(b).codes}
    report.gri = {c: v for c, v in report.gri.items() if c in used}
    prefixes = {prefix(c) for c in used}
    report.gri_standards = {k: v for k, v in report.gri_standards.items() if k in prefixes}


def _check_last(report: Report, errors: Collector) -> None:
    """A block that is the last page (the back cover) ends the report: a block
    after it would be set on pages after the back cover (or over it); one that
    is the first page (the front cover) begins it."""
    from ..compose.registry import LAST, get

    for b in report.blocks[1:]:
        if get(b.type).page.first:
            first = report.blocks[0]
            errors.error(b.mark, f"a second {b.type} (the first at {first.mark})"
                         if first.type == b.type else f"this {b.type} is the first page, but "
                         f"the {first.type} block at {first.mark} comes before it",
                         f"move the {b.type} to the start of the first part file "
                         f"(a report has one {b.type})")
            break
    for i, b in enumerate(report.blocks[:-1]):
        if get(b.type).page.break_before == LAST:
            nxt = report.blocks[i + 1]
            errors.error(nxt.mark, f"this {nxt.type} block follows the {b.type} (at {b.mark}), "
                         "which is the last page",
                         f"move the {b.type} to the end of the last part file")
            return


def _check_empty_chapters(report: Report, errors: Collector) -> None:
    """A chapter opener with nothing after it before the next chapter (or the
    report's end, or its back cover) printed an opener page listing nothing
    and a blank page after it, with nothing said: a warning at its line."""
    from ..compose.registry import LAST, get

    blocks = report.blocks
    for i, b in enumerate(blocks):
        if not get(b.type).page.opener:
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None or get(nxt.type).page.opener or get(nxt.type).page.break_before == LAST:
            errors.warn(b.mark, f"this {b.type} has no content: its opener is followed by "
                        + ("the end of the report" if nxt is None else
                           f"the {nxt.type} at {nxt.mark}"),
                        "add its blocks after it, or remove it")


def _check_empty_headings(report: Report, errors: Collector) -> None:
    """A heading with nothing under it — the next block a heading of its level
    or above, a chapter opener, the back cover or the report's end — printed a
    heading alone (in the contents too) with nothing said: a section whose
    text was moved or is still to be written. A warning at its line."""
    from ..compose.registry import LAST, get
    from ..text.inline import plain as plain_text

    blocks = report.blocks
    for i, b in enumerate(blocks):
        if b.type != "heading" or not isinstance(b.get("level"), int):
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None or get(nxt.type).page.opener or get(nxt.type).page.break_before == LAST \
                or nxt.type == "heading" and isinstance(nxt.get("level"), int) \
                and nxt.get("level") <= b.get("level"):
            errors.warn(b.mark, f"the heading '{plain_text(b.value)}' has nothing under it: it is "
                        + ("followed by the end of the report" if nxt is None else
                           f"followed by the {nxt.type} at {nxt.mark}"),
                        "write its text after it, or remove the heading")


def _check_gri_index(report: Report, errors: Collector) -> None:
    """A GRI index is made of the blocks' gri: codes: with none, it would print
    a table of headers only (an index of nothing)."""
    if any(b.get("gri") for b in report.blocks):
        return
    for b in report.blocks:
        if b.type == "gri_index":
            errors.error(b.mark, "the GRI index would be empty: no block has a 'gri:' code",
                         "tag the blocks that report on a disclosure, e.g. gri: [\"2-22\"], "
                         "or remove the gri_index block")


def _check_labels(report: Report, meta: Any, errors: Collector) -> None:
    """Words a block prints from report.yaml's labels, when they are missing:
    a contents with an empty title and no labels.toc_title printed no title,
    and an SDG row's refs: printed no page at all without labels.see_pages
    (a field accepted and not used, with nothing said)."""
    from ..compose.registry import get

    labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else {}
    for b in report.blocks:
        if b.type == "sdg_index" and not labels.get("see_pages"):
            for row in b.get("rows") or []:
                if isinstance(row, MDict) and row.get("refs"):
                    errors.error(row.mark_of("refs"), "refs: print the sections' pages as "
                                 "labels.see_pages says, and report.yaml has none",
                                 "add labels: {see_pages: 见第 {pages} 页} to content/report.yaml, "
                                 "or remove refs:")
                    break
            continue
        name = get(b.type).title_label
        if name and not str(b.value).strip() and not labels.get(name):
            errors.error(b.mark, f"this {b.type} has no title: it is empty and report.yaml "
                         f"has no labels.{name}",
                         f"write its title here ({b.type}: 目录), or add labels: "
                         f"{{{name}: …}} to content/report.yaml")


@dataclass(frozen=True)
class _Refs:
    """What the id and reference checks read of a block (Block.derive "refs",
    made from the block alone): most blocks have none of it, and a watch
    build read every block's fields again (~3 ms)."""

    id: Any = None
    id_mark: Any = None
    titled: bool = False      # its value is a text with a page reference
    braced: tuple[tuple[str, Mark], ...] = ()
    sdg: tuple[tuple[Any, Any], ...] = ()     # an SDG index's (refs, mark) per row
    codes: tuple[str, ...] = ()
    codes_mark: Any = None


_NO_REFS = _Refs()


def _refs(block: Block) -> _Refs:
    return block.derive("refs", _made_refs)


def _made_refs(b: Block) -> _Refs:
    bid = b.get("id")
    titled = bool(isinstance(b.value, str) and "{{" in b.value and REF.search(b.value))
    braced = tuple(b.derive("braced", _braced))
    sdg = tuple((row.get("refs") or [], row.mark_of("refs") if isinstance(row, MDict) else b.mark)
                for row in (b.get("rows") or [])) if b.type == "sdg_index" else ()
    codes = tuple(b.gri_codes())
    if bid is None and not titled and not braced and not sdg and not codes:
        return _NO_REFS
    return _Refs(bid, b.mark_of("id") if bid is not None else None, titled, braced, sdg,
                 codes, b.mark_of("gri") if codes else None)


class _Unlisted:
    """The ids written in content/*.yaml files the report does not list, read
    only when a reference is unknown: a part taken out of 'parts:' left its
    ids' references failing with no word of where the ids are."""

    _ID = re.compile(r"^[ \t-]*id:[ \t]*['\"]?([^'\"#\s]+)['\"]?[ \t]*(?:#.*)?$", re.M)

    def __init__(self, report: Report) -> None:
        self.report, self.ids = report, None

    def said(self, ident: str) -> str:
        if self.ids is None:
            self.ids = {}
            folder = self.report.files[0].parent if self.report.files else None
            for path in _unlisted_files(self.report, folder) if folder else []:
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                for m in self._ID.finditer(text):
                    self.ids.setdefault(m.group(1), path.name)
        name = self.ids.get(ident)
        return f" (it is the id of a block in {name}, which is not listed under 'parts:' " \
               "in content/report.yaml)" if name else ""


def _check_ids_and_refs(report: Report, errors: Collector) -> None:
    facts = [(b, _refs(b)) for b in report.blocks]
    unlisted = _Unlisted(report)
    seen: dict[str, Mark] = {}
    for b, f in facts:
        bid = f.id
        if bid is None:
            continue
        if bid in seen:
            errors.error(f.id_mark, f"duplicate id '{bid}' (first at {seen[bid]})",
                         "give each block a unique id")
        else:
            seen[bid] = f.id_mark
    from ..compose.registry import get

    for b, f in facts:
        if f is _NO_REFS:
            continue
        comp = get(b.type)
        if f.titled and (comp.outline is not None or comp.page.running_head):
            # (the contents' own title is the running head of its pages: the
            # head printed it without the reference, '目录（见第 页）')
            errors.error(b.mark_of(b.type), f"a page reference in the title of a {b.type}: "
                         "the contents, bookmarks and running heads print the title without it",
                         "write the reference in the text after it")
        for text, where in f.braced:
            _check_marks(text, where, errors)
            for m in _BRACES.finditer(text):
                if not REF.fullmatch(m.group(0)):
                    errors.error(where, f"'{m.group(0).strip()[:24]}' is not a page reference: "
                                 "it would be printed as typed",
                                 "write {{page:ID}} (ID: the id of a heading or block); "
                                 "double braces are markup only there")
            for m in REF.finditer(text):
                if m.group(1) not in seen and m.group(1) not in report.unchecked \
                        and not report.unread:
                    guess = difflib.get_close_matches(m.group(1), list(seen), n=1)
                    errors.error(where, f"reference to unknown id '{m.group(1)}'"
                                 + unlisted.said(m.group(1)),
                                 f"did you mean '{guess[0]}'?" if guess else
                                 "give the target block that id, or fix the reference")
        for refs, where in f.sdg:
            for ref in refs:
                if ref not in seen and ref not in report.unchecked and not report.unread:
                    errors.error(where, f"SDG row refers to unknown id '{ref}'"
                                 + unlisted.said(ref), "use the id of a heading (see its 'id:')")
        if report.gri_data is not None:
            for code in f.codes:
                check_code(code, report.gri_data, f.codes_mark, errors)
    _keep_used_gri(report)


def _check_marks(text: str, where: Mark, errors: Collector) -> None:
    """A ** or == left over once the bold and accent spans are read (one not
    closed, or one inside another) was printed as typed: '**粗体' printed two
    asterisks, '**粗==强==体**' printed the == in bold."""
    from ..text.inline import shown

    if "**" not in text and "==" not in text:
        return
    left = shown(text)
    for mark, name in (("**", "bold"), ("==", "accent")):
        if mark in left:
            errors.error(where, f"'{mark}' that opens no {name} span (not closed, or inside "
                         "another span) would be printed as typed",
                         f"close it ({mark}text{mark}), or remove it; spans do not nest")


def _braced(block: Block) -> list[tuple[str, Mark]]:
    """The block's texts that hold double braces (a page reference, or what
    looks like one) or a bold or accent mark (** or ==), with their marks."""
    return [(t, where) for t, where in _texts(block)
            if "{{" in t or "}}" in t or "**" in t or "==" in t]


# Fields never printed: file names, ids, style and choice words (an image
# named with an emoji is no glyph the font must have, nor markup)
NOT_PRINTED = frozenset({"image", "id", "style", "refs", "fit", "width", "kind", "at"})


def _texts(block: Block, marked: bool = True) -> list[tuple[str, Mark]]:
    """Every string in a block that may be printed, with the best mark we have
    for it (``marked`` False: without marks, None; what a glyph check asks of
    every block, the marks only where a character is missing)."""
    out: list[tuple[str, Mark]] = []

    def walk(node: Any, where: Mark) -> None:
        if isinstance(node, str):
            out.append((node, mark_of(node, where) if marked else None))
        elif isinstance(node, dict):
            for k, v in node.items():
                if k in NOT_PRINTED:
                    continue
                walk(v, node.mark_of(k) if marked and isinstance(node, MDict) else where)
        elif isinstance(node, list):
            for v in node:
                walk(v, where)

    walk(block.value, block.mark)
    for k, v in block.attrs.items():     # (a block's own key may hold its value again)
        if v is not block.value and k not in NOT_PRINTED:
            walk(v, block.attrs.mark_of(k) if isinstance(block.attrs, MDict) else block.mark)
    return out


def block_texts(block: Block, marked: bool = True) -> list[tuple[str, Mark]]:
    """Public view of every text a block holds (for glyph checks)."""
    return _texts(block, marked)
