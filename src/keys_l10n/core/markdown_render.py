"""Rebuilding a booklet: every unit ``markdown.segment`` found replaced by its translation, the rest copied
byte for byte; a replacement laid out in the unit's place (continuation prefixes, the source's line endings,
optionally re-wrapped to the source's width without breaking where a new block would start).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .markdown import segment
from .model import Segment

# A line may not start with these (after up to three spaces or tabs) after re-wrapping: they would open a block.
_BLOCK_START = re.compile(
    r"^[ \t]*(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|=+[ \t]*$|-+[ \t]*$|(?:\*[ \t]*){3,}$"
    r"|(?:_[ \t]*){3,}$|(?:-[ \t]*){3,}$|<|\||```|~~~|\[\^[^\]]*\]:)"
)
# A link destination in angle brackets may contain spaces but no line break: never wrap inside one.
_ANGLE_DESTINATION = re.compile(r"\]\(<[^<>\n]*>")


Lookup = Callable[[Segment], str | None]


def render(text: str, lookup: Lookup, *, wrap: bool = False, segments: list[Segment] | None = None) -> str:
    """Rebuild ``text`` with each unit replaced by ``lookup(unit)``; everything else is copied byte for byte.

    A replacement is written on one line; with ``wrap=True`` a unit whose source was hard-wrapped is
    re-wrapped to the source's width, never breaking where the new line would start another block.
    """
    data = text.encode("utf-8")
    out: list[bytes] = []
    cursor = 0
    for seg in segments if segments is not None else segment(text):
        replacement = lookup(seg)
        out.append(data[cursor : seg.start])
        if replacement is None or replacement == seg.text:
            out.append(data[seg.start : seg.end])
        else:
            end_of_line = data.find(b"\n", seg.start)
            newline = "\r\n" if end_of_line > 0 and data[end_of_line - 1 : end_of_line] == b"\r" else "\n"
            out.append(_place(replacement, seg, wrap, newline).encode("utf-8"))
        cursor = seg.end
    out.append(data[cursor:])
    return b"".join(out).decode("utf-8")


def _place(replacement: str, seg: Segment, wrap: bool, newline: str = "\n") -> str:
    """The replacement laid out in the unit's place, continuation lines prefixed like the source's and ended
    with the source line's own line ending."""
    if seg.kind in ("table cell", "table header"):
        flat = re.sub(r"\s*\n\s*", " ", replacement)
        return re.sub(r"(?<!\\)\|", r"\\|", flat)
    if seg.kind in ("front matter", "image alt", "image title"):
        return re.sub(r"\s*\n\s*", " ", replacement)
    if seg.kind == "front matter block":  # a YAML block scalar: every line indented like the source's
        return (newline + seg.prefix).join(replacement.split("\n"))
    lines = replacement.split("\n")
    if wrap and seg.width:
        lines = [wrapped for line in lines for wrapped in _wrap_line(line, seg)]
    # A line after a hard break that would open a block ("# x", "- x", "> x"...) is indented four spaces: a
    # paragraph's continuation line may be, and the indentation is not part of the msgid.
    lines[1:] = ["    " + line.lstrip(" \t") if _BLOCK_START.match(line) else line for line in lines[1:]]
    return (newline + seg.prefix).join(lines)


def _wrap_line(line: str, seg: Segment) -> Iterator[str]:
    first_width = seg.width - len(seg.prefix)
    words = _words(line)
    current: list[str] = []
    length = 0
    for word in words:
        if current and length + 1 + len(word) > first_width and _may_break(current[-1], word):
            yield " ".join(current)
            current, length = [word], len(word)
            continue
        length = length + 1 + len(word) if current else len(word)
        current.append(word)
    yield " ".join(current)


def _words(line: str) -> list[str]:
    """``line`` split at single spaces, except inside a ``](<...>)`` link destination."""
    words = line.split(" ")
    if "](<" not in line:
        return words
    protected = [(m.start(), m.end()) for m in _ANGLE_DESTINATION.finditer(line)]
    out: list[str] = []
    position = 0
    for word in words:
        inside = any(start < position - 1 < end for start, end in protected) and out
        if inside:
            out[-1] += " " + word
        else:
            out.append(word)
        position += len(word) + 1
    return out


def _may_break(before: str, after: str) -> bool:
    """May a re-wrapped line end between these two words and keep the msgid and the block structure?

    Not next to an empty word or whitespace (a double space or a tab would be lost, or make a two-space hard
    break), not after an unescaped backslash (a backslash hard break), not before what would open a block.
    """
    if not before or not after or before[-1].isspace() or after[0].isspace():
        return False
    if (len(before) - len(before.rstrip("\\"))) % 2:
        return False
    return not _BLOCK_START.match(after)
