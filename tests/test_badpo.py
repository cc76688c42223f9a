"""Every case of ``../shared/bad-po`` as its README says: invalid files fail with file and line, valid ones
round-trip byte for byte, and the CLI never shows a traceback nor touches the file it could not read.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from conftest import BAD_PO, BAD_PO_SEMANTIC, write_project
from keys_l10n.adapters.po import parse_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.cli.app import app
from keys_l10n.core.errors import CatalogError

pytestmark = pytest.mark.skipif(not BAD_PO.is_dir(), reason="../shared/bad-po is absent")


def _expectations() -> dict[str, str]:
    """file name -> "invalid", "valid" or "warn", from the README's table."""
    readme = BAD_PO / "README.md"
    if not readme.is_file():
        return {}
    table: dict[str, str] = {}
    for match in re.finditer(r"^\| `([^`]+\.po)` \|(.*)\|$", readme.read_text("utf-8"), re.M):
        expected = match.group(2).rsplit("|", 1)[-1].strip().lower()  # the last column ("#|" may come before)
        table[match.group(1)] = "warn" if "warn" in expected else expected.split(":")[0].strip()
    return table


EXPECTED = _expectations()
CASES = sorted(p.name for p in BAD_PO.glob("*.po")) if BAD_PO.is_dir() else []
SEMANTIC = BAD_PO_SEMANTIC
INVALID = [c for c in CASES if EXPECTED.get(c) == "invalid" and c not in SEMANTIC]
SEMANTIC_CASES = [c for c in CASES if c in SEMANTIC]
VALID = [c for c in CASES if EXPECTED.get(c) in ("valid", "warn")]

# The line each invalid case is reported at (checked by hand against the file and msgfmt --check).
LINES = {
    "01-unterminated-string.po": 15,
    "02-missing-opening-quote.po": 15,
    "04-invalid-escape.po": 15,
    "05-eof-inside-string.po": 18,
    "06-unknown-keyword.po": 15,
    "07-missing-msgstr.po": 14,
    "08-orphan-msgstr.po": 17,
    "09-duplicate-msgid.po": 17,
    "12-trailing-garbage.po": 20,
    "13-not-a-po-file.po": 3,
    "14-empty-file.po": 1,
    "15-plural-missing-msgid_plural.po": 15,
    "16-plural-plain-msgstr.po": 16,
    "18-plural-count-mismatch.po": 16,
    "19-plural-no-plural-forms-header.po": 2,
    "20-plural-forms-syntax-error.po": 2,
    "21-plural-forms-out-of-range.po": 2,
    "22-nplurals-zero.po": 2,
    "24-declared-utf8-bytes-latin1.po": 15,
    "28-utf8-bom.po": 1,
    "29-utf16-with-bom.po": 1,
    "31-truncated-multibyte.po": 15,
    "38-header-fields-without-newline.po": 1,
    "42-c-format-mismatch.po": 16,
    "43-newline-mismatch.po": 15,
    "44-python-brace-mismatch.po": 16,
    "45-eot-context-separator.po": 14,
    "47-obsolete-duplicates-active.po": 17,
    "48-previous-msgid-garbage.po": 15,
}


def test_every_case_is_classified() -> None:
    assert CASES, "no bad-po cases found"
    assert set(CASES) == set(EXPECTED), "README table and files disagree"
    assert len(INVALID) >= 20 and len(VALID) >= 10 and len(SEMANTIC_CASES) == len(SEMANTIC)


@pytest.mark.parametrize("case", SEMANTIC_CASES)
def test_semantic_case_is_read_with_a_problem_at_msgfmts_line(case: str) -> None:
    path = BAD_PO / case
    data = path.read_bytes()
    result = parse_catalog(data, path)
    assert [p.line for p in result.problems] == [LINES[case]]
    assert result.problems[0].check.startswith("gettext-")
    assert result.warnings == [f"{path}:{LINES[case]}: {result.problems[0].message} [{result.problems[0].check}]"]
    assert serialize(result.catalog) == data


@pytest.mark.parametrize("case", SEMANTIC_CASES)
def test_cli_check_reports_semantic_case_as_an_error(case: str, tmp_path: Path) -> None:
    root, po = _project_with(case, tmp_path)
    before = po.read_bytes()
    result = runner.invoke(app, ["--project", str(root), "check", "--format", "json"])
    assert result.exit_code == 3, result.output
    findings = [f for c in json.loads(result.stdout)["files"] for f in c["findings"] if f["level"] == "error"]
    gettext_findings = [f for f in findings if f["check"].startswith("gettext-")]
    assert [f["line"] for f in gettext_findings] == [LINES[case]]
    assert po.read_bytes() == before


@pytest.mark.parametrize("case", SEMANTIC_CASES)
def test_cli_update_reads_semantic_case_with_a_warning(case: str, tmp_path: Path) -> None:
    root, po = _project_with(case, tmp_path)
    original = parse_catalog((BAD_PO / case).read_bytes(), BAD_PO / case).catalog
    result = runner.invoke(app, ["--project", str(root), "update"])
    assert result.exit_code == 0, result.output
    assert f"warning: {po.relative_to(root).as_posix()}:{LINES[case]}: " in result.stderr  # as every command
    merged = parse_catalog(po.read_bytes(), po).catalog
    kept = {e.msgid: e.translations for e in merged.entries if any(e.translations)}
    for entry in original.entries:  # nothing translated is lost (kept, or kept obsolete)
        if any(entry.translations):
            assert kept.get(entry.msgid) == entry.translations


@pytest.mark.parametrize("case", INVALID)
def test_invalid_case_raises_with_file_and_line(case: str) -> None:
    path = BAD_PO / case
    data = path.read_bytes()
    with pytest.raises(CatalogError) as info:
        parse_catalog(data, path)
    error = info.value
    assert error.path == path
    assert error.line is not None and 1 <= error.line <= max(data.count(b"\n"), 0) + 1
    if case in LINES:
        assert error.line == LINES[case], str(error)
    assert str(error).startswith(f"{path}:{error.line}: ")
    assert "\n" not in error.message


@pytest.mark.parametrize("case", VALID)
def test_valid_case_round_trips(case: str) -> None:
    path = BAD_PO / case
    data = path.read_bytes()
    result = parse_catalog(data, path)
    assert serialize(result.catalog) == data
    if EXPECTED[case] == "warn":
        assert result.warnings and f"{path}:" in result.warnings[0]
    else:
        assert result.warnings == []


def test_nul_byte_case_warns() -> None:
    path = BAD_PO / "32-nul-byte.po"
    if not path.is_file():
        pytest.skip("case 32 is absent")
    result = parse_catalog(path.read_bytes(), path)
    assert len(result.warnings) == 1
    assert "NUL" in result.warnings[0] and re.search(r":\d+: ", result.warnings[0])


# -- through the command line ------------------------------------------------------------------------------
runner = CliRunner()


def _project_with(case: str, tmp_path: Path) -> tuple[Path, Path]:
    root = write_project(tmp_path / "project", booklets={"b": "# Hello\n\nWorld\n"})
    po = root / "locale" / "2021" / "es" / "b.po"
    po.parent.mkdir(parents=True)
    shutil.copyfile(BAD_PO / case, po)
    return root, po


@pytest.mark.parametrize("case", INVALID)
def test_cli_update_stops_on_invalid_case(case: str, tmp_path: Path) -> None:
    root, po = _project_with(case, tmp_path)
    before = po.read_bytes()
    result = runner.invoke(app, ["--project", str(root), "update"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert re.match(rf"error: {re.escape(str(po))}:\d+: \S", errors[0]), errors[0]
    assert po.read_bytes() == before
    assert sorted(p.name for p in po.parent.iterdir()) == ["b.po"]  # no temporary file left behind


@pytest.mark.parametrize("case", VALID)
def test_cli_update_accepts_valid_case(case: str, tmp_path: Path) -> None:
    root, po = _project_with(case, tmp_path)
    result = runner.invoke(app, ["--project", str(root), "update"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    merged = parse_catalog(po.read_bytes(), po).catalog
    assert {e.msgid for e in merged.live} == {"Hello", "World"}
    original = parse_catalog((BAD_PO / case).read_bytes(), BAD_PO / case).catalog
    translated = {e.msgid: e.msgstr for e in original.entries if e.msgstr and not e.obsolete}
    kept = {e.msgid: e.msgstr for e in merged.entries if e.msgstr}
    for msgid, msgstr in translated.items():  # nothing translated is lost (kept, or kept obsolete)
        assert kept.get(msgid) == msgstr
    assert merged.newline == original.newline and merged.encoding == original.encoding


def test_cli_update_prints_the_nul_warning(tmp_path: Path) -> None:
    if not (BAD_PO / "32-nul-byte.po").is_file():
        pytest.skip("case 32 is absent")
    root, _ = _project_with("32-nul-byte.po", tmp_path)
    result = runner.invoke(app, ["--project", str(root), "update"])
    assert result.exit_code == 0
    assert "warning" in result.stderr.lower() and "NUL" in result.stderr


def test_cli_update_latin1_catalog_cannot_take_unicode_text(tmp_path: Path) -> None:
    """A valid ISO-8859-1 catalog that must receive “quotes” from the template: a clear error, no traceback."""
    case = "25-declared-latin1-valid.po"
    if not (BAD_PO / case).is_file():
        pytest.skip("case 25 is absent")
    root, po = _project_with(case, tmp_path)
    (root / "source" / "2021" / "b.md").write_text("# “Hello”\n\nWorld\n", encoding="utf-8")
    before = po.read_bytes()
    result = runner.invoke(app, ["--project", str(root), "update"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "charset" in result.stderr and "U+201C" in result.stderr
    assert po.read_bytes() == before
