"""``keys-l10n compare`` output: rich table, Markdown, JSON (``docs/compare-schema.json``) and an HTML page.

Every renderer takes a ``Comparison`` and returns text (or a rich renderable); the command writes it.

Counts are units and source words of the new edition, so that the classes but *removed* add up to the whole
new edition; *removed* counts units and words of the old edition. A split counts its new units, a merge its
one new unit.

In Markdown a word diff marks deletions ``[-old-]`` and insertions ``{+new+}`` (as GNU wdiff does); in HTML
they are ``<del>`` and ``<ins>``, the old text on the left, the new on the right.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..adapters.i18n import chrome_lang, environment, translations
from ..adapters.locales import text_direction
from ..adapters.sanitize import sanitized
from ..core.alignment import CHANGES, Alignment, Change, Pair, Tally
from ..core.langcode import base_language
from ..core.model import Segment
from ..usecases.compare import BookletComparison, Comparison

if TYPE_CHECKING:
    from rich.console import RenderableType

TABLE_WIDTH = 100
COLOURS = {
    Change.UNCHANGED: "dim",
    Change.MOVED: "cyan",
    Change.EDITED: "yellow",
    Change.SPLIT: "magenta",
    Change.MERGED: "magenta",
    Change.ADDED: "green",
    Change.REMOVED: "red",
}


def change_words(ui_lang: str | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(label of each change class, its description, label of each booklet status) in the reader's language.

    The class names themselves (``edited``) stay English in JSON, CSS classes and ``#show=`` addresses.
    """
    _ = translations(ui_lang).gettext
    labels = {
        "unchanged": _("unchanged"),
        "moved": _("moved"),
        "edited": _("edited"),
        "split": _("split"),
        "merged": _("merged"),
        "added": _("added"),
        "removed": _("removed"),
    }
    descriptions = {
        "unchanged": _("same text, same place"),
        "moved": _("same text, another place"),
        "edited": _("similar text, with a word diff"),
        "split": _("one old unit became several"),
        "merged": _("several old units became one"),
        "added": _("only in the new edition"),
        "removed": _("only in the old edition"),
    }
    statuses = {"same": "", "renamed": _("renamed"), "added": labels["added"], "removed": labels["removed"]}
    return labels, descriptions, statuses


def similarity(value: float) -> str:
    """Rounded down to two decimals: only identical texts show 1.00."""
    return f"{math.floor(value * 100 + 1e-9) / 100:.2f}"


def units(tally: Tally) -> int:
    """Units shown for a class: the new edition's, or the old one's for removed units."""
    return tally.new_units if tally.new_units else tally.old_units


# -- table ----------------------------------------------------------------------------------------------
def render_table(comparison: Comparison) -> RenderableType:
    """Per booklet, the units and words of each class, and a total row; fits in 100 columns."""
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"{comparison.old.name} -> {comparison.new.name}",
        title_justify="left",
        pad_edge=False,
        show_footer=True,
        collapse_padding=True,
    )
    table.add_column("booklet", footer="total", no_wrap=False, max_width=22, overflow="fold")
    table.add_column("", footer="units\nwords", no_wrap=True, style="dim", footer_style="dim")
    totals = comparison.totals()
    for change in CHANGES:
        tally = totals[change]
        table.add_column(
            str(change),
            justify="right",
            no_wrap=True,
            header_style=f"bold {COLOURS[change]}",
            footer=f"{units(tally):,}\n{tally.words:,}",
        )
    for booklet in comparison.booklets:
        counts = booklet.totals()
        label = booklet.label if booklet.status in ("same", "renamed") else f"{booklet.name} ({booklet.status})"
        table.add_row(label, "units", *(f"{units(counts[c]):,}" for c in CHANGES))
        table.add_row("", "words", *(f"{counts[c].words:,}" for c in CHANGES), end_section=True)
    return table


def table_text(comparison: Comparison, *, width: int = TABLE_WIDTH) -> str:
    """The table as plain text (for ``-o FILE``)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, highlight=False, color_system=None, soft_wrap=False)
    console.print(render_table(comparison))
    console.print(summary_line(comparison))
    return buffer.getvalue()


def summary_line(comparison: Comparison) -> str:
    """The totals in one line; then one line per couple of booklets that units moved between."""
    totals = comparison.totals()
    parts = [f"{units(totals[c]):,} {c}" for c in CHANGES if totals[c].pairs]
    count = len(comparison.booklets)
    line = f"{count} booklet{'' if count == 1 else 's'}: " + (", ".join(parts) or "nothing to compare")
    for (source, target), (moved, other) in between_booklets(comparison).items():
        line += f"\n  {source} -> {target}: {moved:,} moved"
        if other:
            line += f", {other:,} edited, split or merged"
    return line


def between_booklets(comparison: Comparison) -> dict[tuple[str, str], tuple[int, int]]:
    """New units that came from another booklet, by (old booklet, new booklet): (moved, other changes); with
    ``--booklet``, only those from or to the booklet shown."""
    sources = {b.old_name for b in comparison.booklets}
    targets = {b.new_name for b in comparison.booklets}
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for booklet in comparison.all_booklets or comparison.booklets:
        for pair in booklet.alignment.pairs:
            if not pair.old_elsewhere or pair.elsewhere is None or booklet.new_name is None:
                continue
            key = (pair.elsewhere.booklet, booklet.new_name)
            if key[0] not in sources and key[1] not in targets:
                continue
            moved, changed = out.get(key, (0, 0))
            count = len(pair.new)
            out[key] = (moved + count, changed) if pair.change is Change.MOVED else (moved, changed + count)
    return dict(sorted(out.items()))


# -- Markdown -------------------------------------------------------------------------------------------
def _location(path: str | None, alignment: Alignment, indexes: tuple[int, ...], *, old: bool) -> str:
    segments = alignment.old if old else alignment.new
    if not indexes:
        return "—"
    return _place(path, tuple(segments[k] for k in indexes))


def _place(path: str | None, segments: tuple[Segment, ...]) -> str:
    lines = ", ".join(str(seg.line) for seg in segments)
    first = segments[0]
    section = " › ".join(first.headings)
    where = f"{path or '?'}:{lines}"
    return f"{where} ({first.kind}{', in ' + section if section else ''})"


Paths = dict[tuple[str, str], "str | None"]


def _side(booklet: BookletComparison, pair: Pair, paths: Paths, *, old: bool) -> tuple[str, str]:
    """Where one side of a pair is (``—`` if nowhere) and its text; in another booklet for a unit that moved
    between booklets."""
    alignment = booklet.alignment
    other = pair.elsewhere
    if other is not None and (pair.old_elsewhere if old else pair.new_elsewhere):
        path = paths.get(("old" if old else "new", other.booklet))
        return _place(path, other.segments), " ".join(seg.text for seg in other.segments)
    indexes = pair.old if old else pair.new
    segments = alignment.old if old else alignment.new
    where = _location(booklet.old_path if old else booklet.new_path, alignment, indexes, old=old)
    return where, " ".join(segments[k].text for k in indexes)


_CONTAINED_SHARE = 0.75  # of the shorter text's characters kept: shortened or lengthened, not rewritten


def _elsewhere_note(pair: Pair) -> str:
    """ ", from booklet X" or ", to booklet X" for a pair whose units moved between booklets."""
    if pair.elsewhere is None:
        return ""
    return f", {'from' if pair.old_elsewhere else 'to'} {pair.elsewhere.booklet}"


def _shape_note(pair: Pair, threshold: float) -> str:
    """Why an edit below the similarity threshold was paired: one text contains most of the other (shortened,
    lengthened), or it is a rewrite in its place between paired neighbours."""
    if pair.change is not Change.EDITED or pair.similarity >= threshold or not pair.diff:
        return ""
    old = sum(len(text) for op, text in pair.diff if op != "insert")
    new = sum(len(text) for op, text in pair.diff if op != "delete")
    kept = sum(len(text) for op, text in pair.diff if op == "equal")
    if kept < _CONTAINED_SHARE * min(old, new):
        return ", rewritten in place"
    return ", shortened" if new < old else ", lengthened"


def _md_diff(diff: tuple[tuple[str, str], ...]) -> str:
    out = []
    for op, text in diff:
        if op == "delete":
            out.append(f"[-{text}-]")
        elif op == "insert":
            out.append(f"{{+{text}+}}")
        else:
            out.append(text)
    return "".join(out)


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def _md_pair(booklet: BookletComparison, pair: Pair, paths: Paths, threshold: float) -> list[str]:
    old_where, old_text = _side(booklet, pair, paths, old=True)
    new_where, new_text = _side(booklet, pair, paths, old=False)
    title = str(pair.change)
    if pair.change in (Change.EDITED, Change.SPLIT, Change.MERGED):
        title += f", similarity {similarity(pair.similarity)}{_shape_note(pair, threshold)}"
        if pair.change is not Change.EDITED:
            count_old = len(pair.elsewhere.units) if pair.old_elsewhere and pair.elsewhere else len(pair.old)
            count_new = len(pair.elsewhere.units) if pair.new_elsewhere and pair.elsewhere else len(pair.new)
            title += f", {count_old} → {count_new} units"
    if pair.moved:
        title += ", moved"
    title += _elsewhere_note(pair)
    lines = [f"### {title}", ""]
    lines.append(f"- old: {old_where}")
    lines.append(f"- new: {new_where}")
    lines.append("")
    if pair.change is Change.ADDED:
        body = f"{{+{new_text}+}}"
    elif pair.change is Change.REMOVED:
        body = f"[-{old_text}-]"
    elif pair.change is Change.MOVED:
        body = new_text
    else:
        body = _md_diff(pair.diff)
    lines += [_quote(body), ""]
    return lines


def _md_cell(tally: Tally) -> str:
    count = units(tally)
    return f"{count:,} ({tally.words:,} w)" if count else "0"


def render_markdown(comparison: Comparison) -> str:
    """Summary table, then every changed unit with its place in both editions and its word diff."""
    old, new = comparison.old, comparison.new
    lines = [
        f"# Changes from edition {old.name} to {new.name}",
        "",
        f"Old edition: {old.name} (`{old.source}`); new edition: {new.name} (`{new.source}`); "
        f"similarity threshold {comparison.threshold:g}. Units and words (w) are counted in the new edition, "
        "removed ones in the old. In the diffs, `[-text-]` was deleted and `{+text+}` inserted.",
        "",
        "| booklet | " + " | ".join(str(c) for c in CHANGES) + " |",
        "|---|" + "---:|" * len(CHANGES),
    ]
    for booklet in comparison.booklets:
        counts = booklet.totals()
        label = booklet.label.replace("|", "\\|")
        if booklet.status in ("added", "removed"):
            label += f" ({booklet.status})"
        lines.append(f"| {label} | " + " | ".join(_md_cell(counts[c]) for c in CHANGES) + " |")
    paths = comparison.paths
    totals = comparison.totals()
    lines.append("| **total** | " + " | ".join(f"**{_md_cell(totals[c])}**" for c in CHANGES) + " |")
    lines.append("")
    for booklet in comparison.booklets:
        changed = booklet.alignment.changed
        lines += [f"## {booklet.label}", ""]
        if booklet.status == "renamed":
            lines += [f"Renamed from `{booklet.old_path}` to `{booklet.new_path}`.", ""]
        if not changed:
            lines += ["No changes.", ""]
            continue
        for pair in changed:
            lines += _md_pair(booklet, pair, paths, comparison.threshold)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- JSON -----------------------------------------------------------------------------------------------
def render_json(comparison: Comparison) -> dict[str, Any]:
    """The document described by ``docs/compare-schema.json``."""
    return comparison.to_dict()


# -- HTML -----------------------------------------------------------------------------------------------
def _html_rows(booklet: BookletComparison, paths: Paths, threshold: float) -> list[dict[str, Any]]:
    alignment = booklet.alignment
    rows = []
    for pair in alignment.pairs:
        old_where, old_text = _side(booklet, pair, paths, old=True)
        new_where, new_text = _side(booklet, pair, paths, old=False)
        has_old = bool(pair.old) or pair.old_elsewhere
        has_new = bool(pair.new) or pair.new_elsewhere
        if pair.diff:
            old_ops = [(op, text) for op, text in pair.diff if op != "insert"]
            new_ops = [(op, text) for op, text in pair.diff if op != "delete"]
        else:
            old_ops = [("delete" if pair.change is Change.REMOVED else "equal", old_text)] if has_old else []
            new_ops = [("insert" if pair.change is Change.ADDED else "equal", new_text)] if has_new else []
        count_old = len(pair.elsewhere.units) if pair.old_elsewhere and pair.elsewhere else len(pair.old)
        count_new = len(pair.elsewhere.units) if pair.new_elsewhere and pair.elsewhere else len(pair.new)
        rows.append(
            {
                "change": str(pair.change),
                "similarity": similarity(pair.similarity),
                "moved": pair.moved,
                "parts": f"{count_old} → {count_new}" if count_old + count_new > 2 else "",
                "shape": _shape_note(pair, threshold).lstrip(", "),
                "elsewhere": _elsewhere_note(pair).lstrip(", "),
                "old_where": old_where if has_old else "",
                "new_where": new_where if has_new else "",
                "old_ops": old_ops,
                "new_ops": new_ops,
            }
        )
    return rows


@sanitized
def render_html(comparison: Comparison, *, ui_lang: str | None = None, source_lang: str = "en") -> str:
    """One self-contained page: summary, filters by class, old and new side by side with <del>/<ins>.

    Its headings and sentences are in ``ui_lang`` (keys-l10n's own catalogs, English by default); the
    booklets' text carries ``source_lang`` and its direction when that is another language.
    """
    from ..adapters.html import html_lang

    env = environment(ui_lang, keep_trailing_newline=True)
    shown_lang = chrome_lang(ui_lang)
    labels, descriptions, statuses = change_words(ui_lang)
    template = env.get_template("compare.html.j2")
    paths = comparison.paths
    totals = comparison.totals()
    booklets = [
        {
            "label": b.label,
            "status": b.status,
            "old_path": b.old_path,
            "new_path": b.new_path,
            "counts": {str(c): units(t) for c, t in b.totals().items()},
            "words": {str(c): t.words for c, t in b.totals().items()},
            "rows": _html_rows(b, paths, comparison.threshold),
        }
        for b in comparison.booklets
    ]
    return template.render(
        old=comparison.old,
        new=comparison.new,
        threshold=comparison.threshold,
        changes=[str(c) for c in CHANGES],
        descriptions=descriptions,
        labels=labels,
        statuses=statuses,
        lang=html_lang(shown_lang),
        dir=text_direction(shown_lang),
        text_attrs=(
            {}
            if base_language(source_lang) == base_language(shown_lang)
            else {"lang": html_lang(source_lang), "dir": text_direction(source_lang)}
        ),
        totals={str(c): units(t) for c, t in totals.items()},
        total_words={str(c): t.words for c, t in totals.items()},
        booklets=booklets,
        row_count=sum(len(b.alignment.pairs) for b in comparison.booklets),
    )
