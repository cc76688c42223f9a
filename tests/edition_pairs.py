"""Generated edition pairs with known ground truth, for judging ``align`` (tests and the timing script).

``edition_pair(seed, units)`` builds a booklet of about ``units`` units (sections with a title, a repeated
"Objectives" heading and paragraphs of 12-110 words of English-like prose), then a second edition by random
edits (1-3 words of a paragraph or a title), moves (a paragraph to another section), splits (in two or three,
sometimes with a part edited), merges (2-3 consecutive paragraphs), deletions and insertions. It returns both
unit lists and the truth: a set of ``(change, old indexes, new indexes)``, one per unit, as ``align`` reports.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Indel

from keys_l10n.core.model import Segment

_WORDS = """
accompaniment accompany victims violence sociopolitical political repression fear forced disappearance
displacement arbitrary detention torture sexual strengthening collective product seminars workshops
concepts context analysis examples tools knowledge questions challenges scope limitations preconceived ideas
role projects social transformation adapt work current contribute psychology liberates controlling dominating
participants cycle invitation reflect share debate build hope justice reparation subjects struggle solidarity
ignominy impacts multiple diverse ways coping damage practice path people collectives organisations partner
support contributions involvement booklets themed edition development consolidation lessons communities
dialogue continents team model feedback commitment processes educational spaces transnationally memory trust
families community territory land women youth grief mourning resistance dignity rights defenders accompanists
emotional body care listening silence testimony search identity documentation mapping networks wellbeing
the of and to in a is that for it as with by on not this are or from at which but have an they we their our
"""
VOCABULARY = _WORDS.split()
_WORD = re.compile(r"\w+")
TITLE_WORDS = [w for w in VOCABULARY if len(w) > 4]


@dataclass
class Item:
    text: str
    kind: str
    tag: tuple[str, int]  # (change, group) for the truth


def _sentence(rng: random.Random, size: int) -> str:
    words = [rng.choice(VOCABULARY) for _ in range(size)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng: random.Random) -> str:
    total = rng.randint(12, 110)
    out = []
    while total > 0:
        size = min(total, rng.randint(6, 22))
        out.append(_sentence(rng, size))
        total -= size
    return " ".join(out)


def title(rng: random.Random) -> str:
    return " ".join(rng.choice(TITLE_WORDS) for _ in range(rng.randint(3, 6))).capitalize()


def edit_words(rng: random.Random, text: str, count: int) -> str:
    words = text.split(" ")
    for _ in range(count):
        op = rng.random()
        pos = rng.randrange(len(words))
        if op < 0.5:
            replacement = rng.choice(VOCABULARY)
            while replacement == words[pos].strip(".").lower():
                replacement = rng.choice(VOCABULARY)
            words[pos] = replacement + ("." if words[pos].endswith(".") else "")
        elif op < 0.8 or len(words) < 8:
            words.insert(pos, rng.choice(VOCABULARY))
        else:
            del words[pos]
    result = " ".join(words)
    return result if result != text else result + " again"


def booklet(rng: random.Random, units: int) -> list[Item]:
    items: list[Item] = [Item(title(rng), "heading 1", ("", 0))]
    while len(items) < units:
        items.append(Item(title(rng), "heading 2", ("", 0)))
        items.append(Item("Objectives", "heading 3", ("", 0)))
        for _ in range(rng.randint(1, 3)):
            items.append(Item(paragraph(rng), "paragraph", ("", 0)))
        items.append(Item("Activities", "heading 3", ("", 0)))
        for _ in range(rng.randint(2, 6)):
            items.append(Item(paragraph(rng), "paragraph", ("", 0)))
    return items


def segments(items: list[Item]) -> list[Segment]:
    out = []
    headings: list[str] = []
    for index, item in enumerate(items):
        out.append(Segment(item.text, item.kind, index, index + 1, index + 1, tuple(headings)))
        if item.kind.startswith("heading"):
            level = int(item.kind.split()[1])
            headings = [*headings[: level - 1], item.text]
    return out


Truth = set[tuple[str, tuple[int, ...], tuple[int, ...]]]


def edition_pair(seed: int, units: int = 60, *, rate: float = 1.0) -> tuple[list[Segment], list[Segment], Truth]:
    """Old and new units and the truth; ``rate`` scales the share of changed units (1.0: about 30 %)."""
    rng = random.Random(seed)
    old = booklet(rng, units)
    new: list[Item] = []
    groups: dict[int, tuple[str, list[int]]] = {}
    moving: list[tuple[int, int]] = []  # (group, old index) of paragraphs to put elsewhere
    group = 0
    i = 0
    while i < len(old):
        item = old[i]
        group += 1
        roll = rng.random() / rate
        is_para = item.kind == "paragraph"
        words = len(item.text.split())
        following = 0
        while following < 2 and i + 1 + following < len(old) and old[i + 1 + following].kind == "paragraph":
            following += 1
        if is_para and roll < 0.06 and words >= 12:
            groups[group] = ("edited", [i])
            new.append(Item(edit_words(rng, item.text, rng.randint(1, 3)), item.kind, ("edited", group)))
        elif item.kind == "heading 2" and roll < 0.10:
            groups[group] = ("edited", [i])
            new.append(Item(edit_words(rng, item.text, 1), item.kind, ("edited", group)))
        elif is_para and roll < 0.10 and words >= 24:
            parts = 3 if words >= 60 and rng.random() < 0.4 else 2
            tokens = item.text.split(" ")
            cuts = sorted(rng.sample(range(5, len(tokens) - 5), parts - 1)) if parts == 3 else [len(tokens) // 2]
            if parts == 3 and cuts[1] - cuts[0] < 5:
                cuts = [len(tokens) // 3, 2 * len(tokens) // 3]
            bounds = [0, *cuts, len(tokens)]
            pieces = [" ".join(tokens[a:b]) for a, b in itertools.pairwise(bounds)]
            if rng.random() < 0.5:
                k = rng.randrange(len(pieces))
                pieces[k] = edit_words(rng, pieces[k], 1)
            groups[group] = ("split", [i])
            for piece in pieces:
                new.append(Item(piece, "paragraph", ("split", group)))
        elif is_para and roll < 0.14 and following >= 1:
            count = 1 + min(following, rng.randint(1, 2))
            groups[group] = ("merged", list(range(i, i + count)))
            new.append(Item(" ".join(o.text for o in old[i : i + count]), "paragraph", ("merged", group)))
            i += count
            continue
        elif is_para and roll < 0.17:
            groups[group] = ("moved", [i])
            moving.append((group, i))
        elif is_para and roll < 0.20:
            groups[group] = ("removed", [i])
        else:
            groups[group] = ("unchanged", [i])
            new.append(Item(item.text, item.kind, ("unchanged", group)))
        if rng.random() < 0.04 * rate:
            group += 1
            groups[group] = ("added", [])
            new.append(Item(paragraph(rng), "paragraph", ("added", group)))
        i += 1
    for group_id, index in moving:
        # Land at least one section away from the old place (after a paragraph of another section).
        here = (
            next(k for k, it in enumerate(new) if it.tag[1] > group_id)
            if any(it.tag[1] > group_id for it in new)
            else len(new)
        )
        sections = [k for k, it in enumerate(new) if it.kind == "heading 2"]
        far = [k for k in sections if abs(k - here) > 6]
        spot = rng.choice(far) + 2 if far else len(new)
        spot = min(spot, len(new))
        new.insert(spot, Item(old[index].text, "paragraph", ("moved", group_id)))
    truth: Truth = set()
    placed: dict[int, list[int]] = {}
    for index, item in enumerate(new):
        placed.setdefault(item.tag[1], []).append(index)
    for group_id, (change, olds) in groups.items():
        news = placed.get(group_id, [])
        if change == "added":
            truth.add(("added", (), tuple(news)))
        elif change == "removed":
            truth.add(("removed", tuple(olds), ()))
        else:
            truth.add((change, tuple(olds), tuple(news)))
    return segments(old), segments(new), truth


def scores(found: set[tuple[Any, ...]], truth: set[tuple[Any, ...]]) -> dict[str, tuple[float, float, int]]:
    """Per class (the first item of each tuple): (precision, recall, number of true pairs)."""
    out = {}
    for change in ("unchanged", "moved", "edited", "split", "merged", "added", "removed"):
        f = {t for t in found if t[0] == change}
        t = {x for x in truth if x[0] == change}
        hit = len(f & t)
        precision = hit / len(f) if f else 1.0
        recall = hit / len(t) if t else 1.0
        out[change] = (precision, recall, len(t))
    return out


# -- whole editions (issue 17) -------------------------------------------------------------------------------

Key = tuple[str, int]  # (booklet, unit index)
EditionTruth = dict[tuple[str, tuple[Key, ...], tuple[Key, ...]], str]  # truth tuple -> case


@dataclass
class _Unit:
    text: str
    kind: str
    tag: int  # group of the truth
    origin: str = ""  # the old booklet it came from, for a unit that moved between booklets


def _sentences(text: str) -> list[str]:
    parts = text.split(". ")
    return [p if p.endswith(".") else p + "." for p in parts]


def look_alike(rng: random.Random, text: str) -> str:
    """Another text of the same shape: about a third of the words kept in place, the others replaced by words
    of about the same length, so that the character similarity is 0.60-0.77 while fewer than half of the words
    are shared (unrelated texts that look alike)."""
    words = text.split(" ")
    best = ""
    for attempt in range(40):
        keep = 0.25 + 0.2 * (attempt % 5) / 4
        out = []
        for word in words:
            stem = word.strip(".").lower()
            if rng.random() < keep:
                out.append(word)
                continue
            near = [w for w in VOCABULARY if abs(len(w) - len(stem)) <= 1 and w != stem] or VOCABULARY
            choice = rng.choice(near)
            if word[:1].isupper():
                choice = choice.capitalize()
            out.append(choice + ("." if word.endswith(".") else ""))
        candidate = " ".join(out)
        a = [w.lower() for w in _WORD.findall(text)]
        b = [w.lower() for w in _WORD.findall(candidate)]
        shared = (len(a) + len(b) - Indel.distance(a, b)) // 2  # words in common, in order
        if 0.60 <= Indel.normalized_similarity(text, candidate) <= 0.77 and 2 * shared < min(len(a), len(b)):
            return candidate
        best = best or candidate
    return best


_OTHER = """
river mountain harvest kitchen garden market bicycle window morning evening winter summer village bridge
station letter teacher student music dance colour paper pencil orange yellow green table chair blanket
coffee bread water stone forest ocean island cloud thunder lantern candle mirror basket ladder engine
"""
OTHER_WORDS = _OTHER.split()


def rewrite(rng: random.Random, text: str) -> str | None:
    """The same paragraph rewritten: more than half of its words kept in place (3 in a row at least once: a
    phrase, not only function words), each of the others replaced by
    one or two words of another vocabulary, so that the character similarity is 0.50-0.59 (under the threshold)
    while a reader still sees an edit; None when no try gives that."""
    words = text.split(" ")
    a = [w.lower() for w in _WORD.findall(text)]
    for attempt in range(60):
        keep = 0.5 + 0.2 * (attempt % 5) / 4
        out = []
        for word in words:
            if rng.random() < keep:
                out.append(word)
                continue
            other = " ".join(rng.choice(OTHER_WORDS) for _ in range(rng.randint(2, 3)))
            out.append(other + ("." if word.endswith(".") else ""))
        candidate = " ".join(out)
        b = [w.lower() for w in _WORD.findall(candidate)]
        shared = (len(a) + len(b) - Indel.distance(a, b)) // 2
        phrase = any(op.tag == "equal" and op.src_end - op.src_start >= 3 for op in Indel.opcodes(a, b))
        if 0.50 <= Indel.normalized_similarity(text, candidate) < 0.60 and 2 * shared > min(len(a), len(b)) and phrase:
            return candidate
    return None


def _other_paragraph(rng: random.Random) -> str:
    """A paragraph in other words (the new text of a rewritten chapter)."""
    words = [rng.choice(OTHER_WORDS) for _ in range(rng.randint(12, 60))]
    return " ".join(words).capitalize() + "."


def _table(rng: random.Random, add: Any) -> list[_Unit]:
    kinds = ("table header",) * 2 + ("table cell",) * 2
    return [_Unit(rng.choice(TITLE_WORDS).capitalize(), kind, add("added", "added", [])) for kind in kinds]


def edition_set(
    seed: int, booklets: int = 5, units: int = 60, *, rate: float = 1.0
) -> tuple[dict[str, list[Segment]], dict[str, list[Segment]], EditionTruth]:
    """Two editions of ``booklets`` booklets (plus one chapter that the new edition rewrites into a booklet of
    another name and the others) and the truth: ``(change, ((booklet, index), ...), ((booklet, index), ...))``
    for every pair, with the case that made it: one of ``edited``, ``shortened``, ``lengthened``, ``split``,
    ``split apart`` (a table, an image or a new paragraph between the parts), ``merged``, ``moved`` (to another
    section), ``moved across`` (to another booklet, maybe edited), ``sentence`` (a sentence moved to the next
    paragraph: both edited), ``look-alike`` (rewritten in other words of the same shapes: removed + added),
    ``rewritten`` (more than half of the words kept, character similarity 0.50-0.59: edited), ``split rewritten``
    (split in two, the first part rewritten but for its opening),
    ``unchanged``, ``added``, ``removed``."""
    rng = random.Random(seed)
    names = [f"booklet-{k}" for k in range(booklets)]
    old: dict[str, list[Item]] = {name: booklet(rng, units) for name in names}
    chapter = "chapter"
    old[chapter] = booklet(rng, max(units // 2, 24))
    new: dict[str, list[_Unit]] = {name: [] for name in names}
    cases: dict[int, tuple[str, str, list[Key]]] = {}  # group -> (change, case, old keys)
    exported: list[tuple[str, _Unit]] = []  # (target booklet, unit) to put in another booklet
    group = 0

    def add_group(change: str, case: str, olds: list[Key]) -> int:
        nonlocal group
        group += 1
        cases[group] = (change, case, olds)
        return group

    rewritten = "rewritten"
    new[rewritten] = [_Unit(title(rng), "heading 1", add_group("added", "added", []))]
    for name in [*names, chapter]:
        items = old[name]
        out = new[rewritten] if name == chapter else new[name]
        others = [n for n in names if n != name]
        i = 0
        while i < len(items):
            item = items[i]
            is_para = item.kind == "paragraph"
            words = len(item.text.split())
            nxt = items[i + 1] if i + 1 < len(items) else None
            roll = rng.random() / rate
            if name == chapter:
                # The chapter is rewritten: its headings go, its paragraphs go to the new booklet or others.
                if not is_para:
                    add_group("removed", "removed", [(name, i)])
                elif roll * rate < 0.2:
                    out.append(_Unit(item.text, "paragraph", add_group("moved", "moved across", [(name, i)]), name))
                elif roll * rate < 0.4 and words >= 12:
                    text = edit_words(rng, item.text, rng.randint(1, 2))
                    target = rng.choice(others)
                    exported.append(
                        (target, _Unit(text, "paragraph", add_group("edited", "moved across", [(name, i)]), name))
                    )
                elif roll * rate < 0.6:
                    target = rng.choice(others)
                    exported.append(
                        (target, _Unit(item.text, "paragraph", add_group("moved", "moved across", [(name, i)]), name))
                    )
                else:
                    add_group("removed", "removed", [(name, i)])
                for _ in range(2):
                    out.append(_Unit(_other_paragraph(rng), "paragraph", add_group("added", "added", [])))
                i += 1
                continue
            following = 0
            while following < 2 and i + 1 + following < len(items) and items[i + 1 + following].kind == "paragraph":
                following += 1
            if is_para and roll < 0.04 and words >= 12:
                out.append(
                    _Unit(
                        edit_words(rng, item.text, rng.randint(1, 3)),
                        "paragraph",
                        add_group("edited", "edited", [(name, i)]),
                    )
                )
            elif item.kind == "heading 2" and roll < 0.08:
                out.append(_Unit(edit_words(rng, item.text, 1), item.kind, add_group("edited", "edited", [(name, i)])))
            elif is_para and roll < 0.06 and words >= 30:
                keep = max(6, words * 3 // 10)
                out.append(
                    _Unit(
                        " ".join(item.text.split(" ")[:keep]) + ".",
                        "paragraph",
                        add_group("edited", "shortened", [(name, i)]),
                    )
                )
            elif is_para and roll < 0.08:
                longer = f"{item.text} {paragraph(rng)} {paragraph(rng)}"
                out.append(_Unit(longer, "paragraph", add_group("edited", "lengthened", [(name, i)])))
            elif is_para and roll < 0.11 and words >= 24:
                tokens = item.text.split(" ")
                half = len(tokens) // 2
                g = add_group("split", "split apart" if rng.random() < 0.6 else "split", [(name, i)])
                out.append(_Unit(" ".join(tokens[:half]), "paragraph", g))
                if cases[g][1] == "split apart":
                    what = rng.random()
                    if what < 0.4:
                        out.extend(_table(rng, add_group))
                    elif what < 0.7:
                        out.append(_Unit(title(rng), "image alt", add_group("added", "added", [])))
                    else:
                        out.append(_Unit(paragraph(rng), "paragraph", add_group("added", "added", [])))
                out.append(_Unit(" ".join(tokens[half:]), "paragraph", g))
            elif is_para and roll < 0.13 and following >= 1:
                count = 1 + min(following, rng.randint(1, 2))
                g = add_group("merged", "merged", [(name, k) for k in range(i, i + count)])
                out.append(_Unit(" ".join(o.text for o in items[i : i + count]), "paragraph", g))
                i += count
                continue
            elif (
                is_para
                and roll < 0.15
                and nxt is not None
                and nxt.kind == "paragraph"
                and len(_sentences(item.text)) >= 2
                and len(_sentences(nxt.text)) >= 2
            ):
                first, second = _sentences(item.text), _sentences(nxt.text)
                out.append(_Unit(" ".join(first[:-1]), "paragraph", add_group("edited", "sentence", [(name, i)])))
                out.append(
                    _Unit(" ".join([first[-1], *second]), "paragraph", add_group("edited", "sentence", [(name, i + 1)]))
                )
                i += 2
                continue
            elif is_para and roll < 0.17:
                add_group("removed", "look-alike", [(name, i)])
                out.append(_Unit(look_alike(rng, item.text), "paragraph", add_group("added", "look-alike", [])))
            elif is_para and roll < 0.19:
                target = rng.choice(others)
                if rng.random() < 0.5:
                    unit = _Unit(item.text, "paragraph", add_group("moved", "moved across", [(name, i)]), name)
                else:
                    text = edit_words(rng, item.text, 1)
                    unit = _Unit(text, "paragraph", add_group("edited", "moved across", [(name, i)]), name)
                exported.append((target, unit))
            elif is_para and roll < 0.21:
                add_group("removed", "removed", [(name, i)])
            elif is_para and roll < 0.225 and words >= 12 and (rewritten_text := rewrite(rng, item.text)):
                out.append(_Unit(rewritten_text, "paragraph", add_group("edited", "rewritten", [(name, i)])))
            elif is_para and roll < 0.24 and words >= 24:
                # Split in two, the first part rewritten in other words but for its opening (4 words).
                tokens = item.text.split(" ")
                half = len(tokens) // 2
                g = add_group("split", "split rewritten", [(name, i)])
                opening = " ".join(tokens[:4])
                out.append(_Unit(f"{opening} {look_alike(rng, ' '.join(tokens[4:half]))}", "paragraph", g))
                out.append(_Unit(" ".join(tokens[half:]), "paragraph", g))
            else:
                out.append(_Unit(item.text, item.kind, add_group("unchanged", "unchanged", [(name, i)])))
            if rng.random() < 0.03 * rate:
                out.append(_Unit(paragraph(rng), "paragraph", add_group("added", "added", [])))
            i += 1
    for target, unit in exported:
        # Anywhere after a paragraph, but not between the parts of a split (one inserted paragraph at most).
        inside: set[int] = set()
        spans: dict[int, list[int]] = {}
        for k, u in enumerate(new[target]):
            if cases[u.tag][0] == "split":
                spans.setdefault(u.tag, []).append(k)
        for span in spans.values():
            inside.update(range(span[0] + 1, span[-1] + 1))
        spots = [k + 1 for k, u in enumerate(new[target]) if u.kind == "paragraph" and k + 1 not in inside]
        spots = spots or [len(new[target])]
        new[target].insert(rng.choice(spots), unit)
    old_segments = {name: segments(items) for name, items in old.items()}
    new_segments = {name: segments([Item(u.text, u.kind, ("", u.tag)) for u in units_]) for name, units_ in new.items()}
    placed: dict[int, list[Key]] = {}
    for name, units_ in new.items():
        for index, unit in enumerate(units_):
            placed.setdefault(unit.tag, []).append((name, index))
    truth: EditionTruth = {}
    for g, (change, case, olds) in cases.items():
        truth[(change, tuple(olds), tuple(placed.get(g, [])))] = case
    return old_segments, new_segments, truth


def edition_found(result: Any) -> set[tuple[str, tuple[Key, ...], tuple[Key, ...]]]:
    """What ``align_editions`` found, in the shape of ``edition_set``'s truth (a pair between booklets once)."""
    found = set()
    for booklet in result.booklets:
        for pair in booklet.alignment.pairs:
            if pair.new_elsewhere:
                continue
            if pair.old_elsewhere:
                olds = tuple((pair.elsewhere.booklet, k) for k in pair.elsewhere.units)
            else:
                olds = tuple((booklet.old_name, k) for k in pair.old)
            news = tuple((booklet.new_name, k) for k in pair.new)
            found.add((str(pair.change), olds, news))
    return found


def case_recall(found: set[tuple[Any, ...]], truth: EditionTruth) -> dict[str, tuple[float, int]]:
    """Per case of the generator: the share of its true pairs found, and how many there are."""
    out: dict[str, list[int]] = {}
    for item, case in truth.items():
        hit, count = out.setdefault(case, [0, 0])
        out[case] = [hit + (item in found), count + 1]
    return {case: (hit / count, count) for case, (hit, count) in sorted(out.items())}
