"""A built booklet's Markdown -> one self-contained HTML page (no external assets, nothing fetched).

markdown-it-py (CommonMark, tables, strikethrough, footnotes, front matter skipped) renders the body; the jinja2
template ``templates/booklet.html.j2`` adds ``lang``/``dir`` from the locale, the title (the first heading),
a small header (edition, language name in that language, completeness) and a print stylesheet for A5 pages.

Raw HTML is passed through as in the source: the source's HTML blocks are the editors' own. Raw HTML that a
translation adds is escaped before it gets here (``build.neutralize_html``). Fuzzy marks arrive as private-use
characters (``build.MARK_*``) and become ``<span class="fuzzy" title="previous source">`` elements.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .context import MARK_CLOSE, MARK_MID, MARK_OPEN
from .locales import native_name, text_direction
from .markdown import front_value
from .sanitize import sanitized

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_MARK = re.compile(f"{MARK_OPEN}(\\d+){MARK_MID}")
_FRONT_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the page header says about the booklet."""

    booklet: str
    edition: str
    lang: str
    complete: float
    marks: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.use(front_matter_plugin).use(footnote_plugin).enable(["table", "strikethrough"])
    return md


def _plain(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child))
    return "".join(parts)


def html_lang(code: str) -> str:
    """A gettext locale (``pt_BR``, ``sr@latin``) as a BCP 47 tag for the ``lang`` attribute."""
    base, _, modifier = code.partition("@")
    tag = base.replace("_", "-")
    scripts = {"latin": "Latn", "cyrillic": "Cyrl"}
    if modifier in scripts:
        language, _, rest = tag.partition("-")
        tag = "-".join(p for p in (language, scripts[modifier], rest) if p)
    return tag


def _embed(tokens: list[Token], images: Mapping[str, str]) -> None:
    """Point each image whose target is a key of ``images`` to its value (a ``data:`` URI)."""
    for token in tokens:
        if token.type == "image":
            source = str(token.attrs.get("src", ""))
            for key in (source, unquote(source)):
                if key in images:
                    token.attrs["src"] = images[key]
                    break
        if token.children:
            _embed(token.children, images)


def render_body(text: str, images: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(body HTML, title): the title is the first heading's text, else the front matter title, else ''.

    ``images`` maps image targets to what the page uses instead (``data:`` URIs of embedded images).
    """
    md = _parser()
    tokens = md.parse(text)
    if images:
        _embed(tokens, images)
    title = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            title = _plain(tokens[index + 1])
            break
    if not title:
        for token in tokens:
            if token.type == "front_matter":
                match = _FRONT_TITLE.search(token.content)
                if match:
                    value = front_value(match.group(1))
                    title = value[0] if value is not None else match.group(1).strip("\"'")
                break
    body = md.renderer.render(tokens, md.options, {})
    return body, re.sub(f"{MARK_OPEN}\\d+{MARK_MID}|[{MARK_OPEN}{MARK_MID}{MARK_CLOSE}]", "", title).strip()


def _apply_marks(body: str, marks: tuple[str, ...]) -> str:
    def opening(match: re.Match[str]) -> str:
        index = int(match.group(1))
        previous = marks[index] if index < len(marks) else ""
        note = "Fuzzy translation, needs review."
        if previous:
            note += f" Previous source: {previous}"
        return f'<span class="fuzzy" title="{html.escape(note, quote=True)}">'

    body = _MARK.sub(opening, body)
    return body.replace(MARK_CLOSE, "</span>").replace(MARK_OPEN, "").replace(MARK_MID, "")


@sanitized
def render_html(text: str, info: PageInfo, images: Mapping[str, str] | None = None) -> str:
    """The whole page for one built booklet (``text`` is ``RebuiltBooklet.html_markdown``; ``images``: see
    ``render_body``)."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    body, title = render_body(text, images)
    body = _apply_marks(body, info.marks)
    env = Environment(
        loader=PackageLoader("keys_l10n", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("booklet.html.j2")
    return template.render(
        lang=html_lang(info.lang),
        dir=text_direction(info.lang),
        title=title or info.booklet,
        booklet=info.booklet,
        edition=info.edition,
        language=native_name(info.lang),
        complete=f"{info.complete:.0f}",
        body=Markup(body),
        has_marks=bool(info.marks),
    )
