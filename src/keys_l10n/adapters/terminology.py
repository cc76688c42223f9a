"""Glossary candidates proposed from the source text, by translate-toolkit's poterminology (``glossary extract``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.glossary import contains, stems

_CLAUSE = re.compile(r"[,;:()\[\]{}“”\"«»—–]|\s-\s|[.!?](?:\s|$)")
# poterminology's English stop list is made for software messages; these may not start or end a term of prose
_EDGE_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our so that the their them these "  # noqa: SIM905
    "they this those to was we well were which who with within without would".split()
)
_NOT_A_TERM = re.compile(r"['’]|^(?:e\.g|i\.e|etc)\.?$", re.IGNORECASE)  # contractions, abbreviations


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

    from ..core.inline import inline_tokens, plain_text

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
