"""Every feed of a test build, read by the calendar programs people subscribe with.

The site with the test events of tests/fixtures/events (the `events_site` build) publishes
about a hundred feeds. Each consumer reads all of them in one process – python `icalendar`,
ical.js (Thunderbird), libical (Evolution, GNOME), vobject (Radicale), Ruby's icalendar gem
strict and lenient, node-ical – and must understand what the source records say: the same
UIDs, the same instants for timed events, the same days for all-day events, the status, and
the same repetitions in the coming years and in 2060–2061, far beyond any fixed horizon.
vdirsyncer must sync one item per event from each feed served over HTTP, and Radicale must
store a feed and expand its repetitions alike.

The expected values come from the events as the site reads them (plugins.events.model), never
from another parser. Each fixture repetition keeps its length in wall-clock time and in exact
time alike (RFC 5545 §3.8.5.3 counts exact time), so the two readings cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import vRecur

from plugins.core.build import load_settings
from plugins.core.site_data import load_site_data
from plugins.events.feeds import Feed, calendar_bytes
from plugins.events.model import Event, anniversaries, read_events
from plugins.theme_l10n.l10n import format_date
from tests import test_events_site
from tests.feed_consumers import (
    CONSUMERS,
    WINDOWS,
    Radicale,
    compile_libical_reader,
    finish,
    served,
    start_reader,
    utc_text,
    vdirsyncer_items,
)
from tests.test_events_site import ALL, CITIES, CITY_FEED, EVENTS, SITE, TODAY

ROOT = Path(__file__).resolve().parents[1]
events_site = test_events_site.events_site  # the build with the test events (module fixture)


# --- what the source says ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def feeds(events_site) -> dict[str, tuple[Event, ...]]:
    """Every feed of the build (its path in the output) and the source events it must hold."""
    project = events_site.parent
    settings = load_settings(
        ROOT / "publishconf.py",
        {
            "PATH": str(project / "content"),
            "DATA_PATH": str(project / "data"),
            "SITEURL": SITE,
            "EVENTS_TODAY": TODAY,
        },
    )
    data = load_site_data(project / "data")
    languages = tuple(settings["SITE_LANGUAGES"])
    events, problems = read_events(project / "content", data, settings, languages)
    assert not problems
    events += anniversaries(data, format_date, languages)
    feeds: dict[str, tuple[Event, ...]] = {}
    for lang in languages:
        mine = tuple(event for event in events if event.lang == lang)
        feeds[f"{EVENTS[lang]}/{ALL[lang]}"] = mine
        for office in data.offices:
            feeds[f"{EVENTS[lang]}/{office.id}.ics"] = tuple(
                event for event in mine if office.id in event.offices
            )
        for city in data.cities:
            feeds[f"{CITIES[lang]}/{city.slug}/{CITY_FEED[lang]}"] = tuple(
                event for event in mine if city.slug in event.cities
            )
        for event in mine:
            feeds[f"{EVENTS[lang]}/{event.slug}/{event.slug}.ics"] = (event,)
    built = sorted(path.relative_to(events_site).as_posix() for path in events_site.rglob("*.ics"))
    assert built == sorted(feeds), "the build wrote other feeds than the source describes"
    return feeds


def shown(value: dt.date | dt.datetime) -> str:
    """As the readers print it: a timed value as its UTC instant, a day as the day."""
    return utc_text(value)


def in_a_window(value: dt.date | dt.datetime) -> bool:
    day = shown(value)[:10]
    return any(first <= day < last for first, last in WINDOWS)


def occurrences(event: Event) -> list[list[str]]:
    """The repetitions of `event` that start in a window, as (start, end)."""
    rule = event.rule_set()
    found = []
    for first, last in WINDOWS:
        if event.all_day:
            low, high = (dt.datetime.fromisoformat(day) for day in (first, last))
        else:
            low, high = (
                dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC) for day in (first, last)
            )
        for start in rule.between(low, high, inc=True):
            if event.all_day:
                start = start.date()
            if in_a_window(start):
                found.append([shown(start), shown(start + event.duration)])
    return found


def expected(event: Event) -> dict:
    return {
        "uid": event.uid,
        "status": event.status.upper(),
        "start": shown(event.start),
        "end": shown(event.end),
        "occurrences": occurrences(event) if event.recurrence is not None else None,
    }


def differences(consumer: str, path: str, reading: dict, events: tuple[Event, ...]) -> list[str]:
    """What a consumer understood of one feed and the source disagree on, as lines."""
    found = [f"{consumer}: {path}: {problem}" for problem in reading["problems"]]
    uids = Counter(event["uid"] for event in reading["events"])
    found += [f"{consumer}: {path}: UID {uid} read {n} times" for uid, n in uids.items() if n > 1]
    got = {event["uid"]: event for event in reading["events"]}
    wanted = {event.uid: expected(event) for event in events}
    if not reading["problems"] and set(got) != set(wanted):
        found.append(f"{consumer}: {path}: UIDs {sorted(got)}, expected {sorted(wanted)}")
    for uid in sorted(set(got) & set(wanted)):
        for field, value in wanted[uid].items():
            if got[uid][field] != value:
                found.append(
                    f"{consumer}: {path}: {uid}: {field} is {got[uid][field]}, expected {value}"
                )
    return found


def past_event(uid: str, zone: str, start: dt.datetime, end: dt.datetime, **changes) -> Event:
    place = ZoneInfo(zone)
    values = {
        "uid": uid,
        "lang": "en",
        "slug": uid.split("@")[0],
        "title": uid,
        "summary": "",
        "description_html": "",
        "description_text": "",
        "start": start.replace(tzinfo=place),
        "end": end.replace(tzinfo=place),
        "timezone": zone,
        "location": None,
        "offices": ("stuttgart",),
        "cities": (),
        "status": "confirmed",
        "sequence": 0,
        "updated": dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        "recurrence": None,
        "kind": "event",
        "source": "test",
    }
    return Event(**{**values, **changes})


# Events in the last year of a rule that has ended, and one across a change of rules: the
# time zones' closed observances (RRULE with UNTIL) must read right too.
PAST = (
    # after 24 September 1995, the last autumn change on the last Sunday of September
    past_event(
        "berlin-1995@example",
        "Europe/Berlin",
        dt.datetime(1995, 10, 15, 12),
        dt.datetime(1995, 10, 15, 13),
    ),
    # after 29 October 2006, the last autumn change on the last Sunday of October
    past_event(
        "new-york-2006@example",
        "America/New_York",
        dt.datetime(2006, 10, 30, 12),
        dt.datetime(2006, 10, 30, 13),
    ),
    # no summer time in 2022, summer time again from 2023
    past_event(
        "cairo-since-2022@example",
        "Africa/Cairo",
        dt.datetime(2022, 7, 14, 10),
        dt.datetime(2022, 7, 14, 12),
        recurrence=vRecur.from_ical("FREQ=YEARLY;COUNT=10"),
    ),
)


@pytest.fixture(scope="module")
def past_feed(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("past") / "past.ics"
    path.write_bytes(
        calendar_bytes(Feed("en", "past.ics", "Past", "Past rules.", PAST), siteurl="")
    )
    return path


# --- the consumers --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def readings(events_site, feeds, past_feed, tmp_path_factory) -> dict[str, dict[str, dict]]:
    """What every reader understood of every feed: consumer → path → reading. The readers
    run side by side, each reading all feeds (and the feed of past rules) in one process:
    the feeds of single events first, so a consumer that keeps the first VTIMEZONE of a zone
    (vobject) has to use the block of a feed about one year for all later ones."""
    build = tmp_path_factory.mktemp("readers")
    compile_libical_reader(build)
    paths = sorted(feeds, key=lambda path: (len(feeds[path]), path))
    files = [events_site / path for path in paths] + [past_feed]
    running = {consumer: start_reader(consumer, build, files) for consumer in CONSUMERS}
    return {
        consumer: dict(zip([*paths, "past.ics"], finish(process), strict=True))
        for consumer, process in running.items()
    }


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_every_feed_reads_as_the_source_says_in(consumer, readings, feeds):
    found = [
        line
        for path, events in feeds.items()
        for line in differences(consumer, path, readings[consumer][path], events)
    ]
    assert not found, f"{len(found)} differences:\n" + "\n".join(found[:40])


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_events_under_rules_that_have_ended_read_right_in(consumer, readings):
    """Regression (vobject, Radicale): UNTIL of a rule that has ended is a UTC time, which
    dateutil reads as wall-clock time, so east of Greenwich it dropped the rule's last onset
    and put the autumn of 1995 in Berlin in summer time. UNTIL is now the day after.

    Ruby's icalendar gem cannot place a time before the first onset of any observance of its
    zone (`Timezone#standard_for` compares that onset, nil, with the others): it fails on the
    feed whenever a rule changed after an event, whatever shape the VTIMEZONE has."""
    reading = readings[consumer]["past.ics"]
    if consumer.startswith("ruby"):
        assert reading["problems"] == [
            "ArgumentError: comparison of IceCube::Occurrence with nil failed"
        ]
        return
    found = differences(consumer, "past.ics", reading, PAST)
    assert not found, "\n".join(found)


def subscribed_feeds(feeds: dict[str, tuple[Event, ...]]) -> list[str]:
    """The feeds people subscribe to: all events, each office's, each city's that has events."""
    return sorted(
        path
        for path, events in feeds.items()
        if events and not any(path.endswith(f"/{event.slug}.ics") for event in events)
    )


def test_vdirsyncer_syncs_one_item_per_event_from_every_subscribed_feed(
    events_site, feeds, tmp_path
):
    """Regression: vdirsyncer copied the calendar-level UID (RFC 7986) into every item it split
    out of a feed, so all events had one identity and one item was synced of each feed.

    vdirsyncer gives items from an `http` storage new UIDs (hashes of their text), so the
    items are told apart by the address of their event's page."""
    paths = subscribed_feeds(feeds)
    with served(events_site) as base:
        synced = vdirsyncer_items(base, paths, tmp_path)
    for path in paths:
        assert all(len(events) == 1 for events in synced[path]), path
        pages = sorted(events[0]["URL"] for events in synced[path])
        wanted = sorted(f"{SITE}/{EVENTS[event.lang]}/{event.slug}/" for event in feeds[path])
        assert pages == wanted, path


def test_radicale_stores_the_feeds_and_expands_their_repetitions(events_site, feeds, tmp_path):
    """A CalDAV server (vobject inside, both languages in one process): every event becomes
    an item, and the server's own expansion gives the source's instants."""
    server = Radicale(tmp_path / "store")
    try:
        for lang in EVENTS:
            path = f"{EVENTS[lang]}/{ALL[lang]}"
            assert server.upload(lang, (events_site / path).read_bytes()) == 201
            stored = [event for item in server.report(lang, None) for event in item.walk("VEVENT")]
            statuses = {str(event["UID"]): str(event["STATUS"]) for event in stored}
            assert statuses == {event.uid: event.status.upper() for event in feeds[path]}
            instances: dict[str, list[list[str]]] = {}
            for window in WINDOWS:
                for item in server.report(lang, window):
                    for event in item.walk("VEVENT"):
                        start, end = event["DTSTART"].dt, event["DTEND"].dt
                        if in_a_window(start):
                            instances.setdefault(str(event["UID"]), []).append(
                                [utc_text(start), utc_text(end)]
                            )
            wanted = {}
            for event in feeds[path]:
                if event.recurrence is not None:
                    wanted[event.uid] = occurrences(event)
                elif in_a_window(event.start):
                    wanted[event.uid] = [[shown(event.start), shown(event.end)]]
            wanted = {uid: sorted(found) for uid, found in wanted.items() if found}
            assert {uid: sorted(found) for uid, found in instances.items()} == wanted, path
    finally:
        server.stop()
