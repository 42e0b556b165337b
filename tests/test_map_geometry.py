"""The maps' geometry, checked on the layouts the build draws: no shape is drawn across the
map, every label lies inside its map and clear of every other label and symbol, and every
link's target is at least 24 × 24 CSS pixels where the stylesheet shows it. Rendered sizes are
measured in a browser in test_map_browser.py."""

from __future__ import annotations

import re
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core.site_data import load_site_data
from plugins.partner_cities.drawing import TARGET_PX, Layout
from plugins.partner_cities.labels import Mark, Rect, place
from plugins.partner_cities.maps import BREAKPOINT, VIEWS, partner_maps
from plugins.partner_cities.worldmap import Box, WorldMap, cut_at_antimeridian

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(ROOT / "data")
STYLESHEET = ROOT / "theme" / "static" / "css" / "site.css"


class _Page:
    def __init__(self, url: str):
        self.url = url


@pytest.fixture(scope="module")
def maps() -> dict:
    profiles = {
        city.slug: {lang: _Page(f"{lang}/{city.slug}/") for lang in ("de", "en")}
        for city in DATA.cities
    }
    return partner_maps(
        DATA, profiles, {"de": "partnerstaedte/", "en": "en/partner-cities/"}, siteurl=""
    )


def layouts(maps: dict) -> list[tuple[str, Layout]]:
    return [
        (f"{lang}:{name}", layout)
        for lang in ("de", "en")
        for name, layout in maps[lang]["layouts"].items()
    ]


def segments(path: str) -> list[tuple[float, float, float, float]]:
    """The straight segments of SVG path data made of M, l (relative) and z commands."""
    found = []
    for ring in re.findall(r"M[^Mz]*z", path):
        head, _, steps = ring[1:-1].partition("l")
        x, y = map(float, head.split())
        start = (x, y)
        numbers = [float(n) for n in steps.split()]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            found.append((x, y, x + dx, y + dy))
            x, y = x + dx, y + dy
        found.append((x, y, *start))
    return found


def test_fiji_and_russia_are_cut_at_the_antimeridian_not_drawn_across_the_world():
    """Issue 14: a stripe ran across the world map at 16.5°S and along its top, where the
    country shapes join Fiji and Russia across the 180° meridian."""
    land, _frame = WorldMap().land(Box(-180, -60, 180, 85), 960)
    too_long = [s for s in segments(land) if abs(s[2] - s[0]) > 960 / 2]
    assert too_long == []


def test_no_segment_of_any_map_spans_more_than_half_its_width(maps):
    for name, layout in layouts(maps):
        longest = max(abs(x2 - x1) for x1, _, x2, _ in segments(layout.land))
        assert longest <= layout.width / 2, name


def test_a_ring_across_the_antimeridian_becomes_one_closed_ring_on_each_side():
    ring = [(170, 0), (-170, 0), (-170, 10), (170, 10), (170, 0)]
    parts = cut_at_antimeridian(ring)
    assert len(parts) == 2
    for part in parts:
        assert part[0] == part[-1], "closed"
        sides = {lon > 0 for lon, _ in part if abs(lon) != 180}
        assert len(sides) == 1, "on one side"
        assert all(abs(b[0] - a[0]) <= 180 for a, b in pairwise(part))


def test_a_ring_crossing_four_times_pairs_the_crossings_along_the_meridian():
    # a U open to the east, whose arms reach across the meridian
    ring = [
        (170, 0),
        (-170, 0),
        (-170, 2),
        (175, 2),
        (175, 8),
        (-170, 8),
        (-170, 10),
        (170, 10),
        (170, 0),
    ]
    parts = cut_at_antimeridian(ring)
    east = [p for p in parts if all(lon > 0 for lon, _ in p)]
    west = [p for p in parts if all(lon < 0 for lon, _ in p)]
    assert len(east) == 1 and len(west) == 2
    assert all(part[0] == part[-1] for part in parts)


def test_a_ring_that_stays_on_one_side_is_kept_as_it_is():
    ring = [(10, 0), (20, 0), (20, 10), (10, 0)]
    assert cut_at_antimeridian(ring) == [ring]


def test_every_label_lies_inside_its_map(maps):
    for name, layout in layouts(maps):
        for key, placement in layout.placements.items():
            if placement.label:
                assert placement.label.inside(layout.bounds), f"{name}: {key}"


def test_no_two_labels_overlap_and_no_label_covers_a_symbol(maps):
    for name, layout in layouts(maps):
        placed = layout.placements
        labels = {key: p.label for key, p in placed.items() if p.label}
        for (a, box_a), (b, box_b) in combinations(labels.items(), 2):
            assert not box_a.overlaps(box_b), f"{name}: {a} and {b}"
        for key, box in labels.items():
            for other, placement in placed.items():
                if other != key:
                    assert not box.overlaps(placement.body), f"{name}: {key} covers {other}"


def test_every_city_outside_a_detail_frame_is_labelled(maps):
    for name, layout in layouts(maps):
        for point, _x, _y in layout.shown:
            assert layout.placements[point.key].label, f"{name}: {point.key} has no label"


def test_every_link_target_is_at_least_24_css_pixels_from_the_breakpoint_up(maps):
    for name, layout in layouts(maps):
        narrowest = layout.style.narrowest
        linked = [p.key for p, _x, _y in layout.shown if p.href] + list(layout.frames)
        if not linked:
            continue
        scale = narrowest / layout.width  # CSS px per user unit at the narrowest drawing
        for key in linked:
            area = layout.placements[key].area
            assert area.width * scale >= TARGET_PX, f"{name}: {key}"
            assert area.height * scale >= TARGET_PX, f"{name}: {key}"
            assert area.inside(layout.bounds), f"{name}: {key}"


def test_no_two_link_targets_overlap(maps):
    for name, layout in layouts(maps):
        linked = [p.key for p, _x, _y in layout.shown if p.href] + list(layout.frames)
        for a, b in combinations(linked, 2):
            area_a, area_b = layout.placements[a].area, layout.placements[b].area
            assert not area_a.overlaps(area_b), f"{name}: {a} and {b}"


def test_the_world_map_frames_europe_and_the_europe_map_frames_the_east(maps):
    names = {view.name: view.details for view in VIEWS}
    assert names == {"world": ("europe",), "europe": ("east",), "east": ()}
    world = maps["de"]["layouts"]["world"]
    framed = {point.key for point, _x, _y in world.pictured}
    assert {"cardiff", "lodz", "cairo", "home:Stuttgart", "home:Dortmund"} <= framed
    assert {"st-louis", "mumbai", "kumasi"} <= {p.key for p, _x, _y in world.shown}


def test_stuttgart_and_dortmund_are_marked_and_labelled_as_home_cities_on_the_europe_map(maps):
    europe = maps["en"]["layouts"]["europe"]
    homes = {p.name: p for p, _x, _y in europe.shown if p.key.startswith("home:")}
    assert set(homes) == {"Stuttgart", "Dortmund"}
    for point in homes.values():
        assert point.symbol.shape == "star" and point.bold and point.href is None
        assert europe.placements[point.key].label


def test_each_office_has_its_own_shape_and_colour(maps):
    world = maps["de"]["layouts"]["world"]
    symbols = {}
    for point, _x, _y in world.shown + world.pictured:
        if not point.key.startswith("home:"):
            city = DATA.city(point.key)
            symbols.setdefault(city.relations[0].office, set()).add(point.symbol)
    assert all(len(found) == 1 for found in symbols.values())
    used = [next(iter(found)) for found in symbols.values()]
    assert len({s.shape for s in used}) == len(used) == len({s.css for s in used})


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_symbols_stand_out_3_to_1_and_labels_4_5_to_1_from_sea_and_land():
    css = STYLESHEET.read_text(encoding="utf-8")
    block = css[css.index("/* Maps") :]
    colours = dict(re.findall(r"--(map-[\w-]+|ink):\s*(#[0-9a-fA-F]{6})", css))
    backgrounds = [colours["map-sea"], colours["map-land"]]
    symbols = [
        name for name in colours if name.startswith("map-") and name[4:] not in {"sea", "land"}
    ]
    assert len(symbols) >= 4
    for name in symbols:
        assert f"var(--{name})" in block, f"--{name} is not used"
        for background in backgrounds:
            assert _contrast(colours[name], background) >= 3, name
    for background in backgrounds:  # label text is drawn in --ink on a halo of --map-sea
        assert _contrast(colours["ink"], background) >= 4.5


def test_the_stylesheet_shows_links_from_the_breakpoint_the_maps_are_sized_for():
    css = STYLESHEET.read_text(encoding="utf-8")
    block = css[css.index("/* Maps") :]
    assert f"@media (min-width: {BREAKPOINT})" in block
    below = float(BREAKPOINT.removesuffix("em")) - 0.01
    assert f"@media (max-width: {below:g}em)" in block


marks = st.lists(
    st.tuples(
        st.floats(0, 300),
        st.floats(0, 200),
        st.text(alphabet="abcdefghij ÄŁ", min_size=1, max_size=12),
        st.sampled_from([0, 24, 30]),
    ),
    min_size=1,
    max_size=9,
)


@settings(max_examples=60, deadline=None)
@given(marks)
def test_labels_never_overlap_however_crowded_the_map(found):
    """Where there is no room, a mark loses its label rather than cover another."""
    frame = Rect(0, 0, 300, 200)
    placed = place(
        [
            Mark(str(i), x, y, Rect(x - 5, y - 5, x + 5, y + 5), text, 15, False, target)
            for i, (x, y, text, target) in enumerate(found)
        ],
        frame,
    )
    labels = [(key, p.label) for key, p in placed.items() if p.label]
    for (a, box_a), (b, box_b) in combinations(labels, 2):
        assert not box_a.overlaps(box_b), (a, b)
    for key, box in labels:
        assert box.inside(frame)
        for other, placement in placed.items():
            if other != key:
                assert not box.overlaps(placement.body), (key, other)


def test_every_link_names_itself_by_its_visible_label_first(maps):
    """WCAG 2.5.3 Label in Name: a speech user says what they see (axe found frame links
    named "Map of …" under the label "Europe and the Mediterranean")."""
    for lang in ("de", "en"):
        for name in ("world", "europe", "east"):
            svg = str(maps[lang][name])
            for label, text in re.findall(
                r'<a class="map__link" href="[^"]*" aria-label="([^"]*)">.*?'
                r'<text class="map__name"[^>]*>([^<]*)</text></a>',
                svg,
            ):
                assert label.startswith(text), f"{lang}:{name}: {label!r} / {text!r}"
