"""VTIMEZONE components (RFC 5545 §3.6.5) written from the rules of the pinned tzdata package.

Calendar programs read a VTIMEZONE in very different ways, and the shapes that look simplest
break some of them (each measured; see tests/test_feed_consumers.py):

- icalendar's compact form, later onsets as RDATE lists: ical.js (Thunderbird) reads only the
  first value of an RDATE line;
- one observance per onset, for the years the events need: Ruby's icalendar gem fails on it,
  and vobject (Radicale) keeps the first block of a TZID it reads in a process, so a block
  that ends early puts the events of later feeds an hour off; a fixed end also leaves
  open-ended repetitions without a time zone after some years.

So every zone is written the way most producers write it: each rule as a yearly RRULE
(`DAYLIGHT` with `FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU` …), the rule in force today open-ended,
earlier rules closed by UNTIL, and one-off changes as observances with a DTSTART alone. The
block is the same in every feed: it starts at the last change before 1970 (or before an
earlier event) and does not depend on the events, the day or the machine.

The rules come from the zone's TZif file in the tzdata package, which zoneinfo reads too
(plugins/__init__.py): the changes it lists (RFC 8536 §3.2) and the POSIX TZ string that
continues them (§3.3). A rule is only written as an RRULE once it is proven to give exactly
the onsets tzdata gives: for a past rule the years it was in force, for today's rule a whole
400-year cycle of the Gregorian calendar, after which weekdays and dates repeat.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import struct
from dataclasses import dataclass
from importlib import resources

from dateutil.rrule import rrulestr
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

# The block starts with the change in force at this moment, or at an event's start if earlier.
EPOCH = dt.datetime(1970, 1, 1)
GREGORIAN_CYCLE = 400  # years after which the weekdays of all dates repeat
EXPANDED_YEARS = (1900, 2500)  # rules are checked in these years (tzdata lists to 2087)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # Python's weekday() order


@dataclass(frozen=True)
class Onset:
    """One change of a zone's UTC offset or name: when, from what, to what."""

    local: dt.datetime  # naive wall-clock time just before the change (RFC 5545's DTSTART)
    utc: dt.datetime  # naive UTC
    offset_from: int  # seconds east of UTC
    offset_to: int
    name: str
    daylight: bool

    @property
    def kind(self) -> tuple:
        """What the onsets of one rule share: offsets, name, daylight or not, clock time."""
        return (self.offset_from, self.offset_to, self.name, self.daylight, self.local.time())


@dataclass(frozen=True)
class _DayRule:
    """A POSIX TZ rule date `Mm.w.d/time`: weekday d (0 = Sunday) of week w (5 = last) of
    month m, at `seconds` after that day's midnight (may be negative or past 24 hours)."""

    month: int
    week: int
    weekday: int
    seconds: int

    def onset(self, year: int) -> dt.datetime:
        """The wall-clock time of the change in `year`."""
        first_weekday, length = calendar.monthrange(year, self.month)  # Monday = 0
        wanted = (self.weekday - 1) % 7  # POSIX Sunday = 0 to Python Monday = 0
        day = 1 + (wanted - first_weekday) % 7 + 7 * (self.week - 1)
        while day > length:
            day -= 7
        return dt.datetime(year, self.month, day) + dt.timedelta(seconds=self.seconds)


@dataclass(frozen=True)
class _PosixRule:
    """The daylight-saving part of a POSIX TZ string (RFC 8536 §3.3), offsets east of UTC."""

    standard_name: str
    standard_offset: int
    daylight_name: str
    daylight_offset: int
    start: _DayRule
    end: _DayRule

    def onsets(self, year: int) -> list[Onset]:
        """The year's two changes, to daylight time and back, in order."""
        to_daylight = self.start.onset(year)
        to_standard = self.end.onset(year)
        changes = [
            Onset(
                to_daylight,
                to_daylight - dt.timedelta(seconds=self.standard_offset),
                self.standard_offset,
                self.daylight_offset,
                self.daylight_name,
                True,
            ),
            Onset(
                to_standard,
                to_standard - dt.timedelta(seconds=self.daylight_offset),
                self.daylight_offset,
                self.standard_offset,
                self.standard_name,
                False,
            ),
        ]
        return sorted(changes, key=lambda onset: onset.utc)


_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]+>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_POSIX = re.compile(
    rf"(?P<std>{_NAME})(?P<stdoff>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_OFFSET})?"
    rf",(?P<start>M[^,]+),(?P<end>M[^,]+))?"
)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _day_rule(text: str) -> _DayRule:
    date, _, time = text.partition("/")
    month, week, weekday = (int(part) for part in date[1:].split("."))
    return _DayRule(month, week, weekday, _seconds(time) if time else 7200)


def _posix_rule(text: str) -> _PosixRule | None:
    """The rule a TZ string gives for the time after the last listed change; None if the
    zone keeps one offset. Only the `M` date form occurs in tzdata (checked by a test)."""
    match = _POSIX.fullmatch(text)
    if match is None:
        raise ValueError(f"cannot read the POSIX TZ string {text!r}")
    if match["dst"] is None:
        return None
    standard = -_seconds(match["stdoff"])  # POSIX counts west of UTC
    daylight = -_seconds(match["dstoff"]) if match["dstoff"] else standard + 3600
    return _PosixRule(
        match["std"].strip("<>"),
        standard,
        match["dst"].strip("<>"),
        daylight,
        _day_rule(match["start"]),
        _day_rule(match["end"]),
    )


def _tzif(
    name: str,
) -> tuple[list[Onset], dt.datetime | None, _PosixRule | None, tuple[int, str, bool]]:
    """The changes listed in the zone's TZif file (RFC 8536, version 2 or later); the moment
    of its last transition, from which on its rule holds (zic lists a transition that changes
    nothing there); that rule; and the (offset, name, daylight) in force before any change."""
    data = resources.files("tzdata").joinpath("zoneinfo", *name.split("/")).read_bytes()
    header = struct.Struct(">4sc15x6l")
    magic, version, *counts = header.unpack_from(data)
    if magic != b"TZif" or version < b"2":
        raise ValueError(f"{name}: not a TZif file of version 2 or later")
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = counts
    # skip the version 1 block (32-bit times) to the version 2 header
    position = header.size + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8
    position += isstdcnt + isutcnt
    isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt = header.unpack_from(data, position)[2:]
    position += header.size
    times = struct.unpack_from(f">{timecnt}q", data, position)
    position += timecnt * 8
    indices = data[position : position + timecnt]
    position += timecnt
    types = [struct.unpack_from(">lBB", data, position + 6 * i) for i in range(typecnt)]
    position += typecnt * 6
    names = data[position : position + charcnt]
    position += charcnt + leapcnt * 12 + isstdcnt + isutcnt
    footer = data[position:].strip(b"\n").decode("ascii")

    def local_type(index: int) -> tuple[int, str, bool]:
        offset, is_dst, at = types[index]
        return offset, names[at : names.index(b"\0", at)].decode("ascii"), bool(is_dst)

    before = local_type(0)  # RFC 8536: type 0 is in force before the first change
    onsets = []
    last = None
    for seconds, index in zip(times, indices, strict=True):
        after = local_type(index)
        last = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)
        if after != before:
            onsets.append(Onset(last + dt.timedelta(seconds=before[0]), last, before[0], *after))
            before = after
    return onsets, last, _posix_rule(footer), local_type(0)


def _rule_parts(days: list[dt.date]) -> list[str]:
    """Yearly RRULE parts that could give exactly `days` (one a year, in consecutive years),
    the usual forms first: last or nth weekday of a month, a fixed date, then a weekday in a
    week of a month (tzdata's `Sun>=8`) or of the year (a rule at 24:00 or later falls on
    the day after such a weekday, which may lie in the next month)."""
    months = {day.month for day in days}
    weekdays = {day.weekday() for day in days}
    candidates = []
    if len(weekdays) == 1:
        weekday = WEEKDAYS[weekdays.pop()]
        if len(months) == 1:
            month = next(iter(months))
            weeks = {(day.day - 1) // 7 + 1 for day in days}
            lengths = [calendar.monthrange(day.year, month)[1] for day in days]
            if all(day.day + 7 > length for day, length in zip(days, lengths, strict=True)):
                candidates.append(f"BYMONTH={month};BYDAY=-1{weekday}")
            if len(weeks) == 1 and (week := weeks.pop()) <= 4:
                candidates.append(f"BYMONTH={month};BYDAY={week}{weekday}")
            for window in _weeks({day.day for day in days}, 31) + _weeks(
                {day.day - length - 1 for day, length in zip(days, lengths, strict=True)}, 31
            ):
                candidates.append(f"BYMONTH={month};BYMONTHDAY={window};BYDAY={weekday}")
        for window in _weeks({day.timetuple().tm_yday for day in days}, 366) + _weeks(
            {day.toordinal() - dt.date(day.year + 1, 1, 1).toordinal() for day in days}, 366
        ):
            candidates.append(f"BYYEARDAY={window};BYDAY={weekday}")
    if len(months) == 1 and len({day.day for day in days}) == 1:
        candidates.append(f"BYMONTH={days[0].month};BYMONTHDAY={days[0].day}")
    return candidates


def _weeks(numbers: set[int], largest: int) -> list[str]:
    """Lists of day numbers (all positive or all negative, up to `largest`) that hold
    `numbers`: the seven days from the first, the seven up to the last, the numbers alone."""
    low, high = min(numbers), max(numbers)
    if high - low >= 7 or (low < 0 < high):
        return []
    windows = [range(low, low + 7), range(high - 6, high + 1), sorted(numbers)]
    fits = [
        window
        for window in windows
        if (window[0] > 0 and window[-1] <= largest) or (-largest <= window[0] and window[-1] < 0)
    ]
    return list(dict.fromkeys(",".join(map(str, window)) for window in fits))


def _yearly_rule(starts: list[dt.datetime]) -> str | None:
    """The first yearly RRULE (without UNTIL) that gives exactly `starts` from the first to
    the last, proven by expanding it; None if no usual form does."""
    years = [start.year for start in starts]
    if len(starts) < 2 or years != list(range(years[0], years[0] + len(starts))):
        return None
    for parts in _rule_parts([start.date() for start in starts]):
        rule = f"FREQ=YEARLY;{parts}"
        if _gives(rule, starts):
            return rule
    return None


def _gives(rule: str, starts: list[dt.datetime]) -> bool:
    """Whether `rule` gives exactly one onset in each year of `starts`: that one."""
    by_year = _expanded(rule, starts[0].time())
    return all(by_year.get(start.year) == (start,) for start in starts)


@functools.lru_cache(maxsize=4096)
def _expanded(rule: str, time: dt.time) -> dict[int, tuple[dt.datetime, ...]]:
    """What `rule` gives at `time` of day, by year, expanded by dateutil. Its parts fix month
    and day, so where it starts changes only which years it has."""
    start, end = (dt.datetime.combine(dt.date(year, 1, 1), time) for year in EXPANDED_YEARS)
    by_year: dict[int, tuple[dt.datetime, ...]] = {}
    for moment in rrulestr(rule, dtstart=start).between(start, end, inc=True):
        by_year[moment.year] = (*by_year.get(moment.year, ()), moment)
    return by_year


@dataclass(frozen=True)
class Observance:
    """A STANDARD or DAYLIGHT sub-component: a first onset, and its rule if it repeats."""

    first: Onset
    rule: str | None = None  # a yearly RRULE without UNTIL
    last: Onset | None = None  # the last onset of a rule that has ended; None: open-ended

    def component(self) -> TimezoneStandard | TimezoneDaylight:
        observance = TimezoneDaylight() if self.first.daylight else TimezoneStandard()
        observance.add("dtstart", self.first.local)
        if self.rule is not None:
            rule = vRecur.from_ical(self.rule)
            if self.last is not None:
                # RFC 5545 wants UNTIL in UTC here. dateutil (so vobject and Radicale) reads
                # it as wall-clock time and would drop the last onset east of Greenwich, so
                # it is the day after that onset: the next one would be a year later.
                rule["UNTIL"] = [(self.last.utc + dt.timedelta(days=1)).replace(tzinfo=dt.UTC)]
            observance.add("rrule", rule)
        observance.add("tzname", self.first.name)
        observance.add("tzoffsetfrom", dt.timedelta(seconds=self.first.offset_from))
        observance.add("tzoffsetto", dt.timedelta(seconds=self.first.offset_to))
        return observance


def _runs(same_kind: list[Onset]) -> list[tuple[list[Onset], str | None]]:
    """Onsets of one kind (in order) cut into runs that each follow one yearly rule. The runs
    are grown from the latest onset back, so today's rule reaches back as far as it held."""
    runs: list[tuple[list[Onset], str | None]] = []
    run: list[Onset] = []
    rule = None
    for onset in reversed(same_kind):
        if run and onset.local.year == run[0].local.year - 1:
            if rule and _gives(rule, [onset.local]):
                run.insert(0, onset)
                continue
            found = _yearly_rule([o.local for o in [onset, *run]])
            if found is not None:
                run.insert(0, onset)
                rule = found
                continue
        if run:
            runs.append((run, rule))
        run, rule = [onset], None
    if run:
        runs.append((run, rule))
    return runs[::-1]


@functools.lru_cache(maxsize=64)
def observances(name: str, since: dt.datetime = EPOCH) -> tuple[Observance, ...]:
    """The observances of zone `name` that describe every moment from `since` (naive UTC) on.

    The changes tzdata lists are continued by today's rule for a whole Gregorian cycle, and
    all of them are cut into yearly rules: a rule that is still followed at the end of the
    cycle is today's, and is written open-ended.
    """
    onsets, listed_until, rule, initial = _tzif(name)
    listed_until = listed_until or since
    last_onsets: set[Onset] = set()
    if rule is not None:
        onsets = onsets + [
            onset
            for year in range(listed_until.year, listed_until.year + GREGORIAN_CYCLE + 2)
            for onset in rule.onsets(year)
            if onset.utc > listed_until
        ]
        last_onsets = set(onsets[-2:])
    # the change in force at `since` is the first one written
    in_force = [index for index, onset in enumerate(onsets) if onset.utc <= since]
    if in_force:
        onsets = onsets[in_force[-1] :]
    else:
        # nothing has changed yet at `since`: the first local time type holds from then on
        offset, zone_name, daylight = initial
        local = since + dt.timedelta(seconds=offset)
        onsets = [Onset(local, since, offset, offset, zone_name, daylight), *onsets]
    kinds: dict[tuple, list[Onset]] = {}
    for onset in onsets:
        kinds.setdefault(onset.kind, []).append(onset)
    every = []
    for same_kind in kinds.values():
        for run, yearly in _runs(same_kind):
            if yearly is None:
                every.append(Observance(run[0]))
            elif run[-1] in last_onsets:
                if sum(onset.utc > listed_until for onset in run) < GREGORIAN_CYCLE:
                    raise ValueError(f"{name}: today's rule is not a yearly RRULE ({rule})")
                every.append(Observance(run[0], yearly))
            else:
                every.append(Observance(run[0], yearly, run[-1]))
    return tuple(sorted(every, key=lambda observance: observance.first.utc))


@functools.lru_cache(maxsize=64)
def vtimezone(name: str, since: dt.datetime = EPOCH) -> Timezone:
    """The VTIMEZONE of IANA zone `name`, valid from `since` (naive UTC) on and open-ended.
    Feeds share it (they only read it when they are serialized)."""
    zone = Timezone()
    zone.add("tzid", name)
    for observance in observances(name, since):
        zone.add_component(observance.component())
    return zone
