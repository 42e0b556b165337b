"""Events in Chromium: the filters with and without JavaScript, and the pages of the test
events (cancelled, tentative, on a DST night) checked with axe-core and the Nu Html Checker."""

from __future__ import annotations

import json
import mimetypes
import shutil
import subprocess

from tests.test_events_site import SITE, events_site  # noqa: F401  (module fixture)
from tests.test_quality_gates import AXE, AXE_RUN, VNU, WCAG_22_AA

FIXTURE_PAGES = [
    "veranstaltungen/index.html",
    "veranstaltungen/abgesagt/index.html",
    "veranstaltungen/zeitumstellung/index.html",
    "veranstaltungen/delegation-bruenn/index.html",
    "veranstaltungen/dortmund/index.html",
    "en/events/cancelled/index.html",
    "en/partner-cities/brno/index.html",
]


def visible_titles(tab) -> list[str]:
    """The titles shown, as read: without the soft hyphens and word joiners of the line breaks."""
    titles = tab.eval_on_selector_all(
        ".event-item:not([hidden]) .event-item__title", "items => items.map(i => i.textContent)"
    )
    return [title.replace("\u00ad", "").replace("\u2060", "") for title in titles]


def test_the_office_filter_narrows_the_list_with_javascript(page, site_url):
    page.goto(site_url + "/veranstaltungen/")
    everything = visible_titles(page)
    page.click("details.filters > summary")
    assert page.locator("nav.jump-nav").first.is_hidden(), "one set of filters: the links give way"
    page.select_option("#filter-offices", "dortmund")
    dortmund = visible_titles(page)
    assert 0 < len(dortmund) < len(everything)
    assert all("Stuttgart –" not in title for title in dortmund)
    assert page.text_content("#event-filter [role=status]").endswith("Termine angezeigt")
    page.select_option("#filter-offices", "")
    page.select_option("#filter-cities", "leeds")
    assert [" ".join(t.split()) for t in visible_titles(page)] == [
        "Jahrestag: Städtepartnerschaft Dortmund – Leeds"
    ]


def test_without_javascript_every_event_is_listed_and_office_listings_are_linked(
    page_without_js, site_url
):
    page_without_js.goto(site_url + "/en/events/")
    assert page_without_js.locator("#event-filter").is_hidden()
    assert len(visible_titles(page_without_js)) > 10
    # one set of filters, folded away above the list: without JavaScript, links
    page_without_js.click("details.filters > summary")
    page_without_js.click("nav.jump-nav >> text=Dortmund")
    assert page_without_js.url == site_url + "/en/events/dortmund/"
    titles = visible_titles(page_without_js)
    assert titles and all("Stuttgart –" not in title for title in titles)


def test_a_visitor_reaches_an_event_from_a_city_profile_and_downloads_it(page, site_url):
    page.goto(site_url + "/en/partner-cities/leeds/")
    page.click("#veranstaltungen a >> text=Anniversary")
    assert page.url == site_url + "/en/events/anniversary-dortmund-leeds/"
    with page.expect_download() as download:
        page.click("a[download]")
    assert download.value.suggested_filename == "anniversary-dortmund-leeds.ics"
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"UID:" in raw


def _serve_from(site, context):
    """Answer requests for the public address from the built folder (no network needed)."""

    def handle(route):
        path = route.request.url.removeprefix(SITE).split("#")[0].split("?")[0]
        target = site / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            route.fulfill(status=404, body="not found")
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=target.read_bytes(), content_type=kind)

    context.route(f"{SITE}/**", handle)


def test_pages_of_special_events_pass_axe(browser, events_site):  # noqa: F811
    context = browser.new_context(bypass_csp=True)
    _serve_from(events_site, context)
    tab = context.new_page()
    failures = []
    try:
        for path in FIXTURE_PAGES:
            tab.goto(f"{SITE}/{path.removesuffix('index.html')}")
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate(AXE_RUN, WCAG_22_AA)
            failures += [f"{path}: {v['id']}" for v in result["violations"]]
    finally:
        context.close()
    assert failures == []


def test_pages_of_special_events_are_valid_html(events_site):  # noqa: F811
    java = shutil.which("java")
    assert java and VNU.exists()
    run = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", "--errors-only"]
        + [str(events_site / path) for path in FIXTURE_PAGES],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(run.stdout)["messages"]
    assert [f"{m.get('url', '')}: {m['message']}" for m in messages] == []
