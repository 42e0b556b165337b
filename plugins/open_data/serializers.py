"""Serializers of the partner-city records, and their inverse for consumers and tests.

* JSON: one object per city, nested like the data file (`cities_to_json` / `cities_from_json`).
* GeoJSON (RFC 7946): one Feature per city, coordinates in [longitude, latitude] order; a city
  without coordinates has `"geometry": null`, which the RFC allows.
* CSV (RFC 4180, UTF-8 with a byte-order mark, header row): one row per relation, columns as in
  `CSV_COLUMNS`.

`CSV_COLUMNS` also documents every field on the open-data page, so the documentation and the
files cannot drift apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from plugins.core.data import LocalText
from plugins.core.site_data import Link, PartnerCity, Population, Relation

LICENCE = {
    "id": "dl-de/zero-2-0",
    "name": "Datenlizenz Deutschland – Zero – Version 2.0",
    "url": "https://www.govdata.de/dl-de/zero-2-0",
}

# Coordinates and some population figures come from GeoNames, whose licence asks for credit.
GEONAMES_LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "GeoNames (https://www.geonames.org/)",
    "fields": ["coordinates", "population where its source is GeoNames"],
}
# The licences in a sentence each, for the spreadsheets' licence sheet and the dataset metadata.
LICENCE_NOTE = LocalText(
    de=f"Die Daten stehen unter der {LICENCE['name']} ({LICENCE['url']}): Sie dürfen sie "
    "ohne Einschränkung nutzen, auch ohne Quellenangabe.",
    en=f"The data are licensed under the {LICENCE['name']} ({LICENCE['url']}): you may use "
    "them without restriction, even without naming the source.",
)
GEONAMES_NOTE = LocalText(
    de="Ausgenommen sind die Koordinaten (lat, lon) und die Einwohnerzahlen mit der Quelle "
    f"GeoNames: Sie stehen unter der Lizenz {GEONAMES_LICENCE['name']} "
    f"({GEONAMES_LICENCE['url']}); wer sie weiterverwendet, nennt "
    f"{GEONAMES_LICENCE['attribution']} als Quelle.",
    en="Except for the coordinates (lat, lon) and the population figures whose source is "
    f"GeoNames: they are licensed under {GEONAMES_LICENCE['name']} "
    f"({GEONAMES_LICENCE['url']}); whoever reuses them names "
    f"{GEONAMES_LICENCE['attribution']} as the source.",
)

# (column, description de, description en)
CSV_COLUMNS = [
    (
        "slug",
        "Kennung der Stadt, Teil der Adresse ihrer Seite",
        "Identifier of the city, part of its page address",
    ),
    ("name_de", "Name auf Deutsch", "Name in German"),
    ("name_en", "Name auf Englisch", "Name in English"),
    (
        "name_local",
        "Name in der Landessprache und -schrift",
        "Name in the local language and script",
    ),
    ("local_lang", "Sprache des lokalen Namens (BCP 47)", "Language of the local name (BCP 47)"),
    ("country", "Staat (ISO 3166-1 Alpha-2)", "Country (ISO 3166-1 alpha-2)"),
    (
        "lat",
        "Breitengrad (WGS 84, Dezimalgrad); leer, wenn unbekannt",
        "Latitude (WGS 84, decimal degrees); empty if unknown",
    ),
    (
        "lon",
        "Längengrad (WGS 84, Dezimalgrad); leer, wenn unbekannt",
        "Longitude (WGS 84, decimal degrees); empty if unknown",
    ),
    ("wikidata", "Wikidata-Kennung, falls geprüft", "Wikidata identifier, where checked"),
    ("geonames", "GeoNames-Kennung", "GeoNames identifier"),
    (
        "office",
        "Einrichtung: stuttgart, region-stuttgart oder dortmund",
        "Office: stuttgart, region-stuttgart or dortmund",
    ),
    (
        "type",
        "Art: partnerschaft, freundschaft, solidaritaetspartnerschaft, "
        "projektpartnerschaft, partnerregion",
        "Type: partnerschaft (twin town), freundschaft (friendship), solidaritaetspartnerschaft "
        "(solidarity), projektpartnerschaft (project), partnerregion (partner region)",
    ),
    ("since", "Jahr des Beginns; leer, wenn unbekannt", "Year it began; empty if unknown"),
    (
        "since_date",
        "Tag des Beginns (JJJJ-MM-TT), wenn eindeutig belegt",
        "Day it began (YYYY-MM-DD), where clearly documented",
    ),
    ("status", "aktiv, ruhend oder beendet", "aktiv (active), ruhend (dormant) or beendet (ended)"),
    (
        "status_as_of",
        "Letztes Jahr, für das eine Quelle den Status belegt; leer, wenn er aktuell belegt ist",
        "Last year for which a source confirms the status; empty if it is confirmed as current",
    ),
    (
        "holder_de",
        "Träger der Beziehung, wenn es nicht der Träger der Einrichtung ist, Deutsch",
        "Who holds the relation, where not the office's own body, German",
    ),
    (
        "holder_en",
        "Träger der Beziehung, wenn es nicht der Träger der Einrichtung ist, Englisch",
        "Who holds the relation, where not the office's own body, English",
    ),
    ("note_de", "Hinweis zur Beziehung, Deutsch", "Note on the relation, German"),
    ("note_en", "Hinweis zur Beziehung, Englisch", "Note on the relation, English"),
    ("population", "Einwohnerzahl", "Population"),
    (
        "population_year",
        "Bezugsjahr der Einwohnerzahl; leer, wenn die Quelle keines nennt",
        "Year of the population figure; empty if the source gives none",
    ),
    ("population_source", "Quelle der Einwohnerzahl", "Source of the population figure"),
    ("population_approximate", "true bei ungefähren Angaben", "true for approximate figures"),
]

# Fields of the JSON and GeoJSON files that the CSV does not have (nested names).
NESTED_ONLY = [
    ("summary.de, summary.en", "Kurzbeschreibung der Stadt", "Short description of the city"),
    ("links[].url", "Adresse einer weiterführenden amtlichen Seite", "Address of an official page"),
    ("links[].title.de, .en", "Linktext dieser Seite", "Link text of that page"),
    (
        "licence, third_party",
        "Lizenz der Datei; Angaben Dritter mit eigener Lizenz (GeoNames)",
        "Licence of the file; third-party values with their own licence (GeoNames)",
    ),
    (
        "id",
        "Nur GeoJSON: Kennung (slug) des Features",
        "GeoJSON only: identifier (slug) of the feature",
    ),
    ("url", "Nur GeoJSON: Adresse der Seite der Stadt", "GeoJSON only: address of the city's page"),
    (
        "geometry",
        "Nur GeoJSON: Punkt [Länge, Breite]; null, wenn keine geprüften Koordinaten vorliegen",
        "GeoJSON only: point [longitude, latitude]; null where no checked coordinates exist",
    ),
]


def _local(text: LocalText | None) -> dict | None:
    return None if text is None else {"de": text.de, "en": text.en}


def city_to_dict(city: PartnerCity) -> dict:
    """A city as plain JSON data, nested like data/partner_cities.yaml."""
    return {
        "slug": city.slug,
        "name": {
            "de": city.name.de,
            "en": city.name.en,
            "local": city.local_name,
            "local_lang": city.local_lang,
        },
        "country": city.country,
        "coordinates": None if city.lat is None else {"lat": city.lat, "lon": city.lon},
        "wikidata": city.wikidata,
        "geonames": city.geonames,
        "relations": [
            {
                "office": r.office,
                "type": r.type,
                "since": r.since,
                "since_date": r.since_date.isoformat() if r.since_date else None,
                "status": r.status,
                "status_as_of": r.status_as_of,
                "holder": _local(r.holder),
                "note": _local(r.note),
            }
            for r in city.relations
        ],
        "population": None
        if city.population is None
        else {
            "value": city.population.value,
            "year": city.population.year,
            "source": city.population.source,
            "approximate": city.population.approximate,
        },
        "summary": _local(city.summary),
        "links": [{"url": link.url, "title": _local(link.title)} for link in city.links],
    }


def city_from_dict(data: dict) -> PartnerCity:
    """The inverse of `city_to_dict`."""

    def local(value):
        return None if value is None else LocalText(**value)

    coordinates = data["coordinates"] or {"lat": None, "lon": None}
    population = data["population"]
    return PartnerCity(
        slug=data["slug"],
        name=LocalText(de=data["name"]["de"], en=data["name"]["en"]),
        local_name=data["name"]["local"],
        local_lang=data["name"]["local_lang"],
        country=data["country"],
        lat=coordinates["lat"],
        lon=coordinates["lon"],
        wikidata=data["wikidata"],
        geonames=data["geonames"],
        relations=tuple(
            Relation(
                office=r["office"],
                type=r["type"],
                since=r["since"],
                since_date=dt.date.fromisoformat(r["since_date"]) if r["since_date"] else None,
                status=r["status"],
                status_as_of=r["status_as_of"],
                holder=local(r["holder"]),
                note=local(r["note"]),
            )
            for r in data["relations"]
        ),
        population=None if population is None else Population(**population),
        summary=local(data["summary"]),
        links=tuple(Link(url=link["url"], title=local(link["title"])) for link in data["links"]),
    )


def cities_to_json(cities: tuple[PartnerCity, ...]) -> bytes:
    document = {
        "licence": LICENCE,
        "third_party": [GEONAMES_LICENCE],
        "cities": [city_to_dict(city) for city in cities],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def cities_from_json(raw: bytes) -> list[PartnerCity]:
    return [city_from_dict(item) for item in json.loads(raw)["cities"]]


def cities_to_geojson(cities: tuple[PartnerCity, ...], page_url) -> bytes:
    """RFC 7946 FeatureCollection; `page_url(city)` gives the profile address for `url`."""
    features = []
    for city in cities:
        geometry = (
            None if city.lat is None else {"type": "Point", "coordinates": [city.lon, city.lat]}
        )  # RFC 7946: lon, lat
        properties = city_to_dict(city)
        properties.pop("coordinates")
        properties["url"] = page_url(city)
        features.append(
            {"type": "Feature", "id": city.slug, "geometry": geometry, "properties": properties}
        )
    # licence data as foreign members (RFC 7946, section 6.1)
    document = {
        "type": "FeatureCollection",
        "licence": LICENCE,
        "third_party": [GEONAMES_LICENCE],
        "features": features,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# Columns the serializer writes from numbers; every other cell is text from the data files.
NUMERIC_COLUMNS = {
    "lat",
    "lon",
    "geonames",
    "since",
    "status_as_of",
    "population",
    "population_year",
}
# A text cell starting with one of these is run as a formula by spreadsheet programs
# (OWASP "CSV injection"): `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as it is: an apostrophe before what would start a formula.
    The open-data page says so."""
    return "'" + text if text.startswith(FORMULA_START) else text


def relation_records(cities: tuple[PartnerCity, ...]) -> list[dict[str, object]]:
    """One record per relation, keyed by `CSV_COLUMNS`, with typed values: numbers, a date,
    a boolean, text, or None where nothing is known. The CSV writes them as text, the
    spreadsheet as typed cells."""
    records = []
    for city in cities:
        population = city.population
        for relation in city.relations:
            records.append(
                {
                    "slug": city.slug,
                    "name_de": city.name.de,
                    "name_en": city.name.en,
                    "name_local": city.local_name,
                    "local_lang": city.local_lang,
                    "country": city.country,
                    "lat": city.lat,
                    "lon": city.lon,
                    "wikidata": city.wikidata,
                    "geonames": city.geonames,
                    "office": relation.office,
                    "type": relation.type,
                    "since": relation.since,
                    "since_date": relation.since_date,
                    "status": relation.status,
                    "status_as_of": relation.status_as_of,
                    "holder_de": relation.holder.de if relation.holder else None,
                    "holder_en": relation.holder.en if relation.holder else None,
                    "note_de": relation.note.de if relation.note else None,
                    "note_en": relation.note.en if relation.note else None,
                    "population": population.value if population else None,
                    "population_year": population.year if population else None,
                    "population_source": population.source if population else None,
                    "population_approximate": population.approximate if population else None,
                }
            )
    return records


def _csv_cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    if column in NUMERIC_COLUMNS:
        return str(value)
    return spreadsheet_safe(str(value))


def csv_rows(cities: tuple[PartnerCity, ...]) -> list[dict[str, str]]:
    return [
        {column: _csv_cell(column, value) for column, value in record.items()}
        for record in relation_records(cities)
    ]


def cities_to_csv(cities: tuple[PartnerCity, ...]) -> bytes:
    """RFC 4180 with a UTF-8 byte-order mark: without it, spreadsheet programs that are not
    told the encoding read UTF-8 as their local code page (`StraÃŸburg`)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=[c for c, _de, _en in CSV_COLUMNS], lineterminator="\r\n"
    )
    writer.writeheader()
    writer.writerows(csv_rows(cities))
    return buffer.getvalue().encode("utf-8-sig")
