"""The heaviest chain: of candidate blocks (old units paired with new units, each with a score), the set that
keeps the order on both sides with the greatest total score, found in O(B log B) with a Fenwick tree; ties are
broken by a hash (``tie``) that does not depend on which edition is called old. Written here because no
library offers a weighted chain of intervals with that tie-break. Pure.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Block:
    """Old units [o0, o1) paired with new units [n0, n1); a candidate for the heaviest chain."""

    o0: int
    o1: int
    n0: int
    n1: int
    score: int
    tie: int
    distance: int = 0
    length: int = 0


def tie(*parts: object) -> int:
    digest = hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=6).digest()
    return int.from_bytes(digest, "big")


def heaviest_chain(blocks: Sequence[Block]) -> list[Block]:
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
    chain: list[Block] = []
    while end >= 0:
        chain.append(blocks[end])
        end = best[end][2]
    chain.reverse()
    return chain
