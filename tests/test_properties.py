"""Properties (hypothesis): reading what we write gives the same catalog, what we write is what msgcat writes,
and ``update`` run twice is ``update`` run once.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXED_EPOCH, MSGCAT, MSGFMT, msgcat_bytes, msgfmt_check, write_project
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.po import parse_catalog, read_catalog
from keys_l10n.adapters.po_write import serialize, write_atomic
from keys_l10n.core.markdown import segment
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.usecases.catalogs import extract, update

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéíóúñüçàèâêôœÁÉÍÑÜÇ"
PUNCTUATION = ".,;:!?¿¡()[]\"'“”«»—–-/*_`#>|\\"
ALPHABET = LETTERS + "0123456789" + "  " + PUNCTUATION + "\n\t"
LINE_ALPHABET = ALPHABET.replace("\n", "")

# too_slow: generation time depends on the machine's load (other jobs share the two cores), not on our code
SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

HEADER = Entry(
    msgid="",
    msgstr="Project-Id-Version: booklet 2021\n"
    "Language: es\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n",
    translator_comments=("Spanish translation.",),
)

texts = st.text(alphabet=ALPHABET, min_size=1, max_size=160)
maybe_texts = st.text(alphabet=ALPHABET, max_size=160)
# a comment line may not end with a backslash: gettext's reader would join the next line to it
comments = st.lists(
    st.text(alphabet=LINE_ALPHABET, max_size=60).filter(lambda c: not c.endswith("\\")), max_size=2
).map(tuple)
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
references = st.lists(st.builds("{}/{}.md:{}".format, names, names, st.integers(1, 9999)), max_size=6, unique=True).map(
    tuple
)


def _same_newlines(source: str, translation: str) -> str:
    """msgfmt wants msgid and msgstr to agree on a leading and a trailing newline."""
    if not translation:
        return translation
    body = translation.strip("\n") or "x"
    return ("\n" if source.startswith("\n") else "") + body + ("\n" if source.endswith("\n") else "")


@st.composite
def entries(draw: st.DrawFn, *, gettext_flags_only: bool) -> Entry:
    msgid = draw(texts)
    plural = draw(st.booleans()) and draw(st.integers(0, 3)) == 0
    msgid_plural = _same_newlines(msgid, draw(texts)) if plural else None
    if plural:
        forms = tuple(_same_newlines(msgid, draw(maybe_texts)) for _ in range(2))
        msgstr, msgstr_plural = "", forms if all(forms) or not any(forms) else (forms[0] or "y", forms[1] or "z")
    else:
        msgstr, msgstr_plural = _same_newlines(msgid, draw(maybe_texts)), ()
    translated = all(msgstr_plural) if plural else bool(msgstr)
    flags: list[str] = []
    if translated and draw(st.booleans()):
        flags.append("fuzzy")  # msgcat drops "fuzzy" from untranslated entries
    if draw(st.integers(0, 5)) == 0:
        flags.append("no-wrap")
    if not gettext_flags_only and draw(st.booleans()):
        flags.append("md-text")
    previous = draw(st.none() | texts)
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        msgctxt=draw(st.none() | maybe_texts),
        msgid_plural=msgid_plural,
        msgstr_plural=msgstr_plural,
        flags=tuple(flags),
        translator_comments=draw(comments),
        extracted_comments=draw(comments),
        references=draw(references),
        previous_msgctxt=draw(st.none() | texts) if previous is not None else None,
        previous_msgid=previous,
        obsolete=False,
    )


@st.composite
def catalogs(draw: st.DrawFn, *, gettext_flags_only: bool = False) -> Catalog:
    items = draw(
        st.lists(entries(gettext_flags_only=gettext_flags_only), min_size=1, max_size=8, unique_by=lambda e: e.key)
    )
    # obsolete entries come last (msgcat moves them there) and are translated (msgcat drops the others)
    obsolete = {e.key for e in items if e.translated and draw(st.integers(0, 3)) == 0}
    items = [e for e in items if e.key not in obsolete] + [
        replace(e, obsolete=True) for e in items if e.key in obsolete
    ]
    crlf = draw(st.integers(0, 4)) == 0
    return Catalog(entries=tuple(items), header=HEADER, newline="\r\n" if crlf else "\n")


@SETTINGS
@given(catalogs())
def test_read_after_write_is_identity(catalog: Catalog) -> None:
    data = serialize(catalog)
    again = parse_catalog(data, "generated.po").catalog
    assert again.entries == catalog.entries
    assert again.header == catalog.header
    assert again.newline == catalog.newline
    assert serialize(again) == data  # and written again: the same bytes


@pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")
@SETTINGS
@given(catalogs(gettext_flags_only=True).map(lambda c: replace(c, newline="\n")))
def test_written_bytes_are_what_msgcat_writes(catalog: Catalog) -> None:
    data = serialize(catalog)
    with tempfile.TemporaryDirectory() as tmp:
        assert msgcat_bytes(data, Path(tmp)) == data


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext msgfmt is not installed")
@settings(max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(gettext_flags_only=True))
def test_written_catalogs_pass_msgfmt_check(catalog: Catalog) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.po"
        path.write_bytes(serialize(catalog))
        msgfmt_check(path)


# -- update twice equals once --------------------------------------------------------------------------------
lines = st.text(alphabet=LINE_ALPHABET, min_size=1, max_size=70).filter(lambda s: s.strip() != "")
blocks = st.one_of(
    lines.map(lambda s: "# " + s),
    lines.map(lambda s: "## " + s),
    st.lists(lines, min_size=1, max_size=3).map("\n".join),
    st.lists(lines, min_size=1, max_size=3).map(lambda items: "\n".join("- " + s for s in items)),
    st.lists(lines, min_size=1, max_size=2).map(lambda items: "\n".join("> " + s for s in items)),
)
booklets = st.lists(blocks, min_size=1, max_size=8)


def _translate(path: Path) -> None:
    """Play the translator: translate every message of the catalog (swapcase keeps the newlines in place)."""
    catalog = read_catalog(path).catalog
    entries = tuple(
        e if e.obsolete or e.msgstr else e.changed(msgstr=e.msgid.swapcase() or "x", flags=()) for e in catalog.entries
    )
    write_atomic(path, serialize(replace(catalog, entries=entries)))


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=booklets, second=booklets, keep=st.lists(st.booleans(), min_size=8, max_size=8))
def test_update_twice_equals_once(
    first: list[str], second: list[str], keep: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    old_text = "\n\n".join(first) + "\n"
    # the new edition keeps some old blocks, edits one, and adds others
    kept = [b for b, k in zip(first, keep, strict=False) if k]
    if kept:
        kept[0] = kept[0] + " (edited)"
    new_text = "\n\n".join(kept + second) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp) / "p", booklets={"b": old_text})
        config = load_config(root)
        extract(config)
        update(config)
        po = config.po_path("2021", "es", "b")
        _translate(po)
        (root / "source" / "2021" / "b.md").write_text(new_text, encoding="utf-8")
        extract(config)
        update(config)
        once = {p: p.read_bytes() for p in sorted((root / "locale").rglob("*.po*"))}
        result = extract(config)
        assert {f.action for f in result.files} == {"unchanged"}
        result_update = update(config)
        assert {f.action for f in result_update.files} == {"unchanged"}
        assert {p: p.read_bytes() for p in sorted((root / "locale").rglob("*.po*"))} == once
        catalog = parse_catalog(once[po], po).catalog
        assert [e.msgid for e in catalog.live] == list(dict.fromkeys(s.text for s in segment(new_text)))
        if MSGFMT is not None:
            for path in once:
                msgfmt_check(path)
        if MSGCAT is not None:
            for path, data in once.items():
                if data.strip():
                    assert msgcat_bytes(data, Path(tmp), path.name) == data
