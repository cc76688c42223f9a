"""Segment-level alignment of two editions: what happened to every unit. Pure, no I/O.

Every unit of the old and of the new edition ends up in exactly one ``Pair``, classified as

- **unchanged**: same text, same place (in order with the units around it);
- **moved**: same text, but out of order (another section, another place in the same section, or another
  booklet);
- **edited**: similar text, with the character similarity and a word diff. Similar means a character
  similarity of at least ``threshold`` (and at least half of the words of the shorter text found, in order,
  in the other), or one text contained in the other: a shortened or lengthened rewrite (at least
  ``MIN_CONTAINMENT`` of the shorter text's words, of 5 or more, found in the longer in runs of 3 words or
  more; a short title kept whole at its place, "Pitfalls" for "Pitfalls of async/await"). ``moved`` is set
  when the edited (split, merged) unit is also out of order or in another booklet;
- **split**: one old unit became 2 to 4 new units; **merged**: 2 to 4 old units became one new unit. The parts
  are in order, side by side or apart: past units that are not text (table cells, images; code blocks and
  HTML are not units at all) and past one inserted paragraph;
- **added** / **removed**: nothing similar on the other side.

A sentence moved across a paragraph boundary gives two edited pairs (the paragraph it left, the one it joined),
not a merge plus an added paragraph made of what was left.

How (each unit is taken by the first pass that claims it). ``align_editions`` pairs booklets by name, then
renamed ones by content; passes 1-3 work on each pair of booklets, in order, and passes 4-6 on what is left
over in the whole edition, so that a unit that left one booklet for another (or a booklet found in one
edition only) is matched with the rest of the edition. ``align`` is the same for one pair of booklets.

1. Exact matches by text. The order-preserving subset of all exact pairs with the greatest weight (the
   heaviest common subsequence, found in O(P log P) over the P candidate pairs with a Fenwick tree) becomes
   *unchanged*. Headings weigh far more than body text, so the sections are the skeleton: a paragraph that
   crosses a heading is the one that moved, not the heading. A pair under the same heading path weighs more
   than one that is not, so an "Objectives" heading repeated in every section matches the one of its own
   section. A text repeated very often (table cells "Yes") is paired later, inside the gaps between the
   pairs found, where it is rarer; a gap where every shared text is that frequent takes the longest common
   subsequence of its texts (rapidfuzz's bit-parallel LCS).
2. The exact pairs left over (same text, not in order) become *moved* when the text occurs once in each
   booklet; a repeated text left over (an "Objectives" heading of a removed section) waits for pass 4.
3. Between two consecutive anchors of pass 1 lies a gap of old and new units. In each gap, candidate
   blocks (1:1, 1:k and k:1 with k <= 4 consecutive units) are scored with rapidfuzz's Indel similarity
   (gettext's measure) under the threshold cut-off and a length filter, or by containment, and the best
   order-preserving set of blocks is kept (the same heaviest-chain search). Small gaps try every block;
   large ones only the blocks seeded by a word index (shared rare words and word pairs) and by position, so
   the cost stays about linear. In a split or merge every part has at least half its words in the
   word-level alignment (or, for parts side by side, in runs of 3 words of the whole), so a split never
   swallows a neighbouring paragraph.
4. Over the whole edition: a text left over once in each edition, in another booklet, is *moved*; a text left
   over several times (a caption under every listing) moves between the booklets that most other units moved
   between. Then the units still unpaired are matched through the word index, best blocks first (edited,
   split or merged, with ``moved`` set). Between booklets, a short text (fewer than 8 words) needs a
   character similarity of 0.8: a file caption or a link easily looks like another one.
5. A merge whose end part has its own remnant unpaired next to the merged unit becomes two edits (a sentence
   that moved across a paragraph boundary); the same for a split.
6. An edited, split or merged pair takes an unpaired unit near its many side (past units that are not text
   and one inserted paragraph) when that unit is a part of the same text: a split around a code listing, a
   table, an image or a new paragraph. Pass 5 runs again. What remains is *added* or *removed*.

A pair whose old and new units are in different booklets appears in both booklets' alignments, each time with
its own units and the other side in ``Pair.elsewhere``; it is counted in the booklet of its new units.

The result does not depend on which edition is called old: every score is symmetric, ties are broken by a
hash of the texts and of the unordered positions, and the two editions are always put in the same
orientation before solving, so ``align(b, a)`` is exactly the mirror of ``align(a, b)`` (split <-> merged,
added <-> removed), and the same for ``align_editions``.
"""

from __future__ import annotations

import enum
import hashlib
import itertools
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz.distance import Indel

from .memory import WordIndex
from .model import Segment
from .wordcount import word_count

DEFAULT_THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD
MAX_PARTS = 4
MIN_WORD_COVER = 0.5
RENAME_THRESHOLD = 0.5
MIN_CONTAINED_WORDS = 5  # a shorter text of fewer words is never matched by containment
MIN_CONTAINMENT = 0.8  # least share of the shorter text's words found in the longer one
MIN_RUN = 3  # words in a row: shared single words do not count towards containment
CONTAINED_WEIGHT = 0.9  # a contained text scores as a character similarity of 0.9 x its containment
ANYWHERE_WORDS = 8  # a shorter text of fewer words, paired with one in another booklet, needs ANYWHERE_THRESHOLD
ANYWHERE_THRESHOLD = 0.8
_NOT_TEXT = frozenset({"table cell", "table header", "image alt", "image title", "front matter"})
_WIDEN_REACH = 12
_HEADING_BONUS = 1 << 24
_SECTION_BONUS = 1 << 16
_SMALL_GAP = 1600  # old x new units of a gap below which every block is tried
_CANDIDATES = 6
_REPEAT_PAIRS = 256
_REFINE_ROUNDS = 8
_CROWDED_LCS = 1 << 29  # old x new units of a crowded gap solved by an exact LCS (64 MB of bits)
_SCALE = 1000

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


class Change(enum.StrEnum):
    UNCHANGED = "unchanged"
    MOVED = "moved"
    EDITED = "edited"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"

    @property
    def mirror(self) -> Change:
        """The class of the same pair seen from the other edition."""
        return _MIRROR.get(self, self)


_MIRROR = {
    Change.SPLIT: Change.MERGED,
    Change.MERGED: Change.SPLIT,
    Change.ADDED: Change.REMOVED,
    Change.REMOVED: Change.ADDED,
}
CHANGES: tuple[Change, ...] = tuple(Change)

DiffOp = tuple[str, str]  # ("equal" | "insert" | "delete", text)


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """The other side of a pair whose units moved between booklets: that booklet's name (in the other edition),
    the indexes of its units there and the units themselves."""

    booklet: str
    units: tuple[int, ...]
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Pair:
    """What happened to some old units (indexes into ``Alignment.old``) and new units (into ``.new``).

    A pair whose units moved from one booklet to another is shown in both booklets: in the old booklet with its
    old units and ``new=()``, in the new booklet with its new units and ``old=()``; ``elsewhere`` holds the
    units of the side that is in the other booklet.
    """

    change: Change
    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float
    diff: tuple[DiffOp, ...] = ()
    moved: bool = False
    elsewhere: Elsewhere | None = None

    def mirrored(self) -> Pair:
        return Pair(
            self.change.mirror,
            self.new,
            self.old,
            self.similarity,
            _mirror_diff(self.diff),
            self.moved,
            self.elsewhere,
        )

    @property
    def old_elsewhere(self) -> bool:
        """The old units of this pair are in another booklet (``elsewhere``)."""
        return self.elsewhere is not None and not self.old

    @property
    def new_elsewhere(self) -> bool:
        """The new units of this pair are in another booklet (``elsewhere``)."""
        return self.elsewhere is not None and not self.new


@dataclass(frozen=True, slots=True)
class Tally:
    """Changes of one class: how many pairs, units and source words on each side."""

    pairs: int = 0
    old_units: int = 0
    new_units: int = 0
    old_words: int = 0
    new_words: int = 0

    @property
    def words(self) -> int:
        """Source words to show: the new edition's, or the old one's for what it alone has."""
        return self.new_words if self.new_units else self.old_words

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.pairs + other.pairs,
            self.old_units + other.old_units,
            self.new_units + other.new_units,
            self.old_words + other.old_words,
            self.new_words + other.new_words,
        )

    def to_dict(self) -> dict[str, int]:
        return {
            "pairs": self.pairs,
            "old_units": self.old_units,
            "new_units": self.new_units,
            "old_words": self.old_words,
            "new_words": self.new_words,
        }


def unit_dict(index: int, seg: Segment) -> dict[str, Any]:
    return {
        "index": index,
        "line": seg.line,
        "kind": seg.kind,
        "section": list(seg.headings),
        "text": seg.text,
    }


@dataclass(frozen=True, slots=True)
class Alignment:
    """Every unit of ``old`` and of ``new`` in exactly one pair; pairs in reading order of the new edition."""

    old: tuple[Segment, ...]
    new: tuple[Segment, ...]
    pairs: tuple[Pair, ...]
    threshold: float = DEFAULT_THRESHOLD

    def of(self, change: Change) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if p.change is change)

    @property
    def changed(self) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if p.change is not Change.UNCHANGED)

    def totals(self) -> dict[Change, Tally]:
        out = {change: Tally() for change in CHANGES}
        for p in self.pairs:
            if p.new_elsewhere:
                continue  # counted in the booklet that has its new units, with its old units
            olds = p.elsewhere.segments if p.old_elsewhere and p.elsewhere else tuple(self.old[i] for i in p.old)
            out[p.change] += Tally(
                1,
                len(olds),
                len(p.new),
                sum(word_count(seg.text) for seg in olds),
                sum(word_count(self.new[j].text) for j in p.new),
            )
        return out

    def mirrored(self) -> Alignment:
        return Alignment(self.new, self.old, tuple(p.mirrored() for p in self.pairs), self.threshold)

    def pair_dict(self, pair: Pair) -> dict[str, Any]:
        out: dict[str, Any] = {
            "change": str(pair.change),
            "similarity": round(pair.similarity, 4),
            "moved": pair.moved,
            "old": [unit_dict(i, self.old[i]) for i in pair.old],
            "new": [unit_dict(j, self.new[j]) for j in pair.new],
            "diff": [list(op) for op in pair.diff],
        }
        if pair.elsewhere is not None:
            other = pair.elsewhere
            out["elsewhere"] = {
                "side": "old" if pair.old_elsewhere else "new",
                "booklet": other.booklet,
                "units": [unit_dict(k, seg) for k, seg in zip(other.units, other.segments, strict=True)],
            }
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "totals": {str(c): t.to_dict() for c, t in self.totals().items()},
            "pairs": [self.pair_dict(p) for p in self.pairs],
        }


@dataclass(frozen=True, slots=True)
class BookletAlignment:
    """One booklet across two editions; ``old_name``/``new_name`` is None for an added/removed booklet."""

    old_name: str | None
    new_name: str | None
    alignment: Alignment

    @property
    def name(self) -> str:
        return self.new_name or self.old_name or ""

    @property
    def status(self) -> str:
        if self.old_name is None:
            return "added"
        if self.new_name is None:
            return "removed"
        return "renamed" if self.old_name != self.new_name else "same"


@dataclass(frozen=True, slots=True)
class EditionAlignment:
    booklets: tuple[BookletAlignment, ...]
    threshold: float = DEFAULT_THRESHOLD

    def totals(self) -> dict[Change, Tally]:
        out = {change: Tally() for change in CHANGES}
        for booklet in self.booklets:
            for change, tally in booklet.alignment.totals().items():
                out[change] += tally
        return out


# -- public functions ---------------------------------------------------------------------------------


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
        bags_old = {name: Counter(w.lower() for s in old[name] for w in _WORD.findall(s.text)) for name in gone}
        bags_new = {name: Counter(w.lower() for s in new[name] for w in _WORD.findall(s.text)) for name in came}
        scored = []
        for a in gone:
            for b in came:
                score = _bag_similarity(bags_old[a], bags_new[b])
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
    if [_canonical(units) for units in olds] <= [_canonical(units) for units in news]:
        pairs = _Aligner.edition(olds, news, threshold)
    else:
        # Always solve the problem in one orientation, so that align(b, a) mirrors align(a, b) exactly even
        # when two solutions weigh the same.
        pairs = [pair.mirrored() for pair in _Aligner.edition(news, olds, threshold)]
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
            per[groups.pop()].append(replace(pair, old=local_old, new=local_new))
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


def word_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    """A word-level diff: ``equal``/``delete`` texts rebuild ``old``, ``equal``/``insert`` texts ``new``.

    A run of changed words separated only by spaces is shown as one deletion and one insertion.
    """
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    raw: list[tuple[str, str]] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            raw.append(("equal", "".join(a[op.src_start : op.src_end])))
        else:
            if op.src_end > op.src_start:
                raw.append(("delete", "".join(a[op.src_start : op.src_end])))
            if op.dest_end > op.dest_start:
                raw.append(("insert", "".join(b[op.dest_start : op.dest_end])))
    out: list[DiffOp] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for index, (tag, text) in enumerate(raw):
        if tag == "delete":
            deleted.append(text)
        elif tag == "insert":
            inserted.append(text)
        else:
            between = (deleted or inserted) and index + 1 < len(raw) and text.isspace()
            if between:
                deleted.append(text)
                inserted.append(text)
                continue
            _flush_change(out, deleted, inserted)
            if out and out[-1][0] == "equal":
                out[-1] = ("equal", out[-1][1] + text)
            else:
                out.append(("equal", text))
    _flush_change(out, deleted, inserted)
    return tuple(out)


def _flush_change(out: list[DiffOp], deleted: list[str], inserted: list[str]) -> None:
    if deleted:
        out.append(("delete", "".join(deleted)))
    if inserted:
        out.append(("insert", "".join(inserted)))
    deleted.clear()
    inserted.clear()


def _mirror_diff(diff: tuple[DiffOp, ...]) -> tuple[DiffOp, ...]:
    swap = {"insert": "delete", "delete": "insert", "equal": "equal"}
    return tuple((swap[op], text) for op, text in diff)


def _bag_similarity(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    common = sum(min(count, b[word]) for word, count in a.items() if word in b)
    return 2.0 * common / total


# -- the aligner --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Block:
    """Old units [o0, o1) paired with new units [n0, n1); a candidate for the heaviest chain."""

    o0: int
    o1: int
    n0: int
    n1: int
    score: int
    tie: int
    distance: int = 0
    length: int = 0


def _tie(*parts: object) -> int:
    digest = hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=6).digest()
    return int.from_bytes(digest, "big")


def _heaviest_chain(blocks: Sequence[_Block]) -> list[_Block]:
    """The set of blocks, strictly increasing on both sides, with the greatest (score, tie) sum."""
    if not blocks:
        return []
    by_start = sorted(range(len(blocks)), key=lambda k: (blocks[k].o0, blocks[k].n0))
    by_end = sorted(range(len(blocks)), key=lambda k: blocks[k].o1)
    ends = sorted({b.n1 for b in blocks})
    size = len(ends)
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)
    best: list[tuple[int, int, int]] = [(0, 0, -1)] * len(blocks)
    done = 0
    for k in by_start:
        block = blocks[k]
        while done < len(by_end) and blocks[by_end[done]].o1 <= block.o0:
            e = by_end[done]
            value = (best[e][0], best[e][1], e)
            pos = bisect_left(ends, blocks[e].n1) + 1
            while pos <= size:
                if value > tree[pos]:
                    tree[pos] = value
                pos += pos & -pos
            done += 1
        pos = bisect_right(ends, block.n0)
        top: tuple[int, int, int] = (0, 0, -1)
        while pos > 0:
            if tree[pos] > top:
                top = tree[pos]
            pos -= pos & -pos
        best[k] = (top[0] + block.score, top[1] + block.tie, top[2])
    end = max(range(len(blocks)), key=lambda k: (best[k][0], best[k][1]))
    chain: list[_Block] = []
    while end >= 0:
        chain.append(blocks[end])
        end = best[end][2]
    chain.reverse()
    return chain


class _Words:
    """The lower-case words of each text, made on first use."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.done: list[list[str] | None] = [None] * len(texts)

    def __getitem__(self, index: int) -> list[str]:
        words = self.done[index]
        if words is None:
            words = self.done[index] = _WORD.findall(self.texts[index].lower())
        return words


def _features(words: Sequence[str]) -> set[str]:
    """What the word index looks up: the words and the pairs of consecutive words (rarer than words when
    the vocabulary is small)."""
    out = set(words)
    out.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return out


class _WordIndex(WordIndex):
    """Units by their words and word pairs; ``top`` ranks units by the weight of the rare ones they share with a
    query."""

    def __init__(self, units: Sequence[int], words: _Words) -> None:
        total = max(len(units), 1)
        super().__init__(((u, _features(words[u])) for u in units), total=total, common=max(50, total // 10))

    def top(self, query: Iterable[str], count: int, *, keep_common: bool = False) -> list[int]:
        return super().top(_features(list(query)), count, keep_common=keep_common)


class _Aligner:
    """Solves an edition: the units of every couple of booklets one after the other (``old_group`` and
    ``new_group`` say which couple a unit belongs to), each couple in order, then the leftovers together."""

    def __init__(
        self,
        old: Sequence[Segment],
        new: Sequence[Segment],
        threshold: float,
        old_group: Sequence[int] | None = None,
        new_group: Sequence[int] | None = None,
    ) -> None:
        self.old = [s.text for s in old]
        self.new = [s.text for s in new]
        self.old_sections = [s.headings for s in old]
        self.new_sections = [s.headings for s in new]
        self.old_heading = [s.kind.startswith("heading") for s in old]
        self.new_heading = [s.kind.startswith("heading") for s in new]
        self.old_kind = [_kind_class(s.kind) for s in old]
        self.new_kind = [_kind_class(s.kind) for s in new]
        self.old_words = _Words(self.old)  # made when first needed: most units are paired by their text
        self.new_words = _Words(self.new)
        self.old_group = list(old_group) if old_group is not None else [0] * len(self.old)
        self.new_group = list(new_group) if new_group is not None else [0] * len(self.new)
        self.threshold = threshold
        self.cut = round(threshold * _SCALE)
        self.contain = max(MIN_CONTAINMENT, threshold)
        self.old_pair: list[Pair | None] = [None] * len(self.old)
        self.new_pair: list[Pair | None] = [None] * len(self.new)
        self.pairs: dict[int, Pair] = {}  # by id(): kept alive here, in the order they were found
        self.anywhere = False

    @classmethod
    def edition(
        cls, olds: Sequence[Sequence[Segment]], news: Sequence[Sequence[Segment]], threshold: float
    ) -> list[Pair]:
        """Every couple of booklets in order, then the leftovers of all of them; indexes into the
        concatenation of the booklets."""
        old_group = [g for g, units in enumerate(olds) for _ in units]
        new_group = [g for g, units in enumerate(news) for _ in units]
        aligner = cls(
            [s for units in olds for s in units], [s for units in news for s in units], threshold, old_group, new_group
        )
        o = n = 0
        for old_units, new_units in zip(olds, news, strict=True):
            aligner.in_order(o, o + len(old_units), n, n + len(new_units))
            o += len(old_units)
            n += len(new_units)
        return aligner.finish()

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

    def _gaps(self, anchors: list[_Block], bounds: tuple[int, int, int, int]) -> Iterator[tuple[list[int], list[int]]]:
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
        where_old = _positions(list(range(o_lo, o_hi)), self.old)
        where_new = _positions(list(range(n_lo, n_hi)), self.new)
        anchors = self._exact(where_old, where_new, crowded=False)
        for _ in range(_REFINE_ROUNDS):
            # A text repeated too often to try every pairing (table cells "Yes") is paired inside each gap,
            # where it is rarer; only a gap with nothing rarer pairs it by rank.
            found: list[_Block] = []
            for olds, news in self._gaps(anchors, bounds):
                gap_old, gap_new = _positions(olds, self.old), _positions(news, self.new)
                found += self._exact(gap_old, gap_new, crowded=False) or self._crowded(olds, news)
            if not found:
                break
            anchors = sorted([*anchors, *found], key=lambda b: b.o0)
        self._moves(where_old, where_new)
        for olds, news in self._gaps(anchors, bounds):
            self._gap(olds, news)

    def finish(self) -> list[Pair]:
        """Pass 4 over the whole edition, the widening of splits and merges, and what is left."""
        self._moves_across()
        self._moves_by_affinity()
        self._leftovers()
        self._rebalance()
        self._widen()
        self._rebalance()
        for i, pair in enumerate(self.old_pair):
            if pair is None:
                self._take(Pair(Change.REMOVED, (i,), (), 0.0))
        for j, pair in enumerate(self.new_pair):
            if pair is None:
                self._take(Pair(Change.ADDED, (), (j,), 0.0))
        return list(self.pairs.values())

    # pass 1 and 2: exact matches
    def _exact(
        self, where_old: Mapping[str, list[int]], where_new: Mapping[str, list[int]], *, crowded: bool
    ) -> list[_Block]:
        """The heaviest order-preserving set of exact pairs, made unchanged; ``crowded``: also the texts
        repeated so often that only occurrences of similar rank are tried."""
        blocks: list[_Block] = []
        for text, olds in where_old.items():
            news = where_new.get(text)
            if not news:
                continue
            k, n = len(olds), len(news)
            if k * n > _REPEAT_PAIRS and not crowded:
                continue
            band = 8 * max(k, n)
            for r, i in enumerate(olds):
                if k * n <= _REPEAT_PAIRS:
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
                    blocks.append(_Block(i, i + 1, j, j + 1, weight, _tie(min(i, j), max(i, j), text)))
        chain = _heaviest_chain(blocks)
        for b in chain:
            self._take(Pair(Change.UNCHANGED, (b.o0,), (b.n0,), 1.0))
        return chain

    def _crowded(self, olds: list[int], news: list[int]) -> list[_Block]:
        """Exact pairs in a gap where every shared text is repeated very often: the longest common
        subsequence of the texts (rapidfuzz's bit-parallel LCS), or pairs of similar rank in a huge gap."""
        if len(olds) * len(news) > _CROWDED_LCS:
            return self._exact(_positions(olds, self.old), _positions(news, self.new), crowded=True)
        chain = []
        ops = Indel.opcodes([self.old[i] for i in olds], [self.new[j] for j in news])
        for op in ops:
            if op.tag == "equal":
                for x, y in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True):
                    i, j = olds[x], news[y]
                    chain.append(_Block(i, i + 1, j, j + 1, 1, 0))
                    self._take(Pair(Change.UNCHANGED, (i,), (j,), 1.0))
        return chain

    def _moves(self, where_old: Mapping[str, list[int]], where_new: Mapping[str, list[int]]) -> None:
        for text, olds in where_old.items():
            news = where_new.get(text)
            if not news or len(olds) > 1 or len(news) > 1:
                continue  # a repeated text ("Objectives") left over belongs to a removed or added section
            if self.old_pair[olds[0]] is None and self.new_pair[news[0]] is None:
                self._take(Pair(Change.MOVED, (olds[0],), (news[0],), 1.0))

    def _moves_across(self) -> None:
        """A text left over once in the whole old edition and once in the new one, in another booklet: moved."""
        where_old = _positions([i for i, p in enumerate(self.old_pair) if p is None], self.old)
        where_new = _positions([j for j, p in enumerate(self.new_pair) if p is None], self.new)
        for text, olds in where_old.items():
            news = where_new.get(text)
            if news and len(olds) == len(news) == 1 and self.old_group[olds[0]] != self.new_group[news[0]]:
                self._take(Pair(Change.MOVED, (olds[0],), (news[0],), 1.0))

    def _moves_by_affinity(self) -> None:
        """A text left over several times ("_Android.bp_:" under every listing) moves from an old booklet to a
        new one that other units moved between, the pair of booklets most of them moved between first."""
        affinity: Counter[tuple[int, int]] = Counter()
        for pair in self.pairs.values():
            if pair.old and pair.new and self.old_group[pair.old[0]] != self.new_group[pair.new[0]]:
                affinity[self.old_group[pair.old[0]], self.new_group[pair.new[0]]] += 1
        if not affinity:
            return
        where_old = _positions([i for i, p in enumerate(self.old_pair) if p is None], self.old)
        where_new = _positions([j for j, p in enumerate(self.new_pair) if p is None], self.new)
        candidates = []
        for text, olds in where_old.items():
            news = where_new.get(text)
            if not news or len(olds) * len(news) > _REPEAT_PAIRS:
                continue
            for i in olds:
                for j in news:
                    weight = affinity.get((self.old_group[i], self.new_group[j]), 0)
                    if weight:
                        candidates.append((weight, _tie(min(i, j), max(i, j), text), i, j))
        for _, _, i, j in sorted(candidates, reverse=True):
            if self.old_pair[i] is None and self.new_pair[j] is None:
                self._take(Pair(Change.MOVED, (i,), (j,), 1.0))

    # pass 3: the gaps between anchors
    def _gap(self, olds: list[int], news: list[int]) -> None:
        seeds: set[tuple[int, int]] = set()
        if len(olds) * len(news) <= _SMALL_GAP:
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
        for b in _heaviest_chain(self._blocks(seeds, set(olds), set(news))):
            self._take(self._pair(b, moved=False))

    def _blocks(self, seeds: set[tuple[int, int]], free_old: set[int], free_new: set[int]) -> list[_Block]:
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

    def _indexed_seeds(self, olds: list[int], news: list[int]) -> set[tuple[int, int]]:
        seeds: set[tuple[int, int]] = set()
        index_new = _WordIndex(news, self.new_words)
        for i in olds:
            seeds.update((i, j) for j in index_new.top(self.old_words[i], _CANDIDATES))
        index_old = _WordIndex(olds, self.old_words)
        for j in news:
            seeds.update((i, j) for i in index_old.top(self.new_words[j], _CANDIDATES))
        return seeds

    def _score(self, o0: int, o1: int, n0: int, n1: int) -> _Block | None:
        if o1 - o0 == n1 - n0 == 1 and self.old[o0] == self.new[n0]:
            return None  # the same text: unchanged or moved (pass 1 or 2), or a repeated text left over
        found = self._measure(tuple(range(o0, o1)), tuple(range(n0, n1)))
        if found is None:
            return None
        score, distance, total = found
        a = " ".join(self.old[o0:o1])
        b = " ".join(self.new[n0:n1])
        key = sorted([(o0, o1), (n0, n1)])
        return _Block(o0, o1, n0, n1, score, _tie(key, sorted([a, b])), distance, total)

    def _measure(self, olds_at: tuple[int, ...], news_at: tuple[int, ...]) -> tuple[int, int, int] | None:
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
        similar_length = 2 * min(len(a), len(b)) * _SCALE >= self.cut * total
        containment = 0.0
        fewest = min(len(words_a), len(words_b))
        if fewest and {self.old_kind[i] for i in olds_at} == {self.new_kind[j] for j in news_at}:
            if not short and fewest >= MIN_CONTAINED_WORDS:
                containment = _containment(words_a, words_b, self.contain)
            elif one_to_one and not self.anywhere and _run_inside(words_a, words_b):
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
        cut = self.cut
        if self.anywhere and fewest < ANYWHERE_WORDS and self.old_group[olds_at[0]] != self.new_group[news_at[0]]:
            # In another booklet, a short text ("_testing/Android.bp_:", a link) easily looks like another one.
            cut = max(cut, round(ANYWHERE_THRESHOLD * _SCALE))
            containment = 0.0
        limit = (total * (_SCALE - cut)) // _SCALE
        if containment:
            distance = Indel.distance(a, b)
        else:
            distance = Indel.distance(a, b, score_cutoff=limit)
            if distance > limit:
                return None
        if (
            not short
            and not one_to_one
            and not _words_covered(olds, news, words_a, words_b)
            and not (
                # parts side by side, each with its own words of the whole (not for parts apart: there the
                # stricter test keeps a unit that restates the same thing from joining)
                _consecutive(olds_at if len(olds) > 1 else news_at)
                and _parts_in_runs(olds if len(olds) > 1 else news, words_b if len(olds) > 1 else words_a)
            )
        ):
            return None
        similar = (total - distance) * _SCALE
        if containment:
            similar = max(similar, round(containment * CONTAINED_WEIGHT * _SCALE) * total)
        score = similar - self.cut * total + 1
        if score <= 0:
            return None
        if all(self.old_heading[i] for i in olds_at) and all(self.new_heading[j] for j in news_at):
            score += total * _SCALE // 4
        return score, distance, total

    def _pair(self, b: _Block, *, moved: bool) -> Pair:
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

    # pass 4: edited and moved, over the whole edition
    def _leftovers(self) -> None:
        olds = [i for i, p in enumerate(self.old_pair) if p is None]
        news = [j for j, p in enumerate(self.new_pair) if p is None]
        if not olds or not news:
            return
        if len(olds) * len(news) <= _SMALL_GAP:
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
                key = (score, _tie(sorted([edge, free])))
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
                        found = self._measure(olds_at, news_at)
                        if found is None:
                            continue
                        score, distance, total = found
                        key = (score, _tie(sorted([olds_at, news_at])), olds_at, news_at, distance, total)
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


def _kind_class(kind: str) -> str:
    """heading, other (table cells, image texts, front matter: not running text) or text."""
    if kind.startswith("heading"):
        return "heading"
    if kind in _NOT_TEXT:
        return "other"
    return "text"


def _run_inside(a: list[str], b: list[str]) -> bool:
    """All the words of the shorter list, in a row, in the longer one."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return f" {' '.join(long)} ".find(f" {' '.join(short)} ") >= 0


def _containment(a: list[str], b: list[str], least: float) -> float:
    """The share of the shorter word list found in the longer one, in order, in runs of at least
    ``MIN_RUN`` words; 0 when it is below ``least``."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    need = math.ceil(least * len(short))
    # Cheap bound first: the word LCS must cover at least ``need`` words of the shorter list.
    bound = len(short) + len(long) - 2 * need
    if bound < 0 or Indel.distance(short, long, score_cutoff=bound) > bound:
        return 0.0
    covered = 0
    for op in Indel.opcodes(short, long):
        if op.tag == "equal" and op.src_end - op.src_start >= MIN_RUN:
            covered += op.src_end - op.src_start
    share = covered / len(short)
    return share if share >= least else 0.0


def _positions(indexes: list[int], texts: list[str]) -> dict[str, list[int]]:
    where: dict[str, list[int]] = defaultdict(list)
    for k in indexes:
        where[texts[k]].append(k)
    return where


def _words_covered(olds: list[list[str]], news: list[list[str]], a: list[str], b: list[str]) -> bool:
    """Each unit of the block has at least half its words in the word-level alignment of the two sides."""
    matched_a = [False] * len(a)
    matched_b = [False] * len(b)
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            for x in range(op.src_start, op.src_end):
                matched_a[x] = True
            for y in range(op.dest_start, op.dest_end):
                matched_b[y] = True
    return _parts_covered(olds, matched_a) and _parts_covered(news, matched_b)


def _consecutive(indexes: tuple[int, ...]) -> bool:
    return indexes[-1] - indexes[0] == len(indexes) - 1


def _parts_in_runs(parts: list[list[str]], whole: list[str]) -> bool:
    """Each part has at least half its words in runs of ``MIN_RUN`` words or more of the whole (taken one part
    at a time: "[Static](static.md)" and "[Const](const.md)" share words with each other in
    "[Static and Const](static-and-const.md)", which one alignment of all the parts cannot give to both)."""
    for words in parts:
        if len(words) < MIN_RUN:
            return False
        covered = sum(
            op.src_end - op.src_start
            for op in Indel.opcodes(words, whole)
            if op.tag == "equal" and op.src_end - op.src_start >= MIN_RUN
        )
        if covered < MIN_WORD_COVER * len(words):
            return False
    return True


def _parts_covered(parts: list[list[str]], matched: list[bool]) -> bool:
    pos = 0
    for words in parts:
        count = len(words)
        if not count or sum(matched[pos : pos + count]) < MIN_WORD_COVER * count:
            return False
        pos += count
    return True


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
