"""A visitor in a real Chromium: navigates to each office and switches language (the layout on
phones: test_layout.py)."""

from __future__ import annotations

import re

import pytest

OFFICES = [
    ("Stuttgart", "/stuttgart/", "Stuttgart", "/en/stuttgart/"),
    ("Region Stuttgart", "/region-stuttgart/", "Stuttgart Region", "/en/region-stuttgart/"),
    ("Dortmund", "/dortmund/", "Dortmund", "/en/dortmund/"),
]


def main_nav(tab):
    return tab.get_by_role("navigation", name=re.compile("^(Hauptnavigation|Main navigation)$"))


@pytest.mark.parametrize(("label", "path", "english_label", "english_path"), OFFICES)
def test_visitor_reaches_each_office_and_switches_language(
    page, site_url, label, path, english_label, english_path
):
    page.goto(site_url + "/")
    main_nav(page).get_by_role("link", name=label, exact=True).click()
    assert page.url == site_url + path
    assert page.locator("html").get_attribute("lang") == "de"
    assert (
        main_nav(page).get_by_role("link", name=label, exact=True).get_attribute("aria-current")
        == "page"
    )
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    assert page.url == site_url + english_path
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        main_nav(page)
        .get_by_role("link", name=english_label, exact=True)
        .get_attribute("aria-current")
        == "page"
    )

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    assert page.url == site_url + path
    assert page.get_by_role("heading", level=1).inner_text() == heading


def test_switching_language_on_a_sub_page_keeps_the_visitor_on_that_page(page, site_url):
    page.goto(site_url + "/region-stuttgart/europa/europabuero-bruessel/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    assert page.url == site_url + "/en/region-stuttgart/europe/brussels-office/"
    crumbs = page.get_by_role("navigation", name="You are here").get_by_role("link")
    assert crumbs.all_inner_texts() == ["Home", "Stuttgart Region", "European work"]


def test_section_navigation_leads_through_an_office_without_javascript(page_without_js, site_url):
    tab = page_without_js
    tab.goto(site_url + "/dortmund/")
    section = tab.get_by_role("navigation", name="In diesem Bereich")
    links = section.get_by_role("link")
    assert links.count() >= 6
    section.get_by_role("link", name="Kontakt").click()
    assert tab.url == site_url + "/dortmund/kontakt/"
    assert (
        tab.get_by_role("navigation", name="In diesem Bereich")
        .get_by_role("link", name="Kontakt")
        .get_attribute("aria-current")
        == "page"
    )


def test_skip_link_is_first_in_tab_order_and_moves_focus_to_main(page, site_url):
    page.goto(site_url + "/stuttgart/aufgaben/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Zum Inhalt springen"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-160px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
