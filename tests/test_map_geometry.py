"""The maps' geometry: no shape is drawn across the map, and labels never cover each other."""

from __future__ import annotations

import re
from itertools import combinations, pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.partner_cities.labels import Mark, Rect, place
from plugins.partner_cities.worldmap import Box, WorldMap, cut_at_antimeridian


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
