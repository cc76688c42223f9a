"""Own or other? Suggestion choice on real text with tracked edits: keys-l10n merge vs msgmerge vs pot2po.

Real prose has near-duplicates (repeated phrases, similar exercises, code), where a tool can offer another
paragraph's translation instead of the edited paragraph's own. From ``corpus/comprehensive-rust/A/po/<lang>.po``
(real English with its human translation) this script makes a new template in which ~10 % of the translated
paragraphs of 8 words or more are edited (1-3 words replaced by words of the same text, sometimes a short
clause appended) and ~3 % removed, with a seeded ``random.Random``, and remembers each edit. Each tool merges
the old catalog with that template; for each edited paragraph we count whether the suggestion is the
translation of its own old text ("own": previous msgid equal to the old text, or without one, the msgstr equal
to its translation), of another text ("other"), or absent, plus the mean chrF of the suggestion against the
paragraph's own old translation (the best any tool can do without a translator).

Usage: python benchmarks/score_real_edits.py [--lang es] [--seed 1] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.core.model import Catalog, Entry
from score_merge import chrf

WORD = re.compile(r"[a-z]{3,}")


def edit(text: str, vocabulary: list[str], rng: random.Random) -> str:
    tokens = text.split(" ")
    plain = [i for i, t in enumerate(tokens) if WORD.fullmatch(t)]
    if not plain:
        return text + " Then " + " ".join(rng.sample(vocabulary, 3)) + "."
    for i in rng.sample(plain, min(len(plain), rng.randint(1, 3))):
        replacement = tokens[i]
        while replacement == tokens[i]:
            replacement = rng.choice(vocabulary)
        tokens[i] = replacement
    if rng.random() < 0.2:
        tokens.append("Then " + " ".join(rng.sample(vocabulary, 4)) + ".")
    return " ".join(tokens)


def build(old: Catalog, rng: random.Random) -> tuple[Catalog, list[tuple[str, str]]]:
    vocabulary = sorted({w for e in old.live for w in WORD.findall(e.msgid)})
    entries: list[Entry] = []
    edits: list[tuple[str, str]] = []
    known = {e.msgid for e in old.live}
    for e in old.live:
        blank = dataclasses.replace(
            e, msgstr="", flags=(), translator_comments=(), previous_msgid=None, previous_msgctxt=None, raw=None
        )
        if e.msgid_plural is None and e.translated and not e.fuzzy and len(e.msgid.split()) >= 8:
            roll = rng.random()
            if roll < 0.03:
                continue
            if roll < 0.13:
                new = edit(e.msgid, vocabulary, rng)
                if new not in known:
                    known.add(new)
                    edits.append((e.msgid, new))
                    blank = dataclasses.replace(blank, msgid=new)
        entries.append(blank)
    return Catalog(entries=tuple(entries), header=old.header), edits


def judge(output: Path, old: Catalog, edits: list[tuple[str, str]]) -> dict[str, float]:
    translations = {e.msgid: e.msgstr for e in old.live}
    produced = {e.msgid: e for e in read_catalog(output).catalog.live}
    own = other = none = 0
    total = 0.0
    for before, after in edits:
        entry = produced.get(after)
        if entry is None or not entry.msgstr or not entry.fuzzy:
            none += 1
            continue
        if entry.previous_msgid == before or (entry.previous_msgid is None and entry.msgstr == translations[before]):
            own += 1
        else:
            other += 1
        total += chrf(entry.msgstr, translations[before])
    return {"edited": len(edits), "own": own, "other": other, "none": none, "chrf": total / len(edits)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", default="es")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    args = parser.parse_args()
    source = Path(args.corpus) / "comprehensive-rust" / "A" / "po" / f"{args.lang}.po"
    if not source.exists():
        print(f"corpus not found: {source}")
        return 0
    old = read_catalog(source).catalog
    template, edits = build(old, random.Random(args.seed))
    work = Path(tempfile.mkdtemp(prefix="score-real-edits-"))
    pot = work / "new.pot"
    pot.write_bytes(serialize(template))
    bin_dir = Path(sys.executable).parent
    commands = {
        "keys-l10n merge": [str(bin_dir / "keys-l10n"), "merge", "--previous", str(source), str(pot), "-o"],
        "msgmerge --previous": ["msgmerge", "--previous", "-q", str(source), str(pot), "-o"],
        "pot2po": [str(bin_dir / "pot2po"), "-t", str(source), str(pot)],
    }
    print(f"{args.lang}, seed {args.seed}: {len(template.entries)} messages, {len(edits)} edited")
    print(f"{'tool':22} {'own':>5} {'other':>6} {'none':>5} {'chrF vs own':>11}")
    for name, command in commands.items():
        if shutil.which(command[0]) is None and not Path(command[0]).exists():
            print(f"{name:22} (not installed)")
            continue
        out = work / f"{len(name)}-{name.split()[0]}.po"
        subprocess.run([*command, str(out)], check=True, capture_output=True)
        s = judge(out, old, edits)
        print(f"{name:22} {s['own']:5d} {s['other']:6d} {s['none']:5d} {s['chrf']:11.3f}")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
