"""Sentences inside a paragraph: splitting, and aligning a source paragraph's sentences with its translation's.

The splitter is a small rule set written here rather than translate-toolkit's ``sentence_iter`` because units
are Markdown: a sentence never ends inside a link destination, inline code or a footnote reference, and common
abbreviations ("e.g.", "Mr.", "p.", "etc.") do not end sentences. Spanish and French openers (``¿ ¡ « “``) may
start a sentence.

``align_sentences`` is the length-based dynamic programme of Gale and Church (1993, ``gale_church``): beads of
1-1, 1-0, 0-1, 2-1, 1-2 and 2-2 sentences, costed by how far the target length strays from the source length.
"""

from __future__ import annotations

import itertools
import math
import re

from .gale_church import Bead, best_beads, deviation

# Masked before looking for boundaries, as if by these two expressions (``_mask`` does it in linear time: run
# as regular expressions, every unclosed ``<``, ``](`` or ``[^`` scans to the end of its line or text, which is
# quadratic on a paragraph of ``a <!A `` repeated):
#   _PROTECTED = r"`[^`]*`|\]\([^)]*\)|<[^>\n]*>|https?://\S+?(?=[.,;:!?…)\]]*(?:\s|$))"  -> "x" * length
#   _FOOTNOTE = r"\[\^[^\]]*\]"  -> "]" * length: "as shown.[^2] Next" ends after the mark
_PROTECTED_START = re.compile(r"[`<]|\]\(|https?://")
_SPACE = re.compile(r"\s")
_URL_TRAILING = frozenset(".,;:!?…)]")
_find = str.find  # the scans' one primitive (a test counts the characters it examines)
_WORD_CHARACTERS = re.compile(r"[\w.]*")
_WORD_BEFORE_STOP = re.compile(r"(\w[\w.]*)\.$")
# After the final punctuation: closing quotes, brackets and emphasis marks, a French closing guillemet after a
# (no-break) space ("« Bonjour. » Il"), footnote marks; then space and an upper-case letter, digit or opener.
# Scripts without letter case (Arabic, Hebrew, Indic, Thai, CJK...) start a sentence with any of their letters.
_CASELESS = "\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af"
_BOUNDARY = re.compile(
    r"(?<=[.!?…。؟۔])(?:[ \u00a0\u202f]*»)?[\"'”’»)\]*_]*\s+(?=[\"'“‘«¿¡(\[*_]*[A-ZÁÉÍÓÚÑÜÀÂÇÈÊËÎÏÔÙÛŒ0-9¿¡"
    + _CASELESS
    + "])"
)
# Scripts without case or spaces (``all_scripts``): a full stop of Chinese or Japanese ends a sentence with no
# space after it; in Arabic, Hebrew and the Indic scripts, which have no upper case, any letter may start one.
_WIDE_BOUNDARY = re.compile(r"(?<=[。！？])[」』）\]\"'”’*_]*\s*(?=\S)")
# Every ``_BOUNDARY`` follows sentence punctuation and comes before a space followed by (openers and) a capital,
# digit or opener, characters that ``_mask`` never writes ("x", "]"): a text without such a space after its first
# sentence punctuation is one sentence (the common case, checked in linear time before masking).
_ANY_STOP = re.compile(r"[.!?…。؟۔]")
_ANY_START = re.compile(r"\s[\"'“‘«¿¡(\[*_]*[A-ZÁÉÍÓÚÑÜÀÂÇÈÊËÎÏÔÙÛŒ0-9¿¡" + _CASELESS + "]")
_CASELESS_BOUNDARY = re.compile(r"(?<=[.!?…؟।])[\"'”’»)\]*_]*\s+(?=[\"'“‘«(\[*_]*[\u0590-\u08ff\u0900-\u0dff])")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "sra",
        "dra",
        "st",
        "no",
        "nos",
        "p",
        "pp",
        "vol",
        "cf",
        "vs",
        "approx",
        "fig",
        "ed",
        "eds",
        "núm",
        "pág",
        "art",
        "cap",
        "jr",
        "inc",
        "ltd",
        "ch",
        "sec",
        "figs",
        "ud",
        "uds",
        "dña",
        "sras",
        "sres",
        "ej",
        "aprox",
        "págs",
        "mme",
        "mmes",
        "mlle",
        "mlles",
        "env",
        "av",
        "apr",
        "éd",
        "chap",
    ]
)


def split_sentences(text: str, *, all_scripts: bool = False) -> list[str]:
    """Sentences of a paragraph, each without surrounding spaces; joining them with spaces gives the text back
    up to whitespace (with ``all_scripts``, up to the spaces between Chinese or Japanese sentences, which have
    none: join them with ``join_sentences``).

    ``all_scripts`` also cuts after a Chinese or Japanese full stop and before a sentence of a script without
    upper case (Arabic, Hebrew, Devanagari...); without it only the Latin rules apply, as they always did.
    """
    if not all_scripts:
        stop = _ANY_STOP.search(text)
        if stop is None or _ANY_START.search(text, stop.end()) is None:
            whole = text.strip()
            return [whole] if whole else []
    masked = _mask(text)
    reverse = masked[::-1]
    cuts = [0]
    boundaries = list(_BOUNDARY.finditer(masked))
    if all_scripts:
        boundaries += [*_WIDE_BOUNDARY.finditer(masked), *_CASELESS_BOUNDARY.finditer(masked)]
        boundaries.sort(key=lambda m: m.end())
    for match in boundaries:  # each follows sentence punctuation, so no closing quote comes before its start
        word = _word_before(masked, reverse, match.start())
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and len(word.group(1)) == 1 and word.group(1).isupper():
            continue  # an initial: "J. Smith"
        cuts.append(match.end())
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in itertools.pairwise(sorted(set(cuts))) if text[a:b].strip()]


class NextOccurrence:
    """Where a character next occurs in ``text`` from a position on, for positions that only grow: each search
    starts where the last one ended, so all of them together read ``text`` once."""

    def __init__(self, text: str, char: str) -> None:
        self.text, self.char, self.found, self.since = text, char, -1, len(text) + 1

    def at(self, start: int) -> int:
        if self.since <= start and (self.found == -1 or self.found >= start):
            return self.found  # none after an earlier start means none after this one either
        self.found, self.since = _find(self.text, self.char, start), start
        return self.found


def _mask(text: str) -> str:
    """``text`` with ``_PROTECTED`` spans (code, link destinations, HTML tags, URLs) replaced by ``x`` and then
    ``_FOOTNOTE`` marks by ``]``, exactly as the two expressions in the comment above would, in linear time."""
    out: list[str] = []
    last = 0
    ticks, parens, closes, newlines = (NextOccurrence(text, c) for c in "`)>\n")
    start = _PROTECTED_START.search(text)
    while start is not None:
        at, char, end = start.start(), text[start.start()], -1
        if char == "`":
            close = ticks.at(at + 1)
            end = close + 1 if close != -1 else -1
        elif char == "]":
            close = parens.at(at + 2)
            end = close + 1 if close != -1 else -1
        elif char == "<":
            close, newline = closes.at(at + 1), newlines.at(at + 1)
            end = close + 1 if close != -1 and (newline == -1 or close < newline) else -1
        else:  # a URL: its non-space characters but the punctuation that ends them
            begin = start.end()
            space = _SPACE.search(text, begin)
            stop = len(text) if space is None else space.start()
            if stop > begin:
                end = stop
                while end - 1 > begin and text[end - 1] in _URL_TRAILING:
                    end -= 1
        if end == -1:
            start = _PROTECTED_START.search(text, at + 1)
            continue
        out += [text[last:at], "x" * (end - at)]
        last = end
        start = _PROTECTED_START.search(text, end)
    out.append(text[last:])
    masked = "".join(out)
    out, last = [], 0
    brackets = NextOccurrence(masked, "]")
    at = _find(masked, "[^")
    while at != -1:
        close = brackets.at(at + 2)
        if close == -1:
            break  # no later mark can close either
        out += [masked[last:at], "]" * (close + 1 - at)]
        last = close + 1
        at = _find(masked, "[^", last)
    out.append(masked[last:])
    return "".join(out)


def _word_before(masked: str, reverse: str, end: int) -> re.Match[str] | None:
    """``re.search(r"(\\w[\\w.]*)\\.$", masked[:end])`` without copying or scanning more than the word: the
    match can only start in the run of word characters and dots that ends at ``end`` (``reverse`` is ``masked``
    reversed; ``end`` follows sentence punctuation, never a line break, so ``$`` is the end)."""
    run = _WORD_CHARACTERS.match(reverse, len(masked) - end)
    start = end - (run.end() - run.start()) if run else end
    return _WORD_BEFORE_STOP.search(masked, start, end)


# Characters of the scripts written without spaces between words: CJK punctuation, kana, bopomofo, CJK
# ideographs, compatibility and full-width forms (not Hangul: Korean puts spaces between words, as CSS Text 3
# keeps a line break next to Hangul as a space).
WIDE_CHARACTERS = "\u2e80-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_WIDE_END = re.compile(f"[{WIDE_CHARACTERS}]$")
_WIDE_START = re.compile(f"^[{WIDE_CHARACTERS}]")


def join_sentences(parts: list[str]) -> str:
    """Sentences (or paragraphs) joined with a space, except between two Chinese or Japanese ones."""
    out = ""
    for part in parts:
        if out and part:
            out += "" if _WIDE_END.search(out) and _WIDE_START.search(part) else " "
        out += part
    return out


# Prior probabilities of the bead types (Gale & Church 1993, table 5), in the order the search tries them.
_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _cost(source_len: int, target_len: int, ratio: float, kind: tuple[int, int]) -> float:
    if source_len == 0 and target_len == 0:
        return 0.0
    mean = (source_len + target_len / ratio) / 2.0
    delta = deviation(target_len, source_len * ratio, mean)
    probability = 2.0 * (1.0 - _norm_cdf(abs(delta)))
    return -math.log(max(probability, 1e-12)) - math.log(_PRIORS[kind])


def align_sentences(source: list[str], target: list[str]) -> list[Bead[None]]:
    """Gale-Church alignment of two sentence lists (``gale_church``); every sentence is in exactly one bead."""
    total_source = sum(len(s) for s in source) or 1
    total_target = sum(len(t) for t in target) or 1
    ratio = total_target / total_source
    source_sum = [0, *itertools.accumulate(len(sentence) for sentence in source)]
    target_sum = [0, *itertools.accumulate(len(sentence) for sentence in target)]

    def cost(i: int, j: int, di: int, dj: int) -> tuple[float, None]:
        length_s = source_sum[i + di] - source_sum[i]
        length_t = target_sum[j + dj] - target_sum[j]
        return _cost(length_s, length_t, ratio, (di, dj)), None

    return best_beads(len(source), len(target), tuple(_PRIORS), cost)


def sentence_pairs(source: str, translation: str) -> list[tuple[str, str]]:
    """(source sentences, translated sentences) joined per bead, for beads that have both sides."""
    src, tgt = split_sentences(source), split_sentences(translation)
    if not src or not tgt:
        return []
    pairs = []
    for bead in align_sentences(src, tgt):
        if bead.source and bead.target:
            pairs.append((" ".join(src[k] for k in bead.source), " ".join(tgt[k] for k in bead.target)))
    return pairs
