"""Running one build as a process of its own and measuring it from outside.

Time: the wall time from start to exit of the whole process (interpreter start, imports and
the build), and its CPU time (user + system) with that of every child process it waited for,
as the kernel reports them when it is reaped (`wait4`).

Memory: a thread samples the memory of the process and all of its descendants every
`INTERVAL` seconds with psutil and keeps the largest sum: our build runs Pagefind as a child
process (`python -m pagefind`, which runs the Pagefind binary), and renders on every core in
forked worker processes, so the peak of the build process alone would miss them. Each process
counts with its proportional set size (PSS, from /proc/PID/smaps_rollup): its own pages, and
its share of the pages it shares with others (a forked worker shares most of its parent's
memory until it writes to it), so the sum is the memory the tree occupies, counting nothing
twice. Where PSS cannot be read, RSS is used, which counts shared pages twice and errs high.
Sampling can miss a peak shorter than the interval; the kernel's own peak RSS of the largest
single process (`ru_maxrss` from `wait4`) is kept beside it, and for a build that is one
process (stock Pelican) the two agree but for the shared library pages RSS counts in full.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

INTERVAL = 0.05  # seconds between two samples of the process tree (each costs about 2 ms CPU)
MIB = 1024 * 1024


@dataclass
class Run:
    """What one run of a command measured."""

    seconds: float  # wall time of the whole process
    cpu_seconds: float  # user + system, with the child processes it waited for
    peak_mib: float  # largest sampled PSS of the process and its descendants together
    peak_main_mib: float  # of that peak: the process itself
    largest_process_mib: float  # the kernel's peak RSS of the largest single process
    samples: int
    child_seconds: dict[str, float] = field(default_factory=dict)  # by name: first to last seen
    returncode: int = 0

    @property
    def peak_children_mib(self) -> float:
        return self.peak_mib - self.peak_main_mib


class _TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = INTERVAL):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.stopped = threading.Event()
        self.peak = 0
        self.peak_main = 0
        self.samples = 0
        self.seen: dict[int, tuple[str, float, float]] = {}  # pid: (command, first, last)

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self.stopped.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = main = 0
            now = time.perf_counter()
            commands = {process.pid: _command(process) for process in processes}
            for process in processes:
                try:
                    size = _proportional_size(process)
                except psutil.Error:  # ended (or a zombie) between listing and reading
                    continue
                total += size
                if process is root:
                    main = size
                elif commands[process.pid]:
                    first = self.seen.get(process.pid, ("", now, now))[1]
                    self.seen[process.pid] = (commands[process.pid], first, now)
            self.samples += 1
            if total > self.peak:
                self.peak, self.peak_main = total, main
            self.stopped.wait(self.interval)

    def spans(self, word: str) -> float:
        """Seconds from the first to the last sample that saw a child whose command line has
        `word` in it (0 if none was seen)."""
        times = [(first, last) for name, first, last in self.seen.values() if word in name]
        if not times:
            return 0.0
        return max(last for _, last in times) - min(first for first, _ in times)


def _proportional_size(process: psutil.Process) -> int:
    """PSS in bytes (RSS where the kernel does not tell PSS)."""
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


def _command(process: psutil.Process) -> str | None:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return None


def run_measured(
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    log: Path,
    *,
    children: tuple[str, ...] = (),
) -> Run:
    """Run `command` in `cwd`, its output appended to `log`; measure time and memory.

    `children`: words that name child processes to time (e.g. "pagefind")."""
    with log.open("ab") as output:
        output.write(f"\n$ {' '.join(command)}\n".encode())
        output.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.stopped.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mib=sampler.peak / MIB,
        peak_main_mib=sampler.peak_main / MIB,
        largest_process_mib=usage.ru_maxrss / 1024,  # Linux reports KiB
        samples=sampler.samples,
        child_seconds={word: sampler.spans(word) for word in children},
        returncode=process.returncode,
    )


# --- folders ---------------------------------------------------------------------------------


def snapshot(folder: Path) -> set[str]:
    """The names at the top of `folder`, to tell later what a build added."""
    return {path.name for path in folder.iterdir()}


def restore(folder: Path, names: set[str]) -> None:
    """Remove everything a build added at the top of `folder` (output, caches, staging folders,
    bytecode): the next build starts cold."""
    for path in folder.iterdir():
        if path.name not in names:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its relative path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, str], second: dict[str, str]) -> list[str]:
    """The paths that are in only one of two trees, or differ."""
    return sorted(
        path for path in first.keys() | second.keys() if first.get(path) != second.get(path)
    )
