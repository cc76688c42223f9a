"""The registry: every family of checks in the order ``check`` runs and lists them.

The checks of this package are pure. translate-toolkit's checks (``adapters/ttk.py``, an adapter) are not imported here:
the caller passes them in as ``extra`` (``all_checks(lang, glossary, extra=ttk_checks(lang))``), which keeps the
package free of translate-toolkit and ``adapters/ttk.py`` -> ``checks`` the only direction between them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..glossary import Glossary
from .base import Check, FunctionCheck
from .gettext import GETTEXT_CHECKS
from .markup import MARKUP_CHECKS
from .prose import PROSE_CHECKS
from .terms import GlossaryCheck

# Ours, per unit, in the order they run: the Markdown a translation must keep, then the prose.
MARKDOWN_CHECKS: tuple[FunctionCheck, ...] = MARKUP_CHECKS + PROSE_CHECKS


def all_checks(lang: str, glossary: Glossary | None = None, *, extra: Iterable[Check] = ()) -> list[Check]:
    """Every check that applies to ``lang``: ours, then ``extra`` (translate-toolkit's), then the glossary's."""
    checks: list[Check] = [c for c in MARKDOWN_CHECKS if c.applies(lang)]
    checks.extend(c for c in extra if c.applies(lang))
    if glossary:
        checks += [GlossaryCheck(glossary), GlossaryCheck(glossary, forbidden=True)]
    return checks


def catalog_of_checks(extra: Iterable[Check] = ()) -> list[Check]:
    """Every check for ``--list``: the reader's, ours, ``extra`` (translate-toolkit's), the glossary's (empty)."""
    empty = Glossary("xx")
    return [*GETTEXT_CHECKS, *MARKDOWN_CHECKS, *extra, GlossaryCheck(empty), GlossaryCheck(empty, forbidden=True)]
