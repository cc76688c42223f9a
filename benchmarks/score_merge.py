"""Score translation carry-over on real data: keys-l10n merge vs GNU msgmerge --previous vs translate-toolkit pot2po.

Old catalog: ``corpus/comprehensive-rust/A/po/<lang>.po``; new template: the msgids of ``B/po/<lang>.po``; the
reference: the human translations in ``B/po/<lang>.po``. For each tool's output:

- exact precision: of the entries it marked final (translated, not fuzzy), the share equal to the human text;
- coverage: the share of judged entries that got a final or fuzzy translation;
- mean chrF (character n-gram F-score, n = 1..6, beta = 2) between its output and the human text over all judged
  entries (entries with a human translation), an empty output scoring 0;
- fuzzy chrF: the mean chrF of its fuzzy suggestions alone (how good each suggestion is, not how many).

Usage: python benchmarks/score_merge.py [--lang es] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.core.model import Catalog


def chrf(hypothesis: str, reference: str, *, max_n: int = 6, beta: float = 2.0) -> float:
    """chrF as in Popović (2015) / sacrebleu: character n-grams without spaces, averaged over n."""
    if not hypothesis or not reference:
        return 0.0
    hyp, ref = hypothesis.replace(" ", ""), reference.replace(" ", "")
    precisions, recalls = [], []
    for n in range(1, max_n + 1):
        h = Counter(hyp[i : i + n] for i in range(len(hyp) - n + 1))
        r = Counter(ref[i : i + n] for i in range(len(ref) - n + 1))
        if not h or not r:
            continue
        overlap = sum((h & r).values())
        precisions.append(overlap / sum(h.values()))
        recalls.append(overlap / sum(r.values()))
    if not precisions:
        return 0.0
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p + r == 0:
        return 0.0
    return (1 + beta**2) * p * r / (beta**2 * p + r)


def make_template(reference: Catalog) -> Catalog:
    entries = tuple(
        dataclasses.replace(
            e,
            msgstr="",
            msgstr_plural=tuple("" for _ in e.msgstr_plural),
            flags=(),
            translator_comments=(),
            previous_msgid=None,
            previous_msgctxt=None,
            raw=None,
        )
        for e in reference.entries
        if not e.obsolete
    )
    return dataclasses.replace(reference, entries=entries, trailer="")


def score(output: Path, reference: Catalog) -> dict[str, float]:
    produced = {e.key: e for e in read_catalog(output).catalog.entries if not e.obsolete}
    judged = final = final_ok = covered = fuzzy = 0
    total_chrf = fuzzy_chrf = 0.0
    for ref in reference.entries:
        if ref.obsolete or ref.fuzzy or not ref.translated or ref.msgid_plural is not None:
            continue
        judged += 1
        got = produced.get(ref.key)
        text = got.msgstr if got is not None else ""
        if got is not None and text:
            covered += 1
            if not got.fuzzy:
                final += 1
                final_ok += text == ref.msgstr
        value = chrf(text, ref.msgstr)
        total_chrf += value
        if got is not None and text and got.fuzzy:
            fuzzy += 1
            fuzzy_chrf += value
    return {
        "judged": judged,
        "final": final,
        "exact_precision": final_ok / final if final else 0.0,
        "coverage": covered / judged if judged else 0.0,
        "mean_chrf": total_chrf / judged if judged else 0.0,
        "fuzzy": fuzzy,
        "fuzzy_chrf": fuzzy_chrf / fuzzy if fuzzy else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", default="es")
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    args = parser.parse_args()
    base = Path(args.corpus) / "comprehensive-rust"
    old = base / "A" / "po" / f"{args.lang}.po"
    if not old.exists():
        print(f"corpus not found at {base}; nothing to score")
        return 0
    reference = read_catalog(base / "B" / "po" / f"{args.lang}.po").catalog
    work = Path(tempfile.mkdtemp(prefix="score-merge-"))
    template = work / "new.pot"
    template.write_bytes(serialize(make_template(reference)))
    bin_dir = Path(sys.executable).parent
    tools = {
        "keys-l10n merge": [
            str(bin_dir / "keys-l10n"),
            "merge",
            "--previous",
            str(old),
            str(template),
            "-o",
            str(work / "keys.po"),
        ],
        "msgmerge --previous": [
            "msgmerge",
            "--previous",
            "-q",
            "-o",
            str(work / "msgmerge.po"),
            str(old),
            str(template),
        ],
        "pot2po": [str(bin_dir / "pot2po"), "-t", str(old), str(template), str(work / "pot2po.po")],
    }
    outputs = {"keys-l10n merge": "keys.po", "msgmerge --previous": "msgmerge.po", "pot2po": "pot2po.po"}
    print(f"{args.lang}: {len(reference.live)} new entries")
    print(
        f"{'tool':22} {'seconds':>8} {'final':>6} {'precision':>9} {'coverage':>8} {'chrF':>6} {'fuzzy':>6}"
        f" {'fuzzy chrF':>10}"
    )
    for name, command in tools.items():
        if shutil.which(command[0]) is None and not Path(command[0]).exists():
            print(f"{name:22} (not installed)")
            continue
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        s = score(work / outputs[name], reference)
        print(
            f"{name:22} {seconds:8.2f} {s['final']:6d} {s['exact_precision']:9.3f} {s['coverage']:8.3f} "
            f"{s['mean_chrf']:6.3f} {s['fuzzy']:6d} {s['fuzzy_chrf']:10.3f}"
        )
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
