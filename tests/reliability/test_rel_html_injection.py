"""Untrusted translations in HTML: script, javascript: links, on*= attributes and raw HTML a translator adds must
not reach the built booklet, the compare page or the dashboard as live markup, and `check` reports them.

Each page is opened in headless Chromium (skipped when absent): no script may run (every payload sets
``document.title`` to "pwned"), and the DOM Chromium ends up with has no script, event attribute, javascript:
URL or element the payloads add. Without Chromium the same DOM checks run on the HTML file itself.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from reliability_support import CHROMIUM, copy_shipped
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from keys_l10n.cli.app import app

runner = CliRunner()

# (msgid prefix to find the entry, hostile translation) in locale/2014/es/presentation.po
HEADING_PAYLOAD = (
    "Claves <script>document.title='pwned'</script> "
    "<img src=x onerror=\"document.title='pwned'\"> <b onclick=\"document.title='pwned'\">hacia</b> "
    "<svg onload=\"document.title='pwned'\"></svg>"
)
PARAGRAPH_PAYLOAD = (
    "La serie [Claves](javascript:document.title='pwned') es un "
    "<a href=\"javascript:document.title='pwned'\">producto</a> "
    '<iframe srcdoc="<script>parent.document.title=&quot;pwned&quot;</script>"></iframe> '
    "<style>body{display:none}</style><form action=\"javascript:document.title='pwned'\"><input autofocus "
    "onfocus=\"document.title='pwned'\"></form> ![x](javascript:document.title='pwned') "
    "<details open ontoggle=\"document.title='pwned'\">colectivo</details>."
)
FORBIDDEN_TAGS = {"script", "iframe", "svg", "style", "form", "input", "details", "object", "embed", "b"}


def _hostile_project(tmp_path: Path) -> Path:
    root = copy_shipped(tmp_path / "project")
    po = root / "locale" / "2014" / "es" / "presentation.po"
    text = po.read_text(encoding="utf-8")
    heading = 'msgstr "Claves hacia el acompañamiento psicosocial"'
    assert heading in text
    text = text.replace(heading, "msgstr " + _quote(HEADING_PAYLOAD))
    first_paragraph = re.search(r'msgstr ""\n"La serie “Claves hacia[^\n]*\n(?:"[^\n]*\n)*', text)
    assert first_paragraph is not None
    text = text.replace(first_paragraph.group(0), "msgstr " + _quote(PARAGRAPH_PAYLOAD) + "\n")
    po.write_text(text, encoding="utf-8")
    return root


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Live(HTMLParser):
    """What would run in a page: script elements, on*= attributes, javascript: URLs, forbidden elements."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")  # the page's own (template) elements are discounted later
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if value and re.match(r"\s*javascript:", value, re.I):
                self.problems.append(f"{name}={value[:30]} on <{tag}>")
            if name == "srcdoc":
                self.problems.append(f"srcdoc on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _live_problems(html: str, own: str) -> tuple[list[str], str]:
    """Problems in ``html`` that the page's own template (``own``: the same page built without payloads) lacks."""
    found, baseline = _Live(), _Live()
    found.feed(html)
    baseline.feed(own)
    extra = list(found.problems)
    for problem in baseline.problems:
        if problem in extra:
            extra.remove(problem)
    return extra, found.title


def _chromium_dom(page: Path, tmp_path: Path) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / f"chromium-{page.stem}"
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _pages(root: Path) -> dict[str, Path]:
    """Build every HTML page that can show translated text; returns name -> file."""
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    pages: dict[str, Path] = {}
    result = runner.invoke(
        app, ["--project", str(root), "build", "--edition", "2014", "--lang", "es", "--format", "html"], env=env
    )
    assert result.exit_code in (0, 3), result.output
    pages["booklet"] = root / "build" / "2014" / "es" / "presentation.html"
    result = runner.invoke(
        app,
        ["--project", str(root), "compare", "2014", "2021", "--format", "html", "-o", str(root / "build" / "c.html")],
        env=env,
    )
    assert result.exit_code == 0, result.output
    pages["compare"] = root / "build" / "c.html"
    result = runner.invoke(
        app, ["--project", str(root), "stats", "--format", "html", "-o", str(root / "build" / "s.html")], env=env
    )
    assert result.exit_code == 0, result.output
    pages["stats"] = root / "build" / "s.html"
    for page in pages.values():
        assert page.is_file(), page
    return pages


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, Path], Path]:
    base = tmp_path_factory.mktemp("html")
    clean = _pages(copy_shipped(base / "clean"))
    hostile_root = _hostile_project(base / "hostile")
    hostile = _pages(hostile_root)
    return clean, hostile, hostile_root


@pytest.mark.parametrize("page", ["booklet", "compare", "stats"])
def test_hostile_translation_is_not_live_markup(page: str, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clean, hostile, _ = built
    html = hostile[page].read_text(encoding="utf-8")
    if page == "booklet":
        assert "pwned" in html, "the payload should be in the booklet (escaped), else the test tests nothing"
    problems, title = _live_problems(html, clean[page].read_text(encoding="utf-8"))
    assert not problems, f"{page}: live markup from a translation: {problems}"
    assert title.strip() != "pwned"


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize("page", ["booklet", "compare", "stats"])
def test_no_script_runs_in_chromium(page: str, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clean, hostile, _ = built
    dom = _chromium_dom(hostile[page], tmp_path)
    own = _chromium_dom(clean[page], tmp_path)
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    own_title = re.search(r"<title>(.*?)</title>", own, re.S)
    # every payload sets the title to exactly "pwned"; the escaped heading may show the word as text
    assert (title.group(1).strip() if title else "") != "pwned"
    assert (title is None) == (own_title is None)
    problems, _ = _live_problems(dom, own)
    assert not problems, f"{page}: live markup in Chromium's DOM: {problems}"


def test_the_detector_sees_live_payloads() -> None:
    """The DOM check itself: the payloads as raw HTML are all found (so a passing test means something)."""
    problems, _ = _live_problems(f"<h1>{HEADING_PAYLOAD}</h1><p>{PARAGRAPH_PAYLOAD}</p>", "")
    for needle in ("<script>", "onerror=", "onclick=", "onload=", "<iframe>", "href=javascript", "onfocus="):
        assert any(needle in p for p in problems), (needle, problems)


def test_check_reports_the_hostile_translation_as_errors(built) -> None:  # type: ignore[no-untyped-def]
    _, _, root = built
    result = runner.invoke(app, ["--project", str(root), "check", "--edition", "2014", "--lang", "es"])
    assert result.exit_code == 3, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    text = "\n".join(errors)
    needles = ("<script>", "onerror", "javascript:", "onclick", "<iframe", "onload", "<style>", "<form")
    for needle in (*needles, "onfocus", "ontoggle", "image target", "href="):
        assert needle in text, f"check does not report {needle}: {text}"
