"""The length-based alignment of Gale and Church (1993), for sentences and for whole units alike.

Two sequences are paired in order by beads (1-1, 1-0, 0-1, 2-1, 1-2, ...): a dynamic programme finds the chain of
beads with the least total cost (``best_beads``), and ``deviation`` measures how far a translation's length strays
from what the source's length predicts. The cost of a bead belongs to the caller: ``sentences.align_sentences``
uses Gale and Church's own model (the probability of the deviation and the prior of the bead type);
``importer`` adds block types and anchors to the deviation. Pure: no I/O.

Written here rather than taken from a library (nltk's ``gale_church`` takes only lengths and its own cost): the
importer needs its own cost, a band around the diagonal for long booklets and a value per bead (``certain``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# Gale and Church's s²: the variance of a translation's length per character of source.
VARIANCE = 6.8


def deviation(length: float, expected: float, scale: float | None = None) -> float:
    """How far ``length`` is from ``expected``, in standard deviations of the model: the variance grows with the
    text's size, ``scale`` (the expected length unless given), taken as at least one character."""
    return (length - expected) / math.sqrt(max(expected if scale is None else scale, 1.0) * VARIANCE)


@dataclass(frozen=True, slots=True)
class Bead(Generic[T]):
    """One step of the best chain: the indexes it covers on each side, its cost and the cost function's value."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float
    value: T


def best_beads(
    n: int,
    m: int,
    steps: Sequence[tuple[int, int]],
    cost: Callable[[int, int, int, int], tuple[float, T]],
    width: int | None = None,
) -> list[Bead[T]]:
    """The cheapest chain of beads covering ``n`` source and ``m`` target items once each, in order.

    ``steps`` are the bead shapes (how many source and target items), tried in this order (the first of equal
    costs wins); ``cost(i, j, di, dj)`` is the cost of a bead of shape (di, dj) starting at source item ``i`` and
    target item ``j``, with a value kept on the bead. With ``width`` only the cells at most that far from the
    diagonal (0, 0)-(n, m) are searched. ``steps`` must include (1, 0) and (0, 1) so that every cell is reached.
    """
    inf = math.inf
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float, T] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        if width is None:
            columns = range(m + 1)
        else:
            centre = i * m // n if n else 0
            columns = range(max(0, centre - width), min(m, centre + width) + 1)
        row = best[i]
        for j in columns:
            here = row[j]
            if here == inf:
                continue
            for di, dj in steps:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                step_cost, value = cost(i, j, di, dj)
                total = here + step_cost
                row_next = best[ni]
                if total < row_next[nj]:
                    row_next[nj] = total
                    back[ni][nj] = (di, dj, step_cost, value)
    beads: list[Bead[T]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        assert step is not None, "a bead shape (1, 0) or (0, 1) is missing"
        di, dj, step_cost, value = step
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), step_cost, value))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
