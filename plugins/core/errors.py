"""Errors for editors: each names the file, the line, the record and the field, in plain words.

Plugins collect every problem of a run and raise them together as `ContentErrors`; the build
runner prints them and exits non-zero without a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place: `file:line: record: field: message`."""

    path: str
    line: int | None
    message: str
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class ContentError(Exception):
    """Raised for a single problem; carries a `Problem`."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class ContentErrors(Exception):
    """All problems found in one run, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        summary = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(summary + ":\n" + "\n".join(f"  {p}" for p in self.problems))


_META_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*:(?P<value>.*)$")


def read_front_matter(path: Path) -> dict[str, tuple[int, str]]:
    """Return the Markdown meta block of `path` as {lower-case key: (line number, raw value)}.

    The block is the run of `Key: value` lines at the top of the file, ended by the first
    blank line (Python-Markdown's `meta` extension). Pelican parses the same block; this reader
    exists only to know the line of every field, which Pelican does not keep.
    """
    fields: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                break
            match = _META_LINE.match(line.rstrip("\n"))
            if match is None:
                if line.startswith((" ", "\t")) and fields:
                    continue  # continuation of the previous value
                break
            fields.setdefault(match["key"].lower(), (number, match["value"].strip()))
    return fields
