"""The output folder, replaced in one step: at no moment is there half a site.

A run writes the new site into a staging folder next to `output/` (`.output-staging-…`). When
the run is clean, the two folders are exchanged with one system call, `renameat2(2)` with
`RENAME_EXCHANGE`: before it, `output/` is the old site, after it the new one – a kill, a
power cut or Ctrl-C at any moment leaves a complete site. The old site, now under the staging
name, is deleted afterwards; a run killed before that leaves it behind, and the next run deletes
it. Runs on one output folder take turns (an `flock` on `.output-lock`), so what a run finds
under those names is always a leftover, never another run's work.

Where the system cannot exchange (not Linux, or a file system without the flag), the old site
is renamed aside and the new one renamed in, and a run that finds the output missing next to
such a leftover puts the leftover back first.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .messages import Msg

AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


class OutputError(Exception):
    """The output folder cannot be written as it is: a plain message, no traceback."""

    def __init__(self, message: Msg, hint: Msg):
        super().__init__(message, hint)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} – {self.hint}"


def exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically (Linux 3.15+); OSError(ENOSYS) where that is impossible."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE):
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(first), None, str(second))


def _libc():
    return ctypes.CDLL(None, use_errno=True)


@contextmanager
def _signals_held():
    """Hold Ctrl-C and TERM for a few instructions: the swap and the note that it happened."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class OutputFolder:
    """The output folder of one run: taken in turn, staged beside, swapped in one step."""

    def __init__(self, final: Path, shown_as: str | None = None):
        self.final = final
        self.shown_as = shown_as or final.name
        self.parent = final.parent
        self._lock = None

    @property
    def _prefix(self) -> str:
        return f".{self.final.name}-"

    def open(self) -> OutputFolder:
        """Check where the site goes, wait for another run on it, clean up after killed runs."""
        if os.path.ismount(self.final):
            raise OutputError(
                Msg(
                    "{folder}/ ist ein Einhängepunkt, der sich nicht in einem Schritt ersetzen "
                    "lässt",
                    folder=self.shown_as,
                ),
                Msg(
                    "den Ordner darüber einhängen oder in einen Ordner darin bauen "
                    "(invoke build --output={folder}/site)",
                    folder=self.shown_as,
                ),
            )
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.parent / f"{self._prefix}lock", "a")  # noqa: SIM115 (held)
        except OSError as error:
            raise OutputError(*self._cannot_write(error)) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                Msg(
                    "Warten: ein anderer Lauf schreibt gerade {folder}/", folder=self.shown_as
                ).render(),
                file=sys.stderr,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        self._lock = handle
        self._clean_up()
        return self

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the lock
            self._lock = None

    def staging(self) -> Path:
        """A new, empty folder beside the output, for the run to write into."""
        try:
            return Path(tempfile.mkdtemp(prefix=f"{self._prefix}staging-", dir=self.parent))
        except OSError as error:
            raise OutputError(*self._cannot_write(error)) from None

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def publish(self, staging: Path) -> None:
        """Make `staging` the output in one step; then delete the old site."""
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
        if not self.final.exists() and not self.final.is_symlink():
            with _signals_held():
                staging.rename(self.final)  # nothing to replace: one rename
            return
        try:
            with _signals_held():
                exchange(staging, self.final)
        except OSError as error:
            if error.errno == errno.EBUSY:
                raise OutputError(
                    Msg(
                        "{folder}/ wird als Einhängepunkt benutzt und kann nicht ersetzt werden",
                        folder=self.shown_as,
                    ),
                    Msg("in einen anderen Ordner bauen (invoke build --output=…)"),
                ) from None
            if error.errno not in UNSUPPORTED:
                raise OutputError(*self._cannot_write(error)) from None
            self._publish_in_two_steps(staging)
            return
        _remove(staging)  # the old site, now under the staging name

    def _publish_in_two_steps(self, staging: Path) -> None:
        previous = self.parent / f"{self._prefix}previous-{os.getpid()}"
        with _signals_held():
            self.final.rename(previous)
            staging.rename(self.final)
        _remove(previous)

    def _clean_up(self) -> None:
        """Delete what killed runs left; put an old site back where a run died in between
        the two renames of the fallback."""
        leftovers = sorted(self.parent.glob(f"{self._prefix}staging-*")) + sorted(
            self.parent.glob(f"{self._prefix}previous-*")
        )
        previous = [path for path in leftovers if "-previous-" in path.name]
        if previous and not self.final.exists():
            previous[-1].rename(self.final)
            leftovers.remove(previous[-1])
        for path in leftovers:
            _remove(path)

    def _cannot_write(self, error: OSError) -> tuple[Msg, Msg]:
        reason = {
            errno.EROFS: Msg("das Dateisystem ist schreibgeschützt"),
            errno.EACCES: Msg("keine Berechtigung"),
            errno.EPERM: Msg("keine Berechtigung"),
            errno.ENOSPC: Msg("der Datenträger ist voll"),
        }.get(error.errno, error.strerror or Msg("er lässt sich nicht schreiben"))
        return (
            Msg(
                "kann {folder}/ in {parent} nicht schreiben: {reason}",
                folder=self.shown_as,
                parent=str(self.parent),
                reason=reason,
            ),
            Msg(
                "in einen beschreibbaren Ordner bauen (invoke build --output=…) oder Platz schaffen"
            ),
        )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
