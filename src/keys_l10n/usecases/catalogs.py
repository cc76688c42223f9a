"""Use cases: configuration and paths in, result values out. No printing, no exiting.

Each function returns a result dataclass that the CLI renders; errors are L10nError subclasses.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import __version__
from ..adapters.config import CONFIG_NAME, ProjectConfig, load_config, render_config
from ..adapters.locales import catalog_header, normalize_locale
from ..adapters.po import ReadResult, check_catalog_size, parse_catalog, read_catalog, read_existing
from ..adapters.po_write import serialize, write_atomic
from ..adapters.pool import ordered_map
from ..adapters.sources import Booklet, read_edition, resolve_edition
from ..core.errors import ConfigError, L10nError, LocaleError, UsageError
from ..core.merge import MergeOptions, MergeReport, merge_catalog, same_content
from ..core.model import Catalog, Entry
from ..core.template import build_template
from ..core.translation_memory import MemoryDigest, TranslationMemory, digest
from .project import FileAction, Progress, Project, Selection, Writer, no_progress, segment_at


def read_for_memory(path: Path, prepare: bool = True) -> tuple[ReadResult, MemoryDigest | None]:
    """A catalog and (``prepare``) the ``MemoryDigest`` of its entries: read in a worker process
    (``adapters/pool.py``), so that the process that builds the language memory from every catalog need not
    split and index their texts alone (``translation_memory.learn``)."""
    read = read_catalog(path)
    return read, digest(read.catalog.entries) if prepare else None


def creation_date() -> str:
    """Now, in gettext's header format; SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = time.gmtime(int(epoch)) if epoch and epoch.isdigit() else time.localtime()
    offset = 0 if epoch and epoch.isdigit() else -time.timezone + (3600 if stamp.tm_isdst > 0 else 0)
    sign = "+" if offset >= 0 else "-"
    return time.strftime("%Y-%m-%d %H:%M", stamp) + f"{sign}{abs(offset) // 3600:02d}{abs(offset) % 3600 // 60:02d}"


@dataclass
class FileChange:
    path: Path
    action: str  # a FileAction (its value is the word printed); modules not yet on it give the same words
    detail: str = ""


@dataclass
class ExtractResult:
    files: list[FileChange] = field(default_factory=list)
    units: int = 0
    messages: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class UpdateResult:
    files: list[FileChange] = field(default_factory=list)
    reports: dict[Path, MergeReport] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class InitResult:
    config: Path
    folders: list[Path]


Pending = list[tuple[Path, bytes, bytes | None]]


def open_catalog(
    path: Path, template: Catalog, lang: str, warnings: list[str] | None = None, *, title: str | None = None
) -> tuple[bytes | None, Catalog]:
    """The catalog's bytes as read (None when it does not exist yet) and its content; a catalog that does not
    exist starts empty, with a header made from the template for ``lang``."""
    existing = read_existing(path)
    if existing is None:
        header = catalog_header(template, lang, title)
        return None, Catalog(entries=(), header=header)
    read = parse_catalog(existing, path)
    if warnings is not None:
        warnings.extend(read.warnings)
    return existing, read.catalog


def _write_catalog(
    path: Path,
    catalog: Catalog,
    existing: bytes | None,
    *,
    pending: Pending,
    dry_run: bool = False,
    source: str | None = None,
) -> FileAction:
    """Queue the catalog in ``pending`` (for the one write policy) unless its bytes are unchanged; one over the
    catalog limit is refused (``po.check_catalog_size``; ``source`` is its booklet, for the error)."""
    data = serialize(catalog, path=path)
    check_catalog_size(data, path, source=source)
    action = FileAction.of(existing, data)
    if action is not FileAction.UNCHANGED and not dry_run:
        pending.append((path, data, existing))
    return action


def write_pending(pending: Pending) -> None:
    """Write the queued files by the one write policy (``project.Writer``): a run first reads and merges
    everything, then checks that every target is unchanged on disk and writable, then writes: a broken catalog
    or booklet, a file saved meanwhile by an editor or a read-only file anywhere stops it before any file is
    touched."""
    writer = Writer()
    for path, data, existing in pending:
        writer.stage(path, data, expected=existing)
    writer.commit()


def orphan_catalogs(config: ProjectConfig, edition: str, lang: str, names: set[str]) -> list[Path]:
    """Catalogs of ``lang`` in ``edition`` whose booklet is not in the edition (renamed or removed)."""
    pattern = config.po_path(edition, lang, "*")
    expected = {config.po_path(edition, lang, name) for name in names}
    return [p for p in sorted(pattern.parent.glob(pattern.name)) if p.is_file() and p not in expected]


def orphan_note(config: ProjectConfig, edition: str, path: Path, translated: int) -> str:
    return (
        f"{config.relative(path)}: orphan catalog, no booklet {path.stem!r} in edition {edition!r} (renamed or"
        f" removed?); its {translated} translation{'s' if translated != 1 else ''} serve as memory for update and"
        " migrate"
    )


def template_of(item: Booklet, edition: str, date: str, title: str | None = None) -> Catalog:
    """The POT catalog of one booklet, freshly segmented (errors name the booklet's file)."""
    segments = segment_at(item.text, item.path)
    return build_template(item.name, edition, item.path, segments, date=date, version=__version__, title=title)


def templates_for(config: ProjectConfig, edition: str, booklet: str | None = None) -> list[tuple[Booklet, Catalog]]:
    date = creation_date()
    return [
        (item, template_of(item, edition, date, config.title))
        for item in read_edition(config, resolve_edition(config, edition), booklet)
    ]


def extract(
    config: ProjectConfig,
    *,
    edition: str | None = None,
    booklet: str | None = None,
    progress: Progress = no_progress,
) -> ExtractResult:
    """Write one POT per booklet per edition; an unchanged template (but for its date) is not rewritten."""
    with Project.open(config, Selection(edition=edition, booklet=booklet), write=True) as project:
        return _extract(project, progress=progress)


def _extract(project: Project, *, progress: Progress) -> ExtractResult:
    config = project.config
    result = ExtractResult()
    pending: Pending = []
    date = creation_date()
    for edition in project.editions:
        name = edition.name
        for item in project.booklets(edition):
            template = template_of(item, name, date, config.title)
            progress(f"{name}/{item.name}")
            path = config.pot_path(name, item.name)
            existing = read_existing(path)
            catalog = template
            if existing is not None:
                read = parse_catalog(existing, path)
                result.warnings.extend(read.warnings)
                old = read.catalog
                if same_content(old, template):
                    catalog = old
            action = _write_catalog(path, catalog, existing, pending=pending, source=item.path)
            result.units += sum(len(e.references) for e in template.entries)
            result.messages += len(template.entries)
            result.files.append(FileChange(config.relative(path), action, f"{len(template.entries)} messages"))
    for path, data, existing in pending:
        project.stage(path, data, expected=existing)
    return result


def update(
    config: ProjectConfig,
    *,
    edition: str | None = None,
    lang: list[str] | None = None,
    booklet: str | None = None,
    fuzzy_matching: bool = True,
    dry_run: bool = False,
    progress: Progress = no_progress,
) -> UpdateResult:
    """Create or update each locale's PO files from the edition's templates (msgmerge semantics)."""
    selection = Selection(edition=edition, lang=lang, booklet=booklet)
    with Project.open(config, selection, write=not dry_run) as project:
        return _update(project, fuzzy_matching, dry_run, progress)


def _orphan_memory(
    project: Project, name: str, everything: set[str], result: UpdateResult
) -> dict[str, tuple[list[Entry], dict[tuple[str | None, str], Entry]]]:
    """Per locale: the reviewed translations of the edition's orphan catalogs, and those keyed exactly."""
    config = project.config
    orphans: dict[str, tuple[list[Entry], dict[tuple[str | None, str], Entry]]] = {}
    for code in project.locales:
        entries: list[Entry] = []
        for path in orphan_catalogs(config, name, code, everything):
            try:
                read = read_catalog(path)
            except L10nError as exc:  # an orphan nobody updates must not stop the run: not used
                where = exc.location() or str(config.relative(path))
                result.warnings.append(f"{where}: {exc.message} (orphan catalog, not used as memory)")
                continue
            result.warnings.extend(read.warnings)
            found = [e for e in read.catalog.entries if e.translated and not e.fuzzy and e.msgid]
            result.warnings.append(orphan_note(config, name, path, len(found)))
            entries.extend(found)
        exact: dict[tuple[str | None, str], Entry] = {}
        for entry in entries:
            exact.setdefault(entry.key, entry)
        orphans[code] = (entries, exact)
    return orphans


def _update(project: Project, fuzzy_matching: bool, dry_run: bool, progress: Progress) -> UpdateResult:
    config = project.config
    result = UpdateResult()
    pending: Pending = []
    for edition in project.editions:
        name = edition.name
        date = creation_date()
        everything = {b.name for b in project.booklets(edition, None)}
        orphans = _orphan_memory(project, name, everything, result)
        jobs = list(project.booklets(edition))
        locales = list(project.locales)
        one = partial(_update_booklet, config, name, date, locales, orphans, fuzzy_matching, dry_run)
        size = sum(p.stat().st_size for p in locale_folder_catalogs(config, name, locales, jobs))
        for item, done in zip(jobs, ordered_map(one, jobs, size=size), strict=True):  # adapters/pool.py: over the cores
            result.warnings.extend(done.warnings)
            for code, path, action, report, queued in done.catalogs:
                progress(f"{name}/{code}/{item.name}")
                pending.extend(queued)
                detail = (
                    f"{report.kept} kept, {report.fuzzy + report.composed} fuzzy, {report.new} new, "
                    f"{report.obsoleted} obsolete"
                )
                result.files.append(FileChange(config.relative(path), action, detail))
                result.reports[config.relative(path)] = report
    for path, data, existing in pending:
        project.stage(path, data, expected=existing)
    return result


def locale_folder_catalogs(config: ProjectConfig, name: str, locales: list[str], items: list[Booklet]) -> list[Path]:
    """The catalogs that exist for these booklets and locales (their size says whether a pool is worth it)."""
    paths = (config.po_path(name, code, item.name) for item in items for code in locales)
    return [p for p in paths if p.is_file()]


@dataclass
class _BookletUpdate:
    """One booklet's catalogs, updated (in a worker process): for each locale, what to write and what to say."""

    warnings: list[str] = field(default_factory=list)
    catalogs: list[tuple[str, Path, FileAction, MergeReport, Pending]] = field(default_factory=list)


def _update_booklet(
    config: ProjectConfig,
    name: str,
    date: str,
    locales: list[str],
    orphans: dict[str, tuple[list[Entry], dict[tuple[str | None, str], Entry]]],
    fuzzy_matching: bool,
    dry_run: bool,
    item: Booklet,
) -> _BookletUpdate:
    done = _BookletUpdate()
    # The POT written by `extract` is the template, as for msgmerge; without one, segment the booklet.
    pot = config.pot_path(name, item.name)
    if pot.exists():
        read = read_catalog(pot)
        done.warnings.extend(read.warnings)
        template = read.catalog
    else:
        template = template_of(item, name, date, config.title)
    for code in locales:
        path = config.po_path(name, code, item.name)
        existing, old = open_catalog(path, template, code, done.warnings, title=config.title)
        extra, exact = orphans[code]
        # A renamed booklet's old catalog (an orphan) fills the new one: exact matches as msgmerge -C
        # takes them from a compendium, the rest as fuzzy suggestions.
        memory = TranslationMemory([*old.entries, *extra]) if extra else None
        merged, report = merge_catalog(
            old, template, MergeOptions(fuzzy_matching=fuzzy_matching), memory=memory, compendium=exact or None
        )
        if existing is not None and same_content(old, merged):
            merged = old
        queued: Pending = []
        action = _write_catalog(path, merged, existing, dry_run=dry_run, pending=queued, source=item.path)
        done.catalogs.append((code, path, action, report, queued))
    return done


def _option_locale(code: str, option: str) -> str:
    try:
        return normalize_locale(code)
    except LocaleError as exc:  # a bad option value: exit 2
        raise UsageError(f"{option}: {exc.message}", hint=exc.hint) from None


def init_project(
    folder: Path, *, source_language: str, locales: list[str], editions: list[str], title: str | None = None
) -> InitResult:
    """Write keys-l10n.toml (with the series' ``title``, by default the folder's name) and the source/ and
    locale/ folders of a new booklet project. Bad option values are usage errors (exit 2)."""
    target = folder / CONFIG_NAME
    if target.exists():
        raise ConfigError("a configuration already exists here; not overwriting it", path=target)
    source = _option_locale(source_language, "--source-language")
    codes: list[str] = []
    for code in locales:
        normal = _option_locale(code, "--locale")
        if normal in codes:
            raise UsageError(f"locale {code!r} given twice")
        codes.append(normal)
    for name in editions:
        if not name or "/" in name or name.startswith("."):
            raise UsageError(f"edition name {name!r} must be a plain folder name, e.g. 2021")
    title = (title if title is not None else folder.resolve().name).strip()
    if not title:
        raise UsageError("--title must not be empty")
    folders = [folder / "source" / name for name in editions] + [folder / "locale"]
    for path in folders:
        path.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_config(source, codes, editions, title).encode("utf-8"))
    load_config(folder)  # what we wrote must load
    return InitResult(target, folders)
