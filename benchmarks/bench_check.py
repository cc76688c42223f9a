"""Benchmark of `keys-l10n check`: about 1 M words of real translations (not a test; prints timings).

Builds one catalog by repeating the translated entries of ../shared/corpus/comprehensive-rust/B/po/es.po
(each copy gets its own msgctxt), writes it to a temporary folder and checks it as the CLI does
(``usecases.check.check`` on a PO file, with every check, a glossary of 12 terms, translate-toolkit's checks).

Then the same file side by side with translate-toolkit's ``pofilter`` (its default checks), each as a command
(CPU seconds, user + system, best of ``--repeat`` interleaved runs): ``keys-l10n check big.po`` and
``pofilter -i big.po -o OUT``. A tool that is not installed is skipped.

    .venv/bin/python benchmarks/bench_check.py [--words 1000000] [--repeat 3]
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
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of the commands")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from keys_l10n.adapters.po import read_catalog
    from keys_l10n.adapters.po_write import serialize
    from keys_l10n.core.model import Catalog
    from keys_l10n.usecases.check import check

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
        from keys_l10n.adapters.config import ProjectConfig

        config = ProjectConfig(
            root=project, file=project / "keys-l10n.toml", source_language="en", locales=("es",), editions=()
        )
        words = per_copy * copies
        print(f"{len(entries)} messages, {words} translated words, {path.stat().st_size / 2**20:.1f} MB")
        from keys_l10n.adapters.po import read_catalog as read

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
        side_by_side(project, path, args.repeat)
    return 0


def side_by_side(project: Path, path: Path, repeat: int) -> None:
    """``keys-l10n check`` and ``pofilter`` on the same file, as commands: best CPU seconds of interleaved runs."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import Run, run_process, tool

    (project / "keys-l10n.toml").write_text('source_language = "en"\nlocales = ["es"]\n', encoding="utf-8")
    commands = {
        "keys-l10n check": [tool("keys-l10n"), "--project", str(project), "check", "--lang", "es", str(path)],
        "pofilter": [tool("pofilter"), "-i", str(path), "-o", str(project / "pofilter.po")],
    }
    best: dict[str, Run] = {}
    for _ in range(repeat):
        for name, argv in commands.items():
            if argv[0] is None:
                continue
            run = run_process([str(a) for a in argv], cwd=project, timeout=900)
            if name not in best or run.cpu < best[name].cpu:
                best[name] = run
    ours = best.get("keys-l10n check")
    for name, run in best.items():
        ratio = f" ({run.cpu / ours.cpu:.2f}x ours)" if ours and name != "keys-l10n check" else ""
        note = " (exit 3: findings)" if run.failed.startswith("exit 3:") else f" [{run.failed}]" if run.failed else ""
        print(f"{name}: {run.cpu:.2f} s CPU{ratio}, {run.seconds:.2f} s wall, {run.peak_mb:.0f} MB{note}")
    for name, argv in commands.items():
        if argv[0] is None:
            print(f"{name}: not installed")


if __name__ == "__main__":
    raise SystemExit(main())
