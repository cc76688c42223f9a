"""The translation memory: translated entries to draw suggestions from, whole and sentence by sentence.

``merge_catalog`` asks it for the most similar earlier text (``best``, msgmerge's measure and cut-off through
``memory.FuzzyIndex``), for a translated sentence (``sentence_match``) and for a translation composed of
translated sentences (``compose``). Pure: the caller gives the entries (``update``, ``merge`` and ``migrate``
read them from the project's catalogs and compendia).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .fuzzy_index import FuzzyIndex, IndexParts, features, remember_features
from .model import Entry
from .sentences import align_sentences, split_sentences

SENTENCE_CUTOFF = 70.0
COMPOSE_COVERAGE = 0.5
# How ``prepare`` maps a function over chunks of texts: ``map`` here, ``pool.ordered_map`` over the cores.
Mapper = Callable[[Callable[[Any], Any], list[Any]], Iterator[Any]]


class TranslationMemory:
    """Translated (non-fuzzy) entries to draw suggestions from, whole and sentence by sentence."""

    def __init__(self, entries: Iterable[Entry], origins: Iterable[str] | None = None) -> None:
        self.entries: list[Entry] = []
        self.origins: list[str] = []
        origin_list = list(origins) if origins is not None else None
        self._seen: set[tuple[str, str]] = set()
        for position, entry in enumerate(entries):
            self._admit(entry, origin_list[position] if origin_list else "")
        self._index: FuzzyIndex | None = None
        self._origin_table: dict[tuple[str, str], str] | None = None
        self._sentences: dict[str, str] | None = None
        self._sentence_index: FuzzyIndex | None = None
        self._sentence_keys: list[str] = []
        self._sentence_owner: dict[str, str] = {}  # a translated sentence's source -> the msgid it came from

    def _admit(self, entry: Entry, origin: str) -> bool:
        """Keep ``entry`` (from ``origin``) if it is a translated, reviewed singular message with a text, and not
        kept already (same text and translation); whether it was kept."""
        key = (entry.msgid, entry.msgstr)
        if not _remembered(entry) or key in self._seen:
            return False
        self._seen.add(key)
        self.entries.append(entry)
        self.origins.append(origin)
        return True

    def origin_of(self, entry: Entry) -> str:
        """Where an entry equal to ``entry`` (same text and translation) is in this memory, or ""."""
        if self._origin_table is None:
            self._origin_table = {(e.msgid, e.msgstr): o for e, o in zip(self.entries, self.origins, strict=True)}
        return self._origin_table.get((entry.msgid, entry.msgstr), "")

    def __len__(self) -> int:
        return len(self.entries)

    def best(self, text: str, cutoff: float, *, above: float | None = None) -> tuple[Entry, float, str] | None:
        """The most similar entry, its score and origin; None below ``cutoff`` (or, with ``above``, unless it
        scores more than that: see ``FuzzyIndex.best``)."""
        if not self.entries:
            return None
        if self._index is None:
            self._index = FuzzyIndex([e.msgid for e in self.entries])
        found = self._index.best(text, cutoff=cutoff, above=above)
        if found is None:
            return None
        return self.entries[found[0]], found[1], self.origins[found[0]]

    def prepare(self, mapper: Mapper | None = None) -> None:
        """Build the indexes now, splitting the texts into sentences with ``mapper`` (the caller passes
        ``pool.ordered_map`` to use the cores): before the memory serves several catalogs in forked workers,
        which then share them instead of each building its own. The same indexes as those built on first use.
        Texts whose split the process already knows (``learn``) are not split again."""
        if self._index is None and self.entries:
            self._index = FuzzyIndex([e.msgid for e in self.entries])
        if self._sentences is None:
            texts = [(e.msgid, e.msgstr) for e in self.entries if (e.msgid, e.msgstr) not in _PAIRS_CACHE]
            chunks = [texts[start : start + _CHUNK] for start in range(0, len(texts), _CHUNK)]
            split = [pairs for chunk in (mapper or map)(_sentence_pairs, chunks) for pairs in chunk] if chunks else []
            self._build_sentences(dict(zip(texts, split, strict=True)))
            _PAIRS_CACHE.clear()  # the pairs are in the table now (the cache would stay in every worker forked after)

    def _build_sentences(self, split: dict[tuple[str, str], list[tuple[str, str]]] | None = None) -> None:
        table: dict[str, str] = {}
        for entry in self.entries:
            pairs = split.get((entry.msgid, entry.msgstr)) if split else None
            self._learn_sentences(table, entry, pairs)
        self._sentences = table
        self._sentence_keys = list(table)
        self._sentence_index = FuzzyIndex(self._sentence_keys)

    def _learn_sentences(
        self, table: dict[str, str], entry: Entry, pairs: list[tuple[str, str]] | None = None
    ) -> list[str]:
        """Add the entry's translated sentences (``pairs``, else split now) not in ``table`` yet; those added."""
        added = []
        for source, target in pairs if pairs is not None else sentence_pairs_cached(entry.msgid, entry.msgstr):
            if source not in table:
                table[source] = target
                self._sentence_owner[source] = entry.msgid
                added.append(source)
        return added

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
        total = sum(len(p) for p in parts)
        hits: dict[int, tuple[str, float, str] | None] = {}
        missed = 0
        # The longest sentences first: when those missing cover more than the share allowed, no composition can
        # reach COMPOSE_COVERAGE (a hit covers at most its length), and the shorter ones, whose search costs most
        # (compared with every sentence of a similar length), are not looked up.
        for position in sorted(range(len(parts)), key=lambda k: -len(parts[k])):
            hit = hits[position] = self.sentence_match(parts[position])
            if hit is None:
                missed += len(parts[position])
                if total - missed < COMPOSE_COVERAGE * total:
                    return None
        out: list[str] = []
        owners: dict[str, float] = {}
        covered = 0.0
        for position, part in enumerate(parts):
            hit = hits[position]
            if hit is None:
                out.append(part)
            else:
                out.append(hit[0])
                share = len(part) * hit[1] / 100.0
                covered += share
                owner = self._sentence_owner.get(hit[2], hit[2])
                owners[owner] = owners.get(owner, 0.0) + share
        coverage = covered / max(total, 1)
        if coverage < COMPOSE_COVERAGE:
            return None
        # previous msgid: the old text that gave most of it, so that editors show what differs from it
        main = max(owners, key=lambda o: (owners[o], -len(o)))
        return " ".join(out), coverage, main


class MemoryBuilder:
    """A ``TranslationMemory`` made catalog by catalog as they are read, its indexes with it (what ``prepare``
    builds): the process that reads them in worker processes builds while the workers read, instead of after.
    ``memory()`` is the same memory, prepared, as ``TranslationMemory(entries, origins).prepare()`` over the
    entries added, in their order."""

    def __init__(self) -> None:
        self._memory = TranslationMemory(())
        self._texts = IndexParts()
        self._sentences: dict[str, str] = {}
        self._sentence_texts = IndexParts()

    def add(self, entries: Iterable[Entry], origin: str, found: MemoryDigest | None = None) -> None:
        """The entries of one catalog (``origin``) and, when the reader made it, their ``MemoryDigest``."""
        if found is not None:
            learn(found)
        memory = self._memory
        for entry in entries:
            if memory._admit(entry, origin):
                self._texts.add(entry.msgid)
                for source in memory._learn_sentences(self._sentences, entry):
                    self._sentence_texts.add(source)

    def memory(self) -> TranslationMemory:
        memory = self._memory
        if memory.entries:
            memory._index = self._texts.index()
        memory._sentences = self._sentences
        memory._sentence_keys = self._sentence_texts.texts
        memory._sentence_index = self._sentence_texts.index()
        _PAIRS_CACHE.clear()  # as after ``prepare``
        return memory


def _remembered(entry: Entry) -> bool:
    """Whether the memory keeps ``entry``: a translated, reviewed singular message with a text."""
    return entry.msgid_plural is None and entry.translated and not entry.fuzzy and bool(entry.msgid)


@dataclass(frozen=True, slots=True)
class MemoryDigest:
    """What preparing a memory computes for some entries, computed where they are read (a worker process of
    ``adapters/pool.py``) and handed to ``learn`` in the process that builds the memory, instead of being computed
    there while the other cores wait: the sentence pairs of each text (None for the one pair (text, translation),
    the most common) and the words of the texts and of their sentences."""

    texts: tuple[tuple[str, str, list[tuple[str, str]] | None], ...]
    words: dict[str, tuple[str, ...]]


def digest(entries: Iterable[Entry]) -> MemoryDigest:
    """The ``MemoryDigest`` of the entries a memory would keep."""
    texts: list[tuple[str, str, list[tuple[str, str]] | None]] = []
    known: dict[str, tuple[str, ...]] = {}
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        if not _remembered(entry) or (entry.msgid, entry.msgstr) in seen:
            continue
        seen.add((entry.msgid, entry.msgstr))
        pairs = sentence_pairs_cached(entry.msgid, entry.msgstr)
        one = len(pairs) == 1 and pairs[0][0] == entry.msgid and pairs[0][1] == entry.msgstr
        texts.append((entry.msgid, entry.msgstr, None if one else pairs))
        for text in (entry.msgid, *(source for source, _ in pairs)):
            if text not in known:
                known[text] = features(text)
    return MemoryDigest(tuple(texts), known)


def learn(digest: MemoryDigest) -> None:
    """Remember the sentence pairs and words of a ``MemoryDigest`` (as if this process had computed them)."""
    if len(_PAIRS_CACHE) + len(digest.texts) <= _PAIRS_LIMIT:
        _PAIRS_CACHE.update(((s, t), [(s, t)] if pairs is None else pairs) for s, t, pairs in digest.texts)
    remember_features(digest.words)


_PAIRS_CACHE: dict[tuple[str, str], list[tuple[str, str]]] = {}
_PAIRS_LIMIT = 200_000
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
        if len(_PAIRS_CACHE) > _PAIRS_LIMIT:
            _PAIRS_CACHE.clear()
        _PAIRS_CACHE[key] = pairs
    return pairs
