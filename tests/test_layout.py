"""The layout of every page in Chromium, measured: on a 320 and a 360 px phone nothing sticks out
sideways and the header leaves the screen to the content; on a 1280 px desktop the menu, the
breadcrumbs and the content start at one left edge; and at every width no word in a heading, a
label, a table cell or a card title is broken across two lines except at a hyphen."""

from __future__ import annotations

import pytest

from tests.built_html import html_pages, url_of

PHONES = [320, 360]
HEADER_AT_360 = 185  # a quarter of a 360 × 740 screen
# text whose words must not be broken without a hyphen: headings, labels, table cells, card
# titles; code (a file or field name) may break anywhere, a hyphen would change it
WORDS_IN = (
    "h1, h2, h3, h4, h5, h6, dt, label, summary, th, td, caption, .badge, .status, .card__title"
)
# Each character's line is the bottom of its last box: where a line ends at a soft hyphen,
# Chromium gives the first character after it an extra box for the hyphen it draws.
BROKEN_WORDS = """selector => {
  const broken = [];
  const range = document.createRange();
  const lineOf = (node, index) => {
    range.setStart(node, index);
    range.setEnd(node, index + 1);
    const boxes = Array.from(range.getClientRects()).filter(box => box.width > 0);
    return boxes.length ? Math.round(boxes[boxes.length - 1].bottom) : null;
  };
  // text for screen readers only (a 1 px box that hides what overflows it) is never read by eye
  const unseen = element => {
    for (let e = element; e; e = e.parentElement) {
      if (e.offsetWidth <= 1 && getComputedStyle(e).overflow === "hidden") return true;
    }
    return false;
  };
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length || unseen(element)) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("code") || unseen(node.parentElement)) continue;
      // the pieces a word may be broken between: after a soft hyphen, a hyphen, a dash or a slash
      for (const match of node.data.matchAll(/[^\\s\\u00ad\\-\\u2010\\u2013\\u2014\\/]{2,}/g)) {
        const lines = new Set();
        for (let i = match.index; i < match.index + match[0].length; i++) {
          const line = lineOf(node, i);
          if (line !== null) lines.add(line);
        }
        if (lines.size > 1) broken.push(element.tagName.toLowerCase() + ": " + match[0]);
      }
    }
  }
  return broken;
}"""
LEFT_EDGES = """() => {
  const left = selector => {
    const element = document.querySelector(selector);
    return element ? Math.round(element.getBoundingClientRect().left) : null;
  };
  return {menu: left(".main-nav li:first-child a"), breadcrumbs: left(".breadcrumbs li"),
          name: left(".site-name"), content: left("main h1")};
}"""


def _tab(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 740})
    return context, context.new_page()


@pytest.mark.parametrize("width", PHONES)
def test_every_page_fits_a_phone_without_sideways_scrolling(browser, built_site, site_url, width):
    context, tab = _tab(browser, width)
    try:
        for path in html_pages(built_site):
            url = url_of(built_site, path)
            tab.goto(site_url + url)
            overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} is {overflow}px wider than a {width}px screen"
    finally:
        context.close()


@pytest.mark.parametrize("width", [*PHONES, 1280])
def test_no_word_is_broken_across_lines_without_a_hyphen(browser, built_site, site_url, width):
    context, tab = _tab(browser, width)
    broken = []
    try:
        for path in html_pages(built_site):
            url = url_of(built_site, path)
            tab.goto(site_url + url)
            tab.evaluate("document.fonts.ready")
            broken += [f"{url}: {word}" for word in tab.evaluate(BROKEN_WORDS, WORDS_IN)]
    finally:
        context.close()
    assert broken == []


def test_the_header_takes_at_most_a_quarter_of_a_phone_screen(browser, built_site, site_url):
    context, tab = _tab(browser, 360)
    tall = []
    try:
        for path in html_pages(built_site):
            url = url_of(built_site, path)
            tab.goto(site_url + url)
            height = tab.evaluate("document.querySelector('.site-header').offsetHeight")
            if height > HEADER_AT_360:
                tall.append(f"{url}: {height}px")
    finally:
        context.close()
    assert tall == []


def test_menu_breadcrumbs_and_content_share_one_left_edge_on_a_desktop(
    browser, built_site, site_url
):
    context, tab = _tab(browser, 1280)
    off = []
    try:
        for path in html_pages(built_site):
            url = url_of(built_site, path)
            tab.goto(site_url + url)
            edges = tab.evaluate(LEFT_EDGES)
            found = {name: left for name, left in edges.items() if left is not None}
            assert {"menu", "name", "content"} <= found.keys(), f"{url}: {edges}"
            if len(set(found.values())) != 1:
                off.append(f"{url}: {found}")
    finally:
        context.close()
    assert off == []


def test_on_a_phone_the_menu_opens_from_one_button_without_javascript(page_without_js, site_url):
    tab = page_without_js
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(site_url + "/stuttgart/")
    menu = tab.get_by_role("navigation", name="Hauptnavigation")
    assert menu.is_hidden()
    tab.get_by_text("Menü", exact=True).click()
    menu.get_by_role("link", name="Dortmund", exact=True).click()
    assert tab.url == site_url + "/dortmund/"


def test_on_a_desktop_the_menu_is_shown_without_a_button(page_without_js, site_url):
    tab = page_without_js
    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.goto(site_url + "/stuttgart/")
    assert tab.get_by_text("Menü", exact=True).is_hidden()
    links = tab.get_by_role("navigation", name="Hauptnavigation").get_by_role("link")
    assert links.count() == 6
    assert all(link.is_visible() for link in links.all())
