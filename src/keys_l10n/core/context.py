"""A unit's text where it will stand: the one place that decides how a msgid or a msgstr is read as Markdown.

A msgstr is never parsed alone: alone, a translation that starts with four spaces or a ```` ``` ```` fence is a
code block (so nothing in it looks like HTML), while in a heading, a table cell or a footnote the same text is
inline content. ``fit(text, kind)`` is the text as ``build`` writes it in the unit's place (a heading on one
line, pipes escaped in a table cell, quotes escaped in an image title); ``document(text, kind)`` puts the fitted
text inside a small document of the unit's block type (``# `` before a heading, ``> `` before every line of a
quote, a table around a cell, ``![...](x)`` around an image's alt text...), so that pulldown-cmark reads it as
the booklet will. ``checks`` (through ``inline.parse_unit``) and ``build`` both parse units this way: one rule.

The kind is the one ``markdown.segment`` gives (``heading 2``, ``paragraph``, ``list item``, ``block quote``,
``table cell``, ``table header``, ``footnote``, ``image alt``, ``image title``, ``front matter``); in a catalog
it is the extracted comment ``type: KIND``. An unknown kind is read as a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

TYPE_COMMENT = "type: "
# Private-use characters ``build`` uses to carry fuzzy marks into the HTML renderer; never from a translation.
MARK_OPEN, MARK_MID, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
_NO_MARKS = str.maketrans({MARK_OPEN: "\ufffd", MARK_MID: "\ufffd", MARK_CLOSE: "\ufffd"})
_ONE_LINE = frozenset({"table cell", "table header", "image alt", "image title", "front matter"})
_NEWLINES = re.compile(r"\s*\n\s*")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# A plain YAML scalar may not start with an indicator character nor with or end in whitespace.
_YAML_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:.*\S)?$", re.DOTALL)
_YAML_OTHER = re.compile(r"^(?:[-+]?\.?\d[\d.:\-T ]*|true|false|yes|no|on|off|null|~)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Placed:
    """``text`` inside a document of its block type: line ``i`` of ``text`` starts at byte ``starts[i]``."""

    document: str
    starts: tuple[int, ...]
    end: int  # byte offset just after the text


def kind_of(comments: Iterable[str]) -> str:
    """The unit's kind from a catalog entry's extracted comments (``type: heading 1``), else ``paragraph``."""
    for comment in comments:
        if comment.startswith(TYPE_COMMENT):
            return comment[len(TYPE_COMMENT) :].strip()
    return "paragraph"


def without_marks(text: str) -> str:
    """``text`` with the private-use mark characters replaced (a translation must not open a fuzzy mark)."""
    if MARK_OPEN not in text and MARK_MID not in text and MARK_CLOSE not in text:
        return text
    return text.translate(_NO_MARKS)


def escape_title(text: str, quote: str = '"') -> str:
    """A link or image title's text as it must be written between ``quote`` characters (``(`` for ``(...)``)."""
    specials = "\\&" + ("()" if quote == "(" else quote)
    return "".join("\\" + c if c in specials else c for c in text)


def yaml_scalar(text: str, quote: str) -> str:
    """A front matter value written where the source's stands: inside its quotes (``quote`` is ``"`` or ``'``)
    escaped for them, or, for a plain scalar (any other ``quote``), double-quoted when YAML would misread it."""
    if quote == "'":
        return text.replace("'", "''")
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if quote == '"':
        return escaped
    special = ": " in text or " #" in text or text.endswith(":") or _YAML_OTHER.match(text)
    if _YAML_PLAIN.match(text) and not special:
        return text
    return f'"{escaped}"'


def fit(text: str, kind: str, quote: str = '"') -> str:
    """``text`` as ``build`` writes it in a unit of ``kind`` (before continuation lines get their prefix).

    ``quote`` is the character before the unit in the source: the quote of an image title or a front matter
    value."""
    if kind.startswith("heading"):
        return " ".join(text.split()) if "\n" in text else text
    if kind in _ONE_LINE:
        text = _NEWLINES.sub(" ", text) if "\n" in text else text
        if kind in ("table cell", "table header"):
            return _UNESCAPED_PIPE.sub(r"\\|", text)
        if kind == "image title":
            return escape_title(text, quote)
        if kind == "front matter":
            return yaml_scalar(text, quote)
    return text


# (opener, continuation of each further line, closer) that put a unit of each block type in its place
_FRAMES = {
    "list item": ("- ", "  ", ""),
    "block quote": ("> ", "> ", ""),
    "footnote": ("[^kl]: ", "    ", ""),
    "table header": ("| ", "", " |\n| --- |"),
    "table cell": ("| |\n| --- |\n| ", "", " |"),
    "image alt": ("![", "", "](keys-l10n-image)"),
    "image title": ('![image](keys-l10n-image "', "", '")'),
}


def document(text: str, kind: str) -> Placed:
    """The fitted ``text`` placed in a minimal document of its block type (see the module's docstring)."""
    if kind.startswith("heading"):
        level = kind.partition(" ")[2]
        opener, continuation, closer = "#" * (int(level) if level.isdigit() else 1) + " ", "", ""
    else:
        opener, continuation, closer = _FRAMES.get(kind, ("", "", ""))
    parts = [opener]
    starts = []
    offset = len(opener.encode("utf-8"))
    for index, line in enumerate(text.split("\n")):
        if index:
            parts.append("\n" + continuation)
            offset += 1 + len(continuation.encode("utf-8"))
        starts.append(offset)
        parts.append(line)
        offset += len(line.encode("utf-8"))
    parts.append(closer)
    return Placed("".join(parts), tuple(starts), offset)


def to_text_offset(placed: Placed, text: str, position: int) -> int:
    """A byte offset in ``placed.document`` as a byte offset in ``text`` (the lines' own bytes only)."""
    line_starts = [0]
    for line in text.split("\n")[:-1]:
        line_starts.append(line_starts[-1] + len(line.encode("utf-8")) + 1)
    index = 0
    for i, start in enumerate(placed.starts):
        if start <= position:
            index = i
    return line_starts[index] + max(0, position - placed.starts[index])
