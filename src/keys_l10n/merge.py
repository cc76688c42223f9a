"""The carry-over engine: an old translated catalog + a new template (+ hints, + memory) -> the new catalog.

One engine serves ``update`` (msgmerge semantics), ``merge`` (a drop-in for ``msgmerge --previous``) and
``migrate`` (editions, with hints from the alignment of ``compare``):

- an entry whose (msgctxt, msgid) is in the old catalog keeps its translation, translator comments and flags,
  and its exact bytes when nothing changed; references and extracted comments come from the template;
- an entry the alignment says was edited, split or merged gets the old translation(s) carried sentence by
  sentence (``sentences.py``): unchanged sentences keep their translated sentence, changed ones carry the old
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

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from .memory import MSGMERGE_CUTOFF, FuzzyIndex
from .model import Catalog, Entry, format_header
from .pool import ordered_map
from .sentences import NextOccurrence, align_sentences, split_sentences
from .wordcount import word_count

_EXTRACTOR_FLAGS = frozenset(
    {"c-format", "python-format", "python-brace-format", "no-c-format", "no-python-format", "no-python-brace-format"}
)
# Extracted comments that say where a suggestion came from. Kept as long as the entry keeps its translation, also
# once it is reviewed: an editor that approves a suggestion (Weblate, Poedit, msgmerge-like tools) drops `#, fuzzy`
# and `#|` but keeps `#.`, and `update` must not then rewrite the file (no ping-pong with a translation server).
PROVENANCE = "keys-l10n:"
SENTENCE_CUTOFF = 70.0
COMPOSE_COVERAGE = 0.5
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
        for name in ("kept", "moved", "fuzzy", "edited", "split", "merged", "composed", "new", "obsoleted", "revived"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, count in other.words.items():
            self.words[kind] = self.words.get(kind, 0) + count
        self.fuzzy_pairs.extend(other.fuzzy_pairs)
        self.replaced.extend(other.replaced)

    def count(self, kind: str, entry: Entry) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.words[kind] = self.words.get(kind, 0) + word_count(entry.msgid)


class TranslationMemory:
    """Translated (non-fuzzy) entries to draw suggestions from, whole and sentence by sentence."""

    def __init__(self, entries: Iterable[Entry], origins: Iterable[str] | None = None) -> None:
        self.entries: list[Entry] = []
        self.origins: list[str] = []
        origin_list = list(origins) if origins is not None else None
        seen: set[tuple[str, str]] = set()
        for position, entry in enumerate(entries):
            if entry.msgid_plural is not None or not entry.translated or entry.fuzzy or not entry.msgid:
                continue
            if (entry.msgid, entry.msgstr) in seen:
                continue
            seen.add((entry.msgid, entry.msgstr))
            self.entries.append(entry)
            self.origins.append(origin_list[position] if origin_list else "")
        self._index: FuzzyIndex | None = None
        self._origin_table: dict[tuple[str, str], str] | None = None
        self._sentences: dict[str, str] | None = None
        self._sentence_index: FuzzyIndex | None = None
        self._sentence_keys: list[str] = []
        self._sentence_owner: dict[str, str] = {}  # a translated sentence's source -> the msgid it came from

    def origin_of(self, entry: Entry) -> str:
        """Where an entry equal to ``entry`` (same text and translation) is in this memory, or ""."""
        if self._origin_table is None:
            self._origin_table = {(e.msgid, e.msgstr): o for e, o in zip(self.entries, self.origins, strict=True)}
        return self._origin_table.get((entry.msgid, entry.msgstr), "")

    def __len__(self) -> int:
        return len(self.entries)

    def best(self, text: str, cutoff: float) -> tuple[Entry, float, str] | None:
        if not self.entries:
            return None
        if self._index is None:
            self._index = FuzzyIndex([e.msgid for e in self.entries])
        found = self._index.best(text, cutoff=cutoff)
        if found is None:
            return None
        return self.entries[found[0]], found[1], self.origins[found[0]]

    def prepare(self, *, jobs: int | None = None, size: int | None = None) -> None:
        """Build the indexes now, splitting the texts into sentences over the cores (``pool.py``): before the
        memory serves several catalogs in forked workers, which then share them instead of each building its own.
        The same indexes as those built on first use."""
        if self._index is None and self.entries:
            self._index = FuzzyIndex([e.msgid for e in self.entries])
        if self._sentences is None:
            texts = [(e.msgid, e.msgstr) for e in self.entries]
            chunks = [texts[start : start + _CHUNK] for start in range(0, len(texts), _CHUNK)]
            split = [pairs for chunk in ordered_map(_sentence_pairs, chunks, jobs=jobs, size=size) for pairs in chunk]
            self._build_sentences(split)

    def _build_sentences(self, split: list[list[tuple[str, str]]] | None = None) -> None:
        table: dict[str, str] = {}
        for position, entry in enumerate(self.entries):
            pairs = split[position] if split is not None else sentence_pairs_cached(entry.msgid, entry.msgstr)
            for source, target in pairs:
                if source not in table:
                    table[source] = target
                    self._sentence_owner[source] = entry.msgid
        self._sentences = table
        self._sentence_keys = list(table)
        self._sentence_index = FuzzyIndex(self._sentence_keys)

    def sentence(self, text: str) -> tuple[str, float] | None:
        found = self.sentence_match(text)
        return None if found is None else (found[0], found[1])

    def sentence_match(self, text: str) -> tuple[str, float, str] | None:
        """The translation of the most similar translated sentence, its score and that sentence's source."""
        if self._sentences is None:
            self._build_sentences()
        assert self._sentences is not None and self._sentence_index is not None
        exact = self._sentences.get(text)
        if exact is not None:
            return exact, 100.0, text
        found = self._sentence_index.best(text, cutoff=SENTENCE_CUTOFF)
        if found is None:
            return None
        source = self._sentence_keys[found[0]]
        return self._sentences[source], found[1], source

    def compose(self, text: str) -> tuple[str, float, str] | None:
        """A translation assembled from translated sentences, the share of the text they cover, and the old text
        that gave most of it (the suggestion's previous msgid)."""
        parts = split_sentences(text)
        if not parts:
            return None
        out: list[str] = []
        owners: dict[str, float] = {}
        covered = 0.0
        for part in parts:
            hit = self.sentence_match(part)
            if hit is None:
                out.append(part)
            else:
                out.append(hit[0])
                share = len(part) * hit[1] / 100.0
                covered += share
                owner = self._sentence_owner.get(hit[2], hit[2])
                owners[owner] = owners.get(owner, 0.0) + share
        coverage = covered / max(sum(len(p) for p in parts), 1)
        if coverage < COMPOSE_COVERAGE:
            return None
        # previous msgid: the old text that gave most of it, so that editors show what differs from it
        main = max(owners, key=lambda o: (owners[o], -len(o)))
        return " ".join(out), coverage, main


_PAIRS_CACHE: dict[tuple[str, str], list[tuple[str, str]]] = {}
_CHUNK = 2000  # texts split into sentences per job of ``TranslationMemory.prepare``


def _sentence_pairs(texts: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    return [sentence_pairs_cached(source, translation) for source, translation in texts]


def sentence_pairs_cached(source: str, translation: str) -> list[tuple[str, str]]:
    key = (source, translation)
    pairs = _PAIRS_CACHE.get(key)
    if pairs is None:
        src, tgt = split_sentences(source), split_sentences(translation)
        pairs = []
        if src and len(src) == len(tgt):
            pairs = list(zip(src, tgt, strict=True))  # same count: 1-1, as Gale-Church finds for these
        elif src and tgt:
            for bead in align_sentences(src, tgt):
                if len(bead.source) == 1 and len(bead.target) >= 1:
                    pairs.append((src[bead.source[0]], " ".join(tgt[k] for k in bead.target)))
        if len(_PAIRS_CACHE) > 200_000:
            _PAIRS_CACHE.clear()
        _PAIRS_CACHE[key] = pairs
    return pairs


# For fullmatch only: `[^`]+`|\S*\d\S*|https?://\S+|\S*[_/\\]\S*|[A-Z][\w-]* written so that no token costs more
# than a few passes (``\S*\d\S*`` backtracked quadratically on "[^111...1 x]"; issue 15).
_PLACEABLE = re.compile(r"`[^`]+`|(?=\S*\d)\S*+|https?://\S+|(?=\S*[_/\\])\S*+|[A-Z][\w-]*")
# The tokens of a message. The expression rescans to the end of the text from every ``[^`` or ``](`` left
# unclosed, quadratic when many are: ``_tokens`` then finds the same tokens in linear time.
_TOKEN = re.compile(r"`[^`]*`|\[\^[^\]]*\]|\]\([^)]*\)|\S+")
_NON_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")


def _tokens(text: str) -> list[str]:
    """``_TOKEN.findall(text)``, in linear time also when marks are left unclosed."""
    footnote, link = text.rfind("[^"), text.rfind("](")
    if (footnote == -1 or text.rfind("]") > footnote + 1) and (link == -1 or text.rfind(")") > link + 1):
        return _TOKEN.findall(text)  # every mark is closed: no rescan
    tokens: list[str] = []
    ticks, brackets, parens = (NextOccurrence(text, c) for c in "`])")
    start = _NON_SPACE.search(text)
    while start is not None:
        at, end = start.start(), -1
        if text[at] == "`":
            close = ticks.at(at + 1)
            end = close + 1 if close != -1 else -1
        elif text.startswith("[^", at):
            close = brackets.at(at + 2)
            end = close + 1 if close != -1 else -1
        elif text.startswith("](", at):
            close = parens.at(at + 2)
            end = close + 1 if close != -1 else -1
        if end == -1:
            space = _SPACE.search(text, at)
            end = len(text) if space is None else space.start()
        tokens.append(text[at:end])
        start = _NON_SPACE.search(text, end)
    return tokens


def substitute_placeables(old_source: str, old_translation: str, new_source: str) -> str:
    """Carry changes of untranslatable tokens (inline code, numbers, names, URLs, paths) into the translation.

    When the new source differs from the old one by tokens that the old translation contains verbatim
    ("Exercise: `Fibonacci`" -> "Exercise: `Collatz`"), the translation gets the new tokens.
    """
    old_tokens, new_tokens = _tokens(old_source), _tokens(new_source)
    result = old_translation
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "replace":
            continue
        before, after = " ".join(old_tokens[a1:a2]), " ".join(new_tokens[b1:b2])
        if not all(_PLACEABLE.fullmatch(t.strip(".,;:!?()")) for t in old_tokens[a1:a2] + new_tokens[b1:b2]):
            continue
        if result.count(before) == 1:
            result = result.replace(before, after)
    return result


def carry_edited(old_source: str, old_translation: str, new_source: str) -> str:
    """The old translation adjusted sentence by sentence to the new source text.

    Sentences of the new text that are in the old text keep their translated sentence; changed sentences take
    the translation of the most similar old sentence; sentences with nothing similar are left in the source
    language, so the translator sees what is new. Falls back to the whole old translation when the old
    paragraph's sentences cannot be told apart.
    """
    if new_source == old_source:
        return old_translation
    old_parts, target_parts = split_sentences(old_source), split_sentences(old_translation)
    new_parts = split_sentences(new_source)
    if len(old_parts) < 2 and len(new_parts) < 2:
        return old_translation
    units: list[tuple[str, str]] = []
    orphans: list[str] = []  # source sentences of beads without a translated side (1-0): the translator joined
    for bead in align_sentences(old_parts, target_parts):  # them into a neighbour, so they go with it
        source = " ".join(old_parts[i] for i in bead.source)
        if not bead.target:
            if units:
                units[-1] = (f"{units[-1][0]} {source}".strip(), units[-1][1])
            else:
                orphans.append(source)
            continue
        target = " ".join(target_parts[j] for j in bead.target)
        units.append((" ".join([*orphans, source]).strip(), target))
        orphans = []
    if not units:
        return old_translation
    out: list[str] = []
    used_any = False
    for part in new_parts:
        best, best_score = None, 0.0
        for source, target in units:
            score = 100.0 if part == source else fuzz.ratio(part, source)
            if part in source and len(part) > 20:
                score = max(score, 90.0)
            if score > best_score:
                best, best_score = target, score
        if best is not None and best_score >= 50.0:
            if out and out[-1] == best:
                continue  # two new sentences drawn from one old bead: keep its translation once
            out.append(best)
            used_any = True
        else:
            out.append(part)
    return " ".join(out) if used_any else old_translation


def split_translation(old_source: str, old_translation: str, new_parts: tuple[str, ...]) -> list[str]:
    """Divide an old translation between the new units its source was split into (see ``divide_translation``)."""
    return divide_translation(old_source, old_translation, new_parts)[0]


def divide_translation(old_source: str, old_translation: str, new_parts: tuple[str, ...]) -> tuple[list[str], bool]:
    """Divide an old translation between the new units its source was split into, and whether that is certain.

    The old source's sentences are aligned with the translation's (Gale-Church); each aligned bead goes to the
    new unit that contains most of its source text, so a footnote mark or inline markup goes with its sentence.
    Each translated sentence goes to exactly one unit: nothing is copied. The division is uncertain when a bead
    joins source sentences that went to different units (the translator merged them), or a unit gets nothing.
    """
    old_sentences, target_sentences = split_sentences(old_source), split_sentences(old_translation)
    shares: list[list[str]] = [[] for _ in new_parts]
    if not old_sentences or not target_sentences:
        shares[0].append(old_translation)
        return [" ".join(s) for s in shares], len(new_parts) < 2
    certain = True
    last = 0

    def place(source: str) -> int:
        scores = [fuzz.partial_ratio(source, part) if part else 0.0 for part in new_parts]
        return max(range(len(new_parts)), key=lambda k: (scores[k], -abs(k - last)))

    for bead in align_sentences(old_sentences, target_sentences):
        if not bead.target:
            continue
        source = " ".join(old_sentences[i] for i in bead.source)
        if source:
            best = max(place(source), last)  # keep the order of the text
            if len(bead.source) > 1 and len({max(place(old_sentences[i]), last) for i in bead.source}) > 1:
                certain = False
        else:
            best = last
        last = best
        shares[best].append(" ".join(target_sentences[j] for j in bead.target))
    texts = [" ".join(s) for s in shares]
    return texts, certain and all(texts)


def _kept(old: Entry, new: Entry) -> Entry:
    """The old entry with the template's automatic fields; unchanged bytes when nothing changed."""
    flags = tuple(f for f in old.flags if f not in _EXTRACTOR_FLAGS) + tuple(
        f for f in new.flags if f in _EXTRACTOR_FLAGS and f not in old.flags
    )
    provenance = tuple(c for c in old.extracted_comments if c.startswith(PROVENANCE))
    comments = new.extracted_comments + tuple(c for c in provenance if c not in new.extracted_comments)
    plural = new.msgid_plural if new.msgid_plural is not None else old.msgid_plural
    if (comments, new.references, flags, plural, False) == (
        old.extracted_comments,
        old.references,
        old.flags,
        old.msgid_plural,
        old.obsolete,
    ):
        return old  # the only fields that change below: one comparison instead of a copy (a book has many)
    return replace(
        old,
        extracted_comments=comments,
        references=new.references,
        flags=flags,
        obsolete=False,
        msgid_plural=plural,
        raw=None,
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
    **flags: Any,
) -> tuple[Catalog, MergeReport]:
    """The new catalog for ``template``, carrying everything it can from ``old`` (see the module docstring).

    ``flags``: fields of ``MergeOptions`` that replace those of ``options`` (``fuzzy_matching=False``)."""
    opts = replace(options or MergeOptions(), **flags) if flags else options or MergeOptions()
    fuzzy_matching, cutoff, keep_previous, compose = opts.fuzzy_matching, opts.cutoff, opts.keep_previous, opts.compose
    overwrite, fill_untranslated, prefer_local = opts.overwrite, opts.fill_untranslated, opts.prefer_local
    copy_untranslatable = opts.copy_untranslatable
    report = MergeReport()
    by_key = {e.key: e for e in old.entries}
    used: set[tuple[str | None, str]] = set()
    hints = hints or {}
    own_memory: TranslationMemory | None = None
    if memory is None:
        memory = own_memory = TranslationMemory(old.entries)
    local: TranslationMemory | None = None  # the catalog's own old texts, preferred when about as similar
    result: list[Entry] = []
    for new in template.entries:
        previous = by_key.get(new.key)
        hint = _exact_hint(new.key, hints.get(new.key), hint_entries)
        # --overwrite: a translation already in the target gives way to one carried by the alignment (only).
        replaceable = previous is not None and overwrite and previous.translated and hint is not None
        empty = previous is not None and not previous.obsolete and not any(previous.translations)
        if replaceable:
            assert previous is not None and hint is not None
            scratch = MergeReport()
            carried = _from_hint(new, hint, hint_entries or by_key, keep_previous, scratch)
            if carried is not None and any(carried.translations):  # never replaced by nothing
                used.add(new.key)
                report.add(scratch)
                if carried.translations != previous.translations:
                    report.replaced.append(previous)  # the caller keeps it (migrate: in the language memory)
                result.append(replace(carried, translator_comments=previous.translator_comments))
                continue
        exact = compendium.get(new.key) if compendium and (previous is None or not any(previous.translations)) else None
        if exact is not None:  # msgmerge -C: an exact compendium match fills the message, final as it is there
            if previous is not None:
                used.add(new.key)
            report.count("kept", new)
            result.append(_kept(replace(exact, msgctxt=new.msgctxt, raw=None), new))
            continue
        if previous is not None and not (empty and fill_untranslated):
            used.add(new.key)
            if previous.obsolete:
                report.count("revived", new)
            else:
                report.count("kept" if previous.translated else "new", new)
            result.append(_kept(previous, new))
            continue
        suggestion = _from_hint(new, hint, hint_entries or by_key, keep_previous, report)
        if suggestion is None and fuzzy_matching:
            if local is None and prefer_local and memory is not own_memory:
                local = TranslationMemory(old.entries)
            suggestion = _from_memory(
                new, memory, cutoff, keep_previous, compose, report, copy_untranslatable, local=local
            )
        if previous is not None:
            used.add(new.key)
            if suggestion is not None:
                suggestion = replace(suggestion, translator_comments=previous.translator_comments)
        if suggestion is None:
            report.count("new", new)
            if previous is not None:
                result.append(_kept(previous, new))
            else:  # the template's bytes, unless its line ends differ from the catalog's (a CRLF catalog)
                result.append(new if template.newline == old.newline else replace(new, raw=None))
        else:
            result.append(suggestion)
    for entry in old.entries:
        if entry.key in used:
            continue
        if entry.obsolete:
            result.append(entry)
        elif any(entry.translations):  # msgmerge and msgcat drop untranslated obsolete entries
            report.obsoleted += 1
            result.append(replace(entry, obsolete=True, raw=None, extracted_comments=(), references=()))
    header = old.header
    if header is not None and template.header is not None:
        date = template.header_fields().get("POT-Creation-Date")
        fields = old.header_fields()
        if date is not None and fields.get("POT-Creation-Date") != date:
            fields["POT-Creation-Date"] = date
            header = replace(header, msgstr=format_header(fields), raw=None)
    return replace(old, entries=tuple(result), header=header), report


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
        report.count("moved" if hint.kind == "moved" else "kept", new)
        return replace(
            new,
            msgstr=first.msgstr,
            msgstr_plural=first.msgstr_plural,
            flags=tuple(f for f in first.flags if f not in _EXTRACTOR_FLAGS) + new.flags,
            translator_comments=first.translator_comments,
            raw=None,
        )
    if hint.kind == "edited":
        text = substitute_placeables(first.msgid, carry_edited(first.msgid, first.msgstr, new.msgid), new.msgid)
        report.count("edited", new)
        report.fuzzy_pairs.append((first.msgid, new.msgid, hint.similarity * 100))
        origin = f"{origin} (similarity {math.floor(hint.similarity * 100)} %)" if origin else ""
        return _suggest(
            new, text, previous=first, previous_text=first.msgid, origin=origin, keep_previous=keep_previous
        )
    if hint.kind == "split":
        shares, certain = divide_translation(first.msgid, first.msgstr, hint.parts or (new.msgid,))
        text = shares[hint.part] if hint.part < len(shares) else ""
        report.count("split", new)
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
        report.count("merged", new)
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
    found = memory.best(new.msgid, cutoff)
    if local is not None:
        # The catalog's own old text wins over another catalog's unless that one is clearly more similar: an
        # edited paragraph's own old translation, not a look-alike from elsewhere (what msgmerge, which sees only
        # the one catalog, offers).
        near = local.best(new.msgid, cutoff)
        if near is not None and (found is None or found[1] <= near[1] + LOCAL_MARGIN):
            found = (near[0], near[1], memory.origin_of(near[0]) or (found[2] if found else ""))
    if found is not None:
        match, score, origin = found
        text = carry_edited(match.msgid, match.msgstr, new.msgid) if compose else match.msgstr
        text = substitute_placeables(match.msgid, text, new.msgid)
        report.count("fuzzy", new)
        report.fuzzy_pairs.append((match.msgid, new.msgid, score))
        note = f"keys-l10n: similar text ({score:.0f} %) in {origin}" if origin else ""
        return _suggest(new, text, previous=match, previous_text=match.msgid, origin=note, keep_previous=keep_previous)
    if compose:
        composed = memory.compose(new.msgid)
        if composed is not None:
            text, coverage, source = composed
            report.count("composed", new)
            note = f"keys-l10n: composed from translated sentences ({coverage:.0%} of the text)"
            # previous msgid: the translated sentences' sources, so that editors show what differs
            return _suggest(new, text, previous=None, previous_text=source, origin=note, keep_previous=keep_previous)
        if copy_untranslatable and untranslatable(new.msgid):
            report.count("composed", new)
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
