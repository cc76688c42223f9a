"""Benchmark of `keys-l10n check`: about 1 M words of real translations (not a test; prints timings).

Builds one catalog by repeating the translated entries of ../shared/corpus/comprehensive-rust/B/po/es.po
(each copy gets its own msgctxt), writes it to a temporary folder and checks it as the CLI does
(``check_service.check`` on a PO file, with every check, a glossary of 12 terms, translate-toolkit's checks).

    .venv/bin/python benchmarks/bench_check.py [--words 1000000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "comprehensive-rust" / "B" / "po" / "es.po"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=1_000_000, help="translated words to check")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from keys_l10n.check_service import check
    from keys_l10n.model import Catalog
    from keys_l10n.po import read_catalog
    from keys_l10n.po_write import serialize

    catalog = read_catalog(CORPUS).catalog
    translated = [e for e in catalog.live if e.translated and not e.fuzzy]
    per_copy = sum(len(e.msgstr.split()) for e in translated)
    copies = max(1, -(-args.words // per_copy))
    entries = tuple(e.changed(msgctxt=f"copy {n}") for n in range(copies) for e in translated)
    big = Catalog(entries=entries, header=catalog.header)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        path = project / "big.po"
        path.write_bytes(serialize(big))
        (project / "glossary").mkdir()
        shutil.copy(ROOT / "glossary" / "es.csv", project / "glossary" / "es.csv")
        from keys_l10n.config import ProjectConfig

        config = ProjectConfig(
            root=project, file=project / "keys-l10n.toml", source_language="en", locales=("es",), editions=()
        )
        words = per_copy * copies
        print(f"{len(entries)} messages, {words} translated words, {path.stat().st_size / 2**20:.1f} MB")
        from keys_l10n.po import read_catalog as read

        wall, cpu = time.perf_counter(), time.process_time()
        read(path)
        print(
            f"reading the catalog alone: {time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
        )
        for ttk in (True, False):
            wall, cpu = time.perf_counter(), time.process_time()
            report = check(config, paths=[path], lang=["es"], ttk=ttk)
            elapsed, used = time.perf_counter() - wall, time.process_time() - cpu
            s = report.summary()
            label = "all checks" if ttk else "without translate-toolkit's"
            print(
                f"{label} (reading included): {elapsed:.1f} s wall, {used:.1f} s CPU "
                f"({words / used / 1000:.0f} k words per CPU second); "
                f"{s['errors']} errors, {s['warnings']} warnings, {s['info']} info"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
