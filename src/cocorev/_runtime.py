"""Process-level helpers for large inputs: garbage collection and forked workers."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

_State = TypeVar("_State")
_Chunk = TypeVar("_Chunk")
_Result = TypeVar("_Result")


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


# What forked workers run: set just before the pool starts, cleared when it ends.
_forked: tuple[Any, Callable[[Any, Any], Any]] | None = None


def in_processes(
    state: _State,
    function: Callable[[_State, _Chunk], _Result],
    chunks: Sequence[_Chunk],
    workers: int,
) -> list[_Result]:
    """Return ``[function(state, chunk) for chunk in chunks]``, on forked processes.

    The workers inherit ``state`` from this process instead of receiving a copy, so
    only the chunks (small) and the results travel between processes. Without
    ``fork`` (Windows), or with one worker, the chunks run here, in order.
    """
    if workers <= 1 or len(chunks) <= 1 or not can_fork():
        return [function(state, chunk) for chunk in chunks]
    global _forked  # the one hand-over to forked workers
    _forked = (state, function)
    # Frozen objects are skipped by the collector, so workers do not copy every
    # page of the inherited state just to look at it.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=min(workers, len(chunks))) as pool:
            return pool.map(_run_forked, chunks, chunksize=1)
    finally:
        _forked = None
        gc.unfreeze()


def iter_in_processes(
    state: _State,
    function: Callable[[_State, _Chunk], _Result],
    chunks: Sequence[_Chunk],
    workers: int,
) -> Iterator[_Result]:
    """Yield ``function(state, chunk)`` for each chunk in order, as :func:`in_processes`.

    Results are taken one chunk at a time, so a caller that consumes each before the
    next never holds them all; closing the generator early stops the workers.
    """
    if workers <= 1 or len(chunks) <= 1 or not can_fork():
        for chunk in chunks:
            yield function(state, chunk)
        return
    global _forked  # the one hand-over to forked workers
    _forked = (state, function)
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=min(workers, len(chunks))) as pool:
            yield from pool.imap(_run_forked, chunks, chunksize=1)
    finally:
        _forked = None
        gc.unfreeze()


def _run_forked(chunk: Any) -> Any:
    assert _forked is not None  # set by in_processes before the fork
    state, function = _forked
    return function(state, chunk)
