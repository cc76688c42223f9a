"""`keys-l10n stats` on a copy of the shipped project: formats, missing catalogs, --fail-under exit codes,
--ui-lang, bad catalogs (../shared/bad-po) and the HTML dashboard in headless Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BAD_PO, BAD_PO_SEMANTIC
from keys_l10n.cli import app

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def stats(project: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--project", str(project), "stats", *args])


def test_table_on_the_shipped_catalogs(shipped_project: Path) -> None:
    result = stats(shipped_project)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    spanish_2014 = next(line for line in lines if line.startswith("2014") and "Spanish" in line)
    assert "100.0%" in spanish_2014 and "431/431" in spanish_2014
    french_2014 = next(line for line in lines if line.startswith("2014") and "French" in line)
    assert "55.4%" in french_2014 and "239/431" in french_2014


def test_json_counts(shipped_project: Path) -> None:
    result = stats(shipped_project, "--format", "json", "--by", "lang")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {(c["edition"], c["lang"]): c for c in data["catalogs"]}
    assert rows[("2014", "fr")]["messages"]["translated"] == 4
    assert rows[("2014", "fr")]["words"] == {
        "translated": 239,
        "fuzzy": 0,
        "untranslated": 192,
        "total": 431,
        "obsolete": 0,
        "changed": 0,
    }
    assert [g["lang"] for g in data["groups"]] == ["es", "fr", "es", "fr"]
    assert data["edition_totals"][0]["percent"]["words"] == 77.72


def test_missing_catalog_counts_as_zero_with_its_template_words(shipped_project: Path) -> None:
    (shipped_project / "locale/2014/fr/presentation.po").unlink()
    data = json.loads(stats(shipped_project, "--format", "json").stdout)
    row = next(c for c in data["catalogs"] if (c["edition"], c["lang"]) == ("2014", "fr"))
    assert row["missing"] is True and row["percent"]["words"] == 0
    assert row["words"]["untranslated"] == 431 and row["messages"]["untranslated"] == 6
    assert data["total"]["missing"] == ["2014/fr/presentation"]
    # without the POT the template is extracted from the booklet: the same words
    (shipped_project / "locale/2014/presentation.pot").unlink()
    again = json.loads(stats(shipped_project, "--format", "json").stdout)
    assert next(c for c in again["catalogs"] if c["missing"])["words"]["total"] == 431
    table = stats(shipped_project)
    assert "missing" in table.stdout and "locale/2014/fr/presentation.po" in table.stdout


@pytest.mark.parametrize(
    ("args", "code", "named"),
    [
        (["--fail-under", "50"], 3, ["2021/es", "2021/fr"]),
        (["--fail-under", "60"], 3, ["2014/fr", "2021/es", "2021/fr"]),
        (["--fail-under", "60", "--messages"], 3, ["2021/es", "2021/fr"]),
        (["--fail-under", "0"], 0, []),
        (["--fail-under", "100", "--edition", "2014", "--lang", "es"], 0, []),
        (["--fail-under", "55", "--edition", "2014"], 0, []),
        (["--fail-under", "56", "--edition", "2014"], 3, ["2014/fr"]),
        (["--fail-under", "101"], 2, []),
    ],
)
def test_fail_under_exit_codes(shipped_project: Path, args: list[str], code: int, named: list[str]) -> None:
    result = stats(shipped_project, *args)
    assert result.exit_code == code, result.output
    for name in named:
        assert name in result.stderr
    if code == 0:
        assert "below" not in result.stderr


def test_fail_under_by_messages_uses_messages(shipped_project: Path) -> None:
    # 2014/fr: 55.4 % of the words but 66.6 % of the messages
    assert stats(shipped_project, "--fail-under", "60", "--edition", "2014").exit_code == 3
    assert stats(shipped_project, "--fail-under", "60", "--edition", "2014", "--messages").exit_code == 0


def test_ui_lang_names_and_numbers(shipped_project: Path) -> None:
    result = stats(shipped_project, "--ui-lang", "es", "--by", "lang")
    assert result.exit_code == 0, result.output
    assert "Español" in result.stdout and "Francés" in result.stdout
    assert "55,4\u00a0%" in result.stdout and "0/1090" in result.stdout.replace(".", "")
    markdown = stats(shipped_project, "--ui-lang", "fr", "--format", "markdown").stdout
    assert "Espagnol (`es`)" in markdown and "1\u202f090" in markdown
    bad = stats(shipped_project, "--ui-lang", "xx_ZZ")
    assert bad.exit_code == 2 and "xx_ZZ" in bad.stderr  # a bad option value


def test_csv_to_a_file(shipped_project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "stats.csv"
    target.parent.mkdir()
    result = stats(shipped_project, "--format", "csv", "--by", "edition", "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [(r["edition"], r["total_words"], r["translated_words"]) for r in rows] == [
        ("2014", "862", "670"),
        ("2021", "1090", "0"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--by", "country"],
        ["--since", "2024-01-01"],
        ["--history", "--since", "yesterday"],
        ["--history", "--format", "markdown"],
    ],
)
def test_usage_errors(shipped_project: Path, args: list[str]) -> None:
    result = stats(shipped_project, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_unknown_edition_and_locale(shipped_project: Path) -> None:
    result = stats(shipped_project, "--edition", "1999")
    assert result.exit_code == 2 and "unknown edition '1999'" in result.stderr  # usage errors
    result = stats(shipped_project, "--lang", "zz")
    assert result.exit_code == 2 and "zz" in result.stderr


def _bad_po_cases() -> list[tuple[str, bool]]:
    readme = BAD_PO / "README.md"
    if not readme.is_file():
        return []
    cases = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `([^`]+\.po)` \|", line)
        if found:  # the last cell says what is expected ("invalid: ...", "valid: ...", "accept, but warn")
            expected = line.rstrip().rstrip("|").rsplit("|", 1)[-1].strip()
            invalid = expected.startswith("invalid") and found.group(1) not in BAD_PO_SEMANTIC
            cases.append((found.group(1), invalid))
    return cases


@pytest.mark.skipif(not BAD_PO.is_dir(), reason="../shared/bad-po is absent")
@pytest.mark.parametrize(("name", "invalid"), _bad_po_cases(), ids=lambda x: str(x))
def test_bad_catalogs_give_a_clear_error(shipped_project: Path, name: str, invalid: bool) -> None:
    target = shipped_project / "locale/2014/es/presentation.po"
    target.write_bytes((BAD_PO / name).read_bytes())
    result = stats(shipped_project)
    assert "Traceback" not in result.output
    if invalid:  # reported, and the other catalogs are still counted
        assert result.exit_code == 1, result.output
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and re.match(r"error: locale/2014/es/presentation\.po:\d+: \S", errors[0]), errors
        assert "unreadable" in result.stdout and "French" in result.stdout and "55.4%" in result.stdout
    else:
        assert result.exit_code == 0, result.output
        if name in BAD_PO_SEMANTIC:  # read, with msgfmt --check's finding as a warning naming file and line
            assert re.search(r"warning: locale/2014/es/presentation\.po:\d+: ", result.stderr), result.stderr


def test_html_dashboard_and_badges(shipped_project: Path) -> None:
    (shipped_project / "locale/2021/fr/presentation.po").unlink()
    result = stats(shipped_project, "--format", "html")
    assert result.exit_code == 0, result.output
    page = (shipped_project / "build/stats.html").read_text(encoding="utf-8")
    assert page.count('class="bar"') >= 4 and 'class="bar missing"' in page
    assert "55.4%" in page and "239/431" in page
    badges = sorted(p.name for p in (shipped_project / "build/badges").iterdir())
    assert badges == ["2014-es.svg", "2014-fr.svg", "2021-es.svg", "2021-fr.svg"]
    badge = ET.parse(shipped_project / "build/badges/2014-fr.svg").getroot()
    assert [t.text for t in badge.iter("{http://www.w3.org/2000/svg}text")] == ["fr 2014", "55.4%"]
    assert 'src="badges/2014-fr.svg"' in page
    # a second run with nothing changed writes nothing new
    before = (shipped_project / "build/stats.html").stat().st_mtime_ns
    assert stats(shipped_project, "--format", "html").exit_code == 0
    assert (shipped_project / "build/stats.html").stat().st_mtime_ns == before


def _chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@needs_chromium
def test_dashboard_in_headless_chromium(shipped_project: Path, tmp_path: Path) -> None:
    page = tmp_path / "dash" / "stats.html"
    result = stats(shipped_project, "--format", "html", "-o", str(page))
    assert result.exit_code == 0, result.output
    shown = _chromium(["--dump-dom", page.as_uri()], tmp_path)
    assert shown.returncode == 0, shown.stderr
    dom = shown.stdout
    assert dom.count('class="bar"') >= 4
    assert re.search(r'<span class="t" style="width:\s*55\.4\d*%', dom)
    assert "55.4%" in dom and "239/431" in dom and "Spanish" in dom and "French" in dom
    shot = tmp_path / "shot.png"
    _chromium([f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()], tmp_path)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_edition_work_compares_with_the_previous_edition(shipped_project: Path) -> None:
    from keys_l10n.adapters.po import read_catalog
    from keys_l10n.core.progress import entry_words

    old = read_catalog(shipped_project / "locale/2014/presentation.pot").catalog
    new = read_catalog(shipped_project / "locale/2021/presentation.pot").catalog
    fresh = [e for e in new.entries if e.key not in {o.key for o in old.entries}]
    data = json.loads(stats(shipped_project, "--format", "json").stdout)
    assert data["edition_work"] == [
        {
            "edition": "2021",
            "previous": "2014",
            "messages": len(new.entries),
            "words": sum(entry_words(e) for e in new.entries),
            "new_messages": len(fresh),
            "new_words": sum(entry_words(e) for e in fresh),
        }
    ]
    assert 0 < len(fresh) < len(new.entries)
    assert "2021 brought" in stats(shipped_project, "--edition", "2021").stdout


def test_booklet_only_in_some_editions(shipped_project: Path) -> None:
    (shipped_project / "source/2021/extra.md").write_text("# Extra\n\nOnly in 2021.\n", encoding="utf-8")
    data = json.loads(stats(shipped_project, "--booklet", "extra", "--format", "json").stdout)
    assert data["editions"] == ["2021"]
    assert [(c["lang"], c["missing"], c["words"]["total"]) for c in data["catalogs"]] == [
        ("es", True, 4),
        ("fr", True, 4),
    ]
    result = stats(shipped_project, "--booklet", "nowhere")
    assert result.exit_code == 1 and "no booklet 'nowhere'" in result.stderr


def test_a_missing_catalog_fails_the_gate(shipped_project: Path) -> None:
    (shipped_project / "locale/2014/es/presentation.po").unlink()
    result = stats(shipped_project, "--edition", "2014", "--lang", "es", "--fail-under", "1")
    assert result.exit_code == 3
    assert "2014/es Spanish 0.0%" in result.stderr


def test_json_of_the_shipped_project_follows_the_schema(shipped_project: Path) -> None:
    from conftest import PROJECT
    from test_stats import _validate

    schema = json.loads((PROJECT / "docs/stats-schema.json").read_text(encoding="utf-8"))
    data = json.loads(stats(shipped_project, "--format", "json", "--fail-under", "50").stdout)
    _validate(data, schema, schema)
    assert data["edition_work"][0]["edition"] == "2021"
