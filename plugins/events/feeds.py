"""iCalendar feeds (RFC 5545, with the RFC 7986 calendar properties), built with `icalendar`.

`calendar_bytes` returns the file exactly as it is written: CRLF line ends, lines folded at 75
octets without splitting a UTF-8 character, TEXT values escaped – all done by the library, never
by a template. Nothing in a feed depends on the build time: DTSTAMP and LAST-MODIFIED come from
each event's `updated`, and a zone's VTIMEZONE (vtimezone.py) is the same block in every feed.
Two builds of one commit therefore give the same bytes.

The calendar has no UID of its own, although RFC 7986 §5.3 allows one: vdirsyncer copies it
into every event it splits out of a subscribed feed, so all events got one identity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Timezone, vDuration, vText
from icalendar import Event as VEvent

from .model import DEFAULT_TIMEZONE, Event
from .vtimezone import EPOCH, vtimezone

REFRESH = dt.timedelta(hours=12)
PRODID = {
    "de": "-//Internationale Beziehungen Stuttgart Region Stuttgart Dortmund//Termine//DE",
    "en": "-//Internationale Beziehungen Stuttgart Region Stuttgart Dortmund//Events//EN",
}
CANCELLED = {"de": "Abgesagt: ", "en": "Cancelled: "}


@dataclass(frozen=True)
class Feed:
    """One calendar: which events, under which name, at which address."""

    lang: str
    path: str  # in the output folder, e.g. "veranstaltungen/alle.ics"
    name: str
    description: str
    events: tuple[Event, ...]


def calendar_bytes(feed: Feed, *, siteurl: str, page_url=lambda event: None) -> bytes:
    """The feed as bytes. `page_url(event)` gives an event's page address (or None)."""
    absolute = siteurl.startswith(("https://", "http://"))
    calendar = Calendar.new(
        prodid=PRODID[feed.lang],
        name=feed.name,
        description=feed.description,
        refresh_interval=REFRESH,
        source=f"{siteurl}/{feed.path}" if absolute else None,
    )
    del calendar["UID"]  # Calendar.new makes one up; see the module's docstring
    # icalendar writes NAME and the X-WR- names unescaped, as it cannot know their type; they
    # are TEXT (RFC 7986 §5.1, and as clients read them), so a name is never a second property
    for property_name, value in (
        ("NAME", feed.name),
        ("X-WR-CALNAME", feed.name),
        ("DESCRIPTION", feed.description),
        ("X-WR-CALDESC", feed.description),
    ):
        calendar.pop(property_name, None)
        calendar.add(property_name, _Text(value))
    # RFC 7986 wants VALUE=DURATION spelled out; Outlook reads X-PUBLISHED-TTL instead
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for event in sorted(feed.events, key=_order):
        calendar.add_component(vevent(event, page_url(event) if absolute else None))
    for component in _time_zones(feed.events):
        calendar.add_component(component)
    # VTIMEZONE first, as clients that read in one pass expect
    calendar.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
    return calendar.to_ical()


class _Text(vText):
    """TEXT as RFC 5545 §3.3.11 escapes it. icalendar's own escaping first turns a written
    backslash and N into a line break (`escape_char`), so a name, title or place with `\\N`
    in it came back changed."""

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\\n").replace("\n", "\\n").encode(self.encoding)


def _order(event: Event) -> tuple:
    start = event.start
    moment = (
        start.astimezone(dt.UTC)
        if isinstance(start, dt.datetime)
        else dt.datetime.combine(start, dt.time(), dt.UTC)
    )
    return moment, event.uid


def vevent(event: Event, url: str | None) -> VEvent:
    """One VEVENT; a cancelled event stays in with STATUS:CANCELLED and a raised SEQUENCE."""
    start, end = event.start, event.end
    if event.exact_in_utc:
        start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    component = VEvent.new(
        uid=event.uid,
        stamp=event.updated,
        last_modified=event.updated,
        sequence=event.sequence,
        start=start,
        end=end,
        url=url,
    )
    texts = (
        ("summary", (CANCELLED[event.lang] if event.cancelled else "") + event.title),
        ("description", event.description_text),
        ("location", event.place),  # name and address: calendar apps find it on a map
    )
    for name, value in texts:
        if value:
            component.add(name, _Text(value))
    component.add("status", event.status.upper())
    if event.recurrence is not None:
        component.add("rrule", event.recurrence)
    if event.all_day:
        component.add("transp", "TRANSPARENT")  # a day marker, not a busy day
    return component


def _time_zones(events: Iterable[Event]) -> list[Timezone]:
    """A VTIMEZONE per zone the timed events use, from 1970 on (or from an earlier event's
    year), so a zone is described by the same block in every feed.

    A feed with no event at all still carries Europe/Berlin, so it is never an empty
    VCALENDAR (RFC 5545 wants at least one component).
    """
    since: dict[str, dt.datetime] = {}
    has_events = False
    for event in events:
        has_events = True
        if event.all_day or event.exact_in_utc:
            continue
        year = dt.datetime(event.start.year, 1, 1)
        since[event.timezone] = min(since.get(event.timezone, EPOCH), year)
    if not since and not has_events:
        since[DEFAULT_TIMEZONE] = EPOCH
    return [vtimezone(name, first) for name, first in sorted(since.items())]
