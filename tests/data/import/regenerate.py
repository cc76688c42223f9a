"""Write the golden cases of tests/test_import_certainty.py (run from the project root, with the corpus in ../shared).

Each case folder holds ``source.md`` (a chapter of Comprehensive Rust), ``translation.md`` (its translation,
damaged by ``benchmarks/import_cases.py``) and ``answers.json`` (what each source unit's translation is).
``expected.json`` is what ``import`` makes of it: the test writes it again when run with KEYS_L10N_REGENERATE=1.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "benchmarks"))

import import_cases as ic  # noqa: E402

CORPUS = HERE.parents[3] / "shared" / "corpus" / "comprehensive-rust" / "B"
OPERATIONS = ["note", "caption", "split", "merge", "add", "drop", "rewrap"]


def main() -> None:
    table = ic._table(CORPUS / "po" / "es.po")
    chapters = dict(ic.chapters(CORPUS))
    for chapter in ("tuples-and-arrays", "testing"):
        for script in ("es", "ja", "ar"):
            source = chapters[chapter]
            case = ic.damage(
                chapter, source, ic.translate(source, table, script), script, random.Random(7), list(OPERATIONS)
            )
            folder = HERE / f"{chapter}-{script}"
            folder.mkdir(exist_ok=True)
            (folder / "source.md").write_text(source, encoding="utf-8")
            (folder / "translation.md").write_text(case.text, encoding="utf-8")
            answers = {"damage": case.log, "added": case.added, "expected": case.expected}
            (folder / "answers.json").write_text(json.dumps(answers, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
