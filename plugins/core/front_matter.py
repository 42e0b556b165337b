"""Front matter: the `Field: value` lines at the top of a page or event file.

    Title: Besuch aus Brünn
    Start: 2027-05-12 18:00
                                  ← the first empty line ends the fields
    The text, in Markdown.

This is the only reader of front matter: the check and the build both use it, and the body is
converted without Python-Markdown's `meta` extension, so a first paragraph such as
`Anmeldung: bis 1. Mai` stays text. It reads what `meta` reads, but refuses everything that
`meta` would read in a way an editor does not expect:

* a field line that starts with a space or tab (`meta` takes up to three spaces as a field and
  four as the continuation of the previous value, so an indented `Status: draft` changes the
  page without a word);
* a field given twice (`meta` turns it into a list, and a list is published as `['a', 'b']`);
* a line in the field block that is not `Field: value`;
* a `---` line around the fields (YAML style, which this site does not use);
* fields the schema does not know, empty values, values that are too long.

A byte-order mark is dropped (as Pelican does) and line numbers are those an editor sees.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import Invalid, Problem
from .messages import Msg

FIELD_LINE = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:(?P<value>.*)")
LOOKS_LIKE_FIELD = re.compile(r"[ \t]+(?P<name>[A-Za-z][A-Za-z0-9_-]*)[ \t]*:")


@dataclass(frozen=True)
class FieldLine:
    name: str  # lower case, as Pelican keys metadata
    written: str  # as the editor wrote it
    value: str  # without surrounding white space
    line: int


@dataclass
class Document:
    """One front-matter file: its fields, its body and the problems of its form."""

    shown_as: str
    fields: dict[str, FieldLine]
    body: str
    body_line: int  # the line the body starts in
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # fields written so they cannot be read
    record: Msg | None = None  # what the file is, for messages: Veranstaltung 'treffen'
    names: dict[str, str] = field(default_factory=dict)  # field → as the editor wrote it

    def value(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found is not None and found.value else None

    def line(self, name: str) -> int:
        """The line of field `name`, or 1 (where a missing field belongs)."""
        found = self.fields.get(name)
        return found.line if found is not None else 1

    def written(self, name: str) -> str:
        """A field's name as the editor wrote it (`End`), or as the guide spells it."""
        found = self.fields.get(name)
        return found.written if found is not None else self.names.get(name, shown_name(name))

    def problem(self, name: str | None, message: Msg | str, hint: Msg | str | None = None) -> None:
        self.problems.append(
            Problem(
                self.shown_as,
                self.line(name) if name else None,
                message,
                record=self.record,
                field=self.written(name) if name else None,
                hint=hint,
            )
        )


def shown_name(name: str) -> str:
    """A field's name as the editors' guide spells it: `Title`, `Short_title`, `UID`."""
    return "UID" if name == "uid" else name.capitalize()


def parse(text: str, shown_as: str, record: Msg | None = None) -> Document:
    """Split `text` into fields and body; problems of form go to the document's `problems`.
    `record` names what the file is in messages (an event: `Veranstaltung 'treffen'`)."""
    lines = text.split("\n")
    document = Document(shown_as, {}, "", 1, record=record)
    index = 0
    if lines and lines[0].strip() in ("---", "..."):
        document.problems.append(
            Problem(
                shown_as,
                1,
                Msg("beginnt mit '{line}'", line=lines[0].strip()),
                hint=Msg(
                    "diese Zeile löschen (und ihr Gegenstück unter den Feldern): die Felder "
                    "beginnen in Zeile 1 und enden an der ersten Leerzeile"
                ),
                column=1,
                excerpt=lines[0],
                record=record,
            )
        )
        index = 1
    stray_reported = False
    while index < len(lines) and lines[index].strip():
        line, number = lines[index], index + 1
        index += 1
        if line.strip() in ("---", "..."):
            continue  # the partner of a reported opening line
        indented = LOOKS_LIKE_FIELD.match(line)
        if indented:
            name = indented["name"].lower()
            document.unreadable.add(name)
            document.problems.append(
                Problem(
                    shown_as,
                    number,
                    Msg(
                        "beginnt mit einem Leerzeichen und wird daher anders gelesen, "
                        "als es aussieht"
                    ),
                    field=indented["name"],
                    hint=Msg("die Zeile ganz links beginnen; ein Wert muss in eine Zeile passen"),
                    column=1,
                    excerpt=line,
                    record=record,
                )
            )
            continue
        match = FIELD_LINE.fullmatch(line)
        if match is None:
            if line[:1] in (" ", "\t"):
                message = Msg("beginnt mit einem Leerzeichen: ein Wert muss in eine Zeile passen")
                hint = Msg(
                    "die Zeile an die vorige anhängen oder vor dem Text eine Leerzeile lassen"
                )
                column = 1
            else:
                message = Msg("ist keine Feldzeile wie 'Title: …'")
                hint = Msg(
                    "zwischen den Feldern und dem Text eine Leerzeile lassen; ein Feld schreibt "
                    "sich 'Name: Wert', mit Doppelpunkt"
                )
                column = None
            if not stray_reported:
                document.problems.append(
                    Problem(
                        shown_as,
                        number,
                        message,
                        record=record,
                        hint=hint,
                        column=column,
                        excerpt=line,
                    )
                )
                stray_reported = True
            continue
        name = match["name"].lower()
        if name in document.fields:
            document.unreadable.add(name)
            document.problems.append(
                Problem(
                    shown_as,
                    number,
                    Msg("steht zweimal da (auch in Zeile {line})", line=document.fields[name].line),
                    field=match["name"],
                    hint=Msg("eine der beiden Zeilen löschen"),
                    excerpt=line,
                    record=record,
                )
            )
            continue
        document.fields[name] = FieldLine(name, match["name"], match["value"].strip(), number)
    # the empty line that ends the fields is not part of the body
    document.body_line = index + 2 if index < len(lines) else index + 1
    document.body = "\n".join(lines[index + 1 :])
    return document


# --- the schema of a kind of file ------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One field of a schema: its name, whether it is required, and how long it may be."""

    name: str
    required: bool = False
    max_length: int = 200
    kind: Callable[[str], object] | None = None  # checks and converts; raises Invalid

    @property
    def shown(self) -> str:
        return shown_name(self.name)


def check(
    document: Document, schema: tuple[Spec, ...], *, retired: dict[str, str] | None = None
) -> dict[str, object]:
    """Check the fields of `document` against `schema`; return the converted values.

    Problems go to the document. A field that is missing, empty, too long or of the wrong
    form is absent from the result. `retired` names fields no longer used, with what to do.
    """
    specs = {spec.name: spec for spec in schema}
    document.names.update((spec.name, spec.shown) for spec in schema)
    values: dict[str, object] = {}
    meant: set[str] = set()  # fields an unknown one is a misspelling of
    for name, found in document.fields.items():
        spec = specs.get(name)
        if spec is None and retired and name in retired:
            document.problem(name, Msg("wird nicht mehr verwendet"), hint=retired[name])
            continue
        if spec is None:
            allowed = ", ".join(spec.shown for spec in schema)
            close = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.6)
            meant.update(close)
            document.problem(
                name,
                Msg("unbekanntes Feld"),
                hint=Msg(
                    "Meinten Sie '{meant}'? Erlaubt sind {allowed}",
                    meant=specs[close[0]].shown,
                    allowed=allowed,
                )
                if close
                else Msg("erlaubt sind {allowed}", allowed=allowed),
            )
            continue
        if not found.value:
            document.problem(
                name,
                Msg("ist leer"),
                hint=Msg("nach dem Doppelpunkt einen Wert eintragen oder die Zeile löschen"),
            )
            continue
        if len(found.value) > spec.max_length:
            document.problem(
                name,
                Msg(
                    "ist {length} Zeichen lang; erlaubt sind höchstens {most}",
                    length=len(found.value),
                    most=spec.max_length,
                ),
                hint=Msg("den Text kürzen"),
            )
            continue
        if spec.kind is None:
            values[name] = found.value
            continue
        try:
            values[name] = spec.kind(found.value)
        except Invalid as error:
            document.problem(name, error.message, hint=error.hint)
    for spec in schema:
        written = spec.name in document.fields or spec.name in document.unreadable
        if spec.required and not written and spec.name not in meant:
            document.problems.append(
                Problem(
                    document.shown_as,
                    1,
                    Msg("fehlt"),
                    record=document.record,
                    field=spec.shown,
                    hint=Msg(
                        "oben bei den Feldern eine Zeile '{name}: …' ergänzen", name=spec.shown
                    ),
                )
            )
    return values
