"""Carrying a translation to an edited text: placeables substituted, sentences kept, a split divided.

Used by ``merge_catalog`` for the units the alignment of ``compare`` says were edited, split or merged. Pure.
"""

from __future__ import annotations

import difflib
import re

from rapidfuzz import fuzz

from .sentences import NextOccurrence, align_sentences, split_sentences

# For fullmatch only: `[^`]+`|\S*\d\S*|https?://\S+|\S*[_/\\]\S*|[A-Z][\w-]* written so that no token costs more
# than a few passes (``\S*\d\S*`` backtracked quadratically on "[^111...1 x]"; issue 15).
_PLACEABLE = re.compile(r"`[^`]+`|(?=\S*\d)\S*+|https?://\S+|(?=\S*[_/\\])\S*+|[A-Z][\w-]*")
# The tokens of a message. The expression rescans to the end of the text from every ``[^`` or ``](`` left
# unclosed, quadratic when many are: ``_tokens`` then finds the same tokens in linear time.
_TOKEN = re.compile(r"`[^`]*`|\[\^[^\]]*\]|\]\([^)]*\)|\S+")
_NON_SPACE = re.compile(r"\S")
_SPACE = re.compile(r"\s")


def _tokens(text: str) -> list[str]:
    """``_TOKEN.findall(text)``, in linear time also when marks are left unclosed."""
    footnote, link = text.rfind("[^"), text.rfind("](")
    if (footnote == -1 or text.rfind("]") > footnote + 1) and (link == -1 or text.rfind(")") > link + 1):
        return _TOKEN.findall(text)  # every mark is closed: no rescan
    tokens: list[str] = []
    ticks, brackets, parens = (NextOccurrence(text, c) for c in "`])")
    start = _NON_SPACE.search(text)
    while start is not None:
        at, end = start.start(), -1
        if text[at] == "`":
            close = ticks.at(at + 1)
            end = close + 1 if close != -1 else -1
        elif text.startswith("[^", at):
            close = brackets.at(at + 2)
            end = close + 1 if close != -1 else -1
        elif text.startswith("](", at):
            close = parens.at(at + 2)
            end = close + 1 if close != -1 else -1
        if end == -1:
            space = _SPACE.search(text, at)
            end = len(text) if space is None else space.start()
        tokens.append(text[at:end])
        start = _NON_SPACE.search(text, end)
    return tokens


def substitute_placeables(old_source: str, old_translation: str, new_source: str) -> str:
    """Carry changes of untranslatable tokens (inline code, numbers, names, URLs, paths) into the translation.

    When the new source differs from the old one by tokens that the old translation contains verbatim
    ("Exercise: `Fibonacci`" -> "Exercise: `Collatz`"), the translation gets the new tokens.
    """
    old_tokens, new_tokens = _tokens(old_source), _tokens(new_source)
    result = old_translation
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "replace":
            continue
        before, after = " ".join(old_tokens[a1:a2]), " ".join(new_tokens[b1:b2])
        if not all(_PLACEABLE.fullmatch(t.strip(".,;:!?()")) for t in old_tokens[a1:a2] + new_tokens[b1:b2]):
            continue
        if result.count(before) == 1:
            result = result.replace(before, after)
    return result


def carry_edited(old_source: str, old_translation: str, new_source: str) -> str:
    """The old translation adjusted sentence by sentence to the new source text.

    Sentences of the new text that are in the old text keep their translated sentence; changed sentences take
    the translation of the most similar old sentence; sentences with nothing similar are left in the source
    language, so the translator sees what is new. Falls back to the whole old translation when the old
    paragraph's sentences cannot be told apart.
    """
    if new_source == old_source:
        return old_translation
    old_parts, target_parts = split_sentences(old_source), split_sentences(old_translation)
    new_parts = split_sentences(new_source)
    if len(old_parts) < 2 and len(new_parts) < 2:
        return old_translation
    units: list[tuple[str, str]] = []
    orphans: list[str] = []  # source sentences of beads without a translated side (1-0): the translator joined
    for bead in align_sentences(old_parts, target_parts):  # them into a neighbour, so they go with it
        source = " ".join(old_parts[i] for i in bead.source)
        if not bead.target:
            if units:
                units[-1] = (f"{units[-1][0]} {source}".strip(), units[-1][1])
            else:
                orphans.append(source)
            continue
        target = " ".join(target_parts[j] for j in bead.target)
        units.append((" ".join([*orphans, source]).strip(), target))
        orphans = []
    if not units:
        return old_translation
    out: list[str] = []
    used_any = False
    for part in new_parts:
        best, best_score = None, 0.0
        for source, target in units:
            score = 100.0 if part == source else fuzz.ratio(part, source)
            if part in source and len(part) > 20:
                score = max(score, 90.0)
            if score > best_score:
                best, best_score = target, score
        if best is not None and best_score >= 50.0:
            if out and out[-1] == best:
                continue  # two new sentences drawn from one old bead: keep its translation once
            out.append(best)
            used_any = True
        else:
            out.append(part)
    return " ".join(out) if used_any else old_translation


def split_translation(old_source: str, old_translation: str, new_parts: tuple[str, ...]) -> list[str]:
    """Divide an old translation between the new units its source was split into (see ``divide_translation``)."""
    return divide_translation(old_source, old_translation, new_parts)[0]


def divide_translation(old_source: str, old_translation: str, new_parts: tuple[str, ...]) -> tuple[list[str], bool]:
    """Divide an old translation between the new units its source was split into, and whether that is certain.

    The old source's sentences are aligned with the translation's (Gale-Church); each aligned bead goes to the
    new unit that contains most of its source text, so a footnote mark or inline markup goes with its sentence.
    Each translated sentence goes to exactly one unit: nothing is copied. The division is uncertain when a bead
    joins source sentences that went to different units (the translator merged them), or a unit gets nothing.
    """
    old_sentences, target_sentences = split_sentences(old_source), split_sentences(old_translation)
    shares: list[list[str]] = [[] for _ in new_parts]
    if not old_sentences or not target_sentences:
        shares[0].append(old_translation)
        return [" ".join(s) for s in shares], len(new_parts) < 2
    certain = True
    last = 0

    def place(source: str) -> int:
        scores = [fuzz.partial_ratio(source, part) if part else 0.0 for part in new_parts]
        return max(range(len(new_parts)), key=lambda k: (scores[k], -abs(k - last)))

    for bead in align_sentences(old_sentences, target_sentences):
        if not bead.target:
            continue
        source = " ".join(old_sentences[i] for i in bead.source)
        if source:
            best = max(place(source), last)  # keep the order of the text
            if len(bead.source) > 1 and len({max(place(old_sentences[i]), last) for i in bead.source}) > 1:
                certain = False
        else:
            best = last
        last = best
        shares[best].append(" ".join(target_sentences[j] for j in bead.target))
    texts = [" ".join(s) for s in shares]
    return texts, certain and all(texts)
