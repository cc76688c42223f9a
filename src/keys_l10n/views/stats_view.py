"""The presentation shared by every ``stats`` output: the View (grouping, basis, reader's language), rounding,
the workload sentences."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..adapters.i18n import translations
from ..adapters.locales import display_name, format_number, format_percent
from ..core.progress import StatsReport

SCHEMA_ID = "https://keys-l10n.example.org/schemas/stats-1.json"
SCHEMA_VERSION = 1
BAR_WIDTH = 20
COLOURS = {"translated": "#2e7d32", "fuzzy": "#f9a825", "untranslated": "#c62828"}
SERIES = ("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#4e342e")


@dataclass(frozen=True, slots=True)
class View:
    """How to present a report: grouping, basis (words or messages) and the reader's language."""

    by: str = "booklet"
    words: bool = True
    ui_lang: str | None = None

    @property
    def basis(self) -> str:
        return "words" if self.words else "messages"

    def name(self, code: str) -> str:
        return display_name(code, in_locale=self.ui_lang)

    def number(self, value: int) -> str:
        return format_number(value, self.ui_lang)

    def percent(self, value: float) -> str:
        return format_percent(floor_percent(value, 1), self.ui_lang)

    def gettext(self, message: str) -> str:
        """keys-l10n's own ``message`` in the reader's language (``adapters/i18n.py``)."""
        return translations(self.ui_lang).gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return translations(self.ui_lang).pgettext(context, message)


def floor_percent(value: float, decimals: int = 2) -> float:
    """Rounded down, so that only a complete catalog shows 100."""
    scale = 10.0**decimals
    return math.floor(value * scale + 1e-9) / scale


def workload(report: StatsReport) -> list[dict[str, Any]]:
    work = {w.edition: w for w in report.work}
    out = []
    for g in report.edition_totals():
        item: dict[str, Any] = {
            "edition": g.edition,
            "untranslated_words": g.counts.untranslated_words,
            "fuzzy_words": g.counts.fuzzy_words,
            "changed_words": g.counts.changed_words,
            "untranslated": g.counts.untranslated,
            "fuzzy": g.counts.fuzzy,
        }
        brought = work.get(g.edition or "")
        if brought is not None:
            item |= {
                "previous": brought.previous,
                "new_messages": brought.new_messages,
                "new_words": brought.new_words,
                "source_messages": brought.messages,
                "source_words": brought.words,
            }
        out.append(item)
    return out


def work_sentence(w: dict[str, Any], view: View) -> str:
    """``2021 brought 297 of its 545 source words (5 of 8 messages) as new or edited text since 2014``."""
    message = view.gettext(
        "%(edition)s brought %(new_words)s of its %(source_words)s source words (%(new_messages)s of "
        "%(source_messages)s messages) as new or edited text since %(previous)s"
    )
    return message % {
        "edition": w["edition"],
        "new_words": view.number(w["new_words"]),
        "source_words": view.number(w["source_words"]),
        "new_messages": view.number(w["new_messages"]),
        "source_messages": view.number(w["source_messages"]),
        "previous": w["previous"],
    }
