"""Rebuild a localized booklet from its source Markdown and a catalog. Pure: text in, values out.

``rebuild(source, catalog)`` walks the source with the same walker as ``extract`` (``markdown_render.render``) and
replaces each unit by its translation; every other byte (list markers, indentation, quote markers, table pipes,
code and HTML blocks, reference definitions, blank lines, line endings) is copied from the source.

Fallback policy, unit by unit:

- translated entry: its msgstr is used;
- fuzzy entry: ``keep`` (default) shows the source text, ``include`` uses the fuzzy msgstr, ``mark`` uses it
  and marks it: an HTML comment ``<!--fuzzy-->`` after the unit in Markdown, a highlighted span whose title
  gives the previous source in HTML (image alt/title and front matter values are used but cannot be marked);
- untranslated entry, or no entry at all (catalog older than the source): the source text;
- a translation that would break the page (``BREAKING_CHECKS``: it changes the unit's blocks, loses or
  changes an image): the source text, with a warning (fallback reason ``broken``);
- obsolete entries are never used.

Completeness is counted in source words (whitespace-separated words of each unit, every occurrence):
the share of the booklet's words that the built booklet shows translated, so it follows the fuzzy policy.

Markup safety: each translation is checked by ``check``'s own Markdown checks (``checks.MARKUP_CHECKS``), msgid
and msgstr each read where the unit stands (``core/context.py``: a heading's text as a heading, a cell's in a table);
a problem is a ``BuildWarning`` naming the check. A breaking problem (above) keeps the source text; with the
others the translation is used. For HTML output ``html_markdown`` is the same booklet in which raw HTML that a
translation adds (and its source did not have) is escaped into plain text, read in the unit's place too, and
the private-use characters of fuzzy marks typed in a translation are replaced; ``adapters/html.py`` then passes the page
through an allowlist sanitizer.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .checks import MARKUP_CHECKS, Unit, markup_may_differ
from .context import MARK_CLOSE, MARK_MID, MARK_OPEN, fit, without_marks
from .inline import raw_html, reference_labels
from .markdown import segment
from .markdown_render import render
from .model import Catalog, Entry, Segment
from .wordcount import word_count

MARK_COMMENT = "<!--fuzzy-->"
# A hard-wrapped source paragraph is re-wrapped to its own width, but never narrower than this: two short
# lines ("Bread / with butter") are a deliberate break, not a column to fill.
MIN_WRAP_WIDTH = 40
# Units shown in the source language are wrapped in this (made-up) inline tag in ``html_markdown``, so that the
# page can give them their own ``lang``/``dir`` (see adapters/html.py). A tag, not a private-use character: ``<`` and
# ``>`` are punctuation for CommonMark's emphasis rules, so ``_text_`` at the edge of a unit stays emphasis.
FALLBACK_OPEN, FALLBACK_CLOSE = "<keys-l10n-source>", "</keys-l10n-source>"
_UNMARKABLE = frozenset({"image alt", "image title", "front matter", "front matter block"})
# Problems after which a translation is not used: it would change the page's blocks or lose or change an
# image. The other problems are warnings and the translation is used (raw HTML it adds is escaped).
BREAKING_CHECKS = frozenset({"structure", "image-targets"})


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
    """A unit shown in the source language: ``reason`` is untranslated, fuzzy, missing (not in the catalog) or
    broken (its translation would break the page, see ``BREAKING_CHECKS``)."""

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
    units: int
    words: WordCounts
    fallbacks: tuple[Fallback, ...] = ()
    warnings: tuple[BuildWarning, ...] = ()
    # (html_markdown, marks), rendered on first use: a build that writes no HTML or PDF never renders it
    html: Callable[[], tuple[str, tuple[str, ...]]] = field(default=lambda: ("", ()), compare=False, repr=False)

    @property
    def complete(self) -> float:
        return self.words.complete

    @property
    def html_markdown(self) -> str:
        """The booklet for the HTML page (see the module docstring)."""
        return self.html()[0]

    @property
    def marks(self) -> tuple[str, ...]:
        """Index -> title of the fuzzy mark (previous source) in ``html_markdown``."""
        return self.html()[1]


def _once(compute: Callable[[], tuple[str, tuple[str, ...]]]) -> Callable[[], tuple[str, tuple[str, ...]]]:
    done: list[tuple[str, tuple[str, ...]]] = []

    def get() -> tuple[str, tuple[str, ...]]:
        if not done:
            done.append(compute())
        return done[0]

    return get


# -- markup problems ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MarkupProblem:
    check: str  # the name of the check in ``checks.MARKUP_CHECKS`` that found it
    message: str

    @property
    def breaking(self) -> bool:
        """A problem that breaks the page: the translation is not used, the source text is shown instead."""
        return self.check in BREAKING_CHECKS

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


def markup_problems(
    msgid: str, msgstr: str, kind: str = "paragraph", labels: frozenset[str] = frozenset()
) -> list[MarkupProblem]:
    """How ``msgstr`` in a unit of ``kind`` breaks the Markdown of ``msgid``: ``check``'s own Markdown checks.

    ``labels``: the booklet's reference labels (``inline.reference_labels``).
    """
    if not markup_may_differ(msgid, msgstr):  # the checks' own shortcut, without building a Unit
        return []
    unit = Unit(Entry(msgid=msgid, msgstr=msgstr), msgid, msgstr, "", kind, labels)
    return [MarkupProblem(check.name, message) for check in MARKUP_CHECKS for message in check(unit)]


def allowed_html(msgid: str, kind: str = "paragraph") -> Counter[str]:
    """The raw HTML of the source unit, read in its place: a translation may use these tags, no other."""
    return Counter(raw.strip() for raw, _, _ in raw_html(msgid, kind))


def neutralize_html(msgstr: str, allowed: Counter[str], kind: str = "paragraph") -> str:
    """Escape (``\\<``) every raw HTML tag of ``msgstr``, read in a unit of ``kind``, not among ``allowed``."""
    text = msgstr
    for _ in range(64):  # each pass escapes at least one tag; a block escaped may reveal inline tags
        data = text.encode("utf-8")
        budget = Counter(allowed)
        positions: list[int] = []
        for raw, start, end in raw_html(text, kind):
            if budget[raw.strip()] > 0:
                budget[raw.strip()] -= 1
                continue
            pos = data.find(b"<", start, end)
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


@dataclass
class _Choices:
    """What the walk over the units chose: the text to show for each unit, and what it found on the way."""

    chosen: dict[int, str] = field(default_factory=dict)  # position in units -> text to show
    marked: set[int] = field(default_factory=set)
    fallbacks: list[Fallback] = field(default_factory=list)
    warnings: list[BuildWarning] = field(default_factory=list)
    missing: int = 0
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    shown: int = 0

    def counts(self) -> WordCounts:
        return WordCounts(self.total, self.translated, self.fuzzy, self.untranslated, self.shown)


def _fitted(text: str, seg: Segment, data: bytes) -> str:
    """The translation fitted to the unit's place (quoted values keep the source's quote character)."""
    if text == seg.text:
        return text
    quoted = seg.kind in ("image title", "front matter")
    quote = data[seg.start - 1 : seg.start].decode("utf-8", "replace") if quoted else '"'
    return fit(text, seg.kind, quote)


def _problem_messages(seg: Segment, entry: Entry, problems: list[MarkupProblem]) -> tuple[bool, list[str]]:
    """Whether the problems break the page, and the warning messages they give."""
    breaking = any(problem.breaking for problem in problems)
    messages = [
        f"translation not used, the source text is shown: {p}" if breaking and p.breaking else str(p) for p in problems
    ]
    if seg.kind.startswith("heading") and "\n" in entry.msgstr and not breaking:
        messages.append("a line break in the translation of a heading (joined into one line)")
    return breaking, messages


def _choose(
    source: str,
    units: list[Segment],
    index: dict[tuple[str | None, str], Entry],
    fuzzy: FuzzyPolicy,
    source_path: str,
    catalog_path: str,
) -> _Choices:
    """Walk the units: the text to show for each one (see the fallback policy), counts, fallbacks, warnings."""
    data = source.encode("utf-8")
    choices = _Choices()
    found: dict[tuple[str | None, str, str], list[MarkupProblem]] = {}
    labels: frozenset[str] | None = None
    for position, seg in enumerate(units):
        size = word_count(seg.text)
        choices.total += size
        entry = index.get(seg.key)
        if entry is None or not entry.translated:
            choices.untranslated += size
            reason = "missing" if entry is None else ("fuzzy" if entry.fuzzy else "untranslated")
            choices.missing += entry is None
            choices.fallbacks.append(Fallback(seg.line, reason, seg.text))
            continue
        if entry.fuzzy:
            choices.fuzzy += size
            if fuzzy is FuzzyPolicy.KEEP:
                choices.fallbacks.append(Fallback(seg.line, "fuzzy", seg.text))
                continue
        else:
            choices.translated += size
        text = _fitted(entry.msgstr, seg, data)
        where = (*entry.key, seg.kind)
        first_time = where not in found
        if first_time:
            if labels is None:
                labels = reference_labels(source)
            found[where] = markup_problems(seg.text, entry.msgstr, seg.kind, labels)
        breaking, messages = _problem_messages(seg, entry, found[where])
        if first_time:
            for message in messages:
                where_from = f"(source {source_path}:{seg.line})"
                choices.warnings.append(BuildWarning(catalog_path, entry.line, f"{message} {where_from}"))
        if breaking:
            choices.fallbacks.append(Fallback(seg.line, "broken", seg.text))
            continue
        if entry.fuzzy and fuzzy is FuzzyPolicy.MARK and seg.kind not in _UNMARKABLE:
            choices.marked.add(position)
        choices.shown += size
        choices.chosen[position] = text
    return choices


def _missing_warning(missing: int, source_path: str, catalog_path: str) -> BuildWarning:
    return BuildWarning(
        catalog_path,
        0,
        f"{missing} unit(s) of {source_path} are not in the catalog and stay in the source language"
        " (run `keys-l10n extract` and `keys-l10n update`)",
    )


def _html_renderer(
    source: str,
    units: list[Segment],
    positions: dict[int, int],
    choices: _Choices,
    index: dict[tuple[str | None, str], Entry],
) -> Callable[[], tuple[str, tuple[str, ...]]]:
    """Render ``html_markdown`` and its marks (see the module docstring)."""
    can_mark = not any(c in source for c in (MARK_OPEN, MARK_MID, MARK_CLOSE))
    can_mark_source = FALLBACK_OPEN not in source and FALLBACK_CLOSE not in source
    marks: list[str] = []

    def html_lookup(seg: Segment) -> str | None:
        position = positions[id(seg)]
        text = choices.chosen.get(position)
        if text is None:
            if can_mark_source and seg.kind not in _UNMARKABLE:
                return f"{FALLBACK_OPEN}{seg.text}{FALLBACK_CLOSE}"
            return None
        if text != seg.text:
            text = without_marks(text)
            if "<" in text:
                text = neutralize_html(text, allowed_html(seg.text, seg.kind), seg.kind)
        if position in choices.marked and can_mark:
            entry = index[seg.key]
            marks.append(entry.previous_msgid or "")
            return f"{MARK_OPEN}{len(marks) - 1}{MARK_MID}{text}{MARK_CLOSE}"
        return text

    def html() -> tuple[str, tuple[str, ...]]:
        marks.clear()
        return render(source, html_lookup, wrap=False, segments=units), tuple(marks)

    return html


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
    choices = _choose(source, units, index, fuzzy, source_path, catalog_path)
    warnings = list(choices.warnings)
    if choices.missing:
        warnings.append(_missing_warning(choices.missing, source_path, catalog_path))

    if wrap:
        units = [replace(seg, width=max(seg.width, MIN_WRAP_WIDTH)) if seg.width else seg for seg in units]
    positions = {id(seg): position for position, seg in enumerate(units)}

    def markdown_lookup(seg: Segment) -> str | None:
        position = positions[id(seg)]
        text = choices.chosen.get(position)
        if text is not None and position in choices.marked:
            return f"{text} {MARK_COMMENT}"
        return text

    markdown = render(source, markdown_lookup, wrap=wrap, segments=units)
    html = _html_renderer(source, units, positions, choices, index)
    return RebuiltBooklet(
        markdown, len(units), choices.counts(), tuple(choices.fallbacks), tuple(warnings), _once(html)
    )
