"""`migrate`: carry every locale's translations from edition A to edition B, guided by the edition comparison.

For each booklet pair that ``compare`` found (same name, or renamed), the new edition's catalog is made from its
template with ``merge.merge_catalog``: unchanged and moved units keep their translation, edited ones get it as a
fuzzy suggestion adjusted sentence by sentence, split and merged ones get it divided or joined, and the rest is
looked up in the whole translation memory of the language (every catalog of every edition, obsolete entries,
and ``locale/tm/<lang>.po`` imported from TMX). Edition A's catalogs are only read: nothing is thrown away.
An existing translation in edition B is kept unless ``overwrite`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .. import __version__
from ..adapters.config import ProjectConfig
from ..adapters.locking import project_lock
from ..adapters.po import check_catalog_size, read_catalog
from ..adapters.po_write import serialize
from ..adapters.pool import collector_paused, ordered_map, workers
from ..adapters.sources import Booklet, read_edition, resolve_edition
from ..adapters.tm_store import keep_replaced, open_memory, tm_path
from ..core.alignment import Change, Pair
from ..core.errors import L10nError
from ..core.merge import Hint, MergeOptions, MergeReport, merge_catalog, same_content
from ..core.model import Catalog, Entry, Segment
from ..core.template import build_template
from ..core.translation_memory import TranslationMemory
from .catalogs import (
    FileChange,
    Pending,
    creation_date,
    open_catalog,
    write_pending,
)
from .compare import BookletComparison, compare_editions
from .project import Progress, no_progress

_OPTIONS = MergeOptions(fill_untranslated=True, copy_untranslatable=True)
SUMMARY_KINDS = ("kept", "moved", "edited", "split", "merged", "fuzzy", "composed", "new")


@dataclass
class BookletMigration:
    lang: str
    booklet: str
    old_booklet: str | None
    path: Path
    action: str
    report: MergeReport

    def to_dict(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "booklet": self.booklet,
            "from_booklet": self.old_booklet,
            "path": str(self.path),
            "action": self.action,
            "messages": {k: getattr(self.report, k) for k in SUMMARY_KINDS},
            "words": {k: self.report.words.get(k, 0) for k in SUMMARY_KINDS},
            "obsoleted": self.report.obsoleted,
        }


@dataclass
class MigrateResult:
    old: str
    new: str
    booklets: list[BookletMigration] = field(default_factory=list)
    dry_run: bool = False
    kept_replaced: list[tuple[Path, int]] = field(default_factory=list)  # (memory file, translations kept in it)
    warnings: list[str] = field(default_factory=list)  # the catalog reader's, as ``update`` gives them

    @property
    def files(self) -> list[FileChange]:
        return [FileChange(b.path, b.action) for b in self.booklets]


def language_memory(
    config: ProjectConfig,
    lang: str,
    read: dict[Path, Catalog] | None = None,
    warnings: list[str] | None = None,
    *,
    jobs: int | None = None,
) -> TranslationMemory:
    """Every translated entry of ``lang`` in the project: all editions' catalogs, obsolete ones, imported TMX.

    ``read``, when given, gets the catalogs read, by path (for the caller not to read them again);
    ``warnings`` the reader's warnings; ``jobs`` the processes that read (``adapters/pool.py``)."""
    entries: list[Entry] = []
    origins: list[str] = []
    paths: dict[Path, str] = {}
    for edition in config.editions:
        pattern = config.po_path(edition.name, lang, "*")
        for path in sorted(pattern.parent.glob(pattern.name)):
            paths.setdefault(path, f"{edition.name} {path.stem}")
    size = sum(path.stat().st_size for path in paths)
    found_all = ordered_map(read_catalog, list(paths), jobs=jobs, size=size)
    for (path, label), found in zip(paths.items(), found_all, strict=True):
        catalog = found.catalog
        if warnings is not None:
            warnings.extend(found.warnings)
        if read is not None:
            read[path] = catalog
        for entry in catalog.entries:
            entries.append(entry)
            origins.append(label)
    extra = tm_path(config, lang)
    if extra.exists():
        found = read_catalog(extra)
        if warnings is not None:
            warnings.extend(found.warnings)
        for entry in found.catalog.entries:
            entries.append(entry)
            origins.append("imported memory")
    return TranslationMemory(entries, origins)


class _EarlyMemory:
    """The first language's memory, read while the booklets are segmented in worker processes (``meanwhile`` of
    ``compare_editions``: the catalogs are read here, one after the other, on the core the workers leave), and
    prepared while the editions are aligned in another process (``while_aligning``). An error is raised only when
    the memory is asked for, after any error of the comparison, as before."""

    def __init__(self, config: ProjectConfig, lang: str) -> None:
        self.config = config
        self.lang = lang
        self.catalogs: dict[Path, Catalog] = {}
        self.warnings: list[str] = []
        self.memory: TranslationMemory | None = None
        self.error: Exception | None = None

    def __call__(self) -> None:
        try:
            self.memory = language_memory(self.config, self.lang, self.catalogs, self.warnings, jobs=1)
        except Exception as exc:  # raised again by ``result``
            self.error = exc

    def prepare(self) -> None:
        """The memory's indexes built now (``TranslationMemory.prepare``), while the editions are aligned in another
        process: the same indexes the loop of ``_migrate`` builds (then it has nothing to do). Here, on the core
        the aligning process leaves, and over the other cores when there are more than two: with two, worker
        processes would only take turns with the aligning one (measured: 0.3 s more at a million words)."""
        if self.memory is None or self.error is not None:
            return
        size = sum(path.stat().st_size for path in self.catalogs)
        cores = workers(None, len(self.catalogs) + 1, size)
        try:
            self.memory.prepare(partial(ordered_map, jobs=cores - 1, size=size) if cores > 2 else None)
        except Exception as exc:  # raised again by ``result``
            self.error = exc

    def result(self, catalogs: dict[Path, Catalog], warnings: list[str]) -> TranslationMemory:
        """The memory (read now if the comparison did not run ``meanwhile``), its catalogs and warnings."""
        if self.memory is None and self.error is None:
            self()
        if self.error is not None:
            raise self.error
        assert self.memory is not None
        catalogs.update(self.catalogs)
        warnings.extend(self.warnings)
        return self.memory


@dataclass
class _Migrated:
    migration: BookletMigration
    write: tuple[Path, bytes, bytes | None]  # for ``write_pending`` when the action is not "unchanged"


def _catalog(path: Path, catalogs: dict[Path, Catalog]) -> Catalog | None:
    """The catalog at ``path``: the one the run already read (the language memory's), else read now."""
    if path in catalogs:
        return catalogs[path]
    return read_catalog(path).catalog if path.exists() else None


def _migrate_booklet(
    config: ProjectConfig,
    old: str,
    new: str,
    code: str,
    date: str,
    new_booklets: dict[str, Booklet],
    memory: TranslationMemory,
    catalogs: dict[Path, Catalog],
    overwrite: bool,
    pair: BookletComparison,
) -> _Migrated:
    """One booklet's catalog for ``code`` (in a worker process, see ``adapters/pool.py``)."""
    assert pair.new_name is not None
    item = new_booklets[pair.new_name]
    alignment = pair.alignment
    template = build_template(
        item.name, new, item.path, list(alignment.new), date=date, version=__version__, title=config.title
    )
    pot = config.pot_path(new, item.name)
    if pot.exists():
        existing_pot = read_catalog(pot).catalog
        if same_content(existing_pot, template):
            template = existing_pot
    old_entries: dict[tuple[str | None, str], Entry] = {}
    if pair.old_name is not None:
        old_catalog = _catalog(config.po_path(old, code, pair.old_name), catalogs)
        if old_catalog is not None:
            old_entries = {e.key: e for e in old_catalog.entries}
    for other, keys in _moved_in(alignment.pairs).items():
        # Units that moved here from another booklet bring their translations from its catalog.
        other_catalog = _catalog(config.po_path(old, code, other), catalogs)
        if other_catalog is not None:
            for entry in other_catalog.entries:
                if entry.key in keys:
                    old_entries.setdefault(entry.key, entry)
    hints = _hints(alignment.old, alignment.new, alignment.pairs, f"{old} {pair.old_name}", old)
    target = config.po_path(new, code, item.name)
    existing, base = open_catalog(target, template, code, title=config.title)
    merged, report = merge_catalog(
        base,
        template,
        options=_OPTIONS if not overwrite else replace(_OPTIONS, overwrite=True),
        memory=memory,
        hints=hints,
        hint_entries=old_entries,
    )
    if existing is not None and same_content(base, merged):
        merged = base
    data = serialize(merged)
    check_catalog_size(data, target, source=item.path)
    action = "unchanged" if existing == data else ("created" if existing is None else "updated")
    migration = BookletMigration(code, item.name, pair.old_name, config.relative(target), action, report)
    return _Migrated(migration, (target, data, existing))


def _hints(old: tuple[Segment, ...], new: tuple[Segment, ...], pairs: tuple, label: str, edition: str = "") -> dict:  # type: ignore[type-arg]
    hints: dict[tuple[str | None, str], Hint] = {}
    for pair in pairs:
        change = pair.change
        if change in (Change.ADDED, Change.REMOVED):
            continue
        if pair.old_elsewhere:  # the units came from another booklet: carry their translations from there
            assert pair.elsewhere is not None
            came_from = pair.elsewhere.segments
            origin = f"{edition} {pair.elsewhere.booklet}:{came_from[0].line}".lstrip()
        else:
            came_from = tuple(old[i] for i in pair.old)
            origin = f"{label}:{came_from[0].line}" if came_from else ""
        sources = tuple(seg.key for seg in came_from)
        kind = change.value  # the classes left: unchanged, moved, edited, split, merged
        parts = tuple(new[j].text for j in pair.new)
        for position, j in enumerate(pair.new):
            hints.setdefault(
                new[j].key,
                Hint(kind, sources, similarity=pair.similarity, part=position, parts=parts, origin=origin),
            )
    return hints


def _moved_in(pairs: tuple[Pair, ...]) -> dict[str, set[tuple[str | None, str]]]:
    """The keys of the old units that came from other booklets, by booklet."""
    out: dict[str, set[tuple[str | None, str]]] = {}
    for pair in pairs:
        if pair.old_elsewhere and pair.elsewhere is not None:
            out.setdefault(pair.elsewhere.booklet, set()).update(seg.key for seg in pair.elsewhere.segments)
    return out


def migrate(
    config: ProjectConfig,
    old: str,
    new: str,
    *,
    lang: list[str] | None = None,
    booklet: str | None = None,
    dry_run: bool = False,
    overwrite: bool = False,
    progress: Progress = no_progress,
) -> MigrateResult:
    # Without the cycle collector (here and in the processes forked meanwhile): the run makes millions of objects
    # (segments, catalogs, the memory's indexes) and no cycle, and the collections they would trigger walk them
    # all, again and again (about 0.8 s here and 0.3 s in the aligning process at a million words).
    with collector_paused():
        if dry_run:
            return _migrate(config, old, new, lang, booklet, dry_run, overwrite, progress)
        with project_lock(config.root):
            return _migrate(config, old, new, lang, booklet, dry_run, overwrite, progress)


def _migrate(
    config: ProjectConfig,
    old: str,
    new: str,
    lang: list[str] | None,
    booklet: str | None,
    dry_run: bool,
    overwrite: bool,
    progress: Progress,
) -> MigrateResult:
    locales = config.select_locales(lang)
    old = resolve_edition(config, old).name  # ``source/2021`` is edition 2021: its catalogs, its name
    new_edition = resolve_edition(config, new)
    new = new_edition.name
    if old == new:
        raise L10nError("migrate needs two different editions", hint="e.g. keys-l10n migrate 2014 2021")
    if new_edition.git:
        raise L10nError(
            f"edition {new!r} is a git revision: migrate writes catalogs for a folder edition",
            hint="migrate into an edition configured with a folder path",
        )
    early = _EarlyMemory(config, locales[0]) if locales else None
    comparison = compare_editions(
        config,
        old,
        new,
        booklet=booklet,
        progress=progress,
        meanwhile=early,
        # several catalogs to make: the memory is prepared for them (below), while the editions are aligned
        while_aligning=early.prepare if early is not None and booklet is None else None,
    )
    new_booklets = {b.name: b for b in read_edition(config, new_edition)}
    result = MigrateResult(old, new, dry_run=dry_run)
    pending: Pending = []  # written at the end: a broken catalog anywhere stops the run before any write
    date = creation_date()
    for code in locales:
        catalogs: dict[Path, Catalog] = {}
        if early is not None and early.lang == code:
            memory = early.result(catalogs, result.warnings)
        else:
            memory = language_memory(config, code, catalogs, result.warnings)
        jobs = [pair for pair in comparison.booklets if pair.new_name is not None]  # dropped: catalogs stay
        size = sum(p.stat().st_size for p in catalogs)  # the work grows with the memory
        if len(jobs) > 1:
            memory.prepare(partial(ordered_map, size=size))  # once, over the cores, for every worker below
        one = partial(_migrate_booklet, config, old, new, code, date, new_booklets, memory, catalogs, overwrite)
        replaced: list[tuple[Entry, str]] = []
        for done in ordered_map(one, jobs, size=size):  # adapters/pool.py: over the cores, in order
            progress(f"{code}/{done.migration.booklet}")
            replaced.extend((entry, f"{new} {done.migration.booklet}") for entry in done.migration.report.replaced)
            if done.migration.action != "unchanged" and not dry_run:
                pending.append(done.write)
            result.booklets.append(done.migration)
        if replaced:  # --overwrite: the translations given way to are kept in the language memory
            path, existing_tm, tm = open_memory(config, code)
            tm, added = keep_replaced(tm, replaced)
            if added:
                result.kept_replaced.append((config.relative(path), added))
                if not dry_run:
                    pending.append((path, serialize(tm, path=path), existing_tm))
    write_pending(pending)
    return result
