"""The command line for ``init``, ``extract`` and ``update`` (typer's CliRunner on a copy of the shipped project)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

import keys_l10n.cli  # noqa: F401  (registers every command)
from conftest import assert_gettext_canonical, catalogs_in
from keys_l10n.adapters.po import parse_catalog, read_catalog
from keys_l10n.cli.app import EXIT_ERROR, EXIT_OK, EXIT_USAGE, app
from keys_l10n.core.errors import CatalogError

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def invoke(root: Path, *args: str) -> Result:
    return runner.invoke(app, ["--project", str(root), *args])


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in catalogs_in(root / "locale")}


def test_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == EXIT_OK
    for name in ("init", "extract", "update"):
        assert name in result.stdout
    assert "--project" in result.stdout


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "Usage:" in result.output and "extract" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == EXIT_OK, result.output
    assert f"{command} [OPTIONS]" in result.stdout


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("extract", ["--edition", "--booklet", "--format"]),
        ("update", ["--edition", "--lang", "--no-fuzzy-matching", "--dry-run", "--format"]),
        ("init", ["--source-language", "--locale", "--edition"]),
    ],
)
def test_catalog_command_options(command: str, words: list[str]) -> None:
    result = runner.invoke(app, [command, "--help"])
    for word in words:
        assert word in result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == EXIT_OK
    assert result.stdout.startswith("keys-l10n ")


def test_shipped_project_is_up_to_date(shipped_project: Path) -> None:
    before = snapshot(shipped_project)
    result = invoke(shipped_project, "extract")
    assert result.exit_code == EXIT_OK, result.output
    assert "2 templates (0 written)" in result.stdout
    result = invoke(shipped_project, "update")
    assert result.exit_code == EXIT_OK, result.output
    assert "4 catalogs (0 written)" in result.stdout
    assert "unchanged" not in result.stdout  # quiet when nothing changed (-v lists them)
    assert snapshot(shipped_project) == before


def test_edit_extract_update_then_nothing(shipped_project: Path, fixed_date: str, tmp_path: Path) -> None:
    booklet = shipped_project / "source" / "2014" / "presentation.md"
    text = booklet.read_text(encoding="utf-8")
    first_paragraph = text.split("\n\n")[1]
    edited = first_paragraph.replace("is a collective product", "is a shared, collective product")
    assert edited != first_paragraph
    booklet.write_text(text.replace(first_paragraph, edited) + "\nA brand new closing line.\n", encoding="utf-8")

    result = invoke(shipped_project, "extract", "--edition", "2014")
    assert result.exit_code == EXIT_OK, result.output
    assert "updated" in result.stdout and "locale/2014/presentation.pot" in result.stdout
    pot = read_catalog(shipped_project / "locale/2014/presentation.pot").catalog
    assert pot.header_fields()["POT-Creation-Date"] == fixed_date

    result = invoke(shipped_project, "update", "--edition", "2014")
    assert result.exit_code == EXIT_OK, result.output
    assert "2 catalogs (2 written)" in result.stdout
    es = read_catalog(shipped_project / "locale/2014/es/presentation.po").catalog
    fuzzy = next(e for e in es.entries if e.msgid == edited)
    assert fuzzy.fuzzy and fuzzy.previous_msgid == first_paragraph and fuzzy.msgstr
    assert next(e for e in es.entries if e.msgid == "A brand new closing line.").msgstr == ""
    assert es.header_fields()["Last-Translator"] == "keys-l10n team <keys-l10n@example.org>"

    written = snapshot(shipped_project)
    for path in written:
        assert_gettext_canonical(path, tmp_path)

    for command in ("extract", "update"):
        result = invoke(shipped_project, command)
        assert result.exit_code == EXIT_OK, result.output
        assert "(0 written)" in result.stdout
        assert "updated" not in result.stdout and "created" not in result.stdout
    assert snapshot(shipped_project) == written


def test_fresh_catalogs_are_created_canonical(shipped_project: Path, fixed_date: str, tmp_path: Path) -> None:
    shipped_pot = (shipped_project / "locale/2021/presentation.pot").read_bytes()
    shutil.rmtree(shipped_project / "locale")
    result = invoke(shipped_project, "extract")
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.count("created") == 2
    result = invoke(shipped_project, "update")
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.count("created") == 4
    paths = catalogs_in(shipped_project / "locale")
    assert [p.relative_to(shipped_project).as_posix() for p in paths] == [
        "locale/2014/es/presentation.po",
        "locale/2014/fr/presentation.po",
        "locale/2014/presentation.pot",
        "locale/2021/es/presentation.po",
        "locale/2021/fr/presentation.po",
        "locale/2021/presentation.pot",
    ]
    for path in paths:
        assert_gettext_canonical(path, tmp_path)
    # the same template as shipped, but for its creation date
    new_pot = (shipped_project / "locale/2021/presentation.pot").read_bytes()
    old_lines = [line for line in shipped_pot.splitlines() if not line.startswith(b'"POT-Creation-Date')]
    assert [line for line in new_pot.splitlines() if not line.startswith(b'"POT-Creation-Date')] == old_lines
    fr = read_catalog(shipped_project / "locale/2021/fr/presentation.po").catalog
    fields = fr.header_fields()
    assert fields["Language"] == "fr"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert fields["POT-Creation-Date"] == fixed_date
    assert not fr.header.fuzzy  # type: ignore[union-attr]
    assert all(e.msgstr == "" for e in fr.entries)


def test_json_output(shipped_project: Path) -> None:
    for command, count in (("extract", 2), ("update", 4)):
        result = invoke(shipped_project, command, "--format", "json")
        assert result.exit_code == EXIT_OK, result.output
        data = json.loads(result.stdout)
        assert len(data["files"]) == count
        assert {f["action"] for f in data["files"]} == {"unchanged"}
        assert all(set(f) >= {"path", "action", "detail"} for f in data["files"])
        assert isinstance(data["summary"], str)


def test_bad_format_is_a_usage_error(shipped_project: Path) -> None:
    result = invoke(shipped_project, "extract", "--format", "xml")
    assert result.exit_code == EXIT_USAGE
    assert "--format" in result.stderr


def test_unknown_option_is_a_usage_error(shipped_project: Path) -> None:
    result = invoke(shipped_project, "update", "--colour")
    assert result.exit_code == EXIT_USAGE


def test_dry_run_writes_nothing(shipped_project: Path) -> None:
    shutil.rmtree(shipped_project / "locale" / "2021" / "fr")
    before = snapshot(shipped_project)
    result = invoke(shipped_project, "update", "--dry-run")
    assert result.exit_code == EXIT_OK, result.output
    assert "would be written" in result.stdout and "created" in result.stdout
    assert snapshot(shipped_project) == before


def test_update_one_language(shipped_project: Path) -> None:
    shutil.rmtree(shipped_project / "locale" / "2021" / "fr")
    shutil.rmtree(shipped_project / "locale" / "2021" / "es")
    result = invoke(shipped_project, "update", "--edition", "2021", "--lang", "es")
    assert result.exit_code == EXIT_OK, result.output
    assert (shipped_project / "locale/2021/es/presentation.po").is_file()
    assert not (shipped_project / "locale/2021/fr").exists()


def test_missing_project_folder(tmp_path: Path) -> None:
    result = invoke(tmp_path / "nowhere", "extract")
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


def test_folder_without_configuration(tmp_path: Path) -> None:
    result = invoke(tmp_path, "update")
    assert result.exit_code == EXIT_ERROR
    assert "error: " in result.stderr and "keys-l10n.toml" in result.stderr
    assert "hint: " in result.stderr and "init" in result.stderr


@pytest.mark.parametrize("command", ["extract", "update"])
def test_unknown_edition(shipped_project: Path, command: str) -> None:
    before = snapshot(shipped_project)
    result = invoke(shipped_project, command, "--edition", "2030")
    assert result.exit_code == EXIT_USAGE
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "2030" in errors[0]
    assert "2014" in result.stderr and "2021" in result.stderr  # the hint names the known editions
    assert snapshot(shipped_project) == before


def test_unknown_booklet(shipped_project: Path) -> None:
    result = invoke(shipped_project, "extract", "--booklet", "missing")
    assert result.exit_code == EXIT_ERROR
    assert "missing" in result.stderr and "presentation" in result.stderr


def test_unknown_language(shipped_project: Path) -> None:
    result = invoke(shipped_project, "update", "--lang", "zz")
    assert result.exit_code == EXIT_USAGE
    assert "zz" in result.stderr and "Traceback" not in result.output


def test_broken_configuration(shipped_project: Path) -> None:
    (shipped_project / "keys-l10n.toml").write_text('locales = ["es"]\nflavour = 1\n', encoding="utf-8")
    result = invoke(shipped_project, "extract")
    assert result.exit_code == EXIT_ERROR
    assert f"error: {shipped_project / 'keys-l10n.toml'}" in result.stderr and "flavour" in result.stderr


def test_bad_markdown_directive_names_booklet_and_line(shipped_project: Path) -> None:
    booklet = shipped_project / "source" / "2021" / "presentation.md"
    booklet.write_text(booklet.read_text(encoding="utf-8") + "\n<!-- i18n: skipp -->\nText.\n", encoding="utf-8")
    line = booklet.read_text(encoding="utf-8").count("\n") - 1
    result = invoke(shipped_project, "extract", "--edition", "2021")
    assert result.exit_code == EXIT_ERROR
    assert f"presentation.md:{line}:" in result.stderr
    assert "Traceback" not in result.output


def test_broken_catalog_stops_update_and_is_not_touched(shipped_project: Path) -> None:
    po = shipped_project / "locale/2014/fr/presentation.po"
    broken = po.read_bytes().replace(b'msgstr "', b'msgstr "\\q', 1)
    po.write_bytes(broken)
    result = invoke(shipped_project, "update")
    assert result.exit_code == EXIT_ERROR
    assert f"error: {po}:" in result.stderr
    assert po.read_bytes() == broken
    with pytest.raises(CatalogError):  # still broken: nobody "repaired" it into something else
        parse_catalog(po.read_bytes(), po)
