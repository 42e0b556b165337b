"""Event files read into records: every field checked, every mistake located by file, line and
field; anniversaries derived from the partner-city data with UIDs that never change."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plugins.core.build import load_settings
from plugins.core.errors import ContentErrors
from plugins.core.site_data import load_site_data
from plugins.events.model import anniversaries, anniversary_uid, load_events
from plugins.theme_l10n.l10n import format_date

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(Path(__file__).parent / "fixtures" / "data")
SETTINGS = load_settings(ROOT / "pelicanconf.py")  # the build's own, Markdown included
BERLIN = ZoneInfo("Europe/Berlin")

GERMAN = """\
Title: Partnerschaftstreffen
UID: test-event-0001@example
Start: 2027-05-09 18:00
End: 20:00
Location: Rathaus, Marktplatz 1
Office: stuttgart
Cities: brno
Status: confirmed
Updated: 2027-01-10 09:30

Ein **Treffen** mit Gästen aus [Brünn](https://www.brno.cz/).
"""
ENGLISH = """\
Title: Partnership meeting
UID: test-event-0001@example
Start: 2027-05-09 18:00
End: 20:00
Location: Town hall, Marktplatz 1
Office: stuttgart
Cities: brno
Status: confirmed
Updated: 2027-01-10 09:30

A meeting with guests from Brno.
"""


@pytest.fixture(autouse=True)
def messages_in_english(monkeypatch):
    """These tests pin what each check finds; they read its messages in English (the
    German texts are pinned by tests/test_editor_mistakes.py and tests/test_messages.py)."""
    monkeypatch.setenv("MELDUNGEN", "en")


def write(content: Path, lang: str, name: str, text: str) -> Path:
    path = content / "events" / lang / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def content(tmp_path) -> Path:
    write(tmp_path, "de", "treffen", GERMAN)
    write(tmp_path, "en", "meeting", ENGLISH)
    return tmp_path


def load(content: Path):
    return load_events(content, DATA, SETTINGS)


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load(content)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_event_loads_in_both_languages(content):
    events = {event.lang: event for event in load(content)}
    german, english = events["de"], events["en"]
    assert german.uid == english.uid == "test-event-0001@example"
    assert (german.slug, english.slug) == ("treffen", "meeting")
    assert german.start == dt.datetime(2027, 5, 9, 18, 0, tzinfo=BERLIN)
    assert german.end == dt.datetime(2027, 5, 9, 20, 0, tzinfo=BERLIN)
    assert german.start.astimezone(dt.UTC).hour == 16  # CEST
    assert german.updated == dt.datetime(2027, 1, 10, 8, 30, tzinfo=dt.UTC)  # CET → UTC
    assert german.offices == ("stuttgart",) and german.cities == ("brno",)
    assert german.location == "Rathaus, Marktplatz 1"
    assert "<strong>Treffen</strong>" in german.description_html
    assert german.description_text == "Ein Treffen mit Gästen aus Brünn (https://www.brno.cz/)."
    assert not german.all_day and not german.exact_in_utc


def test_an_all_day_event_gets_an_exclusive_end(content):
    write(
        content,
        "de",
        "treffen",
        GERMAN.replace("2027-05-09 18:00", "2027-05-09").replace("End: 20:00", "End: 2027-05-11"),
    )
    write(
        content,
        "en",
        "meeting",
        ENGLISH.replace("2027-05-09 18:00", "2027-05-09").replace("End: 20:00", "End: 2027-05-11"),
    )
    event = load(content)[0]
    assert event.all_day
    assert (event.start, event.end, event.last_day) == (
        dt.date(2027, 5, 9),
        dt.date(2027, 5, 12),
        dt.date(2027, 5, 11),
    )


def revise(content, status: str, updated: str):
    for lang, name, text in (("de", "treffen", GERMAN), ("en", "meeting", ENGLISH)):
        text = text.replace("Status: confirmed", f"Status: {status}")
        write(content, lang, name, text.replace("2027-01-10 09:30", updated))
    return load(content)[0]


def test_sequence_never_goes_down_when_a_cancelled_event_is_reinstated(content):
    """A counter raised by the cancellation fell back to 0 when the event was reinstated, so
    calendars that compare SEQUENCE kept the cancellation."""
    planned = revise(content, "confirmed", "2027-01-10 09:30")
    cancelled = revise(content, "cancelled", "2027-03-01")
    reinstated = revise(content, "confirmed", "2027-03-02 08:15")
    assert cancelled.cancelled and not reinstated.cancelled
    assert planned.sequence < cancelled.sequence < reinstated.sequence


def test_the_retired_sequence_field_says_what_to_do(content):
    write(
        content,
        "de",
        "treffen",
        GERMAN.replace("Status: confirmed", "Status: confirmed\nSequence: 2"),
    )
    assert problems_of(content) == [
        "content/events/de/treffen.md:9: event 'treffen': field 'Sequence': is no longer used – remove the line: "
        "the site counts revisions from 'Updated' by itself, so set 'Updated' to the day (and "
        "time) of every change"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Start: 2027-05-09 18:00",
            "Start: 9.5.2027",
            "content/events/de/treffen.md:3: event 'treffen': field 'Start': must be a date like 2027-05-09",
        ),
        (
            "Start: 2027-05-09 18:00",
            "Start: 2027-02-30 18:00",
            "content/events/de/treffen.md:3: event 'treffen': field 'Start': '2027-02-30 18:00' is not a real date",
        ),
        (
            "Start: 2027-05-09 18:00",
            "Start: 2027-05-09 25:00",
            "content/events/de/treffen.md:3: event 'treffen': field 'Start': '2027-05-09 25:00' is not a real time",
        ),
        (
            "End: 20:00",
            "End: 17:00",
            "content/events/de/treffen.md:4: event 'treffen': field 'End': ends before it starts",
        ),
        (
            "End: 20:00",
            "End: 2027-05-08 20:00",
            "content/events/de/treffen.md:4: event 'treffen': field 'End': ends before it starts",
        ),
        (
            "End: 20:00",
            "End: 2027-05-10",
            "content/events/de/treffen.md:4: event 'treffen': field 'End': start and end must both be dates",
        ),
        (
            "End: 20:00\n",
            "",
            "content/events/de/treffen.md:1: event 'treffen': field 'End': is missing: an event with a start time needs an end",
        ),
        (
            "Office: stuttgart",
            "Office: paris",
            "content/events/de/treffen.md:6: event 'treffen': field 'Office': unknown office 'paris'",
        ),
        (
            "Cities: brno",
            "Cities: brno, atlantis",
            "content/events/de/treffen.md:7: event 'treffen': field 'Cities': unknown partner city 'atlantis'",
        ),
        (
            "UID: test-event-0001@example\n",
            "",
            "content/events/de/treffen.md:1: event 'treffen': field 'UID': is missing – add a line 'UID: …'",
        ),
        (
            "UID: test-event-0001@example",
            "UID: has spaces in it",
            "content/events/de/treffen.md:2: event 'treffen': field 'UID': must be 8 to 255 letters",
        ),
        (
            "Status: confirmed",
            "Status: postponed",
            "content/events/de/treffen.md:8: event 'treffen': field 'Status': must be one of confirmed, tentative",
        ),
        (
            "Status: confirmed",
            "Status: confirmed\nRecurrence: FREQ=SOMETIMES",
            "content/events/de/treffen.md:9: event 'treffen': field 'Recurrence': is not a valid RFC 5545 rule",
        ),
        (
            "Status: confirmed",
            "Status: confirmed\nRecurrence: INTERVAL=2",
            "content/events/de/treffen.md:9: event 'treffen': field 'Recurrence': needs FREQ",
        ),
        (
            "Status: confirmed",
            "Status: confirmed\nRecurrence: FREQ=YEARLY;COUNT=3;UNTIL=20300101",
            "content/events/de/treffen.md:9: event 'treffen': field 'Recurrence': has COUNT and UNTIL – keep one",
        ),
        (
            "Status: confirmed",
            "Status: confirmed\nRecurrence: FREQ=YEARLY;UNTIL=20200101",
            "content/events/de/treffen.md:9: event 'treffen': field 'Recurrence': UNTIL lies before the start",
        ),
        (
            "Updated: 2027-01-10 09:30",
            "Updated: gestern",
            "content/events/de/treffen.md:9: event 'treffen': field 'Updated': must be a date like 2027-05-09",
        ),
        (
            "Title: Partnerschaftstreffen",
            "Title: Partnerschaftstreffen\nColour: blue",
            "content/events/de/treffen.md:2: event 'treffen': field 'Colour': unknown field",
        ),
        (
            "Status: confirmed",
            "Status: confirmed\nTimezone: Europe/Stuttgart",
            "content/events/de/treffen.md:9: event 'treffen': field 'Timezone': is not a time zone name",
        ),
        (
            "Status: confirmed",
            "Status: confirmed\nLang: en",
            "content/events/de/treffen.md:9: event 'treffen': field 'Lang': says 'en', but the file is in the folder",
        ),
    ],
)
def test_each_mistake_is_reported_with_file_line_and_field(content, old, new, expected):
    path = content / "events" / "de" / "treffen.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = problems_of(content)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_duplicate_uid_names_both_files(content):
    write(content, "de", "zweites-treffen", GERMAN.replace("Partnerschaftstreffen", "Zweites"))
    problems = problems_of(content)
    assert any(
        p.startswith(
            "content/events/de/zweites-treffen.md:2: event 'zweites-treffen': field 'UID': the UID "
            "'test-event-0001@example' is already used by content/events/de/treffen.md"
        )
        or p.startswith(
            "content/events/de/treffen.md:2: event 'treffen': field 'UID': the UID "
            "'test-event-0001@example' is already used by "
            "content/events/de/zweites-treffen.md"
        )
        for p in problems
    ), problems


def test_a_missing_translation_is_reported(content):
    (content / "events" / "en" / "meeting.md").unlink()
    assert problems_of(content) == [
        "content/events/de/treffen.md:2: event 'treffen': field 'UID': has no version in 'en' – add "
        "content/events/en/<address>.md with 'UID: test-event-0001@example'"
    ]


def test_translations_must_agree_on_when_and_who(content):
    write(content, "en", "meeting", ENGLISH.replace("End: 20:00", "End: 21:00"))
    assert problems_of(content) == [
        "content/events/en/meeting.md:4: event 'meeting': field 'End': differs from content/events/de/treffen.md "
        "(20:00) – both languages describe the same event: make them agree"
    ]


def test_all_mistakes_of_a_run_are_reported_together(content):
    write(
        content,
        "de",
        "treffen",
        GERMAN.replace("Office: stuttgart", "Office: paris").replace(
            "Status: confirmed", "Status: maybe"
        ),
    )
    write(content, "en", "meeting", ENGLISH.replace("Cities: brno", "Cities: atlantis"))
    problems = problems_of(content)
    assert len(problems) == 3, problems


def test_files_outside_a_language_folder_are_reported(content):
    (content / "events" / "treffen.md").write_text(GERMAN, encoding="utf-8")
    assert (
        "content/events/treffen.md: is not in a language folder – event files belong in "
        "content/events/<language>/, with a language of de, en"
    ) in problems_of(content)


def test_a_skipped_local_time_follows_rfc_5545_and_is_marked_for_utc(content):
    """02:30 on 28 March 2027 does not exist in Berlin: it means 02:30 CET, i.e. 03:30 CEST."""
    for lang, name, text in (("de", "treffen", GERMAN), ("en", "meeting", ENGLISH)):
        text = text.replace("Start: 2027-05-09 18:00", "Start: 2027-03-28 02:30").replace(
            "End: 20:00", "End: 04:00"
        )
        write(content, lang, name, text)
    event = load(content)[0]
    assert event.exact_in_utc
    assert event.start.astimezone(dt.UTC) == dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)
    assert event.start.astimezone(BERLIN).hour == 3


def test_a_repeated_local_time_takes_the_first_occurrence(content):
    """02:30 on 31 October 2027 happens twice in Berlin: the first one, still in summer time."""
    for lang, name, text in (("de", "treffen", GERMAN), ("en", "meeting", ENGLISH)):
        text = text.replace("Start: 2027-05-09 18:00", "Start: 2027-10-31 02:30").replace(
            "End: 20:00", "End: 03:30"
        )
        write(content, lang, name, text)
    event = load(content)[0]
    assert event.exact_in_utc
    assert event.start.astimezone(dt.UTC) == dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC)


def test_recurrence_until_becomes_utc_for_timed_events(content):
    for lang, name, text in (("de", "treffen", GERMAN), ("en", "meeting", ENGLISH)):
        write(
            content,
            lang,
            name,
            text.replace(
                "Status: confirmed", "Status: confirmed\nRecurrence: FREQ=MONTHLY;UNTIL=20271231"
            ),
        )
    event = load(content)[0]
    assert event.recurrence.to_ical() == b"FREQ=MONTHLY;UNTIL=20271231T225959Z"
    moment = dt.datetime(2027, 6, 1, tzinfo=BERLIN)
    start, _ = event.next_occurrence(moment)
    assert start == dt.datetime(2027, 6, 9, 18, 0, tzinfo=BERLIN)
    assert event.next_occurrence(dt.datetime(2028, 1, 1, tzinfo=BERLIN)) is None
    last, _ = event.last_occurrence(dt.datetime(2028, 1, 1, tzinfo=BERLIN))
    assert last == dt.datetime(2027, 12, 9, 18, 0, tzinfo=BERLIN)


def test_anniversaries_come_from_active_relations_with_a_known_day():
    events = anniversaries(DATA, format_date)
    # Brünn has a founding day; Oslo's relation is dormant and has no day
    assert sorted((e.lang, e.slug) for e in events) == [
        ("de", "jahrestag-stuttgart-brno"),
        ("en", "anniversary-stuttgart-brno"),
    ]
    german = next(e for e in events if e.lang == "de")
    assert german.all_day and german.start == dt.date(1989, 12, 4)
    assert german.end == dt.date(1989, 12, 5)
    assert german.recurrence.to_ical() == b"FREQ=YEARLY"
    assert german.title == "Jahrestag: Städtepartnerschaft Stadt – Brünn"
    assert (
        german.summary
        == "Am 4. Dezember 1989 begann die Städtepartnerschaft zwischen Stadt und Brünn."
    )


def test_anniversary_uid_depends_on_the_partnership_only():
    renamed = dataclasses.replace(
        DATA,
        cities=tuple(
            dataclasses.replace(city, name=dataclasses.replace(city.name, de="Brno"))
            for city in DATA.cities
        ),
    )
    before = {e.uid for e in anniversaries(DATA, format_date)}
    after = {e.uid for e in anniversaries(renamed, format_date)}
    assert before == after == {anniversary_uid("stuttgart", "brno")}
    assert anniversary_uid("stuttgart", "brno") != anniversary_uid("dortmund", "brno")
    # published UIDs must never change: calendar apps would see a new event and a deleted one
    assert anniversary_uid("stuttgart", "brno") == "b6427fee-7036-59f8-a0ec-24424c83cf87"


def test_anniversaries_are_stamped_with_the_day_their_records_last_changed():
    """Anniversaries carried their founding day as DTSTAMP and no LAST-MODIFIED, so a later
    change of their text never reached a calendar."""
    city = DATA.city("brno")
    office = DATA.office("stuttgart")
    later = dataclasses.replace(
        DATA, cities=(dataclasses.replace(city, updated=dt.date(2027, 3, 1)),)
    )
    before = next(e for e in anniversaries(DATA, format_date) if e.lang == "de")
    after = next(e for e in anniversaries(later, format_date) if e.lang == "de")
    changed = max(city.updated, office.updated)
    assert before.updated == dt.datetime.combine(changed, dt.time(), BERLIN).astimezone(dt.UTC)
    assert after.updated == dt.datetime(2027, 2, 28, 23, 0, tzinfo=dt.UTC)  # midnight in Berlin
    assert after.sequence > before.sequence


def test_an_anniversary_inherits_the_caveat_of_its_relation():
    """Samara's status is confirmed only up to 2022, but its anniversary was published as a
    confirmed event: it is tentative, and its text says why, on pages and in feeds."""
    city = DATA.city("brno")
    relation = dataclasses.replace(city.relations[0], status_as_of=2022)
    caveated = dataclasses.replace(DATA, cities=(dataclasses.replace(city, relations=(relation,)),))
    german, english = sorted(anniversaries(caveated, format_date), key=lambda e: e.lang)
    assert german.status == english.status == "tentative"
    assert german.summary.endswith("Dass sie besteht, ist zuletzt für 2022 belegt.")
    assert english.summary.endswith("That it continues is confirmed only up to 2022.")
    assert all(e.status == "confirmed" for e in anniversaries(DATA, format_date))
