"""Fuzzing with hypothesis: the PO reader, the Markdown walker and the alignment on hostile input.

Bounded for `make test` (200 examples per test, about 30 s in all, derandomized so CI is repeatable);
``KEYS_L10N_FUZZ_EXAMPLES=20000`` (what `make fuzz` sets) runs many more with fresh random seeds.

- PO reader: arbitrary bytes, PO-looking token soup, and byte-level mutations of real catalogs. Only
  CatalogError may come out; what parses must write back byte for byte and parse again to the same catalog.
- Markdown walker: arbitrary text and Markdown token soup. Only MarkdownError may come out; offsets are inside
  the text; rendering with no translations (or with each unit's own text) gives back the input exactly.
- Alignment: random segment lists, larger and stranger than test_align's (empty and whitespace texts, any
  Unicode, many duplicates, up to 120 units, any threshold): every unit lands in exactly one pair.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reliability_support import BAD_PO, SHIPPED

from keys_l10n.adapters.po import parse_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.core.align_edition import align
from keys_l10n.core.alignment import Change
from keys_l10n.core.errors import CatalogError, MarkdownError
from keys_l10n.core.markdown import segment
from keys_l10n.core.markdown_render import render
from keys_l10n.core.model import Entry, Segment

FUZZ_EXAMPLES = int(os.environ.get("KEYS_L10N_FUZZ_EXAMPLES", "0"))
EXAMPLES = FUZZ_EXAMPLES or 200
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not FUZZ_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


# -- PO reader ------------------------------------------------------------------------------------------------
def _seeds() -> list[bytes]:
    paths = sorted((SHIPPED / "locale").rglob("*.po*"))
    if BAD_PO.is_dir():
        paths += sorted(BAD_PO.glob("*.po"))
    return [p.read_bytes() for p in paths if p.stat().st_size < 64_000]


SEEDS = _seeds()

PO_TOKENS = [
    "msgid ",
    "msgstr ",
    "msgctxt ",
    "msgid_plural ",
    "msgstr[0] ",
    "msgstr[1] ",
    "msgstr[2] ",
    '"',
    '""',
    '"text"',
    "\\",
    "\\n",
    '\\"',
    "\\t",
    "\\x41",
    "\\101",
    "\\q",
    "#",
    "# ",
    "#, fuzzy",
    "#, c-format",
    "#, python-brace-format",
    "#, no-wrap",
    "#| msgid ",
    "#~ ",
    "#~| ",
    "#: a.md:1",
    "#. type: paragraph",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "a",
    "é",
    "“",
    "\x00",
    "\x04",
    "%d",
    "%s",
    "{name}",
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Type: text/plain; charset=ISO-8859-1\\n"',
    '"Content-Type: text/plain; charset=CHARSET\\n"',
    '"Content-Type: text/plain; charset=nonsense\\n"',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    '"Plural-Forms: nplurals=3; plural=n%10==1 ? 0 : 2;\\n"',
    '"Plural-Forms: nplurals=1; plural=n/0;\\n"',
    '"Plural-Forms: nplurals=99999999999999999999; plural=n;\\n"',
]

po_soup = st.lists(st.sampled_from(PO_TOKENS), max_size=80).map("".join)


def _check_po(data: bytes) -> None:
    try:
        result = parse_catalog(data, "fuzz.po")
    except CatalogError as exc:
        assert exc.line is None or exc.line >= 1
        assert "\n" not in exc.message
        return
    written = serialize(result.catalog)
    again = parse_catalog(written, "fuzz.po").catalog
    assert [_fields(e) for e in again.entries] == [_fields(e) for e in result.catalog.entries]
    assert serialize(again) == written, "writing what we wrote must change nothing"
    assert written == data, "an unchanged catalog must be written back byte for byte"


def _without_blank_lines(data: bytes) -> bytes:
    return re.sub(rb"\n(?:\r?\n)+", b"\n", data)


def _fields(entry: Entry) -> tuple[object, ...]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, entry.msgstr_plural, entry.obsolete)


@FUZZ
@given(st.binary(max_size=3000))
def test_po_reader_on_arbitrary_bytes(data: bytes) -> None:
    _check_po(data)


@FUZZ
@given(po_soup, st.sampled_from(["utf-8", "latin-1", "utf-16"]))
@example('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=99999999999999999999; plural=n;\\n"\n', "utf-8")
@example('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=nonsense\\n"\n', "utf-8")
@example('msgid "a"\nmsgstr "\\x110000"\n', "utf-8")
@example('msgid "a"\nmsgstr "\\xFFFFFFFFFFFFFFFFFFFF"\n', "utf-8")
@example('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=' + "(" * 500 + "n" + ")" * 500 + ';\\n"\n', "utf-8")
def test_po_reader_on_po_token_soup(text: str, encoding: str) -> None:
    _check_po(text.encode(encoding, "replace"))


mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "duplicate-line", "truncate", "swap-lines"]),
    st.integers(0, 1 << 30),
    st.binary(min_size=1, max_size=4),
)


def _mutate(data: bytes, mutations: list[tuple[str, int, bytes]]) -> bytes:
    for op, where, payload in mutations:
        if not data:
            data = payload
            continue
        at = where % len(data)
        if op == "flip":
            data = data[:at] + bytes([data[at] ^ (payload[0] or 1)]) + data[at + 1 :]
        elif op == "insert":
            data = data[:at] + payload + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + len(payload) :]
        elif op == "truncate":
            data = data[:at]
        else:
            lines = data.split(b"\n")
            i = where % len(lines)
            j = (where // 7) % len(lines)
            if op == "duplicate-line":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
    return data


@FUZZ
@given(st.sampled_from(range(len(SEEDS)) if SEEDS else [0]), st.lists(mutation, min_size=1, max_size=6))
def test_po_reader_on_mutated_real_catalogs(seed: int, mutations: list[tuple[str, int, bytes]]) -> None:
    if not SEEDS:
        return
    _check_po(_mutate(SEEDS[seed], mutations))


def _header(charset: str) -> bytes:
    return b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=' + charset.encode("latin-1") + b'\\n"\n\n'


# Crashes the fuzzers found (each was a ValueError, OverflowError or UnicodeError escaping the reader, or a
# catalog written back in a form that does not read again), now CatalogErrors with file and line.
REGRESSIONS = {
    "hex-escape-beyond-unicode": _header("UTF-8") + b'msgid "a"\nmsgstr "\\x110000"\n',
    "hex-escape-overflow": _header("UTF-8") + b'msgid "a"\nmsgstr "\\x' + b"F" * 40 + b'"\n',
    "nul-in-charset": _header("UTF-8\x00") + b'msgid "a"\nmsgstr "b"\n',
    # the fast lexer's escape check backtracked exponentially on a long plain run before an invalid escape (a
    # run of 40 characters took hours): found without ../shared, when the fuzzer mutated a shipped catalog
    "invalid-escape-after-a-long-run": _header("UTF-8") + b'msgid "a"\nmsgstr "' + b"plain text " * 40 + b'\\q"\n',
    "undefined-codec": _header("undefined") + b'msgid "a"\nmsgstr "b"\n',
    "utf-7-not-ascii-compatible": _header("UTF-7") + b'msgid "Hello"\nmsgstr "Hola"\n',  # found by atheris
    "ebcdic": _header("cp037") + b'msgid "a"\nmsgstr "b"\n',
}


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_fuzzer_findings_are_clear_catalog_errors(case: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_catalog(REGRESSIONS[case], "found.po")
    assert info.value.line is not None and info.value.path == Path("found.po")


ADJACENT = _header("UTF-8") + b'msgid "a"\nmsgstr "b"\n#. note\nmsgid "c"\nmsgstr "d"\n'


def test_adjacent_entries_round_trip() -> None:
    assert serialize(parse_catalog(ADJACENT).catalog) == ADJACENT


def test_seed_catalogs_round_trip() -> None:
    """The seeds themselves: every shipped catalog and every valid bad-po case parses and round-trips."""
    assert len(SEEDS) >= 6
    for data in SEEDS:
        _check_po(data)


# -- Markdown walker ------------------------------------------------------------------------------------------
MD_TOKENS = [
    "# ",
    "## ",
    "###### ",
    "####### ",
    "> ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "10. ",
    "    ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "```",
    "~~~",
    "```python",
    "`",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "[link](http://example.org)",
    "![alt](img.png)",
    "[^1]",
    "[^1]: ",
    "[ref]: http://x",
    "|",
    "|---|",
    "| a | b |",
    "---",
    "===",
    "<div>",
    "</div>",
    "<!-- ",
    " -->",
    "<br>",
    "&amp;",
    "&#x0;",
    "\\",
    "\\*",
    "word",
    "Word.",
    "é",
    "日本",
    "\u200b",
    "\ufeff",
    "\u2028",
    "{#id}",
    "$$",
    "- [ ] ",
    "- [x] ",
]

md_soup = st.lists(st.sampled_from(MD_TOKENS), max_size=120).map("".join)


def _check_markdown(text: str) -> None:
    try:
        units = segment(text)
    except MarkdownError as exc:
        assert "\n" not in exc.message
        return
    size = len(text.encode("utf-8"))
    for unit in units:
        assert 0 <= unit.start <= unit.end <= size
        assert unit.line >= 1
    assert render(text, lambda _seg: None) == text
    assert render(text, lambda seg: seg.text) == text
    translated = render(text, lambda seg: "x" if seg.text else None)
    assert isinstance(translated, str)


@FUZZ
@given(st.text(max_size=400))
def test_markdown_walker_on_arbitrary_text(text: str) -> None:
    _check_markdown(text)


@FUZZ
@given(md_soup)
@example("> " * 10_000 + "deep\n")
@example("- " * 10_000 + "deep\n")
@example("```\nunclosed fence\n\ncode\n")
@example("a\x00b")
@example("\r\n\r\n# T\r\n\r\ntext\r")
@example("| a |\n|---|\n| b |\n\n[^1]: note\n\nx[^1]\n")
def test_markdown_walker_on_markdown_soup(text: str) -> None:
    _check_markdown(text)


# -- alignment ------------------------------------------------------------------------------------------------
SENTENCES = [
    "",
    " ",
    "Yes",
    "Objectives",
    "The accompaniment is a political process.",
    "The accompaniment is a political and social process.",
    "We accompany victims of sociopolitical violence in Mexico.",
    "We accompany victims of violence in Guatemala.",
    "Fear is a response.",
    "Fear is a response. It protects us.",
    "It protects us.",
    "日本語のテキスト。",
    "x" * 300,
]

texts = st.one_of(st.sampled_from(SENTENCES), st.text(max_size=60))


def _segments(items: list[tuple[str, bool, str | None]]) -> list[Segment]:
    out: list[Segment] = []
    section: tuple[str, ...] = ()
    for k, (text, heading, context) in enumerate(items):
        out.append(Segment(text, "heading 2" if heading else "paragraph", k, k + 1, k + 1, section, context))
        if heading:
            section = (text,)
    return out


segment_lists = st.lists(st.tuples(texts, st.booleans(), st.sampled_from([None, None, None, "ctx"])), max_size=120).map(
    _segments
)


@FUZZ
@given(segment_lists, segment_lists, st.floats(min_value=0.01, max_value=1.0))
def test_alignment_places_every_unit_exactly_once(old: list[Segment], new: list[Segment], threshold: float) -> None:
    result = align(old, new, threshold=threshold)
    assert sorted(i for p in result.pairs for i in p.old) == list(range(len(old)))
    assert sorted(j for p in result.pairs for j in p.new) == list(range(len(new)))
    for p in result.pairs:
        sizes = (len(p.old), len(p.new))
        if p.change in (Change.UNCHANGED, Change.MOVED, Change.EDITED):
            assert sizes == (1, 1), p
        elif p.change is Change.SPLIT:
            assert sizes[0] == 1 and 2 <= sizes[1] <= 4, p
        elif p.change is Change.MERGED:
            assert sizes[1] == 1 and 2 <= sizes[0] <= 4, p
        elif p.change is Change.ADDED:
            assert sizes == (0, 1), p
        else:
            assert p.change is Change.REMOVED and sizes == (1, 0), p


@FUZZ
@given(segment_lists)
def test_alignment_with_itself_is_all_unchanged(units: list[Segment]) -> None:
    result = align(units, units)
    assert all(p.change is Change.UNCHANGED and p.old == p.new for p in result.pairs)
