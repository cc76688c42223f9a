"""Fuzzy lookup of earlier source texts: an inverted word index in front of rapidfuzz.

Comparing every new text with every old one (what msgmerge and pot2po do) grows quadratically. Here each
text is indexed by its words; a query scores only the candidates that share the most words with it (rare
words weigh more), then rapidfuzz's ``fuzz.ratio`` picks the best of those above the cut-off. ``fuzz.ratio``
is the Indel similarity 2*M/(|a|+|b|), the measure of gettext's ``fstrcmp``, so a cut-off of 60 matches
msgmerge's FUZZY_THRESHOLD of 0.6.

``WordIndex`` is the word index alone (also the candidate search of ``align``). A word found in more than
``common`` texts is not looked up: it would add every one of them to the candidates of every query, and the
cost of a query would grow with the memory. ``FuzzyIndex`` caps ``common`` at ``COMMON_CAP``, so a query costs
about the same in a memory of a thousand texts as in one of a million words (the rare words of an edited
paragraph are what find its old text).
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from operator import neg

from rapidfuzz import fuzz, process

_WORD = re.compile(r"\w+", re.UNICODE)
MSGMERGE_CUTOFF = 60.0
SHORT = 60  # queries up to this many characters are compared with every text of a compatible length
_SLACK = 1e-6  # ``best(above=...)`` compares for a little less than ``above``: no score is lost to rounding
COMMON_CAP = 200  # a word in more texts than this is too common to find candidates (see the module docstring)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


_FEATURES: dict[str, tuple[str, ...]] = {}
_FEATURES_LIMIT = 500_000  # texts whose words are kept (about 15 MB at a million words)
# ``words`` of an ASCII text without the regular expression: every character but [0-9A-Za-z_] (``\w`` in ASCII)
# made a space, in C code, then split (40 % less time).
_ASCII_WORDS = bytes(b if b == 0x5F or (b < 0x80 and chr(b).isalnum()) else 0x20 for b in range(256))


def features(text: str) -> tuple[str, ...]:
    """``dict.fromkeys(words(text))`` as a tuple (the same words in the same order), remembered: a run indexes
    the same texts several times (the memory, each catalog's own texts, one-sentence texts as sentences). The
    words are interned, so that the texts remembered here share them (``remember_features`` takes those of
    another process as they come)."""
    found = _FEATURES.get(text)
    if found is None:
        if text.isascii():
            found_words = text.lower().encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
        else:
            found_words = words(text)
        found = tuple(map(sys.intern, dict.fromkeys(found_words)))
        if len(_FEATURES) >= _FEATURES_LIMIT:
            _FEATURES.clear()
        _FEATURES[text] = found
    return found


def remember_features(known: dict[str, tuple[str, ...]]) -> None:
    """Take ``features`` of texts computed elsewhere (another process: ``translation_memory.learn``)."""
    if len(_FEATURES) + len(known) <= _FEATURES_LIMIT:
        _FEATURES.update(known)  # the same words as those it may replace


class WordIndex:
    """Items (numbers) by their features (words, word pairs); a query's candidates are the items sharing the
    most weight of its rare features with it: weight log(1 + items / items having the feature), features in
    more than ``common`` items skipped."""

    def __init__(self, items: Iterable[tuple[int, Iterable[str]]], *, total: int, common: int) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for item, features in items:
            for feature in features:
                postings[feature].append(item)
        self.postings: dict[str, list[int]] = dict(postings)
        self.size = max(total, 1)
        self.weight: dict[str, float] = {}  # by feature, computed when a query first has it (most never do)
        self.common = common

    def scores(self, features: Iterable[str], *, keep_common: bool = False) -> dict[int, float]:
        """The summed weight of the query's features, by item (only items sharing one)."""
        scores: dict[int, float] = defaultdict(float)
        postings, weights, common = self.postings, self.weight, self.common
        for feature in features:
            posting = postings.get(feature)
            if not posting or (len(posting) > common and not keep_common):
                continue
            weight = weights.get(feature)
            if weight is None:
                weight = weights[feature] = math.log(1 + self.size / len(posting))
            for item in posting:
                scores[item] += weight
        return scores

    def top(self, features: Iterable[str], count: int, *, keep_common: bool = False) -> list[int]:
        """The ``count`` best-scored items, ties to the lowest number (deterministic)."""
        scores = self.scores(features, keep_common=keep_common)
        # ``heapq.nlargest(count, scores, key=lambda item: (scores[item], -item))`` without a Python call per item:
        # (score, -item) pairs made and compared in C (no two are equal: the same items in the same order); a
        # short list sorted whole
        pairs = zip(scores.values(), map(neg, scores), strict=True)
        ranked = sorted(pairs, reverse=True)[:count] if len(scores) <= 100 else heapq.nlargest(count, pairs)
        return [-negated for _, negated in ranked]


class FuzzyIndex:
    def __init__(self, texts: Sequence[str], *, candidates: int = 24, _built: IndexParts | None = None) -> None:
        if _built is None:  # else ``IndexParts.index``: the texts were added one by one as they came
            _built = IndexParts()
            for text in texts:
                _built.add(text)
        self.texts = list(_built.texts)
        self.candidates = candidates
        total = len(self.texts)
        self.words = WordIndex((), total=total, common=min(max(200, total // 20), COMMON_CAP))
        self.words.postings = dict(_built.postings)
        self.exact = _built.exact
        # Texts sorted by length, for the exhaustive scan of short queries (titles, labels): they share few
        # words with their matches ("Iterators" / "Operators"), so the word index cannot find them.
        self.by_length = sorted(range(len(self.texts)), key=lambda i: len(self.texts[i]))
        self.lengths = [len(self.texts[i]) for i in self.by_length]
        self.sorted_texts = [self.texts[i] for i in self.by_length]

    def best(
        self,
        query: str,
        *,
        cutoff: float = MSGMERGE_CUTOFF,
        exclude: str | None = None,
        above: float | None = None,
    ) -> tuple[int, float] | None:
        """Index and score (0-100) of the most similar indexed text, or None below ``cutoff``.

        The same text, when indexed, is the answer (its lowest index, what the searches below would give).
        ``above``: the caller wants the answer only when it scores more than that; otherwise None comes back,
        sooner (the comparisons skip what cannot score more: the length window narrows)."""
        same = self.exact.get(query)
        if same is not None and query and query != exclude:
            return (same, 100.0) if above is None or above < 100.0 else None
        if above is not None:
            if above >= 100.0:
                return None
            found = self._best(query, cutoff, exclude, max(cutoff, above - _SLACK))
            return found if found is not None and found[1] > above else None
        return self._best(query, cutoff, exclude, cutoff)

    def _best(self, query: str, cutoff: float, exclude: str | None, bar: float) -> tuple[int, float] | None:
        """``best`` past the exact lookup: ``bar`` (>= ``cutoff``) is the least score to compare for, ``cutoff``
        decides what the search may skip (the same for any ``bar``: the answer is the same when it scores
        ``bar`` or more)."""
        if len(query) <= SHORT:
            return self._scan(query, cutoff, exclude, bar)  # the word scores below would not be used
        query_words = features(query)
        ranked = self.words.top(query_words, self.candidates, keep_common=len(query_words) <= 3)
        if not ranked:
            return self._scan(query, cutoff, exclude, bar)
        length = len(query)
        best: tuple[int, float] | None = None
        for index in ranked:
            text = self.texts[index]
            if text == exclude:
                continue
            other = len(text)
            # 2*min/(a+b) bounds the ratio: skip candidates whose length alone rules them out.
            if 200.0 * min(length, other) / max(length + other, 1) < bar:
                continue
            score = fuzz.ratio(query, text, score_cutoff=bar)
            if score and (best is None or score > best[1]):
                best = (index, score)
        return best

    def _scan(self, query: str, cutoff: float, exclude: str | None, bar: float) -> tuple[int, float] | None:
        """Compare ``query`` with every text whose length allows the cut-off (2*min/(a+b) >= cutoff), for a
        score of ``bar`` or more (a narrower window of lengths)."""
        length = len(query)
        if length == 0:
            return None
        low, high = self._window(length, cutoff)
        if high - low > 50_000:
            return None  # a long query among very many candidates: the word index already had its chance
        if bar > cutoff:
            low, high = self._window(length, bar)
        window = self.by_length[low:high]
        found = process.extractOne(query, self.sorted_texts[low:high], scorer=fuzz.ratio, score_cutoff=bar)
        if found is None:
            return None
        text, score, position = found
        if text == exclude:
            return None
        return window[position], float(score)

    def _window(self, length: int, cutoff: float) -> tuple[int, int]:
        """The slice of ``sorted_texts`` whose lengths allow a score of ``cutoff`` against a query of ``length``."""
        factor = cutoff / (200.0 - cutoff)
        low = bisect.bisect_left(self.lengths, math.floor(length * factor))
        high = bisect.bisect_right(self.lengths, math.ceil(length / factor) if factor else length * 100)
        return low, high


class IndexParts:
    """A ``FuzzyIndex``'s word postings and exact table, built one text at a time: by ``FuzzyIndex`` itself, or as
    the texts arrive (``translation_memory.MemoryBuilder``), ``index()`` then giving the same index as
    ``FuzzyIndex(texts)`` over the texts added, in their order."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.exact: dict[str, int] = {}

    def add(self, text: str) -> None:
        item = len(self.texts)
        self.texts.append(text)
        postings = self.postings
        for feature in features(text):
            postings[feature].append(item)
        self.exact.setdefault(text, item)

    def index(self, *, candidates: int = 24) -> FuzzyIndex:
        return FuzzyIndex(self.texts, candidates=candidates, _built=self)
