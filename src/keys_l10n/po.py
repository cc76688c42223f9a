"""Catalog files: read and write PO/POT without losing a byte, compile MO files.

Reading is as strict as gettext's own readers and no stricter: what msgfmt, msgcat or msgmerge refuse (syntax,
encoding, duplicates) is a CatalogError naming the file and line, and a file that does not parse is never turned
into an empty catalog; what only ``msgfmt --check`` reports (format directives, plural forms, header fields) is a
``Problem``: a warning when reading and an error finding in ``check``, never a refusal. The lexer is
hand-written because none of the libraries reports these errors with lines (see ``../shared/bad-po``: polib
truncates unterminated strings silently, translate-toolkit drops unknown escapes, renumbers ``msgstr[N]``,
rejects mixed line endings and fails on valid Latin-1), and because each entry must keep its exact source text
(the technique translate-toolkit uses to round-trip real catalogs byte for byte).

Writing puts back the source text of every entry nobody changed (its line endings and its editor's wrapping
included) and lays out the entries we change with translate-toolkit's PO unit serialiser, fed with strings
wrapped exactly as gettext wraps them (``wrap.py``), so ``msgcat`` leaves what we write unchanged.
Writes are atomic: a temporary file in the same folder, fsync, then ``os.replace``, keeping the file's mode.
"""

from __future__ import annotations

import codecs
import contextlib
import gettext
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import CatalogError, ConflictError, L10nError
from .model import Catalog, Entry, parse_header
from .po_formats import format_problem
from .wrap import PAGE_WIDTH, format_comment_words, format_string

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)")
_VALID_ESCAPE = re.compile(r'\\(?:[ntrabfv"\\?\']|[0-7]{1,3}|x[0-9a-fA-F]+)')
# A string's body: plain characters and backslash pairs, stopping at the closing quote or at a backslash that
# ends the physical line (a continuation).
_STRING_BODY = re.compile(r'(?:[^"\\]+|\\(?!\r?\Z)[\s\S])*')
_ESCAPE = re.compile(r"\\(?:([ntrabfv\"\\?'])|([0-7]{1,3})|x([0-9a-fA-F]+))")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_CHARSET = re.compile(rb"charset=([^\s\\\"]+)")
_HEADER_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9-]*: ")
_PREVIOUS_ORDERS = (
    ["msgid"],
    ["msgctxt", "msgid"],
    ["msgid", "msgid_plural"],
    ["msgctxt", "msgid", "msgid_plural"],
)


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


@dataclass
class ReadResult:
    catalog: Catalog
    notes: list[str] = field(default_factory=list)  # the reader's own warnings ("path:line: message")
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Everything a command that only reads or merges the file should tell: notes, then problems."""
        return self.notes + [f"{p.where(self.path)}: {p.message} [{p.check}]" for p in self.problems]

    path: Path | str = "<catalog>"


# -- decoding ---------------------------------------------------------------------------------------------
def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _ascii_compatible(encoding: str) -> bool:
    """Whether the charset writes ASCII as ASCII (UTF-7, UTF-16, EBCDIC do not: the PO syntax would change)."""
    try:
        return _ASCII.decode(encoding) == _ASCII.decode("ascii") and _ASCII.decode("ascii").encode(encoding) == _ASCII
    except (UnicodeError, ValueError, LookupError):
        return False


def decode_catalog(data: bytes, path: Path | str) -> tuple[str, str]:
    """Bytes -> (text, encoding), with every decoding problem reported at its line."""
    if not data:
        raise CatalogError("empty file: not a PO catalog", path=path, line=1, hint="a catalog has at least a header")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogError(
            "file is UTF-16 encoded; PO files must be UTF-8", path=path, line=1, hint="save it again as UTF-8"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(
            "UTF-8 byte-order mark at the start of the file; gettext tools reject it",
            path=path,
            line=1,
            hint="remove the BOM (save as 'UTF-8 without BOM')",
        )
    match = _CHARSET.search(data[:4096])
    encoding = "utf-8"
    if match:
        declared = match.group(1).decode("ascii", "replace")
        if declared.upper() != "CHARSET":
            encoding = declared
    try:
        "".encode(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL in the name; UnicodeError: the 'undefined' codec
        raise CatalogError(
            f"unknown charset {encoding!r} in Content-Type",
            path=path,
            line=_line_at(data, match.start() if match else 0),
        ) from None
    if not _ascii_compatible(encoding):
        raise CatalogError(
            f"charset {encoding!r} is not ASCII-compatible; gettext cannot read it",
            path=path,
            line=_line_at(data, match.start() if match else 0),
            hint="convert the catalog to UTF-8: msgconv -t UTF-8",
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"bytes are not valid {encoding} ({exc.reason} at byte {exc.start})",
            path=path,
            line=_line_at(data, exc.start),
            hint="the file's real encoding differs from its Content-Type charset",
        ) from None
    except (UnicodeError, ValueError) as exc:  # codecs that fail without a position
        raise CatalogError(
            f"cannot decode with charset {encoding!r}: {exc}".splitlines()[0],
            path=path,
            line=_line_at(data, match.start() if match else 0),
        ) from None
    return text, encoding.lower().replace("_", "-")


# -- lexing -----------------------------------------------------------------------------------------------
def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return _SIMPLE.get(m.group(1), m.group(1))
        if m.group(2) is not None:
            return chr(int(m.group(2), 8))
        return chr(int(m.group(3), 16))

    return _ESCAPE.sub(one, body)


@dataclass
class _Field:
    name: str
    index: int | None
    parts: list[str]
    line: int


@dataclass
class _Draft:
    first_line: int
    lines_start: int
    lines_end: int = 0
    translator: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: list[_Field] = field(default_factory=list)
    fields: list[_Field] = field(default_factory=list)
    obsolete: bool | None = None
    msgid_line: int = 0


class _Parser:
    def __init__(self, text: str, path: Path | str) -> None:
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.line_texts = [line + "\n" for line in self.lines[:-1]] + ([self.lines[-1]] if self.lines[-1] else [])
        self.warnings: list[str] = []

    def error(self, message: str, line: int, hint: str | None = None) -> CatalogError:
        return CatalogError(message, path=self.path, line=line, hint=hint)

    def quoted(self, rest: str, lineno: int, i: int) -> tuple[str, int]:
        """Parse one C string starting in ``rest``; return (body, index of the last physical line used)."""
        rest = rest.lstrip(" \t")
        if not rest.startswith('"'):
            raise self.error("missing opening quote before string", lineno, hint='strings are written "like this"')
        body: list[str] = []
        pos = 1
        current = rest
        while True:
            # up to the closing quote or a backslash-newline (the string continues on the next physical line)
            end = _STRING_BODY.match(current, pos).end()  # type: ignore[union-attr]
            if end < len(current) and current[end] == '"':
                body.append(current[pos:end])
                trailing = current[end + 1 :].strip(" \t\r")
                if trailing.startswith('"'):  # gettext reads several strings on one line and joins them
                    current, pos = trailing, 1
                    continue
                if trailing:
                    raise self.error(f"unexpected text after string: {trailing[:30]!r}", lineno)
                break
            if end < len(current) and current[end] == "\\":
                body.append(current[pos:end])
                i += 1
                if i >= len(self.lines) or (i == len(self.lines) - 1 and not self.lines[i]):
                    raise self.error("end of file inside a string", lineno + 1)
                lineno += 1
                current, pos = self.lines[i], 0
                continue
            if i == len(self.lines) - 1:  # the last line, with no newline after it
                raise self.error("end of file inside a string (closing quote missing)", lineno)
            raise self.error("closing quote missing at end of line", lineno, hint='end the string with "')
        joined = "".join(body)
        if "\\" not in joined:
            return joined, i
        for m in re.finditer(r"\\(.?)", joined):
            if not _VALID_ESCAPE.match(joined, m.start()):
                raise self.error(f"invalid escape sequence \\{m.group(1)}", lineno, hint=r"write \\ for a backslash")
        try:
            return _unescape(joined), i
        except (ValueError, OverflowError):  # \x110000 and beyond: no such character
            raise self.error("hexadecimal escape beyond the last Unicode character", lineno) from None

    def drafts(self) -> Iterator[_Draft]:
        draft: _Draft | None = None
        last_field: _Field | None = None
        last_prev: _Field | None = None
        i = 0
        lines = self.lines
        pending_start: int | None = None
        while i < len(lines):
            raw = lines[i]
            lineno = i + 1
            line = raw.rstrip("\r")
            stripped = line.strip()
            if not stripped:
                if draft is not None and draft.fields:
                    draft.lines_end = i
                    yield draft
                    draft = None
                last_field = last_prev = None
                i += 1
                continue
            obsolete = False
            body = line
            if line.startswith("#~"):
                obsolete = True
                body = line[2:]
                if body.startswith(" "):
                    body = body[1:]
                if body.startswith("|"):
                    body = "#" + body
                elif not body.strip():
                    i += 1
                    continue
            if (body.startswith("#") and not obsolete) or (obsolete and body.startswith("#|")):
                if draft is not None and draft.fields:
                    draft.lines_end = i
                    yield draft
                    draft = None
                if draft is None:
                    draft = _Draft(first_line=lineno, lines_start=i if pending_start is None else pending_start)
                last_field = None
                marker = body[1:2]
                if marker != "|" and (len(line) - len(line.rstrip("\\"))) % 2:
                    # gettext's reader joins the next line to this one: harmless for a comment, fatal otherwise
                    following = self.lines[i + 1].strip() if i + 1 < len(self.lines) else ""
                    if following and not following.startswith("#"):
                        raise self.error(
                            "comment ends with a backslash, so gettext joins the next line to it",
                            lineno,
                            hint="add a space after the backslash",
                        )
                    self.warnings.append(
                        f"{self.path}:{lineno}: comment ends with a backslash: gettext tools join the next line to it"
                    )
                if marker != "|" and draft.previous:
                    raise self.error(
                        "comment after the previous-msgid (#|) lines",
                        lineno,
                        hint="gettext wants the #| lines right before msgctxt/msgid: move this comment above them",
                    )
                content = body[2:].removeprefix(" ") if marker in ".:,|" else None
                if marker == "." and content is not None:
                    draft.extracted.append(content)
                elif marker == ":" and content is not None:
                    draft.references.extend(content.split())
                elif marker == "," and content is not None:
                    draft.flags.extend(f.strip() for f in content.split(",") if f.strip())
                elif marker == "|":
                    rest = body[2:].lstrip(" ")
                    match = _KEYWORD.match(rest)
                    if match and match.group(1) in ("msgctxt", "msgid", "msgid_plural"):
                        value, i = self.quoted(rest[match.end() :], lineno, i)
                        last_prev = _Field(match.group(1), None, [value], lineno)
                        draft.previous.append(last_prev)
                    elif rest.startswith('"') and last_prev is not None:
                        value, i = self.quoted(rest, lineno, i)
                        last_prev.parts.append(value)
                    else:
                        raise self.error(
                            f"malformed previous-msgid comment: {line[:40]!r}",
                            lineno,
                            hint='expected #| msgid "..." or #| "..."',
                        )
                else:
                    draft.translator.append(body[1:].removeprefix(" ") if body[1:2] == " " else body[1:])
                i += 1
                continue
            if obsolete and draft is not None and draft.obsolete is False:
                raise self.error("obsolete #~ line inside a live entry", lineno)
            if not obsolete and draft is not None and draft.obsolete:
                raise self.error("live line inside an obsolete #~ entry", lineno)
            rest = body.lstrip(" \t")
            if rest.startswith('"'):
                if last_field is None:
                    raise self.error("string without a keyword before it", lineno)
                value, i = self.quoted(rest, lineno, i)
                last_field.parts.append(value)
                i += 1
                continue
            match = _KEYWORD.match(rest)
            if not match:
                word = rest.split()[0] if rest.split() else rest
                raise self.error(
                    f"unexpected text {word[:30]!r}: not a PO keyword, comment or string",
                    lineno,
                    hint="expected msgctxt, msgid, msgid_plural, msgstr, msgstr[N], a # comment or a quoted string",
                )
            name = match.group(1)
            index = int(match.group(2)) if match.group(2) is not None else None
            base = "msgstr" if name.startswith("msgstr") else name
            if draft is not None and draft.fields and base in ("msgctxt", "msgid"):
                previous_names = [f.name for f in draft.fields]
                if "msgstr" in previous_names:
                    draft.lines_end = i
                    yield draft
                    draft = None
            if draft is None:
                draft = _Draft(first_line=lineno, lines_start=i)
            draft.obsolete = obsolete
            value, i_end = self.quoted(rest[match.end() :], lineno, i)
            last_field = _Field(base, index, [value], lineno)
            draft.fields.append(last_field)
            if base == "msgid":
                draft.msgid_line = lineno
            i = i_end + 1
        if draft is not None and draft.fields:
            draft.lines_end = len(lines) if lines[-1] else len(lines) - 1
            yield draft
        # Comments after the last entry belong to no message: gettext's readers accept them (msgcat drops them);
        # they stay in the file as its trailer, byte for byte.

    def entries(self) -> Iterator[tuple[Entry, int, int]]:
        for draft in self.drafts():
            yield self.build(draft), draft.lines_start, draft.lines_end

    def build(self, d: _Draft) -> Entry:
        values: dict[str, str] = {}
        plural: dict[int, str] = {}
        order: list[str] = []
        line_of: dict[str, int] = {}
        for f in d.fields:
            value = "".join(f.parts)
            if f.name == "msgstr" and f.index is not None:
                if f.index in plural:
                    raise self.error(f"msgstr[{f.index}] given twice", f.line)
                plural[f.index] = value
                order.append("msgstr[]")
            else:
                if f.name in values:
                    raise self.error(f"{f.name} given twice in one entry", f.line, hint="is a msgstr missing?")
                values[f.name] = value
                order.append(f.name)
            line_of.setdefault(f.name, f.line)
        first = d.fields[0]
        expected = ["msgctxt", "msgid"] if "msgctxt" in values else ["msgid"]
        if order[: len(expected)] != expected:
            if "msgid" not in values:
                raise self.error(f"{first.name} without a msgid before it", first.line, hint="is a msgid missing?")
            raise self.error("keywords out of order (msgctxt, msgid, msgid_plural, msgstr)", first.line)
        if "msgstr" not in values and not plural:
            raise self.error("msgid without msgstr", d.msgid_line, hint='add msgstr "" after it')
        has_plural = "msgid_plural" in values
        if plural and not has_plural:
            raise self.error("msgstr[N] without msgid_plural", line_of["msgstr"], hint="use a plain msgstr")
        if has_plural and "msgstr" in values:
            raise self.error(
                "msgid_plural with a plain msgstr", line_of["msgstr"], hint="use msgstr[0], msgstr[1], ..."
            )
        if plural and sorted(plural) != list(range(len(plural))):
            raise self.error("msgstr[N] indexes are not 0, 1, 2, ...", line_of["msgstr"])
        order = [f.name for f in d.previous]
        if order and order not in _PREVIOUS_ORDERS:
            raise self.error(
                "previous-msgid (#|) lines out of order, repeated or without #| msgid",
                d.previous[0].line,
                hint="write #| msgctxt (optional), #| msgid, #| msgid_plural (optional), once each",
            )
        previous = {f.name: "".join(f.parts) for f in d.previous}
        msgid = values["msgid"]
        if "\x04" in msgid or "\x04" in values.get("msgctxt", ""):
            raise self.error("EOT control character (context separator) inside msgid", d.msgid_line)
        for text in (msgid, *values.values(), *plural.values()):
            if "\x00" in text:
                self.warnings.append(
                    f"{self.path}:{d.msgid_line}: NUL byte in a string: it cannot survive compilation to MO"
                )
                break
        return Entry(
            msgid=msgid,
            msgstr=values.get("msgstr", ""),
            msgctxt=values.get("msgctxt"),
            msgid_plural=values.get("msgid_plural"),
            msgstr_plural=tuple(plural[k] for k in sorted(plural)),
            flags=tuple(d.flags),
            translator_comments=tuple(d.translator),
            extracted_comments=tuple(d.extracted),
            references=tuple(d.references),
            previous_msgctxt=previous.get("msgctxt"),
            previous_msgid=previous.get("msgid"),
            previous_msgid_plural=previous.get("msgid_plural"),
            obsolete=bool(d.obsolete),
            line=d.msgid_line,
        )


# -- checks msgfmt --check makes ---------------------------------------------------------------------------
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
    problems = []
    line = _msgstr_line(entry)
    if entry.msgid_plural is not None and nplurals is not None and len(entry.msgstr_plural) != nplurals:
        problems.append(
            Problem(
                line,
                "gettext-plural-forms",
                f"{len(entry.msgstr_plural)} plural forms but the header says nplurals={nplurals}",
                entry.key,
            )
        )
    for translation in entry.translations:
        bad = [
            where
            for end, where in ((0, "begins"), (-1, "ends"))
            if entry.msgid and translation and (entry.msgid[end] == "\n") != (translation[end] == "\n")
        ]
        if bad:
            problems.append(
                Problem(line, "gettext-newlines", f"msgid and msgstr disagree: only one {bad[0]} with \\n", entry.key)
            )
            break
    problem = format_problem(entry.flags, entry.msgid, entry.msgid_plural, entry.translations)
    if problem:
        problems.append(Problem(line, "gettext-format", problem, entry.key))
    return problems


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


# -- reading ----------------------------------------------------------------------------------------------
def parse_catalog(data: bytes, path: Path | str = "<catalog>") -> ReadResult:
    """Parse a whole PO/POT file.

    What gettext's readers refuse (msgfmt, msgcat, msgmerge: syntax, encoding, duplicates) raises CatalogError
    with file and line. What only ``msgfmt --check`` reports (format directives, plural forms, header fields,
    newlines) does not stop the reading: it comes back as ``problems`` and as warnings naming file and line.
    """
    text, encoding = decode_catalog(data, path)
    # Old Mac files end their lines with CR alone; gettext reads them. Parse them as LF and write them back as CR.
    cr_only = "\r" in text and "\n" not in text
    if cr_only:
        text = text.replace("\r", "\n")
    parser = _Parser(text, path)
    entries: list[Entry] = []
    header: Entry | None = None
    header_index = 0
    line_texts = parser.line_texts
    consumed = 0
    for entry, _start, end in parser.entries():
        raw = "".join(line_texts[consumed:end])
        consumed = end
        entry = replace(entry, raw=raw)
        if header is None and entry.is_header:
            header = entry
            header_index = len(entries)
            continue
        entries.append(entry)
    trailer = "".join(line_texts[consumed:])
    if header is None and not entries:
        raise CatalogError("no messages: not a PO catalog", path=path, line=1)
    newline = "\r" if cr_only else "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    catalog = Catalog(
        entries=tuple(entries),
        header=header,
        newline=newline,
        encoding=encoding,
        header_index=header_index,
        trailer=trailer,
    )
    return ReadResult(catalog, parser.warnings, validate(catalog, path), path)


MAX_CATALOG_BYTES = 48 * 1024 * 1024  # 4x the largest real catalog measured (11 MB); ~15x that in memory


def check_catalog_size(data: bytes, path: Path, *, source: str | None = None) -> None:
    """Refuse to write a catalog (PO or POT) over MAX_CATALOG_BYTES: every command refuses to read one, so a
    template ``extract`` wrote would stop ``update`` (one limit policy, issue 15). ``source`` is the booklet the
    catalog comes from, named in the error."""
    if len(data) > MAX_CATALOG_BYTES:
        size = f"{len(data) / 2**20:.1f} MB"
        raise CatalogError(
            f"catalog would be {size}, over the {MAX_CATALOG_BYTES // 2**20} MB limit of every command that reads"
            " it; not writing it" + (f" (from booklet {source})" if source else ""),
            path=path,
            hint="split the booklet into smaller booklets (one catalog each)",
        )


def read_existing(path: Path) -> bytes | None:
    """A catalog's bytes, or None when there is no such file; a file over MAX_CATALOG_BYTES is refused before
    it is loaded (a 200 MB file would otherwise take gigabytes once decoded and split into lines)."""
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError(
                f"catalog is {size // 2**20} MB, over the {MAX_CATALOG_BYTES // 2**20} MB limit; refusing to load it",
                path=path,
                hint="split the catalog (one per booklet) or check that this is really a PO file",
            )
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise CatalogError("is a folder, not a catalog", path=path) from None
    except PermissionError:
        raise CatalogError("permission denied", path=path) from None


def read_catalog(path: Path) -> ReadResult:
    """Read and check one PO/POT file; a file over MAX_CATALOG_BYTES is refused before it is loaded."""
    data = read_existing(path)
    if data is None:
        raise CatalogError("file not found", path=path)
    return parse_catalog(data, path)


# -- writing ----------------------------------------------------------------------------------------------
def _quoted_parts(lines: list[str], prefix: str) -> list[str]:
    """``msgid "a"`` / ``"b"`` lines -> translate-toolkit's list of quoted parts ``['"a"', '"b"']``."""
    parts = []
    for line in lines:
        line = line[len(prefix) :]
        parts.append(line[line.index('"') :])
    return parts


def format_entry(entry: Entry, newline: str = "\n") -> str:
    """The entry in gettext's layout, assembled by translate-toolkit's PO unit from gettext-wrapped strings.

    As gettext does, an entry flagged ``no-wrap`` is broken only after its embedded newlines, and an obsolete
    entry keeps the ``#.`` and ``#:`` comments it has (msgcat writes them; msgmerge clears them when it makes an
    entry obsolete, and so does ``merge.py``).
    """
    from translate.storage import pypo

    width = sys.maxsize if "no-wrap" in entry.flags else PAGE_WIDTH
    unit = pypo.pounit()
    unit.othercomments = [(f"# {c}" if c else "#") + newline for c in entry.translator_comments]
    unit.automaticcomments = [(f"#. {c}" if c else "#.") + newline for c in entry.extracted_comments]
    if entry.references:
        unit.sourcecomments = [line + newline for line in format_comment_words("#:", list(entry.references))]
    if entry.obsolete:  # translate-toolkit's unit leaves out automatic comments of obsolete entries
        unit.othercomments = unit.othercomments + unit.automaticcomments + unit.sourcecomments
    if entry.flags:
        unit.typecomments = ["#, " + ", ".join(entry.flags) + newline]
    prefix = "#~ " if entry.obsolete else ""
    previous_prefix = "#~| " if entry.obsolete else "#| "

    def parts(keyword: str, value: str, line_prefix: str) -> list[str]:
        return _quoted_parts(format_string(keyword, value, prefix=line_prefix, width=width), "")

    if entry.previous_msgctxt is not None:
        unit.prev_msgctxt = parts("msgctxt", entry.previous_msgctxt, previous_prefix)
    if entry.previous_msgid is not None:
        unit.prev_msgid = parts("msgid", entry.previous_msgid, previous_prefix)
    if entry.previous_msgid_plural is not None:
        unit.prev_msgid_plural = parts("msgid_plural", entry.previous_msgid_plural, previous_prefix)
    if entry.msgctxt is not None:
        unit.msgctxt = parts("msgctxt", entry.msgctxt, prefix)
    unit.msgid = parts("msgid", entry.msgid, prefix)
    if entry.msgid_plural is not None:
        unit.msgid_plural = parts("msgid_plural", entry.msgid_plural, prefix)
        unit.msgstr = {index: parts(f"msgstr[{index}]", form, prefix) for index, form in enumerate(entry.msgstr_plural)}
    else:
        unit.msgstr = parts("msgstr", entry.msgstr, prefix)
    unit.obsolete = entry.obsolete
    if newline != "\n":
        unit._store = _NewlineStore(newline)  # type: ignore[assignment]
    text: str = unit._getoutput()  # type: ignore[no-untyped-call]
    return text


class _NewlineStore:
    """The one thing translate-toolkit's unit asks of its store while writing: the newline."""

    def __init__(self, newline: str) -> None:
        self.newline = newline


def serialize(catalog: Catalog, *, path: Path | str | None = None) -> bytes:
    """The catalog's bytes: untouched entries exactly as read, changed ones in gettext layout.

    Raises CatalogError (naming ``path`` when given) when a message does not fit the file's charset, e.g. a
    template's “quotes” merged into an ISO-8859-1 catalog: msgmerge refuses that too.
    """
    newline = "\n" if catalog.newline == "\r" else catalog.newline  # CR-only files: see the end
    chunks: list[str] = []
    items = list(catalog.entries)
    if catalog.header is not None:
        items.insert(min(catalog.header_index, len(items)), catalog.header)
    previous_raw = True  # an untouched entry keeps the blank lines (or none) that preceded it in the file
    for position, entry in enumerate(items):
        if entry.raw is not None:
            chunk = entry.raw
            if position > 0 and not previous_raw and not chunk.startswith(("\n", "\r\n")):
                chunk = newline + chunk  # after an entry we wrote, gettext's blank line
        else:
            chunk = format_entry(entry, newline)
            if position > 0:
                chunk = newline + chunk
        previous_raw = entry.raw is not None
        chunks.append(chunk)
    chunks.append(catalog.trailer)
    text = "".join(chunks)
    if catalog.newline == "\r":
        text = text.replace("\n", "\r")
    try:
        return text.encode(catalog.encoding)
    except UnicodeEncodeError as exc:
        char = text[exc.start]
        raise CatalogError(
            f"the catalog's charset {catalog.encoding} cannot hold {char!r} (U+{ord(char):04X}) of a message",
            path=path,
            hint="convert the catalog to UTF-8 first: msgconv -t UTF-8 FILE -o FILE",
        ) from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after it keeps the new file), where the OS allows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


ABSENT = "absent"  # the fingerprint of a file that does not exist


def fingerprint(data: bytes | None) -> str:
    """SHA-256 of a file's bytes, or ABSENT for a file that was not there (None), for ``write_atomic``."""
    import hashlib

    return ABSENT if data is None else hashlib.sha256(data).hexdigest()


# Called with the target path between the last check that the file is unchanged and the rename that replaces
# it: tests use it to land an "editor's save" exactly in that window.
BEFORE_REPLACE: list[Callable[[Path], None]] = []
RENAME_EXCHANGE = 2  # renameat2 flag (Linux): swap two names atomically
_AT_FDCWD = -100


def _exchange(first: str, second: str) -> bool:
    """Atomically swap two files' names (Linux renameat2); False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return bool(result == 0)


def saved_copy(path: Path) -> Path:
    """Where a file saved by someone else while we replaced it is kept when it cannot be put back."""
    return path.with_name(f"{path.name}.saved")


def _conflict(path: Path, kept: Path | None = None) -> ConflictError:
    message = "file changed on disk since it was read; not overwriting it"
    if kept is not None:
        message = f"file changed on disk while it was being replaced; the other version is kept in {kept.name}"
    return ConflictError(message, path=path, hint="run the command again")


def write_atomic(path: Path, data: bytes, *, expected: str | None = None) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and write nothing) when the bytes are unchanged.

    ``expected`` is the fingerprint of the file as it was read (``fingerprint(None)`` when it did not exist):
    if the file changed since (a translator's editor saved or created it), nothing is written and
    ConflictError is raised. The check is repeated after the new file is ready, and the replacement itself
    cannot lose a save that lands after that check: on Linux the two files are swapped atomically
    (renameat2), the replaced bytes are compared with what was read and, when they differ, swapped back (the
    editor's file stays, ConflictError); elsewhere a hard link keeps the replaced file, and a file that
    differs from what was read is kept beside it as ``NAME.saved``. A file created meanwhile is never
    replaced (the new file is linked into place, which fails when the name exists).
    """
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if expected is not None and fingerprint(current) != expected:
        raise _conflict(path)
    if current == data:
        return False
    if current is not None and not os.access(path, os.W_OK):
        # replacing by rename would ignore the file's permissions: a translator's read-only file stays as it is
        raise L10nError("file is read-only; not overwriting it", path=path, hint="make it writable to update it")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if current is not None else None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            os.chmod(tmp_name, 0o644)
        if expected is not None:
            try:
                again = path.read_bytes()
            except FileNotFoundError:
                again = None
            if fingerprint(again) != expected:  # saved while the new file was being written
                raise _conflict(path)
        for hook in BEFORE_REPLACE:
            hook(path)
        _replace(Path(tmp_name), path, data, expected)
        _sync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return True


def _replace(tmp: Path, path: Path, data: bytes, expected: str | None) -> None:
    """Move ``tmp`` over ``path``; when ``expected`` is given, never lose a version of ``path`` other than it."""
    if expected is None:
        os.replace(tmp, path)
        return
    if expected == ABSENT:
        try:
            os.link(tmp, path)  # fails if the file appeared meanwhile: it is not ours to replace
        except FileExistsError:
            raise _conflict(path) from None
        except OSError:  # no hard links here (some network shares): the check above is the guard
            os.replace(tmp, path)
            return
        os.unlink(tmp)
        return
    if _exchange(str(tmp), str(path)):
        replaced = _read_or_none(tmp)  # exactly what the swap took away
        if fingerprint(replaced) == expected:
            os.unlink(tmp)
            return
        _exchange(str(tmp), str(path))  # an editor's save: put it back, ours goes away
        mine = _read_or_none(tmp)
        if mine is not None and mine != data:
            os.replace(tmp, saved_copy(path))  # yet another save landed on ours meanwhile: keep it too
            raise _conflict(path, saved_copy(path))
        raise _conflict(path)
    backup = path.with_name(f".{path.name}.{os.getpid()}.replaced")
    try:
        os.link(path, backup)
    except OSError:
        os.replace(tmp, path)
        return
    try:
        os.replace(tmp, path)
        replaced = _read_or_none(backup)
        if fingerprint(replaced) != expected:
            os.replace(backup, saved_copy(path))
            raise _conflict(path, saved_copy(path))
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(backup)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_mo(catalog: Catalog, path: Path, *, include_fuzzy: bool = False) -> bool:
    """Compile to MO through polib (fuzzy entries left out, as msgfmt does)."""
    import polib

    mo = polib.MOFile()
    if catalog.header is not None:
        mo.metadata = parse_header(catalog.header.msgstr)
    for entry in catalog.live:
        if not entry.translated or (entry.fuzzy and not include_fuzzy):
            continue
        item = polib.MOEntry(msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt)
        if entry.msgid_plural is not None:
            item = polib.MOEntry(
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr_plural=dict(enumerate(entry.msgstr_plural)),
                msgctxt=entry.msgctxt,
            )
        mo.append(item)
    folder = path.parent if path.parent.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)  # hidden if a kill leaves it
    os.close(fd)
    try:
        mo.save(tmp)
        data = Path(tmp).read_bytes()
    finally:
        os.unlink(tmp)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, data)
