"""`keys-l10n check` through the command line: output formats, exit codes, ignore flags, bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from conftest import BAD_PO, PROJECT, SHIPPED, write_project
from keys_l10n.cli.app import app

runner = CliRunner()
SCHEMA = PROJECT / "docs" / "check-schema.json"
LINE = re.compile(
    r"^(?P<path>[^:]+\.po):(?P<line>\d+): (?P<level>error|warning|info): (?P<check>[a-z-]+): (?P<msg>.+)$"
)


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def project(shipped_project: Path) -> Path:
    shutil.copytree(SHIPPED / "glossary", shipped_project / "glossary")
    return shipped_project


def spoil(root: Path, old: str, new: str, lang: str = "es") -> Path:
    po = root / "locale" / "2014" / lang / "presentation.po"
    text = po.read_text("utf-8")
    assert old in text, old
    po.write_text(text.replace(old, new, 1), "utf-8")
    return po


# -- the shipped translations -------------------------------------------------------------------------------
def test_shipped_translations_pass_every_check(project: Path) -> None:
    result = invoke("--project", str(project), "check")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "4 catalogs, 10 messages checked: 0 errors, 0 warnings, 0 info"


def test_shipped_glossaries_are_used(project: Path) -> None:
    data = json.loads(invoke("--project", str(project), "check", "--format", "json").output)
    assert data["glossaries"] == {"es": "glossary/es.csv", "fr": "glossary/fr.csv"}
    # a mistake in a glossary term is found in the same catalogs
    spoil(project, "la lucha de los sujetos ", "la lucha de los actores ")
    result = invoke("--project", str(project), "check", "--lang", "es")
    assert "warning: glossary: ‘political subject’ should be translated ‘sujeto político’" in result.output


# -- findings, grouping and exit codes ----------------------------------------------------------------------
def test_errors_exit_3_with_file_line_severity_check_message(project: Path) -> None:
    spoil(project, "¿cuáles son sus", "cuáles son sus")
    spoil(project, "A principios de 2014", "A principios de 2041")
    spoil(project, "des analyses de contexte", "des **analyses de contexte", lang="fr")
    result = invoke("--project", str(project), "check")
    assert result.exit_code == 3
    lines = [line for line in result.output.splitlines() if line]
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    found = {(m["path"], int(m["line"]), m["level"], m["check"]) for m in parsed if m}
    es, fr = "locale/2014/es/presentation.po", "locale/2014/fr/presentation.po"
    assert (es, 26, "warning", "numbers") in found
    assert (es, 50, "error", "spanish-marks") in found
    assert (fr, 26, "error", "markup-balance") in found
    assert (fr, 26, "warning", "emphasis-count") not in found  # nothing to count: ** never opened a span
    # grouped per file: all es lines, a blank line, then all fr lines, then the summary
    paths = [m["path"] for m in parsed if m]
    assert paths == sorted(paths)
    assert result.output.count("\n\n") == 2
    assert lines[-1] == "4 catalogs, 10 messages checked: 2 errors, 2 warnings, 0 info"


def test_severity_filters_but_errors_still_fail(project: Path) -> None:
    spoil(project, "A principios de 2014", "A principios de 2041")
    warned = invoke("--project", str(project), "check", "--severity", "warning")
    assert warned.exit_code == 0 and "numbers" in warned.output
    quiet = invoke("--project", str(project), "check", "--severity", "error")
    assert quiet.exit_code == 0 and "numbers" not in quiet.output
    spoil(project, "Además, se incluyó", "<script>alert(1)</script> Además, se incluyó")
    failed = invoke("--project", str(project), "check", "--severity", "error")
    assert failed.exit_code == 3
    assert "error: unsafe-markup: translation adds an unsafe <script> tag" in failed.output


def test_ignore_flag_in_the_po_file(project: Path) -> None:
    spoil(project, "A principios de 2014", "A principios de 2041")
    assert "numbers" in invoke("--project", str(project), "check", "--lang", "es").output
    spoil(
        project, "#: source/2014/presentation.md:3\n", "#: source/2014/presentation.md:3\n#, keys-l10n-ignore:numbers\n"
    )
    result = invoke("--project", str(project), "check", "--lang", "es")
    assert result.exit_code == 0 and "numbers" not in result.output


def test_fuzzy_entries_only_with_include_fuzzy(project: Path) -> None:
    spoil(project, "De estos intercambios", "De **estos intercambios")
    spoil(project, "#: source/2014/presentation.md:5\n", "#: source/2014/presentation.md:5\n#, fuzzy\n")
    assert invoke("--project", str(project), "check", "--lang", "es").exit_code == 0
    result = invoke("--project", str(project), "check", "--lang", "es", "--include-fuzzy")
    assert result.exit_code == 3 and "markup-balance" in result.output


def test_selection_by_edition_lang_booklet(project: Path) -> None:
    result = invoke(
        "--project", str(project), "check", "--edition", "2014", "--lang", "fr", "--booklet", "presentation"
    )
    assert result.output.strip() == "1 catalog, 4 messages checked: 0 errors, 0 warnings, 0 info"
    unknown = invoke("--project", str(project), "check", "--edition", "1999")
    assert unknown.exit_code == 2 and "unknown edition '1999'" in unknown.stderr  # a usage error


def test_markdown_format(project: Path) -> None:
    spoil(project, "A principios de 2014", "A principios de 2041")
    out = invoke("--project", str(project), "check", "--format", "markdown", "--lang", "es").output
    assert out.startswith("# Translation checks\n")
    assert "## locale/2014/es/presentation.po" in out
    assert "| 26 | warning | numbers | number(s) of the source missing in the translation: 2014 |" in out
    assert "No findings (0 messages checked)." in out


def test_usage_errors_exit_2(project: Path) -> None:
    assert invoke("--project", str(project), "check", "--severity", "fatal").exit_code == 2
    assert invoke("--project", str(project), "check", "--format", "xml").exit_code == 2


def test_list_prints_every_check_with_level_and_explanation(project: Path) -> None:
    out = invoke("check", "--list").output
    rows = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert rows["link-targets"] == "error" and rows["numbers"] == "warning" and rows["sentencecount"] == "info"
    assert rows["glossary-forbidden"] == "error" and "[translate-toolkit]" in out
    listed = json.loads(invoke("check", "--list", "--format", "json").output)
    assert all(set(item) == {"name", "level", "origin", "explanation"} and item["explanation"] for item in listed)
    assert len(listed) == len(rows)


def test_po_files_given_on_the_command_line(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "What is it?"\nmsgstr "Qué es?"\n',
        "utf-8",
    )
    result = invoke("--project", str(tmp_path), "check", str(po))
    assert result.exit_code == 3
    assert f"{po}:6: error: spanish-marks: ‘?’ without an opening ‘¿’" in result.output
    no_lang = tmp_path / "y.po"
    no_lang.write_text('msgid "a"\nmsgstr "b"\n', "utf-8")
    result = invoke("--project", str(tmp_path), "check", str(no_lang))
    assert result.exit_code == 1 and "no Language field" in result.stderr and "--lang" in result.stderr
    assert invoke("--project", str(tmp_path), "check", str(no_lang), "--lang", "fr").exit_code == 0


# -- JSON against its schema ----------------------------------------------------------------------------------
def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> None:
    """A validator for the keywords docs/check-schema.json uses (jsonschema is not a dependency)."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        _validate(value, target, root, where)
        return
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        python = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool, "null": type(None)}
        assert any(isinstance(value, python[n]) and not (n == "integer" and isinstance(value, bool)) for n in names), (
            f"{where}: {value!r} is not {types}"
        )
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: {key} is missing"
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(properties), f"{where}: unexpected {set(value) - set(properties)}"
        for key, item in value.items():
            sub = properties.get(key, schema.get("additionalProperties"))
            if isinstance(sub, dict):
                _validate(item, sub, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _validate(item, schema["items"], root, f"{where}[{index}]")
    if isinstance(value, int) and "minimum" in schema:
        assert value >= schema["minimum"], where
    if isinstance(value, str):
        assert len(value) >= schema.get("minLength", 0), where
        if "pattern" in schema:
            assert re.search(schema["pattern"], value), f"{where}: {value!r}"


def test_json_output_matches_its_schema(project: Path) -> None:
    spoil(project, "A principios de 2014", "A principios de 2041")
    spoil(project, "¿cuáles son sus", "cuáles son sus")
    (project / "locale" / "2021" / "fr" / "presentation.po").unlink()
    result = invoke("--project", str(project), "check", "--format", "json")
    assert result.exit_code == 3
    data = json.loads(result.output)
    schema = json.loads(SCHEMA.read_text("utf-8"))
    _validate(data, schema, schema)
    try:
        import jsonschema
    except ImportError:
        pass
    else:
        jsonschema.validate(data, schema)
    assert data["summary"]["errors"] == 1 and data["summary"]["warnings"] == 2
    assert data["missing"] == ["locale/2021/fr/presentation.po"]
    text = invoke("--project", str(project), "check")
    assert "note: 1 catalog(s) not created yet (locale/2021/fr/presentation.po)" in text.stderr
    assert "note:" not in text.stdout
    es = next(f for f in data["files"] if f["path"] == "locale/2014/es/presentation.po")
    assert {f["check"] for f in es["findings"]} == {"numbers", "spanish-marks"}
    assert es["findings"][0]["msgid"].startswith("The series “Keys towards")


def test_the_hand_validator_rejects_a_wrong_document() -> None:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    finding = {"path": "a.po", "line": 1, "level": "fatal", "check": "x", "message": "m", "msgid": ""}
    document = {
        "severity": "info",
        "include_fuzzy": False,
        "missing": [],
        "glossaries": {},
        "summary": {k: 0 for k in ("catalogs", "entries", "checked", "words", "errors", "warnings", "info")},
        "files": [
            {
                "path": "a.po",
                "lang": "es",
                "edition": None,
                "booklet": None,
                "entries": 1,
                "checked": 1,
                "findings": [finding],
                "warnings": [],
                "unreadable": None,
            }
        ],
    }
    with pytest.raises(AssertionError, match="fatal"):
        _validate(document, schema, schema)


# -- bad input ----------------------------------------------------------------------------------------------
BAD_CASES = sorted(p.name for p in BAD_PO.glob("*.po")) if BAD_PO.is_dir() else []


@pytest.mark.skipif(not BAD_CASES, reason="../shared/bad-po is absent")
@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_po_gives_a_clear_error_or_a_result(case: str, tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", booklets={"b": "# Hello\n\nWorld\n"})
    po = root / "locale" / "2021" / "es" / "b.po"
    po.parent.mkdir(parents=True)
    shutil.copyfile(BAD_PO / case, po)
    before = po.read_bytes()
    result = invoke("--project", str(root), "check")
    assert result.exit_code in (0, 1, 3), result.output
    if result.exit_code == 1:
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, result.stderr
        assert re.match(rf"error: {re.escape(str(po))}:\d+: \S", errors[0]), errors[0]
    else:
        assert result.stdout.rstrip().endswith("info")
        if case == "32-nul-byte.po":
            assert re.search(r"^warning: .*NUL", result.stderr, re.M), result.stderr
    assert po.read_bytes() == before


def test_broken_glossary_is_a_clear_error(project: Path) -> None:
    (project / "glossary" / "es.csv").write_text("term,translation\nforced disappearance,\n", "utf-8")
    result = invoke("--project", str(project), "check")
    assert result.exit_code == 1
    assert re.search(r"error: .*glossary/es\.csv:2: glossary row needs a term and its translation", result.stderr)
    (project / "glossary" / "es.csv").write_text("word,meaning\n", "utf-8")
    result = invoke("--project", str(project), "check")
    assert result.exit_code == 1 and "lacks the column 'term'" in result.stderr
