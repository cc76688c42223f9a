"""translate-toolkit's checks (pofilter's), reused for prose booklets through its filters API.

This module is an adapter (the only one that runs translate-toolkit's checks): it imports ``checks`` for the
``Unit`` and ``Level`` types, and ``checks`` never imports it; the caller composes both lists
(``checks.all_checks(lang, glossary, extra=ttk_checks(lang))``).

We call the test methods of ``translate.filters.checks.StandardChecker`` (configured for the target language
with ``CheckerConfig``) on the msgid and msgstr, exactly as ``pofilter`` does for each unit, and turn each
``FilterFailure`` into a finding. No subprocess.

Chosen, with our level and why:

- ``blank`` (error): a translation made only of spaces looks translated but prints nothing.
- ``escapes`` (warning): a backslash escape (``\\*``, ``\\[``) dropped or added changes how Markdown reads.
- ``newlines`` (warning): hard line breaks (a newline in a message) kept.
- ``doublespacing`` (warning): two spaces where the source has one are a typo in print.
- ``brackets`` (warning): a parenthesis or bracket lost; also catches a broken ``[text](url)``.
- ``urls`` (warning): bare URLs in the text kept (link targets are checked by ``link-targets``).
- ``emails`` (warning): e-mail addresses kept.
- ``sentencecount`` (info): a different number of sentences may mean a sentence was dropped; translators
  legitimately split and join sentences, so it only informs.
- ``unchanged`` (info): a translation identical to the source (fine for names, worth a look otherwise).
- ``short`` (warning) / ``long`` (info): a translation under a tenth of the source's length has probably lost
  text; a much longer one is rarer and usually explanatory.

Left out, because ours replace them with Markdown-aware versions or they do not fit prose: ``startwhitespace``,
``endwhitespace`` (our ``whitespace``), ``endpunc`` (``end-punctuation``), ``numbers`` (``numbers``, which
ignores numbers inside URLs and footnote labels), ``doublewords`` (``doubled-words``), ``xmltags``
(``html-tags``: ttk's tag regex also fires on autolinks ``<https://…>`` and inside code spans), ``variables``,
``printf``, ``pythonbraceformat``, ``accelerators``, ``options``, ``functions``, ``filepaths``,
``kdecomments``, ``acronyms``, ``validchars``, ``credits`` (software strings, not booklets),
``puncspacing`` (Markdown link brackets and French spacing make it noisy), ``startcaps``,
``simplecaps``, ``startpunc`` (Spanish ``¿``/``¡`` and headings make them noisy), ``singlequoting`` and
``doublequoting`` (apostrophes and language-specific quotes « » “ ” make them noisy), ``spellcheck`` (needs
dictionaries), ``musttranslatewords``/``notranslatewords`` (our glossary), ``untranslated`` (untranslated
entries are never checked; ``keys-l10n stats`` counts them), ``compendiumconflicts``, ``purepunc``,
``simpleplurals``, ``tabs``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.checks import Level, Unit
from ..core.langcode import base_language

# (name, level, explanation)
TTK_CHECKS: tuple[tuple[str, Level, str], ...] = (
    ("blank", "error", "the translation is only whitespace"),
    ("escapes", "warning", "backslash escapes (\\* \\[ ...) as in the source"),
    ("newlines", "warning", "hard line breaks (newlines) as in the source"),
    ("doublespacing", "warning", "no double spaces the source does not have"),
    ("brackets", "warning", "as many ( ) [ ] { } as the source"),
    ("urls", "warning", "bare URLs of the text kept"),
    ("emails", "warning", "e-mail addresses kept"),
    ("short", "warning", "the translation is much shorter than the source (text lost?)"),
    ("long", "info", "the translation is much longer than the source"),
    ("sentencecount", "info", "as many sentences as the source"),
    ("unchanged", "info", "the translation is identical to the source"),
)


_SENTENCE_BREAK = re.compile(r"[.!?…։؟।。！？።\u06d4]\s")

# A check runs only when this says it may fail: each test is a necessary condition for the check's failure
# (``unchanged`` compares case-folded stripped texts because our checker has no accelerators or variables).
# Running translate-toolkit's regular expressions on every message would cost more than all our checks.
MAY_FAIL: dict[str, Callable[[str, str], bool]] = {
    "escapes": lambda s, t: "\\" in s or "\\" in t,
    "newlines": lambda s, t: "\n" in s or "\n" in t or "\r" in s or "\r" in t,
    "doublespacing": lambda s, t: "  " in s or "  " in t,
    "urls": lambda s, t: any(m in s or m in t for m in ("http", "www.", "ftp:")),
    "emails": lambda s, t: "@" in s or "@" in t,
    "sentencecount": lambda s, t: bool(_SENTENCE_BREAK.search(s) or _SENTENCE_BREAK.search(t)),
    "unchanged": lambda s, t: s.strip().lower() == t.strip().lower(),
    "brackets": lambda s, t: any(s.count(b) != t.count(b) for b in "()[]{}"),
}


@functools.lru_cache(maxsize=32)
def _checker(lang: str) -> Any:
    from translate.filters.checks import CheckerConfig, StandardChecker

    base = base_language(lang) if lang != "xx" else None
    names = [name for name, _, _ in TTK_CHECKS]
    return StandardChecker(checkerconfig=CheckerConfig(targetlanguage=base), limitfilters=names)


@dataclass(frozen=True)
class TtkCheck:
    """One translate-toolkit test method, run on (msgid, msgstr) as pofilter runs it."""

    name: str
    level: Level
    explanation: str
    lang: str
    origin: str = "translate-toolkit"

    def applies(self, lang: str) -> bool:
        return True

    def __call__(self, unit: Unit) -> list[str]:
        source = unit.cache.get("nfc_source")
        if source is None:
            source = unit.cache["nfc_source"] = unicodedata.normalize("NFC", unit.source)
            unit.cache["nfc_target"] = unicodedata.normalize("NFC", unit.target)
        target = unit.cache["nfc_target"]
        assert isinstance(source, str) and isinstance(target, str)
        may_fail = MAY_FAIL.get(self.name)
        if may_fail is not None and not may_fail(source, target):
            return []
        checker = _checker(self.lang)
        if len(checker.results_cache) > 4096:
            checker.results_cache = {}
        try:
            passed = getattr(checker, self.name)(source, target)
        except _filter_failure() as failure:
            return [str(failure)]
        except Exception as exc:  # a bug in a third-party check must not stop the run; say which
            return [f"translate-toolkit's check failed on this entry ({type(exc).__name__}: {exc})"]
        return [] if passed else [f"translate-toolkit check {self.name} failed"]


@functools.cache
def _filter_failure() -> type[Exception]:
    from translate.filters.checks import FilterFailure

    return FilterFailure


def ttk_checks(lang: str) -> list[TtkCheck]:
    return [TtkCheck(name, level, explanation, lang) for name, level, explanation in TTK_CHECKS]
