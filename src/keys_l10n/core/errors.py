"""All errors of keys-l10n in one place.

    L10nError               any user-facing failure: message, and optionally path, line and a hint
     ├── ConfigError        keys-l10n.toml / [tool.keys-l10n] is missing or wrong
     ├── CatalogError       a PO/POT file is malformed (always names file and line)
     ├── MarkdownError      a booklet cannot be read or segmented
     ├── LocaleError        a locale code that babel does not know, or that it would silently substitute
     ├── EditionError       an edition folder or git revision that does not exist
     ├── ConflictError      a file changed on disk between our read and our write, or a lock is held
     ├── WeblateError       a Weblate server refused a request or could not be reached
     └── UsageError         an option value the project does not allow (an unconfigured --lang): exit code 2

The CLI turns each into one line ``path:line: message`` (plus ``hint: ...``) and a non-zero exit code.
This module imports nothing from the package.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """A failure the user can act on; never shown with a traceback."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: Path | str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = Path(path) if path is not None else None
        self.line = line

    def location(self) -> str:
        """``path:line`` (or ``path``), or an empty string when the error has no file."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


def warning_text(message: str, *, path: Path | str | None = None, line: int | None = None) -> str:
    """How every command prints a warning about a file (a catalog reader's, a booklet's):
    ``warning: path:line: message``."""
    where = f"{path}:{line}" if path is not None and line else (str(path) if path is not None else "")
    return f"warning: {where}: {message}" if where else f"warning: {message}"


class ConfigError(L10nError):
    pass


class CatalogError(L10nError):
    pass


class MarkdownError(L10nError):
    pass


class LocaleError(L10nError):
    pass


class EditionError(L10nError):
    pass


class ConflictError(L10nError):
    pass


class WeblateError(L10nError):
    pass


class UsageError(L10nError):
    """A command-line value that is well-formed but not allowed here; the CLI exits with code 2."""
