"""What ``msgfmt --check`` reports about a catalog that gettext's readers still read: format directives,
plural forms, header fields, newlines (``Problem``s); and what every reader refuses once the entries are read
(duplicates, a second header: CatalogError).
"""

from __future__ import annotations

import codecs
import gettext
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import CatalogError
from ..core.model import Catalog, Entry, parse_header
from ..core.po_formats import format_problem

_HEADER_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9-]*: ")


@dataclass(frozen=True, slots=True)
class Problem:
    """What ``msgfmt --check`` reports about a file that gettext's readers still read (format directives,
    plural forms, header, newlines): a warning when reading, an error finding in ``check``, never a refusal.

    ``check`` is the name users give to ``#, keys-l10n-ignore:NAME`` to accept it on an entry; ``key`` is the
    entry's (msgctxt, msgid), None for a problem of the header.
    """

    line: int
    check: str
    message: str
    key: tuple[str | None, str] | None = None

    def where(self, path: Path | str) -> str:
        return f"{path}:{self.line}"


def plural_forms(header: Entry | None) -> tuple[int, str] | None:
    """(nplurals, expression) from the header, or None when the field is absent."""
    if header is None:
        return None
    value = parse_header(header.msgstr).get("Plural-Forms")
    if value is None:
        return None
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", value)
    if not match:
        raise ValueError(f"malformed Plural-Forms {value!r}")
    return int(match.group(1)), match.group(2)


def _plural_header_problem(header: Entry | None, has_plurals: bool) -> tuple[str, int | None]:
    """(problem or "", nplurals or None) for the header's Plural-Forms, as ``msgfmt --check`` judges it."""
    try:
        forms = plural_forms(header)
    except ValueError as exc:
        return f"{exc}: write e.g. nplurals=2; plural=(n != 1);", None
    if forms is None:
        if has_plurals:
            return "plural entries but no Plural-Forms in the header (add e.g. nplurals=2; plural=(n != 1);)", None
        return "", None
    nplurals, expression = forms
    if nplurals < 1:
        return f"nplurals={nplurals}: a language has at least one plural form", None
    try:
        function = gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        return f"plural expression {expression!r} does not parse", None
    for n in range(0, 1001):
        try:
            value = function(n)
        except ZeroDivisionError:
            return f"plural expression divides by zero for n={n}", None
        if not 0 <= value < nplurals:
            return f"plural expression gives {value} for n={n}, outside 0..{nplurals - 1}", None
    return "", nplurals


def _msgstr_line(entry: Entry) -> int:
    """The line of the entry's (first) msgstr, where msgfmt reports a translation's problems."""
    if entry.raw is None:
        return entry.line
    lines = [line.removeprefix("#~").lstrip() for line in entry.raw.split("\n")]
    keyword = [i for i, line in enumerate(lines) if line.startswith(("msgid ", 'msgid"'))]
    value = [i for i, line in enumerate(lines) if line.startswith("msgstr")]
    if not keyword or not value:
        return entry.line
    return entry.line + value[0] - keyword[0]


def _header_problems(header: Entry | None, path: Path | str) -> list[Problem]:
    """Header fields run together: a warning, unless they hide the charset from gettext (then it is refused)."""
    if header is None:
        return []
    charset = re.search(r"charset=([^ \t\n]*)", header.msgstr)  # gettext's own reading of the field
    if charset and charset.group(1).upper() != "CHARSET":
        try:
            codecs.lookup(charset.group(1))
        except LookupError:
            raise CatalogError(
                f"unknown charset {charset.group(1)!r} in Content-Type",
                path=path,
                line=header.line,
                hint="end each header field with \\n: gettext reads the charset up to the next space or line",
            ) from None
    for header_line in header.msgstr.split("\n"):
        if len(_HEADER_FIELD.findall(header_line)) > 1:
            return [Problem(_msgstr_line(header), "gettext-header", "header fields are not separated by \\n")]
    return []


def _entry_problems(entry: Entry, nplurals: int | None) -> list[Problem]:
    """What msgfmt --check reports about one translated, non-fuzzy entry (it leaves the others out)."""
    found: list[tuple[str, str]] = []
    if entry.msgid_plural is not None and nplurals is not None and len(entry.msgstr_plural) != nplurals:
        found.append(
            ("gettext-plural-forms", f"{len(entry.msgstr_plural)} plural forms but the header says nplurals={nplurals}")
        )
    msgid = entry.msgid
    if msgid:
        starts, ends = msgid[0] == "\n", msgid[-1] == "\n"
        for translation in entry.translations:
            if translation and ((translation[0] == "\n") != starts or (translation[-1] == "\n") != ends):
                where = "begins" if (translation[0] == "\n") != starts else "ends"
                found.append(("gettext-newlines", f"msgid and msgstr disagree: only one {where} with \\n"))
                break
    problem = format_problem(entry.flags, entry.msgid, entry.msgid_plural, entry.translations)
    if problem:
        found.append(("gettext-format", problem))
    if not found:
        return []
    line = _msgstr_line(entry)  # only now: finding it means reading the entry's source text again
    return [Problem(line, check, message, entry.key) for check, message in found]


def validate(catalog: Catalog, path: Path | str) -> list[Problem]:
    """Raise CatalogError for what every gettext reader refuses (duplicates, a second header); return what only
    ``msgfmt --check`` reports (header, plural forms, format directives, newlines) as problems, sorted by line.
    """
    entries = catalog.entries
    seen: dict[tuple[str | None, str], Entry] = {}
    for entry in entries:
        other = seen.get(entry.key)
        if other is not None:
            kind = "obsolete entry duplicates" if entry.obsolete or other.obsolete else "duplicate message definition"
            raise CatalogError(
                f"{kind} (first defined at line {other.line})",
                path=path,
                line=entry.line,
                hint="keep one of them",
            )
        seen[entry.key] = entry
        if not entry.obsolete and entry.msgid == "" and entry.msgctxt is None:
            raise CatalogError("a second header entry (empty msgid)", path=path, line=entry.line)
    checked = [e for e in entries if not e.obsolete and not e.fuzzy and e.translated]
    header = catalog.header
    problems = _header_problems(header, path)
    plural_problem, nplurals = _plural_header_problem(header, any(e.msgid_plural is not None for e in checked))
    if plural_problem:
        problems.append(Problem(_msgstr_line(header) if header else 1, "gettext-plural-forms", plural_problem))
    for entry in checked:
        problems.extend(_entry_problems(entry, nplurals))
    return sorted(problems, key=lambda p: p.line)
