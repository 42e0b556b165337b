#!/usr/bin/env python3
"""Upload a built site with rsync so that visitors never see a half-updated site.

Layout on the server (the web server's document root is `<base>/current`):

    <base>/releases/<release-id>/             one complete copy per upload
    <base>/releases/.incoming-<release-id>/   an upload in progress, never a rollback candidate
    <base>/current -> releases/<release-id>
    <base>/.releases                          the complete releases, in the order they went live

rsync uploads into the incoming folder, hard-linking every unchanged file to the live release,
so an upload costs only what changed. Only when rsync has succeeded is the folder renamed to
`releases/<release-id>` and a new symlink replaces `current` in one rename, which is atomic on
POSIX file systems; then the release id is appended to `.releases`. Pruning follows that record,
never names or clocks: the five releases deployed last are kept, and always the live one and the
one live before it. Roll back on the server with
`ln -sfn releases/<id> .current.new && mv -T .current.new current`.

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
RECORD = ".releases"
INCOMING = ".incoming-"
# Ids end up in paths and shell scripts: ASCII letters, digits and `._-`, starting with a letter
# or digit, so that an id is never an option, never `.`/`..` and never an incoming folder.
RELEASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# --link-dest hard-links a file only if its content and its attributes match the live release's
# copy. --checksum compares content; --archive alone would also demand equal modification
# times, and every build writes new ones, so nothing would ever be linked. Without --times an
# unchanged file keeps the live release's mtime through the link (the right Last-Modified), a
# changed one gets the upload time. No --delete: the incoming folder is always new.
RSYNC_OPTIONS = ("--archive", "--no-times", "--checksum")


class DeployError(Exception):
    """A failure the person deploying can act on; reported without a traceback."""


def split_target(target: str) -> tuple[str | None, str]:
    """`user@host:/path` → ("user@host", "/path"); a plain path → (None, path)."""
    host, sep, path = target.partition(":")
    if sep and "/" not in host:
        return host, path.rstrip("/") or "/"
    return None, target.rstrip("/") or "/"


def checked_release_id(text: str) -> str:
    """Return `text` if it is a safe release id, else raise ValueError saying what is allowed."""
    if not RELEASE_ID.fullmatch(text):
        raise ValueError(
            f"release id {text!r} is not allowed: use up to 100 ASCII letters, digits, '.', '_'"
            " and '-', starting with a letter or digit"
        )
    return text


def server_command(host: str | None, script: str) -> list[str]:
    """The command that runs a POSIX sh `script` in the target's place (over ssh if remote).

    The script runs with `sh -c`, not in the login shell, so it is POSIX sh whatever that is.
    """
    return ["ssh", host, f"sh -c {shlex.quote(script)}"] if host else ["sh", "-c", script]


def ask_server(host: str | None, step: str, script: str) -> str:
    """Run `script` on the server and return its output; its errors go to the user."""
    command = server_command(host, script)
    run = subprocess.run(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True, check=False
    )
    if run.returncode != 0:
        raise DeployError(f"{step} failed (exit {run.returncode})")
    return run.stdout


def change_server(host: str | None, step: str, script: str) -> None:
    """Run `script` on the server to its end, even if the user presses Ctrl-C meanwhile."""
    with subprocess.Popen(server_command(host, script), stdin=subprocess.DEVNULL) as process:
        while True:
            try:
                returncode = process.wait()
                break
            except KeyboardInterrupt:
                # killing the script between the switch and the record would leave the live
                # release unrecorded; the script ignores the signal and ends within a second
                continue
    if returncode != 0:
        raise DeployError(f"{step} failed (exit {returncode}); check where current points")


def prepare_script(base: str, release: str) -> str:
    """Make room for the upload, drop leftovers of interrupted uploads, print the live link."""
    base_q, release_q = shlex.quote(base), shlex.quote(release)
    return f"""set -eu
mkdir -p {base_q}/releases
cd {base_q}
if [ -e current ] && [ ! -L current ]; then
  printf 'deploy: %s/current is not a symlink; move it away first\\n' {base_q} >&2
  exit 3
fi
if [ -e releases/{release_q} ]; then
  printf 'deploy: release %s exists already; choose another id\\n' {release_q} >&2
  exit 3
fi
rm -rf releases/{INCOMING}*
if [ -d current ]; then readlink current; fi
"""


def finish_script(base: str, release: str) -> str:
    """Promote the upload, switch `current`, record the release, prune old releases."""
    base_q, release_q = shlex.quote(base), shlex.quote(release)
    record, record_new = RECORD, f"{RECORD}.new"
    return f"""set -eu
# once started, finish (see change_server); HUP: an ssh connection that drops
trap '' HUP INT TERM
cd {base_q}
if [ -e releases/{release_q} ]; then
  printf 'deploy: release %s exists already; choose another id\\n' {release_q} >&2
  exit 3
fi
mv releases/{INCOMING}{release_q} releases/{release_q}
previous=$(readlink current || true)
previous=${{previous%/}}
if [ ! -e {record} ]; then
  # a server from before the record: its releases by name, the live one last
  for dir in releases/*/; do
    [ -d "$dir" ] || continue
    name=${{dir%/}}
    name=${{name#releases/}}
    if [ "$name" != {release_q} ] && [ "releases/$name" != "$previous" ]; then
      printf '%s\\n' "$name"
    fi
  done > {record_new}
  if [ -n "$previous" ]; then printf '%s\\n' "${{previous#releases/}}" >> {record_new}; fi
  mv {record_new} {record}
fi
ln -sfn releases/{release_q} .current.new
mv -T .current.new current
printf '%s\\n' {release_q} >> {record}
live=$(readlink current)
recent=$(tail -n {KEEP_RELEASES} {record})
for dir in releases/*/; do
  [ -d "$dir" ] || continue
  name=${{dir%/}}
  name=${{name#releases/}}
  if [ "$name" = {release_q} ] || [ "releases/$name" = "${{live%/}}" ] \\
    || [ "releases/$name" = "$previous" ] \\
    || printf '%s\\n' "$recent" | grep -qxF -- "$name"; then
    continue
  fi
  rm -rf -- "releases/$name"
done
# the record lists exactly the complete releases still on the server
while IFS= read -r name; do
  if [ -n "$name" ] && [ -d "releases/$name" ]; then printf '%s\\n' "$name"; fi
done < {record} > {record_new}
mv {record_new} {record}
"""


def live_release(readlink_output: str, target: str) -> str | None:
    """The id of the live release from `readlink current`, or None before the first upload."""
    lines = readlink_output.strip().splitlines()
    if not lines:
        return None
    match = re.fullmatch(r"releases/(.+?)/?", lines[-1])
    if not match or not RELEASE_ID.fullmatch(match[1]):
        raise DeployError(
            f"{target}/current points to {lines[-1]!r}, not to releases/<id>;"
            " point it to a release by hand first"
        )
    return match[1]


def deploy(site: Path, target: str, release: str) -> str:
    """Upload `site` to `target` as release `release` and make it live; return the id."""
    checked_release_id(release)
    host, base = split_target(target)
    if not base.startswith("/"):
        base = f"./{base}"  # a relative path that starts with '-' is no option to cd or rsync
    answer = ask_server(host, "preparing the server", prepare_script(base, release))
    live = live_release(answer, target)

    incoming = f"{base}/releases/{INCOMING}{release}/"
    destination = f"{host}:{incoming}" if host else incoming
    # a relative --link-dest is relative to the destination folder, on the server
    link_dest = [f"--link-dest=../{live}"] if live else []
    upload = subprocess.run(
        ["rsync", *RSYNC_OPTIONS, *link_dest, f"{site}/", destination], check=False
    )
    if upload.returncode != 0:
        raise DeployError(
            f"rsync failed (exit {upload.returncode}); the live release is unchanged and the"
            " next deploy removes the partial upload"
        )

    change_server(host, "switching to the new release", finish_script(base, release))
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
    try:
        release = deploy(args.site, args.target, args.release or release_id())
    except DeployError as error:
        print(f"deploy: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("deploy: interrupted; the live release is unchanged", file=sys.stderr)
        return 130
    except OSError as error:  # rsync, ssh or sh missing
        print(f"deploy: {error}", file=sys.stderr)
        return 1
    print(f"deploy: release {release} is live at {args.target}/current")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
