"""`weblate`: Weblate's components for the project, as JSON or created on a server through its REST API."""

from __future__ import annotations

from typing import Annotated

import typer

from ..app import EXIT_USAGE, EditionOption, app, load, print_json, run


@app.command("weblate")
def weblate(
    repo: Annotated[
        str, typer.Option("--repo", help="The git repository URL Weblate clones (and pushes to, unless --push).")
    ],
    project: Annotated[str, typer.Option("--name", help="The Weblate project's name.")] = "Keys",
    branch: Annotated[str, typer.Option("--branch", help="The branch Weblate works on.")] = "main",
    push: Annotated[str | None, typer.Option("--push", help="Push URL, if not the repository URL.")] = None,
    edition: EditionOption = None,
    website: Annotated[
        str | None, typer.Option("--website", help="The project's website (Weblate asks for one by default).")
    ] = None,
    apply: Annotated[
        str | None,
        typer.Option("--apply", help="Create the project and components on this Weblate (http://host:port)."),
    ] = None,
    token: Annotated[str | None, typer.Option("--token", help="Weblate API token (with --apply).")] = None,
) -> None:
    """Weblate's configuration: one component per booklet and edition, from keys-l10n.toml.

    Prints JSON: the project, the components (file mask, the POT as template for new translations, the
    project's locales, the Markdown checks that agree with keys-l10n check) and the add-ons to leave off.
    With --apply URL --token T, creates what does not exist yet on that server. See docs/weblate.md.

    Example: keys-l10n weblate --repo https://git.example.org/keys.git --apply http://localhost:8000 --token wlu_...
    """
    from ...adapters.weblate import apply_setup, rest_client, weblate_setup

    if apply is not None and not token:
        typer.echo("error: --apply needs --token (a Weblate API token)", err=True)
        raise typer.Exit(EXIT_USAGE)
    config = run(load)
    setup = run(
        lambda: weblate_setup(
            config, project=project, repo=repo, branch=branch, push=push, edition=edition, website=website
        )
    )
    if apply is None:
        print_json(setup.to_dict())
        return
    assert token is not None
    for line in run(lambda: apply_setup(setup, rest_client(apply, token))):
        typer.echo(line)
