"""Read iCalendar files with vobject (the parser of Radicale) and print what it sees as JSON, in
the shape every reader in this folder prints (see README.md).

    python vobject_read.py FIRST LAST [FIRST LAST ...] -- FILE...

All files are read in this one process, in the order given, as a server reads calendar after
calendar: vobject keeps the first VTIMEZONE of a TZID it meets and uses it for every later
file. Recurrences are expanded by vobject's `getrruleset` (dateutil). Whatever it raises is a
problem of the file.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import vobject


def show(value) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def in_window(value, windows) -> bool:
    day = show(value)[:10]
    return any(first <= day < last for first, last in windows)


def occurrences(event, windows) -> list[list[str]] | None:
    if "rrule" not in event.contents:
        return None
    start, end = event.dtstart.value, event.dtend.value
    length = end - start
    if isinstance(start, dt.datetime):
        # RFC 5545 §3.8.5.3: the exact duration; Python subtracts wall-clock times of one zone
        length = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    found = []
    last = max(last for _first, last in windows)
    for moment in event.getrruleset(addRDate=True):
        if not isinstance(start, dt.datetime):
            moment = moment.date()  # dateutil expands days as midnights
        if show(moment)[:10] > last:
            break
        if in_window(moment, windows):
            finish = (
                (moment.astimezone(dt.UTC) + length)
                if isinstance(moment, dt.datetime)
                else moment + length
            )
            found.append([show(moment), show(finish)])
    return found


def read(path: Path, windows) -> list[dict]:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    events = []
    for event in calendar.contents.get("vevent", []):
        events.append(
            {
                "uid": event.uid.value,
                "status": event.status.value if "status" in event.contents else None,
                "start": show(event.dtstart.value),
                "end": show(event.dtend.value),
                "occurrences": occurrences(event, windows),
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
