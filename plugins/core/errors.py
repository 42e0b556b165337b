"""Errors for editors: each names the file, the line, the record and the field, in plain words.

    content/events/de/treffen.md:4: field 'end': ends before it starts – give the time it ends

Plugins report every problem of a run into one list, the run's *problem sink*, and go on
checking, so that one run finds all mistakes. Before anything is written (and once more after
the links of the written site are checked) the sink is raised as `ContentErrors`; the build
runner prints it and exits non-zero without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

SINK = "CONTENT_PROBLEMS"  # settings key of the run's problem list, shared by every plugin


@dataclass(frozen=True)
class Problem:
    """One mistake in one place: `file:line: record: field: what is wrong – what to do`."""

    path: str
    line: int | None
    message: str
    record: str | None = None
    field: str | None = None
    hint: str | None = None  # what to do about it

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        text = ": ".join(parts) + f": {self.message}"
        return f"{text} – {self.hint}" if self.hint else text

    def sort_key(self) -> tuple:
        """File by file, top to bottom; problems without a line first in their file."""
        return (self.path, self.line or 0, self.record or "", self.field or "", self.message)


class Invalid(ValueError):
    """A value of the wrong form: what is wrong, and optionally what to do."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


def in_order(problems) -> list[Problem]:
    """Each problem once, sorted by file and line."""
    return sorted(set(problems), key=Problem.sort_key)


class ContentErrors(Exception):
    """All problems found in one run, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = in_order(problems)
        count = len(self.problems)
        summary = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(summary + ":\n" + "\n".join(f"  {p}" for p in self.problems))


def sink(settings: dict) -> list[Problem]:
    """The run's problem list. Pelican hands one settings dict to every generator, reader and
    content object of a run, so they all report into the same list."""
    return settings.setdefault(SINK, [])


def report(settings: dict, problems) -> None:
    """Add `problems` to the run's list; the run goes on checking."""
    sink(settings).extend(problems)


def has_problems(settings: dict) -> bool:
    """True once any problem is reported: later steps check, but no longer build."""
    return bool(settings.get(SINK))


def raise_reported(settings: dict) -> None:
    """Stop the run with every problem reported so far, if there is any."""
    if settings.get(SINK):
        raise ContentErrors(settings[SINK])
