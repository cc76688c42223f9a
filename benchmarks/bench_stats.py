"""Time ``keys-l10n stats`` against ``msgfmt --statistics`` and translate-toolkit's ``pocount``, and time
``stats --history`` over a long git history.

Catalogs: the human translations of ``../shared/corpus/comprehensive-rust`` (A and B, es and pt-BR, about
190 k source words in all) copied as booklets ``bNN`` of one edition until the total reaches ``--words``
(default 1 M). The word totals of all three tools are printed, so the comparison is checked, not assumed.

Runs are interleaved (keys-l10n, msgfmt, pocount, then again) and the best of ``--repeat`` wall-clock times is
kept. ``keys-l10n stats`` and ``pocount`` are one process each over every catalog; ``msgfmt`` is one process
per catalog (it reads one catalog at a time), run one after the other.

History: a git repository with ``--commits`` commits, each translating a few more messages in one of the
catalogs of a smaller project (4 catalogs, the four corpus files), then ``keys-l10n stats --history``.

    .venv/bin/python benchmarks/bench_stats.py --work /tmp/stats-bench [--words 1m] [--commits 500]

``--generated 50k,250k,1m``: instead, one catalog of that many words (the complete pseudo-translation of
``generate.py``'s single-file project, cached in ``--work`` as ``run.py`` caches it): ``keys-l10n stats`` vs
``msgfmt --statistics`` vs ``pocount``, best CPU seconds (user + system, ``os.wait4``) of interleaved runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "comprehensive-rust"
BIN = Path(sys.executable).parent
PAIRS = (("A/po/es.po", "A/po/pt-BR.po"), ("B/po/es.po", "B/po/pt-BR.po"))
CONFIG = 'source_language = "en"\nlocales = ["es", "pt_BR"]\n\n[editions.bench]\npath = "source/bench"\n'


def parse_words(text: str) -> int:
    text = text.lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def source_words(path: Path) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from keys_l10n.adapters.po import read_catalog
    from keys_l10n.core.progress import count_catalog

    return count_catalog(read_catalog(path).catalog).total_words


def make_project(root: Path, target: int) -> tuple[int, list[Path]]:
    if root.exists():
        shutil.rmtree(root)
    (root / "source/bench").mkdir(parents=True)
    (root / "keys-l10n.toml").write_text(CONFIG, encoding="utf-8")
    words, files, index = 0, [], 0
    sizes = {name: source_words(CORPUS / name) for pair in PAIRS for name in pair}
    while words < target:
        es, pt = PAIRS[index % len(PAIRS)]
        name = f"b{index:02d}"
        (root / f"source/bench/{name}.md").write_text(f"# {name}\n", encoding="utf-8")
        for lang, corpus_file in (("es", es), ("pt_BR", pt)):
            path = root / f"locale/bench/{lang}/{name}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CORPUS / corpus_file, path)
            files.append(path)
            words += sizes[corpus_file]
        index += 1
    return words, files


CPU: dict[str, list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, label: str = "") -> tuple[float, str]:
    """Wall-clock seconds (and, under ``label`` in CPU, the CPU seconds of the process and its children)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if label:
        CPU.setdefault(label, []).append(_children_cpu() - cpu)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{command[0]} failed: {proc.stderr[-2000:]}")
    return elapsed, proc.stdout + proc.stderr


def run_msgfmt(files: list[Path], cwd: Path) -> tuple[float, str]:
    cpu = _children_cpu()
    start = time.perf_counter()
    out = []
    for path in files:
        proc = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "LC_ALL": "C"},
        )
        out.append(proc.stderr)
    CPU.setdefault("msgfmt --statistics", []).append(_children_cpu() - cpu)
    return time.perf_counter() - start, "".join(out)


def bench_stats(work: Path, target: int, repeat: int) -> dict[str, object]:
    project = work / "project"
    words, files = make_project(project, target)
    size = sum(p.stat().st_size for p in files)
    times: dict[str, list[float]] = {"keys-l10n stats": [], "msgfmt --statistics": [], "pocount": []}
    outputs: dict[str, str] = {}
    for _ in range(repeat):
        t, outputs["keys-l10n stats"] = timed(
            [str(BIN / "keys-l10n"), "--project", str(project), "stats", "--format", "json", "--by", "edition"],
            project,
            "keys-l10n stats",
        )
        times["keys-l10n stats"].append(t)
        if shutil.which("msgfmt"):
            t, outputs["msgfmt --statistics"] = run_msgfmt(files, project)
            times["msgfmt --statistics"].append(t)
        t, outputs["pocount"] = timed([str(BIN / "pocount"), "--csv", str(project / "locale")], project, "pocount")
        times["pocount"].append(t)
    ours = json.loads(outputs["keys-l10n stats"][: outputs["keys-l10n stats"].rindex("}") + 1])
    pocount_words = 0
    for line in outputs["pocount"].splitlines()[1:]:
        cells = line.split(",")
        if len(cells) > 8 and cells[0].strip().endswith(".po"):
            pocount_words += int(cells[9])  # "Total Source Words"
    return {
        "catalogs": len(files),
        "megabytes": round(size / 2**20, 1),
        "source_words": words,
        "keys_l10n_words": ours["total"]["words"]["total"],
        "pocount_words": pocount_words,
        "best_seconds": {name: round(min(v), 2) for name, v in times.items() if v},
        "best_cpu_seconds": {name: round(min(v), 2) for name, v in CPU.items() if v},
        "cpus": os.cpu_count(),
    }


def bench_history(work: Path, commits: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "src"))
    from keys_l10n.adapters.po import read_catalog
    from keys_l10n.adapters.po_write import serialize
    from keys_l10n.core.model import Catalog

    repo = work / "history"
    if (repo / ".git").is_dir():
        count = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"], cwd=repo, capture_output=True, text=True, check=False
        ).stdout.strip()
        if count == str(commits):  # built by an earlier run: time the history only
            elapsed, out = timed(
                [str(BIN / "keys-l10n"), "--project", str(repo), "stats", "--history", "--format", "csv"], repo
            )
            return {"commits": commits, "history_seconds": round(elapsed, 2), "csv_rows": out.count("\n") - 1}
    if repo.exists():
        shutil.rmtree(repo)
    (repo / "source/bench").mkdir(parents=True)
    (repo / "keys-l10n.toml").write_text(CONFIG, encoding="utf-8")
    full: dict[Path, Catalog] = {}
    for index, (es, pt) in enumerate(PAIRS):
        (repo / f"source/bench/b{index:02d}.md").write_text("# b\n", encoding="utf-8")
        for lang, name in (("es", es), ("pt_BR", pt)):
            path = repo / f"locale/bench/{lang}/b{index:02d}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            full[path] = read_catalog(CORPUS / name).catalog
    paths = sorted(full)
    done = dict.fromkeys(paths, 0)

    def state(path: Path, number: int) -> bytes:
        catalog = full[path]
        entries = tuple(
            e if i < done[path] or not e.msgstr else e.changed(msgstr="", flags=())
            for i, e in enumerate(catalog.entries)
        )
        header = catalog.header
        if header is not None:  # a header field that changes in every commit, as PO-Revision-Date does
            header = header.changed(msgstr=header.msgstr + f"X-Bench-Commit: {number}\n")
        return serialize(Catalog(entries=entries, header=header))

    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, env=env)
    for path in paths:
        path.write_bytes(state(path, 0))
    authors = ("Ana", "Bernard", "Chen", "Dalia", "Emeka")
    start = time.perf_counter()
    for number in range(commits):
        if number:
            path = paths[number % len(paths)]
            done[path] += max(1, len(full[path].entries) // (commits // len(paths) + 10))
            path.write_bytes(state(path, number))
        author = authors[number % len(authors)]
        date = f"{1704067200 + number * 86400} +0000"
        commit_env = {
            **env,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": f"{author.lower()}@example.org",
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": f"{author.lower()}@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=commit_env)
        subprocess.run(["git", "commit", "-q", "-m", f"commit {number}"], cwd=repo, check=True, env=commit_env)
    built = time.perf_counter() - start
    elapsed, out = timed(
        [str(BIN / "keys-l10n"), "--project", str(repo), "stats", "--history", "--format", "csv"], repo
    )
    rows = out.count("\n") - 1
    return {
        "commits": commits,
        "catalogs": len(paths),
        "megabytes_per_state": round(sum(p.stat().st_size for p in paths) / 2**20, 1),
        "build_repo_seconds": round(built, 1),
        "history_seconds": round(elapsed, 2),
        "csv_rows": rows,
    }


def bench_generated(work: Path, sizes: list[str], repeat: int) -> None:
    """One generated catalog per size: stats, msgfmt --statistics, pocount; a table with the CPU ratios."""
    sys.path.insert(0, str(HERE))
    from run import Run, project, run_process, tool

    print("| words | keys-l10n stats | msgfmt --statistics | pocount | ours / msgfmt (CPU) |")
    print("|---|---|---|---|---|")
    for size in sizes:
        root, _names = project(work, size, "single", 1)
        catalog = root / "locale" / "first" / "es" / "book.po"
        commands = {
            "stats": [tool("keys-l10n"), "--project", str(root), "stats", "--edition", "first", "--format", "json"],
            "msgfmt": [tool("msgfmt"), "--statistics", "-o", "/dev/null", str(catalog)],
            "pocount": [tool("pocount"), "--csv", str(catalog)],
        }
        best: dict[str, Run] = {}
        for _ in range(repeat):
            for name, argv in commands.items():
                if argv[0] is not None:
                    run = run_process([str(a) for a in argv], cwd=root, timeout=600)
                    if name not in best or run.cpu < best[name].cpu:
                        best[name] = run
        cells = [
            f"{best[n].cpu:.2f} s CPU, {best[n].seconds:.2f} s wall, {best[n].peak_mb:.0f} MB" if n in best else "-"
            for n in commands
        ]
        ratio = f"{best['stats'].cpu / best['msgfmt'].cpu:.2f}x" if "msgfmt" in best and "stats" in best else "-"
        print(f"| {size} | " + " | ".join(cells) + f" | {ratio} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/keys-l10n-stats-bench"))
    parser.add_argument("--words", default="1m")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--skip-history", action="store_true")
    parser.add_argument("--skip-stats", action="store_true")
    parser.add_argument("--generated", help="sizes of one generated catalog each (e.g. 50k,250k,1m), see above")
    args = parser.parse_args()
    if args.generated:
        bench_generated(args.work, args.generated.split(","), args.repeat)
        return
    if not CORPUS.is_dir():
        raise SystemExit(f"the corpus is absent: {CORPUS}")
    args.work.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {}
    if not args.skip_stats:
        result["stats"] = bench_stats(args.work, parse_words(args.words), args.repeat)
        print(json.dumps(result, indent=2), flush=True)
    if not args.skip_history:
        result["history"] = bench_history(args.work, args.commits)
        print(json.dumps(result["history"], indent=2))


if __name__ == "__main__":
    main()
