"""The project context (``usecases/project.py``): one edition resolver, the selection validated once, one write
policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.locking import project_lock
from keys_l10n.cli.app import EXIT_ERROR, app
from keys_l10n.core.errors import ConflictError, UsageError
from keys_l10n.usecases.project import FileAction, Project, Selection, Writer, select_editions, write_file


def test_an_edition_by_name_or_by_folder(shipped_project: Path) -> None:
    config = load_config(shipped_project)
    for spec in ("2021", "source/2021", "./source/2021/", str(shipped_project / "source/2021")):
        assert [e.name for e in select_editions(config, spec)] == ["2021"], spec
    assert [e.name for e in select_editions(config, ["2014", "source/2014", "2021"])] == ["2014", "2021"]
    assert [e.name for e in select_editions(config, None)] == ["2014", "2021"]
    for bad in ("1999", "source/1999", "source", "git:HEAD:source/2021"):
        with pytest.raises(UsageError, match="unknown edition"):
            select_editions(config, bad)


def test_the_selection_is_validated_when_the_context_opens(shipped_project: Path) -> None:
    config = load_config(shipped_project)
    with pytest.raises(UsageError, match="locale 'it' is not configured"):
        Project(config, Selection(lang=["it"]), write=False)
    project = Project(config, Selection(edition="source/2014", lang="ES"), write=False)
    assert project.edition_names == ["2014"] and project.locales == ("es",)
    first = project.booklets(project.editions[0])
    assert project.booklets(project.editions[0]) is first  # read once
    po = shipped_project / "locale/2014/es/presentation.po"
    assert project.catalog(po) is project.catalog(po)


def test_staged_files_are_written_only_when_the_block_ends_well(shipped_project: Path) -> None:
    config = load_config(shipped_project)
    target = shipped_project / "out.txt"
    with pytest.raises(RuntimeError), Project.open(config, write=True) as project:
        assert project.stage(target, b"x") is FileAction.CREATED
        raise RuntimeError
    assert not target.exists()
    with Project.open(config, write=True) as project:
        assert (shipped_project / ".keys-l10n.lock").exists()  # the lock is held for the whole run
        project.stage(target, b"x")
    assert target.read_bytes() == b"x" and not (shipped_project / ".keys-l10n.lock").exists()
    with Project.open(config, write=True) as project:
        assert project.stage(target, b"x") is FileAction.UNCHANGED


def test_a_file_changed_since_it_was_read_stops_every_write(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"old")
    writer = Writer()
    assert writer.stage(second, b"new b") is FileAction.CREATED
    assert writer.stage(first, b"new a") is FileAction.UPDATED
    first.write_bytes(b"an editor's save")
    with pytest.raises(ConflictError):
        writer.commit()
    assert not second.exists() and first.read_bytes() == b"an editor's save"


def test_reports_and_o_files_wait_for_the_project_lock(
    shipped_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEYS_L10N_LOCK_TIMEOUT", "0")
    target = tmp_path / "stats.csv"
    with project_lock(shipped_project):
        with pytest.raises(ConflictError, match="another keys-l10n run"):
            write_file(target, b"x", root=shipped_project)
        for args in (
            ["stats", "-f", "csv", "-o", str(target)],
            ["build"],
            ["tm", "export", "-l", "es", "-o", str(target)],
        ):
            result = CliRunner().invoke(app, ["--project", str(shipped_project), *args])
            assert result.exit_code == EXIT_ERROR and "another keys-l10n run" in result.stderr, args
    assert not target.exists() and not (shipped_project / "build").exists()
    assert write_file(target, b"x", root=shipped_project) and not write_file(target, b"x", root=shipped_project)
