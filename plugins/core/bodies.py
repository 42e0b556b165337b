"""Page bodies kept on disk for the length of a run, not in the build process's memory.

A page's body – its Markdown as checked, typeset HTML – is made once, by the reader, and shown
once, on its own page (other pages show titles and summaries). Kept in memory, the bodies of
5,000 pages take most of the build's memory, and each rendering worker, forked from the build,
comes to copy much of what it touches. So the reader writes each body into the run's body
folder, and the page reads it where it is rendered, through Pelican's own hook for content
made on demand (`Content._get_content`). Each process that reads pages appends the bodies it
makes to a file of its own in that folder, and a page notes where its body starts and how long
it is: making, reading and removing a file for every page took longer than the bodies' bytes
(some 1.5 s for 1,000 pages on this project's machines).

The body folder is made by the build runner beside the staging folder and removed with it
(`BODY_STORE`); without it (Pelican run directly, a reader in a test) bodies stay in memory.
The page keeps, as its `_content`, only the body's links to files (`{static}`, `{attach}`),
from which Pelican learns which files of content/ to publish.
"""

from __future__ import annotations

import os

from .markup import INTRASITE

STORE = "BODY_STORE"  # settings key: the run's folder for bodies
WARM = "WARM_MEMO"  # settings key of the preview's memo (core/warm.py, which imports this)
FILE_LINKS = ("static", "attach")


class StoredBody:
    """A body in the run's body folder; calling it reads it (picklable, small)."""

    def __init__(self, path: str, start: int, size: int):
        self.path, self.start, self.size = path, start, size

    def __call__(self) -> str:
        with open(self.path, "rb") as file:
            file.seek(self.start)
            return file.read(self.size).decode("utf-8")


class KeptBody:
    """A body kept in memory, for the preview's warm runs (core/warm.py), which keep the bodies
    they read from run to run anyway; calling it gives it."""

    def __init__(self, html: str):
        self.html = html

    def __call__(self) -> str:
        return self.html


def keep(settings: dict, source_path: str, html: str) -> StoredBody | KeptBody | None:
    """Append `html` to this process's file in the run's body folder; None if the run has
    none. (No two processes write to one file: each has its own.) In the preview's warm runs,
    the body stays in memory but is handed out the same way: the page's own `_content` is then
    only its links to files, as in a build, and Pelican looks for those links in it alone."""
    if settings.get(WARM):
        return KeptBody(html)
    folder = settings.get(STORE)
    if not folder:
        return None
    path = os.path.join(folder, f"{os.getpid()}.html")
    data = html.encode("utf-8")
    with open(path, "ab") as file:
        start = file.tell()
        file.write(data)
    return StoredBody(path, start, len(data))


def file_links(html: str) -> str:
    """The `{static}` and `{attach}` links of `html`, for Pelican to find."""
    return " ".join(
        match.group() for match in INTRASITE.finditer(html) if match["what"] in FILE_LINKS
    )
