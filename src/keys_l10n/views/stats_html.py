"""``stats`` as a self-contained HTML dashboard, with SVG badges and the history chart."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..adapters.i18n import Markup, chrome_lang, environment, escape
from ..adapters.locales import text_direction
from ..adapters.sanitize import sanitized
from ..core.progress import STATES, CatalogProgress, Counts, Group, History, HistoryPoint, StatsReport
from .stats_view import (
    COLOURS,
    SERIES,
    View,
    floor_percent,
    work_sentence,
    workload,
)


# -- HTML dashboard and badges ------------------------------------------------------------------------------
def badge_colour(percent: float) -> str:
    if percent >= 100:
        return "#2e7d32"
    if percent >= 80:
        return "#7cb342"
    if percent >= 50:
        return "#f9a825"
    return "#c62828"


def _text_width(text: str) -> int:
    return 10 + sum(7 if ch.isupper() or ch in "%mwMW" else 6 for ch in text)


def badge_svg(label: str, value: str, percent: float) -> str:
    """A flat badge ``label | value`` (shields.io style) a README can embed."""
    left, right = _text_width(label), _text_width(value)
    width = left + right
    colour = badge_colour(percent)
    label_e, value_e = escape(label), escape(value)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{label_e}: {value_e}"><title>{label_e}: {value_e}</title>'
        f'<rect width="{width}" height="20" rx="3" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" rx="3" fill="{colour}"/>'
        f'<rect x="{left}" width="4" height="20" fill="{colour}"/>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2:.1f}" y="14">{label_e}</text>'
        f'<text x="{left + right / 2:.1f}" y="14">{value_e}</text></g></svg>\n'
    )


def badges(report: StatsReport, view: View) -> dict[str, str]:
    """``{"<edition>-<lang>.svg": svg}`` for every edition x locale (translated share by ``view.basis``)."""
    out = {}
    for group in report.locale_totals():
        pct = group.percent(words=view.words)
        label = f"{group.lang} {group.edition}"
        out[f"{group.edition}-{group.lang}.svg"] = badge_svg(label, view.percent(pct), pct)
    return out


def _bar(counts: Counts, words: bool) -> dict[str, float]:
    whole = counts.whole(words=words)
    if whole == 0:
        return {"translated": 100.0 if counts.total == 0 else 0.0, "fuzzy": 0.0, "untranslated": 0.0}
    return {s: round(100.0 * counts.part(s, words=words) / whole, 3) for s in STATES}


def _cell(item: CatalogProgress | Group, view: View) -> dict[str, Any]:
    missing = (
        item.missing or bool(item.error)
        if isinstance(item, CatalogProgress)
        else bool(item.catalogs and len(item.missing) == item.catalogs)
    )
    c = item.counts
    pct = item.percent(words=view.words)
    return {
        "missing": missing,
        "percent": floor_percent(pct),
        "percent_text": view.percent(pct),
        "bar": _bar(c, view.words),
        "done": view.number(c.part("translated", words=view.words)),
        "whole": view.number(c.whole(words=view.words)),
        "parts": {s: view.number(c.part(s, words=view.words)) for s in STATES},
        "messages": {s: view.number(c.part(s, words=False)) for s in STATES},
        "words": {s: view.number(c.part(s, words=True)) for s in STATES},
        "obsolete": view.number(c.obsolete),
        "path": item.path if isinstance(item, CatalogProgress) else "",
        "title": view.gettext(
            "%(translated)s translated, %(fuzzy)s fuzzy, %(untranslated)s untranslated words; "
            "%(done)s of %(total)s messages"
        )
        % {
            "translated": view.number(c.translated_words),
            "fuzzy": view.number(c.fuzzy_words),
            "untranslated": view.number(c.untranslated_words),
            "done": view.number(c.translated),
            "total": view.number(c.total),
        },
    }


@dataclass(frozen=True)
class _Plot:
    """The chart's plotting area and scales: time on x, words on y (``top`` at the top)."""

    left: int
    upper: int
    plot_w: int
    plot_h: int
    t0: float
    t1: float
    top: int

    @property
    def span(self) -> float:
        return (self.t1 - self.t0) or 1.0

    def x(self, t: float) -> float:
        return self.left + (self.plot_w * (t - self.t0) / self.span if self.t1 > self.t0 else self.plot_w / 2)

    def y(self, v: float) -> float:
        return self.upper + self.plot_h - self.plot_h * v / self.top


def history_svg(history: History, view: View, *, width: int = 760, height: int = 300) -> Markup:
    """A step chart of translated words per locale (per edition x locale when several editions) over time.

    Inline SVG with no script; each point has a tooltip (date, author, words).
    """
    _ = view.gettext
    points = history.points
    keys = sorted({key for p in points for key in p.progress})
    if not points or not keys:
        return Markup("")
    several = len({edition for edition, _ in keys}) > 1
    times = [datetime.fromisoformat(p.date).timestamp() for p in points]
    values = {key: [p.progress[key].translated_words if key in p.progress else 0 for p in points] for key in keys}
    top = max(1, *(max(v) for v in values.values()))
    step = int(10 ** max(0, len(str(top)) - 1))
    top = math.ceil(top / step) * step
    left, right, upper, lower = 70, 170, 20, 40
    plot = _Plot(left, upper, width - left - right, height - upper - lower, min(times), max(times), top)
    aria = escape(_("Translated words per language over time"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{aria}">',
        f'<rect x="{left}" y="{upper}" width="{plot.plot_w}" height="{plot.plot_h}" fill="#fafafa" stroke="#ccc"/>',
    ]
    parts += _value_axis(plot, view)
    parts += _time_axis(plot)
    for index, key in enumerate(keys):
        edition, lang = key
        name = view.name(lang) + (f" · {edition}" if several else "")
        parts += _series(plot, view, index, key, name, times, values[key], points)
    axis = escape(_("translated words"))
    parts.append(f'<text x="{left}" y="{upper - 6}" font-size="11">{axis}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _value_axis(plot: _Plot, view: View) -> list[str]:
    """Five horizontal grid lines, labelled with their number of words."""
    parts: list[str] = []
    for i in range(5):
        value = plot.top * i / 4
        yy = plot.y(value)
        parts.append(
            f'<line x1="{plot.left}" x2="{plot.left + plot.plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e0e0e0"/>'
        )
        parts.append(
            f'<text x="{plot.left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(view.number(round(value)))}</text>"
        )
    return parts


def _time_axis(plot: _Plot) -> list[str]:
    """Dates under the plot: the first and last, three between (one date when all points share a time)."""
    t0, t1 = plot.t0, plot.t1
    ticks = [(t0, "start")] if t1 == t0 else [(t0 + plot.span * i / 4, "middle") for i in range(5)]
    if len(ticks) > 1:
        ticks[0], ticks[-1] = (t0, "start"), (t1, "end")
    parts: list[str] = []
    for t, anchor in ticks:
        label = datetime.fromtimestamp(t, tz=UTC).date().isoformat()
        parts.append(
            f'<text x="{plot.x(t):.1f}" y="{plot.upper + plot.plot_h + 18}" text-anchor="{anchor}" font-size="11">'
            f"{label}</text>"
        )
    return parts


def _series(
    plot: _Plot,
    view: View,
    index: int,
    key: tuple[str, str],
    name: str,
    times: list[float],
    values: list[int],
    points: tuple[HistoryPoint, ...],
) -> list[str]:
    """One edition x locale: its step line, a point with a tooltip per commit, and its legend entry."""
    _ = view.gettext
    edition, lang = key
    colour = SERIES[index % len(SERIES)]
    coords = [(plot.x(t), plot.y(v)) for t, v in zip(times, values, strict=True)]
    # a step line: progress holds until the next commit
    path = [f"M{coords[0][0]:.1f},{coords[0][1]:.1f}"]
    for x1, y1 in coords[1:]:
        path.append(f"H{x1:.1f}V{y1:.1f}")
    parts = [
        f'<path class="series" data-lang="{escape(lang)}" data-edition="{escape(edition)}" '
        f'd="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>'
    ]
    for (cx, cy), v, p in zip(coords, values, points, strict=True):
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"><title>'
            + str(
                escape(
                    _("%(language)s: %(words)s words, %(date)s %(author)s")
                    % {"language": name, "words": view.number(v), "date": p.date[:10], "author": p.author}
                )
            )
            + "</title></circle>"
        )
    legend_x, ly = plot.left + plot.plot_w, plot.upper + 14 + 18 * index
    parts.append(f'<rect x="{legend_x + 12}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>')
    parts.append(
        f'<text x="{legend_x + 30}" y="{ly + 1}" font-size="12">{escape(name)} '
        f"({escape(view.number(values[-1]))})</text>"
    )
    return parts


@sanitized
def to_html(
    report: StatsReport,
    view: View,
    *,
    history: History | None = None,
    badge_files: dict[str, str] | None = None,
    title: str | None = None,
) -> str:
    """The self-contained dashboard (``templates/stats.html.j2``), its words in ``view.ui_lang``."""
    env = environment(view.ui_lang, trim_blocks=True, lstrip_blocks=True)
    shown_lang = chrome_lang(view.ui_lang)
    summary = [
        {
            "edition": g.edition,
            "code": g.lang,
            "name": view.name(g.lang or ""),
            **_cell(g, view),
            "words_raw": g.counts.whole(words=view.words),
        }
        for g in report.locale_totals()
    ]
    context = {
        "title": title if title is not None else view.gettext("Translation progress"),
        "basis": view.basis,
        "editions": [_edition_context(report, view, edition, badge_files or {}) for edition in report.editions],
        "summary": summary,
        "missing": [r for r in report.rows if r.missing],
        "errors": report.errors,
        "warnings": report.warnings,
        "colours": COLOURS,
        "lang": shown_lang.replace("_", "-"),
        "dir": text_direction(shown_lang),
        **_history_context(history, view),
    }
    return env.get_template("stats.html.j2").render(**context)


def _edition_context(report: StatsReport, view: View, edition: str, badge_files: dict[str, str]) -> dict[str, Any]:
    """One edition's section of the dashboard: its locales' totals and badges, its booklets x locales, its work."""
    lang_totals = {(g.edition, g.lang): g for g in report.locale_totals()}
    edition_totals = {g.edition: g for g in report.edition_totals()}
    rows = {(r.booklet, r.lang): r for r in report.rows if r.edition == edition}
    # a booklet's source size: its catalogs agree when they are up to date; take the largest
    per_booklet = {
        name: max(
            (rows[(name, code)].counts.whole(words=view.words) for code in report.locales if (name, code) in rows),
            default=0,
        )
        for name in report.booklets.get(edition, ())
    }
    return {
        "name": edition,
        "langs": [
            {
                "code": code,
                "name": view.name(code),
                "dir": text_direction(code),
                "total": _cell(lang_totals[(edition, code)], view),
                "badge": badge_files.get(f"{edition}-{code}.svg"),
            }
            for code in report.locales
            if (edition, code) in lang_totals
        ],
        "booklets": [
            {
                "name": name,
                "words": view.number(per_booklet[name]),
                "words_raw": per_booklet[name],
                "cells": [_cell(rows[(name, code)], view) if (name, code) in rows else None for code in report.locales],
            }
            for name in report.booklets.get(edition, ())
        ],
        "total": _cell(edition_totals[edition], view) if edition in edition_totals else None,
        "source_total": view.number(sum(per_booklet.values())),
        "work_sentence": next(
            (work_sentence(w, view) for w in workload(report) if w["edition"] == edition and "previous" in w),
            "",
        ),
        "workload": {
            k: view.number(v) if isinstance(v, int) else v
            for k, v in next((w for w in workload(report) if w["edition"] == edition), {}).items()
        },
    }


def _history_context(history: History | None, view: View) -> dict[str, Any]:
    """The dashboard's history part: the chart, the contributors and the last 100 commits."""
    return {
        "history": history,
        "chart": history_svg(history, view) if history is not None else Markup(""),
        "contributors": [
            {
                "author": c.author,
                "commits": view.number(c.commits),
                "words": view.number(c.words),
                "words_raw": c.words,
                "langs": ", ".join(view.name(x) for x in c.words_by_lang),
                "catalogs": ", ".join(c.catalogs),
            }
            for c in (history.contributors() if history is not None else [])
        ],
        "commits": [
            {
                "date": p.date[:16].replace("T", " "),
                "commit": p.commit[:10],
                "author": p.author,
                "summary": p.summary,
                "changes": [
                    (c.path, f"{'+' if c.translated_words_delta > 0 else ''}{view.number(c.translated_words_delta)}")
                    for c in p.changes
                ],
            }
            for p in reversed(history.points[-100:] if history is not None else ())
        ],
        "shallow": bool(history and history.shallow),
    }
