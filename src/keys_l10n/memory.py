"""Fuzzy lookup of earlier source texts: an inverted word index in front of rapidfuzz.

Comparing every new text with every old one (what msgmerge and pot2po do) grows quadratically. Here each
text is indexed by its words; a query scores only the candidates that share the most words with it (rare
words weigh more), then rapidfuzz's ``fuzz.ratio`` picks the best of those above the cut-off. ``fuzz.ratio``
is the Indel similarity 2*M/(|a|+|b|), the measure of gettext's ``fstrcmp``, so a cut-off of 60 matches
msgmerge's FUZZY_THRESHOLD of 0.6.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz

_WORD = re.compile(r"\w+", re.UNICODE)
MSGMERGE_CUTOFF = 60.0


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

    def best(self, query: str, *, cutoff: float = MSGMERGE_CUTOFF, exclude: str | None = None) -> tuple[int, float] | None:
        """Index and score (0-100) of the most similar indexed text, or None below ``cutoff``."""
        scores: dict[int, float] = defaultdict(float)
        query_words = set(words(query))
        for word in query_words:
            posting = self.postings.get(word)
            if not posting or len(posting) > self.common and len(query_words) > 3:
                continue
            weight = self.weight[word]
            for index in posting:
                scores[index] += weight
        if not scores and len(query_words) <= 3:
            return None
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)[: self.candidates]
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
