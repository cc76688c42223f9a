"""Translation progress figures: messages and source words translated, fuzzy and untranslated. Pure: no I/O.

The rules are those of the reference tools, so that a coordinator can check any figure with them:

- **States** as GNU ``msgfmt --statistics`` and translate-toolkit's ``pocount`` count them: the header is not
  a message; obsolete ``#~`` entries are counted apart and never as work; an entry is *fuzzy* when it has the
  ``fuzzy`` flag and a translation (a fuzzy entry with an empty msgstr is *untranslated*); it is *translated*
  when its (first) msgstr is not empty and it is not fuzzy. Like both tools, a plural entry counts as translated
  when its first form is filled.
- **Words** as ``pocount`` counts source words: ``<br>`` becomes a line break, XML/HTML tags are dropped, a dot
  between two non-digits (with them) becomes a space, and what is left is split into words by the Unicode word
  boundaries of UAX #29 (the ``unicode-segmentation`` crate that translate-toolkit uses), counting the segments
  that hold a letter or a digit. A plural entry counts the words of msgid and msgid_plural; msgctxt is not counted.
- **Percentages** are translated / total, by words or by messages. A catalog with nothing to translate is
  complete (100 %); a catalog that does not exist is 0 % and is named (``missing``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Catalog, Entry, EntryState
from .wordcount import word_count

GROUPINGS = ("booklet", "lang", "edition")
STATES = ("translated", "fuzzy", "untranslated")


@lru_cache(maxsize=1 << 16)
def _cached_word_count(text: str) -> int:
    return word_count(text)


def entry_words(entry: Entry) -> int:
    """Source words of one message: msgid, plus msgid_plural for a plural entry (as pocount)."""
    words = _cached_word_count(entry.msgid)
    if entry.msgid_plural is not None:
        words += _cached_word_count(entry.msgid_plural)
    return words


def progress_state(entry: Entry) -> EntryState:
    """The entry's state as msgfmt --statistics and pocount count it (see the module docstring)."""
    if entry.obsolete:
        return EntryState.OBSOLETE
    first = entry.msgstr_plural[0] if entry.msgid_plural is not None and entry.msgstr_plural else entry.msgstr
    if not first:
        return EntryState.UNTRANSLATED
    return EntryState.FUZZY if entry.fuzzy else EntryState.TRANSLATED


@dataclass(frozen=True, slots=True)
class Counts:
    """Messages and source words per state; ``changed`` are the fuzzy ones with a previous msgid (``#|``)."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    obsolete_words: int = 0
    changed: int = 0
    changed_words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.obsolete + other.obsolete,
            self.translated_words + other.translated_words,
            self.fuzzy_words + other.fuzzy_words,
            self.untranslated_words + other.untranslated_words,
            self.obsolete_words + other.obsolete_words,
            self.changed + other.changed,
            self.changed_words + other.changed_words,
        )

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def total_words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    def part(self, state: str, *, words: bool = True) -> int:
        """``part("fuzzy")`` -> fuzzy words (or messages with ``words=False``)."""
        return int(getattr(self, f"{state}_words" if words else state))

    def whole(self, *, words: bool = True) -> int:
        return self.total_words if words else self.total

    def percent(self, state: str = "translated", *, words: bool = True) -> float:
        """Share of ``state`` in percent; 100 for ``translated`` when there is nothing to translate."""
        whole = self.whole(words=words)
        if whole == 0:
            return 100.0 if state == "translated" else 0.0
        return 100.0 * self.part(state, words=words) / whole

    def as_untranslated(self) -> Counts:
        """The same messages with nothing translated: what a catalog that does not exist yet counts."""
        return Counts(untranslated=self.total, untranslated_words=self.total_words)


def count_entries(entries: Iterable[Entry]) -> Counts:
    """Counts for the entries of one catalog (without its header)."""
    n = {"translated": 0, "fuzzy": 0, "untranslated": 0, "obsolete": 0}
    w = dict.fromkeys(n, 0)
    changed = changed_words = 0
    for entry in entries:
        if entry.is_header:
            continue
        state = progress_state(entry)
        if not entry.msgid and state is EntryState.UNTRANSLATED:
            continue  # a blank unit: pocount skips it, msgfmt has nothing to compile
        words = entry_words(entry)
        n[state.value] += 1
        w[state.value] += words
        if state is EntryState.FUZZY and entry.previous_msgid is not None:
            changed += 1
            changed_words += words
    return Counts(
        translated=n["translated"],
        fuzzy=n["fuzzy"],
        untranslated=n["untranslated"],
        obsolete=n["obsolete"],
        translated_words=w["translated"],
        fuzzy_words=w["fuzzy"],
        untranslated_words=w["untranslated"],
        obsolete_words=w["obsolete"],
        changed=changed,
        changed_words=changed_words,
    )


def count_catalog(catalog: Catalog) -> Counts:
    return count_entries(catalog.entries)


def count_template(template: Catalog) -> Counts:
    """What a catalog made from this template would count before any translation: all untranslated."""
    return count_entries(e for e in template.entries if not e.obsolete).as_untranslated()


@dataclass(frozen=True, slots=True)
class CatalogProgress:
    """One catalog: edition x locale x booklet. ``missing``: the file does not exist; ``error``: it exists but
    cannot be read ("path:line: message"). Either way its counts are the template's, all untranslated (0 %).
    """

    edition: str
    lang: str
    booklet: str
    counts: Counts
    path: str = ""
    missing: bool = False
    error: str | None = None

    def percent(self, *, words: bool = True) -> float:
        return 0.0 if self.missing or self.error else self.counts.percent(words=words)


@dataclass(frozen=True, slots=True)
class Group:
    """A total over several catalogs; ``missing`` names the catalogs that do not exist (edition/lang/booklet)."""

    edition: str | None
    lang: str | None
    booklet: str | None
    counts: Counts
    missing: tuple[str, ...] = ()
    catalogs: int = 0
    unreadable: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return "/".join(x for x in (self.edition, self.lang, self.booklet) if x is not None)

    def percent(self, *, words: bool = True) -> float:
        """Translated share; a missing catalog contributes its words (or messages) as untranslated."""
        if self.catalogs and len(self.missing) + len(self.unreadable) == self.catalogs:
            return 0.0
        return self.counts.percent(words=words)


def _label(row: CatalogProgress) -> str:
    return f"{row.edition}/{row.lang}/{row.booklet}"


def group_rows(rows: Iterable[CatalogProgress], by: str) -> list[Group]:
    """Totals per edition x locale x booklet (``booklet``), per edition x locale (``lang``), per edition."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    keyfunc: Callable[[CatalogProgress], tuple[str | None, str | None, str | None]] = {
        "booklet": lambda r: (r.edition, r.lang, r.booklet),
        "lang": lambda r: (r.edition, r.lang, None),
        "edition": lambda r: (r.edition, None, None),
    }[by]
    totals: dict[tuple[str | None, str | None, str | None], tuple[Counts, list[str], int, list[str]]] = {}
    for row in rows:
        key = keyfunc(row)
        counts, missing, n, unreadable = totals.get(key, (Counts(), [], 0, []))
        if row.missing:
            missing.append(_label(row))
        if row.error:
            unreadable.append(_label(row))
        totals[key] = (counts + row.counts, missing, n + 1, unreadable)
    return [
        Group(*key, counts=c, missing=tuple(m), catalogs=n, unreadable=tuple(u)) for key, (c, m, n, u) in totals.items()
    ]


@dataclass(frozen=True, slots=True)
class EditionWork:
    """What an edition brought compared with the previous one: messages (and words) whose source text is new.

    With the ``changed`` counts (fuzzy messages carrying the previous text) this is the work a new edition
    gave translators: new text to translate, changed text to review.
    """

    edition: str
    previous: str | None
    messages: int
    words: int
    new_messages: int
    new_words: int


def new_units(previous: Iterable[Entry], current: Iterable[Entry]) -> tuple[int, int]:
    """(messages, words) of the live ``current`` entries whose (msgctxt, msgid) the ``previous`` ones lack."""
    known = {e.key for e in previous if not e.obsolete and not e.is_header}
    messages = words = 0
    for entry in current:
        if entry.obsolete or entry.is_header or not entry.msgid or entry.key in known:
            continue
        messages += 1
        words += entry_words(entry)
    return messages, words


@dataclass(frozen=True, slots=True)
class StatsReport:
    """Progress of every selected catalog, in edition, locale, booklet order."""

    rows: tuple[CatalogProgress, ...]
    editions: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    booklets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    work: tuple[EditionWork, ...] = ()

    @property
    def errors(self) -> tuple[str, ...]:
        """One "path:line: message" per catalog that could not be read (the others are counted)."""
        return tuple(r.error for r in self.rows if r.error)

    def groups(self, by: str) -> list[Group]:
        return group_rows(self.rows, by)

    def locale_totals(self) -> list[Group]:
        return group_rows(self.rows, "lang")

    def edition_totals(self) -> list[Group]:
        return group_rows(self.rows, "edition")

    def total(self) -> Counts:
        out = Counts()
        for row in self.rows:
            out += row.counts
        return out

    def below(self, threshold: float, *, words: bool = True) -> list[Group]:
        """Edition x locale totals whose translated share is under ``threshold`` percent (a CI gate)."""
        return [g for g in self.locale_totals() if g.percent(words=words) < threshold]

    def row(self, edition: str, lang: str, booklet: str) -> CatalogProgress | None:
        for item in self.rows:
            if (item.edition, item.lang, item.booklet) == (edition, lang, booklet):
                return item
        return None


# -- history ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CatalogChange:
    """A catalog a commit changed, and how its translated words moved."""

    path: str
    edition: str
    lang: str
    booklet: str
    translated_words_delta: int
    translated_delta: int


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """Progress at one commit: per edition x locale, summed over the booklets present at that commit."""

    commit: str
    date: str  # ISO 8601, the committer date
    author: str
    email: str
    summary: str
    progress: Mapping[tuple[str, str], Counts]
    changes: tuple[CatalogChange, ...] = ()

    def translated_words(self, lang: str, editions: Iterable[str] | None = None) -> int:
        wanted = None if editions is None else set(editions)
        return sum(
            c.translated_words
            for (ed, code), c in self.progress.items()
            if code == lang and (wanted is None or ed in wanted)
        )


@dataclass(frozen=True, slots=True)
class Contributor:
    """Someone who changed catalogs: commits, catalogs touched and translated words added, per locale."""

    author: str
    email: str
    commits: int
    catalogs: tuple[str, ...]
    words_by_lang: Mapping[str, int]

    @property
    def words(self) -> int:
        return sum(self.words_by_lang.values())


@dataclass(frozen=True, slots=True)
class History:
    points: tuple[HistoryPoint, ...]
    shallow: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def locales(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for point in self.points:
            for _, lang in point.progress:
                seen.setdefault(lang, None)
        return tuple(sorted(seen))

    def contributors(self) -> list[Contributor]:
        """Authors by translated words added (then commits), to thank them."""
        table: dict[tuple[str, str], tuple[int, dict[str, None], dict[str, int]]] = {}
        for point in self.points:
            if not point.changes:
                continue
            commits, catalogs, words = table.get((point.author, point.email), (0, {}, {}))
            for change in point.changes:
                catalogs.setdefault(change.path, None)
                if change.translated_words_delta > 0:
                    words[change.lang] = words.get(change.lang, 0) + change.translated_words_delta
            table[(point.author, point.email)] = (commits + 1, catalogs, words)
        people = [
            Contributor(author, email, n, tuple(sorted(cats)), dict(sorted(words.items())))
            for (author, email), (n, cats, words) in table.items()
        ]
        return sorted(people, key=lambda c: (-c.words, -c.commits, c.author))


def changes_between(
    before: Mapping[str, tuple[str, str, str, Counts]],
    after: Mapping[str, tuple[str, str, str, Counts]],
    changed_paths: Iterable[str],
) -> tuple[CatalogChange, ...]:
    """CatalogChange for each changed path; a catalog that appears counts from zero, one that goes to zero."""
    out = []
    for path in sorted(set(changed_paths)):
        old = before.get(path)
        new = after.get(path)
        ref = new or old
        if ref is None:
            continue
        old_counts = old[3] if old else Counts()
        new_counts = new[3] if new else Counts()
        out.append(
            CatalogChange(
                path,
                ref[0],
                ref[1],
                ref[2],
                new_counts.translated_words - old_counts.translated_words,
                new_counts.translated - old_counts.translated,
            )
        )
    return tuple(out)
