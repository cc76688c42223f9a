"""What every check is made of: the ``Unit`` it reads, the ``Finding`` it gives, the ``Check`` protocol.

A Check is a name, a level, a one-line explanation and a function ``Unit -> messages``. A ``Unit`` is one
(source, translation) pair of a catalog entry, parsed lazily (``inline.parse_unit``: each text read where the unit
stands in its booklet, see ``core/context.py``); its ``cache`` lets checks of one family share work on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Protocol

from ..inline import ParsedUnit, Token, parse_unit, plain_text
from ..langcode import base_language
from ..model import Entry

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")


def level_rank(level: str) -> int:
    """0 for error, 1 for warning, 2 for info."""
    return LEVELS.index(level)


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    level: Level
    check: str
    message: str
    msgid: str

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "level": self.level,
            "check": self.check,
            "message": self.message,
            "msgid": self.msgid,
        }


@dataclass
class Unit:
    """One (source, translation) pair of an entry (a plural entry gives one Unit per form), parsed lazily."""

    entry: Entry
    source: str
    target: str
    lang: str
    kind: str = "paragraph"  # the unit's block type (``core/context.py``)
    labels: frozenset[str] = frozenset()  # the booklet's reference labels, when known (``inline.reference_labels``)
    cache: dict[str, object] = field(default_factory=dict)

    @cached_property
    def source_parsed(self) -> ParsedUnit:
        return parse_unit(self.source, self.kind, self.labels)

    @cached_property
    def target_parsed(self) -> ParsedUnit:
        return parse_unit(self.target, self.kind, self.labels)

    @cached_property
    def source_tokens(self) -> list[Token]:
        return list(self.source_parsed.tokens)

    @cached_property
    def target_tokens(self) -> list[Token]:
        return list(self.target_parsed.tokens)

    @cached_property
    def source_plain(self) -> str:
        return plain_text(self.source_tokens)

    @cached_property
    def target_plain(self) -> str:
        return plain_text(self.target_tokens)


class Check(Protocol):
    """What every check offers: ``name``, ``level``, ``explanation`` (one line), ``origin``, and a call."""

    @property
    def name(self) -> str: ...

    @property
    def level(self) -> Level: ...

    @property
    def explanation(self) -> str: ...

    @property
    def origin(self) -> str: ...

    def applies(self, lang: str) -> bool: ...

    def __call__(self, unit: Unit) -> list[str]: ...


@dataclass(frozen=True)
class FunctionCheck:
    """A check made of a function ``Unit -> list of messages`` (empty when the unit passes)."""

    name: str
    level: Level
    explanation: str
    function: Callable[[Unit], list[str]]
    languages: frozenset[str] | None = None  # base language codes it applies to; None: all
    origin: str = "keys-l10n"

    def applies(self, lang: str) -> bool:
        return self.languages is None or base_language(lang) in self.languages

    def __call__(self, unit: Unit) -> list[str]:
        return self.function(unit)


def quote(value: str, limit: int = 60) -> str:
    """``value`` in quotation marks for a message, cut to ``limit`` characters."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return f"‘{value}’"


def multiset_diff(source: Iterable[str], target: Iterable[str]) -> tuple[list[str], list[str]]:
    """(missing from target, added in target), each in first-seen order, with repetitions."""
    source, target = list(source), list(target)
    if source == target:
        return [], []
    src, tgt = Counter(source), Counter(target)
    return list((src - tgt).elements()), list((tgt - src).elements())
