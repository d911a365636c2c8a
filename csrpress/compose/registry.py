"""The component registry: every block type, declared once.

A component is one module under ``csrpress/compose/blocks/`` with a
``COMPONENT = Component(...)`` that says everything the tool needs to know of
its block type, so that validation, layout checks, dispatch and the docs
cannot disagree:

- ``schema``: the block's main value and fields (kinds, required), checked at
  load with file:line:col (source/content.py);
- ``settings``: the layout settings it reads under ``components.NAME``,
  typed with defaults and ranges (the tables of source/settings.py, checked by
  source/layout.py with "did you mean");
- ``styles``: the paragraph styles it sets by name (a layout must define them);
- ``page``: its page policy (break before, keep with next, grouping);
- ``compose``: blocks → flowables.

The declaration modules import no ReportLab (the loader reads them for
``check``); their compose functions import what they draw with when called.
A test or a plug-in adds a block type with ``register()`` (or the
``registered()`` context manager); see docs/components.md.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ..source.schema import BlockType
from ..source.settings import Setting

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.content import Block
    from .context import Composer

# How a component's flowables start (page policy ``break_before``):
NONE = "none"        # run on (after the contents' page break, if it follows the TOC)
LAYOUT = "layout"    # the component's layout settings decide: recto_levels /
                     # new_page_levels by the block's level, or new_page when
                     # it follows a block of its own type
PAGE = "page"        # a new page
RECTO = "recto"      # a new right-hand page, full-page template (covers, openers)
LAST = "last"        # the last page (the back cover), the page count padded
OWN = "own"          # the component makes its own breaks (page_break)
BREAKS = (NONE, LAYOUT, PAGE, RECTO, LAST, OWN)


@dataclass(frozen=True)
class PagePolicy:
    """Where a component's blocks go on the pages."""

    break_before: str = NONE
    break_after: bool = False         # a new page after it (chapter openers)
    keep_with_next: bool = False      # kept with the start of what follows (headings)
    keep_with_previous: bool = False  # kept with the end of the paragraph before (figures)
    grouped: bool = False             # consecutive blocks of the type are set as one group
    opener: bool = False              # opens a chapter (a level-0 section); the blocks
                                      # after it are in a chapter
    section: bool = False             # opens a section at its `level` field (an opener: 0):
                                      # an anchor, a TOC entry, the running head
    running_head: bool = False        # its title is the running head from here (the contents)
    first: bool = False               # the first page (the front cover): a block before it
                                      # would be set on pages before the cover, and the
                                      # pages after a second one without margins
    statement: bool = False           # speaks for the section it ends (a pull quote): in the
                                      # side column never beside the next section's heading

    def __post_init__(self) -> None:
        if self.break_before not in BREAKS:
            raise ValueError(f"break_before must be one of {BREAKS}, not {self.break_before!r}")

    def describe(self) -> str:
        """The policy in words, for docs/content-schema.md."""
        words = {NONE: "", LAYOUT: "starts a page as the layout's settings say",
                 PAGE: "starts a new page", RECTO: "starts a right-hand page",
                 LAST: "is the last page", OWN: "is a page break"}
        out = [w for w in (words[self.break_before],
                           "ends its page" if self.break_after else "",
                           "kept with what follows" if self.keep_with_next else "",
                           "kept with the end of the paragraph before"
                           if self.keep_with_previous else "",
                           "consecutive blocks set as one group" if self.grouped else "",
                           "opens a chapter" if self.opener else "",
                           "opens a section (contents, running head)"
                           if self.section and not self.opener else "",
                           "its title is the running head" if self.running_head else "")
               if w]
        return "; ".join(out) or "runs on"


@dataclass(frozen=True)
class Place:
    """Where a unit of blocks sits in the report (what headings and chapter
    openers need of their neighbours)."""

    index: int                 # the first block's index in report.blocks
    key: str | None            # its anchor key (chapters and headings)
    in_chapter: bool           # after a chapter opener


ComposeFn = Callable[["Composer", "list[Block]", Place], list[Any]]
CheckFn = Callable[[Any, "Collector"], bool]
SideFn = Callable[["Composer", "Block", "list[Any]"], "list[Any]"]
# a block's link destination and outline entry: (key, title, outline level or None, closed)
OutlineFn = Callable[["Composer", "Block", Place], "tuple[str, str, int | None, bool]"]


@dataclass(frozen=True)
class Component:
    """One block type: schema, layout settings, styles, page policy, compose."""

    name: str
    schema: BlockType
    compose: ComposeFn
    settings: dict[str, Setting] = field(default_factory=dict)
    styles: tuple[str, ...] = ()
    page: PagePolicy = PagePolicy()
    check: CheckFn | None = None     # rules the field kinds cannot say (raw block, errors)
    example: str = ""                # YAML for docs/content-schema.md
    order: float = 100.0             # place in docs and hints (then by name)
    settings_at: str = ""            # where its layout settings live ("" → components.NAME)
    title_label: str = ""            # the label (report.yaml labels) of an empty title
    side: SideFn | None = None       # what of its flowables goes into the side column
                                     # (layout page.grid.side_blocks; default: its boxes)
    outline: OutlineFn | None = None  # its destination and outline entry: the dispatcher
                                      # places the mark before its flowables, and the
                                      # document's afterFlowable records its page
    plain: tuple[str, ...] = ()      # fields drawn as plain strings, not paragraphs
                                     # ("unit", "labels", "items.value": a field of each
                                     # item): markup, page references and line breaks in
                                     # them are errors (they were drawn as typed)

    def title(self, block: "Block", labels: dict[str, Any]) -> str:
        """The block's title as plain text (an empty one: its title label)."""
        from ..text.inline import plain

        return plain(str(block.value)) or str(labels.get(self.title_label, "") if
                                                  self.title_label else "")

    def level(self, block: "Block") -> int:
        """The section level a block opens (a chapter opener: 0)."""
        return 0 if self.page.opener else int(block.get("level"))

    @property
    def layout_section(self) -> str:
        return self.settings_at or f"components.{self.name}"


_REGISTRY: dict[str, Component] = {}
_BUILTIN: dict[str, Component] = {}      # the components csrpress/compose/blocks declares
_BUILTIN_LOADED = False


def _load_builtin() -> None:
    """Import every module of csrpress/compose/blocks (each registers itself)."""
    global _BUILTIN_LOADED
    if _BUILTIN_LOADED:
        return
    _BUILTIN_LOADED = True
    from . import blocks

    for info in pkgutil.iter_modules(blocks.__path__):
        module = importlib.import_module(f"{blocks.__name__}.{info.name}")
        comp = getattr(module, "COMPONENT", None)
        if isinstance(comp, Component) and comp.name not in _REGISTRY:
            _BUILTIN[comp.name] = register(comp)


def builtin_only() -> bool:
    """Whether the block types registered are exactly csrpress's own: what
    was validated under them is decided by csrpress's code alone (a type
    registered by a caller brings code of its own, see source.content)."""
    _load_builtin()
    return len(_REGISTRY) == len(_BUILTIN) and all(
        _REGISTRY.get(name) is comp for name, comp in _BUILTIN.items())


def register(component: Component) -> Component:
    """Add a block type; its name must be new (a block type is declared once)."""
    _load_builtin()
    if component.name in _REGISTRY and _REGISTRY[component.name] is not component:
        raise ValueError(f"block type '{component.name}' is already registered")
    for name in component.schema.required:
        if name not in component.schema.fields:
            raise ValueError(f"{component.name}: required field '{name}' is not a field")
    # every block may carry an id (an anchor for {{page:ID}}) and GRI codes
    from ..source.schema import CODES, NAME

    component.schema.fields.setdefault("id", NAME)
    component.schema.fields.setdefault("gri", CODES)
    _REGISTRY[component.name] = component
    return component


def unregister(name: str) -> None:
    """Remove a block type (tests; built-in types stay)."""
    _REGISTRY.pop(name, None)


@contextmanager
def registered(component: Component) -> Iterator[Component]:
    """A block type registered for the duration of a ``with`` (tests)."""
    register(component)
    try:
        yield component
    finally:
        unregister(component.name)


def components() -> dict[str, Component]:
    """Every registered component, in documentation order."""
    _load_builtin()
    return dict(sorted(_REGISTRY.items(), key=lambda kv: (kv[1].order, kv[0])))


def opener_settings(components_settings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The layout settings of the block type that opens chapters (its page
    policy says opener): what copyfitting a chapter's end reads (end_fill …,
    paginate.fit). Empty when no registered type opens chapters."""
    opens = sorted(n for n, comp in components().items() if comp.page.opener)
    return dict(components_settings.get(opens[0]) or {}) if opens else {}


def get(name: str) -> Component:
    """The component of a block type (validated at load, so it exists).
    (Asked ~6,000 times a build: the built-in types are loaded only when a
    name is not registered, as loading never replaces a registered name.)"""
    found = _REGISTRY.get(name)
    if found is None:
        _load_builtin()
        found = _REGISTRY[name]
    return found


def schema_reference() -> str:
    """The "Block types" section of docs/content-schema.md, made from the registry."""
    out = ["<!-- generated from the component registry (csrpress/compose/blocks/): regenerate with",
           "     python -m csrpress.compose.registry -->", ""]
    for comp in components().values():
        sch = comp.schema
        out += [f"### `{comp.name}` — {sch.doc}", ""]
        if comp.example:
            out += ["```yaml", comp.example.rstrip("\n"), "```", ""]
        out += ["| field | kind | |", "|---|---|---|",
                f"| `{comp.name}` (main) | {sch.main} | required"
                + (f"; may be empty: {sch.when_empty}" if sch.when_empty else ", not empty")
                + " |"]
        out += [f"| `{k}` | {v} | {'required' if k in sch.required else 'optional'} |"
                for k, v in sch.fields.items()]
        out.append("")
        facts = [f"Page: {comp.page.describe()}."]
        if comp.settings:
            facts.append(f"Layout: `{comp.layout_section}` (docs/layout-settings.md).")
        if comp.styles:
            facts.append("Styles: " + ", ".join(f"`{s}`" for s in comp.styles) + ".")
        out += [" ".join(facts), ""]
    return "\n".join(out)


BEGIN = "<!-- block types: begin -->"
END = "<!-- block types: end -->"


def update_schema_doc(text: str) -> str:
    """docs/content-schema.md with its generated section replaced."""
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + BEGIN + "\n" + schema_reference() + END + tail


def write_schema_doc(root: Any) -> None:
    """Regenerate docs/content-schema.md's block types under the repo ``root``."""
    from pathlib import Path

    doc = Path(root) / "docs" / "content-schema.md"
    doc.write_text(update_schema_doc(doc.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":       # python -m csrpress.compose.registry
    from pathlib import Path

    from csrpress.compose import registry as _registry   # the module the blocks register in

    _registry.write_schema_doc(Path(__file__).resolve().parents[2])
