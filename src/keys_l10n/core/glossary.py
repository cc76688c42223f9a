"""The series glossary: its terms, finding them in text, and its CSV format. Pure: bytes and text in, values out.

A glossary file lists source terms, the translation the series uses for each, and forbidden alternatives::

    term,translation,forbidden
    forced disappearance,desaparición forzada,desaparición forzosa
    accompanist,acompañante,acompañador|acompañadora

Matching is tolerant of inflection and case, by simple stemming: text is split into words (letters and
digits; apostrophes, hyphens and punctuation separate words, so ``l’accompagnement`` gives ``l`` and
``accompagnement``), each word is case-folded, stripped of accents, and stripped (at most twice) of a common
plural or gender ending of its language (English ``-s -es -ed -ing -e``; Spanish ``-s -es -os -as -o -a -e``;
French ``-s -es -x -e``, ``-aux`` becoming ``-al``), keeping at least two letters. A term is found when its
words' stems appear as consecutive words of the text. So ``political subject`` finds ``political subjects’``,
``sujeto político`` finds ``sujetos políticos`` and ``disparition forcée`` finds ``disparitions forcées``.
Irregular forms (``hombre``/``hombres`` works, ``ojo``/``ojos`` works, French ``œil``/``yeux`` does not) need
their own row.

Files are found and read (CSV, or TBX through translate-toolkit) by ``adapters/glossary_files.py``; terms are proposed
from the source by ``adapters/terminology.py``.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .langcode import base_language

_WORD = re.compile(r"\w+")
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("ing", "es", "ed", "s", "e"),
    "es": ("es", "os", "as", "s", "o", "a", "e"),
    "fr": ("es", "s", "x", "e"),
    "pt": ("es", "os", "as", "s", "o", "a", "e"),
    "it": ("i", "e", "o", "a"),
}
_DEFAULT_SUFFIXES = ("es", "s", "e")
MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    translation: str
    forbidden: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Glossary:
    lang: str
    terms: tuple[Term, ...] = ()
    path: Path | None = None
    source_lang: str = "en"
    compiled: tuple[tuple[Term, tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = field(
        default=(), repr=False, compare=False
    )

    def __post_init__(self) -> None:
        compiled = tuple(
            (
                term,
                stems(term.term, self.source_lang),
                stems(term.translation, self.lang),
                tuple(stems(bad, self.lang) for bad in term.forbidden),
            )
            for term in self.terms
        )
        object.__setattr__(self, "compiled", compiled)

    def may_contain(self, text: str) -> bool:
        """False when no term can occur in ``text`` (each word's stem is a prefix of its folded form)."""
        if base_language(self.source_lang) == "fr":  # French stems may rewrite -aux: no shortcut
            return True
        folded = fold(text)
        return any(source[0] in folded for _, source, _, _ in self.compiled if source)

    def __bool__(self) -> bool:
        return bool(self.terms)


def lang_candidates(lang: str) -> tuple[str, ...]:
    """The codes a glossary may be given under for ``lang``: as written, with a hyphen, the base language."""
    return tuple(dict.fromkeys((lang, lang.replace("_", "-"), base_language(lang))))


def fold(text: str) -> str:
    """Case-folded, without accents."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in folded if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """The matching key of one word (see the module's docstring)."""
    folded = fold(word)
    base = base_language(lang)
    if base == "fr" and folded.endswith("aux") and len(folded) > 4:
        folded = folded[:-3] + "al"
    suffixes = _SUFFIXES.get(base, _DEFAULT_SUFFIXES)
    for _ in range(2):
        for suffix in suffixes:
            if folded.endswith(suffix) and len(folded) - len(suffix) >= MIN_STEM:
                folded = folded[: -len(suffix)]
                break
        else:
            break
    return folded


def stems(text: str, lang: str) -> tuple[str, ...]:
    return tuple(stem(word, lang) for word in _WORD.findall(text))


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    """Whether ``needle`` occurs as consecutive items of ``haystack``."""
    if not needle:
        return False
    first, size = needle[0], len(needle)
    start = 0
    while True:
        try:
            index = haystack.index(first, start)
        except ValueError:
            return False
        if haystack[index : index + size] == needle:
            return True
        start = index + 1


# -- the CSV format ------------------------------------------------------------------------------------------
def parse_csv(data: bytes, path: Path | str) -> list[Term]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"glossary is not UTF-8 text ({exc.reason} at byte {exc.start})",
            path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            hint="save the glossary as UTF-8 CSV",
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    terms: list[Term] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                missing = [name for name in ("term", "translation") if name not in header]
                if missing:
                    raise ConfigError(
                        f"glossary header lacks the column {missing[0]!r}",
                        path=path,
                        line=line,
                        hint="the first line must be: term,translation,forbidden",
                    )
                continue
            cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
            term, translation = cells.get("term", ""), cells.get("translation", "")
            if not term or not translation:
                raise ConfigError(
                    "glossary row needs a term and its translation",
                    path=path,
                    line=line,
                    hint="write: term,translation,forbidden1|forbidden2",
                )
            key = " ".join(stems(term, "en"))
            if key in seen:
                raise ConfigError(f"term {term!r} is already on line {seen[key]}", path=path, line=line)
            seen[key] = line
            forbidden = tuple(bad.strip() for bad in cells.get("forbidden", "").split("|") if bad.strip())
            terms.append(Term(term, translation, forbidden, line))
    except csv.Error as exc:
        raise ConfigError(f"glossary is not valid CSV: {exc}", path=path, line=reader.line_num) from None
    if header is None:
        raise ConfigError(
            "glossary is empty", path=path, line=1, hint="the first line must be: term,translation,forbidden"
        )
    return terms
