"""`init`, `extract` and `update`: create the project, the templates and the translators' catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..app import FormatOption, app, check_format, load, print_json, progress_bar, run, stderr, stdout


def _render_changes(files: list, fmt: str, summary: str, warnings: list[str] | None = None) -> None:  # type: ignore[type-arg]
    for warning in warnings or []:
        stderr().print(f"warning: {warning}", markup=False)
    if fmt == "json":
        print_json(
            {
                "files": [{"path": str(f.path), "action": f.action, "detail": f.detail} for f in files],
                "summary": summary,
            }
        )
        return
    console = stdout()
    for change in files:
        colour = {"created": "green", "updated": "yellow"}.get(change.action, "dim")
        console.print(f"[{colour}]{change.action:9}[/{colour}] {change.path}  [dim]{change.detail}[/dim]")
    console.print(summary)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder of the new project.")] = Path("."),
    source_language: Annotated[str, typer.Option("--source-language", help="Language of the booklets.")] = "en",
    locale: Annotated[list[str] | None, typer.Option("--locale", "-l", help="A target locale (repeat).")] = None,
    edition: Annotated[list[str] | None, typer.Option("--edition", "-e", help="An edition name (repeat).")] = None,
) -> None:
    """Create keys-l10n.toml and the source/ and locale/ folders of a new booklet project.

    Example: keys-l10n init --locale es --locale fr --edition 2014 --edition 2021
    """
    from ..services import init_project

    result = run(
        lambda: init_project(folder, source_language=source_language, locales=locale or [], editions=edition or [])
    )
    console = stdout()
    console.print(f"created {result.config}")
    for path in result.folders:
        console.print(f"folder  {path}")


@app.command()
def extract(
    edition: Annotated[str | None, typer.Option("--edition", "-e", help="Only this edition.")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet (file stem).")] = None,
    fmt: FormatOption = "text",
) -> None:
    """Segment the Markdown booklets into one POT template per booklet per edition.

    Headings, paragraphs, list items, table cells, footnotes and image alt text become messages; code and
    HTML blocks do not. A template that did not change (but for its date) is not rewritten.

    Example: keys-l10n extract --edition 2021
    """
    from ..services import extract as do_extract

    check_format(fmt, ("text", "json"))
    config = run(load)
    with progress_bar("extracting") as step:
        result = run(lambda: do_extract(config, edition=edition, booklet=booklet, progress=step))
    changed = sum(1 for f in result.files if f.action != "unchanged")
    _render_changes(
        result.files,
        fmt,
        f"{len(result.files)} templates ({changed} written), {result.messages} messages",
        result.warnings,
    )


@app.command()
def update(
    edition: Annotated[str | None, typer.Option("--edition", "-e", help="Only this edition.")] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this locale (repeat).")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet.")] = None,
    no_fuzzy: Annotated[bool, typer.Option("--no-fuzzy-matching", "-N", help="Do not offer fuzzy matches.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
    fmt: FormatOption = "text",
) -> None:
    """Create or update each locale's PO files from the templates, as msgmerge --previous does.

    Exact matches keep their translation; changed texts get the closest old translation marked fuzzy with
    the old text as previous msgid (#|); texts that left the source stay as obsolete #~ entries.
    Translator comments, flags and header fields are kept; untouched entries keep their exact bytes.

    Example: keys-l10n update --lang es
    """
    from ..services import update as do_update

    check_format(fmt, ("text", "json"))
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
    _render_changes(result.files, fmt, f"{len(result.files)} catalogs ({changed} {verb})", result.warnings)
