"""Independent jobs (one catalog each) spread over the machine's cores, results in the order of the jobs.

The standard library's process pool, forked: a worker inherits what the run already holds (the translation
memory, the old catalogs) instead of receiving it pickled, and only the job's number goes to it. The results
(bytes and reports) come back pickled and in order, so the caller does exactly what it would do with the serial
loop: the output is the same bytes whatever the number of workers. Where ``fork`` does not exist (Windows,
macOS' default), while a thread runs (forking it is unsafe), or with one core, one job or ``KEYS_L10N_JOBS=1``,
the jobs run one after the other here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

JOBS_VARIABLE = "KEYS_L10N_JOBS"
PARALLEL_BYTES = 1_000_000  # catalogs of about 100 k words: below that, one process is as fast
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the forked workers run


def workers(jobs: int | None, count: int, size: int | None = None) -> int:
    """How many processes for ``count`` jobs: ``jobs`` when given, else $KEYS_L10N_JOBS, else the usable cores;
    one when the work is small (``size``, bytes of catalogs, under ``PARALLEL_BYTES``): starting workers would
    cost more than it saves."""
    if jobs is None:
        value = os.environ.get(JOBS_VARIABLE, "").strip()
        if value.isdigit():
            jobs = int(value)
        elif size is not None and size < PARALLEL_BYTES:
            return 1
        else:
            jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process that runs threads (a progress bar) is unsafe
    return max(1, min(jobs, count))


def _quiet() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool); no traceback from each worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(index: int) -> Any:
    assert _WORK is not None
    function, items = _WORK
    return function(items[index])


def ordered_map(
    function: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None, size: int | None = None
) -> Iterator[R]:
    """``function(item)`` for each item, yielded in order as they are done (in worker processes when useful:
    see ``workers``).

    An exception raised by a job is raised here, when its turn comes; the remaining jobs are then abandoned.
    """
    global _WORK
    count = workers(jobs, len(items), size)
    if count < 2:
        for item in items:
            yield function(item)
        return
    _WORK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(count, initializer=_quiet) as pool:
            yield from pool.imap(_run, range(len(items)), chunksize=1)
    finally:
        _WORK = None
