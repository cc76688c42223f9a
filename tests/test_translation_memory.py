"""The translation memory's shortcuts (issue 15) give exactly the answers of the long way round.

- ``FuzzyIndex.best(above=...)``: the answer of ``best`` when it scores more than ``above``, else None;
- ``fuzzy_index.features``: the distinct words of ``words``, in order (ASCII texts split without the expression);
- ``split_sentences``' one-sentence check: the same sentences as masking and looking for boundaries;
- ``TranslationMemory.compose``, which stops looking sentences up once half the text is missed: the composition of
  the sentence-by-sentence lookup;
- a memory prepared from ``MemoryDigest``s computed elsewhere (``learn``): the memory prepared here.
"""

from __future__ import annotations

import pickle
import random
import re
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SHIPPED
from keys_l10n.adapters.po import read_catalog
from keys_l10n.core import fuzzy_index, sentences, translation_memory
from keys_l10n.core.fuzzy_index import FuzzyIndex
from keys_l10n.core.model import Entry
from keys_l10n.core.sentences import split_sentences
from keys_l10n.core.translation_memory import COMPOSE_COVERAGE, TranslationMemory, digest, learn


def _entries() -> list[Entry]:
    entries: list[Entry] = []
    for edition in ("2014", "2021"):
        entries += read_catalog(SHIPPED / "locale" / edition / "es" / "presentation.po").catalog.entries
    return entries


def _mutated(text: str, rnd: random.Random) -> str:
    chars = list(text)
    for _ in range(rnd.randint(0, max(1, len(chars) // 6))):
        if chars:
            chars[rnd.randrange(len(chars))] = rnd.choice("abcde .")
    return "".join(chars)


def _queries(texts: list[str], count: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    queries = [_mutated(rnd.choice(texts), rnd) for _ in range(count)]
    queries += [" ".join(rnd.sample(texts, 2)) for _ in range(count // 4)]  # long ones, from two texts
    return queries + texts[: count // 4]  # and exact ones


def test_best_above_is_best_when_it_scores_more() -> None:
    texts = [e.msgid for e in _entries() if e.msgid]
    index = FuzzyIndex(texts)
    for query in _queries(texts, 400):
        for cutoff in (60.0, 70.0):
            found = index.best(query, cutoff=cutoff)
            score = found[1] if found else 75.0
            for above in (cutoff - 1, cutoff, 65.0, 80.0, 95.0, 99.5, 100.0, score, score - 0.01):
                expected = found if found is not None and found[1] > above else None
                assert index.best(query, cutoff=cutoff, above=above) == expected, (query, cutoff, above)


_ATOMS = [" ", "  ", "\n", "a", "word", "Word", "É", "1", ".", "!", "?", "…", "»", "«", "(", ")", "[", "]", "[^1]"]
_ATOMS += ["`", "`x.Y`", "<b>", "](http://x.Y)", "https://a.b/C", '"', "”", "*", "_", "e.g.", "Mr.", "J.", "¿", "¡"]
_ATOMS += ["\u00a0", "。", "؟", "א"]


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_features_are_the_distinct_words_in_order(text: str) -> None:
    fuzzy_index._FEATURES.pop(text, None)
    assert fuzzy_index.features(text) == tuple(dict.fromkeys(fuzzy_index.words(text)))


def _split_the_long_way(text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as patch:
        patch.setattr(sentences, "_ANY_STOP", re.compile(""))  # every text looks as if it may have a boundary
        patch.setattr(sentences, "_ANY_START", re.compile(""))
        return split_sentences(text)


@given(st.lists(st.sampled_from(_ATOMS), max_size=25).map("".join))
def test_one_sentence_check_splits_as_masking_does(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert split_sentences(text) == _split_the_long_way(text, monkeypatch)


def test_one_sentence_check_on_real_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    for entry in _entries():
        for text in (entry.msgid, entry.msgstr):
            assert split_sentences(text) == _split_the_long_way(text, monkeypatch)


def _compose_every_sentence(memory: TranslationMemory, text: str) -> tuple[str, float, str] | None:
    """``compose`` as written before issue 15: every sentence looked up, in order."""
    parts = split_sentences(text)
    if not parts:
        return None
    out: list[str] = []
    owners: dict[str, float] = {}
    covered = 0.0
    for part in parts:
        hit = memory.sentence_match(part)
        if hit is None:
            out.append(part)
        else:
            out.append(hit[0])
            share = len(part) * hit[1] / 100.0
            covered += share
            owner = memory._sentence_owner.get(hit[2], hit[2])
            owners[owner] = owners.get(owner, 0.0) + share
    coverage = covered / max(sum(len(p) for p in parts), 1)
    if coverage < COMPOSE_COVERAGE:
        return None
    main = max(owners, key=lambda o: (owners[o], -len(o)))
    return " ".join(out), coverage, main


def test_compose_is_the_sentence_by_sentence_composition() -> None:
    entries = _entries()
    memory = TranslationMemory(entries)
    rnd = random.Random(3)
    sources = [s for e in memory.entries for s in split_sentences(e.msgid)]
    composed = 0
    for _ in range(600):
        parts = [rnd.choice(sources) for _ in range(rnd.randint(1, 5))]
        parts = [_mutated(p, rnd) if rnd.random() < 0.4 else p for p in parts]
        if rnd.random() < 0.3:
            parts.insert(rnd.randrange(len(parts) + 1), "Something else entirely, never translated before.")
        text = " ".join(parts)
        expected = _compose_every_sentence(memory, text)
        assert memory.compose(text) == expected, text
        composed += expected is not None
    assert composed > 100  # the cases include compositions, not only misses


def test_a_memory_prepared_from_learnt_digests_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = _entries()
    half = len(entries) // 2
    monkeypatch.setattr(translation_memory, "_PAIRS_CACHE", {})
    monkeypatch.setattr(fuzzy_index, "_FEATURES", {})
    here = TranslationMemory(entries)
    here.prepare()
    digests = [pickle.loads(pickle.dumps(digest(part))) for part in (entries[:half], entries[half:])]  # as sent
    monkeypatch.setattr(translation_memory, "_PAIRS_CACHE", {})
    monkeypatch.setattr(fuzzy_index, "_FEATURES", {})
    for found in digests:
        learn(found)
    learnt = TranslationMemory(entries)

    def nothing_left(function: object, chunks: list[object]) -> Iterator[object]:
        pytest.fail(f"{len(chunks)} chunks split again")

    learnt.prepare(nothing_left)
    assert learnt._sentences == here._sentences
    assert learnt._sentence_keys == here._sentence_keys
    assert learnt._sentence_owner == here._sentence_owner
    for one, other in ((here._index, learnt._index), (here._sentence_index, learnt._sentence_index)):
        assert one is not None and other is not None
        assert one.words.postings == other.words.postings
    texts = [e.msgid for e in here.entries]
    for query in _queries(texts, 100, seed=11):
        assert learnt.best(query, 60.0) == here.best(query, 60.0)
        assert learnt.compose(query) == here.compose(query)


def test_entries_travel_whole() -> None:
    """Pickled as constructor arguments (``Entry.__reduce__``): ``line`` and ``raw``, not compared, come too."""
    entry = Entry("a", "b", flags=("fuzzy",), references=("x:1",), line=12, raw='msgid "a"\nmsgstr "b"\n')
    back = pickle.loads(pickle.dumps(entry))
    assert back == entry and back.line == 12 and back.raw == entry.raw


def test_memory_builder_makes_the_prepared_memory() -> None:
    """``MemoryBuilder``, fed catalog by catalog (with and without a digest), makes the same memory and indexes
    as ``TranslationMemory(entries, origins).prepare()``: same entries, origins, sentence table, answers."""
    entries = _entries()
    rnd = random.Random(7)
    chunks = [entries[k : k + 40] for k in range(0, len(entries), 40)]
    chunks.append(chunks[0][:10])  # duplicates of earlier entries: dropped, as in the constructor
    origins = [f"c{n}" for n in range(len(chunks))]
    flat = [e for chunk in chunks for e in chunk]
    flat_origins = [o for chunk, o in zip(chunks, origins, strict=True) for _ in chunk]
    expected = TranslationMemory(flat, flat_origins)
    expected.prepare()
    builder = translation_memory.MemoryBuilder()
    for n, (chunk, origin) in enumerate(zip(chunks, origins, strict=True)):
        builder.add(chunk, origin, digest(chunk) if n % 2 else None)
    built = builder.memory()
    assert built.entries == expected.entries and built.origins == expected.origins
    assert built._sentences == expected._sentences and built._sentence_keys == expected._sentence_keys
    assert built._sentence_owner == expected._sentence_owner
    for entry in entries[:60]:
        query = _mutated(entry.msgid, rnd)
        assert built.best(query, 60.0) == expected.best(query, 60.0)
        assert built.sentence_match(query) == expected.sentence_match(query)
        assert built.compose(query) == expected.compose(query)
    assert built._index is not None and expected._index is not None
    assert built._index.words.postings == expected._index.words.postings
    assert built._index.exact == expected._index.exact
