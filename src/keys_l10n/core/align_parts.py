"""Passes 5 and 6 of ``align_edition``, on the pairs the other passes found. Pure, no I/O.

5. A merge whose end part has its own remnant unpaired next to the merged unit becomes two edits (a sentence
   that moved across a paragraph boundary); the same for a split.
6. An edited, split or merged pair takes an unpaired unit near its many side (past units that are not text
   and one inserted paragraph) when that unit is a part of the same text: a split around a code listing, a
   table, an image or a new paragraph; or a part side by side whose words were rewritten (its opening kept)
   when it raises the pair's character similarity by ``SPLIT_GAIN``. Pass 5 runs again.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from rapidfuzz.distance import Indel

from .align import Aligner
from .align_score import MAX_PARTS, SCALE
from .alignment import Change, Pair
from .chain import tie
from .similarity import consecutive, has_run

SPLIT_GAIN = 0.1  # a rewritten part side by side must raise the pair's character similarity this much
_WIDEN_REACH = 12


class PartsAligner(Aligner):
    """The aligner with passes 5 and 6, on the pairs found by the other passes."""

    # pass 5: a sentence moved across a paragraph boundary
    def _rebalance(self) -> None:
        """A merge one of whose end parts has its own remnant unpaired next to the merged unit is a sentence that
        moved across a paragraph boundary (or two units that changed places): that part edited into the remnant,
        the other parts into the merged unit. The same for a split, mirrored."""
        order = sorted(
            (p for p in self.pairs.values() if p.change in (Change.SPLIT, Change.MERGED)),
            key=lambda p: (p.old, p.new),
        )
        for pair in order:
            merged = pair.change is Change.MERGED
            many, one = (pair.old, pair.new[0]) if merged else (pair.new, pair.old[0])
            best: tuple[int, int, list[Pair]] | None = None
            for (edge, rest), step in itertools.product(((many[0], many[1:]), (many[-1], many[:-1])), (-1, 1)):
                free = self._next_free(one, step, on_old=not merged)
                if free is None:
                    continue
                blocks = [((edge,), (free,)), (rest, (one,))] if merged else [((free,), (edge,)), ((one,), rest)]
                found = [self._measure(olds_at, news_at) for olds_at, news_at in blocks]
                if any(f is None for f in found):
                    continue
                score = sum(f[0] for f in found if f is not None)
                pairs = []
                for (olds_at, news_at), f in zip(blocks, found, strict=True):
                    assert f is not None
                    size = (len(olds_at), len(news_at))
                    change = Change.EDITED if size == (1, 1) else Change.SPLIT if size[0] == 1 else Change.MERGED
                    pairs.append(Pair(change, olds_at, news_at, (f[2] - f[1]) / f[2], (), pair.moved))
                key = (score, tie(sorted([edge, free])))
                if best is None or key > best[:2]:
                    best = (*key, pairs)
            if best is not None:
                self._drop(pair)
                for new_pair in best[2]:
                    self._take(new_pair)

    def _next_free(self, unit: int, step: int, *, on_old: bool) -> int | None:
        """The first unpaired unit from ``unit`` in direction ``step`` (of the same booklet), past units that are
        not text and units moved there."""
        taken = self.old_pair if on_old else self.new_pair
        kinds = self.old_kind if on_old else self.new_kind
        groups = self.old_group if on_old else self.new_group
        at = unit + step
        for _ in range(_WIDEN_REACH):
            if not 0 <= at < len(taken) or groups[at] != groups[unit] or kinds[at] == "heading":
                return None
            pair = taken[at]
            if pair is None and kinds[at] == "text":
                return at
            if pair is not None and kinds[at] == "text" and pair.change is not Change.MOVED and not pair.moved:
                return None
            at += step
        return None

    # pass 6: splits and merges whose parts are apart
    def _widen(self) -> None:
        """An edited, split or merged pair takes a free unit nearby on its many side (past units that are not
        text: table cells, images; or past one other paragraph) when that unit is a part of the same text."""
        order = sorted(
            (p for p in self.pairs.values() if p.change in (Change.EDITED, Change.SPLIT, Change.MERGED)),
            key=lambda p: (p.old, p.new),
        )
        for pair in order:
            current = pair
            while len(current.old) + len(current.new) < MAX_PARTS + 1:
                best: tuple[int, int, tuple[int, ...], tuple[int, ...], int, int] | None = None
                sides = []
                if len(current.old) == 1:
                    sides.append(False)
                if len(current.new) == 1:
                    sides.append(True)
                for on_old in sides:
                    parts = current.old if on_old else current.new
                    for unit in self._near(parts, on_old=on_old):
                        trial = tuple(sorted((*parts, unit)))
                        olds_at, news_at = (trial, current.new) if on_old else (current.old, trial)
                        found = self._measure(olds_at, news_at) or self._gain(olds_at, news_at, current, unit, on_old)
                        if found is None:
                            continue
                        score, distance, total = found
                        key = (score, tie(sorted([olds_at, news_at])), olds_at, news_at, distance, total)
                        if best is None or key[:2] > best[:2]:
                            best = key
                if best is None:
                    break
                _, _, olds_at, news_at, distance, total = best
                change = Change.SPLIT if len(olds_at) == 1 else Change.MERGED
                grown = Pair(change, olds_at, news_at, (total - distance) / total, (), current.moved)
                self._drop(current)
                self._take(grown)
                current = grown

    def _gain(
        self, olds_at: tuple[int, ...], news_at: tuple[int, ...], current: Pair, unit: int, on_old: bool
    ) -> tuple[int, int, int] | None:
        """A part side by side with the others whose own words are too rewritten for the words test, but that
        raises the character similarity of the pair by ``SPLIT_GAIN`` or more: the rewritten rest of the unit
        (a split whose first sentence was rewritten into its own paragraph). It shares a run of words with the
        other side."""
        parts = olds_at if on_old else news_at
        if not consecutive(parts):
            return None
        a = " ".join(self.old[i] for i in olds_at)
        b = " ".join(self.new[j] for j in news_at)
        total = len(a) + len(b)
        gain = round((current.similarity + SPLIT_GAIN) * SCALE)
        if gain > SCALE:
            return None
        limit = (total * (SCALE - max(self.cut, gain))) // SCALE
        distance = Indel.distance(a, b, score_cutoff=limit)
        if distance > limit:
            return None
        words = self.old_words[unit] if on_old else self.new_words[unit]
        other = [w for j in (news_at if on_old else olds_at) for w in (self.new_words if on_old else self.old_words)[j]]
        if not has_run(words, other):
            return None
        return (total - distance) * SCALE - self.cut * total + 1, distance, total

    def _near(self, parts: tuple[int, ...], *, on_old: bool) -> Iterator[int]:
        """Free units before and after ``parts`` (of the same booklet and section), past units that are not
        text and at most one inserted text unit (unpaired, or moved there)."""
        texts = self.old if on_old else self.new
        taken = self.old_pair if on_old else self.new_pair
        kinds = self.old_kind if on_old else self.new_kind
        groups = self.old_group if on_old else self.new_group
        group = groups[parts[0]]
        for start, step in ((parts[0] - 1, -1), (parts[-1] + 1, 1)):
            others = 0
            unit = start
            for _ in range(_WIDEN_REACH):
                if not 0 <= unit < len(texts) or groups[unit] != group or kinds[unit] == "heading":
                    break
                if kinds[unit] != "other":
                    pair = taken[unit]
                    if unit in parts or (pair is not None and pair.change is not Change.MOVED and not pair.moved):
                        break  # only an inserted paragraph (new, or moved here) may come between two parts
                    if pair is None:
                        yield unit
                    others += 1
                    if others > 1:
                        break
                unit += step
