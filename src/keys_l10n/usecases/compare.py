"""Use case of ``keys-l10n compare``: read two editions, segment every booklet, align them, count.

An edition is a configured name, a folder, or ``git:REVISION:FOLDER`` (``sources.resolve_edition``). Booklets
are paired by file name, and renamed ones by content (``align_edition.align_editions``). No printing: the result is a
``Comparison`` that the reports in ``views/compare.py`` render; ``Comparison.to_dict()`` is the JSON document
described by ``docs/compare-schema.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..adapters.config import EditionConfig, ProjectConfig
from ..adapters.pool import collector_paused, map_in_background, run_aside
from ..adapters.sources import Booklet, read_edition, resolve_edition
from ..core.align_edition import align_editions
from ..core.alignment import (
    CHANGES,
    DEFAULT_THRESHOLD,
    Alignment,
    BookletAlignment,
    Change,
    EditionAlignment,
    Pair,
    Tally,
)
from ..core.errors import EditionError, L10nError
from ..core.markdown import segment
from ..core.model import Segment
from .project import Progress, no_progress

SCHEMA = "keys-l10n/compare"
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class EditionSide:
    """One compared edition: its name as given and where its text was read from."""

    name: str
    source: str  # "source/2014" or "git:edition-2014:source"

    def to_dict(self) -> dict[str, str]:
        return {"edition": self.name, "source": self.source}


@dataclass(frozen=True, slots=True)
class BookletComparison(BookletAlignment):
    """A booklet's alignment with where each side was read from (for reports)."""

    old_path: str | None = None
    new_path: str | None = None

    @property
    def label(self) -> str:
        if self.status == "renamed":
            return f"{self.old_name} -> {self.new_name}"
        return self.name

    def totals(self) -> dict[Change, Tally]:
        return self.alignment.totals()

    def to_dict(self, paths: Mapping[tuple[str, str], str | None] | None = None) -> dict[str, Any]:
        """``paths``: the path of every booklet by (side, name), to say where units that moved between
        booklets are."""
        pairs = []
        for pair in self.alignment.pairs:
            item = self.alignment.pair_dict(pair)
            if "elsewhere" in item and paths is not None:
                other = item["elsewhere"]
                other["path"] = paths.get((other["side"], other["booklet"]))
            pairs.append(item)
        return {
            "old_name": self.old_name,
            "new_name": self.new_name,
            "status": self.status,
            "old_path": self.old_path,
            "new_path": self.new_path,
            "totals": {str(c): t.to_dict() for c, t in self.totals().items()},
            "pairs": pairs,
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    old: EditionSide
    new: EditionSide
    threshold: float
    booklets: tuple[BookletComparison, ...]
    all_booklets: tuple[BookletComparison, ...] = ()  # with --booklet: every booklet, for their paths
    # "file:line: message" of each booklet that could not be read; it is left out on both sides (neither removed
    # nor added), the others are compared
    errors: tuple[str, ...] = ()

    def totals(self) -> dict[Change, Tally]:
        out = {change: Tally() for change in CHANGES}
        for booklet in self.booklets:
            for change, tally in booklet.totals().items():
                out[change] += tally
        return out

    @property
    def changed(self) -> int:
        """Number of pairs that are not ``unchanged`` (a pair between booklets once, in its new booklet)."""
        return sum(1 for b in self.booklets for p in b.alignment.changed if not p.new_elsewhere)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "threshold": self.threshold,
            "totals": {str(c): t.to_dict() for c, t in self.totals().items()},
            "booklets": [b.to_dict(self.paths) for b in self.booklets],
            "errors": list(self.errors),
        }

    @property
    def paths(self) -> dict[tuple[str, str], str | None]:
        """Every booklet's path by ("old" | "new", name)."""
        out: dict[tuple[str, str], str | None] = {}
        for b in self.all_booklets or self.booklets:
            if b.old_name is not None:
                out["old", b.old_name] = b.old_path
            if b.new_name is not None:
                out["new", b.new_name] = b.new_path
        return out


def _source(edition: EditionConfig) -> str:
    return f"git:{edition.git}:{edition.path}" if edition.git else edition.path


def _segments(booklet: Booklet) -> list[Segment]:
    try:
        with collector_paused():  # thousands of segments, no reference cycle
            return segment(booklet.text)
    except L10nError as exc:
        exc.path = exc.path or Path(booklet.path)
        raise


def _segments_or_none(booklet: Booklet) -> list[Segment] | None:
    """The booklet's units, or None when it cannot be segmented (in a worker process: the caller segments it
    again for the error, which then names the booklet's file)."""
    try:
        return _segments(booklet)
    except L10nError:
        return None


_PairFields = tuple[Any, ...]


def _aligned_pairs(
    old: dict[str, list[Segment]], new: dict[str, list[Segment]], threshold: float
) -> list[tuple[str | None, str | None, list[_PairFields]]]:
    """``align_editions`` reduced to what the caller lacks (in a forked process: see ``run_aside``): each
    booklet's names and pairs, a pair as its fields (the segments are the caller's already)."""
    aligned = align_editions(old, new, threshold=threshold)
    return [(b.old_name, b.new_name, [_PAIR_FIELDS(p) for p in b.alignment.pairs]) for b in aligned.booklets]


def _with_segments(
    found: list[tuple[str | None, str | None, list[_PairFields]]],
    old: dict[str, list[Segment]],
    new: dict[str, list[Segment]],
    threshold: float,
) -> EditionAlignment:
    """The ``EditionAlignment`` that ``_aligned_pairs`` reduced: equal to what ``align_editions`` returns."""
    booklets = []
    for old_name, new_name, pairs in found:
        alignment = Alignment(
            tuple(old[old_name]) if old_name is not None else (),
            tuple(new[new_name]) if new_name is not None else (),
            tuple(Pair(*fields) for fields in pairs),
            threshold,
        )
        booklets.append(BookletAlignment(old_name, new_name, alignment))
    return EditionAlignment(tuple(booklets), threshold)


_PAIR_FIELDS = attrgetter(*(f.name for f in fields(Pair)))


def compare_editions(
    config: ProjectConfig,
    old: str,
    new: str,
    *,
    booklet: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress = no_progress,
    meanwhile: Callable[[], None] | None = None,
    while_aligning: Callable[[], None] | None = None,
) -> Comparison:
    """Align every booklet of edition ``old`` with its counterpart in ``new`` (``booklet``: only that one).

    The booklets are segmented in worker processes (``adapters/pool.py``) when they are large; ``meanwhile`` is
    work for this process in that time (``migrate`` reads the language memory). ``while_aligning`` is work for
    this process while the editions are aligned in another one (``migrate`` prepares the memory); without it
    they are aligned here."""
    if not 0.0 < threshold <= 1.0:
        raise L10nError(f"threshold must be between 0 and 1, not {threshold}", hint="e.g. --threshold 0.6")
    old_edition = resolve_edition(config, old)
    new_edition = resolve_edition(config, new)
    failed: dict[str, L10nError] = {}
    old_booklets = {b.name: b for b in read_edition(config, old_edition, errors=failed)}
    new_booklets = {b.name: b for b in read_edition(config, new_edition, errors=failed)}
    # Even for one booklet the whole editions are aligned: its units may have come from, or gone to, another.
    old_units: dict[str, list[Segment]] = {}
    new_units: dict[str, list[Segment]] = {}
    jobs = [
        (side, units, name, item)
        for side, units, booklets_read in ((old, old_units, old_booklets), (new, new_units, new_booklets))
        for name, item in booklets_read.items()
    ]
    items = [item for *_, item in jobs]
    with map_in_background(_segments_or_none, items, size=sum(len(item.text) for item in items)) as segmented:
        if meanwhile is not None:
            meanwhile()
        for (side, units, name, item), found in zip(jobs, segmented, strict=True):
            progress(f"{side}/{name}")
            try:
                units[name] = found if found is not None else _segments(item)  # again here, for its error
            except L10nError as exc:
                failed[name] = exc
    for name in failed:  # unreadable on one side: compared on neither
        for mapping in (old_units, new_units, old_booklets, new_booklets):
            mapping.pop(name, None)
    if while_aligning is None:
        aligned = align_editions(old_units, new_units, threshold=threshold)
    else:
        size = sum(len(item.text) for item in items)
        pairs = run_aside(partial(_aligned_pairs, old_units, new_units, threshold), while_aligning, size=size)
        aligned = _with_segments(pairs, old_units, new_units, threshold)
    booklets = tuple(
        BookletComparison(
            b.old_name,
            b.new_name,
            b.alignment,
            old_path=old_booklets[b.old_name].path if b.old_name else None,
            new_path=new_booklets[b.new_name].path if b.new_name else None,
        )
        for b in aligned.booklets
    )
    every = booklets
    if booklet is not None:
        booklets = tuple(b for b in booklets if booklet in (b.old_name, b.new_name))
        if not booklets:
            names = sorted(set(old_booklets) | set(new_booklets))
            raise EditionError(
                f"no booklet {booklet!r} in edition {old!r} or {new!r}",
                hint=f"booklets: {', '.join(names) or 'none'}",
            )
    return Comparison(
        EditionSide(old, _source(old_edition)),
        EditionSide(new, _source(new_edition)),
        threshold,
        booklets,
        every,
        tuple(str(failed[name]) for name in sorted(failed)),
    )
