"""gettext's line layout: ``wrap.format_string`` and the writer agree with ``msgcat`` byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import msgcat_bytes, needs_msgcat
from keys_l10n.adapters.po import parse_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.core.wrap import PAGE_WIDTH, format_comment_words, format_string

HEADER = Entry(
    msgid="",
    msgstr="Project-Id-Version: wrap test\nLanguage: es\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n",
)

# Texts chosen for what gettext's line breaking (UAX #14) does with them.
TEXTS = [
    "Short.",
    "x" * 70,
    "x" * 71,
    "x" * 72,
    "a" * 120,
    " ".join(["word"] * 40),
    "The series “Keys to Psychosocial Accompaniment” is a collective product. In early 2014, Aluna "
    "Psychosocial Accompaniment convened a small group of human rights defenders.",
    "See https://example.org/a/very/long/path/that/goes/on/and/on/forever/and/ever/until/it/wraps.html now",
    "¿Qué es el acompañamiento psicosocial? ¡Es un camino! «Les accompagnateurs» — sont là – entre "
    "(paréntesis) y [corchetes] y {llaves}; punto y coma: dos puntos.",
    "Line one\nline two\nline three that is long enough to need wrapping because it goes past seventy-nine",
    "ends with newline\n",
    "\n",
    "\nstarts with newline",
    'Quotes "inside" and back\\slash and \ttab and a very long run to make the line wrap past the limit',
    'Markdown *emphasis*, **strong**, `code`, [link](https://example.org/page "Title") and a footnote[^1] '
    "in one long paragraph.",
    "100% of 2014–2015 were 3.5 times the 1,000 people; -5 +6 $7 €8 #9 — numbers and signs break oddly.",
    "漢字" * 50,
    "mixed 漢字漢字 text with ideographs 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 in it",
    "hyphenated-words-that-go-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on",
    "slashes/and/more/slashes/and/more/slashes/and/more/slashes/and/more/slashes/and/more/slashes/end",
    "ends with spaces at a wrap point                                                               x",
    "A tab\tat\tevery\tword\tof\ta\tlong\tsentence\tthat\tkeeps\tgoing\tand\tgoing\tand\tgoing\tand\tgoing",
    "Apostrophes don't, can't, won't and it's stop breaks; l'accompagnement d'aujourd'hui et d'hier aussi.",
    "Ellipsis… and dots... and question?! marks!? and a very long sentence to reach the wrapping column.",
    "combining accents: cafe\u0301 nai\u0308ve re\u0301sume\u0301 and more words to wrap the line at seventy-nine",
    "non\u00a0breaking\u00a0spaces\u00a0between\u00a0all\u00a0these\u00a0words\u00a0so\u00a0the\u00a0line\u00a0cannot"
    "\u00a0break\u00a0here",
]


def test_page_width() -> None:
    assert PAGE_WIDTH == 79


def test_short_string_on_one_line() -> None:
    assert format_string("msgid", "Short.") == ['msgid "Short."']
    assert format_string("msgstr", "") == ['msgstr ""']


def test_long_string_starts_empty_and_fits_79_columns() -> None:
    text = " ".join(["palabra"] * 30)
    lines = format_string("msgid", text)
    assert lines[0] == 'msgid ""'
    assert all(len(line) <= 79 for line in lines)
    assert "".join(line[line.index('"') + 1 : -1] for line in lines[1:]) == text


def test_embedded_newline_breaks_the_line() -> None:
    assert format_string("msgid", "a\nb") == ['msgid ""', '"a\\n"', '"b"']
    assert format_string("msgid", "a\n") == ['msgid "a\\n"']


def test_obsolete_prefix() -> None:
    lines = format_string("msgid", " ".join(["palabra"] * 30), prefix="#~ ")
    assert lines[0] == '#~ msgid ""'
    assert all(line.startswith('#~ "') for line in lines[1:])
    assert all(len(line) <= 79 for line in lines)


def test_references_filled_to_79() -> None:
    words = [f"source/2021/presentation.md:{n}" for n in range(1, 12)]
    lines = format_comment_words("#:", words)
    assert all(line.startswith("#: ") and len(line) <= 79 for line in lines)
    assert " ".join(lines).replace("#: ", "").split() == words
    assert format_comment_words("#:", []) == []


def _catalog(texts: list[str], *, translated: bool = False) -> Catalog:
    entries = tuple(
        Entry(
            msgid=f"{index}: {text}",
            msgstr=(f"{index}: {text}" if translated else ""),
            extracted_comments=("type: paragraph",),
            references=(f"book.md:{index}",),
        )
        for index, text in enumerate(texts)
    )
    return Catalog(entries=entries, header=HEADER)


@needs_msgcat
@pytest.mark.parametrize("translated", [False, True])
def test_writer_matches_msgcat(translated: bool, tmp_path: Path) -> None:
    data = serialize(_catalog(TEXTS, translated=translated))
    assert msgcat_bytes(data, tmp_path) == data


@needs_msgcat
@pytest.mark.parametrize("text", TEXTS)
def test_each_text_matches_msgcat_at_every_start_column(text: str, tmp_path: Path) -> None:
    """Shift the text by 0..9 characters so that every break opportunity meets the 79th column."""
    shifted = [("y" * shift + " " if shift else "") + text for shift in range(10)]
    data = serialize(_catalog(shifted))
    assert msgcat_bytes(data, tmp_path) == data


@needs_msgcat
def test_obsolete_and_previous_entries_match_msgcat(tmp_path: Path) -> None:
    long = " ".join(["palabra"] * 25)
    entries = (  # msgcat puts obsolete entries last, as we do
        Entry(msgid="kept " + long, msgstr="guardado " + long, flags=("fuzzy",), previous_msgid="old " + long),
        Entry(
            msgid="ctx", msgctxt="a context " + long, msgstr="x", previous_msgctxt="old context", previous_msgid="ctx"
        ),
        Entry(msgid="plural", msgid_plural="plurals " + long, msgstr_plural=("uno", "varios " + long)),
        Entry(msgid="gone " + long, msgstr="ido " + long, obsolete=True, previous_msgid="older " + long),
    )
    header = Entry(msgid="", msgstr=HEADER.msgstr + "Plural-Forms: nplurals=2; plural=(n != 1);\n")
    data = serialize(Catalog(entries=entries, header=header))
    assert msgcat_bytes(data, tmp_path) == data
    assert parse_catalog(data).catalog.entries == entries
