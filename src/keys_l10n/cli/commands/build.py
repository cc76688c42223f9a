"""`build`: localized booklets (Markdown, HTML, MO) from the source text and the translators' catalogs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..app import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_USAGE,
    EditionOption,
    QuietOption,
    VerboseOption,
    app,
    check_verbosity,
    load,
    progress_bar,
    run,
    stdout,
)

if TYPE_CHECKING:
    from ...usecases.build import BuildResult


@app.command()
def build(
    edition: EditionOption = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this locale (repeat).")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet (file stem).")] = None,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated outputs: md, html, pdf (A5, print-ready), mo.")
    ] = "md,html",
    fuzzy: Annotated[
        str,
        typer.Option(
            "--fuzzy",
            help="Fuzzy translations: keep = show the source text (default); include = use the fuzzy "
            "translation; mark = use it and mark it (<!--fuzzy--> in Markdown, a highlighted span titled "
            "with the previous source in HTML).",
        ),
    ] = "keep",
    min_complete: Annotated[
        float,
        typer.Option(
            "--min-complete",
            metavar="PCT",
            min=0.0,
            max=100.0,
            help="Do not build a booklet whose translated share of source words is below PCT.",
        ),
    ] = 80.0,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 3 when a booklet was skipped or a markup warning was printed.")
    ] = False,
    wrap: Annotated[
        bool,
        typer.Option(
            "--wrap/--no-wrap",
            help="Re-wrap a translated paragraph to the source paragraph's width when the source was "
            "hard-wrapped (default); --no-wrap writes each translated paragraph on one line.",
        ),
    ] = True,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Rebuild localized booklets into build/<edition>/<lang>/<booklet>.md, .html (and .mo).

    Fallback policy: an untranslated unit keeps the source text; a fuzzy unit keeps the source text unless
    --fuzzy include or --fuzzy mark; obsolete entries are never used. Everything that is not a translated
    unit (markers, indentation, code and HTML blocks, line endings) is copied byte for byte from the source.

    Completeness counts source words shown translated. A booklet below --min-complete is not built (and
    earlier outputs of it are removed); it is listed with its percentage and the exit code stays 0 unless
    --strict. build/<edition>/<lang>/manifest.json lists each booklet's completeness, status and the units
    that fell back to the source. Markup differences between a source unit and its translation (link
    targets, footnote references, emphasis, inline code, raw HTML) are printed as warnings on stderr; the
    translation is still used, but raw HTML a translation adds is shown as text in the HTML page.

    Prints the files written or removed, the skipped booklets and a summary line; -v also lists the unchanged
    files, -q prints nothing but errors.

    Example: keys-l10n build --edition 2014 --lang es --format md,html --fuzzy mark
    """
    from ...core.rebuild import FuzzyPolicy
    from ...usecases.build import build as do_build
    from ...usecases.build import parse_formats

    if fuzzy not in {p.value for p in FuzzyPolicy}:
        typer.echo(f"error: --fuzzy must be one of keep, include, mark, not {fuzzy!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    from ...core.errors import L10nError

    check_verbosity(quiet, verbose)
    try:
        wanted = parse_formats(formats)
    except L10nError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    config = run(load)
    with progress_bar("building") as step:
        result = run(
            lambda: do_build(
                config,
                edition=edition,
                lang=lang,
                booklet=booklet,
                formats=wanted,
                fuzzy=FuzzyPolicy(fuzzy),
                min_complete=min_complete,
                wrap=wrap,
                progress=step,
            )
        )
    if not quiet:
        _print_result(result, min_complete, verbose)
    for error in result.errors:
        typer.echo(f"error: {error}", err=True)
    if result.errors:
        typer.echo(f"hint: {len(result.errors)} catalog(s) could not be read: their booklets were not built", err=True)
        raise typer.Exit(EXIT_ERROR)
    if strict and (result.skipped or result.warnings):
        raise typer.Exit(EXIT_FAILED)


def _print_result(result: BuildResult, min_complete: float, verbose: bool) -> None:
    """Warnings on stderr; the files that changed (all with ``verbose``), the skipped booklets, a summary."""
    from ...usecases.build import BuildStatus
    from ...usecases.project import FileAction

    for warning in result.warnings:
        typer.echo(str(warning), err=True)
    console = stdout()
    for item in result.booklets:
        where = f"{item.edition}/{item.lang}/{item.booklet}"
        words = item.rebuilt.words
        share = f"{item.complete:5.1f}% of {words.total} words"
        if item.status is BuildStatus.SKIPPED:
            console.print(f"[yellow]skipped[/yellow]   {where}  {share} (below {min_complete:g}%)")
        for change in item.files:
            if change.action is FileAction.UNCHANGED and not verbose:
                continue
            colour = {"created": "green", "updated": "yellow", "removed": "red"}.get(change.action, "dim")
            console.print(f"[{colour}]{change.action:9}[/{colour}] {change.path}  [dim]{share}[/dim]")
    for manifest in result.manifests:
        if manifest.action is not FileAction.UNCHANGED or verbose:
            console.print(f"[dim]{manifest.action:9} {manifest.path}[/dim]")
    built = sum(1 for b in result.booklets if b.status is BuildStatus.BUILT)
    console.print(
        f"{built} booklet(s) built, {len(result.skipped)} skipped, {len(result.warnings)} warning(s)"
        f" (fuzzy: {result.fuzzy.value}, threshold {min_complete:g}%)"
    )
