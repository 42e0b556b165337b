"""Read calendars back with both parsers: ical.js (Thunderbird's, under node) and `icalendar`.

Both readers return the same shape, so a test can compare the two with each other and with the
source: per calendar its PRODID, name and time zones, and per event uid, summary, description,
location, status, sequence, url, start/end (`date`, `local`, `zone`, `utc`) and rrule.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from icalendar import Calendar

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).with_name("ical_read.mjs")


def read_with_icaljs(calendars: list[bytes]) -> list[dict]:
    """Parse every calendar with ical.js in one node process."""
    payload = json.dumps([raw.decode("utf-8") for raw in calendars])
    result = subprocess.run(
        ["node", str(SCRIPT)],
        input=payload,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, f"ical.js could not read a calendar:\n{result.stderr}"
    return json.loads(result.stdout)


def _time(value) -> dict | None:
    if value is None:
        return None
    value = value.dt
    if not isinstance(value, dt.datetime):
        return {"date": True, "local": value.isoformat(), "zone": None, "utc": None}
    zone = "UTC" if _is_utc(value) else str(value.tzinfo)
    instant = value.astimezone(dt.UTC)
    return {
        "date": False,
        "local": value.replace(tzinfo=None).isoformat(),
        "zone": zone,
        "utc": instant.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }


def _is_utc(value: dt.datetime) -> bool:
    return str(value.tzinfo) in {"UTC", "UTC+00:00"} or value.tzinfo is dt.UTC


def read_with_icalendar(raw: bytes) -> dict:
    calendar = Calendar.from_ical(raw)
    events = []
    for component in calendar.walk("VEVENT"):
        rule = component.get("RRULE")
        events.append(
            {
                "uid": str(component["UID"]),
                "summary": _text(component, "SUMMARY"),
                "description": _text(component, "DESCRIPTION"),
                "location": _text(component, "LOCATION"),
                "status": _text(component, "STATUS"),
                "sequence": int(component.get("SEQUENCE", 0)),
                "url": _text(component, "URL"),
                "dtstamp": _time(component.get("DTSTAMP")),
                "start": _time(component.get("DTSTART")),
                "end": _time(component.get("DTEND")),
                "rrule": rule.to_ical().decode() if rule is not None else None,
            }
        )
    return {
        "prodid": _text(calendar, "PRODID"),
        "name": _text(calendar, "NAME") or _text(calendar, "X-WR-CALNAME"),
        "timezones": [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")],
        "events": events,
    }


def _text(component, name: str) -> str | None:
    value = component.get(name)
    return None if value is None else str(value)


def physical_lines(raw: bytes) -> list[bytes]:
    """The lines as stored, each without its CRLF (the file must end with one)."""
    assert raw.endswith(b"\r\n"), "the file must end with CRLF"
    return raw[:-2].split(b"\r\n")


def unfold(raw: bytes) -> list[str]:
    """Logical content lines: folded continuation lines (CRLF + space) rejoined."""
    return raw.decode("utf-8").replace("\r\n ", "").rstrip("\r\n").split("\r\n")
