"""fork_map: the same results as a loop, on every core, and failures reach the parent."""

from __future__ import annotations

import gc
import os
import signal
import threading

import pytest

from plugins.core.parallel import fork_map, workers_for


def square_with_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def test_results_come_back_in_order_from_every_worker():
    results = fork_map(square_with_pid, list(range(200)))
    assert [value for value, _pid in results] == [n * n for n in range(200)]
    if workers_for(200) > 1:
        assert len({pid for _value, pid in results}) == workers_for(200)


def fail_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number


def test_an_exception_in_a_worker_is_raised_in_the_parent():
    with pytest.raises(ValueError, match="seven"):
        fork_map(fail_on_seven, list(range(64)))


def test_with_other_threads_running_it_works_in_one_process():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert workers_for(1000) == 1
        assert {pid for _value, pid in fork_map(square_with_pid, list(range(100)))} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def frozen_objects(_item: int) -> int:
    return gc.get_freeze_count()


@pytest.fixture
def two_workers(monkeypatch):
    """fork_map forks one worker even if other threads run in the test process (the lock
    another thread might hold is none that the functions below take)."""
    monkeypatch.setattr("plugins.core.parallel.workers_for", lambda count: 2)


def test_the_parents_objects_are_out_of_the_collectors_sight_while_the_workers_run(two_workers):
    """A collection in a worker would write to every object the parent made, and the kernel
    would copy each memory page it touches: the run's objects are frozen during fork_map and
    let go after it."""
    gc.collect()
    assert gc.get_freeze_count() == 0
    kept = [[number] for number in range(20_000)]  # objects the collector tracks
    counts = fork_map(frozen_objects, list(range(64)))
    assert min(counts) >= len(kept)  # in the parent's share and in every worker's
    assert gc.get_freeze_count() == 0


def test_objects_a_caller_froze_stay_frozen(two_workers):
    kept = [[number] for number in range(20_000)]
    gc.freeze()
    try:
        fork_map(frozen_objects, list(range(64)))
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


_CTRL_C_IN_FORK: list[bool] = []


def _press_ctrl_c_once() -> None:
    if _CTRL_C_IN_FORK:
        _CTRL_C_IN_FORK.clear()
        # to this thread: other threads of the test process must not take it
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)


os.register_at_fork(before=_press_ctrl_c_once)  # does nothing until a test arms it


def test_a_ctrl_c_while_a_worker_is_forked_is_not_lost(two_workers):
    """Ctrl-C pressed while `os.fork` runs its handlers would be lost in them (Python reports
    an exception in a fork handler and goes on); it is held until the fork is done and then
    stops the run like any other."""
    _CTRL_C_IN_FORK.append(True)
    try:
        with pytest.raises(KeyboardInterrupt):
            fork_map(square_with_pid, list(range(64)))
    finally:
        _CTRL_C_IN_FORK.clear()
    assert fork_map(square_with_pid, list(range(64)))[3][0] == 9  # and the next run works
