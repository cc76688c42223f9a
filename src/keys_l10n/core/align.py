"""The aligner of one couple of booklets, in order: passes 1-3 of ``align_edition`` (and its pass 7, on the
small gaps that pass 3 keeps in ``term_gaps``). Pure, no I/O.

1. Exact matches by text. The order-preserving subset of all exact pairs with the greatest weight (the
   heaviest common subsequence, ``chain``) becomes *unchanged*. Headings weigh far more than body text, so the
   sections are the skeleton: a paragraph that crosses a heading is the one that moved, not the heading. A
   pair under the same heading path weighs more than one that is not, so an "Objectives" heading repeated in
   every section matches the one of its own section. A text repeated very often (table cells "Yes") is paired
   later, inside the gaps between the pairs found, where it is rarer; a gap where every shared text is that
   frequent takes the longest common subsequence of its texts (rapidfuzz's bit-parallel LCS).
2. The exact pairs left over (same text, not in order) become *moved* when the text occurs once in each
   booklet; a repeated text left over (an "Objectives" heading of a removed section) waits for pass 4.
3. Between two consecutive anchors of pass 1 lies a gap of old and new units. In each gap, candidate
   blocks (1:1, 1:k and k:1 with k <= 4 consecutive units) are scored (``align_score``) and the best
   order-preserving set of blocks is kept (the same heaviest-chain search). Small gaps try every block;
   large ones only the blocks seeded by a word index (``_WordIndex``: shared rare words and word pairs) and
   by position, so the cost stays about linear. Then a small sub-gap left between two pairs found in order
   pairs its units 1:1 at the lower bar of ``align_score.FILL_MARGIN`` (``Aligner._fill``), as sentence
   aligners fill the gaps between anchors. A gap of at most ``TERMS_GAP`` units on each side is kept for
   pass 7 (``Aligner._terms``: a short unit revised around its rare words).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from rapidfuzz.distance import Indel

from .align_score import Scorer, Words
from .alignment import Change, Pair
from .chain import Block, heaviest_chain, tie
from .fuzzy_index import WordIndex
from .similarity import MIN_CONTAINED_WORDS, MIN_TERMS, has_run, shared_terms, word_counts

_HEADING_BONUS = 1 << 24
_SECTION_BONUS = 1 << 16
SMALL_GAP = 1600  # old x new units of a gap below which every block is tried
_CANDIDATES = 6
REPEAT_PAIRS = 256
_REFINE_ROUNDS = 8
_CROWDED_LCS = 1 << 29  # old x new units of a crowded gap solved by an exact LCS (64 MB of bits)
TERMS_GAP = 8  # units on each side, at most, of a gap between two anchors where shared terms may pair units


def _features(words: Sequence[str]) -> set[str]:
    """What the word index looks up: the words and the pairs of consecutive words (rarer than words when
    the vocabulary is small)."""
    out = set(words)
    out.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return out


class _WordIndex(WordIndex):
    """Units by their words and word pairs; ``top`` ranks units by the weight of the rare ones they share with a
    query."""

    def __init__(self, units: Sequence[int], words: Words) -> None:
        total = max(len(units), 1)
        super().__init__(((u, _features(words[u])) for u in units), total=total, common=max(50, total // 10))

    def top(self, query: Iterable[str], count: int, *, keep_common: bool = False) -> list[int]:
        return super().top(_features(list(query)), count, keep_common=keep_common)


class Aligner(Scorer):
    """Solves an edition: the units of every couple of booklets one after the other (``old_group`` and
    ``new_group`` say which couple a unit belongs to), each couple in order (passes 1-3, here), then the
    leftovers together (``align_parts``, ``align_edition``)."""

    def _take(self, pair: Pair) -> None:
        for i in pair.old:
            self.old_pair[i] = pair
        for j in pair.new:
            self.new_pair[j] = pair
        self.pairs[id(pair)] = pair

    def _drop(self, pair: Pair) -> None:
        del self.pairs[id(pair)]
        for i in pair.old:
            self.old_pair[i] = None
        for j in pair.new:
            self.new_pair[j] = None

    def _gaps(self, anchors: list[Block], bounds: tuple[int, int, int, int]) -> Iterator[tuple[list[int], list[int]]]:
        """The units still unpaired between two consecutive anchors, on both sides (if any on both)."""
        o_lo, o_hi, n_lo, n_hi = bounds
        limits = [(o_lo - 1, n_lo - 1), *((b.o0, b.n0) for b in anchors), (o_hi, n_hi)]
        for (o_prev, n_prev), (o_next, n_next) in itertools.pairwise(limits):
            olds = [i for i in range(o_prev + 1, o_next) if self.old_pair[i] is None]
            news = [j for j in range(n_prev + 1, n_next) if self.new_pair[j] is None]
            if olds and news:
                yield olds, news

    def in_order(self, o_lo: int, o_hi: int, n_lo: int, n_hi: int) -> None:
        """Passes 1-3 on one couple of booklets: old units [o_lo, o_hi) and new units [n_lo, n_hi)."""
        if o_lo == o_hi or n_lo == n_hi:
            return
        bounds = (o_lo, o_hi, n_lo, n_hi)
        where_old = positions(list(range(o_lo, o_hi)), self.old)
        where_new = positions(list(range(n_lo, n_hi)), self.new)
        anchors = self._exact(where_old, where_new, crowded=False)
        for _ in range(_REFINE_ROUNDS):
            # A text repeated too often to try every pairing (table cells "Yes") is paired inside each gap,
            # where it is rarer; only a gap with nothing rarer pairs it by rank.
            found: list[Block] = []
            for olds, news in self._gaps(anchors, bounds):
                gap_old, gap_new = positions(olds, self.old), positions(news, self.new)
                found += self._exact(gap_old, gap_new, crowded=False) or self._crowded(olds, news)
            if not found:
                break
            anchors = sorted([*anchors, *found], key=lambda b: b.o0)
        self._moves(where_old, where_new)
        for before, after in itertools.pairwise(anchors):
            if 0 < after.o0 - before.o1 <= TERMS_GAP and 0 < after.n0 - before.n1 <= TERMS_GAP:
                self.term_gaps.append((before.o1, after.o0, before.n1, after.n0))
        for olds, news in self._gaps(anchors, bounds):
            self._gap(olds, news, anchored=bool(anchors))

    # pass 1 and 2: exact matches
    def _exact(
        self, where_old: Mapping[str, list[int]], where_new: Mapping[str, list[int]], *, crowded: bool
    ) -> list[Block]:
        """The heaviest order-preserving set of exact pairs, made unchanged; ``crowded``: also the texts
        repeated so often that only occurrences of similar rank are tried."""
        blocks: list[Block] = []
        for text, olds in where_old.items():
            news = where_new.get(text)
            if not news:
                continue
            k, n = len(olds), len(news)
            if k * n > REPEAT_PAIRS and not crowded:
                continue
            band = 8 * max(k, n)
            for r, i in enumerate(olds):
                if k * n <= REPEAT_PAIRS:
                    ranks: Iterable[int] = range(n)
                else:
                    ranks = range(max(0, math.ceil((r * n - band) / k)), min(n, (r * n + band) // k + 1))
                for s in ranks:
                    j = news[s]
                    weight = len(text) + 1
                    if self.old_heading[i] and self.new_heading[j]:
                        weight += _HEADING_BONUS
                    if self.old_sections[i] == self.new_sections[j]:
                        weight += _SECTION_BONUS
                    blocks.append(Block(i, i + 1, j, j + 1, weight, tie(min(i, j), max(i, j), text)))
        chain = heaviest_chain(blocks)
        for b in chain:
            self._take(Pair(Change.UNCHANGED, (b.o0,), (b.n0,), 1.0))
        return chain

    def _crowded(self, olds: list[int], news: list[int]) -> list[Block]:
        """Exact pairs in a gap where every shared text is repeated very often: the longest common
        subsequence of the texts (rapidfuzz's bit-parallel LCS), or pairs of similar rank in a huge gap."""
        if len(olds) * len(news) > _CROWDED_LCS:
            return self._exact(positions(olds, self.old), positions(news, self.new), crowded=True)
        chain = []
        ops = Indel.opcodes([self.old[i] for i in olds], [self.new[j] for j in news])
        for op in ops:
            if op.tag == "equal":
                for x, y in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True):
                    i, j = olds[x], news[y]
                    chain.append(Block(i, i + 1, j, j + 1, 1, 0))
                    self._take(Pair(Change.UNCHANGED, (i,), (j,), 1.0))
        return chain

    def _moves(self, where_old: Mapping[str, list[int]], where_new: Mapping[str, list[int]]) -> None:
        for text, olds in where_old.items():
            news = where_new.get(text)
            if not news or len(olds) > 1 or len(news) > 1:
                continue  # a repeated text ("Objectives") left over belongs to a removed or added section
            if self.old_pair[olds[0]] is None and self.new_pair[news[0]] is None:
                self._take(Pair(Change.MOVED, (olds[0],), (news[0],), 1.0))

    # pass 3: the gaps between anchors
    def _gap(self, olds: list[int], news: list[int], *, moved: bool = False, anchored: bool = True) -> None:
        """Pass 3 on the free units between two anchors (``anchored``: the booklets have anchors at all)."""
        seeds: set[tuple[int, int]] = set()
        if len(olds) * len(news) <= SMALL_GAP:
            seeds = {(i, j) for i in olds for j in news}
        else:
            seeds = self._indexed_seeds(olds, news)
            lo, ln = len(olds), len(news)
            band = 2 * max(lo, ln)
            for x, i in enumerate(olds):
                first = max(0, math.ceil((x * ln - band) / lo))
                last = min(ln - 1, (x * ln + band) // lo)
                for y in range(first, last + 1):
                    seeds.add((i, news[y]))
        chain = heaviest_chain(self._blocks(seeds, set(olds), set(news)))
        for b in chain:
            self._take(self._pair(b, moved=moved))
        if anchored or chain:
            self._fill(olds, news, chain, moved=moved)

    def _fill(self, olds: list[int], news: list[int], chain: list[Block], *, moved: bool) -> None:
        """Between two pairs of a gap (or its ends), a small sub-gap left pairs its units 1:1 at the lower
        ``fill_cut``: a rewrite that lies where the text around it says it should be (as sentence aligners
        fill the gaps between anchors). The words test is unchanged."""
        if self.fill_cut >= self.cut:
            return
        limits = [*((b.o0, b.n0) for b in chain), (len(self.old), len(self.new))]
        ends = [(-1, -1), *((b.o1 - 1, b.n1 - 1) for b in chain)]
        for (o_prev, n_prev), (o_next, n_next) in zip(ends, limits, strict=True):
            span_old = olds[bisect_right(olds, o_prev) : bisect_left(olds, o_next)]
            span_new = news[bisect_right(news, n_prev) : bisect_left(news, n_next)]
            if not span_old or not span_new or len(span_old) * len(span_new) > SMALL_GAP:
                continue
            sub_old = [i for i in span_old if self.old_pair[i] is None]
            sub_new = [j for j in span_new if self.new_pair[j] is None]
            blocks = []
            for i in sub_old:
                for j in sub_new:
                    words_a, words_b = self.old_words[i], self.new_words[j]
                    if self.old[i] == self.new[j]:
                        continue
                    if min(len(words_a), len(words_b)) >= MIN_CONTAINED_WORDS and not has_run(words_a, words_b):
                        continue  # half the words shared, but not one phrase: function words
                    b = self._score(i, i + 1, j, j + 1, cut=self.fill_cut)
                    if b is not None:
                        blocks.append(b)
            for b in heaviest_chain(blocks):
                self._take(self._pair(b, moved=moved))

    def _terms(self) -> None:
        """In a small gap between two anchors of pass 1, a short unit still unpaired (fewer than
        ``MIN_CONTAINED_WORDS`` words) pairs 1:1 with the one unit of the gap that shares its terms
        (``similarity.shared_terms``): a revised list item ("I2C, SPI, UART, CAN" -> "I2C and SPI buses and
        devices"). Each of the two is in no other such pair, and no other unpaired unit of the gap has one of
        their terms; the pair is moved when it crosses a pair of the gap."""
        found: list[tuple[tuple[int, int, int, int], int, int]] = []
        for gap in self.term_gaps:
            o0, o1, n0, n1 = gap
            olds = [i for i in range(o0, o1) if self.old_pair[i] is None and self.old_kind[i] != "other"]
            news = [j for j in range(n0, n1) if self.new_pair[j] is None and self.new_kind[j] != "other"]
            for i in olds:
                for j in news:
                    words_a, words_b = self.old_words[i], self.new_words[j]
                    if (
                        self.old_kind[i] == self.new_kind[j]
                        and self.old[i] != self.new[j]
                        and min(len(words_a), len(words_b)) < MIN_CONTAINED_WORDS
                        and len(set(words_a) & set(words_b)) >= MIN_TERMS
                    ):
                        found.append((gap, i, j))
        if not found:
            return
        counts = word_counts([*self.old, *self.new])
        units = len(self.old) + len(self.new)
        pairs = []
        for gap, i, j in found:
            terms = shared_terms(self.old_words[i], self.new_words[j], counts, units)
            if terms:
                pairs.append((gap, i, j, terms))
        used_old = Counter(i for _, i, _, _ in pairs)
        used_new = Counter(j for _, _, j, _ in pairs)
        chosen = []
        for (o0, o1, n0, n1), i, j, terms in pairs:
            if used_old[i] > 1 or used_new[j] > 1:
                continue  # a unit with terms in common with two others: not clear which pairs
            others = [self.old_words[k] for k in range(o0, o1) if k != i and self.old_pair[k] is None]
            others += [self.new_words[k] for k in range(n0, n1) if k != j and self.new_pair[k] is None]
            if any(not terms.isdisjoint(words) for words in others):
                continue  # another unpaired unit of the gap has one of the terms
            crossing = any(
                (pair := self.old_pair[k]) is not None
                and pair.new
                and not pair.moved
                and pair.change is not Change.MOVED
                and n0 <= pair.new[0] < n1
                and (k < i) != (pair.new[0] < j)
                for k in range(o0, o1)
            )
            total = len(self.old[i]) + len(self.new[j])
            similarity = (total - Indel.distance(self.old[i], self.new[j])) / total
            chosen.append(Pair(Change.EDITED, (i,), (j,), similarity, (), crossing))
        for pair in chosen:  # taken once all are chosen: the choice does not depend on their order
            self._take(pair)

    def _indexed_seeds(self, olds: list[int], news: list[int]) -> set[tuple[int, int]]:
        seeds: set[tuple[int, int]] = set()
        index_new = _WordIndex(news, self.new_words)
        for i in olds:
            seeds.update((i, j) for j in index_new.top(self.old_words[i], _CANDIDATES))
        index_old = _WordIndex(olds, self.old_words)
        for j in news:
            seeds.update((i, j) for i in index_old.top(self.new_words[j], _CANDIDATES))
        return seeds


def positions(indexes: list[int], texts: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = defaultdict(list)
    for k in indexes:
        where[texts[k]].append(k)
    return where
