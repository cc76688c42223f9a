"""``stats`` for people in a terminal or a document: the rich table and Markdown."""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

from ..core.progress import STATES, Counts, Group, History, StatsReport
from .stats_view import (
    BAR_WIDTH,
    View,
    work_sentence,
    workload,
)

if TYPE_CHECKING:
    from rich.console import RenderableType


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
    loads = workload(report)
    if any(w["fuzzy_words"] or w["untranslated_words"] for w in loads):
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
            for w in loads
        ]
        lines += ["", *(f"- {work_sentence(w, view)}." for w in loads if "previous" in w)]
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


def _table_cells(rows: list[tuple[Group, str, bool]], view: View) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The name columns' headings, and per row its names and its numbers (percentage, done/total) as shown."""
    _ = view.gettext
    headings = [_("Edition"), _("Language"), *([_("Booklet")] if view.by == "booklet" else [])]
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
    return headings, names, numbers


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
    headings, names, numbers = _table_cells(rows, view)
    limits = (10, 18, 16)
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
    return RichGroup(table, *_table_notes(report, view, width))


def _table_notes(report: StatsReport, view: View, width: int | None) -> list[Any]:
    """What follows the table: the legend, then obsolete entries, the edition's workload, missing and unreadable
    catalogs, each wrapped to the console (which may not wrap: soft_wrap)."""
    from rich.text import Text

    _ = view.gettext
    notes: list[Any] = []
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

    def note(text: str, style: str) -> None:
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
    for w in workload(report):
        if "previous" in w:
            note(
                _("%(sentence)s; %(words)s words of changed text are fuzzy, to review")
                % {"sentence": work_sentence(w, view), "words": view.number(w["changed_words"])},
                "dim",
            )
    missing = [r for r in report.rows if r.missing]
    if missing:
        note(_("missing catalogs (counted as 0 %%): %(paths)s") % {"paths": ", ".join(r.path for r in missing)}, "red")
    for error in report.errors:
        note(_("unreadable catalog (counted as 0 %%): %(error)s") % {"error": error}, "red")
    return notes


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
