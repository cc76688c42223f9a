"""The Markdown a translation must keep: links, images, footnotes, code, emphasis, blocks, raw HTML.

Each check compares the inline tokens and the block structure (``inline.parse_unit``, pulldown-cmark's events)
of the source and of the translation, each read where the unit stands in its booklet. ``build`` runs these same
``MARKUP_CHECKS`` on every translation it uses (one rule for ``check`` and ``build``), with the same shortcut:
when neither text has a character Markdown could read as markup (``markup_may_differ``), no check here can fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..inline import Token
from .base import FunctionCheck, Level, Unit, multiset_diff, quote

_INLINE_SPECIAL = re.compile(r"[*_`\[\]<>!~\\&|\r\n\ue000-\ue002]")
_BLOCK_LEAD = re.compile(r"^(?:\s|[#>=+\-*|]|\d{1,9}[.)])")


def _plain(text: str) -> bool:
    """True when ``text`` has no character Markdown could read as markup, wherever it stands (most prose)."""
    return not _INLINE_SPECIAL.search(text) and not _BLOCK_LEAD.match(text)


def markup_may_differ(source: str, target: str) -> bool:
    """False when no markup check can fail: the texts are equal, or neither has a character of markup."""
    return source != target and not (_plain(source) and _plain(target))


def _guarded(function: Callable[[Unit], list[str]]) -> Callable[[Unit], list[str]]:
    def check(unit: Unit) -> list[str]:
        may_differ = unit.cache.get("markup")
        if may_differ is None:
            may_differ = unit.cache["markup"] = markup_may_differ(unit.source, unit.target)
        return function(unit) if may_differ else []

    return check


def _markup(name: str, level: Level, explanation: str, function: Callable[[Unit], list[str]]) -> FunctionCheck:
    return FunctionCheck(name, level, explanation, _guarded(function))


def _targets(tokens: list[Token], kind: str) -> list[str]:
    return [t.value for t in tokens if t.kind == kind and not t.closing]


# -- Markdown: links, images, footnotes, code ------------------------------------------------------------
def _compare_targets(unit: Unit, kind: str, noun: str) -> list[str]:
    missing, added = multiset_diff(_targets(unit.source_tokens, kind), _targets(unit.target_tokens, kind))
    messages = []
    if missing and added and len(missing) == len(added):
        for old, new in zip(missing, added, strict=True):
            messages.append(f"{noun} target {quote(old)} became {quote(new)}; keep the source's target")
        return messages
    messages += [f"{noun} target {quote(old)} of the source is missing" for old in missing]
    messages += [f"{noun} target {quote(new)} is not in the source" for new in added]
    return messages


def check_link_targets(unit: Unit) -> list[str]:
    return _compare_targets(unit, "link", "link")


def check_image_targets(unit: Unit) -> list[str]:
    return _compare_targets(unit, "image", "image")


def check_footnotes(unit: Unit) -> list[str]:
    missing, added = multiset_diff(_targets(unit.source_tokens, "footnote"), _targets(unit.target_tokens, "footnote"))
    return [f"footnote reference [^{label}] of the source is missing" for label in missing] + [
        f"footnote reference [^{label}] is not in the source" for label in added
    ]


def check_inline_code(unit: Unit) -> list[str]:
    missing, added = multiset_diff(_targets(unit.source_tokens, "code"), _targets(unit.target_tokens, "code"))
    return [f"code span `{quote(code)[1:-1]}` of the source is missing or changed" for code in missing] + [
        f"code span `{quote(code)[1:-1]}` is not in the source" for code in added
    ]


def check_structure(unit: Unit) -> list[str]:
    """The translation, read in its unit's place, has the blocks, links and images its source has there."""
    messages = []
    source, target = unit.source_parsed.blocks, unit.target_parsed.blocks
    if source != target:
        messages.append(
            f"in its {unit.kind} the translation reads as {'/'.join(target) or 'nothing'}, the source as"
            f" {'/'.join(source) or 'nothing'}: a line starting with '#', '-', '>', '***', '---', '_ _ _', four"
            " spaces or a fence, or an empty line, opens a new block"
        )
    for kind, noun in (("link", "link"), ("image", "image"), ("footnote", "footnote reference")):
        before = len(_targets(unit.source_tokens, kind))
        after = len(_targets(unit.target_tokens, kind))
        if before != after:
            messages.append(
                f"{before} {noun}(s) in the source, {after} in the translation (a bracket, or a quote in a title,"
                f" can break a {noun})"
            )
    return messages


# -- Markdown: emphasis ------------------------------------------------------------------------------------
_EMPHASIS_KINDS = ("emphasis", "strong", "strikethrough")
_MARKER = re.compile(r"^[*_~]+$")


def _stray_markers(tokens: list[Token]) -> list[str]:
    """Runs of ``*``, ``_`` or ``~`` the parser left as text: delimiters that open or close nothing."""
    runs: list[str] = []
    current = ""
    for token in tokens:
        if token.kind == "text" and _MARKER.match(token.value):
            current += token.value
            continue
        if current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def check_emphasis_count(unit: Unit) -> list[str]:
    messages = []
    for kind in _EMPHASIS_KINDS:
        source = sum(1 for t in unit.source_tokens if t.kind == kind and not t.closing)
        target = sum(1 for t in unit.target_tokens if t.kind == kind and not t.closing)
        if source != target:
            messages.append(f"{source} {kind} span(s) in the source, {target} in the translation")
    return messages


def check_markup_balance(unit: Unit) -> list[str]:
    missing, added = multiset_diff(_stray_markers(unit.source_tokens), _stray_markers(unit.target_tokens))
    del missing
    return [f"unmatched {quote(run)}: an emphasis marker is left open or closes nothing" for run in added]


# -- HTML --------------------------------------------------------------------------------------------------
_TAG = re.compile(
    r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "summary", "label"})
_UNSAFE_TAGS = frozenset({"script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "frame"})
_UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data\s*:\s*text/html)\s*:?", re.IGNORECASE)
_UNSAFE_URL_ANYWHERE = re.compile(r"(?:javascript|vbscript)\s*:", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Tag:
    signature: str  # what must be kept: name and untranslatable attributes
    name: str
    attributes: tuple[tuple[str, str], ...]
    closing: bool = False


def _unquote(value: str) -> str:
    """An attribute value without its surrounding quotes (only a matching pair: 'a="x'y'"' keeps x'y')."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _tags(tokens: list[Token]) -> list[_Tag]:
    found: list[_Tag] = []
    for token in tokens:
        if token.kind != "html":
            continue
        for match in _TAG.finditer(token.value):
            if match.group(2) is None:
                found.append(_Tag("<!-- -->", "!--", ()))
                continue
            closing, name = match.group(1), match.group(2).lower()
            attributes = tuple(
                (a.group(1).lower(), _unquote(a.group(2) or "")) for a in _ATTRIBUTE.finditer(match.group(3))
            )
            kept = " ".join(
                f'{key}="{"…" if key in _TRANSLATABLE_ATTRIBUTES else value}"' for key, value in sorted(attributes)
            )
            found.append(_Tag(f"<{closing}{name}{' ' + kept if kept else ''}>", name, attributes, bool(closing)))
    return found


def check_html_tags(unit: Unit) -> list[str]:
    source_tags = [t.signature for t in _tags(unit.source_tokens)]
    target_tags = [t.signature for t in _tags(unit.target_tokens)]
    if not source_tags and not target_tags:
        return []
    missing, added = multiset_diff(source_tags, target_tags)
    return [f"HTML {quote(tag)} of the source is missing or changed" for tag in missing] + [
        f"HTML {quote(tag)} is not in the source: do not add raw HTML" for tag in added
    ]


def _unsafe(tokens: list[Token]) -> list[str]:
    found = []
    for tag in _tags(tokens):
        if tag.closing:
            continue
        if tag.name in _UNSAFE_TAGS:
            found.append(f"<{tag.name}> tag")
        for key, value in tag.attributes:
            if key.startswith("on"):
                found.append(f"{key}= event attribute")
            elif _UNSAFE_URL_ANYWHERE.search(value):
                found.append(f"{value.split(':')[0].strip().lower()}: URL in {key}=")
    for token in tokens:
        if token.kind in ("link", "image") and not token.closing and _UNSAFE_URL.match(token.value):
            found.append(f"{token.value.split(':')[0].strip().lower()}: {token.kind} target")
        elif token.kind == "html" and "<script" in token.value.lower() and not _TAG.search(token.value):
            found.append("<script> tag")
    return found


_MARK_CHARACTERS = re.compile("[\ue000-\ue002]")


def check_unsafe_markup(unit: Unit) -> list[str]:
    messages = []
    if _MARK_CHARACTERS.search(unit.target) and not _MARK_CHARACTERS.search(unit.source):
        messages.append(
            "translation has a private-use character U+E000 to U+E002, which keys-l10n uses for its fuzzy marks"
            " (the build replaces it)"
        )
    target = _unsafe(unit.target_tokens)
    if not target:
        return messages
    _, added = multiset_diff(_unsafe(unit.source_tokens), target)
    return messages + [f"translation adds an unsafe {what}; the booklet's HTML page would run it" for what in added]


# The checks of the Markdown a translation must keep: ``build`` runs these on every translation it uses.
MARKUP_CHECKS: tuple[FunctionCheck, ...] = (
    _markup(
        "structure",
        "error",
        "the translation, read where it stands (heading, table cell...), keeps the source's blocks, links, images"
        " and footnote references",
        check_structure,
    ),
    _markup(
        "link-targets", "error", "link targets (URLs, [reference] labels) identical to the source's", check_link_targets
    ),
    _markup("image-targets", "error", "image sources identical to the source's", check_image_targets),
    _markup("footnotes", "error", "every footnote reference [^n] of the source kept, none added", check_footnotes),
    _markup(
        "markup-balance", "error", "no emphasis marker (* ** _ ~~) left open or closing nothing", check_markup_balance
    ),
    _markup(
        "emphasis-count",
        "warning",
        "as many emphasis, strong and strikethrough spans as the source",
        check_emphasis_count,
    ),
    _markup("inline-code", "error", "inline code spans identical to the source's", check_inline_code),
    _markup("html-tags", "error", "the source's HTML tags kept (tag and attributes), no new raw HTML", check_html_tags),
    _markup(
        "unsafe-markup",
        "error",
        "no <script>, on*= attribute or javascript: link the source lacks",
        check_unsafe_markup,
    ),
)
