"""Write PO strings exactly as GNU gettext does (``write-po.c``), so ``msgcat`` leaves our files unchanged.

Written by hand because no Python library reproduces gettext's layout: polib wraps with textwrap at 78, babel at
76 with its own rules, translate-toolkit at 77 (measured: msgcat changes hundreds of lines after each of them).
gettext splits a string after each ``\\n``, escapes it, then breaks the escaped text at Unicode line-break
opportunities (UAX #14, as implemented by libunistring) so that no line passes 79 columns. This module carries
the UAX #14 pair rules for the classes that occur in prose and Markdown (letters, digits, spaces, quotes,
punctuation, brackets, dashes, slashes); CJK ideographs break anywhere.

Text made only of common characters (ASCII, Latin letters, general punctuation: all one column wide) is laid out
by regular expressions built from those rules: each line ends at the last break opportunity of its window
(``_simple_line_breaks``). Other text is scanned run by run. Property tests hold both equal to a per-character scan.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from functools import lru_cache

PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", '"': '"', "\\": "\\"}

# UAX #14 line-break classes of the characters that need one other than AL (alphabetic).
_CLASS: dict[str, str] = {}
for _chars, _cls in (
    (" ", "SP"),
    ("\t", "BA"),
    ("-", "HY"),
    ("/", "SY"),
    (".,:;", "IS"),
    ("!?", "EX"),
    ("([{\u00a1\u00bf\u2018\u201a\u201e", "OP"),
    (")]", "CP"),
    ("}", "CL"),
    ("\"'\u00ab\u00bb\u2019\u201c\u201d\u2039\u203a\u201b\u201f", "QU"),
    ("|\u2010\u2012\u2013\u00ad", "BA"),
    ("\u2014", "B2"),
    ("\u00a0\u202f\u2007\u2011\u2060\ufeff", "GL"),
    ("%\u00a2\u00b0\u2030\u2032\u2033\u2103", "PO"),
    ("$+\\\u00a3\u00a5\u00b1\u20ac\u2116", "PR"),
    ("\u2026\u2024\u2025", "IN"),
    ("0123456789", "NU"),
    ("\u00b7\u30fb\u3001\u3002\uff0c\uff0e", "NS"),
    ("\u200b", "ZW"),
):
    for _c in _chars:
        _CLASS[_c] = _cls
_CLASS["\u2018"] = "QU"
_CLASS["\u201a"] = "OP"
_CLASS["\u201e"] = "OP"


@lru_cache(maxsize=4096)
def _class(char: str) -> str:
    cls = _CLASS.get(char)
    if cls is not None:
        return cls
    category = unicodedata.category(char)
    if category in ("Mn", "Me"):
        return "CM"
    if category == "Nd":
        return "NU"
    if unicodedata.east_asian_width(char) in ("W", "F") and category.startswith("L"):
        return "ID"
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CL"
    if category in ("Pi", "Pf"):
        return "QU"
    if category == "Zs":
        return "SP" if char == " " else "BA"
    return "AL"


@lru_cache(maxsize=4096)
def _width(char: str) -> int:
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.category(char) == "Cc":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


_NEVER_BEFORE = frozenset({"CL", "CP", "EX", "IS", "SY", "SP", "ZW", "CM"})
_NO_BREAK_BEFORE_DIRECT = frozenset({"QU", "GL", "BA", "HY", "NS", "IN", "CL", "CP", "EX", "IS", "SY"})
_NO_BREAK_AFTER_DIRECT = frozenset({"OP", "QU", "GL"})


def _direct(last: str, cls: str) -> bool:
    """May a line break fall between two adjacent characters of these classes (no space between)?"""
    if cls in _NO_BREAK_BEFORE_DIRECT or last in _NO_BREAK_AFTER_DIRECT:
        return False
    if last == "ZW":
        return True
    if last in ("AL", "NU") and cls in ("AL", "NU", "OP", "PR", "PO"):
        return False
    if last in ("PR", "PO") and cls in ("AL", "NU", "OP", "ID"):
        return False
    if last == "CP" and cls in ("AL", "NU"):
        return False
    if last in ("CL", "CP", "NU") and cls in ("PR", "PO"):
        return False
    if last in ("HY", "SY", "IS") and cls == "NU":
        return False
    if last == "B2" and cls == "B2":
        return False
    return not (last == "ID" and cls == "PO")


def _after_spaces(last: str, cls: str) -> bool:
    """May a line break fall before ``cls`` when spaces separate it from a character of class ``last``?"""
    if cls in _NEVER_BEFORE:
        return False
    if last == "OP":
        return False
    if last == "QU" and cls == "OP":
        return False
    if last in ("CL", "CP") and cls == "NS":
        return False
    return not (last == "B2" and cls == "B2")


# Runs that cannot hold a break opportunity inside them: Latin letters and digits (AL/NU pairs never break)
# and spaces (SP). Scanning run by run (spaces, then a run or one other character) instead of character by
# character gives the same breaks, several times faster.
_RUN = re.compile(r"( +)?([A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]+|[\s\S])")
_NEEDS_ESCAPE = re.compile(r'[\x07\x08\x0c\n\r\t\x0b"\\]')
_DECISIONS: dict[tuple[str, str, bool], bool] = {}


def _may_break(last: str, cls: str, spaces: bool) -> bool:
    key = (last, cls, spaces)
    decision = _DECISIONS.get(key)
    if decision is None:
        decision = _DECISIONS[key] = _after_spaces(last, cls) if spaces else _direct(last, cls)
    return decision


# The fast path of ``_possible_breaks``: text made only of the characters below (printable ASCII, Latin-1 and Latin
# Extended letters, general punctuation; all one column wide, none a combining mark or a zero-width character) has
# its break opportunities found by regular expressions built from the same pair rules. With no combining marks,
# the class before a position is that of the nearest character that is not a space, so a break falls before a
# character of class Y directly after one of class X when ``_direct(X, Y)``, and after X and a run of spaces when
# ``_after_spaces(X, Y)``. Each match starts on a space or a punctuation mark (letters and digits are skipped in
# C: a pattern that starts with a character set is searched for that set first) and ends at the break; the few
# direct breaks after a letter or digit (before an em dash) are found by a second pattern, only in text that has
# such a character. tests/test_wrap_scan.py holds the result equal to the run-by-run scan on random text.
_LETTERS = ("AL", "NU")


def _simple_tables() -> tuple[
    re.Pattern[str], re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str]
]:
    codes = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x2010, 0x205F), 0x20AC, 0x2116, 0x2122]
    by_class: dict[str, list[str]] = {}
    for code in codes:
        char = chr(code)
        cls = _class(char)
        if _width(char) != 1 or cls in ("CM", "ID", "ZW") or (cls == "SP" and char != " "):
            continue
        by_class.setdefault(cls, []).append(char)

    def charset(classes: list[str] | set[str]) -> str:
        return "[" + "".join(re.escape(c) for cls in sorted(classes) for c in by_class[cls]) + "]"

    others = sorted(cls for cls in by_class if cls != "SP")
    ways = []
    for last in others:  # after spaces: the match starts on the first space, looks back at the character before
        spaced = [cls for cls in others if _after_spaces(last, cls)]
        if spaced:
            ways.append(f"(?<={charset([last])} ) *(?={charset(spaced)})")
    for last in others:  # directly after a punctuation mark: the match is that mark
        direct = [cls for cls in others if _direct(last, cls)]
        if direct and last not in _LETTERS:
            ways.append(f"(?<={charset([last])})(?={charset(direct)})")
    triggers = charset(set(others) - set(_LETTERS) | {"SP"})
    after_letters = [
        f"(?<={charset([last])})(?={charset(direct)})"
        for last in _LETTERS
        if (direct := [cls for cls in others if _direct(last, cls)])
    ]
    before = {cls for last in _LETTERS for cls in others if _direct(last, cls)}
    any_break = "|".join([f"{triggers}(?:{'|'.join(ways)})", *after_letters])
    return (
        re.compile(charset(list(by_class)) + "*"),
        re.compile(f"{triggers}(?:{'|'.join(ways)})"),
        re.compile(charset(before)) if before else None,
        re.compile("|".join(after_letters)) if after_letters else None,
        # The last break of a window: ``.*`` runs to the window's end and gives back one character at a time until
        # a break matches there (at one start, a break after a mark comes before one at the start itself).
        re.compile(f"(?s:.*)(?:{any_break})"),
    )


_SIMPLE_TEXT, _SIMPLE_BREAK, _AFTER_LETTER_MARK, _AFTER_LETTER_BREAK, _LAST_BREAK = _simple_tables()


def _possible_breaks(text: str, prohibited: set[int]) -> list[int]:
    """The positions i, in order, where a line may break before text[i]."""
    if _SIMPLE_TEXT.fullmatch(text) is None:
        return _possible_breaks_scan(text, prohibited)
    breaks = [match.end() for match in _SIMPLE_BREAK.finditer(text)]
    if _AFTER_LETTER_BREAK is not None and _AFTER_LETTER_MARK is not None and _AFTER_LETTER_MARK.search(text):
        breaks = sorted(breaks + [match.end() for match in _AFTER_LETTER_BREAK.finditer(text)])
    if prohibited:
        breaks = [i for i in breaks if i not in prohibited]
    return breaks


def _possible_breaks_scan(text: str, prohibited: set[int]) -> list[int]:
    """``_possible_breaks`` for any text: scanned run by run in Python."""
    breaks: list[int] = []
    last: str | None = None
    spaces = False
    for match in _RUN.finditer(text):
        if match.start(2) > match.start():
            spaces = True
        i = match.start(2)
        char = text[i]
        cls = _class(char)
        if cls == "SP":
            spaces = True
            continue
        if cls == "CM" and last is not None:
            continue
        if last is not None and i not in prohibited and _may_break(last, cls, spaces):
            breaks.append(i)
        last = cls if cls != "CM" else "AL"
        spaces = False
        end = match.end()
        if end - i > 1:  # the rest of a letter/digit run: no break inside, the class of its last character
            last = "NU" if text[end - 1] <= "9" else "AL"
    return breaks


def _escape(portion: str) -> tuple[str, set[int]]:
    prohibited: set[int] = set()
    if _NEEDS_ESCAPE.search(portion) is None:
        return portion, prohibited
    out: list[str] = []
    length = 0
    cursor = 0
    for match in _NEEDS_ESCAPE.finditer(portion):
        chunk = portion[cursor : match.start()]
        out.append(chunk)
        out.append("\\")
        length += len(chunk) + 1
        prohibited.add(length)  # no break between the backslash and its letter
        out.append(_ESCAPES[match.group(0)])
        length += 1
        cursor = match.end()
    out.append(portion[cursor:])
    escaped = "".join(out)
    if portion.endswith("\n"):
        prohibited.add(len(escaped) - 2)
    return escaped, prohibited


def _line_breaks(escaped: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """Positions where gettext breaks ``escaped`` (gnulib's ``ulc_width_linebreaks``)."""
    if _SIMPLE_TEXT.fullmatch(escaped) is not None:
        return _simple_line_breaks(escaped, prohibited, width, start_column)
    return _choose_breaks(escaped, _possible_breaks(escaped, prohibited), width, start_column)


def _simple_line_breaks(text: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """``_choose_breaks`` for text of the fast path's characters (all one column wide), line by line: a line
    that starts at ``start`` ends at the last break opportunity that fits (found by ``_LAST_BREAK`` in the line's
    window), or, when none fits, at the first one after ``start`` (an overlong word has a line to itself); the
    rest of the text that fits is the last line. That is the greedy choice of ``_choose_breaks`` without looking
    at every opportunity of the text."""
    chosen: list[int] = []
    end = len(text)
    start = 0
    limit = width - start_column  # the last position a break may take on this line
    possible: list[int] | None = None
    while end > limit:
        cut = start
        if limit > start:
            match = _LAST_BREAK.match(text, start, limit + 1)
            if match is not None:
                cut = match.end()
            while cut > start and cut in prohibited:
                match = _LAST_BREAK.match(text, start, cut)
                cut = match.end() if match is not None else start
        if cut <= start:
            if possible is None:
                possible = _possible_breaks(text, prohibited)
            index = bisect.bisect_right(possible, start)
            if index == len(possible):
                break
            cut = possible[index]
        chosen.append(cut)
        start = cut
        limit = start + width
    return chosen


def _choose_breaks(escaped: str, possible: list[int], width: int, start_column: int) -> list[int]:
    """Greedy choice among the break opportunities: break at the last one before the line overflows."""
    if (escaped.isascii() and escaped.isprintable()) or all(_width(c) == 1 for c in set(escaped)):
        columns: list[int] | None = None  # every character is one column wide
    else:
        columns = [0, *itertools.accumulate(map(_width, escaped))]
    chosen: list[int] = []
    last_break: int | None = None
    last_column = start_column
    previous = 0
    for i in possible:
        piece_width = i - previous if columns is None else columns[i] - columns[previous]
        if last_break is not None and last_column + piece_width > width:
            chosen.append(last_break)
            last_column = 0
        last_break = i
        last_column += piece_width
        previous = i
    piece_width = len(escaped) - previous if columns is None else columns[-1] - columns[previous]
    if last_break is not None and last_column + piece_width > width:
        chosen.append(last_break)
    return chosen


def format_string(keyword: str, value: str, *, prefix: str = "", width: int = PAGE_WIDTH) -> list[str]:
    """The lines (without newline) gettext writes for ``keyword "value"``; ``prefix`` is e.g. ``"#~ "``.

    gettext starts with ``keyword ""`` when the string has a newline inside, or when its first part does not fit
    after the keyword: when it breaks at the keyword's column. A part that breaks at column 0 breaks there too
    (each line reaches further), so that is asked first, and the keyword's column only when it does not.
    """
    text_width = width - 1 - (len(prefix) + 1)
    head = len(keyword) + 1
    portions = _PORTION.findall(value) if "\n" in value[:-1] else [value]  # each up to and with its newline
    if len(portions) == 1 and head + len(value) <= text_width:
        escaped, _ = _escape(value)
        if head + len(escaped) <= text_width and escaped.isascii() and escaped.isprintable():
            return [f'{prefix}{keyword} "{escaped}"']  # fits on the first line: what the search below finds
    lines: list[str] = []
    last = len(portions) - 1
    for index, portion in enumerate(portions):
        escaped, prohibited = _escape(portion)
        breaks = _line_breaks(escaped, prohibited, text_width, 0)
        if index == 0:
            if escaped and (
                index < last or head > text_width or breaks or _line_breaks(escaped, prohibited, text_width, head)
            ):
                lines.append(f'{prefix}{keyword} ""')
            else:  # all of it after the keyword (no break at the keyword's column)
                lines.append(f'{prefix}{keyword} "{escaped}"')
                continue
        cut = 0
        for position in breaks:
            lines.append(f'{prefix}"{escaped[cut:position]}"')
            cut = position
        lines.append(f'{prefix}"{escaped[cut:]}"')
    return lines


_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def format_comment_words(marker: str, words: list[str], *, width: int = PAGE_WIDTH) -> list[str]:
    """``#:`` reference lines as gettext fills them: words separated by spaces, lines up to ``width``."""
    lines: list[str] = []
    current = marker
    for word in words:
        candidate = f"{current} {word}"
        if current != marker and len(candidate) > width:
            lines.append(current)
            current = f"{marker} {word}"
        else:
            current = candidate
    if current != marker:
        lines.append(current)
    return lines
