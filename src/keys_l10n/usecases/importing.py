"""`import`: turn an already published translation of a booklet into the booklet's PO file."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import __version__
from ..adapters.config import ProjectConfig
from ..adapters.locking import project_lock
from ..adapters.po import check_catalog_size
from ..adapters.po_write import serialize
from ..adapters.published import FORMATS, read_published
from ..adapters.sources import Booklet, read_edition, resolve_edition
from ..adapters.tm_store import keep_replaced, open_memory
from ..core.anchors import is_translator_note, link_references
from ..core.errors import EditionError, L10nError
from ..core.importer import plan_import, prepare_translation
from ..core.merge import MergeOptions, merge_catalog, same_content
from ..core.model import Catalog, Entry, Segment
from ..core.template import build_template
from .catalogs import Pending, creation_date, open_catalog, write_pending
from .project import FileAction, segment_at

IMPORTED = "keys-l10n: imported from"


@dataclass
class ImportResult:
    path: Path
    action: str
    certain: int = 0
    fuzzy: int = 0
    kept: int = 0
    unaligned_source: list[tuple[int, str]] = field(default_factory=list)  # (line in source, text)
    unaligned_target: list[tuple[int, str]] = field(default_factory=list)  # (line in translation, text)
    replaced: int = 0  # translations --overwrite replaced, kept in the language memory ``memory``
    memory: Path | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)  # translator's notes: (line in translation, text)
    form: str = "markdown"  # the translation's form; for html and docx, "line" is the block's number


def _booklet_name(path: Path, lang: str, given: str | None) -> str:
    if given:
        return given
    stem = path.stem
    for suffix in (f".{lang}", f".{lang.split('_')[0]}", f"_{lang}", f"-{lang}"):
        if stem.lower().endswith(suffix.lower()):
            return stem[: -len(suffix)]
    return stem


def import_translation(
    config: ProjectConfig,
    *,
    edition: str,
    lang: str,
    translated: Path,
    booklet: str | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    lang = config.select_locales(lang)[0]
    chosen = resolve_edition(config, edition, adhoc=False)
    edition = chosen.name
    name = _booklet_name(translated, lang, booklet)
    try:
        source_booklet = read_edition(config, chosen, name)[0]
    except EditionError as exc:
        raise L10nError(
            f"{exc.message} (taken from the file name {translated.name!r})", hint="name the booklet with --booklet"
        ) from None
    form = FORMATS.get(translated.suffix.lower(), "markdown")
    result = ImportResult(config.po_path(edition, lang, name), FileAction.UNCHANGED, form=form)
    source_units, proposals = _proposals(source_booklet, translated, form, result)
    with project_lock(config.root) if not dry_run else contextlib.nullcontext():
        template = build_template(
            name,
            edition,
            source_booklet.path,
            source_units,
            date=creation_date(),
            version=__version__,
            title=config.title,
        )
        target = config.po_path(edition, lang, name)
        existing, base = open_catalog(target, template, lang, title=config.title)
        merged, _ = merge_catalog(base, template, MergeOptions(fuzzy_matching=False))
        catalog, replaced = _apply(merged, proposals, overwrite, f"{IMPORTED} {translated.name}", result)
        if existing is not None and same_content(base, catalog):
            catalog = base  # nothing imported: the file stays as it is (POT-Creation-Date included)
        data_out = serialize(catalog)
        check_catalog_size(data_out, target)
        result.path = config.relative(target)
        pending: Pending = []
        if existing != data_out:
            result.action = FileAction.CREATED if existing is None else FileAction.UPDATED
            pending.append((target, data_out, existing))
        if replaced:  # --overwrite: the translations given way to are kept in the language memory
            path, existing_tm, memory = open_memory(config, lang)
            memory, result.replaced = keep_replaced(memory, [(entry, f"{edition} {name}") for entry in replaced])
            result.memory = config.relative(path)
            if result.replaced:
                pending.append((path, serialize(memory, path=path), existing_tm))
        if not dry_run:
            write_pending(pending)
    return result


Proposals = dict[tuple[str | None, str], tuple[str, bool]]


def _proposals(
    source_booklet: Booklet, translated: Path, form: str, result: ImportResult
) -> tuple[list[Segment], Proposals]:
    """The source booklet's units and, per unit key, the translation the alignment proposes and whether it is
    certain; what could not be aligned goes into ``result``."""
    try:
        data = translated.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path=translated) from None
    translation = read_published(data, str(translated), translated.suffix)
    target_units = prepare_translation(segment_at(translation, translated, lines=form == "markdown"))
    source_units = segment_at(source_booklet.text, source_booklet.path)
    if not target_units:
        raise L10nError("no translatable text found in the translation", path=translated)
    references = link_references(translation) | link_references(source_booklet.text)
    plan = plan_import(source_units, target_units, references)
    for i in plan.missing:
        result.unaligned_source.append((source_units[i].line, source_units[i].text))
    for j in plan.added:
        where = target_units[j].line if form == "markdown" else j + 1
        bucket = result.notes if is_translator_note(target_units[j].text) else result.unaligned_target
        bucket.append((where, target_units[j].text))
    proposals: Proposals = {}
    for i, (share, certain) in sorted(plan.translations.items()):
        proposals.setdefault(source_units[i].key, (share, certain))
    return source_units, proposals


def _apply(
    merged: Catalog, proposals: Proposals, overwrite: bool, note: str, result: ImportResult
) -> tuple[Catalog, list[Entry]]:
    """The catalog with the proposals filled in (an uncertain one fuzzy, with ``note``), and the translations
    that ``overwrite`` replaced."""
    entries: list[Entry] = []
    replaced: list[Entry] = []
    for entry in merged.entries:
        proposal = proposals.get(entry.key)
        if entry.obsolete or proposal is None or (entry.translated and not overwrite):
            result.kept += entry.translated and not entry.obsolete
            entries.append(entry)
            continue
        text, certain = proposal
        flags = tuple(f for f in entry.flags if f != "fuzzy")
        if not certain:
            flags = ("fuzzy", *flags)
            result.fuzzy += 1
        else:
            result.certain += 1
        # A provenance comment only on a suggestion to review: a certain pair is a translation, not a
        # suggestion, so it carries none (`update` keeps a comment once written, also after review). An
        # earlier import's note is replaced, not repeated, so importing again changes nothing.
        comments = tuple(c for c in entry.extracted_comments if not c.startswith(IMPORTED))
        comments += () if certain else (f"{note} (uncertain alignment)",)
        updated = replace(entry, msgstr=text, flags=flags, extracted_comments=comments)
        if updated == entry:
            entries.append(entry)
            continue
        if entry.translated and entry.msgstr != text:
            replaced.append(entry)
        entries.append(replace(updated, raw=None))
    return replace(merged, entries=tuple(entries)), replaced
