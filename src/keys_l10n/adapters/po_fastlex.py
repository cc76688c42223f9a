"""The fast PO lexer: the few shapes that make up nearly every catalog, read one entry per regex match.

A catalog written by gettext, Poedit, Weblate or translate-toolkit is blank-line separated entries of
``#`` comments, optional ``#|`` previous strings and ``keyword "string"`` lines with ``"string"``
continuations, live or behind ``#~ ``. One compiled expression matches such an entry whole (linear: every
repetition in it is anchored on a quote or a line start), so the per-line work of the strict lexer is not
done for them. Anything else (CR line ends, strings continued with a backslash, two strings on a line, spacing
gettext tolerates, a comment ending in a backslash, NUL or EOT, an invalid escape, misordered keywords, an
entry not followed by a blank line...) stops the fast lexer at the start of that entry, and the strict lexer
(``adapters/po_lexer.py``) reads the rest of the file: every error and warning is its own, at the same file:line, and
the entries both build are equal (``tests/test_po_fastlex.py`` checks it on the corpus and generated files).
"""

from __future__ import annotations

import re

from ..core.model import Entry
from .po_lexer import PREVIOUS_ORDERS, add_comment, unescape

_STR = r'[^"\\\n]*(?:\\.[^"\\\n]*)*'  # a string's body on one line: no raw quote, escapes kept as written


def _entry_pattern(prefix: str) -> re.Pattern[str]:
    """One entry whose keyword lines start with ``prefix`` ("" live, "#~ " obsolete), then a blank line or
    the end of the file. Groups: blank lines, comments, previous (#|) lines, msgctxt (first line, more
    lines), "msgid", msgid first, more, msgid_plural first, more, the msgstr[N] block, msgstr first, more.
    """
    cont = f'((?:{prefix}"{_STR}"\\n)*)'
    previous = r"((?:#~\|[^\n]*\n)*)" if prefix else r"((?:#\|[^\n]*\n)*)"
    return re.compile(
        r"(\n*)"
        r"((?:#(?![~|])[^\n]*\n)*)"
        + previous
        + f'(?:{prefix}msgctxt "({_STR})"\\n{cont})?'
        + f'{prefix}(msgid) "({_STR})"\\n{cont}'
        + f'(?:{prefix}msgid_plural "({_STR})"\\n{cont}'
        + f'((?:{prefix}msgstr\\[\\d+\\] "{_STR}"\\n(?:{prefix}"{_STR}"\\n)*)+)'
        + f'|{prefix}msgstr "({_STR})"\\n{cont})'
        + r"(?=\n|\Z)"
    )


_LIVE = _entry_pattern("")
_OBSOLETE = _entry_pattern("#~ ")
_PREVIOUS_LINE = re.compile(f'\\| (?:(msgctxt|msgid_plural|msgid) )?"({_STR})"')
# What the strict lexer accepts as escapes (``invalid_escape``), in one pass: pairs left to right. Possessive
# (``++``, ``*+``): a run of plain characters is never given back, so a string with an invalid escape after a long
# run fails at once (with ``+`` inside ``*`` the search tried every way to cut the run: exponential).
_VALID_ESCAPES = re.compile(r'(?:[^\\]++|\\[ntrabfv"\\?\'0-7]|\\x[0-9a-fA-F])*+')
_PLURAL_LINE = re.compile(f'(?:msgstr\\[(\\d+)\\] )?"({_STR})"')


class _Unusual(Exception):
    """This entry is for the strict lexer."""


def _decoded(body: str) -> str:
    r"""A string's body with its escapes decoded: the common ones (\n, \", \t) by ``str.replace`` between
    the \\ pairs (found left to right, as escapes pair up), any other as the strict lexer decodes it."""
    if "\\" not in body:
        return body
    if not _VALID_ESCAPES.fullmatch(body):
        raise _Unusual
    parts = body.split("\\\\")
    for index, part in enumerate(parts):
        if "\\" in part:
            part = part.replace("\\n", "\n").replace('\\"', '"').replace("\\t", "\t")
            if "\\" in part:
                return _rare_escapes(body)
            parts[index] = part
    return "\\".join(parts)


def _rare_escapes(body: str) -> str:
    try:
        value = unescape(body)
    except (ValueError, OverflowError):
        raise _Unusual from None
    if "\x00" in value or "\x04" in value:
        raise _Unusual
    return value


def _string(first: str, more: str, prefix: str) -> str:
    """A keyword's value: its first line's body and the bodies of its continuation lines, each decoded."""
    if not more:
        return _decoded(first)
    bodies = [first, *more[len(prefix) + 1 : -2].split(f'"\n{prefix}"')]
    if "\\" not in first and "\\" not in more:
        return "".join(bodies)
    return "".join(_decoded(body) for body in bodies)


def _plural_forms(block: str, prefix: str) -> tuple[str, ...]:
    """``msgstr[0] "..."`` / ``"..."`` lines -> the forms, which must be numbered 0, 1, 2, ... as written."""
    forms: list[list[str]] = []
    for line in block.split("\n")[:-1]:
        match = _PLURAL_LINE.fullmatch(line, len(prefix))
        assert match is not None  # the entry pattern matched these lines
        if match.group(1) is not None:
            if match.group(1) != str(len(forms)):
                raise _Unusual
            forms.append([])
        forms[-1].append(_decoded(match.group(2)))
    return tuple("".join(parts) for parts in forms)


def _previous(block: str, prefix: str) -> dict[str, str]:
    """``#|`` (``#~|``) lines -> the previous msgctxt, msgid and msgid_plural."""
    found: dict[str, list[str]] = {}
    start = 2 if prefix else 1
    for line in block.split("\n")[:-1]:
        match = _PREVIOUS_LINE.fullmatch(line, start)
        if match is None or (match.group(1) is None and not found):
            raise _Unusual
        if match.group(1) is not None:
            if match.group(1) in found:
                raise _Unusual
            found[match.group(1)] = []
        found[list(found)[-1]].append(_decoded(match.group(2)))
    if list(found) not in PREVIOUS_ORDERS:
        raise _Unusual
    return {name: "".join(parts) for name, parts in found.items()}


def _entry(m: re.Match[str], prefix: str, line: int, raw: str) -> Entry:
    (_, comments, previous_block, ctxt, ctxt_more, _, msgid, msgid_more, plural, plural_more, forms, msgstr, more) = (
        m.groups()
    )
    translator: list[str] = []
    extracted: list[str] = []
    references: list[str] = []
    flags: list[str] = []
    if comments:
        if "\\\n" in comments:  # the strict lexer warns or refuses
            raise _Unusual
        for body in comments.split("\n")[:-1]:
            marker = body[1:2]
            if marker == ":":  # the most frequent two, inlined (split() ignores the space add_comment removes)
                references.extend(body[2:].split())
            elif marker == ".":
                extracted.append(body[2:].removeprefix(" "))
            else:
                add_comment(body, translator, extracted, references, flags)
    previous = _previous(previous_block, prefix) if previous_block else {}
    return Entry(
        msgid=msgid if not msgid_more and "\\" not in msgid else _string(msgid, msgid_more, prefix),
        msgstr="" if forms else msgstr if not more and "\\" not in msgstr else _string(msgstr, more, prefix),
        msgctxt=None if ctxt is None else _string(ctxt, ctxt_more, prefix),
        msgid_plural=None if plural is None else _string(plural, plural_more, prefix),
        msgstr_plural=_plural_forms(forms, prefix) if forms else (),
        flags=tuple(flags),
        translator_comments=tuple(translator),
        extracted_comments=tuple(extracted),
        references=tuple(references),
        previous_msgctxt=previous.get("msgctxt"),
        previous_msgid=previous.get("msgid"),
        previous_msgid_plural=previous.get("msgid_plural"),
        obsolete=bool(prefix),
        line=line,
        raw=raw,
    )


def fast_entries(text: str) -> tuple[list[Entry], int, int]:
    """(entries, offset, line): the entries read from the start of ``text``, each with its ``raw`` text, and
    where reading stopped: the offset and line number of the first entry left to the strict lexer (or of the
    blank lines that end the file)."""
    entries: list[Entry] = []
    pos, line, end = 0, 1, len(text)
    if "\r" in text or "\x00" in text or "\x04" in text:
        return entries, pos, line
    live, obsolete, count = _LIVE.match, _OBSOLETE.match, text.count
    while pos < end:
        prefix = ""
        m = live(text, pos)
        if m is None:
            prefix = "#~ "
            m = obsolete(text, pos)
            if m is None:
                break
        stop = m.end()
        msgid_at = m.start(6)
        msgid_line = line + count("\n", pos, msgid_at)
        try:
            entries.append(_entry(m, prefix, msgid_line, text[pos:stop]))
        except _Unusual:
            break
        line = msgid_line + count("\n", msgid_at, stop)
        pos = stop
    return entries, pos, line
