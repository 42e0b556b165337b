"""Errors for editors: each names the file, the line, the record and the field, in plain words.

    content/events/de/treffen.md:4: Veranstaltung 'treffen': Feld 'End': endet vor dem Beginn
    (2027-05-09 18:00) – Uhrzeit des Endes prüfen

Plugins report every problem of a run into one list, the run's *problem sink*, and go on
checking, so that one run finds all mistakes. Before anything is written (and once more after
the links of the written site are checked) the sink is raised as `ContentErrors`; the build
runner prints it and exits non-zero without a traceback.

Texts are messages (`messages.Msg`), rendered in German unless English is chosen (MELDUNGEN,
MESSAGES_LANGUAGE). `Problem.as_dict()` gives the same problem as data for a browser overlay.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Msg, language, render

SINK = "CONTENT_PROBLEMS"  # settings key of the run's problem list, shared by every plugin


@dataclass(frozen=True)
class Problem:
    """One mistake in one place: `file:line: record: field: what is wrong – what to do`.

    `field` is the name as the editor wrote it (`End`, `relations.since_date`); `excerpt` is
    the line of the source the problem is in, as written, and `column` (1-based) the place in
    it a marker points to, where that is known.
    """

    path: str
    line: int | None
    message: Msg | str
    record: Msg | str | None = None
    field: str | None = None
    hint: Msg | str | None = None  # what to do about it
    column: int | None = None
    excerpt: str | None = None

    def text(self, lang: str | None = None) -> str:
        """The problem on one line, in `lang` (default: the chosen language)."""
        lang = lang or language()
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where] if where else []
        if self.record:
            parts.append(render(self.record, lang))
        if self.field:
            parts.append(Msg("Feld '{name}'", name=self.field).render(lang))
        parts.append(render(self.message, lang))
        text = ": ".join(parts)
        return f"{text} – {render(self.hint, lang)}" if self.hint else text

    def __str__(self) -> str:
        return self.text()

    def marker(self) -> list[str]:
        """The source line and a caret under the column, for a terminal; [] without a line."""
        if self.excerpt is None or self.line is None:
            return []
        shown = self.excerpt.replace("\t", "→")
        number = str(self.line)
        lines = [f"{number} | {shown}"]
        if self.column:
            lines.append(" " * len(number) + " | " + " " * (self.column - 1) + "^")
        return lines

    def as_dict(self, lang: str | None = None) -> dict:
        """The problem as JSON-ready data (for the preview's error page): every part apart."""
        lang = lang or language()
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "record": render(self.record, lang),
            "field": self.field,
            "message": render(self.message, lang),
            "hint": render(self.hint, lang),
            "excerpt": self.excerpt,
            "text": self.text(lang),
        }

    def sort_key(self) -> tuple:
        """File by file, top to bottom; problems without a line first in their file."""
        return (
            self.path,
            self.line or 0,
            str(render(self.record, "de") or ""),
            self.field or "",
            str(render(self.message, "de")),
        )


class Invalid(ValueError):
    """A value of the wrong form: what is wrong, and optionally what to do."""

    def __init__(self, message: Msg | str, hint: Msg | str | None = None):
        super().__init__(str(message))
        self.message = message
        self.hint = hint


def in_order(problems) -> list[Problem]:
    """Each problem once, sorted by file and line."""
    return sorted(set(problems), key=Problem.sort_key)


class ContentErrors(Exception):
    """All problems found in one run, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = in_order(problems)
        super().__init__("\n".join(f"  {p}" for p in self.problems))


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
