"""Quality checks on translations, one module per family, like translate-toolkit's ``filters/checks``.

Pure code: no files, no printing. ``run_checks`` takes the entries of one catalog and the checks for its
language (``all_checks``) and returns Findings.

- ``base``: the ``Unit`` a check reads, the ``Finding`` it gives, the ``Check`` protocol, ``FunctionCheck``;
- ``markup``: the Markdown a translation must keep (``MARKUP_CHECKS``, which ``build`` runs too: one rule);
- ``prose``: whitespace, final punctuation, numbers, Spanish marks, doubled words;
- ``terms``: the glossary (``GlossaryCheck``, on a ``glossary.Glossary``);
- ``gettext``: what the PO reader reports as ``msgfmt --check`` does (listed, found while reading);
- ``registry``: every family in order (``all_checks``, ``catalog_of_checks``); translate-toolkit's checks
  (``adapters/ttk.py``) are passed in by the caller;
- ``run``: which entries and units are checked (``run_checks``, ignore flags).

This module is the package's public API: import from ``keys_l10n.core.checks``.
"""

from __future__ import annotations

from .base import LEVELS, Check, Finding, FunctionCheck, Level, Unit, level_rank
from .gettext import GETTEXT_CHECKS
from .markup import MARKUP_CHECKS, markup_may_differ
from .prose import PROSE_CHECKS, final_mark
from .registry import MARKDOWN_CHECKS, all_checks, catalog_of_checks
from .run import IGNORE_FLAG, ignored_checks, run_checks, should_check, units_of
from .terms import GlossaryCheck

__all__ = [
    "GETTEXT_CHECKS",
    "IGNORE_FLAG",
    "LEVELS",
    "MARKDOWN_CHECKS",
    "MARKUP_CHECKS",
    "PROSE_CHECKS",
    "Check",
    "Finding",
    "FunctionCheck",
    "GlossaryCheck",
    "Level",
    "Unit",
    "all_checks",
    "catalog_of_checks",
    "final_mark",
    "ignored_checks",
    "level_rank",
    "markup_may_differ",
    "run_checks",
    "should_check",
    "units_of",
]
