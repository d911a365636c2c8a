"""The command line: build and check. Errors print as file:line:col lines."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from .build import BuildResult, Project, build_all, load
from .errors import BuildError


def _root() -> Path:
    return Path.cwd()


def _fail(exc: BaseException, debug: bool) -> None:
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


@click.group()
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Typeset the CSR report from content/ and layout/ into dist/."""
    ctx.obj = {"debug": debug}


@main.command()
@click.option("--edition", "editions", multiple=True,
              help="Edition to build (repeatable); all editions in layout/ by default.")
@click.option("--proof", is_flag=True,
              help="Also write dist/NAME-proof.pdf with only the pages that changed.")
@click.pass_context
def build(ctx: click.Context, editions: tuple[str, ...], proof: bool) -> None:
    """Build the report PDFs into dist/ and check them (preflight)."""
    debug = ctx.obj["debug"]
    progress = (lambda m: click.echo(m, err=True)) if sys.stderr.isatty() else None
    try:
        results = build_all(Project(_root()), list(editions) or None, progress)
    except BaseException as exc:  # noqa: BLE001 - turned into a clear message
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        _fail(exc, debug)
        return
    for r in results:
        report_result(r)
        if proof and r.changed:
            from .pdf.proof import write_proof
            click.echo(f"wrote {_rel(write_proof(r.pdf, r.changed))}: pages {_pages(r.changed)}")


def report_result(r: BuildResult) -> None:
    """Warnings, the preflight summary and the changed pages of one edition."""
    for w in r.warnings + r.check.warnings:
        click.echo(str(w), err=True)
    click.echo(r.check.summary())
    changed = ("first build" if r.changed is None else
               "no pages changed" if not r.changed else f"changed pages: {_pages(r.changed)}")
    click.echo(f"wrote {_rel(r.pdf)}: {r.pages} pages, {r.passes} pass(es), "
               f"{r.timings['total']:.2f} s; {changed}")


def _pages(pages: list[int]) -> str:
    from .compose.tables import page_ranges
    return page_ranges(pages)


def _rel(path: Path) -> Path:
    return path.relative_to(_root()) if path.is_relative_to(_root()) else path


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Validate content, layout and fonts without building."""
    try:
        _, _, _, errors = load(Project(_root()))
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        _fail(exc, ctx.obj["debug"])
        return
    for w in errors.warnings:
        click.echo(str(w), err=True)
    click.echo("content and layout are valid"
               + (f" ({len(errors.warnings)} warning(s))" if errors.warnings else ""))


@main.command("contact-sheet")
@click.option("--edition", default="screen", show_default=True)
@click.option("--columns", default=8, show_default=True, help="Pages per row (even: spreads).")
@click.pass_context
def contact_sheet_cmd(ctx: click.Context, edition: str, columns: int) -> None:
    """Write dist/contact-sheet.png: every page small, to review the design."""
    from .pdf.contact import contact_sheet

    try:
        results = build_all(Project(_root()), [edition])
        out = contact_sheet(results[0].pdf, _root() / "dist" / "contact-sheet.png", columns)
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        _fail(exc, ctx.obj["debug"])
        return
    click.echo(f"wrote {_rel(out)}")


@main.command()
@click.option("--edition", "editions", multiple=True, default=("screen",), show_default=True,
              help="Edition(s) to rebuild on each change.")
@click.option("--interval", default=0.2, show_default=True, help="Seconds between checks.")
def watch(editions: tuple[str, ...], interval: float) -> None:
    """Rebuild on every change in content/, layout/, images/ or fonts/."""
    from .watch import watch as run_watch

    click.echo("watching content/, layout/, images/, fonts/ — Ctrl-C to stop")
    try:
        run_watch(Project(_root()), list(editions), lambda m: click.echo(m, err=True),
                  report_result, interval)
    except KeyboardInterrupt:
        click.echo("stopped")
