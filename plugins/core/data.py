"""Reading editors' YAML into typed records, with every mistake located.

YAML is parsed once with ruamel.yaml (YAML 1.2: `country: NO` stays the string "NO", `12:30`
stays "12:30") in round-trip mode, which keeps the line of every key. `Fields` then reads one
mapping field by field with declared *kinds* (small functions that check and convert a value),
and collects a `Problem` for each mistake instead of stopping at the first, in the spirit of
MkDocs' `config_options`: declarative, typed, with messages that say what was expected.

    fields = Fields(mapping, source, record="city 'brno'")
    since = fields.get("since", year, required=False)
    fields.finish()            # reports fields nobody asked for: typos like `sinse`
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.parser import Parser
from ruamel.yaml.scanner import Scanner

from .errors import Invalid, Problem
from .language_tags import SIMPLE_TAG
from .messages import Msg
from .source import CONTROL, describe_character, read_text
from .yaml_errors import explain, special_values

LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Source:
    """A data file, named as editors see it (`data/partner_cities.yaml`), with its problems."""

    path: Path
    shown_as: str
    problems: list[Problem]
    # the preview's records of this file from its last parse, by their text (`_in_pieces`);
    # None: the file is parsed whole
    records: dict | None = None

    def problem(self, line: int | None, message, record=None, field=None, hint=None) -> None:
        self.problems.append(
            Problem(self.shown_as, line, message, record=record, field=field, hint=hint)
        )


def _timestamp_as_text(constructor, node):
    """Dates stay text, checked by the `iso_date` kind with their line: ruamel would build a
    date itself and fail without one on an impossible date like 2023-02-30."""
    return constructor.construct_scalar(node)


def _parser() -> YAML:
    """Round-trip loading (mappings that know the line of each key and value), with ruamel's
    plain scanner and parser: comments are not kept (nothing writes the files back), which
    makes reading a quarter faster; values and positions are the same."""
    parser = YAML(typ="rt")
    parser.Scanner, parser.Parser = Scanner, Parser
    parser.constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    return parser


def load_yaml(source: Source) -> Any:
    """Parse `source`; a syntax error becomes a problem at its line, and None is returned.

    The file is read through `read_text`, so a link, a file that is not UTF-8 or a control
    character is refused before YAML sees it. An empty file (or one of comments only) is a
    problem too: it would silently remove every record.
    """
    text = read_text(source.path, source.path.parent, source.shown_as, source.problems)
    if text is None:
        return None
    special = special_values(text, source.shown_as)
    if special:
        source.problems.extend(special)
        return None
    try:
        document = None if source.records is None else _in_pieces(text, source.records)
        if document is None:
            document = _parser().load(text)
    except MarkedYAMLError as error:
        source.problems.append(explain(error, text, source.shown_as))
        return None
    except (YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        source.problem(
            None,
            Msg("kann nicht als YAML gelesen werden"),
            hint=Msg("mit den Einträgen vergleichen, die docs/daten.md beschreibt"),
        )
        return None
    if document is None:
        source.problem(
            None,
            Msg("enthält keine Einträge (sie ist leer oder hat nur Kommentare)"),
            hint=Msg(
                "die Datei aus git wiederherstellen (git checkout -- <Datei>) oder die "
                "Einträge ergänzen"
            ),
        )
    return document


# --- one list of records, parsed record by record --------------------------------------------

TOP_KEY = re.compile(r"[a-z_]+:[ ]*(#.*)?\n?")
RECORD_START = re.compile(r"[ ]*- \S")  # `- key: value`, the record's first field on its line


def _in_pieces(text: str, known: dict[str, tuple[Any, int]]) -> Any:
    """The document of a data file of the usual shape – one top-level key and a list of
    records under it, each starting with `- key: value` – with each record parsed on its own,
    or taken from the last parse of the same file if its text is the same: the preview parses
    again only the record that was edited. `known` holds the records of the last parse, by
    their text, with their first line, and gets this parse's. None if the file has another
    shape, or a record
    cannot be parsed on its own: then the whole file is parsed as usual, and a mistake is
    reported from there, as ever.

    Equal to a parse of the whole file, values and lines alike (tests/test_data_loader.py
    compares the two on the real files and on edits of them): a line at the records'
    indentation that starts with `- ` ends a record in any YAML that parses, since what
    would carry on past it (a quoted text, a bracket) leaves the record before it unparsable.
    """
    if "\r" in text or text.startswith("\ufeff"):
        return None
    lines = text.splitlines(keepends=True)
    tops = [i for i, line in enumerate(lines) if line[:1] not in ("", " ", "#", "\n")]
    if len(tops) != 1 or not TOP_KEY.fullmatch(lines[tops[0]]):
        return None
    first = next(
        (i for i in range(tops[0] + 1, len(lines)) if lines[i].strip()[:1] not in ("", "#")),
        None,
    )
    if first is None or not RECORD_START.match(lines[first]):
        return None
    marker = lines[first][: lines[first].index("-") + 2]
    starts = [i for i in range(first, len(lines)) if lines[i].startswith(marker)]
    if any(not RECORD_START.match(lines[i]) for i in starts):
        return None
    kept: dict[str, tuple[Any, int]] = {}
    records = []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        piece = "".join(lines[start:end])
        record, line = known.pop(piece, (None, 0))  # a record of the same text again is new
        if record is None:
            try:
                parsed = _parser().load(piece)
            except (YAMLError, ValueError, TypeError, OverflowError, RecursionError):
                return None
            if not isinstance(parsed, CommentedSeq) or len(parsed) != 1:
                return None
            record = parsed[0]
        _shift(record, start - line)
        kept.setdefault(piece, (record, start))
        records.append(record)
    # the top of the file and one stand-in per record, for the lines of the key and the items
    begins = set(starts)
    skeleton = "".join(lines[:first]) + "".join(
        marker + "0\n" if i in begins else "\n" for i in range(first, len(lines))
    )
    try:
        document = _parser().load(skeleton)
    except (YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    items = document[lines[tops[0]].split(":", 1)[0]]
    for index, record in enumerate(records):
        items[index] = record
    known.clear()
    known.update(kept)
    return document


def _shift(node: Any, lines: int) -> None:
    """Move the lines ruamel noted for `node` and everything in it by `lines`."""
    if not lines or not isinstance(node, (CommentedMap, CommentedSeq)):
        return
    node.lc.line += lines
    for position in node.lc.data.values():
        position[0] += lines
        if len(position) > 2:
            position[2] += lines
    for child in node.values() if isinstance(node, CommentedMap) else node:
        _shift(child, lines)


@dataclass(frozen=True)
class LocalText:
    """A text in every site language."""

    de: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


# --- kinds: each checks one value and returns it converted, or raises Invalid -------------


def text(value: Any, *, max_length: int = 300, lines: bool = False) -> str:
    """A text of one line (or of several, with `lines`), at most `max_length` characters."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(
            Msg("muss ein Text sein, ist aber {value}", value=describe(value)),
            Msg(
                "den Text eintragen; in Anführungszeichen, wenn er mit einem Sonderzeichen beginnt"
            ),
        )
    value = value.strip()
    control = CONTROL.search(value)
    if control:
        raise Invalid(
            Msg(
                "enthält ein unsichtbares Steuerzeichen {character}",
                character=describe_character(control.group()),
            ),
            Msg("das Zeichen löschen (es kommt oft mit aus Word kopiertem Text)"),
        )
    if not lines and ("\n" in value or "\t" in value):
        raise Invalid(
            Msg("muss eine Zeile Text sein, ohne Zeilenumbruch oder Tabulator"),
            Msg("den Text in eine Zeile schreiben"),
        )
    if len(value) > max_length:
        raise Invalid(
            Msg(
                "ist {length} Zeichen lang; erlaubt sind höchstens {most}",
                length=len(value),
                most=max_length,
            ),
            Msg("den Text kürzen"),
        )
    return value


def long_text(value: Any) -> str:
    """A text of one or more paragraphs (a summary, a note)."""
    return text(value, max_length=2000, lines=True)


def integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[Any], int]:
    def kind(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(
                Msg("muss eine ganze Zahl sein, ist aber {value}", value=describe(value)),
                Msg("nur Ziffern schreiben, ohne Punkte oder Leerzeichen, etwa 612000"),
            )
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise _out_of_range(minimum, maximum, value)
        return int(value)

    return kind


def _out_of_range(minimum, maximum, value) -> Invalid:
    return Invalid(
        Msg(
            "muss zwischen {minimum} und {maximum} liegen, ist aber {value}",
            minimum=minimum,
            maximum=maximum,
            value=value,
        ),
        Msg("die Zahl prüfen"),
    )


def year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2100:
        raise Invalid(
            Msg("muss eine Jahreszahl wie 1989 sein, ist aber {value}", value=describe(value)),
            Msg("vier Ziffern zwischen 1000 und 2100 schreiben"),
        )
    return int(value)


def number(minimum: float, maximum: float) -> Callable[[Any], float]:
    def kind(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(
                Msg("muss eine Zahl sein, ist aber {value}", value=describe(value)),
                Msg("eine Dezimalzahl mit Punkt schreiben, etwa 48.7758"),
            )
        if not minimum <= value <= maximum:
            raise _out_of_range(minimum, maximum, value)
        return float(value)

    return kind


latitude = number(-90, 90)
longitude = number(-180, 180)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(
            Msg("muss true oder false sein, ist aber {value}", value=describe(value)),
            Msg("true (ja) oder false (nein) schreiben"),
        )
    return value


def iso_date(value: Any) -> dt.date:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid(
                Msg("{value} ist kein echtes Datum", value=describe(value)),
                Msg("Tag und Monat prüfen"),
            ) from None
        if not 1000 <= day.year <= 2100:
            raise Invalid(
                Msg(
                    "muss ein Datum zwischen den Jahren 1000 und 2100 sein, ist aber {value}",
                    value=value,
                ),
                Msg("die Jahreszahl prüfen"),
            )
        return day
    raise Invalid(
        Msg("muss ein Datum wie 1962-05-26 sein, ist aber {value}", value=describe(value)),
        Msg('Jahr-Monat-Tag schreiben, etwa "1962-05-26" (in Anführungszeichen)'),
    )


def choice(*options: str) -> Callable[[Any], str]:
    def kind(value: Any) -> str:
        if value not in options:
            close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.7)
            raise Invalid(
                Msg(
                    "muss einer dieser Werte sein: {options}; ist aber {value}",
                    options=", ".join(options),
                    value=describe(value),
                ),
                Msg("Meinten Sie '{meant}'?", meant=close[0])
                if close
                else Msg("einen dieser Werte schreiben"),
            )
        return value

    return kind


def pattern(regex: str, example: Msg | str, max_length: int = 300) -> Callable[[Any], str]:
    compiled = re.compile(regex)

    def kind(value: Any) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise Invalid(
                Msg(
                    "muss aussehen wie {example}, ist aber {value}",
                    example=example,
                    value=describe(value),
                ),
                Msg("die Form des Beispiels einhalten"),
            )
        if len(value) > max_length:
            raise Invalid(
                Msg(
                    "ist {length} Zeichen lang; erlaubt sind höchstens {most}",
                    length=len(value),
                    most=max_length,
                ),
                Msg("den Text kürzen"),
            )
        return value

    return kind


slug = pattern(
    r"[a-z0-9]+(?:-[a-z0-9]+)*", Msg("st-helens (Kleinbuchstaben, Ziffern, Bindestriche)")
)
wikidata_id = pattern(r"Q[1-9][0-9]*", "Q1022")
web_address = pattern(
    r"https?://[A-Za-z0-9\[][^\s\x00-\x1f\x7f-\x9f\"<>\\^`{|}]*", "https://www.stuttgart.de/", 2000
)
# a plain address: nothing a `mailto:` link would read as more than one (`?cc=`, `,`, `%`)
email = pattern(
    r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}",
    Msg("name@stuttgart.de (eine einzelne, einfache Adresse)"),
)
phone = pattern(r"\+[1-9][0-9 ()/-]{5,}", Msg("+49 711 216-0 (internationale Form)"))
language_tag = pattern(SIMPLE_TAG, "ru, zh, sr-Cyrl")


def country(value: Any) -> str:
    """ISO 3166-1 alpha-2, checked against CLDR's list of territories."""
    if (
        not isinstance(value, str)
        or not re.fullmatch(r"[A-Z]{2}", value)
        or (value not in Locale("en").territories)
    ):
        raise Invalid(
            Msg(
                'muss ein Ländercode nach ISO 3166-1 wie "GB" sein, ist aber {value}',
                value=describe(value),
            ),
            Msg('die zwei Großbuchstaben des Landes schreiben, in Anführungszeichen ("CZ", "PL")'),
        )
    return value


def describe(value: Any) -> Msg | str:
    """A value as a message quotes it: short, on one line, control characters named."""
    if value is None:
        return Msg("nichts")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return Msg("eine Gruppe von Feldern")
    if isinstance(value, list):
        return Msg("eine Liste")
    shown = CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", str(value))
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    return repr(shown) if isinstance(value, str) else shown


# --- reading a mapping field by field --------------------------------------------------------


class Fields:
    """The fields of one mapping of a record, read with kinds; problems go to `source`."""

    def __init__(
        self,
        mapping: Any,
        source: Source,
        *,
        record: str,
        prefix: str = "",
        line: int | None = None,
    ):
        self.source = source
        self.record = record
        self.prefix = prefix
        self.line = line
        self.read: set[str] = set()
        self.broken = False  # not a mapping: reported once, its fields are not missing too
        if isinstance(mapping, CommentedMap):
            self.mapping = mapping
            self.line = mapping.lc.line + 1
        else:
            self.mapping = CommentedMap()
            if mapping is not None or line is not None:
                self.broken = True
                self.problem(
                    None,
                    Msg(
                        "muss eine Gruppe von Feldern sein, ist aber {value}",
                        value=describe(mapping),
                    ),
                    hint=Msg("Zeilen 'name: Wert' schreiben, eingerückt unter dem Eintrag"),
                )

    def problem(self, name: str | None, message: Msg | str, hint: Msg | str | None = None) -> None:
        line = self.line_of(name) if name else self.line
        field = f"{self.prefix}{name}" if name else (self.prefix.rstrip(".") or None)
        self.source.problem(line, message, record=self.record, field=field, hint=hint)

    def missing(self, name: str) -> None:
        if self.broken:
            return
        self.problem(
            None if name not in self.mapping else name,
            Msg("das Feld '{name}' fehlt", name=f"{self.prefix}{name}"),
            hint=Msg("'{name}:' ergänzen (siehe docs/daten.md)", name=name),
        )

    def line_of(self, name: str) -> int | None:
        if name in self.mapping:
            return self.mapping.lc.key(name)[0] + 1
        return self.line

    def has(self, name: str) -> bool:
        return name in self.mapping

    def raw(self, name: str) -> Any:
        self.read.add(name)
        return self.mapping.get(name)

    def get(
        self, name: str, kind: Callable[[Any], Any], *, required: bool = True, default: Any = None
    ) -> Any:
        """The converted value of `name`; `default` if absent (a problem if required) or wrong."""
        self.read.add(name)
        if name not in self.mapping or self.mapping[name] is None:
            if required:
                self.missing(name)
            return default
        try:
            return kind(self.mapping[name])
        except Invalid as error:
            self.problem(name, error.message, error.hint)
            return default

    def nested(self, name: str, *, required: bool = True) -> Fields:
        """The fields of the mapping under `name`."""
        self.read.add(name)
        value = self.mapping.get(name)
        if value is None and required:
            self.missing(name)
        return Fields(
            value,
            self.source,
            record=self.record,
            prefix=f"{self.prefix}{name}.",
            line=self.line_of(name) if value is not None else None,
        )

    def items(self, name: str, *, required: bool = True) -> list[tuple[int, Any]]:
        """(line, item) for each item of the list under `name`."""
        self.read.add(name)
        value = self.mapping.get(name)
        if value is None:
            if required:
                self.missing(name)
            return []
        if not isinstance(value, CommentedSeq):
            self.problem(
                name,
                Msg("muss eine Liste sein, ist aber {value}", value=describe(value)),
                hint=Msg("jeden Listeneintrag in eine eigene Zeile schreiben, beginnend mit '- '"),
            )
            return []
        return [(value.lc.item(index)[0] + 1, item) for index, item in enumerate(value)]

    def local_text(
        self, name: str, *, required: bool = True, long: bool = False
    ) -> LocalText | None:
        """A text in every site language: `{de: …, en: …}`; `long` for paragraphs."""
        if not self.has(name):
            self.read.add(name)
            if required:
                self.missing(name)
            return None
        fields = self.nested(name)
        texts = {lang: fields.get(lang, long_text if long else text) for lang in LANGUAGES}
        fields.finish()
        if any(value is None for value in texts.values()):
            return None
        return LocalText(**texts)

    def place_name(self, name: str) -> LocalText | None:
        """A name that is the same in every language (`Stuttgart`) or differs (`{de: Brüssel,
        en: Brussels}`)."""
        if isinstance(self.mapping.get(name), CommentedMap):
            return self.local_text(name)
        value = self.get(name, text)
        return LocalText(**dict.fromkeys(LANGUAGES, value)) if value is not None else None

    def finish(self) -> None:
        """Report every field that is not part of the schema (usually a typo)."""
        for name in self.mapping:
            if name not in self.read:
                expected = ", ".join(sorted(self.read))
                close = difflib.get_close_matches(str(name), sorted(self.read), n=1, cutoff=0.7)
                self.problem(
                    name,
                    Msg("unbekanntes Feld"),
                    hint=Msg(
                        "Meinten Sie '{meant}'? Erwartet wird eines von: {expected}",
                        meant=close[0],
                        expected=expected,
                    )
                    if close
                    else Msg("erwartet wird eines von: {expected}", expected=expected),
                )
