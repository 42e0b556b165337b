"""The partner-city maps of the site: which areas, which symbols, which texts.

The list page shows the world, Europe and the Mediterranean in detail, and the eastern
Mediterranean in more detail, where Cairo, Netanya, Shavei Zion and Dura lie too close
together for the Europe map; each map frames the area the next one shows, and the frame links
there. The home page shows the world map. Each profile has a small locator map.

The stylesheet shows the maps' links from `BREAKPOINT` up; below it, where labels and targets
would be too small, it shows the key's list of cities instead and keeps only the world map, as
a picture. `Style.narrowest` is the narrowest width, in CSS pixels, that each map is drawn at
from the breakpoint up (the stylesheet's `/* Maps … */` block keeps to it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from babel.lists import format_list

from plugins.core import warm
from plugins.core.site_data import PartnerCity, SiteData
from plugins.theme_l10n.l10n import babel_locale, country_name

from .drawing import Detail, KeyEntry, Layout, Point, Style, Symbol, draw, key
from .drawing import lay_out as place_all
from .worldmap import Box, Frame, WorldMap

WORLD = Box(west=-125, south=-20, east=145, north=66)
EUROPE = Box(west=-12, south=28, east=54, north=62)  # Europe and the Mediterranean
EAST_MEDITERRANEAN = Box(west=29.5, south=29.3, east=37.5, north=34.3)

BREAKPOINT = "60em"  # 960 CSS px: the stylesheet shows links from here up
MAP_WIDTH, EAST_WIDTH, LOCATOR_WIDTH = 960, 640, 480
WIDE = Style(font=15, half=6, narrowest=880)  # the page's column at 960 px, less a margin
DETAIL = Style(font=16, half=8, narrowest=630)  # its max-width: 40rem, less the border
LOCATOR = Style(font=21, half=9)

# One shape and one colour (class map__sym--<office>) per office; a new office needs a line
# here and a colour in the stylesheet, or it is drawn as a grey square.
OFFICE_SYMBOLS = {
    "stuttgart": Symbol("circle", "stuttgart"),
    "dortmund": Symbol("diamond", "dortmund"),
    "region-stuttgart": Symbol("triangle", "region-stuttgart"),
}
OTHER_SYMBOL = Symbol("square", "other")
HOME_SYMBOL = Symbol("star", "home")

# The offices' home cities, by the city of their address in data/offices.yaml: GeoNames city
# points (Stuttgart 2825297, Dortmund 2935517, from the same GeoNames extract as the partner
# cities' coordinates), in degrees to two decimals like those.
HOME_COORDINATES = {"Stuttgart": (48.78, 9.18), "Dortmund": (51.51, 7.47)}


@dataclass(frozen=True)
class View:
    """One map of the list page: the area, its width in user units, sizes, and the frames of
    the areas that the next map shows."""

    name: str
    box: Box
    width: int
    style: Style
    details: tuple[str, ...] = ()

    def shows(self, lon: float, lat: float) -> bool:
        frame = Frame.of(self.box, self.width)
        x, y = frame.project(lon, lat)
        return 0 <= x <= frame.width and 0 <= y <= frame.height


VIEWS = (
    View("world", WORLD, MAP_WIDTH, WIDE, ("europe",)),
    View("europe", EUROPE, MAP_WIDTH, WIDE, ("east",)),
    View("east", EAST_MEDITERRANEAN, EAST_WIDTH, DETAIL),
)


def office_symbol(office_id: str) -> Symbol:
    return OFFICE_SYMBOLS.get(office_id, OTHER_SYMBOL)


def locator_box(city: PartnerCity) -> Box:
    return Box(city.lon - 16, city.lat - 10, city.lon + 16, city.lat + 10)


def home_cities(data: SiteData) -> dict[str, tuple[float, float]]:
    """The cities the offices are based in (their addresses' city), with (lon, lat)."""
    homes = {}
    for office in data.offices:
        name = office.address.city.de
        if name in HOME_COORDINATES:
            lat, lon = HOME_COORDINATES[name]
            homes[name] = (lon, lat)
    return homes


@functools.cache
def _world() -> WorldMap:
    """The world's land, read once per process (the preview draws again and again)."""
    return WorldMap()


def partner_maps(
    data: SiteData,
    profiles: dict,
    list_urls: dict[str, str],
    siteurl: str,
    known: Callable | None = None,
) -> dict[str, dict]:
    """Per language: `world`, `europe`, `east` (each an SVG with its key), `east_names`,
    `cities`: a locator map per city with coordinates, and the `layouts` of all these maps
    (by view name, and `city:<slug>`). `known(key, make)`: a layout of an earlier run of the
    preview, by what it shows (placing the labels is the slow part; warm.Memo.cached)."""
    world = _world()

    def lay_out(box, points, **options) -> Layout:
        if known is None:
            return place_all(world, box, points, **options)
        key = warm.digest((box, points, options))
        return known(key, lambda: place_all(world, box, points, **options))

    homes = home_cities(data)
    mapped = [city for city in data.cities if city.lat is not None]
    maps = {}
    for lang, list_url in list_urls.items():
        text = MAP_TEXT[lang]
        partners = {
            city.slug: Point(
                city.slug,
                city.lon,
                city.lat,
                city.name[lang],
                office_symbol(city.relations[0].office),
                label=f"{city.name[lang]} ({country_name(city.country, lang)})",
                href=f"{siteurl}/{profiles[city.slug][lang].url}",
            )
            for city in mapped
        }
        home_points = [
            Point(f"home:{name}", lon, lat, name, HOME_SYMBOL, bold=True)
            for name, (lon, lat) in homes.items()
        ]
        details = {
            view.name: Detail(
                f"detail:{view.name}",
                view.box,
                text[f"{view.name}_frame"],
                text[f"{view.name}_frame_label"],
                f"{siteurl}/{list_url}#map-{view.name}",
                view.width,
            )
            for view in VIEWS
            if f"{view.name}_frame" in text
        }
        maps[lang] = {}
        for view in VIEWS:
            framed = [details[name] for name in view.details]
            layout = lay_out(
                view.box,
                home_points + list(partners.values()),
                width=view.width,
                style=view.style,
                details=framed,
            )
            svg = draw(
                layout,
                framed,
                ident=f"map-{view.name}",
                title=text[view.name],
                description=text["description"],
            )
            on_map = [city for city in mapped if view.shows(city.lon, city.lat)]
            homes_on_map = [name for name, (lon, lat) in homes.items() if view.shows(lon, lat)]
            # only the world map, which stays on narrow screens, lists the cities in its key
            places = (
                {slug: point.href for slug, point in partners.items()}
                if view.name == "world"
                else None
            )
            entries = key_entries(data, on_map, homes_on_map, lang, places)
            maps[lang][view.name] = svg + key(entries, text["key"])
            maps[lang].setdefault("layouts", {})[view.name] = layout
        maps[lang]["east_names"] = format_list(
            [city.name[lang] for city in mapped if EAST_MEDITERRANEAN.contains(city.lon, city.lat)],
            locale=babel_locale(lang),
        )
        locators = {
            city.slug: lay_out(
                locator_box(city),
                [Point(city.slug, city.lon, city.lat, city.name[lang], partners[city.slug].symbol)],
                width=LOCATOR_WIDTH,
                style=LOCATOR,
            )
            for city in mapped
        }
        maps[lang]["layouts"].update({f"city:{slug}": layout for slug, layout in locators.items()})
        maps[lang]["cities"] = {
            city.slug: draw(
                locators[city.slug],
                ident="map-city",
                css_class="map map--locator",
                title=text["locator"].format(city=partners[city.slug].label),
                description=text["locator_description"],
            )
            for city in mapped
        }
    return maps


def key_entries(
    data: SiteData,
    cities: list[PartnerCity],
    homes: list[str],
    lang: str,
    places: dict[str, str] | None = None,
) -> list[KeyEntry]:
    """A line per office with partners on the map (with links to their pages, where `places`
    gives them by slug), and one for the home cities on it."""
    text = MAP_TEXT[lang]
    entries = []
    for office in data.offices:
        own = [city for city in cities if city.relations[0].office == office.id]
        if not own:
            continue
        entries.append(
            KeyEntry(
                office_symbol(office.id),
                text["partners_of"].format(office=office.body[lang]),
                tuple((city.name[lang], places[city.slug]) for city in own) if places else (),
            )
        )
    if homes:
        entries.append(
            KeyEntry(
                HOME_SYMBOL,
                text["homes"].format(cities=format_list(homes, locale=babel_locale(lang))),
            )
        )
    return entries


MAP_TEXT = {
    "de": {
        "world": "Weltkarte der Partnerstädte",
        "europe": "Partnerstädte in Europa und am Mittelmeer",
        "east": "Partnerstädte im östlichen Mittelmeerraum",
        "description": "Die Namen führen zur Seite der Stadt. Form und Farbe der Zeichen zeigen, "
        "mit welcher Einrichtung eine Stadt verbunden ist; ein Stern markiert den Sitz der "
        "Einrichtungen. Alle Städte stehen auch in der Liste der Partnerstädte.",
        "europe_frame": "Europa und Mittelmeer",
        "europe_frame_label": "Europa und Mittelmeer: Karte im Detail",
        "east_frame": "Östliches Mittelmeer",
        "east_frame_label": "Östliches Mittelmeer: Karte im Detail",
        "key": "Legende",
        "partners_of": "Partner von: {office}",
        "homes": "Sitz der Einrichtungen: {cities}",
        "locator": "Lage von {city}",
        "locator_description": "Das beschriftete Zeichen markiert die Stadt.",
    },
    "en": {
        "world": "World map of the partner cities",
        "europe": "Partner cities in Europe and around the Mediterranean",
        "east": "Partner cities in the eastern Mediterranean",
        "description": "Each name links to the city's page. The shape and colour of a symbol "
        "show which office a city is linked with; a star marks where the offices are based. "
        "All cities are also in the list of partner cities.",
        "europe_frame": "Europe and the Mediterranean",
        "europe_frame_label": "Europe and the Mediterranean: detailed map",
        "east_frame": "Eastern Mediterranean",
        "east_frame_label": "Eastern Mediterranean: detailed map",
        "key": "Key",
        "partners_of": "Partners of: {office}",
        "homes": "Where the offices are based: {cities}",
        "locator": "Location of {city}",
        "locator_description": "The labelled symbol marks the city.",
    },
}
