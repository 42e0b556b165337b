"""Structured data that search engines read: every JSON-LD block of the site is valid
schema.org (checked offline against the vocabulary), events meet what event results require,
days to mark are not dressed up as events, and every page's breadcrumbs are a BreadcrumbList.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from icalendar import vRecur

from plugins.core.build import build
from plugins.events.generator import repeat_text
from tests.built_html import read_html
from tests.fixture_site import copy_project
from tests.schema_org import lineage, problems
from tests.test_feeds import event

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://international.example.org"
OFFSET_DATE_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}"
EVENTS = {
    "treffen": (
        "meeting",
        "Title: {title}\nUID: ld-meeting-0001@example\nStart: 2027-05-12 18:00\nEnd: 20:30\n"
        "Location: Rathaus Stuttgart, Großer Sitzungssaal\nAddress: Marktplatz 1, 70173 Stuttgart\n"
        "Office: stuttgart\nCities: strasbourg\nUpdated: 2027-01-10\n\n{text}\n",
    ),
    "forum": (
        "forum",
        "Title: {title}\nUID: ld-forum-0001@example\nStart: 2027-02-01 10:00\nEnd: 11:30\n"
        "Recurrence: FREQ=MONTHLY;BYDAY=1MO;COUNT=6\nOnline: https://video.example.org/forum\n"
        "Location: Europabüro, Sitzungsraum\nAddress: Rue Montoyer 14, 1000 Bruxelles, BE\n"
        "Office: region-stuttgart\nUpdated: 2027-01-10\n\n{text}\n",
    ),
    "sprechstunde": (
        "consultation",
        "Title: {title}\nUID: ld-online-0001@example\nStart: 2027-03-03 09:00\nEnd: 10:00\n"
        "Recurrence: FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630\nOnline: https://video.example.org/s\n"
        "Office: dortmund\nUpdated: 2027-01-10\n\n{text}\n",
    ),
}


def blocks(path: Path) -> list[dict]:
    document = read_html(path)
    return [json.loads(s.text) for s in document.find_all("script", type="application/ld+json")]


def of_type(path: Path, name: str) -> list[dict]:
    return [block for block in blocks(path) if name in lineage(block.get("@type", ""))]


def pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "pagefind" not in path.parts)


@pytest.fixture(scope="module")
def events_site(tmp_path_factory) -> Path:
    """The real project with three gatherings: at a place, hybrid, and online only."""
    project = copy_project(tmp_path_factory.mktemp("ld") / "site")
    for german, (english, text) in EVENTS.items():
        for lang, name, title, body in (
            ("de", german, f"Termin {german}", "Beschreibung."),
            ("en", english, f"Event {english}", "Description."),
        ):
            (project / "content" / "events" / lang / f"{name}.md").write_text(
                text.format(title=title, text=body), encoding="utf-8"
            )
    settings = {
        "PATH": str(project / "content"),
        "DATA_PATH": str(project / "data"),
        "SITEURL": SITE,
        "EVENTS_TODAY": "2027-01-15",
    }
    result = build(ROOT / "publishconf.py", project / "output", overrides=settings)
    assert result.ok, "\n".join(result.problems)
    return project / "output"


def test_every_json_ld_block_of_the_site_is_valid_schema_org(built_site, events_site):
    found = []
    for site in (built_site, events_site):
        for path in pages(site):
            for block in blocks(path):
                found += [f"{path.relative_to(site)}: {p}" for p in problems(block)]
    assert not found, "\n".join(found)


def test_the_vocabulary_check_can_fail():
    wrong = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "x",
        "startDate": "morgen",
        "eventStatus": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "Country", "nmae": "x"},
        "colour": "red",
    }
    messages = problems(wrong)
    assert any("startDate" in m for m in messages)
    assert any("eventStatus" in m for m in messages)
    assert any("unknown property nmae" in m for m in messages)
    assert any("unknown property colour" in m for m in messages)


@pytest.mark.parametrize(
    ("path", "mode", "places"),
    [
        ("veranstaltungen/treffen", "OfflineEventAttendanceMode", ["Place"]),
        ("en/events/forum", "MixedEventAttendanceMode", ["Place", "VirtualLocation"]),
        ("veranstaltungen/sprechstunde", "OnlineEventAttendanceMode", ["VirtualLocation"]),
    ],
)
def test_gatherings_carry_what_event_results_require(events_site, path, mode, places):
    (event,) = of_type(events_site / path / "index.html", "Event")
    assert event["name"] and event["description"]
    assert re.fullmatch(OFFSET_DATE_TIME, event["startDate"]), event["startDate"]
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == f"https://schema.org/{mode}"
    assert all(o["@type"] == "GovernmentOrganization" and o["url"] for o in event["organizer"])
    locations = event["location"] if isinstance(event["location"], list) else [event["location"]]
    assert [location["@type"] for location in locations] == places
    for location in locations:
        if location["@type"] == "Place":
            address = location["address"]
            assert address["@type"] == "PostalAddress"
            assert address["streetAddress"] and address["postalCode"]
            assert address["addressLocality"] and address["addressCountry"]
        else:
            assert location["url"].startswith("https://")


def test_the_schedule_says_the_whole_rule(events_site):
    (forum,) = of_type(events_site / "veranstaltungen/forum/index.html", "Event")
    assert forum["eventSchedule"] == {
        "@type": "Schedule",
        "repeatFrequency": "P1M",
        "byDay": ["1MO"],
        "repeatCount": 6,
        "startDate": "2027-02-01",
        "startTime": "10:00:00",
        "endTime": "11:30:00",
        "scheduleTimezone": "Europe/Berlin",
    }
    assert forum["startDate"] == "2027-02-01T10:00:00+01:00"  # the next occurrence
    (weekly,) = of_type(events_site / "veranstaltungen/sprechstunde/index.html", "Event")
    assert weekly["eventSchedule"]["byDay"] == ["https://schema.org/Wednesday"]
    assert weekly["eventSchedule"]["endDate"] == "2027-06-30"


def test_the_address_is_shown_on_the_event_page(events_site):
    page = read_html(events_site / "en/events/forum/index.html")
    facts = " ".join(element.text for element in page.find_all("dd"))
    assert "Rue Montoyer 14, 1000 Bruxelles, Belgium" in " ".join(facts.split())


def test_days_to_mark_are_not_marked_up_as_events(built_site):
    """Anniversaries (and days without a place) are commemorations: nobody attends them at a
    place, so they carry no Event markup (search engines' event results are for events one
    attends)."""
    marked = [
        path.relative_to(built_site)
        for path in pages(built_site / "veranstaltungen") + pages(built_site / "en" / "events")
        if of_type(path, "Event")
    ]
    assert marked == []
    assert (built_site / "veranstaltungen/jahrestag-stuttgart-strasbourg/index.html").exists()


def test_every_page_with_breadcrumbs_has_the_same_breadcrumb_list(built_site, events_site):
    checked = 0
    for site in (built_site, events_site):
        for path in pages(site):
            document = read_html(path)
            trail = [e for e in document.find_all("li") if e.is_inside("nav", "breadcrumbs")]
            lists = of_type(path, "BreadcrumbList")
            if not trail:
                assert not lists, path
                continue
            (crumbs,) = lists
            items = crumbs["itemListElement"]
            assert [item["position"] for item in items] == list(range(1, len(trail) + 1))
            assert [item["name"] for item in items] == [" ".join(e.text.split()) for e in trail]
            links = [
                e.attrs["href"] for e in document.find_all("a") if e.is_inside("nav", "breadcrumbs")
            ]
            assert [item["item"]["@id"] for item in items[:-1]] == links, path
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("rule", "german", "english"),
    [
        ("FREQ=YEARLY", "jedes Jahr", "every year"),
        (
            "FREQ=MONTHLY;BYDAY=1MO;COUNT=6",
            "jeden Monat am ersten Montag, 6-mal",
            "every month on the first Monday, 6 times",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270630",
            "alle 2 Wochen am Montag und Mittwoch, bis 30. Juni 2027",
            "every 2 weeks on Monday and Wednesday, until 30 June 2027",
        ),
        (
            "FREQ=YEARLY;BYMONTH=5;BYDAY=-1FR",
            "jedes Jahr im Mai am letzten Freitag",
            "every year in May on the last Friday",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1",
            "nach der Regel FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1",
            "by the rule FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1",
        ),
    ],
)
def test_event_pages_say_the_repetition_in_words(rule, german, english):
    """The page said "Repeats by the rule FREQ=MONTHLY;COUNT=6;BYDAY=1MO" to visitors."""
    recurrence = vRecur.from_ical(rule)
    assert repeat_text(event(lang="de", recurrence=recurrence)) == f"Wiederholung: {german}"
    assert repeat_text(event(lang="en", recurrence=recurrence)) == f"Repeats {english}"
