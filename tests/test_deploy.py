"""The rsync upload switches releases atomically and never serves a half-copied site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "scripts" / "deploy_rsync.py"


def deploy(site: Path, target: Path | str, *options: str, **run) -> subprocess.CompletedProcess:
    assert shutil.which("rsync"), "rsync is missing; `make test` installs it"
    return subprocess.run(
        [sys.executable, str(DEPLOY), *options, str(site), str(target)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        **run,
    )


def make_site(tmp_path: Path, **files: str) -> Path:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    for name, text in {"index.html": "home", **files}.items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def rebuild(site: Path) -> None:
    """Give every file a new modification time, as every build does."""
    for path in site.rglob("*"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_upload_goes_live_by_switching_the_current_symlink(tmp_path):
    site, server = tmp_path / "site", tmp_path / "server"
    site.mkdir()
    (site / "index.html").write_text("one", encoding="utf-8")
    assert deploy(site, server).returncode == 0
    first = (server / "current").resolve()
    assert (server / "current").is_symlink() and (
        server / "current/index.html"
    ).read_text() == "one"

    (site / "index.html").write_text("two", encoding="utf-8")
    run = deploy(site, server)
    assert run.returncode == 0, run.stderr
    assert (server / "current/index.html").read_text() == "two"
    assert (server / "current").resolve() != first
    assert (first / "index.html").read_text() == "one", "the previous release stays for rollback"


def test_a_folder_without_a_built_site_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    run = deploy(tmp_path / "empty", tmp_path / "server")
    assert run.returncode == 1
    assert not (tmp_path / "server").exists()


def test_unchanged_files_are_hard_links_to_the_live_release(tmp_path):
    """Regression: --archive compared modification times, so --link-dest never linked a file."""
    site = make_site(tmp_path, **{"style.css": "body {}", "news.html": "old"})
    server = tmp_path / "server"
    (site / "feeds").mkdir()
    (site / "feeds/events.ics").write_text("BEGIN:VCALENDAR", encoding="utf-8")
    assert deploy(site, server, "--release", "first").returncode == 0

    rebuild(site)
    (site / "news.html").write_text("new", encoding="utf-8")
    run = deploy(site, server, "--release", "second")
    assert run.returncode == 0, run.stderr

    first, second = server / "releases/first", server / "releases/second"
    for name in ("index.html", "style.css", "feeds/events.ics"):
        assert (second / name).stat().st_ino == (first / name).stat().st_ino, name
        assert (second / name).read_bytes() == (site / name).read_bytes(), name
    assert (second / "news.html").stat().st_ino != (first / "news.html").stat().st_ino
    assert (second / "news.html").read_text() == "new"
    assert (first / "news.html").read_text() == "old", "the previous release is untouched"


@pytest.mark.parametrize(
    "release",
    [
        "",
        "../escape",
        "a/b",
        "-rf",
        ".incoming-x",
        ".",
        "a b",
        "a;touch x",
        "$(id)",
        "ä",
        "x" * 101,
    ],
)
def test_a_bad_release_id_is_refused_before_anything_is_written(tmp_path, release):
    site = make_site(tmp_path)
    run = deploy(site, tmp_path / "server", f"--release={release}")
    assert run.returncode == 2
    assert "is not allowed" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "server").exists()
