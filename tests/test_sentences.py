"""Sentence splitting (English, Spanish, French, Markdown inline syntax) and Gale-Church sentence alignment.

Alignment is checked on real translation pairs: the shipped 2014 Spanish catalog of the presentation booklet
and the team's Spanish translations of both shipped editions in tests/data/translations-es.json.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SHIPPED
from keys_l10n.adapters.po import read_catalog
from keys_l10n.core import sentences
from keys_l10n.core.gale_church import Bead, best_beads, deviation
from keys_l10n.core.sentences import align_sentences, sentence_pairs, split_sentences

SPLITS = [
    # English: abbreviations, initials, numbers
    (
        "We met Dr. Smith at 5 p.m. yesterday. He left early.",
        ["We met Dr. Smith at 5 p.m. yesterday.", "He left early."],
    ),
    (
        "See e.g. the first booklet. It explains i.e. everything.",
        ["See e.g. the first booklet.", "It explains i.e. everything."],
    ),
    ("J. Smith wrote it. Then he left.", ["J. Smith wrote it.", "Then he left."]),
    ("It costs 3.5 dollars. That is cheap.", ["It costs 3.5 dollars.", "That is cheap."]),
    ("See p. 12 for details. Done.", ["See p. 12 for details.", "Done."]),
    ("He said “Go home.” Then he left.", ["He said “Go home.”", "Then he left."]),
    (
        "What is its scope? What preconceived ideas do we have? How do we adapt!",
        ["What is its scope?", "What preconceived ideas do we have?", "How do we adapt!"],
    ),
    ("In 2014 we started. 2015 was harder.", ["In 2014 we started.", "2015 was harder."]),
    ("lower case after a stop. is not a new sentence", ["lower case after a stop. is not a new sentence"]),
    # Spanish: inverted marks, abbreviations
    (
        "¿Qué es el acompañamiento? Es un proceso. ¡Claro que sí!",
        ["¿Qué es el acompañamiento?", "Es un proceso.", "¡Claro que sí!"],
    ),
    ("Lo dijo la Sra. García. Después se fue.", ["Lo dijo la Sra. García.", "Después se fue."]),
    ("Véase la pág. 4 y el cap. 2. Allí está.", ["Véase la pág. 4 y el cap. 2.", "Allí está."]),
    ("Dijo: «Vamos.» Él salió.", ["Dijo: «Vamos.»", "Él salió."]),
    # French: guillemets with spaces, titles, space before ? and !
    ("« Bonjour. » Il est parti. M. Dupont est arrivé.", ["« Bonjour. »", "Il est parti.", "M. Dupont est arrivé."]),
    ("Mme. Curie est là. Elle travaille.", ["Mme. Curie est là.", "Elle travaille."]),
    ("Qu’est-ce que c’est ? C’est un outil ! Voilà.", ["Qu’est-ce que c’est ?", "C’est un outil !", "Voilà."]),
    ("Il a dit : « Non ! » Puis il est parti.", ["Il a dit : « Non ! »", "Puis il est parti."]),
    # Markdown: link destinations, inline code, footnote marks, autolinks
    (
        "Visit [the site](https://example.org/a.b.c). Then read it.",
        ["Visit [the site](https://example.org/a.b.c).", "Then read it."],
    ),
    ("Run `foo.bar()` first. Then `x.Y` again.", ["Run `foo.bar()` first.", "Then `x.Y` again."]),
    ("Run `a. B` now. Done.", ["Run `a. B` now.", "Done."]),
    ("As shown before.[^1] Next sentence.", ["As shown before.[^1]", "Next sentence."]),
    ("Texto con nota[^a]. Otro texto.", ["Texto con nota[^a].", "Otro texto."]),
    ("See <https://a.b/c. D> here. Then go.", ["See <https://a.b/c. D> here.", "Then go."]),
    ("Read https://example.org/x.y. Then stop.", ["Read https://example.org/x.y.", "Then stop."]),
    ("*Emphasis ends here.* **Bold starts.** Done.", ["*Emphasis ends here.*", "**Bold starts.**", "Done."]),
    ("", []),
    ("   ", []),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


PROSE = st.lists(
    st.sampled_from(
        [
            "The",
            "cat",
            "sat.",
            "Dr.",
            "¿Qué?",
            "¡Sí!",
            "`a. B`",
            "[x](y.z)",
            "e.g.",
            "2.5",
            "«Hola.»",
            "“Go.”",
            "\n",
            "…",
        ]
    ),
    max_size=30,
).map(" ".join)


@given(PROSE)
def test_split_keeps_every_character(text: str) -> None:
    """Joining the sentences gives the text back, up to whitespace; no sentence is empty or padded."""
    parts = split_sentences(text)
    assert "".join("".join(parts).split()) == "".join(text.split())
    assert all(p and p == p.strip() for p in parts)


# --- Gale-Church -------------------------------------------------------------------------------------------------

# The team's Spanish translation of every unit of both shipped editions (the source of the shipped catalogs).
SCRATCH = Path(__file__).parent / "data" / "translations-es.json"


def real_pairs() -> list[tuple[str, str]]:
    """(English, Spanish) paragraphs: the shipped 2014 presentation catalog, plus the 2021 units' translations."""
    catalog = read_catalog(SHIPPED / "locale" / "2014" / "es" / "presentation.po").catalog
    pairs = [(e.msgid, e.msgstr) for e in catalog.live if e.translated and not e.fuzzy]
    if SCRATCH.is_file():
        known = {en for en, _ in pairs}
        pairs += [(en, es) for en, es in json.loads(SCRATCH.read_text(encoding="utf-8")).items() if en not in known]
    return pairs


def sentence_lists() -> tuple[list[str], list[str]]:
    """All sentences of the paragraphs whose two sides split into as many sentences (a 1-1 ground truth)."""
    source: list[str] = []
    target: list[str] = []
    for en, es in real_pairs():
        a, b = split_sentences(en), split_sentences(es)
        if len(a) == len(b):
            source += a
            target += b
    return source, target


def as_tuples(beads: list[Bead[None]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def test_real_paragraphs_have_matching_sentence_counts() -> None:
    """The splitter cuts English and Spanish alike: every real paragraph pair has as many sentences on each side."""
    pairs = real_pairs()
    assert len(pairs) >= 6
    same = sum(len(split_sentences(en)) == len(split_sentences(es)) for en, es in pairs)
    assert same == len(pairs)


def test_align_real_pairs_one_to_one() -> None:
    source, target = sentence_lists()
    assert len(source) >= 20
    assert as_tuples(align_sentences(source, target)) == [((i,), (i,)) for i in range(len(source))]


def test_align_real_pairs_with_two_sentences_joined() -> None:
    """The translator joined sentences k and k+1: a 2-1 bead at k, every other bead 1-1, at every k."""
    source, target = sentence_lists()
    for k in range(len(target) - 1):
        joined = target[k].rstrip(".") + " y " + target[k + 1][0].lower() + target[k + 1][1:]
        changed = [*target[:k], joined, *target[k + 2 :]]
        expected = (
            [((i,), (i,)) for i in range(k)]
            + [((k, k + 1), (k,))]
            + [((i,), (i - 1,)) for i in range(k + 2, len(source))]
        )
        assert as_tuples(align_sentences(source, changed)) == expected, k


def test_align_real_pairs_with_a_sentence_dropped() -> None:
    """A sentence missing in the translation: length alone cannot always tell which one (Gale-Church often
    prefers a 2-1 bead to a 1-0 one), but the damage stays local. Measured: 873 of 912 other sentences (96 %)
    keep their right partner, over every choice of the dropped sentence."""
    source, target = sentence_lists()
    right = total = 0
    for k in range(len(source)):
        changed = target[:k] + target[k + 1 :]
        beads = align_sentences(source, changed)
        assert [i for b in beads for i in b.source] == list(range(len(source)))
        for bead in beads:
            if k in bead.source:
                continue
            for i in bead.source:
                total += 1
                right += bead.target == ((i if i < k else i - 1),)
    assert right / total >= 0.93


def test_align_covers_every_sentence_once() -> None:
    source, target = sentence_lists()
    beads = align_sentences(source[:7], target[:9])
    assert [i for b in beads for i in b.source] == list(range(7))
    assert [j for b in beads for j in b.target] == list(range(9))
    assert align_sentences([], []) == []
    assert as_tuples(align_sentences(["One."], [])) == [((0,), ())]


def test_sentence_pairs_on_shipped_catalog() -> None:
    en, es = next((a, b) for a, b in real_pairs() if a.startswith("Knowledge and tools emerged"))
    pairs = sentence_pairs(en, es)
    assert len(pairs) == 6  # the colon does not end the first sentence
    assert pairs[0][0].endswith("accompaniment: What is its scope and limitations?")
    assert pairs[0][1].endswith("psicosocial: ¿cuáles son sus alcances y limitaciones?")
    assert pairs[1] == (
        "What preconceived ideas do accompanists have that limit the process?",
        "¿Qué ideas preconcebidas tienen las personas acompañantes que limitan el proceso?",
    )
    assert pairs[5][1].startswith("Agradecemos cálidamente")


def test_no_dependence_on_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert len(real_pairs()) >= 6


# The masking as two regular expressions, as it was written before issue 15: the reference for ``_mask``, which
# does the same in linear time (these take quadratic time on a paragraph of ``a <!A `` repeated).
_OLD_PROTECTED = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>\n]*>|https?://\S+?(?=[.,;:!?…)\]]*(?:\s|$))")
_OLD_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_MASK_ATOMS = ["`", "<", ">", "<b>", "](", ")", "]", "[", "[^", "[^1]", "http://", "https://x.y", "h", "a", "A"]
_MASK_ATOMS += [".", ",", "!", "?", "…", " ", "\n", "\t", "e.g.", "Mr.", "J.", "»", "\u00a0", "。", "1", ":"]


def _old_mask(text: str) -> str:
    masked = _OLD_PROTECTED.sub(lambda m: "x" * len(m.group(0)), text)
    return _OLD_FOOTNOTE.sub(lambda m: "]" * len(m.group(0)), masked)


@given(st.lists(st.sampled_from(_MASK_ATOMS), max_size=30).map("".join))
def test_mask_matches_the_regular_expressions(text: str) -> None:
    assert sentences._mask(text) == _old_mask(text)


def test_word_before_matches_the_regular_expression() -> None:
    text = sentences._mask("See e.g. the 3rd item. Mr. J. Smith said so.[^1] Dr.Who... a.b.c. x.")
    reverse = text[::-1]
    for end in range(len(text) + 1):
        old = re.search(r"(\w[\w.]*)\.$", text[:end])
        new = sentences._word_before(text, reverse, end)
        assert (old and old.group(1)) == (new and new.group(1)), end


ADVERSARIAL = ["a <!A ", "](a ", "[^a ", "`a ", "Ab. Cd. ", "e.g. A ", "http://a" + "." * 500 + "a "]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_split_sentences_work_grows_linearly(unit: str, examined_chars: list[int]) -> None:
    """Issue 15: the work per byte does not grow with the paragraph, counted, not timed: the characters the
    scans examine (``sentences._find``) and the function calls made (Python and C), at 4 sizes."""
    examined = examined_chars
    per_byte = []
    for size in (8_000, 16_000, 32_000, 64_000):
        text = unit * (size // len(unit))
        calls = [0]

        def profile(frame: object, event: str, arg: object, calls: list[int] = calls) -> None:
            if event in ("call", "c_call"):
                calls[0] += 1

        examined[0] = 0
        sys.setprofile(profile)
        try:
            parts = split_sentences(text)
        finally:
            sys.setprofile(None)
        assert "".join(parts).replace(" ", "") == text.replace(" ", "")
        per_byte.append(((examined[0] + 1) / len(text), (calls[0] + 1) / len(text)))
    smallest = per_byte[0]
    for scanned, called in per_byte[1:]:  # quadratic work would double these at each size
        assert scanned <= 1.25 * smallest[0] + 0.01
        assert called <= 1.25 * smallest[1] + 0.01
    assert per_byte[-1][0] <= 4  # each character examined a bounded number of times


def test_one_gale_church_search_with_the_callers_cost() -> None:
    """``gale_church.best_beads`` is the search both ``align_sentences`` and the importer use: the caller's cost,
    a value per bead, the first of equal costs, and a band that changes nothing on a straight path."""
    lengths_s, lengths_t = [10, 20, 30, 40], [10, 50, 40]

    def cost(i: int, j: int, di: int, dj: int) -> tuple[float, str]:
        s = sum(lengths_s[i : i + di])
        t = sum(lengths_t[j : j + dj])
        return abs(deviation(t, s)) + (0.0 if di and dj else 3.0), f"{di}-{dj}"

    steps = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
    beads = best_beads(4, 3, steps, cost)
    assert [(b.source, b.target, b.value) for b in beads] == [
        ((0,), (0,), "1-1"),
        ((1, 2), (1,), "2-1"),
        ((3,), (2,), "1-1"),
    ]
    assert best_beads(4, 3, steps, cost, width=1) == beads
    assert deviation(10, 10) == 0.0 and deviation(20, 10) > deviation(15, 10) > 0
