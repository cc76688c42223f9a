"""A real pair of editions, labelled: ``../shared/corpus/comprehensive-rust`` A (2024-01) and B (2024-07).

Every Markdown file of ``src/`` is a booklet named by its path without ``.md`` (``concurrency/async``), so the
restructuring of the course between the two versions (chapters split into files, files moved to other folders)
is a comparison of two whole editions. ``tests/data/compare_real/comprehensive-rust-labels.json`` holds a
sample of 192 units (drawn at random with a fixed seed, stratified by the class an earlier version of the tool
gave them: 45 edited, 30 moved, 9 split, 9 merged, 45 removed, 45 added, 20 unchanged; the units of one pair
can be drawn more than once), each labelled by reading both versions: its true class and the units it pairs
with (the other side, and the other parts of a split or merge). ``note`` says why, where the label differs from
what the tool said when the sample was drawn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from keys_l10n.core.align_edition import align_editions
from keys_l10n.core.alignment import EditionAlignment
from keys_l10n.core.markdown import segment
from keys_l10n.core.model import Segment

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "comprehensive-rust"
LABELS = Path(__file__).resolve().parent / "data" / "compare_real" / "comprehensive-rust-labels.json"
Unit = tuple[str, str, int]  # ("old" | "new", booklet, index)


def available(root: Path = CORPUS) -> bool:
    return (root / "A" / "src").is_dir() and (root / "B" / "src").is_dir()


def edition(root: Path, side: str) -> dict[str, list[Segment]]:
    folder = root / side / "src"
    return {
        path.relative_to(folder).with_suffix("").as_posix(): segment(path.read_text(encoding="utf-8"))
        for path in sorted(folder.rglob("*.md"))
    }


def classes(result: EditionAlignment) -> dict[Unit, tuple[str, tuple[Unit, ...]]]:
    """Every unit of both editions: its class and the units it is paired with."""
    out: dict[Unit, tuple[str, tuple[Unit, ...]]] = {}
    for booklet in result.booklets:
        for pair in booklet.alignment.pairs:
            if pair.new_elsewhere:
                continue  # seen from the booklet of its new units
            assert booklet.new_name is not None or not pair.new
            if pair.old_elsewhere and pair.elsewhere is not None:
                olds = [("old", pair.elsewhere.booklet, k) for k in pair.elsewhere.units]
            else:
                olds = [("old", booklet.old_name or "", k) for k in pair.old]
            news = [("new", booklet.new_name or "", k) for k in pair.new]
            members = olds + news
            for unit in members:
                out[unit] = (str(pair.change), tuple(sorted(u for u in members if u != unit)))
    return out


def labels() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(LABELS.read_text(encoding="utf-8"))
    return data


def score(found: dict[Unit, tuple[str, tuple[Unit, ...]]]) -> dict[str, tuple[float, float, int, int]]:
    """Per class over the labelled units: (precision, recall, units the tool put in it, units truly in it); a
    unit counts as right when both its class and the units it pairs with are the labelled ones."""
    predicted: dict[str, int] = {}
    true: dict[str, int] = {}
    right: dict[str, int] = {}
    for item in labels():
        unit: Unit = (item["unit"][0], item["unit"][1], item["unit"][2])
        change, members = found[unit]
        want = tuple(sorted((u[0], u[1], u[2]) for u in item["with"]))
        predicted[change] = predicted.get(change, 0) + 1
        true[item["truth"]] = true.get(item["truth"], 0) + 1
        if change == item["truth"] and members == want:
            right[change] = right.get(change, 0) + 1
    out = {}
    for change in sorted(set(predicted) | set(true)):
        p, t, r = predicted.get(change, 0), true.get(change, 0), right.get(change, 0)
        out[change] = (r / p if p else 1.0, r / t if t else 1.0, p, t)
    return out


def compare_corpus(root: Path = CORPUS) -> EditionAlignment:
    return align_editions(edition(root, "A"), edition(root, "B"))
