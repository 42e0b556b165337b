"""What the open data is, said for machines: DCAT-AP.de for data portals, schema.org for search.

* `/daten/dcat.jsonld`: a `dcat:Catalog` with two `dcat:Dataset`s (partner cities; events) and
  their `dcat:Distribution`s, in JSON-LD, as DCAT-AP.de 2.0 describes them for GovData and
  the open-data portals of the Länder, which harvest such files.
* The open-data page carries the same datasets as schema.org `Dataset`s (JSON-LD in the page),
  which dataset search engines read.

Both are built from one table of datasets (`datasets(context)`), and only from facts the site
has: the bodies named in data/offices.yaml, the files the build writes, the cities' GeoNames
identifiers, the first year of a relation, the events' `Updated:` dates. Nothing depends on the
time of the build. Vocabularies: the dcat-ap.de licence list, the EU file types, data themes and
languages, IANA media types.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context

from plugins.core import Problem, report
from plugins.core.data import LocalText
from plugins.core.messages import Msg
from plugins.theme_l10n.l10n import language_of

from .serializers import GEONAMES_LICENCE, GEONAMES_NOTE, LICENCE

FOLDER = "daten"
PAGE_KEY = "open-data"
CATALOGUE_FILE = f"{FOLDER}/dcat.jsonld"
CATALOGUE_MEDIA_TYPE = "application/ld+json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"  # spreadsheets.py
# The GovData data-provider ID (http://dcat-ap.de/def/contributors/…), assigned by GovData's
# office when a provider registers; until then the datasets name the offices' own IRIs.
CONTRIBUTOR_SETTING = "OPEN_DATA_GOVDATA_CONTRIBUTOR_ID"
CONTRIBUTORS = "http://dcat-ap.de/def/contributors/"

LICENCE_URI = "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
GEONAMES_LICENCE_URI = "http://dcat-ap.de/def/licenses/cc-by/4.0"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
THEMES = "http://publications.europa.eu/resource/authority/data-theme"
EU_LANGUAGE = {
    "de": "http://publications.europa.eu/resource/authority/language/DEU",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
GEONAMES = "https://www.geonames.org/"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

CATALOGUE_TITLE = LocalText(
    de="Offene Daten: Internationale Beziehungen – Stuttgart, Region Stuttgart, Dortmund",
    en="Open data: international relations – Stuttgart, Stuttgart Region, Dortmund",
)
CATALOGUE_DESCRIPTION = LocalText(
    de="Die offenen Daten der Website über die internationale Arbeit der Landeshauptstadt "
    "Stuttgart, der Region Stuttgart und der Stadt Dortmund: Partnerstädte und Termine.",
    en="The open data of the website on the international work of the City of Stuttgart, the "
    "Stuttgart Region and the City of Dortmund: partner cities and events.",
)


@dataclass(frozen=True)
class Distribution:
    """One file of a dataset."""

    key: str  # the fragment of its IRI in the catalogue
    path: str  # in the output folder
    file_type: str  # code in the EU file-type list
    media_type: str
    title: LocalText
    conforms_to: str | None = None  # the specification the file follows
    lang: str | None = None  # for a file in one language only


@dataclass(frozen=True)
class Place:
    name: LocalText
    geonames: str  # the GeoNames feature IRI


@dataclass(frozen=True)
class Dataset:
    key: str
    title: LocalText
    description: LocalText
    keywords: dict[str, tuple[str, ...]]
    themes: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    places: tuple[Place, ...] = ()
    first_year: int | None = None  # the temporal coverage starts then and is open
    modified: str | None = None  # xsd:dateTime, from the data
    geonames_values: bool = False  # some values come from GeoNames (CC BY 4.0)


def _city_files() -> tuple[Distribution, ...]:
    def title(de: str, en: str) -> LocalText:
        return LocalText(de=f"Partnerstädte {de}", en=f"Partner cities {en}")

    return (
        Distribution(
            "partnerstaedte-json",
            f"{FOLDER}/partnerstaedte.json",
            "JSON",
            "application/json",
            title("als JSON", "as JSON"),
        ),
        Distribution(
            "partnerstaedte-geojson",
            f"{FOLDER}/partnerstaedte.geojson",
            "GEOJSON",
            "application/geo+json",
            title("als GeoJSON", "as GeoJSON"),
            "https://www.rfc-editor.org/rfc/rfc7946",
        ),
        Distribution(
            "partnerstaedte-csv",
            f"{FOLDER}/partnerstaedte.csv",
            "CSV",
            "text/csv",
            title("als CSV", "as CSV"),
            "https://www.rfc-editor.org/rfc/rfc4180",
        ),
        Distribution(
            "partnerstaedte-xlsx",
            f"{FOLDER}/partnerstaedte.xlsx",
            "XLSX",
            XLSX,
            title("als Tabelle (xlsx)", "as a spreadsheet (xlsx)"),
        ),
    )


def datasets(context: dict) -> list[Dataset]:
    """The datasets the site publishes, from the build's records (the events only where the
    events plugin runs)."""
    data = context["site_data"]
    places = tuple(
        Place(city.name, f"https://sws.geonames.org/{city.geonames}/")
        for city in data.cities
        if city.geonames is not None
    )
    years = [r.since for city in data.cities for r in city.relations if r.since is not None]
    found = [
        Dataset(
            key="partnerstaedte",
            title=LocalText(de="Partnerstädte", en="Partner cities"),
            description=LocalText(
                de="Die Städtepartnerschaften, Städtefreundschaften, Solidaritäts- und "
                "Projektpartnerschaften und Partnerregionen der Landeshauptstadt Stuttgart, der "
                "Region Stuttgart und der Stadt Dortmund. Je Stadt: Namen auf Deutsch, Englisch "
                "und in der Landessprache, Staat, Koordinaten, Einwohnerzahl mit Quelle und "
                "eine Kurzbeschreibung; je Beziehung: Art, Beginn und Stand.",
                en="The twin towns, friendship cities, solidarity and project partnerships and "
                "partner regions of the City of Stuttgart, the Stuttgart Region and the City "
                "of Dortmund. For each city: its names in German, English and the local "
                "language, country, coordinates, population with its source and a short "
                "description; for each relation: its type, start and status.",
            ),
            keywords={
                "de": ("Städtepartnerschaft", "Partnerstadt", "Internationale Beziehungen"),
                "en": ("town twinning", "twin town", "international relations"),
            },
            themes=("GOVE", "REGI"),
            distributions=_city_files(),
            places=places,
            first_year=min(years, default=None),
            geonames_values=True,
        )
    ]
    index = context.get("events_index")
    if index is not None:
        feeds = {lang: index.feeds[lang]["all"].path for lang in sorted(index.feeds)}
        newest = max((event.updated for event in index.events), default=None)
        files = [
            Distribution(
                "veranstaltungen-json",
                f"{FOLDER}/veranstaltungen.json",
                "JSON",
                "application/json",
                LocalText(de="Termine als JSON", en="Events as JSON"),
            ),
            Distribution(
                "veranstaltungen-xlsx",
                f"{FOLDER}/veranstaltungen.xlsx",
                "XLSX",
                XLSX,
                LocalText(de="Termine als Tabelle (xlsx)", en="Events as a spreadsheet (xlsx)"),
            ),
        ]
        language_names = {
            "de": LocalText("Deutsch", "German"),
            "en": LocalText("Englisch", "English"),
        }
        for lang, path in feeds.items():
            files.append(
                Distribution(
                    f"veranstaltungen-ics-{lang}",
                    path,
                    "ICS",
                    "text/calendar",
                    LocalText(
                        de=f"Kalender aller Termine auf {language_names[lang].de} (iCalendar)",
                        en=f"Calendar of all events in {language_names[lang].en} (iCalendar)",
                    ),
                    "https://www.rfc-editor.org/rfc/rfc5545",
                    lang,
                )
            )
        found.append(
            Dataset(
                key="veranstaltungen",
                title=LocalText(de="Termine und Jahrestage", en="Events and anniversaries"),
                description=LocalText(
                    de="Termine der Landeshauptstadt Stuttgart, der Region Stuttgart und der "
                    "Stadt Dortmund zu ihren internationalen Beziehungen und die Jahrestage "
                    "ihrer Partnerschaften, auf Deutsch und Englisch: Beginn und Ende, "
                    "Wiederholung, Ort, Status, beteiligte Einrichtungen und Partnerstädte, Titel, "
                    "Kurztext und Seite.",
                    en="Events of the City of Stuttgart, the Stuttgart Region and the City of "
                    "Dortmund on their international relations, and the anniversaries of their "
                    "partnerships, in German and English: start and end, recurrence, place, "
                    "status, offices and partner cities involved, title, summary and page.",
                ),
                keywords={
                    "de": ("Termine", "Jahrestag", "Städtepartnerschaft"),
                    "en": ("events", "anniversary", "town twinning"),
                },
                themes=("GOVE",),
                distributions=tuple(files),
                modified=newest.isoformat().replace("+00:00", "Z") if newest else None,
            )
        )
    return found


# --- addresses --------------------------------------------------------------------------


def _url(settings: dict, path: str) -> str:
    return f"{settings['SITEURL']}/{path}"


def page_urls(context: dict) -> dict[str, str]:
    """The open-data page in each language; its folder where there is no such page."""
    return {
        lang: _url(context, pages[PAGE_KEY].url if PAGE_KEY in pages else f"{FOLDER}/")
        for lang, pages in sorted(context["pages_by_key"].items())
    }


def office_iris(context: dict) -> dict[str, str]:
    """office id → the IRI the directory page gives the office in its schema.org data."""
    contact = context["pages_by_key"].get("de", {}).get("contact")
    if contact is None:
        return {}
    return {
        office.id: f"{_url(context, contact.url)}#{office.id}"
        for office in context["site_data"].offices
    }


def check_settings(settings: dict) -> None:
    """The GovData provider ID, if given, must be one of GovData's list."""
    given = settings.get(CONTRIBUTOR_SETTING)
    if given and not (isinstance(given, str) and given.startswith(CONTRIBUTORS)):
        report(
            settings,
            [
                Problem(
                    "pelicanconf.py",
                    None,
                    Msg(
                        "muss eine Adresse aus der Liste von GovData sein, {prefix}…; ist aber "
                        "{value}",
                        prefix=CONTRIBUTORS,
                        value=repr(given),
                    ),
                    field=CONTRIBUTOR_SETTING,
                    hint=Msg(
                        "GovData vergibt sie bei der Registrierung; bis dahin die Einstellung "
                        "weglassen"
                    ),
                )
            ],
        )


# --- DCAT-AP.de ---------------------------------------------------------------------------


def _texts(text: LocalText) -> list[dict]:
    return [{"@value": text.de, "@language": "de"}, {"@value": text.en, "@language": "en"}]


def _iri(value: str) -> dict:
    return {"@id": value}


def _agent(names: LocalText, homepage: str | None = None, kind: str = "foaf:Organization"):
    agent = {"@type": kind, "foaf:name": _texts(names)}
    if homepage:
        agent["foaf:homepage"] = _iri(homepage)
    return agent


def publisher_names(data) -> LocalText:
    """The bodies behind the site and its data, as data/offices.yaml names them."""
    return LocalText(
        de="; ".join(office.body.de for office in data.offices),
        en="; ".join(office.body.en for office in data.offices),
    )


def _publisher(data) -> dict:
    """The three bodies together publish the site and its data; DCAT-AP allows one publisher
    per dataset, so they are named as one agent, and each as an author (`dct:creator`)."""
    return _agent(publisher_names(data), kind="foaf:Agent")


def _distribution(item: Distribution, settings: dict, catalogue: str, rights) -> dict:
    url = _iri(_url(settings, item.path))
    entry = {
        "@id": f"{catalogue}#{item.key}",
        "@type": "dcat:Distribution",
        "dct:title": _texts(item.title),
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dct:format": _iri(FILE_TYPE + item.file_type),
        "dcat:mediaType": _iri(MEDIA_TYPES + item.media_type),
        "dct:license": _iri(LICENCE_URI),
    }
    if rights:
        entry["dct:rights"] = rights
    if item.conforms_to:
        entry["dct:conformsTo"] = _iri(item.conforms_to)
    if item.lang:
        entry["dct:language"] = _iri(EU_LANGUAGE[item.lang])
    return entry


def dcat_catalogue(context: dict) -> dict:
    """The catalogue as a JSON-LD document (DCAT-AP.de 2.0)."""
    settings, data = context, context["site_data"]
    catalogue = _url(settings, CATALOGUE_FILE)
    pages = page_urls(context)
    contact = context["pages_by_key"].get("de", {}).get("contact")
    contributors = [_iri(iri) for iri in office_iris(context).values()]
    if settings.get(CONTRIBUTOR_SETTING):
        contributors.insert(0, _iri(settings[CONTRIBUTOR_SETTING]))
    creators = [_agent(office.body, office.website) for office in data.offices]
    rights = {"@type": "dct:RightsStatement", "rdfs:label": _texts(GEONAMES_NOTE)}
    geonames = {
        "@type": "dcat:Dataset",
        "dct:title": "GeoNames",
        "dcat:landingPage": _iri(GEONAMES),
        "dct:license": _iri(GEONAMES_LICENCE_URI),
    }
    entries = []
    for dataset in datasets(context):
        entry = {
            "@id": f"{catalogue}#{dataset.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{catalogue}#{dataset.key}",
            "dct:title": _texts(dataset.title),
            "dct:description": _texts(dataset.description),
            "dcat:keyword": [
                {"@value": word, "@language": lang}
                for lang, words in dataset.keywords.items()
                for word in words
            ],
            "dcat:theme": [_iri(f"{THEMES}/{theme}") for theme in dataset.themes],
            "dct:publisher": _publisher(data),
            "dct:creator": creators,
            "dct:language": [_iri(EU_LANGUAGE[lang]) for lang in ("de", "en")],
            "dct:license": _iri(LICENCE_URI),
            "dcat:landingPage": [_iri(url) for url in pages.values()],
            "dcat:distribution": [
                _distribution(
                    item, settings, catalogue, rights if dataset.geonames_values else None
                )
                for item in dataset.distributions
            ],
        }
        if contributors:
            entry["dcatde:contributorID"] = contributors
        if contact is not None:
            entry["dcat:contactPoint"] = {
                "@type": "vcard:Organization",
                "vcard:fn": publisher_names(data).de,
                "vcard:hasURL": _iri(_url(settings, contact.url)),
            }
        if dataset.places:
            entry["dct:spatial"] = [_iri(place.geonames) for place in dataset.places]
        if dataset.first_year is not None:
            entry["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": {"@value": str(dataset.first_year), "@type": "xsd:gYear"},
            }
        if dataset.modified:
            entry["dct:modified"] = {"@value": dataset.modified, "@type": "xsd:dateTime"}
        if dataset.geonames_values:
            entry["dct:rights"] = rights
            entry["dct:source"] = geonames
        entries.append(entry)
    return {
        "@context": CONTEXT,
        "@id": f"{catalogue}#katalog",
        "@type": "dcat:Catalog",
        "dct:title": _texts(CATALOGUE_TITLE),
        "dct:description": _texts(CATALOGUE_DESCRIPTION),
        "dct:publisher": _publisher(data),
        "dct:language": [_iri(EU_LANGUAGE[lang]) for lang in ("de", "en")],
        "dct:license": _iri(LICENCE_URI),
        "foaf:homepage": _iri(pages["de"]),
        "dcat:themeTaxonomy": _iri(THEMES),
        "dcat:dataset": entries,
    }


# --- schema.org ---------------------------------------------------------------------------


@pass_context
def open_data_json_ld(context) -> dict:
    """The datasets as schema.org `Dataset`s, in the language of the page being rendered."""
    lang = language_of(context)
    data = context["site_data"]
    catalogue = _url(context, CATALOGUE_FILE)
    page = page_urls(context)[lang]
    creators = [
        {"@type": "Organization", "name": office.body[lang], "url": office.website}
        for office in data.offices
    ]
    graph = []
    for dataset in datasets(context):
        entry = {
            "@type": "Dataset",
            "@id": f"{catalogue}#{dataset.key}",
            "name": dataset.title[lang],
            "description": dataset.description[lang],
            "url": page,
            "keywords": list(dataset.keywords[lang]),
            "license": LICENCE["url"],
            "isAccessibleForFree": True,
            "inLanguage": ["de", "en"],
            "creator": creators,
            "includedInDataCatalog": {
                "@type": "DataCatalog",
                "name": CATALOGUE_TITLE[lang],
                "url": page,
            },
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": item.title[lang],
                    "encodingFormat": item.media_type,
                    "contentUrl": _url(context, item.path),
                    **({"inLanguage": item.lang} if item.lang else {}),
                }
                for item in dataset.distributions
            ],
        }
        if dataset.places:
            entry["spatialCoverage"] = [
                {"@type": "Place", "name": place.name[lang], "sameAs": place.geonames}
                for place in dataset.places
            ]
        if dataset.first_year is not None:
            entry["temporalCoverage"] = f"{dataset.first_year}/.."
        if dataset.modified:
            entry["dateModified"] = dataset.modified
        if dataset.geonames_values:
            entry["isBasedOn"] = {
                "@type": "Dataset",
                "name": "GeoNames",
                "url": GEONAMES,
                "license": GEONAMES_LICENCE["url"],
            }
        graph.append(entry)
    return {"@context": "https://schema.org", "@graph": graph}
