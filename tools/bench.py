#!/usr/bin/env python3
"""Benchmark csrpress against Typst on the same machine, in one run.

The machine is shared and noisy, so every figure is the median of several
runs and the two tools are measured interleaved (round by round), and the
ratios compare numbers from the same run only.

csrpress (each in a fresh copy of the project, each build a new process as a
user's command would be, except watch):
  first    a new machine: no font cache (glyph conversion), no project cache
  cold     empty project cache and no dist/, the machine's font cache kept
  warm     nothing changed since the last build
  edit     one paragraph changed by one character, then a build (new process);
           every edit of a run inserts another character, so no build (of
           either tool) finds the edited text in a memo of an earlier one
  watch    such edits in a long-lived process (what `watch` does), from
           the build's start to the PDF on disk; as in `watch`, what only
           later builds read (caches, the build record) is saved after that,
           while it waits for the next change (BuildSession.settle); its
           CPU time is reported too (on a shared machine the wall time of
           one build is mostly other processes' load)
  RSS      the highest peak resident memory of any build (MB)
Typst (the `typst` package, dev extra; the report's text as a plain Typst
document generated from content/ by csrpress's own loader, same font):
  fresh    typst.compile in a new process
  incr     one-character edit, typst.Compiler(...).compile() reused

    python tools/bench.py [--runs 5] [--edition screen] [--scale 1,2,4,8]
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BODY_PARTS = ("10-", "11-", "12-", "13-", "14-", "20-")   # duplicated by --scale

BUILD = """
import resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
from csrpress.build import Project, build
r = build(Project(Path({proj!r})), {edition!r})
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - t0, me.ru_maxrss, kids.ru_maxrss, r.pages,
      me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime)
"""

WATCH = """
import resource, statistics, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
sys.path.insert(0, {tools!r})
from bench import edit_paragraph
from csrpress.build import Project, build_all
project = Project(Path({proj!r}))
import inspect
held = {{}}                                     # watch holds one build session
if "session" in inspect.signature(build_all).parameters:
    from csrpress.session import BuildSession
    held = dict(session=BuildSession())       # (older versions: a module-level one)
    if "defer" in inspect.signature(build_all).parameters:
        held["defer"] = True       # as watch: the PDF on disk, then the saving (settle)
settle = getattr(held.get("session"), "settle", lambda: None)
build_all(project, [{edition!r}], **held)     # the watch session's first build
settle()
times, cpus = [], []
for i in range({runs}):
    edit_paragraph(project.root)
    t, c = time.perf_counter(), time.process_time()
    build_all(project, [{edition!r}], **held)
    times.append(time.perf_counter() - t)
    cpus.append(time.process_time() - c)
    settle()                   # while the watch waits for the next change
print(statistics.median(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      statistics.median(cpus))
"""

TYPST_FRESH = """
import resource, sys, time
t0 = time.perf_counter()
import typst
pdf = typst.compile({doc!r}, font_paths=[{fonts!r}], ignore_system_fonts=True)
me = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - t0, len(pdf), me.ru_utime + me.ru_stime)
"""

TYPST_INCR = """
import resource, statistics, sys, time
from pathlib import Path
import typst
doc = Path({doc!r})
text = doc.read_text(encoding="utf-8")
c = typst.Compiler({doc!r}, font_paths=[{fonts!r}], ignore_system_fonts=True)
c.compile()
times = []
for i in range({runs}):
    doc.write_text(text.replace("{marker}", "{marker}" + {chars!r}[i % {n}], 1),
                   encoding="utf-8")
    t = time.perf_counter()
    c.compile()
    times.append(time.perf_counter() - t)
doc.write_text(text, encoding="utf-8")
print(statistics.median(times), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


# ---------------------------------------------------------------- the project copy

def make_project(dest: Path, scale: int) -> None:
    """Copy the project's inputs; for scale > 1 the body parts are repeated
    (ids and part names renamed so they stay unique; references still point
    at the originals)."""
    for name in ("content", "layout", "images", "fonts"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    if scale <= 1:
        return
    content = dest / "content"
    index = (content / "report.yaml").read_text(encoding="utf-8")
    body = [p.name for p in sorted(content.glob("*.yaml")) if p.name.startswith(BODY_PARTS)]
    extra = []
    for k in range(2, scale + 1):
        for name in body:
            text = (content / name).read_text(encoding="utf-8")
            text = re.sub(r"(\bid:\s*)([A-Za-z0-9_-]+)", rf"\g<1>\g<2>-x{k}", text)
            text = re.sub(r"(?m)^(part:\s*)(\S+)", rf"\g<1>\g<2>-x{k}", text)   # its own name
            text = re.sub(r"(\bgri:\s*)\[[^\]]*\]", r"\g<1>[]", text)   # one place per disclosure
            copy = f"{name[:-5]}-x{k}.yaml"
            (content / copy).write_text(text, encoding="utf-8")
            extra.append(copy)
    last = body[-1]
    listing = "".join(f"\n  - {n}" for n in extra)
    index = index.replace(f"  - {last}", f"  - {last}{listing}", 1)
    (content / "report.yaml").write_text(index, encoding="utf-8")


def _edit_target(root: Path) -> tuple[Path, str]:
    """A body paragraph written verbatim in its file (the one the edits change)."""
    from csrpress.errors import Collector
    from csrpress.source.content import load_report

    report = load_report(root / "content", Collector())
    assert report is not None
    paras = [b for b in report.blocks if b.type == "p" and isinstance(b.value, str)
             and len(b.value) > 40]
    for b in paras[len(paras) // 2:] + paras:
        path = Path(b.mark.path)
        if b.value in path.read_text(encoding="utf-8"):
            return path, b.value
    raise SystemExit("bench: no paragraph to edit")


# the characters an edit inserts, one after another: every edit of a run gives
# a text no earlier build has seen (a toggle between two texts would let any
# content-keyed memo, ours or Typst's, find the "edited" text already done)
EDIT_CHARS = "一二三四五六七八九十百千万亿甲乙丙丁戊己庚辛壬癸"


def edit_paragraph(root: Path) -> None:
    """A one-character edit: the paragraph gets a character before its last
    one, a different character each call (see EDIT_CHARS; after the list the
    original text comes back once)."""
    marks = root / ".bench-edit"
    if marks.exists():
        path_s, count_s, text = marks.read_text(encoding="utf-8").split("\n", 2)
        path, count = Path(path_s), int(count_s)
    else:
        path, text = _edit_target(root)
        count = 0
    src = path.read_text(encoding="utf-8")
    variants = [text[:-1] + c + text[-1] for c in EDIT_CHARS]
    now = variants[count - 1] if count else text
    nxt = variants[count] if count < len(variants) else text
    assert now in src, f"bench: the edited paragraph is no longer in {path}"
    path.write_text(src.replace(now, nxt, 1), encoding="utf-8")
    marks.write_text(f"{path}\n{(count + 1) % (len(variants) + 1)}\n{text}", encoding="utf-8")


# ---------------------------------------------------------------- the Typst document

def _typst_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _cell(node: Any) -> str:
    if isinstance(node, list):
        return "[" + " ".join(f"#{_typst_str(str(x))} #linebreak()" for x in node) + "]"
    return f"[#{_typst_str(str(node))}]"


def typst_document(root: Path, edition: str = "screen") -> str:
    """The report's text as plain Typst: headings, paragraphs, lists and tables,
    in the report's font, page size and body size (no design: a fair floor)."""
    from csrpress.errors import Collector
    from csrpress.source.content import block_texts, load_report
    from csrpress.source.layout import load_layout

    errors = Collector()
    report = load_report(root / "content", errors)
    layout = load_layout(root / "layout", errors)
    assert report is not None and layout is not None
    w, h = layout.page_size
    m = layout.margins
    family = str(layout.font_source.get("face") or "Noto Sans CJK SC")
    out = [f"#set page(width: {w:.2f}pt, height: {h:.2f}pt, margin: (top: {m['top']:.2f}pt, "
           f"bottom: {m['bottom']:.2f}pt, inside: {m['inner']:.2f}pt, "
           f"outside: {m['outer']:.2f}pt), numbering: \"1\")",
           f'#set text(font: "{family}", size: 10pt, lang: "zh", region: "cn")',
           "#set par(justify: true, leading: 8pt, first-line-indent: 2em)",
           "#outline()", ""]
    for b in report.blocks:
        if b.type == "chapter":
            out.append(f"#pagebreak(weak: true)\n#heading(level: 1)[#{_typst_str(str(b.value))}]")
        elif b.type == "heading":
            level = int(b.get("level", 1)) + 1
            out.append(f"#heading(level: {min(level, 4)})[#{_typst_str(str(b.value))}]")
        elif b.type == "p" and isinstance(b.value, str):
            out.append(f"#{_typst_str(b.value)}")
        elif b.type == "list" and isinstance(b.value, list):
            out.append("#list(" + ", ".join(_cell(x) for x in b.value) + ")")
        elif b.type in ("table", "sdg_index") and b.get("rows"):
            cols = b.get("columns") or []
            rows = [r if isinstance(r, list) else list(r.values()) for r in b.get("rows")]
            n = max([len(cols)] + [len(r) for r in rows])
            cells = [_cell(c) for c in cols] + [_cell(c) for r in rows for c in r]
            out.append(f"#table(columns: {n}, " + ", ".join(cells) + ")")
        else:
            for text, _ in block_texts(b):
                if text.strip():
                    out += [f"#{_typst_str(text)}", ""]
        out.append("")
    return "\n".join(out)


def font_dir(root: Path) -> str:
    """The folder of the report's font file (csrpress's own resolution)."""
    from csrpress.assets.fonts import resolve_source
    from csrpress.errors import Collector
    from csrpress.source.layout import load_layout

    errors = Collector()
    layout = load_layout(root / "layout", errors)
    assert layout is not None
    first = dict(next(iter(layout.faces.values())) or {})
    src = resolve_source(layout.font_source, first, root / "fonts", errors)
    assert src is not None, errors.errors
    return str(src.path.parent)


# ---------------------------------------------------------------- measuring

def _run(code: str, cache: Path | None = None, font_cache: Path | None = None) -> list[float]:
    import os

    env = dict(os.environ)
    if cache is not None:
        env["CSRPRESS_CACHE"] = str(cache)
    if font_cache is not None:
        env["CSRPRESS_FONT_CACHE"] = str(font_cache)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True)
    if out.returncode:
        raise SystemExit(f"bench: a measured run failed:\n{out.stderr[-2000:]}")
    return [float(x) for x in out.stdout.split()]


def measure(scale: int, runs: int, edition: str, typst: bool) -> dict[str, float]:
    """Median figures for one size of the report (see the module docstring)."""
    rows: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        rows.setdefault(key, []).append(value)

    tmp = Path(tempfile.mkdtemp(prefix="csrpress-bench-"))
    try:
        proj = tmp / "proj"
        proj.mkdir()
        make_project(proj, scale)
        doc = tmp / "report.typ"
        doc.write_text(typst_document(proj, edition), encoding="utf-8")
        fonts = font_dir(proj)
        build = BUILD.format(root=str(ROOT), proj=str(proj), edition=edition)
        fc = tmp / "fonts-kept"
        for r in range(runs):
            shutil.rmtree(proj / "dist", ignore_errors=True)
            wall, rss, child_rss, pages, cpu = _run(build, tmp / f"first-{r}", tmp / f"fonts-{r}")
            add("first", wall)
            add("first_cpu", cpu)
            add("rss", max(rss, child_rss) / 1024)
            add("pages", pages)
            shutil.rmtree(tmp / f"first-{r}", ignore_errors=True)
            if r == 0:
                shutil.copytree(tmp / f"fonts-{r}", fc)
            shutil.rmtree(tmp / f"fonts-{r}", ignore_errors=True)
            cache = tmp / f"cache-{r}"
            shutil.rmtree(proj / "dist", ignore_errors=True)
            wall, rss, child_rss, pages, cpu = _run(build, cache, fc)
            add("cold", wall)
            add("cold_cpu", cpu)
            add("rss", max(rss, child_rss) / 1024)
            wall, *_, cpu = _run(build, cache, fc)
            add("warm", wall)
            add("warm_cpu", cpu)
            edit_paragraph(proj)
            wall, *_, cpu = _run(build, cache, fc)
            add("edit", wall)
            add("edit_cpu", cpu)
            if typst:
                t_wall, _, t_cpu = _run(TYPST_FRESH.format(doc=str(doc), fonts=fonts))
                add("typst", t_wall)
                add("typst_cpu", t_cpu)
            shutil.rmtree(cache, ignore_errors=True)
        cache = tmp / "cache-watch"
        watch, rss, watch_cpu = _run(WATCH.format(root=str(ROOT), tools=str(ROOT / "tools"),
                                       proj=str(proj), edition=edition, runs=runs), cache, fc)
        add("watch", watch)
        add("watch_cpu", watch_cpu)
        add("watch_rss", rss / 1024)
        if typst:
            marker = _typst_marker(doc.read_text(encoding="utf-8"))
            incr, _ = _run(TYPST_INCR.format(doc=str(doc), fonts=fonts, runs=runs,
                                             marker=marker, chars=EDIT_CHARS,
                                             n=len(EDIT_CHARS)))
            add("typst_incr", incr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {k: max(v) if "rss" in k else statistics.median(v) for k, v in rows.items()}


def _typst_marker(doc: str) -> str:
    """A paragraph's first characters near the middle of the document."""
    paras = [ln for ln in doc.splitlines() if ln.startswith('#"') and len(ln) > 40]
    return paras[len(paras) // 2][2:22]


def _byte_compile() -> None:
    """Compile csrpress's modules to .pyc first, as an installed package is:
    with PYTHONDONTWRITEBYTECODE set and an editable install, every measured
    process compiled all of csrpress from source (77 modules, ~8 % of an edit
    build), a cost no user of an installed csrpress pays."""
    import compileall

    compileall.compile_dir(str(ROOT / "csrpress"), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--edition", default="screen")
    ap.add_argument("--scale", default="1", help="body multiples, e.g. 1,2,4,8 (a scaling table)")
    ap.add_argument("--no-typst", action="store_true", help="csrpress figures only")
    args = ap.parse_args()
    typst = not args.no_typst
    if typst:
        try:
            import typst as _  # noqa: F401
        except ImportError:
            raise SystemExit("bench: Typst is not installed: pip install -e '.[dev]' "
                             "(or pass --no-typst)")
    scales = [int(s) for s in args.scale.split(",")]
    _byte_compile()
    results = {s: measure(s, args.runs, args.edition, typst) for s in scales}
    print(f"medians of {args.runs} runs, edition {args.edition}, seconds unless marked")
    head = f"{'body':>5} {'pages':>5} {'first':>6} {'cold':>6} {'warm':>6} {'edit':>6} {'watch':>6} " \
           f"{'RSS MB':>7}"
    if typst:
        head += f" | {'typst':>6} {'t.incr':>6} | {'cold/t':>6} {'warm/t':>6} " \
                f"{'edit/t':>6} {'watch/ti':>8} {'first/t':>7}"
    print(head)
    for s, m in results.items():
        line = (f"{s:>4}× {m['pages']:>5.0f} {m['first']:>6.2f} {m['cold']:>6.2f} {m['warm']:>6.2f} "
                f"{m['edit']:>6.2f} {m['watch']:>6.3f} {max(m['rss'], m['watch_rss']):>7.0f}")
        if typst:
            t, ti = m["typst"], m["typst_incr"]
            line += (f" | {t:>6.2f} {ti:>6.3f} | {m['cold'] / t:>6.1f} {m['warm'] / t:>6.2f} "
                     f"{m['edit'] / t:>6.2f} {m['watch'] / ti:>8.2f} {m['first'] / t:>7.1f}")
        print(line)
    for s, m in results.items():
        line = (f"{s:>4}× CPU seconds (user+sys, the machine's load left out): first "
                f"{m['first_cpu']:.2f}, cold {m['cold_cpu']:.2f}, warm {m['warm_cpu']:.3f}, "
                f"edit {m['edit_cpu']:.2f}, watch {m['watch_cpu']:.3f}")
        if typst:
            line += (f"; typst fresh {m['typst_cpu']:.2f} (by CPU: edit/t "
                     f"{m['edit_cpu'] / m['typst_cpu']:.2f}, cold/t "
                     f"{m['cold_cpu'] / m['typst_cpu']:.1f}, first/t "
                     f"{m['first_cpu'] / m['typst_cpu']:.1f})")
        print(line)
    if typst:
        print("first = a new machine (glyphs converted); cold = empty project cache. "
              "targets: cold/t ≤ 2, warm ≤ 0.1 s, edit/t ≤ 1, watch/ti ≤ 1 "
              "(t = Typst fresh compile, ti = Typst incremental recompile)")


if __name__ == "__main__":
    main()
