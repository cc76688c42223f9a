"""`import`: turn an already published translation of a booklet into the booklet's PO file."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .config import ProjectConfig
from .errors import EditionError, L10nError
from .importer import is_translator_note, link_references, plan_import, prepare_translation
from .locales import normalize_locale
from .locking import project_lock
from .markdown import segment
from .merge import merge_catalog
from .model import Entry
from .po import fingerprint, serialize, write_atomic
from .published import FORMATS, read_published
from .services import _relative, creation_date, open_catalog
from .sources import read_edition, resolve_edition
from .template import build_template


@dataclass
class ImportResult:
    path: Path
    action: str
    certain: int = 0
    fuzzy: int = 0
    kept: int = 0
    unaligned_source: list[tuple[int, str]] = field(default_factory=list)  # (line in source, text)
    unaligned_target: list[tuple[int, str]] = field(default_factory=list)  # (line in translation, text)
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
    lang = normalize_locale(lang)
    config.edition(edition)
    name = _booklet_name(translated, lang, booklet)
    try:
        source_booklet = read_edition(config, resolve_edition(config, edition), name)[0]
    except EditionError as exc:
        raise L10nError(
            f"{exc.message} (taken from the file name {translated.name!r})", hint="name the booklet with --booklet"
        ) from None
    try:
        data = translated.read_bytes()
    except OSError as exc:
        raise L10nError(f"cannot read: {exc.strerror}", path=translated) from None
    form = FORMATS.get(translated.suffix.lower(), "markdown")
    translation = read_published(data, str(translated), translated.suffix)
    target_units = prepare_translation(segment(translation))
    source_units = segment(source_booklet.text)
    if not target_units:
        raise L10nError("no translatable text found in the translation", path=translated)
    references = link_references(translation) | link_references(source_booklet.text)
    plan = plan_import(source_units, target_units, references)
    proposals: dict[tuple[str | None, str], tuple[str, bool]] = {}
    result = ImportResult(config.po_path(edition, lang, name), "unchanged", form=form)
    for i in plan.missing:
        result.unaligned_source.append((source_units[i].line, source_units[i].text))
    for j in plan.added:
        where = target_units[j].line if form == "markdown" else j + 1
        bucket = result.notes if is_translator_note(target_units[j].text) else result.unaligned_target
        bucket.append((where, target_units[j].text))
    for i, (share, certain) in sorted(plan.translations.items()):
        proposals.setdefault(source_units[i].key, (share, certain))
    with project_lock(config.root) if not dry_run else contextlib.nullcontext():
        template = build_template(
            name, edition, source_booklet.path, source_units, date=creation_date(), version=__version__
        )
        target = config.po_path(edition, lang, name)
        existing, base = open_catalog(target, template, lang)
        merged, _ = merge_catalog(base, template, fuzzy_matching=False)
        entries: list[Entry] = []
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
            # Like every keys-l10n provenance comment, only on a suggestion still to be reviewed: `update` drops
            # it from reviewed entries, so a certain pair carries none and importing again changes nothing.
            note = () if certain else (f"keys-l10n: imported from {translated.name} (uncertain alignment)",)
            comments = tuple(c for c in entry.extracted_comments if not c.startswith("keys-l10n: imported from "))
            entries.append(replace(entry, msgstr=text, flags=flags, extracted_comments=comments + note, raw=None))
        catalog = replace(merged, entries=tuple(entries))
        data_out = serialize(catalog)
        result.path = _relative(config, target)
        if existing != data_out:
            result.action = "created" if existing is None else "updated"
            if not dry_run:
                write_atomic(target, data_out, expected=fingerprint(existing))
    return result
