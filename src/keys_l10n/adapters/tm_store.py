"""The language memory ``locale/tm/<lang>.po``: imported TMX units, and every translation a command replaced.

No command throws a translation away. When ``migrate --overwrite`` or ``import --overwrite`` replaces a
translation with a different one, the replaced entry is added here (still a memory entry: later runs of
``migrate`` suggest it, ``tm export`` exports it when it was reviewed). An entry whose text is already in the
memory with another translation gets a context naming where it was replaced, so both stay.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import __version__
from ..core.model import Catalog, Entry
from ..core.template import template_header
from .config import ProjectConfig
from .locales import catalog_header
from .po import parse_catalog, read_existing

REPLACED = "keys-l10n: replaced in"


def tm_path(config: ProjectConfig, lang: str) -> Path:
    return config.root / "locale" / "tm" / f"{lang}.po"


def empty_memory(lang: str, title: str | None = None) -> Catalog:
    header = template_header("memory", "all", date="", version=__version__, title=title)
    template = Catalog(entries=(), header=header)
    return Catalog(
        entries=(),
        header=catalog_header(template, lang, title),
    )


def open_memory(config: ProjectConfig, lang: str) -> tuple[Path, bytes | None, Catalog]:
    """The memory file's path, its bytes as read (None when it does not exist) and its catalog."""
    path = tm_path(config, lang)
    existing = read_existing(path)
    catalog = parse_catalog(existing, path).catalog if existing is not None else empty_memory(lang, config.title)
    return path, existing, catalog


def keep_replaced(catalog: Catalog, replaced: list[tuple[Entry, str]]) -> tuple[Catalog, int]:
    """``catalog`` (a memory) with each replaced entry added unless its translation is already there.

    ``replaced`` pairs an entry with where it was replaced ("2021 presentation"). Returns the new catalog and
    how many entries were added.
    """
    entries = list(catalog.entries)
    present = {(e.msgid, e.translations) for e in entries}
    keys = {e.key for e in entries}
    added = 0
    for entry, where in replaced:
        if not any(entry.translations) or (entry.msgid, entry.translations) in present:
            continue
        context = entry.msgctxt
        if (context, entry.msgid) in keys:
            base = f"{REPLACED} {where}" if entry.msgctxt is None else f"{entry.msgctxt} ({REPLACED} {where})"
            context, number = base, 1
            while (context, entry.msgid) in keys:
                number += 1
                context = f"{base} ({number})"
        kept = replace(
            entry,
            msgctxt=context,
            obsolete=False,
            references=(),
            extracted_comments=(f"{REPLACED} {where}",),
            previous_msgctxt=None,
            previous_msgid=None,
            previous_msgid_plural=None,
            raw=None,
        )
        entries.append(kept)
        keys.add(kept.key)
        present.add((kept.msgid, kept.translations))
        added += 1
    if not added:
        return catalog, 0
    return replace(catalog, entries=tuple(entries)), added
