"""Time ``align`` on generated edition pairs with known truth, and score it (not a test; prints a table).

    python benchmarks/align_timing.py [--words 100k,300k,1m] [--seed 7]

Each size builds one booklet of about that many words (sections, repeated "Objectives" headings, paragraphs
of 12-110 words) and a second edition with random edits, moves, splits, merges, insertions and deletions
(``tests/edition_pairs.py``), then reports the time of ``align`` alone, the peak resident memory of the
process so far and precision/recall per class against the truth.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from edition_pairs import edition_pair, scores
from keys_l10n.core.align_edition import align
from keys_l10n.core.wordcount import word_count

SIZES = {"10k": 10_000, "100k": 100_000, "300k": 300_000, "1m": 1_000_000}
WORDS_PER_UNIT = 42  # what edition_pair gives on average


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="100k,300k,1m")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{'words':>9} {'units old/new':>15} {'align s':>8} {'max RSS MB':>10}  worst class (precision, recall)")
    for label in args.words.split(","):
        units = SIZES[label.lower()] // WORDS_PER_UNIT
        old, new, truth = edition_pair(args.seed, units)
        words = sum(word_count(s.text) for s in old)
        start = time.perf_counter()
        result = align(old, new)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        found = {(str(p.change), p.old, p.new) for p in result.pairs}
        per_class = scores(found, truth)
        worst = min(per_class.items(), key=lambda kv: min(kv[1][0], kv[1][1]))
        print(
            f"{words:>9,} {len(old):>7}/{len(new):<7} {elapsed:>8.2f} {peak:>10.0f}  "
            f"{worst[0]} ({worst[1][0]:.3f}, {worst[1][1]:.3f})"
        )


if __name__ == "__main__":
    main()
