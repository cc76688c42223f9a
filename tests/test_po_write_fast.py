"""adapters/po_write.py joins an entry's lines itself: the same text translate-toolkit's PO unit assembles.

``format_entry`` once fed the gettext-wrapped strings to translate-toolkit's ``pounit`` and let it write the entry
(``format_entry_toolkit``, kept for the rare entries it still writes and as the reference here). Joining the lines
directly is several times faster; this holds the two equal on random entries of every shape: comments of each
kind, flags (``no-wrap`` included), previous strings, context, plural forms, obsolete, both newlines.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from keys_l10n.adapters.po_write import format_entry, format_entry_toolkit
from keys_l10n.core.model import Entry

TEXT = st.text(alphabet='ab cdXY01 .,-—"\\\n\t«»¿ñ中é', max_size=160)
WORDS = st.text(alphabet="abcdefghij/.:0123456789-_", min_size=1, max_size=30)
COMMENT = st.text(alphabet='ab c,.:#~|\\"é', max_size=90)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    plural = draw(st.booleans())
    msgid = draw(TEXT)
    return Entry(
        msgid=msgid,
        msgstr="" if plural else draw(TEXT),
        msgctxt=draw(st.none() | TEXT),
        msgid_plural=draw(TEXT) if plural else None,
        msgstr_plural=tuple(draw(st.lists(TEXT, max_size=3))) if plural else (),
        flags=tuple(draw(st.lists(st.sampled_from(["fuzzy", "no-wrap", "c-format", "python-format"]), max_size=3))),
        translator_comments=tuple(draw(st.lists(COMMENT, max_size=3))),
        extracted_comments=tuple(draw(st.lists(COMMENT, max_size=3))),
        references=tuple(draw(st.lists(WORDS, max_size=12))),
        previous_msgctxt=draw(st.none() | TEXT),
        previous_msgid=draw(st.none() | TEXT),
        previous_msgid_plural=draw(st.none() | TEXT),
        obsolete=draw(st.booleans()),
    )


@settings(max_examples=1500, deadline=None)
@given(entries(), st.sampled_from(["\n", "\r\n"]))
def test_joined_lines_equal_translate_toolkit_unit(entry: Entry, newline: str) -> None:
    assert format_entry(entry, newline) == format_entry_toolkit(entry, newline)


def test_long_entry_equals_translate_toolkit_unit() -> None:
    entry = Entry(
        msgid="A long paragraph " * 30 + "\nwith a second line",
        msgstr="Un párrafo largo " * 30,
        msgctxt="ctx",
        translator_comments=("", "note"),
        extracted_comments=("type: paragraph", ""),
        references=tuple(f"source/booklet-{i:02}.md:{i * 7}" for i in range(20)),
        flags=("fuzzy",),
        previous_msgid="An old long paragraph " * 10,
    )
    for obsolete in (False, True):
        for newline in ("\n", "\r\n"):
            candidate = Entry(**{**_fields(entry), "obsolete": obsolete})
            assert format_entry(candidate, newline) == format_entry_toolkit(candidate, newline)


def _fields(entry: Entry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in Entry.__dataclass_fields__}
