"""Other tools read what we write the way we do: Weblate's translation-finder finds our layout; polib and
translate-toolkit (two independent readers) see the same messages in every catalog we write; and real catalogs
written by other tools (the comprehensive-rust corpus) round-trip byte for byte.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from translate.storage import pypo

from conftest import CORPUS, DATA, FIXED_EPOCH, SHIPPED, assert_gettext_canonical, catalogs_in, write_project
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.po import parse_catalog, read_catalog
from keys_l10n.adapters.po_write import serialize, write_atomic
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.usecases.catalogs import extract, update


@pytest.fixture(scope="module")
def written_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project whose catalogs keys-l10n wrote: every golden booklet, translated, then edited and updated."""
    monkey = pytest.MonkeyPatch()
    monkey.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    try:
        root = tmp_path_factory.mktemp("ecosystem") / "project"
        booklets = {p.stem: p.read_bytes().decode("utf-8") for p in sorted((DATA / "segment").glob("*.md"))}
        write_project(root, locales=("es", "fr"), booklets=booklets)
        config = load_config(root)
        extract(config)
        update(config)
        for path in sorted((root / "locale").rglob("*.po")):  # the translators do their work
            catalog = read_catalog(path).catalog
            entries = tuple(
                e.changed(msgstr=e.msgid.swapcase(), translator_comments=("checked",)) if i % 3 else e
                for i, e in enumerate(catalog.entries)
            )
            write_atomic(path, serialize(Catalog(entries=entries, header=catalog.header)))
        for name in ("headings", "tables", "nested_lists"):  # the authors edit the booklets
            md = root / "source" / "2021" / f"{name}.md"
            text = md.read_text(encoding="utf-8")
            md.write_text(
                text.replace("item", "element").replace("Term", "Word").replace("level", "tier"), encoding="utf-8"
            )
        extract(config)
        update(config)
        yield root
    finally:
        monkey.undo()


def written_catalogs(root: Path) -> list[Path]:
    return catalogs_in(root / "locale")


def test_the_written_project_has_every_kind_of_entry(written_project: Path) -> None:
    entries = [e for p in written_catalogs(written_project) for e in read_catalog(p).catalog.entries]
    assert any(e.fuzzy and e.previous_msgid for e in entries)
    assert any(e.obsolete for e in entries)
    assert any(e.msgctxt for e in entries)
    assert any(e.translator_comments for e in entries)
    assert any(e.translated and not e.fuzzy for e in entries)
    assert any("\n" in e.msgid for e in entries)


def test_written_catalogs_are_gettext_canonical(written_project: Path, tmp_path: Path) -> None:
    """Every POT and PO the tool wrote (created, translated, updated with fuzzy and obsolete entries)."""
    paths = written_catalogs(written_project)
    assert len(paths) == 3 * len(list((DATA / "segment").glob("*.md")))
    for path in paths:
        assert_gettext_canonical(path, tmp_path)


# -- translation-finder (Weblate) ----------------------------------------------------------------------------
def test_translation_finder_detects_our_layout(tmp_path: Path) -> None:
    from translation_finder import discover

    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(SHIPPED / "keys-l10n.toml", root)
    shutil.copytree(SHIPPED / "source", root / "source")
    shutil.copytree(SHIPPED / "locale", root / "locale")
    found = {(r["filemask"], r.get("new_base"), r["file_format"]) for r in discover(str(root))}
    for edition in ("2014", "2021"):
        assert (f"locale/{edition}/*/presentation.po", f"locale/{edition}/presentation.pot", "po") in found


def test_translation_finder_detects_a_new_project(written_project: Path) -> None:
    from translation_finder import discover

    found = {r["filemask"]: r.get("new_base") for r in discover(str(written_project))}
    for booklet in ("headings", "tables", "crlf"):
        assert found.get(f"locale/2021/*/{booklet}.po") == f"locale/2021/{booklet}.pot"


# -- polib ---------------------------------------------------------------------------------------------------
def _ours(path: Path) -> Catalog:
    return parse_catalog(path.read_bytes(), path).catalog


def _all_catalogs(root: Path) -> list[Path]:
    shipped = catalogs_in(SHIPPED / "locale")
    golden = sorted((DATA / "segment").glob("*.pot")) + sorted((DATA / "merge").glob("*/after.po"))
    return shipped + golden + written_catalogs(root)


def _polib_view(entry: polib.POEntry) -> tuple[object, ...]:
    plural = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)) if entry.msgid_plural else ()
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural or None,
        entry.msgstr if not entry.msgid_plural else "",
        plural,
        tuple(entry.flags),
        entry.obsolete,
        entry.previous_msgid,
        entry.previous_msgctxt,
        tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
    )


def _our_view(entry: Entry) -> tuple[object, ...]:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        entry.msgstr_plural,
        entry.flags,
        entry.obsolete,
        entry.previous_msgid,
        entry.previous_msgctxt,
        entry.translator_comments,
    )


def test_polib_reads_what_we_read(written_project: Path) -> None:
    paths = _all_catalogs(written_project)
    assert len(paths) > 40
    for path in paths:
        ours = _ours(path)
        theirs = polib.pofile(path.read_bytes().decode(ours.encoding).replace("\r\n", "\n"))
        assert [_polib_view(e) for e in theirs] == [_our_view(e) for e in ours.entries], path
        assert theirs.metadata == ours.header_fields(), path
        for mine, other in zip(ours.live, (e for e in theirs if not e.obsolete), strict=True):
            assert [f"{f}:{n}" if n else f for f, n in other.occurrences] == list(mine.references), path
            # polib strips the trailing space that protects a comment ending with a backslash
            assert other.comment == "\n".join(c.rstrip(" ") for c in mine.extracted_comments), path


# -- translate-toolkit ---------------------------------------------------------------------------------------
def test_translate_toolkit_reads_what_we_read(written_project: Path) -> None:
    for path in _all_catalogs(written_project):
        ours = _ours(path)
        store = pypo.pofile(path.read_bytes())
        units = [u for u in store.units if not u.isheader()]
        assert len(units) == len(ours.entries), path
        for unit, entry in zip(units, ours.entries, strict=True):
            if entry.msgid_plural is not None:
                assert list(unit.source.strings) == [entry.msgid, entry.msgid_plural], path
                assert list(unit.target.strings) == list(entry.msgstr_plural), path
            else:
                assert str(unit.source) == entry.msgid, path
                assert str(unit.target or "") == entry.msgstr, path
            assert (unit.getcontext() or None) == (entry.msgctxt or None), path
            assert unit.isfuzzy() == entry.fuzzy, path
            assert unit.isobsolete() == entry.obsolete, path
            if not entry.obsolete:
                assert unit.getlocations() == list(entry.references), path
                notes = unit.getnotes("developer").replace("\r", "")  # ttk keeps the CR of CRLF comments
                assert notes == "\n".join(entry.extracted_comments), path
        assert bytes(store) == path.read_bytes(), path  # ttk writes our files back unchanged too


# -- a real corpus -------------------------------------------------------------------------------------------
CORPUS_FILES = sorted(CORPUS.glob("*/po/*.po")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus/comprehensive-rust is absent")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.parent.name}-{p.name}")
def test_real_corpus_round_trips(path: Path) -> None:
    data = path.read_bytes()
    result = parse_catalog(data, path)
    assert len(result.catalog.entries) > 1000
    assert serialize(result.catalog) == data


MSGCAT = shutil.which("msgcat")


@pytest.mark.skipif(not CORPUS_FILES or MSGCAT is None, reason="corpus or msgcat absent")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.parent.name}-{p.name}")
def test_real_corpus_rewritten_entirely_is_msgcat_identical(path: Path, tmp_path: Path) -> None:
    """Every entry of a real catalog (~4,000 entries of prose, code, URLs, Markdown) laid out again by our
    writer: msgcat changes no line. This is the claim that core/wrap.py reproduces gettext's line breaking."""
    import dataclasses
    import subprocess

    catalog = parse_catalog(path.read_bytes(), path).catalog
    fresh = dataclasses.replace(
        catalog,
        entries=tuple(dataclasses.replace(e, raw=None) for e in catalog.entries),
        header=dataclasses.replace(catalog.header, raw=None) if catalog.header else None,
        trailer="",
    )
    ours = tmp_path / "ours.po"
    ours.write_bytes(serialize(fresh))
    canonical = subprocess.run([MSGCAT, str(ours)], capture_output=True, check=True).stdout
    assert canonical == ours.read_bytes()
