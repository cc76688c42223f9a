"""`check`: quality checks on the translations (Markdown markup, punctuation, numbers, glossary)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..app import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    EditionOption,
    app,
    check_format,
    load,
    print_json,
    progress_bar,
    reader_warning,
    run,
)

if TYPE_CHECKING:
    from ...adapters.config import ProjectConfig
    from ...core.checks import Check
    from ...usecases.check import CheckReport

JSON_SCHEMA = "https://keys-l10n.example.org/schemas/check-1.json"


def _cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _summary_line(report: CheckReport) -> str:
    s = report.summary()

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (
        f"{plural(s['catalogs'], 'catalog')}, {plural(s['checked'], 'message')} checked: "
        f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}, {s['info']} info"
    )


def report_json(report: CheckReport) -> dict[str, object]:
    return {
        "$schema": JSON_SCHEMA,
        "severity": report.severity,
        "include_fuzzy": report.include_fuzzy,
        "summary": report.summary(),
        "files": [
            {
                "path": str(c.path),
                "lang": c.lang,
                "edition": c.edition,
                "booklet": c.booklet,
                "entries": c.entries,
                "checked": c.checked,
                "findings": [f.as_dict() for f in c.findings],
                "warnings": c.warnings,
                "unreadable": c.unreadable,
            }
            for c in report.catalogs
        ],
        "missing": [str(p) for p in report.missing],
        "glossaries": {lang: (str(p) if p else None) for lang, p in report.glossaries.items()},
    }


def _render_text(report: CheckReport) -> None:
    first = True
    for catalog in report.catalogs:
        if not catalog.findings:
            continue
        if not first:
            typer.echo("")
        first = False
        for f in sorted(catalog.findings, key=lambda f: f.line):
            typer.echo(f"{f.path}:{f.line}: {f.level}: {f.check}: {f.message}")
    if not first:
        typer.echo("")
    typer.echo(_summary_line(report))


def _render_markdown(report: CheckReport) -> None:
    lines = ["# Translation checks", "", _summary_line(report), ""]
    for catalog in report.catalogs:
        lines.append(f"## {catalog.path}")
        lines.append("")
        if not catalog.findings:
            lines += [f"No findings ({catalog.checked} messages checked).", ""]
            continue
        lines += ["| line | severity | check | message |", "|---:|---|---|---|"]
        for f in sorted(catalog.findings, key=lambda f: f.line):
            lines.append(f"| {f.line} | {f.level} | {f.check} | {_cell(f.message)} |")
        lines.append("")
    typer.echo("\n".join(lines).rstrip("\n"))


def _render_list(checks: list[Check], fmt: str) -> None:
    if fmt == "json":
        print_json(
            [{"name": c.name, "level": c.level, "origin": c.origin, "explanation": c.explanation} for c in checks]
        )
        return
    width = max(len(c.name) for c in checks)
    for c in checks:
        origin = "" if c.origin == "keys-l10n" else f" [{c.origin}]"
        typer.echo(f"{c.name:<{width}}  {c.level:<7}  {c.explanation}{origin}")


@app.command()
def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="PO files to check instead of the project's catalogs.")
    ] = None,
    edition: EditionOption = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this locale (repeat).")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or markdown.")] = "text",
    severity: Annotated[
        str, typer.Option("--severity", "-s", help="Show findings of this level and above: error, warning, info.")
    ] = "info",
    include_fuzzy: Annotated[bool, typer.Option("--include-fuzzy", help="Check fuzzy messages too.")] = False,
    list_checks: Annotated[bool, typer.Option("--list", help="List the checks (name, level, explanation).")] = False,
) -> None:
    """Check the translations: Markdown markup kept, punctuation, numbers, whitespace, glossary terms.

    Prints `file:line: severity: check: message` per finding, grouped per file, and exits with 3 when a
    finding of level error exists (0 otherwise). Only translated messages are checked (fuzzy ones too with
    --include-fuzzy). To accept a finding on purpose, add the flag `#, keys-l10n-ignore:CHECK` to the entry.
    The glossary is glossary/LANG.csv (term,translation,forbidden) in the project.

    Example: keys-l10n check --lang es --severity warning
    """
    from ...adapters.ttk import ttk_checks
    from ...core.checks import catalog_of_checks
    from ...usecases.check import check as do_check
    from ...usecases.check import parse_severity

    check_format(fmt, ("text", "json", "markdown"))
    if list_checks:
        _render_list(catalog_of_checks(ttk_checks("xx")), fmt)
        raise typer.Exit(EXIT_OK)
    from ...core.errors import L10nError

    try:
        parse_severity(severity)
    except L10nError as exc:
        typer.echo(f"error: --severity: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None

    def load_optional() -> ProjectConfig | None:
        from ...core.errors import ConfigError

        if not paths:
            return load()
        try:
            return load()
        except ConfigError:
            return None

    config = run(load_optional)
    with progress_bar("checking") as step:
        report = run(
            lambda: do_check(
                config,
                edition=edition,
                lang=lang,
                booklet=booklet,
                paths=paths,
                include_fuzzy=include_fuzzy,
                severity=severity,
                progress=step,
            )
        )
    for catalog in report.catalogs:
        for warning in catalog.warnings:
            reader_warning(warning, config.root if config is not None else None)
    if report.missing and fmt != "json":
        names = ", ".join(str(p) for p in report.missing[:3]) + (", ..." if len(report.missing) > 3 else "")
        typer.echo(f"note: {len(report.missing)} catalog(s) not created yet ({names}): run keys-l10n update", err=True)
    if fmt == "json":
        print_json(report_json(report))
    elif fmt == "markdown":
        _render_markdown(report)
    else:
        _render_text(report)
    for catalog in report.unreadable:
        typer.echo(f"error: {catalog.unreadable}", err=True)
    if report.unreadable:
        typer.echo(f"hint: {len(report.unreadable)} catalog(s) could not be read; the others were checked", err=True)
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_OK)
