"""Entry point of the ``keys-l10n`` command: the typer app with every command registered.

Every module in ``commands/`` registers its commands when imported; this module imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil

from . import commands
from .app import app

for _module in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
    importlib.import_module(f"{commands.__name__}.{_module}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
