"""Events in the built site: pages, listings, feeds at their public URLs, and what visitors see.

Two builds are checked. The real site (`built_site`) must publish valid feeds for every office
and city. A copy of the project with the test events of tests/fixtures/events, built as of
15 January 2027 with a public address, shows that an event added as a Markdown file appears on
its pages and in every feed it belongs to – and in no other.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from plugins.core.build import build
from plugins.core.site_data import load_site_data
from plugins.events.generator import OPEN_DATA_FIELDS
from plugins.events.model import revision
from tests.built_html import read_html
from tests.fixture_site import add_fixture_events, copy_project, run_invoke
from tests.ical_tools import physical_lines, read_with_icalendar, read_with_icaljs, unfold

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(ROOT / "data")
SITE = "https://international.example.org"
TODAY = "2027-01-15"
EVENTS = {"de": "veranstaltungen", "en": "en/events"}
CITIES = {"de": "partnerstaedte", "en": "en/partner-cities"}
ALL = {"de": "alle.ics", "en": "all.ics"}
CITY_FEED = {"de": "veranstaltungen.ics", "en": "events.ics"}


def feed_paths(lang: str) -> list[str]:
    """Every feed URL PRODUCT.md promises, for one language."""
    paths = [f"{EVENTS[lang]}/{ALL[lang]}"]
    paths += [f"{EVENTS[lang]}/{office.id}.ics" for office in DATA.offices]
    paths += [f"{CITIES[lang]}/{city.slug}/{CITY_FEED[lang]}" for city in DATA.cities]
    return paths


@pytest.fixture(scope="module")
def events_site(tmp_path_factory) -> Path:
    project = add_fixture_events(copy_project(tmp_path_factory.mktemp("project") / "site"))
    output = project / "output"
    settings = {
        "PATH": str(project / "content"),
        "DATA_PATH": str(project / "data"),
        "SITEURL": SITE,
        "EVENTS_TODAY": TODAY,
    }
    result = build(ROOT / "publishconf.py", output, overrides=settings)
    assert result.ok, "\n".join(result.problems)
    return output


def words(text: str) -> str:
    """Text as a reader sees it: typographic no-break spaces and line breaks as plain spaces."""
    return " ".join(text.replace("\xa0", " ").split())


def feed(site: Path, path: str) -> bytes:
    return (site / path).read_bytes()


# --- the real site ----------------------------------------------------------------------------


def test_every_promised_feed_exists_in_both_languages(built_site):
    for lang in ("de", "en"):
        for path in feed_paths(lang):
            assert (built_site / path).is_file(), path


def test_every_feed_of_the_real_site_parses_in_both_parsers_and_follows_the_byte_rules(built_site):
    paths = sorted(built_site.rglob("*.ics"))
    raws = [path.read_bytes() for path in paths]
    for path, raw, parsed in zip(paths, raws, read_with_icaljs(raws), strict=True):
        where = path.relative_to(built_site)
        assert re.search(rb"(?<!\r)\n", raw) is None, where
        assert all(len(line) <= 75 for line in physical_lines(raw)), where
        lines = unfold(raw)
        assert sum(line.startswith("PRODID:") for line in lines) == 1, where
        for stamp in (line for line in lines if line.startswith("DTSTAMP")):
            assert re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", stamp), where
        used = {m for line in lines for m in re.findall(r";TZID=([^:;]+)", line)}
        assert used <= set(parsed["timezones"]), where
        uids = [event["uid"] for event in parsed["events"]]
        assert len(uids) == len(set(uids)), where
        python = read_with_icalendar(raw)["events"]
        assert [e["uid"] for e in python] == uids, where
        assert [e["start"] for e in python] == [
            {**e["start"], "local": e["start"]["local"].removesuffix("Z")} for e in parsed["events"]
        ], where


def test_the_real_feeds_hold_the_anniversaries_of_active_partnerships_with_known_days(built_site):
    expected = {
        (relation.office, city.slug, relation.since_date.strftime("%Y-%m-%d"))
        for city in DATA.cities
        for relation in city.relations
        if relation.since_date and relation.status == "aktiv"
    }
    parsed = read_with_icalendar(feed(built_site, "veranstaltungen/alle.ics"))
    anniversaries = {
        e["start"]["local"]: e for e in parsed["events"] if e["summary"].startswith("Jahrestag")
    }
    assert {day for _, _, day in expected} == set(anniversaries)
    for event in anniversaries.values():
        assert event["rrule"] == "FREQ=YEARLY" and event["start"]["date"]
    # a dormant partnership has no anniversary entry
    assert not any("Rostow" in e["summary"] for e in parsed["events"])


def test_the_real_site_publishes_no_event_without_a_source(built_site):
    """Europe Day was published as a confirmed event of all three offices, which no source
    says: the real calendars hold the partnerships' anniversaries only, until an office
    announces an event."""
    for office in DATA.offices:
        parsed = read_with_icalendar(feed(built_site, f"veranstaltungen/{office.id}.ics"))
        assert all(e["summary"].startswith("Jahrestag") for e in parsed["events"]), office.id


# --- an event added as a Markdown file ------------------------------------------------------


def test_an_added_event_has_its_page_in_both_languages(events_site):
    for lang, slug, title, other in (
        ("de", "delegation-bruenn", "Delegation aus Brünn", "/en/events/delegation-brno/"),
        ("en", "delegation-brno", "Delegation from Brno", "/veranstaltungen/delegation-bruenn/"),
    ):
        document = read_html(events_site / EVENTS[lang] / slug / "index.html")
        assert words(document.first("h1").text).startswith(title)
        switch = document.inside("a", "nav", "lang-nav")
        assert [a.attrs["href"] for a in switch] == [f"{SITE}{other}"]
        text = words(document.first("main").text)
        assert (
            "Mittwoch, 12. Mai 2027, 18:00–20:30 Uhr"
            if lang == "de"
            else "Wednesday, 12 May 2027, 18:00–20:30"
        ) in text


def test_an_added_event_appears_in_every_feed_it_belongs_to_and_no_other(events_site):
    uid = "fixture-delegation-brno@example"
    for lang in ("de", "en"):
        belongs = {
            f"{EVENTS[lang]}/{ALL[lang]}",
            f"{EVENTS[lang]}/stuttgart.ics",
            f"{CITIES[lang]}/brno/{CITY_FEED[lang]}",
        }
        paths = feed_paths(lang)
        parsed = read_with_icaljs([feed(events_site, path) for path in paths])
        for path, calendar in zip(paths, parsed, strict=True):
            uids = {event["uid"] for event in calendar["events"]}
            assert (uid in uids) == (path in belongs), path


def test_the_feed_reads_back_what_the_markdown_says(events_site):
    for reader in (
        read_with_icaljs([feed(events_site, "veranstaltungen/alle.ics")])[0],
        read_with_icalendar(feed(events_site, "veranstaltungen/alle.ics")),
    ):
        events = {event["uid"]: event for event in reader["events"]}
        delegation = events["fixture-delegation-brno@example"]
        assert delegation["summary"] == "Delegation aus Brünn, Treffen im Rathaus"
        assert delegation["location"] == "Rathaus Stuttgart, Marktplatz 1; Großer Sitzungssaal"
        assert delegation["start"]["utc"] == "2027-05-12T16:00:00.000Z"
        assert delegation["end"]["utc"] == "2027-05-12T18:30:00.000Z"
        assert delegation["start"]["zone"] == "Europe/Berlin"
        assert delegation["description"] == (
            "Eine Testveranstaltung mit Komma, Semikolon; und Backslash \\ – nur für die Tests."
        )
        assert delegation["url"] == f"{SITE}/veranstaltungen/delegation-bruenn/"
        # SEQUENCE counts minutes from 2000 to `Updated` (revision): it only ever grows
        assert delegation["status"] == "CONFIRMED"
        assert delegation["sequence"] == revision(dt.datetime(2027, 1, 10, 8, 30, tzinfo=dt.UTC))
        cancelled = events["fixture-cancelled-workshop@example"]
        assert cancelled["status"] == "CANCELLED"
        # Updated: 2027-01-12, midnight in Berlin
        assert cancelled["sequence"] == revision(dt.datetime(2027, 1, 11, 23, tzinfo=dt.UTC))
        assert cancelled["start"]["local"] == "2027-03-10"
        assert cancelled["end"]["local"] == "2027-03-12"  # the day after the last day
        night = events["fixture-dst-walk@example"]
        assert night["start"]["utc"] == "2027-03-28T01:30:00.000Z"
        assert night["status"] == "TENTATIVE"


def test_a_cancelled_event_is_clearly_marked(events_site):
    document = read_html(events_site / "veranstaltungen" / "abgesagt" / "index.html")
    (notice,) = document.with_class("p", "notice--cancelled")
    assert "Abgesagt" in notice.text
    assert document.first("h1").text.startswith("Abgesagt:")
    listing = read_html(events_site / "veranstaltungen" / "index.html")
    item = next(li for li in listing.with_class("li", "event-item") if "Workshop" in words(li.text))
    assert "event-item--cancelled" in item.attrs["class"] and "Abgesagt" in words(item.text)


def test_upcoming_and_past_are_counted_from_the_build_date(events_site):
    document = read_html(events_site / "veranstaltungen" / "index.html")
    sections = {
        heading.text: words(heading.parents[-1].text)
        for heading in document.inside("h2", "section", "events-section")
    }
    assert "Delegation aus Brünn" in sections["Kommende Termine"]
    assert "Vergangene Konferenz" in sections["Vergangene Termine"]
    assert "Vergangene Konferenz" not in sections["Kommende Termine"]
    # the next anniversary of the Brno twinning (4 December 1989) after 15 January 2027
    assert "Samstag, 4. Dezember 2027" in sections["Kommende Termine"]


def test_the_dst_night_shows_the_real_time_with_its_zone(events_site):
    document = read_html(events_site / "veranstaltungen" / "zeitumstellung" / "index.html")
    text = words(document.first("main").text)
    assert "Sonntag, 28. März 2027, 03:30–04:00 Uhr (MESZ)" in text
    assert "Vorläufig" in text


def test_office_sections_city_profiles_and_home_show_upcoming_events(events_site):
    for path, expected in (
        ("stuttgart/index.html", "Nachtwanderung zur Zeitumstellung"),
        ("partnerstaedte/brno/index.html", "Delegation aus Brünn"),
        ("partnerstaedte/leeds/index.html", "Abgesagter Workshop"),
        ("veranstaltungen/stuttgart/index.html", "Delegation aus Brünn"),
        ("index.html", "Abgesagter Workshop"),
        ("en/partner-cities/brno/index.html", "Delegation from Brno"),
    ):
        assert expected in words(read_html(events_site / path).first("main").text), path
    region = read_html(events_site / "veranstaltungen" / "region-stuttgart" / "index.html")
    assert "Delegation aus Brünn" not in words(region.first("main").text)


def test_subscribe_links_offer_webcal_and_https_for_every_feed(events_site):
    document = read_html(events_site / "en" / "events" / "index.html")
    hrefs = {a.attrs["href"] for a in document.find_all("a")}
    for name in ("all", *(office.id for office in DATA.offices)):
        assert f"webcal://international.example.org/en/events/{name}.ics" in hrefs
        assert f"{SITE}/en/events/{name}.ics" in hrefs
    city = read_html(events_site / "en" / "partner-cities" / "brno" / "index.html")
    city_hrefs = {a.attrs["href"] for a in city.find_all("a")}
    assert "webcal://international.example.org/en/partner-cities/brno/events.ics" in city_hrefs


def test_each_event_page_offers_its_own_ics_file(events_site):
    document = read_html(events_site / "veranstaltungen" / "delegation-bruenn" / "index.html")
    (download,) = [a for a in document.find_all("a") if "download" in a.attrs]
    assert (
        download.attrs["href"] == f"{SITE}/veranstaltungen/delegation-bruenn/delegation-bruenn.ics"
    )
    raw = feed(events_site, "veranstaltungen/delegation-bruenn/delegation-bruenn.ics")
    (only,) = read_with_icaljs([raw])[0]["events"]
    assert only["uid"] == "fixture-delegation-brno@example"


def test_event_json_ld_is_a_schema_org_event(events_site):
    timed = read_html(events_site / "en" / "events" / "delegation-brno" / "index.html")
    data = timed.json_ld("Event")
    assert data["name"] == "Delegation from Brno, meeting at the town hall"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["startDate"] == "2027-05-12T18:00:00+02:00"
    assert data["organizer"][0]["@type"] == "GovernmentOrganization"
    assert data["location"] == {
        "@type": "Place",
        "name": "Stuttgart town hall, Marktplatz 1; main chamber",
    }


def test_an_event_without_a_place_is_a_day_to_mark_without_event_markup(events_site):
    """No place and no online address: nothing to attend (like Europe Day), so no Event
    markup, which search engines would reject without a location anyway."""
    document = read_html(events_site / "en" / "events" / "cancelled" / "index.html")
    types = [e.text for e in document.find_all("script", type="application/ld+json")]
    assert not any('"@type": "Event"' in text for text in types)


def test_events_open_data_lists_every_event_in_both_languages(events_site):
    records = json.loads((events_site / "daten" / "veranstaltungen.json").read_text())["events"]
    by_uid = {record["uid"]: record for record in records}
    delegation = by_uid["fixture-delegation-brno@example"]
    assert delegation["title"] == {
        "de": "Delegation aus Brünn, Treffen im Rathaus",
        "en": "Delegation from Brno, meeting at the town hall",
    }
    assert delegation["start"] == "2027-05-12T18:00:00+02:00"
    assert delegation["offices"] == ["stuttgart"] and delegation["cities"] == ["brno"]
    assert by_uid["fixture-cancelled-workshop@example"]["status"] == "cancelled"
    documented = {part for name, _de, _en in OPEN_DATA_FIELDS for part in name.split(", ")}
    assert all(set(record) == documented for record in records)


def test_feeds_are_byte_identical_between_two_builds_and_do_not_depend_on_the_day(
    events_site, tmp_path
):
    project = events_site.parent
    again = tmp_path / "again"
    settings = {
        "PATH": str(project / "content"),
        "DATA_PATH": str(project / "data"),
        "SITEURL": SITE,
        "EVENTS_TODAY": "2031-06-01",  # another day: listings change, feeds must not
    }
    result = build(ROOT / "publishconf.py", again, overrides=settings)
    assert result.ok, result.problems
    first = sorted(p.relative_to(events_site) for p in events_site.rglob("*.ics"))
    second = sorted(p.relative_to(again) for p in again.rglob("*.ics"))
    assert first == second
    for path in first:
        assert (events_site / path).read_bytes() == (again / path).read_bytes(), path


def test_a_bad_event_fails_the_build_cleanly_and_keeps_the_last_good_site(tmp_path):
    project = copy_project(tmp_path / "site")
    first = run_invoke(project, "build")
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    (project / "content/events/de/kaputt.md").write_text(
        "Title: Kaputt\nUID: broken-event-0001@example\nStart: 2027-02-30\n"
        "Office: stuttgart\nUpdated: 2027-01-01\n\nText.\n",
        encoding="utf-8",
    )
    run = run_invoke(project, "build")
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert (
        "content/events/de/kaputt.md:3: Veranstaltung 'kaputt': Feld 'Start': '2027-02-30' ist "
        "kein echtes Datum" in output
    )
    assert "nichts wurde geschrieben, die Website bleibt auf dem letzten guten Stand" in output
    assert "Traceback" not in output
    after = {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    assert after == before
