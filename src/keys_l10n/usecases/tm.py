"""`tm export` and `tm import`: the project's translation memory as TMX, for other tools and organisations.

Imported memory is kept as a compendium catalog ``locale/tm/<lang>.po`` that `migrate` uses automatically
and `merge --compendium` can use; exported memory has every translated, reviewed (non-fuzzy) entry of the
language across all editions, booklets and obsolete entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..adapters.config import ProjectConfig
from ..adapters.locking import project_lock
from ..adapters.po import read_catalog, read_existing
from ..adapters.po_write import fingerprint, serialize, write_atomic
from ..adapters.tm_store import empty_memory, tm_path
from ..adapters.tmx import read_tmx, write_tmx
from ..core.model import Catalog, Entry
from .project import write_file


@dataclass
class TmExportResult:
    path: Path
    units: int
    written: bool


@dataclass
class TmImportResult:
    path: Path
    units: int
    added: int
    conflicts: int
    written: bool


def _catalog_paths(config: ProjectConfig, lang: str) -> list[Path]:
    paths: list[Path] = []
    for edition in config.editions:
        pattern = config.po_path(edition.name, lang, "*")
        paths.extend(p for p in sorted(pattern.parent.glob(pattern.name)) if p not in paths)
    extra = tm_path(config, lang)
    if extra.exists():
        paths.append(extra)
    return paths


def export_tm(config: ProjectConfig, lang: str, output: Path) -> TmExportResult:
    lang = config.select_locales(lang)[0]
    seen: set[tuple[str, str]] = set()
    triples: list[tuple[str, str, str]] = []
    for path in _catalog_paths(config, lang):
        for entry in read_catalog(path).catalog.entries:
            if entry.fuzzy or not entry.translated or entry.msgid_plural is not None or not entry.msgid:
                continue
            if (entry.msgid, entry.msgstr) in seen:
                continue
            seen.add((entry.msgid, entry.msgstr))
            note = path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
            triples.append((entry.msgid, entry.msgstr, note))
    data = write_tmx(triples, source_lang=config.source_language, target_lang=lang.replace("_", "-"))
    written = write_file(output, data, root=config.root)
    return TmExportResult(output, len(triples), written)


def import_tm(config: ProjectConfig, source: Path, lang: str) -> TmImportResult:
    lang = config.select_locales(lang)[0]
    pairs = read_tmx(source, source_lang=config.source_language, target_lang=lang)
    with project_lock(config.root):  # the memory catalog is read, extended and written back
        return _import_pairs(config, source, lang, pairs)


def _import_pairs(config: ProjectConfig, source: Path, lang: str, pairs: list[tuple[str, str]]) -> TmImportResult:
    target = tm_path(config, lang)
    existing = read_existing(target)
    catalog = read_catalog(target).catalog if existing is not None else empty_memory(lang, config.title)
    known = {e.msgid: e for e in catalog.entries if e.msgctxt is None}
    added: list[Entry] = []
    conflicts = 0
    for msgid, msgstr in pairs:
        current = known.get(msgid)
        if current is not None:
            conflicts += current.msgstr != msgstr
            continue
        entry = Entry(msgid=msgid, msgstr=msgstr, references=(), extracted_comments=(f"imported from {source.name}",))
        known[msgid] = entry
        added.append(entry)
    written = False
    if added:
        updated = Catalog(
            entries=catalog.entries + tuple(added),
            header=catalog.header,
            newline=catalog.newline,
            encoding=catalog.encoding,
            trailer=catalog.trailer,
        )
        written = write_atomic(target, serialize(updated), expected=fingerprint(existing))
    return TmImportResult(target, len(pairs), len(added), conflicts, written)
