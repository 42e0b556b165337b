"""Data portals and search engines learn from the site itself that its open data exist.

`/daten/dcat.jsonld` is read as RDF with rdflib and checked as DCAT-AP.de describes it for
GovData: a catalogue, its datasets and their distributions, each file at an address that the
build wrote, with format, media type and a licence from the dcat-ap.de list. The open-data
page carries the same datasets as schema.org `Dataset`s.

The site is built with a public address, as it is published, so every address is absolute.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDFS, XSD

from plugins.core.build import build
from plugins.core.errors import SINK
from plugins.core.site_data import load_site_data
from plugins.open_data.catalogue import CONTRIBUTOR_SETTING, check_settings
from plugins.open_data.serializers import GEONAMES_LICENCE, LICENCE
from tests.built_html import read_html

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(ROOT / "data")
SITE = "https://international.example.org"
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DL_ZERO = URIRef("http://dcat-ap.de/def/licenses/dl-zero-de/2.0")
CC_BY = URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
THEMES = "http://publications.europa.eu/resource/authority/data-theme/"
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
# only in this test build: the setting GovData's office fills in on registration
GOVDATA_ID = "http://dcat-ap.de/def/contributors/testProvider"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("published") / "output"
    settings = {"SITEURL": SITE, CONTRIBUTOR_SETTING: GOVDATA_ID}
    result = build(ROOT / "publishconf.py", output, overrides=settings)
    assert result.ok, "\n".join(result.problems)
    return output


@pytest.fixture(scope="module")
def graph(site) -> Graph:
    raw = (site / "daten/dcat.jsonld").read_bytes()
    with warnings.catch_warnings():
        # rdflib 7.6's own JSON-LD parser still builds the ConjunctiveGraph rdflib deprecates
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return Graph().parse(data=raw, format="json-ld", publicID=f"{SITE}/daten/dcat.jsonld")


def file_at(site: Path, url) -> Path:
    """The built file an absolute address of the site leads to."""
    assert str(url).startswith(f"{SITE}/"), f"{url} is not an absolute address of the site"
    return site / str(url).removeprefix(f"{SITE}/")


def texts(graph: Graph, subject, predicate) -> dict[str, str]:
    return {o.language: str(o) for o in graph.objects(subject, predicate)}


def datasets(graph: Graph) -> dict[str, URIRef]:
    """The site's datasets by name (GeoNames, named as a source, has no address here)."""
    return {
        str(d).rsplit("#", 1)[1]: d
        for d in graph.subjects(RDF.type, DCAT.Dataset)
        if isinstance(d, URIRef)
    }


def test_the_catalogue_lists_both_datasets_with_titles_in_both_languages(graph):
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    listed = set(graph.objects(catalogue, DCAT.dataset))
    found = datasets(graph)
    assert set(found) == {"partnerstaedte", "veranstaltungen"}
    assert set(found.values()) == listed
    for subject in (catalogue, *listed):
        assert set(texts(graph, subject, DCTERMS.title)) == {"de", "en"}, subject
        assert set(texts(graph, subject, DCTERMS.description)) == {"de", "en"}, subject
    assert graph.value(catalogue, DCTERMS.license) == DL_ZERO
    assert (catalogue, DCTERMS.publisher, None) in graph


def test_every_dataset_names_its_publisher_authors_contributor_and_themes(graph):
    offices = {office.id for office in DATA.offices}
    for dataset in graph.objects(None, DCAT.dataset):
        (publisher,) = graph.objects(dataset, DCTERMS.publisher)
        names = texts(graph, publisher, FOAF.name)
        for office in DATA.offices:
            assert office.body.de in names["de"] and office.body.en in names["en"]
        authors = {
            str(graph.value(agent, FOAF.homepage)): texts(graph, agent, FOAF.name)
            for agent in graph.objects(dataset, DCTERMS.creator)
        }
        assert authors == {o.website: {"de": o.body.de, "en": o.body.en} for o in DATA.offices}
        contributors = [str(c) for c in graph.objects(dataset, DCATDE.contributorID)]
        assert GOVDATA_ID in contributors
        assert {c.rsplit("#", 1)[1] for c in contributors if c != GOVDATA_ID} == offices
        assert all(c.startswith(f"{SITE}/kontakt/#") for c in contributors if c != GOVDATA_ID)
        themes = list(graph.objects(dataset, DCAT.theme))
        assert themes and all(str(t).startswith(THEMES) for t in themes)
        assert graph.value(dataset, DCTERMS.license) == DL_ZERO
        contact = graph.value(dataset, DCAT.contactPoint)
        assert str(graph.value(contact, VCARD.hasURL)) == f"{SITE}/kontakt/"
        assert {str(page) for page in graph.objects(dataset, DCAT.landingPage)} == {
            f"{SITE}/daten/",
            f"{SITE}/en/data/",
        }


def test_every_distribution_is_a_built_file_with_format_media_type_and_licence(site, graph):
    described = set()
    for distribution in graph.objects(None, DCAT.distribution):
        assert (distribution, RDF.type, DCAT.Distribution) in graph
        download = graph.value(distribution, DCAT.downloadURL)
        assert graph.value(distribution, DCAT.accessURL) == download
        assert file_at(site, download).is_file(), download
        described.add(file_at(site, download).relative_to(site).as_posix())
        assert str(graph.value(distribution, DCTERMS["format"])).startswith(FILE_TYPES)
        assert str(graph.value(distribution, DCAT.mediaType)).startswith(MEDIA_TYPES)
        assert graph.value(distribution, DCTERMS.license) == DL_ZERO
        assert set(texts(graph, distribution, DCTERMS.title)) == {"de", "en"}
    files = {p.relative_to(site).as_posix() for p in (site / "daten").iterdir()}
    assert files - described == {"daten/index.html", "daten/dcat.jsonld"}
    assert {"veranstaltungen/alle.ics", "en/events/all.ics"} <= described


def test_the_geonames_values_are_credited_under_their_own_licence(graph):
    cities = datasets(graph)["partnerstaedte"]
    statements = [graph.value(cities, DCTERMS.rights)] + [
        graph.value(d, DCTERMS.rights) for d in graph.objects(cities, DCAT.distribution)
    ]
    for statement in statements:
        label = texts(graph, statement, RDFS.label)
        assert "GeoNames" in label["de"] and GEONAMES_LICENCE["url"] in label["en"]
    source = graph.value(cities, DCTERMS.source)
    assert graph.value(source, DCTERMS.license) == CC_BY
    events = datasets(graph)["veranstaltungen"]
    assert graph.value(events, DCTERMS.rights) is None  # no GeoNames values there


def test_coverage_and_dates_come_from_the_data(site, graph):
    cities = datasets(graph)["partnerstaedte"]
    places = {str(p) for p in graph.objects(cities, DCTERMS.spatial)}
    assert places == {
        f"https://sws.geonames.org/{c.geonames}/" for c in DATA.cities if c.geonames is not None
    }
    period = graph.value(cities, DCTERMS.temporal)
    first = min(r.since for c in DATA.cities for r in c.relations if r.since)
    assert graph.value(period, DCAT.startDate) == Literal(str(first), datatype=XSD.gYear)
    assert graph.value(cities, DCTERMS.modified) is None  # the data files carry no such date
    events = json.loads((site / "daten/veranstaltungen.json").read_bytes())["events"]
    modified = graph.value(datasets(graph)["veranstaltungen"], DCTERMS.modified)
    assert modified.toPython() == dt.datetime.fromisoformat(max(e["updated"] for e in events))
    assert graph.value(datasets(graph)["veranstaltungen"], DCTERMS.temporal) is None


def test_the_data_page_links_the_catalogue_and_carries_schema_org_datasets(site):
    for folder, lang in (("daten", "de"), ("en/data", "en")):
        document = read_html(site / folder / "index.html")
        catalogue = f"{SITE}/daten/dcat.jsonld"
        head = document.first("link", rel="alternate", type="application/ld+json")
        assert head.attrs["href"] == catalogue
        assert catalogue in {a.attrs.get("href") for a in document.find_all("a")}
        (data,) = [
            json.loads(script.text)
            for script in document.find_all("script", type="application/ld+json")
            if "@graph" in script.text  # the page's breadcrumbs are a block of their own
        ]
        graph = {entry["@id"].rsplit("#", 1)[1]: entry for entry in data["@graph"]}
        assert set(graph) == {"partnerstaedte", "veranstaltungen"}
        for entry in graph.values():
            assert entry["@type"] == "Dataset"
            assert 50 <= len(entry["description"]) <= 5000
            assert entry["license"] == LICENCE["url"]
            assert entry["inLanguage"] == ["de", "en"]
            assert [c["name"] for c in entry["creator"]] == [o.body[lang] for o in DATA.offices]
            for download in entry["distribution"]:
                assert download["@type"] == "DataDownload" and download["encodingFormat"]
                assert file_at(site, download["contentUrl"]).is_file()
        cities = graph["partnerstaedte"]
        assert len(cities["spatialCoverage"]) == sum(1 for c in DATA.cities if c.geonames)
        assert cities["isBasedOn"]["name"] == "GeoNames"
        assert cities["temporalCoverage"].endswith("/..")


def test_a_govdata_provider_id_must_come_from_govdatas_list():
    settings = {CONTRIBUTOR_SETTING: "stadtStuttgart"}
    check_settings(settings)
    (problem,) = settings[SINK]
    assert problem.field == CONTRIBUTOR_SETTING and "dcat-ap.de/def/contributors" in str(problem)
    settings = {CONTRIBUTOR_SETTING: GOVDATA_ID}
    check_settings(settings)
    assert not settings.get(SINK)
