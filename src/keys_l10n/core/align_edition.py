"""Segment-level alignment of two editions: what happened to every unit (the classes: ``alignment``).
Pure, no I/O.

How (each unit is taken by the first pass that claims it). ``align_editions`` pairs booklets by name, then
renamed ones by content (``couple_booklets``); passes 1-3 (``align``) work on each couple of booklets, in
order, and passes 4-6 on what is left over in the whole edition, so that a unit that left one booklet for
another (or a booklet found in one edition only) is matched with the rest of the edition. ``align`` is the
same for one pair of booklets.

4. Over the whole edition: a text left over once in each edition, in another booklet, is *moved*. Two
   booklets are then *related* when ``LINK_UNITS`` units or more moved between them, or when one moved to
   another folder under the same file name (``async`` -> ``concurrency/async``, a name found once among the
   booklets of one edition only, on each side). A text left over several times (a caption under every
   listing, an "Exercises" title) moves between related booklets, those that most other units moved between
   first. Related booklets are aligned in order like a couple (the pairs between them are the anchors, pass 3
   in the gaps of up to ``_LINKED_GAP`` pairs of units, before and again after what follows). Then the units
   still unpaired are matched through the word index, best blocks first (edited, split or merged, with
   ``moved`` set). Between booklets that are not related, a short text (fewer than 8 words) needs a
   character similarity of 0.8: a file caption or a link easily looks like another one.
5-6. Splits and merges whose parts are apart, sentences moved across a paragraph boundary (``align_parts``).
7. In a small gap between two anchors of pass 1, a short unit still unpaired is an edit of the one unpaired
   unit of the gap that shares two rare words or more with it (its terms: "I2C, SPI, UART, CAN" -> "I2C and
   SPI buses and devices"; ``align.Aligner._terms``, ``similarity.shared_terms``).
   What remains is *added* or *removed*.

The result does not depend on which edition is called old: every score is symmetric, ties are broken by a
hash of the texts and of the unordered positions, and the two editions are always put in the same
orientation before solving, so ``align(b, a)`` is exactly the mirror of ``align(a, b)`` (split <-> merged,
added <-> removed), and the same for ``align_editions``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from .align import REPEAT_PAIRS, SMALL_GAP, positions
from .align_parts import PartsAligner
from .alignment import DEFAULT_THRESHOLD, Alignment, BookletAlignment, Change, EditionAlignment, Elsewhere, Pair
from .chain import Block, heaviest_chain, tie
from .model import Segment
from .similarity import WORD, bag_similarity, word_diff

RENAME_THRESHOLD = 0.5
LINK_UNITS = 2  # booklets between which this many pairs moved are related (aligned in order, like a couple)
LINK_WEIGHT = 2  # a booklet moved to another folder under its file name counts as this many pairs moved
_LINKED_GAP = 100  # old x new units of a gap between related booklets aligned in order


def align(old: Sequence[Segment], new: Sequence[Segment], *, threshold: float = DEFAULT_THRESHOLD) -> Alignment:
    """Classify every unit of ``old`` and ``new`` exactly once (see the module docstring)."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    return _solve([("", "")], {"": tuple(old)}, {"": tuple(new)}, threshold)[0]


def _canonical(units: Sequence[Segment]) -> tuple[tuple[str, bool, tuple[str, ...]], ...]:
    """What the aligner looks at, to choose the orientation it solves."""
    return tuple((s.text, s.kind.startswith("heading"), s.headings) for s in units)


Couple = tuple[str | None, str | None]


def couple_booklets(old: Mapping[str, Sequence[Segment]], new: Mapping[str, Sequence[Segment]]) -> list[Couple]:
    """Booklets of the same name, then renamed ones by content (bag-of-words similarity >= 0.5), then the
    booklets of one edition only, as (old name, new name) with None for the missing side."""
    same = [name for name in old if name in new]
    gone = [name for name in old if name not in new]
    came = [name for name in new if name not in old]
    renamed: list[tuple[str, str]] = []
    if gone and came:
        bags_old = {name: Counter(w.lower() for s in old[name] for w in WORD.findall(s.text)) for name in gone}
        bags_new = {name: Counter(w.lower() for s in new[name] for w in WORD.findall(s.text)) for name in came}
        scored = []
        for a in gone:
            for b in came:
                score = bag_similarity(bags_old[a], bags_new[b])
                if score >= RENAME_THRESHOLD:
                    scored.append((score, a, b))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        taken_old: set[str] = set()
        taken_new: set[str] = set()
        for _, a, b in scored:
            if a not in taken_old and b not in taken_new:
                renamed.append((a, b))
                taken_old.add(a)
                taken_new.add(b)
        gone = [a for a in gone if a not in taken_old]
        came = [b for b in came if b not in taken_new]
    couples: list[Couple] = [(name, name) for name in same]
    couples += renamed
    couples += [(a, None) for a in gone]
    couples += [(None, b) for b in came]
    return couples


def align_editions(
    old: Mapping[str, Sequence[Segment]],
    new: Mapping[str, Sequence[Segment]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> EditionAlignment:
    """Align a whole edition: booklets are paired by name, then renamed ones by content (``couple_booklets``);
    each pair is aligned in order, then the units left over anywhere are matched across the whole edition, so
    that a unit that left one booklet for another is moved (or edited, split, merged and moved) with both
    places shown (``Pair.elsewhere``), and a booklet found in one edition only is matched against the rest."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    couples = couple_booklets(old, new)
    alignments = _solve(
        couples, {k: tuple(v) for k, v in old.items()}, {k: tuple(v) for k, v in new.items()}, threshold
    )
    booklets = [BookletAlignment(a, b, alignment) for (a, b), alignment in zip(couples, alignments, strict=True)]
    booklets.sort(key=lambda b: b.name)
    return EditionAlignment(tuple(booklets), threshold)


def _solve(
    couples: Sequence[Couple],
    old: Mapping[str, tuple[Segment, ...]],
    new: Mapping[str, tuple[Segment, ...]],
    threshold: float,
) -> list[Alignment]:
    """One alignment per couple of booklets (in the order given)."""
    order = sorted(range(len(couples)), key=lambda g: tuple(sorted(name or "" for name in couples[g])))
    olds = [old[couples[g][0] or ""] if couples[g][0] is not None else () for g in order]
    news = [new[couples[g][1] or ""] if couples[g][1] is not None else () for g in order]
    links = _path_links([couples[g][0] for g in order], [couples[g][1] for g in order], old, new)
    if [_canonical(units) for units in olds] <= [_canonical(units) for units in news]:
        pairs = EditionAligner.edition(olds, news, threshold, links)
    else:
        # Always solve the problem in one orientation, so that align(b, a) mirrors align(a, b) exactly even
        # when two solutions weigh the same.
        flipped = {(h, g) for g, h in links}
        pairs = [pair.mirrored() for pair in EditionAligner.edition(news, olds, threshold, flipped)]
    old_at = [(g, i) for g, units in enumerate(olds) for i in range(len(units))]
    new_at = [(g, j) for g, units in enumerate(news) for j in range(len(units))]
    old_all = [seg for units in olds for seg in units]
    new_all = [seg for units in news for seg in units]
    per: list[list[Pair]] = [[] for _ in order]
    for pair in pairs:
        if pair.change in (Change.EDITED, Change.SPLIT, Change.MERGED):
            old_text = " ".join(old_all[i].text for i in pair.old)
            new_text = " ".join(new_all[j].text for j in pair.new)
            pair = replace(pair, diff=word_diff(old_text, new_text))
        groups = {old_at[i][0] for i in pair.old} | {new_at[j][0] for j in pair.new}
        local_old = tuple(old_at[i][1] for i in pair.old)
        local_new = tuple(new_at[j][1] for j in pair.new)
        if len(groups) == 1:
            # ``replace(pair, old=local_old, new=local_new)`` spelled out (the fields in order): once per pair of a
            # book, and ``dataclasses.replace`` takes twice the time
            per[groups.pop()].append(
                Pair(pair.change, local_old, local_new, pair.similarity, pair.diff, pair.moved, pair.elsewhere)
            )
            continue
        g_old, g_new = old_at[pair.old[0]][0], new_at[pair.new[0]][0]
        old_name, new_name = couples[order[g_old]][0], couples[order[g_new]][1]
        assert old_name is not None and new_name is not None
        segs_old = tuple(old_all[i] for i in pair.old)
        segs_new = tuple(new_all[j] for j in pair.new)
        per[g_old].append(replace(pair, old=local_old, new=(), elsewhere=Elsewhere(new_name, local_new, segs_new)))
        per[g_new].append(replace(pair, old=(), new=local_new, elsewhere=Elsewhere(old_name, local_old, segs_old)))
    out: list[Alignment] = [Alignment((), (), (), threshold)] * len(couples)
    for g, index in enumerate(order):
        out[index] = Alignment(olds[g], news[g], tuple(_reading_order(per[g])), threshold)
    return out


def _path_links(
    old_names: Sequence[str | None],
    new_names: Sequence[str | None],
    old: Mapping[str, object],
    new: Mapping[str, object],
) -> set[tuple[int, int]]:
    """(old group, new group) of booklets moved to another folder under the same file name (``async`` ->
    ``concurrency/async``): a file name found once among the booklets of one edition only, on each side."""
    stems_old: dict[str, list[int]] = defaultdict(list)
    stems_new: dict[str, list[int]] = defaultdict(list)
    for g, name in enumerate(old_names):
        if name is not None and name not in new:
            stems_old[PurePosixPath(name).stem].append(g)
    for h, name in enumerate(new_names):
        if name is not None and name not in old:
            stems_new[PurePosixPath(name).stem].append(h)
    links = set()
    for stem, groups in stems_old.items():
        others = stems_new.get(stem, [])
        if len(groups) == 1 and len(others) == 1 and groups[0] != others[0]:
            links.add((groups[0], others[0]))
    return links


class EditionAligner(PartsAligner):
    """The aligner of a whole edition: every couple of booklets in order, then pass 4 over what is left in the
    whole edition, then passes 5-6."""

    @classmethod
    def edition(
        cls,
        olds: Sequence[Sequence[Segment]],
        news: Sequence[Sequence[Segment]],
        threshold: float,
        links: set[tuple[int, int]] | None = None,
    ) -> list[Pair]:
        """Every couple of booklets in order, then the leftovers of all of them; indexes into the
        concatenation of the booklets."""
        old_group = [g for g, units in enumerate(olds) for _ in units]
        new_group = [g for g, units in enumerate(news) for _ in units]
        aligner = cls(
            [s for units in olds for s in units],
            [s for units in news for s in units],
            threshold,
            old_group,
            new_group,
            links,
        )
        o = n = 0
        for old_units, new_units in zip(olds, news, strict=True):
            aligner.in_order(o, o + len(old_units), n, n + len(new_units))
            o += len(old_units)
            n += len(new_units)
        return aligner.finish()

    def finish(self) -> list[Pair]:
        """Pass 4 over the whole edition, the widening of splits and merges, and what is left."""
        self._moves_across()
        self._link()
        self._moves_by_affinity()
        self._linked_gaps()
        self._leftovers()
        self._link()
        self._linked_gaps()  # again, between the pairs that pass 4 found
        self._rebalance()
        self._widen()
        self._rebalance()
        self._terms()
        for i, pair in enumerate(self.old_pair):
            if pair is None:
                self._take(Pair(Change.REMOVED, (i,), (), 0.0))
        for j, pair in enumerate(self.new_pair):
            if pair is None:
                self._take(Pair(Change.ADDED, (), (j,), 0.0))
        return list(self.pairs.values())

    def _moves_across(self) -> None:
        """A text left over once in the whole old edition and once in the new one, in another booklet: moved."""
        where_old = positions([i for i, p in enumerate(self.old_pair) if p is None], self.old)
        where_new = positions([j for j, p in enumerate(self.new_pair) if p is None], self.new)
        for text, olds in where_old.items():
            news = where_new.get(text)
            if news and len(olds) == len(news) == 1 and self.old_group[olds[0]] != self.new_group[news[0]]:
                self._take(Pair(Change.MOVED, (olds[0],), (news[0],), 1.0))

    def _moves_by_affinity(self) -> None:
        """A text left over several times ("_Android.bp_:" under every listing) moves from an old booklet to a
        new one that other units moved between, the pair of booklets most of them moved between first."""
        affinity = self._cross()
        for link in self.links:
            affinity[link] += LINK_WEIGHT
        if not affinity:
            return
        where_old = positions([i for i, p in enumerate(self.old_pair) if p is None], self.old)
        where_new = positions([j for j, p in enumerate(self.new_pair) if p is None], self.new)
        candidates = []
        for text, olds in where_old.items():
            news = where_new.get(text)
            if not news or len(olds) * len(news) > REPEAT_PAIRS:
                continue
            for i in olds:
                for j in news:
                    weight = affinity.get((self.old_group[i], self.new_group[j]), 0)
                    if weight:
                        candidates.append((weight, tie(min(i, j), max(i, j), text), i, j))
        for _, _, i, j in sorted(candidates, reverse=True):
            if self.old_pair[i] is None and self.new_pair[j] is None:
                self._take(Pair(Change.MOVED, (i,), (j,), 1.0))

    def _cross(self) -> Counter[tuple[int, int]]:
        """How many pairs have their old units in one booklet and their new units in another, by (old group,
        new group)."""
        out: Counter[tuple[int, int]] = Counter()
        for pair in self.pairs.values():
            if pair.old and pair.new and self.old_group[pair.old[0]] != self.new_group[pair.new[0]]:
                out[self.old_group[pair.old[0]], self.new_group[pair.new[0]]] += 1
        return out

    def _link(self) -> None:
        """Booklets are related when LINK_UNITS units or more moved from one to the other (a chapter split into
        new files), or when one moved to another folder under its file name (given)."""
        self.links |= {key for key, count in self._cross().items() if count >= LINK_UNITS}

    def _linked_gaps(self) -> None:
        """Two related booklets are aligned in order like a couple: the pairs between them are the anchors, and
        the gaps between the anchors are solved with the thresholds of one booklet (pass 3)."""
        if not self.links:
            return
        old_span = _spans(self.old_group)
        new_span = _spans(self.new_group)
        between: dict[tuple[int, int], list[Block]] = defaultdict(list)
        for pair in self.pairs.values():
            if (
                pair.old
                and pair.new
                and (key := (self.old_group[pair.old[0]], self.new_group[pair.new[0]])) in self.links
            ):
                o0, o1, n0, n1 = min(pair.old), max(pair.old) + 1, min(pair.new), max(pair.new) + 1
                between[key].append(Block(o0, o1, n0, n1, len(pair.old) + len(pair.new), tie(o0, n0)))
        for g, h in sorted(self.links):
            blocks = between.get((g, h), [])
            bounds = (*old_span[g], *new_span[h])
            anchors = heaviest_chain(blocks)
            for olds, news in self._gaps(anchors, bounds):
                if len(olds) * len(news) <= _LINKED_GAP:  # a larger gap is left to the word index of pass 4
                    self._gap(olds, news, moved=True, anchored=bool(anchors))

    # pass 4: edited and moved, over the whole edition
    def _leftovers(self) -> None:
        olds = [i for i, p in enumerate(self.old_pair) if p is None]
        news = [j for j, p in enumerate(self.new_pair) if p is None]
        if not olds or not news:
            return
        if len(olds) * len(news) <= SMALL_GAP:
            seeds = {(i, j) for i in olds for j in news}
        else:
            seeds = self._indexed_seeds(olds, news)
        self.anywhere = True  # with no order to go by, a heading pairs only with a heading
        blocks = self._blocks(seeds, set(olds), set(news))
        self.anywhere = False
        blocks.sort(key=lambda b: (b.score, b.tie), reverse=True)
        for b in blocks:
            if all(self.old_pair[i] is None for i in range(b.o0, b.o1)) and all(
                self.new_pair[j] is None for j in range(b.n0, b.n1)
            ):
                self._take(self._pair(b, moved=True))


def _spans(groups: Sequence[int]) -> dict[int, tuple[int, int]]:
    """The units [first, last + 1) of each group (groups are runs of consecutive units)."""
    out: dict[int, tuple[int, int]] = {}
    for k, g in enumerate(groups):
        first = out.get(g, (k, k))[0]
        out[g] = (first, k + 1)
    return out


def _reading_order(pairs: list[Pair]) -> list[Pair]:
    """Pairs in the new edition's order; a removed unit after the pair of the old unit before it."""
    size = 1 + max((i for p in pairs for i in p.old), default=-1)
    placed = [-1] * size  # new position of the in-order pair holding old unit i
    for p in pairs:
        if p.new and not p.moved and p.change is not Change.MOVED:
            for i in p.old:
                placed[i] = max(p.new)
    before = [-1] * size  # new position after which the old unit i is shown
    last = -1
    for i in range(size):
        before[i] = last
        if placed[i] >= 0:
            last = placed[i]

    def key(p: Pair) -> tuple[int, int, int]:
        if p.new:
            return (min(p.new), 0, min(p.old) if p.old else -1)
        return (before[min(p.old)], 1, min(p.old))

    return sorted(pairs, key=key)
