"""Hostile translations in every kind of unit: none runs script, none changes the page's structure silently.

One booklet holds one section per payload; each section has a unit of every kind (heading, paragraph with a
link title, list item, quote, table header and cell, footnote, image alt and title). Every unit of section
``i`` is translated with payload ``i`` (for the link title, the payload goes into the title). Then:

- the built HTML page, opened in headless Chromium (skipped when absent), runs no script and its DOM has no
  ``on*=`` attribute and no ``javascript:`` URL; the same is checked on the file itself;
- the page has exactly the elements of the untranslated page (build keeps the source where a translation
  would break it, and escapes the raw HTML a translation adds);
- an independent oracle: each payload placed naively in its unit (only the documented escapes: a table cell's
  pipes, an image title's quotes) and rendered by markdown-it-py; where that changes the unit's elements,
  ``check`` must report an error for the entry.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from reliability_support import CHROMIUM

from keys_l10n.adapters.html import PageInfo, render_body, render_html
from keys_l10n.core.checks import MARKDOWN_CHECKS, run_checks
from keys_l10n.core.context import fit
from keys_l10n.core.markdown import segment
from keys_l10n.core.model import Catalog, Entry, Segment
from keys_l10n.core.rebuild import FuzzyPolicy, rebuild
from keys_l10n.core.template import segment_comments

PWN = "document.title='pwned'"
PAYLOADS = [
    f'    <img src=x onerror="{PWN}">',
    f'```\n<img src=x onerror="{PWN}">\n```',
    f'~~~\n<img src=x onerror="{PWN}">',
    f"<script>{PWN}</script>",
    f'Texto <img src=x onerror="{PWN}"> aquí',
    f'First\n # <img src=x onerror="{PWN}">',
    "First\n--- ",
    "First\n ***",
    "First\n_ _ _",
    "First\n\n<div>new block</div>",
    "First\n> quoted",
    "First\n- listed",
    f"[x](javascript:{PWN})",
    f'<a href="javascript:{PWN}">x</a>',
    f'<svg onload="{PWN}"></svg>',
    f'\ue0000\ue001<img src=x onerror="{PWN}">\ue002',
    f'"><img src=x onerror="{PWN}">',
    "a | b | c",
    "x](javascript:alert(1)) ![y",
    f'<details open ontoggle="{PWN}">x</details>',
]


def section(i: int) -> str:
    return (
        f"# Title {i}\n\n"
        f'A paragraph {i} with a [link](https://example.org/{i} "Link title {i}") in it.\n\n'
        f"- A list item {i}\n\n"
        f"> A quote {i}\n\n"
        f"| Head {i} |\n| --- |\n| A cell {i} |\n\n"
        f"A note {i}[^n{i}].\n\n"
        f"[^n{i}]: The footnote text {i}.\n\n"
        f'![An image {i}](img/a{i}.png "An image title {i}")\n\n'
    )


SOURCE = "".join(section(i) for i in range(len(PAYLOADS)))


def hostile(msgid: str, i: int) -> str:
    payload = PAYLOADS[i]
    if msgid.startswith("A paragraph"):  # the link title
        return msgid.replace(f"Link title {i}", payload.replace("\n", " "))
    if msgid.startswith("A note"):
        return f"{payload} [^n{i}]."
    return payload


def section_of(msgid: str) -> int:
    match = re.search(r"(\d+)\D*$", msgid)
    assert match, msgid
    return int(match.group(1))


def translated_catalog() -> Catalog:
    entries = []
    for seg in segment(SOURCE):
        comments = tuple(segment_comments(seg))
        entries.append(Entry(seg.text, hostile(seg.text, section_of(seg.text)), extracted_comments=comments))
    return Catalog(entries=tuple(entries))


# What "the structure of the page" is: its blocks, links, images and footnote references (not inline emphasis or
# code spans, which a translation may add: check warns about those).
STRUCTURE = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "thead"}
STRUCTURE |= {"tbody", "tr", "th", "td", "hr", "section", "div", "a", "img", "sup"}


class Elements(HTMLParser):
    """Structural start tags of a fragment (``STRUCTURE``), and every live thing in it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.live: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in STRUCTURE:
            self.tags.append(tag)
        if tag in ("script", "iframe", "object", "embed", "svg", "math", "form", "input", "details", "style"):
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"{name}= on <{tag}>")
            if value and re.match(r"\s*(?:javascript|vbscript|data):", value, re.I) and tag != "img":
                self.live.append(f"{name}={value[:30]} on <{tag}>")


def main_of(page: str) -> str:
    match = re.search(r"<main\b[^>]*>(.*)</main>", page, re.S)
    assert match
    return match.group(1)


@pytest.fixture(scope="module")
def pages() -> tuple[str, str]:
    info = PageInfo("b", "2021", "es", 100.0)
    clean = render_html(rebuild(SOURCE, None).html_markdown, info)
    built = rebuild(SOURCE, translated_catalog(), fuzzy=FuzzyPolicy.MARK)
    return clean, render_html(built.html_markdown, info)


def test_no_live_markup_and_the_structure_of_the_source(pages: tuple[str, str]) -> None:
    clean, page = pages
    assert "pwned" in page  # the payloads are there, as text
    found = Elements(main_of(page))
    assert not found.live, found.live
    assert found.tags == Elements(main_of(clean)).tags


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_no_script_runs_in_chromium(pages: tuple[str, str], tmp_path: Path) -> None:
    _, page = pages
    file = tmp_path / "hostile.html"
    file.write_text(page, encoding="utf-8")
    assert CHROMIUM is not None
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            file.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        pytest.skip(f"chromium could not run here: {proc.stderr.strip()[-300:]}")
    title = re.search(r"<title>(.*?)</title>", proc.stdout, re.S)
    assert title is not None and title.group(1).strip() != "pwned"  # every payload sets exactly "pwned"
    assert title.group(1).startswith("&lt;img")  # the first heading's translation, as text
    found = Elements(main_of(proc.stdout))
    assert not found.live, found.live


@lru_cache(maxsize=1)
def _segments() -> tuple[Segment, ...]:
    return tuple(segment(SOURCE))


@cache
def _clean_elements(index: int) -> Elements:
    return Elements(render_body(section(index))[0])


def _naive(seg_text: str, kind: str, payload_text: str, index: int) -> str:
    """Section ``index`` with one unit replaced by a translation placed as is (only the documented escapes)."""
    text = section(index)
    seg = next(s for s in segment(text) if s.text == seg_text)
    placed = fit(payload_text, kind)  # the source's titles are in double quotes
    data = text.encode("utf-8")
    return (data[: seg.start] + placed.encode("utf-8") + data[seg.end :]).decode("utf-8")


def _cases() -> list[tuple[str, str, int]]:
    return [(seg.text, seg.kind, section_of(seg.text)) for seg in _segments()]


def _changes_the_page(msgid: str, kind: str, msgstr: str, index: int) -> bool:
    naive = Elements(render_body(_naive(msgid, kind, msgstr, index))[0])
    return naive.tags != _clean_elements(index).tags or bool(naive.live)


@pytest.mark.parametrize(("msgid", "kind", "index"), _cases(), ids=lambda v: str(v)[:24])
def test_check_reports_every_structural_change(msgid: str, kind: str, index: int) -> None:
    msgstr = hostile(msgid, index)
    entry = Entry(msgid, msgstr, extracted_comments=(f"type: {kind}",), line=3)
    findings = run_checks([entry], MARKDOWN_CHECKS, path="x.po", lang="es")
    errors = [f for f in findings if f.level == "error"]
    if _changes_the_page(msgid, kind, msgstr, index):
        assert errors, f"{kind} {msgstr!r} changes the page but check reports no error"


def test_the_oracle_sees_the_attacks() -> None:
    """Most payloads do change the page when placed naively (so the test above tests something)."""
    changed = [case for case in _cases() if _changes_the_page(case[0], case[1], hostile(case[0], case[2]), case[2])]
    assert len(changed) > len(_cases()) // 2


def test_every_kind_of_unit_is_attacked() -> None:
    kinds = {kind for _, kind, _ in _cases()}
    assert kinds >= {"heading 1", "paragraph", "list item", "block quote", "table header", "table cell"}
    assert kinds >= {"footnote", "image alt", "image title"}
    assert any("Link title" in msgid for msgid, _, _ in _cases())
