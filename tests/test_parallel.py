"""Folder-mode `merge` and booklet-layout `update` across processes (``adapters/pool.py``): byte for byte the
serial run.

The project is the benchmark generator's (benchmarks/generate.py): several booklets with edited, removed and added
paragraphs, so that the workers make fuzzy and composed suggestions from the shared memory.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
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
