"""Fuzzy lookup of earlier source texts: an inverted word index in front of rapidfuzz.

Comparing every new text with every old one (what msgmerge and pot2po do) grows quadratically. Here each
text is indexed by its words; a query scores only the candidates that share the most words with it (rare
words weigh more), then rapidfuzz's ``fuzz.ratio`` picks the best of those above the cut-off. ``fuzz.ratio``
is the Indel similarity 2*M/(|a|+|b|), the measure of gettext's ``fstrcmp``, so a cut-off of 60 matches
msgmerge's FUZZY_THRESHOLD of 0.6.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

_WORD = re.compile(r"\w+", re.UNICODE)
MSGMERGE_CUTOFF = 60.0
SHORT = 60  # queries up to this many characters are compared with every text of a compatible length


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class FuzzyIndex:
    def __init__(self, texts: Sequence[str], *, candidates: int = 24) -> None:
        self.texts = list(texts)
        self.candidates = candidates
        postings: dict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.texts):
            for word in set(words(text)):
                postings[word].append(index)
        self.postings = dict(postings)
        total = max(len(self.texts), 1)
        self.weight = {w: math.log(1 + total / len(p)) for w, p in self.postings.items()}
        self.common = max(200, total // 20)
        # Texts sorted by length, for the exhaustive scan of short queries (titles, labels): they share few
        # words with their matches ("Iterators" / "Operators"), so the word index cannot find them.
        self.by_length = sorted(range(len(self.texts)), key=lambda i: len(self.texts[i]))
        self.lengths = [len(self.texts[i]) for i in self.by_length]
        self.sorted_texts = [self.texts[i] for i in self.by_length]

    def best(
        self, query: str, *, cutoff: float = MSGMERGE_CUTOFF, exclude: str | None = None
    ) -> tuple[int, float] | None:
        """Index and score (0-100) of the most similar indexed text, or None below ``cutoff``."""
        if len(query) <= SHORT:
            return self._scan(query, cutoff, exclude)  # the word scores below would not be used
        scores: dict[int, float] = defaultdict(float)
        query_words = set(words(query))
        for word in query_words:
            posting = self.postings.get(word)
            if not posting or (len(posting) > self.common and len(query_words) > 3):
                continue
            weight = self.weight[word]
            for index in posting:
                scores[index] += weight
        if not scores:
            return self._scan(query, cutoff, exclude)
        # the same list as sorted(..., reverse=True)[: candidates], ties included, without sorting every score
        ranked = heapq.nlargest(self.candidates, scores, key=scores.__getitem__)
        length = len(query)
        best: tuple[int, float] | None = None
        for index in ranked:
            text = self.texts[index]
            if text == exclude:
                continue
            other = len(text)
            # 2*min/(a+b) bounds the ratio: skip candidates whose length alone rules them out.
            if 200.0 * min(length, other) / max(length + other, 1) < cutoff:
                continue
            score = fuzz.ratio(query, text, score_cutoff=cutoff)
            if score and (best is None or score > best[1]):
                best = (index, score)
        return best

    def _scan(self, query: str, cutoff: float, exclude: str | None) -> tuple[int, float] | None:
        """Compare ``query`` with every text whose length allows the cut-off (2*min/(a+b) >= cutoff)."""
        length = len(query)
        if length == 0:
            return None
        factor = cutoff / (200.0 - cutoff)
        low = bisect.bisect_left(self.lengths, math.floor(length * factor))
        high = bisect.bisect_right(self.lengths, math.ceil(length / factor) if factor else len(query) * 100)
        if high - low > 50_000:
            return None  # a long query among very many candidates: the word index already had its chance
        window = self.by_length[low:high]
        found = process.extractOne(query, self.sorted_texts[low:high], scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        text, score, position = found
        if text == exclude:
            return None
        return window[position], float(score)
