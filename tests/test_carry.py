"""Golden carry-over cases for ``migrate`` and ``merge``, the never-drop property, and the real-corpus score.

``data/carry/<case>/`` holds either a migrate case (``old.md`` + ``new.md`` + ``old.po`` [+ ``target.po``, the
new edition's catalog before the run, + ``args``] -> expected ``new.po``) or a merge case (``before.po`` +
``template.pot`` -> expected ``after.po``, through ``keys-l10n merge --previous``). Every expected file was
reviewed by hand; the tests below also check the behaviour each case stands for, so that a regenerated golden
file cannot silently bless a regression.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CORPUS, DATA, FIXED_EPOCH, MSGCAT, MSGFMT, msgcat_bytes, msgfmt_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from keys_l10n.app import app
from keys_l10n.merge import merge_catalog
from keys_l10n.model import Catalog, Entry
from keys_l10n.po import parse_catalog, read_catalog, serialize

CARRY = DATA / "carry"
MIGRATE_CASES = sorted(p.name for p in CARRY.iterdir() if (p / "old.md").is_file())
MERGE_CASES = sorted(p.name for p in CARRY.iterdir() if (p / "before.po").is_file())
MSGMERGE = shutil.which("msgmerge")
REGENERATE = os.environ.get("KEYS_L10N_REGENERATE") == "1"  # rewrite the golden files (review the diff!)

TOML = 'source_language = "en"\nlocales = ["es"]\n\n[editions.A]\npath = "source/A"\n\n[editions.B]\npath = "source/B"\n'


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def migrate_project(case: str, root: Path) -> Path:
    """A small project for a migrate case: editions A and B, A's Spanish catalog, maybe B's."""
    folder = CARRY / case
    (root / "source" / "A").mkdir(parents=True)
    (root / "source" / "B").mkdir(parents=True)
    (root / "locale" / "A" / "es").mkdir(parents=True)
    (root / "keys-l10n.toml").write_text(TOML, encoding="utf-8")
    shutil.copy(folder / "old.md", root / "source" / "A" / "x.md")
    shutil.copy(folder / "new.md", root / "source" / "B" / "x.md")
    shutil.copy(folder / "old.po", root / "locale" / "A" / "es" / "x.po")
    if (folder / "target.po").is_file():
        (root / "locale" / "B" / "es").mkdir(parents=True)
        shutil.copy(folder / "target.po", root / "locale" / "B" / "es" / "x.po")
    return root


def case_args(case: str) -> list[str]:
    path = CARRY / case / "args"
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def run_migrate(root: Path, *extra: str) -> str:
    code, output = invoke("--project", str(root), "migrate", "A", "B", *extra)
    assert code == 0, output
    return output


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


def test_cases_present() -> None:
    assert {"unchanged", "moved", "edited", "split", "merged", "added", "removed"} <= set(MIGRATE_CASES)
    assert {"existing_kept", "existing_overwrite"} <= set(MIGRATE_CASES)
    assert {"merge_removed_obsolete", "merge_revived", "merge_edited"} <= set(MERGE_CASES)


@pytest.mark.parametrize("case", MIGRATE_CASES)
def test_migrate_golden(case: str, tmp_path: Path) -> None:
    root = migrate_project(case, tmp_path / "p")
    old_bytes = (root / "locale/A/es/x.po").read_bytes()
    run_migrate(root, *case_args(case))
    produced = (root / "locale/B/es/x.po").read_bytes()
    if REGENERATE:
        (CARRY / case / "new.po").write_bytes(produced)
    assert produced == (CARRY / case / "new.po").read_bytes()
    assert (root / "locale/A/es/x.po").read_bytes() == old_bytes, "edition A's catalog must not change"
    # A second run changes nothing, byte for byte, and says so.
    output = run_migrate(root, *case_args(case), "--format", "json")
    assert (root / "locale/B/es/x.po").read_bytes() == produced
    assert [b["action"] for b in json.loads(output)["booklets"]] == ["unchanged"]


def migrated(case: str, tmp_path: Path) -> dict[str, Entry]:
    root = migrate_project(case, tmp_path / "p")
    run_migrate(root, *case_args(case))
    catalog = read_catalog(root / "locale/B/es/x.po").catalog
    keys = [e.msgid for e in catalog.entries if not e.obsolete]
    assert len(keys) == len(set(keys))
    assert not any(e.obsolete for e in catalog.entries), "migrate leaves unused translations in edition A"
    return {e.msgid: e for e in catalog.entries}


CAT = "The cat sleeps on the mat. The dog barks at night. Birds sing in the morning."


def test_unchanged_and_moved_keep_translation_not_fuzzy(tmp_path: Path) -> None:
    for case in ("unchanged", "moved"):
        entries = migrated(case, tmp_path / case)
        moving = entries["A paragraph about rivers and mountains."]
        assert moving.msgstr == "Un párrafo sobre ríos y montañas."
        assert not moving.fuzzy and moving.previous_msgid is None
        assert all(e.translated and not e.fuzzy for e in entries.values())
    moved = migrated("moved", tmp_path / "again")["A paragraph about rivers and mountains."]
    assert moved.references == ("source/B/x.md:11",)


def test_edited_keeps_unchanged_sentences(tmp_path: Path) -> None:
    entries = migrated("edited", tmp_path)
    [edited] = [e for e in entries.values() if e.msgid.startswith("The cat")]
    assert edited.fuzzy
    assert edited.previous_msgid == CAT
    assert any(c.startswith("keys-l10n: edited from A x:5 (similarity") for c in edited.extracted_comments)
    text = edited.msgstr
    # Unchanged sentences keep their translated sentence; the changed one carries the old translated sentence;
    # the wholly new sentence is left in English for the translator to see.
    assert text.startswith("El gato duerme en la alfombra. El perro ladra de noche. Los pájaros cantan")
    assert text.endswith("Fish swim quietly under the bridge all day.")


def test_split_divides_translation_by_sentences(tmp_path: Path) -> None:
    entries = migrated("split", tmp_path)
    first = entries["The first part of a long paragraph talks about water and rain."]
    second = entries["The second part of the paragraph talks about fire and heat."]
    assert first.msgstr == "La primera parte de un párrafo largo habla del agua y de la lluvia."
    assert second.msgstr == "La segunda parte del párrafo habla del fuego y del calor."
    assert first.fuzzy and second.fuzzy
    assert first.previous_msgid == second.previous_msgid and "water and rain. The second" in str(first.previous_msgid)


def test_merged_joins_translations(tmp_path: Path) -> None:
    entries = migrated("merged", tmp_path)
    joined = entries["Short one about trees and forests. Another short one about leaves and roots."]
    assert joined.fuzzy
    assert joined.msgstr == "Uno corto sobre árboles y bosques. Otro corto sobre hojas y raíces."


def test_added_stays_empty(tmp_path: Path) -> None:
    entries = migrated("added", tmp_path)
    new = entries["A brand new paragraph that nobody has ever translated before."]
    assert new.msgstr == "" and not new.fuzzy


def test_removed_stays_in_edition_a(tmp_path: Path) -> None:
    entries = migrated("removed", tmp_path)
    assert "This paragraph will be removed entirely from the next one." not in entries
    old = read_catalog(CARRY / "removed" / "old.po").catalog
    assert any(e.msgstr == "Este párrafo se eliminará por completo en la siguiente." for e in old.entries)


def test_existing_translation_kept_unless_overwrite(tmp_path: Path) -> None:
    reviewed = "Un párrafo ya revisado sobre ríos y montes."
    kept = migrated("existing_kept", tmp_path / "kept")
    assert kept["A paragraph about rivers and mountains."].msgstr == reviewed
    assert kept["Title"].msgstr == "Título", "untranslated units of the target are filled"
    over = migrated("existing_overwrite", tmp_path / "over")
    assert over["A paragraph about rivers and mountains."].msgstr == "Un párrafo sobre ríos y montañas."


def test_overwrite_on_translated_target_leaves_no_duplicate(tmp_path: Path) -> None:
    """--overwrite on a fully translated target: each msgid once, no obsolete copy of a live entry."""
    root = migrate_project("unchanged", tmp_path / "p")
    run_migrate(root)
    first = (root / "locale/B/es/x.po").read_bytes()
    run_migrate(root, "--overwrite")
    catalog = read_catalog(root / "locale/B/es/x.po").catalog
    assert not catalog.obsolete
    assert (root / "locale/B/es/x.po").read_bytes() == first


def test_overwrite_without_carried_translation_keeps_target(tmp_path: Path) -> None:
    """--overwrite replaces a target translation only with a carried one, never with nothing."""
    root = migrate_project("existing_kept", tmp_path / "p")
    po = root / "locale/A/es/x.po"
    catalog = read_catalog(po).catalog
    po.write_bytes(serialize(replace(catalog, entries=tuple(e.changed(msgstr="") for e in catalog.entries))))
    run_migrate(root, "--overwrite")
    entries = {e.msgid: e for e in read_catalog(root / "locale/B/es/x.po").catalog.entries}
    assert entries["A paragraph about rivers and mountains."].msgstr == "Un párrafo ya revisado sobre ríos y montes."


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = migrate_project("edited", tmp_path / "p")
    output = run_migrate(root, "--dry-run")
    assert "dry run" in output
    assert not (root / "locale" / "B").exists()


def test_migrate_json_summary(tmp_path: Path) -> None:
    root = migrate_project("split", tmp_path / "p")
    code, output = invoke("--project", str(root), "migrate", "A", "B", "--format", "json")
    assert code == 0, output
    data = json.loads(output)
    [item] = data["booklets"]
    assert item["action"] == "created"
    assert item["messages"]["split"] == 2 and item["messages"]["kept"] == 2


# --- merge mode ------------------------------------------------------------------------------------------------


def run_merge_case(case: str, tmp_path: Path) -> bytes:
    """``keys-l10n merge --previous before.po template.pot -o out.po`` in a copy of the case (the provenance
    comments name the old catalog as given on the command line)."""
    work = tmp_path / case
    shutil.copytree(CARRY / case, work)
    cwd = Path.cwd()
    os.chdir(work)
    try:
        code, output = invoke("merge", "--previous", "before.po", "template.pot", "-o", "out.po")
    finally:
        os.chdir(cwd)
    assert code == 0, output
    return (work / "out.po").read_bytes()


@pytest.mark.parametrize("case", MERGE_CASES)
def test_merge_golden(case: str, tmp_path: Path) -> None:
    produced = run_merge_case(case, tmp_path)
    if REGENERATE:
        (CARRY / case / "after.po").write_bytes(produced)
    assert produced == (CARRY / case / "after.po").read_bytes()
    if MSGFMT is not None:
        msgfmt_check(tmp_path / case / "out.po")
    if MSGCAT is not None:
        assert msgcat_bytes(produced, tmp_path) == produced


def test_merge_removed_becomes_obsolete(tmp_path: Path) -> None:
    out = parse_catalog(run_merge_case("merge_removed_obsolete", tmp_path), "out.po").catalog
    gone = [e for e in out.entries if e.msgid == "This paragraph will be removed entirely from the next one."]
    assert len(gone) == 1 and gone[0].obsolete
    assert gone[0].msgstr == "Este párrafo se eliminará por completo en la siguiente."


def test_merge_revives_obsolete(tmp_path: Path) -> None:
    before = read_catalog(CARRY / "merge_revived" / "before.po").catalog
    assert any(e.obsolete for e in before.entries)
    out = parse_catalog(run_merge_case("merge_revived", tmp_path), "out.po").catalog
    assert not out.obsolete
    revived = [e for e in out.entries if e.msgid == "This paragraph will be removed entirely from the next one."]
    assert revived[0].translated and not revived[0].obsolete


def test_merge_edited_gets_fuzzy_with_previous(tmp_path: Path) -> None:
    out = parse_catalog(run_merge_case("merge_edited", tmp_path), "out.po").catalog
    [edited] = [e for e in out.live if e.msgid.startswith("The cat")]
    assert edited.fuzzy and edited.previous_msgid == CAT
    assert any(c.startswith("keys-l10n: similar text") for c in edited.extracted_comments)
    assert edited.msgstr.startswith("El gato duerme en la alfombra.")


@pytest.mark.skipif(MSGMERGE is None, reason="GNU msgmerge is not installed")
@pytest.mark.parametrize("case", MERGE_CASES)
def test_merge_same_entries_as_msgmerge(case: str, tmp_path: Path) -> None:
    """Which messages are translated, fuzzy or untranslated: the same as msgmerge --previous."""
    folder = CARRY / case
    reference = tmp_path / "msgmerge.po"
    subprocess.run(
        [str(MSGMERGE), "--previous", "-q", "-o", str(reference), str(folder / "before.po"), str(folder / "template.pot")],
        check=True,
        capture_output=True,
    )
    ours = parse_catalog(run_merge_case(case, tmp_path), "out.po").catalog
    theirs = read_catalog(reference).catalog
    assert [(e.msgid, e.state) for e in ours.live] == [(e.msgid, e.state) for e in theirs.live]
    # Obsolete: at least msgmerge's; keys-l10n also keeps an old entry used only as a fuzzy suggestion.
    assert {e.msgid for e in theirs.obsolete} <= {e.msgid for e in ours.obsolete}


# --- never drop a translation (hypothesis) -----------------------------------------------------------------------

WORDS = ["water", "fire", "tree", "leaf", "river", "stone", "hope", "the", "of", "and", "night", "day"]
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
old_entries = st.lists(
    st.tuples(
        texts,
        st.one_of(st.just(""), st.text("abcdeñé ", min_size=1, max_size=12).map(str.strip).filter(bool)),
        st.booleans(),  # fuzzy
        st.booleans(),  # obsolete
    ),
    max_size=12,
    unique_by=lambda t: t[0],
)
template_ids = st.lists(texts, max_size=12, unique=True)
HEADER = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")


def build_old(items: list[tuple[str, str, bool, bool]]) -> Catalog:
    entries = tuple(
        Entry(
            msgid=msgid,
            msgstr=msgstr,
            flags=("fuzzy",) if fuzzy and msgstr else (),
            obsolete=obsolete and bool(msgstr),
            references=() if obsolete and msgstr else ("x.md:1",),
        )
        for msgid, msgstr, fuzzy, obsolete in items
    )
    live = tuple(e for e in entries if not e.obsolete) + tuple(e for e in entries if e.obsolete)
    return Catalog(entries=live, header=HEADER)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=old_entries, ids=template_ids)
def test_merge_never_drops_a_translation(items: list[tuple[str, str, bool, bool]], ids: list[str], tmp_path: Path) -> None:
    old = build_old(items)
    template = Catalog(entries=tuple(Entry(msgid=m, references=("y.md:1",)) for m in ids), header=HEADER)
    merged, _ = merge_catalog(old, template, keep_previous=True)
    kept = {(e.msgid, e.msgstr) for e in merged.entries}
    for entry in old.entries:
        if entry.msgstr:
            assert (entry.msgid, entry.msgstr) in kept, f"dropped {entry.msgid!r}"
    live = [e.msgid for e in merged.entries if not e.obsolete]
    assert live == ids
    assert len({e.msgid for e in merged.entries}) == len(merged.entries), "a msgid twice"
    data = serialize(merged)
    if merged.entries and (MSGFMT is not None or MSGCAT is not None):  # msgcat writes no file for a bare header
        work = Path(tempfile.mkdtemp(dir=tmp_path))
        path = work / "merged.po"
        path.write_bytes(data)
        if MSGFMT is not None:
            msgfmt_check(path)
        if MSGCAT is not None:
            assert msgcat_bytes(data, work) == data
    again, _ = merge_catalog(parse_catalog(data, "merged.po").catalog, template, keep_previous=True)
    assert serialize(again) == data, "merging the result again changes it"


# --- real corpus ---------------------------------------------------------------------------------------------------


def _template_of(reference: Catalog) -> Catalog:
    entries = tuple(
        replace(e, msgstr="", msgstr_plural=tuple("" for _ in e.msgstr_plural), flags=(), translator_comments=(),
                previous_msgid=None, previous_msgctxt=None, raw=None)
        for e in reference.entries
        if not e.obsolete
    )
    return replace(reference, entries=entries, trailer="")


def _score(output: Catalog, reference: Catalog) -> tuple[float, float]:
    produced = {e.key: e for e in output.entries if not e.obsolete}
    judged = final = exact = covered = 0
    for ref in reference.entries:
        if ref.obsolete or ref.fuzzy or not ref.translated or ref.msgid_plural is not None:
            continue
        judged += 1
        got = produced.get(ref.key)
        if got is not None and got.msgstr:
            covered += 1
            if not got.fuzzy:
                final += 1
                exact += got.msgstr == ref.msgstr
    return exact / max(final, 1), covered / max(judged, 1)


HAS_CORPUS = (CORPUS / "A" / "po" / "es.po").is_file() and (CORPUS / "B" / "po" / "es.po").is_file()


def _merge_corpus(template: Catalog, tmp_path: Path, name: str) -> Path:
    pot = tmp_path / f"{name}.pot"
    pot.write_bytes(serialize(template))
    out = tmp_path / f"{name}.po"
    code, output = invoke("merge", "--previous", str(CORPUS / "A" / "po" / "es.po"), str(pot), "-o", str(out))
    assert code == 0, output
    return out


@pytest.mark.skipif(not HAS_CORPUS, reason="corpus not available")
def test_merge_on_real_corpus(tmp_path: Path) -> None:
    """A/po/es.po carried to B's msgids, scored against B's human translations."""
    reference = read_catalog(CORPUS / "B" / "po" / "es.po").catalog
    template = _template_of(reference)
    precision, coverage = _score(read_catalog(_merge_corpus(template, tmp_path, "all")).catalog, reference)
    # The 1,419 final entries are the exact matches; 3 of them got a new human translation in B (msgmerge and
    # pot2po score the same 1416/1419): the ceiling of the data, 0.998 when rounded as the issue states it.
    assert round(precision, 3) >= 0.998
    assert coverage >= 0.455  # msgmerge --previous on the whole pair, measured here: 0.455 (in 40-60 s)
    if MSGMERGE is None:
        return
    # msgmerge's fuzzy search is quadratic: compare on every 10th new entry (same old catalog) to stay fast.
    sample = replace(template, entries=template.entries[::10])
    keys = {e.key for e in sample.entries}
    sample_reference = replace(reference, entries=tuple(e for e in reference.entries if e.key in keys))
    ours = _score(read_catalog(_merge_corpus(sample, tmp_path, "sample")).catalog, sample_reference)
    theirs_path = tmp_path / "msgmerge.po"
    subprocess.run(
        [MSGMERGE, "--previous", "-q", "-o", str(theirs_path), str(CORPUS / "A" / "po" / "es.po"),
         str(tmp_path / "sample.pot")],
        check=True,
        capture_output=True,
    )
    theirs = _score(read_catalog(theirs_path).catalog, sample_reference)
    assert ours[0] >= theirs[0]
    assert ours[1] >= theirs[1], f"coverage {ours[1]:.3f} below msgmerge's {theirs[1]:.3f}"
