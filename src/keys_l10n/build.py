"""Rebuild a localized booklet from its source Markdown and a catalog. Pure: text in, values out.

``rebuild(source, catalog)`` walks the source with the same walker as ``extract`` (``markdown.render``) and
replaces each unit by its translation; every other byte (list markers, indentation, quote markers, table pipes,
code and HTML blocks, reference definitions, blank lines, line endings) is copied from the source.

Fallback policy, unit by unit:

- translated entry: its msgstr is used;
- fuzzy entry: ``keep`` (default) shows the source text, ``include`` uses the fuzzy msgstr, ``mark`` uses it
  and marks it: an HTML comment ``<!--fuzzy-->`` after the unit in Markdown, a highlighted span whose title
  gives the previous source in HTML (image alt/title and front matter values are used but cannot be marked);
- untranslated entry, or no entry at all (catalog older than the source): the source text;
- obsolete entries are never used.

Completeness is counted in source words (whitespace-separated words of each unit, every occurrence):
the share of the booklet's words that the built booklet shows translated, so it follows the fuzzy policy.

Markup safety: the inline Markdown tokens of msgid and msgstr are compared (link and image targets, footnote
references, emphasis/strong/strikethrough counts, inline code, raw HTML, block shape); a difference is a
``BuildWarning``, the translation is still used. For HTML output ``html_markdown`` is the same booklet in
which raw HTML that a translation adds (and its source did not have) is escaped into plain text.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pyromark

from .markdown import OPTIONS, render, segment
from .model import Catalog, Entry, Segment
from .wordcount import word_count

MARK_COMMENT = "<!--fuzzy-->"
# A hard-wrapped source paragraph is re-wrapped to its own width, but never narrower than this: two short
# lines ("Bread / with butter") are a deliberate break, not a column to fill.
MIN_WRAP_WIDTH = 40
# Private-use characters carry fuzzy marks through the Markdown -> HTML renderer (see html.py).
MARK_OPEN, MARK_MID, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
# Units shown in the source language are wrapped in this (made-up) inline tag in ``html_markdown``, so that the
# page can give them their own ``lang``/``dir`` (see html.py). A tag, not a private-use character: ``<`` and
# ``>`` are punctuation for CommonMark's emphasis rules, so ``_text_`` at the edge of a unit stays emphasis.
FALLBACK_OPEN, FALLBACK_CLOSE = "<keys-l10n-source>", "</keys-l10n-source>"
_UNMARKABLE = frozenset({"image alt", "image title", "front matter"})
_BLOCK_TAGS = frozenset(
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
    }
)
_REF_TYPES = frozenset(
    {"Reference", "ReferenceUnknown", "Collapsed", "CollapsedUnknown", "Shortcut", "ShortcutUnknown"}
)


class FuzzyPolicy(enum.StrEnum):
    KEEP = "keep"
    INCLUDE = "include"
    MARK = "mark"


@dataclass(frozen=True, slots=True)
class BuildWarning:
    """A problem found while building; the booklet is still built. Printed as ``path:line: warning: ...``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: warning: {self.message}"


@dataclass(frozen=True, slots=True)
class Fallback:
    """A unit shown in the source language: ``reason`` is untranslated, fuzzy or missing (not in the catalog)."""

    line: int
    reason: str
    msgid: str


@dataclass(frozen=True, slots=True)
class WordCounts:
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    shown_translated: int = 0  # what the built booklet shows translated (translated + fuzzy if used)

    @property
    def complete(self) -> float:
        """Percentage of source words shown translated (100 for a booklet without words)."""
        return 100.0 if self.total == 0 else 100.0 * self.shown_translated / self.total


@dataclass(frozen=True)
class RebuiltBooklet:
    markdown: str
    html_markdown: str
    units: int
    words: WordCounts
    fallbacks: tuple[Fallback, ...] = ()
    warnings: tuple[BuildWarning, ...] = ()
    marks: tuple[str, ...] = ()  # index -> title of the fuzzy mark (previous source) in html_markdown

    @property
    def complete(self) -> float:
        return self.words.complete


# -- markup tokens -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Definitions:
    """The source's link reference definitions and footnote labels, appended when parsing a lone unit.

    Only the definitions a text may use (its label appears in the text) are appended, so that checking a
    unit costs about the same in a booklet with hundreds of links as in one without.
    """

    lines: tuple[tuple[str, str], ...] = ()  # (needle in lower case, definition line)

    @classmethod
    def of(cls, source: str) -> Definitions:
        refs: dict[str, tuple[str, str]] = {}
        notes: list[str] = []
        for event, _ in _events(source):
            if isinstance(event, str):
                continue
            kind = next(iter(event))
            value = event[kind]
            if kind == "Start" and isinstance(value, dict):
                tag = next(iter(value))
                data = value[tag]
                if tag in ("Link", "Image") and data.get("link_type") in _REF_TYPES and data.get("id"):
                    refs.setdefault(data["id"], (data.get("dest_url", ""), data.get("title", "")))
                elif tag == "FootnoteDefinition" and isinstance(data, str) and data not in notes:
                    notes.append(data)
        lines = []
        for label, (dest, title) in refs.items():
            if "\n" in label or "]" in label or any(c in dest for c in "<>\n"):
                continue
            quoted = (' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"') if title else ""
            lines.append((label.lower(), f"[{label}]: <{dest}>{quoted}"))
        lines.extend(
            (f"[^{label}]".lower(), f"[^{label}]: x") for label in notes if "]" not in label and "\n" not in label
        )
        return cls(tuple(lines))

    def suffix(self, text: str) -> str:
        if not self.lines or "[" not in text:
            return ""
        lower = text.lower()
        used = [line for needle, line in self.lines if needle in lower]
        return "\n\n" + "\n\n".join(used) + "\n" if used else ""


def _events(text: str) -> Iterator[tuple[Any, Any]]:
    try:
        events: Iterator[tuple[Any, Any]] = iter(pyromark.events_with_range(text, options=OPTIONS))
        yield from events
    except Exception:  # pragma: no cover - the parser accepts any text; never let a check break a build
        return


@dataclass(frozen=True)
class Markup:
    """The inline Markdown of one unit, reduced to what a translation must keep."""

    links: Counter[str] = field(default_factory=Counter)
    images: Counter[str] = field(default_factory=Counter)
    footnotes: Counter[str] = field(default_factory=Counter)
    emphasis: int = 0
    strong: int = 0
    strikethrough: int = 0
    code: Counter[str] = field(default_factory=Counter)
    html: Counter[str] = field(default_factory=Counter)
    blocks: tuple[str, ...] = ()


def markup_tokens(text: str, definitions: Definitions = Definitions()) -> Markup:
    """Parse ``text`` alone (with the source's definitions) and collect its markup tokens."""
    limit = len(text.encode("utf-8"))
    links: Counter[str] = Counter()
    images: Counter[str] = Counter()
    footnotes: Counter[str] = Counter()
    code: Counter[str] = Counter()
    html: Counter[str] = Counter()
    counts = {"Emphasis": 0, "Strong": 0, "Strikethrough": 0}
    blocks: list[str] = []
    for event, rng in _events(text + definitions.suffix(text)):
        if rng["start"] >= limit:
            break
        if isinstance(event, str):
            continue
        kind = next(iter(event))
        value = event[kind]
        if kind == "Start":
            tag = value if isinstance(value, str) else next(iter(value))
            if tag in counts:
                counts[tag] += 1
            elif tag == "Link":
                links[value["Link"].get("dest_url", "")] += 1
            elif tag == "Image":
                images[value["Image"].get("dest_url", "")] += 1
            elif tag in _BLOCK_TAGS:
                blocks.append(tag)
        elif kind == "FootnoteReference":
            footnotes[value] += 1
        elif kind == "Code":
            code[value] += 1
        elif kind in ("InlineHtml", "Html"):
            html[value.strip()] += 1
    return Markup(
        links,
        images,
        footnotes,
        counts["Emphasis"],
        counts["Strong"],
        counts["Strikethrough"],
        code,
        html,
        tuple(blocks),
    )


def _diff(name: str, source: Counter[str], target: Counter[str], show: str) -> Iterator[str]:
    lost = source - target
    added = target - source
    if lost and added and sum(lost.values()) == 1 and sum(added.values()) == 1:
        yield f"{name} changed: {show.format(next(iter(lost)))} -> {show.format(next(iter(added)))}"
        return
    for value in lost:
        yield f"{name} {show.format(value)} missing in the translation"
    for value in added:
        yield f"translation adds {name} {show.format(value)}"


_INLINE_SPECIAL = re.compile(r"[*_`\[\]<>!~\\&|\n]")
_BLOCK_LEAD = re.compile(r"^(?:\s|[#>=+\-*|]|\d{1,9}[.)])")


def _plain_text(text: str) -> bool:
    """True when ``text`` has no character that Markdown could read as markup (the common case in prose)."""
    return not _INLINE_SPECIAL.search(text) and not _BLOCK_LEAD.match(text)


def markup_problems(msgid: str, msgstr: str, definitions: Definitions = Definitions()) -> list[str]:
    """How the inline Markdown of ``msgstr`` differs from ``msgid``'s (empty when it is kept)."""
    if msgid == msgstr or (_plain_text(msgid) and _plain_text(msgstr)):
        return []
    src, dst = markup_tokens(msgid, definitions), markup_tokens(msgstr, definitions)
    problems = [
        *_diff("link target", src.links, dst.links, "{!r}"),
        *_diff("image target", src.images, dst.images, "{!r}"),
        *_diff("footnote reference", src.footnotes, dst.footnotes, "[^{}]"),
    ]
    for name, a, b in (
        ("emphasis", src.emphasis, dst.emphasis),
        ("strong emphasis", src.strong, dst.strong),
        ("strikethrough", src.strikethrough, dst.strikethrough),
    ):
        if a != b:
            problems.append(f"{name}: {a} in the source, {b} in the translation (one left open?)")
    problems += _diff("inline code", src.code, dst.code, "`{}`")
    problems += _diff("raw HTML", src.html, dst.html, "{!r}")
    if src.blocks != dst.blocks:
        problems.append(
            f"block structure changes: the source reads as {'/'.join(src.blocks) or 'nothing'}, the translation"
            f" as {'/'.join(dst.blocks) or 'nothing'} (a leading '#', '-', '1.' or '>'?)"
        )
    return problems


def neutralize_html(msgstr: str, allowed: Counter[str]) -> str:
    """Escape (``\\<``) every raw HTML tag of ``msgstr`` that is not among the source's ``allowed`` ones."""
    text = msgstr
    for _ in range(64):  # each pass escapes at least one tag; a block escaped may reveal inline tags
        data = text.encode("utf-8")
        budget = Counter(allowed)
        positions: list[int] = []
        for event, rng in _events(text):
            if isinstance(event, str):
                continue
            kind = next(iter(event))
            if kind not in ("InlineHtml", "Html"):
                continue
            raw = event[kind]
            if budget[raw.strip()] > 0:
                budget[raw.strip()] -= 1
                continue
            start = rng["start"]
            lead = len(raw) - len(raw.lstrip())
            pos = data.find(b"<", start + len(raw[:lead].encode("utf-8")), rng["end"])
            if pos >= 0 and (pos == 0 or data[pos - 1 : pos] != b"\\"):
                positions.append(pos)
        if not positions:
            return text
        for pos in sorted(set(positions), reverse=True):
            data = data[:pos] + b"\\" + data[pos:]
        text = data.decode("utf-8")
    return text.replace("<", "&lt;")  # pragma: no cover - pathological nesting


# -- the rebuild -------------------------------------------------------------------------------------------
def catalog_index(catalog: Catalog | None) -> dict[tuple[str | None, str], Entry]:
    """Live entries by (msgctxt, msgid); obsolete entries are never used."""
    if catalog is None:
        return {}
    return {entry.key: entry for entry in catalog.entries if not entry.obsolete and entry.msgid}


def rebuild(
    source: str,
    catalog: Catalog | None,
    *,
    fuzzy: FuzzyPolicy = FuzzyPolicy.KEEP,
    wrap: bool = True,
    source_path: str = "<source>",
    catalog_path: str = "<catalog>",
    segments: list[Segment] | None = None,
) -> RebuiltBooklet:
    """The localized Markdown of one booklet, with completeness, fallbacks and markup warnings."""
    units = list(segments) if segments is not None else segment(source)
    index = catalog_index(catalog)
    definitions = Definitions.of(source)
    can_mark = not any(c in source for c in (MARK_OPEN, MARK_MID, MARK_CLOSE))
    can_mark_source = FALLBACK_OPEN not in source and FALLBACK_CLOSE not in source
    chosen: dict[int, str] = {}  # position in units -> text to show
    marked: set[int] = set()
    fallbacks: list[Fallback] = []
    warnings: list[BuildWarning] = []
    warned: set[tuple[str | None, str]] = set()
    total = translated = fuzzy_words = untranslated = shown = 0
    missing = 0
    for position, seg in enumerate(units):
        size = word_count(seg.text)
        total += size
        entry = index.get(seg.key)
        if entry is None or not entry.translated:
            untranslated += size
            reason = "missing" if entry is None else ("fuzzy" if entry.fuzzy else "untranslated")
            missing += entry is None
            fallbacks.append(Fallback(seg.line, reason, seg.text))
            continue
        if entry.fuzzy:
            fuzzy_words += size
            if fuzzy is FuzzyPolicy.KEEP:
                fallbacks.append(Fallback(seg.line, "fuzzy", seg.text))
                continue
            if fuzzy is FuzzyPolicy.MARK and seg.kind not in _UNMARKABLE:
                marked.add(position)
        else:
            translated += size
        shown += size
        text = entry.msgstr
        problems = [] if entry.key in warned else markup_problems(seg.text, text, definitions)
        if seg.kind.startswith("heading") and "\n" in text:
            text = " ".join(text.split())  # a line break would end the heading
            problems.append("a line break in the translation of a heading (joined into one line)")
        chosen[position] = text
        warned.add(entry.key)
        for problem in problems:
            warnings.append(BuildWarning(catalog_path, entry.line, f"{problem} (source {source_path}:{seg.line})"))
    if missing:
        warnings.append(
            BuildWarning(
                catalog_path,
                0,
                f"{missing} unit(s) of {source_path} are not in the catalog and stay in the source language"
                " (run `keys-l10n extract` and `keys-l10n update`)",
            )
        )

    if wrap:
        units = [replace(seg, width=max(seg.width, MIN_WRAP_WIDTH)) if seg.width else seg for seg in units]
    positions = {id(seg): position for position, seg in enumerate(units)}

    def markdown_lookup(seg: Segment) -> str | None:
        position = positions[id(seg)]
        text = chosen.get(position)
        if text is not None and position in marked:
            return f"{text} {MARK_COMMENT}"
        return text

    marks: list[str] = []

    def html_lookup(seg: Segment) -> str | None:
        position = positions[id(seg)]
        text = chosen.get(position)
        if text is None:
            if can_mark_source and seg.kind not in _UNMARKABLE:
                return f"{FALLBACK_OPEN}{seg.text}{FALLBACK_CLOSE}"
            return None
        if text != seg.text and "<" in text:
            text = neutralize_html(text, markup_tokens(seg.text, definitions).html)
        if position in marked and can_mark:
            entry = index[seg.key]
            marks.append(entry.previous_msgid or "")
            return f"{MARK_OPEN}{len(marks) - 1}{MARK_MID}{text}{MARK_CLOSE}"
        return text

    markdown = render(source, markdown_lookup, wrap=wrap, segments=units)
    html_markdown = render(source, html_lookup, wrap=False, segments=units)
    counts = WordCounts(total, translated, fuzzy_words, untranslated, shown)
    return RebuiltBooklet(markdown, html_markdown, len(units), counts, tuple(fallbacks), tuple(warnings), tuple(marks))
