"""Two runs at once: the project lock serialises writers, stale locks are cleared, and a catalog another program
saved between our read and our write is never overwritten."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_support import catalogs, cli_command, cli_env, copy_shipped, make_big_project, run_cli, snapshot
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from keys_l10n.adapters.locking import LOCK_NAME, project_lock
from keys_l10n.cli.app import app
from keys_l10n.core import merge
from keys_l10n.core.errors import ConflictError

runner = CliRunner()


def _needs_rewrite(root: Path) -> None:
    """A new paragraph in the 2021 source (and no stale template), so `update` must rewrite its catalogs."""
    (root / "locale" / "2021" / "presentation.pot").unlink()
    with (root / "source" / "2021" / "presentation.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added after the catalogs were made.\n")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_second_update_refuses_a_held_lock_with_a_clear_message(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    before = snapshot(root)
    with project_lock(root):
        started = time.monotonic()
        done = run_cli(root, "update", env=cli_env(KEYS_L10N_LOCK_TIMEOUT="0.5"))
        waited = time.monotonic() - started
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("error: ") and f"pid {os.getpid()}" in lines[0], done.stderr
    assert "another keys-l10n run" in lines[0] and lines[1].startswith("hint: ")
    assert waited >= 0.5
    after = snapshot(root)
    after.pop(LOCK_NAME, None)  # ours, released just above
    assert after == {k: v for k, v in before.items()}


def test_second_update_waits_for_the_lock_then_runs(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    for po in (root / "locale" / "2021").glob("*/*.po"):
        po.unlink()
    before = catalogs(snapshot(root))
    with project_lock(root):
        proc = subprocess.Popen(
            cli_command(root, "update"),
            env=cli_env(KEYS_L10N_LOCK_TIMEOUT="60"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(2.0)  # far longer than an update of the shipped project takes
        assert proc.poll() is None, "the second run did not wait for the lock"
        assert catalogs(snapshot(root)) == before, "the waiting run wrote while another held the lock"
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    written = catalogs(snapshot(root))
    assert {k for k in written if k.startswith("locale/2021/")} == {
        "locale/2021/presentation.pot",
        "locale/2021/es/presentation.po",
        "locale/2021/fr/presentation.po",
    }
    assert not (root / LOCK_NAME).exists()


@pytest.mark.slow
def test_concurrent_updates_and_migrates_never_interleave(tmp_path: Path) -> None:
    """Two `update` and two `migrate` at once on the same project, 3 times: every run succeeds (they queue on
    the lock) and the project ends exactly as after the same runs one by one."""
    root = make_big_project(tmp_path / "p", 2)
    reference = make_big_project(tmp_path / "ref", 2)
    env = cli_env(KEYS_L10N_LOCK_TIMEOUT="120")
    for args in (("update",), ("migrate", "2014", "2021")):
        assert run_cli(reference, *args, env=env).returncode == 0
    expected = catalogs(snapshot(reference))  # (migrate then update gives the same bytes: checked by hand)
    commands = [("update",), ("update",), ("migrate", "2014", "2021"), ("migrate", "2014", "2021")]
    runs = 0
    start = snapshot(root)
    for _ in range(3):
        for rel in catalogs(snapshot(root)):
            if rel not in start:
                (root / rel).unlink()
        for rel, data in start.items():
            (root / rel).write_bytes(data)
        procs = [
            subprocess.Popen(cli_command(root, *args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for args in commands
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            runs += 1
        # update then migrate (or migrate then update) in any order: the same end state, since migrate fills
        # only what update left empty and update keeps what migrate filled
        assert catalogs(snapshot(root)) == expected
        assert not (root / LOCK_NAME).exists()
    print(f"\nreliability concurrency: {runs} concurrent runs")


def test_stale_lock_of_a_dead_process_is_cleared(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    (root / LOCK_NAME).write_text(f"{_dead_pid()} {socket.gethostname()}\n", encoding="utf-8")
    done = run_cli(root, "update", env=cli_env(KEYS_L10N_LOCK_TIMEOUT="0"))
    assert done.returncode == 0, done.stderr
    assert not (root / LOCK_NAME).exists()


HOLDER = """
import sys, time, os
from pathlib import Path
from keys_l10n.adapters.locking import project_lock
root, log, start = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
while time.time() < start:
    pass
with project_lock(root, timeout=60, poll=0.01):
    begin = time.time()
    time.sleep(0.15)
    end = time.time()
with open(log, "a") as handle:
    handle.write(f"{begin} {end}\\n")
"""


@pytest.mark.slow
def test_runs_racing_for_a_stale_lock_never_overlap(tmp_path: Path) -> None:
    """Six runs start at the same instant on a project with a stale lock: they hold it one after another.
    (With pid files alone two of them could both clear the stale lock and both go on.)"""
    script = tmp_path / "holder.py"
    script.write_text(HOLDER, encoding="utf-8")
    held = 0
    for trial in range(4):
        root = tmp_path / f"r{trial}"
        root.mkdir()
        log = root / "log"
        (root / LOCK_NAME).write_text(f"{_dead_pid()} {socket.gethostname()}\n", encoding="utf-8")
        start = time.time() + 1.0
        procs = [subprocess.Popen([sys.executable, str(script), str(root), str(log), str(start)]) for _ in range(6)]
        for proc in procs:
            assert proc.wait(timeout=60) == 0
        spans = sorted(tuple(map(float, line.split())) for line in log.read_text().splitlines())
        assert len(spans) == 6
        for (_, end), (begin, _) in itertools.pairwise(spans):
            assert begin >= end, "two runs held the lock at the same time"
        held += len(spans)
        assert not (root / LOCK_NAME).exists()
    print(f"\nreliability lock race: {held} runs, no overlap")


def test_pid_file_fallback_without_flock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where flock is missing (Windows), O_EXCL pid files: a stale lock is cleared, a live one refused."""
    from keys_l10n.adapters import locking

    monkeypatch.setattr(locking, "fcntl", None)
    lock = tmp_path / LOCK_NAME
    lock.write_text(f"{_dead_pid()} {socket.gethostname()}\n", encoding="utf-8")
    with project_lock(tmp_path, timeout=0):
        assert lock.read_text(encoding="utf-8").startswith(f"{os.getpid()} ")
        with pytest.raises(ConflictError, match=f"pid {os.getpid()}"), project_lock(tmp_path, timeout=0.2):
            pass
    assert not lock.exists()


def test_old_empty_lock_is_cleared_and_foreign_host_lock_is_respected(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    lock = root / LOCK_NAME
    lock.write_bytes(b"")  # a writer killed between creating the lock and writing its pid
    old = time.time() - 3600
    os.utime(lock, (old, old))
    done = run_cli(root, "update", env=cli_env(KEYS_L10N_LOCK_TIMEOUT="0"))
    assert done.returncode == 0, done.stderr
    # a live-looking lock from another machine (shared folder): not ours to judge, so refused
    lock.write_text(f"{_dead_pid()} some-other-host\n", encoding="utf-8")
    done = run_cli(root, "update", env=cli_env(KEYS_L10N_LOCK_TIMEOUT="0"))
    assert done.returncode == 1
    assert "some-other-host" in done.stderr and "Traceback" not in done.stderr
    assert lock.exists()


@pytest.mark.parametrize("command", ["update", "migrate"])
def test_catalog_saved_by_another_program_mid_run_is_not_overwritten(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Poedit saves the catalog while we merge: we stop with a message and the translator's bytes stay."""
    root = copy_shipped(tmp_path / "p")
    _needs_rewrite(root)
    target = root / "locale" / "2021" / "es" / "presentation.po"
    theirs = target.read_bytes().replace(b'msgstr ""\n\n', b'msgstr "guardado por Poedit"\n\n', 1)
    assert theirs != target.read_bytes()
    original = merge.merge_catalog
    calls = []

    def saving_meanwhile(old, template, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = original(old, template, *args, **kwargs)
        if old.header is not None and "Language: es" in old.header.msgstr and "2021" in template.header.msgstr:
            calls.append(1)
            target.write_bytes(theirs)  # after our read, before our write
        return result

    module = "keys_l10n.usecases.catalogs" if command == "update" else "keys_l10n.usecases.migrate"
    monkeypatch.setattr(f"{module}.merge_catalog", saving_meanwhile)
    args = ["update"] if command == "update" else ["migrate", "2014", "2021"]
    result = runner.invoke(app, ["--project", str(root), *args])
    assert calls, "the merge of locale/2021/es was not reached"
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "changed on disk" in result.stderr and str(target) in result.stderr
    assert target.read_bytes() == theirs
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", ["update", "migrate"])
def test_catalog_created_by_another_program_mid_run_is_not_overwritten(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same when the catalog did not exist when we looked and a translator created it meanwhile."""
    root = copy_shipped(tmp_path / "p")
    target = root / "locale" / "2021" / "es" / "presentation.po"
    theirs = target.read_bytes()
    target.unlink()
    original = merge.merge_catalog

    def creating_meanwhile(old, template, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = original(old, template, *args, **kwargs)
        if old.header is not None and "Language: es" in old.header.msgstr and "2021" in template.header.msgstr:
            target.write_bytes(theirs)
        return result

    module = "keys_l10n.usecases.catalogs" if command == "update" else "keys_l10n.usecases.migrate"
    monkeypatch.setattr(f"{module}.merge_catalog", creating_meanwhile)
    args = ["update"] if command == "update" else ["migrate", "2014", "2021"]
    result = runner.invoke(app, ["--project", str(root), *args])
    assert result.exit_code == 1, result.output
    assert "changed on disk" in result.stderr or "created" in result.stderr, result.stderr
    assert target.read_bytes() == theirs
