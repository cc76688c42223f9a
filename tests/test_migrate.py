"""`migrate A B`: golden cases for every class of change, --overwrite, --dry-run, the shipped editions, and
running it twice (nothing changes the second time).

``data/carry/<case>/`` with ``old.md`` (edition A), ``new.md`` (edition B), ``old.po`` (A's Spanish catalog)
[+ ``target.po``, B's catalog before the run, + ``args``, extra command-line arguments] -> expected ``new.po``.
Each case runs in a small project in tmp_path through the real command (typer's CliRunner). Every expected file
was reviewed by hand, and the tests also check the behaviour each case stands for.
``KEYS_L10N_REGENERATE=1`` rewrites the golden files.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from conftest import DATA, FIXED_EPOCH, MSGCAT, MSGFMT, SHIPPED, assert_gettext_canonical
from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.cli.app import app
from keys_l10n.core.model import Entry

CARRY = DATA / "carry"
MIGRATE_CASES = sorted(p.name for p in CARRY.iterdir() if (p / "old.md").is_file())
REGENERATE = os.environ.get("KEYS_L10N_REGENERATE") == "1"  # rewrite the golden files (review the diff!)
TOML = (  # the golden catalogs were made for the shipped series: its title is in their headers
    'title = "Keys to Psychosocial Accompaniment"\n'
    'source_language = "en"\nlocales = ["es"]\n\n[editions.A]\npath = "source/A"\n\n[editions.B]\npath = "source/B"\n'
)


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
    assert_gettext_canonical(root / "locale/B/es/x.po", tmp_path)


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


# --- the shipped editions ----------------------------------------------------------------------------------------


def test_shipped_2014_to_2021(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(SHIPPED / "keys-l10n.toml", root / "keys-l10n.toml")
    shutil.copytree(SHIPPED / "source", root / "source")
    shutil.copytree(SHIPPED / "locale", root / "locale")
    old = {p: p.read_bytes() for p in sorted((root / "locale" / "2014").rglob("*.po"))}
    code, output = invoke("--project", str(root), "migrate", "2014", "2021", "--format", "json")
    assert code == 0, output
    summary = {b["lang"]: b for b in json.loads(output)["booklets"]}
    assert summary["es"]["messages"] | {} == {
        "kept": 3,
        "moved": 0,
        "edited": 3,
        "split": 0,
        "merged": 0,
        "fuzzy": 0,
        "composed": 0,
        "new": 2,
    }
    assert summary["fr"]["messages"]["kept"] == 2 and summary["fr"]["messages"]["edited"] == 2
    for lang in ("es", "fr"):
        po = root / "locale" / "2021" / lang / "presentation.po"
        assert_gettext_canonical(po, tmp_path)
        entries = {e.msgid: e for e in read_catalog(po).catalog.live}
        title = entries["Keys to Psychosocial Accompaniment (2 ed.)"]
        assert title.fuzzy and title.previous_msgid == "Keys towards Psychosocial Accompaniment"
    es = {e.msgid: e for e in read_catalog(root / "locale/2021/es/presentation.po").catalog.live}
    edited = next(e for m, e in es.items() if m.startswith("The series"))
    # One sentence changed ("Keys towards" -> "Keys to"); the other sentences keep their translation word for word.
    assert "A principios de 2014, Aluna Acompañamiento Psicosocial convocó" in edited.msgstr
    assert {p: p.read_bytes() for p in old} == old, "edition 2014 is only read"
    first = {p: p.read_bytes() for p in (root / "locale" / "2021").rglob("*.po")}
    code, output = invoke("--project", str(root), "migrate", "2014", "2021", "--format", "json")
    assert code == 0 and {b["action"] for b in json.loads(output)["booklets"]} == {"unchanged"}
    assert {p: p.read_bytes() for p in first} == first


def test_migrate_errors(tmp_path: Path) -> None:
    root = migrate_project("unchanged", tmp_path / "p")
    code, output = invoke("--project", str(root), "migrate", "A", "A")
    assert code == 1 and output.startswith("error: migrate needs two different editions")
    code, output = invoke("--project", str(root), "migrate", "A", "C")
    assert code == 2 and output.startswith("error:") and "Traceback" not in output


# --- twice is once (hypothesis) ----------------------------------------------------------------------------------

SENTENCES = [
    "The cat sleeps on the mat.",
    "The dog barks at night.",
    "Birds sing in the morning.",
    "Rivers run to the sea.",
    "We thank the participants of the workshops.",
    "Hope grows with justice.",
    "Memory is a form of resistance.",
]
PARAGRAPH = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3, unique=True).map(" ".join)
BOOKLET = st.lists(st.one_of(PARAGRAPH, PARAGRAPH.map(lambda p: "## " + p.rstrip("."))), min_size=1, max_size=6)


def spanish(text: str) -> str:
    return "ES " + text[::-1]


@settings(
    max_examples=int(os.environ.get("KEYS_L10N_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(old=BOOKLET, new=BOOKLET, translate=st.lists(st.booleans(), min_size=6, max_size=6))
def test_migrate_twice_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, old: list[str], new: list[str], translate: list[bool]
) -> None:
    """Random editions A and B, A partly translated: the second migrate writes the same bytes, A is untouched,
    every translated message of A that B still has keeps its translation, and the catalog is gettext-clean."""
    from keys_l10n.adapters.config import load_config
    from keys_l10n.usecases.catalogs import extract, update

    root = tmp_path_factory.mktemp("m")
    (root / "source" / "A").mkdir(parents=True)
    (root / "source" / "B").mkdir(parents=True)
    (root / "keys-l10n.toml").write_text(TOML, encoding="utf-8")
    (root / "source" / "A" / "x.md").write_text("# T\n\n" + "\n\n".join(old) + "\n", encoding="utf-8")
    (root / "source" / "B" / "x.md").write_text("# T\n\n" + "\n\n".join(new) + "\n", encoding="utf-8")
    config = load_config(root)
    extract(config, edition="A")
    update(config, edition="A", lang=["es"])
    po_a = root / "locale" / "A" / "es" / "x.po"
    catalog = read_catalog(po_a).catalog
    entries = tuple(
        e.changed(msgstr=spanish(e.msgid)) if translate[k % len(translate)] else e
        for k, e in enumerate(catalog.entries)
    )
    po_a.write_bytes(serialize(replace(catalog, entries=entries)))
    a_bytes = po_a.read_bytes()
    code, output = invoke("--project", str(root), "migrate", "A", "B")
    assert code == 0, output
    po_b = root / "locale" / "B" / "es" / "x.po"
    first = po_b.read_bytes()
    code, output = invoke("--project", str(root), "migrate", "A", "B", "--format", "json")
    assert code == 0, output
    assert po_b.read_bytes() == first
    assert [b["action"] for b in json.loads(output)["booklets"]] == ["unchanged"]
    assert po_a.read_bytes() == a_bytes
    translated = {e.msgid: e.msgstr for e in read_catalog(po_a).catalog.live if e.translated and not e.fuzzy}
    for entry in read_catalog(po_b).catalog.live:
        if entry.msgid in translated:
            assert entry.msgstr == translated[entry.msgid] and not entry.fuzzy
    if MSGFMT is not None or MSGCAT is not None:
        assert_gettext_canonical(po_b, root)


def test_memory_from_other_booklets_and_filters(tmp_path: Path) -> None:
    """A new paragraph of booklet y similar to one translated in booklet x gets a fuzzy suggestion from x;
    --booklet and --lang limit what is written."""
    root = tmp_path / "p"
    for edition in ("A", "B"):
        (root / "source" / edition).mkdir(parents=True)
    (root / "keys-l10n.toml").write_text(TOML.replace('["es"]', '["es", "fr"]'), encoding="utf-8")
    base = (CARRY / "unchanged" / "old.md").read_text(encoding="utf-8")
    (root / "source" / "A" / "x.md").write_text(base, encoding="utf-8")
    (root / "source" / "B" / "x.md").write_text(base, encoding="utf-8")
    (root / "source" / "A" / "y.md").write_text("# Other\n", encoding="utf-8")
    (root / "source" / "B" / "y.md").write_text(
        "# Other\n\nThe cat sleeps on the mat. The dog barks at night. Birds sing all morning.\n", encoding="utf-8"
    )
    (root / "locale" / "A" / "es").mkdir(parents=True)
    shutil.copy(CARRY / "unchanged" / "old.po", root / "locale" / "A" / "es" / "x.po")
    code, output = invoke("--project", str(root), "migrate", "A", "B", "--booklet", "y", "--lang", "es")
    assert code == 0, output
    assert sorted(p.relative_to(root).as_posix() for p in (root / "locale" / "B").rglob("*.po")) == ["locale/B/es/y.po"]
    entries = {e.msgid: e for e in read_catalog(root / "locale" / "B" / "es" / "y.po").catalog.live}
    similar = entries["The cat sleeps on the mat. The dog barks at night. Birds sing all morning."]
    assert similar.fuzzy and similar.msgstr.startswith("El gato duerme en la alfombra. El perro ladra de noche.")
    assert any(c.startswith("keys-l10n: similar text") and c.endswith("in A x") for c in similar.extracted_comments)
    assert entries["Other"].msgstr == ""


def test_repeated_text_keeps_its_exact_translation(tmp_path: Path) -> None:
    """A paragraph that occurs twice in B and once, translated, in A keeps A's translation, final: the
    alignment may call one occurrence an edit of another old paragraph, but the same text wins (found by
    hypothesis: the first pair used to decide, giving a fuzzy suggestion with an English sentence appended)."""
    root = tmp_path / "p"
    for edition in ("A", "B"):
        (root / "source" / edition).mkdir(parents=True)
    (root / "keys-l10n.toml").write_text(TOML, encoding="utf-8")
    same = "The cat sleeps on the mat. The dog barks at night. Rivers run to the sea."
    old = ["The cat sleeps on the mat. The dog barks at night. Birds sing in the morning.", "Hope grows.", same]
    (root / "source" / "A" / "x.md").write_text("# T\n\n" + "\n\n".join(old) + "\n", encoding="utf-8")
    (root / "source" / "B" / "x.md").write_text(f"# T\n\n{same}\n\n{same}\n", encoding="utf-8")
    from keys_l10n.adapters.config import load_config
    from keys_l10n.usecases.catalogs import extract, update

    config = load_config(root)
    extract(config, edition="A")
    update(config, edition="A", lang=["es"])
    po_a = root / "locale" / "A" / "es" / "x.po"
    catalog = read_catalog(po_a).catalog
    # The translator joined two sentences: two Spanish sentences for three English ones.
    translation = "El gato duerme en la alfombra y el perro ladra de noche. Los ríos van al mar."
    entries = tuple(e.changed(msgstr=translation) if e.msgid == same else e for e in catalog.entries)
    po_a.write_bytes(serialize(replace(catalog, entries=entries)))
    code, output = invoke("--project", str(root), "migrate", "A", "B")
    assert code == 0, output
    [entry] = [e for e in read_catalog(root / "locale" / "B" / "es" / "x.po").catalog.live if e.msgid == same]
    assert entry.msgstr == translation and not entry.fuzzy


def test_renamed_booklet(tmp_path: Path) -> None:
    """A booklet renamed between editions (found by compare) gets the old booklet's translations."""
    root = migrate_project("edited", tmp_path / "p")
    (root / "source" / "B" / "x.md").rename(root / "source" / "B" / "renamed.md")
    code, output = invoke("--project", str(root), "migrate", "A", "B", "--format", "json")
    assert code == 0, output
    [item] = json.loads(output)["booklets"]
    assert (item["booklet"], item["from_booklet"], item["action"]) == ("renamed", "x", "created")
    expected = (CARRY / "edited" / "new.po").read_bytes().replace(b"source/B/x.md", b"source/B/renamed.md")
    produced = (root / "locale" / "B" / "es" / "renamed.po").read_bytes()
    assert produced.split(b"\n\n", 1)[1] == expected.split(b"\n\n", 1)[1]  # the same entries (header names the booklet)


def test_overwrite_keeps_the_replaced_translation_in_memory(tmp_path: Path) -> None:
    """Issue 12: --overwrite replaced a reviewed translation and kept it nowhere; now it goes to locale/tm/."""
    reviewed = "Un párrafo ya revisado sobre ríos y montes."
    root = migrate_project("existing_overwrite", tmp_path / "p")
    target = (root / "locale/B/es/x.po").read_bytes()
    assert reviewed.encode() in target
    output = run_migrate(root, "--overwrite")
    assert "kept 1 replaced translation in locale/tm/es.po" in output
    memory = {e.msgid: e for e in read_catalog(root / "locale/tm/es.po").catalog.entries}
    assert memory["A paragraph about rivers and mountains."].msgstr == reviewed
    assert not memory["A paragraph about rivers and mountains."].fuzzy
    again = run_migrate(root, "--overwrite")
    assert "replaced translation" not in again, "nothing new replaced: the memory is not written again"
    code, help_text = invoke("migrate", "--help")
    assert code == 0 and "locale/tm/LANG.po" in " ".join(help_text.split())


def test_overwrite_dry_run_says_where_replaced_text_would_go(tmp_path: Path) -> None:
    root = migrate_project("existing_overwrite", tmp_path / "p")
    output = run_migrate(root, "--overwrite", "--dry-run")
    assert "would keep 1 replaced translation in locale/tm/es.po" in output
    assert not (root / "locale/tm").exists()


SPLIT_OLD = (
    "# Water\n\nWater is a common good. When the wells run dry, the whole village walks to the distant springs.[^1]\n\n"
    "[^1]: Field notes, 2012.\n"
)
SPLIT_NEW = (
    "# Water\n\nWater is a common good.\n\nWhen the wells run dry, the whole village walks to the distant springs.[^1]"
    "\n\n[^1]: Field notes, 2012.\n"
)
SPLIT_TRANSLATIONS = {
    "es": (
        "El agua es un bien común. Cuando los pozos se secan, todo el pueblo camina hasta los manantiales lejanos.[^1]",
        "El agua es un bien común.",
        "Cuando los pozos se secan, todo el pueblo camina hasta los manantiales lejanos.[^1]",
    ),
    "ar": (
        "الماء منفعة عامة. عندما تجف الآبار، تمشي القرية كلها إلى الينابيع البعيدة.[^1]",
        "الماء منفعة عامة.",
        "عندما تجف الآبار، تمشي القرية كلها إلى الينابيع البعيدة.[^1]",
    ),
}


def test_split_divided_by_sentences_never_duplicated(tmp_path: Path) -> None:
    """Issue 12: a split paragraph got the whole old translation in its first part and, through the memory, again
    in the second ([^1] twice in the built booklet); in Arabic both parts had the full text. The migrate report
    counted the second part twice."""
    root = tmp_path / "p"
    for edition, text in (("A", SPLIT_OLD), ("B", SPLIT_NEW)):
        (root / "source" / edition).mkdir(parents=True)
        (root / "source" / edition / "x.md").write_text(text, encoding="utf-8")
    (root / "keys-l10n.toml").write_text(TOML.replace('["es"]', '["es", "ar"]'), encoding="utf-8")
    old_paragraph = SPLIT_OLD.split("\n\n")[1]
    for lang, (whole, _, _) in SPLIT_TRANSLATIONS.items():
        po = root / "locale" / "A" / lang / "x.po"
        po.parent.mkdir(parents=True)
        entries = (
            Entry(msgid="", msgstr="Language: " + lang + "\nContent-Type: text/plain; charset=UTF-8\n"),
            Entry(msgid="Water", msgstr="Agua" if lang == "es" else "الماء"),
            Entry(msgid=old_paragraph, msgstr=whole),
            Entry(msgid="Field notes, 2012.", msgstr="Notas de campo, 2012." if lang == "es" else "ملاحظات، 2012."),
        )
        po.write_bytes(serialize(replace(read_catalog(CARRY / "split" / "old.po").catalog, entries=entries[1:])))
    code, output = invoke("--project", str(root), "migrate", "A", "B", "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    first, second = SPLIT_NEW.split("\n\n")[1:3]
    for lang, (_, part_one, part_two) in SPLIT_TRANSLATIONS.items():
        entries = {e.msgid: e for e in read_catalog(root / "locale" / "B" / lang / "x.po").catalog.live}
        assert entries[first].msgstr == part_one and entries[first].fuzzy
        assert entries[second].msgstr == part_two and entries[second].fuzzy
        assert all(e.previous_msgid == old_paragraph for e in (entries[first], entries[second]))
        booklet = next(b for b in report["booklets"] if b["lang"] == lang)
        assert sum(booklet["messages"].values()) == len(entries), booklet["messages"]
        assert booklet["messages"]["split"] == 2


def test_split_the_translator_did_not_divide_is_not_copied(tmp_path: Path) -> None:
    """A translation of one sentence for two source sentences: the first part gets it, the second none (not a
    copy from the memory), and both say the division is uncertain."""
    from keys_l10n.core.merge import Hint, merge_catalog
    from keys_l10n.core.model import Catalog
    from keys_l10n.core.translation_memory import TranslationMemory

    old = SPLIT_OLD.split("\n\n")[1]
    first, second = SPLIT_NEW.split("\n\n")[1:3]
    joined = "El agua, bien común, es lo que el pueblo busca en los manantiales lejanos cuando se secan los pozos."
    base = Catalog(entries=(Entry(msgid=old, msgstr=joined),))
    template = Catalog(entries=(Entry(msgid=first), Entry(msgid=second)))
    hints = {
        (None, text): Hint("split", ((None, old),), part=k, parts=(first, second), origin="A x:3")
        for k, text in enumerate((first, second))
    }
    merged, report = merge_catalog(
        Catalog(entries=()),
        template,
        hints=hints,
        hint_entries={(None, old): base.entries[0]},
        memory=TranslationMemory(base.entries),
    )
    one, two = merged.entries[:2]
    assert one.msgstr == joined and one.fuzzy
    assert two.msgstr == "" and not two.fuzzy
    assert any("could not be divided" in c for c in one.extracted_comments)
    assert any("another part" in c for c in two.extracted_comments)
    assert report.split == 2 and report.fuzzy == 0


def test_units_moved_to_another_booklet_bring_their_translation(tmp_path: Path) -> None:
    """Issue 17: a paragraph that left booklet x for booklet y keeps its translation, final; one edited on
    the way gets it as a fuzzy suggestion from x."""
    root = tmp_path / "p"
    for edition in ("A", "B"):
        (root / "source" / edition).mkdir(parents=True)
    (root / "keys-l10n.toml").write_text(TOML, encoding="utf-8")
    base = (CARRY / "unchanged" / "old.md").read_text(encoding="utf-8")
    cat = "The cat sleeps on the mat. The dog barks at night. Birds sing in the morning."
    rivers = "A paragraph about rivers and mountains."
    (root / "source" / "A" / "x.md").write_text(base, encoding="utf-8")
    (root / "source" / "A" / "y.md").write_text("# Other\n\nSomething else entirely, about the sea.\n", "utf-8")
    (root / "source" / "B" / "x.md").write_text(
        base.replace(cat + "\n\n", "").replace(rivers + "\n\n", ""), encoding="utf-8"
    )
    (root / "source" / "B" / "y.md").write_text(
        f"# Other\n\nSomething else entirely, about the sea.\n\n{rivers}\n\n"
        + cat.replace("in the morning", "all morning")
        + "\n",
        encoding="utf-8",
    )
    (root / "locale" / "A" / "es").mkdir(parents=True)
    shutil.copy(CARRY / "unchanged" / "old.po", root / "locale" / "A" / "es" / "x.po")
    code, output = invoke("--project", str(root), "migrate", "A", "B", "--format", "json")
    assert code == 0, output
    entries = {e.msgid: e for e in read_catalog(root / "locale" / "B" / "es" / "y.po").catalog.live}
    assert entries[rivers].msgstr == "Un párrafo sobre ríos y montañas." and not entries[rivers].fuzzy
    edited = entries[cat.replace("in the morning", "all morning")]
    assert edited.fuzzy and edited.msgstr.startswith("El gato duerme en la alfombra. El perro ladra de noche.")
    assert edited.previous_msgid == cat
    assert any(c.startswith("keys-l10n: edited from A x:5") for c in edited.extracted_comments)
    summary = {b["booklet"]: b["messages"] for b in json.loads(output)["booklets"]}
    assert summary["y"]["moved"] == 1 and summary["y"]["edited"] == 1
