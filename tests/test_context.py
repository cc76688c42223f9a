"""A unit read where it stands (``core/context.py``): fitting, parsing in context, what build and check make of it."""

from __future__ import annotations

import pytest

from keys_l10n.adapters.html import PageInfo, render_html
from keys_l10n.core.checks import MARKDOWN_CHECKS, run_checks
from keys_l10n.core.context import MARK_OPEN, document, escape_title, fit, kind_of, to_text_offset
from keys_l10n.core.inline import parse_unit
from keys_l10n.core.markdown import segment
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.core.rebuild import FuzzyPolicy, rebuild


def test_kind_of_reads_the_type_comment() -> None:
    assert kind_of(("type: heading 2", "section: A")) == "heading 2"
    assert kind_of(()) == "paragraph"


def test_fit_writes_the_text_as_build_places_it() -> None:
    assert fit("Un\ntítulo", "heading 1") == "Un título"
    assert fit("a | b\nc", "table cell") == "a \\| b c"
    assert fit('La "casa" \\ & más', "image title") == 'La \\"casa\\" \\\\ \\& más'
    assert escape_title("a (b)", "(") == "a \\(b\\)"
    assert fit("It's", "front matter", "'") == "It''s"
    assert fit("Claves: serie", "front matter", " ") == '"Claves: serie"'
    assert fit("Claves", "front matter", " ") == "Claves"


def test_document_maps_offsets_back_to_the_text() -> None:
    text = "uno\ndós\ntres"
    placed = document(text, "block quote")
    assert placed.document == "> uno\n> dós\n> tres"
    assert to_text_offset(placed, text, placed.starts[2]) == len("uno\ndós\n".encode())


def test_a_translation_is_parsed_where_it_stands_not_alone() -> None:
    payload = "    <img src=x onerror=alert(1)>"
    heading = parse_unit(payload, "heading 1")
    assert heading.blocks == ("Heading 1",) and heading.tokens[0].kind == "html"
    alone = parse_unit(payload, "paragraph")
    assert alone.blocks == ("CodeBlock",)
    cell = parse_unit(payload, "table cell")
    assert any(t.kind == "html" for t in cell.tokens)


@pytest.mark.parametrize("payload", ["First\n # Injected", "First\n--- ", "First\n ***", "First\n_ _ _", "A\n\nB"])
@pytest.mark.parametrize("kind", ["paragraph", "list item", "block quote", "footnote"])
def test_block_break_outs_are_errors_and_not_built(payload: str, kind: str) -> None:
    entry = Entry("First line", payload, extracted_comments=(f"type: {kind}",))
    findings = run_checks([entry], MARKDOWN_CHECKS, path="x.po", lang="es")
    assert any(f.check == "structure" and f.level == "error" for f in findings), findings
    source = {
        "paragraph": "First line\n",
        "list item": "- First line\n",
        "block quote": "> First line\n",
        "footnote": "A[^1].\n\n[^1]: First line\n",
    }[kind]
    result = rebuild(source, Catalog(entries=(Entry("First line", payload), Entry("A[^1].", "A[^1]."))))
    assert result.markdown == source
    assert [f.reason for f in result.fallbacks] == ["broken"]
    assert any("translation not used" in w.message for w in result.warnings)


def test_fuzzy_mark_characters_typed_in_a_translation_are_not_markup() -> None:
    source = "# Title\n\nA paragraph.\n"
    typed = f'Un {MARK_OPEN}0\ue001párrafo" onmouseover="x\ue002.'
    catalog = Catalog(entries=(Entry("Title", "Título"), Entry("A paragraph.", typed, flags=("fuzzy",))))
    result = rebuild(source, catalog, fuzzy=FuzzyPolicy.MARK)
    page = render_html(result.html_markdown, PageInfo("b", "2021", "es", result.complete, result.marks))
    main = page.split("<main", 1)[1]
    assert main.count('<span class="fuzzy"') == 1  # the build's own mark, not the typed one
    assert "onmouseover=" not in main.replace('onmouseover="x', "")
    assert "\ue000" not in page and "\ufffd" in page
    found = run_checks([Entry("A paragraph.", typed)], MARKDOWN_CHECKS, path="x.po", lang="es")
    assert any(f.check == "unsafe-markup" and "U+E000" in f.message for f in found)


def test_rewrapping_keeps_an_angle_bracket_destination_whole() -> None:
    source = "Links to [a file](<docs/a name with many spaces in it.pdf>)\nand more words here.\n"
    msgstr = "Enlaza a [un archivo](<docs/a name with many spaces in it.pdf>) y más palabras aquí."
    result = rebuild(source, Catalog(entries=(Entry(segment(source)[0].text, msgstr),)))
    assert "\n" in result.markdown.strip()  # re-wrapped
    assert "(<docs/a name with many spaces in it.pdf>)" in result.markdown
    assert not result.warnings


def test_an_image_title_with_quotes_stays_an_image() -> None:
    source = '![A house](house.png "The house")\n'
    catalog = Catalog(entries=(Entry("A house", "Una casa"), Entry("The house", 'La "casa"')))
    result = rebuild(source, catalog)
    assert result.markdown == '![Una casa](house.png "La \\"casa\\"")\n'
    page = render_html(result.html_markdown, PageInfo("b", "2021", "es", 100.0))
    assert '<img src="house.png" alt="Una casa" title="La &quot;casa&quot;">' in page
    assert not result.warnings


@pytest.mark.parametrize("image", ["![Logo][]", "![Logo]"])
def test_the_alt_text_of_a_collapsed_or_shortcut_reference_is_its_label(image: str) -> None:
    source = f"{image}\n\n[logo]: img/logo.png\n"
    assert segment(source) == []
    assert rebuild(source, Catalog(entries=(Entry("Logo", "Logotipo"),))).markdown == source
