"""The rules every command follows on the command line (issue 14): ``-h``, global options after the command
name, Ctrl-C, an unconfigured ``--lang``, exit 2 for bad option values, a quiet ``update``, numbers in JSON."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import keys_l10n.cli
from keys_l10n.cli.app import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, app, hoist_global_options

runner = CliRunner()


def _command_paths(group: typer.core.TyperGroup, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, typer.core.TyperGroup):
            yield from _command_paths(command, (*prefix, name))


ROOT = typer.main.get_command(app)
COMMAND_PATHS = list(_command_paths(ROOT))  # type: ignore[arg-type]


def tree(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# 1. -h is --help everywhere


def test_h_is_help_for_the_app() -> None:
    short, long = runner.invoke(app, ["-h"]), runner.invoke(app, ["--help"])
    assert short.exit_code == EXIT_OK and short.stdout == long.stdout
    assert "-h, --help" in short.stdout


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_h_is_help_for_every_command(path: tuple[str, ...]) -> None:
    short, long = runner.invoke(app, [*path, "-h"]), runner.invoke(app, [*path, "--help"])
    assert short.exit_code == EXIT_OK, short.output
    assert short.stdout == long.stdout and f"{' '.join(path)} [OPTIONS]" in short.stdout


# 2. --project and --debug after the command name


def test_no_command_defines_a_global_option_itself() -> None:
    """Global options after the command name are moved in front of it; no command may mean something else by them."""
    for path in COMMAND_PATHS:
        command = ROOT
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        names = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        assert not names & {"--project", "-p", "--debug"}, path


def test_hoist_global_options() -> None:
    assert hoist_global_options(["stats", "--project", "d", "-l", "es"]) == ["--project", "d", "stats", "-l", "es"]
    assert hoist_global_options(["--debug", "tm", "export", "-p", "d"]) == ["--debug", "-p", "d", "tm", "export"]
    assert hoist_global_options(["-p", "d", "check", "--project=e", "--debug", "x.po"]) == [
        "-p",
        "d",
        "--project=e",
        "--debug",
        "check",
        "x.po",
    ]
    assert hoist_global_options(["check", "--", "--debug"]) == ["check", "--", "--debug"]
    assert hoist_global_options(["--version"]) == ["--version"]
    assert hoist_global_options([]) == []


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "--project", "{root}"],
        ["update", "-p", "{root}", "--lang", "es"],
        ["stats", "--project={root}"],
        ["check", "--project", "{root}", "--debug"],
        ["build", "--lang", "es", "--project", "{root}"],
        ["glossary", "extract", "--project", "{root}"],
        ["tm", "export", "--lang", "es", "-o", "{tmp}/es.tmx", "--project", "{root}"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_global_options_after_the_command_name(
    args: list[str], shipped_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"  # not a project: the command only works when it honours --project
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    filled = [a.format(root=shipped_project, tmp=tmp_path) for a in args]
    result = runner.invoke(app, filled)
    assert result.exit_code in (EXIT_OK, 3), result.output
    assert "no project configuration" not in result.output and "keys-l10n.toml" not in result.stderr


def test_debug_after_the_command_name_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plain = runner.invoke(app, ["stats"])
    assert plain.exit_code == 1 and plain.exception is not None and isinstance(plain.exception, SystemExit)
    debug = runner.invoke(app, ["stats", "--debug"])
    assert debug.exit_code == 1 and not isinstance(debug.exception, SystemExit)  # the ConfigError itself


# 3. Ctrl-C


def test_ctrl_c_in_a_command(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("keys_l10n.usecases.catalogs.update", interrupted)
    result = runner.invoke(app, ["--project", str(shipped_project), "update"])
    assert result.exit_code == EXIT_INTERRUPTED == 130
    assert result.stderr == "interrupted\n" and "Traceback" not in result.output


def test_ctrl_c_outside_a_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(keys_l10n.cli, "app", interrupted)
    with pytest.raises(SystemExit) as exit_info:
        keys_l10n.cli.main()
    assert exit_info.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"


# 4. An unconfigured --lang is a usage error, and nothing is created


@pytest.mark.parametrize(
    "args",
    [
        ["update", "--lang", "it"],
        ["update", "--lang", "es", "--lang", "it"],
        ["migrate", "2014", "2021", "--lang", "it"],
        ["build", "--lang", "it"],
        ["stats", "--lang", "it"],
        ["check", "--lang", "it"],
        ["import", "--edition", "2014", "--lang", "it", "{tmp}/presentation.it.md"],
        ["tm", "export", "--lang", "it", "-o", "{root}/it.tmx"],
        ["tm", "import", "{tmp}/partner.tmx", "--lang", "it"],
        ["glossary", "extract", "--lang", "it"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_unconfigured_lang_is_a_usage_error(args: list[str], shipped_project: Path, tmp_path: Path) -> None:
    (tmp_path / "presentation.it.md").write_text("# Presentazione\n\nTesto.\n", encoding="utf-8")
    (tmp_path / "partner.tmx").write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body><tu><tuv xml:lang="en">'
        '<seg>Hello</seg></tuv><tuv xml:lang="it"><seg>Ciao</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    before = tree(shipped_project)
    filled = [a.format(root=shipped_project, tmp=tmp_path) for a in args]
    result = runner.invoke(app, ["--project", str(shipped_project), *filled])
    assert result.exit_code == EXIT_USAGE, result.output
    assert "locale 'it' is not configured" in result.stderr and "es, fr" in result.stderr
    assert tree(shipped_project) == before


def test_configured_lang_in_another_spelling_is_accepted(shipped_project: Path) -> None:
    result = runner.invoke(app, ["--project", str(shipped_project), "stats", "--lang", "ES", "--format", "json"])
    assert result.exit_code == EXIT_OK, result.output


def test_check_of_explicit_files_takes_any_lang(shipped_project: Path, tmp_path: Path) -> None:
    po = tmp_path / "presentation.po"
    shutil.copy2(shipped_project / "locale/2014/es/presentation.po", po)
    result = runner.invoke(app, ["--project", str(shipped_project), "check", str(po), "--lang", "it"])
    assert result.exit_code in (EXIT_OK, 3), result.output
    assert "1 catalog" in result.stdout


# 5. Exit 2 for every bad option value


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--min-complete", "120"],
        ["build", "--min-complete", "-1"],
        ["glossary", "extract", "--min-count", "0"],
        ["glossary", "extract", "--max-words", "7"],
        ["update", "-q", "-v"],
    ],
    ids=" ".join,
)
def test_bad_option_value_exits_2(args: list[str], shipped_project: Path) -> None:
    before = tree(shipped_project)
    result = runner.invoke(app, ["--project", str(shipped_project), *args])
    assert result.exit_code == EXIT_USAGE, result.output
    assert tree(shipped_project) == before


# 6. update is quiet when nothing changed; -v lists everything, -q prints nothing but errors


def test_update_quiet_when_nothing_changed(shipped_project: Path) -> None:
    normal = runner.invoke(app, ["--project", str(shipped_project), "update"])
    assert normal.exit_code == EXIT_OK and normal.stdout == "4 catalogs (0 written)\n"
    verbose = runner.invoke(app, ["--project", str(shipped_project), "update", "-v"])
    assert verbose.exit_code == EXIT_OK and verbose.stdout.count("unchanged") == 4
    assert verbose.stdout.endswith("4 catalogs (0 written)\n")
    quiet = runner.invoke(app, ["--project", str(shipped_project), "update", "--quiet"])
    assert quiet.exit_code == EXIT_OK and quiet.output == ""


def test_update_lists_what_it_writes(shipped_project: Path) -> None:
    (shipped_project / "locale/2021/es/presentation.po").unlink()
    normal = runner.invoke(app, ["--project", str(shipped_project), "update"])
    lines = normal.stdout.splitlines()
    assert normal.exit_code == EXIT_OK and len(lines) == 2, normal.output
    assert lines[0].startswith("created") and "2021/es/presentation.po" in lines[0]
    assert lines[1] == "4 catalogs (1 written)"
    (shipped_project / "locale/2021/fr/presentation.po").unlink()
    quiet = runner.invoke(app, ["--project", str(shipped_project), "update", "-q"])
    assert quiet.exit_code == EXIT_OK and quiet.output == ""
    assert (shipped_project / "locale/2021/fr/presentation.po").is_file()


def test_update_quiet_still_reports_errors(shipped_project: Path) -> None:
    (shipped_project / "locale/2021/es/presentation.po").write_text('msgid "x"\nmsgstr\n', encoding="utf-8")
    result = runner.invoke(app, ["--project", str(shipped_project), "update", "-q"])
    assert result.exit_code == 1 and result.stdout == "" and result.stderr.startswith("error: ")


# 7. Numbers in JSON


def test_update_json_counts_are_numbers(shipped_project: Path) -> None:
    (shipped_project / "locale/2021/es/presentation.po").unlink()
    result = runner.invoke(app, ["--project", str(shipped_project), "update", "--format", "json", "-q"])
    assert result.exit_code == EXIT_OK, result.output
    data = json.loads(result.stdout)
    assert data["catalogs"] == 4 and data["written"] == 1 and data["dry_run"] is False
    for item in data["files"]:
        counts = [item[key] for key in ("kept", "fuzzy", "new", "obsolete")]
        assert all(type(n) is int for n in counts), item
    created = next(f for f in data["files"] if f["action"] == "created")
    assert created["kept"] == 0 and created["new"] > 0
    assert created["detail"] == f"0 kept, {created['fuzzy']} fuzzy, {created['new']} new, 0 obsolete"


def test_extract_json_counts_are_numbers(shipped_project: Path) -> None:
    data = json.loads(runner.invoke(app, ["--project", str(shipped_project), "extract", "-f", "json"]).stdout)
    assert data["templates"] == 2 and data["written"] == 0 and type(data["messages"]) is int


# 8. One meaning of --edition: a configured edition's name or its folder; anything else is a usage error


EDITION_COMMANDS = [
    ["extract", "--edition", "{edition}"],
    ["update", "--edition", "{edition}"],
    ["build", "--edition", "{edition}"],
    ["stats", "--edition", "{edition}", "--format", "json"],
    ["check", "--edition", "{edition}"],
    ["glossary", "extract", "--edition", "{edition}"],
    ["import", "--edition", "{edition}", "--lang", "es", "--dry-run", "{tmp}/presentation.es.md"],
    ["migrate", "2014", "{edition}", "--dry-run"],
]


def _edition_run(args: list[str], edition: str, root: Path, tmp: Path) -> typer.testing.Result:
    (tmp / "presentation.es.md").write_text("# Presentación\n\nTexto.\n", encoding="utf-8")
    filled = [a.format(edition=edition, tmp=tmp) for a in args]
    return runner.invoke(app, ["--project", str(root), *filled])


@pytest.mark.parametrize("args", EDITION_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_edition_folder_means_the_configured_edition(args: list[str], shipped_project: Path, tmp_path: Path) -> None:
    _edition_run(args, "2021", shipped_project, tmp_path)  # a first build creates files; the second run
    by_name = _edition_run(args, "2021", shipped_project, tmp_path)  # (nothing changes) is the reference
    assert by_name.exit_code in (EXIT_OK, 3), by_name.output
    for spelling in ("source/2021", "./source/2021/", str(shipped_project / "source" / "2021")):
        by_folder = _edition_run(args, spelling, shipped_project, tmp_path)
        assert by_folder.exit_code == by_name.exit_code, (spelling, by_folder.output)
        assert by_folder.stdout == by_name.stdout, spelling
    assert not (shipped_project / "build" / "source_2021").exists()
    assert not (shipped_project / "locale" / "source").exists()


@pytest.mark.parametrize("args", EDITION_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_unknown_edition_is_a_usage_error(args: list[str], shipped_project: Path, tmp_path: Path) -> None:
    before = tree(shipped_project)
    result = _edition_run(args, "1999", shipped_project, tmp_path)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "unknown edition '1999'" in result.stderr and "2014, 2021" in result.stderr
    assert tree(shipped_project) == before


def test_weblate_edition_folder(shipped_project: Path) -> None:
    from keys_l10n.adapters.config import load_config
    from keys_l10n.adapters.weblate import weblate_setup

    config = load_config(shipped_project)
    by_folder = weblate_setup(config, project="Keys", repo="https://example.org/r.git", edition="source/2021")
    by_name = weblate_setup(config, project="Keys", repo="https://example.org/r.git", edition="2021")
    assert by_folder == by_name


# 9. The series' title comes from keys-l10n.toml (written by init), never from the package

SERIES = "Keys to Psychosocial Accompaniment"


def test_no_series_name_in_the_package() -> None:
    package = Path(keys_l10n.cli.__file__).parent
    found = [
        p.relative_to(package)
        for p in sorted(package.rglob("*"))
        if p.is_file() and p.suffix in (".py", ".j2", ".html", ".toml") and "Psychosocial" in p.read_text("utf-8")
    ]
    assert found == []
    assert "Psychosocial" not in runner.invoke(app, ["--help"]).stdout


def test_a_new_project_gets_its_own_title(tmp_path: Path) -> None:
    root = tmp_path / "guides"
    result = runner.invoke(app, ["init", str(root), "--title", 'Field "Guides"', "-l", "es", "-e", "one"])
    assert result.exit_code == EXIT_OK, result.output
    assert 'title = "Field \\"Guides\\""' in (root / "keys-l10n.toml").read_text(encoding="utf-8")
    (root / "source/one/intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    assert runner.invoke(app, ["--project", str(root), "extract"]).exit_code == EXIT_OK
    assert runner.invoke(app, ["--project", str(root), "update"]).exit_code == EXIT_OK
    pot = (root / "locale/one/intro.pot").read_text(encoding="utf-8")
    po = (root / "locale/one/es/intro.po").read_text(encoding="utf-8")
    assert '# the series Field "Guides".' in pot and '# the series Field "Guides".' in po
    assert SERIES not in pot + po
    (tmp_path / "p.tmx").write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body><tu><tuv xml:lang="en">'
        '<seg>Hello</seg></tuv><tuv xml:lang="es"><seg>Hola</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    assert (
        runner.invoke(app, ["--project", str(root), "tm", "import", str(tmp_path / "p.tmx"), "-l", "es"]).exit_code == 0
    )
    memory = (root / "locale/tm/es.po").read_text(encoding="utf-8")
    assert '# the series Field "Guides".' in memory and SERIES not in memory


def test_init_title_defaults_to_the_folder_name(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path / "manuals"), "-l", "es"]).exit_code == EXIT_OK
    assert 'title = "manuals"' in (tmp_path / "manuals/keys-l10n.toml").read_text(encoding="utf-8")


def test_a_project_without_title_names_no_series(tmp_path: Path) -> None:
    (tmp_path / "source/one").mkdir(parents=True)
    (tmp_path / "source/one/intro.md").write_text("# Intro\n\nText.\n", encoding="utf-8")
    (tmp_path / "keys-l10n.toml").write_text('locales = ["es"]\n[editions.one]\npath = "source/one"\n', "utf-8")
    assert runner.invoke(app, ["--project", str(tmp_path), "update"]).exit_code == EXIT_OK
    po = (tmp_path / "locale/one/es/intro.po").read_text(encoding="utf-8")
    assert po.startswith("# Spanish translation of the booklet 'intro one'.\n") and "series" not in po


def test_shipped_catalog_headers_keep_the_series_title(shipped_project: Path) -> None:
    before = tree(shipped_project)
    for command in (["extract"], ["update"]):
        assert runner.invoke(app, ["--project", str(shipped_project), *command]).exit_code == EXIT_OK
    assert tree(shipped_project) == before
    assert f"the series {SERIES}." in (shipped_project / "locale/2014/es/presentation.po").read_text("utf-8")


# 10. Every writing command is quiet when nothing changed; -v lists everything, -q prints nothing but errors


QUIET_COMMANDS = [
    ["extract"],
    ["build"],
    ["migrate", "2014", "2021", "--lang", "es"],
    ["merge", "{root}/locale/2014/es/presentation.po", "{root}/locale/2021/presentation.pot", "-o", "{tmp}/m.po"],
    ["import", "--edition", "2014", "--lang", "es", "{tmp}/presentation.es.md"],
    ["tm", "export", "--lang", "es", "-o", "{tmp}/es.tmx"],
    ["tm", "import", "{tmp}/partner.tmx", "--lang", "es"],
]


def _quiet_run(args: list[str], root: Path, tmp: Path, *extra: str) -> typer.testing.Result:
    (tmp / "presentation.es.md").write_text("# Presentación\n\nTexto.\n", encoding="utf-8")
    (tmp / "partner.tmx").write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body><tu><tuv xml:lang="en">'
        '<seg>Hello</seg></tuv><tuv xml:lang="es"><seg>Hola</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    filled = [a.format(root=root, tmp=tmp) for a in args]
    return runner.invoke(app, ["--project", str(root), *filled, *extra])


@pytest.mark.parametrize("args", QUIET_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_quiet_and_verbose(args: list[str], shipped_project: Path, tmp_path: Path) -> None:
    both = _quiet_run(args, shipped_project, tmp_path, "-q", "-v")
    assert both.exit_code == EXIT_USAGE and "not both" in both.stderr
    first = _quiet_run(args, shipped_project, tmp_path, "-q")
    assert first.exit_code == EXIT_OK and first.output == "", first.output
    again = _quiet_run(args, shipped_project, tmp_path)
    assert again.exit_code == EXIT_OK, again.output
    if args[0] in ("extract", "build", "migrate", "merge"):  # lists of files: the unchanged ones only with -v
        assert "unchanged" not in again.stdout
    verbose = _quiet_run(args, shipped_project, tmp_path, "-v")
    assert verbose.exit_code == EXIT_OK and len(verbose.stdout) >= len(again.stdout)


def test_build_lists_only_what_changed(shipped_project: Path) -> None:
    first = runner.invoke(app, ["--project", str(shipped_project), "build"])
    assert first.stdout.count("created") == 6  # two files and four manifests
    again = runner.invoke(app, ["--project", str(shipped_project), "build"])
    assert "unchanged" not in again.stdout and again.stdout.count("skipped   ") == 3
    verbose = runner.invoke(app, ["--project", str(shipped_project), "build", "-v"])
    assert verbose.stdout.count("unchanged") == 6


# 11. Tables never cut numbers: COLUMNS is honoured, a pipe gets the width the table needs


@pytest.fixture
def long_names(shipped_project: Path) -> Path:
    """The shipped project with a long booklet name and Brazilian Portuguese (a long language name)."""
    toml = shipped_project / "keys-l10n.toml"
    toml.write_text(toml.read_text("utf-8").replace('["es", "fr"]', '["es", "fr", "pt_BR"]'), encoding="utf-8")
    for edition in ("2014", "2021"):
        folder = shipped_project / "source" / edition
        (folder / "presentation.md").rename(folder / "presentation-of-the-whole-series.md")
    return shipped_project


@pytest.mark.parametrize("columns", [None, "200", "100", "72", "60"])
def test_stats_table_never_cuts_numbers(columns: str | None, long_names: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    data = json.loads(runner.invoke(app, ["--project", str(long_names), "stats", "-f", "json"]).stdout)
    table = runner.invoke(app, ["--project", str(long_names), "stats"]).stdout
    for row in data["catalogs"]:
        assert f" {row['percent']['words']:.1f}% " in table
    assert "…%" not in table and "/…" not in table
    widest = max(len(line) for line in table.splitlines())
    if columns is None:  # a pipe: as wide as the table needs; long names wrap, nothing is cut
        assert "Portuguese" in table and "(Brazil)" in table and "…" not in table.replace("presentation-of…", "")
    else:
        assert widest <= int(columns)


# 12. A catalog reader's warning is printed the same way by stats, check, build, update and migrate


def test_reader_warning_is_printed_one_way(shipped_project: Path) -> None:
    po = shipped_project / "locale/2014/es/presentation.po"
    text = po.read_text(encoding="utf-8")
    cut = text.index("\n#:")
    po.write_text(text[:cut] + "\n# note \\" + text[cut:], encoding="utf-8")
    line = text[:cut].count("\n") + 2
    expected = (
        f"warning: locale/2014/es/presentation.po:{line}: comment ends with a backslash: gettext tools join the"
        " next line to it"
    )
    for command in (["stats"], ["check"], ["build"], ["update", "--dry-run"], ["migrate", "2014", "2021", "--dry-run"]):
        result = runner.invoke(app, ["--project", str(shipped_project), *command])
        assert expected in result.stderr.splitlines(), (command, result.stderr)


# 13. Exit 2 for every bad option value, in every command


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--min-complete", "120"],
        ["build", "--format", "docx"],
        ["build", "--fuzzy", "maybe"],
        ["glossary", "extract", "--min-count", "0"],
        ["compare", "2014", "2021", "--threshold", "2"],
        ["compare", "2014", "2021", "--format", "pdf"],
        ["check", "--severity", "bogus"],
        ["check", "--format", "csv"],
        ["stats", "--by", "week"],
        ["stats", "--fail-under", "101"],
        ["stats", "--ui-lang", "xx_ZZ"],
        ["stats", "--since", "yesterday", "--history"],
        ["update", "--lang", "zz_ZZ"],
        ["update", "--format", "xml"],
        ["extract", "-q", "-v"],
        ["init", "{tmp}/new", "--locale", "zz_ZZ"],
        ["init", "{tmp}/new", "--edition", "a/b"],
        ["tm", "export", "--lang", "zz_ZZ", "-o", "{tmp}/x.tmx"],
        ["import", "-e", "2014", "-l", "es", "--format", "xml", "{tmp}/x.md"],
        ["migrate", "2014", "2021", "--format", "xml"],
        ["merge", "a.po", "b.pot", "-o", "c.po", "-U"],
    ],
    ids=" ".join,
)
def test_every_bad_option_value_exits_2(args: list[str], shipped_project: Path, tmp_path: Path) -> None:
    before = tree(shipped_project)
    filled = [a.format(tmp=tmp_path) for a in args]
    result = runner.invoke(app, ["--project", str(shipped_project), *filled])
    assert result.exit_code == EXIT_USAGE, result.output
    assert tree(shipped_project) == before and not (tmp_path / "new" / "keys-l10n.toml").exists()


# 14. Every JSON output gives its counts as numbers (edition names such as "2014" are names, not counts)

JSON_COMMANDS = [
    ["stats", "-f", "json"],
    ["check", "-f", "json"],
    ["compare", "2014", "2021", "-f", "json"],
    ["update", "-f", "json", "--dry-run"],
    ["extract", "-f", "json"],
    ["migrate", "2014", "2021", "-f", "json", "--dry-run"],
    ["merge", "{root}/locale/2014/es/presentation.po", "{root}/locale/2021/presentation.pot", "-o", "{tmp}/m.po"],
    ["import", "-e", "2014", "-l", "es", "-f", "json", "--dry-run", "{tmp}/presentation.es.md"],
    ["weblate", "--repo", "https://example.org/r.git"],
    ["glossary", "extract", "-f", "json"],
]
NAMES = {"edition", "editions", "from", "to", "previous", "name", "booklet", "path", "summary", "detail", "text"}


def _numeric_strings(data: object, key: str = "") -> list[str]:
    import re

    if isinstance(data, dict):
        return [found for k, v in data.items() for found in _numeric_strings(v, str(k))]
    if isinstance(data, list):
        return [found for v in data for found in _numeric_strings(v, key)]
    if isinstance(data, str) and key not in NAMES and re.fullmatch(r"[\d.,\s]+%?|\d+/\d+", data):
        return [f"{key}={data!r}"]
    return []


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_json_counts_are_numbers(args: list[str], shipped_project: Path, tmp_path: Path) -> None:
    (tmp_path / "presentation.es.md").write_text("# Presentación\n\nTexto.\n", encoding="utf-8")
    filled = [a.format(root=shipped_project, tmp=tmp_path) for a in args]
    if args[0] == "merge":
        filled += ["-f", "json", "--dry-run"]
    result = runner.invoke(app, ["--project", str(shipped_project), *filled])
    assert result.exit_code in (EXIT_OK, 3), result.output
    assert _numeric_strings(json.loads(result.stdout)) == []


# 15. import names the file and line of a Markdown error, as extract does


def test_import_keeps_the_file_and_line_of_a_markdown_error(shipped_project: Path, tmp_path: Path) -> None:
    bad = "# Title\n\n<!-- i18n: bogus -->\nText.\n"
    translation = tmp_path / "presentation.es.md"
    translation.write_text(bad, encoding="utf-8")
    imported = runner.invoke(
        app, ["--project", str(shipped_project), "import", "-e", "2014", "-l", "es", str(translation)]
    )
    assert imported.exit_code == 1
    assert imported.stderr.startswith(f"error: {translation}:3: unknown or empty i18n directive")
    (shipped_project / "source/2014/presentation.md").write_text(bad, encoding="utf-8")
    extracted = runner.invoke(app, ["--project", str(shipped_project), "extract"])
    assert extracted.stderr.startswith("error: source/2014/presentation.md:3: unknown or empty i18n directive")
    translation.write_text("# Título\n\nTexto.\n", encoding="utf-8")
    source = runner.invoke(
        app, ["--project", str(shipped_project), "import", "-e", "2014", "-l", "es", str(translation)]
    )
    assert source.stderr.startswith("error: source/2014/presentation.md:3: unknown or empty i18n directive")
