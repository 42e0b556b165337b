"""Check mode: a run that finds every mistake a build would find, without making the site.

`make check` (the build runner with `write=False`) sets `CHECK_ONLY` in the run's settings.
Everything that reads, validates and cross-references content and data runs as in a build;
what only makes the site look right is left out, as it can report nothing:

* pages are not rendered: the writer notes the file each request would write (`Plan`), and
  renders one only if the link check needs its `id`s (`Plan.render`);
* bodies are not typeset or hyphenated (typography changes text, never addresses or ids);
* the partner-city maps are drawn only if a page that shows them is rendered;
* calendar feeds and the sitemap are planned, not written.

The link check then looks targets up in the planned site: the files the run would write
(planned, or written like the static files, which are cheap to copy), see
plugins/link_check/links.py.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping

CHECK_ONLY = "CHECK_ONLY"  # settings key: this run checks and writes nothing to keep
PLAN = "CHECK_PLAN"  # settings key: the run's `Plan`


def checking(settings: dict) -> bool:
    """Is this run a check (`make check`), whose output is thrown away?"""
    return bool(settings.get(CHECK_ONLY))


class Plan:
    """The files a check run would write, by path below the output folder; for a page, how
    to render it after all (into the scratch output folder)."""

    def __init__(self) -> None:
        self._files: dict[str, Callable[[], None] | None] = {}
        self._rendered: set[str] = set()
        self._folders: set[str] | None = None

    def add(self, path: str, render: Callable[[], None] | None = None) -> None:
        self._files[posixpath.normpath(path).lstrip("/")] = render
        self._folders = None

    def __contains__(self, path: str) -> bool:
        return path in self._files

    def is_folder(self, path: str) -> bool:
        """Would the run make a folder at `path` (a planned file lies below it)?"""
        if self._folders is None:
            self._folders = {parent for name in self._files for parent in _parents(name)}
        return path.strip("/") in self._folders

    def render(self, path: str) -> bool:
        """Write the planned file at `path` for real (once); False if it cannot be made on
        demand."""
        make = self._files.get(path)
        if make is None:
            return False
        if path not in self._rendered:
            make()
            self._rendered.add(path)
        return True

    @property
    def pages(self) -> int:
        """How many HTML pages the run would write."""
        return sum(1 for name in self._files if name.endswith(".html"))


def _parents(name: str) -> Iterator[str]:
    folder = posixpath.dirname(name)
    while folder:
        yield folder
        folder = posixpath.dirname(folder)


def plan(settings: dict) -> Plan:
    """The run's plan of files (made on first use)."""
    return settings.setdefault(PLAN, Plan())


class OnDemand(Mapping):
    """A mapping made only when something first looks into it: in a check, context that only
    templates use (the maps), for the rare page rendered after all."""

    def __init__(self, make: Callable[[], Mapping]) -> None:
        self._make = make
        self._made: Mapping | None = None

    def _value(self) -> Mapping:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getitem__(self, key):
        return self._value()[key]

    def __iter__(self):
        return iter(self._value())

    def __len__(self) -> int:
        return len(self._value())
