"""The strict PO lexer: gettext's reading rules line by line, every refusal a CatalogError at its line.

It reads anything gettext's readers read (strings continued with a backslash, several strings on one line,
keywords without a space, CR line ends, obsolete previous-msgids...) and refuses what they refuse. It is
hand-written because none of the libraries reports these errors with lines (see ``../shared/bad-po``: polib
truncates unterminated strings silently, translate-toolkit drops unknown escapes, renumbers ``msgstr[N]``,
rejects mixed line endings and fails on valid Latin-1). ``adapters/po_fastlex.py`` reads the common shapes of a
catalog faster and hands the rest of the file to this lexer, so both must build the same entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import CatalogError
from ..core.model import Entry

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)")
_VALID_ESCAPE = re.compile(r'\\(?:[ntrabfv"\\?\']|[0-7]{1,3}|x[0-9a-fA-F]+)')
# A string's body: plain characters and backslash pairs, stopping at the closing quote or at a backslash that
# ends the physical line (a continuation).
_STRING_BODY = re.compile(r'(?:[^"\\]+|\\(?!\r?\Z)[\s\S])*')
_ESCAPE = re.compile(r"\\(?:([ntrabfv\"\\?'])|([0-7]{1,3})|x([0-9a-fA-F]+))")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
PREVIOUS_ORDERS = (
    ["msgid"],
    ["msgctxt", "msgid"],
    ["msgid", "msgid_plural"],
    ["msgctxt", "msgid", "msgid_plural"],
)


def unescape(body: str) -> str:
    """A string's body with its C escapes decoded (ValueError/OverflowError: a \\x beyond Unicode)."""

    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return _SIMPLE.get(m.group(1), m.group(1))
        if m.group(2) is not None:
            return chr(int(m.group(2), 8))
        return chr(int(m.group(3), 16))

    return _ESCAPE.sub(one, body)


def invalid_escape(body: str) -> str | None:
    """The character after the first backslash that starts no valid escape ("" at the end), or None."""
    for m in re.finditer(r"\\(.?)", body):
        if not _VALID_ESCAPE.match(body, m.start()):
            return m.group(1)
    return None


def add_comment(body: str, translator: list[str], extracted: list[str], refs: list[str], flags: list[str]) -> None:
    """File one ``#``, ``#.``, ``#:`` or ``#,`` comment line (``#|`` lines are not comments here)."""
    marker = body[1:2]
    content = body[2:].removeprefix(" ")
    if marker == ".":
        extracted.append(content)
    elif marker == ":":
        refs.extend(content.split())
    elif marker == ",":
        flags.extend(f.strip() for f in content.split(",") if f.strip())
    else:
        translator.append(body[1:].removeprefix(" "))


@dataclass
class _Field:
    name: str
    index: int | None
    parts: list[str]
    line: int


@dataclass
class _Draft:
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


class StrictLexer:
    """Entries of ``text`` (the rest of a file from line ``first_line`` on, at an entry boundary)."""

    def __init__(self, text: str, path: Path | str, first_line: int = 1) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.offset = first_line - 1
        self.warnings: list[str] = []
        self.i = 0  # the line being read
        self.draft: _Draft | None = None
        self.last_field: _Field | None = None
        self.last_prev: _Field | None = None

    def error(self, message: str, line: int, hint: str | None = None) -> CatalogError:
        return CatalogError(message, path=self.path, line=line, hint=hint)

    def entries(self) -> Iterator[Entry]:
        """Each entry with its source text (``raw``: the blank lines before it, its comments and strings);
        ``trailer`` holds what follows the last one once the iteration is over."""
        lines = self.lines
        line_texts = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        consumed = 0
        for draft in self.drafts():
            yield self.build(draft, "".join(line_texts[consumed : draft.lines_end]))
            consumed = draft.lines_end
        # Comments after the last entry belong to no message: gettext's readers accept them (msgcat drops them);
        # they stay in the file as its trailer, byte for byte.
        self.trailer = "".join(line_texts[consumed:])

    def drafts(self) -> Iterator[_Draft]:
        lines = self.lines
        while self.i < len(lines):
            line = lines[self.i].rstrip("\r")
            lineno = self.i + 1 + self.offset
            if not line.strip():
                yield from self._finish()
                self.last_field = self.last_prev = None
                self.i += 1
                continue
            obsolete = line.startswith("#~")
            body = line
            if obsolete:
                body = line[2:].removeprefix(" ")
                if body.startswith("|"):
                    body = "#" + body
                elif not body.strip():
                    self.i += 1
                    continue
            if body.startswith("#") and (not obsolete or body.startswith("#|")):
                yield from self._comment(line, body, lineno)
            else:
                yield from self._field_line(body, obsolete, lineno)
        if self.draft is not None and self.draft.fields:
            self.draft.lines_end = len(lines) if lines[-1] else len(lines) - 1
            yield self.draft

    def _finish(self) -> Iterator[_Draft]:
        """The entry read so far, when it has its strings, ends at the current line."""
        if self.draft is not None and self.draft.fields:
            self.draft.lines_end = self.i
            yield self.draft
            self.draft = None

    def _comment(self, line: str, body: str, lineno: int) -> Iterator[_Draft]:
        yield from self._finish()
        if self.draft is None:
            self.draft = _Draft(lines_start=self.i)
        draft = self.draft
        self.last_field = None
        marker = body[1:2]
        if marker != "|" and (len(line) - len(line.rstrip("\\"))) % 2:
            self._comment_backslash(lineno)
        if marker != "|" and draft.previous:
            raise self.error(
                "comment after the previous-msgid (#|) lines",
                lineno,
                hint="gettext wants the #| lines right before msgctxt/msgid: move this comment above them",
            )
        if marker == "|":
            self._previous(line, body, lineno)
        else:
            add_comment(body, draft.translator, draft.extracted, draft.references, draft.flags)
        self.i += 1

    def _comment_backslash(self, lineno: int) -> None:
        """gettext's reader joins the next line to this one: harmless for a comment, fatal otherwise."""
        following = self.lines[self.i + 1].strip() if self.i + 1 < len(self.lines) else ""
        if following and not following.startswith("#"):
            raise self.error(
                "comment ends with a backslash, so gettext joins the next line to it",
                lineno,
                hint="add a space after the backslash",
            )
        self.warnings.append(
            f"{self.path}:{lineno}: comment ends with a backslash: gettext tools join the next line to it"
        )

    def _previous(self, line: str, body: str, lineno: int) -> None:
        """One ``#|`` line: the start or a continuation of a previous msgctxt, msgid or msgid_plural."""
        assert self.draft is not None
        rest = body[2:].lstrip(" ")
        match = _KEYWORD.match(rest)
        if match and match.group(1) in ("msgctxt", "msgid", "msgid_plural"):
            value, self.i = self.quoted(rest[match.end() :], lineno, self.i)
            self.last_prev = _Field(match.group(1), None, [value], lineno)
            self.draft.previous.append(self.last_prev)
        elif rest.startswith('"') and self.last_prev is not None:
            value, self.i = self.quoted(rest, lineno, self.i)
            self.last_prev.parts.append(value)
        else:
            raise self.error(
                f"malformed previous-msgid comment: {line[:40]!r}", lineno, hint='expected #| msgid "..." or #| "..."'
            )

    def _field_line(self, body: str, obsolete: bool, lineno: int) -> Iterator[_Draft]:
        """A keyword line (``msgid "..."``) or a string continuing the last keyword."""
        if obsolete and self.draft is not None and self.draft.obsolete is False:
            raise self.error("obsolete #~ line inside a live entry", lineno)
        if not obsolete and self.draft is not None and self.draft.obsolete:
            raise self.error("live line inside an obsolete #~ entry", lineno)
        rest = body.lstrip(" \t")
        if rest.startswith('"'):
            if self.last_field is None:
                raise self.error("string without a keyword before it", lineno)
            value, self.i = self.quoted(rest, lineno, self.i)
            self.last_field.parts.append(value)
            self.i += 1
            return
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
        if (
            self.draft is not None
            and base in ("msgctxt", "msgid")
            and any(f.name == "msgstr" for f in self.draft.fields)
        ):
            yield from self._finish()
        if self.draft is None:
            self.draft = _Draft(lines_start=self.i)
        self.draft.obsolete = obsolete
        value, i_end = self.quoted(rest[match.end() :], lineno, self.i)
        self.last_field = _Field(base, index, [value], lineno)
        self.draft.fields.append(self.last_field)
        if base == "msgid":
            self.draft.msgid_line = lineno
        self.i = i_end + 1

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
        bad = invalid_escape(joined)
        if bad is not None:
            raise self.error(f"invalid escape sequence \\{bad}", lineno, hint=r"write \\ for a backslash")
        try:
            return unescape(joined), i
        except (ValueError, OverflowError):  # \x110000 and beyond: no such character
            raise self.error("hexadecimal escape beyond the last Unicode character", lineno) from None

    def _values(self, d: _Draft) -> tuple[dict[str, str], dict[int, str], list[str], dict[str, int]]:
        """The entry's strings by keyword, its plural forms by index, the keywords' order and first lines."""
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
        return values, plural, order, line_of

    def _check_shape(
        self, d: _Draft, values: dict[str, str], plural: dict[int, str], order: list[str], line_of: dict[str, int]
    ) -> None:
        """The keywords an entry needs, in gettext's order, and plural forms that agree."""
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
        previous_order = [f.name for f in d.previous]
        if previous_order and previous_order not in PREVIOUS_ORDERS:
            raise self.error(
                "previous-msgid (#|) lines out of order, repeated or without #| msgid",
                d.previous[0].line,
                hint="write #| msgctxt (optional), #| msgid, #| msgid_plural (optional), once each",
            )
        msgid = values["msgid"]
        if "\x04" in msgid or "\x04" in values.get("msgctxt", ""):
            raise self.error("EOT control character (context separator) inside msgid", d.msgid_line)

    def build(self, d: _Draft, raw: str) -> Entry:
        values, plural, order, line_of = self._values(d)
        self._check_shape(d, values, plural, order, line_of)
        previous = {f.name: "".join(f.parts) for f in d.previous}
        for text in (*values.values(), *plural.values()):
            if "\x00" in text:
                self.warnings.append(
                    f"{self.path}:{d.msgid_line}: NUL byte in a string: it cannot survive compilation to MO"
                )
                break
        return Entry(
            msgid=values["msgid"],
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
            raw=raw,
        )
