"""Language tags as this site writes them: BCP 47 simple tags (RFC 5646, section 2.1).

A tag is a language, optionally a script and optionally a region: `en`, `de`, `sr-Cyrl`,
`pt-BR`, `zh-Hans`, `es-419`. The data files and the short syntax for foreign-language text
(`[Stuttgart Region House]{lang=en}`, plugins/core/language_spans.py) use the same form.

BCP 47 tags are case-insensitive; written in their usual case (`pt-BR`, not `PT-br`) they read
the same everywhere. Each part must be one that CLDR (Babel's data) names, so `ge` (meant as
German) or `eng` (ISO 639-2, where BCP 47 takes the two-letter `en`) are refused, not passed
on to screen readers that would not know them.
"""

from __future__ import annotations

import functools
import re

from babel import Locale

# language (ISO 639), script (ISO 15924), region (ISO 3166-1 or UN M.49), in their usual case
SIMPLE_TAG = r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?"
_ANY_CASE = re.compile(
    r"(?P<language>[a-z]{2,3})(?:-(?P<script>[a-z]{4}))?(?:-(?P<region>[a-z]{2}|[0-9]{3}))?",
    re.IGNORECASE,
)


@functools.cache
def _cldr() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The languages, scripts and regions CLDR has names for."""
    english = Locale("en")
    languages = frozenset(code for code in english.languages if "_" not in code)
    return languages, frozenset(english.scripts), frozenset(english.territories)


def canonical_tag(written: str) -> str | None:
    """`written` as a simple tag in its usual case (`PT-br` → `pt-BR`), or None if it is not
    one, or names a language, script or region that does not exist."""
    match = _ANY_CASE.fullmatch(written)
    if match is None:
        return None
    languages, scripts, regions = _cldr()
    parts = [match["language"].lower()]
    if parts[0] not in languages:
        return None
    if match["script"]:
        parts.append(match["script"].title())
        if parts[-1] not in scripts:
            return None
    if match["region"]:
        parts.append(match["region"].upper())
        if parts[-1] not in regions:
            return None
    return "-".join(parts)


@functools.cache
def _codes_by_name() -> dict[str, str]:
    """Language names in German and English (`englisch`, `english`) → their tags."""
    names: dict[str, str] = {}
    for locale in (Locale("en"), Locale("de")):
        for code, name in locale.languages.items():
            if "_" not in code:
                names.setdefault(name.lower(), code)
    return names


def meant_tag(written: str) -> str | None:
    """The tag a wrong one most likely means: `pt_BR` → `pt-BR`, `Englisch` → `en`."""
    text = written.strip()
    tag = canonical_tag(text.replace("_", "-"))
    if tag is not None:
        return tag
    return _codes_by_name().get(text.lower())
