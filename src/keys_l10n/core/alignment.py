"""The result of aligning two editions (``align_edition``): what happened to every unit, per booklet
(``Alignment``) and for a whole edition (``EditionAlignment``), with the tallies the reports show. Pure.

Every unit of the old and of the new edition ends up in exactly one ``Pair``, classified as

- **unchanged**: same text, same place (in order with the units around it);
- **moved**: same text, but out of order (another section, another place in the same section, or another
  booklet);
- **edited**: similar text (``align_score``), with the character similarity and a word diff: a revision, a
  shortened or lengthened rewrite, a rewrite in its place between two pairs found in order, or a short unit
  that kept its rare words (terms) between two unchanged units. ``moved`` is
  set when the edited (split, merged) unit is also out of order or in another booklet;
- **split**: one old unit became 2 to 4 new units; **merged**: 2 to 4 old units became one new unit. The parts
  are in order, side by side or apart: past units that are not text (table cells, images; code blocks and
  HTML are not units at all) and past one inserted paragraph (``align_parts``);
- **added** / **removed**: nothing similar on the other side.

A pair whose old and new units are in different booklets appears in both booklets' alignments, each time with
its own units and the other side in ``Pair.elsewhere``; it is counted in the booklet of its new units.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from .model import Segment
from .wordcount import word_count

DEFAULT_THRESHOLD = 0.6  # msgmerge's FUZZY_THRESHOLD


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


def _mirror_diff(diff: tuple[DiffOp, ...]) -> tuple[DiffOp, ...]:
    swap = {"insert": "delete", "delete": "insert", "equal": "equal"}
    return tuple((swap[op], text) for op, text in diff)
