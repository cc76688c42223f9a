"""Issue 17: ``compare`` on a real restructured book (comprehensive-rust A -> B), judged by hand-made labels.

Skipped when ``../shared/corpus/comprehensive-rust`` is not there. See ``tests/real_sample.py`` for the sample.
"""

from __future__ import annotations

import pytest

import real_sample

pytestmark = pytest.mark.skipif(not real_sample.available(), reason="../shared/corpus/comprehensive-rust is absent")


@pytest.fixture(scope="module")
def found() -> dict[real_sample.Unit, tuple[str, tuple[real_sample.Unit, ...]]]:
    return real_sample.classes(real_sample.compare_corpus())


def test_labels_point_at_the_units_they_describe() -> None:
    old = real_sample.edition(real_sample.CORPUS, "A")
    new = real_sample.edition(real_sample.CORPUS, "B")
    for item in real_sample.labels():
        side, booklet, index = item["unit"]
        text = (old if side == "old" else new)[booklet][index].text
        assert text.startswith(item["text"]), item


def test_labelled_sample_precision_and_recall(
    found: dict[real_sample.Unit, tuple[str, tuple[real_sample.Unit, ...]]],
) -> None:
    scores = real_sample.score(found)
    for change in ("moved", "split", "merged", "unchanged"):
        assert scores[change][0] == 1.0, (change, scores[change])
    assert scores["edited"][0] >= 0.97, scores  # one split taken for an edit of its second part
    # What the tool still misses (see the notes in the labels): two rewrites below the similarity threshold, a
    # chapter title renamed with its file, a repeated heading whose page was rewritten, and a split whose first
    # part was rewritten. These floors guard against regressions.
    assert scores["edited"][1] >= 0.93 and scores["moved"][1] >= 0.96 and scores["split"][1] >= 0.7, scores
    assert scores["unchanged"][1] == 1.0 and scores["merged"][1] == 1.0, scores
    assert scores["added"][0] >= 0.95 and scores["removed"][0] >= 0.93, scores
