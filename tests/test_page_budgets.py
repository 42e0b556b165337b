"""Size budgets from the product's quality bars: every HTML page with its stylesheet fits in the
first network round trip (14 KB compressed); pages with the inline world map stay within 40 KB.

Sizes are measured as a web server sends them, gzip at its usual level 6."""

from __future__ import annotations

import gzip
import re

from tests.built_html import html_pages

KB = 1024
FIRST_ROUND_TRIP = 14 * KB
WITH_WORLD_MAP = 40 * KB
STYLESHEET = re.compile(rb'<link rel="stylesheet" href="/([^"]+)"')


def compressed(raw: bytes) -> int:
    return len(gzip.compress(raw, compresslevel=6, mtime=0))


def test_every_page_with_its_stylesheets_fits_its_budget(built_site):
    over = []
    for path in html_pages(built_site):
        raw = path.read_bytes()
        sheets = STYLESHEET.findall(raw)
        assert sheets, f"{path}: no stylesheet found"
        size = compressed(raw) + sum(
            compressed((built_site / sheet.decode()).read_bytes()) for sheet in sheets
        )
        budget = WITH_WORLD_MAP if b'id="map-world-title"' in raw else FIRST_ROUND_TRIP
        if size > budget:
            over.append(f"{path.relative_to(built_site)}: {size} bytes > {budget}")
    assert not over, "\n".join(over)


def test_the_world_map_pages_are_the_ones_given_the_larger_budget(built_site):
    with_map = sorted(
        str(path.relative_to(built_site))
        for path in html_pages(built_site)
        if b'id="map-world-title"' in path.read_bytes()
    )
    assert with_map == [
        "en/index.html",
        "en/partner-cities/index.html",
        "index.html",
        "partnerstaedte/index.html",
    ]


FONT_BUDGET = 16 * KB  # each of the two weights (woff2 is compressed already)
PRELOAD = re.compile(
    rb'<link rel="preload" href="/([^"]+\.woff2)" as="font" type="font/woff2" crossorigin>'
)


def test_the_fonts_are_small_preloaded_and_never_hold_back_the_text(built_site):
    """The fonts are not in the first round trip: the stylesheet says `font-display: swap`, so
    the text shows at once in a system font and the two preloaded files (fetched alongside the
    stylesheet) take over when they arrive. They have a budget of their own."""
    css = (built_site / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    assert faces and all("font-display: swap" in face for face in faces)
    for path in html_pages(built_site):
        fonts = PRELOAD.findall(path.read_bytes())
        assert len(fonts) == 2, f"{path}: preloads {fonts}"
        for font in fonts:
            size = (built_site / font.decode()).stat().st_size
            assert size <= FONT_BUDGET, f"{font.decode()}: {size} bytes > {FONT_BUDGET}"
