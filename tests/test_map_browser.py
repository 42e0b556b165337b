"""The maps as Chromium draws them: from the breakpoint up, every link on a map is a target of
at least 24 × 24 CSS pixels (WCAG 2.2, 2.5.8) apart from the others, and the labels, set in a
real font, stay inside the map and clear of each other; on narrow screens the maps' links give
way to the key's list of cities, whose links are at least 24 px high."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from plugins.core.site_data import load_site_data

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DATA = load_site_data(ROOT / "data")
MAPPED = [city for city in DATA.cities if city.lat is not None]
MAP_PAGES = ["/partnerstaedte/", "/en/partner-cities/", "/", "/en/"]
WIDE = [1280, 960]  # 960: the breakpoint, the narrowest width that shows the maps' links
NARROW = [320, 360]

BOXES = """svg => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                             width: r.width, height: r.height}; };
  return {
    map: box(svg),
    links: [...svg.querySelectorAll('a')].map(a => ({name: a.getAttribute('aria-label'),
                                                    ...box(a)})),
    labels: [...svg.querySelectorAll('.map__name')].map(t => ({name: t.textContent, ...box(t)})),
  };
}"""


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["left"] >= outer["left"] - 0.5
        and inner["top"] >= outer["top"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


def _tab(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    return context, context.new_page()


@pytest.mark.parametrize("width", WIDE)
def test_every_map_link_is_a_target_of_at_least_24_px_apart_from_the_others(
    browser, site_url, width
):
    context, tab = _tab(browser, width)
    problems = []
    try:
        for path in MAP_PAGES:
            tab.goto(site_url + path)
            maps = tab.locator("svg.map")
            assert maps.count() >= 1
            for index in range(maps.count()):
                found = maps.nth(index).evaluate(BOXES)
                links = found["links"]
                for link in links:
                    if link["width"] < 24 or link["height"] < 24:
                        problems.append(f"{path} {width}px: {link['name']} is {link}")
                for a, b in combinations(links, 2):
                    if _overlap(a, b):
                        problems.append(f"{path} {width}px: {a['name']} overlaps {b['name']}")
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("width", [1280, 960, 360])
def test_labels_in_a_real_font_stay_inside_the_map_and_clear_of_each_other(
    browser, site_url, width
):
    context, tab = _tab(browser, width)
    problems = []
    try:
        for path in [*MAP_PAGES, "/partnerstaedte/lodz/", "/en/partner-cities/menzel-bourguiba/"]:
            tab.goto(site_url + path)
            maps = tab.locator("svg.map")
            for index in range(maps.count()):
                if not maps.nth(index).is_visible():
                    continue
                found = maps.nth(index).evaluate(BOXES)
                labels = [label for label in found["labels"] if label["width"]]
                for label in labels:
                    if not _inside(label, found["map"]):
                        problems.append(f"{path} {width}px: {label['name']} sticks out")
                for a, b in combinations(labels, 2):
                    if _overlap(a, b):
                        problems.append(f"{path} {width}px: {a['name']} overlaps {b['name']}")
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("width", NARROW)
def test_narrow_screens_get_a_list_of_the_cities_instead_of_the_maps_links(
    browser, site_url, width
):
    context, tab = _tab(browser, width)
    try:
        for path, prefix in (
            ("/partnerstaedte/", "/partnerstaedte/"),
            ("/en/", "/en/partner-cities/"),
        ):
            tab.goto(site_url + path)
            assert tab.locator("svg.map a:visible").count() == 0, "no tiny targets on the map"
            assert tab.locator("#map-europe").is_hidden() and tab.locator("#map-east").is_hidden()
            listed = tab.locator(".map-key__places a")
            assert listed.count() == len(MAPPED)
            hrefs = set()
            for index in range(listed.count()):
                link = listed.nth(index)
                assert link.is_visible()
                box = link.bounding_box()
                assert box["height"] >= 24 and box["width"] >= 24, link.inner_text()
                hrefs.add(link.get_attribute("href"))
            assert hrefs == {f"{prefix}{city.slug}/" for city in MAPPED}
            # the map stays as a picture, with its symbols and key
            assert tab.locator("#map-world").is_visible()
            assert tab.locator("#map-world .map__sym").count() >= len(MAPPED)
            assert tab.locator(".map-key").first.is_visible()
    finally:
        context.close()


def test_wide_screens_keep_the_list_out_of_the_way(browser, site_url):
    context, tab = _tab(browser, 1280)
    try:
        tab.goto(site_url + "/partnerstaedte/")
        assert tab.locator(".map-key__places").first.is_hidden()
        assert tab.locator("#map-europe").is_visible() and tab.locator("#map-east").is_visible()
        assert tab.locator("#map-world .map__name:visible").count() >= 8
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 360, 960, 1280])
def test_axe_finds_no_target_too_small_on_the_map_pages(browser, site_url, width):
    assert AXE.exists(), "axe-core is missing; `make test` installs it with npm"
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    failures = []
    try:
        for path in [*MAP_PAGES, "/partnerstaedte/brno/"]:
            tab.goto(site_url + path)
            tab.add_script_tag(path=str(AXE))
            result = tab.evaluate(
                "() => axe.run(document, {runOnly: {type: 'rule', values: ['target-size']}})"
            )
            for violation in result["violations"]:
                nodes = [node["target"] for node in violation["nodes"]][:5]
                failures.append(f"{path} {width}px: {violation['id']}: {nodes}")
    finally:
        context.close()
    assert failures == []


def test_a_keyboard_user_sees_where_the_focus_is_on_a_map(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "/en/partner-cities/")
    link = page.locator('#map-world a[aria-label^="Mumbai"]')
    link.focus()
    target = link.locator(".map__target")
    assert target.evaluate("e => getComputedStyle(e).strokeWidth") == "3px"
    assert target.evaluate("e => getComputedStyle(e).fill") != "transparent"
