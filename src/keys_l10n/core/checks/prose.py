"""Prose checks: leading and trailing whitespace, final punctuation, numbers, Spanish marks, doubled words.

They read the texts a reader sees (``Unit.source_plain``: text without code, HTML or link targets), so a number
in a URL or a question mark in a link's query is no number or question.
"""

from __future__ import annotations

import itertools
import re

from ..langcode import base_language
from .base import FunctionCheck, Unit, multiset_diff, quote


def _edge_space(text: str, end: bool) -> str:
    stripped = text.rstrip() if end else text.lstrip()
    return text[len(stripped) :] if end else text[: len(text) - len(stripped)]


def check_whitespace(unit: Unit) -> list[str]:
    messages = []
    for end, where in ((False, "starts"), (True, "ends")):
        source, target = _edge_space(unit.source, end), _edge_space(unit.target, end)
        if source != target:
            messages.append(
                f"the source {where} with {repr(source) if source else 'no whitespace'} "
                f"but the translation with {repr(target) if target else 'none'}"
            )
    return messages


_CLOSING = "\"'”’»›)]}*_ \t\n\u00a0\u202f"
_FINAL = {
    ".": ".",
    "。": ".",
    "．": ".",
    "।": ".",
    ":": ":",
    "：": ":",
    "?": "?",
    "？": "?",
    "؟": "?",
    "¿": "?",
    "!": "!",
    "！": "!",
    "¡": "!",
    "…": "…",
    ";": ";",
    "；": ";",
}


def final_mark(plain: str, lang: str = "en") -> str:
    """The final punctuation class of a text: ``.``, ``:``, ``?``, ``!``, ``…``, ``;`` or ``""``.

    Closing quotes, brackets and spaces after it do not count (``“Keys.”`` and ``« Clés ».`` both end with
    ``.``), a space before it neither (French ``?`` ``!`` ``:`` ``;``), ``...`` is ``…``, full-width and
    Arabic marks are their Latin equivalents, and a Greek ``;`` is a question mark.
    """
    text = plain.rstrip(_CLOSING)
    if text.endswith("..."):
        return "…"
    if not text:
        return ""
    mark = _FINAL.get(text[-1], "")
    if mark == ";" and base_language(lang) == "el":
        return "?"
    return mark


def check_end_punctuation(unit: Unit) -> list[str]:
    source = final_mark(unit.source_plain, "en")
    target = final_mark(unit.target_plain, unit.lang)
    if source == target:
        return []
    what = {"": "no final punctuation"}
    return [
        f"the source ends with {what.get(source, quote(source))} but the translation with "
        f"{what.get(target, quote(target))}"
    ]


_DIGITS = re.compile(r"\d+")


def _numbers(text: str) -> list[str]:
    out = []
    for run in _DIGITS.findall(text):
        try:
            out.append(str(int(run)))
        except ValueError:  # pragma: no cover - \d only matches decimal digits
            out.append(run)
    return out


def check_numbers(unit: Unit) -> list[str]:
    source = _numbers(unit.source_plain)
    target = _numbers(unit.target_plain)
    if not source and not target:
        return []
    missing, added = multiset_diff(source, target)
    messages = []
    if missing:
        messages.append(f"number(s) of the source missing in the translation: {', '.join(missing)}")
    if added:
        messages.append(f"number(s) not in the source: {', '.join(added)}")
    return messages


_OPENERS = {"¿": "?", "¡": "!"}
_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)


def check_spanish_marks(unit: Unit) -> list[str]:
    """Every ``¿``/``¡`` is closed later by ``?``/``!`` and every ``?``/``!`` was opened (in the text)."""
    text = unit.target_plain
    if not any(c in text for c in "¿¡?!"):
        return []
    text = _URL.sub(" ", text)  # an autolink's ?query is not a question
    messages = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, index))
        elif char in "?!":
            if stack:
                opener, _ = stack.pop()
                # ¿…! and ¡…? are accepted (RAE allows mixing them for questions that are exclamations)
                del opener
            else:
                context = text[max(0, index - 30) : index + 1]
                messages.append(
                    f"{quote(char)} without an opening {quote('¿' if char == '?' else '¡')}: …{context.strip()}"
                )
    for opener, index in stack:
        context = text[index : index + 30]
        messages.append(f"{quote(opener)} never closed by {quote(_OPENERS[opener])}: {context.strip()}…")
    return messages


_WORDS = re.compile(r"\w+(?:['’]\w+)*")
_VALID_DOUBLES = {"fr": frozenset({"nous", "vous"}), "en": frozenset({"that", "had"})}


def _doubled(text: str, lang: str) -> list[str]:
    words = _WORDS.findall(text)
    allowed = _VALID_DOUBLES.get(base_language(lang), frozenset())
    found = []
    for first, second in itertools.pairwise(words):
        if first.casefold() == second.casefold() and not first.isdigit() and first.casefold() not in allowed:
            found.append(first.casefold())
    return found


def check_doubled_words(unit: Unit) -> list[str]:
    target = _doubled(unit.target_plain, unit.lang)
    if not target:
        return []
    source = _doubled(unit.source_plain, "")
    if len(target) <= len(source):  # the source repeats words on purpose ("very very": "muy muy")
        return []
    _, added = multiset_diff(source, target)
    return [f"the word {quote(word)} is repeated" for word in (added or target)[: len(target) - len(source)]]


PROSE_CHECKS: tuple[FunctionCheck, ...] = (
    FunctionCheck("whitespace", "warning", "leading and trailing whitespace as in the source", check_whitespace),
    FunctionCheck(
        "end-punctuation",
        "warning",
        "final . : ? ! … as in the source (French spacing, ¿…?, closing quotes allowed)",
        check_end_punctuation,
    ),
    FunctionCheck("numbers", "warning", "every number and date of the source present, none added", check_numbers),
    FunctionCheck(
        "spanish-marks",
        "error",
        "Spanish ¿ and ¡ paired with ? and !",
        check_spanish_marks,
        languages=frozenset({"es"}),
    ),
    FunctionCheck("doubled-words", "warning", "no word repeated by mistake (“de de”, “la la”)", check_doubled_words),
)
