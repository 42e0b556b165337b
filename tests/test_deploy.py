"""The rsync upload switches releases atomically and never serves a half-copied site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "scripts" / "deploy_rsync.py"


def deploy(site: Path, target: Path) -> subprocess.CompletedProcess:
    assert shutil.which("rsync"), "rsync is missing; `make test` installs it"
    return subprocess.run(
        [sys.executable, str(DEPLOY), str(site), str(target)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


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
