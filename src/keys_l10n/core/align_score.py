"""How the aligner scores a block of old and new units (``Scorer._measure``): whether they are similar and
how much. Pure, no I/O.

Similar: a character similarity (rapidfuzz's Indel, gettext's measure) of at least ``threshold``, and at least
half of the words of the shorter text found, in order, in the other; or one text contained in the other
(``similarity.contained_share``: a shortened or lengthened rewrite; a short title kept whole at its place).
Between two pairs already found in order (anchors), a 1:1 pair needs only ``threshold - FILL_MARGIN`` (see
``align.Aligner._fill``); a short unit left over there may still pair by its rare words (``align.Aligner._terms``,
``similarity.shared_terms``). Between booklets that are not related, a short text needs ``ANYWHERE_THRESHOLD``. A
split or merge has every part with at least half its words in the word-level alignment (or, for parts side by
side, in runs of 3 words of the whole), so a split never swallows a neighbouring paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Indel

from .alignment import Change, Pair
from .chain import Block, tie
from .model import Segment
from .similarity import (
    CONTAINED_WEIGHT,
    MIN_CONTAINED_WORDS,
    MIN_CONTAINMENT,
    WORD,
    consecutive,
    contained_share,
    kind_class,
    parts_in_runs,
    run_inside,
    words_covered,
)

MAX_PARTS = 4
ANYWHERE_WORDS = 8  # a shorter text of fewer words, paired with one in another booklet, needs ANYWHERE_THRESHOLD
ANYWHERE_THRESHOLD = 0.8
FILL_MARGIN = 0.1  # a 1:1 pair between two pairs of a gap needs a character similarity of threshold - 0.1
SCALE = 1000


class Words:
    """The lower-case words of each text, made on first use."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.done: list[list[str] | None] = [None] * len(texts)

    def __getitem__(self, index: int) -> list[str]:
        words = self.done[index]
        if words is None:
            words = self.done[index] = WORD.findall(self.texts[index].lower())
        return words


class Scorer:
    """The units of an edition (texts, words, kinds, booklets) and the measure of a block of them."""

    def __init__(
        self,
        old: Sequence[Segment],
        new: Sequence[Segment],
        threshold: float,
        old_group: Sequence[int] | None = None,
        new_group: Sequence[int] | None = None,
        links: set[tuple[int, int]] | None = None,
    ) -> None:
        self.old = [s.text for s in old]
        self.new = [s.text for s in new]
        self.old_sections = [s.headings for s in old]
        self.new_sections = [s.headings for s in new]
        self.old_heading = [s.kind.startswith("heading") for s in old]
        self.new_heading = [s.kind.startswith("heading") for s in new]
        self.old_kind = [kind_class(s.kind) for s in old]
        self.new_kind = [kind_class(s.kind) for s in new]
        self.old_words = Words(self.old)  # made when first needed: most units are paired by their text
        self.new_words = Words(self.new)
        self.old_group = list(old_group) if old_group is not None else [0] * len(self.old)
        self.new_group = list(new_group) if new_group is not None else [0] * len(self.new)
        self.threshold = threshold
        self.cut = round(threshold * SCALE)
        self.contain = max(MIN_CONTAINMENT, threshold)
        self.old_pair: list[Pair | None] = [None] * len(self.old)
        self.new_pair: list[Pair | None] = [None] * len(self.new)
        self.pairs: dict[int, Pair] = {}  # by id(): kept alive here, in the order they were found
        self.anywhere = False
        self.links = set(links or ())  # (old group, new group) of related booklets: see _link
        self.fill_cut = round(max(threshold - FILL_MARGIN, 0.0) * SCALE)
        self.term_gaps: list[tuple[int, int, int, int]] = []  # small gaps between anchors: see Aligner._terms

    def _measure(
        self, olds_at: tuple[int, ...], news_at: tuple[int, ...], *, cut: int | None = None
    ) -> tuple[int, int, int] | None:
        """(score, character distance, total length) of old units paired with new units, or None when they
        are not similar: the character similarity (at least the threshold), or the containment of the
        shorter text's words in the longer one (a shortened or lengthened rewrite); and the words test."""
        a = " ".join(self.old[i] for i in olds_at)
        b = " ".join(self.new[j] for j in news_at)
        total = len(a) + len(b)
        if not total:
            return None
        olds = [self.old_words[i] for i in olds_at]
        news = [self.new_words[j] for j in news_at]
        short = len(olds) == 1 and len(news) == 1 and len(olds[0]) < 3 and len(news[0]) < 3
        words_a = [w for words in olds for w in words]
        words_b = [w for words in news for w in words]
        one_to_one = len(olds) == len(news) == 1
        if self.anywhere and any(self.old_heading[i] for i in olds_at) != any(self.new_heading[j] for j in news_at):
            return None
        similar_length = 2 * min(len(a), len(b)) * SCALE >= self.cut * total
        containment = 0.0
        fewest = min(len(words_a), len(words_b))
        if fewest and {self.old_kind[i] for i in olds_at} == {self.new_kind[j] for j in news_at}:
            if not short and fewest >= MIN_CONTAINED_WORDS:
                containment = contained_share(words_a, words_b, self.contain)
            elif one_to_one and not self.anywhere and run_inside(words_a, words_b):
                # A short text kept whole in the other, at its place ("Pitfalls" for "Pitfalls of async/await")
                containment = 1.0
        if not similar_length and not containment:
            return None
        if not short and not containment:
            # A word LCS of at least half the shorter side: for a 1:1 block, that is the whole word test;
            # for a split or merge a cheap necessary test (words are six times fewer than characters)
            # before the character similarity and the test of every part.
            bound = max(len(words_a), len(words_b)) if one_to_one else min(len(words_a), len(words_b))
            if Indel.distance(words_a, words_b, score_cutoff=bound) > bound:
                return None
        if one_to_one and not containment and 0 < fewest < MIN_CONTAINED_WORDS:
            # A short text keeps at least half the words of the longer one: "`match` expressions" is not an
            # edit of "`let else` expressions".
            most = max(len(words_a), len(words_b))
            bound = len(words_a) + len(words_b) - 2 * ((most + 1) // 2)
            if Indel.distance(words_a, words_b, score_cutoff=bound) > bound:
                return None
        base = self.cut if cut is None else cut
        cut = base
        groups = (self.old_group[olds_at[0]], self.new_group[news_at[0]])
        if self.anywhere and fewest < ANYWHERE_WORDS and groups[0] != groups[1] and groups not in self.links:
            # In another booklet, a short text ("_testing/Android.bp_:", a link) easily looks like another one.
            cut = max(cut, round(ANYWHERE_THRESHOLD * SCALE))
            containment = 0.0
        limit = (total * (SCALE - cut)) // SCALE
        if containment:
            distance = Indel.distance(a, b)
        else:
            distance = Indel.distance(a, b, score_cutoff=limit)
            if distance > limit:
                return None
        if (
            not short
            and not one_to_one
            and not words_covered(olds, news, words_a, words_b)
            and not (
                # parts side by side, each with its own words of the whole (not for parts apart: there the
                # stricter test keeps a unit that restates the same thing from joining)
                consecutive(olds_at if len(olds) > 1 else news_at)
                and parts_in_runs(olds if len(olds) > 1 else news, words_b if len(olds) > 1 else words_a)
            )
        ):
            return None
        similar = (total - distance) * SCALE
        if containment:
            similar = max(similar, round(containment * CONTAINED_WEIGHT * SCALE) * total)
        score = similar - base * total + 1
        if score <= 0:
            return None
        if all(self.old_heading[i] for i in olds_at) and all(self.new_heading[j] for j in news_at):
            score += total * SCALE // 4
        return score, distance, total

    def _score(self, o0: int, o1: int, n0: int, n1: int, *, cut: int | None = None) -> Block | None:
        if o1 - o0 == n1 - n0 == 1 and self.old[o0] == self.new[n0]:
            return None  # the same text: unchanged or moved (pass 1 or 2), or a repeated text left over
        found = self._measure(tuple(range(o0, o1)), tuple(range(n0, n1)), cut=cut)
        if found is None:
            return None
        score, distance, total = found
        a = " ".join(self.old[o0:o1])
        b = " ".join(self.new[n0:n1])
        key = sorted([(o0, o1), (n0, n1)])
        return Block(o0, o1, n0, n1, score, tie(key, sorted([a, b])), distance, total)

    def _blocks(self, seeds: set[tuple[int, int]], free_old: set[int], free_new: set[int]) -> list[Block]:
        """The scored blocks around each seed pair: 1:1, and splits and merges of consecutive free units
        (of one booklet)."""
        shapes: set[tuple[int, int, int, int]] = set()
        for i, j in seeds:
            shapes.add((i, i + 1, j, j + 1))
            # A part of a split is shorter than the unit it came from, and a merged unit longer than its parts.
            longer_old = len(self.old[i]) > len(self.new[j])
            longer_new = len(self.new[j]) > len(self.old[i])
            for k in range(2, MAX_PARTS + 1):
                if longer_old:
                    for start in range(j - k + 1, j + 1):
                        if all(u in free_new for u in range(start, start + k)) and (
                            self.new_group[start] == self.new_group[start + k - 1]
                        ):
                            shapes.add((i, i + 1, start, start + k))
                if longer_new:
                    for start in range(i - k + 1, i + 1):
                        if all(u in free_old for u in range(start, start + k)) and (
                            self.old_group[start] == self.old_group[start + k - 1]
                        ):
                            shapes.add((start, start + k, j, j + 1))
        return [b for b in (self._score(*shape) for shape in sorted(shapes)) if b is not None]

    def _pair(self, b: Block, *, moved: bool) -> Pair:
        size = (b.o1 - b.o0, b.n1 - b.n0)
        change = Change.EDITED if size == (1, 1) else Change.SPLIT if size[0] == 1 else Change.MERGED
        similarity = (b.length - b.distance) / b.length if b.length else 1.0
        return Pair(
            change,
            tuple(range(b.o0, b.o1)),
            tuple(range(b.n0, b.n1)),
            similarity,
            (),  # the word diff is made once the orientation is final
            moved,
        )
