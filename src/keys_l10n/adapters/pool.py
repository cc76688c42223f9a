"""Independent jobs (one catalog each) spread over the machine's cores, results in the order of the jobs.

The standard library's process pool, forked: a worker inherits what the run already holds (the translation
memory, the old catalogs) instead of receiving it pickled, and only the job's number goes to it. The results
(bytes and reports) come back pickled and in order, so the caller does exactly what it would do with the serial
loop: the output is the same bytes whatever the number of workers. Where ``fork`` does not exist (Windows,
macOS' default), while a thread runs (forking it is unsafe), or with one core, one job or ``KEYS_L10N_JOBS=1``,
the jobs run one after the other here.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

from ..core.model import Segment

T = TypeVar("T")
R = TypeVar("R")

JOBS_VARIABLE = "KEYS_L10N_JOBS"
PARALLEL_BYTES = 1_000_000  # catalogs of about 100 k words: below that, one process is as fast
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the forked workers run


_SEGMENT_FIELDS = attrgetter(*(f.name for f in fields(Segment)))


def _segment_reduce(segment: Segment) -> tuple[type[Segment], tuple[Any, ...]]:
    """A segment pickled as its constructor's arguments: segments come back from the workers by the thousand
    (``compare``), and this loads in about half the time of the slotted dataclass' default (a state list set field
    by field). Registered here, not in core/model.py (which benchmarks/run.py fingerprints)."""
    return Segment, _SEGMENT_FIELDS(segment)


copyreg.pickle(Segment, _segment_reduce)


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
    with map_in_background(function, items, jobs=jobs, size=size) as results:  # started at the first result
        yield from results


@contextlib.contextmanager
def map_in_background(
    function: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None, size: int | None = None
) -> Iterator[Iterator[R]]:
    """``ordered_map`` started at once: in the ``with`` block the jobs run in worker processes while this process
    does other work; the block iterates over what it is given for the results, in order.

    Serially (see ``workers``) the jobs run only as the results are asked for. While the workers run, this process
    holds the pool's threads: an ``ordered_map`` called in the block runs its jobs here, one after the other. A
    result not asked for by the end of the block is abandoned with its worker.
    """
    global _WORK
    count = workers(jobs, len(items), size)
    if count < 2:
        yield (function(item) for item in items)
        return
    _WORK = (function, items)
    # What this process holds stays out of the workers' garbage collections: a worker's full collection would
    # otherwise walk (and copy, page by page) every object it inherited. Measured: a 1 M-word folder merge takes
    # about 1 s less CPU.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(count, initializer=_quiet) as pool:
            yield pool.imap(_run, range(len(items)), chunksize=1)
    finally:
        _WORK = None
        gc.unfreeze()


def run_aside(function: Callable[[], R], meanwhile: Callable[[], None], *, size: int | None = None) -> R:
    """``function()`` in a forked process while this one runs ``meanwhile()``: its result, pickled back.

    Serially (see ``workers``: one core, ``KEYS_L10N_JOBS=1``, small work, no fork), ``meanwhile()`` then
    ``function()`` here. No thread is started, so ``meanwhile`` may use ``ordered_map``'s workers. When the
    process fails (an exception, a crash), ``function()`` runs again here: its error is raised as in a serial run.
    """
    if workers(None, 2, size) < 2:
        meanwhile()
        return function()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        _quiet()
        try:
            outcome: tuple[bool, Any] = (True, function())
        except BaseException:  # the parent runs it again, for the error
            outcome = (False, None)
        send.send(outcome)

    process = context.Process(target=child, daemon=True)
    gc.freeze()  # see map_in_background
    try:
        process.start()
    finally:
        gc.unfreeze()  # the process has its own collector now
    send.close()
    try:
        meanwhile()
        try:
            done, value = receive.recv()
        except (EOFError, OSError):
            done, value = False, None
    finally:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()
    return value if done else function()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block: for work that makes many objects and no reference cycles
    (reading a catalog, segmenting a booklet), where the collections it triggers cost a tenth to a fifth of the
    time and find nothing. Any cycle made meanwhile is collected later, as usual."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
