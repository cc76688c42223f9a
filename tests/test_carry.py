"""`merge` (a drop-in for msgmerge --previous): golden cases, the never-drop property, the real-corpus score.

``data/carry/<case>/`` with ``before.po`` + ``template.pot`` -> expected ``after.po``, through
``keys-l10n merge --previous`` (the migrate cases of the same folder are in ``test_migrate.py``). Every expected
file was reviewed by hand; the tests also check the behaviour each case stands for, so that a regenerated golden
file cannot silently bless a regression. ``KEYS_L10N_REGENERATE=1`` rewrites the golden files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from conftest import CORPUS, DATA, MSGCAT, MSGFMT, msgcat_bytes, msgfmt_check
from keys_l10n.adapters.po import parse_catalog, read_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.cli.app import app
from keys_l10n.core.merge import MergeOptions, merge_catalog
from keys_l10n.core.model import Catalog, Entry

CARRY = DATA / "carry"
MERGE_CASES = sorted(p.name for p in CARRY.iterdir() if (p / "before.po").is_file())
MSGMERGE = shutil.which("msgmerge")
CAT = "The cat sleeps on the mat. The dog barks at night. Birds sing in the morning."
REGENERATE = os.environ.get("KEYS_L10N_REGENERATE") == "1"  # rewrite the golden files (review the diff!)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


# --- merge mode ------------------------------------------------------------------------------------------------


def test_cases_present() -> None:
    assert {"merge_removed_obsolete", "merge_revived", "merge_edited"} <= set(MERGE_CASES)


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
        [
            str(MSGMERGE),
            "--previous",
            "-q",
            "-o",
            str(reference),
            str(folder / "before.po"),
            str(folder / "template.pot"),
        ],
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
CONTEXTS = st.sampled_from([None, None, "menu"])
old_entries = st.lists(
    st.tuples(
        st.tuples(CONTEXTS, texts),  # (msgctxt, msgid)
        st.one_of(st.just(""), st.text("abcdeñé ", min_size=1, max_size=12).map(str.strip).filter(bool)),
        st.booleans(),  # fuzzy
        st.booleans(),  # obsolete
    ),
    max_size=12,
    unique_by=lambda t: t[0],
)
template_keys = st.lists(st.tuples(CONTEXTS, texts), max_size=12, unique=True)
HEADER = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n")
Key = tuple[str | None, str]


def build_old(items: list[tuple[Key, str, bool, bool]]) -> Catalog:
    entries = tuple(
        Entry(
            msgid=msgid,
            msgctxt=msgctxt,
            msgstr=msgstr,
            flags=("fuzzy",) if fuzzy and msgstr else (),
            obsolete=obsolete and bool(msgstr),
            references=() if obsolete and msgstr else ("x.md:1",),
        )
        for (msgctxt, msgid), msgstr, fuzzy, obsolete in items
    )
    live = tuple(e for e in entries if not e.obsolete) + tuple(e for e in entries if e.obsolete)
    return Catalog(entries=live, header=HEADER)


@settings(
    max_examples=int(os.environ.get("KEYS_L10N_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(items=old_entries, keys=template_keys)
def test_merge_never_drops_a_translation(
    items: list[tuple[Key, str, bool, bool]], keys: list[Key], tmp_path: Path
) -> None:
    """Random old catalogs and templates: every non-empty msgstr of the old catalog is in the output (live or
    obsolete), the live entries are the template's, each key once; the output is gettext-clean and a fixed point."""
    old = build_old(items)
    template = Catalog(entries=tuple(Entry(msgid=m, msgctxt=c, references=("y.md:1",)) for c, m in keys), header=HEADER)
    merged, _ = merge_catalog(old, template, MergeOptions(keep_previous=True))
    kept = {(e.key, e.msgstr) for e in merged.entries}
    for entry in old.entries:
        if entry.msgstr:
            assert (entry.key, entry.msgstr) in kept, f"dropped {entry.key!r}"
    live = [e.key for e in merged.entries if not e.obsolete]
    assert live == keys
    assert len({e.key for e in merged.entries}) == len(merged.entries), "a key twice"
    data = serialize(merged)
    if merged.entries and (MSGFMT is not None or MSGCAT is not None):  # msgcat writes no file for a bare header
        work = Path(tempfile.mkdtemp(dir=tmp_path))
        path = work / "merged.po"
        path.write_bytes(data)
        if MSGFMT is not None:
            msgfmt_check(path)
        if MSGCAT is not None:
            assert msgcat_bytes(data, work) == data
    again, _ = merge_catalog(parse_catalog(data, "merged.po").catalog, template, MergeOptions(keep_previous=True))
    assert serialize(again) == data, "merging the result again changes it"


# --- real corpus ---------------------------------------------------------------------------------------------------


def _template_of(reference: Catalog) -> Catalog:
    entries = tuple(
        replace(
            e,
            msgstr="",
            msgstr_plural=tuple("" for _ in e.msgstr_plural),
            flags=(),
            translator_comments=(),
            previous_msgid=None,
            previous_msgctxt=None,
            raw=None,
        )
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
        [
            MSGMERGE,
            "--previous",
            "-q",
            "-o",
            str(theirs_path),
            str(CORPUS / "A" / "po" / "es.po"),
            str(tmp_path / "sample.pot"),
        ],
        check=True,
        capture_output=True,
    )
    theirs = _score(read_catalog(theirs_path).catalog, sample_reference)
    assert ours[0] >= theirs[0]
    assert ours[1] >= theirs[1], f"coverage {ours[1]:.3f} below msgmerge's {theirs[1]:.3f}"


# --- folders, compendium, -N ---------------------------------------------------------------------------------------


def test_merge_folders_share_memory(tmp_path: Path) -> None:
    """OLD_DIR/x/y.po pairs with NEW_DIR/x/y.pot; every old catalog serves as memory for every file."""
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "sub").mkdir(parents=True)
    (new / "sub").mkdir(parents=True)
    shutil.copy(CARRY / "merge_removed_obsolete" / "before.po", old / "sub" / "a.po")
    shutil.copy(CARRY / "merge_removed_obsolete" / "template.pot", new / "sub" / "a.pot")
    shutil.copy(CARRY / "merge_edited" / "template.pot", new / "b.pot")  # no old b.po
    out = tmp_path / "out"
    code, output = invoke("merge", "--previous", str(old), str(new), "-o", str(out))
    assert code == 0, output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.po")) == ["b.po", "sub/a.po"]
    a = read_catalog(out / "sub" / "a.po").catalog
    assert [e.msgid for e in a.obsolete] == ["This paragraph will be removed entirely from the next one."]
    b = {e.msgid: e for e in read_catalog(out / "b.po").catalog.live}
    edited = next(e for m, e in b.items() if m.startswith("The cat"))
    assert edited.fuzzy and edited.msgstr.startswith("El gato duerme")
    assert any(c.endswith(f"in {old / 'sub' / 'a.po'}") for c in edited.extracted_comments)
    for path in (out / "b.po", out / "sub" / "a.po"):
        if MSGFMT is not None:
            msgfmt_check(path)
    # The same run again writes nothing.
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.po")}
    code, output = invoke("merge", "--previous", str(old), str(new), "-o", str(out))
    assert code == 0 and output == ""  # quiet when nothing changed; -v lists the unchanged catalogs
    code, output = invoke("merge", "--previous", str(old), str(new), "-o", str(out), "-v")
    assert code == 0 and output.count("unchanged") == 2
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.po")} == stamps


def test_merge_compendium_and_no_fuzzy(tmp_path: Path) -> None:
    template = CARRY / "merge_edited" / "template.pot"
    empty = tmp_path / "empty.po"
    empty.write_bytes((CARRY / "merge_edited" / "before.po").read_bytes().split(b"\n\n")[0] + b"\n")
    out = tmp_path / "out.po"
    compendium = CARRY / "merge_edited" / "before.po"
    code, output = invoke("merge", str(empty), str(template), "-o", str(out), "-C", str(compendium))
    assert code == 0, output
    entries = {e.msgid: e for e in read_catalog(out).catalog.live}
    # msgmerge -C: exact compendium matches are final; the edited paragraph gets a fuzzy suggestion
    assert entries["Title"].msgstr == "Título" and not entries["Title"].fuzzy
    edited = next(e for m, e in entries.items() if m.startswith("The cat"))
    assert edited.fuzzy and edited.msgstr.startswith("El gato")
    assert all(e.previous_msgid is None for e in entries.values()), "no #| without --previous"
    code, output = invoke("merge", "-N", str(empty), str(template), "-o", str(out), "-C", str(compendium))
    assert code == 0, output
    entries = {e.msgid: e for e in read_catalog(out).catalog.live}
    assert entries["Title"].msgstr == "Título", "-N still takes exact matches, as msgmerge -N -C does"
    assert all(not e.fuzzy for e in entries.values())
    assert not next(e for m, e in entries.items() if m.startswith("The cat")).msgstr


def test_merge_errors(tmp_path: Path) -> None:
    code, output = invoke("merge", str(tmp_path / "none.po"), str(CARRY / "merge_edited" / "template.pot"), "-o", "x")
    assert code == 1 and output.startswith("error:") and "no such file or folder" in output
    code, output = invoke("merge", str(CARRY / "merge_edited" / "before.po"), str(CARRY), "-o", str(tmp_path / "x"))
    assert code == 1 and "both be files or both be folders" in output
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    code, output = invoke("merge", str(broken), str(CARRY / "merge_edited" / "template.pot"), "-o", str(tmp_path / "o"))
    assert code == 1 and output.startswith(f"error: {broken}:") and "Traceback" not in output
    assert not (tmp_path / "o").exists()


def test_carry_edited_sentence_joined_by_the_translator() -> None:
    """Three English sentences, two Spanish ones (the translator joined the last two): editing the first sentence
    keeps the second Spanish sentence once, with nothing left in English; the same text returns the translation."""
    from keys_l10n.core.carry_text import carry_edited

    old = "The first one is here. The second one is longer than the first. The third closes it all."
    spanish = "El primero está aquí. El segundo es más largo que el primero y el tercero lo cierra todo."
    new = "The first one was here. The second one is longer than the first. The third closes it all."
    assert carry_edited(old, spanish, new) == spanish
    assert carry_edited(old, spanish, old) == spanish
    added = new + " A fourth sentence nobody has translated yet."
    assert carry_edited(old, spanish, added) == spanish + " A fourth sentence nobody has translated yet."


def test_split_translation_three_ways() -> None:
    from keys_l10n.core.carry_text import split_translation

    old = "One sentence about water and rain. Two sentences about fire and heat here. Three about the earth and stones."
    spanish = "Una frase sobre agua y lluvia. Dos frases sobre fuego y calor aquí. Tres sobre la tierra y las piedras."
    parts = (
        "One sentence about water and rain.",
        "Two sentences about fire and heat here.",
        "Three about the earth and many stones.",
    )
    assert split_translation(old, spanish, parts) == [
        "Una frase sobre agua y lluvia.",
        "Dos frases sobre fuego y calor aquí.",
        "Tres sobre la tierra y las piedras.",
    ]
    # The translator had joined the first two sentences: that share goes whole to the first part, none is invented.
    joined = "Una frase sobre agua y lluvia y dos frases sobre fuego y calor aquí. Tres sobre la tierra y las piedras."
    assert split_translation(old, joined, parts) == [
        "Una frase sobre agua y lluvia y dos frases sobre fuego y calor aquí.",
        "",
        "Tres sobre la tierra y las piedras.",
    ]
