"""Full-text search: the Pagefind index built with the site, read in Chromium through the
search page, and the page's fallback without JavaScript."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plugins.search.index import index_site
from tests.built_html import html_pages, read_html
from tests.conftest import served

SEARCH = {"de": "/suche/", "en": "/en/search/"}


def indexed_pages(site: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in html_pages(site):
        document = read_html(path)
        if any("data-pagefind-body" in e.attrs for e in document.find_all("main")):
            lang = document.first("html").attrs["lang"]
            counts[lang] = counts.get(lang, 0) + 1
    return counts


def test_every_page_but_the_404_and_search_pages_is_indexed_in_its_language(built_site):
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    pages = {lang: data["page_count"] for lang, data in entry["languages"].items()}
    assert pages == indexed_pages(built_site)
    for path in ("404.html", "suche/index.html", "en/search/index.html"):
        assert "data-pagefind-body" not in (built_site / path).read_text("utf-8"), path
    assert pages["de"] >= 70 and pages["en"] >= 70


def test_only_the_bundle_the_site_uses_is_published(built_site):
    names = {path.name for path in (built_site / "pagefind").iterdir()}
    assert "pagefind.js" in names
    assert not {name for name in names if name.endswith("-ui.js") or name.endswith(".css")}


@pytest.mark.parametrize(
    ("lang", "query", "first"),
    [("de", "Brünn", "/partnerstaedte/brno/"), ("en", "Kumasi", "/en/partner-cities/kumasi/")],
)
def test_a_search_finds_the_city_profile_first(page, site_url, lang, query, first):
    page.goto(site_url + SEARCH[lang])
    page.get_by_role("searchbox").fill(query)
    page.get_by_role("button", name="Suchen" if lang == "de" else "Search").click()
    results = page.locator("#search-results li a")
    results.first.wait_for()
    assert results.first.get_attribute("href") == first
    status = page.get_by_role("status").filter(has_text="Treffer" if lang == "de" else "result")
    status.wait_for()
    assert status.inner_text().startswith(str(results.count()))
    assert page.url.endswith("?q=" + query.replace("ü", "%C3%BC"))
    assert query.lower() in page.locator("#search-results mark").first.inner_text().lower()


def test_a_search_address_can_be_shared_and_an_unknown_word_says_so(page, site_url):
    page.goto(site_url + "/en/search/?q=Brno")
    page.locator("#search-results li a").first.wait_for()
    assert page.get_by_role("searchbox").input_value() == "Brno"
    page.goto(site_url + "/suche/?q=Quasselstrippe")
    status = page.get_by_role("status")
    status.filter(has_text="Keine Treffer").wait_for()
    assert status.inner_text() == "Keine Treffer für „Quasselstrippe“."
    assert page.locator("#search-results").is_hidden()


def test_without_javascript_the_search_page_lists_every_page_instead(page_without_js, site_url):
    tab = page_without_js
    tab.goto(site_url + "/suche/")
    assert tab.locator("#search-form").is_hidden()
    assert tab.get_by_text("Die Volltextsuche braucht JavaScript").is_visible()
    index = tab.get_by_role("region", name="Seitenübersicht")
    assert index.get_by_role("link", name="Kairo").get_attribute("href") == "/partnerstaedte/cairo/"
    index.get_by_role("link", name="Netzwerke").first.click()
    assert tab.url == site_url + "/stuttgart/netzwerke/"


def test_only_the_search_pages_allow_webassembly_and_still_no_inline_script(built_site):
    for path in html_pages(built_site):
        policy = read_html(path).first("meta", **{"http-equiv": "Content-Security-Policy"})
        content = policy.attrs["content"]
        relative = path.relative_to(built_site).as_posix()
        search_page = relative in ("suche/index.html", "en/search/index.html")
        assert ("'wasm-unsafe-eval'" in content) == search_page, relative
        assert "unsafe-inline" not in content and "'unsafe-eval'" not in content


def test_a_failing_indexer_stops_the_build_with_its_message(tmp_path):
    with pytest.raises(RuntimeError, match="search index could not be built"):
        index_site(tmp_path / "no-such-site")


def test_the_home_page_search_box_leads_to_the_results(page, site_url):
    page.goto(site_url + "/en/")
    page.get_by_label("Search this website").fill("Leeds")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.locator("#search-results li a").first.wait_for()
    assert page.url == site_url + "/en/search/?q=Leeds"
    assert page.locator("#search-results li a").first.get_attribute("href") == (
        "/en/partner-cities/leeds/"
    )


def test_many_results_come_in_batches_and_the_count_is_the_total(page, site_url):
    page.goto(site_url + "/suche/?q=Partnerstadt")
    results = page.locator("#search-results li")
    results.first.wait_for()
    status = page.get_by_role("status")
    status.filter(has_text="Treffer").wait_for()
    total = int(status.inner_text().split()[0])
    assert total > 20 and results.count() == 20
    page.get_by_role("button", name="Weitere Treffer anzeigen").click()
    results.nth(20).wait_for()
    assert results.count() == min(40, total)
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == results.nth(20).locator("a").get_attribute("href"), "reading goes on there"


def test_a_query_is_shown_as_typed_even_with_pattern_characters(page, site_url):
    page.goto(site_url + "/suche/?q=" + "%24%26%20%25(num)s")  # "$& %(num)s"
    status = page.get_by_role("status").filter(has_text="Treffer")
    status.wait_for()
    assert status.inner_text().endswith(" für „$& %(num)s“."), "neither pattern nor placeholder"


def test_an_answer_to_an_older_search_never_replaces_the_newer_one(page, site_url):
    def slow(route):
        page.wait_for_timeout(1500)
        route.continue_()

    page.goto(site_url + "/suche/")
    page.route("**/pagefind/fragment/**", slow)
    box = page.get_by_role("searchbox")
    box.fill("Partnerstadt")
    box.press("Enter")
    box.fill("Quasselstrippe")
    box.press("Enter")
    page.get_by_role("status").filter(has_text="Quasselstrippe").wait_for()
    page.wait_for_timeout(2500)  # the slow answers to the first search arrive meanwhile
    assert page.get_by_role("status").inner_text() == "Keine Treffer für „Quasselstrippe“."
    assert page.locator("#search-results").is_hidden()
    assert page.locator("#search-results li").count() == 0


# --- a large site: indexed in runs of bounded size -----------------------------------------

RUN = 12  # pages per Pagefind run here, so that the real site needs several runs a language


@pytest.fixture(scope="module")
def site_in_parts(built_site, tmp_path_factory) -> Path:
    """A copy of the built site, indexed again in runs of at most RUN pages."""
    folder = tmp_path_factory.mktemp("parts") / "output"
    shutil.copytree(built_site, folder)
    shutil.rmtree(folder / "pagefind")
    index_site(folder, batch=RUN)
    return folder


def bundle_pages(bundle: Path) -> dict[str, int]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return {lang: data["page_count"] for lang, data in entry["languages"].items()}


def test_a_large_site_is_indexed_in_runs_of_bounded_size_that_together_hold_every_page(
    site_in_parts, built_site
):
    main = site_in_parts / "pagefind"
    parts = json.loads((main / "parts.json").read_text("utf-8"))
    assert sorted(parts) == ["de", "en"]
    counts = bundle_pages(main)
    assert sorted(counts) == ["de", "en"] and max(counts.values()) <= RUN
    for lang, names in parts.items():
        assert names == [f"{lang}-{n}/" for n in range(1, len(names) + 1)]
        for name in names:
            (part,) = bundle_pages(main / name).items()
            assert part[0] == lang and 0 < part[1] <= RUN
            counts[lang] += part[1]
            assert not list((main / name).glob("*-ui.js")), "only what the site uses"
    assert counts == indexed_pages(built_site)
    # nothing of the staging folders is left beside the site
    assert [path.name for path in site_in_parts.parent.iterdir()] == ["output"]


def test_a_small_site_is_one_bundle_without_parts(built_site):
    assert json.loads((built_site / "pagefind/parts.json").read_text("utf-8")) == {}


@pytest.mark.parametrize(
    ("lang", "query", "first"),
    [
        ("de", "Brünn", "/partnerstaedte/brno/"),
        ("en", "Kumasi", "/en/partner-cities/kumasi/"),
        ("en", "Leeds", "/en/partner-cities/leeds/"),
    ],
)
def test_a_search_of_a_site_in_parts_finds_pages_of_every_part(
    site_in_parts, page, lang, query, first
):
    pages = sorted(
        p.relative_to(site_in_parts).as_posix()
        for p in html_pages(site_in_parts)
        if read_html(p).first("html").attrs["lang"] == lang
    )
    position = pages.index(first.strip("/") + "/index.html")
    assert position >= RUN, "the page is in a further bundle, merged by the search page"
    with served(site_in_parts) as url:
        page.goto(url + SEARCH[lang] + "?q=" + query)
        results = page.locator("#search-results li a")
        results.first.wait_for()
        found = [results.nth(n).get_attribute("href") for n in range(min(5, results.count()))]
        # each bundle ranks by its own word statistics, so the order across bundles can differ
        # a little from one index's: the page must be among the first results
        assert first in found
