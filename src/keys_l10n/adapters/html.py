"""A built booklet's Markdown -> one self-contained HTML page (no external assets, nothing fetched).

markdown-it-py (CommonMark, tables, strikethrough, footnotes, front matter skipped) renders the body; the jinja2
template ``templates/booklet.html.j2`` adds ``lang``/``dir`` from the locale, the title (the first heading),
a small header (edition, language name in that language, completeness) and a print stylesheet for A5 pages.

Raw HTML is passed through as in the source: the source's HTML blocks are the editors' own. Raw HTML that a
translation adds is escaped before it gets here (``build.neutralize_html``). Fuzzy marks arrive as private-use
characters (``build.MARK_*``) and become ``<span class="fuzzy" title="previous source">`` elements.

Units shown in the source language arrive wrapped in ``build.FALLBACK_OPEN``/``FALLBACK_CLOSE``; in a page of
another language they get the source's own ``lang`` and ``dir`` (so that an English sentence in an Arabic
booklet reads left to right, its full stop on the right): on the block itself (``<p lang="en" dir="ltr">``)
when the unit is the whole block, else on a ``<span>``. The header's words (edition, completeness, the fuzzy
legend) are keys-l10n's own messages in the booklet's language (``adapters/i18n.py``).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..core.context import MARK_CLOSE, MARK_MID, MARK_OPEN
from ..core.langcode import base_language
from ..core.markdown import front_value
from ..core.rebuild import FALLBACK_CLOSE, FALLBACK_OPEN
from .i18n import chrome_lang, environment, translations
from .locales import format_percent, native_name, text_direction
from .sanitize import sanitized

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_MARK = re.compile(f"{MARK_OPEN}(\\d+){MARK_MID}")
_FRONT_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_OPEN, _CLOSE = re.escape(FALLBACK_OPEN), re.escape(FALLBACK_CLOSE)
_WHOLE_BLOCK_FALLBACK = re.compile(
    rf"<(p|h[1-6]|li|td|th)((?:\s[^>]*)?)>{_OPEN}((?:(?!{_OPEN}|{_CLOSE}).)*){_CLOSE}</\1>",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What the page header says about the booklet."""

    booklet: str
    edition: str
    lang: str
    complete: float
    marks: tuple[str, ...] = ()
    source_lang: str = "en"


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


def _same_language(a: str, b: str) -> bool:
    return base_language(a) == base_language(b)


def mark_fallbacks(body: str, page_lang: str, source_lang: str) -> str:
    """Give source-language units their own ``lang``/``dir`` in a page of another language (see above)."""
    if FALLBACK_OPEN not in body:
        return body
    if _same_language(page_lang, source_lang):
        return body.replace(FALLBACK_OPEN, "").replace(FALLBACK_CLOSE, "")
    attrs = f' lang="{html_lang(source_lang)}" dir="{text_direction(source_lang)}"'
    body = _WHOLE_BLOCK_FALLBACK.sub(lambda m: f"<{m.group(1)}{m.group(2)}{attrs}>{m.group(3)}</{m.group(1)}>", body)
    return body.replace(FALLBACK_OPEN, f"<span{attrs}>").replace(FALLBACK_CLOSE, "</span>")


def _apply_marks(body: str, marks: tuple[str, ...], lang: str | None = None) -> str:
    _ = translations(lang).gettext

    def opening(match: re.Match[str]) -> str:
        index = int(match.group(1))
        previous = marks[index] if index < len(marks) else ""
        note = _("Fuzzy translation, needs review.")
        if previous:
            note += " " + _("Previous source: %(text)s") % {"text": previous}
        return f'<span class="fuzzy" title="{html.escape(note, quote=True)}">'

    body = _MARK.sub(opening, body)
    return body.replace(MARK_CLOSE, "</span>").replace(MARK_OPEN, "").replace(MARK_MID, "")


def render_html(text: str, info: PageInfo, images: Mapping[str, str] | None = None) -> str:
    """The whole page for one built booklet (``text`` is ``RebuiltBooklet.html_markdown``; ``images``: see
    ``render_body``)."""
    return _render_page(text, info, images, title_page=False)


def render_print_html(text: str, info: PageInfo, images: Mapping[str, str] | None = None) -> str:
    """The page made for print (``build --format pdf``): a title page first, the header's facts on it."""
    return _render_page(text, info, images, title_page=True)


@sanitized
def _render_page(text: str, info: PageInfo, images: Mapping[str, str] | None, *, title_page: bool) -> str:
    from markupsafe import Markup

    body, title = render_body(text, images)
    body = _apply_marks(body, info.marks, info.lang)
    body = mark_fallbacks(body, info.lang, info.source_lang)
    env = environment(
        info.lang,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("booklet.html.j2")
    chrome = chrome_lang(info.lang)
    chrome_attrs = (
        "" if _same_language(chrome, info.lang) else f' lang="{html_lang(chrome)}" dir="{text_direction(chrome)}"'
    )
    return template.render(
        lang=html_lang(info.lang),
        dir=text_direction(info.lang),
        title=title or info.booklet,
        booklet=info.booklet,
        edition=info.edition,
        language=native_name(info.lang),
        complete=format_percent(math.floor(info.complete + 1e-9), info.lang, decimals=0),
        body=Markup(body),
        has_marks=bool(info.marks),
        title_page=title_page,
        chrome_attrs=Markup(chrome_attrs),
    )
