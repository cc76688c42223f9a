"""Values shared by the whole toolkit: segments of a booklet and entries of a catalog.

Frozen, slotted dataclasses with no I/O. A catalog's entries keep the exact text they were read from
(``raw``) so that a writer can put back, byte for byte, every entry nobody changed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit of a Markdown booklet.

    ``text`` is the msgid: the inline Markdown exactly as written, with soft line breaks turned into single
    spaces (hard breaks kept). ``start``/``end`` are UTF-8 byte offsets of the span that a rebuild replaces.
    """

    text: str
    kind: str
    start: int
    end: int
    line: int
    headings: tuple[str, ...] = ()
    context: str | None = None
    comments: tuple[str, ...] = ()
    prefix: str = ""
    width: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.text)


class EntryState(enum.Enum):
    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


@dataclass(frozen=True, slots=True)
class Entry:
    """One gettext message, field for field as in the PO format (comments without their ``#x `` marker)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)
    raw: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translations(self) -> tuple[str, ...]:
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    @property
    def translated(self) -> bool:
        return all(self.translations) and bool(self.translations)

    @property
    def state(self) -> EntryState:
        if self.obsolete:
            return EntryState.OBSOLETE
        if self.fuzzy:
            return EntryState.FUZZY
        if self.translated:
            return EntryState.TRANSLATED
        return EntryState.UNTRANSLATED

    def with_flag(self, flag: str, present: bool = True) -> Entry:
        flags = tuple(f for f in self.flags if f != flag)
        if present:
            flags = (flag, *flags) if flag == "fuzzy" else (*flags, flag)
        return replace(self, flags=flags)

    def changed(self, **fields: object) -> Entry:
        """A copy with new field values; it is rewritten in gettext layout when saved (``raw`` dropped)."""
        return replace(self, raw=None, **fields)  # type: ignore[arg-type]

    def __reduce__(self) -> tuple[type[Entry], tuple[object, ...]]:
        """Pickled as the constructor's arguments (every field, ``line`` and ``raw`` too): the catalogs the worker
        processes of ``adapters/pool.py`` send back load in two thirds of the time of the slotted dataclass'
        default (a state list set field by field)."""
        return (Entry, _ENTRY_FIELDS(self))


_ENTRY_FIELDS = attrgetter(*(f.name for f in fields(Entry)))


@dataclass(frozen=True, slots=True)
class Catalog:
    """A PO or POT file: header entry (if any), messages in file order, and how the file was written."""

    entries: tuple[Entry, ...]
    header: Entry | None = None
    newline: str = "\n"
    encoding: str = "utf-8"
    header_index: int = 0
    trailer: str = ""

    def header_fields(self) -> dict[str, str]:
        return parse_header(self.header.msgstr if self.header else "")

    @property
    def live(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if not e.obsolete)

    @property
    def obsolete(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.obsolete)


def parse_header(text: str) -> dict[str, str]:
    """Header msgstr -> ordered fields (``Name: value`` lines)."""
    fields: dict[str, str] = {}
    for line in text.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


def format_header(fields: dict[str, str]) -> str:
    return "".join(f"{name}: {value}\n" for name, value in fields.items())
