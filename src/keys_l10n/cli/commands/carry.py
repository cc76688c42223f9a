"""`merge`: carry translations from old catalogs into new templates (a drop-in for msgmerge --previous)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..app import (
    EXIT_USAGE,
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


@app.command()
def merge(
    old: Annotated[Path, typer.Argument(help="Old translated catalog (.po), or a folder of them.")],
    new: Annotated[Path, typer.Argument(help="New template (.pot), or a folder of them.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Output catalog or folder; - writes the catalog to standard output."),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", "-U", help="Update OLD in place (msgmerge -U); written only when it changes.")
    ] = False,
    previous: Annotated[
        bool, typer.Option("--previous", help="Keep the old text of fuzzy entries as #| msgid.")
    ] = False,
    no_fuzzy: Annotated[bool, typer.Option("--no-fuzzy-matching", "-N", help="Only exact matches.")] = False,
    compendium: Annotated[
        list[Path] | None,
        typer.Option(
            "--compendium",
            "-C",
            help="Extra catalog (repeat): its exact matches fill messages OLD lacks or left untranslated (final, as"
            " msgmerge -C); all its translations serve as memory for suggestions.",
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would be written; write nothing.")] = False,
    fmt: FormatOption = "text",
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Merge an old translated catalog with a new template, like msgmerge --previous, with better suggestions.

    Exact matches keep their translation; every other new text gets the most similar old translation
    (msgmerge's measure and cut-off, searched in all old catalogs and compendia at once, not only the same
    file), adjusted sentence by sentence, or one composed from translated sentences; all suggestions are fuzzy.
    Unused old translations stay as obsolete #~ entries. Prints the catalogs written (-v: also the unchanged
    ones; -q: nothing but errors).

    Examples: keys-l10n merge --previous old/es.po new/messages.pot -o es.po;
    keys-l10n merge --previous -U po/es.po po/messages.pot;
    keys-l10n merge --previous old-po/ new-pot/ -o po/
    """
    from ...usecases.merge import merge_files

    check_format(fmt, ("text", "json"))
    check_verbosity(quiet, verbose)
    if update == (output is not None):
        typer.echo("error: give -o OUTPUT (- for standard output) or -U (update OLD in place), not both", err=True)
        raise typer.Exit(EXIT_USAGE)
    target = old if update else output
    to_stdout = target is not None and str(target) == "-"
    result = run(
        lambda: merge_files(
            old,
            new,
            None if to_stdout else target,
            previous=previous,
            fuzzy_matching=not no_fuzzy,
            compendia=compendium or [],
            dry_run=dry_run,
        )
    )
    for warning in [] if quiet else result.warnings:
        reader_warning(warning)
    if to_stdout:
        if not dry_run and result.output is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(result.output)
            sys.stdout.flush()
        return
    if fmt == "json":
        print_json(
            {
                "dry_run": dry_run,
                "files": [
                    {
                        "path": str(f.path),
                        "action": f.action,
                        **{k: v for k, v in vars(result.reports[str(f.path)]).items() if k != "replaced"},
                    }
                    for f in result.files
                ],
            }
        )
        return
    if quiet:
        return
    console = stdout()
    for change in result.files:
        action = change.action
        if action == "unchanged" and not verbose:
            continue
        if dry_run and action != "unchanged":
            action = {"created": "would create", "updated": "would update"}.get(action, action)
        console.print(f"{action:9} {change.path}  [dim]{change.detail}[/dim]")


@app.command()
def migrate(
    old: Annotated[str, typer.Argument(help="Edition to carry translations from (name, folder or git:REV:FOLDER).")],
    new: Annotated[str, typer.Argument(help="Edition to carry them to (a configured folder edition).")],
    lang: Annotated[list[str] | None, typer.Option("--lang", "-l", help="Only this locale (repeat).")] = None,
    booklet: Annotated[str | None, typer.Option("--booklet", "-b", help="Only this booklet.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would happen; write nothing.")] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace translations already present in the new edition with the carried ones; each replaced"
            " translation is kept in the language memory locale/tm/LANG.po (suggested again by later runs).",
        ),
    ] = False,
    fmt: FormatOption = "text",
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Carry every locale's translations from edition OLD to edition NEW, using `compare`'s alignment.

    Unchanged and moved paragraphs keep their translation; edited ones get it as a fuzzy suggestion (with the
    old text as #| msgid, unchanged sentences kept); split and merged ones get it divided or joined (fuzzy);
    other new text gets the closest translation from all catalogs of the language; new text with nothing
    similar stays empty. Edition OLD's catalogs are not modified. Prints a table per catalog and the catalogs
    written (-v: also the unchanged ones; -q: nothing but errors).

    Example: keys-l10n migrate 2014 2021 --lang es
    """
    from ...usecases.migrate import migrate as do_migrate

    check_format(fmt, ("text", "json"))
    check_verbosity(quiet, verbose)
    config = run(load)
    with progress_bar("migrating") as step:
        result = run(
            lambda: do_migrate(
                config, old, new, lang=lang, booklet=booklet, dry_run=dry_run, overwrite=overwrite, progress=step
            )
        )
    for warning in [] if quiet else result.warnings:
        reader_warning(warning, config.root)
    if fmt == "json":
        print_json(
            {
                "from": result.old,
                "to": result.new,
                "dry_run": dry_run,
                "booklets": [b.to_dict() for b in result.booklets],
                "replaced_kept_in": [{"path": str(p), "translations": n} for p, n in result.kept_replaced],
            }
        )
        return
    if quiet:
        return
    from rich import box
    from rich.table import Table

    title = f"migrate {result.old} -> {result.new}" + (" (dry run)" if dry_run else "")
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("catalog", no_wrap=True)
    table.add_column("", no_wrap=True)
    columns = ("kept", "moved", "edited", "split", "merged", "fuzzy", "new")
    for kind in columns:
        table.add_column(kind, justify="right", no_wrap=True, min_width=len(kind))

    def figure(report: object, kind: str, words: bool) -> str:
        kinds = ("fuzzy", "composed") if kind == "fuzzy" else (kind,)
        if words:
            return str(sum(report.words.get(k, 0) for k in kinds))  # type: ignore[attr-defined]
        return str(sum(getattr(report, k) for k in kinds))

    for item in result.booklets:
        table.add_row(f"{item.lang}/{item.booklet}", "units", *(figure(item.report, k, False) for k in columns))
        table.add_row("", "words", *(figure(item.report, k, True) for k in columns), end_section=True)
    console = stdout()
    console.print(table)
    for item in result.booklets:
        if item.action != "unchanged" or verbose:
            console.print(f"{item.action:9} {item.path}")
    for path, count in result.kept_replaced:
        verb = "would keep" if dry_run else "kept"
        console.print(f"{verb} {count} replaced translation{'s' if count != 1 else ''} in {path}")
    console.print("fuzzy: a suggestion found in the language's memory; new: left for translators")


tm_app = typer.Typer(help="Exchange translation memory with other tools as TMX.", no_args_is_help=True)
app.add_typer(tm_app, name="tm")


@tm_app.command("export")
def tm_export(
    lang: Annotated[str, typer.Option("--lang", "-l", help="Locale to export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="TMX file to write.")],
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write every reviewed translation of a language (all editions and booklets) to a TMX file.

    Example: keys-l10n tm export --lang es -o keys-es.tmx
    """
    from ...usecases.tm import export_tm

    check_verbosity(quiet, verbose)
    config = run(load)
    result = run(lambda: export_tm(config, lang, output))
    if not quiet:
        stdout().print(f"{'wrote' if result.written else 'unchanged'} {result.path}: {result.units} translation units")


@tm_app.command("import")
def tm_import(
    source: Annotated[Path, typer.Argument(help="TMX file from another tool or organisation.")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="Target locale to take from the TMX.")],
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Add a TMX file's translations to the project memory (locale/tm/<lang>.po), used by migrate and merge.

    Existing memory entries are never overwritten; files declaring XML entities are refused.

    Example: keys-l10n tm import partner-es.tmx --lang es
    """
    from ...usecases.tm import import_tm

    check_verbosity(quiet, verbose)
    config = run(load)
    result = run(lambda: import_tm(config, source, lang))
    if not quiet:
        stdout().print(
            f"{result.units} units read, {result.added} added, {result.conflicts} conflicting kept as they were"
            f" -> {result.path}"
        )


@app.command("import")
def import_booklet(
    translated: Annotated[
        Path, typer.Argument(help="A published translation of a booklet: Markdown (.md), a web page (.html) or .docx.")
    ],
    edition: Annotated[str, typer.Option("--edition", "-e", help="Edition the translation belongs to.")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language of the translation.")],
    booklet: Annotated[
        str | None,
        typer.Option("--booklet", "-b", help="Booklet name (default: the file name, e.g. presentation.es.md)."),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace translations already in the catalog; each replaced translation is kept in the language"
            " memory locale/tm/LANG.po.",
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report; write nothing.")] = False,
    fmt: FormatOption = "text",
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Turn an existing translated booklet (Markdown, HTML or DOCX) into the booklet's PO file.

    The translation's blocks are aligned with the source's units (block types first, then numbers, links,
    paths, footnote marks and inline code, then length), tolerating paragraphs the translation split, merged,
    added or dropped. A pair is final when its evidence is sure (its place between regular pairs, anchors,
    a length that fits the document's own ratio); the others become fuzzy. Source units without translation,
    added paragraphs and translator's notes are listed, never glued to a neighbour.

    Examples:
      keys-l10n import --edition 2014 --lang es presentacion.md --booklet presentation
      keys-l10n import -e 2014 -l es presentacion.docx -b presentation
    """
    from ...usecases.importing import import_translation

    check_format(fmt, ("text", "json"))
    check_verbosity(quiet, verbose)
    config = run(load)
    result = run(
        lambda: import_translation(
            config,
            edition=edition,
            lang=lang,
            translated=translated,
            booklet=booklet,
            overwrite=overwrite,
            dry_run=dry_run,
        )
    )
    if fmt == "json":
        print_json(
            {
                "path": str(result.path),
                "action": result.action,
                "certain": result.certain,
                "fuzzy": result.fuzzy,
                "kept": result.kept,
                "unaligned_source": [{"line": line, "text": text} for line, text in result.unaligned_source],
                "unaligned_translation": [{"line": line, "text": text} for line, text in result.unaligned_target],
                "replaced_kept_in": str(result.memory) if result.replaced else None,
                "replaced": result.replaced,
                "translator_notes": [{"line": line, "text": text} for line, text in result.notes],
                "form": result.form,
            }
        )
        return
    if quiet:
        return
    console = stdout()
    console.print(
        f"{result.action} {result.path}: {result.certain} translated, {result.fuzzy} fuzzy (to confirm), "
        f"{result.kept} already translated and kept" + (" (dry run: nothing written)" if dry_run else "")
    )
    if result.replaced:
        verb = "would keep" if dry_run else "kept"
        console.print(f"{verb} {result.replaced} replaced translation(s) in {result.memory}")
    for line, text in result.unaligned_source:
        console.print(f"  source line {line} has no translation: {text[:70]}")
    where = "line" if result.form == "markdown" else "block"
    for line, text in result.unaligned_target:
        console.print(f"  translation {where} {line} matches no source unit: {text[:70]}")
    for line, text in result.notes:
        console.print(f"  translation {where} {line} is a translator's note (not imported): {text[:70]}")
