"""The output folder is replaced in one step: a build killed at any moment leaves the old or
the new site, complete; the next build cleans up; Ctrl-C says what happened; an output folder
that cannot be replaced gets a plain message.

Builds run in their own processes (as `invoke build` would), which the tests kill: at random
moments, and at exact points of the swap, reached by a process that exits (`os._exit`, as a
kill would) right before or after a step.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.fixture_site import copy_fixture, copy_project

ROOT = Path(__file__).resolve().parents[1]

BUILD = """
import os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
import plugins.core.swap as swap
from tests.fixture_site import build_fixture
{patch}
result = build_fixture(Path({content!r}), Path({output!r}))
print("\\n".join(result.problems))
sys.exit(130 if result.interrupted else 0 if result.ok else 1)
"""


def snapshot(folder: Path) -> dict[str, bytes] | None:
    if not folder.is_dir():
        return None
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(output: Path) -> list[str]:
    return sorted(
        path.name
        for path in output.parent.glob(f".{output.name}-*")
        if not path.name.endswith(("-lock", "-fingerprint"))  # kept on purpose
    )


class Site:
    """A fixture site with two versions of its content and their complete builds."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.content = copy_fixture(folder / "content")
        self.output = folder / "out"
        assert self.build().returncode == 0
        self.old = snapshot(self.output)
        self.change()
        reference = folder / "reference"
        assert self.build(output=reference).returncode == 0
        self.new = snapshot(reference)
        assert self.old != self.new

    def change(self) -> None:
        page = self.content / "pages" / "de" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nNeuer Absatz.\n", encoding="utf-8")

    def script(self, patch: str = "", output: Path | None = None) -> list[str]:
        code = BUILD.format(
            root=str(ROOT),
            patch=textwrap.dedent(patch),
            content=str(self.content),
            output=str(output or self.output),
        )
        return [sys.executable, "-c", code]

    def build(self, patch: str = "", output: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.script(patch, output), capture_output=True, text=True, timeout=120, check=False
        )

    def start(self) -> subprocess.Popen:
        return subprocess.Popen(self.script(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)


def test_a_kill_at_any_moment_leaves_a_complete_site(site):
    started = time.perf_counter()
    assert site.build(output=site.folder / "timing").returncode == 0
    duration = time.perf_counter() - started  # a whole run, on this machine, now
    for percent in sorted(random.Random(9).sample(range(1, 120), 16)):
        run = site.start()
        time.sleep(duration * percent / 100)
        run.send_signal(signal.SIGKILL)
        run.wait()
        state = snapshot(site.output)
        assert state in (site.old, site.new), f"a kill at {percent} % left a broken site"
    run = site.build()
    assert run.returncode == 0, run.stdout
    assert snapshot(site.output) == site.new
    assert leftovers(site.output) == [], "the next run must clean up after killed ones"


def test_a_kill_right_before_the_swap_leaves_the_old_site(site):
    run = site.build(patch="swap.exchange = lambda first, second: os._exit(9)")
    assert run.returncode == 9
    assert snapshot(site.output) == site.old
    assert leftovers(site.output), "the killed run's staging folder stays behind"
    assert site.build().returncode == 0
    assert snapshot(site.output) == site.new and leftovers(site.output) == []


def test_a_kill_right_after_the_swap_leaves_the_new_site(site):
    patch = """
        real = swap.exchange
        def exchange_then_die(first, second):
            real(first, second)
            os._exit(9)
        swap.exchange = exchange_then_die
    """
    assert site.build(patch=patch).returncode == 9
    assert snapshot(site.output) == site.new
    assert leftovers(site.output), "the old site, under the staging name, stays behind"
    assert site.build().returncode == 0
    assert snapshot(site.output) == site.new and leftovers(site.output) == []


def test_a_kill_while_the_old_site_is_deleted_leaves_the_new_site(site):
    patch = """
        def delete_half_then_die(path):
            files = sorted(p for p in path.rglob("*") if p.is_file())
            for file in files[: len(files) // 2]:
                file.unlink()
            os._exit(9)
        swap._remove = delete_half_then_die
    """
    assert site.build(patch=patch).returncode == 9
    assert snapshot(site.output) == site.new
    assert site.build().returncode == 0
    assert snapshot(site.output) == site.new and leftovers(site.output) == []


def test_without_an_atomic_exchange_a_kill_between_the_renames_is_repaired(site):
    """Where the system cannot exchange two folders, the old site is renamed aside first; a
    run that finds it there and no output puts it back, even if that run fails."""
    patch = """
        import errno
        def unsupported(first, second):
            raise OSError(errno.ENOSYS, "no renameat2")
        swap.exchange = unsupported
        real = Path.rename
        def rename_once_then_die(self, target):
            real(self, target)
            os._exit(9)
        Path.rename = rename_once_then_die
    """
    assert site.build(patch=patch).returncode == 9
    assert not site.output.exists()
    page = site.content / "pages" / "de" / "index.md"
    page.write_text("Title: Kaputt\n", encoding="utf-8")  # the next run fails
    assert site.build().returncode == 1
    assert snapshot(site.output) == site.old and leftovers(site.output) == []


def test_the_fallback_without_an_atomic_exchange_also_publishes(site):
    patch = """
        import errno
        def unsupported(first, second):
            raise OSError(errno.EINVAL, "not on this file system")
        swap.exchange = unsupported
    """
    assert site.build(patch=patch).returncode == 0
    assert snapshot(site.output) == site.new and leftovers(site.output) == []


def test_ctrl_c_says_nothing_changed_and_leaves_the_old_site(tmp_path):
    project = copy_project(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "invoke", "build"]
    assert subprocess.run(command, cwd=project, env=env, capture_output=True).returncode == 0
    page = project / "content/pages/de/index.md"
    # as from a terminal: the suite may run with Ctrl-C ignored (started in the background by
    # a non-interactive shell), and a program started so keeps ignoring it, as it should
    at_terminal = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    at_terminal += "os.execv(sys.executable, sys.argv[1:])"
    command = [sys.executable, "-c", at_terminal, *command]
    for _attempt in range(5):  # until the Ctrl-C lands inside a run
        before = snapshot(project / "output")
        page.write_text(page.read_text(encoding="utf-8") + "\nNeu.\n", encoding="utf-8")
        run = subprocess.Popen(
            command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        # inside the run: once its staging folder is there, and before the site is swapped
        deadline = time.monotonic() + 60
        while not leftovers(project / "output") and time.monotonic() < deadline:
            time.sleep(0.02)
        if run.poll() is None:
            run.send_signal(signal.SIGINT)
            break
        run.communicate()  # the run was over before the test could press Ctrl-C (a busy machine)
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130, out + err
    assert "Bauen: abgebrochen: nichts wurde geändert" in err
    assert "Traceback" not in out + err
    assert snapshot(project / "output") == before
    assert leftovers(project / "output") == []


def in_mount_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `script` (sh) as root of a user and mount namespace of its own, where it may mount."""
    assert shutil.which("unshare"), "util-linux's unshare is missing"
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_output_folder_that_is_a_mount_point_gets_a_plain_message(tmp_path):
    project = copy_project(tmp_path / "site")
    (project / "output").mkdir()
    run = in_mount_namespace(
        f"mount -t tmpfs none output && exec {sys.executable} -m invoke build", project
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert (
        "output/ ist ein Einhängepunkt, der sich nicht in einem Schritt ersetzen lässt – den "
        "Ordner darüber einhängen" in run.stderr
    )
    assert "Traceback" not in run.stdout + run.stderr


def test_an_output_folder_in_a_read_only_folder_gets_a_plain_message(tmp_path):
    project = copy_project(tmp_path / "site")
    (project / "readonly").mkdir()
    run = in_mount_namespace(
        "mount -t tmpfs -o ro none readonly && "
        f"exec {sys.executable} -m invoke build --output=readonly/site",
        project,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "kann readonly/site/ in " in run.stderr
    assert (
        "das Dateisystem ist schreibgeschützt – in einen beschreibbaren Ordner bauen" in run.stderr
    )
    assert "Traceback" not in run.stdout + run.stderr
