"""Merge golden cases: ``before.po`` + ``template.pot`` = ``after.po``, through the real ``update`` use case.

Each case folder in ``data/merge`` holds the translator's catalog before the update, the new template and the
exact bytes expected afterwards. Where GNU ``msgmerge --previous`` is installed, our result is also compared
with its output: they agree byte for byte except where keys-l10n deliberately does better (kept CRLF, kept
foreign wrapping, no rewrite for a new POT-Creation-Date alone, unknown flags kept).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA, MSGCAT, MSGFMT, msgcat_bytes, msgfmt_check, write_project
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.po import parse_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.core import carry_text
from keys_l10n.core.merge import MergeOptions, merge_catalog, same_content
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.usecases.catalogs import update

CASES = sorted(p.name for p in (DATA / "merge").iterdir() if p.is_dir())
MSGMERGE = shutil.which("msgmerge")
# Where keys-l10n differs from msgmerge on purpose: CRLF kept, another editor's wrapping kept, no rewrite for a
# new POT-Creation-Date alone, unknown flags kept, and the old text of a fuzzy match also kept as an obsolete
# entry ("nothing translated is ever dropped": the fuzzy msgstr may be adjusted sentence by sentence), and our
# provenance comment (`#. keys-l10n: edited from ...`) kept after a reviewer approved the suggestion.
DIFFERS_FROM_MSGMERGE = {
    "crlf",
    "foreign_wrap",
    "only_date",
    "translator_data",
    "fuzzy_previous",
    "approved_provenance",
}
# Flags gettext knows; msgcat drops the others (keys-l10n keeps them).
GETTEXT_FLAGS = re.compile(r"fuzzy|(no-)?[a-z-]+-format|(no-)?wrap|range:.*")


def test_enough_cases() -> None:
    assert len(CASES) >= 10
    for case in CASES:
        for name in ("before.po", "template.pot", "after.po"):
            assert (DATA / "merge" / case / name).is_file(), f"{case}/{name} missing"


def run_update(case: str, tmp_path: Path) -> tuple[Path, str]:
    """Copy the case into a fresh project and run ``update`` on it; return the PO path and the action."""
    folder = DATA / "merge" / case
    root = write_project(tmp_path / "project", editions={"2014": "source/2014"}, booklets={"presentation": "# Keys\n"})
    pot = root / "locale" / "2014" / "presentation.pot"
    po = root / "locale" / "2014" / "es" / "presentation.po"
    po.parent.mkdir(parents=True)
    pot.write_bytes((folder / "template.pot").read_bytes())
    po.write_bytes((folder / "before.po").read_bytes())
    result = update(load_config(root), lang=["es"])
    assert [f.path for f in result.files] == [Path("locale/2014/es/presentation.po")]
    return po, result.files[0].action


def relayout(catalog: Catalog) -> Catalog:
    """The catalog as msgcat would hold it (LF, gettext's flags only), every entry laid out by ``serialize``."""
    header = catalog.header.changed() if catalog.header is not None else None
    entries = tuple(e.changed(flags=tuple(f for f in e.flags if GETTEXT_FLAGS.fullmatch(f))) for e in catalog.entries)
    return replace(catalog, header=header, entries=entries, newline="\n")


@pytest.mark.parametrize("case", CASES)
def test_merge_golden(case: str, tmp_path: Path) -> None:
    po, action = run_update(case, tmp_path)
    expected = (DATA / "merge" / case / "after.po").read_bytes()
    assert po.read_bytes() == expected
    before = (DATA / "merge" / case / "before.po").read_bytes()
    assert action == ("unchanged" if expected == before else "updated")


@pytest.mark.parametrize("case", CASES)
def test_merge_is_idempotent(case: str, tmp_path: Path) -> None:
    po, _ = run_update(case, tmp_path)
    first = po.read_bytes()
    stat = po.stat()
    result = update(load_config(tmp_path / "project"), lang=["es"])
    assert result.files[0].action == "unchanged"
    assert po.read_bytes() == first
    assert (po.stat().st_ino, po.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


@pytest.mark.skipif(MSGFMT is None and MSGCAT is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize("case", CASES)
def test_merged_catalog_is_gettext_clean(case: str, tmp_path: Path) -> None:
    """msgfmt --check accepts the result; msgcat changes nothing but what another editor wrapped (and CRLF)."""
    after = DATA / "merge" / case / "after.po"
    data = after.read_bytes()
    if MSGFMT is not None:
        msgfmt_check(after)
    if MSGCAT is not None:
        lf = data.replace(b"\r\n", b"\n")  # msgcat keeps a CR inside comments: compare the LF form
        ours = serialize(relayout(parse_catalog(lf, after).catalog))
        assert msgcat_bytes(lf, tmp_path) == ours
        if case not in ("foreign_wrap", "translator_data"):
            assert ours == lf


@pytest.mark.skipif(MSGMERGE is None, reason="GNU gettext msgmerge is not installed")
@pytest.mark.parametrize("case", [c for c in CASES if c not in DIFFERS_FROM_MSGMERGE])
def test_merge_agrees_with_msgmerge(case: str, tmp_path: Path) -> None:
    folder = DATA / "merge" / case
    out = tmp_path / "msgmerge.po"
    assert MSGMERGE is not None
    subprocess.run(
        [MSGMERGE, "--quiet", "--previous", str(folder / "before.po"), str(folder / "template.pot"), "-o", str(out)],
        check=True,
    )
    assert out.read_bytes() == (folder / "after.po").read_bytes()


def _read(case: str, name: str) -> Catalog:
    path = DATA / "merge" / case / name
    return parse_catalog(path.read_bytes(), path).catalog


def test_fuzzy_match_has_previous_msgid() -> None:
    merged, report = merge_catalog(_read("fuzzy_previous", "before.po"), _read("fuzzy_previous", "template.pot"))
    by_id = {e.msgid: e for e in merged.entries}
    entry = by_id["The workshops were held in 2014 and 2015."]
    assert entry.fuzzy
    assert entry.previous_msgid == "The workshops were held in 2014."
    assert entry.msgstr == "Los talleres se realizaron en 2014."
    assert by_id["Completely unrelated sentence about rivers."].msgstr == ""
    assert (report.fuzzy, report.new) == (1, 1)
    assert report.fuzzy_pairs[0][2] >= 60
    # the old text stays as an obsolete entry too: nothing translated is dropped
    assert [(e.msgid, e.msgstr) for e in merged.obsolete] == [
        ("The workshops were held in 2014.", "Los talleres se realizaron en 2014.")
    ]


def test_no_fuzzy_matching_gives_untranslated() -> None:
    merged, report = merge_catalog(
        _read("fuzzy_previous", "before.po"),
        _read("fuzzy_previous", "template.pot"),
        MergeOptions(fuzzy_matching=False),
    )
    entry = next(e for e in merged.entries if e.msgid == "The workshops were held in 2014 and 2015.")
    assert not entry.fuzzy and entry.msgstr == "" and entry.previous_msgid is None
    # the old translation is not lost: it becomes obsolete
    assert [e.msgid for e in merged.obsolete] == ["The workshops were held in 2014."]
    assert report.fuzzy == 0 and report.obsoleted == 1


def test_obsolete_and_revived() -> None:
    merged, report = merge_catalog(_read("obsolete", "before.po"), _read("obsolete", "template.pot"))
    assert [e.msgid for e in merged.obsolete] == ["Removed paragraph."]
    assert "Removed untranslated." not in {e.msgid for e in merged.entries}
    assert report.obsoleted == 1
    merged, report = merge_catalog(_read("obsolete_revived", "before.po"), _read("obsolete_revived", "template.pot"))
    revived = next(e for e in merged.entries if e.msgid == "The paragraph that returns.")
    assert not revived.obsolete and not revived.fuzzy and revived.msgstr == "El párrafo que vuelve."
    assert revived.references == ("source/2014/presentation.md:5",)
    assert report.revived == 1 and merged.obsolete == ()


def test_translator_data_survives() -> None:
    merged, _ = merge_catalog(_read("translator_data", "before.po"), _read("translator_data", "template.pot"))
    fields = merged.header_fields()
    assert fields["X-Poedit-Basepath"] == "../.."
    assert fields["X-Review-Status"] == "checked by María"
    assert fields["POT-Creation-Date"] == "2026-02-01 00:00+0000"
    entry = next(e for e in merged.entries if e.msgid == "Aluna convened a group.")
    assert entry.translator_comments == ('Translator: keep "Aluna" untranslated.',)
    assert "md-text" in entry.flags
    assert entry.references == ("source/2014/presentation.md:4",)
    # an extractor flag the template no longer sets is dropped, as msgmerge does
    other = next(e for e in merged.entries if e.msgid == "A 100% collective work.")
    assert "python-format" not in other.flags


def test_untouched_entries_keep_their_bytes() -> None:
    before_path = DATA / "merge" / "foreign_wrap" / "before.po"
    before = parse_catalog(before_path.read_bytes(), before_path).catalog
    merged, _ = merge_catalog(before, _read("foreign_wrap", "template.pot"))
    wrapped = next(e for e in merged.entries if e.msgid.startswith("This translated paragraph"))
    assert wrapped.raw is not None and '"sixty columns, so its lines' in wrapped.raw
    moved = next(e for e in merged.entries if e.msgid == "A paragraph that moves.")
    assert moved.raw is None  # its reference changed: rewritten in gettext layout
    assert wrapped.raw.encode() in (DATA / "merge" / "foreign_wrap" / "after.po").read_bytes()


def test_only_creation_date_is_no_change() -> None:
    old = _read("only_date", "before.po")
    merged, _ = merge_catalog(old, _read("only_date", "template.pot"))
    assert merged.header_fields()["POT-Creation-Date"] == "2026-03-15 12:30+0100"
    assert same_content(old, merged)
    assert not same_content(old, replace(merged, entries=merged.entries[:-1]))
    other_header = replace(merged.header, msgstr=merged.header.msgstr.replace("Ana Pérez", "Luis"))  # type: ignore[union-attr]
    assert not same_content(old, replace(merged, header=other_header))


def test_crlf_catalog_stays_crlf() -> None:
    data = (DATA / "merge" / "crlf" / "after.po").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert b'#| msgid "First paragraph."\r\n' in data


def test_merge_into_empty_catalog_adds_every_message() -> None:
    old = Catalog(entries=(), header=Entry(msgid="", msgstr="Language: es\n"))
    template = _read("new_entries", "template.pot")
    merged, report = merge_catalog(old, template)
    assert [e.msgid for e in merged.entries] == [e.msgid for e in template.entries]
    assert all(e.msgstr == "" and not e.fuzzy for e in merged.entries)
    assert report.new == len(template.entries)


def test_crlf_catalog_gets_crlf_in_new_entries_from_an_lf_template() -> None:
    """Issue 12: a new message copied from the (LF) template kept the template's bytes in a CRLF catalog."""
    old = parse_catalog(b'msgid ""\r\nmsgstr "Language: es\\n"\r\n\r\nmsgid "Old."\r\nmsgstr "Viejo."\r\n').catalog
    template = parse_catalog(
        b'msgid ""\nmsgstr "Language: \\n"\n\n#: b.md:1\nmsgid "Old."\nmsgstr ""\n\n'
        b'#: b.md:3\nmsgid "Brand new."\nmsgstr ""\n'
    ).catalog
    merged, _ = merge_catalog(old, template)
    data = serialize(merged)
    assert b'msgid "Brand new."\r\n' in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_every_fuzzy_suggestion_has_a_previous_msgid() -> None:
    """Issue 12: composed suggestions and copied untranslatable texts were fuzzy without #| msgid."""
    from keys_l10n.core.translation_memory import TranslationMemory

    memory = TranslationMemory(
        [
            Entry(
                msgid="The river feeds the fields. Seeds are kept in clay jars for the next year and the one after.",
                msgstr="El río riega. Semillas.",
            ),
            Entry(
                msgid="Water is a common good. Springs run dry in the hottest summer months of every year.",
                msgstr="El agua es común. Se secan.",
            ),
        ]
    )
    template = Catalog(
        entries=(
            Entry(msgid="The river feeds the fields. Water is a common good."),  # composed from two entries
            Entry(msgid="`make test`"),  # nothing to translate: the source is copied
        )
    )
    merged, report = merge_catalog(Catalog(entries=()), template, MergeOptions(copy_untranslatable=True), memory=memory)
    composed, copied = merged.entries
    assert report.composed == 2
    assert composed.fuzzy and composed.msgstr == "El río riega. El agua es común."
    # the old text that gave most of it: editors show the difference with it
    assert composed.previous_msgid == memory.entries[0].msgid
    assert copied.fuzzy and copied.previous_msgid == "`make test`"
    assert all(e.previous_msgid for e in merged.entries if e.fuzzy)


def test_own_catalogs_old_text_preferred_over_a_look_alike_elsewhere() -> None:
    """Issue 12 (suggestion quality): in folder mode another catalog's text, barely more similar, was offered
    instead of the edited paragraph's own old text (found on benchmarks/score_edits.py's 1 M-word corpus)."""
    from keys_l10n.core.translation_memory import TranslationMemory

    own = Entry(msgid="Model to that territory of of long.", msgstr="Modelo de ese territorio.")
    other = Entry(msgid="Sea Taipleagu and of of", msgstr="Mar Taipleagu.")
    template = Catalog(entries=(Entry(msgid="Model to taipleagu and off of long."),))
    memory = TranslationMemory([own, other], ["a.po", "b.po"])
    merged, _ = merge_catalog(Catalog(entries=(own,)), template, memory=memory)
    [entry] = merged.live
    assert entry.previous_msgid == own.msgid and entry.fuzzy
    assert "in a.po" in entry.extracted_comments[-1]
    clearly = Entry(msgid="Model to taipleagu and off of lone.", msgstr="Otro.")  # clearly more similar: it wins
    memory = TranslationMemory([own, clearly], ["a.po", "b.po"])
    merged, _ = merge_catalog(Catalog(entries=(own,)), template, memory=memory)
    assert merged.live[0].previous_msgid == clearly.msgid


# Issue 15: the placeable tokens as the expressions found them before, the reference for ``carry_text._tokens`` and
# the rewritten ``carry_text._PLACEABLE`` (these were quadratic on unclosed ``[^`` / ``](`` and on "[^111...1 x]").
_OLD_TOKEN = re.compile(r"`[^`]*`|\[\^[^\]]*\]|\]\([^)]*\)|\S+")
_OLD_PLACEABLE = re.compile(r"`[^`]+`|\S*\d\S*|https?://\S+|\S*[_/\\]\S*|[A-Z][\w-]*")
_TOKEN_ATOMS = ["`", "[^", "]", "](", ")", "(", "[", " ", "\n", "a", "A", "1", "_", "/", "\\", "http://", "-", "é"]


@given(st.lists(st.sampled_from(_TOKEN_ATOMS), max_size=24).map("".join))
def test_tokens_and_placeables_match_the_old_expressions(text: str) -> None:
    for variant in (text, text + "[^", text + "](", "[^" + text + "](x"):
        assert carry_text._tokens(variant) == _OLD_TOKEN.findall(variant)
    assert bool(carry_text._PLACEABLE.fullmatch(text)) == bool(_OLD_PLACEABLE.fullmatch(text))


@pytest.mark.parametrize("unit", ["](a ", "[^a ", "`a [^b ]("])
def test_tokens_work_grows_linearly(unit: str, examined_chars: list[int]) -> None:
    """Counted, not timed: the characters the scans for closing marks examine, per byte, at 4 sizes."""
    examined = examined_chars
    per_byte = []
    for size in (8_000, 16_000, 32_000, 64_000):
        text = unit * (size // len(unit))
        examined[0] = 0
        assert "".join(carry_text._tokens(text)).replace(" ", "") == text.replace(" ", "")
        per_byte.append((examined[0] + 1) / len(text))
    assert max(per_byte) <= 1.25 * per_byte[0] + 0.01 and per_byte[-1] <= 4


def test_kept_is_replace_spelled_out() -> None:
    """``_kept`` builds the entry with the constructor's arguments in field order: the same entry (``raw``
    too) as ``dataclasses.replace`` gives, for entries with and without flags, comments and plurals."""
    from dataclasses import replace

    from keys_l10n.core.merge import _EXTRACTOR_FLAGS, PROVENANCE, _kept
    from keys_l10n.core.model import Entry

    def reference(old: Entry, new: Entry) -> Entry:
        flags = tuple(f for f in old.flags if f not in _EXTRACTOR_FLAGS) + tuple(
            f for f in new.flags if f in _EXTRACTOR_FLAGS and f not in old.flags
        )
        provenance = tuple(c for c in old.extracted_comments if c.startswith(PROVENANCE))
        comments = new.extracted_comments + tuple(c for c in provenance if c not in new.extracted_comments)
        plural = new.msgid_plural if new.msgid_plural is not None else old.msgid_plural
        return replace(
            old,
            extracted_comments=comments,
            references=new.references,
            flags=flags,
            obsolete=False,
            msgid_plural=plural,
            raw=None,
        )

    extractor = sorted(_EXTRACTOR_FLAGS)[0]
    olds = [
        Entry("a", "b", raw="x", line=3),
        Entry("a", "b", "ctx", flags=("fuzzy", extractor), translator_comments=("t",), previous_msgid="p", raw="x"),
        Entry("a", "", msgid_plural="as", msgstr_plural=("1", "2"), extracted_comments=(f"{PROVENANCE} x", "e")),
        Entry("a", "b", obsolete=True, references=("r:1",)),
    ]
    news = [Entry("a"), Entry("a", references=("r:2",), flags=(extractor,)), Entry("a", msgid_plural="bs")]
    for old in olds:
        for new in news:
            kept = _kept(old, new)
            assert (kept, kept.raw, kept.line) == ((ref := reference(old, new)), ref.raw, ref.line) or kept is old
