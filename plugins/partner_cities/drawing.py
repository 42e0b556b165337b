"""Maps as inline SVG with symbols, labels, links and a key, drawn at build time.

A map has three layers: the land (`WorldMap.land`), a picture layer of symbols and frames that
screen readers skip, and the links, each a label over a target of at least 24 × 24 CSS pixels
(WCAG 2.2, 2.5.8) at the narrowest width at which the stylesheet shows them. Below that width
the stylesheet hides the links and labels and shows the key's list of cities instead, as the
labels and targets would be too small there. Labels are placed by `labels.place`.

Each office's partners have their own symbol: a shape *and* a colour (classes
`map__sym--<office>`, colours in the stylesheet), so colour is never the only difference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .labels import Mark, Placement, Rect, place
from .worldmap import Box, Frame, WorldMap

TARGET_PX = 24  # WCAG 2.2 Target Size (Minimum), in CSS pixels
STROKE = 1.5  # white outline of a symbol, in user units


@dataclass(frozen=True)
class Symbol:
    """How a kind of point is drawn: a shape and a colour class."""

    shape: str  # circle, diamond, triangle, square or star
    css: str  # the class suffix that gives the colour: map__sym--<css>


@dataclass(frozen=True)
class Point:
    """A city (or other place) on the map; a link when it has `href`."""

    key: str
    lon: float
    lat: float
    name: str  # the visible label
    symbol: Symbol
    label: str | None = None  # the link's accessible name, e.g. with the country
    href: str | None = None
    bold: bool = False


@dataclass(frozen=True)
class Detail:
    """An area shown in more detail on another map: a labelled frame that links there."""

    key: str
    box: Box
    name: str  # the visible label
    label: str  # the link's accessible name
    href: str
    width: int  # the width the detail map is drawn at, to know the area it shows


@dataclass(frozen=True)
class Style:
    """Sizes on one map, in user units, and the narrowest width (CSS px) it shows links at."""

    font: float = 15
    half: float = 6  # half the size of a symbol
    narrowest: float | None = None  # None: the map has no links

    def target(self, width: int) -> float:
        """The smallest edge of a link's target in user units, so that it measures 24 CSS px
        when the map (`width` units wide) is drawn `narrowest` pixels wide."""
        if self.narrowest is None:
            return 0
        return math.ceil(TARGET_PX * width / self.narrowest)


def symbol_shape(shape: str, x: float, y: float, half: float) -> str:
    """SVG for a symbol centred on (x, y); shapes of about the same area as the circle."""
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(half)}"/>'
    return f'<path d="{_shape_path(shape, x, y, half)}"/>'


def _shape_path(shape: str, x: float, y: float, half: float) -> str:
    if shape == "diamond":
        d = half * 1.25
        points = [(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
    elif shape == "square":
        d = half * 0.89
        points = [(x - d, y - d), (x + d, y - d), (x + d, y + d), (x - d, y + d)]
    elif shape == "triangle":
        side = half * 2.7
        height = side * math.sqrt(3) / 2
        points = [
            (x, y - height * 2 / 3),
            (x + side / 2, y + height / 3),
            (x - side / 2, y + height / 3),
        ]
    elif shape == "star":
        outer, inner = half * 1.6, half * 0.7
        points = [
            (
                x + (outer if step % 2 == 0 else inner) * math.sin(step * math.pi / 5),
                y - (outer if step % 2 == 0 else inner) * math.cos(step * math.pi / 5),
            )
            for step in range(10)
        ]
    else:
        raise ValueError(f"unknown map symbol shape {shape!r}")
    return "M" + "L".join(f"{_n(px)} {_n(py)}" for px, py in points) + "z"


def symbol_body(shape: str, x: float, y: float, half: float) -> Rect:
    """The box a symbol covers, with its outline."""
    extent = {"circle": 1, "diamond": 1.25, "square": 0.89, "triangle": 1.56, "star": 1.6}[shape]
    reach = half * extent + STROKE / 2
    return Rect(x - reach, y - reach, x + reach, y + reach)


def _n(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Layout:
    """Everything on one map, in user units: what `draw` renders and the tests measure."""

    width: int
    height: int
    land: str  # SVG path data
    style: Style
    frames: dict[str, Rect]  # detail key: the frame of the area it shows
    pictured: tuple[tuple[Point, float, float], ...]  # inside a frame: no label, no link
    shown: tuple[tuple[Point, float, float], ...]
    placements: dict[str, Placement]  # by point or detail key

    @property
    def bounds(self) -> Rect:
        return Rect(0, 0, self.width, self.height)


def lay_out(
    world: WorldMap,
    box: Box,
    points: Sequence[Point],
    *,
    width: int,
    style: Style = Style(),
    details: Sequence[Detail] = (),
) -> Layout:
    """Project `points`, frame the `details`, and place the labels and link targets."""
    land, frame = world.land(box, width)
    height = frame.height
    target = style.target(width)

    frames = {}
    for detail in details:
        left, top, right, bottom = frame.area_of(Frame.of(detail.box, detail.width))
        frames[detail.key] = Rect(left, top, right, bottom)

    marks: list[Mark] = []
    pictured = []
    shown = []
    for point in points:
        x, y = frame.project(point.lon, point.lat)
        if not (0 <= x <= width and 0 <= y <= height):
            continue
        if any(_contains(rect, x, y) for rect in frames.values()):
            pictured.append((point, x, y))
            continue
        shown.append((point, x, y))
        marks.append(
            Mark(
                point.key,
                x,
                y,
                symbol_body(point.symbol.shape, x, y, style.half),
                point.name,
                style.font,
                point.bold,
                target if point.href else 0,
            )
        )
    for detail in details:
        rect = frames[detail.key]
        marks.append(
            Mark(
                detail.key,
                (rect.left + rect.right) / 2,
                (rect.top + rect.bottom) / 2,
                rect,
                detail.name,
                style.font,
                False,
                target,
            )
        )
    placements = place(marks, Rect(0, 0, width, height))
    return Layout(width, height, land, style, frames, tuple(pictured), tuple(shown), placements)


def draw(
    layout: Layout,
    details: Sequence[Detail] = (),
    *,
    ident: str,
    title: str,
    description: str,
    css_class: str = "map",
) -> Markup:
    """The SVG of a `layout` (made with the same `details`).

    Points inside a detail's frame are drawn without label or link: the frame links to the
    detail map. With links the SVG is a group of them; without, one image whose title and
    description are its text alternative."""
    half = layout.style.half
    picture = [
        f'<rect class="map__frame" x="{_n(r.left)}" y="{_n(r.top)}" '
        f'width="{_n(r.width)}" height="{_n(r.height)}"/>'
        for r in layout.frames.values()
    ]
    # home cities last, so that their symbols lie on top
    for point, x, y in sorted(layout.pictured + layout.shown, key=lambda item: item[0].bold):
        picture.append(
            f'<g class="map__sym map__sym--{point.symbol.css}">'
            f"{symbol_shape(point.symbol.shape, x, y, half)}</g>"
        )
    links = []
    placed = layout.placements
    # a leader line belongs to the picture, so that a link's target is its label's area
    for point, _x, _y in layout.shown:
        placement = placed[point.key]
        picture.append(_leader(placement))
        label = _label(placement, point.name, point.bold)
        if point.href is None:
            picture.append(label)
        else:
            links.append(_link(point.href, point.label or point.name, placement, label))
    for detail in details:
        placement = placed[detail.key]
        picture.append(_leader(placement))
        links.append(
            _link(detail.href, detail.label, placement, _label(placement, detail.name, False))
        )

    role = "group" if links else "img"
    return Markup(
        f'<svg class="{css_class}" id="{ident}" viewBox="0 0 {layout.width} {layout.height}" '
        f'font-size="{_n(layout.style.font)}" aria-labelledby="{ident}-title {ident}-desc" '
        f'role="{role}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        f'<path class="map__land" aria-hidden="true" d="{layout.land}"/>'
        f'<g aria-hidden="true">{"".join(picture)}</g>{"".join(links)}</svg>'
    )


def _contains(rect: Rect, x: float, y: float) -> bool:
    return rect.left <= x <= rect.right and rect.top <= y <= rect.bottom


def _label(placement: Placement, text: str, bold: bool) -> str:
    if placement.label is None:
        return ""
    anchor = "" if placement.anchor == "start" else f' text-anchor="{placement.anchor}"'
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text class="map__name" x="{_n(placement.text_x)}" '
        f'y="{_n(placement.text_y)}"{anchor}{weight}>{escape(text)}</text>'
    )


def _leader(placement: Placement) -> str:
    if not placement.leader or placement.label is None:
        return ""
    x1, y1, x2, y2 = placement.leader
    return f'<path class="map__leader" d="M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}"/>'


def _link(href: str, label: str, placement: Placement, text: str) -> str:
    area = placement.area
    return (
        f'<a class="map__link" href="{escape(href)}" aria-label="{escape(label)}">'
        f'<rect class="map__target" x="{_n(area.left)}" y="{_n(area.top)}" '
        f'width="{_n(area.width)}" height="{_n(area.height)}"/>{text}</a>'
    )


@dataclass(frozen=True)
class KeyEntry:
    """A line of a map's key: a symbol, what it stands for, and (for the list shown instead of
    the map on narrow screens) the links to the places it marks."""

    symbol: Symbol
    text: str
    links: tuple[tuple[str, str], ...] = ()  # (name, href)


def key(entries: Sequence[KeyEntry], label: str) -> Markup:
    """The key below a map: symbols with their meaning, each with its list of places."""
    items = []
    for entry in entries:
        icon = (
            f'<svg class="map-key__sym" viewBox="-10 -10 20 20" aria-hidden="true">'
            f'<g class="map__sym map__sym--{entry.symbol.css}">'
            f"{symbol_shape(entry.symbol.shape, 0, 0, 6)}</g></svg>"
        )
        places = ""
        if entry.links:
            places = (
                '<ul class="map-key__places">'
                + "".join(
                    f'<li><a href="{escape(href)}">{escape(name)}</a></li>'
                    for name, href in entry.links
                )
                + "</ul>"
            )
        items.append(f"<li>{icon}{escape(entry.text)}{places}</li>")
    return Markup(f'<ul class="map-key" aria-label="{escape(label)}">{"".join(items)}</ul>')
