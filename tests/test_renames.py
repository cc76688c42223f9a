"""Renamed booklets (issue 12): `migrate` carries a booklet that `compare` pairs as renamed; `update` and `stats`
name a catalog whose booklet is no longer in its edition (an orphan), and `update` uses its translations as
memory (exact matches final, as a msgmerge compendium; the rest fuzzy)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from conftest import FIXED_EPOCH, write_project
from keys_l10n.adapters.po import read_catalog
from keys_l10n.cli.app import app

SELF_CARE = (
    "# Caring for ourselves\n\nSelf-care is not a luxury; it is part of the work of every facilitator.\n\n"
    "Take breaks during long sessions, and drink water often.\n\n"
    "Talk with a colleague after a difficult conversation.\n"
)
WELLBEING = SELF_CARE.replace("every facilitator.", "every facilitator and volunteer.")


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


def kl(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["--project", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def translate(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    lines = text.split("\n")
    out: list[str] = []
    msgid = ""
    for line in lines:
        if line.startswith('msgid "'):
            msgid = line[7:-1]
        if line == 'msgstr ""' and msgid:
            line = f'msgstr "ES {msgid}"'
        out.append(line)
    po.write_text("\n".join(out), encoding="utf-8")


def test_update_uses_and_names_an_orphan_catalog(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", booklets={"self-care": SELF_CARE})
    kl(root, "update")
    orphan = root / "locale" / "2021" / "es" / "self-care.po"
    translate(orphan)
    (root / "source" / "2021" / "self-care.md").rename(root / "source" / "2021" / "wellbeing.md")
    (root / "source" / "2021" / "wellbeing.md").write_text(WELLBEING, encoding="utf-8")
    output = kl(root, "update")
    assert "self-care.po: orphan catalog, no booklet 'self-care' in edition '2021'" in " ".join(output.split())
    entries = {e.msgid: e for e in read_catalog(root / "locale" / "2021" / "es" / "wellbeing.po").catalog.live}
    unchanged = entries["Take breaks during long sessions, and drink water often."]
    assert unchanged.msgstr == "ES Take breaks during long sessions, and drink water often." and not unchanged.fuzzy
    edited = next(e for m, e in entries.items() if m.startswith("Self-care"))
    assert edited.fuzzy and edited.msgstr.startswith("ES Self-care")
    assert orphan.is_file(), "the orphan stays where it is"
    stats = kl(root, "stats")
    assert "orphan catalog" in stats and "self-care.po" in stats


def test_migrate_carries_a_renamed_booklet(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p", editions={"2014": "source/2014", "2021": "source/2021"}, booklets={"self-care": SELF_CARE}
    )
    (root / "source" / "2021" / "self-care.md").unlink()
    (root / "source" / "2021" / "wellbeing.md").write_text(WELLBEING, encoding="utf-8")
    kl(root, "update", "--edition", "2014")
    translate(root / "locale" / "2014" / "es" / "self-care.po")
    assert "self-care -> wellbeing" in kl(root, "compare", "2014", "2021")
    kl(root, "migrate", "2014", "2021")
    entries = {e.msgid: e for e in read_catalog(root / "locale" / "2021" / "es" / "wellbeing.po").catalog.live}
    assert sum(1 for e in entries.values() if e.msgstr.startswith("ES ") and not e.fuzzy) == 3
    assert sum(1 for e in entries.values() if e.fuzzy) == 1


def test_a_broken_orphan_does_not_stop_update(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", booklets={"b": "# Title\n"})
    orphan = root / "locale" / "2021" / "es" / "gone.po"
    orphan.parent.mkdir(parents=True)
    orphan.write_text('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    output = kl(root, "update")
    assert "orphan catalog, not used as memory" in " ".join(output.split())
    assert (root / "locale" / "2021" / "es" / "b.po").is_file()
