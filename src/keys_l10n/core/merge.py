"""The carry-over engine: an old translated catalog + a new template (+ hints, + memory) -> the new catalog.

One engine serves ``update`` (msgmerge semantics), ``merge`` (a drop-in for ``msgmerge --previous``) and
``migrate`` (editions, with hints from the alignment of ``compare``):

- an entry whose (msgctxt, msgid) is in the old catalog keeps its translation, translator comments and flags,
  and its exact bytes when nothing changed; references and extracted comments come from the template;
- an entry the alignment says was edited, split or merged gets the old translation(s) carried sentence by
  sentence (``core/sentences.py``): unchanged sentences keep their translated sentence, changed ones carry the old
  translated sentence; split units get their share of the old translation, merged units the joined ones;
- a new text OLD lacks or left untranslated that a compendium translates exactly gets that translation, final
  (``msgmerge -C``);
- any other new text gets the translation of the most similar earlier text in the memory (the old catalog,
  its obsolete entries, other catalogs of the project, compendia), with msgmerge's similarity measure and
  cut-off, the old catalog's own texts winning unless another one is clearly more similar (``LOCAL_MARGIN``);
  failing that, a translation composed from translated sentences of the memory when they cover most of the
  text;
- in ``merge`` and ``migrate``, a new text with no word to translate (code, file names, links) gets its own
  source as the suggestion (the translation of code is the code), with a comment asking to check it;
- every suggestion is ``fuzzy``, with the old text as previous msgid (``#|``) and an extracted comment saying
  where it came from; new texts with nothing similar stay empty;
- an old entry that nothing uses keeps its translation as an obsolete ``#~`` entry; obsolete entries whose text
  comes back are revived. Nothing translated is ever dropped; an existing translation in the target is never
  overwritten unless asked, and then the replaced entries are listed in ``MergeReport.replaced`` for the
  caller to keep (``migrate`` puts them in the language memory).

Pure: the caller reads and writes files.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass, field, replace

from .carry_text import carry_edited, divide_translation, substitute_placeables
from .fuzzy_index import MSGMERGE_CUTOFF
from .model import Catalog, Entry, format_header
from .translation_memory import TranslationMemory
from .wordcount import word_count

_EXTRACTOR_FLAGS = frozenset(
    {"c-format", "python-format", "python-brace-format", "no-c-format", "no-python-format", "no-python-brace-format"}
)
# Extracted comments that say where a suggestion came from. Kept as long as the entry keeps its translation, also
# once it is reviewed: an editor that approves a suggestion (Weblate, Poedit, msgmerge-like tools) drops `#, fuzzy`
# and `#|` but keeps `#.`, and `update` must not then rewrite the file (no ping-pong with a translation server).
PROVENANCE = "keys-l10n:"
LOCAL_MARGIN = 5.0  # points of similarity by which another catalog's text must beat the catalog's own


@dataclass(frozen=True, slots=True)
class Hint:
    """What the edition alignment says about a new unit: where its text came from."""

    kind: str  # "unchanged", "moved", "edited", "split", "merged"
    sources: tuple[tuple[str | None, str], ...]  # keys of the old units, in order
    similarity: float = 1.0
    part: int = 0  # for "split": which of the new units this is
    parts: tuple[str, ...] = ()  # for "split": the texts of all the new units, in order
    origin: str = ""  # e.g. "2014 presentation:12"


class Outcome(enum.StrEnum):
    """What ``merge_catalog`` did with one entry; each is a count of ``MergeReport`` (the value is its name)."""

    KEPT = "kept"
    MOVED = "moved"
    FUZZY = "fuzzy"
    EDITED = "edited"
    SPLIT = "split"
    MERGED = "merged"
    COMPOSED = "composed"
    NEW = "new"
    OBSOLETED = "obsoleted"
    REVIVED = "revived"


_NAMES = {outcome: str(outcome.value) for outcome in Outcome}


@dataclass
class MergeReport:
    kept: int = 0
    moved: int = 0
    fuzzy: int = 0
    edited: int = 0
    split: int = 0
    merged: int = 0
    composed: int = 0
    new: int = 0
    obsoleted: int = 0
    revived: int = 0
    words: dict[str, int] = field(default_factory=dict)
    fuzzy_pairs: list[tuple[str, str, float]] = field(default_factory=list)
    replaced: list[Entry] = field(default_factory=list)  # target translations given way to (``overwrite``)

    def add(self, other: MergeReport) -> None:
        for outcome in Outcome:
            setattr(self, outcome.value, getattr(self, outcome.value) + getattr(other, outcome.value))
        for kind, count in other.words.items():
            self.words[kind] = self.words.get(kind, 0) + count
        self.fuzzy_pairs.extend(other.fuzzy_pairs)
        self.replaced.extend(other.replaced)

    def count(self, outcome: Outcome, entry: Entry) -> None:
        name = _NAMES[outcome]  # ``outcome.value``, looked up without the enum's descriptor (once per entry)
        setattr(self, name, getattr(self, name) + 1)
        words = self.words
        words[name] = words.get(name, 0) + word_count(entry.msgid)


def _kept(old: Entry, new: Entry) -> Entry:
    """The old entry with the template's automatic fields; unchanged bytes when nothing changed."""
    old_flags = old.flags
    flags = (
        tuple(f for f in old_flags if f not in _EXTRACTOR_FLAGS)
        + tuple(f for f in new.flags if f in _EXTRACTOR_FLAGS and f not in old_flags)
        if old_flags or new.flags
        else ()
    )
    old_comments = old.extracted_comments
    provenance = tuple(c for c in old_comments if c.startswith(PROVENANCE)) if old_comments else ()
    comments = new.extracted_comments + tuple(c for c in provenance if c not in new.extracted_comments)
    plural = new.msgid_plural if new.msgid_plural is not None else old.msgid_plural
    if (comments, new.references, flags, plural, False) == (
        old_comments,
        old.references,
        old_flags,
        old.msgid_plural,
        old.obsolete,
    ):
        return old  # the only fields that change below: one comparison instead of a copy (a book has many)
    # ``replace(old, ...)`` spelled out (the constructor's arguments in field order): a book keeps tens of
    # thousands of entries, and ``dataclasses.replace`` takes twice the time
    return Entry(
        old.msgid,
        old.msgstr,
        old.msgctxt,
        plural,
        old.msgstr_plural,
        flags,
        old.translator_comments,
        comments,
        new.references,
        old.previous_msgctxt,
        old.previous_msgid,
        old.previous_msgid_plural,
        False,
        old.line,
        None,
    )


def _suggest(
    new: Entry,
    msgstr: str,
    *,
    previous: Entry | None,
    previous_text: str | None,
    origin: str,
    keep_previous: bool,
) -> Entry:
    comments = new.extracted_comments + ((origin,) if origin else ())
    plural = new.msgid_plural is not None
    return replace(
        new,
        msgstr="" if plural else msgstr,
        msgstr_plural=(previous.msgstr_plural if previous is not None and previous.msgid_plural else ())
        if plural
        else (),
        flags=("fuzzy", *new.flags),
        translator_comments=previous.translator_comments if previous is not None else (),
        extracted_comments=comments,
        previous_msgid=previous_text if keep_previous else None,
        previous_msgctxt=(previous.msgctxt if previous is not None and previous.msgctxt != new.msgctxt else None)
        if keep_previous
        else None,
        raw=None,
    )


@dataclass(frozen=True, slots=True)
class MergeOptions:
    """How ``merge_catalog`` carries translations (the defaults are ``update``'s, msgmerge's)."""

    fuzzy_matching: bool = True  # suggest the translations of similar texts (msgmerge without -N)
    cutoff: float = MSGMERGE_CUTOFF  # the least similarity (0-100) of a suggestion
    keep_previous: bool = True  # the old text of a suggestion as previous msgid (#|)
    compose: bool = True  # adjust suggestions sentence by sentence; compose them from translated sentences
    overwrite: bool = False  # a translation in the target gives way to one the alignment carries
    fill_untranslated: bool = False  # an entry the target has untranslated gets a suggestion
    copy_untranslatable: bool = False  # a text with no word to translate gets itself as suggestion
    prefer_local: bool = True  # the catalog's own old texts win unless another is clearly more similar


def merge_catalog(
    old: Catalog,
    template: Catalog,
    options: MergeOptions | None = None,
    *,
    memory: TranslationMemory | None = None,
    hints: dict[tuple[str | None, str], Hint] | None = None,
    hint_entries: dict[tuple[str | None, str], Entry] | None = None,
    compendium: dict[tuple[str | None, str], Entry] | None = None,
) -> tuple[Catalog, MergeReport]:
    """The new catalog for ``template``, carrying everything it can from ``old`` (see the module docstring)."""
    opts = options or MergeOptions()
    own_memory: TranslationMemory | None = None
    if memory is None:
        memory = own_memory = TranslationMemory(old.entries)
    merge = _Merge(old, template, opts, memory, own_memory, hints or {}, hint_entries, compendium)
    result = [merge.entry(new) for new in template.entries]
    result += _obsolete_entries(old, merge.used, merge.report)
    return replace(old, entries=tuple(result), header=_merged_header(old, template)), merge.report


_Key = tuple[str | None, str]


@dataclass
class _Merge:
    """One run of ``merge_catalog``: what it reads, the old keys it used and its report."""

    old: Catalog
    template: Catalog
    opts: MergeOptions
    memory: TranslationMemory
    own_memory: TranslationMemory | None  # the memory made of ``old`` when the caller gave none
    hints: dict[_Key, Hint]
    hint_entries: dict[_Key, Entry] | None
    compendium: dict[_Key, Entry] | None
    report: MergeReport = field(default_factory=MergeReport)
    used: set[_Key] = field(default_factory=set)
    local: TranslationMemory | None = None  # the catalog's own old texts, preferred when about as similar
    by_key: dict[_Key, Entry] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {e.key: e for e in self.old.entries}

    def entry(self, new: Entry) -> Entry:
        """The new catalog's entry for the template's ``new``."""
        previous = self.by_key.get(new.key)
        hint = _exact_hint(new.key, self.hints.get(new.key), self.hint_entries)
        # --overwrite: a translation already in the target gives way to one carried by the alignment (only).
        if previous is not None and self.opts.overwrite and previous.translated and hint is not None:
            carried = self._overwritten(new, previous, hint)
            if carried is not None:
                return carried
        compendium = self.compendium
        exact = compendium.get(new.key) if compendium and (previous is None or not any(previous.translations)) else None
        if exact is not None:  # msgmerge -C: an exact compendium match fills the message, final as it is there
            if previous is not None:
                self.used.add(new.key)
            self.report.count(Outcome.KEPT, new)
            return _kept(replace(exact, msgctxt=new.msgctxt, raw=None), new)
        empty = previous is not None and not previous.obsolete and not any(previous.translations)
        if previous is not None and not (empty and self.opts.fill_untranslated):
            self.used.add(new.key)
            if previous.obsolete:
                self.report.count(Outcome.REVIVED, new)
            else:
                self.report.count(Outcome.KEPT if previous.translated else Outcome.NEW, new)
            return _kept(previous, new)
        return self._suggestion(new, previous, hint)

    def _overwritten(self, new: Entry, previous: Entry, hint: Hint) -> Entry | None:
        """The translation the alignment carries, replacing ``previous``'s; None when it carries nothing."""
        scratch = MergeReport()
        carried = _from_hint(new, hint, self.hint_entries or self.by_key, self.opts.keep_previous, scratch)
        if carried is None or not any(carried.translations):  # never replaced by nothing
            return None
        self.used.add(new.key)
        self.report.add(scratch)
        if carried.translations != previous.translations:
            self.report.replaced.append(previous)  # the caller keeps it (migrate: in the language memory)
        return replace(carried, translator_comments=previous.translator_comments)

    def _suggestion(self, new: Entry, previous: Entry | None, hint: Hint | None) -> Entry:
        """A fuzzy suggestion from the hint or the memory; failing that, the entry as it is (untranslated)."""
        opts = self.opts
        suggestion = _from_hint(new, hint, self.hint_entries or self.by_key, opts.keep_previous, self.report)
        if suggestion is None and opts.fuzzy_matching:
            if self.local is None and opts.prefer_local and self.memory is not self.own_memory:
                self.local = TranslationMemory(self.old.entries)
            suggestion = _from_memory(
                new,
                self.memory,
                opts.cutoff,
                opts.keep_previous,
                opts.compose,
                self.report,
                opts.copy_untranslatable,
                local=self.local,
            )
        if previous is not None:
            self.used.add(new.key)
            if suggestion is not None:
                suggestion = replace(suggestion, translator_comments=previous.translator_comments)
        if suggestion is not None:
            return suggestion
        self.report.count(Outcome.NEW, new)
        if previous is not None:
            return _kept(previous, new)
        # the template's bytes, unless its line ends differ from the catalog's (a CRLF catalog)
        return new if self.template.newline == self.old.newline else replace(new, raw=None)


def _obsolete_entries(old: Catalog, used: set[_Key], report: MergeReport) -> list[Entry]:
    """The old entries nothing used, as obsolete entries (untranslated ones are dropped)."""
    result: list[Entry] = []
    for entry in old.entries:
        if entry.key in used:
            continue
        if entry.obsolete:
            result.append(entry)
        elif any(entry.translations):  # msgmerge and msgcat drop untranslated obsolete entries
            report.obsoleted += 1
            result.append(replace(entry, obsolete=True, raw=None, extracted_comments=(), references=()))
    return result


def _merged_header(old: Catalog, template: Catalog) -> Entry | None:
    """The old header, with the template's POT-Creation-Date."""
    header = old.header
    if header is not None and template.header is not None:
        date = template.header_fields().get("POT-Creation-Date")
        fields = old.header_fields()
        if date is not None and fields.get("POT-Creation-Date") != date:
            fields["POT-Creation-Date"] = date
            header = replace(header, msgstr=format_header(fields), raw=None)
    return header


def _exact_hint(
    key: tuple[str | None, str], hint: Hint | None, hint_entries: dict[tuple[str | None, str], Entry] | None
) -> Hint | None:
    """The same text translated (and reviewed) in the old edition's catalog wins over what the alignment says
    about this unit: a text repeated in the booklet ("Objectives") has one entry but several alignment pairs,
    and the first of them may be an edit of some other old text."""
    same = hint_entries.get(key) if hint_entries is not None else None
    if same is None or same.obsolete or same.fuzzy or not same.translated:
        return hint
    if hint is not None and hint.kind in ("unchanged", "moved") and hint.sources == (key,):
        return hint
    return Hint("unchanged", (key,))


def _from_hint(
    new: Entry,
    hint: Hint | None,
    by_key: dict[tuple[str | None, str], Entry],
    keep_previous: bool,
    report: MergeReport,
) -> Entry | None:
    if hint is None:
        return None
    olds = [by_key.get(key) for key in hint.sources]
    if not olds or any(
        o is None or not o.translated or (o.fuzzy and hint.kind not in ("moved", "unchanged")) for o in olds
    ):
        return None
    sources = [o for o in olds if o is not None]
    first = sources[0]
    origin = f"keys-l10n: {hint.kind} from {hint.origin}" if hint.origin else ""
    if hint.kind in ("moved", "unchanged"):
        report.count(Outcome.MOVED if hint.kind == "moved" else Outcome.KEPT, new)
        # ``replace(new, msgstr=..., msgstr_plural=..., flags=..., translator_comments=..., raw=None)`` spelled
        # out, as in ``_kept`` (every unit ``migrate`` carries comes here)
        return Entry(
            new.msgid,
            first.msgstr,
            new.msgctxt,
            new.msgid_plural,
            first.msgstr_plural,
            tuple(f for f in first.flags if f not in _EXTRACTOR_FLAGS) + new.flags if first.flags else new.flags,
            first.translator_comments,
            new.extracted_comments,
            new.references,
            new.previous_msgctxt,
            new.previous_msgid,
            new.previous_msgid_plural,
            new.obsolete,
            new.line,
            None,
        )
    if hint.kind == "edited":
        text = substitute_placeables(first.msgid, carry_edited(first.msgid, first.msgstr, new.msgid), new.msgid)
        report.count(Outcome.EDITED, new)
        report.fuzzy_pairs.append((first.msgid, new.msgid, hint.similarity * 100))
        origin = f"{origin} (similarity {math.floor(hint.similarity * 100)} %)" if origin else ""
        return _suggest(
            new, text, previous=first, previous_text=first.msgid, origin=origin, keep_previous=keep_previous
        )
    if hint.kind == "split":
        shares, certain = divide_translation(first.msgid, first.msgstr, hint.parts or (new.msgid,))
        text = shares[hint.part] if hint.part < len(shares) else ""
        report.count(Outcome.SPLIT, new)
        if not certain and origin:
            origin = f"{origin}; the old translation could not be divided with certainty: check the division"
        if not text:
            # its sentences' translation went to another part: left empty (never a copy of the whole, nor a
            # memory suggestion repeating the same translation), saying where the translation is
            return replace(
                new,
                extracted_comments=new.extracted_comments
                + ((f"{origin}; its translation is in another part of the split",) if origin else ()),
                raw=None,
            )
        return _suggest(
            new, text, previous=first, previous_text=first.msgid, origin=origin, keep_previous=keep_previous
        )
    if hint.kind == "merged":
        report.count(Outcome.MERGED, new)
        text = " ".join(o.msgstr for o in sources)
        previous_text = " ".join(o.msgid for o in sources)
        return _suggest(
            new, text, previous=first, previous_text=previous_text, origin=origin, keep_previous=keep_previous
        )
    return None


def _from_memory(
    new: Entry,
    memory: TranslationMemory,
    cutoff: float,
    keep_previous: bool,
    compose: bool,
    report: MergeReport,
    copy_untranslatable: bool = False,
    *,
    local: TranslationMemory | None = None,
) -> Entry | None:
    if not new.msgid:
        return None
    # The catalog's own old text wins over another catalog's unless that one is clearly more similar: an edited
    # paragraph's own old translation, not a look-alike from elsewhere (what msgmerge, which sees only the one
    # catalog, offers). The memory is then searched only for a text more similar by LOCAL_MARGIN (``above``).
    near = local.best(new.msgid, cutoff) if local is not None else None
    origin = memory.origin_of(near[0]) if near is not None else ""
    found = memory.best(new.msgid, cutoff, above=near[1] + LOCAL_MARGIN if near is not None and origin else None)
    if near is not None and (found is None or found[1] <= near[1] + LOCAL_MARGIN):
        found = (near[0], near[1], origin or (found[2] if found else ""))
    if found is not None:
        match, score, origin = found
        text = carry_edited(match.msgid, match.msgstr, new.msgid) if compose else match.msgstr
        text = substitute_placeables(match.msgid, text, new.msgid)
        report.count(Outcome.FUZZY, new)
        report.fuzzy_pairs.append((match.msgid, new.msgid, score))
        note = f"keys-l10n: similar text ({score:.0f} %) in {origin}" if origin else ""
        return _suggest(new, text, previous=match, previous_text=match.msgid, origin=note, keep_previous=keep_previous)
    if compose:
        composed = memory.compose(new.msgid)
        if composed is not None:
            text, coverage, source = composed
            report.count(Outcome.COMPOSED, new)
            note = f"keys-l10n: composed from translated sentences ({coverage:.0%} of the text)"
            # previous msgid: the translated sentences' sources, so that editors show what differs
            return _suggest(new, text, previous=None, previous_text=source, origin=note, keep_previous=keep_previous)
        if copy_untranslatable and untranslatable(new.msgid):
            report.count(Outcome.COMPOSED, new)
            note = "keys-l10n: no words to translate (code, names, links): the source is copied, please check"
            return _suggest(
                new, new.msgid, previous=None, previous_text=new.msgid, origin=note, keep_previous=keep_previous
            )
    return None


_NOT_PROSE = re.compile(
    r"```.*?```|~~~.*?~~~|`[^`]*`|https?://\S+|\]\([^)]*\)|<[^>]+>|\{\{[^}]*\}\}|\[\^[^\]]*\]|\b\w+\.\w{1,4}\b",
    re.DOTALL,
)
_PROSE_WORD = re.compile(r"[^\W\d_]{2,}")


def untranslatable(text: str) -> bool:
    """True when a text has no word to translate once code, links, file names and markup are set aside."""
    return bool(text.strip()) and _PROSE_WORD.search(_NOT_PROSE.sub(" ", text)) is None


def same_content(a: Catalog, b: Catalog, *, ignore: tuple[str, ...] = ("POT-Creation-Date",)) -> bool:
    """Equal entries and headers, ignoring the given header fields (msgmerge's rule for "no change")."""
    if a.entries != b.entries:
        return False
    fa, fb = a.header_fields(), b.header_fields()
    for name in ignore:
        fa.pop(name, None)
        fb.pop(name, None)
    if fa != fb:
        return False
    ha, hb = a.header, b.header
    if (ha is None) != (hb is None):
        return False
    return ha is None or hb is None or (ha.translator_comments, ha.flags) == (hb.translator_comments, hb.flags)
