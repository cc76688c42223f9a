"""Quality checks on translations: a Check is a name, a level, a one-line explanation and a function.

Pure code: no files, no printing. ``run_checks`` takes the entries of one catalog and the checks for its
language and returns Findings. The Markdown checks compare the inline tokens and the block structure
(``inline.parse_unit``, pulldown-cmark's events) of the msgid and of the msgstr, each read where the unit stands in
its booklet (its block type is the entry's ``type:`` comment, see ``context.py``); ``build`` runs the same
``MARKUP_CHECKS`` on every translation it uses (one rule for both); the translate-toolkit checks live in
``ttk.py``; the glossary check takes a ``Glossary`` (``glossary.py``).

Only translated entries are checked (fuzzy ones too with ``include_fuzzy``); an entry flagged
``#, keys-l10n-ignore:NAME`` is not checked by the check NAME (``keys-l10n-ignore:all``: by none).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Protocol

from .context import kind_of
from .glossary import Glossary, contains, stems
from .inline import ParsedUnit, Token, parse_unit, plain_text
from .model import Entry

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")
IGNORE_FLAG = "keys-l10n-ignore:"


def level_rank(level: str) -> int:
    """0 for error, 1 for warning, 2 for info."""
    return LEVELS.index(level)


def base_language(lang: str) -> str:
    return lang.replace("-", "_").split("_")[0].lower()


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    level: Level
    check: str
    message: str
    msgid: str

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "level": self.level,
            "check": self.check,
            "message": self.message,
            "msgid": self.msgid,
        }


@dataclass
class Unit:
    """One (source, translation) pair of an entry (a plural entry gives one Unit per form), parsed lazily."""

    entry: Entry
    source: str
    target: str
    lang: str
    kind: str = "paragraph"  # the unit's block type (``context.py``)
    labels: frozenset[str] = frozenset()  # the booklet's reference labels, when known (``inline.reference_labels``)
    cache: dict[str, object] = field(default_factory=dict)

    @cached_property
    def source_parsed(self) -> ParsedUnit:
        return parse_unit(self.source, self.kind, self.labels)

    @cached_property
    def target_parsed(self) -> ParsedUnit:
        return parse_unit(self.target, self.kind, self.labels)

    @cached_property
    def source_tokens(self) -> list[Token]:
        return list(self.source_parsed.tokens)

    @cached_property
    def target_tokens(self) -> list[Token]:
        return list(self.target_parsed.tokens)

    @cached_property
    def source_plain(self) -> str:
        return plain_text(self.source_tokens)

    @cached_property
    def target_plain(self) -> str:
        return plain_text(self.target_tokens)


class Check(Protocol):
    """What every check offers: ``name``, ``level``, ``explanation`` (one line), ``origin``, and a call."""

    @property
    def name(self) -> str: ...

    @property
    def level(self) -> Level: ...

    @property
    def explanation(self) -> str: ...

    @property
    def origin(self) -> str: ...

    def applies(self, lang: str) -> bool: ...

    def __call__(self, unit: Unit) -> list[str]: ...


@dataclass(frozen=True)
class FunctionCheck:
    """A check made of a function ``Unit -> list of messages`` (empty when the unit passes)."""

    name: str
    level: Level
    explanation: str
    function: Callable[[Unit], list[str]]
    languages: frozenset[str] | None = None  # base language codes it applies to; None: all
    origin: str = "keys-l10n"

    def applies(self, lang: str) -> bool:
        return self.languages is None or base_language(lang) in self.languages

    def __call__(self, unit: Unit) -> list[str]:
        return self.function(unit)


# -- helpers ---------------------------------------------------------------------------------------------
def _quote(value: str, limit: int = 60) -> str:
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return f"‘{value}’"


def _multiset_diff(source: Iterable[str], target: Iterable[str]) -> tuple[list[str], list[str]]:
    """(missing from target, added in target), each in first-seen order, with repetitions."""
    source, target = list(source), list(target)
    if source == target:
        return [], []
    src, tgt = Counter(source), Counter(target)
    return list((src - tgt).elements()), list((tgt - src).elements())


def _targets(tokens: list[Token], kind: str) -> list[str]:
    return [t.value for t in tokens if t.kind == kind and not t.closing]


# -- Markdown: links, images, footnotes, code ------------------------------------------------------------
def _compare_targets(unit: Unit, kind: str, noun: str) -> list[str]:
    missing, added = _multiset_diff(_targets(unit.source_tokens, kind), _targets(unit.target_tokens, kind))
    messages = []
    if missing and added and len(missing) == len(added):
        for old, new in zip(missing, added, strict=True):
            messages.append(f"{noun} target {_quote(old)} became {_quote(new)}; keep the source's target")
        return messages
    messages += [f"{noun} target {_quote(old)} of the source is missing" for old in missing]
    messages += [f"{noun} target {_quote(new)} is not in the source" for new in added]
    return messages


def check_link_targets(unit: Unit) -> list[str]:
    return _compare_targets(unit, "link", "link")


def check_image_targets(unit: Unit) -> list[str]:
    return _compare_targets(unit, "image", "image")


def check_footnotes(unit: Unit) -> list[str]:
    missing, added = _multiset_diff(_targets(unit.source_tokens, "footnote"), _targets(unit.target_tokens, "footnote"))
    return [f"footnote reference [^{label}] of the source is missing" for label in missing] + [
        f"footnote reference [^{label}] is not in the source" for label in added
    ]


def check_inline_code(unit: Unit) -> list[str]:
    missing, added = _multiset_diff(_targets(unit.source_tokens, "code"), _targets(unit.target_tokens, "code"))
    return [f"code span `{_quote(code)[1:-1]}` of the source is missing or changed" for code in missing] + [
        f"code span `{_quote(code)[1:-1]}` is not in the source" for code in added
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
    missing, added = _multiset_diff(_stray_markers(unit.source_tokens), _stray_markers(unit.target_tokens))
    del missing
    return [f"unmatched {_quote(run)}: an emphasis marker is left open or closes nothing" for run in added]


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
    missing, added = _multiset_diff(source_tags, target_tags)
    return [f"HTML {_quote(tag)} of the source is missing or changed" for tag in missing] + [
        f"HTML {_quote(tag)} is not in the source: do not add raw HTML" for tag in added
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
    _, added = _multiset_diff(_unsafe(unit.source_tokens), target)
    return messages + [f"translation adds an unsafe {what}; the booklet's HTML page would run it" for what in added]


# -- whitespace, punctuation, numbers, words --------------------------------------------------------------
def _edge_space(text: str, end: bool) -> str:
    stripped = text.rstrip() if end else text.lstrip()
    return text[len(stripped) :] if end else text[: len(text) - len(stripped)]


def check_whitespace(unit: Unit) -> list[str]:
    messages = []
    for end, where in ((False, "starts"), (True, "ends")):
        source, target = _edge_space(unit.source, end), _edge_space(unit.target, end)
        if source != target:
            messages.append(
                f"the source {where} with {repr(source) if source else 'no whitespace'} "
                f"but the translation with {repr(target) if target else 'none'}"
            )
    return messages


_CLOSING = "\"'”’»›)]}*_ \t\n\u00a0\u202f"
_FINAL = {
    ".": ".",
    "。": ".",
    "．": ".",
    "।": ".",
    ":": ":",
    "：": ":",
    "?": "?",
    "？": "?",
    "؟": "?",
    "¿": "?",
    "!": "!",
    "！": "!",
    "¡": "!",
    "…": "…",
    ";": ";",
    "；": ";",
}


def final_mark(plain: str, lang: str = "en") -> str:
    """The final punctuation class of a text: ``.``, ``:``, ``?``, ``!``, ``…``, ``;`` or ``""``.

    Closing quotes, brackets and spaces after it do not count (``“Keys.”`` and ``« Clés ».`` both end with
    ``.``), a space before it neither (French ``?`` ``!`` ``:`` ``;``), ``...`` is ``…``, full-width and
    Arabic marks are their Latin equivalents, and a Greek ``;`` is a question mark.
    """
    text = plain.rstrip(_CLOSING)
    if text.endswith("..."):
        return "…"
    if not text:
        return ""
    mark = _FINAL.get(text[-1], "")
    if mark == ";" and base_language(lang) == "el":
        return "?"
    return mark


def check_end_punctuation(unit: Unit) -> list[str]:
    source = final_mark(unit.source_plain, "en")
    target = final_mark(unit.target_plain, unit.lang)
    if source == target:
        return []
    what = {"": "no final punctuation"}
    return [
        f"the source ends with {what.get(source, _quote(source))} but the translation with "
        f"{what.get(target, _quote(target))}"
    ]


_DIGITS = re.compile(r"\d+")


def _numbers(text: str) -> list[str]:
    out = []
    for run in _DIGITS.findall(text):
        try:
            out.append(str(int(run)))
        except ValueError:  # pragma: no cover - \d only matches decimal digits
            out.append(run)
    return out


def check_numbers(unit: Unit) -> list[str]:
    source = _numbers(unit.source_plain)
    target = _numbers(unit.target_plain)
    if not source and not target:
        return []
    missing, added = _multiset_diff(source, target)
    messages = []
    if missing:
        messages.append(f"number(s) of the source missing in the translation: {', '.join(missing)}")
    if added:
        messages.append(f"number(s) not in the source: {', '.join(added)}")
    return messages


_OPENERS = {"¿": "?", "¡": "!"}
_URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)


def check_spanish_marks(unit: Unit) -> list[str]:
    """Every ``¿``/``¡`` is closed later by ``?``/``!`` and every ``?``/``!`` was opened (in the text)."""
    text = unit.target_plain
    if not any(c in text for c in "¿¡?!"):
        return []
    text = _URL.sub(" ", text)  # an autolink's ?query is not a question
    messages = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, index))
        elif char in "?!":
            if stack:
                opener, _ = stack.pop()
                # ¿…! and ¡…? are accepted (RAE allows mixing them for questions that are exclamations)
                del opener
            else:
                context = text[max(0, index - 30) : index + 1]
                messages.append(
                    f"{_quote(char)} without an opening {_quote('¿' if char == '?' else '¡')}: …{context.strip()}"
                )
    for opener, index in stack:
        context = text[index : index + 30]
        messages.append(f"{_quote(opener)} never closed by {_quote(_OPENERS[opener])}: {context.strip()}…")
    return messages


_WORDS = re.compile(r"\w+(?:['’]\w+)*")
_VALID_DOUBLES = {"fr": frozenset({"nous", "vous"}), "en": frozenset({"that", "had"})}


def _doubled(text: str, lang: str) -> list[str]:
    words = _WORDS.findall(text)
    allowed = _VALID_DOUBLES.get(base_language(lang), frozenset())
    found = []
    for first, second in itertools.pairwise(words):
        if first.casefold() == second.casefold() and not first.isdigit() and first.casefold() not in allowed:
            found.append(first.casefold())
    return found


def check_doubled_words(unit: Unit) -> list[str]:
    target = _doubled(unit.target_plain, unit.lang)
    if not target:
        return []
    source = _doubled(unit.source_plain, "")
    if len(target) <= len(source):  # the source repeats words on purpose ("very very": "muy muy")
        return []
    _, added = _multiset_diff(source, target)
    return [f"the word {_quote(word)} is repeated" for word in (added or target)[: len(target) - len(source)]]


# -- glossary ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GlossaryCheck:
    """Required translations of glossary terms (``forbidden=False``) or forbidden alternatives (``True``)."""

    glossary: Glossary
    forbidden: bool = False
    origin: str = "keys-l10n"

    @property
    def name(self) -> str:
        return "glossary-forbidden" if self.forbidden else "glossary"

    @property
    def level(self) -> Level:
        return "error" if self.forbidden else "warning"

    @property
    def explanation(self) -> str:
        if self.forbidden:
            return "a glossary term is translated with one of its forbidden alternatives"
        return "a glossary term of the source lacks the series' translation (matched by stems, any case)"

    def applies(self, lang: str) -> bool:
        return bool(self.glossary)

    def __call__(self, unit: Unit) -> list[str]:
        source = unit.cache.get("source_stems")
        if source is None and not self.glossary.may_contain(unit.source_plain):
            source = unit.cache["source_stems"] = ()
        if source is None:
            source = stems(unit.source_plain, self.glossary.source_lang)
            unit.cache["source_stems"] = source
        if not source:
            return []
        target = unit.cache.get("target_stems")
        if target is None:
            target = stems(unit.target_plain, unit.lang)
            unit.cache["target_stems"] = target
        assert isinstance(source, tuple) and isinstance(target, tuple)
        messages = []
        words = set(source)
        for term, term_stems, required, forbidden in self.glossary.compiled:
            if term_stems[0] not in words or not contains(source, term_stems):
                continue
            # one finding per term: the first forbidden alternative found (``acompañador`` and
            # ``acompañadora`` have the same stems), and no "lacks" warning when a forbidden one is there
            bad = next((b for b, s in zip(term.forbidden, forbidden, strict=True) if contains(target, s)), None)
            if self.forbidden and bad is not None:
                messages.append(
                    f"{_quote(term.term)} is translated {_quote(bad)}, which the glossary forbids; "
                    f"use {_quote(term.translation)}"
                )
            elif not self.forbidden and bad is None and not contains(target, required):
                messages.append(f"{_quote(term.term)} should be translated {_quote(term.translation)}")
        return messages


# -- the list ------------------------------------------------------------------------------------------------
MARKDOWN_CHECKS: tuple[FunctionCheck, ...] = (
    FunctionCheck(
        "structure",
        "error",
        "the translation, read where it stands (heading, table cell...), keeps the source's blocks, links, images"
        " and footnote references",
        check_structure,
    ),
    FunctionCheck(
        "link-targets", "error", "link targets (URLs, [reference] labels) identical to the source's", check_link_targets
    ),
    FunctionCheck("image-targets", "error", "image sources identical to the source's", check_image_targets),
    FunctionCheck(
        "footnotes", "error", "every footnote reference [^n] of the source kept, none added", check_footnotes
    ),
    FunctionCheck(
        "markup-balance", "error", "no emphasis marker (* ** _ ~~) left open or closing nothing", check_markup_balance
    ),
    FunctionCheck(
        "emphasis-count",
        "warning",
        "as many emphasis, strong and strikethrough spans as the source",
        check_emphasis_count,
    ),
    FunctionCheck("inline-code", "error", "inline code spans identical to the source's", check_inline_code),
    FunctionCheck(
        "html-tags", "error", "the source's HTML tags kept (tag and attributes), no new raw HTML", check_html_tags
    ),
    FunctionCheck(
        "unsafe-markup",
        "error",
        "no <script>, on*= attribute or javascript: link the source lacks",
        check_unsafe_markup,
    ),
    FunctionCheck("whitespace", "warning", "leading and trailing whitespace as in the source", check_whitespace),
    FunctionCheck(
        "end-punctuation",
        "warning",
        "final . : ? ! … as in the source (French spacing, ¿…?, closing quotes allowed)",
        check_end_punctuation,
    ),
    FunctionCheck("numbers", "warning", "every number and date of the source present, none added", check_numbers),
    FunctionCheck(
        "spanish-marks",
        "error",
        "Spanish ¿ and ¡ paired with ? and !",
        check_spanish_marks,
        languages=frozenset({"es"}),
    ),
    FunctionCheck("doubled-words", "warning", "no word repeated by mistake (“de de”, “la la”)", check_doubled_words),
)


def all_checks(lang: str, glossary: Glossary | None = None, *, ttk: bool = True) -> list[Check]:
    """Every check that applies to ``lang``: ours, translate-toolkit's, the glossary's."""
    checks: list[Check] = [c for c in MARKDOWN_CHECKS if c.applies(lang)]
    if ttk:
        from .ttk import ttk_checks

        checks.extend(c for c in ttk_checks(lang) if c.applies(lang))
    if glossary:
        checks += [GlossaryCheck(glossary), GlossaryCheck(glossary, forbidden=True)]
    return checks


def _from_reader(_: Unit) -> list[str]:
    return []  # found by the PO reader while reading the file (po.Problem), not per unit


# What ``msgfmt --check`` reports about a catalog that gettext still reads: the reader finds them (po.validate),
# ``check`` reports them as errors under these names, every other command as warnings.
GETTEXT_CHECKS: tuple[FunctionCheck, ...] = (
    FunctionCheck(
        "gettext-format",
        "error",
        "c-format/python-format/python-brace-format directives differ as msgfmt --check compares them",
        _from_reader,
        origin="msgfmt --check",
    ),
    FunctionCheck(
        "gettext-plural-forms",
        "error",
        "Plural-Forms missing, malformed or out of range, or a plural entry with another number of forms",
        _from_reader,
        origin="msgfmt --check",
    ),
    FunctionCheck(
        "gettext-newlines",
        "error",
        "msgid and msgstr disagree on a leading or trailing \\n",
        _from_reader,
        origin="msgfmt --check",
    ),
    FunctionCheck(
        "gettext-header", "error", "header fields not separated by \\n", _from_reader, origin="msgfmt --check"
    ),
    FunctionCheck(
        "po-syntax",
        "error",
        "the file cannot be read (gettext's tools refuse it too); the other catalogs are still checked",
        _from_reader,
        origin="PO reader",
    ),
)


def catalog_of_checks() -> list[Check]:
    """Every check for ``--list`` (the glossary ones with an empty glossary)."""
    from .ttk import ttk_checks

    empty = Glossary("xx")
    return [
        *GETTEXT_CHECKS,
        *MARKDOWN_CHECKS,
        *ttk_checks("xx"),
        GlossaryCheck(empty),
        GlossaryCheck(empty, forbidden=True),
    ]


def ignored_checks(entry: Entry) -> frozenset[str]:
    return frozenset(flag[len(IGNORE_FLAG) :].strip() for flag in entry.flags if flag.startswith(IGNORE_FLAG))


# The checks of the Markdown a translation must keep: ``build`` runs these on every translation it uses.
MARKUP_CHECKS: tuple[FunctionCheck, ...] = tuple(
    c
    for c in MARKDOWN_CHECKS
    if c.name
    in {
        "structure",
        "link-targets",
        "image-targets",
        "footnotes",
        "markup-balance",
        "emphasis-count",
        "inline-code",
        "html-tags",
        "unsafe-markup",
    }
)


def units_of(entry: Entry, lang: str, labels: frozenset[str] = frozenset()) -> list[Unit]:
    kind = kind_of(entry.extracted_comments)
    if entry.msgid_plural is None:
        return [Unit(entry, entry.msgid, entry.msgstr, lang, kind, labels)]
    return [
        Unit(entry, entry.msgid if index == 0 else entry.msgid_plural, form, lang, kind, labels)
        for index, form in enumerate(entry.msgstr_plural)
    ]


def should_check(entry: Entry, include_fuzzy: bool = False) -> bool:
    if entry.obsolete or entry.is_header or not entry.translated:
        return False
    return include_fuzzy or not entry.fuzzy


def run_checks(
    entries: Sequence[Entry],
    checks: Sequence[Check],
    *,
    path: str,
    lang: str,
    include_fuzzy: bool = False,
    labels: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The findings of ``checks`` on the translated entries, in entry order (see the module's docstring).

    ``labels``: the reference labels of the booklet the catalog translates, when known.
    """
    findings: list[Finding] = []
    for entry in entries:
        if not should_check(entry, include_fuzzy):
            continue
        ignored = ignored_checks(entry)
        if "all" in ignored:
            continue
        active = [c for c in checks if c.name not in ignored]
        for unit in units_of(entry, lang, labels):
            for check in active:
                for message in check(unit):
                    findings.append(Finding(path, entry.line, check.level, check.name, message, entry.msgid))
    return findings
