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
    python3 scripts/deploy_rsync.py --release 1a2b3c4-run42 output/ /srv/international
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

KEEP_RELEASES = 5
# Ids end up in paths and shell scripts: ASCII letters, digits and `._-`, starting with a letter
# or digit, so that an id is never an option and never `.`/`..`.
RELEASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# --link-dest hard-links a file only if its content and its attributes match the live release's
# copy. --checksum compares content; --archive alone would also demand equal modification
# times, and every build writes new ones, so nothing would ever be linked. Without --times an
# unchanged file keeps the live release's mtime through the link (the right Last-Modified), a
# changed one gets the upload time.
RSYNC_OPTIONS = ("--archive", "--no-times", "--checksum")


def split_target(target: str) -> tuple[str | None, str]:
    """`user@host:/path` → ("user@host", "/path"); a plain path → (None, path)."""
    host, sep, path = target.partition(":")
    if sep and "/" not in host:
        return host, path.rstrip("/") or "/"
    return None, target.rstrip("/")


def checked_release_id(text: str) -> str:
    """Return `text` if it is a safe release id, else raise ValueError saying what is allowed."""
    if not RELEASE_ID.fullmatch(text):
        raise ValueError(
            f"release id {text!r} is not allowed: use up to 100 ASCII letters, digits, '.', '_'"
            " and '-', starting with a letter or digit"
        )
    return text


def remote(host: str | None, script: str) -> None:
    command = ["ssh", host, script] if host else ["sh", "-c", script]
    subprocess.run(command, check=True)


def deploy(site: Path, target: str, release: str) -> str:
    """Upload `site` to `target` as release `release` and make it live; return the id."""
    checked_release_id(release)
    host, base = split_target(target)
    releases = f"{base}/releases"
    remote(host, f"mkdir -p {shlex.quote(releases)}")
    destination = f"{host}:{releases}/{release}/" if host else f"{releases}/{release}/"
    subprocess.run(
        [
            "rsync",
            *RSYNC_OPTIONS,
            "--delete",
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
    """A new, readable id: UTC time, a random part and the short commit, if there is one."""
    # unique even for two uploads in one second: never rsync into a folder that may be live
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(4)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"{stamp}-{commit}" if RELEASE_ID.fullmatch(commit) else stamp


def release_argument(text: str) -> str:
    """`--release` for argparse: a bad id is a usage error, written without a traceback."""
    try:
        return checked_release_id(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="deploy_rsync.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("site", type=Path, help="the built site, e.g. output/")
    parser.add_argument("target", help="/srv/site or user@host:/srv/site")
    parser.add_argument(
        "--release",
        type=release_argument,
        help="the release id (default: UTC time, random part, short commit)",
    )
    args = parser.parse_args(argv)
    if args.target.startswith("-"):
        parser.error(f"target {args.target!r} must be a path or user@host:/path")
    if not (args.site / "index.html").exists():
        print(f"deploy: {args.site} holds no built site (no index.html)", file=sys.stderr)
        return 1
    release = deploy(args.site, args.target, args.release or release_id())
    print(f"deploy: release {release} is live at {args.target}/current")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
