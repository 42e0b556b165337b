"""The rsync upload switches releases atomically and never serves a half-copied site."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "scripts" / "deploy_rsync.py"
KEEP_RELEASES = 5  # as in the script


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


def live(server: Path) -> str:
    return os.readlink(server / "current")


def recorded(server: Path) -> list[str]:
    return (server / ".releases").read_text(encoding="utf-8").splitlines()


def releases(server: Path) -> set[str]:
    return {path.name for path in (server / "releases").iterdir()}


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


def test_pruning_follows_the_order_of_deployment_not_the_names(tmp_path):
    """Regression: `ls | sort | head -n -5` deleted the live release when its name sorted first,
    as the timestamp of a machine with a clock running behind does."""
    site, server = make_site(tmp_path), tmp_path / "server"
    ids = [f"{letter * 2}-{number}" for number, letter in enumerate("zyxwvut", start=1)]
    assert sorted(ids) == ids[::-1], "each id sorts before the ones deployed earlier"
    for number, release in enumerate(ids, start=1):
        run = deploy(site, server, "--release", release)
        assert run.returncode == 0, run.stderr
        assert live(server) == f"releases/{release}"
        assert recorded(server) == ids[:number][-KEEP_RELEASES:]

    kept = ids[-KEEP_RELEASES:]
    assert releases(server) == set(kept), "the live release and the four before it survive"
    assert (server / "current/index.html").read_text() == "home"


def test_the_release_rolled_back_to_survives_the_next_deploy(tmp_path):
    site, server = make_site(tmp_path), tmp_path / "server"
    for release in ("r1", "r2", "r3", "r4", "r5"):
        assert deploy(site, server, "--release", release).returncode == 0
    # the rollback line of docs/deployment.md
    subprocess.run(
        "ln -sfn releases/r1 .current.new && mv -T .current.new current",
        shell=True,
        cwd=server,
        check=True,
    )
    assert (server / "current").resolve() == server / "releases/r1"

    run = deploy(site, server, "--release", "r6")
    assert run.returncode == 0, run.stderr
    assert live(server) == "releases/r6"
    assert releases(server) == {"r1", "r2", "r3", "r4", "r5", "r6"}
    assert recorded(server) == ["r1", "r2", "r3", "r4", "r5", "r6"]

    assert deploy(site, server, "--release", "r7").returncode == 0
    assert releases(server) == {"r3", "r4", "r5", "r6", "r7"}
    assert recorded(server) == ["r3", "r4", "r5", "r6", "r7"]


def test_an_interrupted_upload_never_goes_live_nor_becomes_a_rollback_candidate(tmp_path):
    site, server = make_site(tmp_path), tmp_path / "server"
    assert deploy(site, server, "--release", "good").returncode == 0

    # rsync fails midway through the site, even for root: the big file exceeds the file size
    # limit, after smaller files are already written
    (site / "a-small.html").write_text("written first", encoding="utf-8")
    (site / "big.bin").write_bytes(b"x" * 300_000)
    limit = 100_000
    run = deploy(
        site,
        server,
        "--release",
        "broken",
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)),
    )
    assert run.returncode == 1
    assert "rsync failed" in run.stderr and "Traceback" not in run.stderr
    assert live(server) == "releases/good"
    assert recorded(server) == ["good"]
    assert releases(server) == {"good", ".incoming-broken"}
    assert (server / "releases/.incoming-broken/a-small.html").exists(), "rsync did start"

    (site / "big.bin").unlink()
    run = deploy(site, server, "--release", "fixed")
    assert run.returncode == 0, run.stderr
    assert live(server) == "releases/fixed"
    assert recorded(server) == ["good", "fixed"]
    assert releases(server) == {"good", "fixed"}, "the leftover upload is removed"
    assert (server / "current/a-small.html").read_text() == "written first"


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


def test_a_release_id_in_use_is_refused_and_the_live_release_stays(tmp_path):
    site, server = make_site(tmp_path), tmp_path / "server"
    assert deploy(site, server, "--release", "same").returncode == 0
    (site / "index.html").write_text("changed", encoding="utf-8")
    run = deploy(site, server, "--release", "same")
    assert run.returncode == 1
    assert "release same exists already" in run.stderr
    assert (server / "current/index.html").read_text() == "home"
    assert recorded(server) == ["same"]


def test_a_server_from_before_the_record_keeps_its_releases_in_name_order(tmp_path):
    site, server = make_site(tmp_path), tmp_path / "server"
    for release in ("20240101T000000Z-a", "20240102T000000Z-b", "20240103T000000Z-c"):
        (server / "releases" / release).mkdir(parents=True)
    (server / "current").symlink_to("releases/20240102T000000Z-b")

    run = deploy(site, server, "--release", "new")
    assert run.returncode == 0, run.stderr
    assert recorded(server) == [
        "20240101T000000Z-a",
        "20240103T000000Z-c",
        "20240102T000000Z-b",
        "new",
    ]


def test_an_ssh_target_runs_the_same_steps_on_the_server(tmp_path):
    """`ssh` here runs the command as sshd would, with the login shell, on this machine."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ssh = bin_dir / "ssh"
    ssh.write_text(
        "#!/bin/sh\n"
        'while [ "$#" -gt 0 ]; do case "$1" in -l|-p|-o) shift 2;; -*) shift;; *) break;; esac; done\n'
        'printf "%s\\n" "$1" >> "$(dirname "$0")/hosts"; shift\n'
        'exec sh -c "$*"\n',
        encoding="utf-8",
    )
    ssh.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    site, server = make_site(tmp_path, **{"style.css": "body {}"}), tmp_path / "srv site"

    assert (
        deploy(site, f"deploy@www.example.org:{server}", "--release", "one", env=env).returncode
        == 0
    )
    rebuild(site)
    (site / "index.html").write_text("two", encoding="utf-8")
    run = deploy(site, f"deploy@www.example.org:{server}/", "--release", "two", env=env)
    assert run.returncode == 0, run.stderr

    assert live(server) == "releases/two"
    assert recorded(server) == ["one", "two"]
    assert (server / "current/index.html").read_text() == "two"
    one, two = server / "releases/one/style.css", server / "releases/two/style.css"
    assert one.stat().st_ino == two.stat().st_ino
    hosts = (bin_dir / "hosts").read_text(encoding="utf-8").split()
    assert set(hosts) <= {"deploy@www.example.org", "www.example.org"} and len(hosts) >= 6
