"""For ``build``: read each booklet's catalog and rebuild the booklet, for all the booklets of one locale.

The work of one booklet depends on nothing but its own source and catalog, so a large set is shared among
the processes of ``pool.ordered_map`` (forked: the booklets and their segments are not copied to the workers)
and the results come back in booklet order: the files, warnings and errors are the same as with one process
(``tests/test_build.py`` compares both).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..adapters.po import read_catalog
from ..adapters.pool import ordered_map
from ..core.errors import CatalogError, warning_text
from ..core.model import Catalog, Segment
from ..core.rebuild import BuildWarning, FuzzyPolicy, RebuiltBooklet, rebuild


@dataclass(frozen=True)
class Job:
    text: str
    segments: list[Segment]
    source_path: str
    po_path: Path
    po_rel: str
    fuzzy: FuzzyPolicy
    wrap: bool
    pages: bool  # HTML or PDF wanted: a worker renders the HTML booklet before sending the result back
    keep_catalog: bool  # MO wanted: the catalog is sent back too


@dataclass(frozen=True)
class Done:
    rebuilt: RebuiltBooklet | None = None
    catalog: Catalog | None = None
    notes: tuple[BuildWarning, ...] = ()  # the reader's warnings, or "no catalog"
    error: str | None = None  # "catalog:line: message" when the catalog cannot be read


@dataclass(frozen=True)
class Rendered:
    """An HTML booklet rendered already (a value a worker can send back, unlike the lazy renderer)."""

    value: tuple[str, tuple[str, ...]]

    def __call__(self) -> tuple[str, tuple[str, ...]]:
        return self.value


@dataclass(frozen=True, slots=True)
class ReaderWarning(BuildWarning):
    """A catalog reader's warning: printed as every command prints one (``errors.warning_text``)."""

    def __str__(self) -> str:
        return warning_text(self.message, path=self.path, line=self.line or None)


def catalog_warning(path: Path, shown: str, text: str) -> BuildWarning:
    """A reader's warning (``path:line: message``) as a BuildWarning naming the catalog as the user gave it."""
    prefix = f"{path}:"
    if text.startswith(prefix):
        line, _, message = text[len(prefix) :].partition(": ")
        if line.isdigit():
            return ReaderWarning(shown, int(line), message)
    return ReaderWarning(shown, 0, text)


def run_job(job: Job) -> Done:
    catalog: Catalog | None = None
    if job.po_path.exists():
        try:
            read = read_catalog(job.po_path)
        except CatalogError as exc:
            return Done(error=f"{job.po_rel}:{exc.line or 1}: {exc.message}")
        catalog = read.catalog
        notes = tuple(catalog_warning(job.po_path, job.po_rel, text) for text in read.warnings)
    else:
        notes = (
            BuildWarning(job.po_rel, 0, "no catalog: every unit stays in the source language (run `keys-l10n update`)"),
        )
    rebuilt = rebuild(
        job.text,
        catalog,
        fuzzy=job.fuzzy,
        wrap=job.wrap,
        source_path=job.source_path,
        catalog_path=job.po_rel,
        segments=job.segments,
    )
    return Done(rebuilt, catalog, notes)


def _finished(job: Job) -> Done:
    """``run_job``, with the HTML booklet rendered now when it is wanted (a value that can cross processes)."""
    done = run_job(job)
    if done.rebuilt is None:
        return done
    html = Rendered(done.rebuilt.html() if job.pages else ("", ()))
    return replace(done, rebuilt=replace(done.rebuilt, html=html), catalog=done.catalog if job.keep_catalog else None)


def rebuild_all(jobs: list[Job], *, workers: int | None = None) -> Iterator[Done]:
    """Each job's result, in order (by ``workers`` processes; default: see ``pool.workers``)."""
    return ordered_map(_finished, jobs, jobs=workers, size=sum(len(job.text.encode("utf-8")) for job in jobs))
