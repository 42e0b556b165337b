#!/usr/bin/env python3
"""Upload a built site with rsync so that visitors never see a half-updated site.

Layout on the server (the web server's document root is `<base>/current`):

    <base>/releases/<release-id>/   one complete copy per upload
    <base>/current -> releases/<release-id>

The new release is uploaded next to the live one (unchanged files are hard-linked from the
current release, so an upload costs only what changed). Only when rsync has finished does a
new symlink replace `current` in one rename, which is atomic on POSIX file systems. The five
newest releases are kept for an instant rollback (`ln -sfn releases/<id> current`).

    python3 scripts/deploy_rsync.py output/ deploy@www.example.org:/srv/international
    python3 scripts/deploy_rsync.py output/ /srv/international      # a local or mounted folder
"""

from __future__ import annotations

import datetime as dt
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

KEEP_RELEASES = 5


def split_target(target: str) -> tuple[str | None, str]:
    """`user@host:/path` → ("user@host", "/path"); a plain path → (None, path)."""
    host, sep, path = target.partition(":")
    if sep and "/" not in host:
        return host, path.rstrip("/") or "/"
    return None, target.rstrip("/")


def remote(host: str | None, script: str) -> None:
    command = ["ssh", host, script] if host else ["sh", "-c", script]
    subprocess.run(command, check=True)


def deploy(site: Path, target: str, release: str) -> str:
    host, base = split_target(target)
    releases = f"{base}/releases"
    remote(host, f"mkdir -p {shlex.quote(releases)}")
    destination = f"{host}:{releases}/{release}/" if host else f"{releases}/{release}/"
    subprocess.run(
        [
            "rsync",
            "--archive",
            "--delete",
            "--checksum",
            f"--link-dest={base}/current/",
            f"{site}/",
            destination,
        ],
        check=True,
    )
    quoted = shlex.quote(base)
    remote(
        host,
        (
            f"cd {quoted} && ln -sfn releases/{shlex.quote(release)} .current.new"
            f" && mv -T .current.new current"
            f" && ls -1d releases/*/ | sort | head -n -{KEEP_RELEASES} | xargs -r rm -rf"
        ),
    )
    return release


def release_id() -> str:
    # unique even for two uploads in one second: never rsync into a folder that may be live
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{stamp}-{commit}" if commit else stamp


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not (site / "index.html").exists():
        print(f"deploy: {site} holds no built site (no index.html)", file=sys.stderr)
        return 1
    release = deploy(site, argv[1], release_id())
    print(f"deploy: release {release} is live at {argv[1]}/current")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
