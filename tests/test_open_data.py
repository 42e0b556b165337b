"""Open data: the JSON, GeoJSON and CSV files parse and round-trip to the same records; the page
documents every field of every file."""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path

import openpyxl

from plugins.core.site_data import load_site_data
from plugins.events.generator import OPEN_DATA_FIELDS
from plugins.open_data.serializers import CSV_COLUMNS, NESTED_ONLY, cities_from_json
from tests.built_html import read_html

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(ROOT / "data")


def test_json_round_trips_to_the_same_records(built_site):
    raw = (built_site / "daten/partnerstaedte.json").read_bytes()
    assert json.loads(raw)["licence"]["id"] == "dl-de/zero-2-0"
    assert cities_from_json(raw) == list(DATA.cities)


def test_geojson_is_a_feature_collection_with_lon_lat_points(built_site):
    document = json.loads((built_site / "daten/partnerstaedte.geojson").read_bytes())
    assert document["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in document["features"]}
    assert set(features) == {city.slug for city in DATA.cities}
    for city in DATA.cities:
        feature = features[city.slug]
        assert feature["type"] == "Feature"
        if city.lat is None:
            assert feature["geometry"] is None
        else:
            assert feature["geometry"] == {"type": "Point", "coordinates": [city.lon, city.lat]}
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["url"].endswith(f"/partnerstaedte/{city.slug}/")
    cairo = features["cairo"]["geometry"]["coordinates"]
    assert cairo[0] > cairo[1], "Cairo lies further east (31°) than north (30°): [lon, lat]"


def test_csv_has_a_header_and_one_row_per_relation_that_round_trips(built_site):
    raw = (built_site / "daten/partnerstaedte.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8), "spreadsheet programs need the BOM to see UTF-8"
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == [name for name, _de, _en in CSV_COLUMNS]
    expected = [(c, r) for c in DATA.cities for r in c.relations]
    assert len(rows) == len(expected)
    for row, (city, relation) in zip(rows, expected, strict=True):
        assert row["slug"] == city.slug and row["name_local"] == city.local_name
        assert row["office"] == relation.office and row["status"] == relation.status
        assert row["since"] == ("" if relation.since is None else str(relation.since))
        assert row["lat"] == ("" if city.lat is None else str(city.lat))
        assert row["note_en"] == (relation.note.en if relation.note else "")


def test_data_page_documents_every_column_and_links_the_files(built_site):
    for folder in ("daten", "en/data"):
        document = read_html(built_site / folder / "index.html")
        documented = [code.text for code in document.find_all("code")]
        assert documented == [
            name for name, _de, _en in CSV_COLUMNS + NESTED_ONLY + OPEN_DATA_FIELDS
        ]
        links = {a.attrs["href"] for a in document.find_all("a")}
        assert {
            "/daten/partnerstaedte.json",
            "/daten/partnerstaedte.geojson",
            "/daten/partnerstaedte.csv",
            "/daten/partnerstaedte.xlsx",
            "/daten/veranstaltungen.json",
            "/daten/veranstaltungen.xlsx",
        } <= links


def test_every_column_of_the_spreadsheets_is_documented(built_site):
    """partnerstaedte.xlsx has the CSV's columns; veranstaltungen.xlsx the JSON fields, a
    per-language field in one column per language, as the page says."""
    cities = openpyxl.load_workbook(built_site / "daten/partnerstaedte.xlsx").worksheets[0]
    assert [cell.value for cell in cities[1]] == [name for name, _de, _en in CSV_COLUMNS]
    events = openpyxl.load_workbook(built_site / "daten/veranstaltungen.xlsx").worksheets[0]
    fields = {part for name, _de, _en in OPEN_DATA_FIELDS for part in name.split(", ")}
    columns = [cell.value for cell in events[1]]
    undocumented = [
        column
        for column in columns
        if column not in fields and column.rsplit("_", 1)[0] not in fields
    ]
    assert not undocumented
    assert {"title_de", "title_en", "url_de", "url_en"} <= set(columns)
    for folder in ("daten", "en/data"):
        text = (built_site / folder / "index.html").read_text(encoding="utf-8")
        assert "_de" in text and "_en" in text and "title_de" in text


def test_every_field_of_the_json_files_is_documented(built_site):
    columns = {name for name, _de, _en in CSV_COLUMNS}
    roots = {
        part.split(".")[0].split("[")[0]
        for name, _de, _en in NESTED_ONLY
        for part in name.split(", ")
    }

    structure = {"cities", "type", "features", "properties"}  # the containers themselves

    def documented(key: str, prefix: str = "") -> bool:
        flat = f"{prefix}_{key}" if prefix else key
        return (
            key in structure
            or key in roots
            or flat in columns
            or any(c.startswith(flat + "_") for c in columns)
        )

    document = json.loads((built_site / "daten/partnerstaedte.json").read_bytes())
    geojson = json.loads((built_site / "daten/partnerstaedte.geojson").read_bytes())
    undocumented = [key for key in list(document) + list(geojson) if not documented(key)]
    undocumented += [key for key in geojson["features"][0] if not documented(key)]
    for city in document["cities"]:
        for key, value in city.items():
            if key == "coordinates":
                assert {"lat", "lon"} <= columns
            elif key == "relations":
                undocumented += [k for r in value for k in r if not documented(k)]
            elif key == "population" and value:
                undocumented += [
                    k for k in value if k != "value" and not documented(k, "population")
                ]
            elif not documented(key):
                undocumented.append(key)
    assert not undocumented, sorted(set(undocumented))
