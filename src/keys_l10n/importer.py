"""Align a published translation of a booklet (Markdown in the target language) with the source booklet's units.

Both texts are segmented with the same walker; a dynamic programme then pairs the units in order, allowing a
translated unit to be missing (1-0), added (0-1), or to cover two source units (2-1) or half of one (1-2).
The cost of pairing two units combines, in this order of weight:

1. structure: the block type (a heading with a heading, a list item with a list item, a table cell with a cell);
2. anchors: what translation leaves as it is: numbers, link and image targets, footnote marks, inline code,
   and the number of sentences;
3. length: the translation's length against the source's, scaled by the ratio of the two whole texts
   (Gale and Church's length model).

A pair is *certain* when the types agree, no anchor contradicts and the length fits; everything else (and every
2-1 or 1-2 pair) becomes a fuzzy entry for a translator to confirm. Pure: no I/O.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Segment
from .sentences import split_sentences

_ANCHOR = re.compile(r"\]\(([^)\s]+)|\[\^([^\]]+)\]|`([^`]+)`|(\d+(?:[.,:]\d+)*)")
_SKIP_COST = 6.0


def anchors(text: str) -> set[str]:
    found = set()
    for match in _ANCHOR.finditer(text):
        target, note, code, number = match.groups()
        if target:
            found.add("link:" + target)
        elif note:
            found.add("note:" + note)
        elif code:
            found.add("code:" + code)
        elif number:
            found.add("num:" + re.sub(r"[.,]", "", number))
    return found


def _family(kind: str) -> str:
    return kind.split()[0] if kind.startswith("heading") else kind


@dataclass(frozen=True, slots=True)
class ImportPair:
    source: tuple[int, ...]
    target: tuple[int, ...]
    certain: bool
    cost: float


class _Scorer:
    def __init__(self, source: Sequence[Segment], target: Sequence[Segment], ratio: float | None = None) -> None:
        self.source, self.target = source, target
        whole = (sum(len(t.text) for t in target) or 1) / (sum(len(s.text) for s in source) or 1)
        self.ratio = ratio if ratio is not None else whole
        self.source_anchors = [anchors(s.text) for s in source]
        self.target_anchors = [anchors(t.text) for t in target]
        self.source_sentences = [len(split_sentences(s.text)) for s in source]
        self.target_sentences = [len(split_sentences(t.text)) for t in target]
        self.source_lengths = [len(s.text) for s in source]
        self.target_lengths = [len(t.text) for t in target]
        self.source_families = [_family(s.kind) for s in source]
        self.target_families = [_family(t.kind) for t in target]

    def pair_cost(self, src: Sequence[int], tgt: Sequence[int]) -> tuple[float, bool]:
        one_to_one = len(src) == len(tgt) == 1
        if one_to_one:  # the common case, without building sets
            i, j = src[0], tgt[0]
            s_len, t_len = self.source_lengths[i], self.target_lengths[j]
            structure_ok = self.source_families[i] == self.target_families[j]
            s_anchor, t_anchor = self.source_anchors[i], self.target_anchors[j]
            sentences_apart = abs(self.source_sentences[i] - self.target_sentences[j])
        else:
            s_len = sum(self.source_lengths[i] for i in src)
            t_len = sum(self.target_lengths[j] for j in tgt)
            structure_ok = {self.source_families[i] for i in src} == {self.target_families[j] for j in tgt}
            s_anchor = set().union(*(self.source_anchors[i] for i in src))
            t_anchor = set().union(*(self.target_anchors[j] for j in tgt))
            sentences_apart = abs(
                sum(self.source_sentences[i] for i in src) - sum(self.target_sentences[j] for j in tgt)
            )
        expected = s_len * self.ratio
        delta = (t_len - expected) / math.sqrt(max(expected, 1.0) * 6.8)
        cost = min(delta * delta / 4.0, 12.0)
        if not structure_ok:
            cost += 8.0
        if s_anchor or t_anchor:
            contradiction = len(s_anchor ^ t_anchor)
            cost += 2.5 * contradiction - 1.5 * len(s_anchor & t_anchor)
        else:
            contradiction = 0
        # A paragraph split or merged by the translator is cut at a sentence boundary: in a 2-1 or 1-2 pair the
        # sentence counts add up. When they do not, an added or dropped paragraph is the likelier story.
        cost += (1.5 if len(src) == len(tgt) else 3.0) * sentences_apart
        certain = one_to_one and structure_ok and contradiction == 0 and sentences_apart == 0 and abs(delta) < 2.5
        return cost, certain


def align_translation(source: Sequence[Segment], target: Sequence[Segment]) -> list[ImportPair]:
    """Pairs covering every source and target unit once, in order.

    Two passes: the first uses the length ratio of the whole texts, which is off when the translation dropped
    or added paragraphs; the second uses the median ratio of the first pass's confident 1-1 pairs.
    """
    first = _align(source, target, _Scorer(source, target))
    ratios = sorted(
        len(target[p.target[0]].text) / max(len(source[p.source[0]].text), 1)
        for p in first
        if p.certain and len(source[p.source[0]].text) > 40
    )
    if len(ratios) < 2:
        return first
    return _align(source, target, _Scorer(source, target, ratios[len(ratios) // 2]))


def band(n: int, m: int) -> int:
    """How far (in units) the alignment path may stray from the straight line from (0, 0) to (n, m).

    A contiguous run of dropped or added paragraphs moves the path off the line by at most |n - m|; a
    sixth of the booklet more leaves room for drops and additions that cancel out. Booklets of up to 100
    units are searched whole, so the band only matters for long ones, where it makes the search about linear.
    """
    return max(100, abs(n - m) + max(n, m) // 6)


def _align(source: Sequence[Segment], target: Sequence[Segment], scorer: _Scorer) -> list[ImportPair]:
    n, m = len(source), len(target)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, bool, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    steps = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
    width = band(n, m)
    for i in range(n + 1):
        centre = i * m // n if n else 0
        for j in range(max(0, centre - width), min(m, centre + width) + 1):
            here = best[i][j]
            if here == inf:
                continue
            for di, dj in steps:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                if di and dj:
                    cost, certain = scorer.pair_cost(range(i, ni), range(j, nj))
                    if di + dj > 2:
                        cost += 4.0
                else:
                    cost, certain = _SKIP_COST, False
                total = here + cost
                if total < best[ni][nj]:
                    best[ni][nj] = total
                    back[ni][nj] = (di, dj, certain, cost)
    pairs: list[ImportPair] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        assert step is not None
        di, dj, certain, cost = step
        pairs.append(ImportPair(tuple(range(i - di, i)), tuple(range(j - dj, j)), certain, cost))
        i, j = i - di, j - dj
    pairs.reverse()
    return pairs


def divide_like(text: str, sources: Sequence[str]) -> list[str]:
    """Share a translated unit between the source units it translates, cutting between sentences where the
    shares best match the source units in sentence count and length (the whole text to the first unit when it
    has fewer sentences than units)."""
    parts = len(sources)
    sentences = split_sentences(text)
    if parts == 1:
        return [text]
    if len(sentences) < parts:
        return [text] + [""] * (parts - 1)
    counts = [len(split_sentences(s)) for s in sources]
    lengths = [len(s) for s in sources]
    ratio = sum(len(t) for t in sentences) / max(sum(lengths), 1)
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in itertools.combinations(range(1, len(sentences)), parts - 1):
        bounds = (0, *cuts, len(sentences))
        cost = 0.0
        for k in range(parts):
            share = sentences[bounds[k] : bounds[k + 1]]
            expected = lengths[k] * ratio
            delta = (sum(len(t) for t in share) - expected) / math.sqrt(max(expected, 1.0) * 6.8)
            cost += delta * delta / 4.0 + 1.5 * abs(len(share) - counts[k])
        if best is None or cost < best[0]:
            best = (cost, bounds)
    assert best is not None
    bounds = best[1]
    return [" ".join(sentences[bounds[k] : bounds[k + 1]]) for k in range(parts)]


def divide(text: str, parts: int) -> list[str]:
    """Share a translated unit between ``parts`` source units by sentences (all of it to the first if it has
    fewer sentences than parts)."""
    sentences = split_sentences(text)
    if len(sentences) < parts:
        return [text] + [""] * (parts - 1)
    size = len(sentences) / parts
    return [" ".join(sentences[round(k * size) : round((k + 1) * size)]) for k in range(parts)]
