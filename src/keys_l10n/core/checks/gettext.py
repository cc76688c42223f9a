"""What ``msgfmt --check`` reports about a catalog that gettext still reads, as checks for ``--list``.

The PO reader finds these while reading the file (``po.Problem``, ``po.validate``), not per unit: ``check``
reports them as errors under these names, every other command as warnings.
"""

from __future__ import annotations

from .base import FunctionCheck, Unit


def _from_reader(_: Unit) -> list[str]:
    return []  # found by the PO reader while reading the file (po.Problem), not per unit


GETTEXT_CHECKS: tuple[FunctionCheck, ...] = (
    FunctionCheck(
        "gettext-format",
        "error",
        "c-format/python-format/python-brace-format directives differ as msgfmt --check compares them",
        _from_reader,
        origin="msgfmt --check",
    ),
    FunctionCheck(
        "gettext-plural-forms",
        "error",
        "Plural-Forms missing, malformed or out of range, or a plural entry with another number of forms",
        _from_reader,
        origin="msgfmt --check",
    ),
    FunctionCheck(
        "gettext-newlines",
        "error",
        "msgid and msgstr disagree on a leading or trailing \\n",
        _from_reader,
        origin="msgfmt --check",
    ),
    FunctionCheck(
        "gettext-header", "error", "header fields not separated by \\n", _from_reader, origin="msgfmt --check"
    ),
    FunctionCheck(
        "po-syntax",
        "error",
        "the file cannot be read (gettext's tools refuse it too); the other catalogs are still checked",
        _from_reader,
        origin="PO reader",
    ),
)
