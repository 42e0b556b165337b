"""The built site has every promised URL in both languages, and each page knows its translation."""

from __future__ import annotations

import pytest

from tests.built_html import html_pages, read_html, url_of
from tests.site_map import ALL_PAIRS, LEGAL_PAGES


def file_for(site, url: str):
    return site / url.strip("/") / "index.html" if url != "/" else site / "index.html"


@pytest.mark.parametrize(("german", "english"), ALL_PAIRS, ids=[de for de, _ in ALL_PAIRS])
def test_page_exists_in_both_languages_and_links_to_its_translation(built_site, german, english):
    for url, lang, twin, twin_lang in (
        (german, "de", english, "en"),
        (english, "en", german, "de"),
    ):
        path = file_for(built_site, url)
        assert path.exists(), f"{url} was not built"
        document = read_html(path)
        assert document.first("html").attrs["lang"] == lang
        switch = document.inside("a", "nav", "lang-nav")
        assert [a.attrs["href"] for a in switch] == [twin], (
            f"{url}: the language switcher must lead to {twin}"
        )
        assert switch[0].attrs["lang"] == switch[0].attrs["hreflang"] == twin_lang
        alternates = {
            link.attrs["hreflang"]: link.attrs["href"]
            for link in document.find_all("link", rel="alternate")
            if "hreflang" in link.attrs  # calendar feeds are alternates too
        }
        assert alternates == {lang: url, twin_lang: twin}


def test_every_built_page_declares_its_language_matching_its_url(built_site):
    for path in html_pages(built_site):
        url = url_of(built_site, path)
        expected = "en" if url.startswith("/en/") else "de"
        assert read_html(path).first("html").attrs["lang"] == expected, url


def test_main_navigation_leads_to_offices_partner_cities_events_and_contact_in_page_language(
    built_site,
):
    for home, lang_prefix, cities, events, contact in (
        ("/", "", "partnerstaedte", "veranstaltungen", "kontakt"),
        ("/en/", "/en", "partner-cities", "events", "contact"),
    ):
        document = read_html(file_for(built_site, home))
        nav = [a.attrs["href"] for a in document.inside("a", "nav", "main-nav")]
        assert nav == [
            f"{lang_prefix}/stuttgart/",
            f"{lang_prefix}/region-stuttgart/",
            f"{lang_prefix}/dortmund/",
            f"{lang_prefix}/{cities}/",
            f"{lang_prefix}/{events}/",
            f"{lang_prefix}/{contact}/",
        ]


def test_every_page_links_the_legal_pages_in_its_footer(built_site):
    for path in html_pages(built_site):
        url = url_of(built_site, path)
        index = 1 if url.startswith("/en/") else 0
        hrefs = {a.attrs["href"] for a in read_html(path).inside("a", "nav", "footer-nav")}
        for pair in LEGAL_PAGES:
            assert pair[index] in hrefs, f"{url} does not link {pair[index]}"


def test_breadcrumbs_show_the_way_home_and_mark_the_current_page(built_site):
    document = read_html(file_for(built_site, "/region-stuttgart/europa/eu-beauftragte/"))
    crumbs = document.inside("a", "nav", "breadcrumbs")
    assert [a.attrs["href"] for a in crumbs] == [
        "/",
        "/region-stuttgart/",
        "/region-stuttgart/europa/",
    ]
    assert [a.text for a in crumbs] == ["Startseite", "Region Stuttgart", "Europaarbeit"]
    current = [
        li
        for li in document.inside("li", "nav", "breadcrumbs")
        if li.attrs.get("aria-current") == "page"
    ]
    assert [li.text.strip() for li in current] == ["EU-Beauftragte"]


def test_skip_link_is_the_first_link_and_targets_main(built_site):
    for path in html_pages(built_site):
        document = read_html(path)
        assert document.find_all("a")[0].attrs["href"] == "#main"
        assert len(document.find_all("main", id="main")) == 1


def test_theme_strings_are_in_the_page_language(built_site):
    german = read_html(file_for(built_site, "/stuttgart/aufgaben/"))
    english = read_html(file_for(built_site, "/en/stuttgart/tasks/"))
    assert german.find_all("a")[0].text == "Zum Inhalt springen"
    assert english.find_all("a")[0].text == "Skip to main content"
    assert english.first("nav", **{"aria-label": "You are here"})


def test_dates_are_formatted_per_language_without_the_machine_locale(built_site):
    german = file_for(built_site, "/barrierefreiheit/").read_text(encoding="utf-8")
    english = file_for(built_site, "/en/accessibility/").read_text(encoding="utf-8")
    assert '<time datetime="2026-11-26">26. November 2026</time>' in german
    assert '<time datetime="2026-11-26">26 November 2026</time>' in english


def test_section_navigation_opens_only_the_branch_on_the_way_to_the_page(built_site):
    def section_links(url: str) -> list[str]:
        document = read_html(file_for(built_site, url))
        return [a.attrs["href"] for a in document.inside("a", "nav", "section-nav")]

    inside = section_links("/region-stuttgart/europa/europabuero-bruessel/")
    assert "/region-stuttgart/europa/" in inside
    assert "/region-stuttgart/europa/rems-murr-kreis/" in inside, "siblings on the way are shown"
    outside = section_links("/region-stuttgart/strategie/")
    assert "/region-stuttgart/europa/" in outside
    assert not [
        href
        for href in outside
        if href.startswith("/region-stuttgart/europa/") and href != "/region-stuttgart/europa/"
    ]
