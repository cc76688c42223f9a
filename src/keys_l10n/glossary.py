"""The series glossary: reading ``glossary/<lang>.csv`` (or ``.tbx``), finding terms in text, proposing terms.

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

A TBX file is read with translate-toolkit; a target term whose administrative status is deprecated counts as
forbidden.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .locales import base_language

_WORD = re.compile(r"\w+")
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("ing", "es", "ed", "s", "e"),
    "es": ("es", "os", "as", "s", "o", "a", "e"),
    "fr": ("es", "s", "x", "e"),
    "pt": ("es", "os", "as", "s", "o", "a", "e"),
    "it": ("i", "e", "o", "a"),
}
_DEFAULT_SUFFIXES = ("es", "s", "e")
_CLAUSE = re.compile(r"[,;:()\[\]{}“”\"«»—–]|\s-\s|[.!?](?:\s|$)")
# poterminology's English stop list is made for software messages; these may not start or end a term of prose
_EDGE_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our so that the their them these "  # noqa: SIM905
    "they this those to was we well were which who with within without would".split()
)
MIN_STEM = 2
_NOT_A_TERM = re.compile(r"['’]|^(?:e\.g|i\.e|etc)\.?$", re.IGNORECASE)  # contractions, abbreviations


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


# -- reading ----------------------------------------------------------------------------------------------
def glossary_path(root: Path, lang: str) -> Path | None:
    """``glossary/<lang>.csv`` or ``.tbx`` (also tried: the base language, ``es`` for ``es_MX``)."""
    for code in dict.fromkeys((lang, lang.replace("_", "-"), base_language(lang))):
        for ext in ("csv", "tbx"):
            candidate = root / "glossary" / f"{code}.{ext}"
            if candidate.is_file():
                return candidate
    return None


def load_glossary(path: Path, lang: str, source_lang: str = "en") -> Glossary:
    if path.suffix.lower() == ".tbx":
        return Glossary(lang, tuple(_read_tbx(path, lang, source_lang)), path, source_lang)
    return Glossary(lang, tuple(parse_csv(path.read_bytes(), path)), path, source_lang)


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


def _read_tbx(path: Path, lang: str, source_lang: str) -> list[Term]:
    from translate.storage.tbx import tbxfile

    data = path.read_bytes()
    entity = re.search(rb"<!ENTITY", data)
    if entity:  # translate-toolkit would expand them: refused, as for TMX (external entities, billion laughs)
        raise ConfigError(
            "TBX glossary declares XML entities; refused",
            path=path,
            line=data.count(b"\n", 0, entity.start()) + 1,
            hint="export the glossary again without a DOCTYPE internal subset",
        )
    try:
        store = tbxfile.parsefile(str(path))  # type: ignore[no-untyped-call]
    except Exception as exc:  # lxml and translate-toolkit raise many kinds; one clear line
        raise ConfigError(f"cannot read TBX glossary: {exc}", path=path) from None
    dtd = store.document.docinfo.internalDTD if store.document is not None else None
    if dtd is not None and any(True for _ in dtd.entities()):  # declared in UTF-16, where the search above fails
        raise ConfigError("TBX glossary declares XML entities; refused", path=path)
    terms: list[Term] = []
    for unit in store.units:
        sources = [t.text for t in unit.get_source_terms() if t.text]
        if not sources:
            continue
        targets = []
        for code in dict.fromkeys((lang, lang.replace("_", "-"), base_language(lang))):
            targets = unit.get_target_terms(code)
            if targets:
                break
        preferred = [t.text for t in targets if t.text and not t.deprecated]
        forbidden = tuple(t.text for t in targets if t.text and t.deprecated)
        if preferred:
            terms.extend(Term(source, preferred[0], forbidden) for source in sources)
    return terms


# -- proposing terms --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Candidate:
    term: str
    count: int  # number of messages containing it
    words: int
    known: bool = False  # already in a glossary


def extract_candidates(
    texts: Iterable[str], *, min_count: int = 3, max_words: int = 3, known: Iterable[str] = (), lang: str = "en"
) -> list[Candidate]:
    """Frequent phrases of the source as glossary candidates, by translate-toolkit's poterminology.

    poterminology's extractor collects every word and every phrase of up to ``max_words`` words that neither
    starts nor ends with a stop word (its English stop list: articles, pronouns, common verbs...), folds title
    case and reduces plurals; we keep those found in at least ``min_count`` messages, drop a phrase whose
    every occurrence is inside a longer kept phrase (poterminology's sub-phrase reduction), and sort by count.
    """
    from translate.storage import po
    from translate.tools.poterminology import TerminologyExtractor

    from .inline import inline_tokens, plain_text

    extractor = TerminologyExtractor(sourcelanguage="en", termlength=max_words)
    units: list[Any] = []
    plain: list[str] = []
    for text in texts:
        cleaned = plain_text(inline_tokens(text))
        plain.append(cleaned)
        # a term never spans a comma, a dash or a bracket: each clause is one poterminology unit
        units.extend(po.pounit(clause) for clause in _CLAUSE.split(cleaned) if clause.strip())
    extractor.processunits(units, "source")
    terms = extractor.extract_terms(inputmin=1, fullmsgmin=1, substrmin=min_count, locmin=1)
    kept = extractor.filter_terms(terms, nonstopmin=1, sortorders=["frequency"])
    known_keys = {" ".join(stems(k, lang)) for k in known}
    candidates: dict[str, Candidate] = {}
    text_stems = [stems(t, lang) for t in plain]
    by_word: dict[str, list[int]] = {}  # stem -> the texts that have it
    for index, words_of_text in enumerate(text_stems):
        for word in set(words_of_text):
            by_word.setdefault(word, []).append(index)
    for _, unit in kept:
        term = str(unit.source)
        words = term.split()
        if len(term) < 3 or term.isdigit() or len(words) > max_words + 1 or _NOT_A_TERM.search(term):
            continue
        if words[0].lower() in _EDGE_STOPWORDS or words[-1].lower() in _EDGE_STOPWORDS:
            continue
        key = stems(term, lang)
        if not key:
            continue
        count = sum(1 for i in by_word.get(key[0], ()) if contains(text_stems[i], key))
        if count < min_count:
            continue
        joined = " ".join(key)
        if joined in candidates:
            continue
        candidates[joined] = Candidate(term, count, len(key), joined in known_keys)
    ordered = sorted(candidates.values(), key=lambda c: (-c.count, -c.words, c.term))
    # sub-phrase reduction: a word or phrase seen only inside a longer candidate adds nothing
    result: list[Candidate] = []
    for cand in ordered:
        inner = stems(cand.term, lang)
        if any(
            other.words > cand.words and other.count == cand.count and contains(stems(other.term, lang), inner)
            for other in ordered
        ):
            continue
        result.append(cand)
    return result
