"""Time ``keys-l10n build --format md`` against translate-toolkit's ``po2md`` and ``po4a-translate``.

On the projects of ``generate.py`` (cached in ``--work`` as ``run.py`` caches them): the first edition and its
complete pseudo-Spanish catalogs, at ``--sizes`` (50k, 250k, 1m) and ``--layouts`` (booklets of 10-20 k words,
or one file and one catalog). Runs are interleaved (keys-l10n, po2md, po4a, then again) so that every tool sees
the same machine load; the best CPU seconds (user + system, from ``os.wait4``) of ``--repeat`` runs is kept, with
the wall time and peak memory of that run. A tool that is not installed is skipped with a note.

    keys-l10n build --edition first --lang es --format md --min-complete 0
    po2md -t source/first -i locale/first/es -o OUT                            # one run over the folders
    po4a-translate -f text -o markdown -m B.md -p B.po -l OUT/B.md -k 0        # one run per booklet

    .venv/bin/python benchmarks/bench_build.py --sizes 50k,250k,1m --layouts booklets,single --repeat 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import FIRST, LANG  # noqa: E402
from run import Run, project, run_many, run_process, tool  # noqa: E402


def contenders(root: Path, names: list[str], out: Path) -> dict[str, list[list[str]] | None]:
    """Each tool's commands (None: not installed)."""
    ours, po2md, po4a = tool("keys-l10n"), tool("po2md"), tool("po4a-translate")
    source, catalogs = root / "source" / FIRST, root / "locale" / FIRST / LANG
    build = ["build", "--edition", FIRST, "--lang", LANG, "--format", "md", "--min-complete", "0"]
    po4a_args = ["-f", "text", "-o", "markdown", "-k", "0"]
    return {
        "keys-l10n build": [[ours, "--project", str(root), *build]] if ours else None,
        "po2md": [[po2md, "-t", str(source), "-i", str(catalogs), "-o", str(out / "po2md")]] if po2md else None,
        "po4a-translate": [
            [po4a, *po4a_args, "-m", str(source / f"{n}.md"), "-p", str(catalogs / f"{n}.po"), "-l", str(out / n)]
            for n in names
        ]
        if po4a
        else None,
    }


def measure(root: Path, names: list[str], repeat: int, timeout: float) -> dict[str, Run | str]:
    out = root / "bench-build-out"
    tools = contenders(root, names, out)
    best: dict[str, Run | str] = {name: "not installed" for name, argvs in tools.items() if argvs is None}
    for _ in range(repeat):
        for name, argvs in tools.items():
            if argvs is None:
                continue
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            shutil.rmtree(root / "build", ignore_errors=True)
            run = (
                run_many(argvs, cwd=root, timeout=timeout)
                if len(argvs) > 1
                else run_process(argvs[0], cwd=root, timeout=timeout)
            )
            if run.failed or run.timed_out:
                best[name] = run.failed or f"> {timeout:.0f} s"
                continue
            previous = best.get(name)
            if not isinstance(previous, Run) or run.cpu < previous.cpu:
                best[name] = run
    shutil.rmtree(out, ignore_errors=True)
    return best


def row(size: str, layout: str, booklets: int, best: dict[str, Run | str]) -> str:
    ours = best.get("keys-l10n build")
    cells = []
    for name in ("keys-l10n build", "po2md", "po4a-translate"):
        found = best.get(name)
        if not isinstance(found, Run):
            cells.append(str(found or "-"))
            continue
        ratio = f" ({found.cpu / ours.cpu:.1f}x)" if isinstance(ours, Run) and name != "keys-l10n build" else ""
        cells.append(f"{found.cpu:.2f} s CPU{ratio}, {found.seconds:.2f} s wall, {found.peak_mb:.0f} MB")
    peers = [r.cpu for n, r in best.items() if n != "keys-l10n build" and isinstance(r, Run)]
    goal = f"{ours.cpu / min(peers):.2f}x" if isinstance(ours, Run) and peers else "-"
    return f"| {size} | {layout} ({booklets}) | " + " | ".join(cells) + f" | {goal} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/keys-l10n-bench"))
    parser.add_argument("--sizes", default="50k,250k,1m")
    parser.add_argument("--layouts", default="booklets,single")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)
    print("| words | layout (booklets) | keys-l10n build | po2md | po4a-translate | ours / fastest peer (CPU) |")
    print("|---|---|---|---|---|---|")
    results = []
    for size in args.sizes.split(","):
        for layout in args.layouts.split(","):
            root, names = project(args.work, size, layout, args.seed)
            best = measure(root, names, args.repeat, args.timeout)
            print(row(size, layout, len(names), best), flush=True)
            results.append(
                {
                    "size": size,
                    "layout": layout,
                    "booklets": len(names),
                    **{k: v.__dict__ if isinstance(v, Run) else v for k, v in best.items()},
                }
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
