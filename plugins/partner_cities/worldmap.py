"""Maps drawn at build time as inline SVG: no tiles, no scripts, no requests to anyone.

Country shapes come from Natural Earth via `geodata/countries-110m.json` (TopoJSON), projected
with the Equal Earth projection (Šavrič, Patterson & Jenny 2018), which keeps areas true and
suits world maps. Paths use integer coordinates and relative commands to stay small.

`WorldMap.land(...)` draws the land of a region of the world; `drawing.py` puts the symbols,
labels and links on it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

TOPOLOGY = Path(__file__).parent / "geodata" / "countries-110m.json"
ANTARCTICA = "010"

# Equal Earth constants (Šavrič et al. 2018, eq. 2)
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project degrees to Equal Earth plane units (x east, y north)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


@dataclass(frozen=True)
class Box:
    """A region in degrees: west, south, east, north."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


@dataclass(frozen=True)
class Frame:
    """Where a box lies in Equal Earth coordinates, and its scale to pixels."""

    x0: float
    y_top: float
    scale: float
    height: int
    width: int

    @classmethod
    def of(cls, box: Box, width: int) -> Frame:
        (x0, y_top), (x1, y_bottom) = (
            equal_earth(box.west, box.north),
            equal_earth(box.east, box.south),
        )
        # Equal Earth meridians curve: widen the frame to the widest extent of the box
        x0 = min(
            x0,
            equal_earth(box.west, box.south)[0],
            equal_earth(box.west, 0)[0] if box.south < 0 < box.north else x0,
        )
        x1 = max(
            x1,
            equal_earth(box.east, box.north)[0],
            equal_earth(box.east, 0)[0] if box.south < 0 < box.north else x1,
        )
        scale = width / (x1 - x0)
        return cls(x0, y_top, scale, round((y_top - y_bottom) * scale), width)

    def pixel(self, x: float, y: float) -> tuple[int, int]:
        return round((x - self.x0) * self.scale), round((self.y_top - y) * self.scale)

    def project(self, lon: float, lat: float) -> tuple[int, int]:
        """Degrees to this frame's pixels."""
        return self.pixel(*equal_earth(lon, lat))

    def area_of(self, other: Frame) -> tuple[float, float, float, float]:
        """Where `other` frame's area lies in this frame: left, top, right, bottom pixels."""
        left, top = self.pixel(other.x0, other.y_top)
        right, bottom = self.pixel(
            other.x0 + other.width / other.scale, other.y_top - other.height / other.scale
        )
        return left, top, right, bottom


class WorldMap:
    """Country outlines, decoded once from the TopoJSON file (maps.py keeps one per process)."""

    def __init__(self, topology_path: Path = TOPOLOGY):
        self.topology = json.loads(topology_path.read_text(encoding="utf-8"))
        self._land: dict[tuple[Box, int], tuple[str, Frame]] = {}

    @cached_property
    def arcs(self) -> list[list[tuple[float, float]]]:
        """Decode delta-encoded, quantized arcs into (lon, lat) lists (TopoJSON spec §2.1.2)."""
        (sx, sy), (tx, ty) = (
            self.topology["transform"]["scale"],
            self.topology["transform"]["translate"],
        )
        decoded = []
        for arc in self.topology["arcs"]:
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
            decoded.append(points)
        return decoded

    def _ring(self, indexes: list[int]) -> list[tuple[float, float]]:
        ring: list[tuple[float, float]] = []
        for index in indexes:
            arc = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            ring.extend(arc[1:] if ring else arc)  # consecutive arcs share their end point
        return ring

    @cached_property
    def ring_bounds(self) -> list[list[Box]]:
        """The bounds in degrees of every ring, per country, to skip shapes outside a frame."""
        return [
            [
                Box(
                    min(p[0] for p in ring),
                    min(p[1] for p in ring),
                    max(p[0] for p in ring),
                    max(p[1] for p in ring),
                )
                for ring in rings
            ]
            for _ident, rings in self.countries
        ]

    @cached_property
    def countries(self) -> list[tuple[str, list[list[tuple[float, float]]]]]:
        """(ISO numeric id, rings in degrees) per country, without Antarctica; rings that
        cross the 180° meridian (Fiji, Russia) are cut there into one ring per side."""
        result = []
        for geometry in self.topology["objects"]["countries"]["geometries"]:
            if geometry.get("id") == ANTARCTICA or geometry["type"] not in {
                "Polygon",
                "MultiPolygon",
            }:
                continue
            polygons = (
                geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            )
            rings = [
                part
                for polygon in polygons
                for ring in polygon
                for part in cut_at_antimeridian(self._ring(ring))
            ]
            result.append((geometry.get("id", ""), rings))
        return result

    @cached_property
    def projected(self) -> list[list[list[tuple[float, float]]]]:
        """Every ring in Equal Earth coordinates, computed once for all maps of a run."""
        return [
            [[equal_earth(lon, lat) for lon, lat in ring] for ring in rings]
            for _ident, rings in self.countries
        ]

    def land(self, box: Box, width: int) -> tuple[str, Frame]:
        """The SVG path of all land in `box` at `width` pixels, and the frame it was drawn in;
        drawn once per frame and run, as it is the same in every language."""
        if (box, width) in self._land:
            return self._land[(box, width)]
        frame = Frame.of(box, width)
        paths = []
        for rings, bounds in zip(self.projected, self.ring_bounds, strict=True):
            commands = []
            for ring, bound in zip(rings, bounds, strict=True):
                if (
                    bound.east < box.west - 20
                    or bound.west > box.east + 20
                    or bound.north < box.south - 5
                    or bound.south > box.north + 5
                ):
                    continue  # far outside the frame (margin: meridians curve in Equal Earth)
                projected = [frame.pixel(x, y) for x, y in ring]
                xs = [p[0] for p in projected]
                ys = [p[1] for p in projected]
                if max(xs) < 0 or min(xs) > width or max(ys) < 0 or min(ys) > frame.height:
                    continue
                commands.append(_relative_path(projected))
            if commands:
                paths.append("".join(commands))
        self._land[(box, width)] = ("".join(paths), frame)
        return self._land[(box, width)]


def cut_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """`ring` as it is when it stays on one side of the 180° meridian; else cut there into
    closed rings, each on one side and closed along the meridian.

    TopoJSON stitches shapes across the meridian (a step from 179.4° to -180°); drawn as it is,
    such a step runs across the whole map. Where a simple ring crosses a line, its crossings,
    sorted along the line, pair up into the stretches of the line that lie inside it: (1st,
    2nd), (3rd, 4th) … (even-odd rule). Each stretch joins the end of one cut piece to the start
    of another on the same side."""
    steps = [k for k in range(1, len(ring)) if abs(ring[k][0] - ring[k - 1][0]) > 180]
    if not steps:
        return [ring]
    # pieces between crossings; each starts and ends on the meridian, on the side it lies
    pieces: list[list[tuple[float, float]]] = []
    rotated = ring[steps[0] :] + ring[1 : steps[0]]  # starts just after the first crossing
    crossings = [k - steps[0] for k in steps[1:]] + [len(rotated)]
    start = 0
    for end in crossings:
        piece = rotated[start:end]
        before = rotated[start - 1] if start else ring[steps[0] - 1]
        after = rotated[end] if end < len(rotated) else rotated[0]
        side = 180.0 if piece[0][0] > 0 else -180.0
        pieces.append(
            [
                (side, _crossing_latitude(before, piece[0])),
                *piece,
                (side, _crossing_latitude(piece[-1], after)),
            ]
        )
        start = end
    result = []
    for side in (180.0, -180.0):
        own = [index for index, piece in enumerate(pieces) if piece[0][0] == side]
        ends = sorted(
            [(pieces[i][-1][1], "end", i) for i in own]
            + [(pieces[i][0][1], "start", i) for i in own]
        )
        joins = {}
        for (_lat_a, kind_a, a), (_lat_b, kind_b, b) in zip(ends[::2], ends[1::2], strict=True):
            if {kind_a, kind_b} != {"start", "end"}:
                raise ValueError("a ring crosses the 180° meridian in a way this code cannot cut")
            joins[a if kind_a == "end" else b] = b if kind_a == "end" else a
        seen: set[int] = set()
        for first in own:
            if first in seen:
                continue
            closed: list[tuple[float, float]] = []
            index = first
            while index not in seen:
                seen.add(index)
                piece = pieces[index]
                closed.extend(piece)
                following = pieces[joins[index]]
                closed.extend(_along_meridian(side, piece[-1][1], following[0][1]))
                index = joins[index]
            closed.append(closed[0])
            result.append(closed)
    return result


def _crossing_latitude(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Where the step from `a` to `b`, which crosses the 180° meridian, meets it."""
    (lon_a, lat_a), (lon_b, lat_b) = a, b
    if abs(lon_a) == 180:
        return lat_a
    if abs(lon_b) == 180:
        return lat_b
    side = 180.0 if lon_a > 0 else -180.0
    lon_b += 360 if side > 0 else -360  # unwrap to a's side
    return lat_a + (lat_b - lat_a) * (side - lon_a) / (lon_b - lon_a)


def _along_meridian(side: float, start: float, to: float) -> list[tuple[float, float]]:
    """Points every 2° along the meridian at `side` strictly between two latitudes: Equal
    Earth draws meridians as curves."""
    count = int(abs(to - start) // 2)
    return [(side, start + (to - start) * step / (count + 1)) for step in range(1, count + 1)]


def _relative_path(points: list[tuple[int, int]]) -> str:
    """`M x y` then relative steps; repeated points dropped; closed with `z`."""
    x, y = points[0]
    parts = [f"M{x} {y}"]
    steps = []
    for nx, ny in points[1:]:
        dx, dy = nx - x, ny - y
        if dx or dy:
            steps.append(f"{dx} {dy}")
            x, y = nx, ny
    if steps:
        parts.append("l" + " ".join(steps))
    return "".join(parts) + "z"
