"""Messages to editors, in plain German by default and in English as a setting.

Every text an editor can meet – a problem, its hint, the summary of a build – is written in
German where it is raised, as a `Msg` with named values:

    Msg("endet vor dem Beginn ({start})", start="2027-05-09 18:00")

The German text is the message's id (as for the theme's interface strings); the English
texts are in `plugins/core/translations/en/LC_MESSAGES/messages.po`, which `invoke
translations` keeps in step with the code and `tests/test_messages.py` checks for gaps.
A message is rendered only when it is shown, in the language chosen then:

1. the environment variable `MELDUNGEN` (`de` or `en`), for one run: `MELDUNGEN=en make check`;
2. the setting `MESSAGES_LANGUAGE` in pelicanconf.py;
3. German.

Values may be messages themselves (rendered in the same language), so a part that needs
translating, such as "nichts" for an empty value, is translated too.
"""

from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("de", "en")
DEFAULT = "de"
ENVIRONMENT = "MELDUNGEN"  # the environment variable that chooses the language for one run
SETTING = "MESSAGES_LANGUAGE"
CATALOGUES = Path(__file__).parent / "translations"


@dataclass(frozen=True, init=False)
class Msg:
    """A German message template with its values; `render(lang)` gives the text."""

    template: str
    values: tuple[tuple[str, object], ...]

    def __init__(self, template: str, /, **values: object) -> None:
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "values", tuple(sorted(values.items())))

    def render(self, lang: str | None = None) -> str:
        lang = lang or language()
        values = {name: render(value, lang) for name, value in self.values}
        return translate(self.template, lang).format(**values)

    def __str__(self) -> str:
        return self.render()


def render(text, lang: str | None = None):
    """A message (or a plain text, a number, None) as text in `lang`."""
    if isinstance(text, Msg):
        return text.render(lang)
    if isinstance(text, list | tuple):
        return ", ".join(str(render(item, lang)) for item in text)
    if isinstance(text, float):
        return number(text, lang)
    return text


def language(settings: dict | None = None) -> str:
    """The language of messages for this run: MELDUNGEN, else MESSAGES_LANGUAGE, else German."""
    chosen = os.environ.get(ENVIRONMENT, "").strip().lower()
    if not chosen and settings is not None:
        chosen = str(settings.get(SETTING) or "").strip().lower()
    return chosen if chosen in LANGUAGES else DEFAULT


def translate(template: str, lang: str) -> str:
    """The template in `lang`; the German one where a translation is missing."""
    if lang == DEFAULT:
        return template
    po = CATALOGUES / lang / "LC_MESSAGES" / "messages.po"
    try:
        changed = po.stat().st_mtime_ns
    except OSError:
        return template
    return _catalogue(str(po), changed).get(template) or template


@functools.lru_cache(maxsize=4)
def _catalogue(po: str, _changed: int) -> dict[str, str]:
    """msgid → msgstr of one catalogue; read again when the file changes (the preview server
    keeps this module loaded between builds)."""
    from babel.messages.pofile import read_po

    with open(po, "rb") as handle:
        catalogue = read_po(io.BytesIO(handle.read()))
    return {
        message.id: message.string
        for message in catalogue
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def number(value: float, lang: str | None = None, digits: int = 1) -> str:
    """`2,1` in German, `2.1` in English."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if (lang or language()) == "de" else text


class MessageError(Exception):
    """A refusal for the person at the terminal (a command's wrong argument): one message,
    rendered when shown, no traceback."""

    def __init__(self, message: Msg):
        super().__init__(message)
        self.message = message


def extract(root: Path) -> set[str]:
    """Every message template written in the code (`Msg("…")` under plugins/ and in tasks.py)."""
    from babel.messages.extract import extract_from_dir, extract_from_file

    keywords = {"Msg": None}
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(root / "plugins"), method_map=[("**.py", "python")], keywords=keywords
        )
    }
    found |= {
        message
        for _line, message, _comments, _context in extract_from_file(
            "python", str(root / "tasks.py"), keywords=keywords
        )
    }
    return {message for message in found if isinstance(message, str) and message}


def update_catalogue(root: Path, lang: str, translations: dict[str, str] | None = None) -> list:
    """Rewrite the catalogue of `lang` with the templates of the code: new ones added (filled
    from `translations` where given), gone ones removed; return those still untranslated."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    po = CATALOGUES / lang / "LC_MESSAGES" / "messages.po"
    known: dict[str, str] = {}
    if po.exists():
        with po.open("rb") as handle:
            known = {m.id: m.string for m in read_po(handle) if m.id and m.string}
    known.update(translations or {})
    catalogue = Catalog(locale=lang)
    for template in sorted(extract(root)):
        catalogue.add(template, known.get(template, ""))
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as handle:
        handle.write(
            b"# English texts of the messages to editors (plugins/core/messages.py). msgids are\n"
            b"# the German templates in the code. After changing messages run\n"
            b"# `invoke translations` and fill in every new msgstr.\n"
        )
        write_po(handle, catalogue, omit_header=True, width=100, no_location=True)
    return sorted(template for template in extract(root) if not known.get(template))
