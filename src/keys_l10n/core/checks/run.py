"""Running checks on the entries of one catalog: which entries, which units, in which order.

Only translated entries are checked (fuzzy ones too with ``include_fuzzy``); an entry flagged
``#, keys-l10n-ignore:NAME`` is not checked by the check NAME (``keys-l10n-ignore:all``: by none).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..context import kind_of
from ..model import Entry
from .base import Check, Finding, Unit

IGNORE_FLAG = "keys-l10n-ignore:"


def ignored_checks(entry: Entry) -> frozenset[str]:
    return frozenset(flag[len(IGNORE_FLAG) :].strip() for flag in entry.flags if flag.startswith(IGNORE_FLAG))


def units_of(entry: Entry, lang: str, labels: frozenset[str] = frozenset()) -> list[Unit]:
    kind = kind_of(entry.extracted_comments)
    if entry.msgid_plural is None:
        return [Unit(entry, entry.msgid, entry.msgstr, lang, kind, labels)]
    return [
        Unit(entry, entry.msgid if index == 0 else entry.msgid_plural, form, lang, kind, labels)
        for index, form in enumerate(entry.msgstr_plural)
    ]


def should_check(entry: Entry, include_fuzzy: bool = False) -> bool:
    if entry.obsolete or entry.is_header or not entry.translated:
        return False
    return include_fuzzy or not entry.fuzzy


def run_checks(
    entries: Sequence[Entry],
    checks: Sequence[Check],
    *,
    path: str,
    lang: str,
    include_fuzzy: bool = False,
    labels: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings of ``checks`` on the translated entries, in entry order (see the module's docstring).

    ``labels``: the reference labels of the booklet the catalog translates, when known.
    """
    findings: list[Finding] = []
    for entry in entries:
        if not should_check(entry, include_fuzzy):
            continue
        ignored = ignored_checks(entry)
        if "all" in ignored:
            continue
        active = [c for c in checks if c.name not in ignored]
        for unit in units_of(entry, lang, labels):
            for check in active:
                for message in check(unit):
                    findings.append(Finding(path, entry.line, check.level, check.name, message, entry.msgid))
    return findings
