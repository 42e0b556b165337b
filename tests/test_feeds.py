"""The iCalendar writer, byte by byte and through both parsers (ical.js and `icalendar`).

Events are built directly as records here, so every corner – escaping, folding, DST switch
days, recurrence, cancellation – can be tried without a site build. What the built site
publishes is checked in test_events_site.py.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import vRecur

from plugins.events.feeds import Feed, calendar_bytes
from plugins.events.model import Event, localize, parse_address
from tests.ical_tools import physical_lines, read_with_icalendar, read_with_icaljs, unfold

BERLIN = ZoneInfo("Europe/Berlin")
SITE = "https://international.example.org"
STAMP = dt.datetime(2027, 1, 10, 8, 30, tzinfo=dt.UTC)
NASTY = (
    'Komma, Semikolon; Backslash \\ Doppelpunkt: "Zitat" – Umlaute äöüß, عربى, Кириллица, 漢字 🎉'
)


def event(**changes) -> Event:
    values = {
        "uid": "feed-test-0001@example",
        "lang": "de",
        "slug": "treffen",
        "title": "Partnerschaftstreffen",
        "summary": "Ein Treffen.",
        "description_html": "<p>Ein Treffen.</p>",
        "description_text": "Ein Treffen.",
        "start": dt.datetime(2027, 5, 9, 18, 0, tzinfo=BERLIN),
        "end": dt.datetime(2027, 5, 9, 20, 0, tzinfo=BERLIN),
        "timezone": "Europe/Berlin",
        "location": "Rathaus",
        "offices": ("stuttgart",),
        "cities": (),
        "status": "confirmed",
        "sequence": 0,
        "updated": STAMP,
        "recurrence": None,
        "kind": "event",
        "source": "test",
    }
    values.update(changes)
    return Event(**values)


def feed_of(*events: Event, lang: str = "de") -> bytes:
    feed = Feed(lang, "veranstaltungen/alle.ics", "Alle Termine", "Termine.", tuple(events))
    return calendar_bytes(
        feed, siteurl=SITE, page_url=lambda e: f"{SITE}/veranstaltungen/{e.slug}/"
    )


def both(raw: bytes) -> tuple[dict, dict]:
    return read_with_icaljs([raw])[0], read_with_icalendar(raw)


# --- bytes ----------------------------------------------------------------------------------


def test_lines_end_in_crlf_and_are_folded_at_75_octets_without_splitting_characters():
    raw = feed_of(event(title=NASTY * 3, location=NASTY, description_text=NASTY + "\n\n" + NASTY))
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert re.search(rb"(?<!\r)\n", raw) is None, "a line feed without carriage return"
    assert b"\r" not in raw.replace(b"\r\n", b""), "a carriage return without line feed"
    for line in physical_lines(raw):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a character split across a fold would not decode


def test_folded_lines_rejoin_to_the_escaped_original():
    title = NASTY * 3
    lines = unfold(feed_of(event(title=title)))
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    escaped = (
        title.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )
    assert summary == "SUMMARY:" + escaped


def test_text_round_trips_exactly_in_both_parsers():
    text = NASTY + "\nzweite Zeile\n\nnach Leerzeile"
    for reader in both(feed_of(event(title=NASTY, location=NASTY, description_text=text))):
        (read,) = reader["events"]
        assert (read["summary"], read["location"], read["description"]) == (NASTY, NASTY, text)


def test_a_written_backslash_n_stays_as_written():
    """icalendar's own escaping turns a written backslash and N into a line break: a title
    `Nachtrag \\N` or a path `C:\\Neu` came back changed."""
    title, place, text = "Nachtrag \\N", "Raum C:\\Neu", "Pfad C:\\Neu\\n, zweite\nZeile"
    for reader in both(feed_of(event(title=title, location=place, description_text=text))):
        (read,) = reader["events"]
        assert (read["summary"], read["location"], read["description"]) == (title, place, text)


def test_a_line_break_in_a_title_cannot_inject_a_property():
    title = "Harmlos\nDTSTART:19700101T000000Z\nX-INJECTED:yes"
    raw = feed_of(event(title=title))
    lines = unfold(raw)
    assert not any(line.startswith(("X-INJECTED", "DTSTART:1970")) for line in lines)
    for reader in both(raw):
        (read,) = reader["events"]
        assert read["summary"] == title
        assert read["start"]["utc"] == "2027-05-09T16:00:00.000Z"


def test_the_calendar_has_one_prodid_a_name_and_refresh_hints():
    raw = feed_of(event())
    lines = unfold(raw)
    assert sum(line.startswith("PRODID:") for line in lines) == 1
    assert "VERSION:2.0" in lines
    assert "NAME:Alle Termine" in lines and "X-WR-CALNAME:Alle Termine" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines
    assert "X-PUBLISHED-TTL:PT12H" in lines
    assert f"SOURCE;VALUE=URI:{SITE}/veranstaltungen/alle.ics" in lines or (
        f"SOURCE:{SITE}/veranstaltungen/alle.ics" in lines
    )
    assert not any(line.startswith("METHOD") for line in lines)
    assert raw == feed_of(event()), "the same input must give the same bytes"


def test_the_calendar_has_no_uid_of_its_own():
    """Regression: RFC 7986 allows a UID for the whole calendar, and vdirsyncer copied it into
    every event it split out of a subscribed feed, so all events had one identity and one of
    17 was synced. The events keep their UIDs; the calendar has none."""
    lines = unfold(feed_of(event(), event(uid="feed-test-0002@example")))
    uids = [line for line in lines if line.startswith("UID")]
    assert uids == ["UID:feed-test-0001@example", "UID:feed-test-0002@example"]
    assert lines.index("BEGIN:VEVENT") < lines.index(uids[0])


def test_anniversaries_have_a_last_modified_too():
    """Every event carries LAST-MODIFIED (RFC 5545 §3.8.7.3), the derived anniversaries too:
    clients use it to tell a changed entry from an unchanged one."""
    day = dt.date(1962, 5, 26)
    anniversary = event(
        kind="anniversary",
        start=day,
        end=day + dt.timedelta(days=1),
        updated=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        recurrence=vRecur(freq="YEARLY"),
    )
    assert "LAST-MODIFIED:20260301T000000Z" in unfold(feed_of(anniversary))


def test_dtstamp_is_utc_and_comes_from_updated():
    lines = unfold(feed_of(event(updated=dt.datetime(2027, 1, 10, 8, 30, tzinfo=dt.UTC))))
    stamps = [line for line in lines if line.startswith("DTSTAMP")]
    assert stamps == ["DTSTAMP:20270110T083000Z"]
    assert "LAST-MODIFIED:20270110T083000Z" in lines


def test_timed_events_use_tzid_europe_berlin_with_a_matching_vtimezone():
    summer = event()
    winter = event(
        uid="feed-test-0002@example",
        start=dt.datetime(2027, 12, 1, 9, 0, tzinfo=BERLIN),
        end=dt.datetime(2027, 12, 1, 10, 0, tzinfo=BERLIN),
    )
    raw = feed_of(summer, winter)
    lines = unfold(raw)
    assert "DTSTART;TZID=Europe/Berlin:20270509T180000" in lines
    assert "DTEND;TZID=Europe/Berlin:20271201T100000" in lines
    used = {m for line in lines for m in re.findall(r"TZID=([^:;]+)", line)}
    declared = {line.removeprefix("TZID:") for line in lines if line.startswith("TZID:")}
    assert used == declared == {"Europe/Berlin"}
    assert lines.index("BEGIN:VTIMEZONE") < lines.index("BEGIN:VEVENT")
    for reader in both(raw):
        starts = [e["start"]["utc"] for e in reader["events"]]
        assert starts == ["2027-05-09T16:00:00.000Z", "2027-12-01T08:00:00.000Z"]


def test_summer_time_is_right_in_every_year_the_time_zone_covers():
    """Regression: ical.js ignores the DTSTART onset of an observance that has RDATEs and reads
    only the first RDATE value, so a VTIMEZONE in icalendar's compact form put most summers an
    hour off in Thunderbird. Every year here must come out in CEST."""
    summers = [
        event(
            uid=f"summer-{year}@example",
            start=dt.datetime(year, 7, 1, 12, 0, tzinfo=BERLIN),
            end=dt.datetime(year, 7, 1, 13, 0, tzinfo=BERLIN),
        )
        for year in range(2027, 2033)
    ]
    raw = feed_of(*summers)
    assert not any(line.startswith("RDATE") for line in unfold(raw))
    for reader in both(raw):
        starts = [e["start"]["utc"] for e in reader["events"]]
        assert starts == [f"{year}-07-01T10:00:00.000Z" for year in range(2027, 2033)]


def test_a_zone_is_the_same_block_in_every_feed_and_holds_for_any_year():
    """Regression: each feed described a zone only for the years its events needed, so a
    client that keeps the first VTIMEZONE of a TZID (vobject, Radicale) put later feeds'
    events an hour off, and an open-ended repetition lost its zone after 30 years."""

    def summer(year: int) -> Event:
        return event(
            uid=f"summer-{year}@example",
            start=dt.datetime(year, 7, 1, 12, 0, tzinfo=BERLIN),
            end=dt.datetime(year, 7, 1, 13, 0, tzinfo=BERLIN),
        )

    def zone_block(raw: bytes) -> bytes:
        return raw[raw.index(b"BEGIN:VTIMEZONE") : raw.index(b"END:VTIMEZONE")]

    early, late = feed_of(summer(2027)), feed_of(summer(2095))
    assert zone_block(early) == zone_block(late) == zone_block(feed_of())
    for reader in both(late):
        assert [e["start"]["utc"] for e in reader["events"]] == ["2095-07-01T10:00:00.000Z"]


def test_all_day_events_are_dates_with_an_exclusive_end():
    raw = feed_of(event(start=dt.date(2027, 5, 9), end=dt.date(2027, 5, 12)))
    lines = unfold(raw)
    assert "DTSTART;VALUE=DATE:20270509" in lines and "DTEND;VALUE=DATE:20270512" in lines
    assert not any("TZID" in line for line in lines if line.startswith("DT"))
    for reader in both(raw):
        (read,) = reader["events"]
        assert read["start"]["date"] and read["end"]["date"]
        assert (read["start"]["local"], read["end"]["local"]) == ("2027-05-09", "2027-05-12")


def test_a_cancelled_event_stays_with_status_cancelled_and_a_raised_sequence():
    before = event(sequence=0)
    after = event(status="cancelled", sequence=1)
    for reader in both(feed_of(after)):
        (read,) = reader["events"]
        assert read["uid"] == before.uid
        assert read["status"] == "CANCELLED" and read["sequence"] == 1
        assert read["summary"] == "Abgesagt: Partnerschaftstreffen"


def test_recurrence_until_is_utc_for_a_timed_event():
    rule = vRecur.from_ical("FREQ=MONTHLY;UNTIL=20271231T225959Z")
    raw = feed_of(event(recurrence=rule))
    assert "RRULE:FREQ=MONTHLY;UNTIL=20271231T225959Z" in unfold(raw)
    for reader in both(raw):
        assert reader["events"][0]["rrule"] == "FREQ=MONTHLY;UNTIL=20271231T225959Z"


def test_a_yearly_all_day_recurrence_round_trips():
    raw = feed_of(
        event(
            start=dt.date(1962, 5, 26), end=dt.date(1962, 5, 27), recurrence=vRecur(freq="YEARLY")
        )
    )
    for reader in both(raw):
        (read,) = reader["events"]
        assert read["rrule"] == "FREQ=YEARLY" and read["start"]["local"] == "1962-05-26"


def test_dst_switch_days_give_the_same_instant_in_both_parsers():
    """02:30 on the last Sunday of March does not exist, on the last Sunday of October it exists
    twice. RFC 5545 §3.3.5 reads them as 02:30 CET (= 01:30 UTC) and as the first 02:30 (CEST,
    00:30 UTC). Parsers resolve a TZID time on those days differently, so such events are
    written in UTC, which every calendar app reads alike."""
    spring_start, _ = localize(dt.datetime(2027, 3, 28, 2, 30), BERLIN)
    spring_end, _ = localize(dt.datetime(2027, 3, 28, 4, 0), BERLIN)
    autumn_start, _ = localize(dt.datetime(2027, 10, 31, 2, 30), BERLIN)
    autumn_end, _ = localize(dt.datetime(2027, 10, 31, 3, 30), BERLIN)
    spring = event(start=spring_start, end=spring_end, exact_in_utc=True)
    autumn = event(
        uid="feed-test-0003@example", start=autumn_start, end=autumn_end, exact_in_utc=True
    )
    raw = feed_of(spring, autumn)
    lines = unfold(raw)
    assert "DTSTART:20270328T013000Z" in lines and "DTSTART:20271031T003000Z" in lines
    for reader in both(raw):
        starts = sorted(e["start"]["utc"] for e in reader["events"])
        assert starts == ["2027-03-28T01:30:00.000Z", "2027-10-31T00:30:00.000Z"]


def test_a_feed_without_events_is_still_a_valid_calendar():
    raw = feed_of()
    lines = unfold(raw)
    assert "BEGIN:VTIMEZONE" in lines  # RFC 5545: a VCALENDAR holds at least one component
    for reader in both(raw):
        assert reader["events"] == [] and reader["name"] == "Alle Termine"


def test_event_url_points_to_its_page():
    for reader in both(feed_of(event())):
        assert reader["events"][0]["url"] == f"{SITE}/veranstaltungen/treffen/"


# --- property: whatever goes in comes back out ----------------------------------------------

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=120,
).filter(lambda value: value.strip() == value and value.strip())
description = st.lists(text, min_size=0, max_size=3).map("\n".join)
day = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def events(draw, index: int) -> Event:
    start_day = draw(day)
    if draw(st.booleans()):
        length = draw(st.integers(min_value=1, max_value=5))
        start, end, exact = start_day, start_day + dt.timedelta(days=length), False
    else:
        naive = dt.datetime.combine(
            start_day,
            dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45]))),
        )
        minutes = draw(st.integers(min_value=15, max_value=60 * 30))
        start, skipped = localize(naive, BERLIN)
        end, skipped_end = localize(naive + dt.timedelta(minutes=minutes), BERLIN)
        exact = skipped or skipped_end
        if end <= start:
            end = start + dt.timedelta(minutes=minutes)
    status = draw(st.sampled_from(["confirmed", "tentative", "cancelled"]))
    return event(
        uid=f"property-{index:04d}@example",
        title=draw(text),
        location=draw(st.none() | text),
        description_text=draw(description),
        start=start,
        end=end,
        exact_in_utc=exact,
        status=status,
        sequence=draw(st.integers(min_value=0, max_value=5)),
        updated=draw(
            st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1)).map(
                lambda moment: moment.replace(microsecond=0, tzinfo=dt.UTC)
            )
        ),
        recurrence=draw(
            st.sampled_from([None, vRecur(freq="YEARLY"), vRecur(freq="WEEKLY", count=4)])
        ),
    )


def expected(source: Event) -> dict:
    if source.all_day:
        start = {"date": True, "local": source.start.isoformat()}
        end = {"date": True, "local": source.end.isoformat()}
    else:
        start = {"date": False, "utc": source.start.astimezone(dt.UTC).isoformat()}
        end = {"date": False, "utc": source.end.astimezone(dt.UTC).isoformat()}
    prefix = "Abgesagt: " if source.cancelled else ""
    return {
        "uid": source.uid,
        "summary": prefix + source.title,
        "location": source.place,
        "description": source.description_text or None,
        "status": source.status.upper(),
        "sequence": source.sequence,
        "start": start,
        "end": end,
        "rrule": source.recurrence.to_ical().decode() if source.recurrence else None,
        "stamp": source.updated.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }


def observed(read: dict) -> dict:
    def when(value):
        if value["date"]:
            return {"date": True, "local": value["local"]}
        instant = dt.datetime.fromisoformat(value["utc"].replace("Z", "+00:00"))
        return {"date": False, "utc": instant.isoformat()}

    return {
        "uid": read["uid"],
        "summary": read["summary"],
        "location": read["location"],
        "description": read["description"],
        "status": read["status"],
        "sequence": read["sequence"],
        "start": when(read["start"]),
        "end": when(read["end"]),
        "rrule": read["rrule"],
        "stamp": read["dtstamp"]["utc"],
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(), min_size=1, max_size=4).flatmap(
        lambda ids: st.tuples(*(events(index) for index in range(len(ids))))
    )
)
def test_both_parsers_read_back_what_went_in(generated):
    raw = feed_of(*generated)
    for line in physical_lines(raw):
        assert len(line) <= 75
    wanted = sorted((expected(e) for e in generated), key=lambda item: item["uid"])
    for reader in both(raw):
        got = sorted((observed(e) for e in reader["events"]), key=lambda item: item["uid"])
        assert got == wanted


def test_the_location_in_calendars_names_the_place_and_its_address():
    """Calendar apps show LOCATION and look it up on a map: the address belongs in it."""
    with_address = event(
        location="Rathaus Stuttgart", address=parse_address("Marktplatz 1, 70173 Stuttgart")
    )
    for reader in both(feed_of(with_address)):
        assert reader["events"][0]["location"] == "Rathaus Stuttgart, Marktplatz 1, 70173 Stuttgart"
