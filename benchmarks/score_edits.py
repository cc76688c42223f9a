"""Suggestion quality on an edit-tracked generated corpus: keys-l10n merge (folder mode) vs msgmerge vs pot2po.

``generate.py`` writes a translated first edition and a second one with ~10 % of paragraphs edited, ~3 % removed
and ~3 % added, and ``truth.json`` listing each edited paragraph with its old text. The second edition's templates
are merged with the first edition's catalogs by each tool: ``keys-l10n merge --previous OLD_DIR NEW_DIR -o OUT``
(every old catalog as memory), ``msgmerge --previous`` per catalog, ``pot2po`` over the folder. For each edited
paragraph we count whether its suggestion is the translation of its own old text ("own": the previous msgid is
the old text, or without one the msgstr is its translation), of another text ("other") or absent.

Usage: python benchmarks/score_edits.py [--words 250k] [--seed 1] [--work DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import FIRST, LANG, SECOND, generate, parse_size  # noqa: E402
from run import judge, tool  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", default="250k")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="score-edits-"))
    root = work / f"project-{args.words}-{args.seed}"
    if not (root / "truth.json").exists():
        generate(root, parse_size(args.words), seed=args.seed)
    ours = tool("keys-l10n")
    assert ours is not None
    subprocess.run([ours, "--project", str(root), "extract", "--edition", SECOND], check=True, capture_output=True)
    old_dir, pot_dir = root / "locale" / FIRST / LANG, root / "locale" / SECOND
    names = sorted(p.stem for p in pot_dir.glob("*.pot"))
    outputs: dict[str, Path] = {}
    for name in ("keys", "msgmerge", "pot2po"):
        folder = work / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        outputs[name] = folder
    subprocess.run(
        [ours, "merge", "--previous", str(old_dir), str(pot_dir), "-o", str(outputs["keys"])],
        check=True,
        capture_output=True,
    )
    msgmerge = shutil.which("msgmerge")
    if msgmerge:
        for n in names:
            subprocess.run(
                [
                    msgmerge,
                    "--previous",
                    "-q",
                    "-o",
                    str(outputs["msgmerge"] / f"{n}.po"),
                    str(old_dir / f"{n}.po"),
                    str(pot_dir / f"{n}.pot"),
                ],
                check=True,
            )
    pot2po = tool("pot2po")
    if pot2po:
        subprocess.run(
            [pot2po, "--progress=none", "-t", str(old_dir), "-i", str(pot_dir), "-o", str(outputs["pot2po"])],
            check=True,
            capture_output=True,
        )
    print(f"{args.words} words, seed {args.seed}: {root}")
    print(
        f"{'tool':12} {'edited':>7} {'own':>6} {'other':>6} {'none':>6} {'fuzzy':>6} {'added':>6} {'added fuzzy':>11}"
    )
    for name, folder in outputs.items():
        counts = judge(root, {n: folder / f"{n}.po" for n in names})
        print(
            f"{name:12} {counts['edited']:7d} {counts['right']:6d} {counts['other']:6d} {counts['none']:6d}"
            f" {counts['fuzzy']:6d} {counts['added']:6d} {counts['added_fuzzy']:11d}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
