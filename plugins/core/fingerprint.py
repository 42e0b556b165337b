"""Nothing changed, nothing to do: a build with the inputs of the last one keeps its output.

What a build writes depends only on its inputs: the files under content/, data/ and theme/,
the code under plugins/, the settings file and the settings after overrides, the day that
"upcoming" events count from, and the installed versions (the lock files, Python). `inputs`
hashes all of them. After a build has replaced the output folder, the runner notes that hash
and a digest of the files it wrote beside the folder (`.output-fingerprint`). The next build
with the same inputs and an output folder nobody has touched since returns at once: a cold
build would write the very same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT = Path(__file__).resolve().parents[2]
# settings that differ between runs of the same build without changing its output
VOLATILE = {
    "OUTPUT_PATH",
    "CONTENT_PROBLEMS",
    "PLACEHOLDERS",
    "LINK_CHECK_SOURCES",
    "BODY_STORE",
    "SEARCH_INDEX_BY_RUNNER",
}


def _add_tree(digest, root: Path) -> None:
    if not root.exists():
        digest.update(f"missing {root}\n".encode())
        return
    for folder, folders, files in os.walk(root):
        folders.sort()
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in sorted(files):
            path = Path(folder) / name
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            if path.is_symlink():
                digest.update(b"link " + os.readlink(path).encode())
            elif name.endswith((".pyc", ".pyo")):
                continue
            else:
                digest.update(path.read_bytes())
            digest.update(b"\0")


def inputs(settings: dict, settings_file: Path) -> str:
    """A digest of everything the build's output depends on."""
    digest = hashlib.sha256()
    for name in ("PATH", "DATA_PATH", "THEME"):
        if settings.get(name):
            digest.update(name.encode())
            _add_tree(digest, Path(settings[name]))
    _add_tree(digest, PROJECT / "plugins")
    _add_tree(digest, PROJECT / "requirements")
    for file in (settings_file, PROJECT / "pelicanconf.py", PROJECT / "publishconf.py"):
        digest.update(file.read_bytes() if file.exists() else b"")
    stable = {key: value for key, value in settings.items() if key not in VOLATILE}
    digest.update(json.dumps(stable, sort_keys=True, default=repr).encode())
    today = dt.datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()
    digest.update(f"{today} {os.environ.get('BUILD_DATE', '')} {sys.version}".encode())
    return digest.hexdigest()


def written(output: Path) -> str:
    """A digest of the output folder as it is: every file's name, size and change time."""
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(output):
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            status = path.lstat()
            record = f"{path.relative_to(output).as_posix()} {status.st_size} {status.st_mtime_ns}"
            digest.update(record.encode() + b"\n")
    return digest.hexdigest()


def _note(output: Path) -> Path:
    return output.with_name(f".{output.name}-fingerprint")


def unchanged(output: Path, inputs_digest: str) -> bool:
    """Did the last build of `output` have these inputs, and is its output as it left it?"""
    try:
        note = json.loads(_note(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        note.get("inputs") == inputs_digest
        and output.is_dir()
        and note.get("output") == written(output)
    )


def remember(output: Path, inputs_digest: str) -> None:
    note = {"inputs": inputs_digest, "output": written(output)}
    _note(output).write_text(json.dumps(note), encoding="utf-8")


def forget(output: Path) -> None:
    _note(output).unlink(missing_ok=True)
