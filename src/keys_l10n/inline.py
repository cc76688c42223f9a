"""The inline Markdown of one message (a msgid or a msgstr) as a flat list of tokens, for the checks.

A message is the inline content of one unit, cut out of its booklet, so the link reference definitions and
footnote definitions it points to are elsewhere. ``inline_tokens`` appends a neutral definition for every
``[text][label]``, ``[label][]`` and ``[^label]`` it finds before parsing with pulldown-cmark (pyromark, the
parser ``markdown.py`` uses), so those references come out as links and footnote references, as they do in the
booklet, and drops every event of the appended definitions.

Block structure is ignored: a message that happens to start like a list item or a heading still gives its
inline tokens. Raw HTML, inline or block, comes out as ``html`` tokens holding the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pyromark

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


def _definitions(text: str) -> str:
    labels: dict[str, None] = {}
    for match in _FULL_REFERENCE.finditer(text):
        label = match.group(2) or match.group(1)
        if label.strip() and not label.startswith("^"):
            labels[label] = None
    notes = dict.fromkeys(m.group(1) for m in _FOOTNOTE.finditer(text))
    if not labels and not notes:
        return ""
    lines = [f"[{label}]: {_SYNTHETIC_URL}" for label in labels]
    lines += [f"[^{label}]: note" for label in notes]
    return "\n\n" + "\n\n".join(lines) + "\n"


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of ``text`` in order (see the module's docstring)."""
    limit = len(text.encode("utf-8"))
    source = text + _definitions(text)
    tokens: list[Token] = []
    events: Any = pyromark.events_with_range(source, options=OPTIONS)
    for event, rng in events:
        if rng["start"] >= limit:
            break
        if isinstance(event, str):
            if event in ("SoftBreak", "HardBreak"):
                tokens.append(Token("break", "\n" if event == "HardBreak" else " "))
            continue
        kind = next(iter(event))
        value = event[kind]
        if kind == "Text":
            tokens.append(Token("text", value))
        elif kind == "Code":
            tokens.append(Token("code", value))
        elif kind in ("InlineHtml", "Html"):
            tokens.append(Token("html", value))
        elif kind == "FootnoteReference":
            tokens.append(Token("footnote", value))
        elif kind in ("Start", "End"):
            tag = value if isinstance(value, str) else next(iter(value))
            name = _TAG_EVENTS.get(tag)
            if name is None:
                continue
            target = ""
            if kind == "Start" and tag in ("Link", "Image"):
                details = value[tag]
                if details.get("link_type", "").startswith(("Reference", "Collapsed", "Shortcut")) and (
                    details.get("dest_url") == _SYNTHETIC_URL
                ):
                    target = f"[{normalize_label(details.get('id', ''))}]"
                else:
                    target = details.get("dest_url", "")
            tokens.append(Token(name, target, closing=kind == "End"))
    return tokens


def plain_text(tokens: list[Token]) -> str:
    """What a reader sees as words: text and breaks, without code, HTML, targets or footnote marks."""
    return "".join(t.value for t in tokens if t.kind in ("text", "break"))
