"""Folder-mode `merge` and booklet-layout `update` across processes (``adapters/pool.py``): byte for byte the
serial run.

The project is the benchmark generator's (benchmarks/generate.py): several booklets with edited, removed and added
paragraphs, so that the workers make fuzzy and composed suggestions from the shared memory.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from functools import partial
from pathlib import Path
from types import ModuleType

import pytest

from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.pool import ordered_map, workers
from keys_l10n.usecases.catalogs import extract, update
from keys_l10n.usecases.merge import merge_files

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
pytestmark = pytest.mark.skipif(workers(2, 2) < 2, reason="no fork on this system: the pool runs serially")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("benchmarks_generate_parallel", GENERATOR)
    assert spec is not None and spec.loader is not None
    gen: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen
    spec.loader.exec_module(gen)
    root = tmp_path_factory.mktemp("parallel") / "p"
    gen.generate(root, 45_000)
    extract(load_config(root), edition=gen.SECOND)
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.po"))}


def test_ordered_map_keeps_order_and_raises() -> None:
    assert list(ordered_map(lambda n: n * n, list(range(7)), jobs=2)) == [n * n for n in range(7)]
    assert list(ordered_map(str, [1, 2], jobs=1)) == ["1", "2"]

    def fail(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    with pytest.raises(ValueError, match="three"):
        list(ordered_map(fail, list(range(5)), jobs=2))


def test_folder_merge_parallel_equals_serial(project: Path, tmp_path: Path) -> None:
    old, new = project / "locale" / "first" / "es", project / "locale" / "second"
    assert len(list(new.glob("*.pot"))) >= 3
    outputs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        result = merge_files(old, new, out, previous=True, jobs=jobs)
        reports = {Path(name).name: report for name, report in result.reports.items()}
        outputs[jobs] = (_files(out), [(f.path.name, f.action, f.detail) for f in result.files], reports)
    serial, parallel = outputs[1], outputs[2]
    assert parallel[0] == serial[0]
    assert parallel[1] == serial[1]
    assert parallel[2] == serial[2]
    assert sum(r.fuzzy + r.composed for r in serial[2].values()) > 0  # the memory was used


def test_update_parallel_equals_serial(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        root = tmp_path / f"p{jobs}"
        shutil.copytree(project, root)
        target = root / "locale" / "second" / "es"
        target.mkdir(parents=True, exist_ok=True)
        for po in (root / "locale" / "first" / "es").glob("*.po"):
            shutil.copyfile(po, target / po.name)
        monkeypatch.setenv("KEYS_L10N_JOBS", jobs)
        result = update(load_config(root), edition="second", lang=["es"])
        outputs[jobs] = (_files(target), [(f.path.as_posix(), f.action, f.detail) for f in result.files])
    assert outputs["2"] == outputs["1"]
    assert any(action == "updated" for _, action, _ in outputs["1"][1])


def test_progress_bar_runs_no_thread_so_the_pool_may_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal's progress bar redraws on each step instead of from a refresh thread: with a thread running,
    ``pool.workers`` falls back to one process (forking it is unsafe), and builds and merges ran serially."""
    import importlib
    import io
    import threading

    from rich.console import Console

    app_module = importlib.import_module("keys_l10n.cli.app")  # the module (the package exports the typer app)

    shown = io.StringIO()
    monkeypatch.setattr(app_module, "stderr", lambda: Console(file=shown, force_terminal=True, width=80))
    with app_module.progress_bar("building", total=2) as step:
        step("es/presentation")
        assert threading.active_count() == 1
        assert workers(2, 10, size=10**9) == 2
    assert "building es/presentation" in shown.getvalue()


def test_map_in_background_runs_while_this_process_works() -> None:
    import os
    import time

    from keys_l10n.adapters.pool import map_in_background

    def job(n: int) -> tuple[int, int]:
        return n * n, os.getpid()

    with map_in_background(job, list(range(9)), jobs=2) as results:
        # a serial ordered_map in the block: the pool's threads are running, nothing forks again
        assert list(ordered_map(str, [1, 2, 3], jobs=2)) == ["1", "2", "3"]
        time.sleep(0.05)
        done = list(results)
    assert [square for square, _ in done] == [n * n for n in range(9)]
    assert os.getpid() not in {pid for _, pid in done}  # in the workers
    with map_in_background(job, [4], jobs=1) as results:
        assert [square for square, _ in results] == [16]

    def fail(n: int) -> int:
        if n == 2:
            raise ValueError("two")
        return n

    with pytest.raises(ValueError, match="two"), map_in_background(fail, list(range(4)), jobs=2) as results:
        list(results)


def test_segments_pickle_field_for_field() -> None:
    import copyreg
    import dataclasses
    import pickle

    from keys_l10n.core.model import Segment

    assert Segment in copyreg.dispatch_table  # registered by adapters/pool.py: pickled as constructor arguments
    segment = Segment("Text *x*", "list item", 3, 12, 2, ("A", "B"), "ctx", ("note",), "> - ", 40)
    back = pickle.loads(pickle.dumps(segment, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == segment
    assert all(getattr(back, f.name) == getattr(segment, f.name) for f in dataclasses.fields(Segment))


def test_migrate_parallel_equals_serial(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The booklets segmented in workers while the language memory is read here: the catalogs and the report
    of the serial run."""
    from keys_l10n.usecases.migrate import migrate

    outputs = {}
    for jobs in ("1", "2"):
        root = tmp_path / f"m{jobs}"
        shutil.copytree(project, root)
        monkeypatch.setenv("KEYS_L10N_JOBS", jobs)
        result = migrate(load_config(root), "first", "second", lang=["es"])
        outputs[jobs] = (
            _files(root / "locale" / "second" / "es"),
            [b.to_dict() for b in result.booklets],
            result.warnings,
        )
    assert outputs["2"] == outputs["1"]
    assert any(b["messages"]["edited"] for b in outputs["1"][1])


def test_compare_parallel_reports_the_unreadable_booklet(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A booklet that cannot be segmented in a worker is segmented again here for its error (naming its file),
    left out on both sides, as in the serial run."""
    from keys_l10n.usecases.compare import compare_editions

    root = tmp_path / "c"
    shutil.copytree(project, root)
    broken = sorted((root / "source" / "second").glob("*.md"))[0]
    broken.write_bytes(broken.read_bytes() + b"\n<!-- i18n: bogus -->\n")  # read, but not segmented
    outputs = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("KEYS_L10N_JOBS", jobs)
        ran: list[str] = []
        comparison = compare_editions(load_config(root), "first", "second", meanwhile=partial(ran.append, jobs))
        assert ran == [jobs]
        outputs[jobs] = comparison.to_dict()
    assert outputs["2"] == outputs["1"]
    errors = outputs["1"]["errors"]
    assert len(errors) == 1 and broken.name in errors[0] and "directive" in errors[0]


def test_run_aside_returns_the_result_and_raises_the_error_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from keys_l10n.adapters.pool import run_aside

    parent = os.getpid()
    seen: list[int] = []
    monkeypatch.setenv("KEYS_L10N_JOBS", "2")
    assert run_aside(lambda: (os.getpid() != parent, [1, 2]), lambda: seen.append(os.getpid())) == (True, [1, 2])
    assert seen == [parent]
    # meanwhile may use the pool: no thread runs
    assert run_aside(lambda: 7, lambda: seen.extend(ordered_map(abs, [-1, -2], jobs=2))) == 7
    assert seen[1:] == [1, 2]

    def fail() -> int:
        raise ValueError(f"in {os.getpid()}")

    with pytest.raises(ValueError, match=f"in {parent}"):  # run again here for its error
        run_aside(fail, lambda: None)
    monkeypatch.setenv("KEYS_L10N_JOBS", "1")
    order: list[str] = []
    assert run_aside(lambda: order.append("function") or 3, lambda: order.append("meanwhile")) == 3
    assert order == ["meanwhile", "function"]


def test_compare_aligned_aside_equals_aligned_here(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editions aligned in another process (only the pairs come back) while this one works: the comparison
    aligned here, equal field for field."""
    from keys_l10n.usecases.compare import compare_editions

    monkeypatch.setenv("KEYS_L10N_JOBS", "2")
    config = load_config(project)
    ran: list[str] = []
    here = compare_editions(config, "first", "second")
    aside = compare_editions(config, "first", "second", while_aligning=partial(ran.append, "prepared"))
    assert ran == ["prepared"]
    assert aside == here
    assert aside.to_dict() == here.to_dict()
    assert any(b.alignment.changed for b in here.booklets)
