"""What pairs a unit of a published translation with its source unit, read from the texts alone.

Anchors are what a translation keeps as it is: link and image targets (a reference link resolved through the
text's definitions), footnote marks, inline code, numbers, file names and paths. A block that says it is a
translator's note (``N. del T.``, ``訳注``...) translates no source unit. ``importer`` costs and judges its
pairs with these. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Anchors: what a translation keeps as it is. Link and image targets, footnote marks, inline code, numbers,
# and file names and paths (``src/main.rs``, ``Android.bp``), which translators keep even outside code marks.
_ANCHOR = re.compile(
    r"\]\(([^)\s]+)|<(https?://[^>\s]+)>|\[\^([^\]]+)\]|`([^`]+)`|(\d+(?:[.,:]\d+)*)"
    r"|(?<![\w/.-])((?:[\w-]+/)+[\w.-]*\w|[\w-]{2,}\.[a-z][a-z0-9]{0,4})(?![\w/])"
)
# Reference links (``[text][label]``, ``[text][]``, ``[label]``) and their definitions (``[label]: url``).
_REFERENCE = re.compile(r"(?<![\]\\])\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?![(:\[])")
_LABEL = re.compile(r"\]\[[^\]\n]*\]")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)


def link_references(markdown: str) -> dict[str, str]:
    """The link reference definitions of a Markdown text: label (case-folded) -> destination."""
    return {" ".join(m.group(1).split()).casefold(): m.group(2) for m in _DEFINITION.finditer(markdown)}


def anchors(text: str, references: Mapping[str, str] | None = None) -> set[str]:
    """What a translation keeps as it is, found in a unit's text; ``references`` resolves reference links, so
    that ``[text][1]`` in one text and ``[texto](https://...)`` in the other (a converted page) agree."""
    found = set()
    if references:
        for match in _REFERENCE.finditer(text):
            label = match.group(2) or match.group(1)
            url = references.get(" ".join(label.split()).casefold())
            if url is not None:
                found.add("link:" + url)
    for match in _ANCHOR.finditer(_LABEL.sub("]", text)):  # a label ("[text][1]") is no number
        target, autolink, note, code, number, path = match.groups()
        if autolink:
            found.add("link:" + autolink)
        elif path:
            found.add("path:" + path.strip("_"))
        elif target:
            found.add("link:" + target)
        elif note:
            found.add("note:" + note)
        elif code:
            found.add("code:" + code)
        elif number:
            found.add("num:" + re.sub(r"[.,]", "", number))
    return found


# A block that says it is a translator's note never translates a source unit.
_NOTE = re.compile(
    r"^[\W_]*(?:N\.\s?(?:del?|de la|do|da)\s?(?:l\.\s?)?T\.|N\.\s?d\.\s?T\.|N\.\s?T\.|T/N|TN:|"
    r"nota del? (?:la )?(?:traducci[oó]n|traductor|traductora|tradutor|tradutora)|nota da tradução|"
    r"note du traducteur|note de (?:la )?traduction|translator['’]s note|note from the translator|"
    r"anm\.\s?d\.\s?übers|anmerkung de[rs] übersetzer|訳注|译注|譯注|역주|ملاحظة المترجم|"
    r"تعليق المترجم|הערת המתרגם|примечание переводчика|прим\.\s?пер)",
    re.IGNORECASE,
)


def is_translator_note(text: str) -> bool:
    return bool(_NOTE.match(text))
