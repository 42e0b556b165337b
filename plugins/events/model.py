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
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import markdown
from dateutil.rrule import rrulestr
from icalendar import vRecur

from plugins.core.data import LANGUAGES
from plugins.core.errors import ContentErrors, Problem, read_front_matter
from plugins.core.site_data import PartnerCity, Relation, SiteData

FOLDER = "events"
DEFAULT_TIMEZONE = "Europe/Berlin"
STATUSES = ("confirmed", "tentative", "cancelled")
REQUIRED = ("title", "start", "office", "uid", "updated")
OPTIONAL = (
    "end",
    "timezone",
    "location",
    "cities",
    "status",
    "sequence",
    "recurrence",
    "lang",
    "slug",
    "summary",
)
# Fields that say when and for whom; the German and English file of an event must agree on them.
SHARED = ("start", "end", "timezone", "office", "cities", "status", "sequence", "recurrence")

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")
_TIME = re.compile(r"(\d{2}):(\d{2})")
_UID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{7,254}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # an address part: file name or Slug:
ANNIVERSARY_NAMESPACE = uuid.UUID("6f1c2d1e-8a43-5b8e-9d0a-3c52e1b7a9f4")


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
    location: str | None
    offices: tuple[str, ...]
    cities: tuple[str, ...]
    status: str
    sequence: int  # as written to the feeds: one higher once an event is cancelled
    updated: dt.datetime  # UTC
    recurrence: vRecur | None
    kind: str  # "event" or "anniversary"
    source: str  # the file (or data record) it comes from, as editors see it
    since: int | None = None  # anniversaries: the founding year
    exact_in_utc: bool = field(default=False)  # a local time on a DST switch (see module doc)

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


class _Fields:
    """The front matter of one file: values by lower-case key, each with its line."""

    def __init__(self, shown_as: str, raw: dict[str, tuple[int, str]], problems: list[Problem]):
        self.shown_as = shown_as
        self.raw = raw
        self.problems = problems

    def line(self, name: str) -> int | None:
        return self.raw[name][0] if name in self.raw else 1

    def value(self, name: str) -> str | None:
        return self.raw[name][1] if name in self.raw and self.raw[name][1] else None

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.shown_as, self.line(name), message, field=name))


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


def _what_is_wrong_with_date(text: str) -> str:
    for pattern in (_DATE_TIME, _DATE):
        match = pattern.match(text.strip())
        if match:
            year, month, day = map(int, match.groups()[:3])
            try:
                dt.date(year, month, day)
            except ValueError:
                return f"{text!r} is not a real date (there is no day {day} in month {month})"
            if pattern is _DATE_TIME:
                hour, minute = map(int, match.groups()[3:])
                if hour > 23 or minute > 59:
                    return f"{text!r} is not a real time of day"
    return f"must be a date like 2027-05-09 or a date and time like 2027-05-09 18:00, got {text!r}"


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


def _body(path: Path) -> str:
    """The Markdown after the front-matter block."""
    parts = re.split(r"\r?\n[ \t]*\r?\n", path.read_text(encoding="utf-8"), maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


def _recurrence(
    value: str, start: dt.date | dt.datetime, zone: ZoneInfo, fields: _Fields
) -> vRecur | None:
    """An RRULE, with UNTIL made UTC for timed events (RFC 5545 §3.3.10)."""
    text = value.strip().removeprefix("RRULE:")
    try:
        rule = vRecur.from_ical(text)
    except ValueError as error:
        fields.problem("recurrence", f"is not a valid RFC 5545 rule ({error}); e.g. FREQ=YEARLY")
        return None
    if "FREQ" not in rule:
        fields.problem("recurrence", "needs FREQ, e.g. FREQ=YEARLY or FREQ=MONTHLY;BYDAY=1MO")
        return None
    if "COUNT" in rule and "UNTIL" in rule:
        fields.problem("recurrence", "may have COUNT or UNTIL, not both")
        return None
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if isinstance(start, dt.datetime):
            if not isinstance(until, dt.datetime):
                # the whole last day counts
                until = dt.datetime.combine(until, dt.time(23, 59, 59))
            if until.tzinfo is None:
                until = localize(until, zone)[0]
            until = until.astimezone(dt.UTC)
            if until < start:
                fields.problem("recurrence", "UNTIL lies before the start")
                return None
        else:
            if isinstance(until, dt.datetime):
                fields.problem(
                    "recurrence", "UNTIL of an all-day event must be a date like 20301231"
                )
                return None
            if until < start:
                fields.problem("recurrence", "UNTIL lies before the start")
                return None
        rule["UNTIL"] = [until]
    try:
        probe = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        rrulestr(rule.to_ical().decode(), dtstart=probe)
    except (ValueError, TypeError) as error:
        fields.problem("recurrence", f"is not a valid RFC 5545 rule ({error})")
        return None
    return rule


def read_event(
    path: Path,
    shown_as: str,
    lang: str,
    raw: dict[str, tuple[int, str]],
    data: SiteData,
    problems: list[Problem],
    markdown_config,
) -> Event | None:
    """One event file, its front matter already read as `raw`; its problems are appended to
    `problems`, and None is returned if any."""
    before = len(problems)
    fields = _Fields(shown_as, raw, problems)
    for name in raw:
        if name not in REQUIRED + OPTIONAL:
            fields.problem(name, f"unknown field; allowed are {', '.join(REQUIRED + OPTIONAL)}")
    for name in REQUIRED:
        if not fields.value(name):
            problems.append(
                Problem(shown_as, fields.line(name), f"field '{name}' is missing", field=name)
            )

    title = fields.value("title")
    zone_name = fields.value("timezone") or DEFAULT_TIMEZONE
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        fields.problem("timezone", f"is not a time zone name like Europe/Berlin: {zone_name!r}")
        zone = ZoneInfo(DEFAULT_TIMEZONE)

    start = _when(fields, "start")
    end = None
    exact_in_utc = False
    if start is not None:
        end_text = fields.value("end")
        if end_text is None:
            if isinstance(start, dt.datetime):
                fields.problem(
                    "end", "a start time needs an end: a time like 20:00 or a date and time"
                )
            else:
                end = start
        elif isinstance(start, dt.datetime) and _TIME.fullmatch(end_text):
            hour, minute = map(int, end_text.split(":"))
            if hour > 23 or minute > 59:
                fields.problem("end", f"{end_text!r} is not a real time of day")
            else:
                end = start.replace(hour=hour, minute=minute)
        else:
            try:
                end = parse_when(end_text)
            except ValueError:
                fields.problem("end", _what_is_wrong_with_date(end_text))
        if end is not None and isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            fields.problem(
                "end",
                "start and end must both be dates (an all-day event) or both dates with times",
            )
            end = None
        if end is not None:
            if end < start:
                fields.problem("end", f"ends before it starts ({fields.value('start')})")
                end = None
            elif isinstance(start, dt.datetime):
                start, skipped_start = localize(start, zone)
                end, skipped_end = localize(end, zone)
                exact_in_utc = skipped_start or skipped_end
                if end <= start:
                    fields.problem("end", "ends when it starts; give the time it ends")
            else:
                end = end + dt.timedelta(days=1)  # exclusive, as RFC 5545 wants it

    offices = tuple(_split(fields.value("office")))
    for office in offices:
        if office not in {o.id for o in data.offices}:
            known = ", ".join(o.id for o in data.offices)
            fields.problem("office", f"unknown office '{office}'; known are {known}")
    cities = tuple(_split(fields.value("cities")))
    known_cities = {city.slug for city in data.cities}
    for slug in cities:
        if slug not in known_cities:
            fields.problem(
                "cities", f"unknown partner city '{slug}'; use a slug from data/partner_cities.yaml"
            )

    status = fields.value("status") or "confirmed"
    if status not in STATUSES:
        fields.problem("status", f"must be one of {', '.join(STATUSES)}, got {status!r}")

    uid = fields.value("uid")
    if uid and not _UID.fullmatch(uid):
        fields.problem(
            "uid",
            "must be 8 to 255 letters, digits or . _ @ + - with no spaces "
            "(`invoke new event` makes one)",
        )

    updated = _when(fields, "updated")
    if updated is not None:
        if not isinstance(updated, dt.datetime):
            updated = dt.datetime.combine(updated, dt.time())
        updated = localize(updated, ZoneInfo(DEFAULT_TIMEZONE))[0].astimezone(dt.UTC)

    sequence = 0
    if fields.value("sequence"):
        if fields.value("sequence").isdigit():
            sequence = int(fields.value("sequence"))
        else:
            fields.problem("sequence", "must be a whole number: 0, 1, 2 …")

    recurrence = None
    if fields.value("recurrence") and start is not None:
        recurrence = _recurrence(fields.value("recurrence"), start, zone, fields)

    if fields.value("lang") and fields.value("lang") != lang:
        fields.problem(
            "lang", f"says {fields.value('lang')!r}, but the file is in the folder for {lang!r}"
        )
    slug = fields.value("slug") or path.stem
    if not SLUG.fullmatch(slug):
        fields.problem(
            "slug" if fields.value("slug") else "title",
            f"the address part {slug!r} must be lowercase letters, digits and hyphens; "
            "rename the file or set 'Slug:'",
        )
    if title and "\n" in title:
        fields.problem("title", "must be one line")

    if len(problems) > before:
        return None
    html = markdown.Markdown(**markdown_config).convert(_body(path))
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
        offices=offices,
        cities=cities,
        status=status,
        sequence=sequence + (1 if status == "cancelled" else 0),
        updated=updated,
        recurrence=recurrence,
        kind="event",
        source=shown_as,
        exact_in_utc=exact_in_utc,
    )


def _when(fields: _Fields, name: str) -> dt.date | dt.datetime | None:
    """The date (and time) in field `name`, or None if absent or wrong (a problem then)."""
    text = fields.value(name)
    if text is None:
        return None
    try:
        return parse_when(text)
    except ValueError:
        fields.problem(name, _what_is_wrong_with_date(text))
        return None


def _split(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _first_paragraph(text: str) -> str:
    return text.split("\n\n", 1)[0].strip() if text else ""


def load_events(
    content_dir: Path, data: SiteData, markdown_config: dict, languages=LANGUAGES
) -> list[Event]:
    """Every event file under `content/events/<lang>/`, checked, with its translations paired."""
    problems: list[Problem] = []
    events: list[Event] = []
    folder = content_dir / FOLDER
    lines: dict[tuple[str, str], tuple[str, dict]] = {}
    if folder.is_dir():
        for child in sorted(folder.iterdir()):
            if child.name.startswith("."):
                continue
            if not child.is_dir() or child.name not in languages:
                problems.append(
                    Problem(
                        f"content/{FOLDER}/{child.name}",
                        None,
                        f"event files belong in a language folder: {', '.join(languages)}",
                    )
                )
        for lang in languages:
            for path in sorted((folder / lang).glob("**/*.md")):
                if any(part.startswith(".") for part in path.relative_to(folder).parts):
                    continue
                shown_as = str(Path("content") / path.relative_to(content_dir))
                try:
                    raw = read_front_matter(path)
                except UnicodeDecodeError:
                    problems.append(Problem(shown_as, None, "is not UTF-8 text"))
                    continue
                event = read_event(path, shown_as, lang, raw, data, problems, markdown_config)
                if event is not None:
                    events.append(event)
                    lines[(lang, event.uid)] = (shown_as, raw)
    problems += _pairing_problems(events, lines, languages)
    if problems:
        raise ContentErrors(problems)
    return events


def _pairing_problems(events: list[Event], lines: dict, languages) -> list[Problem]:
    """Unique UIDs and slugs per language; every event in every language, agreeing on SHARED."""
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
                    lines[(event.lang, event.uid)][1]["uid"][0],
                    f"UID {event.uid!r} is already used by {first.source}; "
                    "every event needs its own",
                    field="uid",
                )
            )
            continue
        versions[event.lang] = event
        if (event.lang, event.slug) in slugs:
            problems.append(
                Problem(
                    event.source,
                    None,
                    f"has the same address ('{event.slug}') as "
                    f"{slugs[(event.lang, event.slug)].source}",
                    field="slug",
                )
            )
        slugs[(event.lang, event.slug)] = event
    for uid, versions in by_uid.items():
        present = sorted(versions)
        for lang in languages:
            if lang not in versions:
                other = versions[present[0]]
                problems.append(
                    Problem(
                        other.source,
                        lines[(other.lang, uid)][1]["uid"][0],
                        f"has no version in '{lang}': add content/{FOLDER}/{lang}/<slug>.md "
                        f"with 'UID: {uid}'",
                        field="uid",
                    )
                )
        if len(present) < 2:
            continue
        first = versions[present[0]]
        first_raw = lines[(first.lang, uid)][1]
        for lang in present[1:]:
            other = versions[lang]
            raw = lines[(lang, uid)][1]
            for name in SHARED:
                mine = _normal(name, raw.get(name, (None, ""))[1])
                theirs = _normal(name, first_raw.get(name, (None, ""))[1])
                if mine != theirs:
                    problems.append(
                        Problem(
                            other.source,
                            raw[name][0] if name in raw else None,
                            f"differs from {first.source} ({theirs or 'not set'}); "
                            "both languages describe the same event",
                            field=name,
                        )
                    )
    return problems


def _normal(name: str, value: str) -> str:
    if name in ("office", "cities"):
        return ", ".join(sorted(_split(value)))
    if name == "status":
        return value.strip() or "confirmed"
    if name == "sequence":
        return value.strip() or "0"
    if name == "timezone":
        return value.strip() or DEFAULT_TIMEZONE
    return value.strip()


# --- anniversaries from the partner-city data -----------------------------------------------

ANNIVERSARY_TEXT = {
    "de": {
        "slug": "jahrestag-{office}-{city}",
        "title": "Jahrestag: {kind} {place} – {city}",
        "summary": "Am {date} begann die {kind} zwischen {place} und {city}.",
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
            for lang in languages:
                place = data.office(relation.office).short_name[lang]
                events.append(_anniversary(city, relation, place, lang, format_date))
    return events


def _anniversary(
    city: PartnerCity, relation: Relation, place: str, lang: str, format_date
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
    day = relation.since_date
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
        status="confirmed",
        sequence=0,
        # the founding day itself: stable, and nothing about the entry changes by itself
        updated=dt.datetime.combine(day, dt.time(), dt.UTC),
        recurrence=vRecur.from_ical("FREQ=YEARLY"),
        kind="anniversary",
        source=f"data/partner_cities.yaml: city '{city.slug}'",
        since=day.year,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
