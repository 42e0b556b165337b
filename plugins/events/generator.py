"""Event pages, listings and iCalendar feeds, in every site language.

The events page is an editors' page (`Key: events`, `Template: events`); under it hang one page
per event (`/veranstaltungen/<slug>/`) and one listing per office (`/veranstaltungen/<office>/`,
next to that office's feed `/veranstaltungen/<office>.ics`). "Upcoming" and "past" are counted
from the build date – the nightly build keeps them current; `BUILD_DATE=2027-05-01` (or the
setting `EVENTS_TODAY`) builds the site as of another day. Feeds never depend on that date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_datetime, format_interval
from babel.lists import format_list
from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from plugins.bilingual_pages.generated import GeneratedPage, link_translations
from plugins.bilingual_pages.pages import required_page_problems
from plugins.core import ContentErrors, Problem, enabled, has_problems, report, warm
from plugins.core.checking import checking, plan
from plugins.core.markup import resolve_file_links
from plugins.core.messages import Msg
from plugins.core.output import write_bytes
from plugins.core.parallel import fork_map
from plugins.core.render import defer
from plugins.core.site_data import SiteData
from plugins.partner_cities.generator import site_data
from plugins.theme_l10n.hyphenation import hyphenate_html
from plugins.theme_l10n.l10n import babel_locale, format_date
from plugins.theme_l10n.typography import typeset

from .feeds import Feed, calendar_bytes
from .model import DEFAULT_TIMEZONE, Event, anniversaries, plain_text, read_events

LIST_PAGE_KEY = "events"
HOME = ZoneInfo(DEFAULT_TIMEZONE)
OPEN_DATA_FILE = "daten/veranstaltungen.json"
# Fields of each record in OPEN_DATA_FILE, documented on the open-data page: (name, de, en).
OPEN_DATA_FIELDS = [
    (
        "uid",
        "Dauerhafte Kennung, dieselbe wie im Kalender",
        "Permanent identifier, as in the calendar",
    ),
    (
        "kind",
        "event (Termin) oder anniversary (Jahrestag einer Partnerschaft)",
        "event, or anniversary (of a partnership)",
    ),
    (
        "start",
        "Beginn: Datum (ganztägig) oder Datum und Uhrzeit mit UTC-Versatz (ISO 8601)",
        "Start: a date (all day) or date and time with UTC offset (ISO 8601)",
    ),
    (
        "end",
        "Ende; bei ganztägigen Terminen der Tag nach dem letzten Tag",
        "End; for all-day events the day after the last day",
    ),
    ("all_day", "true bei ganztägigen Terminen", "true for all-day events"),
    ("timezone", "Zeitzone der Uhrzeiten (IANA)", "Time zone of the times (IANA)"),
    (
        "recurrence",
        "Wiederholungsregel nach RFC 5545 (RRULE) oder null",
        "Recurrence rule as in RFC 5545 (RRULE), or null",
    ),
    ("status", "confirmed, tentative oder cancelled", "confirmed, tentative or cancelled"),
    ("sequence", "Änderungszähler wie im Kalender", "Revision counter, as in the calendar"),
    ("updated", "Letzte Änderung (UTC)", "Last change (UTC)"),
    ("offices", "Kennungen der Einrichtungen", "Identifiers of the offices"),
    ("cities", "Kennungen (slug) der Partnerstädte", "Identifiers (slug) of the partner cities"),
    ("location", "Ort oder null", "Venue, or null"),
    (
        "title, summary, url",
        "Titel, Kurztext und Seite, je Sprache (de, en)",
        "Title, summary and page, per language (de, en)",
    ),
]

TEXT = {
    "de": {
        "all_file": "alle.ics",
        "city_file": "veranstaltungen.ics",
        "all": "Internationale Beziehungen: alle Termine",
        "all_description": "Termine der Landeshauptstadt Stuttgart, der Region Stuttgart und "
        "der Stadt Dortmund zu ihren internationalen Beziehungen.",
        "office": "Termine: {short} – {name}",
        "office_description": "Termine: {name} ({body}).",
        "city": "Termine: {city}",
        "city_description": "Termine mit Bezug zu {city}.",
        "office_page": "Termine: {short}",
        "office_summary": "Kommende und vergangene Termine: {name}.",
    },
    "en": {
        "all_file": "all.ics",
        "city_file": "events.ics",
        "all": "International relations: all events",
        "all_description": "Events of the City of Stuttgart, the Stuttgart Region and the "
        "City of Dortmund on their international relations.",
        "office": "Events: {short} – {name}",
        "office_description": "Events of the {name} ({body}).",
        "city": "Events: {city}",
        "city_description": "Events related to {city}.",
        "office_page": "Events: {short}",
        "office_summary": "Upcoming and past events of the {name}.",
    },
}


@dataclass(frozen=True)
class Listing:
    """An event as listed: the occurrence shown (the next one, or the last one if past)."""

    event: Event
    page: GeneratedPage
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    upcoming: bool

    @property
    def when(self) -> str:
        return when_text(self.event, self.start, self.end)

    @property
    def iso_start(self) -> str:
        return self.start.isoformat()


class EventIndex(warm.Observed):
    """What templates ask for: upcoming and past events by language, office and city. In the
    preview's warm runs, a page depends on what it asked for, not on every event."""

    warm_identity = ("events",)

    def __init__(self, events, pages, feeds, today: dt.date, known=None):
        """`known(key, make)`: occurrences found in earlier runs of the preview, by event and
        moment (warm.Memo.cached); expanding a yearly rule from 1950 on takes a while."""
        self.events = events
        self.pages = pages  # (lang, uid) → GeneratedPage
        self.feeds = feeds  # lang → {"all": Feed, "office": {id: Feed}, "city": {slug: Feed}}
        self.today = today
        moment = dt.datetime.combine(today, dt.time(), HOME)
        self._upcoming: dict[str, list[Listing]] = {}
        self._past: dict[str, list[Listing]] = {}
        for event in events:
            page = pages[(event.lang, event.uid)]
            if known is None:
                upcoming, past = _when(event, moment)
            else:
                upcoming, past = known(
                    (warm.digest(event), moment), lambda e=event: _when(e, moment)
                )
            if upcoming:
                listing = Listing(event, page, *upcoming, upcoming=True)
                self._upcoming.setdefault(event.lang, []).append(listing)
            elif past:
                listing = Listing(event, page, *past, upcoming=False)
                self._past.setdefault(event.lang, []).append(listing)
        for listings in self._upcoming.values():
            listings.sort(key=lambda item: (_moment(item.start), item.event.title))
        for listings in self._past.values():
            listings.sort(key=lambda item: (_moment(item.start), item.event.title), reverse=True)
        self._listing_of = {
            (item.event.lang, item.event.uid): item
            for listings in (*self._upcoming.values(), *self._past.values())
            for item in listings
        }
        super().__init__()

    @warm.observed
    def upcoming(self, lang, office=None, city=None, kind=None, limit=None) -> list[Listing]:
        return _select(self._upcoming.get(lang, []), office, city, kind)[:limit]

    @warm.observed
    def past(self, lang, office=None, city=None, kind=None, limit=None) -> list[Listing]:
        return _select(self._past.get(lang, []), office, city, kind)[:limit]

    @warm.observed
    def listing(self, event: Event) -> Listing | None:
        return self._listing_of.get((event.lang, event.uid))

    @warm.observed
    def cities_with_events(self, lang) -> list[str]:
        mine = (event for event in self.events if event.lang == lang)
        return sorted({slug for event in mine for slug in event.cities})


def _when(event: Event, moment: dt.datetime) -> tuple:
    """(the next occurrence, or None and the last one) of `event` at `moment`."""
    upcoming = event.next_occurrence(moment)
    return upcoming, None if upcoming else event.last_occurrence(moment)


def versions_by_uid(events: list[Event]) -> dict[str, dict[str, Event]]:
    """uid → {lang: event}, in the order the events come."""
    grouped: dict[str, dict[str, Event]] = {}
    for event in events:
        grouped.setdefault(event.uid, {})[event.lang] = event
    return grouped


def _select(listings, office, city, kind) -> list[Listing]:
    return [
        item
        for item in listings
        if (office is None or office in item.event.offices)
        and (city is None or city in item.event.cities)
        and (kind is None or item.event.kind == kind)
    ]


def _moment(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return dt.datetime.combine(value, dt.time(), HOME).astimezone(dt.UTC)


def when_text(event: Event, start, end) -> str:
    """The date (and time) of an occurrence in the page's language, from CLDR."""
    locale = babel_locale(event.lang)
    if event.all_day:
        last = end - dt.timedelta(days=1)
        if last == start:
            return babel_date(start, "full", locale=locale)
        return format_interval(start, last, "yMMMMd", locale=locale)
    zone = ZoneInfo(event.timezone)
    start, end = start.astimezone(zone), end.astimezone(zone)
    if start.date() == end.date():
        day = babel_date(start.date(), "full", locale=locale)
        text = f"{day}, {format_interval(start.time(), end.time(), 'Hm', locale=locale)}"
    else:
        text = format_interval(start, end, "yMMMMdHm", tzinfo=zone, locale=locale)
    if event.timezone != DEFAULT_TIMEZONE or event.exact_in_utc:
        text += f" ({format_datetime(start, 'z', tzinfo=zone, locale=locale)})"
    return text


REPEAT_TEXT = {
    "de": {
        "YEARLY": ("jedes Jahr", "alle {n} Jahre"),
        "MONTHLY": ("jeden Monat", "alle {n} Monate"),
        "WEEKLY": ("jede Woche", "alle {n} Wochen"),
        "DAILY": ("jeden Tag", "alle {n} Tage"),
        "on": "am {days}",
        "in": "im {months}",
        "month_day": "am {days}.",
        "ordinal": {
            1: "ersten",
            2: "zweiten",
            3: "dritten",
            4: "vierten",
            5: "fünften",
            -1: "letzten",
            -2: "vorletzten",
        },
        "until": "bis {date}",
        "count": "{n}-mal",
        "other": "nach der Regel {rule}",
        "prefix": "Wiederholung: ",
    },
    "en": {
        "YEARLY": ("every year", "every {n} years"),
        "MONTHLY": ("every month", "every {n} months"),
        "WEEKLY": ("every week", "every {n} weeks"),
        "DAILY": ("every day", "every {n} days"),
        "on": "on {days}",
        "in": "in {months}",
        "month_day": "on day {days}",
        "ordinal": {
            1: "the first",
            2: "the second",
            3: "the third",
            4: "the fourth",
            5: "the fifth",
            -1: "the last",
            -2: "the second to last",
        },
        "until": "until {date}",
        "count": "{n} times",
        "other": "by the rule {rule}",
        "prefix": "Repeats ",
    },
}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
IN_WORDS = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "BYDAY", "BYMONTH", "BYMONTHDAY"}


def repeat_text(event: Event) -> str:
    """`Wiederholung: jeden Monat am ersten Montag, 6-mal` – rules in words, with CLDR's names
    of days and months; a rule words cannot say well appears as the rule itself."""
    rule = event.recurrence
    text = REPEAT_TEXT[event.lang]
    locale = Locale.parse(babel_locale(event.lang))
    days = [str(day) for day in rule.get("BYDAY", [])]
    ordinals = [day[:-2] for day in days]
    sayable = set(rule) <= IN_WORDS and all(
        day[-2:] in WEEKDAYS and (not n or int(n) in text["ordinal"])
        for day, n in zip(days, ordinals, strict=True)
    )
    if not sayable:
        return text["prefix"] + text["other"].format(rule=rule.to_ical().decode())
    interval = rule.get("INTERVAL", [1])[0]
    one, many = text[rule["FREQ"][0]]
    parts = [one if interval == 1 else many.format(n=interval)]
    details = []
    if "BYMONTH" in rule:
        names = [locale.months["format"]["wide"][month] for month in rule["BYMONTH"]]
        details.append(text["in"].format(months=format_list(names, locale=locale)))
    if "BYMONTHDAY" in rule:
        numbers = [str(number) for number in rule["BYMONTHDAY"]]
        details.append(text["month_day"].format(days=format_list(numbers, locale=locale)))
    if days:
        names = []
        for day, n in zip(days, ordinals, strict=True):
            name = locale.days["format"]["wide"][WEEKDAYS.index(day[-2:])]
            names.append(f"{text['ordinal'][int(n)]} {name}" if n else name)
        details.append(text["on"].format(days=format_list(names, locale=locale)))
    parts[0] = " ".join([parts[0], *details])
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if isinstance(until, dt.datetime):
            until = until.astimezone(ZoneInfo(event.timezone)).date()
        parts.append(text["until"].format(date=format_date(until, event.lang)))
    if "COUNT" in rule:
        parts.append(text["count"].format(n=rule["COUNT"][0]))
    return text["prefix"] + ", ".join(parts)


def webcal(address: str) -> str:
    """The subscription form of a feed address: calendar apps open webcal:// links."""
    return "webcal://" + address.split("://", 1)[1]


def on_generator_init(generator) -> None:
    if enabled(generator.settings, __package__):
        generator.env.filters["webcal"] = webcal
        generator.env.globals["repeat_text"] = repeat_text


def build_date(settings: dict) -> dt.date:
    """The day "upcoming" counts from: EVENTS_TODAY / BUILD_DATE, else today in Berlin."""
    given = settings.get("EVENTS_TODAY") or os.environ.get("BUILD_DATE")
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise ContentErrors(
                [
                    Problem(
                        "BUILD_DATE",
                        None,
                        Msg(
                            "muss ein Datum wie 2027-05-01 sein, ist aber {value}",
                            value=repr(given),
                        ),
                        hint=Msg("BUILD_DATE auf einen Tag setzen oder für heute weglassen"),
                    )
                ]
            ) from None
    return dt.datetime.now(HOME).date()


class EventsGenerator(Generator):
    """Reads the events in `generate_context` (so `check` validates them), writes in output."""

    def generate_context(self) -> None:
        data = site_data(self)
        data_ok = not has_problems(self.settings)  # read just before us, in site_data
        languages = tuple(self.settings["SITE_LANGUAGES"])
        pages = self.context["pages_by_key"]
        problems = required_page_problems(
            self.context,
            LIST_PAGE_KEY,
            Msg("sie mit 'Template: events' anlegen: unter ihr erscheinen die Terminseiten"),
        )
        content = Path(self.settings["PATH"])
        events, found = read_events(content, data, self.settings, languages)
        problems += found
        if data_ok:
            derived = anniversaries(data, format_date, languages)
            problems += _taken_uids(events, derived)
            events += derived
            problems += self._address_problems(events, data)
        report(self.settings, problems)
        if has_problems(self.settings):
            return  # checked; nothing is built in a run that will fail
        events = [self._resolve_links(event) for event in events]
        memo = warm.memo(self.settings)
        if memo is not None:  # the preview's warm run: an unchanged text is typeset already
            events = [
                memo.cached("typeset events", warm.digest(event), lambda e=event: self._typeset(e))
                for event in events
            ]
        elif not checking(self.settings):  # typography changes no address or id
            events = [self._typeset(event) for event in events]

        event_pages = {}
        for uid, translations in versions_by_uid(events).items():
            versions = []
            for event in translations.values():
                parent = pages[event.lang][LIST_PAGE_KEY]
                page = GeneratedPage(
                    key=f"event:{uid}",
                    lang=event.lang,
                    url=f"{parent.url}{event.slug}/",
                    title=event.title,
                    short_title=event.title,
                    summary=event.summary,
                    parent=parent,
                )
                event_pages[(event.lang, uid)] = page
                versions.append(page)
            link_translations(versions)

        office_pages = {}
        for office in data.offices:
            versions = []
            for lang in languages:
                parent = pages[lang][LIST_PAGE_KEY]
                text = TEXT[lang]
                versions.append(
                    GeneratedPage(
                        key=f"events:{office.id}",
                        lang=lang,
                        url=f"{parent.url}{office.id}/",
                        title=text["office_page"].format(short=office.short_name[lang]),
                        short_title=office.short_name[lang],
                        summary=text["office_summary"].format(name=office.name[lang]),
                        parent=parent,
                    )
                )
            link_translations(versions)
            office_pages[office.id] = {page.lang: page for page in versions}

        feeds = self._feeds(events, data, languages)
        memo = warm.memo(self.settings)
        self.context["events_index"] = EventIndex(
            events,
            event_pages,
            feeds,
            build_date(self.settings),
            functools.partial(memo.cached, "occurrences") if memo is not None else None,
        )
        self.context["event_office_pages"] = office_pages
        self.context["event_data_file"] = OPEN_DATA_FILE
        self.context["event_data_fields"] = OPEN_DATA_FIELDS

    def _resolve_links(self, event: Event) -> Event:
        """Links of an event's text to pages (`{filename}`) and files (`{static}`), as Pelican
        resolves them in pages; render_body has checked that each target exists."""
        if event.kind != "event" or "{" not in event.description_html:
            return event
        generated = self.context["generated_content"]
        siteurl = self.settings["SITEURL"]

        def url_of(what: str, relative: str) -> str:
            if what == "filename":
                return f"{siteurl}/{generated[relative].url}"
            self.context["static_links"].add(relative)  # the static generator copies it
            return f"{siteurl}/{relative}"

        content = Path(self.settings["PATH"])
        html = resolve_file_links(
            event.description_html, content / event.source_path, content, url_of
        )
        return dataclasses.replace(event, description_html=html, description_text=plain_text(html))

    @staticmethod
    def _typeset(event: Event) -> Event:
        """The description typeset and hyphenated once, for its page (feeds use the plain
        text)."""
        html = typeset(event.description_html, event.lang)
        return dataclasses.replace(event, description_html=hyphenate_html(html, event.lang))

    def _address_problems(self, events: list[Event], data: SiteData) -> list[Problem]:
        """An event's address must not be taken by an office listing or another event."""
        problems = []
        office_ids = {office.id for office in data.offices}
        taken: dict[tuple[str, str], Event] = {}
        for event in events:
            if event.slug in office_ids:
                problems.append(
                    Problem(
                        event.source,
                        None,
                        Msg(
                            "seine Adresse '{slug}' ist die Terminliste der Einrichtung '{slug}'",
                            slug=event.slug,
                        ),
                        field="Slug",
                        hint=Msg("einen anderen Dateinamen oder 'Slug:' wählen"),
                    )
                )
            other = taken.setdefault((event.lang, event.slug), event)
            if other is not event and (other.kind, event.kind) != ("event", "event"):
                problems.append(
                    Problem(
                        event.source,
                        None,
                        Msg(
                            "seine Adresse '{slug}' wird schon von {other} verwendet",
                            slug=event.slug,
                            other=other.source,
                        ),
                        field="Slug",
                        hint=Msg("einen anderen Dateinamen oder 'Slug:' wählen"),
                    )
                )
        return problems

    def _feeds(self, events, data: SiteData, languages) -> dict:
        feeds = {}
        for lang in languages:
            text = TEXT[lang]
            folder = self.context["pages_by_key"][lang][LIST_PAGE_KEY].url
            mine = tuple(event for event in events if event.lang == lang)
            city_pages = self.context["city_pages"]
            feeds[lang] = {
                "all": Feed(
                    lang, f"{folder}{text['all_file']}", text["all"], text["all_description"], mine
                ),
                "office": {
                    office.id: Feed(
                        lang,
                        f"{folder}{office.id}.ics",
                        text["office"].format(
                            name=office.name[lang], short=office.short_name[lang]
                        ),
                        text["office_description"].format(
                            name=office.name[lang], body=office.body[lang]
                        ),
                        tuple(event for event in mine if office.id in event.offices),
                    )
                    for office in data.offices
                },
                "city": {
                    city.slug: Feed(
                        lang,
                        f"{city_pages[city.slug][lang].url}{text['city_file']}",
                        text["city"].format(city=city.name[lang]),
                        text["city_description"].format(city=city.name[lang]),
                        tuple(event for event in mine if city.slug in event.cities),
                    )
                    for city in data.cities
                },
            }
        return feeds

    # --- output --------------------------------------------------------------------------

    def generate_output(self, writer) -> None:
        index: EventIndex = self.context["events_index"]
        siteurl = self.settings["SITEURL"]
        relative_urls = self.settings["RELATIVE_URLS"]
        template = self.get_template("event")
        for event in index.events:
            page = index.pages[(event.lang, event.uid)]
            writer.write_file(
                page.save_as,
                template,
                self.context,
                page=page,
                event=event,
                listing=index.listing(event),
                json_ld=event_json_ld(event, index, self.context, siteurl),
                ics_url=f"{page.url}{event.slug}.ics",
                relative_urls=relative_urls,
            )
        listing_template = self.get_template("events_office")
        for office_id, versions in self.context["event_office_pages"].items():
            for page in versions.values():
                writer.write_file(
                    page.save_as,
                    listing_template,
                    self.context,
                    page=page,
                    office=self.context["site_data"].office(office_id),
                    relative_urls=relative_urls,
                )
        self._write_feeds(index, siteurl)
        # in the preview after the open pages
        defer(self.settings, functools.partial(self._write_open_data, index, siteurl))

    def _write_feeds(self, index: EventIndex, siteurl: str) -> None:
        """Every calendar file; in a check only their names (checking.py): the events in them
        are checked where they are read."""

        def page_url(event: Event) -> str:
            return f"{siteurl}/{index.pages[(event.lang, event.uid)].url}"

        def write(feed: Feed) -> None:
            raw = calendar_bytes(feed, siteurl=siteurl, page_url=page_url)
            write_bytes(sanitised_join(self.output_path, feed.path), raw)

        feeds = []
        for per_lang in index.feeds.values():
            feeds += [per_lang["all"], *per_lang["office"].values(), *per_lang["city"].values()]
        for event in index.events:
            page = index.pages[(event.lang, event.uid)]
            feeds.append(
                Feed(
                    event.lang, f"{page.url}{event.slug}.ics", event.title, event.summary, (event,)
                )
            )
        if checking(self.settings):
            for feed in feeds:
                plan(self.settings).add(feed.path)
            return
        memo = warm.memo(self.settings)

        def write_all() -> None:  # each feed its own file, on every core
            if memo is not None:  # the preview's warm run: written again only if they changed
                urls = {key: page.url for key, page in index.pages.items()}
                today = dt.date.today(), os.environ.get("BUILD_DATE")
                key = warm.digest((feeds, urls, siteurl, today))
                if memo.table("feeds").get("last") == key:
                    return
            fork_map(write, feeds, want_results=False)
            if memo is not None:
                memo.table("feeds")["last"] = key

        defer(self.settings, write_all)  # in the preview after the open pages

    def _write_open_data(self, index: EventIndex, siteurl: str) -> None:
        """`/daten/veranstaltungen.json`: every event in both languages, as in the feeds."""
        records = []
        for uid, versions in versions_by_uid(index.events).items():
            first = next(iter(versions.values()))
            records.append(
                {
                    "uid": uid,
                    "kind": first.kind,
                    "start": first.start.isoformat(),
                    "end": first.end.isoformat(),
                    "all_day": first.all_day,
                    "timezone": first.timezone,
                    "recurrence": first.recurrence.to_ical().decode() if first.recurrence else None,
                    "status": first.status,
                    "sequence": first.sequence,
                    "updated": first.updated.isoformat().replace("+00:00", "Z"),
                    "offices": list(first.offices),
                    "cities": list(first.cities),
                    "location": first.location,
                    "title": {lang: e.title for lang, e in versions.items()},
                    "summary": {lang: e.summary for lang, e in versions.items()},
                    "url": {lang: f"{siteurl}/{index.pages[(lang, uid)].url}" for lang in versions},
                }
            )
        raw = (
            json.dumps({"events": records}, ensure_ascii=False, indent=2, sort_keys=False).encode(
                "utf-8"
            )
            + b"\n"
        )
        write_bytes(sanitised_join(self.output_path, OPEN_DATA_FILE), raw)


EVENT_STATUS = {
    "confirmed": "https://schema.org/EventScheduled",
    "tentative": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
}
ATTENDANCE = {
    (True, False): "https://schema.org/OfflineEventAttendanceMode",
    (False, True): "https://schema.org/OnlineEventAttendanceMode",
    (True, True): "https://schema.org/MixedEventAttendanceMode",
}
REPEAT = {"YEARLY": "P{n}Y", "MONTHLY": "P{n}M", "WEEKLY": "P{n}W", "DAILY": "P{n}D"}
# rule parts a schema.org Schedule can say; a rule with others gets no eventSchedule
SCHEDULE_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTH", "BYMONTHDAY"}
DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


def event_json_ld(event: Event, index: EventIndex, context: dict, siteurl: str) -> dict | None:
    """schema.org `Event` for a gathering: the next occurrence (or the last one), place or
    online location, attendance mode, organisers, status and the whole repetition.

    None for a day to mark rather than a gathering – a partnership's anniversary, Europe Day:
    nobody meets at a place, and search engines' event results are for events one attends.
    """
    if event.kind != "event" or not event.gathering:
        return None
    listing = index.listing(event)
    start, end = (listing.start, listing.end) if listing else (event.start, event.end)
    if event.all_day:
        end = end - dt.timedelta(days=1)  # schema.org's endDate is the last day
    locations = []
    if event.location:
        place = {"@type": "Place", "name": event.location}
        if event.address:
            place["address"] = postal_address(event.address)
        locations.append(place)
    if event.online:
        locations.append({"@type": "VirtualLocation", "url": event.online})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": EVENT_STATUS[event.status],
        "eventAttendanceMode": ATTENDANCE[(bool(event.location), bool(event.online))],
        "location": locations[0] if len(locations) == 1 else locations,
        "inLanguage": event.lang,
        "url": f"{siteurl}/{index.pages[(event.lang, event.uid)].url}",
        "organizer": [
            {
                "@type": "GovernmentOrganization",
                "name": f"{office.name[event.lang]} ({office.body[event.lang]})",
                "url": office.website,
            }
            for office in (context["site_data"].office(o) for o in event.offices)
        ],
    }
    schedule = event_schedule(event)
    if schedule:
        data["eventSchedule"] = schedule
    return data


def postal_address(address) -> dict:
    data = {
        "@type": "PostalAddress",
        "streetAddress": address.street,
        "postalCode": address.postcode,
        "addressLocality": address.locality,
        "addressCountry": address.country,
    }
    if address.region:
        data["addressRegion"] = address.region
    return data


def event_schedule(event: Event) -> dict | None:
    """The repetition as a schema.org `Schedule`, complete or not at all: a rule with parts a
    Schedule cannot say (BYSETPOS, …) gets none rather than a wrong one."""
    rule = event.recurrence
    if rule is None or not set(rule) <= SCHEDULE_PARTS:
        return None
    schedule = {
        "@type": "Schedule",
        "repeatFrequency": REPEAT[rule["FREQ"][0]].format(n=rule.get("INTERVAL", [1])[0]),
        "startDate": (event.start.date() if not event.all_day else event.start).isoformat(),
        "scheduleTimezone": event.timezone,
    }
    if not event.all_day:
        zone = ZoneInfo(event.timezone)
        schedule["startTime"] = event.start.astimezone(zone).strftime("%H:%M:%S")
        schedule["endTime"] = event.end.astimezone(zone).strftime("%H:%M:%S")
    days = [str(day) for day in rule.get("BYDAY", [])]
    if days:
        # a plain weekday as schema.org's DayOfWeek; "1MO" (the first Monday) as iCal text
        schedule["byDay"] = [
            f"https://schema.org/{DAYS[day]}" if day in DAYS else day for day in days
        ]
    if "BYMONTH" in rule:
        schedule["byMonth"] = list(rule["BYMONTH"])
    if "BYMONTHDAY" in rule:
        schedule["byMonthDay"] = list(rule["BYMONTHDAY"])
    if "COUNT" in rule:
        schedule["repeatCount"] = rule["COUNT"][0]
    if "UNTIL" in rule:
        until = rule["UNTIL"][0]
        if isinstance(until, dt.datetime):
            until = until.astimezone(ZoneInfo(event.timezone)).date()
        schedule["endDate"] = until.isoformat()
    return schedule


def _taken_uids(events: list[Event], derived: list[Event]) -> list[Problem]:
    """An editor's event must not take the UID of an anniversary: calendars would merge them."""
    taken = {event.uid: event for event in derived}
    return [
        Problem(
            event.source,
            event.uid_line,
            Msg("ist schon die UID eines Jahrestags ({other})", other=taken[event.uid].source),
            field="UID",
            hint=Msg('dem Termin eine eigene UID geben (make new ARGS="event …" erzeugt eine)'),
        )
        for event in events
        if event.uid in taken
    ]


def get_generators(pelican) -> type[Generator] | None:
    return EventsGenerator if enabled(pelican.settings, __package__) else None


def register() -> None:
    """get_generators: runs after the partner-city generator, whose profiles the feeds use."""
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(on_generator_init)
