"""`merge` against GNU msgmerge: golden outputs in ``data/msgmerge/<case>/expected.po`` were written by
``msgmerge`` itself (``python tests/data/msgmerge/generate.py``), one case per behaviour keys-l10n claims to
share: exact matches, ``--previous`` (#| on fuzzy entries), obsolete entries, ``-C`` filling messages that OLD lacks
or left untranslated with exact (final) compendium matches, ``-N``. For each message we compare what msgmerge
decides (translated, fuzzy or untranslated; the translation of exact matches; #| present) and the header; the
fuzzy suggestions themselves may differ (keys-l10n's are chosen from more memory, see docs/carry.md).
Also: ``-U`` updates OLD in place like ``msgmerge -U``, ``-o -`` writes the catalog to standard output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from conftest import DATA, MSGFMT, msgfmt_check
from keys_l10n.adapters.po import parse_catalog, read_catalog
from keys_l10n.cli.app import app
from keys_l10n.core.model import Catalog, EntryState

GOLDEN = DATA / "msgmerge"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def decisions(catalog: Catalog) -> list[tuple[object, ...]]:
    return [
        (
            e.msgctxt,
            e.msgid,
            e.state,
            e.msgstr if e.state is EntryState.TRANSLATED else None,
            e.previous_msgid is not None,
        )
        for e in catalog.live
    ]


def header(catalog: Catalog) -> dict[str, str]:
    fields = catalog.header_fields()
    fields.pop("X-Generator", None)
    return fields


def run_case(case: str, tmp_path: Path, *extra: str) -> Path:
    work = tmp_path / case
    shutil.copytree(GOLDEN / case, work)
    args = (work / "args").read_text(encoding="utf-8").split()
    args = [str(work / a) if a.endswith(".po") else a for a in args]
    out = work / "out.po"
    code, output = invoke("merge", *args, str(work / "old.po"), str(work / "new.pot"), "-o", str(out), *extra)
    assert code == 0, output
    return out


def test_cases_present() -> None:
    assert {"compendium_fills_untranslated", "compendium_exact_final", "compendium_no_fuzzy", "previous"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_same_decisions_as_msgmerge(case: str, tmp_path: Path) -> None:
    out = run_case(case, tmp_path)
    ours, theirs = read_catalog(out).catalog, read_catalog(GOLDEN / case / "expected.po").catalog
    assert decisions(ours) == decisions(theirs)
    assert header(ours) == header(theirs)
    assert {e.msgid for e in theirs.obsolete} <= {e.msgid for e in ours.obsolete}
    if MSGFMT is not None:
        msgfmt_check(out)


@pytest.mark.parametrize("case", CASES)
def test_update_in_place_and_stdout(case: str, tmp_path: Path) -> None:
    written = run_case(case, tmp_path / "o").read_bytes()
    work = tmp_path / "u" / case
    shutil.copytree(GOLDEN / case, work)
    args = [str(work / a) if a.endswith(".po") else a for a in (work / "args").read_text(encoding="utf-8").split()]
    result = CliRunner().invoke(app, ["merge", *args, "-o", "-", str(work / "old.po"), str(work / "new.pot")])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == written.replace(str(tmp_path / "o" / case).encode(), str(work).encode())
    assert not (work / "-").exists() and not Path("-").exists()
    code, output = invoke("merge", *args, "-U", str(work / "old.po"), str(work / "new.pot"))
    assert code == 0 and output.startswith("updated"), output
    assert (work / "old.po").read_bytes() == result.stdout_bytes
    code, output = invoke("merge", *args, "-U", str(work / "old.po"), str(work / "new.pot"))
    assert code == 0 and output == "", output  # quiet when nothing changed, as msgmerge is
    code, output = invoke("merge", *args, "-U", "-v", str(work / "old.po"), str(work / "new.pot"))
    assert code == 0 and output.startswith("unchanged"), output


def test_output_or_update_required(tmp_path: Path) -> None:
    case = GOLDEN / "previous"
    code, output = invoke("merge", str(case / "old.po"), str(case / "new.pot"))
    assert code == 2 and "-o OUTPUT" in output
    code, output = invoke("merge", "-U", str(case / "old.po"), str(case / "new.pot"), "-o", str(tmp_path / "x.po"))
    assert code == 2


def test_dry_run_says_would(tmp_path: Path) -> None:
    case = GOLDEN / "previous"
    out = tmp_path / "out.po"
    code, output = invoke("merge", "--dry-run", str(case / "old.po"), str(case / "new.pot"), "-o", str(out))
    assert code == 0 and output.startswith("would create") and not out.exists(), output
    out.write_bytes((case / "old.po").read_bytes())
    code, output = invoke("merge", "--dry-run", str(case / "old.po"), str(case / "new.pot"), "-o", str(out))
    assert code == 0 and output.startswith("would update"), output
    assert out.read_bytes() == (case / "old.po").read_bytes()


def test_folder_mode_header_and_every_old_catalog_as_memory(tmp_path: Path) -> None:
    """Folder mode: a new .po gets a PO header (Language from the old catalogs, Plural-Forms from gettext's table,
    no template placeholders); every old catalog serves as memory, also one no template pairs with."""
    case = GOLDEN / "previous"
    old, new, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    (old / "gone").mkdir(parents=True)
    new.mkdir()
    shutil.copy(GOLDEN / "compendium_exact_final" / "compendium.po", old / "gone" / "retired.po")  # no template
    shutil.copy(case / "new.pot", new / "fresh.pot")  # no old catalog
    code, output = invoke("merge", str(old), str(new), "-o", str(out))
    assert code == 0, output
    fresh = read_catalog(out / "fresh.po").catalog
    fields = fresh.header_fields()
    assert fields["Language"] == "es"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not any("YEAR" in v or "FULL NAME" in v or "LANGUAGE" in v for v in fields.values()), fields
    entries = {e.msgid: e for e in fresh.live}
    assert entries["Seeds are kept in clay jars for the next year."].msgstr.startswith("Las semillas")
    if MSGFMT is not None:
        msgfmt_check(out / "fresh.po")


def test_folder_mode_language_from_folder_name(tmp_path: Path) -> None:
    old, new, out = tmp_path / "fr", tmp_path / "new", tmp_path / "out" / "fr"
    old.mkdir()
    new.mkdir()
    shutil.copy(GOLDEN / "previous" / "new.pot", new / "a.pot")
    code, output = invoke("merge", str(old), str(new), "-o", str(out))
    assert code == 0, output
    fields = parse_catalog((out / "a.po").read_bytes()).catalog.header_fields()
    assert fields["Language"] == "fr" and fields["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
