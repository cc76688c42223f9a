"""For ``build``: read each booklet's catalog and rebuild the booklet, for all the booklets of one locale.

The work of one booklet depends on nothing but its own source and catalog, so a large set is shared among a
pool of processes (one per CPU) and the results come back in booklet order: the files, warnings and errors
are the same as with one process (``tests/test_build.py`` compares both). The pool forks, so the booklets and
their segments are not copied to the workers; where fork is not available, or a thread runs (a progress
bar), everything runs in this process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .build import BuildWarning, FuzzyPolicy, RebuiltBooklet, rebuild
from .errors import CatalogError
from .model import Catalog, Segment
from .po import read_catalog

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

PARALLEL_CHARS = 1_000_000  # booklets larger than this in total (about 150 k words) are rebuilt by a pool


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


def catalog_warning(path: Path, shown: str, text: str) -> BuildWarning:
    """A reader's warning (``path:line: message``) as a BuildWarning naming the catalog as the user gave it."""
    prefix = f"{path}:"
    if text.startswith(prefix):
        line, _, message = text[len(prefix) :].partition(": ")
        if line.isdigit():
            return BuildWarning(shown, int(line), message)
    return BuildWarning(shown, 0, text)


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


_JOBS: list[Job] = []  # the pool's work, inherited by the forked workers


def _run_in_worker(index: int) -> Done:
    job = _JOBS[index]
    done = run_job(job)
    if done.rebuilt is None:
        return done
    html = Rendered(done.rebuilt.html() if job.pages else ("", ()))
    return replace(done, rebuilt=replace(done.rebuilt, html=html), catalog=done.catalog if job.keep_catalog else None)


def run_jobs(jobs: list[Job], *, workers: int | None = None) -> Iterator[Done]:
    """Each job's result, in order; by a pool of ``workers`` processes (default: one per CPU, for a large set)."""
    cpus = workers if workers is not None else (os.cpu_count() or 1)
    large = workers is not None or sum(len(job.text) for job in jobs) > PARALLEL_CHARS
    if cpus > 1 and len(jobs) > 1 and large:
        import multiprocessing
        import threading

        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            yield from _pooled(jobs, min(cpus, len(jobs)), multiprocessing.get_context("fork"))
            return
    for job in jobs:
        yield run_job(job)


def _pooled(jobs: list[Job], workers: int, context: BaseContext) -> Iterator[Done]:
    from concurrent.futures import ProcessPoolExecutor

    global _JOBS
    _JOBS = jobs
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield from pool.map(_run_in_worker, range(len(jobs)), chunksize=1)
    finally:
        _JOBS = []
