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
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import Problem

LANGUAGES = ("de", "en")


class Invalid(ValueError):
    """A value of the wrong kind; the message says what was expected."""


@dataclass(frozen=True)
class Source:
    """A data file, named as editors see it (`data/partner_cities.yaml`), with its problems."""

    path: Path
    shown_as: str
    problems: list[Problem]

    def problem(self, line: int | None, message: str, record=None, field=None) -> None:
        self.problems.append(Problem(self.shown_as, line, message, record=record, field=field))


def load_yaml(source: Source) -> Any:
    """Parse `source`; a syntax error becomes a problem at its line, and None is returned."""
    try:
        text = source.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        source.problem(None, "file is missing")
        return None
    except UnicodeDecodeError as error:
        source.problem(None, f"is not UTF-8 text ({error.reason})")
        return None
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = f"YAML syntax error: {error.problem or error.context}"
        start = error.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            message += f" (the construct began in line {start.line + 1}: {error.context})"
        source.problem(mark.line + 1 if mark else None, message)
        return None


@dataclass(frozen=True)
class LocalText:
    """A text in every site language."""

    de: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


# --- kinds: each checks one value and returns it converted, or raises Invalid -------------


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"must be a text, got {describe(value)}")
    return value.strip()


def integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[Any], int]:
    def kind(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"must be a whole number, got {describe(value)}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise Invalid(f"must be between {minimum} and {maximum}, got {value}")
        return int(value)

    return kind


def year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 2100:
        raise Invalid(f"must be a year like 1989, got {describe(value)}")
    return int(value)


def number(minimum: float, maximum: float) -> Callable[[Any], float]:
    def kind(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(f"must be a number, got {describe(value)}")
        if not minimum <= value <= maximum:
            raise Invalid(f"must be between {minimum} and {maximum}, got {value}")
        return float(value)

    return kind


latitude = number(-90, 90)
longitude = number(-180, 180)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, got {describe(value)}")
    return value


def iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"must be a date like 1962-05-26, got {describe(value)}")


def choice(*options: str) -> Callable[[Any], str]:
    def kind(value: Any) -> str:
        if value not in options:
            raise Invalid(f"must be one of {', '.join(options)}, got {describe(value)}")
        return value

    return kind


def pattern(regex: str, example: str) -> Callable[[Any], str]:
    compiled = re.compile(regex)

    def kind(value: Any) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise Invalid(f"must look like {example}, got {describe(value)}")
        return value

    return kind


slug = pattern(r"[a-z0-9]+(?:-[a-z0-9]+)*", "st-helens (lowercase letters, digits, hyphens)")
wikidata_id = pattern(r"Q[1-9][0-9]*", "Q1022")
web_address = pattern(r"https?://[^\s/$.?#][^\s]*", "https://www.stuttgart.de/")
email = pattern(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", "name@stuttgart.de")
phone = pattern(r"\+[1-9][0-9 ()/-]{5,}", "+49 711 216-0 (international form)")
language_tag = pattern(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?", "ru, zh, sr-Cyrl")


def country(value: Any) -> str:
    """ISO 3166-1 alpha-2, checked against CLDR's list of territories."""
    if (
        not isinstance(value, str)
        or not re.fullmatch(r"[A-Z]{2}", value)
        or (value not in Locale("en").territories)
    ):
        raise Invalid(f'must be an ISO 3166-1 country code like "GB", got {describe(value)}')
    return value


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, CommentedMap):
        return "a mapping"
    if isinstance(value, CommentedSeq):
        return "a list"
    return repr(str(value)) if isinstance(value, str) else str(value)


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
        if isinstance(mapping, CommentedMap):
            self.mapping = mapping
            self.line = mapping.lc.line + 1
        else:
            self.mapping = CommentedMap()
            if mapping is not None or line is not None:
                self.problem(None, f"must be a mapping of fields, got {describe(mapping)}")

    def problem(self, name: str | None, message: str) -> None:
        line = self.line_of(name) if name else self.line
        field = f"{self.prefix}{name}" if name else (self.prefix.rstrip(".") or None)
        self.source.problem(line, message, record=self.record, field=field)

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
                self.problem(
                    None if name not in self.mapping else name,
                    f"field '{self.prefix}{name}' is missing",
                )
            return default
        try:
            return kind(self.mapping[name])
        except Invalid as error:
            self.problem(name, str(error))
            return default

    def nested(self, name: str, *, required: bool = True) -> Fields:
        """The fields of the mapping under `name`."""
        self.read.add(name)
        value = self.mapping.get(name)
        if value is None and required:
            self.problem(None, f"field '{self.prefix}{name}' is missing")
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
                self.problem(None, f"field '{self.prefix}{name}' is missing")
            return []
        if not isinstance(value, CommentedSeq):
            self.problem(name, f"must be a list, got {describe(value)}")
            return []
        return [(value.lc.item(index)[0] + 1, item) for index, item in enumerate(value)]

    def local_text(self, name: str, *, required: bool = True) -> LocalText | None:
        """A text in every site language: `{de: …, en: …}`."""
        if not self.has(name):
            self.read.add(name)
            if required:
                self.problem(None, f"field '{self.prefix}{name}' is missing")
            return None
        fields = self.nested(name)
        texts = {lang: fields.get(lang, text) for lang in LANGUAGES}
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
                self.problem(name, f"unknown field; expected one of: {expected}")
