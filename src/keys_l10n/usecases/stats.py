"""Use cases of ``keys-l10n stats``: the progress of the configured catalogs now, and over the git history.

No printing, no exiting: values from ``core/progress.py`` out, L10nError subclasses for bad input. A catalog that does
not exist still counts, as 0 %, with the words of its template (the POT if there is one, else the template
extracted from the booklet on the fly). Word counts are cached per message text, so the same texts in many
locales are split once.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import astuple
from pathlib import Path

from ..adapters.config import ProjectConfig
from ..adapters.po import decode_catalog, parse_catalog, read_catalog
from ..adapters.sources import read_edition, resolve_edition
from ..core.errors import CatalogError, EditionError, L10nError
from ..core.model import Catalog
from ..core.progress import (
    CatalogProgress,
    Counts,
    EditionWork,
    History,
    HistoryPoint,
    StatsReport,
    changes_between,
    count_catalog,
    count_entries,
    count_template,
    new_units,
)
from .catalogs import orphan_catalogs, orphan_note
from .project import Progress, no_progress, select_editions


def _select_editions(config: ProjectConfig, editions: list[str] | None) -> list[str]:
    """The selected editions' names (``project.select_editions``: a name or a folder each; default all)."""
    return [e.name for e in select_editions(config, editions)]


def _read(path: Path) -> tuple[Catalog, list[str]]:
    try:
        result = read_catalog(path)
    except CatalogError as exc:
        exc.path = exc.path or path
        raise
    return result.catalog, result.warnings


def _template(config: ProjectConfig, edition: str, booklet: str) -> Catalog | None:
    """A booklet's template: its POT, or the template extracted now from the booklet (None: no such booklet)."""
    pot = config.pot_path(edition, booklet)
    if pot.is_file():
        return _read(pot)[0]
    from .catalogs import templates_for

    try:
        found = templates_for(config, edition, booklet)
    except EditionError:
        return None
    return found[0][1] if found else None


def _template_counts(config: ProjectConfig, edition: str, booklet: str) -> Counts:
    template = _template(config, edition, booklet)
    return count_template(template) if template is not None else Counts()


def edition_work(config: ProjectConfig, editions: list[str], booklets: dict[str, tuple[str, ...]]) -> list[EditionWork]:
    """For each selected edition after the first configured one: the messages and words new since the previous."""
    order = [e.name for e in config.editions]
    out = []
    for edition in editions:
        if edition not in order or order.index(edition) == 0:
            continue
        previous = order[order.index(edition) - 1]
        messages = words = new_messages = new_words = 0
        for name in booklets.get(edition, ()):
            template = _template(config, edition, name)
            if template is None:
                continue
            old = _template(config, previous, name)
            counts = count_template(template)
            messages += counts.total
            words += counts.total_words
            found = new_units(old.entries if old is not None else (), template.entries)
            new_messages += found[0]
            new_words += found[1]
        out.append(EditionWork(edition, previous, messages, words, new_messages, new_words))
    return out


PARALLEL_BYTES = 8 * 2**20  # catalogs larger than this in total are read by several processes


def _count_file(path: Path) -> tuple[Counts | None, list[str], tuple[str, str | None, int | None, str | None]]:
    """(counts, warnings, error) for one catalog; the error as plain values so that it crosses processes."""
    try:
        catalog, notes = _read(path)
    except CatalogError as exc:
        return None, [], (exc.message, str(exc.path) if exc.path else str(path), exc.line, exc.hint)
    return count_catalog(catalog), notes, ("", None, None, None)


def count_files(paths: list[Path], *, workers: int | None = None) -> list[tuple[Counts, list[str]] | CatalogError]:
    """Counts (and reader warnings) of each catalog, in order, or the CatalogError of a catalog that cannot be
    read: one broken file does not stop the others. A large set is read by a pool of processes (one per CPU).
    """
    size = sum(p.stat().st_size for p in paths)
    cpus = workers if workers is not None else (os.cpu_count() or 1)
    if cpus > 1 and len(paths) > 1 and (workers is not None or size > PARALLEL_BYTES):
        import multiprocessing
        import threading
        from concurrent.futures import ProcessPoolExecutor

        # fork is instant, but forking a process that runs threads (a progress bar) is unsafe
        methods = multiprocessing.get_all_start_methods()
        method = "fork" if "fork" in methods and threading.active_count() == 1 else None
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=min(cpus, len(paths)), mp_context=context) as pool:
            results = list(pool.map(_count_file, paths, chunksize=1))
    else:
        results = [_count_file(path) for path in paths]
    out: list[tuple[Counts, list[str]] | CatalogError] = []
    for counts, notes, (message, where, line, hint) in results:
        out.append(CatalogError(message, path=where, line=line, hint=hint) if counts is None else (counts, notes))
    return out


def collect_stats(
    config: ProjectConfig,
    *,
    editions: list[str] | None = None,
    langs: list[str] | None = None,
    booklet: str | None = None,
    progress: Progress = no_progress,
    workers: int | None = None,
) -> StatsReport:
    """Progress of every selected edition x locale x booklet; a missing catalog is named (missing=True)."""
    chosen_editions = _select_editions(config, editions)
    chosen_locales = config.select_locales(langs)
    plan: list[tuple[str, str, str, Path]] = []
    booklets: dict[str, tuple[str, ...]] = {}
    absent: list[EditionError] = []
    orphans: list[str] = []
    for edition in chosen_editions:
        try:
            names = tuple(b.name for b in read_edition(config, resolve_edition(config, edition), booklet))
        except EditionError as exc:
            if booklet is None or exc.message != f"no booklet {booklet!r} in edition {edition!r}":
                raise
            absent.append(exc)  # --booklet: an edition without that booklet has nothing to count
            continue
        booklets[edition] = names
        if booklet is None:
            for lang in chosen_locales:
                for path in orphan_catalogs(config, edition, lang, set(names)):
                    try:
                        catalog = _read(path)[0]
                    except L10nError:
                        continue  # `update` names it, with its error
                    reviewed = sum(1 for e in catalog.live if e.translated and not e.fuzzy and e.msgid)
                    orphans.append(orphan_note(config, edition, path, reviewed))
        plan += [
            (edition, lang, name, config.po_path(edition, lang, name)) for name in names for lang in chosen_locales
        ]
    if absent and len(absent) == len(chosen_editions):
        raise absent[0]
    chosen_editions = [e for e in chosen_editions if e in booklets]
    present = [path for *_, path in plan if path.is_file()]
    progress(f"{len(present)} catalogs")
    counted = dict(zip(present, count_files(present, workers=workers), strict=True))
    rows: list[CatalogProgress] = []
    warnings: list[str] = []
    templates: dict[tuple[str, str], Counts] = {}
    for edition, lang, name, path in plan:
        relative = config.relative(path).as_posix()
        found = counted.get(path)
        if isinstance(found, tuple):
            counts, notes = found
            # the reader's notes start with the path it was given: show the project-relative one instead
            warnings.extend(
                relative + note[len(str(path)) :] if note.startswith(f"{path}:") else f"{relative}: {note}"
                for note in notes
            )
            rows.append(CatalogProgress(edition, lang, name, counts, relative))
            continue
        if (edition, name) not in templates:
            progress(f"{edition}/{name} template")
            templates[(edition, name)] = _template_counts(config, edition, name)
        error = f"{relative}:{found.line or 1}: {found.message}" if found is not None else None
        rows.append(
            CatalogProgress(
                edition, lang, name, templates[(edition, name)], relative, missing=found is None, error=error
            )
        )
    return StatsReport(
        rows=tuple(rows),
        editions=tuple(chosen_editions),
        locales=tuple(chosen_locales),
        booklets=booklets,
        warnings=tuple(warnings + orphans),
        work=tuple(edition_work(config, chosen_editions, booklets)),
    )


# -- history ------------------------------------------------------------------------------------------------
def catalog_path_pattern(po_pattern: str) -> tuple[str, re.Pattern[str]]:
    """``locale/{edition}/{lang}/{booklet}.po`` -> (``locale``, a regex with named groups for the three fields)."""
    fixed = po_pattern.split("{", 1)[0]
    folder = fixed.rsplit("/", 1)[0] if "/" in fixed else ""
    parts: list[str] = []
    seen: set[str] = set()
    for piece in re.split(r"(\{edition\}|\{lang\}|\{booklet\})", po_pattern):
        if piece in ("{edition}", "{lang}", "{booklet}"):
            name = piece[1:-1]
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>[^/]+)")
            seen.add(name)
        else:
            parts.append(re.escape(piece))
    return folder, re.compile("".join(parts))


_BLANK_LINES = re.compile(r"\n(?:[ \t\r]*\n)+")
_PLURAL_FORMS = re.compile(r"Plural-Forms:[^\\\n]*")


class VersionCounter:
    """Counts of many versions of catalogs (the blobs of a git history), entry by entry.

    Successive versions of a catalog share most of their entries, so each version is cut at its blank lines
    and every piece (an entry, with its comments) is parsed and counted once, with the header it needs for
    its plural forms and charset. A version whose pieces parse counts exactly as the whole file would (counts
    add up entry by entry); a problem that only the whole file shows (a duplicate msgid across entries) is not
    looked for here: history is read leniently, the current catalogs strictly.
    """

    def __init__(self) -> None:
        self.pieces: dict[tuple[str, str, str], tuple[int, ...]] = {}

    def _learn(self, context: str, encoding: str, body: str | bytes, path: str) -> None:
        """Parse ``body`` (a whole file, or a header and some pieces) and remember each entry's counts."""
        data = body if isinstance(body, bytes) else body.encode(encoding)
        for entry in parse_catalog(data, path).catalog.entries:
            if entry.raw is not None:
                self.pieces.setdefault((context, encoding, entry.raw.strip()), astuple(count_entries([entry])))

    def count(self, data: bytes, path: str) -> Counts:
        text, encoding = decode_catalog(data, path)
        pieces = [piece.strip() for piece in _BLANK_LINES.split(text) if piece.strip()]
        if not pieces:
            raise CatalogError("no messages: not a PO catalog", path=path, line=1)
        header = ""
        first = parse_catalog(pieces[0].encode(encoding), path).catalog
        if first.header is not None and not first.entries:
            header = pieces.pop(0)
        plural = _PLURAL_FORMS.search(header)
        context = plural.group(0) if plural else ""
        unknown = list(dict.fromkeys(p for p in pieces if (context, encoding, p) not in self.pieces))
        if unknown and len(unknown) * 10 > len(pieces):  # mostly new: one strict parse of the whole file
            self._learn(context, encoding, data, path)
        elif unknown:  # a few new pieces: parse them together under the header
            with contextlib.suppress(CatalogError):  # one of them is bad: found piece by piece below
                self._learn(context, encoding, "\n\n".join([*([header] if header else []), *unknown]) + "\n", path)
        found = []
        for piece in pieces:
            key = (context, encoding, piece)
            counts = self.pieces.get(key)
            if counts is None:  # a piece of several entries (no blank line between them), or an odd one
                body = f"{header}\n\n{piece}\n" if header else f"{piece}\n"
                try:
                    counts = astuple(count_catalog(parse_catalog(body.encode(encoding), path).catalog))
                except CatalogError:  # e.g. comments set apart from their entry: the whole file decides
                    return count_catalog(parse_catalog(data, path).catalog)
                self.pieces[key] = counts
            found.append(counts)
        return Counts(*(sum(column) for column in zip(*found, strict=True))) if found else Counts()


def collect_history(
    config: ProjectConfig,
    *,
    editions: list[str] | None = None,
    langs: list[str] | None = None,
    booklet: str | None = None,
    since: str | None = None,
    progress: Progress = no_progress,
) -> History:
    """Progress at each commit that touched the catalogs, and who changed which catalog (no checkout)."""
    from ..adapters.gitrepo_history import catalog_history

    chosen_editions = set(_select_editions(config, editions))
    chosen_locales = set(config.select_locales(langs))
    folder, pattern = catalog_path_pattern(config.po_pattern)
    keys: dict[str, tuple[str, str, str]] = {}

    def keep(path: str) -> bool:
        match = pattern.fullmatch(path)
        if not match:
            return False
        edition, lang, name = match.group("edition"), match.group("lang"), match.group("booklet")
        if edition not in chosen_editions or lang not in chosen_locales or (booklet and name != booklet):
            return False
        keys[path] = (edition, lang, name)
        return True

    found = catalog_history(config.root, folder, keep, since=since)
    counts_by_blob: dict[str, Counts | None] = {}
    warnings: list[str] = []
    versions = VersionCounter()

    def counts(path: str, blob: str) -> Counts | None:
        if blob not in counts_by_blob:
            try:
                counts_by_blob[blob] = versions.count(found.read_blob(blob), path)
            except L10nError as exc:
                warnings.append(f"{exc.location() or path}: {exc.message} (blob {blob[:10]}; not counted)")
                counts_by_blob[blob] = None
        return counts_by_blob[blob]

    points: list[HistoryPoint] = []
    for snap in found.snapshots:
        progress(snap.sha[:10])
        state: dict[str, tuple[str, str, str, Counts]] = {}
        before: dict[str, tuple[str, str, str, Counts]] = {}
        for path, blob in snap.files.items():
            got = counts(path, blob)
            if got is not None:
                state[path] = (*keys[path], got)
        for path, (old, _new) in snap.changed.items():
            got = counts(path, old) if old else None
            if got is not None:
                before[path] = (*keys[path], got)
        per_locale: dict[tuple[str, str], Counts] = {}
        for edition, lang, _name, got in state.values():
            per_locale[(edition, lang)] = per_locale.get((edition, lang), Counts()) + got
        points.append(
            HistoryPoint(
                commit=snap.sha,
                date=snap.date,
                author=snap.author,
                email=snap.email,
                summary=snap.summary,
                progress=dict(sorted(per_locale.items())),
                changes=changes_between(before, state, snap.changed),
            )
        )
    return History(points=tuple(points), shallow=found.shallow, warnings=tuple(dict.fromkeys(warnings)))
