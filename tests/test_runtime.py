"""Forked workers: per-call state, a dead worker, the caller's collector settings."""

from __future__ import annotations

import gc
import os
import signal
import threading

import pytest

from cocorev._runtime import WorkerError, can_fork, in_processes

pytestmark = pytest.mark.skipif(not can_fork(), reason="forked workers need POSIX fork")


def _scaled(state: int, chunk: range) -> list[int]:
    return [state * k for k in chunk]


def _pid_and_chunk(_state: None, chunk: int) -> tuple[int, int]:
    return os.getpid(), chunk


def _die_on_two(_state: None, chunk: int) -> int:
    if chunk == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return chunk


class TestInProcesses:
    def test_results_in_chunk_order(self):
        """Chunks come back in their order, each computed with the caller's state."""
        chunks = [range(0, 3), range(3, 5), range(5, 6)]
        assert [[0, 7, 14], [21, 28], [35]] == in_processes(7, _scaled, chunks, 2)

    def test_threads_keep_their_own_state(self):
        """Calls from several threads at once each see their own state, never another's."""
        results: dict[int, list[list[int]]] = {}
        chunks = [range(k, k + 50) for k in range(0, 400, 50)]

        def call(state: int) -> None:
            results[state] = in_processes(state, _scaled, chunks, 2)

        threads = [threading.Thread(target=call, args=(s,)) for s in (1, 2, 3, 4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for state in (1, 2, 3, 4):
            assert [[state * k for k in chunk] for chunk in chunks] == results[state]

    def test_here_works_out_the_first_chunk_in_this_process(self):
        """With ``here``, the first chunk is worked out by the caller, the rest by workers."""
        results = in_processes(None, _pid_and_chunk, [1, 2, 3], 2, here=True)
        assert [1, 2, 3] == [chunk for _pid, chunk in results]
        assert os.getpid() == results[0][0]
        assert {os.getpid()}.isdisjoint(pid for pid, _chunk in results[1:])

    def test_here_with_one_worker_runs_everything_here(self):
        """One worker is this process: nothing is forked."""
        results = in_processes(None, _pid_and_chunk, [1, 2], 1, here=True)
        assert [(os.getpid(), 1), (os.getpid(), 2)] == results

    def test_a_dead_worker_beside_this_process_is_an_error(self):
        """A worker killed while this process works on the first chunk raises WorkerError."""
        with pytest.raises(WorkerError, match="worker process died"):
            in_processes(None, _die_on_two, [1, 2], 2, here=True)

    def test_a_dead_worker_is_an_error_not_a_hang(self):
        """A worker killed mid-way raises WorkerError instead of waiting for ever."""
        with pytest.raises(WorkerError, match="worker process died"):
            in_processes(None, _die_on_two, [1, 2, 3, 4], 2)

    def test_the_callers_frozen_objects_stay_frozen(self):
        """A caller who froze objects (a pre-fork server) finds them still frozen."""
        gc.freeze()
        try:
            frozen = gc.get_freeze_count()
            in_processes(1, _scaled, [range(3), range(3, 6)], 2)
            assert frozen == gc.get_freeze_count()
        finally:
            gc.unfreeze()

    def test_nothing_stays_frozen_after(self):
        """Objects frozen for the workers are unfrozen when they are done."""
        in_processes(1, _scaled, [range(3), range(3, 6)], 2)
        assert 0 == gc.get_freeze_count()
