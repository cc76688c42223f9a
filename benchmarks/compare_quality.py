"""Precision and recall of ``compare`` per class, and its time on whole editions (issue 17; not a test).

    python benchmarks/compare_quality.py [--seeds 20] [--words 1m] [--skip-timing]

1. Generated whole editions (``tests/edition_pairs.py``, ``edition_set``): 5 booklets of 60 units and a chapter
   that the new edition rewrites into a booklet of another name and the others; edits, shortened and lengthened
   paragraphs, splits (also around a table, an image or a new paragraph), merges, sentences moved to the next
   paragraph, moves within and between booklets, look-alike rewrites (character similarity 0.60-0.77, other
   words), insertions and deletions; at two rates of change. Precision and recall per class, recall per case.
2. The labelled real sample (``tests/real_sample.py``): comprehensive-rust A -> B, if ``../shared`` is there.
3. Time: ``align_editions`` on two generated editions of about ``--words`` words (40 booklets), CPU seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import real_sample
from edition_pairs import case_recall, edition_found, edition_set, scores
from keys_l10n.core.align_edition import align_editions
from keys_l10n.core.wordcount import word_count

WORDS_PER_UNIT = 41  # what edition_set gives on average


def generated(seeds: int, rate: float) -> None:
    found: set[tuple[object, ...]] = set()
    truth: dict[tuple[object, ...], str] = {}
    for seed in range(seeds):
        old, new, known = edition_set(seed, 5, 60, rate=rate)
        found |= {(*t, seed) for t in edition_found(align_editions(old, new))}
        truth.update({(*t, seed): case for t, case in known.items()})
    print(f"\ngenerated editions, {seeds} seeds, rate {rate}:")
    print(f"  {'class':10} {'precision':>9} {'recall':>7} {'pairs':>6}")
    for change, (precision, recall, count) in scores(found, set(truth)).items():
        print(f"  {change:10} {precision:9.4f} {recall:7.4f} {count:6}")
    print(f"  {'case':14} {'recall':>7} {'pairs':>6}")
    for case, (recall, count) in case_recall(found, truth).items():
        print(f"  {case:14} {recall:7.4f} {count:6}")


def real() -> None:
    if not real_sample.available():
        print("\nreal sample: ../shared/corpus/comprehensive-rust is absent, skipped")
        return
    start = time.process_time()
    result = real_sample.compare_corpus()
    seconds = time.process_time() - start
    print(f"\nreal sample (comprehensive-rust A -> B, read and compared in {seconds:.2f} s CPU), labelled units:")
    print(f"  {'class':10} {'precision':>9} {'recall':>7} {'tool':>5} {'true':>5}")
    for change, (precision, recall, predicted, true) in real_sample.score(real_sample.classes(result)).items():
        print(f"  {change:10} {precision:9.4f} {recall:7.4f} {predicted:5} {true:5}")


def timing(words: int) -> None:
    units = words // WORDS_PER_UNIT // 40
    old, new, truth = edition_set(7, 40, units)
    total = sum(word_count(s.text) for booklet in old.values() for s in booklet)
    wall, cpu = time.perf_counter(), time.process_time()
    result = align_editions(old, new)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    per_class = scores(edition_found(result), set(truth))
    worst = min(per_class.items(), key=lambda kv: min(kv[1][0], kv[1][1]))
    print(
        f"\ntime: {total:,} words in {len(old)} booklets: align_editions {cpu:.2f} s CPU ({wall:.2f} s wall); "
        f"worst class {worst[0]} (P {worst[1][0]:.4f}, R {worst[1][1]:.4f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--words", default="1m", help="words per edition for the timing (e.g. 250k, 1m)")
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    for rate in (1.0, 2.5):
        generated(args.seeds, rate)
    real()
    if not args.skip_timing:
        text = args.words.lower()
        words = int(float(text[:-1]) * (1_000_000 if text.endswith("m") else 1_000)) if text[-1] in "mk" else int(text)
        timing(words)


if __name__ == "__main__":
    main()
