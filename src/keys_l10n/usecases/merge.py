"""Use cases that carry translations: `merge` (catalog files or folders, a drop-in for msgmerge --previous).

No printing; results are dataclasses. `migrate` (editions) lives beside it in ``usecases/migrate.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..adapters.locales import catalog_header, normalize_locale
from ..adapters.po import check_catalog_size, read_catalog, read_existing
from ..adapters.po_write import serialize
from ..adapters.pool import collector_paused, ordered_map
from ..core.errors import L10nError
from ..core.merge import MergeOptions, MergeReport, merge_catalog, same_content
from ..core.model import Catalog, Entry, format_header
from ..core.translation_memory import MemoryBuilder, TranslationMemory
from .catalogs import FileChange, read_for_memory
from .project import Writer


@dataclass
class MergeFilesResult:
    files: list[FileChange] = field(default_factory=list)
    reports: dict[str, MergeReport] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    output: bytes | None = None  # the merged catalog, for ``-o -``
    dry_run: bool = False


def _memory_entries(catalogs: list[tuple[str, Catalog]]) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    origins: list[str] = []
    for name, catalog in catalogs:
        for entry in catalog.entries:
            entries.append(entry)
            origins.append(name)
    return entries, origins


def _pairs(old: Path, new: Path, out: Path | None) -> list[tuple[Path, Path, Path | None]]:
    if old.is_dir() != new.is_dir():
        raise L10nError(
            "OLD and NEW must both be files or both be folders",
            hint="keys-l10n merge OLD.po NEW.pot -o OUT.po, or keys-l10n merge OLD_DIR NEW_DIR -o OUT_DIR",
        )
    if not old.is_dir():
        return [(old, new, out)]
    if out is None:
        raise L10nError("-o - (standard output) takes one catalog, not folders", hint="give an output folder")
    pairs: list[tuple[Path, Path, Path | None]] = []
    for template in sorted(new.rglob("*.pot")):
        relative = template.relative_to(new).with_suffix(".po")
        pairs.append((old / relative, template, out / relative))
    if not pairs:
        raise L10nError(f"no .pot templates in {new}", path=new)
    return pairs


def _locale_in(parts: list[str]) -> str | None:
    """The first path part (or file stem) that is a locale code: ``po/es/x.po`` -> es, ``es.po`` -> es."""
    for part in parts:
        try:
            return normalize_locale(part)
        except L10nError:
            continue
    return None


def _language(catalogs: list[Catalog], paths: list[Path]) -> str | None:
    """The language of a new catalog in folder mode: the old catalogs' ``Language`` when they agree, else the
    first locale code among the folder and file names."""
    languages = {c.header_fields().get("Language", "").strip() for c in catalogs} - {""}
    if len(languages) == 1:
        try:
            return normalize_locale(languages.pop())
        except L10nError:
            pass
    names: list[str] = []
    for path in paths:
        names.extend(reversed([*path.parent.parts, path.stem]))
    return _locale_in(names)


def _new_catalog(template: Catalog, lang: str | None) -> Catalog:
    """An empty catalog for a template with no old catalog: a PO header, not the template's placeholders."""
    if lang is None:
        fields = template.header_fields()
        for name in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
            fields.pop(name, None)
        header = template.header.changed(msgstr=format_header(fields), flags=()) if template.header else None
        return Catalog(entries=(), header=header)
    header = catalog_header(template, lang)
    return Catalog(entries=(), header=header)


def _exact_table(catalogs: list[Catalog]) -> dict[tuple[str | None, str], Entry]:
    """msgmerge's exact lookup in compendia: the first translated entry for each (msgctxt, msgid)."""
    table: dict[tuple[str | None, str], Entry] = {}
    for catalog in catalogs:
        for entry in catalog.entries:
            if entry.obsolete or not entry.translated or not entry.msgid:
                continue
            table.setdefault(entry.key, entry)
    return table


@dataclass(frozen=True)
class _Done:
    """What merging one catalog gives (in a worker process): the bytes to write, and what to say."""

    out_path: Path | None
    data: bytes
    existing: bytes | None
    action: str
    report: MergeReport


def merge_files(
    old: Path,
    new: Path,
    out: Path | None,
    *,
    previous: bool = False,
    fuzzy_matching: bool = True,
    compendia: list[Path] | None = None,
    dry_run: bool = False,
    jobs: int | None = None,
) -> MergeFilesResult:
    """Merge OLD.po with NEW.pot into OUT.po, or every OLD_DIR/x.po with NEW_DIR/x.pot into OUT_DIR/x.po.

    ``out`` None: the merged catalog is returned in ``result.output`` (``-o -``, standard output). Every old
    catalog (in folder mode, every .po under OLD_DIR) and the compendia serve as translation memory for every
    file; as with ``msgmerge -C``, an exact match in a compendium fills a message that OLD lacks or has
    untranslated, and is final (not fuzzy). The memory is built once; the catalogs are merged in ``jobs``
    processes (``adapters/pool.py``: default, the cores), with the same bytes as one after the other.
    """
    # Without the cycle collector (here and in the processes forked meanwhile): the catalogs read and the memory
    # make millions of objects and no cycle, and the collections they would trigger walk them all, again and
    # again (about 0.7 s at a million words).
    with collector_paused():
        return _merge_files(old, new, out, previous, fuzzy_matching, compendia, dry_run, jobs)


def _merge_files(
    old: Path,
    new: Path,
    out: Path | None,
    previous: bool,
    fuzzy_matching: bool,
    compendia: list[Path] | None,
    dry_run: bool,
    jobs: int | None,
) -> MergeFilesResult:
    result = MergeFilesResult(dry_run=dry_run)
    for path in (old, new):
        if not path.exists():
            raise L10nError("no such file or folder", path=path)
    pairs = _pairs(old, new, out)
    old_paths = sorted(old.rglob("*.po")) if old.is_dir() else [old]
    size = sum(p.stat().st_size for p in old_paths) + sum(t.stat().st_size for _, t, _ in pairs)
    prepare = fuzzy_matching and len(pairs) > 1
    # The memory serves several catalogs: built once, before they are merged, and as the old catalogs are read
    # (their texts split and indexed by the readers): this process indexes while the workers read.
    builder = MemoryBuilder() if prepare else None
    olds, loaded = _read_olds(old_paths, jobs, size, result.warnings, builder)
    extras = _read_compendia(compendia or [], loaded, result.warnings)
    if builder is not None:
        for name, catalog in loaded[len(olds) :]:
            builder.add(catalog.entries, name)
        memory = builder.memory()
    else:
        entries, origins = _memory_entries(loaded)
        memory = TranslationMemory(entries, origins)
    exact = _exact_table(extras)
    options = MergeOptions(
        fuzzy_matching=fuzzy_matching,
        keep_previous=previous,
        copy_untranslatable=True,
        prefer_local=len(loaded) > 1,  # one old catalog: the memory is that catalog
    )

    def one(pair: tuple[Path, Path, Path | None]) -> _Done:
        return _merge_one(pair, olds, options, memory, exact)

    _write_merged(ordered_map(one, pairs, jobs=jobs, size=size), result)
    return result


def _read_olds(
    old_paths: list[Path], jobs: int | None, size: int, warnings: list[str], builder: MemoryBuilder | None
) -> tuple[dict[Path, Catalog], list[tuple[str, Catalog]]]:
    """The old catalogs, read in ``jobs`` processes: by path, and as (name, catalog) for the memory. ``builder``:
    the readers also split and index the texts for the memory (``read_for_memory``), and each catalog is added
    to the memory ``builder`` makes as it comes."""
    loaded: list[tuple[str, Catalog]] = []
    olds: dict[Path, Catalog] = {}
    reader = partial(read_for_memory, prepare=builder is not None)
    for old_path, (read, found) in zip(old_paths, ordered_map(reader, old_paths, jobs=jobs, size=size), strict=True):
        if builder is not None:
            builder.add(read.catalog.entries, str(old_path), found)
        warnings.extend(read.warnings)
        olds[old_path] = read.catalog
        loaded.append((str(old_path), read.catalog))
    return olds, loaded


def _read_compendia(compendia: list[Path], loaded: list[tuple[str, Catalog]], warnings: list[str]) -> list[Catalog]:
    """The compendia, also added to ``loaded`` (the memory)."""
    extras: list[Catalog] = []
    for extra in compendia:
        read = read_catalog(extra)
        warnings.extend(read.warnings)
        extras.append(read.catalog)
        loaded.append((str(extra), read.catalog))
    return extras


def _merge_one(
    pair: tuple[Path, Path, Path | None],
    olds: dict[Path, Catalog],
    options: MergeOptions,
    memory: TranslationMemory,
    exact: dict[tuple[str | None, str], Entry],
) -> _Done:
    """Merge one template with its old catalog (a new one when there is none): run in a worker process."""
    old_path, template_path, out_path = pair
    template = read_catalog(template_path).catalog
    base = olds.get(old_path)
    if base is None:
        lang = _language(list(olds.values()), [old_path, *([out_path] if out_path else [])])
        base = _new_catalog(template, lang)
    merged, report = merge_catalog(base, template, options=options, memory=memory, compendium=exact)
    data = serialize(merged)
    if out_path is None:
        return _Done(None, data, None, "written", report)
    check_catalog_size(data, out_path)
    existing = read_existing(out_path)
    if existing is not None and existing != data and out_path != old_path:
        current = read_catalog(out_path).catalog
        if same_content(current, merged):
            data = existing
    elif existing is not None and out_path == old_path and same_content(base, merged):
        data = existing  # -U: a new POT-Creation-Date alone is no change (msgmerge leaves the file alone)
    action = "unchanged" if existing == data else ("created" if existing is None else "updated")
    return _Done(out_path, data, existing, action, report)


def _write_merged(merged: Iterable[_Done], result: MergeFilesResult) -> None:
    """Record every merged catalog in ``result`` and write the changed ones (not in a dry run)."""
    writer = Writer()  # the one write policy: every output checked, then each written atomically
    for done in merged:
        if done.out_path is None:
            result.output = done.data
            result.reports["-"] = done.report
            result.files.append(FileChange(Path("-"), "written", _detail(done.report)))
            continue
        if not result.dry_run and done.action != "unchanged":
            writer.stage(done.out_path, done.data, expected=done.existing)
        result.files.append(FileChange(done.out_path, done.action, _detail(done.report)))
        result.reports[str(done.out_path)] = done.report
    writer.commit()


def _detail(report: MergeReport) -> str:
    return f"{report.kept} kept, {report.fuzzy + report.composed} fuzzy, {report.new} new, {report.obsoleted} obsolete"
