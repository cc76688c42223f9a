"""``keys-l10n stats`` output: rich table, JSON (``docs/stats-schema.json``), CSV, Markdown, HTML dashboard, badges.

Every renderer takes a ``StatsReport`` (and, for the dashboard, an optional ``History``) and returns text or a
rich renderable; the command writes it. Machine formats (JSON, CSV) carry plain numbers; human formats (table,
Markdown, HTML) give locale names and numbers in the reader's language (``ui_lang``), through ``adapters/locales.py``.
A percentage shown to people is rounded *down* (99.96 % shows as 99.9 %, never as a complete 100 %).

Split by output (each module under ~400 lines): ``stats_view`` (View, rounding, shared sentences),
``stats_data`` (JSON, CSV), ``stats_text`` (table, Markdown), ``stats_html`` (dashboard, badges, chart). This
module gathers their public names, the interface the command and the tests use.
"""

from __future__ import annotations

from .stats_data import CSV_FIELDS, HISTORY_CSV_FIELDS, history_csv, history_json, to_csv, to_json
from .stats_html import badge_colour, badge_svg, badges, history_svg, to_html
from .stats_text import bar_cells, render_history_table, render_table, to_markdown
from .stats_view import BAR_WIDTH, COLOURS, SCHEMA_ID, SCHEMA_VERSION, SERIES, View, floor_percent

__all__ = [
    "BAR_WIDTH",
    "COLOURS",
    "CSV_FIELDS",
    "HISTORY_CSV_FIELDS",
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "SERIES",
    "View",
    "badge_colour",
    "badge_svg",
    "badges",
    "bar_cells",
    "floor_percent",
    "history_csv",
    "history_json",
    "history_svg",
    "render_history_table",
    "render_table",
    "to_csv",
    "to_html",
    "to_json",
    "to_markdown",
]
