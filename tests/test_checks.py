"""Each check of ``keys-l10n check`` on a passing and a failing entry (the failing ones are real mistakes)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import CORPUS
from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.ttk import TTK_CHECKS, ttk_checks
from keys_l10n.core.checks import (
    MARKDOWN_CHECKS,
    MARKUP_CHECKS,
    Check,
    Finding,
    Unit,
    all_checks,
    catalog_of_checks,
    final_mark,
    markup,
    markup_may_differ,
    run_checks,
)
from keys_l10n.core.glossary import Glossary, Term
from keys_l10n.core.inline import Token, inline_tokens, plain_text
from keys_l10n.core.model import Entry
from keys_l10n.core.rebuild import markup_problems


def every_check(lang: str, glossary: Glossary | None = None) -> list[Check]:
    """What ``keys-l10n check`` runs for ``lang``: ours, translate-toolkit's, the glossary's."""
    return all_checks(lang, glossary, extra=ttk_checks(lang))


def findings(
    msgid: str,
    msgstr: str,
    lang: str = "es",
    *,
    check: str | None = None,
    glossary: Glossary | None = None,
    **entry: object,
) -> list[Finding]:
    checks = every_check(lang, glossary)
    if check is not None:
        checks = [c for c in checks if c.name == check]
        assert checks, f"no check named {check} for {lang}"
    return run_checks([Entry(msgid, msgstr, line=7, **entry)], checks, path="x.po", lang=lang)  # type: ignore[arg-type]


def messages(msgid: str, msgstr: str, check: str, lang: str = "es", **kwargs: object) -> list[str]:
    return [f.message for f in findings(msgid, msgstr, lang, check=check, **kwargs)]  # type: ignore[arg-type]


# -- one passing and one failing entry per check ------------------------------------------------------------
CASES: list[tuple[str, str, str, str, str]] = [
    # check, msgid, good msgstr, bad msgstr, lang
    (
        "link-targets",
        "See [the report](https://aluna.org/report).",
        "Vea [el informe](https://aluna.org/report).",
        "Vea [el informe](https://aluna.org/informe).",
        "es",
    ),
    (
        "link-targets",
        "Read [the guide][guide] first.",
        "Lea primero [la guía][guide].",
        "Lea primero [la guía][guía].",
        "es",
    ),
    (
        "image-targets",
        "A map: ![map of Mexico](img/map.png)",
        "Un mapa: ![mapa de México](img/map.png)",
        "Un mapa: ![mapa de México](img/mapa.png)",
        "es",
    ),
    (
        "footnotes",
        "Forced disappearance[^1] is a crime.",
        "La desaparición forzada[^1] es un delito.",
        "La desaparición forzada es un delito.",
        "es",
    ),
    (
        "markup-balance",
        "This is **very important** today.",
        "Esto es **muy importante** hoy.",
        "Esto es **muy importante hoy.",
        "es",
    ),
    ("emphasis-count", "Two *words* and *more*.", "Dos *palabras* y *más*.", "Dos *palabras* y más.", "es"),
    (
        "inline-code",
        "Run `keys-l10n check` now.",
        "Ejecute `keys-l10n check` ahora.",
        "Ejecute `keys-l10n revisar` ahora.",
        "es",
    ),
    (
        "html-tags",
        'Press <kbd>Enter</kbd> and <span class="x">go</span>.',
        'Pulse <kbd>Intro</kbd> y <span class="x">siga</span>.',
        "Pulse <kbd>Intro</kbd> y siga.",
        "es",
    ),
    ("html-tags", "A plain sentence.", "Una frase sencilla.", "Una frase <b>sencilla</b>.", "es"),
    ("unsafe-markup", "A plain sentence.", "Una frase sencilla.", "Una frase <script>alert(1)</script>.", "es"),
    (
        "unsafe-markup",
        "See [this](https://aluna.org).",
        "Vea [esto](https://aluna.org).",
        "Vea [esto](javascript:alert(1)).",
        "es",
    ),
    (
        "unsafe-markup",
        "A <b>bold</b> claim.",
        "Una afirmación <b>audaz</b>.",
        'Una afirmación <b onmouseover="steal()">audaz</b>.',
        "es",
    ),
    ("structure", "A title", "Un título", "Un título\n===", "es"),
    ("structure", "First line", "Primera línea", "Primera\n # Inyectado", "es"),
    ("whitespace", "Text.", "Texto.", "Texto. ", "es"),
    ("end-punctuation", "What is its scope?", "¿Cuál es su alcance?", "¿Cuál es su alcance.", "es"),
    ("end-punctuation", "What is its scope?", "Quelle est sa portée ?", "Quelle est sa portée", "fr"),
    (
        "numbers",
        "In early 2014, 12 people met.",
        "A principios de 2014, se reunieron 12 personas.",
        "A principios de 2041, se reunieron 12 personas.",
        "es",
    ),
    ("spanish-marks", "What is our role?", "¿Cuál es nuestro papel?", "¿Cuál es nuestro papel.", "es"),
    ("spanish-marks", "We did it!", "¡Lo logramos!", "Lo logramos!", "es"),
    ("doubled-words", "the struggle of the victims", "la lucha de las víctimas", "la lucha de de las víctimas", "es"),
]


@pytest.mark.parametrize(
    ("check", "msgid", "good", "bad", "lang"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_check_passes_good_and_catches_bad(check: str, msgid: str, good: str, bad: str, lang: str) -> None:
    assert messages(msgid, good, check, lang) == []
    found = findings(msgid, bad, lang, check=check)
    assert found, f"{check} missed {bad!r}"
    assert all(f.check == check and f.line == 7 and f.path == "x.po" and f.msgid == msgid for f in found)
    level = next(c.level for c in catalog_of_checks(ttk_checks("xx")) if c.name == check)
    assert {f.level for f in found} == {level}


def test_every_markdown_check_has_a_case() -> None:
    assert {c.name for c in MARKDOWN_CHECKS} <= {case[0] for case in CASES}


def test_real_mistake_messages_say_what_is_wrong() -> None:
    assert messages(
        "See [the report](https://aluna.org/report).", "Vea [el informe](https://aluna.org/informe).", "link-targets"
    ) == ["link target ‘https://aluna.org/report’ became ‘https://aluna.org/informe’; keep the source's target"]
    assert messages("Forced disappearance[^1] is a crime.", "La desaparición forzada es un delito.", "footnotes") == [
        "footnote reference [^1] of the source is missing"
    ]
    assert messages("This is **very important** today.", "Esto es **muy importante hoy.", "markup-balance") == [
        "unmatched ‘**’: an emphasis marker is left open or closes nothing"
    ]
    (unclosed,) = messages("What is our role?", "¿Cuál es nuestro papel.", "spanish-marks")
    assert unclosed.startswith("‘¿’ never closed by ‘?’")
    adds = messages("A plain sentence.", "Una frase <script>alert(1)</script>.", "unsafe-markup")
    assert adds == ["translation adds an unsafe <script> tag; the booklet's HTML page would run it"]
    html = messages("A plain sentence.", "Una frase <script>alert(1)</script>.", "html-tags")
    assert "HTML ‘<script>’ is not in the source: do not add raw HTML" in html


def test_link_targets_may_change_order() -> None:
    msgid = "See [one](https://a.org) and [two](https://b.org)."
    assert messages(msgid, "Vea [dos](https://b.org) y [uno](https://a.org).", "link-targets") == []
    assert messages(msgid, "Vea [uno](https://a.org).", "link-targets") == [
        "link target ‘https://b.org’ of the source is missing"
    ]


def test_unsafe_markup_that_the_source_has_is_not_reported() -> None:
    msgid = 'Click <a href="#" onclick="show()">here</a>.'
    assert messages(msgid, 'Haga clic <a href="#" onclick="show()">aquí</a>.', "unsafe-markup") == []


def test_html_attribute_order_and_self_closing_do_not_matter() -> None:
    msgid = 'Go <a href="/x" class="more">on</a><br>'
    assert messages(msgid, 'Siga <a class="more" href="/x">adelante</a><br/>', "html-tags") == []
    assert messages(msgid, 'Siga <a class="more" href="/y">adelante</a><br/>', "html-tags") == [
        'HTML ‘<a class="more" href="/x">’ of the source is missing or changed',
        'HTML ‘<a class="more" href="/y">’ is not in the source: do not add raw HTML',
    ]


def test_html_translatable_attributes_may_change() -> None:
    msgid = '<abbr title="United Nations">UN</abbr> report'
    assert messages(msgid, '<abbr title="Naciones Unidas">ONU</abbr> informe', "html-tags") == []
    assert messages(msgid, "<abbr>ONU</abbr> informe", "html-tags")


def test_stray_markers_in_the_source_are_not_blamed_on_the_translation() -> None:
    assert messages("5 * 3 is 15", "5 * 3 es 15", "markup-balance") == []


def test_end_punctuation_language_equivalents() -> None:
    assert final_mark("Keys “towards accompaniment.”") == "."
    assert final_mark("« Clés vers l’accompagnement ».", "fr") == "."
    assert final_mark("Quoi ?", "fr") == "?"
    assert final_mark("Wait...") == "…"
    assert final_mark("何？", "ja") == "?"
    assert final_mark("Τι;", "el") == "?"
    assert final_mark("A heading") == ""
    assert messages("Note:", "Remarque :", "end-punctuation", "fr") == []
    assert messages("Why?", "Pourquoi ?", "end-punctuation", "fr") == []
    assert messages("Title", "Título.", "end-punctuation") == [
        "the source ends with no final punctuation but the translation with ‘.’"
    ]


def test_numbers_tolerate_local_formats_and_order() -> None:
    assert messages("1,000.5 people on May 5, 2014", "1.000,5 personas el 5 de mayo de 2014", "numbers") == []
    assert messages("1,000 people", "1 000 personnes", "numbers", "fr") == []
    assert messages("between 2014 and 2015", "entre 2014 y 2016", "numbers") == [
        "number(s) of the source missing in the translation: 2015",
        "number(s) not in the source: 2016",
    ]
    # footnote labels and link targets are not numbers of the text
    assert messages("See [x](page2.md)[^3].", "Vea [x](page2.md)[^3].", "numbers") == []


def test_spanish_marks_only_for_spanish() -> None:
    assert not [c for c in every_check("fr") if c.name == "spanish-marks"]
    assert [c for c in every_check("es_MX") if c.name == "spanish-marks"]
    assert messages("Really? Yes!", "¿De verdad? ¡Sí!", "spanish-marks") == []
    assert messages("See <https://a.org/?q=1>.", "Vea <https://a.org/?q=1>.", "spanish-marks") == []
    (missing,) = messages("Really?", "De verdad?", "spanish-marks")
    assert missing.startswith("‘?’ without an opening ‘¿’")


def test_doubled_words_allowed_in_french_and_when_the_source_has_them() -> None:
    assert messages("We met", "Nous nous sommes réunis", "doubled-words", "fr") == []
    assert messages("It was very very hard", "Fue muy muy difícil", "doubled-words") == []


def test_whitespace_reports_both_ends() -> None:
    assert messages(" Text", "Texto ", "whitespace") == [
        "the source starts with ' ' but the translation with none",
        "the source ends with no whitespace but the translation with ' '",
    ]


# -- translate-toolkit's checks ---------------------------------------------------------------------------
TTK_CASES = [
    ("doublespacing", "One space here.", "Un espacio aquí.", "Un  espacio aquí."),
    ("brackets", "The workshops (2014) helped.", "Los talleres (2014) ayudaron.", "Los talleres 2014) ayudaron."),
    ("urls", "See https://aluna.org for more.", "Vea https://aluna.org para más.", "Vea https://aluna.mx para más."),
    ("emails", "Write to info@aluna.org today.", "Escriba a info@aluna.org hoy.", "Escriba a info@aluna.mx hoy."),
    ("escapes", r"Use \* for a star.", r"Use \* para una estrella.", "Use * para una estrella."),
    ("blank", "Some text.", "Algún texto.", "   "),
    ("short", "A fairly long sentence about psychosocial accompaniment.", "Una frase bastante larga.", "U"),
    ("sentencecount", "One. Two.", "Uno. Dos.", "Uno y dos."),
    ("unchanged", "Psychosocial accompaniment", "Acompañamiento psicosocial", "Psychosocial accompaniment"),
]


@pytest.mark.parametrize(("check", "msgid", "good", "bad"), TTK_CASES, ids=[c[0] for c in TTK_CASES])
def test_translate_toolkit_check(check: str, msgid: str, good: str, bad: str) -> None:
    assert messages(msgid, good, check) == []
    found = findings(msgid, bad, check=check)
    assert found and all(f.check == check for f in found)
    assert found[0].level == dict((n, lv) for n, lv, _ in TTK_CHECKS)[check]


def test_ttk_checks_are_listed_with_their_origin() -> None:
    listed = {c.name: c for c in catalog_of_checks(ttk_checks("xx"))}
    for name, level, _ in TTK_CHECKS:
        assert listed[name].origin == "translate-toolkit" and listed[name].level == level
    assert "xmltags" not in listed and "puncspacing" not in listed


# -- which entries are checked, ignore flags ---------------------------------------------------------------
def test_only_translated_entries_unless_fuzzy_included() -> None:
    bad = "Esto es **muy importante hoy."
    checks = every_check("es")
    entries = [
        Entry("This is **very important** today.", bad, line=1, flags=("fuzzy",)),
        Entry("Untranslated **bold**.", "", line=5),
        Entry("Obsolete **bold**.", bad, line=9, obsolete=True),
    ]
    assert run_checks(entries, checks, path="x", lang="es") == []
    fuzzy = run_checks(entries, checks, path="x", lang="es", include_fuzzy=True)
    assert {f.line for f in fuzzy} == {1}


def test_ignore_flag_silences_one_check() -> None:
    msgid, msgstr = "In early 2014, the series began.", "A principios de 2041 empezó la serie"
    all_found = {f.check for f in findings(msgid, msgstr)}
    assert {"numbers", "end-punctuation"} <= all_found
    ignored = {f.check for f in findings(msgid, msgstr, flags=("keys-l10n-ignore:numbers",))}
    assert "numbers" not in ignored and "end-punctuation" in ignored
    assert findings(msgid, msgstr, flags=("keys-l10n-ignore:all",)) == []


def test_plural_forms_are_checked_against_singular_and_plural() -> None:
    entry = Entry("%d **file**", msgid_plural="%d **files**", msgstr_plural=("%d **archivo**", "%d **archivos"), line=3)
    found = run_checks([entry], every_check("es"), path="x", lang="es")
    assert [f.check for f in found if f.level == "error"] == ["markup-balance"]


# -- glossary ------------------------------------------------------------------------------------------------
GLOSSARY = Glossary(
    "es",
    (
        Term("forced disappearance", "desaparición forzada", ("desaparición forzosa",)),
        Term("accompanist", "acompañante", ("acompañador", "acompañadora")),
        Term("political subject", "sujeto político"),
    ),
)


def test_glossary_required_translation_with_inflection() -> None:
    msgid = "Political subjects’ struggle against forced disappearances."
    good = "La lucha de los sujetos políticos contra las desapariciones forzadas."
    assert findings(msgid, good, glossary=GLOSSARY, check="glossary") == []
    bad = "La lucha de los actores políticos contra las desapariciones forzadas."
    assert messages(msgid, bad, "glossary", glossary=GLOSSARY) == [
        "‘political subject’ should be translated ‘sujeto político’"
    ]


def test_glossary_forbidden_alternative_is_an_error() -> None:
    msgid = "What preconceived ideas do accompanists have?"
    bad = "¿Qué ideas preconcebidas tienen los acompañadores?"
    found = findings(msgid, bad, glossary=GLOSSARY)
    glossary = [f for f in found if f.check.startswith("glossary")]
    assert [(f.check, f.level) for f in glossary] == [("glossary-forbidden", "error")]
    assert "‘acompañador’, which the glossary forbids; use ‘acompañante’" in glossary[0].message


def test_glossary_ignores_units_without_terms_and_case() -> None:
    assert findings("Nothing to see.", "Nada que ver.", glossary=GLOSSARY, check="glossary") == []
    assert findings("FORCED DISAPPEARANCE", "DESAPARICIÓN FORZADA", glossary=GLOSSARY, check="glossary") == []


# -- inline tokens -------------------------------------------------------------------------------------------
def test_inline_tokens_resolve_references_and_footnotes_without_definitions() -> None:
    tokens = inline_tokens("See [a][Ref  Label], [b][] and note[^n-2].")
    assert Token("link", "[ref label]") in tokens
    assert Token("link", "[b]") in tokens
    assert Token("footnote", "n-2") in tokens
    assert plain_text(tokens) == "See a, b and note."


def test_inline_tokens_of_a_message_that_looks_like_a_block() -> None:
    assert [t.kind for t in inline_tokens("# not *really* a heading")][:2] == ["text", "emphasis"]
    assert inline_tokens("<script>x</script>")[0] == Token("html", "<script>x</script>")


# -- robustness ----------------------------------------------------------------------------------------------
_PIECES = st.sampled_from(
    [
        "word",
        " ",
        "*",
        "**",
        "_",
        "~~",
        "`",
        "[",
        "]",
        "(",
        ")",
        "![",
        "[^1]",
        "<b>",
        "</b>",
        "<script>",
        "\\",
        "¿",
        "?",
        "¡",
        "!",
        ".",
        "…",
        "2014",
        "https://a.org",
        "\n",
        "  ",
        "&amp;",
        "<!--",
        "-->",
        "#",
        "> ",
        "1. ",
    ]
)
_MARKDOWNISH = st.lists(_PIECES, max_size=25).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKDOWNISH, st.text(max_size=40))
def test_no_check_crashes_and_identity_passes(source: str, other: str) -> None:
    assume(source.strip())
    checks = every_check("de")
    # a translation identical to its source breaks nothing (only "unchanged" may speak)
    same = run_checks([Entry(source, source, line=1)], checks, path="x", lang="de")
    assert {f.check for f in same} <= {"unchanged"}, same
    # any translation at all: findings, never an exception
    for lang in ("es", "fr", "el"):
        for finding in run_checks([Entry(source, other or "x", line=1)], every_check(lang), path="x", lang=lang):
            assert finding.message and "translate-toolkit's check failed" not in finding.message


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "B" / "po" / "es.po").is_file(), reason="../shared/corpus is absent")
def test_real_messages_translated_by_themselves_pass() -> None:
    catalog = read_catalog(CORPUS / "B" / "po" / "es.po").catalog
    entries = [Entry(e.msgid, e.msgid, line=e.line) for e in catalog.entries if e.msgid.strip()]
    assert len(entries) > 3000
    found = run_checks(entries, every_check("de"), path="x", lang="de")
    assert {f.check for f in found} == {"unchanged"}


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "B" / "po" / "es.po").is_file(), reason="../shared/corpus is absent")
def test_real_human_translations_real_findings() -> None:
    catalog = read_catalog(CORPUS / "B" / "po" / "es.po").catalog
    found = run_checks(catalog.entries, every_check("es"), path="es.po", lang="es")
    by_check = {f.check for f in found}
    assert {"link-targets", "spanish-marks", "end-punctuation"} <= by_check
    renamed = [f for f in found if f.check == "link-targets" and "user-definition-types.md" in f.message]
    assert renamed, "the translated link target ../user-definition-types.md was not caught"


# -- one rule for ``check`` and ``build`` (issue 14) -------------------------------------------------------
_KINDS = ["paragraph", "heading 2", "list item", "block quote", "table cell", "footnote", "image alt", "image title"]
_MARKUP_TEXT = st.text(alphabet="ab 1.#-*_`[]()<>!~\\&|\n^:=+>\"'", max_size=24)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKUP_TEXT, _MARKUP_TEXT, st.sampled_from(_KINDS))
def test_build_and_check_report_the_same_markup_problems(msgid: str, msgstr: str, kind: str) -> None:
    """``build.markup_problems`` is ``check``'s markup family on the same unit: same names, same messages."""
    assume(msgid.strip() and msgstr.strip())
    entry = Entry(msgid, msgstr, line=3, extracted_comments=(f"type: {kind}",))
    found = [(f.check, f.message) for f in run_checks([entry], MARKUP_CHECKS, path="x.po", lang="es")]
    assert [(p.check, p.message) for p in markup_problems(msgid, msgstr, kind)] == found


_PLAIN_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="*_`[]<>!~\\&|\n\ue000\ue001\ue002"),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_PLAIN_TEXT, _PLAIN_TEXT, st.sampled_from(_KINDS))
def test_the_markup_shortcut_skips_only_pairs_that_pass(msgid: str, msgstr: str, kind: str) -> None:
    """Where ``markup_may_differ`` says no markup check can fail, none does when run without the shortcut."""
    assume(msgid.strip() and msgstr.strip() and not markup_may_differ(msgid, msgstr))
    unit = Unit(Entry(msgid, msgstr), msgid, msgstr, "es", kind)
    unguarded = (markup.check_structure, markup.check_link_targets, markup.check_image_targets,
                 markup.check_footnotes, markup.check_markup_balance, markup.check_emphasis_count,
                 markup.check_inline_code, markup.check_html_tags, markup.check_unsafe_markup)  # fmt: skip
    assert [message for check in unguarded for message in check(unit)] == []


@pytest.mark.parametrize("kind", ["heading 2", "table cell"])
def test_a_carriage_return_breaks_a_unit_for_build_as_for_check(kind: str) -> None:
    """A bare CR ends a line in CommonMark. ``build``'s plain-text shortcut used to miss it (the translation was
    used and broke the page) while ``check`` reported it; the one shortcut now counts it as markup."""
    assert markup_may_differ("A title", "Un\rtítulo")
    assert [p.check for p in markup_problems("A title", "Un\rtítulo", kind)] == ["structure"]
    entry = Entry("A title", "Un\rtítulo", line=1, extracted_comments=(f"type: {kind}",))
    assert [f.check for f in run_checks([entry], MARKUP_CHECKS, path="x.po", lang="es")] == ["structure"]


def test_the_checks_package_never_imports_translate_toolkit_or_ttk() -> None:
    """Issue 14: ``checks`` and ``ttk`` imported each other; now ``ttk`` (the adapter) imports ``checks`` and the
    caller passes translate-toolkit's checks in (``all_checks(..., extra=ttk_checks(lang))``)."""
    import ast
    from pathlib import Path

    import keys_l10n.core.checks

    for path in Path(keys_l10n.core.checks.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(n == "ttk" or n.endswith(".ttk") or n.startswith("translate") for n in names), path
