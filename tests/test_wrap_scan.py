"""core/wrap.py's run-by-run scan for break opportunities gives exactly what the character-by-character scan gave.

The fast scan (letter/digit runs and space runs skipped whole, break decisions cached, widths summed only where
a character is not one column wide) replaced a per-character loop for speed (benchmarks/RESULTS.md). The
per-character reference below is that loop, kept here to hold the two equal on any text.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from keys_l10n.core import wrap

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789ÀÖØöøſĀžƀ×÷     "
    ".,;:!?-/()[]{}\"'\\\n\t\r\x01*_`#>|%$+€…—–«»“”‘’¿¡ñéüçß中文字日本語한국\u0301\u00a0\u200b"
)


def reference_breaks(text: str, prohibited: set[int]) -> list[int]:
    """The original per-character scan."""
    breaks = [False] * len(text)
    last: str | None = None
    spaces = False
    for i, char in enumerate(text):
        cls = wrap._class(char)
        if cls == "SP":
            spaces = True
            continue
        if cls == "CM" and last is not None:
            continue
        if last is not None and i not in prohibited:
            breaks[i] = wrap._after_spaces(last, cls) if spaces else wrap._direct(last, cls)
        last = cls if cls != "CM" else "AL"
        spaces = False
    return [i for i, b in enumerate(breaks) if b]


def reference_escape(portion: str) -> tuple[str, set[int]]:
    out: list[str] = []
    prohibited: set[int] = set()
    for char in portion:
        name = wrap._ESCAPES.get(char)
        if name is not None:
            out.append("\\")
            prohibited.add(len(out))
            out.append(name)
        else:
            out.append(char)
    escaped = "".join(out)
    if portion.endswith("\n"):
        prohibited.add(len(escaped) - 2)
    return escaped, prohibited


def reference_line_breaks(escaped: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    possible = set(reference_breaks(escaped, prohibited))
    chosen: list[int] = []
    last_break: int | None = None
    last_column = start_column
    piece_width = 0
    for i, char in enumerate(escaped):
        if i in possible:
            if last_break is not None and last_column + piece_width > width:
                chosen.append(last_break)
                last_column = 0
            last_break = i
            last_column += piece_width
            piece_width = 0
        piece_width += wrap._width(char)
    if last_break is not None and last_column + piece_width > width:
        chosen.append(last_break)
    return chosen


def check(text: str, widths: tuple[tuple[int, int], ...] = ((77, 6), (72, 0), (20, 9))) -> None:
    escaped, prohibited = wrap._escape(text)
    assert (escaped, prohibited) == reference_escape(text)
    expected = reference_breaks(escaped, prohibited)
    assert wrap._possible_breaks(escaped, prohibited) == expected
    assert wrap._possible_breaks_scan(escaped, prohibited) == expected
    for width, start in widths:
        assert wrap._line_breaks(escaped, prohibited, width, start) == reference_line_breaks(
            escaped, prohibited, width, start
        )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=300))
def test_fast_scan_equals_character_scan(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fast_scan_equals_character_scan_on_any_unicode(text: str) -> None:
    check(text)


def test_fast_scan_on_prose_and_markup() -> None:
    rng = random.Random(3)
    words = [
        "psychosocial",
        "accompaniment",
        "2014-2015",
        "*emphasis*",
        "[link](https://example.org/a-b)",
        "`code`",
        "“quoted”",
        "¿Qué?",
        "niño",
        "l'été",
        "—",
        "and/or",
        "50 %",
        "[^12]",
        "\\*",
        '"x"',
    ]
    for _ in range(300):
        check(" ".join(rng.choice(words) for _ in range(rng.randint(1, 60))))
    long_word = "x" * 200
    check(long_word)
    check(f"start {long_word} end")


# The fast path's characters (core/wrap.py ``_SIMPLE_TEXT``): one of each break class it knows, the characters the
# escapes make (backslash, quotes, n, t), several spaces, and letters and digits to make words of.
SIMPLE_ALPHABET = "abcXYZ019ñÑéÀſĀž         .,;:!?-/()[]{}\"'\\\n\t\r*_`#>|%$+€…—–‐‑«»“”‘’‹›¿¡·°\u00a0\u2025"
SIMPLE_WIDTHS = ((77, 6), (72, 0), (20, 9), (8, 0), (5, 3), (3, 7), (1, 0))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=SIMPLE_ALPHABET, max_size=400))
def test_fast_path_equals_character_scan(text: str) -> None:
    """The regular-expression fast path (breaks found by pattern, lines chosen window by window) against the
    per-character reference, at line widths from 1 column (every word overflows) to 77."""
    escaped, _ = wrap._escape(text)
    assert wrap._SIMPLE_TEXT.fullmatch(escaped) is not None  # the fast path is the one under test
    check(text, SIMPLE_WIDTHS)


TOKENS = ["word", "a", "—", " ", "  ", "-", "\\", '"', "\n", "(", ")", "x" * 30, "1", "%"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_fast_path_on_token_sequences(tokens: list[str]) -> None:
    check("".join(tokens), SIMPLE_WIDTHS)


def test_fast_path_characters_are_one_column_and_no_marks() -> None:
    chars = [chr(c) for c in range(0x110000) if wrap._SIMPLE_TEXT.fullmatch(chr(c))]
    assert all(wrap._width(c) == 1 and wrap._class(c) not in ("CM", "ID", "ZW") for c in chars)
    assert "\u00ad" not in chars and "\u200b" not in chars and "\u0301" not in chars and "中" not in chars


def reference_format_string(keyword: str, value: str, *, prefix: str = "", width: int = wrap.PAGE_WIDTH) -> list[str]:
    """``format_string`` as it was before it asked for the breaks at column 0 first (each portion looked at once
    or twice in a loop)."""
    portions: list[str] = []
    start = 0
    while start < len(value):
        end = value.find("\n", start)
        end = len(value) if end < 0 else end + 1
        portions.append(value[start:end])
        start = end
    if not portions:
        portions = [""]
    text_width = width - 1 - (len(prefix) + 1)
    if len(portions) == 1 and len(keyword) + 1 + len(portions[0]) <= text_width:
        escaped, _ = wrap._escape(portions[0])
        if len(keyword) + 1 + len(escaped) <= text_width and escaped.isascii() and escaped.isprintable():
            return [f'{prefix}{keyword} "{escaped}"']  # fits on the first line: what the search below finds
    lines: list[str] = []
    first = True
    for index, portion in enumerate(portions):
        escaped, prohibited = wrap._escape(portion)
        more = index + 1 < len(portions)
        while True:
            start_column = len(keyword) + 1 if first else 0
            breaks = wrap._line_breaks(escaped, prohibited, text_width, start_column)
            if first and escaped and (more or start_column > text_width or breaks):
                lines.append(f'{prefix}{keyword} ""')
                first = False
                continue
            break
        pieces: list[str] = []
        cut = 0
        for position in breaks:
            pieces.append(escaped[cut:position])
            cut = position
        pieces.append(escaped[cut:])
        for piece in pieces:
            if first:
                lines.append(f'{prefix}{keyword} "{piece}"')
                first = False
            else:
                lines.append(f'{prefix}"{piece}"')
    return lines


@settings(max_examples=1500, deadline=None)
@given(
    st.text(alphabet=SIMPLE_ALPHABET + "中\u0301", max_size=300),
    st.sampled_from(["msgid", "msgstr", "msgctxt", "msgstr[0]", "msgid_plural"]),
    st.sampled_from(["", "#~ ", "#| ", "#~| "]),
    st.sampled_from([79, 40, 12, 6, 2**31]),
)
def test_format_string_equals_the_earlier_loop(text: str, keyword: str, prefix: str, width: int) -> None:
    assert wrap.format_string(keyword, text, prefix=prefix, width=width) == reference_format_string(
        keyword, text, prefix=prefix, width=width
    )


EVERY_SIMPLE = "".join(chr(c) for c in range(0x2200) if wrap._SIMPLE_TEXT.fullmatch(chr(c))) + "\n\t\r"


@settings(max_examples=800, deadline=None)
@given(st.lists(st.text(alphabet=EVERY_SIMPLE, min_size=1, max_size=12), max_size=40))
def test_fast_path_on_every_character_it_takes(words: list[str]) -> None:
    """Words of any of the fast path's characters (each break class it builds a pattern for), spaced."""
    check(" ".join(words), SIMPLE_WIDTHS)
