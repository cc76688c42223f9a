"""`stats --history`: progress at each commit that changed the catalogs, read from git objects (no checkout),
authors per changed catalog, single-commit and shallow repositories.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.gitrepo_history import since_instant
from keys_l10n.cli import app
from keys_l10n.core.errors import EditionError
from keys_l10n.usecases.stats import catalog_path_pattern, collect_history

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

MESSAGES = ("Title", "First paragraph here.", "Second paragraph with more words.")  # 1 + 3 + 5 words
CONFIG = 'source_language = "en"\nlocales = ["es", "fr"]\n\n[editions."2021"]\npath = "source/2021"\n'
SOURCE = "# Title\n\nFirst paragraph here.\n\nSecond paragraph with more words.\n"


def po(lang: str, translated: int, fuzzy: tuple[int, ...] = ()) -> str:
    """A catalog of MESSAGES whose first ``translated`` messages are translated; ``fuzzy`` indexes are fuzzy."""
    out = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {lang}\\n"',
        "",
    ]
    for index, text in enumerate(MESSAGES):
        if index in fuzzy:
            out.append("#, fuzzy")
        out += [f'msgid "{text}"', f'msgstr "{f"[{lang}] {text}" if index < translated else ""}"', ""]
    return "\n".join(out)


def git(repo: Path, *args: str, author: str = "Carol", date: str = "2024-01-01T12:00:00+00:00") -> str:
    assert GIT is not None
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": f"{author.lower()}@example.org",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": f"{author.lower()}@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    proc = subprocess.run([GIT, *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def commit(repo: Path, author: str, date: str, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A", author=author, date=date)
    git(repo, "commit", "-q", "-m", message, author=author, date=date)


def start(repo: Path) -> None:
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo,
        "Carol",
        "2024-01-01T12:00:00+00:00",
        {
            "keys-l10n.toml": CONFIG,
            "source/2021/b.md": SOURCE,
            "locale/2021/es/b.po": po("es", 0),
            "locale/2021/fr/b.po": po("fr", 0),
        },
        "Start the 2021 catalogs",
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    start(root)
    commit(root, "Alice", "2024-02-01T12:00:00+00:00", {"locale/2021/es/b.po": po("es", 2)}, "es: two messages")
    commit(root, "Bob", "2024-03-01T12:00:00+00:00", {"locale/2021/fr/b.po": po("fr", 3)}, "fr: all")
    commit(root, "Dave", "2024-03-15T12:00:00+00:00", {"README.md": "notes\n"}, "Not about catalogs")
    commit(root, "Alice", "2024-04-01T12:00:00+00:00", {"locale/2021/es/b.po": po("es", 3)}, "es: all")
    commit(
        root,
        "Bob",
        "2024-05-01T12:00:00+00:00",
        {"locale/2021/fr/b.po": po("fr", 3, fuzzy=(0,))},
        "fr: title to review",
    )
    return root


def test_progress_at_each_commit_that_changed_a_catalog(repo: Path) -> None:
    history = collect_history(load_config(repo))
    assert [p.author for p in history.points] == ["Carol", "Alice", "Bob", "Alice", "Bob"]
    assert [p.date[:10] for p in history.points] == [
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-04-01",
        "2024-05-01",
    ]
    assert [p.translated_words("es") for p in history.points] == [0, 4, 4, 9, 9]
    assert [p.translated_words("fr") for p in history.points] == [0, 0, 9, 9, 8]
    last = history.points[-1].progress[("2021", "fr")]
    assert (last.translated, last.fuzzy, last.fuzzy_words, last.total_words) == (2, 1, 1, 9)
    assert not history.shallow and history.warnings == ()
    first = history.points[0]
    assert [(c.path, c.translated_words_delta) for c in first.changes] == [
        ("locale/2021/es/b.po", 0),
        ("locale/2021/fr/b.po", 0),
    ]
    assert [(c.path, c.translated_words_delta) for c in history.points[-1].changes] == [("locale/2021/fr/b.po", -1)]


def test_contributors_are_credited_per_locale(repo: Path) -> None:
    people = {c.author: c for c in collect_history(load_config(repo)).contributors()}
    assert set(people) == {"Carol", "Alice", "Bob"}  # Dave's commit did not touch a catalog
    assert (people["Alice"].commits, dict(people["Alice"].words_by_lang)) == (2, {"es": 9})
    assert (people["Bob"].commits, dict(people["Bob"].words_by_lang)) == (2, {"fr": 9})
    assert people["Bob"].catalogs == ("locale/2021/fr/b.po",)
    assert people["Alice"].email == "alice@example.org"
    assert people["Carol"].words == 0 and len(people["Carol"].catalogs) == 2


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set the process's local time zone (TZ) for one test, restored afterwards."""

    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+11", "Etc/GMT-11", "America/Mexico_City"])
def test_since_includes_the_whole_day_in_the_local_zone(
    repo: Path, local_zone: Callable[[str], None], zone: str
) -> None:
    """Bob's commit at 2024-03-01 12:00 UTC is on 2024-03-01 in each zone (01:00 at UTC-11, 23:00 at UTC+11).

    git alone reads a bare date as "that day at the current time of day" and drops it in the afternoon."""
    local_zone(zone)
    config = load_config(repo)
    assert [p.author for p in collect_history(config, since="2024-03-01").points] == ["Bob", "Alice", "Bob"]
    assert [p.author for p in collect_history(config, since="2024-03-02").points] == ["Alice", "Bob"]


def test_since_starts_at_local_midnight(local_zone: Callable[[str], None]) -> None:
    local_zone("Etc/GMT-14")  # UTC+14
    assert since_instant("2024-03-01") == "2024-03-01T00:00:00+14:00"
    local_zone("UTC")
    assert since_instant("2024-03-01") == "2024-03-01T00:00:00+00:00"
    assert since_instant("2 weeks ago") == "2 weeks ago"


def test_filters_since_and_lang(repo: Path) -> None:
    config = load_config(repo)
    only_es = collect_history(config, langs=["es"])
    assert [p.author for p in only_es.points] == ["Carol", "Alice", "Bob", "Alice", "Bob"]
    assert {lang for p in only_es.points for (_, lang) in p.progress} == {"es"}
    assert only_es.points[2].changes == ()  # Bob's fr commit changed no selected catalog


def test_reads_git_objects_not_the_working_tree(repo: Path) -> None:
    (repo / "locale/2021/es/b.po").write_text("not a catalog at all\n", encoding="utf-8")  # uncommitted junk
    history = collect_history(load_config(repo))
    assert history.points[-1].translated_words("es") == 9


def test_single_commit_repository(tmp_path: Path) -> None:
    root = tmp_path / "one"
    start(root)
    history = collect_history(load_config(root))
    assert len(history.points) == 1
    assert {c.path for c in history.points[0].changes} == {"locale/2021/es/b.po", "locale/2021/fr/b.po"}
    assert [c.author for c in history.contributors()] == ["Carol"]


def test_shallow_clone(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", repo.as_uri(), str(clone))
    history = collect_history(load_config(clone))
    assert history.shallow
    assert [p.author for p in history.points] == ["Alice", "Bob"]
    boundary = history.points[0]  # its parent is not in the clone: every catalog counts as changed by it
    assert {c.path for c in boundary.changes} == {"locale/2021/es/b.po", "locale/2021/fr/b.po"}
    assert boundary.translated_words("es") == 9 and history.points[1].translated_words("fr") == 8


def test_a_broken_catalog_in_the_past_is_a_warning(repo: Path) -> None:
    commit(
        repo, "Eve", "2024-06-01T12:00:00+00:00", {"locale/2021/es/b.po": 'msgid "x"\nmsgstr "unterminated\n'}, "broken"
    )
    commit(repo, "Eve", "2024-06-02T12:00:00+00:00", {"locale/2021/es/b.po": po("es", 3)}, "fixed")
    history = collect_history(load_config(repo))
    assert len(history.points) == 7
    assert any("locale/2021/es/b.po" in w and "not counted" in w for w in history.warnings)
    assert history.points[-2].translated_words("es") == 0 and history.points[-1].translated_words("es") == 9


def test_not_a_git_repository(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "keys-l10n.toml").write_text(CONFIG, encoding="utf-8")
    (root / "source/2021").mkdir(parents=True)
    with pytest.raises(EditionError, match="not inside a git repository"):
        collect_history(load_config(root))
    result = CliRunner().invoke(app, ["--project", str(root), "stats", "--history"])
    assert result.exit_code == 1 and "not inside a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_path_pattern() -> None:
    folder, pattern = catalog_path_pattern("locale/{edition}/{lang}/{booklet}.po")
    assert folder == "locale"
    match = pattern.fullmatch("locale/2021/pt_BR/b.po")
    assert match is not None and match.groupdict() == {"edition": "2021", "lang": "pt_BR", "booklet": "b"}
    assert pattern.fullmatch("locale/2021/b.pot") is None
    folder, pattern = catalog_path_pattern("{lang}/LC_MESSAGES/{booklet}-{edition}.po")
    assert folder == "" and pattern.fullmatch("es/LC_MESSAGES/b-2021.po") is not None


def test_cli_history_formats(repo: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["--project", str(repo), "stats", "--history"])
    assert table.exit_code == 0, table.output
    assert "Contributors" in table.stdout and "Alice" in table.stdout and "2024-05-01" in table.stdout
    csv_out = runner.invoke(app, ["--project", str(repo), "stats", "--history", "--format", "csv"])
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("commit,date,author")
    assert len(lines) == 1 + 5 * 2  # 5 commits x 2 locales
    assert any(",Alice,alice@example.org,2021,es,3,3,9,9,locale/2021/es/b.po" in line for line in lines)
    data = json.loads(runner.invoke(app, ["--project", str(repo), "stats", "--history", "--format", "json"]).stdout)
    assert [c["author"] for c in data["history"]["contributors"]][:2] == ["Alice", "Bob"]
    from conftest import PROJECT
    from test_stats import _validate

    schema = json.loads((PROJECT / "docs/stats-schema.json").read_text(encoding="utf-8"))
    _validate(data, schema, schema)
    html = runner.invoke(app, ["--project", str(repo), "stats", "--history", "--format", "html"])
    assert html.exit_code == 0, html.output
    page = (repo / "build/stats.html").read_text(encoding="utf-8")
    assert page.count('class="series"') == 2 and "<svg" in page and "Alice" in page


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "mono"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(
        root,
        "Carol",
        "2024-01-01T12:00:00+00:00",
        {
            "booklets/keys-l10n.toml": CONFIG,
            "booklets/source/2021/b.md": SOURCE,
            "booklets/locale/2021/es/b.po": po("es", 1),
            "locale/2021/es/b.po": po("es", 3),  # the second is not ours
        },
        "start",
    )
    commit(root, "Alice", "2024-02-01T12:00:00+00:00", {"booklets/locale/2021/es/b.po": po("es", 2)}, "es")
    commit(root, "Bob", "2024-03-01T12:00:00+00:00", {"locale/2021/es/b.po": po("es", 0)}, "elsewhere")
    history = collect_history(load_config(root / "booklets"))
    assert [p.author for p in history.points] == ["Carol", "Alice"]
    assert [p.translated_words("es") for p in history.points] == [1, 4]
    assert [c.path for c in history.points[1].changes] == ["locale/2021/es/b.po"]
