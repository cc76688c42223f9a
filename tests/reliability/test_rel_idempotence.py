"""Idempotence: the whole demo pipeline run twice on a copy of the project changes nothing the second time.

Every file under the project is hashed after the first pass and after the second (nothing ignored: catalogs,
templates, built booklets, MO files, reports, badges). Three clocks: SOURCE_DATE_EPOCH fixed for both passes;
no SOURCE_DATE_EPOCH at all (the real clock); and a second pass one day later than the first, so a template
whose POT-Creation-Date alone would change must not be rewritten.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_support import copy_shipped, digest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from keys_l10n.cli.app import app

runner = CliRunner()
EPOCH = 1767225600
DAY = 86400


def _available() -> set[str]:
    """The commands this build has (the pipeline runs the ones that exist)."""
    import typer.main

    group = typer.main.get_command(app)
    return set(getattr(group, "commands", {}))


PIPELINE: list[tuple[str, ...]] = [
    ("extract",),
    ("update",),
    ("migrate", "2014", "2021"),
    ("compare", "2014", "2021", "--format", "html", "-o", "build/compare.html"),
    ("build",),
    ("stats", "--format", "html", "-o", "build/stats.html"),
    ("check",),
    ("tm", "export", "--lang", "es", "-o", "build/keys-es.tmx"),
]
# exit codes a command may end with in the demo: check and build report findings with 3 (EXIT_FAILED)
ALLOWED = {"check": (0, 3), "build": (0, 3)}


def _pipeline(root: Path, monkeypatch: pytest.MonkeyPatch, epoch: int | None) -> list[str]:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    monkeypatch.chdir(root)  # relative -o paths are relative to the working folder, as for a user
    ran = []
    for args in PIPELINE:
        if args[0] not in _available():
            continue
        result = runner.invoke(app, ["--project", str(root), *args])
        assert result.exit_code in ALLOWED.get(args[0], (0,)), f"{args}: {result.output}"
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        ran.append(args[0])
    return ran


@pytest.mark.slow
@pytest.mark.parametrize("clock", ["fixed-epoch", "real-clock", "one-day-later"])
def test_demo_pipeline_twice_changes_nothing(clock: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_shipped(tmp_path / "project")
    first_epoch = None if clock == "real-clock" else EPOCH
    second_epoch = {"fixed-epoch": EPOCH, "real-clock": None, "one-day-later": EPOCH + DAY}[clock]
    original = digest(root)
    ran = _pipeline(root, monkeypatch, first_epoch)
    assert ran[:3] == ["extract", "update", "migrate"]
    after_first = digest(root)
    assert after_first != original, "the first pass should write something (the 2021 translations)"
    ran_again = _pipeline(root, monkeypatch, second_epoch)
    assert ran_again == ran
    after_second = digest(root)
    changed = sorted(k for k in set(after_first) | set(after_second) if after_first.get(k) != after_second.get(k))
    assert not changed, f"second pass ({clock}) rewrote: {changed}"
    print(f"\nreliability idempotence ({clock}): {len(ran)} commands x 2, {len(after_second)} files hashed")
