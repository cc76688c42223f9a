"""Crash safety: `update` and `migrate` killed with SIGKILL at random points never leave a half-written catalog.

Each round restores the project to the same state, starts ``keys-l10n update`` on one copy and
``keys-l10n migrate 2014 2021`` on another (at the same time, one per core), and kills each after a random
(seeded) delay. Afterwards every catalog must be byte for byte the file from before the run or the file an
uninterrupted run writes, and ``msgfmt --check`` must accept it. Temporary files of interrupted writes
(``.NAME.XXXX.tmp``) may remain, but no command may take them for catalogs: a final run with all the leftovers
in place must give exactly the uninterrupted result.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reliability_support import (
    catalogs,
    cli_env,
    make_big_project,
    msgfmt_accepts,
    restore,
    run_cli,
    snapshot,
)

KILLS = int(os.environ.get("KEYS_L10N_KILLS", "50"))  # SIGKILLs in total, over both commands
MAX_ROUNDS = KILLS  # a round kills up to two runs; a run that finished before its kill does not count
SEED = 20260101
BOOKLETS = 4  # generated booklets per edition: both runs at once take about 1.5-2 s here

SCENARIOS = {"update": ("update",), "migrate": ("migrate", "2014", "2021")}

# The command as a user runs it, on a slow disk: each fsync takes 10 ms more (a USB stick, a network share).
# A run reads and merges everything first and writes at the end, which on this machine's disk takes ~20 ms for
# 18 catalogs: too short a target for random kills. On the slow disk the writing takes ~200 ms, and the kills
# land before, between and inside the steps of each write (temp file written, synced, renamed).
SLOW_DISK = """
import os, sys, time
_fsync = os.fsync
def _slow_fsync(fd):
    _fsync(fd)
    time.sleep(float(os.environ.get("KEYS_L10N_TEST_FSYNC_DELAY", "0.01")))
os.fsync = _slow_fsync
from keys_l10n.cli import main
sys.argv[0] = "keys-l10n"
main()
"""


def _command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", SLOW_DISK, "--project", str(root), *args]


@dataclass
class Lane:
    name: str
    root: Path
    args: tuple[str, ...]
    before: dict[str, bytes]
    after: dict[str, bytes]
    first_write: float = 0.0  # seconds from start to the first catalog written, both commands running at once
    last_write: float = 0.0  # ... to the last catalog written
    duration: float = 0.0  # ... to the end of the process
    outcomes: dict[str, int] = field(default_factory=lambda: {"untouched": 0, "partial": 0, "complete": 0})
    kills: int = 0
    finished: int = 0
    leftovers: set[str] = field(default_factory=set)


def _prepare(tmp_path: Path, name: str, args: tuple[str, ...]) -> Lane:
    root = make_big_project(tmp_path / name, BOOKLETS)
    before = snapshot(root)
    done = run_cli(root, *args)
    assert done.returncode == 0, done.stderr
    after = snapshot(root)
    changed = [k for k in catalogs(after) if catalogs(before).get(k) != after[k]]
    assert len(changed) >= 2 * BOOKLETS, f"{name} should write many catalogs, wrote {changed}"
    restore(root, before)
    assert snapshot(root) == before
    return Lane(name, root, args, before, after)


def _stamps(root: Path) -> set[tuple[str, int]]:
    """Cheap fingerprint of the catalogs (names and modification times), for polling while a run writes."""
    return {(p.name, p.stat().st_mtime_ns) for p in (root / "locale").glob("*/*/*.po")}


def _calibrate(lanes: list[Lane], env: dict[str, str]) -> None:
    """Run both commands at once (as the rounds do) and note when each starts writing and when it ends."""
    stamps = {lane.name: _stamps(lane.root) for lane in lanes}
    start = time.monotonic()
    running = {
        lane.name: (lane, subprocess.Popen(_command(lane.root, *lane.args), env=env, stdout=subprocess.DEVNULL))
        for lane in lanes
    }
    first: dict[str, float] = {}
    last: dict[str, float] = {}
    while running:
        now = time.monotonic() - start
        for lane, proc in list(running.values()):
            current = _stamps(lane.root)
            if current != stamps[lane.name]:
                first.setdefault(lane.name, now)
                last[lane.name] = now
                stamps[lane.name] = current
            if proc.poll() is not None:
                assert proc.returncode == 0
                lane.first_write = first.setdefault(lane.name, now)
                lane.last_write = last.setdefault(lane.name, now)
                lane.duration = now
                del running[lane.name]
        time.sleep(0.01)
    for lane in lanes:
        assert catalogs(snapshot(lane.root)) == catalogs(lane.after), f"{lane.name} is not deterministic"
        restore(lane.root, lane.before)


def _check(lane: Lane, tmp_path: Path) -> None:
    state = snapshot(lane.root)
    visible = catalogs(state)
    before, after = catalogs(lane.before), catalogs(lane.after)
    assert set(visible) <= set(before) | set(after), f"stray catalogs: {set(visible) - set(before) - set(after)}"
    news = olds = 0
    for rel in sorted(set(before) | set(after)):
        current = visible.get(rel)
        if current == after.get(rel) and current == before.get(rel):
            continue
        if current == after.get(rel):
            news += 1
        elif current == before.get(rel):
            olds += 1
        else:
            pytest.fail(f"{lane.name}: {rel} is neither the old nor the new file ({len(current or b'')} bytes)")
        if current is not None:
            ok, message = msgfmt_accepts(current, tmp_path / "msgfmt", rel)
            assert ok, f"msgfmt --check rejects {rel}: {message}"
    lane.outcomes["untouched" if news == 0 else "complete" if olds == 0 else "partial"] += 1
    lane.leftovers |= {k for k in state if k.endswith(".tmp")}
    # no non-hidden new file of any kind (a visible temp file would be a catalog-looking stray)
    extra = {k for k in state if k not in lane.before and k not in lane.after and not k.endswith(".tmp")}
    extra.discard(".keys-l10n.lock")  # the killed run's lock: stale, cleared by the next run (checked below)
    assert not extra, f"{lane.name}: unexpected files {sorted(extra)}"


def _round(lanes: list[Lane], rng: random.Random, env: dict[str, str]) -> None:
    """Start both commands; kill each at a random point: mostly while it writes, sometimes before."""
    states = []
    for lane in lanes:
        stamps = _stamps(lane.root)
        proc = subprocess.Popen(
            _command(lane.root, *lane.args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        start = time.monotonic()
        # about one run in seven is killed before it writes (start-up, reading, comparing); the others at a random
        # moment of their writing phase, which begins when the first catalog changes on disk (polled, so the
        # kills land where they should whatever the load of the machine)
        early = rng.random() < 0.15
        kill_at = start + rng.uniform(0.2, 1.0) * lane.first_write if early else None
        states.append([lane, proc, stamps, kill_at])
    pending = list(states)
    while pending:
        now = time.monotonic()
        for state in list(pending):
            lane, proc, stamps, kill_at = state
            if proc.poll() is not None:
                lane.finished += 1
            elif kill_at is not None and now >= kill_at:
                proc.send_signal(signal.SIGKILL)
                lane.kills += 1
            else:
                if kill_at is None and _stamps(lane.root) != stamps:
                    state[3] = now + rng.uniform(0.0, 1.1) * (lane.last_write - lane.first_write)
                continue
            _, err = proc.communicate(timeout=60)
            assert proc.returncode in (0, -signal.SIGKILL), err.decode("utf-8", "replace")
            assert b"Traceback" not in err
            pending.remove(state)
        time.sleep(0.005)


@pytest.mark.slow
def test_sigkill_leaves_old_or_new_catalogs(tmp_path: Path) -> None:
    lanes = [_prepare(tmp_path, name, args) for name, args in SCENARIOS.items()]
    rng = random.Random(SEED)
    env = cli_env(KEYS_L10N_LOCK_TIMEOUT="10")
    _calibrate(lanes, env)
    rounds = 0
    while sum(lane.kills for lane in lanes) < KILLS and rounds < MAX_ROUNDS:
        rounds += 1
        for lane in lanes:
            restore(lane.root, lane.before)
        _round(lanes, rng, env)
        for lane in lanes:
            _check(lane, tmp_path)
    for lane in lanes:
        # Recovery: the interrupted state plus every leftover temp file and stale lock; a normal run must
        # ignore the leftovers and give exactly the uninterrupted result.
        done = run_cli(lane.root, *lane.args, env=env)
        assert done.returncode == 0, done.stderr
        final = snapshot(lane.root)
        assert catalogs(final) == catalogs(lane.after)
        assert ".keys-l10n.lock" not in final
    total_kills = sum(lane.kills for lane in lanes)
    report = ", ".join(
        f"{lane.name} (writes {lane.first_write:.2f}-{lane.last_write:.2f} s, ends {lane.duration:.2f} s): "
        f"{lane.kills} kills, {lane.finished} finished, {lane.outcomes}"
        for lane in lanes
    )
    leftovers = sum(len(lane.leftovers) for lane in lanes)
    print(f"\nreliability crash: {rounds} rounds; {report}; {leftovers} temp files left")
    assert total_kills >= KILLS, report
    # the kills must really land in the middle of the writing, not only before or after it
    assert sum(lane.outcomes["partial"] for lane in lanes) >= KILLS // 5, report
