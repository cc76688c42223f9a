"""`import` on small damaged translations with known answers (golden files in ``data/import/``).

Each case is a chapter of Comprehensive Rust translated (real Spanish, or pseudo Japanese and Arabic derived
from it) and damaged by ``benchmarks/import_cases.py`` (a translator's note, a caption moved into the next
block, a paragraph split, merged, added, dropped or re-wrapped); ``data/import/regenerate.py`` wrote them.
``expected.json`` is what the importer makes of the case (which units are final, which fuzzy, what is
missing or added): it changes only when the importer's behaviour does (``KEYS_L10N_REGENERATE=1`` rewrites it).
Against ``answers.json``, every final translation must be right and every added block listed as added.
The large measurement is ``benchmarks/score_import.py`` (figures in ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import DATA
from keys_l10n.core.anchors import is_translator_note
from keys_l10n.core.importer import plan_import, prepare_translation
from keys_l10n.core.markdown import segment
from keys_l10n.core.sentences import join_sentences, split_sentences

CASES = sorted(p for p in (DATA / "import").iterdir() if p.is_dir())


def norm(text: str) -> str:
    return " ".join(text.split())


def imported(folder: Path) -> dict[str, object]:
    source = segment((folder / "source.md").read_text(encoding="utf-8"))
    target = prepare_translation(segment((folder / "translation.md").read_text(encoding="utf-8")))
    plan = plan_import(source, target)
    return {
        "final": {str(i): text for i, (text, certain) in sorted(plan.translations.items()) if certain},
        "fuzzy": {str(i): text for i, (text, certain) in sorted(plan.translations.items()) if not certain},
        "missing": list(plan.missing),
        "added": [target[j].text for j in plan.added],
    }


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_golden_case(folder: Path) -> None:
    got = imported(folder)
    expected_file = folder / "expected.json"
    if os.environ.get("KEYS_L10N_REGENERATE"):
        expected_file.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))
    answers = json.loads((folder / "answers.json").read_text(encoding="utf-8"))
    final = got["final"]
    assert isinstance(final, dict)
    for index, text in final.items():
        if index in answers["expected"]:  # units the translation left in English are not judged
            assert norm(text) == norm(answers["expected"][index] or ""), f"final unit {index} is wrong"
    # A translator's note is always listed as added; an unmarked added paragraph may end up in a fuzzy pair
    # (never a final one: those are all right, above).
    for block in answers["added"]:
        if is_translator_note(block):
            assert norm(block) in [norm(t) for t in got["added"]], f"note not listed: {block[:40]}"  # type: ignore[union-attr]
    units = [i for i, text in answers["expected"].items() if text is not None]
    assert len(final) >= 0.7 * len(units)


def test_translator_notes_are_recognised() -> None:
    for note in (
        "N. del T.: en el original dice otra cosa.",
        "*Nota de la traductora:* esta sección se adaptó.",
        "(N. d. T. : le texte original dit autre chose.)",
        "Translator's note: the original says otherwise.",
        "訳注：原文では別の例です。",
        "ملاحظة المترجم: يستخدم هذا المثال مكتبة أخرى.",
    ):
        assert is_translator_note(note), note
    assert not is_translator_note("La nota al pie explica el término.")


def test_sentences_of_scripts_without_case_or_spaces() -> None:
    three = ["これは文です。", "次の文です！", "最後？"]
    assert split_sentences("これは文です。次の文です！最後？", all_scripts=True) == three
    assert split_sentences("هذه جملة. وهذه أخرى؟ نعم.", all_scripts=True) == ["هذه جملة.", "وهذه أخرى؟", "نعم."]
    assert split_sentences("これは文です。次の文です！") == ["これは文です。次の文です！"]  # unchanged by default
    assert join_sentences(["これは文です。", "次の文です！", "Next one."]) == "これは文です。次の文です！ Next one."


def test_line_breaks_inside_chinese_and_japanese_are_no_spaces() -> None:
    units = prepare_translation(segment("これは長い文で\nあり、Rust と\n次の行です。\n"))
    assert units[0].text == "これは長い文であり、Rust と次の行です。"


def test_added_paragraph_is_listed_not_glued() -> None:
    source = segment(
        "# Title\n\nThe first edition came out of workshops. It was printed in 2015.\n\n"
        "The second edition was edited in 2021.\n\nWe thank the families.\n"
    )
    target = segment(
        "# Título\n\nLa primera edición nació de talleres. Se imprimió en 2015.\n\n"
        "Esta traducción se hizo con voluntarias de la red.\n\n"
        "La segunda edición se editó en 2021.\n\nAgradecemos a las familias.\n"
    )
    plan = plan_import(source, target)
    assert [target[j].text for j in plan.added] == ["Esta traducción se hizo con voluntarias de la red."]
    assert plan.translations[1] == ("La primera edición nació de talleres. Se imprimió en 2015.", True)
    assert plan.translations[2][0] == "La segunda edición se editó en 2021."
