"""The measures of similarity between units that the aligner uses, beside rapidfuzz's character similarity
(Indel, gettext's measure): word runs and containment (a shortened or lengthened text), the share of each part
of a split or merge found in the other side, the rare words (terms) two short texts share, a bag of words for
booklets, and the word diff of a pair. Pure.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from rapidfuzz.distance import Indel

from .alignment import DiffOp

MIN_WORD_COVER = 0.5
MIN_CONTAINED_WORDS = 5  # a shorter text of fewer words is never matched by containment
MIN_CONTAINMENT = 0.8  # least share of the shorter text's words found in the longer one
MIN_RUN = 3  # words in a row: shared single words do not count towards containment
MIN_TERMS = 2  # rare words two short units must share to pair by their terms
RARE_SHARE = 0.005  # a word found at most this share of the edition's units times elsewhere is rare (a term)
MIN_TERM_SIMILARITY = 0.4  # least weighted word similarity of two units paired by their terms
CONTAINED_WEIGHT = 0.9  # a contained text scores as a character similarity of 0.9 x its containment
_NOT_TEXT = frozenset({"table cell", "table header", "image alt", "image title", "front matter"})

WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def word_diff(old: str, new: str) -> tuple[DiffOp, ...]:
    """A word-level diff: ``equal``/``delete`` texts rebuild ``old``, ``equal``/``insert`` texts ``new``.

    A run of changed words separated only by spaces is shown as one deletion and one insertion.
    """
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    raw: list[tuple[str, str]] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            raw.append(("equal", "".join(a[op.src_start : op.src_end])))
        else:
            if op.src_end > op.src_start:
                raw.append(("delete", "".join(a[op.src_start : op.src_end])))
            if op.dest_end > op.dest_start:
                raw.append(("insert", "".join(b[op.dest_start : op.dest_end])))
    out: list[DiffOp] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for index, (tag, text) in enumerate(raw):
        if tag == "delete":
            deleted.append(text)
        elif tag == "insert":
            inserted.append(text)
        else:
            between = (deleted or inserted) and index + 1 < len(raw) and text.isspace()
            if between:
                deleted.append(text)
                inserted.append(text)
                continue
            _flush_change(out, deleted, inserted)
            if out and out[-1][0] == "equal":
                out[-1] = ("equal", out[-1][1] + text)
            else:
                out.append(("equal", text))
    _flush_change(out, deleted, inserted)
    return tuple(out)


def _flush_change(out: list[DiffOp], deleted: list[str], inserted: list[str]) -> None:
    if deleted:
        out.append(("delete", "".join(deleted)))
    if inserted:
        out.append(("insert", "".join(inserted)))
    deleted.clear()
    inserted.clear()


def bag_similarity(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    common = sum(min(count, b[word]) for word, count in a.items() if word in b)
    return 2.0 * common / total


def kind_class(kind: str) -> str:
    """heading, other (table cells, image texts, front matter: not running text) or text."""
    if kind.startswith("heading"):
        return "heading"
    if kind in _NOT_TEXT:
        return "other"
    return "text"


def run_inside(a: list[str], b: list[str]) -> bool:
    """All the words of the shorter list, in a row, in the longer one."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return f" {' '.join(long)} ".find(f" {' '.join(short)} ") >= 0


def has_run(a: list[str], b: list[str]) -> bool:
    """The two word lists share a run of ``MIN_RUN`` words or more."""
    return any(op.tag == "equal" and op.src_end - op.src_start >= MIN_RUN for op in Indel.opcodes(a, b))


def contained_share(a: list[str], b: list[str], least: float) -> float:
    """The share of the shorter word list found in the longer one, in order, in runs of at least
    ``MIN_RUN`` words; 0 when it is below ``least``."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    need = math.ceil(least * len(short))
    # Cheap bound first: the word LCS must cover at least ``need`` words of the shorter list.
    bound = len(short) + len(long) - 2 * need
    if bound < 0 or Indel.distance(short, long, score_cutoff=bound) > bound:
        return 0.0
    covered = 0
    for op in Indel.opcodes(short, long):
        if op.tag == "equal" and op.src_end - op.src_start >= MIN_RUN:
            covered += op.src_end - op.src_start
    share = covered / len(short)
    return share if share >= least else 0.0


def word_counts(texts: list[str]) -> Counter[str]:
    """How many times each word (lower case) occurs in ``texts``."""
    return Counter(WORD.findall("\n".join(texts).lower()))


def shared_terms(a: list[str], b: list[str], counts: Counter[str], units: int) -> frozenset[str]:
    """The rare words (terms) two texts share, when they are ``MIN_TERMS`` or more and the word sets of the
    texts, each word weighted by its rarity elsewhere in the edition (log of the units per occurrence outside
    the two texts, as IDF), have a Dice similarity of ``MIN_TERM_SIMILARITY`` or more; else an empty set. A
    word is rare when it occurs outside the two texts at most ``RARE_SHARE`` of the units times."""
    set_a, set_b = set(a), set(b)
    here = Counter(a) + Counter(b)

    def elsewhere(word: str) -> int:
        return max(0, counts[word] - here[word])

    rare = int(RARE_SHARE * units)
    terms = frozenset(w for w in set_a & set_b if elsewhere(w) <= rare)
    if len(terms) < MIN_TERMS:
        return frozenset()

    def weight(words: set[str]) -> float:
        return sum(max(0.0, math.log(units / (1 + elsewhere(w)))) for w in words)

    total = weight(set_a) + weight(set_b)
    if not total or 2 * weight(set_a & set_b) < MIN_TERM_SIMILARITY * total:
        return frozenset()
    return terms


def words_covered(olds: list[list[str]], news: list[list[str]], a: list[str], b: list[str]) -> bool:
    """Each unit of the block has at least half its words in the word-level alignment of the two sides."""
    matched_a = [False] * len(a)
    matched_b = [False] * len(b)
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            for x in range(op.src_start, op.src_end):
                matched_a[x] = True
            for y in range(op.dest_start, op.dest_end):
                matched_b[y] = True
    return _parts_covered(olds, matched_a) and _parts_covered(news, matched_b)


def consecutive(indexes: tuple[int, ...]) -> bool:
    return indexes[-1] - indexes[0] == len(indexes) - 1


def parts_in_runs(parts: list[list[str]], whole: list[str]) -> bool:
    """Each part has at least half its words in runs of ``MIN_RUN`` words or more of the whole (taken one part
    at a time: "[Static](static.md)" and "[Const](const.md)" share words with each other in
    "[Static and Const](static-and-const.md)", which one alignment of all the parts cannot give to both)."""
    for words in parts:
        if len(words) < MIN_RUN:
            return False
        covered = sum(
            op.src_end - op.src_start
            for op in Indel.opcodes(words, whole)
            if op.tag == "equal" and op.src_end - op.src_start >= MIN_RUN
        )
        if covered < MIN_WORD_COVER * len(words):
            return False
    return True


def _parts_covered(parts: list[list[str]], matched: list[bool]) -> bool:
    pos = 0
    for words in parts:
        count = len(words)
        if not count or sum(matched[pos : pos + count]) < MIN_WORD_COVER * count:
            return False
        pos += count
    return True
