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
    for change in ("edited", "moved", "split", "merged", "unchanged", "added", "removed"):
        assert scores[change][:2] == (1.0, 1.0), (change, scores[change])
