"""HTML booklets: one self-contained page per booklet, checked with html.parser and in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import write_project
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.html import PageInfo, html_lang, render_body, render_html
from keys_l10n.adapters.po import read_catalog
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.core.rebuild import FuzzyPolicy, rebuild
from keys_l10n.usecases.build import build

CHROMIUM = shutil.which("chromium")
TRANSLATED_TITLE = "Claves hacia el acompañamiento psicosocial"


class Page(HTMLParser):
    """Elements, attributes and visible text of a page (text of <style>/<script>/<title> kept apart)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.by_tag: dict[str, list[str]] = {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "hr", "img", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        for tag in self.stack:
            self.by_tag.setdefault(tag, []).append(data)
        if not set(self.stack) & {"style", "script", "title"}:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

    def first(self, tag: str) -> dict[str, str | None]:
        return next(attrs for name, attrs in self.tags if name == tag)

    def joined(self, tag: str) -> str:
        return " ".join(" ".join(self.by_tag.get(tag, [])).split())


@pytest.fixture
def es_page(shipped_project: Path) -> Path:
    config = load_config(shipped_project)
    build(config, edition="2014", lang=["es"], formats=("html",))
    return shipped_project / "build" / "2014" / "es" / "presentation.html"


def test_shipped_es_booklet_is_translated(es_page: Path, shipped_project: Path) -> None:
    page = Page(es_page.read_text(encoding="utf-8"))
    html_attrs = page.first("html")
    assert html_attrs["lang"] == "es" and html_attrs["dir"] == "ltr"
    assert page.joined("title") == TRANSLATED_TITLE
    assert page.joined("h1") == TRANSLATED_TITLE
    catalog = read_catalog(shipped_project / "locale" / "2014" / "es" / "presentation.po").catalog
    translated = [e for e in catalog.entries if e.translated and e.msgstr != e.msgid]
    assert len(translated) == 6
    for entry in translated:
        assert entry.msgid not in page.visible  # no source text where a translation exists
        assert " ".join(entry.msgstr.split()) in page.visible
    header = page.joined("header")
    assert "Edición 2014" in header and "Español" in header and "100 % traducido" in header  # header in Spanish


def test_page_is_self_contained_and_printable(es_page: Path) -> None:
    text = es_page.read_text(encoding="utf-8")
    page = Page(text)
    assert not [t for t, a in page.tags if t in ("link", "script", "iframe")]
    assert not [a for _, a in page.tags if any((v or "").startswith(("http:", "https:", "//")) for v in a.values())]
    style = page.joined("style")
    assert re.search(r"@page\s*\{\s*size:\s*A5", style)
    assert "@media print" in style


def test_translated_script_is_escaped_but_source_html_stays_live() -> None:
    source = (
        '# Title\n\nA plain paragraph.\n\n<div class="note">\nSource HTML block.\n</div>\n\nSome <b>bold</b> text.\n'
    )
    catalog = Catalog(
        entries=(
            Entry("Title", "Título <script>alert('t')</script>"),
            Entry("A plain paragraph.", "<script>alert(1)</script>"),
            Entry("Some <b>bold</b> text.", "Algo de texto en <b>negrita</b> <img src=x onerror=alert(2)>."),
        )
    )
    result = rebuild(source, catalog)
    # the Markdown keeps the translator's text, except where it would turn a paragraph into an HTML block
    assert "Algo de texto en <b>negrita</b> <img src=x onerror=alert(2)>." in result.markdown
    assert "\nA plain paragraph.\n" in result.markdown
    assert [f.reason for f in result.fallbacks] == ["broken"]
    html = render_html(result.html_markdown, PageInfo("b", "2021", "es", result.complete))
    page = Page(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "img" not in tags
    assert "<img src=x onerror=alert(2)>" in page.visible  # shown as text
    assert page.joined("title") == "Título <script>alert('t')</script>"
    assert ("div", {"class": "note"}) in page.tags and tags.count("b") == 1


def test_fuzzy_mark_becomes_a_highlighted_span_with_the_previous_source() -> None:
    source = "# Title\n\nA paragraph that changed.\n"
    catalog = Catalog(
        entries=(
            Entry("Title", "Título"),
            Entry(
                "A paragraph that changed.",
                "Un párrafo que cambió.",
                flags=("fuzzy",),
                previous_msgid='A "paragraph" <old>.',
            ),
        )
    )
    result = rebuild(source, catalog, fuzzy=FuzzyPolicy.MARK)
    page = Page(render_html(result.html_markdown, PageInfo("b", "2021", "es", result.complete, result.marks)))
    spans = [a for t, a in page.tags if t == "span" and a.get("class") == "fuzzy" and a.get("title")]
    assert len(spans) == 1
    note = "Traducción dudosa, pendiente de revisión. Texto de origen anterior: "  # the booklet's language
    assert spans[0]["title"] == note + 'A "paragraph" <old>.'
    assert "Un párrafo que cambió." in page.joined("span")
    assert "\ue000" not in page.visible and "<!--fuzzy-->" not in result.html_markdown
    heading = Catalog(entries=(Entry("Title", "Título", flags=("fuzzy",), previous_msgid="Old title"),))
    marked = rebuild(source, heading, fuzzy=FuzzyPolicy.MARK)
    title_page = Page(render_html(marked.html_markdown, PageInfo("b", "2021", "es", marked.complete, marked.marks)))
    assert title_page.joined("title") == "Título" and title_page.joined("h1") == "Título"
    keep = rebuild(source, catalog)
    plain = Page(render_html(keep.html_markdown, PageInfo("b", "e", "es", 0)))
    assert not [a for t, a in plain.tags if t == "span" and a.get("class") == "fuzzy"]
    assert "A paragraph that changed." in plain.visible


def test_footnotes_tables_and_front_matter_render() -> None:
    body, title = render_body(
        "---\ntitle: Front title\n---\n\nText[^1].\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: The note.\n"
    )
    page = Page(body)
    assert title == "Front title"
    assert ("section", {"class": "footnotes"}) in page.tags
    assert "The note." in page.joined("section")
    assert "td" in [t for t, _ in page.tags]
    assert "title:" not in page.visible


def test_rtl_locale_and_lang_tags() -> None:
    page = Page(render_html("# عنوان\n", PageInfo("b", "2021", "ar", 100.0)))
    assert page.first("html") == {"lang": "ar", "dir": "rtl"}
    assert html_lang("pt_BR") == "pt-BR"
    assert html_lang("sr@latin") == "sr-Latn"
    assert html_lang("sr_RS@latin") == "sr-Latn-RS"


def test_title_falls_back_to_the_booklet_name(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", booklets={"intro": "Just a paragraph.\n"})
    build(load_config(root), min_complete=0)
    page = Page((root / "build/2021/es/intro.html").read_text(encoding="utf-8"))
    assert page.joined("title") == "intro"
    assert "0 % traducido" in page.joined("header")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_headless_chromium_shows_the_translated_booklet(es_page: Path, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--dump-dom",
        es_page.as_uri(),
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish in 120 s")
    if proc.returncode != 0 or "<html" not in proc.stdout:
        pytest.skip(f"chromium could not run here: {proc.stderr.strip()[-300:]}")
    page = Page(proc.stdout)
    assert page.joined("title") == TRANSLATED_TITLE
    assert page.joined("h1") == TRANSLATED_TITLE
    assert page.first("html")["lang"] == "es"
    assert "Keys towards Psychosocial Accompaniment" not in page.visible
    assert "The series" not in page.visible and "La serie" in page.visible


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_headless_chromium_prints_a5_pages(es_page: Path, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    pdf = tmp_path / "booklet.pdf"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        es_page.as_uri(),
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish in 120 s")
    if proc.returncode != 0 or not pdf.exists():
        pytest.skip(f"chromium could not print here: {proc.stderr.strip()[-300:]}")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A5 is 148 x 210 mm = 419.5 x 595.3 pt
        assert abs(float(width) - 419.5) < 2 and abs(float(height) - 595.3) < 2
