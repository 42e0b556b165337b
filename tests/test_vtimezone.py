"""VTIMEZONE blocks from tzdata's rules (plugins/events/vtimezone.py), checked against zoneinfo.

The onsets a block describes are expanded here on their own terms (RFC 5545 §3.6.5: DTSTART,
RRULE, UNTIL in UTC), not with the generator's code, and compared with what zoneinfo – reading
the same pinned tzdata package – says about every onset and about the months in between.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import zoneinfo
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from dateutil.tz import tzical
from icalendar import Timezone

import plugins  # noqa: F401  (zones from the tzdata package only)
from plugins.events.vtimezone import vtimezone

# every kind of rule tzdata has today (last or nth weekday, a day after one, negative DST,
# half hours) and zones whose history is full of one-off changes
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Africa/Cairo",
    "Europe/Dublin",
    "Europe/London",
    "America/Nuuk",
    "America/Santiago",
    "Pacific/Easter",
    "Asia/Gaza",
    "Asia/Jerusalem",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Auckland",
    "America/Havana",
    "America/St_Johns",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Pacific/Apia",
    "Europe/Moscow",
    "Asia/Kolkata",
    "Etc/UTC",
)


def onsets(zone: Timezone) -> list[tuple[dt.datetime, int, str, bool]]:
    """(UTC moment, offset after it in seconds, name, whether daylight saving time) of every
    onset of a VTIMEZONE, to 2402."""
    found = []
    for observance in zone.subcomponents:
        start = observance.decoded("DTSTART")
        offset_from = observance.decoded("TZOFFSETFROM")
        offset_to = int(observance.decoded("TZOFFSETTO").total_seconds())
        locals_ = [start]
        if "RRULE" in observance:
            rule = observance["RRULE"]
            until = rule.get("UNTIL", [None])[0]
            parts = {key: value for key, value in rule.items() if key != "UNTIL"}
            text = type(rule)(parts).to_ical().decode()
            horizon = dt.datetime(2402, 1, 1)
            locals_ = rrulestr(text, dtstart=start).between(start, horizon, inc=True)
            assert locals_[0] == start, "DTSTART must be the first onset"
            if until is not None:
                limit = until.replace(tzinfo=None)  # UTC, as RFC 5545 wants it here
                locals_ = [moment for moment in locals_ if moment - offset_from <= limit]
        name, daylight = str(observance["TZNAME"]), observance.name == "DAYLIGHT"
        found += [(moment - offset_from, offset_to, name, daylight) for moment in locals_]
    return sorted(found)


def local_time_at(moment: dt.datetime, zone: ZoneInfo) -> tuple[int, str, bool]:
    """zoneinfo's offset (seconds), name and daylight saving time at a UTC moment."""
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    return int(local.utcoffset().total_seconds()), local.tzname(), bool(local.dst())


@pytest.mark.parametrize("name", ZONES)
def test_the_onsets_are_zoneinfos_from_1970_on_and_far_into_the_future(name):
    zone = ZoneInfo(name)
    described = onsets(vtimezone(name))
    moments = [moment for moment, *_ in described]
    assert moments[0] <= dt.datetime(1970, 1, 1), "1970 must be covered"
    for moment, *local_time in described[1:]:
        if moment >= dt.datetime(1970, 1, 1):
            assert local_time_at(moment, zone) == tuple(local_time), (name, moment)
            before = local_time_at(moment - dt.timedelta(seconds=1), zone)
            assert before != tuple(local_time), (name, moment, "an onset that changes nothing")
    # and nothing is missing in between: every week from 1970, and in 2400
    samples = [dt.datetime(1970, 1, 1) + dt.timedelta(days=7 * week) for week in range(6800)]
    samples += [dt.datetime(2400, 1, 1) + dt.timedelta(days=7 * week) for week in range(104)]
    for sample in samples:
        offset = described[bisect.bisect_right(moments, sample) - 1][1]
        assert offset == local_time_at(sample, zone)[0], (name, sample)


def test_every_zone_of_tzdata_can_be_written():
    """An editor may give any IANA zone (`Timezone:`); none may stop the build."""
    for name in sorted(zoneinfo.available_timezones()):
        zone = vtimezone(name)
        open_ended = [
            observance
            for observance in zone.subcomponents
            if "RRULE" in observance and "UNTIL" not in observance["RRULE"]
        ]
        assert len(open_ended) in (0, 2), name  # today's rule: both changes, or none


def test_europe_berlin_is_written_as_the_usual_yearly_rules():
    """Regression: the VTIMEZONE had one observance per onset for the years the events needed,
    with a COMMENT (not allowed there by RFC 5545): Ruby's icalendar gem failed on every feed
    with a timed event, and vobject kept the first block it read for every later feed."""
    lines = vtimezone("Europe/Berlin").to_ical().decode().splitlines()
    assert not any(line.startswith(("COMMENT", "RDATE")) for line in lines)
    assert lines[-15:] == [
        "BEGIN:DAYLIGHT",
        "DTSTART:19810329T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:19961027T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def test_cairo_returns_to_standard_time_on_the_day_after_the_last_thursday_of_october():
    """tzdata: `lastThu 24:00`, a Friday that is in November when October ends on a Thursday
    (2024); one RRULE over the last days of the year holds both."""
    text = vtimezone("Africa/Cairo").to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=FR;BYYEARDAY=-67,-66,-65,-64,-63,-62,-61" in text
    standard = [
        moment for moment, offset, *_ in onsets(vtimezone("Africa/Cairo")) if offset == 7200
    ]
    assert dt.datetime(2024, 10, 31, 21) in standard  # Friday 1 November, 00:00 in Cairo
    assert dt.datetime(2025, 10, 30, 21) in standard  # Friday 31 October


def test_a_rule_that_has_ended_keeps_its_last_onset_where_until_is_read_as_local_time():
    """Regression: dateutil's tzical (vobject, Radicale, icalendar) reads UNTIL as wall-clock
    time; at the exact UTC instant it dropped the last autumn change of Berlin's rule of 1980
    to 1995, so October 1995 came out in summer time."""
    zone = tzical(io.StringIO(vtimezone("Europe/Berlin").to_ical().decode())).get()
    assert dt.datetime(1995, 10, 1, 12, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(1995, 9, 1, 12, tzinfo=zone).utcoffset() == dt.timedelta(hours=2)


def test_the_block_does_not_depend_on_the_events_after_1970():
    usual = vtimezone("Europe/Berlin").to_ical()
    assert vtimezone("Europe/Berlin", dt.datetime(1970, 1, 1)).to_ical() == usual
    earlier = vtimezone("Europe/Berlin", dt.datetime(1910, 1, 1)).to_ical().decode()
    assert "DTSTART:19160430T230000" in earlier  # the first summer time, for an event of 1910
