"""iCalendar feeds (RFC 5545, with the RFC 7986 calendar properties), built with `icalendar`.

`calendar_bytes` returns the file exactly as it is written: CRLF line ends, lines folded at 75
octets without splitting a UTF-8 character, TEXT values escaped – all done by the library, never
by a template. Nothing in a feed depends on the build time: DTSTAMP and LAST-MODIFIED come from
each event's `updated`, and the VTIMEZONE block covers exactly the years its events need. Two
builds of one commit therefore give the same bytes.

The calendar has no UID of its own, although RFC 7986 §5.3 allows one: vdirsyncer copies it
into every event it splits out of a subscribed feed, so all events got one identity.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration, vText
from icalendar import Event as VEvent

from .model import DEFAULT_TIMEZONE, Event

REFRESH = dt.timedelta(hours=12)
PRODID = {
    "de": "-//Internationale Beziehungen Stuttgart Region Stuttgart Dortmund//Termine//DE",
    "en": "-//Internationale Beziehungen Stuttgart Region Stuttgart Dortmund//Events//EN",
}
CANCELLED = {"de": "Abgesagt: ", "en": "Cancelled: "}
# A recurring timed event without an end gets its time zone described this far ahead.
OPEN_END_YEARS = 30


@dataclass(frozen=True)
class Feed:
    """One calendar: which events, under which name, at which address."""

    lang: str
    path: str  # in the output folder, e.g. "veranstaltungen/alle.ics"
    name: str
    description: str
    events: tuple[Event, ...]


def calendar_bytes(
    feed: Feed,
    *,
    siteurl: str,
    page_url=lambda event: None,
    fallback_year: int,
) -> bytes:
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
        ("X-WR-CALDESC", feed.description),
    ):
        calendar.pop(property_name, None)
        calendar.add(property_name, vText(value))
    # RFC 7986 wants VALUE=DURATION spelled out; Outlook reads X-PUBLISHED-TTL instead
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for event in sorted(feed.events, key=_order):
        calendar.add_component(vevent(event, page_url(event) if absolute else None))
    zones = _time_zones(feed.events, fallback_year)
    for component in zones:
        calendar.add_component(component)
    # VTIMEZONE first, as clients that read in one pass expect
    calendar.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
    return calendar.to_ical()


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
        summary=(CANCELLED[event.lang] if event.cancelled else "") + event.title,
        description=event.description_text or None,
        location=event.location,
        url=url,
    )
    component.add("status", event.status.upper())
    if event.recurrence is not None:
        component.add("rrule", event.recurrence)
    if event.all_day:
        component.add("transp", "TRANSPARENT")  # a day marker, not a busy day
    return component


def _time_zones(events: Iterable[Event], fallback_year: int) -> list[Timezone]:
    """A VTIMEZONE per zone the timed events use, covering the years they need.

    A feed with no timed event still carries Europe/Berlin for `fallback_year`, so it is never
    an empty VCALENDAR (RFC 5545 wants at least one component).
    """
    spans: dict[str, list[int]] = {}
    has_events = False
    for event in events:
        has_events = True
        if event.all_day or event.exact_in_utc:
            continue
        first, last = event.start.year, event.end.year
        if event.recurrence is not None:
            last = _last_year(event)
        span = spans.setdefault(event.timezone, [first, last])
        span[0], span[1] = min(span[0], first), max(span[1], last)
    if not spans and not has_events:
        spans[DEFAULT_TIMEZONE] = [fallback_year, fallback_year]
    return [_time_zone(name, first, last) for name, (first, last) in sorted(spans.items())]


@functools.lru_cache(maxsize=256)
def _time_zone(name: str, first: int, last: int) -> Timezone:
    """The VTIMEZONE of `name` for the years `first` to `last`; most calendars of a run share
    a few of these, so each is built once (calendars only read it when they serialize)."""
    return one_onset_per_observance(
        Timezone.from_tzinfo(
            ZoneInfo(name),
            tzid=name,
            first_date=dt.date(first, 1, 1),
            last_date=dt.date(last + 1, 1, 1),
        )
    )


def one_onset_per_observance(zone: Timezone) -> Timezone:
    """Rewrite each STANDARD/DAYLIGHT with RDATEs as one observance per onset (DTSTART only).

    `icalendar` lists the later onsets of an observance as RDATE values. ical.js – the parser in
    Thunderbird – skips the DTSTART onset of such an observance and reads only the first value
    of each RDATE line, so it would put summer events of most years an hour off. One observance
    per onset means the same to RFC 5545 and reads correctly everywhere.
    """
    observances = []
    for observance in zone.subcomponents:
        onsets = [observance.decoded("DTSTART")]
        rdates = observance.get("RDATE", [])
        for line in rdates if isinstance(rdates, list) else [rdates]:
            onsets += [value.dt for value in line.dts]
        for onset in onsets:
            copy = type(observance)()
            for name, value in observance.property_items(recursive=False):
                if name not in {"BEGIN", "END", "DTSTART", "RDATE"}:
                    copy.add(name, value)
            copy.add("DTSTART", onset)
            observances.append(copy)
    observances.sort(key=lambda observance: observance.decoded("DTSTART"))
    zone.subcomponents = observances
    return zone


def _last_year(event: Event) -> int:
    rule = event.recurrence
    if "UNTIL" in rule:
        return rule["UNTIL"][0].year
    if "COUNT" in rule:
        starts = list(event.rule_set())
        return (starts[-1] + event.duration).year if starts else event.end.year
    return event.start.year + OPEN_END_YEARS
