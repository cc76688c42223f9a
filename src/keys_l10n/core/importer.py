"""Align a published translation of a booklet with the source booklet's units, and judge each pair.

Both texts are segmented with the same walker (a translation published as HTML or DOCX is first turned into
Markdown by ``published``); a dynamic programme then pairs the units in order, allowing a translated unit to be
missing (1-0), added (0-1), or to cover two source units (2-1) or half of one (1-2). The cost of pairing two
units combines, in this order of weight:

1. structure: the block type (a heading with a heading, a list item with a list item, a table cell with a cell);
2. anchors (``core/anchors.py``): what translation leaves as it is: numbers, link and image targets, file names and
   paths, footnote marks, inline code, and the number of sentences (Chinese, Japanese and caseless scripts included);
3. length: the translation's length against the source's, scaled by the ratio of the two whole texts
   (Gale and Church's length model; the search is ``gale_church.best_beads``, as for sentences).

A block that says it is a translator's note (``N. del T.``, ``訳注``...) is never paired. Once the path is
found, each 1-1 pair is judged on its evidence (``Evidence``, ``certain``): its block type, its anchors, its
length measured in the spread of the document's own regular pairs, and what its neighbours are (a pair between
two regular pairs is placed for sure; next to an added, missing, split or merged unit, a shift by one is
possible and anchors must confirm it). Only certain pairs become final translations; the others, and every
2-1 or 1-2 pair, become fuzzy entries for a translator to confirm. Pure: no I/O.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .anchors import anchors, is_translator_note
from .gale_church import best_beads, deviation
from .model import Segment
from .sentences import WIDE_CHARACTERS, join_sentences, split_sentences

_SKIP_COST = 6.0
# A line break between two characters of a script written without spaces is no space (CSS Text 3, segment
# break transformation rules), though the Markdown walker makes every soft break one.
_WIDE_SPACE = re.compile(f"(?<=[{WIDE_CHARACTERS}]) (?=[{WIDE_CHARACTERS}])")


def prepare_translation(units: Sequence[Segment]) -> list[Segment]:
    """The translation's units with the line breaks of no-space scripts (Chinese, Japanese) taken out again."""
    return [replace(u, text=_WIDE_SPACE.sub("", u.text)) if " " in u.text else u for u in units]


def _family(kind: str) -> str:
    return kind.split()[0] if kind.startswith("heading") else kind


@dataclass(frozen=True, slots=True)
class ImportPair:
    source: tuple[int, ...]
    target: tuple[int, ...]
    certain: bool
    cost: float


@dataclass(frozen=True, slots=True)
class Evidence:
    """What speaks for or against a 1-1 pair, once the whole document is aligned."""

    structure: bool  # same block type
    shared: int  # anchors (numbers, link targets, code, footnote marks) found on both sides
    contradicting: int  # anchors found on one side only
    sentences_apart: int
    length: float  # the translation's length against the expected one, in the document's own deviations
    before: str  # what the previous pair is: "regular" (1-1, same type, or the start), "missing" (a source unit
    # without translation), "added" (a translated block without source), "joined" (2-1, 1-2) or "other"
    after: str  # the same for the next pair (or the end)

    @property
    def regular(self) -> bool:
        return self.before == self.after == "regular"


class _Scorer:
    def __init__(
        self,
        source: Sequence[Segment],
        target: Sequence[Segment],
        ratio: float | None = None,
        references: Mapping[str, str] | None = None,
    ) -> None:
        self.source, self.target = source, target
        whole = (sum(len(t.text) for t in target) or 1) / (sum(len(s.text) for s in source) or 1)
        self.ratio = ratio if ratio is not None else whole
        self.source_anchors = [anchors(s.text, references) for s in source]
        self.target_anchors = [anchors(t.text, references) for t in target]
        self.source_sentences = [len(split_sentences(s.text, all_scripts=True)) for s in source]
        self.target_sentences = [len(split_sentences(t.text, all_scripts=True)) for t in target]
        self.source_lengths = [len(s.text) for s in source]
        self.target_lengths = [len(t.text) for t in target]
        self.source_families = [_family(s.kind) for s in source]
        self.target_families = [_family(t.kind) for t in target]
        self.notes = [is_translator_note(t.text) for t in target]

    def delta(self, s_len: int, t_len: int) -> float:
        return deviation(t_len, s_len * self.ratio)

    def pair_cost(self, src: Sequence[int], tgt: Sequence[int]) -> tuple[float, bool]:
        one_to_one = len(src) == len(tgt) == 1
        if one_to_one:  # the common case, without building sets
            i, j = src[0], tgt[0]
            if self.notes[j]:
                return math.inf, False
            s_len, t_len = self.source_lengths[i], self.target_lengths[j]
            structure_ok = self.source_families[i] == self.target_families[j]
            s_anchor, t_anchor = self.source_anchors[i], self.target_anchors[j]
            sentences_apart = abs(self.source_sentences[i] - self.target_sentences[j])
        else:
            if any(self.notes[j] for j in tgt):
                return math.inf, False
            s_len = sum(self.source_lengths[i] for i in src)
            t_len = sum(self.target_lengths[j] for j in tgt)
            structure_ok = {self.source_families[i] for i in src} == {self.target_families[j] for j in tgt}
            s_anchor = set().union(*(self.source_anchors[i] for i in src))
            t_anchor = set().union(*(self.target_anchors[j] for j in tgt))
            sentences_apart = abs(
                sum(self.source_sentences[i] for i in src) - sum(self.target_sentences[j] for j in tgt)
            )
        delta = self.delta(s_len, t_len)
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

    def skip_cost(self, target: int | None) -> float:
        return 0.0 if target is not None and self.notes[target] else _SKIP_COST

    def evidence(self, pairs: Sequence[ImportPair], k: int, centre: float, spread: float) -> Evidence:
        i, j = pairs[k].source[0], pairs[k].target[0]
        s_anchor, t_anchor = self.source_anchors[i], self.target_anchors[j]
        delta = self.delta(self.source_lengths[i], self.target_lengths[j])
        return Evidence(
            structure=self.source_families[i] == self.target_families[j],
            shared=len(s_anchor & t_anchor),
            contradicting=len(s_anchor ^ t_anchor),
            sentences_apart=abs(self.source_sentences[i] - self.target_sentences[j]),
            length=(delta - centre) / spread,
            before="regular" if k == 0 else self.neighbour(pairs[k - 1]),
            after="regular" if k == len(pairs) - 1 else self.neighbour(pairs[k + 1]),
        )

    def neighbour(self, pair: ImportPair) -> str:
        if not pair.target:
            return "missing"
        if not pair.source:
            return "added"
        if len(pair.source) != len(pair.target):
            return "joined"
        return "regular" if self.regular(pair) else "other"

    def regular(self, pair: ImportPair) -> bool:
        return (
            len(pair.source) == len(pair.target) == 1
            and self.source_families[pair.source[0]] == self.target_families[pair.target[0]]
        )


def align_translation(
    source: Sequence[Segment], target: Sequence[Segment], references: Mapping[str, str] | None = None
) -> list[ImportPair]:
    """Pairs covering every source and target unit once, in order, each judged certain or not.

    Two passes: the first uses the length ratio of the whole texts, which is off when the translation dropped
    or added paragraphs; the second uses the median ratio of the first pass's confident 1-1 pairs. Then every
    1-1 pair is judged on its evidence (``judge``), with the length model learned from the document itself.
    ``references`` are the link reference definitions of both texts (``link_references``).
    """
    pairs, scorer = aligned(source, target, references)
    pairs = separate_additions(pairs, scorer)
    return [replace(p, certain=c) for p, c in zip(pairs, judge(pairs, scorer), strict=True)]


def separate_additions(pairs: Sequence[ImportPair], scorer: _Scorer) -> list[ImportPair]:
    """A 1-2 pair is a paragraph the translator split only when the two blocks' sentences add up to the
    source's; when one block alone has as many sentences as the source, the other is an added paragraph
    (listed as such, not glued to this unit's translation)."""
    out: list[ImportPair] = []
    for pair in pairs:
        if len(pair.source) == 1 and len(pair.target) == 2:
            wanted = scorer.source_sentences[pair.source[0]]
            first, second = (scorer.target_sentences[j] for j in pair.target)
            if first + second != wanted and wanted in (first, second):
                kept, added = pair.target if first == wanted else pair.target[::-1]
                one = ImportPair(pair.source, (kept,), False, pair.cost)
                extra = ImportPair((), (added,), False, 0.0)
                out += [one, extra] if kept < added else [extra, one]
                continue
        out.append(pair)
    return out


def aligned(
    source: Sequence[Segment], target: Sequence[Segment], references: Mapping[str, str] | None = None
) -> tuple[list[ImportPair], _Scorer]:
    """The two alignment passes, before judging: the pairs and the scorer of the second pass."""
    first = _align(source, target, _Scorer(source, target, references=references))
    ratios = sorted(
        len(target[p.target[0]].text) / max(len(source[p.source[0]].text), 1)
        for p in first
        if p.certain and len(source[p.source[0]].text) > 40
    )
    if len(ratios) < 2:
        return first, _Scorer(source, target, references=references)
    scorer = _Scorer(source, target, ratios[len(ratios) // 2], references)
    return _align(source, target, scorer), scorer


def evidence_of(all_pairs: Sequence[ImportPair], scorer: _Scorer) -> list[Evidence | None]:
    """The evidence of every 1-1 pair (None for the others), lengths measured in the document's own spread:
    the median and median absolute deviation of the length deltas of the regular pairs with long sources.

    A translator's note is out of the sequence: it says it is an addition, so it moves nothing out of place.
    """
    notes = {k for k, p in enumerate(all_pairs) if not p.source and all(scorer.notes[j] for j in p.target)}
    pairs = [p for k, p in enumerate(all_pairs) if k not in notes]
    deltas = sorted(
        scorer.delta(scorer.source_lengths[p.source[0]], scorer.target_lengths[p.target[0]])
        for k, p in enumerate(pairs)
        if scorer.regular(p)
        and scorer.source_lengths[p.source[0]] > 20
        and (k == 0 or scorer.regular(pairs[k - 1]))
        and (k == len(pairs) - 1 or scorer.regular(pairs[k + 1]))
    )
    if len(deltas) >= 5:
        centre = deltas[len(deltas) // 2]
        spread = max(1.4826 * sorted(abs(d - centre) for d in deltas)[len(deltas) // 2], 0.25)
    else:
        centre, spread = 0.0, 1.0
    found = iter(
        [scorer.evidence(pairs, k, centre, spread) if len(p.source) == len(p.target) == 1 else None
         for k, p in enumerate(pairs)]
    )  # fmt: skip
    return [None if k in notes else next(found) for k in range(len(all_pairs))]


def judge(pairs: Sequence[ImportPair], scorer: _Scorer) -> list[bool]:
    """Which pairs are certain: see ``certain``."""
    return [e is not None and certain(e) for e in evidence_of(pairs, scorer)]


def certain(e: Evidence) -> bool:
    """Whether a 1-1 pair is sure enough to be final.

    Its block types must agree. Between two regular pairs its place is the strongest evidence: measured on
    damaged translations (``benchmarks/score_import.py``), pairs there are right even when their length is far
    off or one anchor differs (a number written out, a path translated), so only a length far outside the
    document's own spread (6 deviations) or anchors that mostly disagree make it fuzzy. Next to an irregular
    pair, where a shift by one is the danger, it needs no anchor against it and: never next to a source unit
    left without translation (that unit's text is most often inside this block: a moved caption, a merge);
    next to an added block, shared anchors and a length within 2 deviations; next to a split or merge, either
    that or the same number of sentences and a length within 1 deviation.
    """
    if not e.structure:
        return False
    if e.regular:
        return abs(e.length) < 6.0 and (e.contradicting <= 1 or e.shared >= e.contradicting)
    if e.contradicting or "missing" in (e.before, e.after):
        return False
    if e.shared:
        return abs(e.length) < 2.0
    if "added" in (e.before, e.after):  # the added block may be this unit's translation, and this the next one's
        return False
    return abs(e.length) < 1.0 and e.sentences_apart == 0


def band(n: int, m: int) -> int:
    """How far (in units) the alignment path may stray from the straight line from (0, 0) to (n, m).

    A contiguous run of dropped or added paragraphs moves the path off the line by at most |n - m|; a
    sixth of the booklet more leaves room for drops and additions that cancel out. Booklets of up to 100
    units are searched whole, so the band only matters for long ones, where it makes the search about linear.
    """
    return max(100, abs(n - m) + max(n, m) // 6)


_STEPS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def _align(source: Sequence[Segment], target: Sequence[Segment], scorer: _Scorer) -> list[ImportPair]:
    def cost(i: int, j: int, di: int, dj: int) -> tuple[float, bool]:
        if di and dj:
            pair_cost, certain = scorer.pair_cost(range(i, i + di), range(j, j + dj))
            return (pair_cost + 4.0 if di + dj > 2 else pair_cost), certain
        return scorer.skip_cost(j if dj else None), False

    beads = best_beads(len(source), len(target), _STEPS, cost, band(len(source), len(target)))
    return [ImportPair(b.source, b.target, b.value, b.cost) for b in beads]


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What a translation gives each source unit, and what it leaves over.

    ``translations`` maps a source unit's index to (translated text, certain); ``missing`` lists the source units
    the translation has nothing for; ``added`` the translation's blocks that translate no source unit.
    """

    translations: dict[int, tuple[str, bool]]
    missing: tuple[int, ...]
    added: tuple[int, ...]


def plan_import(
    source: Sequence[Segment], target: Sequence[Segment], references: Mapping[str, str] | None = None
) -> ImportPlan:
    """Align ``target`` (a translation's units) with ``source`` and share the translated text between units."""
    pairs = align_translation(source, target, references)
    translations: dict[int, tuple[str, bool]] = {}
    missing: list[int] = []
    added: list[int] = []
    for pair in pairs:
        if not pair.target:
            missing.extend(pair.source)
            continue
        if not pair.source:
            added.extend(pair.target)
            continue
        text = join_sentences([target[j].text for j in pair.target])
        shares = divide_like(text, [source[i].text for i in pair.source])
        for index, share in zip(pair.source, shares, strict=True):
            if share:
                translations[index] = (share, pair.certain)
    return ImportPlan(translations, tuple(missing), tuple(added))


def divide_like(text: str, sources: Sequence[str]) -> list[str]:
    """Share a translated unit between the source units it translates, cutting between sentences where the
    shares best match the source units in sentence count and length (the whole text to the first unit when it
    has fewer sentences than units)."""
    parts = len(sources)
    sentences = split_sentences(text, all_scripts=True)
    if parts == 1:
        return [text]
    if len(sentences) < parts:
        return [text] + [""] * (parts - 1)
    counts = [len(split_sentences(s, all_scripts=True)) for s in sources]
    lengths = [len(s) for s in sources]
    ratio = sum(len(t) for t in sentences) / max(sum(lengths), 1)
    best: tuple[float, tuple[int, ...]] | None = None
    for cuts in itertools.combinations(range(1, len(sentences)), parts - 1):
        bounds = (0, *cuts, len(sentences))
        cost = 0.0
        for k in range(parts):
            share = sentences[bounds[k] : bounds[k + 1]]
            expected = lengths[k] * ratio
            delta = deviation(sum(len(t) for t in share), expected)
            cost += delta * delta / 4.0 + 1.5 * abs(len(share) - counts[k])
        if best is None or cost < best[0]:
            best = (cost, bounds)
    assert best is not None
    bounds = best[1]
    return [join_sentences(sentences[bounds[k] : bounds[k + 1]]) for k in range(parts)]


def divide(text: str, parts: int) -> list[str]:
    """Share a translated unit between ``parts`` source units by sentences (all of it to the first if it has
    fewer sentences than parts)."""
    sentences = split_sentences(text)
    if len(sentences) < parts:
        return [text] + [""] * (parts - 1)
    size = len(sentences) / parts
    return [" ".join(sentences[round(k * size) : round((k + 1) * size)]) for k in range(parts)]
