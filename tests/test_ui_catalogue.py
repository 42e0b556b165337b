"""Every interface string of the theme is translated into English."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "theme" / "templates"
CATALOGUE = ROOT / "theme" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def template_messages() -> set[str]:
    found = extract_from_dir(
        str(TEMPLATES),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message for _file, _line, message, _comments, _context in found}


def translated(message) -> bool:
    """True for a message with every form (singular, plural) translated and not fuzzy."""
    if message is None or message.fuzzy:
        return False
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(forms)


def test_templates_use_translatable_strings():
    assert "Zum Inhalt springen" in template_messages()


def test_every_template_string_has_an_english_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = sorted(str(m) for m in template_messages() if not translated(catalogue.get(m)))
    assert missing == []


def test_catalogue_has_no_strings_the_templates_no_longer_use():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    stale = sorted(m.id for m in catalogue if m.id and m.id not in template_messages())
    assert stale == []
