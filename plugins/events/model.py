"""Events as typed records: one Markdown file per event and language, plus the anniversaries.

Editors write `content/events/<lang>/<slug>.md`: a front-matter block of `Field: value` lines,
a blank line, then the description in Markdown. The German and the English file of one event
share its `UID`; the fields that describe *when* and *who* must agree between them, only the
texts differ. `load_events` checks every field of every file and raises `ContentErrors` with
all problems together (file, line, field). Partnership anniversaries come from the partner-city
data: a yearly all-day event on the founding date of every active relation whose day is known.

Times are wall-clock times in Europe/Berlin unless `Timezone:` names another IANA zone. A time
that does not exist (02:30 on the last Sunday of March, when clocks jump from 02:00 to 03:00)
or exists twice (02:30 on the last Sunday of October) is read as RFC 5545 §3.3.5 says: the
offset before the change applies, i.e. 02:30 CET = 03:30 CEST in March and the first 02:30,
still in summer time, in October. Such events are written to the feeds in UTC, so every
calendar app shows the same instant.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from dateutil.rrule import rrulestr
from icalendar import vRecur

from plugins.core import drafts, warm
from plugins.core.data import LANGUAGES
from plugins.core.errors import ContentErrors, Problem
from plugins.core.front_matter import Document, Spec, check, parse
from plugins.core.markup import Body, markdown_converter, render_body
from plugins.core.messages import Msg
from plugins.core.placeholders import mark, record
from plugins.core.site_data import PartnerCity, Relation, SiteData
from plugins.core.source import files_under, read_text, refusal, symbolic_links

FOLDER = "events"
DEFAULT_TIMEZONE = "Europe/Berlin"
STATUSES = ("confirmed", "tentative", "cancelled")
DRAFT = "draft"  # not yet ready: built for the preview, never published (plugins/core/drafts.py)
# Fields that say when and for whom; the German and English file of an event must agree on them.
SHARED = ("start", "end", "timezone", "address", "office", "cities", "status", "recurrence")

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")
_TIME = re.compile(r"(\d{2}):(\d{2})")
_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{7,254}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # an address part: file name or Slug:
ANNIVERSARY_NAMESPACE = uuid.UUID("6f1c2d1e-8a43-5b8e-9d0a-3c52e1b7a9f4")


@dataclass(frozen=True)
class PostalAddress:
    """Where an event takes place, as a postal address (schema.org `PostalAddress`)."""

    street: str
    postcode: str
    locality: str
    country: str  # ISO 3166-1 alpha-2
    region: str | None = None

    def __str__(self) -> str:
        if self.region:
            return f"{self.street}, {self.locality}, {self.region} {self.postcode}, {self.country}"
        town = f"{self.street}, {self.postcode} {self.locality}"
        return town if self.country == "DE" else f"{town}, {self.country}"


# "Marktplatz 1, 70173 Stuttgart" or "Rue Belliard 20, 1040 Bruxelles, BE" (postcode before
# the town, as in most of Europe), or "1000 Vermont Ave NW, Washington, DC 20005, US"
_ADDRESS = re.compile(
    r"(?P<street>[^,]+), (?P<postcode>[0-9][0-9A-Z -]{1,8}[0-9A-Z]) (?P<locality>[^,]+?)"
    r"(?:, (?P<country>[A-Z]{2}))?"
)
_ADDRESS_REGION = re.compile(
    r"(?P<street>[^,]+), (?P<locality>[^,]+), (?P<region>[A-Z]{2}) "
    r"(?P<postcode>[0-9A-Z][0-9A-Z -]{2,8}[0-9A-Z]), (?P<country>[A-Z]{2})"
)


def parse_address(text: str) -> PostalAddress:
    """The address of an event; ValueError if it is not in one of the two forms."""
    match = _ADDRESS_REGION.fullmatch(text) or _ADDRESS.fullmatch(text)
    if match is None:
        raise ValueError
    parts = {key: value.strip() for key, value in match.groupdict().items() if value}
    parts.setdefault("country", "DE")
    if parts["country"] not in Locale("en").territories:
        raise ValueError
    return PostalAddress(**parts)


@dataclass(frozen=True, eq=False)
class Event:
    """One event in one language. For all-day events `end` is exclusive (the day after)."""

    uid: str
    lang: str
    slug: str
    title: str
    summary: str
    description_html: str
    description_text: str
    start: dt.date | dt.datetime  # aware datetime, or a date for all-day events
    end: dt.date | dt.datetime
    timezone: str
    location: str | None  # the place's name
    offices: tuple[str, ...]
    cities: tuple[str, ...]
    status: str
    sequence: int  # SEQUENCE in the feeds: grows with every change (`revision`)
    updated: dt.datetime  # UTC
    recurrence: vRecur | None
    kind: str  # "event" or "anniversary"
    source: str  # the file (or data record) it comes from, as editors see it
    since: int | None = None  # anniversaries: the founding year
    exact_in_utc: bool = field(default=False)  # a local time on a DST switch (see module doc)
    source_path: str = ""  # editors' events: the file, relative to content/
    uid_line: int | None = None
    body: str = ""  # the Markdown of the description, for locating its links
    body_line: int = 1
    address: PostalAddress | None = None  # of the place
    online: str | None = None  # where to take part online: a web address
    draft: bool = False  # `Status: draft`: shown in the preview only, as tentative

    @property
    def place(self) -> str | None:
        """The place as one line, for calendars: name and address."""
        parts = [part for part in (self.location, self.address and str(self.address)) if part]
        return ", ".join(parts) or None

    @property
    def gathering(self) -> bool:
        """Do people meet (somewhere, or online)? Not so for a day to mark, like Europe Day or
        a partnership's anniversary."""
        return bool(self.location or self.online)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def last_day(self) -> dt.date:
        """The last day the event runs on (for display; `end` is exclusive for all-day)."""
        if self.all_day:
            return self.end - dt.timedelta(days=1)
        return (self.end - dt.timedelta(microseconds=1)).date()

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def next_occurrence(self, moment: dt.datetime) -> tuple | None:
        """(start, end) of the first occurrence that has not ended at `moment`."""
        for start in self._starts(moment - self.duration):
            end = start + self.duration
            if self._as_moment(end) > moment:
                return start, end
        return None

    def last_occurrence(self, moment: dt.datetime) -> tuple | None:
        """(start, end) of the latest occurrence that had ended by `moment`."""
        if self.recurrence is None:
            return (self.start, self.end) if self._as_moment(self.end) <= moment else None
        found = self.rule_set().before(self._rule_time(moment - self.duration), inc=True)
        if found is None:
            return None
        start = self._from_rule_time(found)
        return start, start + self.duration

    def _starts(self, moment: dt.datetime):
        if self.recurrence is None:
            yield self.start
            return
        rule = self.rule_set()
        found = rule.after(self._rule_time(moment), inc=True)
        while found is not None:
            yield self._from_rule_time(found)
            found = rule.after(found)

    def rule_set(self):
        """The recurrence as a dateutil rule set, anchored at the start (dateutil times)."""
        return rrulestr(self.recurrence.to_ical().decode(), dtstart=self._rule_time(self.start))

    def _rule_time(self, value):
        """dateutil works on datetimes: all-day events as naive midnights."""
        if self.all_day:
            if isinstance(value, dt.datetime):
                return value.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)
            return dt.datetime.combine(value, dt.time())
        return value

    def _from_rule_time(self, value):
        return value.date() if self.all_day else value

    def _as_moment(self, value) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        return dt.datetime.combine(value, dt.time(), ZoneInfo(self.timezone))


# --- reading the Markdown files --------------------------------------------------------------

EVENT_SCHEMA = (
    Spec("title", required=True, max_length=200),
    Spec("uid", required=True, max_length=255),
    Spec("start", required=True, max_length=40),
    Spec("end", max_length=40),
    Spec("timezone", max_length=64),
    Spec("location", max_length=300),
    Spec("address", max_length=200),
    Spec("online", max_length=500),
    Spec("office", required=True, max_length=200),
    Spec("cities", max_length=1000),
    Spec("status", max_length=20),
    Spec("updated", required=True, max_length=40),
    Spec("recurrence", max_length=300),
    Spec("lang", max_length=5),
    Spec("slug", max_length=100),
    Spec("summary", max_length=400),
)
RETIRED = {
    "sequence": Msg(
        "die Zeile löschen: die Website zählt Änderungen selbst aus 'Updated'; dafür "
        "'Updated' bei jeder Änderung auf Tag (und Uhrzeit) der Änderung setzen"
    ),
}
NEW_UID = Msg('make new ARGS="event …" erzeugt eine neue')
YEARS = (1900, 2100)  # what an event (start, end, repetition) may lie in
UPDATED_YEARS = (2000, 2100)
# An office's events repeat daily at most, a bounded number of times (FREQ=SECONDLY or a
# huge COUNT would make every build and the preview compute occurrences for minutes).
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RULE_PARTS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYSETPOS",
    "WKST",
}
MAX_COUNT = 1000
MAX_INTERVAL = 100
FIRST_DATE_WITHIN = 10  # years: a rule must give a date this soon after the start
REVISION_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def revision(updated: dt.datetime) -> int:
    """SEQUENCE (RFC 5545 §3.8.7.4) of an entry: whole minutes from 2000 to its `Updated`.

    Every change of an entry gets a later `Updated`, so the sequence only ever grows – also
    when a cancelled event is reinstated, where a counter raised by the cancellation would
    fall back and calendars would keep the cancellation.
    """
    return max(0, int((updated - REVISION_EPOCH).total_seconds()) // 60)


def _date(text: str) -> dt.date:
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError
    return dt.date(*map(int, match.groups()))


def parse_when(text: str) -> dt.date | dt.datetime:
    """`2027-05-09` (a day) or `2027-05-09 18:00` (a wall-clock time, still naive)."""
    text = text.strip()
    if _DATE.fullmatch(text):
        return _date(text)
    match = _DATE_TIME.fullmatch(text)
    if match:
        return dt.datetime(*map(int, match.groups()))
    raise ValueError


def localize(naive: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, bool]:
    """Attach `zone` per RFC 5545 §3.3.5; True if the time is skipped or repeated that day."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    skipped = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive
    repeated = first.utcoffset() != second.utcoffset() and not skipped
    if skipped:
        # fold=0 of a skipped time uses the offset before the gap: what the RFC prescribes
        return first.astimezone(dt.UTC).astimezone(zone), True
    return first, repeated


def _what_is_wrong_with_date(text: str) -> tuple[Msg, Msg]:
    for pattern in (_DATE_TIME, _DATE):
        match = pattern.match(text.strip())
        if match:
            year, month, day = map(int, match.groups()[:3])
            try:
                dt.date(year, month, day)
            except ValueError:
                return (
                    Msg(
                        "{value} ist kein echtes Datum (der Monat {month} hat keinen {day}. Tag)",
                        value=repr(text),
                        month=month,
                        day=day,
                    ),
                    Msg("Tag und Monat prüfen"),
                )
            if pattern is _DATE_TIME:
                hour, minute = map(int, match.groups()[3:])
                if hour > 23 or minute > 59:
                    return (
                        Msg("{value} ist keine echte Uhrzeit", value=repr(text)),
                        Msg("eine Uhrzeit von 00:00 bis 23:59 schreiben"),
                    )
    return (
        Msg(
            "muss ein Datum wie 2027-05-09 sein oder Datum und Uhrzeit wie 2027-05-09 18:00; "
            "ist aber {value}",
            value=repr(text),
        ),
        Msg("Jahr-Monat-Tag schreiben, die Uhrzeit als Stunden:Minuten"),
    )


class _Text(HTMLParser):
    """Plain text of rendered Markdown, for calendar descriptions (no HTML in feeds)."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "div"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.parts.append("– ")
        if tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            href = self.href.pop()
            if href and href.startswith(("http://", "https://", "mailto:")):
                self.parts.append(f" ({href.removeprefix('mailto:')})")
        if tag in self.BLOCKS:
            self.parts.append("\n\n" if tag not in {"li", "br", "tr"} else "\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [line.strip() for line in joined.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text()


def _in_years(day: dt.date, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= day.year <= bounds[1]


def _recurrence(
    value: str, start: dt.date | dt.datetime, zone: ZoneInfo, fields: Document
) -> vRecur | None:
    """An RRULE an office needs (daily at most, bounded), with UNTIL made UTC for timed
    events (RFC 5545 §3.3.10), whose first date is the start (§3.8.5.3)."""
    text = value.strip().removeprefix("RRULE:")
    try:
        rule = vRecur.from_ical(text)
    except ValueError:
        fields.problem(
            "recurrence",
            Msg("ist keine gültige Regel nach RFC 5545"),
            hint=Msg("etwa FREQ=YEARLY oder FREQ=MONTHLY;BYDAY=1MO"),
        )
        return None
    unknown = sorted(set(rule) - RULE_PARTS)
    if unknown:
        fields.problem(
            "recurrence",
            Msg("verwendet {parts}, was diese Website nicht unterstützt", parts=", ".join(unknown)),
            hint=Msg(
                "FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH oder BYSETPOS verwenden"
            ),
        )
        return None
    frequency = rule.get("FREQ", [None])[0]
    if frequency is None:
        fields.problem(
            "recurrence",
            Msg("braucht FREQ"),
            hint=Msg("etwa FREQ=YEARLY oder FREQ=MONTHLY;BYDAY=1MO"),
        )
        return None
    if frequency not in FREQUENCIES:
        fields.problem(
            "recurrence",
            Msg(
                "FREQ={frequency} wiederholt sich öfter, als Termine einer Einrichtung es tun",
                frequency=frequency,
            ),
            hint=Msg("FREQ=DAILY, WEEKLY, MONTHLY oder YEARLY verwenden"),
        )
        return None
    if "COUNT" in rule and "UNTIL" in rule:
        fields.problem(
            "recurrence",
            Msg("hat COUNT und UNTIL"),
            hint=Msg("eines von beiden löschen"),
        )
        return None
    count = rule.get("COUNT", [1])[0]
    if not 1 <= count <= MAX_COUNT:
        fields.problem(
            "recurrence",
            Msg("COUNT={count} liegt nicht zwischen 1 und {most}", count=count, most=MAX_COUNT),
            hint=Msg("eine kleinere Zahl wählen, oder UNTIL mit dem letzten Tag"),
        )
        return None
    interval = rule.get("INTERVAL", [1])[0]
    if not 1 <= interval <= MAX_INTERVAL:
        fields.problem(
            "recurrence",
            Msg(
                "INTERVAL={interval} liegt nicht zwischen 1 und {most}",
                interval=interval,
                most=MAX_INTERVAL,
            ),
            hint=Msg("etwa INTERVAL=2 für jedes zweite Mal"),
        )
        return None
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if not _in_years(until, YEARS):
            fields.problem(
                "recurrence",
                Msg("UNTIL liegt im Jahr {year}", year=until.year),
                hint=Msg(
                    "einen letzten Tag zwischen {first} und {last} angeben",
                    first=YEARS[0],
                    last=YEARS[1],
                ),
            )
            return None
        if isinstance(start, dt.datetime):
            if not isinstance(until, dt.datetime):
                # the whole last day counts
                until = dt.datetime.combine(until, dt.time(23, 59, 59))
            if until.tzinfo is None:
                until = localize(until, zone)[0]
            until = until.astimezone(dt.UTC)
        elif isinstance(until, dt.datetime):
            fields.problem(
                "recurrence",
                Msg("UNTIL eines ganztägigen Termins muss ein Tag sein"),
                hint=Msg("den Tag wie 20301231 schreiben"),
            )
            return None
        if until < start:
            fields.problem(
                "recurrence",
                Msg("UNTIL liegt vor dem Beginn"),
                hint=Msg("beide Angaben prüfen"),
            )
            return None
        rule["UNTIL"] = [until]
    probe = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    try:
        rules = rrulestr(rule.to_ical().decode(), dtstart=probe)
        horizon = probe.replace(year=probe.year + FIRST_DATE_WITHIN, day=min(probe.day, 28))
        first = next(iter(rules.replace(count=None, until=horizon)), None)
    except (ValueError, TypeError):
        fields.problem(
            "recurrence",
            Msg("ist keine gültige Regel nach RFC 5545"),
            hint=Msg("etwa FREQ=YEARLY oder FREQ=MONTHLY;BYDAY=1MO"),
        )
        return None
    if first is None:
        fields.problem(
            "recurrence",
            Msg("ergibt in den {years} Jahren nach dem Beginn keinen Tag", years=FIRST_DATE_WITHIN),
            hint=Msg("BYDAY, BYMONTHDAY und BYMONTH prüfen (gibt es einen 30. Februar?)"),
        )
        return None
    if first != probe:
        shown = first.date() if not isinstance(start, dt.datetime) else first
        fields.problem(
            "start",
            Msg(
                "ist kein Tag der Wiederholung, deren erster Tag der {first} ist",
                first=f"{shown:%Y-%m-%d}",
            ),
            hint=Msg(
                "den Beginn auf den ersten Tag legen, den die Regel ergibt; Kalender-Apps "
                "behandeln einen Beginn außerhalb der Regel verschieden"
            ),
        )
        return None
    return rule


def read_event(
    path: Path,
    document: Document,
    lang: str,
    data: SiteData,
    converter,
    content_root: Path,
    siteurl: str = "",
    placeholders: list | None = None,
) -> Event | None:
    """One event file, its front matter already parsed as `document`; its problems are
    added to the document, and None is returned if there is any."""
    check(document, EVENT_SCHEMA, retired=RETIRED)
    fields = document
    title = fields.value("title")
    zone_name = fields.value("timezone") or DEFAULT_TIMEZONE
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        fields.problem(
            "timezone",
            Msg("ist kein Name einer Zeitzone wie Europe/Berlin: {zone}", zone=repr(zone_name)),
            hint=Msg("einen IANA-Namen wie America/New_York verwenden"),
        )
        zone = ZoneInfo(DEFAULT_TIMEZONE)

    start = _when(fields, "start", YEARS)
    end = None
    exact_in_utc = False
    if start is not None:
        end_text = fields.value("end")
        if end_text is None:
            if isinstance(start, dt.datetime):
                fields.problem(
                    "end",
                    Msg("fehlt: ein Termin mit Uhrzeit braucht ein Ende"),
                    hint=Msg(
                        "'End:' mit einer Uhrzeit wie 20:00 oder mit Datum und Uhrzeit ergänzen"
                    ),
                )
            else:
                end = start
        elif isinstance(start, dt.datetime) and _TIME.fullmatch(end_text):
            hour, minute = map(int, end_text.split(":"))
            if hour > 23 or minute > 59:
                fields.problem(
                    "end",
                    Msg("{value} ist keine echte Uhrzeit", value=repr(end_text)),
                    hint=Msg("eine Uhrzeit von 00:00 bis 23:59 schreiben"),
                )
            else:
                end = start.replace(hour=hour, minute=minute)
        else:
            end = _when(fields, "end", YEARS)
        if end is not None and isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            fields.problem(
                "end",
                Msg(
                    "Beginn und Ende müssen beide Tage sein (ganztägig) oder beide Tage mit Uhrzeit"
                ),
                hint=Msg("beide mit Uhrzeit angeben oder beide ohne"),
            )
            end = None
        if end is not None:
            if end < start:
                fields.problem(
                    "end",
                    Msg("endet vor dem Beginn ({start})", start=fields.value("start")),
                    hint=Msg("Datum und Uhrzeit des Endes prüfen"),
                )
                end = None
            elif isinstance(start, dt.datetime):
                start, skipped_start = localize(start, zone)
                end, skipped_end = localize(end, zone)
                exact_in_utc = skipped_start or skipped_end
                if end <= start:
                    fields.problem(
                        "end",
                        Msg("endet, wenn er beginnt"),
                        hint=Msg("die Uhrzeit angeben, zu der der Termin endet"),
                    )
            else:
                end = end + dt.timedelta(days=1)  # exclusive, as RFC 5545 wants it

    address = None
    if fields.value("address"):
        try:
            address = parse_address(fields.value("address"))
        except ValueError:
            fields.problem(
                "address",
                Msg(
                    "{value} ist keine Anschrift in einer Form, die diese Website liest",
                    value=repr(fields.value("address")),
                ),
                hint=Msg(
                    "'Marktplatz 1, 70173 Stuttgart' schreiben (Straße, Postleitzahl und Ort; "
                    "außerhalb Deutschlands ', BE' anhängen) oder '1000 Vermont Ave NW, "
                    "Washington, DC 20005, US'"
                ),
            )
        if not fields.value("location"):
            fields.problem(
                "address",
                Msg("hat keinen Ort"),
                hint=Msg("den Namen des Ortes in 'Location:' angeben"),
            )
    online = fields.value("online")
    if online and not re.fullmatch(r"https://[A-Za-z0-9][^\s\"<>\\^`{|}]*", online):
        fields.problem(
            "online",
            Msg("{value} ist keine Webadresse, die mit https:// beginnt", value=repr(online)),
            hint=Msg(
                "die Adresse der Übertragung oder Videokonferenz angeben oder das Feld weglassen"
            ),
        )

    offices = tuple(_split(fields.value("office")))
    known_offices = [office.id for office in data.offices if office.id]
    for office in offices:
        if office not in known_offices:
            close = difflib.get_close_matches(office, known_offices, n=1, cutoff=0.6)
            choose = Msg("{known} verwenden, mit Komma getrennt", known=", ".join(known_offices))
            fields.problem(
                "office",
                Msg("unbekannte Einrichtung '{office}'", office=office),
                hint=Msg("Meinten Sie '{meant}'? {choose}", meant=close[0], choose=choose)
                if close
                else choose,
            )
    cities = tuple(_split(fields.value("cities")))
    known_cities = sorted(city.slug for city in data.cities if city.slug)
    for slug in cities:
        if slug not in known_cities:
            close = difflib.get_close_matches(slug, known_cities, n=1, cutoff=0.6)
            choose = Msg(
                "die Kennung einer Stadt aus data/partner_cities.yaml verwenden, etwa brno"
            )
            fields.problem(
                "cities",
                Msg("unbekannte Partnerstadt '{city}'", city=slug),
                hint=Msg("Meinten Sie '{meant}'? {choose}", meant=close[0], choose=choose)
                if close
                else choose,
            )

    status = fields.value("status") or "confirmed"
    draft = status == DRAFT
    if draft:
        status = "tentative"
    if status not in STATUSES:
        close = difflib.get_close_matches(status, (*STATUSES, DRAFT), n=1, cutoff=0.6)
        fields.problem(
            "status",
            Msg(
                "muss einer dieser Werte sein: {options}; ist aber {value}",
                options=", ".join((*STATUSES, DRAFT)),
                value=repr(status),
            ),
            hint=Msg("Meinten Sie '{meant}'?", meant=close[0])
            if close
            else Msg("confirmed, tentative, cancelled oder draft schreiben"),
        )

    uid = fields.value("uid")
    if uid and not _UID.fullmatch(uid):
        fields.problem(
            "uid",
            Msg("muss 8 bis 255 Buchstaben, Ziffern oder . _ @ + - sein, ohne Leerzeichen"),
            hint=NEW_UID,
        )

    updated = _when(fields, "updated", UPDATED_YEARS)
    if updated is not None:
        if not isinstance(updated, dt.datetime):
            updated = dt.datetime.combine(updated, dt.time())
        updated = localize(updated, ZoneInfo(DEFAULT_TIMEZONE))[0].astimezone(dt.UTC)

    recurrence = None
    if fields.value("recurrence") and start is not None and end is not None:
        recurrence = _recurrence(fields.value("recurrence"), start, zone, fields)

    if fields.value("lang") and fields.value("lang") != lang:
        fields.problem(
            "lang",
            Msg(
                "sagt {given}, aber die Datei liegt im Ordner für {lang}",
                given=repr(fields.value("lang")),
                lang=repr(lang),
            ),
            hint=Msg("die Datei verschieben oder das Feld korrigieren"),
        )
    slug = fields.value("slug") or path.stem
    if not SLUG.fullmatch(slug):
        fields.problem(
            "slug" if fields.value("slug") else None,
            Msg(
                "der Adressteil '{part}' darf nur Kleinbuchstaben, Ziffern und Bindestriche "
                "enthalten",
                part=slug,
            ),
            hint=Msg("die Datei umbenennen oder 'Slug:' setzen"),
        )

    body, found = mark(
        document.body, document.shown_as, document.body_line, lang, document.problems
    )
    if placeholders is not None:
        placeholders.extend(found)
    html, body_problems = render_body(
        Body(document.shown_as, body, document.body_line, path, content_root),
        converter,
        siteurl=siteurl,
    )
    document.problems.extend(body_problems)
    if document.problems:
        return None
    text = plain_text(html)
    summary = fields.value("summary") or _first_paragraph(text)
    return Event(
        uid=uid,
        lang=lang,
        slug=slug,
        title=title,
        summary=summary,
        description_html=html,
        description_text=text,
        start=start,
        end=end,
        timezone=zone_name,
        location=fields.value("location"),
        address=address,
        online=online,
        offices=offices,
        cities=cities,
        status=status,
        draft=draft,
        sequence=revision(updated),
        updated=updated,
        recurrence=recurrence,
        kind="event",
        source=document.shown_as,
        exact_in_utc=exact_in_utc,
        source_path=path.relative_to(content_root).as_posix(),
        uid_line=document.line("uid"),
        body=document.body,
        body_line=document.body_line,
    )


def _when(fields: Document, name: str, years: tuple[int, int]) -> dt.date | dt.datetime | None:
    """The date (and time) in field `name`, or None if absent or wrong (a problem then)."""
    text = fields.value(name)
    if text is None:
        return None
    try:
        when = parse_when(text)
    except ValueError:
        fields.problem(name, *_what_is_wrong_with_date(text))
        return None
    if not _in_years(when, years):
        fields.problem(
            name,
            Msg("liegt im Jahr {year}", year=when.year),
            hint=Msg("ein Jahr zwischen {first} und {last} angeben", first=years[0], last=years[1]),
        )
        return None
    return when


def _split(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _first_paragraph(text: str) -> str:
    return text.split("\n\n", 1)[0].strip() if text else ""


def read_events(
    content_dir: Path, data: SiteData, settings: dict, languages=LANGUAGES
) -> tuple[list[Event], list[Problem]]:
    """Every event file under `content/events/<lang>/`, checked, with its translations paired;
    and every problem found (the events with a problem are left out)."""
    problems: list[Problem] = []
    events: list[Event] = []
    folder = content_dir / FOLDER
    documents: dict[tuple[str, str], Document] = {}
    failed: set[tuple[str, str]] = set()  # (lang, uid) of files with a problem
    unsure: set[str] = set()  # languages with a file whose UID could not be read
    converter = markdown_converter(settings)
    memo = warm.memo(settings)
    # what an event file is read against besides its text: the records, the files its links
    # may point to, the site's address
    inputs = (
        (
            tuple(office.id for office in data.offices),  # all `read_event` asks of the records
            tuple(city.slug for city in data.cities),
            memo.listing(content_dir),
            settings.get("SITEURL"),
        )
        if memo is not None
        else None
    )
    if folder.is_dir():
        for relative, _is_folder in symbolic_links(folder):
            shown_as = f"content/{FOLDER}/{relative}"
            problems.append(refusal(folder / relative, content_dir, shown_as))
            unsure.add(relative.split("/")[0])
        for child in sorted(folder.iterdir()):
            if child.name.startswith(".") or child.is_symlink():
                continue
            if not child.is_dir() or child.name not in languages:
                problems.append(
                    Problem(
                        f"content/{FOLDER}/{child.name}",
                        None,
                        Msg("liegt in keinem Sprachordner"),
                        hint=Msg(
                            "Termindateien gehören nach content/{folder}/<Sprache>/, mit einer "
                            "Sprache aus {languages}",
                            folder=FOLDER,
                            languages=", ".join(languages),
                        ),
                    )
                )
        for lang in languages:
            for path in files_under(folder / lang, ""):
                shown_as = f"content/{path.relative_to(content_dir).as_posix()}"
                if path.name.startswith(".") or path.is_symlink():
                    continue
                if path.suffix != ".md":
                    problems.append(
                        Problem(
                            shown_as,
                            None,
                            Msg("wird nicht gelesen: nur Dateien mit der Endung .md sind Termine"),
                            hint=Msg("die Datei in .md umbenennen oder aus content/events/ nehmen"),
                        )
                    )
                    continue
                read_file = functools.partial(read_text, path, content_dir, shown_as, problems)
                text = read_file() if memo is None else memo.file_text(path, read_file)
                if text is None:
                    unsure.add(lang)
                    continue

                def read(path=path, text=text, shown_as=shown_as, lang=lang):
                    document = parse(
                        text, shown_as, record=Msg("Veranstaltung '{name}'", name=path.stem)
                    )
                    found: list = []
                    event = read_event(
                        path,
                        document,
                        lang,
                        data,
                        converter,
                        content_dir,
                        settings.get("SITEURL", ""),
                        found,
                    )
                    return document, event, found

                if memo is None:
                    document, event, found = read()
                else:  # the preview's warm run: read again only if something it needs changed
                    key = (str(path), text, lang, inputs)
                    document, event, found = memo.cached("events", key, read)
                record(settings, found)
                if document.value("status") == DRAFT:
                    drafts.record(settings, [drafts.Draft(shown_as, document.line("status"))])
                problems.extend(document.problems)
                uid = document.value("uid")
                if event is None:
                    if uid and _UID.fullmatch(uid) and "uid" not in document.unreadable:
                        failed.add((lang, uid))
                    else:
                        unsure.add(lang)
                    continue
                events.append(event)
                documents.setdefault((lang, event.uid), document)
    problems += _pairing_problems(events, documents, languages, failed, unsure)
    return events, problems


def load_events(
    content_dir: Path, data: SiteData, settings: dict, languages=LANGUAGES
) -> list[Event]:
    """`read_events`, raising ContentErrors with every problem if there is any."""
    events, problems = read_events(content_dir, data, settings, languages)
    if problems:
        raise ContentErrors(problems)
    return events


def _pairing_problems(
    events: list[Event], documents: dict, languages, failed: set, unsure: set
) -> list[Problem]:
    """Unique UIDs and slugs per language; every event in every language, agreeing on SHARED.

    A language whose version of the event has a problem of its own (or a file whose UID could
    not be read) is not reported as missing: that would be a second, misleading problem."""
    problems = []
    by_uid: dict[str, dict[str, Event]] = {}
    slugs: dict[tuple[str, str], Event] = {}
    for event in events:
        versions = by_uid.setdefault(event.uid, {})
        if event.lang in versions:
            first = versions[event.lang]
            problems.append(
                Problem(
                    event.source,
                    event.uid_line,
                    Msg(
                        "die UID {uid} wird schon von {other} verwendet",
                        uid=repr(event.uid),
                        other=first.source,
                    ),
                    record=_record(event),
                    field="UID",
                    hint=Msg("jeder Termin braucht eine eigene; {new}", new=NEW_UID),
                )
            )
            continue
        versions[event.lang] = event
        if (event.lang, event.slug) in slugs:
            problems.append(
                Problem(
                    event.source,
                    None,
                    Msg(
                        "hat dieselbe Adresse ('{slug}') wie {other}",
                        slug=event.slug,
                        other=slugs[(event.lang, event.slug)].source,
                    ),
                    record=_record(event),
                    field="Slug",
                    hint=Msg("die Datei umbenennen oder 'Slug:' setzen"),
                )
            )
        slugs[(event.lang, event.slug)] = event
    for uid, versions in by_uid.items():
        present = sorted(versions)
        for lang in languages:
            if lang not in versions and (lang, uid) not in failed and lang not in unsure:
                other = versions[present[0]]
                problems.append(
                    Problem(
                        other.source,
                        other.uid_line,
                        Msg("hat keine Fassung in '{lang}'", lang=lang),
                        record=_record(other),
                        field="UID",
                        hint=Msg(
                            "content/{folder}/{lang}/<adresse>.md mit 'UID: {uid}' anlegen",
                            folder=FOLDER,
                            lang=lang,
                            uid=uid,
                        ),
                    )
                )
        if len(present) < 2:
            continue
        first = versions[present[0]]
        first_document = documents[(first.lang, uid)]
        for lang in present[1:]:
            other = versions[lang]
            document = documents[(lang, uid)]
            for name in SHARED:
                mine = _normal(name, document.value(name) or "")
                theirs = _normal(name, first_document.value(name) or "")
                if name == "status" and DRAFT in (mine, theirs):
                    continue  # one language may be ready before the other
                if mine != theirs:
                    problems.append(
                        Problem(
                            other.source,
                            document.line(name) if name in document.fields else None,
                            Msg(
                                "weicht von {other} ab ({value})",
                                other=first.source,
                                value=theirs or Msg("nicht gesetzt"),
                            ),
                            record=_record(other),
                            field=document.written(name),
                            hint=Msg("beide Sprachen beschreiben denselben Termin: angleichen"),
                        )
                    )
    return problems


def _record(event: Event) -> Msg:
    return Msg("Veranstaltung '{name}'", name=Path(event.source).stem)


def _normal(name: str, value: str) -> str:
    if name in ("office", "cities"):
        return ", ".join(sorted(_split(value)))
    if name == "status":
        return value.strip() or "confirmed"
    if name == "timezone":
        return value.strip() or DEFAULT_TIMEZONE
    return value.strip()


# --- anniversaries from the partner-city data -----------------------------------------------

ANNIVERSARY_TEXT = {
    "de": {
        "slug": "jahrestag-{office}-{city}",
        "title": "Jahrestag: {kind} {place} – {city}",
        "summary": "Am {date} begann die {kind} zwischen {place} und {city}.",
        "as_of": " Dass sie besteht, ist zuletzt für {year} belegt.",
        "kinds": {
            "partnerschaft": "Städtepartnerschaft",
            "freundschaft": "Städtefreundschaft",
            "solidaritaetspartnerschaft": "Solidaritätspartnerschaft",
            "projektpartnerschaft": "Projektpartnerschaft",
            "partnerregion": "Regionalpartnerschaft",
        },
    },
    "en": {
        "slug": "anniversary-{office}-{city}",
        "title": "Anniversary: {place}–{city} {kind}",
        "summary": "The {kind} between {place} and {city} began on {date}.",
        "as_of": " That it continues is confirmed only up to {year}.",
        "kinds": {
            "partnerschaft": "twinning",
            "freundschaft": "friendship",
            "solidaritaetspartnerschaft": "solidarity partnership",
            "projektpartnerschaft": "project partnership",
            "partnerregion": "regional partnership",
        },
    },
}


def anniversary_uid(office: str, city: str) -> str:
    """Derived from the partnership alone, so renaming or retitling never changes it."""
    return str(uuid.uuid5(ANNIVERSARY_NAMESPACE, f"partnership/{office}/{city}"))


def anniversaries(data: SiteData, format_date, languages=LANGUAGES) -> list[Event]:
    """A yearly all-day event per active relation whose founding day is known."""
    events = []
    for city in data.cities:
        for relation in city.relations:
            if relation.since_date is None or relation.status != "aktiv":
                continue
            office = data.office(relation.office)
            for lang in languages:
                place = office.short_name[lang]
                # its text comes from both records: it changed when either of them did
                changed = max(city.updated, office.updated)
                events.append(_anniversary(city, relation, place, changed, lang, format_date))
    return events


def _anniversary(
    city: PartnerCity, relation: Relation, place: str, changed: dt.date, lang: str, format_date
) -> Event:
    text = ANNIVERSARY_TEXT[lang]
    kind = text["kinds"][relation.type]
    values = {
        "kind": kind,
        "place": place,
        "city": city.name[lang],
        "date": format_date(relation.since_date, lang),
    }
    summary = text["summary"].format(**values)
    summary = summary[0].upper() + summary[1:]
    if relation.status_as_of:
        # the relation's caveat holds for its anniversary too: tentative, and said so
        summary += text["as_of"].format(year=relation.status_as_of)
    day = relation.since_date
    # the day its data last changed (`updated` of the records), midnight in Berlin, as for
    # editors' events: never the build time, never the founding day
    updated = localize(dt.datetime.combine(changed, dt.time()), ZoneInfo(DEFAULT_TIMEZONE))[0]
    updated = updated.astimezone(dt.UTC)
    return Event(
        uid=anniversary_uid(relation.office, city.slug),
        lang=lang,
        slug=text["slug"].format(office=relation.office, city=city.slug),
        title=text["title"].format(**values),
        summary=summary,
        description_html=f"<p>{_escape(summary)}</p>",
        description_text=summary,
        start=day,
        end=day + dt.timedelta(days=1),
        timezone=DEFAULT_TIMEZONE,
        location=None,
        offices=(relation.office,),
        cities=(city.slug,),
        status="tentative" if relation.status_as_of else "confirmed",
        sequence=revision(updated),
        updated=updated,
        recurrence=vRecur.from_ical("FREQ=YEARLY"),
        kind="anniversary",
        source=f"data/partner_cities.yaml: city '{city.slug}'",
        since=day.year,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
