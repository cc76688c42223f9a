"""The inline Markdown of one message (a msgid or a msgstr) as a flat list of tokens, for the checks.

A message is the inline content of one unit, cut out of its booklet, so the link reference definitions and
footnote definitions it points to are elsewhere. ``inline_tokens`` appends a neutral definition for every
``[text][label]``, ``[label][]`` and ``[^label]`` it finds before parsing with pulldown-cmark (pyromark, the
parser ``core/markdown.py`` uses), so those references come out as links and footnote references, as they do in the
booklet, and drops every event of the appended definitions.

A message is read where it stands in the booklet (``context.document``: a heading's text after ``# ``, a table
cell's inside a table...), never alone, so that what the checks see is what the booklet shows. ``parse_unit``
also gives the block structure the text has there (``blocks``): a translation whose blocks differ from its
source's breaks out of its unit. Raw HTML, inline or block, comes out as ``html`` tokens holding the raw text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyromark

from .context import document, fit, to_text_offset
from .markdown import OPTIONS

_FULL_REFERENCE = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\[((?:[^\[\]\\]|\\.)*)\]")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_SPACES = re.compile(r"\s+")
_TAG_EVENTS = {
    "Emphasis": "emphasis",
    "Strong": "strong",
    "Strikethrough": "strikethrough",
    "Link": "link",
    "Image": "image",
    "Superscript": "superscript",
    "Subscript": "subscript",
}
_SYNTHETIC_URL = "keys-l10n-reference"
_BLOCK_EVENTS = frozenset(
    {
        "Paragraph",
        "Heading",
        "BlockQuote",
        "CodeBlock",
        "HtmlBlock",
        "List",
        "Item",
        "Table",
        "TableHead",
        "TableRow",
        "TableCell",
        "FootnoteDefinition",
        "MetadataBlock",
        "DefinitionList",
        "DefinitionListTitle",
        "DefinitionListDefinition",
        "DisplayMath",
    }
)


@dataclass(frozen=True, slots=True)
class Token:
    """One inline element.

    ``kind`` is ``text``, ``code``, ``html``, ``footnote``, ``break``, or a container (``emphasis``, ``strong``,
    ``strikethrough``, ``link``, ``image``, ...) with ``closing`` telling its start from its end.
    ``value`` is the text, the code span's content, the raw HTML, the footnote label, or a link's or image's
    target: its URL, or ``[label]`` for a reference link (lower case, spaces collapsed).
    """

    kind: str
    value: str = ""
    closing: bool = False


def normalize_label(label: str) -> str:
    return _SPACES.sub(" ", label.strip()).casefold()


def _definitions(text: str, labels: frozenset[str] = frozenset()) -> str:
    found: dict[str, None] = {}
    for match in _FULL_REFERENCE.finditer(text):
        label = match.group(2) or match.group(1)
        if label.strip() and not label.startswith("^"):
            found[label] = None
    if labels and "[" in text:
        lower = text.casefold()
        found.update((label, None) for label in sorted(labels) if f"[{label}]" in lower)
    notes = dict.fromkeys(m.group(1) for m in _FOOTNOTE.finditer(text))
    if not found and not notes:
        return ""
    lines = [f"[{label}]: {_SYNTHETIC_URL}" for label in found if "]" not in label and "\n" not in label]
    lines += [f"[^{label}]: note" for label in notes]
    return "\n\n" + "\n\n".join(lines) + "\n"


def _events(text: str) -> Iterator[tuple[Any, Any]]:
    """pulldown-cmark's events of ``text`` with their byte ranges: the one place this module calls the parser."""
    try:
        events: Iterator[tuple[Any, Any]] = iter(pyromark.events_with_range(text, options=OPTIONS))
        yield from events
    except Exception:  # pragma: no cover - the parser accepts any text; never let a check break a build
        return


def reference_labels(booklet: str) -> frozenset[str]:
    """The labels of the link reference definitions a booklet uses (normalized): ``[label]`` alone is a link."""
    labels = set()
    for event, _ in _events(booklet):
        if isinstance(event, dict) and "Start" in event and isinstance(event["Start"], dict):
            tag = next(iter(event["Start"]))
            details = event["Start"][tag]
            if tag in ("Link", "Image") and str(details.get("link_type", "")).startswith(
                ("Reference", "Collapsed", "Shortcut")
            ):
                labels.add(normalize_label(details.get("id", "")))
    return frozenset(label for label in labels if label)


@dataclass(frozen=True, slots=True)
class ParsedUnit:
    """A message read in its unit's context: its inline ``tokens`` and the ``blocks`` the context has."""

    tokens: tuple[Token, ...]
    blocks: tuple[str, ...]


def parse_unit(text: str, kind: str = "paragraph", labels: frozenset[str] = frozenset()) -> ParsedUnit:
    """``text`` fitted and placed where a unit of ``kind`` stands (``context.document``), then parsed.

    ``labels`` are the booklet's reference labels (``reference_labels``): ``[label]`` alone is a link to one.
    """
    if kind.startswith("front matter"):  # a YAML value, never Markdown
        return ParsedUnit((Token("text", text),), ())
    placed = document(fit(text, kind), kind)
    source = placed.document
    limit = len(source.encode("utf-8"))
    first = placed.starts[0]
    tokens: list[Token] = [Token("text", text)] if kind == "image title" else []
    blocks: list[str] = []
    for event, rng in _events(source + _definitions(source, labels)):
        if rng["start"] >= limit:
            break
        if isinstance(event, str):
            if event in ("SoftBreak", "HardBreak"):
                tokens.append(Token("break", "\n" if event == "HardBreak" else " "))
            elif event == "Rule":
                blocks.append("Rule")
            continue
        kind_ = next(iter(event))
        value = event[kind_]
        if kind_ == "Text":
            if rng["start"] >= first:
                tokens.append(Token("text", value))
        elif kind_ == "Code":
            tokens.append(Token("code", value))
        elif kind_ in ("InlineHtml", "Html"):
            tokens.append(Token("html", value))
        elif kind_ == "FootnoteReference":
            tokens.append(Token("footnote", value))
        elif kind_ in ("Start", "End"):
            tag = value if isinstance(value, str) else next(iter(value))
            if kind_ == "Start" and tag in _BLOCK_EVENTS:
                level = value[tag].get("level", "") if tag == "Heading" else ""
                blocks.append(f"{tag} {level[1:]}" if level else tag)
            name = _TAG_EVENTS.get(tag)
            if name is None:
                continue
            target = ""
            if kind_ == "Start" and tag in ("Link", "Image"):
                details = value[tag]
                if details.get("link_type", "").startswith(("Reference", "Collapsed", "Shortcut")) and (
                    details.get("dest_url") == _SYNTHETIC_URL
                ):
                    target = f"[{normalize_label(details.get('id', ''))}]"
                else:
                    target = details.get("dest_url", "")
            tokens.append(Token(name, target, closing=kind_ == "End"))
    return ParsedUnit(tuple(tokens), tuple(blocks))


def raw_html(text: str, kind: str = "paragraph") -> Iterator[tuple[str, int, int]]:
    """Each raw HTML event (inline or block) of ``text`` read in a unit of ``kind``: (raw, start, end), the
    offsets in ``text``'s UTF-8 bytes (``build`` escapes the ones a translation adds)."""
    placed = document(text, kind)
    for event, rng in _events(placed.document):
        if rng["start"] >= placed.end:
            break
        if isinstance(event, str):
            continue
        name = next(iter(event))
        if name in ("InlineHtml", "Html") and rng["end"] > placed.starts[0]:
            start = to_text_offset(placed, text, max(rng["start"], placed.starts[0]))
            end = to_text_offset(placed, text, min(rng["end"], placed.end))
            yield event[name], start, end


def inline_tokens(text: str, kind: str = "paragraph") -> list[Token]:
    """The inline tokens of ``text`` read in a unit of ``kind``, in order (see the module's docstring)."""
    return list(parse_unit(text, kind).tokens)


def plain_text(tokens: list[Token]) -> str:
    """What a reader sees as words: text and breaks, without code, HTML, targets or footnote marks."""
    return "".join(t.value for t in tokens if t.kind in ("text", "break"))
