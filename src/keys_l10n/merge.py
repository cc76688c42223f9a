"""Carry translations from an old catalog into a new template, with msgmerge's semantics.

- an entry whose (msgctxt, msgid) is in the old catalog keeps its translation, translator comments and flags;
  its references and extracted comments come from the template (gettext's rule);
- an entry whose text is new gets, when an old text is similar enough (the msgmerge measure and cut-off,
  see ``memory.py``), that old translation marked ``fuzzy`` with the old text as previous msgid (``#|``);
- an old entry that no new entry uses keeps its translation as an obsolete ``#~`` entry; obsolete entries
  whose text comes back are revived (an exact match restores the translation, not fuzzy);
- an entry that did not change keeps its exact bytes.

Pure: the caller reads and writes files.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .memory import MSGMERGE_CUTOFF, FuzzyIndex
from .model import Catalog, Entry, format_header

_EXTRACTOR_FLAGS = frozenset({"c-format", "python-format", "python-brace-format", "no-c-format",
                              "no-python-format", "no-python-brace-format"})


@dataclass
class MergeReport:
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsoleted: int = 0
    revived: int = 0
    fuzzy_pairs: list[tuple[str, str, float]] = field(default_factory=list)


def _kept(old: Entry, new: Entry) -> Entry:
    """The old entry with the template's automatic fields; unchanged bytes when nothing changed."""
    flags = tuple(f for f in old.flags if f not in _EXTRACTOR_FLAGS) + tuple(
        f for f in new.flags if f in _EXTRACTOR_FLAGS and f not in old.flags
    )
    result = replace(
        old,
        extracted_comments=new.extracted_comments,
        references=new.references,
        flags=flags,
        obsolete=False,
        msgid_plural=new.msgid_plural if new.msgid_plural is not None else old.msgid_plural,
    )
    if result == old:
        return old
    return replace(result, raw=None)


def merge_catalog(
    old: Catalog,
    template: Catalog,
    *,
    fuzzy_matching: bool = True,
    cutoff: float = MSGMERGE_CUTOFF,
    memory: list[Entry] | None = None,
) -> tuple[Catalog, MergeReport]:
    report = MergeReport()
    by_key = {e.key: e for e in old.entries}
    used: set[tuple[str | None, str]] = set()
    sources = [e for e in old.entries if e.translated and not e.fuzzy] + [
        e for e in (memory or []) if e.translated and not e.fuzzy
    ]
    index: FuzzyIndex | None = None
    result: list[Entry] = []
    for new in template.entries:
        previous = by_key.get(new.key)
        if previous is not None:
            used.add(new.key)
            if previous.obsolete:
                report.revived += 1
            else:
                report.kept += 1
            result.append(_kept(previous, new))
            continue
        match: Entry | None = None
        score = 0.0
        if fuzzy_matching and sources:
            if index is None:
                index = FuzzyIndex([e.msgid for e in sources])
            found = index.best(new.msgid, cutoff=cutoff)
            if found is not None:
                match, score = sources[found[0]], found[1]
        if match is not None:
            used.add(match.key)
            report.fuzzy += 1
            report.fuzzy_pairs.append((match.msgid, new.msgid, score))
            result.append(
                replace(
                    new,
                    msgstr=match.msgstr if new.msgid_plural is None else "",
                    msgstr_plural=match.msgstr_plural if new.msgid_plural is not None else (),
                    flags=("fuzzy", *new.flags),
                    translator_comments=match.translator_comments,
                    previous_msgid=match.msgid,
                    previous_msgctxt=match.msgctxt if match.msgctxt != new.msgctxt else None,
                    previous_msgid_plural=match.msgid_plural,
                    raw=None,
                )
            )
        else:
            report.new += 1
            result.append(new)
    for entry in old.entries:
        if entry.key in used:
            continue
        if entry.obsolete:
            result.append(entry)
        elif entry.translated or entry.translator_comments or any(entry.translations):
            report.obsoleted += 1
            result.append(replace(entry, obsolete=True, raw=None))
    header = old.header
    if header is not None and template.header is not None:
        date = template.header_fields().get("POT-Creation-Date")
        fields = old.header_fields()
        if date is not None and fields.get("POT-Creation-Date") != date:
            fields["POT-Creation-Date"] = date
            header = replace(header, msgstr=format_header(fields), raw=None)
    return replace(old, entries=tuple(result), header=header), report


def same_content(a: Catalog, b: Catalog, *, ignore: tuple[str, ...] = ("POT-Creation-Date",)) -> bool:
    """Equal entries and headers, ignoring the given header fields (msgmerge's rule for "no change")."""
    if a.entries != b.entries:
        return False
    fa, fb = a.header_fields(), b.header_fields()
    for name in ignore:
        fa.pop(name, None)
        fb.pop(name, None)
    if fa != fb:
        return False
    ha, hb = a.header, b.header
    if (ha is None) != (hb is None):
        return False
    return ha is None or hb is None or (ha.translator_comments, ha.flags) == (hb.translator_comments, hb.flags)
