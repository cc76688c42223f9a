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
from dataclasses import dataclass
from typing import Any

from keys_l10n.model import Segment

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
