"""Give every template the reader's language.

* UI strings: templates use `{{ _("Inhalt") }}` / `{% trans %}`; msgids are German (the site's
  default language) and `theme/translations/<lang>/LC_MESSAGES/messages.po` holds the other
  languages. The catalogue is chosen per rendered page (its `lang`, or the `lang` a generator
  passes), because one Pelican run writes both languages.
* Dates: `{{ date|format_date(lang) }}` uses Babel's CLDR data, never the machine's locale.
* Typography (typography.py), in the page's language: bodies are typeset once, by their
  readers; titles stay plain text for `<title>`, attributes and JSON-LD and are typeset where
  shown as HTML (`typogrify_text`), once per distinct title.
* Hyphenation (hyphenation.py): soft hyphens in the long words of titles shown as HTML
  (`typogrify_text`), of labels (`hyphenate`) and of the headings and table cells of bodies.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals

from plugins.core import enabled

from .hyphenation import hyphenate_text
from .typography import typeset_html, typeset_text

DOMAIN = "messages"


def load_catalogues(theme: Path, languages: tuple[str, ...], source_lang: str) -> dict:
    """Read each language's `messages.po` into a gettext catalogue (not needed for German)."""
    catalogues: dict[str, gettext.NullTranslations] = {}
    for lang in languages:
        po = theme / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if lang == source_lang or not po.exists():
            catalogues[lang] = gettext.NullTranslations()
            continue
        catalogues[lang] = gettext.GNUTranslations(io.BytesIO(_compiled(po.read_bytes(), lang)))
    return catalogues


@functools.lru_cache(maxsize=8)
def _compiled(po: bytes, lang: str) -> bytes:
    """A catalogue as gettext reads it, from its `.po` text (once per text and process: the
    preview builds again and again)."""
    catalog = read_po(io.BytesIO(po), locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def language_of(context) -> str:
    """The language of the page being rendered."""
    for name in ("page", "article"):
        item = context.get(name)
        if item is not None and getattr(item, "lang", None):
            return item.lang
    return context.get("lang") or context["DEFAULT_LANG"]


def format_date(value: dt.date | dt.datetime, lang: str, form: str = "long") -> str:
    """`21. November 2026` / `21 November 2026`, from CLDR data for `lang`."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return babel_format_date(value, format=form, locale=babel_locale(lang))


def format_number(value: float, lang: str) -> str:
    """`1.164.685` / `1,164,685`."""
    return format_decimal(value, locale=babel_locale(lang))


def country_name(code: str, lang: str) -> str:
    """The country's name in `lang` from CLDR: `GB` → `Vereinigtes Königreich`."""
    return Locale.parse(babel_locale(lang)).territories.get(code, code)


def babel_locale(lang: str) -> str:
    """The CLDR locale of a site language: British English for `en`."""
    return "en_GB" if lang == "en" else lang


@pass_context
def typogrify_html(context, html) -> Markup:
    """Trusted HTML (rendered Markdown) typeset in the page's language."""
    return typeset_html(html, language_of(context))


@pass_context
def typogrify_text(context, text) -> Markup:
    """Plain text (a title): escaped first, then typeset and hyphenated in the page's language."""
    lang = language_of(context)
    return Markup(hyphenate_text(typeset_text(text, lang), lang))


@pass_context
def hyphenate(context, text) -> Markup:
    """A label (plain text, or markup a macro made) with soft hyphens in its long words."""
    return Markup(hyphenate_text(str(escape(text)), language_of(context)))


def on_generator_init(generator) -> None:
    """Install the language-aware gettext and the filters in this generator's Jinja env."""
    settings = generator.settings
    if not enabled(settings, __package__):
        return
    catalogues = load_catalogues(
        Path(generator.theme), tuple(settings["SITE_LANGUAGES"]), settings["DEFAULT_LANG"]
    )

    # Jinja's newstyle wrappers fill in %(name)s placeholders (and `num`); these only translate.
    @pass_context
    def ui_gettext(context, message: str) -> str:
        return catalogues[language_of(context)].gettext(message)

    @pass_context
    def ui_ngettext(context, singular: str, plural: str, number: int) -> str:
        return catalogues[language_of(context)].ngettext(singular, plural, number)

    env = generator.env
    env.install_gettext_callables(ui_gettext, ui_ngettext, newstyle=True)
    env.filters.update(
        format_date=format_date,
        format_number=format_number,
        country_name=country_name,
        typogrify=typogrify_html,
        typogrify_text=typogrify_text,
        hyphenate=hyphenate,
    )
    env.globals["language_of"] = pass_context(language_of)


def register() -> None:
    """generator_init fires for every generator of a run, so every template gets the same tools."""
    signals.generator_init.connect(on_generator_init)
