"""PO reading and writing: lossless round trips, strict errors with lines, atomic writes, MO compilation."""

from __future__ import annotations

import gettext
import os
import random
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import (
    DATA,
    MSGFMT,
    PROJECT,
    SHIPPED,
    assert_gettext_canonical,
    catalogs_in,
    msgcat_bytes,
    needs_msgcat,
    needs_msgfmt,
)
from keys_l10n.adapters.po import parse_catalog, read_catalog
from keys_l10n.adapters.po_write import fingerprint, serialize, write_atomic, write_mo
from keys_l10n.core.errors import CatalogError, ConflictError
from keys_l10n.core.model import Catalog, Entry, EntryState

SHIPPED_CATALOGS = catalogs_in(SHIPPED / "locale")

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Language: es\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)

SAMPLE = (
    "# Translator comment\n"
    "#\n" + HEADER + "\n"
    "# A note from the translator\n"
    "#. type: paragraph\n"
    "#. section: Title\n"
    "#: book.md:3 book.md:9\n"
    "#, fuzzy, md-text\n"
    '#| msgctxt "old"\n'
    '#| msgid "Old text"\n'
    'msgctxt "ctx"\n'
    'msgid "New text"\n'
    'msgstr "Texto nuevo"\n'
    "\n"
    'msgid "One file"\n'
    'msgid_plural "%d files"\n'
    'msgstr[0] "Un archivo"\n'
    'msgstr[1] "%d archivos"\n'
    "\n"
    'msgid ""\n'
    '"Wrapped by "\n'
    '"hand\\n"\n'
    'msgstr "A mano\\n"\n'
    "\n"
    '#~| msgid "Older"\n'
    '#~ msgid "Gone"\n'
    '#~ msgstr "Ido"\n'
)


def parse(text: str, path: str = "sample.po") -> Catalog:
    return parse_catalog(text.encode("utf-8"), path).catalog


def test_fields_are_read() -> None:
    catalog = parse(SAMPLE)
    assert catalog.header is not None and catalog.header.translator_comments == ("Translator comment", "")
    assert catalog.header_fields()["Language"] == "es"
    first, plural, wrapped, gone = catalog.entries
    assert first.key == ("ctx", "New text")
    assert first.translator_comments == ("A note from the translator",)
    assert first.extracted_comments == ("type: paragraph", "section: Title")
    assert first.references == ("book.md:3", "book.md:9")
    assert first.flags == ("fuzzy", "md-text")
    assert (first.previous_msgctxt, first.previous_msgid) == ("old", "Old text")
    assert first.state is EntryState.FUZZY and first.line == 19  # the msgid line
    assert plural.msgid_plural == "%d files" and plural.msgstr_plural == ("Un archivo", "%d archivos")
    assert plural.state is EntryState.TRANSLATED
    assert wrapped.msgid == "Wrapped by hand\n"
    assert gone.obsolete and gone.previous_msgid == "Older" and gone.state is EntryState.OBSOLETE
    assert catalog.live == (first, plural, wrapped) and catalog.obsolete == (gone,)


def test_round_trip_is_byte_identical() -> None:
    data = SAMPLE.encode("utf-8")
    assert serialize(parse_catalog(data).catalog) == data
    crlf = SAMPLE.replace("\n", "\r\n").encode("utf-8")
    catalog = parse_catalog(crlf).catalog
    assert catalog.newline == "\r\n"
    assert serialize(catalog) == crlf


def test_changed_entry_is_rewritten_in_gettext_layout_others_untouched() -> None:
    catalog = parse(SAMPLE)
    first, plural, wrapped, gone = catalog.entries
    edited = replace(catalog, entries=(first, plural, wrapped.changed(msgstr="Otra cosa\n"), gone))
    out = serialize(edited).decode("utf-8")
    assert out == SAMPLE.replace(
        'msgid ""\n"Wrapped by "\n"hand\\n"\nmsgstr "A mano\\n"\n',
        'msgid "Wrapped by hand\\n"\nmsgstr "Otra cosa\\n"\n',
    )


def test_changed_entry_keeps_crlf() -> None:
    crlf = SAMPLE.replace("\n", "\r\n").encode("utf-8")
    catalog = parse_catalog(crlf).catalog
    entries = (catalog.entries[0].changed(msgstr="Cambiado"), *catalog.entries[1:])
    out = serialize(replace(catalog, entries=entries))
    assert out.count(b"\r\n") == out.count(b"\n")
    assert b'msgstr "Cambiado"\r\n' in out


@pytest.mark.parametrize("path", SHIPPED_CATALOGS, ids=lambda p: str(p.relative_to(PROJECT)))
def test_shipped_catalogs_round_trip(path: Path) -> None:
    data = path.read_bytes()
    catalog = read_catalog(path).catalog
    assert serialize(catalog) == data
    relaid = replace(
        catalog,
        header=catalog.header.changed() if catalog.header else None,
        entries=tuple(e.changed() for e in catalog.entries),
    )
    assert serialize(relaid) == data  # the shipped catalogs are in gettext's own layout


@pytest.mark.parametrize("path", SHIPPED_CATALOGS, ids=lambda p: str(p.relative_to(PROJECT)))
def test_shipped_catalogs_are_gettext_canonical(path: Path, tmp_path: Path) -> None:
    assert_gettext_canonical(path, tmp_path)


@needs_msgcat
def test_new_catalog_matches_msgcat(tmp_path: Path) -> None:
    entries = (
        Entry(msgid="Title", msgstr="Título", extracted_comments=("type: heading 1",), references=("b.md:1",)),
        Entry(msgid="Line\nbreak", msgstr="Línea\nrota", translator_comments=("checked",), flags=("fuzzy",)),
        Entry(msgid='Quote "x" and \\', msgstr="", msgctxt="menu"),
    )
    header = Entry(msgid="", msgstr="Language: es\nContent-Type: text/plain; charset=UTF-8\n")
    data = serialize(Catalog(entries=entries, header=header))
    assert msgcat_bytes(data, tmp_path) == data


ERRORS = [
    ('msgid "a"\nmsgstr "b\n', 2, "closing quote"),
    ('msgid "a"\nmsgstr b"\n', 2, "opening quote"),
    ('msgid "a"\nmsgstr "\\q"\n', 2, "escape"),
    ('msgid "a"\nmsgstrr "b"\n', 2, "msgstrr"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 1, "msgstr"),
    ('msgstr "b"\n', 1, "msgid"),
    ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 4, "duplicate"),
    ('msgid "a"\nmsgstr "x"\n\nsome text\n', 4, "some"),
    ('msgid "a"\nmsgstr[0] "x"\n', 2, "msgid_plural"),
    ('msgid "a"\nmsgstr "x"\n"\n', 3, "quote"),
    ('#| garbage\nmsgid "a"\nmsgstr ""\n', 1, "previous"),
    # gettext wants the #| lines right before the keywords, in order, once each, with a #| msgid
    ('#| msgid "old"\n#, fuzzy\nmsgid "a"\nmsgstr "x"\n', 2, "after the previous"),
    ('#| msgctxt "c"\nmsgid "a"\nmsgstr ""\n', 1, "without #| msgid"),
    ('#| msgid "o"\n#| msgctxt "c"\nmsgid "a"\nmsgstr ""\n', 1, "out of order"),
    ('#| msgid "o"\n#| msgid "p"\nmsgid "a"\nmsgstr ""\n', 1, "repeated"),
    # gettext joins a line ending with a backslash to the next one, even a comment: here the msgid
    ('#. C:\\\nmsgid "a"\nmsgstr ""\n', 1, "backslash"),
]


@pytest.mark.parametrize(("text", "line", "word"), ERRORS)
def test_malformed_catalog_raises_with_file_and_line(text: str, line: int, word: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text.encode("utf-8"), "broken.po")
    error = info.value
    assert error.path == Path("broken.po")
    assert error.line == line, str(error)
    assert word.lower() in error.message.lower()
    assert str(error).startswith(f"broken.po:{line}: ")


def test_never_an_empty_catalog() -> None:
    for data in (b"", b"\n\n", b"# only a comment\n"):
        with pytest.raises(CatalogError):
            parse_catalog(data, "x.po")


def test_read_catalog_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        read_catalog(tmp_path / "missing.po")
    assert info.value.path == tmp_path / "missing.po"
    with pytest.raises(CatalogError):
        read_catalog(tmp_path)


def test_nul_byte_is_a_warning() -> None:
    result = parse_catalog(b'msgid "a"\nmsgstr "x\x00y"\n', "nul.po")
    assert len(result.warnings) == 1 and "nul.po:1" in result.warnings[0] and "NUL" in result.warnings[0]
    assert result.catalog.entries[0].msgstr == "x\x00y"


def test_comment_ending_with_backslash_before_a_comment_is_a_warning() -> None:
    result = parse_catalog(b'#. C:\\\n#: a.md:1\nmsgid "a"\nmsgstr ""\n', "bs.po")
    assert result.catalog.entries[0].extracted_comments == ("C:\\",)
    assert len(result.warnings) == 1 and result.warnings[0].startswith("bs.po:1: ")


@needs_msgfmt
def test_what_we_accept_msgfmt_accepts(tmp_path: Path) -> None:
    """Differential check on seeded random damage to a real catalog: we never accept what gettext rejects."""
    base = (DATA / "merge" / "translator_data" / "after.po").read_text(encoding="utf-8")
    other = (DATA / "merge" / "context" / "after.po").read_text(encoding="utf-8").split("\n\n", 1)[1]
    base += other.replace('"Keys"', '"Keys2"')
    tokens = [
        '"',
        "\\",
        "#",
        "#~ ",
        "#| ",
        "msgid ",
        "msgstr ",
        "msgctxt ",
        "\n",
        " ",
        "\\n",
        "\t",
        "msgstr[0] ",
        "msgid_plural ",
        "#, fuzzy\n",
        '"\n"',
        "\r",
        '#| msgctxt "x"\n',
        '#| msgid "y"\n',
    ]
    rng = random.Random(20261127)
    accepted = 0
    for number in range(150):
        text = base
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(text))
            if rng.random() < 0.6:
                text = text[:pos] + rng.choice(tokens) + text[pos:]
            else:
                text = text[:pos] + text[pos + rng.randint(1, 5) :]
        try:
            parse_catalog(text.encode("utf-8"), "damaged.po")
        except CatalogError:
            continue
        accepted += 1
        path = tmp_path / f"damaged{number}.po"
        path.write_text(text, encoding="utf-8", newline="")
        proc = subprocess.run([MSGFMT, "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, f"we accept what msgfmt rejects:\n{proc.stderr}\n{text}"
    assert accepted > 20, accepted


def test_write_atomic(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.po"
    assert write_atomic(path, b"one\n") is True
    assert path.read_bytes() == b"one\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    os.chmod(path, 0o600)
    before = path.stat()
    assert write_atomic(path, b"one\n") is False  # equal bytes: nothing written
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_ino == before.st_ino
    assert write_atomic(path, b"two\n", expected=fingerprint(b"one\n")) is True
    assert path.read_bytes() == b"two\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # mode kept
    assert path.stat().st_ino != before.st_ino  # replaced by rename, not rewritten in place
    with pytest.raises(ConflictError):
        write_atomic(path, b"three\n", expected=fingerprint(b"one\n"))
    assert path.read_bytes() == b"two\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.po"]  # no temporary file left


def test_write_mo_leaves_out_fuzzy_and_untranslated(tmp_path: Path) -> None:
    catalog = parse(SAMPLE)
    entries = (*catalog.entries, Entry(msgid="Untranslated"), Entry(msgid="Plain", msgstr="Llano"))
    mo = tmp_path / "es.mo"
    assert write_mo(replace(catalog, entries=entries), mo) is True
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Plain") == "Llano"
    assert translations.gettext("Wrapped by hand\n") == "A mano\n"
    assert translations.ngettext("One file", "%d files", 1) == "Un archivo"
    assert translations.ngettext("One file", "%d files", 5) == "%d archivos"
    assert translations.pgettext("ctx", "New text") == "New text"  # fuzzy: left out
    assert translations.gettext("Gone") == "Gone"  # obsolete: left out
    assert write_mo(replace(catalog, entries=entries), mo) is False
