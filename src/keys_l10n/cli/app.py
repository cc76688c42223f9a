"""The typer application and what every command shares: the project option, error handling, output.

Commands live in ``cli/commands/`` (one module each) and stay thin: parse options, call a service, render.
Errors become one line ``error: path:line: message`` plus a hint and exit code 1 (2 for usage errors,
3 for failed checks or gates); ``--debug`` shows the traceback instead. Ctrl-C prints ``interrupted`` and
exits with 130. ``-h`` is ``--help`` everywhere, and the global options ``--project``/``-p`` and ``--debug``
are accepted after the command name too (``keys-l10n stats --project DIR``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console

    from ..adapters.config import ProjectConfig

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C

STATE: dict[str, Any] = {"project": None, "debug": False}

# The options of `main_options` that may also follow the command name (no command defines them itself).
_GLOBAL_WITH_VALUE = ("--project", "-p")
_GLOBAL_FLAGS = ("--debug",)


def hoist_global_options(args: list[str]) -> list[str]:
    """``stats --project DIR`` -> ``--project DIR stats``: global options found after the command name move
    in front of it, where click expects them. Everything after ``--`` stays as it is."""
    index = 0
    while index < len(args):  # the command name: the first word that is not a global option or its value
        word = args[index]
        if word in _GLOBAL_WITH_VALUE:
            index += 2
        elif word.startswith("-"):
            index += 1
        else:
            break
    if index >= len(args):
        return list(args)
    moved: list[str] = []
    rest: list[str] = []
    tail = args[index + 1 :]
    position = 0
    while position < len(tail):
        word = tail[position]
        if word == "--":
            rest.extend(tail[position:])
            break
        if word in _GLOBAL_FLAGS or word.startswith("--project="):
            moved.append(word)
        elif word in _GLOBAL_WITH_VALUE and position + 1 < len(tail):
            moved.extend(tail[position : position + 2])
            position += 1
        else:
            rest.append(word)
        position += 1
    return [*args[:index], *moved, args[index], *rest]


class KeysGroup(TyperGroup):
    """The top-level command group: global options anywhere, and Ctrl-C as one line and exit code 130."""

    # ``ctx`` is typer's vendored click Context (typer.Context is a subclass of it, so it cannot be named here).
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            if STATE["debug"]:
                raise
            interrupted()
            raise typer.Exit(EXIT_INTERRUPTED) from None


def interrupted() -> None:
    sys.stdout.flush()
    typer.echo("interrupted", err=True)


app = typer.Typer(
    name="keys-l10n",
    help="Translate and maintain the editions of a series of Markdown booklets with gettext PO files "
    "(the series' title is set by `title` in keys-l10n.toml).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=KeysGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ProjectOption = Annotated[
    Path | None,
    typer.Option("--project", "-p", help="Folder of the booklet project (default: search from the current folder up)."),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")]
# One meaning of --edition in every command (``sources.resolve_edition``): a configured edition's name or folder.
EDITION_HELP = "a configured edition, by name or folder (2021 or source/2021)"
EditionOption = Annotated[str | None, typer.Option("--edition", "-e", help=f"Only this edition: {EDITION_HELP}.")]
EditionsOption = Annotated[
    list[str] | None, typer.Option("--edition", "-e", help=f"Only this edition (repeat): {EDITION_HELP}.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Also list what did not change.")]


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"keys-l10n {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    project: ProjectOption = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    STATE["project"] = project
    STATE["debug"] = debug


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def load(project: Path | None = None) -> ProjectConfig:
    from ..adapters.config import load_config

    return load_config(project or STATE["project"])


T = TypeVar("T")


def run(action: Callable[[], T]) -> T:
    """Call ``action``; an L10nError or OSError becomes one line on stderr and exit code 1 (2 for a
    UsageError)."""
    from ..core.errors import L10nError, UsageError

    try:
        return action()
    except L10nError as exc:
        if STATE["debug"]:
            raise
        where = exc.location()
        typer.echo(f"error: {where + ': ' if where else ''}{exc.message}", err=True)
        if exc.hint:
            typer.echo(f"hint: {exc.hint}", err=True)
        raise typer.Exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_ERROR) from None
    except OSError as exc:
        if STATE["debug"]:
            raise
        name = f"{exc.filename}: " if exc.filename else ""
        typer.echo(f"error: {name}{exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def reader_warning(text: str, root: Path | None = None) -> None:
    """Print a catalog reader's warning (``path:line: message``, as ``ReadResult.warnings`` has it) the one way
    every command prints it: ``warning: path:line: message`` on stderr, the path relative to the project."""
    import re

    from ..core.errors import warning_text

    match = re.match(r"(?P<path>.+?):(?P<line>\d+): (?P<message>.*)", text, re.DOTALL)
    if match is None:
        typer.echo(warning_text(text), err=True)
        return
    path = Path(match["path"])
    if root is not None and path.is_absolute() and path.is_relative_to(root):
        path = path.relative_to(root)
    typer.echo(warning_text(match["message"], path=path.as_posix(), line=int(match["line"])), err=True)


def check_verbosity(quiet: bool, verbose: bool) -> None:
    """``-q`` (print nothing but errors) and ``-v`` (also list what did not change) exclude each other: exit 2."""
    if quiet and verbose:
        typer.echo("error: give -q (quiet) or -v (verbose), not both", err=True)
        raise typer.Exit(EXIT_USAGE)


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        typer.echo(f"error: --format must be one of {', '.join(allowed)}, not {value!r}", err=True)
        raise typer.Exit(EXIT_USAGE)
    return value


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr when it is a terminal; silent otherwise (logs and CI stay clean)."""
    console = stderr()
    if not console.is_terminal:
        yield lambda _label: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    # No refresh thread (auto_refresh=False; each step redraws): a process that runs a thread may not fork, and
    # the commands work over the cores in forked processes (``adapters/pool.py``).
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True, auto_refresh=False
    )
    with progress as bar:
        task = bar.add_task(description, total=total)

        def step(label: str) -> None:
            bar.update(task, advance=1, description=f"{description} {label}")
            bar.refresh()

        yield step
