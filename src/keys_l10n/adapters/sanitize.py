"""The last gate before an HTML page is written: an allowlist sanitizer (nh3, bindings to Rust's ammonia).

Every page keys-l10n emits (booklet, compare page, stats dashboard) goes through ``clean_page``: the ``<body>``
is re-parsed by an HTML5 parser and only the elements and attributes below survive; no ``<script>`` (but the
page template's own, kept by exact text), no ``on*=`` attribute, no ``style`` element, no URL scheme other than
http, https, mailto and relative ones (and ``data:image/...`` in an ``<img src>``: embedded images). The head
is the template's own (its title is escaped by jinja2). The Markdown of a booklet is cleaned with the same
allowlist (``clean_fragment``) before it goes into the template.

nh3 was chosen by measurement (see docs/reliability.md): it is maintained, its allowlist is explicit, and it
cleaned the body of a 1 MB booklet page in 9 ms, against 388 ms for bleach (html5lib, deprecated since 2023).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from importlib.resources import files
from typing import ParamSpec

import nh3

_TEXT = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var"}
_INLINE = {"em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "q"}
_INLINE |= {"dfn", "time", "span", "bdi", "bdo", "wbr", "a", "img"}
_LISTS = {"ul", "ol", "li", "dl", "dt", "dd"}
_TABLES = {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"}
_SECTIONS = {"div", "section", "article", "aside", "header", "footer", "main", "nav", "figure", "figcaption"}
_SECTIONS |= {"details", "summary", "address"}
BOOKLET_TAGS = frozenset(_TEXT | _INLINE | _LISTS | _TABLES | _SECTIONS)
# The compare page's filters and the dashboard's history chart.
_PAGE_TAGS = {"form", "label", "input", "svg", "g", "line", "rect", "circle", "path", "text", "title"}
PAGE_TAGS = frozenset(BOOKLET_TAGS | _PAGE_TAGS)

_EVERYWHERE = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
_ATTRIBUTES = {
    "*": _EVERYWHERE,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
    "span": {"style"},
    "div": {"style"},
}
_PAINT = ("fill", "stroke", "stroke-width")
_PAGE_ATTRIBUTES = {
    "input": {"type", "checked", "disabled"},
    "form": set(),
    "label": {"for"},
    "svg": {"xmlns", "viewBox", "width", "height", "preserveAspectRatio"},
    "line": {"x1", "x2", "y1", "y2", *_PAINT},
    "rect": {"x", "y", "width", "height", *_PAINT},
    "circle": {"cx", "cy", "r", *_PAINT},
    "path": {"d", *_PAINT},
    "text": {"x", "y", "text-anchor", "font-size", *_PAINT},
}
_SCHEMES = {"http", "https", "mailto", "data"}
_STYLES = {"text-align", "width"}  # tables' alignment, the dashboard's bars
_BODY = re.compile(r"(<body\b[^>]*>)(.*)(</body>)", re.DOTALL | re.IGNORECASE)
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_PLACEHOLDER = "\ue100keys-l10n-script-{}\ue100"
P = ParamSpec("P")


def _urls(element: str, attribute: str, value: str) -> str | None:
    """``data:`` URLs only for images in ``<img src>``; every other value as it is."""
    if value[:5].lower() == "data:" and not (
        element == "img" and attribute == "src" and re.match(r"data:image/(?:png|jpeg|gif|webp|avif);", value, re.I)
    ):
        return None
    return value


def clean_fragment(html: str, *, page: bool = False) -> str:
    """``html`` with every element and attribute outside the allowlist removed (their text kept, escaped)."""
    attributes = {key: set(value) for key, value in _ATTRIBUTES.items()}
    if page:
        for key, value in _PAGE_ATTRIBUTES.items():
            attributes[key] = attributes.get(key, set()) | value
    result: str = nh3.clean(
        html,
        tags=set(PAGE_TAGS if page else BOOKLET_TAGS),
        clean_content_tags={"script", "style"},
        attributes=attributes,
        attribute_filter=_urls,
        url_schemes=_SCHEMES,
        generic_attribute_prefixes={"data-"} if page else set(),
        link_rel=None,
        strip_comments=True,
        filter_style_properties=_STYLES,
    )
    # html5ever writes U+00A0 as &nbsp;: keep the character (French spacing, the same bytes as before cleaning)
    return result.replace("&nbsp;", "\u00a0")


@lru_cache(maxsize=1)
def _template_scripts() -> frozenset[str]:
    """The text of every ``<script>`` in the package's own page templates: the only scripts a page may keep."""
    found: set[str] = set()
    for item in files("keys_l10n").joinpath("templates").iterdir():
        if item.name.endswith(".j2"):
            found.update(m.group(1) for m in _SCRIPT.finditer(item.read_text(encoding="utf-8")))
    return frozenset(found)


def clean_page(page: str) -> str:
    """A whole page with its ``<body>`` cleaned (``clean_fragment(page=True)``); template scripts are kept."""
    match = _BODY.search(page)
    if match is None:
        return clean_fragment(page, page=True)
    body = match.group(2).replace("\ue100", "\ufffd")
    kept: list[str] = []
    trusted = _template_scripts()

    def hold(script: re.Match[str]) -> str:
        if script.group(1) not in trusted:
            return ""
        kept.append(script.group(0))
        return _PLACEHOLDER.format(len(kept) - 1)

    body = clean_fragment(_SCRIPT.sub(hold, body), page=True)
    for index, script in enumerate(kept):
        body = body.replace(_PLACEHOLDER.format(index), script)
    return page[: match.start(2)] + body + page[match.end(2) :]


def sanitized(render: Callable[P, str]) -> Callable[P, str]:
    """Decorate a function that renders a whole page: its result goes through ``clean_page``."""

    @wraps(render)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
        return clean_page(render(*args, **kwargs))

    return wrapper
