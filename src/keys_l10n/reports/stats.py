"""``keys-l10n stats`` output: rich table, JSON (``docs/stats-schema.json``), CSV, Markdown, HTML dashboard, badges.

Every renderer takes a ``StatsReport`` (and, for the dashboard, an optional ``History``) and returns text or a
rich renderable; the command writes it. Machine formats (JSON, CSV) carry plain numbers; human formats (table,
Markdown, HTML) give locale names and numbers in the reader's language (``ui_lang``), through ``locales.py``.
A percentage shown to people is rounded *down* (99.96 % shows as 99.9 %, never as a complete 100 %).
"""

from __future__ import annotations

import csv
import io
import math
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from ..i18n import chrome_lang, environment, translations
from ..locales import display_name, format_number, format_percent, text_direction
from ..sanitize import sanitized
from ..stats import STATES, CatalogProgress, Counts, Group, History, StatsReport

if TYPE_CHECKING:
    from rich.console import RenderableType

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
        """keys-l10n's own ``message`` in the reader's language (``i18n.py``)."""
        return translations(self.ui_lang).gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return translations(self.ui_lang).pgettext(context, message)


def floor_percent(value: float, decimals: int = 2) -> float:
    """Rounded down, so that only a complete catalog shows 100."""
    scale = 10.0**decimals
    return math.floor(value * scale + 1e-9) / scale


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


# -- Markdown -----------------------------------------------------------------------------------------------
def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _label(group: Group, view: View) -> list[str]:
    return [
        group.edition or view.pgettext("edition", "all"),
        view.name(group.lang) + f" (`{group.lang}`)" if group.lang else view.pgettext("language", "all"),
        group.booklet or view.pgettext("booklet", "all"),
    ]


def to_markdown(report: StatsReport, view: View, *, history: History | None = None) -> str:
    _ = view.gettext
    cells = (
        _("Edition"),
        _("Language"),
        _("Booklet"),
        _("Translated"),
        _("Fuzzy"),
        _("Untranslated"),
        _("Total words") if view.words else _("Total messages"),
        "%",
    )
    head = "| " + " | ".join(cells) + " |"
    title = _("Translation progress (by words)") if view.words else _("Translation progress (by messages)")
    lines = [f"# {title}", "", head, "|---|---|---|--:|--:|--:|--:|--:|"]

    def line(group: Group, strong: bool = False) -> str:
        c = group.counts
        pct = (
            _("missing")
            if group.catalogs and len(group.missing) == group.catalogs
            else view.percent(group.percent(words=view.words))
        )
        cells = [
            *_label(group, view),
            *(view.number(c.part(s, words=view.words)) for s in STATES),
            view.number(c.whole(words=view.words)),
            pct,
        ]
        cells = [f"**{_md(x)}**" if strong else _md(x) for x in cells]
        return "| " + " | ".join(cells) + " |"

    for group in report.groups(view.by):
        lines.append(line(group))
    if view.by != "edition":
        lines += ["", "## " + _("Totals"), "", head, "|---|---|---|--:|--:|--:|--:|--:|"]
        if view.by == "booklet":
            lines += [line(g) for g in report.locale_totals()]
        lines += [line(g, strong=True) for g in report.edition_totals()]
    missing = [r for r in report.rows if r.missing]
    if missing:
        lines += ["", "## " + _("Missing catalogs (counted as 0 %)"), ""]
        size = _("%(count)s words") if view.words else _("%(count)s messages")
        lines += [
            f"- `{r.path}` ({view.name(r.lang)}, {size % {'count': view.number(r.counts.whole(words=view.words))}})"
            for r in missing
        ]
    workload = _workload(report)
    if any(w["fuzzy_words"] or w["untranslated_words"] for w in workload):
        lines += [
            "",
            "## " + _("Work left per edition (words)"),
            "",
            "| "
            + " | ".join(
                (_("Edition"), _("To translate"), _("To review (fuzzy)"), _("of which changed by the edition"))
            )
            + " |",
            "|---|--:|--:|--:|",
        ]
        lines += [
            f"| {w['edition']} | {view.number(w['untranslated_words'])} | {view.number(w['fuzzy_words'])} "
            f"| {view.number(w['changed_words'])} |"
            for w in workload
        ]
        lines += ["", *(f"- {_work_sentence(w, view)}." for w in workload if "previous" in w)]
    if history is not None and history.points:
        lines += [
            "",
            "## " + _("Contributors"),
            "",
            "| " + " | ".join((_("Author"), _("Commits"), _("Translated words added"), _("Catalogs"))) + " |",
            "|---|--:|--:|---|",
        ]
        lines += [
            f"| {_md(c.author)} | {c.commits} | {view.number(c.words)} | {_md(', '.join(c.catalogs))} |"
            for c in history.contributors()
        ]
    return "\n".join(lines) + "\n"


def _workload(report: StatsReport) -> list[dict[str, Any]]:
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


def _work_sentence(w: dict[str, Any], view: View) -> str:
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


# -- terminal table -----------------------------------------------------------------------------------------
def bar_cells(counts: Counts, width: int, *, words: bool = True) -> tuple[int, int, int]:
    """Cells of a bar for translated, fuzzy, untranslated; full translated only when complete."""
    whole = counts.whole(words=words)
    if whole == 0:
        return (width, 0, 0) if counts.total == 0 else (0, 0, width)
    t = math.floor(width * counts.part("translated", words=words) / whole)
    f = math.floor(width * counts.part("fuzzy", words=words) / whole)
    if counts.part("fuzzy", words=words) and f == 0 and t + f < width:
        f = 1
    if t == width and counts.part("translated", words=words) < whole:
        t -= 1
    return t, f, width - t - f


def _table_rows(report: StatsReport, view: View) -> list[tuple[Group, str, bool]]:
    """The table's groups in order: (group, style, whether a section ends after it)."""
    rows: list[tuple[Group, str, bool]] = [(g, "", False) for g in report.groups(view.by)]
    if view.by != "edition":
        if rows:
            rows[-1] = (rows[-1][0], "", True)
        if view.by == "booklet":
            rows += [
                (Group(g.edition, g.lang, None, g.counts, g.missing, g.catalogs, g.unreadable), "", False)
                for g in report.locale_totals()
            ]
        rows += [(g, "bold", False) for g in report.edition_totals()]
    return rows


def _bar_width(width: int | None, names: list[list[str]], numbers: list[list[str]], heading: str) -> int:
    """The bar's width: BAR_WIDTH, narrowed (down to its heading's width) to fit ``width`` columns with the
    names and numbers whole."""
    if width is None:
        return BAR_WIDTH
    others = sum(max(map(len, column)) for column in (*names, *numbers))
    gaps = 2 * (len(names) + len(numbers))
    return max(len(heading), min(BAR_WIDTH, width - others - gaps))


def render_table(
    report: StatsReport, view: View, *, threshold: float | None = None, width: int | None = None
) -> RenderableType:
    """A rich table, one row per group, then the totals per locale and per edition. Numbers are never cut: when
    ``width`` (the console's) is narrow, the bar narrows first, then names wrap or are shortened (…)."""
    from rich import box
    from rich.console import Group as RichGroup
    from rich.table import Table
    from rich.text import Text

    _ = view.gettext
    rows = _table_rows(report, view)
    headings = [_("Edition"), _("Language"), *([_("Booklet")] if view.by == "booklet" else [])]
    limits = (10, 18, 16)
    names = [
        [
            group.edition or view.pgettext("edition", "all"),
            view.name(group.lang) if group.lang else view.pgettext("language", "all"),
            *([group.booklet or _("(total)")] if view.by == "booklet" else []),
        ]
        for group, _style, _end in rows
    ]
    numbers = [
        [
            view.percent(group.percent(words=view.words)),
            f"{view.number(group.counts.part('translated', words=view.words))}/"
            f"{view.number(group.counts.whole(words=view.words))}",
        ]
        for group, _style, _end in rows
    ]
    name_columns = [[h, *(r[i] for r in names)] for i, h in enumerate(headings)]
    number_columns = [["%", *(r[0] for r in numbers)], [_("Done/total"), *(r[1] for r in numbers)]]
    shown_names = [[x[: limits[i]] for x in column] for i, column in enumerate(name_columns)]
    bar_width = _bar_width(width, shown_names, number_columns, _("Progress"))
    table = Table(
        title=_("Translation progress by words") if view.words else _("Translation progress by messages"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        show_edge=False,
        header_style="bold",
    )
    # names may wrap (rich narrows wrappable columns first); numbers keep their full width (min_width)
    for heading, limit in zip(headings, limits, strict=False):
        table.add_column(heading, max_width=limit, min_width=min(4, len(heading)), overflow="ellipsis")
    table.add_column(_("Progress"), no_wrap=True, width=bar_width, overflow="crop")
    for column in number_columns:
        table.add_column(column[0], justify="right", no_wrap=True, min_width=max(map(len, column)))

    def bar(group: Group) -> Text:
        if group.catalogs and len(group.unreadable) == group.catalogs:
            return Text(_("unreadable").center(bar_width, "·"), style="bold red")
        if group.catalogs and len(group.missing) == group.catalogs:
            return Text(_("missing").center(bar_width, "·"), style="bold red")
        t, f, u = bar_cells(group.counts, bar_width, words=view.words)
        return Text.assemble(("█" * t, "green"), ("▓" * f, "yellow"), ("░" * u, "red"))

    for (group, style, end), cells, (percent, done) in zip(rows, names, numbers, strict=True):
        below = threshold is not None and group.percent(words=view.words) < threshold
        table.add_row(
            *cells, bar(group), Text(percent, style="bold red" if below else ""), done, style=style, end_section=end
        )
    notes: list[Any] = [table]
    legend = Text.assemble(
        "  ",
        ("█", "green"),
        " " + _("translated") + "  ",
        ("▓", "yellow"),
        " " + _("fuzzy") + "  ",
        ("░", "red"),
        " " + _("untranslated"),
    )
    notes.append(legend)

    def note(text: str, style: str) -> None:  # wrapped here: the console may not wrap (soft_wrap)
        notes.append(
            Text(
                textwrap.fill(
                    text,
                    width=min(78, width - 2) if width else 78,
                    initial_indent="  ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                    break_long_words=False,
                ),
                style=style,
            )
        )

    total = report.total()
    if total.obsolete:
        note(
            _("obsolete entries (not counted): %(messages)s messages, %(words)s words")
            % {"messages": view.number(total.obsolete), "words": view.number(total.obsolete_words)},
            "dim",
        )
    for w in _workload(report):
        if "previous" in w:
            note(
                _("%(sentence)s; %(words)s words of changed text are fuzzy, to review")
                % {"sentence": _work_sentence(w, view), "words": view.number(w["changed_words"])},
                "dim",
            )
    missing = [r for r in report.rows if r.missing]
    if missing:
        note(_("missing catalogs (counted as 0 %%): %(paths)s") % {"paths": ", ".join(r.path for r in missing)}, "red")
    for error in report.errors:
        note(_("unreadable catalog (counted as 0 %%): %(error)s") % {"error": error}, "red")
    return RichGroup(*notes)


def render_history_table(history: History, view: View, *, limit: int = 30) -> RenderableType:
    """The last commits (who changed which catalog) and the contributors."""
    from rich.console import Group as RichGroup
    from rich.table import Table

    _ = view.gettext
    commits = Table(
        title=_("Commits that changed catalogs"),
        title_justify="left",
        box=None,
        padding=(0, 1),
        pad_edge=False,
        header_style="bold",
    )
    commits.add_column(_("Date"), no_wrap=True)
    commits.add_column(_("Author"), max_width=18, overflow="ellipsis", no_wrap=True)
    commits.add_column(_("Catalogs"), max_width=32, overflow="fold")
    commits.add_column(_("Words"), justify="right", no_wrap=True)
    for point in history.points[-limit:]:
        delta = sum(c.translated_words_delta for c in point.changes)
        names = ", ".join(f"{c.edition}/{c.lang}/{c.booklet}" for c in point.changes) or "-"
        commits.add_row(point.date[:10], point.author, names, f"{'+' if delta > 0 else ''}{view.number(delta)}")
    people = Table(
        title=_("Contributors"), title_justify="left", box=None, padding=(0, 1), pad_edge=False, header_style="bold"
    )
    people.add_column(_("Author"), max_width=24, overflow="ellipsis", no_wrap=True)
    people.add_column(_("Commits"), justify="right")
    people.add_column(_("Words added"), justify="right")
    people.add_column(_("Languages"), max_width=24, overflow="fold")
    for c in history.contributors():
        people.add_row(
            c.author,
            view.number(c.commits),
            view.number(c.words),
            ", ".join(view.name(code) for code in c.words_by_lang),
        )
    return RichGroup(commits, "", people)


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
    plot_w, plot_h = width - left - right, height - upper - lower
    t0, t1 = min(times), max(times)
    span = (t1 - t0) or 1.0

    def x(t: float) -> float:
        return left + (plot_w * (t - t0) / span if t1 > t0 else plot_w / 2)

    def y(v: float) -> float:
        return upper + plot_h - plot_h * v / top

    aria = escape(_("Translated words per language over time"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{aria}">',
        f'<rect x="{left}" y="{upper}" width="{plot_w}" height="{plot_h}" fill="#fafafa" stroke="#ccc"/>',
    ]
    for i in range(5):
        value = top * i / 4
        yy = y(value)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#e0e0e0"/>')
        parts.append(
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(view.number(round(value)))}</text>"
        )
    ticks = [(t0, "start")] if t1 == t0 else [(t0 + span * i / 4, "middle") for i in range(5)]
    if len(ticks) > 1:
        ticks[0], ticks[-1] = (t0, "start"), (t1, "end")
    for t, anchor in ticks:
        label = datetime.fromtimestamp(t, tz=UTC).date().isoformat()
        parts.append(
            f'<text x="{x(t):.1f}" y="{upper + plot_h + 18}" text-anchor="{anchor}" font-size="11">{label}</text>'
        )
    for index, key in enumerate(keys):
        edition, lang = key
        name = view.name(lang) + (f" · {edition}" if several else "")
        colour = SERIES[index % len(SERIES)]
        coords = [(x(t), y(v)) for t, v in zip(times, values[key], strict=True)]
        # a step line: progress holds until the next commit
        path = [f"M{coords[0][0]:.1f},{coords[0][1]:.1f}"]
        for x1, y1 in coords[1:]:
            path.append(f"H{x1:.1f}V{y1:.1f}")
        parts.append(
            f'<path class="series" data-lang="{escape(lang)}" data-edition="{escape(edition)}" '
            f'd="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        for (cx, cy), v, p in zip(coords, values[key], points, strict=True):
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
        ly = upper + 14 + 18 * index
        parts.append(f'<rect x="{left + plot_w + 12}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{left + plot_w + 30}" y="{ly + 1}" font-size="12">{escape(name)} '
            f"({escape(view.number(values[key][-1]))})</text>"
        )
    axis = escape(_("translated words"))
    parts.append(f'<text x="{left}" y="{upper - 6}" font-size="11">{axis}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


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
    lang_totals = {(g.edition, g.lang): g for g in report.locale_totals()}
    edition_totals = {g.edition: g for g in report.edition_totals()}
    editions = []
    for edition in report.editions:
        rows = {(r.booklet, r.lang): r for r in report.rows if r.edition == edition}
        # a booklet's source size: its catalogs agree when they are up to date; take the largest
        per_booklet = {
            name: max(
                (rows[(name, code)].counts.whole(words=view.words) for code in report.locales if (name, code) in rows),
                default=0,
            )
            for name in report.booklets.get(edition, ())
        }
        editions.append(
            {
                "name": edition,
                "langs": [
                    {
                        "code": code,
                        "name": view.name(code),
                        "dir": text_direction(code),
                        "total": _cell(lang_totals[(edition, code)], view),
                        "badge": (badge_files or {}).get(f"{edition}-{code}.svg"),
                    }
                    for code in report.locales
                    if (edition, code) in lang_totals
                ],
                "booklets": [
                    {
                        "name": name,
                        "words": view.number(per_booklet[name]),
                        "words_raw": per_booklet[name],
                        "cells": [
                            _cell(rows[(name, code)], view) if (name, code) in rows else None for code in report.locales
                        ],
                    }
                    for name in report.booklets.get(edition, ())
                ],
                "total": _cell(edition_totals[edition], view) if edition in edition_totals else None,
                "source_total": view.number(sum(per_booklet.values())),
                "work_sentence": next(
                    (_work_sentence(w, view) for w in _workload(report) if w["edition"] == edition and "previous" in w),
                    "",
                ),
                "workload": {
                    k: view.number(v) if isinstance(v, int) else v
                    for k, v in next((w for w in _workload(report) if w["edition"] == edition), {}).items()
                },
            }
        )
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
        "editions": editions,
        "summary": summary,
        "missing": [r for r in report.rows if r.missing],
        "errors": report.errors,
        "warnings": report.warnings,
        "colours": COLOURS,
        "lang": shown_lang.replace("_", "-"),
        "dir": text_direction(shown_lang),
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
    return env.get_template("stats.html.j2").render(**context)
