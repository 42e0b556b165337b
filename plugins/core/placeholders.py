"""Placeholders: details an office still has to supply, marked where they belong.

    - E-Mail: [[folgt: E-Mail-Adresse der Abteilung | Landeshauptstadt Stuttgart]]

The page shows "Angabe folgt: E-Mail-Adresse der Abteilung" (on English pages "To be supplied: …")
in a dashed box, so nothing missing is hidden and nothing is invented. The part after `|` says
who must supply the detail; it is not shown on the site but listed by `invoke check --release`
with file and line, and `invoke publish` refuses a production release while a placeholder is
left on a page the law requires (plugins/release_gate).

This is the one syntax for placeholders: a hand-written `<span class="pending">` is refused.
Each run records every placeholder it reads in a list in the settings (`PLACEHOLDERS`), as it
records problems in the problem sink.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .errors import Problem
from .messages import Msg

REGISTRY = "PLACEHOLDERS"  # settings key of the run's placeholder list
SYNTAX = re.compile(r"\[\[\s*folgt\s*:(?P<body>[^\[\]]*)\]\]")
OPENING = re.compile(r"\[\[\s*folgt\s*:", re.IGNORECASE)
HAND_WRITTEN = re.compile(r"class\s*=\s*[\"']?[^\"'>]*\bpending\b")
LABEL = {"de": "Angabe folgt: ", "en": "To be supplied: "}
EXAMPLE = "[[folgt: E-Mail-Adresse der Abteilung | Landeshauptstadt Stuttgart]]"


@dataclass(frozen=True)
class Placeholder:
    """One missing detail: where it is, what is missing and who supplies it."""

    path: str
    line: int | None
    what: str
    who: str
    page: str | None = None  # the key of the page it is on; None for data
    required: bool = False  # on a page the law requires (set by the release gate)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.what} – supplied by: {self.who}"


def mark(text: str, shown_as: str, first_line: int, lang: str, problems: list[Problem]):
    """`text` with every placeholder turned into its HTML (line by line, so line numbers stay),
    and the placeholders found."""
    found: list[Placeholder] = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        number = first_line + index
        if HAND_WRITTEN.search(line):
            problems.append(
                Problem(
                    shown_as,
                    number,
                    Msg("markiert eine fehlende Angabe von Hand"),
                    hint=Msg(
                        "so schreiben: {example} – was fehlt, dann wer es liefert",
                        example=EXAMPLE,
                    ),
                    excerpt=line,
                )
            )

        def replace(match: re.Match, number=number, line=line) -> str:
            what, _bar, who = match["body"].partition("|")
            what, who = " ".join(what.split()), " ".join(who.split())
            if not what or not who:
                problems.append(
                    Problem(
                        shown_as,
                        number,
                        Msg("eine fehlende Angabe braucht, was fehlt und wer es liefert"),
                        hint=Msg("so schreiben: {example}", example=EXAMPLE),
                        excerpt=line,
                    )
                )
            found.append(Placeholder(shown_as, number, what, who))
            return f'<span class="pending">{escape(LABEL[lang] + what)}</span>'

        replaced = SYNTAX.sub(replace, line)
        if OPENING.search(replaced):
            problems.append(
                Problem(
                    shown_as,
                    number,
                    Msg("eine fehlende Angabe wird in ihrer Zeile nicht mit ]] geschlossen"),
                    hint=Msg("in eine Zeile schreiben: {example}", example=EXAMPLE),
                    excerpt=line,
                )
            )
        lines[index] = replaced
    return "\n".join(lines), found


def record(settings: dict, placeholders) -> None:
    settings.setdefault(REGISTRY, []).extend(placeholders)


def recorded(settings: dict) -> list[Placeholder]:
    """The run's placeholders, each once, in file and line order."""
    unique = set(settings.get(REGISTRY, []))
    return sorted(unique, key=lambda p: (p.path, p.line or 0, p.what, p.who))
