"""`stats`: translation progress per edition x locale x booklet, as a table, JSON, CSV, Markdown or a dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..app import EXIT_ERROR, EXIT_FAILED, EXIT_USAGE, app, load, progress_bar, run, stdout

FORMATS = ("table", "json", "csv", "markdown", "html")


def _usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def stats(
    edition: Annotated[list[str] | None, typer.Option("--edition", "-e", help="Only this edition (repeat).")] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this locale (repeat).")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet (file stem).")] = None,
    by: Annotated[str, typer.Option("--by", help="One row per booklet (catalog), lang or edition.")] = "booklet",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv, markdown or html.")] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (html: default BUILD_DIR/stats.html).")
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option("--fail-under", help="Exit 3 when an edition x locale is below this percentage (a CI gate)."),
    ] = None,
    words: Annotated[
        bool, typer.Option("--words/--messages", help="Percentages by source words (default) or by messages.")
    ] = True,
    ui_lang: Annotated[
        str | None,
        typer.Option(
            "--ui-lang", help="Language of the report's headings and sentences (es, fr), locale names and numbers."
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history", help="Also walk the git commits that changed the catalogs (progress per commit, authors)."
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="With --history: commits from the start of this day (YYYY-MM-DD, local time zone)."
        ),
    ] = None,
) -> None:
    """Translation progress: messages and source words translated, fuzzy and untranslated, per edition x
    locale x booklet, with totals per locale and per edition. Obsolete entries are reported apart; a missing
    catalog counts as zero and is named. Words are counted as translate-toolkit's pocount counts them.

    --format html writes a self-contained dashboard (and BUILD_DIR/badges/<edition>-<lang>.svg badges);
    --history adds the progress over the git commits that changed the catalogs (table, json, csv, html).

    Examples: keys-l10n stats --by lang;  keys-l10n stats --fail-under 90 --lang es;
    keys-l10n stats --format html --history -o build/stats.html
    """
    from ..locales import normalize_locale
    from ..po_write import write_atomic
    from ..reports import stats as reports
    from ..stats import GROUPINGS
    from ..stats_service import collect_history, collect_stats

    if fmt not in FORMATS:
        _usage(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if by not in GROUPINGS:
        _usage(f"--by must be one of lang, booklet, edition, not {by!r}")
    if fail_under is not None and not 0 <= fail_under <= 100:
        _usage(f"--fail-under must be a percentage between 0 and 100, not {fail_under}")
    if since is not None:
        if not history:
            _usage("--since needs --history")
        try:
            date.fromisoformat(since)
        except ValueError:
            _usage(f"--since must be a date YYYY-MM-DD, not {since!r}")
    if history and fmt == "markdown":
        _usage("--history gives table, json, csv or html")
    ui = run(lambda: normalize_locale(ui_lang)) if ui_lang else None
    config = run(load)
    view = reports.View(by=by, words=words, ui_lang=ui)
    with progress_bar("counting") as step:
        report = run(lambda: collect_stats(config, editions=edition, langs=lang, booklet=booklet, progress=step))
    past = None
    if history:
        with progress_bar("walking history") as step:
            past = run(
                lambda: collect_history(
                    config, editions=edition, langs=lang, booklet=booklet, since=since, progress=step
                )
            )
    err = typer.echo
    for warning in (*report.warnings, *(past.warnings if past else ())):
        err(f"warning: {warning}", err=True)

    def emit(text: str) -> None:
        if output is None:
            typer.echo(text, nl=False)
        else:
            written = run(lambda: write_atomic(output, text.encode("utf-8")))
            err(f"{'wrote' if written else 'unchanged'} {output}", err=True)

    if fmt == "json":
        import json

        data = reports.to_json(report, view, threshold=fail_under, history=past)
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        emit(reports.history_csv(past) if past is not None else reports.to_csv(report, view))
    elif fmt == "markdown":
        emit(reports.to_markdown(report, view))
    elif fmt == "html":
        target = output or config.build_path / "stats.html"
        badge_dir = config.build_path / "badges"
        made = reports.badges(report, view)
        changed = 0
        for name, svg in made.items():
            changed += run(lambda name=name, svg=svg: write_atomic(badge_dir / name, svg.encode("utf-8")))  # type: ignore[misc]
        links = {name: _relative_link(badge_dir / name, target) for name in made}
        page = reports.to_html(report, view, history=past, badge_files=links)
        written = run(lambda: write_atomic(target, page.encode("utf-8")))
        err(
            f"{'wrote' if written else 'unchanged'} {target}; {len(made)} badges in {badge_dir} ({changed} written)",
            err=True,
        )
    else:
        console = stdout()
        if output is None and console.width > 80 and not console.is_terminal:
            console.width = 80
        if output is not None:
            import io

            from rich.console import Console

            buffer = io.StringIO()
            console = Console(file=buffer, width=80, highlight=False, soft_wrap=True)
            console.print(reports.render_table(report, view, threshold=fail_under))
            if past is not None:
                console.print()
                console.print(reports.render_history_table(past, view))
            emit(buffer.getvalue())
        else:
            console.print(reports.render_table(report, view, threshold=fail_under))
            if past is not None:
                console.print()
                console.print(reports.render_history_table(past, view))
    if fail_under is not None:
        below = report.below(fail_under, words=words)
        if below:
            names = ", ".join(
                f"{g.edition}/{g.lang} {view.name(g.lang or '')} {view.percent(g.percent(words=words))}" for g in below
            )
            err(f"below {view.percent(fail_under)}: {names}", err=True)
    for error in report.errors:
        err(f"error: {error}", err=True)
    if report.errors:
        err(
            f"hint: {len(report.errors)} catalog(s) could not be read (counted as 0 %); the others are counted",
            err=True,
        )
        raise typer.Exit(EXIT_ERROR)
    if fail_under is not None and report.below(fail_under, words=words):
        raise typer.Exit(EXIT_FAILED)


def _relative_link(path: Path, page: Path) -> str:
    import os

    try:
        return Path(os.path.relpath(path.resolve(), page.resolve().parent)).as_posix()
    except ValueError:
        return path.resolve().as_uri()
