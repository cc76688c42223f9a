"""`glossary extract`: propose glossary terms from the source text."""

from __future__ import annotations

import csv
import io
from typing import Annotated

import typer

from ..app import EditionOption, app, check_format, load, print_json, run

glossary_app = typer.Typer(
    help="Work with the series glossary (glossary/LANG.csv: term,translation,forbidden).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("extract")
def extract(
    edition: EditionOption = None,
    min_count: Annotated[
        int, typer.Option("--min-count", "-n", min=1, help="Least number of messages with the term.")
    ] = 3,
    max_words: Annotated[int, typer.Option("--max-words", min=1, max=6, help="Longest phrase, in words.")] = 3,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Mark the terms already in glossary/LANG.csv.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: text, json or csv.")] = "text",
) -> None:
    """Propose glossary terms: frequent words and phrases of the source (translate-toolkit's poterminology).

    Phrases neither start nor end with a stop word ("the", "of", "is"...); a phrase only ever seen inside a
    longer one is left out. --format csv writes a glossary skeleton (term,translation,forbidden) to fill in.

    Example: keys-l10n glossary extract --edition 2021 --min-count 2 --lang es
    """
    from ...usecases.check import extract_terms

    check_format(fmt, ("text", "json", "csv"))
    config = run(load)
    result = run(lambda: extract_terms(config, edition=edition, min_count=min_count, max_words=max_words, lang=lang))
    if fmt == "json":
        print_json(
            {
                "editions": result.editions,
                "messages": result.messages,
                "glossary": str(result.glossary) if result.glossary else None,
                "candidates": [
                    {"term": c.term, "count": c.count, "words": c.words, "known": c.known} for c in result.candidates
                ],
            }
        )
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["term", "translation", "forbidden"])
        for c in result.candidates:
            if not c.known:
                writer.writerow([c.term, "", ""])
        typer.echo(out.getvalue(), nl=False)
        return
    if not result.candidates:
        typer.echo(f"no term found in at least {min_count} of {result.messages} messages")
        return
    width = max(len(c.term) for c in result.candidates)
    for c in result.candidates:
        mark = "  (in glossary)" if c.known else ""
        typer.echo(f"{c.term:<{width}}  {c.count:>4}{mark}")
    typer.echo(f"{len(result.candidates)} candidates from {result.messages} messages of {', '.join(result.editions)}")
