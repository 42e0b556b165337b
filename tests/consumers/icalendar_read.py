"""Read iCalendar files with python `icalendar` and print what it sees as JSON, in the shape
every reader in this folder prints (see README.md).

    python icalendar_read.py FIRST LAST [FIRST LAST ...] -- FILE...

icalendar looks a TZID up among the zones it knows by name and uses a feed's VTIMEZONE only
for the others; to test the feed, wall-clock times are placed here with the feed's own
VTIMEZONE, turned into a time zone by icalendar (`Timezone.to_tz`). icalendar does not expand
recurrences: its dependency dateutil does, in wall-clock time, as programs built on it do.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from dateutil.rrule import rrulestr
from icalendar import Calendar


def show(value) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def read(path: Path, windows) -> list[dict]:
    calendar = Calendar.from_ical(path.read_bytes())
    zones = {
        str(zone["TZID"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")
    }

    def placed(prop):
        """The value, a wall-clock time placed with the feed's VTIMEZONE of its TZID."""
        value = prop.dt
        if isinstance(value, dt.datetime) and "TZID" in prop.params:
            return value.replace(tzinfo=zones[prop.params["TZID"]])
        return value

    events = []
    for event in calendar.walk("VEVENT"):
        start, end = placed(event["DTSTART"]), placed(event["DTEND"])
        occurrences = None
        if "RRULE" in event:
            occurrences = []
            timed = isinstance(start, dt.datetime)
            # RFC 5545 §3.8.5.3: the exact duration
            length = end.astimezone(dt.UTC) - start.astimezone(dt.UTC) if timed else end - start
            wall = start.replace(tzinfo=None) if timed else dt.datetime.combine(start, dt.time())
            last = max(last for _first, last in windows)
            for moment in rrulestr(event["RRULE"].to_ical().decode(), dtstart=wall):
                moment = (
                    moment.replace(tzinfo=start.tzinfo).astimezone(dt.UTC)
                    if timed
                    else moment.date()
                )
                day = show(moment)[:10]
                if day > last:
                    break
                if any(first <= day < last for first, last in windows):
                    occurrences.append([show(moment), show(moment + length)])
        events.append(
            {
                "uid": str(event["UID"]),
                "status": str(event["STATUS"]) if "STATUS" in event else None,
                "start": show(start),
                "end": show(end),
                "occurrences": occurrences,
            }
        )
    return events


def main(argv: list[str]) -> None:
    split = argv.index("--")
    windows = list(zip(argv[0:split:2], argv[1:split:2], strict=True))
    results = []
    for name in argv[split + 1 :]:
        try:
            results.append({"events": read(Path(name), windows), "problems": []})
        except Exception as error:  # a consumer that fails on a feed is the finding
            results.append({"events": [], "problems": [f"{type(error).__name__}: {error}"]})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
