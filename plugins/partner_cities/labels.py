"""Place map labels beside their marks without overlaps, at build time.

Every mark (a city's symbol, or a frame around a detail area) takes up an *area*: the symbol,
its label, and for a link at least a square of the size a finger or pointer needs (WCAG 2.2,
2.5.8 Target Size). Areas must lie inside the map and must not touch each other, so no label
hides another or a symbol, and no link's target overlaps another's.

Each label may stand in one of eight places around its mark, in the order cartographers prefer
(right, left, then the diagonals, then above and below), slid up or down beside it, or led out
with a short line in one of eight directions. A depth-first search tries them, the marks with
the fewest free places first; if no label can be placed for a mark, the mark keeps only its
symbol. The result depends only on the input, so builds stay byte-identical.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .textwidth import text_width

# DejaVu Sans: ascent and descent in em; what a line of label text takes up vertically
ASCENT, DESCENT = 0.93, 0.24
HALO = 2  # the white outline drawn around label text (stroke width 3, half outside)
GAP = 3  # between a symbol and its label
SEARCH_LIMIT = 20_000  # steps of the search before it settles for the best found so far


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box in user units."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlaps(self, other: Rect, gap: float = 0) -> bool:
        """True when the boxes come closer than `gap`."""
        return not (
            self.right + gap <= other.left
            or other.right + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )

    def inside(self, other: Rect) -> bool:
        return (
            self.left >= other.left
            and self.top >= other.top
            and self.right <= other.right
            and self.bottom <= other.bottom
        )

    def union(self, other: Rect) -> Rect:
        return Rect(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def grown_to(self, size: float) -> Rect:
        """At least `size` wide and high, grown evenly about its centre."""
        dx = max(0.0, size - self.width) / 2
        dy = max(0.0, size - self.height) / 2
        return Rect(self.left - dx, self.top - dy, self.right + dx, self.bottom + dy)


@dataclass(frozen=True)
class Mark:
    """Something drawn at (x, y) that takes up `body` and may carry a label."""

    key: str
    x: float
    y: float
    body: Rect  # the symbol (or frame) itself
    text: str | None = None  # the label; None: the symbol alone
    size: float = 15  # font size of the label, user units
    bold: bool = False
    target: float = 0  # smallest width and height of a link's area; 0: not a link


@dataclass(frozen=True)
class Placement:
    """Where a mark's label goes and what the mark takes up."""

    key: str
    area: Rect  # label (and symbol, unless led out) grown to the target: a link's target
    body: Rect  # the symbol
    label: Rect | None = None  # the label's box (with its halo)
    text_x: float = 0
    text_y: float = 0  # baseline
    anchor: str = "start"  # SVG text-anchor
    leader: tuple[float, float, float, float] | None = None  # line from symbol to label

    def clashes(self, other: Placement, gap: float) -> bool:
        """True when this mark and `other` come closer than `gap` (their symbols aside, which
        lie where their places are)."""
        if self.area.overlaps(other.area, gap):
            return True
        if self.area.overlaps(other.body, gap) or other.area.overlaps(self.body, gap):
            return True
        for line, placement in ((self.leader, other), (other.leader, self)):
            if line and (
                _crosses(line, placement.area, gap) or _crosses(line, placement.body, gap)
            ):
                return True
        return False

    def covers(self, rect: Rect, gap: float) -> bool:
        """True when this label or its leader comes closer than `gap` to `rect`."""
        return self.label is not None and (
            self.label.overlaps(rect, gap)
            or (self.leader is not None and _crosses(self.leader, rect, gap))
        )


# label places around a symbol, preferred first: beside, diagonal, above and below it, then
# slid up or down beside it, then led out with a line in eight directions
ADJACENT = (
    "right",
    "left",
    "above-right",
    "below-right",
    "above-left",
    "below-left",
    "above",
    "below",
)
SLIDES = (-0.5, 0.5)  # beside, moved by half the label's height
LEADER_LENGTH = 16
LEADER_DIRECTIONS = (0, 180, 45, -45, 135, -135, 90, -90)  # degrees, counter-clockwise from east


def label_box(mark: Mark, position: str, slide: float = 0) -> tuple[Rect, float, float, str]:
    """The label's box for `position` (with its halo), its anchor point (x and baseline) and
    its SVG `text-anchor`."""
    assert mark.text is not None
    width = text_width(mark.text, mark.size, bold=mark.bold)
    ascent, descent = ASCENT * mark.size, DESCENT * mark.size
    height = ascent + descent
    body = mark.body
    vertical, _, side = position.rpartition("-") if "-" in position else ("", "", position)
    if vertical == "above" or position == "above":
        top = body.top - GAP - height
    elif vertical == "below" or position == "below":
        top = body.bottom + GAP
    else:
        top = mark.y - height / 2 + slide * height
    inset = body.width / 4  # diagonals start over the symbol's shoulder
    if position == "right":
        x, anchor, left = body.right + GAP, "start", body.right + GAP
    elif position == "left":
        x, anchor, left = body.left - GAP, "end", body.left - GAP - width
    elif side == "right":
        x, anchor, left = mark.x + inset, "start", mark.x + inset
    elif side == "left":
        x, anchor, left = mark.x - inset, "end", mark.x - inset - width
    else:
        x, anchor, left = mark.x, "middle", mark.x - width / 2
    box = Rect(left - HALO, top - HALO, left + width + HALO, top + height + HALO)
    return box, x, top + ascent, anchor


def led_label_box(mark: Mark, degrees: float) -> tuple[Rect, float, float, str, tuple]:
    """The label led out from its symbol in direction `degrees`: its box, anchor point,
    text-anchor and the leader line from the symbol's edge to the label."""
    assert mark.text is not None
    width = text_width(mark.text, mark.size, bold=mark.bold)
    ascent, descent = ASCENT * mark.size, DESCENT * mark.size
    height = ascent + descent
    reach = max(mark.body.width, mark.body.height) / 2
    dx, dy = math.cos(math.radians(degrees)), -math.sin(math.radians(degrees))
    start = (mark.x + dx * reach, mark.y + dy * reach)
    end = (mark.x + dx * (reach + LEADER_LENGTH), mark.y + dy * (reach + LEADER_LENGTH))
    if dx > 0.1:
        left, anchor, x = end[0] + 1, "start", end[0] + 1
    elif dx < -0.1:
        left, anchor, x = end[0] - 1 - width, "end", end[0] - 1
    else:
        left, anchor, x = end[0] - width / 2, "middle", end[0]
    if dy > 0.1:
        top = end[1] + 1
    elif dy < -0.1:
        top = end[1] - 1 - height
    else:
        top = end[1] - height / 2
    box = Rect(left - HALO, top - HALO, left + width + HALO, top + height + HALO)
    line = tuple(round(value, 1) for value in (*start, *end))
    return box, x, top + ascent, anchor, line


def candidates(mark: Mark, frame: Rect) -> list[Placement]:
    """The mark's possible placements inside `frame`, preferred first; the symbol alone last."""
    result = []
    body = mark.body

    def add(box: Rect, x: float, y: float, anchor: str, line: tuple | None = None) -> None:
        area = (box if line else body.union(box)).grown_to(mark.target)
        if area.inside(frame):
            result.append(
                Placement(mark.key, area, body, box, round(x, 1), round(y, 1), anchor, line)
            )

    if mark.text:
        for position in ADJACENT:
            add(*label_box(mark, position))
        for position in ("right", "left"):
            for slide in SLIDES:
                add(*label_box(mark, position, slide))
        for degrees in LEADER_DIRECTIONS:
            add(*led_label_box(mark, degrees))
    alone = body.grown_to(mark.target)
    result.append(Placement(mark.key, _shift_inside(alone, frame), body))
    return result


def _crosses(line: tuple, rect: Rect, gap: float) -> bool:
    """True when the segment comes within `gap` of `rect` (Liang–Barsky clipping)."""
    x1, y1, x2, y2 = line
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, x1 - (rect.left - gap)),
        (dx, (rect.right + gap) - x1),
        (-dy, y1 - (rect.top - gap)),
        (dy, (rect.bottom + gap) - y1),
    ):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def _shift_inside(area: Rect, frame: Rect) -> Rect:
    """A symbol's target moved into the frame where the symbol lies near its edge."""
    dx = max(0.0, frame.left - area.left) - max(0.0, area.right - frame.right)
    dy = max(0.0, frame.top - area.top) - max(0.0, area.bottom - frame.bottom)
    return Rect(area.left + dx, area.top + dy, area.right + dx, area.bottom + dy)


def _cost(rank: int, placement: Placement) -> int:
    """How much a placement departs from the best: the worse the place, the higher; a mark
    left without its label costs more than any placed label."""
    return 1000 if placement.label is None else rank


def place(
    marks: list[Mark], frame: Rect, obstacles: tuple[Rect, ...] = (), gap: float = GAP
) -> dict[str, Placement]:
    """A placement for every mark: labels where they fit, marks apart by at least `gap` and
    clear of `obstacles` (areas fixed beforehand).

    Branch and bound over the marks' candidates: the mark with the fewest places left goes
    next; a choice removes the places it clashes with from the other marks' lists; the
    arrangement with the lowest total cost found within `SEARCH_LIMIT` steps wins."""
    options: list[Placement] = []
    costs: list[int] = []
    owner: list[int] = []
    for index, mark in enumerate(marks):
        every = candidates(mark, frame)
        free = [
            option
            for option in every
            if not any(
                option.area.overlaps(obstacle, gap)
                or (option.leader and _crosses(option.leader, obstacle, gap))
                for obstacle in obstacles
            )
        ] or every[-1:]
        for rank, option in enumerate(free):
            options.append(option)
            costs.append(_cost(rank, option))
            owner.append(index)
    extents = [_extent(option) for option in options]
    clashes = [0] * len(options)
    for i in range(len(options)):
        for j in range(i + 1, len(options)):
            if (
                owner[i] != owner[j]
                and extents[i].overlaps(extents[j], gap)
                and options[i].clashes(options[j], gap)
            ):
                clashes[i] |= 1 << j
                clashes[j] |= 1 << i
    domains = [0] * len(marks)
    for i, index in enumerate(owner):
        domains[index] |= 1 << i

    best: list = [None, math.inf]  # choice per mark, its cost
    steps = 0

    def least(domain: int) -> int:
        """A mark's places come best first, so its lowest bit is the least it can cost."""
        return costs[(domain & -domain).bit_length() - 1]

    def search(domains: dict[int, int], chosen: dict[int, int], cost: int) -> bool:
        """Depth first from `chosen` over the open marks' `domains`; True to stop: the best
        possible arrangement is found, or the steps are spent."""
        nonlocal steps
        if not domains:
            best[0], best[1] = dict(chosen), cost
            return cost == floor
        index = min(domains, key=lambda i: (domains[i].bit_count(), i))
        domain = domains[index]
        while domain:
            low = domain & -domain
            option = low.bit_length() - 1
            domain ^= low
            steps += 1
            if steps > SEARCH_LIMIT:
                return True
            keep = ~clashes[option]
            narrowed = {i: d & keep for i, d in domains.items() if i != index}
            if not all(narrowed.values()):
                continue
            spent = cost + costs[option]
            if spent + sum(least(d) for d in narrowed.values()) >= best[1]:
                continue
            chosen[index] = option
            if search(narrowed, chosen, spent):
                return True
            del chosen[index]
        return False

    floor = sum(least(domain) for domain in domains)  # every mark in its best place
    search(dict(enumerate(domains)), {}, 0)
    if best[0] is None:
        # symbols too close for their targets not to overlap: then each mark in turn takes
        # its first label place that covers no symbol and no label taken, else none
        best[0] = {}
        bodies = [mark.body for mark in marks]
        for index in sorted(range(len(marks)), key=lambda i: (domains[i].bit_count(), i)):
            own = [i for i in range(len(options)) if owner[i] == index]
            best[0][index] = next(
                (
                    i
                    for i in own
                    if options[i].label is not None
                    and not any(
                        options[i].covers(body, gap)
                        for other, body in enumerate(bodies)
                        if other != index
                    )
                    and not any(
                        options[j].label and options[i].covers(options[j].label, gap)
                        for j in best[0].values()
                    )
                ),
                own[-1],
            )
    return {mark.key: options[best[0][index]] for index, mark in enumerate(marks)}


def _extent(placement: Placement) -> Rect:
    """Everything a placement covers, for a quick first test of clashes."""
    extent = placement.area.union(placement.body)
    if placement.leader:
        x1, y1, x2, y2 = placement.leader
        extent = extent.union(Rect(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    return extent
