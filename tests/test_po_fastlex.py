"""The fast lexer and the strict lexer read every file alike: the same entries (with their lines and source
text), trailer, warnings, or the same error at the same line. Checked on the corpus, on ``../shared/bad-po``
and on generated catalogs, as written and with their lines disturbed in the ways gettext tolerates or refuses.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BAD_PO, SHARED
from keys_l10n.adapters.po import decode_catalog, lex_entries
from keys_l10n.adapters.po_fastlex import fast_entries
from keys_l10n.adapters.po_lexer import StrictLexer
from keys_l10n.adapters.po_write import serialize
from keys_l10n.core.errors import CatalogError
from keys_l10n.core.model import Catalog, Entry

Outcome = tuple[object, ...]


def _strict(text: str) -> Outcome:
    lexer = StrictLexer(text, "f.po")
    try:
        entries = list(lexer.entries())
    except CatalogError as exc:
        return ("error", exc.message, exc.line)
    return ([(e, e.line, e.raw) for e in entries], lexer.trailer, lexer.warnings)


def _fast(text: str) -> Outcome:
    try:
        entries, trailer, warnings = lex_entries(text, "f.po")
    except CatalogError as exc:
        return ("error", exc.message, exc.line)
    return ([(e, e.line, e.raw) for e in entries], trailer, warnings)


def _files() -> list[Path]:
    return sorted((SHARED / "corpus").rglob("*.po")) + sorted(BAD_PO.glob("*.po")) if SHARED.is_dir() else []


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_corpus_files_read_alike(path: Path) -> None:
    try:
        text, _encoding = decode_catalog(path.read_bytes(), path)
    except CatalogError:
        return  # refused before lexing: no lexer involved
    assert _fast(text) == _strict(text)


def test_the_corpus_is_read_by_the_fast_lexer() -> None:
    """The real catalogs are all in the common shapes: the fast lexer reads them to the end."""
    for path in sorted((SHARED / "corpus").rglob("*.po")):
        text = decode_catalog(path.read_bytes(), path)[0]
        offset = fast_entries(text)[1]
        assert not text[offset:].strip("\n"), path


def test_the_strict_lexer_takes_over_at_the_first_unusual_entry() -> None:
    text = 'msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d" "e"\n\nmsgid "f"\nmsgstr "g"\n'
    entries, offset, line = fast_entries(text)
    assert [e.msgid for e in entries] == ["a"] and line == 3 and text[offset:].startswith('\nmsgid "c"')
    assert _fast(text) == _strict(text)
    assert [e.msgstr for e in lex_entries(text, "f.po")[0]] == ["b", "de", "g"]


# -- generated catalogs -------------------------------------------------------------------------------------
TEXT = st.text(alphabet='ab \n\t"\\é\x01', max_size=30)
LINE = st.text(alphabet="ab ,.:|~\\", max_size=12).filter(lambda c: not c.endswith("\\"))  # else gettext joins lines


@st.composite
def _entries(draw: st.DrawFn) -> Entry:
    plural = draw(st.booleans())
    previous_msgid = draw(st.none() | TEXT)
    return Entry(
        msgid=draw(TEXT.filter(bool)),
        msgstr="" if plural else draw(TEXT),
        msgctxt=draw(st.none() | TEXT),
        msgid_plural=draw(TEXT) if plural else None,
        msgstr_plural=tuple(draw(st.lists(TEXT, min_size=1, max_size=3))) if plural else (),
        flags=tuple(draw(st.lists(st.sampled_from(["fuzzy", "c-format", "no-wrap", "x y"]), max_size=2))),
        translator_comments=tuple(draw(st.lists(LINE, max_size=2))),
        extracted_comments=tuple(draw(st.lists(LINE, max_size=2))),
        references=tuple(draw(st.lists(st.sampled_from(["a.md:1", "b.md:22"]), max_size=2))),
        previous_msgid=previous_msgid,
        previous_msgctxt=None if previous_msgid is None else draw(st.none() | TEXT),
        obsolete=draw(st.integers(0, 4)) == 0,
    )


HEADER = Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=n>1;\n")
# What editors and hands do to lines: each of these is read by one lexer or the other, or refused by both.
EDITS = (
    lambda line: " " + line,
    lambda line: line + "\\",
    lambda line: line + " ",
    lambda line: line + '"x"',
    lambda line: line + "\r",
    lambda line: line.replace('" ', '"', 1),
    lambda line: line.replace(' "', '  "', 1),
    lambda line: line.replace("#~ ", "#~", 1),
    lambda line: line.replace("msgstr[1]", "msgstr[2]", 1),
    lambda line: line.replace('"', "", 1),
    lambda line: "",
    lambda line: "#~",
    lambda line: "# c",
    lambda line: '"more"',
    lambda line: "\x00",
)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_entries(), max_size=6),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, len(EDITS) - 1), st.booleans()), max_size=3),
)
def test_generated_catalogs_read_alike(entries: list[Entry], edits: list[tuple[int, int, bool]]) -> None:
    unique = list({e.key: e for e in entries}.values())
    text = serialize(Catalog(entries=tuple(unique), header=HEADER)).decode("utf-8")
    assert not text[fast_entries(text)[1] :].strip("\n")  # what we write is all in the common shapes
    assert _fast(text) == _strict(text)
    lines = text.split("\n")
    for where, edit, insert in edits:
        at = where % len(lines)
        changed = EDITS[edit](lines[at])
        lines[at : at + 1] = [changed, lines[at]] if insert else [changed]
    text = "\n".join(lines)
    assert _fast(text) == _strict(text)
