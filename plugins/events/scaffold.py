"""`invoke new event`: create an event in both languages, paired by a fresh UID, as drafts.

Nothing is invented: title, start, end (for an event with a time) and office are the
editor's; no place, no description. Both files carry `Status: draft` (shown in the preview
with an "Entwurf" banner, never published until the line is deleted). An English file
without an English title gets the German title and is marked as not yet translated.
"""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from pathlib import Path

from plugins.core.messages import MessageError, Msg

from .model import _TIME, FOLDER, SLUG, parse_when

TEMPLATE = """Title: {title}
UID: {uid}
Start: {start}
{end}Office: {office}
Status: draft
Updated: {updated}

{body}"""
UNTRANSLATED = (
    "<!-- Noch nicht übersetzt: Title und Text aus der deutschen Fassung übersetzen, dann "
    "die Zeile 'Status: draft' löschen. -->\n"
)


def scaffold_event(
    content_root: Path,
    slug: str,
    *,
    title: str,
    start: str,
    office: str,
    end: str | None = None,
    english_slug: str | None = None,
    english_title: str | None = None,
    offices: list[str] | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Create `events/de/<slug>.md` and `events/en/<english_slug or slug>.md`; return both.

    Raises MessageError for a bad slug, start, end or office, or an existing file.
    """
    english_slug = english_slug or slug
    for candidate in (slug, english_slug):
        if not SLUG.fullmatch(candidate):
            raise MessageError(
                Msg(
                    "'{slug}' ist kein Adressteil wie europatag-2027 (Kleinbuchstaben, Ziffern, "
                    "Bindestriche)",
                    slug=candidate,
                )
            )
    if not title or "\n" in title:
        raise MessageError(Msg("{name} muss eine Zeile Text sein", name="Title"))
    try:
        when = parse_when(start)
    except ValueError:
        raise MessageError(
            Msg(
                "--start '{start}' muss ein Datum wie 2027-05-09 sein oder Datum und Uhrzeit "
                "wie 2027-05-09 18:00",
                start=start,
            )
        ) from None
    if isinstance(when, dt.datetime) and not end:
        raise MessageError(
            Msg("--end fehlt: ein Termin mit Uhrzeit braucht ein Ende, etwa --end=20:00")
        )
    if end:
        try:
            if not _TIME.fullmatch(end):
                parse_when(end)
        except ValueError:
            raise MessageError(
                Msg(
                    "--end '{end}' muss eine Uhrzeit wie 20:00 sein oder ein Datum (mit Uhrzeit)",
                    end=end,
                )
            ) from None
    for name in (part.strip() for part in office.split(",")):
        if offices is not None and name not in offices:
            close = difflib.get_close_matches(name, offices, n=1, cutoff=0.6)
            known = ", ".join(offices)
            raise MessageError(
                Msg(
                    "unbekannte Einrichtung '{office}' – Meinten Sie '{meant}'? Vorhanden: {known}",
                    office=name,
                    meant=close[0],
                    known=known,
                )
                if close
                else Msg(
                    "unbekannte Einrichtung '{office}' – vorhanden: {known}",
                    office=name,
                    known=known,
                )
            )
    uid = f"{uuid.uuid4()}@internationale-beziehungen"
    updated = (today or dt.date.today()).isoformat()
    texts = {
        "de": (title, ""),
        "en": (english_title, "") if english_title else (title, UNTRANSLATED),
    }
    created = []
    for lang, name in (("de", slug), ("en", english_slug)):
        target = content_root / FOLDER / lang / f"{name}.md"
        if target.exists():
            raise MessageError(
                Msg("{file} gibt es schon", file=target.relative_to(content_root.parent).as_posix())
            )
        event_title, body = texts[lang]
        created.append(
            (
                target,
                TEMPLATE.format(
                    title=event_title,
                    uid=uid,
                    start=start,
                    end=f"End: {end}\n" if end else "",
                    office=office,
                    updated=updated,
                    body=body,
                ),
            )
        )
    for target, content in created:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return [target for target, _content in created]
