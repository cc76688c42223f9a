"""`compare`: what changed between two editions, unit by unit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..app import EXIT_ERROR, EXIT_USAGE, app, check_format, load, progress_bar, run, stdout

if TYPE_CHECKING:
    from ...usecases.compare import Comparison

FORMATS = ("table", "markdown", "json", "html")


@app.command()
def compare(
    old: Annotated[str, typer.Argument(help="Old edition: a configured name, a folder, or git:REVISION:FOLDER.")],
    new: Annotated[str, typer.Argument(help="New edition, given the same way.")],
    booklet: Annotated[
        str | None, typer.Option("--booklet", "-b", help="Only this booklet (file stem, old or new name).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: table, markdown, json or html.")] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            "-t",
            help="Least similarity (0-1, default 0.6 as msgmerge) for an edited, split or merged unit; "
            "below it a changed unit counts as removed and added (unless one text contains the other).",
        ),
    ] = None,
    ui_lang: Annotated[
        str | None,
        typer.Option(
            "--ui-lang", help="Language of the HTML page's headings and sentences, e.g. es (default English)."
        ),
    ] = None,
) -> None:
    """Compare two editions segment by segment: unchanged, moved, edited, split, merged, added, removed.

    Every heading, paragraph, list item, table cell and footnote of each booklet is classified once; edited
    units come with their similarity and a word diff. Booklets are paired by file name, renamed ones by
    content; units that moved from one booklet to another are shown in both.

    Examples: keys-l10n compare 2014 2021;
    keys-l10n compare 2014 2021 --format html -o build/compare.html --ui-lang es;
    keys-l10n compare git:edition-2014:source/2021 2021 --format json
    """
    check_format(fmt, FORMATS)
    if threshold is not None and not 0.0 < threshold <= 1.0:
        typer.echo(f"error: --threshold must be more than 0 and at most 1, not {threshold:g}", err=True)
        raise typer.Exit(EXIT_USAGE)
    from ...adapters.locales import normalize_locale
    from ...core.alignment import DEFAULT_THRESHOLD
    from ...usecases.compare import compare_editions

    ui = run(lambda: normalize_locale(ui_lang)) if ui_lang else None
    config = run(load)
    with progress_bar("reading") as step:
        result = run(
            lambda: compare_editions(
                config,
                old,
                new,
                booklet=booklet,
                threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                progress=step,
            )
        )
    _show(result, fmt, output, ui, config.source_language, root=config.root)
    for error in result.errors:
        typer.echo(f"error: {error}", err=True)
    if result.errors:
        typer.echo(f"hint: {len(result.errors)} booklet(s) could not be read; the others were compared", err=True)
        raise typer.Exit(EXIT_ERROR)


def _show(
    result: Comparison, fmt: str, output: Path | None, ui: str | None, source_lang: str, *, root: Path | None = None
) -> None:
    from ...views import compare as reports

    if fmt == "json":
        import json

        text = json.dumps(reports.render_json(result), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "markdown":
        text = reports.render_markdown(result)
    elif fmt == "html":
        text = reports.render_html(result, ui_lang=ui, source_lang=source_lang)
    elif output is not None:
        text = reports.table_text(result)
    else:
        console = stdout()
        if not console.is_terminal or console.width > reports.TABLE_WIDTH:
            console.width = reports.TABLE_WIDTH
        console.print(reports.render_table(result))
        console.print(reports.summary_line(result))
        return
    if output is None:
        typer.echo(text, nl=False)
        return
    from ...usecases.project import write_file

    written = run(lambda: write_file(output, text.encode("utf-8"), root=root))
    typer.echo(f"{'wrote' if written else 'unchanged'} {output}", err=True)
