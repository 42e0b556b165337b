"""Work on every core: `fork_map` runs a function over many items in forked processes.

Reading and rendering thousands of pages is independent work per page, and Python runs it on
one core. `fork_map` forks one worker per further core; each worker takes every n-th item,
and the parent takes its own share, so nothing is set up twice: the workers inherit the whole
state of the run (settings, templates, records) by copy-on-write. Results come back through a
pipe, in the items' order, so the output is the same as in one process.

It falls back to a plain loop where forking is unsafe or useless: one core, few items, or
other threads running (a forked child gets only the calling thread, and a lock another thread
held would never be released). An exception in a worker is raised in the parent. The
environment variable `BUILD_WORKERS` caps the processes (`BUILD_WORKERS=1`: one process, as
a profiler needs it).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence

MIN_ITEMS = 16  # below this, forking costs more than it saves


class WorkerFailed(RuntimeError):
    """A worker raised; the message is the worker's exception, with its type."""

    def __init__(self, message: str, original: BaseException | None = None):
        super().__init__(message)
        self.original = original


def workers_for(count: int) -> int:
    """How many processes to use for `count` items here and now."""
    if count < MIN_ITEMS or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    cap = os.environ.get("BUILD_WORKERS", "")
    if cap.isdigit() and int(cap) > 0:
        cores = min(cores, int(cap))
    return max(1, min(cores, count // (MIN_ITEMS // 2)))


def fork_map(function: Callable, items: Sequence, *, want_results: bool = True) -> list:
    """[function(item) for item in items], on every core. With `want_results=False` the
    workers send nothing back (for work whose effect is files written)."""
    workers = workers_for(len(items))
    if workers == 1:
        return [function(item) for item in items]
    # the objects made so far are put out of the collector's sight while the workers run: a
    # collection in a worker would otherwise write to every one of them, and the kernel would
    # copy each page of the parent's memory it touches into the worker
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        return _fork_map(function, items, workers, want_results)
    finally:
        if not frozen_before:  # a caller that froze objects itself lets them go itself
            gc.unfreeze()


def _fork_map(function: Callable, items: Sequence, workers: int, want_results: bool) -> list:
    children = []
    # Ctrl-C waits while the workers are forked: one that landed in the fork's own handlers
    # (logging's among them) would be lost; it arrives when the parent starts its share
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        for worker in range(1, workers):
            children.append(_fork_worker(function, items, worker, workers, want_results, held))
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    results: list = [None] * len(items)
    failure: BaseException | None = None
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for index in range(0, len(items), workers):
            results[index] = function(items[index])
    except BaseException as error:  # finish with the workers before raising
        failure = error
    for worker, pid, read_end, spool in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        status, payload = pickle.loads(data) if data else ("error", WorkerFailed("no result"))
        if status == "error" and failure is None:
            failure = payload
        elif status == "ok" and spool is not None:
            spool.seek(0)
            for index in range(worker, len(items), workers):
                results[index] = pickle.load(spool)
        if spool is not None:
            spool.close()
    if failure is not None:
        raise failure
    return results


def _fork_worker(function, items, worker: int, workers: int, want_results: bool, mask) -> tuple:
    """Fork the worker that takes every `workers`-th item from `worker` on; its number, pid,
    the end of its pipe and the file its results go to."""
    read_end, write_end = os.pipe()
    # results go to a file one by one, as they are made: a worker never holds all of its
    # results, and their pickled copies, at once
    spool = tempfile.TemporaryFile() if want_results else None  # noqa: SIM115 (closed by caller)
    pid = os.fork()
    if pid == 0:  # the worker: whatever happens, this process ends here
        code = 1
        try:
            os.close(read_end)
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # Ctrl-C as in the parent
                for index in range(worker, len(items), workers):
                    result = function(items[index])
                    if spool is not None:
                        pickle.dump(result, spool, pickle.HIGHEST_PROTOCOL)
                if spool is not None:
                    spool.flush()
                status, code = ("ok", None), 0
            except BaseException as error:  # handed to the parent as it is
                status = ("error", _describe(error))
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(status, pipe, pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent is gone: nothing to tell
            pass
        finally:
            os._exit(code)
    os.close(write_end)
    return worker, pid, read_end, spool


def _describe(error: BaseException) -> BaseException:
    """The worker's exception if it can travel through a pipe, else a WorkerFailed with its
    message and trace."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return WorkerFailed(
            f"{type(error).__name__}: {error}\n{''.join(traceback.format_exception(error))}"
        )
