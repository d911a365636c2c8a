"""The command line: build, check, watch, contact-sheet and init.

Errors print as file:line:col lines. The conventions follow the tools a
report author may know (Typst, WeasyPrint, mkdocs): ``-h``/``--help``,
``--version``, ``-q``/``-v``, ``python -m csrpress``; usage errors exit 2,
content errors exit 1. Every command works on a project folder
(``--project DIR``, the current directory by default).
"""
from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .build import BuildResult, Project, build_all
from .build import check as check_project
from .errors import BuildError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Options:
    """What every command was asked for: the project and how much to say."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self.verbosity = 0           # -1 quiet (errors only), 0 normal, 1 verbose

    def say(self, message: str) -> None:
        """A normal message (stdout); silent with -q."""
        if self.verbosity >= 0:
            click.echo(message)

    def progress(self) -> Callable[[str], None] | None:
        """Progress lines on stderr: with -v, or when a person is watching."""
        if self.verbosity > 0 or (self.verbosity == 0 and sys.stderr.isatty()):
            return lambda m: click.echo(m, err=True)
        return None


def _project(root: Path | None, out: Path | None) -> Project:
    return Project((root or Path.cwd()).resolve(), out.resolve() if out else None)


def project_options(with_out: bool = True) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--project DIR, -o/--out DIR, -q and -v, shared by the commands."""
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        fn = click.option("-v", "--verbose", "verbose", is_flag=True,
                          help="Say more: progress of each stage.")(fn)
        fn = click.option("-q", "--quiet", "quiet", is_flag=True,
                          help="Print only warnings and errors.")(fn)
        if with_out:
            fn = click.option("-o", "--out", "out", default=None, metavar="DIR",
                              type=click.Path(file_okay=False, path_type=Path),
                              help="Output folder [default: PROJECT/dist].")(fn)
        fn = click.option("-p", "--project", "root", default=None, metavar="DIR",
                          type=click.Path(exists=True, file_okay=False, path_type=Path),
                          help="Project folder with content/ and layout/ "
                               "[default: current directory].")(fn)
        return fn
    return wrap


def _options(ctx: click.Context, quiet: bool, verbose: bool) -> Options:
    if quiet and verbose:
        raise click.UsageError("-q and -v cannot be used together")
    opts: Options = ctx.obj
    opts.verbosity = -1 if quiet else 1 if verbose else 0
    return opts


def _fail(exc: BaseException, debug: bool) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        raise exc
    if isinstance(exc, BuildError):
        for d in exc.diagnostics:
            click.echo(str(d), err=True)
        click.echo(f"{len(exc.diagnostics)} error(s); nothing was written.", err=True)
    else:
        if debug:
            traceback.print_exception(exc)
        click.echo(f"internal error: {exc.__class__.__name__}: {exc} "
                   "(run with --debug for a traceback)", err=True)
    sys.exit(1)


def run(prog_name: str | None = None) -> None:
    """The command line as a program (make-report, make_report.py, python -m
    csrpress): ``main``, then a quick exit. Once a command has finished, every
    file it wrote is closed and renamed into place (see build.publish), so
    the interpreter's teardown (freeing every object of a build one by one:
    ~0.1 s after a build, more than a tenth of a build after an edit) does
    nothing a user needs. The exit still runs the atexit handlers (temporary
    cache folders are removed) and flushes stdout and stderr; with another
    thread still running, or when ``main`` ends in an exception, Python exits
    as usual.

    The cyclic garbage collector is off for the same reason: a build turns it
    off while it runs, and its first collection afterwards walked everything
    the build left alive or in cycles (the modules it imported, ~86,000
    objects in cycles: ~60 ms), for a process that is about to end. ``watch``
    (long-lived) turns it back on."""
    import gc

    gc.disable()
    _exit_on_sigterm()
    try:
        main(prog_name=prog_name)
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    _exit_now(code)


def _exit_on_sigterm() -> None:
    """SIGTERM (``kill``, a service manager, an editor stopping ``watch``) ends
    the program as an exit, like Ctrl-C: its exit handlers run (a temporary
    cache folder is removed: the default action left it in /tmp) and a
    build's children are waited for. A handler someone else set is kept."""
    import signal

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _exit_now(code: Any) -> None:
    """Exit with ``code`` (SystemExit's meaning) without the teardown."""
    import atexit
    import os
    import threading

    if code is None:
        code = 0
    elif not isinstance(code, int):          # sys.exit("message"): printed, status 1
        print(code, file=sys.stderr)
        code = 1
    if threading.active_count() > 1:         # a thread Python would wait for
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):        # a closed pipe (| head): nothing to add
            pass
    os._exit(code & 0xFF)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="csrpress")
@click.option("--debug", is_flag=True, help="Show tracebacks on internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Typeset a report from a project folder (content/, layout/, images/,
    fonts/) into PDFs in dist/.

    \b
    Start a new report:   make-report init my-report
    Build it:             make-report build --project my-report
    """
    ctx.obj = Options(debug)


@main.command()
@project_options()
@click.option("--edition", "editions", multiple=True,
              help="Edition to build (repeatable); all editions in layout/ by default.")
@click.option("--proof", is_flag=True,
              help="Also write NAME-proof.pdf with only the pages that changed.")
@click.pass_context
def build(ctx: click.Context, root: Path | None, out: Path | None, quiet: bool, verbose: bool,
          editions: tuple[str, ...], proof: bool) -> None:
    """Build the report PDFs and check them (preflight)."""
    opts = _options(ctx, quiet, verbose)
    try:
        results = build_all(_project(root, out), list(editions) or None, opts.progress())
    except BaseException as exc:  # noqa: BLE001 - turned into a clear message
        _fail(exc, opts.debug)
        return
    shown: set[str] = set()            # a finding of the shared content, said once
    for r in results:
        report_result(r, opts, shown)
        if proof and r.changed:
            from .pdf.proof import write_proof
            opts.say(f"wrote {_rel(write_proof(r.pdf, r.changed))}: pages {_pages(r.changed)}")


def report_result(r: BuildResult, opts: Options | None = None,
                  shown: set[str] | None = None) -> None:
    """Warnings, the preflight summary and the changed pages of one edition.
    A warning already in ``shown`` (the same finding in another edition of
    the same build: a missing photo, a file not in the report) is not
    printed again; an edition's own (its resolution limit) still is."""
    opts = opts or Options()
    shown = set() if shown is None else shown
    fresh = []
    names: dict[Path, str] = {}      # (paths as shown, for this report: errors._display)
    for w in r.warnings + r.check.warnings:
        said = w.text(names)
        if said not in shown:
            shown.add(said)
            fresh.append(w)
    for line in grouped(fresh, names=names, fold=opts.verbosity <= 0):
        click.echo(line, err=True)
    opts.say(r.check.summary())
    changed = ("first build" if r.changed is None else
               "no pages changed" if not r.changed else
               f"changed pages: {_pages(r.changed)}{_in_parts(r.changed, r.parts)}")
    opts.say(f"wrote {_rel(r.pdf)}: {r.pages} pages, {r.passes} pass(es), "
             f"{r.timings['total']:.2f} s; {changed}")


_QUOTED = re.compile(r"'[^']*'")


def grouped(warnings: list[Any], shown: int = 3,
            names: dict[Path, str] | None = None, fold: bool = False) -> list[str]:
    """The warnings as printed: those of one kind at one place, differing only
    in the one text they quote, said once with the texts listed ("a token
    wider than the measure is broken after '12,345.', '11,987.' … (13 places)"
    for the cells of one table), in the order they were found. ``names``:
    the paths shown already in this report (errors.Diagnostic.text). With
    ``fold``, warnings of one kind in one file after the first are one line
    (_folded; the command line's -v prints each)."""
    names = {} if names is None else names
    groups: dict[tuple, list[Any]] = {}
    for w in warnings:
        quoted = _QUOTED.findall(w.message)
        key = (w.place(names), w.hint, w.severity, _QUOTED.sub("''", w.message)) \
            if len(quoted) == 1 else (id(w),)
        groups.setdefault(key, []).append(w)
    out = []
    folded = _folded([same[0] for same in groups.values() if len(same) == 1], 1) if fold else {}
    for same in groups.values():
        if len(same) == 1:
            fold = folded.get(id(same[0]))
            if fold != "":
                out.append(same[0].text(names) if fold is None else fold(names))
            continue
        texts = [_QUOTED.search(w.message).group(0) for w in same]
        listed = ", ".join(texts[:shown]) + (f" … ({len(same)} places)" if len(same) > shown
                                            else "")
        first = same[0]
        out.append(type(first)(first.where, _QUOTED.sub(lambda _: listed, first.message, 1),
                               first.hint, first.severity).text(names))
    return out


def _folded(lone: list[Any], shown: int) -> dict[int, Any]:
    """Warnings of one kind in one file beyond the first `shown` (the report's
    77 figures without a photo printed 77 lines on every build; more than one
    more: one line says them): id of the
    first folded one → a maker of the line saying them all, id of the others
    → '' (not printed). Each kind keeps its own place in the order found."""
    kinds: dict[tuple, list[Any]] = {}
    for w in lone:
        path = getattr(w.where, "path", None)
        if path is not None:
            kinds.setdefault((str(path), w.hint, w.severity, _QUOTED.sub("''", w.message)),
                             []).append(w)
    out: dict[int, Any] = {}
    for same in kinds.values():
        if len(same) <= shown + 1:
            continue
        rest = same[shown:]
        for w in rest[1:]:
            out[id(w)] = ""
        out[id(rest[0])] = lambda names, rest=rest: _fold_line(rest, names)
    return out


def _fold_line(rest: list[Any], names: dict[Path, str]) -> str:
    """'file:line:col: warning: 12 more like the above in this file (lines 117,
    119, …): figure '…' has no photo …': at the first of them, so an editor
    still jumps there; the texts that differ shown as '…'."""
    first = rest[0]
    quoted = [_QUOTED.findall(w.message) for w in rest]
    parts = iter(range(len(quoted[0])))

    def keep(m: re.Match) -> str:
        i = next(parts)
        return m.group(0) if all(q[i] == quoted[0][i] for q in quoted) else "'…'"

    lines = [str(w.where.line) for w in rest]
    listed = ", ".join(lines[:8]) + (", …" if len(lines) > 8 else "")
    message = f"{len(rest)} more like the above in this file (lines {listed}; -v lists each): " \
        + _QUOTED.sub(keep, first.message)
    return type(first)(first.where, message, first.hint, first.severity).text(names)


def _in_parts(pages: list[int], parts: list[tuple[str, str, int, int]]) -> str:
    """' (in 记录幸福, 连接幸福)': the titles of the parts the changed pages show."""
    titles: list[str] = []
    for _part, title, first, last in parts:
        if any(first <= p <= last for p in pages) and title not in titles:
            titles.append(title)
    return f" (in {', '.join(titles)})" if titles else ""


def _pages(pages: list[int]) -> str:
    from .compose.tables import page_ranges
    return page_ranges(pages)


def _rel(path: Path) -> Path:
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path


@main.command()
@project_options(with_out=False)
@click.pass_context
def check(ctx: click.Context, root: Path | None, quiet: bool, verbose: bool) -> None:
    """Validate content, layout and fonts without building."""
    opts = _options(ctx, quiet, verbose)
    try:
        errors = check_project(_project(root, None))
    except BaseException as exc:  # noqa: BLE001
        _fail(exc, opts.debug)
        return
    for w in errors.warnings + errors.notes:
        click.echo(str(w), err=True)
    opts.say("content and layout are valid"
             + (f" ({len(errors.warnings)} warning(s))" if errors.warnings else ""))


@main.command("contact-sheet")
@project_options()
@click.option("--edition", default="screen", show_default=True)
@click.option("--columns", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Pages per row (even: spreads).")
@click.pass_context
def contact_sheet_cmd(ctx: click.Context, root: Path | None, out: Path | None, quiet: bool,
                      verbose: bool, edition: str, columns: int) -> None:
    """Write contact-sheet.png: every page small, to review the design."""
    from .pdf.contact import contact_sheet

    opts = _options(ctx, quiet, verbose)
    project = _project(root, out)
    try:
        results = build_all(project, [edition], opts.progress())
        sheet = contact_sheet(results[0].pdf, project.dist / "contact-sheet.png", columns)
    except BaseException as exc:  # noqa: BLE001
        _fail(exc, opts.debug)
        return
    opts.say(f"wrote {_rel(sheet)}")


@main.command()
@project_options()
@click.option("--edition", "editions", multiple=True, default=("screen",), show_default=True,
              help="Edition(s) to rebuild on each change.")
@click.option("--interval", default=0.2, show_default=True, type=click.FloatRange(0.01, 60),
              help="Seconds between checks.")
@click.pass_context
def watch(ctx: click.Context, root: Path | None, out: Path | None, quiet: bool, verbose: bool,
          editions: tuple[str, ...], interval: float) -> None:
    """Rebuild on every change in content/, layout/, images/ or fonts/."""
    import gc

    from .watch import watch as run_watch

    gc.enable()           # a long-lived process (see run: one-shot commands run without)
    opts = _options(ctx, quiet, verbose)
    opts.say("watching content/, layout/, images/, fonts/ — Ctrl-C to stop")
    try:
        run_watch(_project(root, out), list(editions), lambda m: click.echo(m, err=True),
                  lambda r: report_result(r, opts), interval)
    except KeyboardInterrupt:
        opts.say("stopped")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("-q", "--quiet", "quiet", is_flag=True, help="Print only errors.")
@click.pass_context
def init(ctx: click.Context, directory: Path, quiet: bool) -> None:
    """Write a starter report into DIRECTORY: every block type, a neutral
    layout (A4) and GRI 2021, ready to build in both editions."""
    opts = _options(ctx, quiet, False)
    taken = [n for n in ("content", "layout") if (directory / n).exists()]
    if taken:
        click.echo(f"{directory}: already has {' and '.join(n + '/' for n in taken)}; "
                   "nothing was written — choose a new folder", err=True)
        sys.exit(1)
    written = write_starter(directory)
    opts.say(f"wrote a starter report to {directory} ({written} files); build it with:\n"
             f"  make-report build --project {directory}")


def write_starter(directory: Path) -> int:
    """Copy the starter project shipped with the package; returns the file count."""
    from importlib import resources

    count = 0

    def copy(node: Any, dest: Path) -> None:
        nonlocal count
        for child in node.iterdir():
            if child.name.startswith((".", "__")):
                continue
            if child.is_dir():
                copy(child, dest / child.name)
            else:
                dest.mkdir(parents=True, exist_ok=True)
                (dest / child.name).write_bytes(child.read_bytes())
                count += 1

    copy(resources.files("csrpress").joinpath("starter"), directory)
    (directory / "dist").mkdir(exist_ok=True)
    return count
