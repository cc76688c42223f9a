"""Entry point of the ``keys-l10n`` command: the typer app with every command registered.

Every module in ``cli/commands/`` registers its commands when imported; this module imports them all, in the
order `keys-l10n --help` shows them.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

from . import commands
from .app import EXIT_INTERRUPTED, app, interrupted

# The order of `keys-l10n --help`: the workflow of a new edition; modules not listed follow, by name.
_ORDER = ("catalogs", "compare", "carry", "build", "stats", "check", "glossary")
_found = {m.name for m in pkgutil.iter_modules(commands.__path__)}
for _module in [*(m for m in _ORDER if m in _found), *sorted(_found - set(_ORDER))]:
    importlib.import_module(f"{commands.__name__}.{_module}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # outside a command (the app's group handles those): still one line, no traceback
        interrupted()
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
