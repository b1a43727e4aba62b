"""Process-level helpers for large inputs: garbage collection and forked workers."""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from cocorev.errors import CocorevError

_State = TypeVar("_State")
_Chunk = TypeVar("_Chunk")
_Result = TypeVar("_Result")


class WorkerError(CocorevError, RuntimeError):
    """A worker process died before finishing its part (killed, or out of memory)."""


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block that only allocates.

    Building millions of small objects that live on (records, keys, indexes) makes the
    collector walk all of them again and again; none of them forms a cycle to free.
    The collector's previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def can_fork() -> bool:
    """Whether worker processes can inherit this process's memory (POSIX ``fork``)."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_processes(
    state: _State,
    function: Callable[[_State, _Chunk], _Result],
    chunks: Sequence[_Chunk],
    workers: int,
    *,
    here: bool = False,
) -> list[_Result]:
    """Return ``[function(state, chunk) for chunk in chunks]``, on forked processes.

    The workers inherit ``state`` from this process instead of receiving a copy, so
    only the chunks (small) and the results travel between processes. Without
    ``fork`` (Windows), or with one worker, the chunks run here, in order.

    With ``here``, this process counts as one of the ``workers``: it works out the
    first chunk itself while the others run on forked processes, and that chunk's
    result never travels. For a few large chunks whose results are large.

    Raises:
        WorkerError: A worker process died (killed, or out of memory).
    """
    if here and workers > 1 and len(chunks) > 1 and can_fork():
        with _pool(state, function, min(workers - 1, len(chunks) - 1)) as pool:
            others = [pool.submit(_run, chunk) for chunk in chunks[1:]]
            first = function(state, chunks[0])
            return [first, *(_result(future) for future in others)]
    return list(iter_in_processes(state, function, chunks, workers))


def iter_in_processes(
    state: _State,
    function: Callable[[_State, _Chunk], _Result],
    chunks: Sequence[_Chunk],
    workers: int,
) -> Iterator[_Result]:
    """Yield ``function(state, chunk)`` for each chunk in order, as :func:`in_processes`.

    Results are taken one chunk at a time, so a caller that consumes each before the
    next never holds them all; closing the generator early cancels the chunks not
    started. Each call has its own workers and state, so threads may call it at once.
    """
    if workers <= 1 or len(chunks) <= 1 or not can_fork():
        for chunk in chunks:
            yield function(state, chunk)
        return
    with _pool(state, function, min(workers, len(chunks))) as pool:
        for future in [pool.submit(_run, chunk) for chunk in chunks]:
            yield _result(future)


_WORKER_DIED = (
    "a worker process died before finishing (killed, or out of memory); "
    "run with fewer workers or more memory"
)


@contextmanager
def _pool(
    state: Any, function: Callable[[Any, Any], Any], workers: int
) -> Iterator[ProcessPoolExecutor]:
    """Yield a pool of ``workers`` forked processes that run ``function(state, chunk)``.

    On leaving, chunks not started are cancelled and the workers are waited for.
    """
    # Frozen objects are skipped by the collector, so workers do not copy every page
    # of the inherited state just to look at it. A caller who froze objects already
    # manages the collector and is left as it was.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_install,
        initargs=(state, function),
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if freeze:
            gc.unfreeze()


def _result(future: Future[Any]) -> Any:
    """Return a worker's result; a worker that died is a :class:`WorkerError`."""
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerError(_WORKER_DIED) from exc


# What this worker runs: set once in each worker process by its pool's initializer.
_job: tuple[Any, Callable[[Any, Any], Any]] | None = None


def _install(state: Any, function: Callable[[Any, Any], Any]) -> None:
    """Set up a forked worker: its job, and Ctrl-C left to the main process."""
    global _job  # each worker process has its own copy
    _job = (state, function)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(chunk: Any) -> Any:
    assert _job is not None  # set by _install when the worker starts
    state, function = _job
    return function(state, chunk)
