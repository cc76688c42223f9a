"""`init`, `extract` and `update`: create the project, the templates and the translators' catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..app import (
    EditionOption,
    FormatOption,
    QuietOption,
    VerboseOption,
    app,
    check_format,
    check_verbosity,
    load,
    print_json,
    progress_bar,
    reader_warning,
    run,
    stdout,
)

if TYPE_CHECKING:
    from ...usecases.catalogs import FileChange


def _render_changes(
    files: list[FileChange],
    fmt: str,
    summary: str,
    warnings: list[str] | None = None,
    *,
    numbers: dict[str, int] | None = None,
    file_numbers: dict[Path, dict[str, int]] | None = None,
    show_unchanged: bool = True,
    quiet: bool = False,
    root: Path | None = None,
) -> None:
    """Warnings on stderr, then one line per file and the summary (or one JSON document, whose counts are
    numbers: ``numbers`` at the top, ``file_numbers`` per file). ``show_unchanged=False`` leaves out the files
    that did not change; ``quiet`` prints no text at all (errors still go to stderr)."""
    if not quiet:
        for warning in warnings or []:
            reader_warning(warning, root)
    if fmt == "json":
        data: dict[str, Any] = {
            "files": [
                {
                    "path": str(f.path),
                    "action": f.action,
                    "detail": f.detail,
                    **(file_numbers or {}).get(f.path, {}),
                }
                for f in files
            ],
            "summary": summary,
            **(numbers or {}),
        }
        print_json(data)
        return
    if quiet:
        return
    console = stdout()
    for change in files:
        if change.action == "unchanged" and not show_unchanged:
            continue
        colour = {"created": "green", "updated": "yellow"}.get(change.action, "dim")
        console.print(f"[{colour}]{change.action:9}[/{colour}] {change.path}  [dim]{change.detail}[/dim]")
    console.print(summary)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder of the new project.")] = Path("."),
    source_language: Annotated[str, typer.Option("--source-language", help="Language of the booklets.")] = "en",
    locale: Annotated[list[str] | None, typer.Option("--locale", "-l", help="A target locale (repeat).")] = None,
    edition: Annotated[list[str] | None, typer.Option("--edition", "-e", help="An edition name (repeat).")] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The series' title, named in catalog headers (default: the folder's name)."),
    ] = None,
) -> None:
    """Create keys-l10n.toml and the source/ and locale/ folders of a new booklet project.

    Example: keys-l10n init --title "Field Guides" --locale es --locale fr --edition 2014 --edition 2021
    """
    from ...usecases.catalogs import init_project

    result = run(
        lambda: init_project(
            folder, source_language=source_language, locales=locale or [], editions=edition or [], title=title
        )
    )
    console = stdout()
    console.print(f"created {result.config}")
    for path in result.folders:
        console.print(f"folder  {path}")


@app.command()
def extract(
    edition: EditionOption = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet (file stem).")] = None,
    fmt: FormatOption = "text",
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Segment the Markdown booklets into one POT template per booklet per edition.

    Headings, paragraphs, list items, table cells, footnotes and image alt text become messages; code and
    HTML blocks do not. A template that did not change (but for its date) is not rewritten.
    Prints the templates written and a summary line; -v also lists the unchanged ones, -q prints nothing but
    errors.

    Example: keys-l10n extract --edition 2021
    """
    from ...usecases.catalogs import extract as do_extract

    check_format(fmt, ("text", "json"))
    check_verbosity(quiet, verbose)
    config = run(load)
    with progress_bar("extracting") as step:
        result = run(lambda: do_extract(config, edition=edition, booklet=booklet, progress=step))
    changed = sum(1 for f in result.files if f.action != "unchanged")
    _render_changes(
        result.files,
        fmt,
        f"{len(result.files)} templates ({changed} written), {result.messages} messages",
        result.warnings,
        numbers={"templates": len(result.files), "written": changed, "messages": result.messages},
        show_unchanged=verbose,
        quiet=quiet,
        root=config.root,
    )


@app.command()
def update(
    edition: EditionOption = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this locale (repeat).")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet.")] = None,
    no_fuzzy: Annotated[bool, typer.Option("--no-fuzzy-matching", "-N", help="Do not offer fuzzy matches.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
    fmt: FormatOption = "text",
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Create or update each locale's PO files from the templates, as msgmerge --previous does.

    Exact matches keep their translation; changed texts get the closest old translation marked fuzzy with
    the old text as previous msgid (#|); texts that left the source stay as obsolete #~ entries.
    Translator comments, flags and header fields are kept; untouched entries keep their exact bytes.
    Prints the catalogs written and a summary line; -v also lists the unchanged ones, -q prints nothing but
    errors (--format json prints the whole result either way).

    Example: keys-l10n update --lang es
    """
    from ...usecases.catalogs import update as do_update

    check_format(fmt, ("text", "json"))
    check_verbosity(quiet, verbose)
    config = run(load)
    with progress_bar("updating") as step:
        result = run(
            lambda: do_update(
                config,
                edition=edition,
                lang=lang,
                booklet=booklet,
                fuzzy_matching=not no_fuzzy,
                dry_run=dry_run,
                progress=step,
            )
        )
    changed = sum(1 for f in result.files if f.action != "unchanged")
    verb = "would be written" if dry_run else "written"
    per_file = {
        path: {
            "kept": report.kept,
            "fuzzy": report.fuzzy + report.composed,
            "new": report.new,
            "obsolete": report.obsoleted,
        }
        for path, report in result.reports.items()
    }
    _render_changes(
        result.files,
        fmt,
        f"{len(result.files)} catalogs ({changed} {verb})",
        result.warnings,
        numbers={"catalogs": len(result.files), "written": changed, "dry_run": dry_run},
        file_numbers=per_file,
        show_unchanged=verbose,
        quiet=quiet,
        root=config.root,
    )
