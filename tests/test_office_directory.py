"""The office directory at /kontakt/ and /en/contact/, and the office sections' links to it."""

from __future__ import annotations

import json
from pathlib import Path

from plugins.core.site_data import load_site_data
from tests.built_html import read_html

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(ROOT / "data")


def test_directory_shows_every_office_unit_and_contact_in_both_languages(built_site):
    for folder, lang in (("kontakt", "de"), ("en/contact", "en")):
        html = (built_site / folder / "index.html").read_text(encoding="utf-8")
        for office in DATA.offices:
            assert f'id="{office.id}"' in html
            assert office.name[lang] in html
            for unit in office.units:
                assert unit.name[lang] in html
            for contact in office.contacts:
                assert contact.role[lang] in html


def test_directory_json_ld_describes_each_office_as_government_organization(built_site):
    document = read_html(built_site / "en/contact/index.html")
    graph = next(
        json.loads(e.text)
        for e in document.find_all("script", type="application/ld+json")
        if "@graph" in e.text
    )["@graph"]
    assert [item["name"] for item in graph] == [office.name.en for office in DATA.offices]
    assert all(item["@type"] == "GovernmentOrganization" for item in graph)
    dortmund = graph[[o.id for o in DATA.offices].index("dortmund")]
    assert dortmund["contactPoint"][0]["@type"] == "ContactPoint"
    assert dortmund["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Dortmund",
        "addressCountry": "DE",
        "postalCode": "44122",
    }
    assert dortmund["parentOrganization"]["name"] == "City of Dortmund"
    region = graph[[o.id for o in DATA.offices].index("region-stuttgart")]
    assert "parentOrganization" not in region, "the WRS is a body of its own, not a department"
    brussels = next(u for u in region["subOrganization"] if u["name"].startswith("European"))
    assert brussels["address"]["addressLocality"] == "Brussels"


def test_each_office_section_links_its_partner_cities_and_directory_entry(built_site):
    for office in DATA.offices:
        document = read_html(built_site / office.page / "index.html")
        links = {a.attrs["href"] for a in document.inside("a", "section", "office-links")}
        assert f"/kontakt/#{office.id}" in links
        for city in DATA.cities_of(office.id):
            assert f"/partnerstaedte/{city.slug}/" in links
