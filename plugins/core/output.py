"""Writing a file of the site: only if its bytes change, and never half.

A build writes into a fresh staging folder, where every file is new. The preview's warm runs
(warm.py) write into the folder the preview serves while a browser may be reading it: a file
whose bytes are the same is left alone (its time too, so the browser's cached copy stays good),
and a changed one is written beside it and renamed over it, so that no reader sees it half
written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes(path: Path | str, data: bytes) -> bool:
    """Put `data` into `path` (folders made as needed); False if it held them already."""
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as file:  # a new file: nobody can be reading it yet
            file.write(data)
        return True
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(scratch, 0o644)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return True
