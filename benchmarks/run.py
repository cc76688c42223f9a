"""Time keys-l10n against the usual tools on generated booklet projects, and judge the fuzzy suggestions.

For each size (``--sizes 50k,250k,1m``) and layout (``--layouts booklets,single``: booklets of 10-20 k words,
or one file holding the whole text, the setting of the issue's reference figures) the script generates a project
with ``generate.py`` (cached in ``--work``) and runs, interleaved so that every tool sees the same machine load:

- extraction of the first edition: ``keys-l10n extract`` vs translate-toolkit's ``md2po`` vs po4a
  (``po4a-updatepo -f text -o markdown``, the extraction half of po4a);
- update of the translated first-edition catalogs with the second edition's templates (about 10 % of the
  paragraphs edited, 3 % removed, 3 % added): ``keys-l10n update`` vs GNU ``msgmerge --previous`` (one run per
  catalog) vs translate-toolkit's ``pot2po`` (one run over the folder). All three read the same old catalogs and
  the same templates; keys-l10n also re-segments the Markdown, the others do not;
- folder-mode merge (``--tasks merge``): ``keys-l10n merge --previous OLD_DIR NEW_DIR -o OUT_DIR`` (one process
  for the whole book, every old catalog serving as memory for every file) vs the same two peers;
- migration (``--tasks migrate``): ``keys-l10n migrate first second`` (it compares the two editions, then carries
  the translations with the language's whole memory) vs the same two peers, which get the templates ready made.

``--scripts stats,check,build`` then runs ``bench_stats.py``, ``bench_check.py`` and ``bench_build.py`` (their own
corpora, peers and tables: ``msgfmt --statistics``, pocount, pofilter, po2md, po4a-translate) once per size.

Each measurement is the best of ``--repeat`` runs (one run when a run takes over 30 s): wall-clock seconds, CPU
seconds (user + system, less sensitive to other work on the machine) and the peak resident memory of the
process (all from ``os.wait4``; for msgmerge, times summed and the largest peak of its per-catalog runs). A run over
``--timeout`` seconds is stopped and shown as "> N s". A missing tool is skipped with a note.

Suggestion quality: ``truth.json`` (written by the generator) lists each edited paragraph with its old text. For
each tool's output we count fuzzy entries, edited paragraphs whose suggestion is the translation of their own
old text ("right": the previous msgid ``#|`` is the old text, or without ``#|`` the msgstr is its translation;
keys-l10n may adjust that translation sentence by sentence), of another text ("other") or absent, and
brand-new paragraphs that got a suggestion.

    .venv/bin/python benchmarks/run.py --sizes 50k,250k --json results.json
    .venv/bin/python benchmarks/run.py --sizes 1m --layouts booklets --tasks merge,update,migrate --repeat 1
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import FIRST, LANG, SECOND, generate, parse_size  # noqa: E402

VENV_BIN = Path(sys.executable).parent
SLOW = 30.0  # seconds: a run longer than this is not repeated


def tool(name: str) -> str | None:
    """The tool in the running venv, else on PATH, else None."""
    local = VENV_BIN / name
    if local.exists():
        return str(local)
    return shutil.which(name)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds
    timed_out: bool = False
    failed: str = ""


@dataclass
class Measure:
    size: str
    layout: str
    task: str
    tool: str
    seconds: float | None = None
    cpu: float | None = None
    peak_mb: float | None = None
    timed_out: bool = False
    runs: int = 0
    note: str = ""
    messages: int | None = None
    quality: dict[str, int] = field(default_factory=dict)


GNU_TIME = "/usr/bin/time"


def run_process(argv: Sequence[str], *, cwd: Path, timeout: float) -> Run:
    """Run one command: wall and CPU time, peak RSS; killed (its whole group) after ``timeout`` seconds.

    The peak comes from GNU time's ``%M`` when /usr/bin/time exists: the ``ru_maxrss`` that ``wait4`` gives for a
    child forked from this (large) Python process counts the pages it shared with us before ``exec``.
    """
    report = None
    command = list(argv)
    if os.access(GNU_TIME, os.X_OK):
        fd, name = tempfile.mkstemp(prefix="bench-time-", suffix=".txt")
        os.close(fd)
        report = Path(name)
        command = [GNU_TIME, "-f", "%M", "-o", str(report), *command]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    expired = threading.Event()

    def kill() -> None:
        expired.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill)
    timer.start()
    errors = b""
    try:
        assert proc.stderr is not None
        errors = proc.stderr.read()  # drain, so a chatty tool never blocks on a full pipe
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024  # kB on Linux
    if report is not None:
        lines = report.read_text(errors="replace").split()
        report.unlink()
        if lines and lines[-1].isdigit():
            peak = int(lines[-1]) / 1024
    cpu = usage.ru_utime + usage.ru_stime
    if expired.is_set():
        return Run(timeout, peak, cpu, timed_out=True)
    if proc.returncode != 0:
        tail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return Run(seconds, peak, cpu, failed=f"exit {proc.returncode}: {tail[0][:200]}")
    return Run(seconds, peak, cpu)


def run_many(argvs: list[list[str]], *, cwd: Path, timeout: float) -> Run:
    """Several commands as one measurement: summed time, largest peak, one time budget."""
    total, peak, cpu = 0.0, 0.0, 0.0
    for argv in argvs:
        one = run_process(argv, cwd=cwd, timeout=max(timeout - total, 0.1))
        total += one.seconds
        cpu += one.cpu
        peak = max(peak, one.peak_mb)
        if one.timed_out:
            return Run(timeout, peak, cpu, timed_out=True)
        if one.failed:
            return Run(total, peak, cpu, failed=one.failed)
    return Run(total, peak, cpu)


# -- the project ----------------------------------------------------------------------------------------------
def _code_fingerprint() -> str:
    """The generator and the keys-l10n modules that shape its catalogs: a change regenerates the projects."""
    import hashlib

    import keys_l10n

    package = Path(keys_l10n.__file__).parent
    digest = hashlib.sha256((HERE / "generate.py").read_bytes())
    for name in ("core/markdown.py", "core/template.py", "adapters/po.py", "core/wrap.py", "core/model.py"):
        module = package / name
        if module.exists():
            digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def project(work: Path, size: str, layout: str, seed: int) -> tuple[Path, list[str]]:
    """The generated project for this size and layout (reused when the generator wrote it with these arguments)."""
    root = work / f"{size}-{layout}"
    stamp = root / ".generated"
    wanted = json.dumps(
        {"words": parse_size(size), "seed": seed, "single": layout == "single", "code": _code_fingerprint()},
        sort_keys=True,
    )
    if not (stamp.exists() and stamp.read_text() == wanted):
        if root.exists():
            shutil.rmtree(root)
        started = time.perf_counter()
        result = generate(root, parse_size(size), seed=seed, single=layout == "single")
        print(
            f"  generated {root.name}: {result.words} words, {len(result.booklets)} booklets, "
            f"{result.messages} messages, {result.edited} edited / {result.removed} removed / "
            f"{result.added} added paragraphs ({time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        stamp.write_text(wanted)
    names = sorted(p.stem for p in (root / "source" / FIRST).glob("*.md"))
    return root, names


def count_messages(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with path.open("rb") as handle:
            count += sum(1 for line in handle if line.startswith(b"msgid "))
    return count - len(paths)  # headers


# -- suggestion quality -----------------------------------------------------------------------------------------
def judge(root: Path, outputs: dict[str, Path]) -> dict[str, int]:
    """Fuzzy suggestions in the tool's output catalogs, judged against what the generator changed."""
    import polib

    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    counts = {"fuzzy": 0, "translated": 0, "edited": 0, "right": 0, "other": 0, "none": 0, "added": 0, "added_fuzzy": 0}
    for name, changes in truth.items():
        output = outputs.get(name)
        if output is None or not output.exists():
            continue
        old = {e.msgid: e.msgstr for e in polib.pofile(str(root / "locale" / FIRST / LANG / f"{name}.po"))}
        new = {e.msgid: e for e in polib.pofile(str(output)) if not e.obsolete}
        counts["fuzzy"] += sum(1 for e in new.values() if e.fuzzy)
        counts["translated"] += sum(1 for e in new.values() if e.translated() and not e.fuzzy)
        for before, after in changes["edited"]:
            counts["edited"] += 1
            entry = new.get(after)
            if entry is None or not entry.fuzzy or not entry.msgstr:
                counts["none"] += 1
            elif entry.previous_msgid == before or (not entry.previous_msgid and entry.msgstr == old.get(before)):
                counts["right"] += 1
            else:
                counts["other"] += 1
        for text in changes["added"]:
            counts["added"] += 1
            entry = new.get(text)
            if entry is not None and entry.fuzzy and entry.msgstr:
                counts["added_fuzzy"] += 1
    return counts


# -- the comparisons --------------------------------------------------------------------------------------------
Setup = Callable[[], None]


@dataclass
class Contender:
    name: str
    argvs: list[list[str]] | None  # None: tool absent
    setup: Setup | None = None
    outputs: Callable[[], list[Path]] | None = None
    judge_outputs: Callable[[], dict[str, Path]] | None = None
    note: str = ""


def extraction(root: Path, names: list[str], scratch: Path) -> list[Contender]:
    ours = tool("keys-l10n")
    md2po = tool("md2po")
    po4a = shutil.which("po4a-updatepo")
    pot_dir = root / "locale" / FIRST
    sources = [f"source/{FIRST}/{n}.md" for n in names]

    def clean_ours() -> None:
        for pot in pot_dir.glob("*.pot"):
            pot.unlink()

    def clean(folder: Path) -> Setup:
        def do() -> None:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)

        return do

    md2po_out, po4a_out = scratch / "md2po", scratch / "po4a"
    return [
        Contender(
            "keys-l10n extract",
            [[ours, "--project", str(root), "extract", "--edition", FIRST]] if ours else None,
            clean_ours,
            lambda: sorted(pot_dir.glob("*.pot")),
        ),
        Contender(
            "md2po (translate-toolkit)",
            [[md2po, "--progress=none", "-P", "-i", f"source/{FIRST}", "-o", str(md2po_out)]] if md2po else None,
            clean(md2po_out),
            lambda: sorted(md2po_out.glob("*.pot")),
        ),
        Contender(
            "po4a (po4a-updatepo)",
            [
                [
                    po4a,
                    "-f",
                    "text",
                    "-o",
                    "markdown",
                    "-M",
                    "UTF-8",
                    *[arg for s in sources for arg in ("-m", s)],
                    "-p",
                    str(po4a_out / "all.pot"),
                ]
            ]
            if po4a
            else None,
            clean(po4a_out),
            lambda: sorted(po4a_out.glob("*.pot")),
            note="one POT for all booklets",
        ),
    ]


def second_templates(root: Path) -> None:
    """The second edition's templates, written by the keys-l10n being measured (an unchanged one is kept)."""
    ours = tool("keys-l10n")
    if ours is None:
        raise SystemExit("keys-l10n is needed to write the second edition's templates")
    subprocess.run(
        [ours, "--project", str(root), "extract", "--edition", SECOND], check=True, stdout=subprocess.DEVNULL
    )


def _clean(folder: Path) -> Setup:
    def do() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    return do


def peers(root: Path, names: list[str], scratch: Path) -> list[Contender]:
    """The gettext and translate-toolkit ways of carrying the first edition's catalogs to the second's templates:
    msgmerge once per catalog (a shell loop), pot2po once over the folder."""
    msgmerge = shutil.which("msgmerge")
    pot2po = tool("pot2po")
    old_dir = root / "locale" / FIRST / LANG
    pot_dir = root / "locale" / SECOND
    mm_out, p2_out = scratch / "msgmerge", scratch / "pot2po"
    return [
        Contender(
            "msgmerge --previous",
            [
                [
                    msgmerge,
                    "--previous",
                    "--quiet",
                    "-o",
                    str(mm_out / f"{n}.po"),
                    str(old_dir / f"{n}.po"),
                    str(pot_dir / f"{n}.pot"),
                ]
                for n in names
            ]
            if msgmerge
            else None,
            _clean(mm_out),
            judge_outputs=lambda: {n: mm_out / f"{n}.po" for n in names},
            note="one run per catalog" if len(names) > 1 else "",
        ),
        Contender(
            "pot2po (translate-toolkit)",
            [[pot2po, "--progress=none", "-t", str(old_dir), "-i", str(pot_dir), "-o", str(p2_out)]]
            if pot2po
            else None,
            _clean(p2_out),
            judge_outputs=lambda: {n: p2_out / f"{n}.po" for n in names},
        ),
    ]


def merging(root: Path, names: list[str], scratch: Path) -> list[Contender]:
    """``keys-l10n merge OLD_DIR NEW_DIR -o OUT_DIR --previous`` (folder mode: every old catalog is memory for
    every file) against its peers."""
    ours = tool("keys-l10n")
    second_templates(root)
    out = scratch / "keys-l10n-merge"
    old_dir, pot_dir = root / "locale" / FIRST / LANG, root / "locale" / SECOND
    return [
        Contender(
            "keys-l10n merge (folders)",
            [[ours, "merge", "--previous", str(old_dir), str(pot_dir), "-o", str(out)]] if ours else None,
            _clean(out),
            judge_outputs=lambda: {n: out / f"{n}.po" for n in names},
        ),
        *peers(root, names, scratch),
    ]


def migrating(root: Path, names: list[str], scratch: Path) -> list[Contender]:
    """``keys-l10n migrate first second`` (compares the editions, then carries; the whole language memory)
    against the peers, which get the second edition's templates ready made."""
    ours = tool("keys-l10n")
    second_templates(root)
    our_dir = root / "locale" / SECOND / LANG
    return [
        Contender(
            "keys-l10n migrate",
            [[ours, "--project", str(root), "migrate", FIRST, SECOND, "--lang", LANG]] if ours else None,
            lambda: shutil.rmtree(our_dir, ignore_errors=True),
            judge_outputs=lambda: {n: our_dir / f"{n}.po" for n in names},
        ),
        *peers(root, names, scratch),
    ]


def updating(root: Path, names: list[str], scratch: Path) -> list[Contender]:
    ours = tool("keys-l10n")
    old_dir = root / "locale" / FIRST / LANG
    our_dir = root / "locale" / SECOND / LANG
    second_templates(root)

    def seed_ours() -> None:
        shutil.rmtree(our_dir, ignore_errors=True)
        our_dir.mkdir(parents=True)
        for n in names:
            shutil.copyfile(old_dir / f"{n}.po", our_dir / f"{n}.po")

    return [
        Contender(
            "keys-l10n update",
            [[ours, "--project", str(root), "update", "--edition", SECOND, "--lang", LANG]] if ours else None,
            seed_ours,
            judge_outputs=lambda: {n: our_dir / f"{n}.po" for n in names},
            note="",
        ),
        *peers(root, names, scratch),
    ]


def compare(
    contenders: list[Contender], *, repeat: int, timeout: float, cwd: Path, size: str, layout: str, task: str
) -> list[Measure]:
    """Interleave the contenders' runs (A B C A B C ...) and keep each one's best."""
    measures = {c.name: Measure(size, layout, task, c.name) for c in contenders}
    active = [c for c in contenders if c.argvs is not None]
    for c in contenders:
        if c.argvs is None:
            measures[c.name].note = "not installed: skipped"
    done: set[str] = set()
    for attempt in range(repeat):
        for c in active:
            if c.name in done:
                continue
            assert c.argvs is not None
            if c.setup:
                c.setup()
            result = run_many(c.argvs, cwd=cwd, timeout=timeout)
            m = measures[c.name]
            m.runs += 1
            label = f"> {timeout:.0f} s" if result.timed_out else f"{result.seconds:.2f} s"
            print(
                f"    {task:7} {c.name:28} run {attempt + 1}: {label} (CPU {result.cpu:.2f} s), {result.peak_mb:.0f} MB"
                + (f"  FAILED {result.failed}" if result.failed else ""),
                flush=True,
            )
            if result.failed:
                m.note = result.failed
                done.add(c.name)
                continue
            if result.timed_out:
                m.seconds, m.timed_out, m.peak_mb = timeout, True, max(m.peak_mb or 0, result.peak_mb)
                m.cpu = result.cpu
                done.add(c.name)
                continue
            if m.seconds is None or result.seconds < m.seconds:
                m.seconds = result.seconds
            if m.cpu is None or result.cpu < m.cpu:
                m.cpu = result.cpu
            m.peak_mb = max(m.peak_mb or 0, result.peak_mb)
            if c.outputs:
                m.messages = count_messages(c.outputs())
            if c.judge_outputs:
                m.quality = judge(cwd, c.judge_outputs())
            if result.seconds > SLOW:
                done.add(c.name)
    for c in contenders:
        if c.note and not measures[c.name].note:
            measures[c.name].note = c.note
    return list(measures.values())


# -- output ---------------------------------------------------------------------------------------------------
def table(measures: list[Measure]) -> str:
    lines = [
        "| size | layout | task | tool | messages | wall s | x keys-l10n | CPU s | x keys-l10n | peak MB "
        "| fuzzy | edited: right / other / none | new with suggestion | note |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|",
    ]
    ours = {(m.size, m.layout, m.task): m for m in measures if m.tool.startswith("keys-l10n")}
    for m in measures:
        base = ours.get((m.size, m.layout, m.task))
        seconds = ratio = cpu = cpu_ratio = "-"
        if m.cpu is not None:
            cpu = f"{'> ' if m.timed_out else ''}{m.cpu:.2f}"
            if m is base:
                cpu_ratio = "1"
            elif base is not None and base.cpu:
                cpu_ratio = f"{'> ' if m.timed_out else ''}{m.cpu / base.cpu:.1f}"
        if m.seconds is not None:
            seconds = f"> {m.seconds:.0f}" if m.timed_out else f"{m.seconds:.2f}"
            if m is base:
                ratio = "1"
            elif base is not None and base.seconds:
                ratio = f"{'> ' if m.timed_out else ''}{m.seconds / base.seconds:.1f}"
        q = m.quality
        cells = [
            m.size,
            m.layout,
            m.task,
            m.tool,
            "" if m.messages is None else str(m.messages),
            seconds,
            ratio,
            cpu,
            cpu_ratio,
            "-" if m.peak_mb is None else f"{m.peak_mb:.0f}",
            str(q["fuzzy"]) if q else "",
            f"{q['right']} / {q['other']} / {q['none']} of {q['edited']}" if q else "",
            f"{q['added_fuzzy']} of {q['added']}" if q else "",
            m.note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, object]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name, argv in (("msgmerge", ["msgmerge", "--version"]), ("po4a", ["po4a-updatepo", "--version"])):
        if shutil.which(argv[0]):
            out = subprocess.run(argv, capture_output=True, text=True).stdout.splitlines()
            versions[name] = out[0] if out else "?"
    try:
        from importlib.metadata import version

        versions["translate-toolkit"] = version("translate-toolkit")
        versions["keys-l10n"] = version("keys-l10n")
    except Exception:  # pragma: no cover - informative only
        pass
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load": os.getloadavg(),
        "versions": versions,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


TASKS: dict[str, Callable[[Path, list[str], Path], list[Contender]]] = {
    "extract": extraction,
    "update": updating,
    "merge": merging,
    "migrate": migrating,
}


def run_script(name: str, sizes: list[str]) -> None:
    """The other benchmarks (``bench_stats.py``, ``bench_check.py``, ``bench_build.py``: their own corpora, peers
    and tables), run once per size with this interpreter; a missing script is skipped with a note."""
    script = HERE / f"bench_{name}.py"
    if not script.exists():
        print(f"\n{script.name}: not found, skipped", flush=True)
        return
    for size in sizes:
        print(f"\n# {script.name} --words {parse_size(size)}", flush=True)
        subprocess.run([sys.executable, str(script), "--words", str(parse_size(size))], check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="50k,250k,1m", help="comma-separated: 50k, 250k, 1m or word counts")
    parser.add_argument("--layouts", default="booklets,single", help="booklets, single or both (comma-separated)")
    parser.add_argument(
        "--tasks", default="extract,update,merge,migrate", help="extract, update, merge (folder mode), migrate"
    )
    parser.add_argument(
        "--scripts",
        default="",
        help="also run benchmarks/bench_NAME.py --words SIZE for these names (stats,check,build), after the tasks",
    )
    parser.add_argument("--tools", default="", help="only tools whose name contains one of these (comma-separated)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts (default 3)")
    parser.add_argument("--quick", action="store_true", help="one run each, 50k only unless --sizes is given")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is stopped (default 600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/keys-l10n-bench"), help="generated projects")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)
    # The tools run from the generated project's folder: a relative PYTHONPATH (``PYTHONPATH=src``) would
    # silently stop pointing at this checkout there, and the installed keys-l10n would be timed instead.
    if os.environ.get("PYTHONPATH"):
        os.environ["PYTHONPATH"] = os.pathsep.join(
            str(Path(entry).resolve()) for entry in os.environ["PYTHONPATH"].split(os.pathsep) if entry
        )
    if args.quick:
        args.repeat = 1
        given = argv if argv is not None else sys.argv[1:]
        if not any(a == "--sizes" or a.startswith("--sizes=") for a in given):
            args.sizes = "50k"
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    layouts = [s.strip() for s in args.layouts.split(",") if s.strip()]
    tasks = [s.strip() for s in args.tasks.split(",") if s.strip()]
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}: choose among {', '.join(TASKS)}")
    wanted = [s.strip() for s in args.tools.split(",") if s.strip()]
    for size in sizes:
        parse_size(size)
    info = machine()
    print(f"# {info['date']} on {info['cpu']} ({info['cpus']} CPUs), load {info['load']}", flush=True)
    measures: list[Measure] = []
    for size in sizes:
        for layout in layouts:
            print(f"{size} words, {layout}:", flush=True)
            root, names = project(args.work, size, layout, args.seed)
            scratch = args.work / f"{size}-{layout}-out"
            for task in tasks:
                contenders = TASKS[task](root, names, scratch)
                if wanted:
                    contenders = [
                        c for c in contenders if c.name.startswith("keys-l10n") or any(w in c.name for w in wanted)
                    ]
                measures += compare(
                    contenders, repeat=args.repeat, timeout=args.timeout, cwd=root, size=size, layout=layout, task=task
                )
    for name in [s.strip() for s in args.scripts.split(",") if s.strip()]:
        run_script(name, sizes)
    info["load_after"] = os.getloadavg()
    print()
    print(table(measures))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "measures": [asdict(m) for m in measures]}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
