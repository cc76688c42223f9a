"""An editor's save landing between the write path's last check and its rename (issue 12: 5 of 19 targeted
tries lost the translator's text while `update` exited 0). ``po_write.BEFORE_REPLACE`` runs a hook exactly in that
window, so each race is reproduced deterministically: a save by rename (most editors), a save in place
(truncate and write), a file created where there was none. The translator's bytes always survive.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from conftest import FIXED_EPOCH, write_project
from keys_l10n.adapters import po_write
from keys_l10n.adapters.po_write import fingerprint, saved_copy, write_atomic
from keys_l10n.cli.app import app
from keys_l10n.core.errors import ConflictError

EDITOR = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Text."\nmsgstr "Texto del editor."\n'


def save_by_rename(path: Path) -> None:
    tmp = path.with_name("editor.tmp")
    tmp.write_bytes(EDITOR)
    os.replace(tmp, path)


def save_in_place(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(0)
        handle.write(EDITOR)


@pytest.fixture
def hook() -> Iterator[Callable[[Callable[[Path], None]], None]]:
    """Install a one-shot hook in the window between the check and the rename."""

    def install(action: Callable[[Path], None]) -> None:
        def once(path: Path) -> None:
            po_write.BEFORE_REPLACE.remove(once)
            action(path)

        po_write.BEFORE_REPLACE.append(once)

    yield install
    po_write.BEFORE_REPLACE.clear()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "hard-link"])
@pytest.mark.parametrize("save", [save_by_rename, save_in_place])
def test_save_in_the_window_is_not_lost(
    tmp_path: Path,
    hook: Callable[..., None],
    save: Callable[[Path], None],
    exchange: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not exchange:  # the portable path (other systems, file systems without renameat2)
        monkeypatch.setattr(po_write, "_exchange", lambda first, second: False)
    elif not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only")
    path = tmp_path / "es.po"
    path.write_bytes(b"old\n")
    hook(save)
    with pytest.raises(ConflictError):
        write_atomic(path, b"ours\n", expected=fingerprint(b"old\n"))
    kept = {path.read_bytes()} | ({saved_copy(path).read_bytes()} if saved_copy(path).exists() else set())
    assert EDITOR in kept
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_file_created_in_the_window_is_not_replaced(tmp_path: Path, hook: Callable[..., None]) -> None:
    path = tmp_path / "es.po"
    hook(lambda p: p.write_bytes(EDITOR))
    with pytest.raises(ConflictError):
        write_atomic(path, b"ours\n", expected=fingerprint(None))
    assert path.read_bytes() == EDITOR


def test_no_save_no_leftovers(tmp_path: Path) -> None:
    path = tmp_path / "es.po"
    path.write_bytes(b"old\n")
    assert write_atomic(path, b"ours\n", expected=fingerprint(b"old\n"))
    assert path.read_bytes() == b"ours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["es.po"]


def test_update_stops_and_keeps_the_editors_file(
    tmp_path: Path, hook: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real command: `update` fails (exit 1, "changed on disk") and the translator's save stays."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    root = write_project(tmp_path / "p", booklets={"b": "# Title\n\nText.\n"})
    runner = CliRunner()
    assert runner.invoke(app, ["--project", str(root), "update"]).exit_code == 0
    (root / "source" / "2021" / "b.md").write_text("# Title\n\nText.\n\nMore text.\n", encoding="utf-8")
    target = root / "locale" / "2021" / "es" / "b.po"
    hook(save_by_rename)
    result = runner.invoke(app, ["--project", str(root), "update"])
    assert result.exit_code == 1 and "changed on disk" in result.output, result.output
    assert target.read_bytes() == EDITOR
