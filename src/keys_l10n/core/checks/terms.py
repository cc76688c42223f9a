"""The glossary checks: a term of the source lacks the series' translation, or is translated a forbidden way."""

from __future__ import annotations

from dataclasses import dataclass

from ..glossary import Glossary, contains, stems
from .base import Level, Unit, quote


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
                    f"{quote(term.term)} is translated {quote(bad)}, which the glossary forbids; "
                    f"use {quote(term.translation)}"
                )
            elif not self.forbidden and bad is None and not contains(target, required):
                messages.append(f"{quote(term.term)} should be translated {quote(term.translation)}")
        return messages
