"""`invoke new event`: create an event in both languages, paired by a fresh UID."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from .model import FOLDER, SLUG, parse_when

TEMPLATE = """Title: {title}
UID: {uid}
Start: {start}
{end}Location: {location}
Office: {office}
Status: confirmed
Updated: {updated}
Summary: {summary}

{body}
"""
TEXT = {
    "de": {
        "location": "Ort, Straße und Hausnummer",
        "summary": "Worum es geht, in einem Satz.",
        "body": "Beschreibung des Termins: Programm, Anmeldung, Sprache.",
    },
    "en": {
        "location": "Venue, street and number",
        "summary": "What it is about, in one sentence.",
        "body": "Description of the event: programme, registration, language.",
    },
}


def scaffold_event(
    content_root: Path,
    slug: str,
    *,
    start: str,
    office: str,
    english_slug: str | None = None,
    title: str = "Neuer Termin",
    today: dt.date | None = None,
) -> list[Path]:
    """Create `events/de/<slug>.md` and `events/en/<english_slug or slug>.md`; return both.

    Raises SystemExit with a plain message for a bad slug or start, or an existing file.
    """
    english_slug = english_slug or slug
    for candidate in (slug, english_slug):
        if not SLUG.fullmatch(candidate):
            raise SystemExit(
                f"new: '{candidate}' is not an address part like europatag-2027 "
                "(lowercase letters, digits, hyphens)"
            )
    try:
        when = parse_when(start)
    except ValueError:
        raise SystemExit(
            f"new: --start '{start}' must be a date like 2027-05-09 or 2027-05-09 18:00"
        ) from None
    end = "End: 20:00\n" if isinstance(when, dt.datetime) else ""
    uid = f"{uuid.uuid4()}@internationale-beziehungen"
    updated = (today or dt.date.today()).isoformat()
    created = []
    for lang, name in (("de", slug), ("en", english_slug)):
        target = content_root / FOLDER / lang / f"{name}.md"
        if target.exists():
            raise SystemExit(f"new: {target} exists already")
        text = TEXT[lang]
        created.append(
            (
                target,
                TEMPLATE.format(
                    title=title,
                    uid=uid,
                    start=start,
                    end=end,
                    location=text["location"],
                    office=office,
                    updated=updated,
                    summary=text["summary"],
                    body=text["body"],
                ),
            )
        )
    for target, content in created:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return [target for target, _content in created]
