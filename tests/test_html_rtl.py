"""Direction and language in the HTML booklet: the page's from CLDR, fallback units' from the source language."""

from __future__ import annotations

from pathlib import Path

import pytest

from keys_l10n.adapters.html import PageInfo, mark_fallbacks, render_html
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.core.rebuild import FALLBACK_CLOSE, FALLBACK_OPEN, rebuild

SOURCE = """# Title

First paragraph, _emphasis at the edge_

Second paragraph, left in English.

- item one
- item two

| head | other |
|------|-------|
| cell | two   |

Text with a note.[^1]

[^1]: The note, untranslated.
"""

ARABIC = Catalog(
    entries=(
        Entry("Title", "العنوان"),
        Entry("First paragraph, _emphasis at the edge_", "الفقرة الأولى، _مع تأكيد_"),
        Entry("item one", "البند الأول"),
        Entry("head", "الرأس"),
        Entry("Text with a note.[^1]", "نص مع ملاحظة.[^1]"),
    )
)


def _page(lang: str, catalog: Catalog = ARABIC, source: str = SOURCE, source_lang: str = "en") -> str:
    result = rebuild(source, catalog)
    return render_html(result.html_markdown, PageInfo("b", "2021", lang, result.complete, source_lang=source_lang))


def test_arabic_page_is_rtl_and_english_fallbacks_are_ltr() -> None:
    page = _page("ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>العنوان</h1>" in page  # translated units carry no lang of their own
    assert '<p lang="en" dir="ltr">Second paragraph, left in English.</p>' in page
    assert '<li lang="en" dir="ltr">item two</li>' in page and "<li>البند الأول</li>" in page
    assert '<td lang="en" dir="ltr">cell</td>' in page and '<th lang="en" dir="ltr">other</th>' in page
    # a footnote's paragraph also holds the back link: the fallback text gets a span of its own
    assert '<span lang="en" dir="ltr">The note, untranslated.</span>' in page
    assert "keys-l10n-source" not in page


def test_emphasis_at_the_edge_of_a_fallback_unit_stays_emphasis() -> None:
    page = _page("ar", Catalog(entries=()))
    assert '<p lang="en" dir="ltr">First paragraph, <em>emphasis at the edge</em></p>' in page
    assert '<h1 lang="en" dir="ltr">Title</h1>' in page
    assert "<title>Title</title>" in page


def test_fallback_in_a_page_of_another_ltr_language_gets_its_lang() -> None:
    page = _page("es", Catalog(entries=(Entry("Title", "Título"),)))
    assert '<html lang="es" dir="ltr">' in page
    assert '<p lang="en" dir="ltr">Second paragraph, left in English.</p>' in page


@pytest.mark.parametrize("lang", ["en", "en_GB"])
def test_no_marking_when_the_page_is_in_the_source_language(lang: str) -> None:
    page = _page(lang, Catalog(entries=()))
    assert ' lang="en" dir="ltr">' not in page.split("<body>")[1]
    assert "<p>Second paragraph, left in English.</p>" in page and "keys-l10n-source" not in page


def test_rtl_source_language_marks_its_fallbacks_rtl() -> None:
    source = "# عنوان\n\nفقرة.\n"
    catalog = Catalog(entries=(Entry("عنوان", "Title"),))
    page = _page("fr", catalog, source, source_lang="ar")
    assert '<p lang="ar" dir="rtl">فقرة.</p>' in page and "<h1>Title</h1>" in page


def test_a_source_that_contains_the_marker_is_not_marked() -> None:
    source = f"# Title\n\nLiteral {FALLBACK_OPEN} in the text.\n"
    result = rebuild(source, Catalog(entries=()))
    assert result.html_markdown == source  # nothing added: the marker could not be told apart
    page = _page("ar", Catalog(entries=()), source)
    # the page's sanitizer closes the span the literal marker opened before the paragraph ends
    assert "<h1>Title</h1>" in page and "in the text.</span></p>" in page


def test_mark_fallbacks_on_rendered_html() -> None:
    body = f"<p>{FALLBACK_OPEN}a{FALLBACK_CLOSE}</p>\n<p>x {FALLBACK_OPEN}b{FALLBACK_CLOSE}</p>"
    assert (
        mark_fallbacks(body, "ar", "en") == '<p lang="en" dir="ltr">a</p>\n<p>x <span lang="en" dir="ltr">b</span></p>'
    )
    assert mark_fallbacks(body, "en_US", "en") == "<p>a</p>\n<p>x b</p>"
    assert mark_fallbacks("<p>plain</p>", "ar", "en") == "<p>plain</p>"


def test_shipped_project_fallbacks_in_the_built_page(shipped_project: Path) -> None:
    from keys_l10n.adapters.config import load_config
    from keys_l10n.usecases.build import build

    build(load_config(shipped_project), edition="2014", lang=["fr"], formats=("html",), min_complete=0)
    page = (shipped_project / "build" / "2014" / "fr" / "presentation.html").read_text(encoding="utf-8")
    assert '<p lang="en" dir="ltr">' in page  # the French 2014 booklet is partial
    assert "keys-l10n-source" not in page


def test_english_header_words_in_an_arabic_page_are_marked_english() -> None:
    page = _page("ar")
    assert '<span class="edition" lang="en" dir="ltr">Edition 2021</span>' in page
    assert '<span class="language">العربية (ar)</span>' in page
    spanish = _page("es")
    assert '<span class="edition">Edición 2021</span>' in spanish  # keys-l10n speaks Spanish: nothing to mark
