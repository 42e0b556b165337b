"""Partner-city pages built from data/partner_cities.yaml: a profile for every city in every
language, the list grouped by office, truthful status, and structured data that parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core.site_data import load_site_data
from tests.built_html import read_html

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(ROOT / "data")
LIST = {"de": "partnerstaedte", "en": "en/partner-cities"}


@pytest.mark.parametrize("city", DATA.cities, ids=[c.slug for c in DATA.cities])
def test_every_city_has_a_profile_in_both_languages_linked_as_translations(built_site, city):
    for lang, other in (("de", "en"), ("en", "de")):
        document = read_html(built_site / LIST[lang] / city.slug / "index.html")
        assert document.first("html").attrs["lang"] == lang
        assert document.first("h1").text.startswith(city.name[lang])
        switch = document.inside("a", "nav", "lang-nav")
        assert [a.attrs["href"] for a in switch] == [f"/{LIST[other]}/{city.slug}/"]


@pytest.mark.parametrize("city", DATA.cities, ids=[c.slug for c in DATA.cities])
def test_profile_json_ld_is_a_schema_org_city_or_region(built_site, city):
    document = read_html(built_site / LIST["en"] / city.slug / "index.html")
    data = document.json_ld("AdministrativeArea" if city.is_region else "City")
    assert data["name"] == city.name.en
    assert data.get("alternateName") == (
        None if city.local_name == city.name.en else city.local_name
    )
    assert data["containedInPlace"]["identifier"] == city.country
    if city.geonames:
        assert f"https://www.geonames.org/{city.geonames}" in data["sameAs"]


def test_local_name_is_marked_with_its_language(built_site):
    document = read_html(built_site / "partnerstaedte" / "cairo" / "index.html")
    local = document.first("span", **{"class": "local-name"})
    assert local.attrs["lang"] == "ar" and local.text == "القاهرة"


def test_list_has_one_row_per_relation_grouped_by_office(built_site):
    for lang in ("de", "en"):
        document = read_html(built_site / LIST[lang] / "index.html")
        for office in DATA.offices:
            rows = [
                row
                for row in document.find_all("tr")
                if row.attrs.get("data-status")
                and any(p.attrs.get("id") == office.id for p in row.parents)
            ]
            assert len(rows) == len(DATA.cities_of(office.id)), office.id


def test_rostov_on_don_is_shown_as_dormant(built_site):
    german = (built_site / "partnerstaedte/rostov-on-don/index.html").read_text(encoding="utf-8")
    english = (built_site / "en/partner-cities/rostov-on-don/index.html").read_text(
        encoding="utf-8"
    )
    assert 'class="status status--ruhend">ruhend<' in german
    assert 'class="status status--ruhend">dormant<' in english
    assert "2022" in german


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_visitor_reaches_a_profile_from_the_list(page, page_without_js, site_url, javascript):
    tab = page if javascript else page_without_js
    tab.goto(site_url + "/")
    tab.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Partnerstädte"
    ).click()
    tab.get_by_role("table").first.get_by_role("link", name="Brünn", exact=True).click()
    assert tab.url == site_url + "/partnerstaedte/brno/"
    assert tab.get_by_role("heading", level=1).inner_text().startswith("Brünn")


MAPPED = [city for city in DATA.cities if city.lat is not None]


HOME = {"de": "", "en": "en"}


@pytest.mark.parametrize("where", [LIST, HOME], ids=["list", "home"])
def test_world_map_leads_to_every_city_with_coordinates(built_site, where):
    """Cities outside Europe are linked on the map, those in Europe through the frame that
    leads to the Europe map; the key lists them all for narrow screens."""
    for lang in ("de", "en"):
        document = read_html(built_site / where[lang] / "index.html")
        svg = document.first("svg", id="map-world")
        figure = svg.parents[-1]
        assert figure.tag == "figure"
        on_map = {a.attrs["href"] for a in document.find_all("a") if svg in a.parents}
        in_key = {
            a.attrs["href"]
            for a in document.find_all("a")
            if figure in a.parents and svg not in a.parents
        }
        cities = {f"/{LIST[lang]}/{city.slug}/" for city in MAPPED}
        assert in_key == cities
        assert f"/{LIST[lang]}/#map-europe" in on_map
        assert {"/" + LIST[lang] + "/mumbai/", "/" + LIST[lang] + "/kumasi/"} <= on_map
        assert on_map - cities == {f"/{LIST[lang]}/#map-europe"}
        links = [a for a in document.find_all("a") if svg in a.parents]
        assert all(a.attrs["aria-label"] for a in links), "every link needs a text alternative"


def test_each_map_of_the_list_page_leads_to_every_city_it_shows(built_site):
    """World, Europe and the eastern Mediterranean together link every mapped city."""
    for lang in ("de", "en"):
        document = read_html(built_site / LIST[lang] / "index.html")
        linked = set()
        for name in ("world", "europe", "east"):
            svg = document.first("svg", id=f"map-{name}")
            linked |= {a.attrs["href"] for a in document.find_all("a") if svg in a.parents}
            assert document.first("title", id=f"map-{name}-title").text
        assert {f"/{LIST[lang]}/{city.slug}/" for city in MAPPED} <= linked


def test_every_city_without_coordinates_is_still_in_the_list(built_site):
    unmapped = [city for city in DATA.cities if city.lat is None]
    html = (built_site / "partnerstaedte/index.html").read_text(encoding="utf-8")
    for city in unmapped:
        assert f'href="/partnerstaedte/{city.slug}/"' in html


def test_each_profile_with_coordinates_has_a_locator_map_as_one_image(built_site):
    for city in MAPPED:
        document = read_html(built_site / "partnerstaedte" / city.slug / "index.html")
        svg = document.first("svg", **{"class": "map map--locator"})
        assert svg.attrs["role"] == "img"
        title = next(e for e in document.find_all("title") if svg in e.parents)
        assert title.text.startswith(f"Lage von {city.name.de} (")
        assert not [a for a in document.find_all("a") if svg in a.parents], "no link to itself"
        symbols = [g for g in document.with_class("g", "map__sym") if svg in g.parents]
        assert len(symbols) == 1
        labels = [t for t in document.with_class("text", "map__name") if svg in t.parents]
        assert [t.text for t in labels] == [city.name.de], "the symbol is labelled"


def test_a_profile_without_coordinates_says_why_it_has_no_map(built_site):
    for city in DATA.cities:
        html = (built_site / "partnerstaedte" / city.slug / "index.html").read_text("utf-8")
        assert ("keine geprüften Koordinaten" in html) == (city.lat is None), city.slug
        assert ("map--locator" in html) == (city.lat is not None), city.slug


def test_a_status_not_confirmed_as_current_carries_its_year(built_site):
    dated = [(c, r) for c in DATA.cities for r in c.relations if r.status_as_of]
    assert dated, "Samara's status is only confirmed for 2022"
    for city, relation in dated:
        for lang, text in (("de", "Stand"), ("en", "as of")):
            html = (built_site / LIST[lang] / city.slug / "index.html").read_text("utf-8")
            assert f"({text} {relation.status_as_of})" in html
            listing = (built_site / LIST[lang] / "index.html").read_text("utf-8")
            assert f"({text} {relation.status_as_of})" in listing


def test_a_relation_held_by_another_body_names_that_body(built_site):
    html = (built_site / "partnerstaedte/northern-virginia/index.html").read_text("utf-8")
    facts = html[html.index('<dl class="facts">') : html.index("</dl>")]
    assert ">Verband Region Stuttgart</a>" in facts
    assert "Wirtschaftsförderung Region Stuttgart GmbH" not in facts


def test_maps_are_inline_svg_with_no_external_reference(built_site):
    html = (built_site / "partnerstaedte/index.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg") : html.rindex("</svg>")]
    assert "http" not in svg.replace('href="/', "")
    assert "<image" not in svg and "xlink:href" not in svg


def test_visitor_reaches_a_profile_through_the_map(page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Partnerstädte"
    ).click()
    page.locator('svg[aria-labelledby^="map-world"] a[aria-label^="Mumbai"]').click()
    assert page.url == site_url + "/partnerstaedte/mumbai/"


def test_visitor_reaches_a_profile_through_the_map_without_javascript(page_without_js, site_url):
    tab = page_without_js
    tab.goto(site_url + "/en/partner-cities/")
    tab.locator('svg[aria-labelledby^="map-world"] a[aria-label^="Kumasi"]').click()
    assert tab.url == site_url + "/en/partner-cities/kumasi/"


def test_filters_narrow_the_list_with_javascript_and_announce_the_count(page, site_url):
    page.goto(site_url + "/partnerstaedte/")
    page.get_by_label("Art der Beziehung").select_option("projektpartnerschaft")
    visible = page.locator(".city-table tbody tr:visible")
    assert visible.count() == 1 and visible.first.get_by_role("link").inner_text() == "Dura"
    assert page.locator("#stuttgart").is_hidden()
    assert page.get_by_role("status").inner_text() == "1 Eintrag angezeigt"
    page.get_by_label("Art der Beziehung").select_option("")
    page.get_by_label("Status").select_option("ruhend")
    assert [
        name.strip() for name in page.locator(".city-table tbody tr:visible th").all_inner_texts()
    ] == ["Rostow am Don"]


def test_without_javascript_every_city_is_listed_and_no_dead_controls_are_shown(
    page_without_js, site_url
):
    tab = page_without_js
    tab.goto(site_url + "/partnerstaedte/")
    assert tab.locator("#city-filter").is_hidden()
    assert tab.locator(".city-table tbody tr:visible").count() == sum(
        len(city.relations) for city in DATA.cities
    )


def test_the_eastern_mediterranean_detail_separates_the_partners_that_crowd_the_europe_map(
    built_site,
):
    document = read_html(built_site / "partnerstaedte" / "index.html")
    svg = document.first("svg", **{"aria-labelledby": "map-east-title map-east-desc"})
    links = {a.attrs["href"] for a in document.find_all("a") if svg in a.parents}
    assert links == {
        f"/partnerstaedte/{slug}/" for slug in ("cairo", "netanya", "shavei-zion", "dura")
    }
    names = [t.text for t in document.with_class("text", "map__name") if svg in t.parents]
    assert sorted(names) == ["Dura", "Kairo", "Netanya", "Shavei Zion"]
