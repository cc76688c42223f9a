"""``stats`` machine formats: JSON (``docs/stats-schema.json``) and CSV, plain numbers."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..core.progress import CatalogProgress, Counts, Group, History, StatsReport
from .stats_view import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    View,
    floor_percent,
)


# -- machine formats ----------------------------------------------------------------------------------------
def _counts_json(counts: Counts) -> dict[str, Any]:
    return {
        "messages": {
            "translated": counts.translated,
            "fuzzy": counts.fuzzy,
            "untranslated": counts.untranslated,
            "total": counts.total,
            "obsolete": counts.obsolete,
            "changed": counts.changed,
        },
        "words": {
            "translated": counts.translated_words,
            "fuzzy": counts.fuzzy_words,
            "untranslated": counts.untranslated_words,
            "total": counts.total_words,
            "obsolete": counts.obsolete_words,
            "changed": counts.changed_words,
        },
    }


def _percent_json(item: CatalogProgress | Group) -> dict[str, float]:
    return {"words": floor_percent(item.percent(words=True)), "messages": floor_percent(item.percent(words=False))}


def _row_json(row: CatalogProgress, view: View) -> dict[str, Any]:
    return {
        "edition": row.edition,
        "lang": row.lang,
        "lang_name": view.name(row.lang),
        "booklet": row.booklet,
        "path": row.path,
        "missing": row.missing,
        "error": row.error,
        **_counts_json(row.counts),
        "percent": _percent_json(row),
    }


def _group_json(group: Group, view: View) -> dict[str, Any]:
    return {
        "edition": group.edition,
        "lang": group.lang,
        "lang_name": view.name(group.lang) if group.lang else None,
        "booklet": group.booklet,
        "catalogs": group.catalogs,
        "missing": list(group.missing),
        "unreadable": list(group.unreadable),
        **_counts_json(group.counts),
        "percent": _percent_json(group),
    }


def to_json(
    report: StatsReport, view: View, *, threshold: float | None = None, history: History | None = None
) -> dict[str, Any]:
    """The document described by ``docs/stats-schema.json``."""
    missing = tuple(f"{r.edition}/{r.lang}/{r.booklet}" for r in report.rows if r.missing)
    unreadable = tuple(f"{r.edition}/{r.lang}/{r.booklet}" for r in report.rows if r.error)
    everything = Group(None, None, None, report.total(), missing, len(report.rows), unreadable)
    data: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "basis": view.basis,
        "by": view.by,
        "ui_lang": view.ui_lang,
        "editions": list(report.editions),
        "locales": [{"code": code, "name": view.name(code)} for code in report.locales],
        "catalogs": [_row_json(row, view) for row in report.rows],
        "groups": [_group_json(g, view) for g in report.groups(view.by)],
        "locale_totals": [_group_json(g, view) for g in report.locale_totals()],
        "edition_totals": [_group_json(g, view) for g in report.edition_totals()],
        "total": _group_json(everything, view),
        "edition_work": [
            {
                "edition": w.edition,
                "previous": w.previous,
                "messages": w.messages,
                "words": w.words,
                "new_messages": w.new_messages,
                "new_words": w.new_words,
            }
            for w in report.work
        ],
        "warnings": list(report.warnings),
        "errors": list(report.errors),
    }
    if threshold is not None:
        data["fail_under"] = {
            "threshold": threshold,
            "below": [g.key for g in report.below(threshold, words=view.words)],
        }
    if history is not None:
        data["history"] = history_json(history)
    return data


def history_json(history: History) -> dict[str, Any]:
    return {
        "shallow": history.shallow,
        "commits": [
            {
                "commit": p.commit,
                "date": p.date,
                "author": p.author,
                "email": p.email,
                "summary": p.summary,
                "progress": [{"edition": ed, "lang": lang, **_counts_json(c)} for (ed, lang), c in p.progress.items()],
                "changes": [
                    {
                        "path": c.path,
                        "edition": c.edition,
                        "lang": c.lang,
                        "booklet": c.booklet,
                        "translated_words_delta": c.translated_words_delta,
                        "translated_delta": c.translated_delta,
                    }
                    for c in p.changes
                ],
            }
            for p in history.points
        ],
        "contributors": [
            {
                "author": c.author,
                "email": c.email,
                "commits": c.commits,
                "catalogs": list(c.catalogs),
                "words_by_lang": dict(c.words_by_lang),
                "words": c.words,
            }
            for c in history.contributors()
        ],
        "warnings": list(history.warnings),
    }


CSV_FIELDS = (
    "edition",
    "lang",
    "lang_name",
    "booklet",
    "catalogs",
    "missing",
    "translated",
    "fuzzy",
    "untranslated",
    "total",
    "obsolete",
    "changed",
    "translated_words",
    "fuzzy_words",
    "untranslated_words",
    "total_words",
    "obsolete_words",
    "changed_words",
    "percent_words",
    "percent_messages",
)


def to_csv(report: StatsReport, view: View) -> str:
    """One line per group of ``view.by`` (per catalog by default); ``missing`` names the missing catalogs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for group in report.groups(view.by):
        c = group.counts
        writer.writerow(
            [
                group.edition or "",
                group.lang or "",
                view.name(group.lang) if group.lang else "",
                group.booklet or "",
                group.catalogs,
                " ".join(group.missing),
                c.translated,
                c.fuzzy,
                c.untranslated,
                c.total,
                c.obsolete,
                c.changed,
                c.translated_words,
                c.fuzzy_words,
                c.untranslated_words,
                c.total_words,
                c.obsolete_words,
                c.changed_words,
                f"{floor_percent(group.percent(words=True)):.2f}",
                f"{floor_percent(group.percent(words=False)):.2f}",
            ]
        )
    return out.getvalue()


HISTORY_CSV_FIELDS = (
    "commit",
    "date",
    "author",
    "email",
    "edition",
    "lang",
    "translated",
    "total",
    "translated_words",
    "total_words",
    "changed_catalogs",
)


def history_csv(history: History) -> str:
    """One line per commit x edition x locale: the progress at that commit and the catalogs it changed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_CSV_FIELDS)
    for point in history.points:
        for (edition, lang), c in point.progress.items():
            changed = " ".join(x.path for x in point.changes if (x.edition, x.lang) == (edition, lang))
            writer.writerow(
                [
                    point.commit,
                    point.date,
                    point.author,
                    point.email,
                    edition,
                    lang,
                    c.translated,
                    c.total,
                    c.translated_words,
                    c.total_words,
                    changed,
                ]
            )
    return out.getvalue()
