"""`keys-l10n compare`: the service on folders and git revisions, every report format, the CLI and its errors,
and the HTML page in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import PROJECT, SHIPPED, write_project
from keys_l10n.adapters.config import load_config
from keys_l10n.cli import app
from keys_l10n.core.alignment import CHANGES, Change
from keys_l10n.core.errors import EditionError
from keys_l10n.usecases.compare import compare_editions
from keys_l10n.views.compare import render_html, render_markdown, table_text

SCHEMA = PROJECT / "docs" / "compare-schema.json"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
GIT = shutil.which("git")

OLD = """# Keys towards Accompaniment

## Fear

### Objectives

Political repression produces fear in the people who accompany victims and in the victims themselves.

Accompanists learn to recognise fear & name it <b>together</b> with the families they support.

## Torture

### Objectives

Torture seeks to break the person and the community; accompaniment helps rebuild trust step by step.
"""

NEW = """# Keys to Accompaniment

## Fear

### Objectives

Political repression produces fear in the people who accompany victims and in the victims themselves.

Accompanists learn to recognise fear & name it <b>together</b> with the families and communities they support.

In 2021 the team revised these booklets with what ten years of accompaniment taught.

## Torture

### Objectives

Torture seeks to break the person and the community; accompaniment helps rebuild trust step by step.
"""


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def project(tmp_path: Path, old: str = OLD, new: str = NEW) -> Path:
    root = tmp_path / "project"
    write_project(root, editions={"2014": "source/2014", "2021": "source/2021"}, booklets={"intro": old})
    (root / "source" / "2021" / "intro.md").write_text(new, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    assert GIT is not None
    proc = subprocess.run(
        [GIT, "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


# -- the service ----------------------------------------------------------------------------------------


def test_compare_folders(tmp_path: Path) -> None:
    result = compare_editions(load_config(project(tmp_path)), "2014", "2021")
    assert [b.name for b in result.booklets] == ["intro"]
    totals = result.totals()
    assert totals[Change.UNCHANGED].pairs == 6
    assert totals[Change.EDITED].pairs == 2  # the title, the paragraph about the families
    assert totals[Change.ADDED].pairs == 1
    assert totals[Change.ADDED].new_words == 14
    assert result.old.source == "source/2014"
    assert result.changed == 3


def test_compare_renamed_and_added_booklets(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "source" / "2021" / "intro.md").rename(root / "source" / "2021" / "presentation.md")
    (root / "source" / "2021" / "care.md").write_text("# Care\n\nCare for those who care.\n", encoding="utf-8")
    result = compare_editions(load_config(root), "2014", "2021")
    status = {b.label: b.status for b in result.booklets}
    assert status == {"intro -> presentation": "renamed", "care": "added"}
    only = compare_editions(load_config(root), "2014", "2021", booklet="presentation")
    assert [b.label for b in only.booklets] == ["intro -> presentation"]
    with pytest.raises(EditionError, match="no booklet 'nothing'"):
        compare_editions(load_config(root), "2014", "2021", booklet="nothing")


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_compare_git_revisions(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write_project(root, editions={"current": "source"}, booklets={"intro": OLD})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first edition")
    git(root, "tag", "edition-2014")
    (root / "source" / "intro.md").write_text(NEW, encoding="utf-8")
    git(root, "commit", "-q", "-am", "second edition")
    (root / "source" / "intro.md").write_text("# Work in progress\n", encoding="utf-8")  # not committed
    result = compare_editions(load_config(root), "git:edition-2014:source", "git:HEAD:source")
    assert result.old.source == "git:edition-2014:source"
    assert result.booklets[0].old_path == "source/intro.md"
    assert result.totals()[Change.ADDED].pairs == 1
    assert result.totals()[Change.UNCHANGED].pairs == 6
    assert (root / "source" / "intro.md").read_text(encoding="utf-8") == "# Work in progress\n"
    # against the working tree
    work = compare_editions(load_config(root), "git:HEAD:source", "source")
    assert work.totals()[Change.REMOVED].pairs == 9 and work.totals()[Change.ADDED].pairs == 1

    bad_revision = run_cli("--project", str(root), "compare", "git:no-such-tag:source", "source")
    assert bad_revision.exit_code == 1
    assert "git revision 'no-such-tag' does not exist" in bad_revision.output
    bad_path = run_cli("--project", str(root), "compare", "git:edition-2014:docs", "source")
    assert bad_path.exit_code == 1
    assert "'docs' is not in git revision 'edition-2014'" in bad_path.output
    assert "Traceback" not in bad_revision.output + bad_path.output


def test_shipped_editions_are_what_an_editor_expects() -> None:
    result = compare_editions(load_config(SHIPPED), "2014", "2021")
    presentation = result.booklets[0].alignment
    changes = [(p.change, p.old, p.new) for p in presentation.pairs]
    assert changes == [
        (Change.EDITED, (0,), (0,)),  # Keys towards ... -> Keys to ... (2 ed.)
        (Change.EDITED, (1,), (1,)),  # the series title inside the first paragraph
        (Change.UNCHANGED, (2,), (2,)),
        (Change.ADDED, (), (3,)),  # the paragraph about the 2021 editing
        (Change.UNCHANGED, (3,), (4,)),
        (Change.ADDED, (), (5,)),  # thanks for the previous editions
        (Change.UNCHANGED, (4,), (6,)),
        (Change.EDITED, (5,), (7,)),  # first edition -> new edition
    ]
    added = presentation.new[3].text
    assert added.startswith("The growth and consolidation of Aluna") and "In 2021" in added
    title = presentation.pairs[0].diff
    assert ("delete", "towards") in title and ("insert", "to") in title
    assert ("insert", " (2 ed.)") in title


# -- reports --------------------------------------------------------------------------------------------


def test_table_fits_100_columns_and_has_a_total_row(tmp_path: Path) -> None:
    root = project(tmp_path)
    for index in range(3):
        (root / "source" / "2021" / f"a-very-long-booklet-name-{index}.md").write_text(
            "# Title\n\nText.\n", encoding="utf-8"
        )
    text = table_text(compare_editions(load_config(root), "2014", "2021"))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 100
    total = next(k for k, line in enumerate(lines) if line.lstrip().startswith("total"))
    assert lines[total].split()[-7:] == ["6", "0", "2", "0", "0", "7", "0"]
    assert lines[total + 1].split()[-7:][5] == "20"  # added words: 14 + 3 x 2
    for change in CHANGES:
        assert str(change) in lines[1] + lines[2]


def test_markdown_lists_every_changed_unit_with_places_and_diff(tmp_path: Path) -> None:
    text = render_markdown(compare_editions(load_config(project(tmp_path)), "2014", "2021"))
    assert text.count("\n### ") == 3
    assert "Keys [-towards-]{+to+} Accompaniment" in text
    assert "with the families {+and communities +}they support." in text
    assert "{+In 2021 the team revised" in text
    assert "- old: source/2014/intro.md:1 (heading 1)" in text
    assert "- new: source/2021/intro.md:11 (paragraph, in Keys to Accompaniment › Fear › Objectives)" in text
    assert "- old: —" in text
    assert "| **total** | **6 (" in text


def _check(schema: dict[str, Any], value: Any, root: dict[str, Any], where: str = "$") -> None:
    """A small JSON Schema validator for the keywords docs/compare-schema.json uses."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        _check(root["$defs"][name], value, root, where)
        return
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        python = {
            "object": dict,
            "array": list,
            "string": str,
            "integer": int,
            "number": (int, float),
            "boolean": bool,
            "null": type(None),
        }
        assert any(isinstance(value, python[n]) for n in names), (where, value)
        assert not (isinstance(value, bool) and "boolean" not in names), where
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], (where, value)
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if "maximum" in schema:
        assert value <= schema["maximum"], where
    if "exclusiveMinimum" in schema:
        assert value > schema["exclusiveMinimum"], where
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, (where, key)
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(properties), (where, set(value) - set(properties))
        for key, item in value.items():
            if key in properties:
                _check(properties[key], item, root, f"{where}.{key}")
    if isinstance(value, list):
        if "minItems" in schema:
            assert len(value) >= schema["minItems"], where
        if "maxItems" in schema:
            assert len(value) <= schema["maxItems"], where
        prefix = schema.get("prefixItems", [])
        for index, item in enumerate(value):
            if index < len(prefix):
                _check(prefix[index], item, root, f"{where}[{index}]")
            elif "items" in schema:
                _check(schema["items"], item, root, f"{where}[{index}]")


def test_json_follows_the_documented_schema(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "source" / "2021" / "care.md").write_text("# Care\n\nCare for those who care.\n", encoding="utf-8")
    out = run_cli("--project", str(root), "compare", "2014", "2021", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    _check(schema, data, schema)
    assert data["schema"] == "keys-l10n/compare" and data["version"] == 1
    intro = next(b for b in data["booklets"] if b["new_name"] == "intro")
    edited = [p for p in intro["pairs"] if p["change"] == "edited"]
    assert edited[1]["old"][0]["line"] == 9 and edited[1]["new"][0]["line"] == 9
    assert edited[1]["new"][0]["section"] == ["Keys to Accompaniment", "Fear", "Objectives"]
    assert 0.9 < edited[1]["similarity"] < 1
    assert ["insert", "and communities "] in edited[1]["diff"]
    assert data["totals"]["added"]["pairs"] == 3  # a paragraph in intro, and the two units of care
    care = next(b for b in data["booklets"] if b["new_name"] == "care")
    assert care["status"] == "added" and care["old_path"] is None


def test_html_is_self_contained_and_escapes_text(tmp_path: Path) -> None:
    page = render_html(compare_editions(load_config(project(tmp_path)), "2014", "2021"))
    assert "&lt;b&gt;together&lt;/b&gt;" in page and "<b>together</b>" not in page
    assert "recognise fear &amp; name" in page
    assert "<ins>and communities </ins>" in page
    assert "<del>towards</del>" in page and "<ins>to</ins>" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "<link" not in page
    assert page.count('<tr class="pair') == 9


# -- the command line -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html"])
def test_cli_every_format_to_stdout_and_file(tmp_path: Path, fmt: str) -> None:
    root = project(tmp_path)
    out = run_cli("--project", str(root), "compare", "2014", "2021", "--format", fmt)
    assert out.exit_code == 0, out.output
    marker = {"table": "unchanged", "markdown": "# Changes from edition 2014", "json": '"version": 1'}
    assert marker.get(fmt, "<!DOCTYPE html>") in out.stdout
    target = tmp_path / "reports" / f"compare.{fmt}"
    written = run_cli("--project", str(root), "compare", "2014", "2021", "-f", fmt, "-o", str(target))
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    data = target.read_bytes()
    assert marker.get(fmt, "<!DOCTYPE html>").encode() in data
    if fmt == "table":
        assert b"\x1b[" not in data  # no terminal colours in a file
        assert max(len(line) for line in data.decode().splitlines()) <= 100
    else:
        assert data.decode() == out.stdout
    again = run_cli("--project", str(root), "compare", "2014", "2021", "-f", fmt, "-o", str(target))
    assert "unchanged" in again.stderr and target.read_bytes() == data


def test_cli_booklet_and_threshold(tmp_path: Path) -> None:
    root = project(tmp_path)
    strict = run_cli("--project", str(root), "compare", "2014", "2021", "-f", "json", "--threshold", "0.99")
    loose = run_cli("--project", str(root), "compare", "2014", "2021", "-f", "json", "-t", "0.5", "-b", "intro")
    assert strict.exit_code == 0 and loose.exit_code == 0
    assert json.loads(strict.stdout)["totals"]["edited"]["pairs"] == 0
    assert json.loads(strict.stdout)["threshold"] == 0.99
    assert json.loads(loose.stdout)["totals"]["edited"]["pairs"] == 2


def test_cli_errors(tmp_path: Path) -> None:
    root = project(tmp_path)
    missing = run_cli("--project", str(root), "compare", "2014", "source/1999")
    assert missing.exit_code == 1
    assert "edition folder 'source/1999' does not exist" in missing.output
    unknown = run_cli("--project", str(root), "compare", "2014", "1999")
    assert unknown.exit_code == 2 and "unknown edition '1999'" in unknown.output  # a usage error
    no_git = run_cli("--project", str(root), "compare", "git:HEAD:source/2014", "2021")
    assert no_git.exit_code == 1 and "not inside a git repository" in no_git.output
    no_booklet = run_cli("--project", str(root), "compare", "2014", "2021", "--booklet", "nope")
    assert no_booklet.exit_code == 1 and "hint: booklets: intro" in no_booklet.output
    bad_format = run_cli("--project", str(root), "compare", "2014", "2021", "--format", "pdf")
    assert bad_format.exit_code == 2
    bad_threshold = run_cli("--project", str(root), "compare", "2014", "2021", "--threshold", "1.5")
    assert bad_threshold.exit_code == 2 and "--threshold" in bad_threshold.output
    for result in (missing, unknown, no_git, no_booklet, bad_format, bad_threshold):
        assert "Traceback" not in result.output


def test_an_edition_with_its_markdown_only_in_subfolders_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "source" / "nested" / "part-1").mkdir(parents=True)
    (root / "source" / "nested" / "part-1" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    nested = run_cli("--project", str(root), "compare", "2014", "source/nested")
    assert nested.exit_code == 1
    assert "edition folder 'source/nested' has no booklets" in nested.output
    assert "part-1/intro.md" in nested.output and "hint: booklets are the *.md files directly" in nested.output
    (root / "source" / "empty").mkdir()
    empty = run_cli("--project", str(root), "compare", "2014", "source/empty")
    assert empty.exit_code == 0  # an empty edition is not an error: everything is reported removed


def test_cli_broken_markdown_names_the_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "source" / "2021" / "intro.md").write_bytes(b"# Title\n\nbad \xff byte\n")
    out = run_cli("--project", str(root), "compare", "2014", "2021")
    assert out.exit_code == 1
    assert "source/2021/intro.md:3" in out.output and "not UTF-8" in out.output


# -- the HTML page in a real browser --------------------------------------------------------------------


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_filters_work_in_headless_chromium(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    root = project(tmp_path)
    page = tmp_path / "compare.html"
    out = run_cli("--project", str(root), "compare", "2014", "2021", "-f", "html", "-o", str(page))
    assert out.exit_code == 0, out.output

    def dump(fragment: str) -> str:
        proc = subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--dump-dom",
                page.as_uri() + fragment,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    default = dump("")
    assert 'data-ready="1"' in default  # the script ran
    rows = re.findall(r'<tr class="pair c-(\w+)" data-change="\w+"( hidden="")?', default)
    assert len(rows) == 9
    assert {change for change, hidden in rows if hidden} == {"unchanged"}
    assert re.search(r'<span id="shown"[^>]*>3 of 9</span>', default)
    only_added = dump("#show=added")
    rows = re.findall(r'<tr class="pair c-(\w+)" data-change="\w+"( hidden="")?', only_added)
    assert [change for change, hidden in rows if not hidden] == ["added"]
    assert re.search(r'<span id="shown"[^>]*>1 of 9</span>', only_added)
    assert "&lt;b&gt;together&lt;/b&gt;" in only_added  # still text, not markup


# -- issue 17: units that moved between booklets --------------------------------------------------------

APPENDIX = """# Appendix

## Notes on fear

Fear isolates: those who accompany meet the families in groups, so that nobody carries it alone.

The workshops of 2014 gathered forty accompanists from six countries over three days of work.
"""

TORTURE = """# Torture

Torture seeks to break the person and the community; accompaniment helps rebuild trust step by step.
"""


def moved_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_project(
        root,
        editions={"2014": "source/2014", "2021": "source/2021"},
        booklets={"appendix": APPENDIX, "torture": TORTURE},
    )
    new = root / "source" / "2021"
    (new / "appendix.md").unlink()
    (new / "torture.md").write_text(
        TORTURE
        + "\nFear isolates: those who accompany meet the families in groups, so that nobody carries it alone.\n"
        + "\nThe workshops of 2014 gathered forty-two accompanists from six countries over three days of work.\n",
        encoding="utf-8",
    )
    return root


def test_units_moved_between_booklets_in_every_format(tmp_path: Path) -> None:
    root = moved_project(tmp_path)
    result = compare_editions(load_config(root), "2014", "2021")
    assert {b.label: b.status for b in result.booklets} == {"appendix": "removed", "torture": "same"}
    totals = result.totals()
    assert (totals[Change.MOVED].new_units, totals[Change.EDITED].new_units) == (1, 1)
    assert totals[Change.REMOVED].old_units == 2  # the two headings of the appendix
    assert totals[Change.ADDED].pairs == 0
    assert result.changed == 4  # two headings removed, one unit moved and one edited between booklets

    text = table_text(result)
    assert "appendix -> torture: 1 moved, 1 edited, split or merged" in text

    markdown = render_markdown(result)
    assert "### moved, to torture" in markdown and "### moved, from appendix" in markdown
    assert "- new: source/2021/torture.md:5 (paragraph, in Torture)" in markdown
    assert "- old: source/2014/appendix.md:5 (paragraph, in Appendix › Notes on fear)" in markdown
    assert "### edited, similarity 0.97, moved, from appendix" in markdown

    html = render_html(result)
    assert html.count('<small class="elsewhere">to torture</small>') == 2
    assert html.count('<small class="elsewhere">from appendix</small>') == 2
    assert "source/2014/appendix.md:5" in html and "source/2021/torture.md:5" in html

    out = run_cli("--project", str(root), "compare", "2014", "2021", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    _check(schema, data, schema)
    torture = next(b for b in data["booklets"] if b["new_name"] == "torture")
    came = next(p for p in torture["pairs"] if p["change"] == "moved")
    assert came["old"] == [] and came["elsewhere"]["side"] == "old"
    assert came["elsewhere"]["booklet"] == "appendix" and came["elsewhere"]["path"] == "source/2014/appendix.md"
    assert came["elsewhere"]["units"][0]["line"] == 5
    appendix = next(b for b in data["booklets"] if b["old_name"] == "appendix")
    went = next(p for p in appendix["pairs"] if p["change"] == "moved")
    assert (
        went["new"] == []
        and went["elsewhere"]["side"] == "new"
        and went["elsewhere"]["path"] == "source/2021/torture.md"
    )
    # --booklet shows the moves from and to that booklet too
    only = compare_editions(load_config(root), "2014", "2021", booklet="torture")
    assert "appendix -> torture: 1 moved" in table_text(only)
    assert "source/2014/appendix.md:5" in render_markdown(only)


def test_edit_below_the_threshold_says_why(tmp_path: Path) -> None:
    kept = "Political repression produces fear in the people who accompany victims and in the victims themselves."
    more = (
        "Fear isolates people, breaks trust and silences whole communities for years. Naming it together is the "
        "first step of the accompaniment that the booklets describe, and the families lead it."
    )
    old = OLD.replace(kept, f"{kept} {more}")
    note_old = "- Notice that the thread is stopped before it reaches 10 --- the main thread is not waiting.\n"
    note_new = "- Notice that the program ends before the spawned thread reaches 10!\n"
    old = old.replace("## Torture\n", f"{note_old}\n## Torture\n")
    new = OLD.replace("## Torture\n", f"{note_new}\n## Torture\n")
    markdown = render_markdown(compare_editions(load_config(project(tmp_path, old, new)), "2014", "2021"))
    assert re.search(r"### edited, similarity 0\.[0-5]\d, shortened", markdown), markdown
    assert re.search(r"### edited, similarity 0\.5\d, rewritten in place", markdown), markdown
