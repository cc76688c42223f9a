"""Use cases that carry translations: `merge` (catalog files or folders, a drop-in for msgmerge --previous).

No printing; results are dataclasses. `migrate` (editions) lives beside it in ``migrate_service.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import L10nError
from .merge import MergeReport, TranslationMemory, merge_catalog, same_content
from .model import Catalog, Entry
from .po import fingerprint, read_catalog, read_existing, serialize, write_atomic
from .services import FileChange


@dataclass
class MergeFilesResult:
    files: list[FileChange] = field(default_factory=list)
    reports: dict[str, MergeReport] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _memory_entries(catalogs: list[tuple[str, Catalog]]) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    origins: list[str] = []
    for name, catalog in catalogs:
        for entry in catalog.entries:
            entries.append(entry)
            origins.append(name)
    return entries, origins


def _pairs(old: Path, new: Path, out: Path) -> list[tuple[Path, Path, Path]]:
    if old.is_dir() != new.is_dir():
        raise L10nError(
            "OLD and NEW must both be files or both be folders",
            hint="keys-l10n merge OLD.po NEW.pot -o OUT.po, or keys-l10n merge OLD_DIR NEW_DIR -o OUT_DIR",
        )
    if not old.is_dir():
        return [(old, new, out)]
    pairs = []
    for template in sorted(new.rglob("*.pot")):
        relative = template.relative_to(new).with_suffix(".po")
        pairs.append((old / relative, template, out / relative))
    if not pairs:
        raise L10nError(f"no .pot templates in {new}", path=new)
    return pairs


def merge_files(
    old: Path,
    new: Path,
    out: Path,
    *,
    previous: bool = False,
    fuzzy_matching: bool = True,
    compendia: list[Path] | None = None,
    dry_run: bool = False,
) -> MergeFilesResult:
    """Merge OLD.po with NEW.pot into OUT.po, or every OLD_DIR/x.po with NEW_DIR/x.pot into OUT_DIR/x.po.

    All old catalogs (and the compendia) together serve as translation memory for every file.
    """
    result = MergeFilesResult()
    for path in (old, new):
        if not path.exists():
            raise L10nError("no such file or folder", path=path)
    pairs = _pairs(old, new, out)
    loaded: list[tuple[str, Catalog]] = []
    olds: dict[Path, Catalog] = {}
    for old_path, _, _ in pairs:
        if old_path.exists():
            read = read_catalog(old_path)
            result.warnings.extend(read.warnings)
            olds[old_path] = read.catalog
            loaded.append((str(old_path), read.catalog))
    for extra in compendia or []:
        read = read_catalog(extra)
        result.warnings.extend(read.warnings)
        loaded.append((str(extra), read.catalog))
    entries, origins = _memory_entries(loaded)
    memory = TranslationMemory(entries, origins)
    for old_path, template_path, out_path in pairs:
        template = read_catalog(template_path).catalog
        base = olds.get(old_path) or Catalog(entries=(), header=template.header)
        merged, report = merge_catalog(
            base,
            template,
            fuzzy_matching=fuzzy_matching,
            memory=memory,
            keep_previous=previous,
            copy_untranslatable=True,
        )
        existing = read_existing(out_path)
        data = serialize(merged)
        if existing is not None and existing != data and out_path != old_path:
            current = read_catalog(out_path).catalog
            if same_content(current, merged):
                data = existing
        action = "unchanged" if existing == data else ("created" if existing is None else "updated")
        if not dry_run and action != "unchanged":
            write_atomic(out_path, data, expected=fingerprint(existing))
        detail = (
            f"{report.kept} kept, {report.fuzzy + report.composed} fuzzy, {report.new} new, {report.obsoleted} obsolete"
        )
        result.files.append(FileChange(out_path, action, detail))
        result.reports[str(out_path)] = report
    return result
