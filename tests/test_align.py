"""Edition alignment: one test per class (with the tricky cases of issue 4), properties, generated truth."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edition_pairs import case_recall, edition_found, edition_pair, edition_set, scores
from keys_l10n.core.align_edition import align, align_editions
from keys_l10n.core.alignment import CHANGES, Alignment, Change, Pair
from keys_l10n.core.markdown import segment
from keys_l10n.core.model import Segment
from keys_l10n.core.similarity import word_diff

LONG_A = (
    "Knowledge and tools emerged from these exchanges, but so did questions and challenges about psychosocial "
    "accompaniment: what is its scope and what are its limitations in the current context of violence?"
)
LONG_B = (
    "We hope these efforts will contribute to the struggle of political subjects to achieve justice and "
    "reparation, to social transformation, and to strengthening hope."
)
LONG_C = (
    "We dedicate this work to the victims of sociopolitical violence in Mexico, Latin America and other parts "
    "of the world, who let us witness the transformation of ignominy into struggle."
)
LONG_D = (
    "Finally, we thank our partner organisations for the support they have offered to this collective work "
    "over the years, which made this edition of the themed booklets possible."
)
LONG_E = (
    "Accompanists listen to families searching for their relatives and document every step of the search "
    "so that the memory of the disappeared is kept alive in the community."
)


def units(markdown: str) -> list[Segment]:
    return segment(markdown)


def doc(*blocks: str) -> list[Segment]:
    return units("\n\n".join(blocks) + "\n")


def classes(alignment: Alignment) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return sorted((str(p.change), p.old, p.new) for p in alignment.pairs)


def only(alignment: Alignment, change: Change) -> Pair:
    found = alignment.of(change)
    assert len(found) == 1, classes(alignment)
    return found[0]


def test_identical_booklets_are_all_unchanged() -> None:
    old = doc("# Title", LONG_A, LONG_B, "## Objectives", LONG_C)
    result = align(old, list(old))
    assert [p.change for p in result.pairs] == [Change.UNCHANGED] * 5
    assert [(p.old, p.new) for p in result.pairs] == [((k,), (k,)) for k in range(5)]


def test_paragraph_moved_to_another_section() -> None:
    old = doc("# Title", "## One", LONG_A, LONG_B, "## Two", LONG_C, LONG_D)
    new = doc("# Title", "## One", LONG_A, "## Two", LONG_C, LONG_B, LONG_D)
    result = align(old, new)
    moved = only(result, Change.MOVED)
    assert (moved.old, moved.new) == ((3,), (5,))
    assert result.new[moved.new[0]].headings == ("Title", "Two")
    assert len(result.of(Change.UNCHANGED)) == 6


def test_two_swapped_paragraphs_one_moved() -> None:
    old = doc("# Title", LONG_A, LONG_B, LONG_C, LONG_D)
    new = doc("# Title", LONG_A, LONG_C, LONG_B, LONG_D)
    result = align(old, new)
    moved = only(result, Change.MOVED)
    assert result.old[moved.old[0]].text == result.new[moved.new[0]].text
    assert moved.old[0] in (2, 3)
    assert len(result.of(Change.UNCHANGED)) == 4


def test_one_word_edit_is_edited_with_similarity_and_diff() -> None:
    old = doc("# Title", LONG_A, LONG_B)
    new = doc("# Title", LONG_A.replace("questions", "doubts"), LONG_B)
    edited = only(align(old, new), Change.EDITED)
    assert (edited.old, edited.new) == ((1,), (1,))
    assert 0.95 < edited.similarity < 1.0
    assert ("delete", "questions") in edited.diff
    assert ("insert", "doubts") in edited.diff
    assert not edited.moved


REWRITTEN_A = (
    "These meetings produced not only methods and know-how but also doubts about how far psychosocial "
    "accompaniment reaches and where it stops, given the violence we live in today."
)


@pytest.mark.parametrize("replacement", [REWRITTEN_A, LONG_E], ids=["rewritten", "other-paragraph"])
def test_rewrite_below_threshold_is_removed_and_added(replacement: str) -> None:
    old = doc("# Title", LONG_A, LONG_B)
    new = doc("# Title", replacement, LONG_B)
    result = align(old, new)
    assert not result.of(Change.EDITED)
    assert only(result, Change.REMOVED).old == (1,)
    assert only(result, Change.ADDED).new == (1,)
    # fewer than half of its words survive: even a low threshold does not make it an edit
    assert not align(old, new, threshold=0.3).of(Change.EDITED)


def test_threshold_decides_between_edited_and_rewritten() -> None:
    old = doc("Keys towards Psychosocial Accompaniment")
    new = doc("Keys to Psychosocial Accompaniment (2 ed.)")
    assert align(old, new, threshold=0.6).pairs[0].change is Change.EDITED
    assert {p.change for p in align(old, new, threshold=0.9).pairs} == {Change.ADDED, Change.REMOVED}


def test_split_in_two_with_one_half_edited() -> None:
    old = doc("# Title", LONG_A + " " + LONG_B, LONG_C)
    new = doc("# Title", LONG_A, LONG_B.replace("justice", "truth, justice"), LONG_C)
    split = only(align(old, new), Change.SPLIT)
    assert (split.old, split.new) == ((1,), (1, 2))
    assert split.similarity > 0.9
    assert ("insert", "truth, ") in split.diff


def test_three_paragraphs_merged() -> None:
    old = doc("# Title", LONG_A, LONG_B, LONG_C, LONG_D)
    new = doc("# Title", " ".join((LONG_A, LONG_B, LONG_C)), LONG_D)
    result = align(old, new)
    merged = only(result, Change.MERGED)
    assert (merged.old, merged.new) == ((1, 2, 3), (1,))
    assert merged.similarity == 1.0
    assert len(result.of(Change.UNCHANGED)) == 2


def test_repeated_heading_pairs_with_its_own_section() -> None:
    old = doc(
        "# Book", "## Fear", "### Objectives", LONG_A, "## Torture", "### Objectives", LONG_B,
        "## Displacement", "### Objectives", LONG_C,
    )  # fmt: skip
    new = doc(
        "# Book", "## Fear", "### Objectives", LONG_A, "## Displacement", "### Objectives",
        LONG_C.replace("Mexico", "Mexico, Colombia"), "## Care", "### Objectives", LONG_D,
    )  # fmt: skip
    result = align(old, new)
    pairs = {(p.old, p.new): p.change for p in result.pairs}
    assert pairs[((2,), (2,))] is Change.UNCHANGED  # Fear / Objectives
    assert pairs[((8,), (5,))] is Change.UNCHANGED  # Displacement / Objectives
    assert pairs[((5,), ())] is Change.REMOVED  # Torture / Objectives
    assert pairs[((), (8,))] is Change.ADDED  # Care / Objectives
    assert pairs[((9,), (6,))] is Change.EDITED


def _cells(texts: list[str]) -> list[Segment]:
    return [Segment(t, "table cell", k, k + 1, k + 1) for k, t in enumerate(texts)]


def test_many_repeated_cells_keep_their_order() -> None:
    old = ["Yes", "No", "Maybe"] * 200  # too many repeats to try every pairing at once
    new = list(old)
    new[100] = "Perhaps"
    del new[300]
    new.insert(450, "No")
    for k in range(30):  # shifts the rank of every later "Yes" by 30
        new.insert(10 + 4 * k, "Yes")
    result = align(_cells(old), _cells(new))
    totals = result.totals()
    assert totals[Change.UNCHANGED].pairs == 598
    assert (totals[Change.ADDED].pairs, totals[Change.REMOVED].pairs) == (32, 2)
    assert sorted(i for p in result.pairs for i in p.old) == list(range(len(old)))
    assert sorted(j for p in result.pairs for j in p.new) == list(range(len(new)))
    assert _shape(align(_cells(new), _cells(old))) == _shape(result.mirrored())


def test_a_unit_without_words_is_never_part_of_a_merge() -> None:
    result = align(
        _cells(["A paragraph with some words.", "—", "Yes"]), _cells(["A paragraph with some words.", "Yes"])
    )
    assert classes(result) == [("removed", (1,), ()), ("unchanged", (0,), (0,)), ("unchanged", (2,), (1,))]


def test_added_and_removed() -> None:
    old = doc("# Title", LONG_A, LONG_B)
    new = doc("# Title", LONG_A, LONG_C, LONG_D)
    result = align(old, new)
    assert only(result, Change.REMOVED).old == (2,)
    assert sorted(p.new for p in result.of(Change.ADDED)) == [(2,), (3,)]


def test_edited_far_away_is_edited_and_moved() -> None:
    old = doc("# Title", "## One", LONG_A, LONG_B, "## Two", LONG_C, LONG_D)
    new = doc("# Title", "## One", LONG_B, "## Two", LONG_C, LONG_D, LONG_A.replace("tools", "methods"))
    edited = only(align(old, new), Change.EDITED)
    assert (edited.old, edited.new, edited.moved) == ((2,), (6,), True)


def test_split_far_away_is_split_and_moved() -> None:
    old = doc("# Title", "## One", LONG_A + " " + LONG_B, LONG_C, "## Two", LONG_D)
    new = doc("# Title", "## One", LONG_C, "## Two", LONG_D, LONG_A, LONG_B)
    split = only(align(old, new), Change.SPLIT)
    assert (split.old, split.new, split.moved) == ((2,), (5, 6), True)
    merged = only(align(new, old), Change.MERGED)
    assert (merged.old, merged.new, merged.moved) == ((5, 6), (2,), True)


def test_reading_order_puts_removed_after_its_neighbour() -> None:
    old = doc("# Title", LONG_A, LONG_B, LONG_C)
    new = doc("# Title", LONG_A, LONG_C)
    assert [p.change for p in align(old, new).pairs] == [
        Change.UNCHANGED,
        Change.UNCHANGED,
        Change.REMOVED,
        Change.UNCHANGED,
    ]


def test_empty_sides() -> None:
    some = doc("# Title", LONG_A)
    assert {p.change for p in align([], some).pairs} == {Change.ADDED}
    assert {p.change for p in align(some, []).pairs} == {Change.REMOVED}
    assert align([], []).pairs == ()


def test_bad_threshold() -> None:
    with pytest.raises(ValueError):
        align([], [], threshold=0)


def test_totals_and_to_dict_are_json() -> None:
    old = doc("# Title", LONG_A, LONG_B)
    new = doc("# Title", LONG_A, LONG_B.replace("hope", "joy"), LONG_C)
    result = align(old, new)
    totals = result.totals()
    assert totals[Change.UNCHANGED].pairs == 2
    assert totals[Change.ADDED].new_words == len(LONG_C.replace(",", " ").split())
    data = json.loads(json.dumps(result.to_dict()))
    assert data["totals"]["edited"]["pairs"] == 1
    edited = next(p for p in data["pairs"] if p["change"] == "edited")
    assert edited["old"][0]["line"] == 5 and edited["new"][0]["line"] == 5
    assert ["insert", "joy"] in edited["diff"]


def test_word_diff_marks_changed_words_as_one_run() -> None:
    diff = word_diff("the quick brown fox jumps", "the slow red fox jumps")
    assert diff == (("equal", "the "), ("delete", "quick brown"), ("insert", "slow red"), ("equal", " fox jumps"))


@given(st.text(max_size=60), st.text(max_size=60))
def test_word_diff_rebuilds_both_texts(old: str, new: str) -> None:
    diff = word_diff(old, new)
    assert "".join(t for op, t in diff if op != "insert") == old
    assert "".join(t for op, t in diff if op != "delete") == new


def test_align_editions_matches_renamed_booklets_by_content() -> None:
    old = {"intro": doc("# Intro", LONG_A, LONG_B), "torture": doc("# Torture", LONG_C), "gone": doc(LONG_E)}
    new = {"presentation": doc("# Intro", LONG_A, LONG_B), "torture": doc("# Torture", LONG_C, LONG_D)}
    result = align_editions(old, new)
    status = {(b.old_name, b.new_name): b.status for b in result.booklets}
    assert status == {
        ("intro", "presentation"): "renamed",
        ("torture", "torture"): "same",
        ("gone", None): "removed",
    }
    assert result.totals()[Change.UNCHANGED].pairs == 5
    assert result.totals()[Change.REMOVED].pairs == 1


# -- properties ---------------------------------------------------------------------------------------

POOL = [
    "Objectives",
    "Activities",
    LONG_A,
    LONG_B,
    LONG_C,
    LONG_D,
    LONG_E,
    LONG_A + " " + LONG_B,
    LONG_C.replace("Mexico", "Guatemala"),
    LONG_D.replace("Finally, we", "We"),
    "A short note.",
    "A short remark.",
]


def _segments(texts: list[str], heading: list[bool]) -> list[Segment]:
    out = []
    section: tuple[str, ...] = ()
    for k, (text, is_heading) in enumerate(zip(texts, heading, strict=True)):
        out.append(Segment(text, "heading 2" if is_heading else "paragraph", k, k + 1, k + 1, section))
        if is_heading:
            section = (text,)
    return out


booklets = st.integers(0, 14).flatmap(
    lambda n: st.builds(
        _segments,
        st.lists(st.sampled_from(POOL), min_size=n, max_size=n),
        st.lists(st.booleans(), min_size=n, max_size=n),
    )
)


def _shape(alignment: Alignment) -> set[tuple[Change, tuple[int, ...], tuple[int, ...], float]]:
    return {(p.change, p.old, p.new, p.similarity) for p in alignment.pairs}


@settings(max_examples=150, deadline=None)
@given(booklets)
def test_property_self_alignment_is_all_unchanged(old: list[Segment]) -> None:
    result = align(old, old)
    assert all(p.change is Change.UNCHANGED and p.old == p.new for p in result.pairs)
    assert len(result.pairs) == len(old)


@settings(max_examples=300, deadline=None)
@given(booklets, booklets)
def test_property_every_unit_exactly_once(old: list[Segment], new: list[Segment]) -> None:
    result = align(old, new)
    assert sorted(i for p in result.pairs for i in p.old) == list(range(len(old)))
    assert sorted(j for p in result.pairs for j in p.new) == list(range(len(new)))
    for p in result.pairs:
        assert p.change in CHANGES
        if p.change in (Change.UNCHANGED, Change.MOVED):
            assert [old[i].text for i in p.old] == [new[j].text for j in p.new]
        if p.change is Change.SPLIT:
            assert len(p.old) == 1 and 2 <= len(p.new) <= 4
            assert list(p.new) == sorted(set(p.new))
        if p.change is Change.MERGED:
            assert len(p.new) == 1 and 2 <= len(p.old) <= 4
            assert list(p.old) == sorted(set(p.old))
        if p.change in (Change.EDITED, Change.SPLIT, Change.MERGED):
            olds = [w for i in p.old for w in old[i].text.split()]
            news = [w for j in p.new for w in new[j].text.split()]
            # similar by characters, or one text contained in the other
            assert p.similarity >= result.threshold or min(len(olds), len(news)) >= 5


@settings(max_examples=300, deadline=None)
@given(booklets, booklets)
def test_property_mirror(old: list[Segment], new: list[Segment]) -> None:
    forward = align(old, new)
    backward = align(new, old)
    assert _shape(backward) == _shape(forward.mirrored())


# -- generated editions with known truth --------------------------------------------------------------


def _found(alignment: Alignment) -> set[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return {(str(p.change), p.old, p.new) for p in alignment.pairs}


def test_generated_edition_fixed_seed_exact() -> None:
    old, new, truth = edition_pair(2021, 60)
    assert len(old) >= 60
    assert {t[0] for t in truth} == {str(c) for c in CHANGES}
    assert _found(align(old, new)) == truth


@pytest.mark.parametrize("rate", [1.0, 2.5])
def test_generated_editions_precision_and_recall(rate: float) -> None:
    found: set[tuple[str, tuple[int, ...], tuple[int, ...], int]] = set()
    truth: set[tuple[str, tuple[int, ...], tuple[int, ...], int]] = set()
    for seed in range(12):
        size = 30 + (seed * 17) % 51  # 30..80 units
        old, new, known = edition_pair(seed, size, rate=rate)
        found |= {(*t, seed) for t in _found(align(old, new))}
        truth |= {(*t, seed) for t in known}
    result = scores(found, truth)
    for change, (precision, recall, count) in result.items():
        assert count > 0, change
        assert precision >= 0.95 and recall >= 0.95, (change, precision, recall)


# -- issue 17: whole editions, shortened rewrites, parts apart, sentences across paragraphs ------------------

SHORT_A = "Knowledge and tools emerged from these exchanges."  # the first clause of LONG_A


def test_unit_moved_to_another_booklet_is_moved_in_both() -> None:
    old = {"one": doc("# One", LONG_A, LONG_B), "two": doc("# Two", LONG_C)}
    new = {"one": doc("# One", LONG_A), "two": doc("# Two", LONG_C, LONG_B)}
    result = {b.name: b.alignment for b in align_editions(old, new).booklets}
    out = only(result["one"], Change.MOVED)
    came = only(result["two"], Change.MOVED)
    assert (out.old, out.new) == ((2,), ())
    assert out.elsewhere is not None and (out.elsewhere.booklet, out.elsewhere.units) == ("two", (2,))
    assert (came.old, came.new) == ((), (2,))
    assert came.elsewhere is not None and (came.elsewhere.booklet, came.elsewhere.units) == ("one", (2,))
    assert came.elsewhere.segments[0].text == LONG_B
    # counted once, in the booklet that has the new unit
    assert result["one"].totals()[Change.MOVED].pairs == 0
    assert result["two"].totals()[Change.MOVED].new_units == 1
    assert result["two"].totals()[Change.MOVED].old_units == 1  # its old unit, from booklet "one"
    assert result["one"].pair_dict(out)["elsewhere"]["side"] == "new"


def test_removed_booklet_is_matched_against_the_rest_of_the_edition() -> None:
    old = {"appendix": doc("# Appendix", LONG_D, LONG_E), "intro": doc("# Intro", LONG_A)}
    new = {
        "intro": doc("# Intro", LONG_A, LONG_D.replace("Finally, we", "We")),
        "story": doc("# Story", LONG_B, LONG_C, REWRITTEN_A, LONG_E),
    }
    result = align_editions(old, new)
    status = {b.name: b.status for b in result.booklets}
    assert status == {"appendix": "removed", "intro": "same", "story": "added"}
    totals = result.totals()
    assert totals[Change.MOVED].pairs == 1
    assert totals[Change.EDITED].pairs == 1
    assert totals[Change.REMOVED].old_units == 1  # the "# Appendix" heading
    assert totals[Change.ADDED].new_units == 4  # "# Story", LONG_B, LONG_C, REWRITTEN_A
    for booklet in result.booklets:
        for pair in booklet.alignment.pairs:
            if pair.change is Change.EDITED:
                assert pair.moved and pair.elsewhere is not None


def test_shortened_rewrite_is_edited() -> None:
    old = doc("# Title", LONG_A, LONG_B)
    new = doc("# Title", SHORT_A, LONG_B)
    edited = only(align(old, new), Change.EDITED)
    assert (edited.old, edited.new) == ((1,), (1,))
    assert edited.similarity < 0.6  # by containment, not by characters
    lengthened = only(align(new, old), Change.EDITED)
    assert (lengthened.old, lengthened.new) == ((1,), (1,))


def test_look_alikes_stay_apart() -> None:
    old = doc("# Title", "The `Rc` type counts the references to a value shared by several owners.", LONG_B)
    new = doc("# Title", "The `Cell` type moves the values in and out of a shared place, for one owner.", LONG_B)
    result = align(old, new)
    assert not result.of(Change.EDITED)


@pytest.mark.parametrize(
    "between",
    [["| a | b |\n|---|---|\n| 1 | 2 |"], ["![A diagram](figure.png)"], ["```rust\nfn main() {}\n```"], [LONG_E]],
    ids=["table", "image", "code", "inserted-paragraph"],
)
def test_split_around_other_units(between: list[str]) -> None:
    old = doc("# Title", LONG_A + " " + LONG_B, LONG_C)
    new = doc("# Title", LONG_A, *between, LONG_B, LONG_C)
    result = align(old, new)
    split = only(result, Change.SPLIT)
    assert split.old == (1,)
    assert [result.new[j].text for j in split.new] == [LONG_A, LONG_B]
    merged = only(align(new, old), Change.MERGED)
    assert merged.old == split.new


SENTENCES = [
    "Accompaniment starts by listening.",
    "The families know what they need and say it in their own words.",
    "Accompanists write down what they hear.",
    "Later the team reads the notes together and plans the next visit.",
    "Every visit ends with an agreement about the next steps.",
]


def test_sentence_moved_across_a_paragraph_boundary_is_edited_on_both_sides() -> None:
    old = doc("# Title", " ".join(SENTENCES[:3]), " ".join(SENTENCES[3:]))
    new = doc("# Title", " ".join(SENTENCES[:2]), " ".join(SENTENCES[2:]))
    for result in (align(old, new), align(new, old)):
        assert classes(result) == [
            ("edited", (1,), (1,)),
            ("edited", (2,), (2,)),
            ("unchanged", (0,), (0,)),
        ]


@pytest.mark.parametrize("rate", [1.0, 2.5])
def test_generated_whole_editions_precision_and_recall(rate: float) -> None:
    """Issue 17: moves between booklets, a chapter rewritten into another booklet, shortened and lengthened
    paragraphs, splits around tables, images and new paragraphs, sentences moved across paragraphs and
    look-alikes: every class and every case at 0.99 or better."""
    found: set[tuple[object, ...]] = set()
    truth: dict[tuple[object, ...], str] = {}
    for seed in range(6):
        old, new, known = edition_set(seed, 4, 40 + seed * 7, rate=rate)
        found |= {(*t, seed) for t in edition_found(align_editions(old, new))}
        truth.update({(*t, seed): case for t, case in known.items()})
    for change, (precision, recall, count) in scores(found, set(truth)).items():
        assert count > 0, change
        assert precision >= 0.99 and recall >= 0.99, (change, precision, recall)
    for case, (recall, count) in case_recall(found, truth).items():
        assert recall >= 0.99, (case, recall, count)


def test_whole_edition_mirror() -> None:
    old, new, _ = edition_set(3, 3, 40)
    forward = edition_found(align_editions(old, new))
    backward = edition_found(align_editions(new, old))
    mirror = {"split": "merged", "merged": "split", "added": "removed", "removed": "added"}
    assert backward == {(mirror.get(c, c), n, o) for c, o, n in forward}


def test_repeated_caption_moves_with_the_rest_of_its_page() -> None:
    caption = "_birthday_service/Android.bp_:"
    notes = " ".join(f"note{k}" for k in range(300)) + "."  # enough new text that the files are not renamed
    old = {
        "client": doc("# AIDL Client", LONG_A, caption, LONG_B),
        "server": doc("# AIDL Server", LONG_C, caption, LONG_D),
    }
    new = {
        "example-client": doc("# AIDL Client", LONG_A, caption, LONG_B, notes),
        "example-server": doc("# AIDL Server", LONG_C, caption, LONG_D, notes.replace("note", "other")),
    }
    result = {b.name: b.alignment for b in align_editions(old, new).booklets}
    for name, source in (("example-client", "client"), ("example-server", "server")):
        moved = [p for p in result[name].pairs if p.change is Change.MOVED and p.old_elsewhere]
        assert len(moved) == 4, classes(result[name])
        assert all(p.elsewhere is not None and p.elsewhere.booklet == source for p in moved)


def test_entry_split_in_two_side_by_side() -> None:
    old = doc("- [Static and Const](user-defined-types/static-and-const.md)")
    new = doc("- [Static](user-defined-types/static.md)\n- [Const](user-defined-types/const.md)")
    split = only(align(old, new), Change.SPLIT)
    assert (split.old, split.new) == ((0,), (0, 1))


def test_look_alike_list_items_stay_apart() -> None:
    old = doc("- `if let` expressions\n- `while let` expressions\n- `match` expressions")
    new = doc("- `if let` expressions\n- `let else` expressions\n- `while let` expressions")
    result = align(old, new)
    assert not result.of(Change.EDITED), classes(result)


def test_title_of_a_booklet_moved_to_another_folder_follows_it() -> None:
    """The page "async" became "concurrency/async" (same file name, another folder) with a new title, and its
    text went to "concurrency/welcome-async": the title is edited between booklets at the in-booklet threshold
    (0.64 here; between unrelated booklets a short text needs 0.8)."""
    old = {"async": doc("# Async Rust", LONG_A, LONG_B), "intro": doc("# Intro", LONG_C)}
    new = {
        "concurrency/welcome-async": doc("# Welcome", LONG_A, LONG_B),
        "concurrency/async": doc("# Async Basics", "{{%segment outline}}"),
        "intro": doc("# Intro", LONG_C),
    }
    for result in (align_editions(old, new), align_editions(new, old)):
        edited = [p for b in result.booklets for p in b.alignment.pairs if p.change is Change.EDITED]
        assert len(edited) == 2, edited  # the same pair, seen from both booklets
        assert {p.elsewhere.booklet for p in edited if p.elsewhere} == {"async", "concurrency/async"}
        assert {p.old + p.new for p in edited} == {(0,)}
    unrelated = {**new, "concurrency/async-basics": new["concurrency/async"]}
    del unrelated["concurrency/async"]
    assert not align_editions(old, unrelated).totals()[Change.EDITED].pairs  # another file name: 0.64 < 0.8


def test_repeated_heading_moves_to_the_booklet_of_its_file_name() -> None:
    old = {
        "exercises/afternoon": doc("# Exercises", LONG_A),
        "exercises/morning": doc("# Exercises", LONG_B),
    }
    new = {
        "concurrency/sync-exercises": doc("# Exercises", LONG_C),
        "concurrency/async-exercises/afternoon": doc("# Exercises"),
        "exercises/morning": doc("# Exercises", LONG_B),
        "concurrency/async-exercises": doc("# Exercises", LONG_D),
    }
    result = {b.name: b.alignment for b in align_editions(old, new).booklets}
    moved = only(result["concurrency/async-exercises/afternoon"], Change.MOVED)
    assert moved.elsewhere is not None and moved.elsewhere.booklet == "exercises/afternoon"


NOTICE_OLD = "Notice that the thread is stopped before it reaches 10 --- the main thread is not waiting."
NOTICE_NEW = "Notice that the program ends before the spawned thread reaches 10!"


def test_rewrite_below_threshold_between_anchors_is_edited() -> None:
    """Between two units that are kept, a note rewritten to a character similarity of 0.58 that keeps more
    than half of the words of the shorter (and a phrase of 3) is an edit; with nothing around it, not."""
    old = doc("# Title", f"- {LONG_C}\n- {NOTICE_OLD}\n- {LONG_B}")
    new = doc("# Title", f"- {LONG_C}\n- {NOTICE_NEW}\n- {LONG_B}")
    edited = only(align(old, new), Change.EDITED)
    assert (edited.old, edited.new) == ((2,), (2,))
    assert 0.5 <= edited.similarity < 0.6
    assert not align(doc(NOTICE_OLD), doc(NOTICE_NEW)).of(Change.EDITED)  # no anchor: the threshold holds
    assert not align(old, new, threshold=0.7).of(Change.EDITED)  # threshold - 0.1 = 0.6 > 0.58


OPENING_KEPT_A = (
    "Knowledge and tools emerged from a few long seminars with our partners, who now ask how far this "
    "accompaniment can go and where it has to stop."
)


def test_split_whose_first_part_was_rewritten() -> None:
    """The first sentence rewritten into its own paragraph (its opening kept), the second kept as the next one:
    a split (the rewritten part raises the pair's similarity by 0.1 or more), not an edit plus an addition."""
    old = doc("# Title", LONG_A + " " + LONG_B, LONG_C)
    new = doc("# Title", OPENING_KEPT_A, LONG_B, LONG_C)
    split = only(align(old, new), Change.SPLIT)
    assert (split.old, split.new) == ((1,), (1, 2))
    assert only(align(new, old), Change.MERGED).old == (1, 2)


HAL_OLD = ["GPIO", "ADC", "I2C, SPI, UART, CAN", "RNG", "Timers", "Watchdogs"]
HAL_NEW = ["GPIO", "PWM", "Delay timers", "I2C and SPI buses and devices"]


def listed(items: list[str]) -> list[Segment]:
    return doc("# `embedded-hal`", LONG_A, "\n".join(f"- {item}" for item in items), LONG_C)


def test_short_unit_revised_around_its_terms_is_edited() -> None:
    """A list item revised to a character similarity of 0.38, keeping two of its six words, out of order with
    "Timers" -> "Delay timers": between two anchors it keeps its two rare terms (I2C, SPI; no other unpaired
    unit of the gap has them) and they weigh half of the two texts, so it is edited (and moved); the other
    items are removed and added."""
    result = align(listed(HAL_OLD), listed(HAL_NEW))
    assert classes(result) == [
        ("added", (), (3,)),
        ("edited", (4,), (5,)),
        ("edited", (6,), (4,)),
        *(("removed", (i,), ()) for i in (3, 5, 7)),
        *(("unchanged", (i,), (i,)) for i in (0, 1, 2)),
        ("unchanged", (8,), (6,)),
    ]
    terms = next(p for p in result.pairs if p.old == (4,))
    assert terms.moved and terms.similarity < 0.4
    mirrored = align(listed(HAL_NEW), listed(HAL_OLD))
    assert {(p.change, p.old, p.new, p.moved) for p in mirrored.pairs} == {
        (p.change, p.old, p.new, p.moved) for p in result.mirrored().pairs
    }


@pytest.mark.parametrize(
    ("old_items", "new_items"),
    [
        # one shared word: look-alikes
        (["`if let` expressions", "`match` expressions"], ["`if let` expressions", "`let else` expressions"]),
        # two shared words, but common in the edition (found in the paragraphs around): not terms
        (["the accompaniment of victims"], ["accompaniment and the new victims of the struggle"]),
        # the terms are in another unpaired unit of the gap too: which one is the revision is not clear
        (["I2C, SPI, UART, CAN", "SPI bus"], ["I2C and SPI buses and devices"]),
        # two shared terms, but the longer text says much more (weighted similarity 0.35): another item
        (["Tokio, Hyper", "ADC"], ["PWM", "Tokio and Hyper compared with async-std, smol and the glommio runtime"]),
    ],
)
def test_short_units_sharing_words_stay_apart(old_items: list[str], new_items: list[str]) -> None:
    old = listed(["GPIO", *old_items, "Watchdogs"])
    new = listed(["GPIO", *new_items, "Watchdogs"])
    assert not align(old, new).of(Change.EDITED), classes(align(old, new))
    assert not align(new, old).of(Change.EDITED)
