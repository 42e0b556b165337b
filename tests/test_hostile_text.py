"""Text that passes every check but means something in HTML, JSON, iCalendar or a spreadsheet
comes out as text everywhere the site writes it: in elements, attributes, <title>, JSON-LD,
the calendar feeds, the CSV file and the spreadsheets.

A copy of the real project gets such text in a partner city's names and summary, in an event's
title, place and summary, and in a page's title and summary; the site is built and every place
that shows them is read back with a parser.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from plugins.core.build import build
from tests.built_html import read_html
from tests.fixture_site import copy_project

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://international.example.org"
# HTML element and attribute breakers, a JSON-LD breaker, iCalendar separators, a formula
CITY = 'Straß</script><script>alert(1)</script>" onmouseover="alert(2)'
CITY_EN = '=HYPERLINK("https://evil.example";"Strasbourg") </script>'
SUMMARY = '=HYPERLINK("https://evil.example";"Klick") & <b>fett</b> {{ 7*7 }} ${x}'
TITLE = '"><img src=x onerror=alert(3)>; Komma, Semikolon \\ Backslash'
PLACE = "=cmd|' /C calc'!A0 </script>"
PAGE_TITLE = "Impressum </title><script>alert(4)</script>"


def words(text: str) -> str:
    """Text as read, typography undone: no-break spaces as spaces, curled quotes straight."""
    straight = text.translate(str.maketrans("„“”‚‘’", "\"\"\"'''"))
    return " ".join(straight.split())


def yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "site")
    cities = project / "data" / "partner_cities.yaml"
    text = cities.read_text(encoding="utf-8")
    for old, new in (
        ('de: "Straßburg"', f"de: {yaml_string(CITY)}"),
        ('en: "Strasbourg"', f"en: {yaml_string(CITY_EN)}"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    start = text.index("summary:", text.index("slug: strasbourg"))
    line_end = text.index("\n", text.index("de:", start))
    text = text[: text.index("de:", start)] + f"de: {yaml_string(SUMMARY)}" + text[line_end:]
    cities.write_text(text, encoding="utf-8")
    for lang, name in (("de", "treffen"), ("en", "meeting")):
        (project / "content" / "events" / lang / f"{name}.md").write_text(
            f"Title: {TITLE}\nUID: hostile-0001@example\nStart: 2027-05-09 18:00\nEnd: 20:00\n"
            f"Location: {PLACE}\nOffice: stuttgart\nCities: strasbourg\nUpdated: 2027-01-10\n"
            f"Summary: {SUMMARY}\n\nText.\n",
            encoding="utf-8",
        )
    page = project / "content" / "pages" / "de" / "impressum.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Title: Impressum", f"Title: {PAGE_TITLE}", 1),
        encoding="utf-8",
    )
    output = project / "output"
    settings = {
        "PATH": str(project / "content"),
        "DATA_PATH": str(project / "data"),
        "SITEURL": SITE,
        "EVENTS_TODAY": "2027-01-15",
    }
    result = build(ROOT / "publishconf.py", output, overrides=settings)
    assert result.ok, "\n".join(result.problems)
    return output


PAGES = [
    "partnerstaedte/strasbourg/index.html",
    "en/partner-cities/strasbourg/index.html",
    "partnerstaedte/index.html",
    "veranstaltungen/treffen/index.html",
    "veranstaltungen/index.html",
    "impressum/index.html",
    "index.html",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_markup_of_the_text_reaches_a_page(site, path):
    document = read_html(site / path)
    for element in document.elements:
        assert not any(name.startswith("on") for name in element.attrs), element
        if element.tag == "script":
            assert element.attrs.get("type") == "application/ld+json" or "src" in element.attrs
        if element.tag == "img":
            assert element.attrs.get("src") != "x"
        assert element.tag != "b" or not element.is_inside("p", "")


def test_the_text_shows_as_written(site):
    profile = read_html(site / "partnerstaedte/strasbourg/index.html")
    assert profile.first("h1").text.startswith(CITY)
    assert SUMMARY in " ".join(e.text for e in profile.find_all("p"))
    event = read_html(site / "veranstaltungen/treffen/index.html")
    assert words(TITLE) in words(event.first("h1").text)  # typogrify: no-break spaces
    legal = read_html(site / "impressum/index.html")
    assert legal.first("title").text.startswith(PAGE_TITLE)
    assert legal.first("meta", name="description").attrs["content"]


def test_json_ld_holds_the_text_as_written(site):
    profile = read_html(site / "partnerstaedte/strasbourg/index.html")
    data = profile.json_ld("City")
    assert data["name"] == CITY
    english = read_html(site / "en/partner-cities/strasbourg/index.html")
    data = english.json_ld("City")
    assert data["name"] == CITY_EN
    event = read_html(site / "veranstaltungen/treffen/index.html")
    data = event.json_ld("Event")
    assert (data["name"], data["description"], data["location"]["name"]) == (TITLE, SUMMARY, PLACE)


@pytest.mark.parametrize(
    "feed", ["veranstaltungen/alle.ics", "partnerstaedte/strasbourg/veranstaltungen.ics"]
)
def test_feeds_hold_the_text_as_written(site, feed):
    calendar = Calendar.from_ical((site / feed).read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == "hostile-0001@example"]
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == (TITLE, PLACE)
    assert sorted(event.keys()) == sorted(set(event.keys()))  # no property was smuggled in


def test_csv_cells_are_text_not_formulas(site):
    rows = list(
        csv.DictReader(io.StringIO((site / "daten/partnerstaedte.csv").read_text("utf-8-sig")))
    )
    (row,) = [row for row in rows if row["slug"] == "strasbourg"]
    assert row["name_de"] == CITY
    assert row["name_en"] == "'" + CITY_EN  # shown as text; the open-data page says so
    data = json.loads((site / "daten/partnerstaedte.json").read_text(encoding="utf-8"))
    city = next(c for c in data["cities"] if c["slug"] == "strasbourg")
    assert city["summary"]["de"] == SUMMARY  # JSON unchanged; the CSV has no summary column
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r"))


def test_spreadsheet_cells_hold_the_text_as_written_and_never_a_formula(site):
    sheet = openpyxl.load_workbook(site / "daten/partnerstaedte.xlsx").worksheets[0]
    rows = list(sheet.iter_rows())
    columns = [cell.value for cell in rows[0]]
    (row,) = [dict(zip(columns, row, strict=True)) for row in rows if row[0].value == "strasbourg"]
    assert (row["name_de"].value, row["name_en"].value) == (CITY, CITY_EN)  # no apostrophe
    assert row["name_en"].data_type == "s" and row["name_en"].quotePrefix
    sheet = openpyxl.load_workbook(site / "daten/veranstaltungen.xlsx").worksheets[0]
    rows = list(sheet.iter_rows())
    columns = [cell.value for cell in rows[0]]
    (event,) = [
        dict(zip(columns, row, strict=True))
        for row in rows
        if row[0].value == "hostile-0001@example"
    ]
    assert (event["title_de"].value, event["location"].value) == (TITLE, PLACE)
    assert event["location"].data_type == "s" and event["location"].quotePrefix
    assert event["start"].value == dt.datetime(2027, 5, 9, 18, 0)  # local time, as written
    assert event["timezone"].value == "Europe/Berlin"
    for sheet in (rows, openpyxl.load_workbook(site / "daten/partnerstaedte.xlsx").active):
        assert all(cell.data_type != "f" for row in sheet for cell in row)
