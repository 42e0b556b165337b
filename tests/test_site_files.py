"""The files beside the pages: the 404 page, sitemap.xml and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from plugins.core.build import build
from tests.built_html import html_pages, read_html

ROOT = Path(__file__).resolve().parents[1]
ORIGIN = "https://international.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The site as `invoke publish` builds it for its public address."""
    output = tmp_path_factory.mktemp("published") / "output"
    result = build(ROOT / "publishconf.py", output, overrides={"SITEURL": ORIGIN})
    assert result.ok, "\n".join(result.problems)
    return output


def test_the_404_page_speaks_both_languages_and_is_not_indexed(built_site):
    document = read_html(built_site / "404.html")
    assert document.first("h1").text == "Seite nicht gefunden"
    english = document.first("section", lang="en")
    assert any(e.text == "Page not found" for e in document.find_all("h2") if english in e.parents)
    assert document.first("meta", name="robots").attrs["content"] == "noindex"
    links = {a.attrs["href"] for a in document.find_all("a")}
    assert {"/", "/en/", "/suche/", "/en/search/", "/partnerstaedte/", "/kontakt/"} <= links
    assert not document.inside("a", "nav", "lang-nav"), "both languages are on the page itself"


def test_a_missing_address_at_any_depth_shows_the_styled_404_page(page, site_url):
    response = page.goto(site_url + "/partnerstaedte/atlantis/alt/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Seite nicht gefunden"
    header = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "the stylesheet must load here too"
    page.get_by_role("link", name="Partner cities").click()
    assert page.url == site_url + "/en/partner-cities/"


def test_the_sitemap_lists_every_indexable_page_once_with_its_language_versions(published):
    tree = ET.parse(published / "sitemap.xml")
    entries = tree.getroot().findall("s:url", NS)
    locations = [entry.find("s:loc", NS).text for entry in entries]
    expected = []
    for path in html_pages(published):
        document = read_html(path)
        if path.name == "404.html":
            continue
        expected.append(document.first("link", rel="canonical").attrs["href"])
    assert sorted(locations) == sorted(expected)
    assert len(set(locations)) == len(locations)
    assert all(location.startswith(ORIGIN + "/") for location in locations)
    for entry in entries:
        versions = {
            link.attrib["hreflang"]: link.attrib["href"] for link in entry.findall("x:link", NS)
        }
        assert set(versions) == {"de", "en"}, entry.find("s:loc", NS).text
        assert entry.find("s:loc", NS).text in versions.values()
        assert set(versions.values()) <= set(locations), "each version is listed itself"


def test_robots_txt_names_the_sitemap_of_the_public_site(published):
    assert (published / "robots.txt").read_text(encoding="ascii") == (
        f"User-agent: *\nAllow: /\nSitemap: {ORIGIN}/sitemap.xml\n"
    )


def test_a_build_without_a_public_address_writes_no_sitemap_of_relative_addresses(built_site):
    assert not (built_site / "sitemap.xml").exists()
    assert "Sitemap" not in (built_site / "robots.txt").read_text(encoding="ascii")
