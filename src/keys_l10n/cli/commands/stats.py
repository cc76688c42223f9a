"""`stats`: translation progress per edition x locale x booklet, as a table, JSON, CSV, Markdown or a dashboard."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..app import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_USAGE,
    EditionsOption,
    app,
    load,
    progress_bar,
    reader_warning,
    run,
    stdout,
)

if TYPE_CHECKING:
    from ...adapters.config import ProjectConfig
    from ...core.progress import History, StatsReport
    from ...views import stats as reports

WIDE = 1000  # a pipe's or a file's width: as wide as the table needs (rich does not pad tables to it)

FORMATS = ("table", "json", "csv", "markdown", "html")


def _usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (html: default BUILD_DIR/stats.html).")
]
FailUnderOption = Annotated[
    float | None,
    typer.Option("--fail-under", help="Exit 3 when an edition x locale is below this percentage (a CI gate)."),
]
WordsOption = Annotated[
    bool, typer.Option("--words/--messages", help="Percentages by source words (default) or by messages.")
]
UiLangOption = Annotated[
    str | None,
    typer.Option(
        "--ui-lang", help="Language of the report's headings and sentences (es, fr), locale names and numbers."
    ),
]
HistoryOption = Annotated[
    bool,
    typer.Option(
        "--history", help="Also walk the git commits that changed the catalogs (progress per commit, authors)."
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="With --history: commits from the start of this day (YYYY-MM-DD, local time zone)."),
]


@app.command()
def stats(
    edition: EditionsOption = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this locale (repeat).")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet (file stem).")] = None,
    by: Annotated[str, typer.Option("--by", help="One row per booklet (catalog), lang or edition.")] = "booklet",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv, markdown or html.")] = "table",
    output: OutputOption = None,
    fail_under: FailUnderOption = None,
    words: WordsOption = True,
    ui_lang: UiLangOption = None,
    history: HistoryOption = False,
    since: SinceOption = None,
) -> None:
    """Translation progress: messages and source words translated, fuzzy and untranslated, per edition x
    locale x booklet, with totals per locale and per edition. Obsolete entries are reported apart; a missing
    catalog counts as zero and is named. Words are counted as translate-toolkit's pocount counts them.

    --format html writes a self-contained dashboard (and BUILD_DIR/badges/<edition>-<lang>.svg badges);
    --history adds the progress over the git commits that changed the catalogs (table, json, csv, html).

    Examples: keys-l10n stats --by lang;  keys-l10n stats --fail-under 90 --lang es;
    keys-l10n stats --format html --history -o build/stats.html
    """
    from ...usecases.stats import collect_history, collect_stats
    from ...views import stats as reports

    ui = _check_options(fmt, by, fail_under, since, history, ui_lang)
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
    for warning in (*report.warnings, *(past.warnings if past else ())):
        reader_warning(warning, config.root)
    out = _Output(output, config.root)
    if fmt == "json":
        import json

        data = reports.to_json(report, view, threshold=fail_under, history=past)
        out.emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        out.emit(reports.history_csv(past) if past is not None else reports.to_csv(report, view))
    elif fmt == "markdown":
        out.emit(reports.to_markdown(report, view))
    elif fmt == "html":
        _write_dashboard(config, report, view, past, output)
    else:
        _print_tables(out, report, view, past, fail_under)
    _exit(report, view, fail_under, words)


def _check_options(
    fmt: str, by: str, fail_under: float | None, since: str | None, history: bool, ui_lang: str | None
) -> str | None:
    """Exit 2 for a bad option value; the --ui-lang locale, normalized."""
    from ...adapters.locales import normalize_locale
    from ...core.errors import LocaleError
    from ...core.progress import GROUPINGS

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
    if not ui_lang:
        return None
    try:
        return normalize_locale(ui_lang)
    except LocaleError as exc:
        _usage(f"--ui-lang: {exc.message}")
    return None


class _Output:
    """Standard output, or the ``-o`` file written by the project's write policy."""

    def __init__(self, path: Path | None, root: Path) -> None:
        self.path, self.root = path, root

    def emit(self, text: str) -> None:
        from ...usecases.project import write_file

        if self.path is None:
            typer.echo(text, nl=False)
            return
        path = self.path
        written = run(lambda: write_file(path, text.encode("utf-8"), root=self.root))
        typer.echo(f"{'wrote' if written else 'unchanged'} {path}", err=True)


def table_width() -> int | None:
    """The width tables fit: COLUMNS when set, else the terminal's; None (as wide as the table needs) when the
    output is a pipe, a CI log or a file, so that no number and no name is cut there."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    console = stdout()
    return console.width if console.is_terminal else None


def _print_tables(
    out: _Output, report: StatsReport, view: reports.View, past: History | None, fail_under: float | None
) -> None:
    import io

    from rich.console import Console

    from ...views import stats as reports

    width = table_width() if out.path is None else None
    buffer = io.StringIO()
    console = Console(
        file=buffer if out.path is not None else None,
        width=width or WIDE,
        highlight=False,
        soft_wrap=True,
        force_terminal=None if out.path is None else False,
    )
    console.print(reports.render_table(report, view, threshold=fail_under, width=width))
    if past is not None:
        console.print()
        console.print(reports.render_history_table(past, view))
    if out.path is not None:
        out.emit(buffer.getvalue())


def _write_dashboard(
    config: ProjectConfig, report: StatsReport, view: reports.View, past: History | None, output: Path | None
) -> None:
    """The HTML dashboard (default BUILD_DIR/stats.html) and its badges, staged together by the project's write
    policy: under one lock, every target checked, then each written atomically."""
    from ...adapters.locking import project_lock
    from ...usecases.project import FileAction, Writer
    from ...views import stats as reports

    target = output or config.build_path / "stats.html"
    badge_dir = config.build_path / "badges"
    made = reports.badges(report, view)
    links = {name: _relative_link(badge_dir / name, target) for name in made}
    page = reports.to_html(report, view, history=past, badge_files=links)

    def write() -> tuple[int, bool]:
        with project_lock(config.root):
            writer = Writer()
            changed = [writer.stage(badge_dir / name, svg.encode("utf-8")) for name, svg in made.items()]
            written = writer.stage(target, page.encode("utf-8"))
            writer.commit()
        return sum(a is not FileAction.UNCHANGED for a in changed), written is not FileAction.UNCHANGED

    changed, written = run(write)
    typer.echo(
        f"{'wrote' if written else 'unchanged'} {target}; {len(made)} badges in {badge_dir} ({changed} written)",
        err=True,
    )


def _exit(report: StatsReport, view: reports.View, fail_under: float | None, words: bool) -> None:
    """The gate's message and the exit code: 1 for unreadable catalogs, 3 below --fail-under."""
    err = typer.echo
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
