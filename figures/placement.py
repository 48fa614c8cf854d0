"""Turns labelled points on an Axes into label positions that overlap nothing, leaving out labels that cannot fit.

Greedy and deterministic: the most crowded points choose first; each label takes the first of a fixed
list of candidate positions around its point (right, left, above, below, diagonals, then the same
further out with a leader line) that lies inside the axes, overlaps no placed label, no point and
no obstacle box, and crosses no obstacle line (a trend line) or placed leader, preferring positions
that read as its point's: beside it with no other point nearer, or further out with a leader line.
A label with no such position is left out: ``place`` returns None for it (the report's table holds
every name). Placed boxes, points and lines are kept in a uniform grid, so each test looks at a few
neighbours only: n labels take about n log n time (the sort by crowding), not n² or worse.
Geometry is in points on the placed Axes (figures.layout), so labels are placed once the axes are.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from .fit import extent, text_height, text_width
from .style import INK, MUTED, PDF_SLACK, SMALL_SIZE, Labels, font_for

DIRECTIONS = (  # unit offset, horizontal and vertical alignment of the text at that side
    ((1.0, 0.0), "left", "center"),
    ((-1.0, 0.0), "right", "center"),
    ((0.0, 1.0), "center", "bottom"),
    ((0.0, -1.0), "center", "top"),
    ((0.7, 0.7), "left", "bottom"),
    ((-0.7, 0.7), "right", "bottom"),
    ((0.7, -0.7), "left", "top"),
    ((-0.7, -0.7), "right", "top"),
)
RINGS = (0.0, 9.0, 18.0)  # extra distance in points; beyond the first ring a leader line is drawn
GAP = 2.0  # points between a point's edge and its label
POINT_CLEARANCE = 2.0  # labels keep this far from other points (a label touching a point reads as its label)
LINE_CLEARANCE = 1.5  # and this far from obstacle lines
EDGE = 3.0  # labels keep this far inside the axes
TEXT_PAD = 1.0  # points around the measured text
CROWD = 40.0  # points: neighbours within this distance make a point crowded (it chooses earlier)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Segment = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Spot:
    """Where one label goes: offset from its point in points, alignment, and whether it needs a leader."""

    dx: float
    dy: float
    ha: str
    va: str
    leader: bool


def place(points: np.ndarray, sizes: Sequence[tuple[float, float]], radii: np.ndarray,
          bounds: tuple[float, float], obstacles: Sequence[Box] = (), lines: Sequence[Segment] = (),
          clear: np.ndarray | None = None) -> list[Spot | None]:
    """A Spot per point, or None for a label that fits nowhere without overlapping something.

    `points` (n, 2) and `radii` (n,) are in points from the axes' lower left; `sizes` are label (width,
    height); `bounds` the axes (width, height); `obstacles` boxes and `lines` segments that labels must
    avoid. `clear` (n,): how far labels stay from each point's centre (default: its radius plus
    POINT_CLEARANCE); points whose centre lies within another's radius share its labels' room.
    """
    pts = [(float(x), float(y)) for x, y in np.asarray(points, dtype=float).reshape(-1, 2)]
    radii = [float(r) for r in np.broadcast_to(np.asarray(radii, dtype=float), (len(pts),))]
    keep = [r + POINT_CLEARANCE for r in radii] if clear is None else [float(c) for c in clear]
    cell = max(8.0, float(np.median([max(w, h) for w, h in sizes])) if len(sizes) else 8.0)
    state = _State(cell, pts, radii, keep, bounds, obstacles, lines)
    spots: list[Spot | None] = [None] * len(pts)
    for i in _crowded_first(pts):
        found = state.best(i, sizes[i])
        if found is not None:
            spots[i] = found[0]
            state.take(found[1], found[2])
    return spots


def annotate_points(ax: Axes, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str], labels: Labels,
                    *, radii_pt: Sequence[float] | float = 3.0, size: float = SMALL_SIZE,
                    lines: Sequence[Line2D] = (), clear_pt: Sequence[float] | None = None) -> list[Annotation]:
    """Add a label per data point (xs, ys) to `ax` where one fits (see `place`); return the annotations added.

    `lines`: drawn lines (e.g. a trend line) that labels must not cross.
    """
    to_pt = 72 / ax.figure.dpi
    origin = np.array([ax.bbox.x0, ax.bbox.y0])
    points = (ax.transData.transform(np.column_stack([xs, ys])) - origin) * to_pt
    radii = np.broadcast_to(np.asarray(radii_pt, dtype=float), (len(points),))
    prop = font_for(labels.lang, size=size)
    sizes = [(text_width(t, prop) + 2 * TEXT_PAD + PDF_SLACK, text_height(t, prop) + 2 * TEXT_PAD) for t in texts]
    legends = [a for a in [*ax.artists, ax.get_legend()] if isinstance(a, Legend)]
    obstacles = [tuple((np.array(b.extents).reshape(2, 2) - origin).ravel() * to_pt)
                 for b in (extent(leg) for leg in legends)]
    segments = [segment for line in lines for segment in _segments(ax, line, origin, to_pt)]
    spots = place(points, sizes, radii, (ax.bbox.width * to_pt, ax.bbox.height * to_pt), obstacles, segments,
                  None if clear_pt is None else np.asarray(clear_pt, dtype=float))
    return [
        ax.annotate(t, (x, y), xytext=(s.dx, s.dy), textcoords="offset points", ha=s.ha, va=s.va,
                    fontproperties=prop, color=INK, annotation_clip=False, parse_math=False,
                    arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 0.5, "shrinkA": 1,
                                "shrinkB": float(r)} if s.leader else None)
        for t, x, y, s, r in zip(texts, xs, ys, spots, radii, strict=True) if s is not None
    ]


def _segments(ax: Axes, line: Line2D, origin: np.ndarray, to_pt: float) -> list[Segment]:
    """The straight pieces of a data line, in points from the axes' lower left."""
    xy = (ax.transData.transform(np.column_stack(line.get_data())) - origin) * to_pt
    return [(float(a[0]), float(a[1]), float(b[0]), float(b[1])) for a, b in pairwise(xy)]


class _Grid:
    """Items (ids) filed under every square cell their box touches, for finding what is near a box."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: defaultdict[tuple[int, int], list[int]] = defaultdict(list)

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield i, j

    def add(self, box: Box, item: int) -> None:
        for key in self._keys(box):
            self.cells[key].append(item)

    def near(self, box: Box) -> set[int]:
        found: set[int] = set()
        for key in self._keys(box):
            found.update(self.cells.get(key, ()))
        return found


class _State:
    """What labels must avoid, in grids: placed labels and obstacle boxes, points, lines and leaders."""

    def __init__(self, cell: float, points: list[tuple[float, float]], radii: list[float], keep: list[float],
                 bounds: tuple[float, float], obstacles: Sequence[Box], lines: Sequence[Segment]) -> None:
        self.points, self.radii, self.keep, self.bounds = points, radii, keep, bounds
        self.boxes: list[Box] = []
        self.box_grid, self.point_grid, self.line_grid = _Grid(cell), _Grid(cell), _Grid(cell)
        self.segments: list[Segment] = []
        self.reach = max(keep, default=0.0)  # no point further than this from a box can touch it
        self.widest = max(radii, default=0.0)
        for box in obstacles:
            self._add_box(tuple(map(float, box)))
        for segment in lines:
            self._add_segment(segment)
        for i, (x, y) in enumerate(points):
            self.point_grid.add((x, y, x, y), i)

    def best(self, i: int, size: tuple[float, float]) -> tuple[Spot, Box, Segment | None] | None:
        """The first free candidate of point i that reads as its label: beside it with no other point nearer,
        or further out with a leader line; else the first free one beside it."""
        fallback = None
        for spot, box in _candidates(self.points[i], size, self.radii[i]):
            leader = self._leader(i, box) if spot.leader else None
            if not self._free(i, box, leader):
                continue
            if leader is not None or not self._ambiguous(i, box):
                return spot, box, leader
            fallback = fallback or (spot, box, leader)
        return fallback

    def take(self, box: Box, leader: Segment | None) -> None:
        self._add_box(box)
        if leader is not None:
            self._add_segment(leader)

    def _add_box(self, box: Box) -> None:
        self.boxes.append(box)
        self.box_grid.add(box, len(self.boxes) - 1)

    def _add_segment(self, segment: Segment) -> None:
        self.segments.append(segment)
        x0, y0, x1, y1 = segment
        self.line_grid.add((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), len(self.segments) - 1)

    def _free(self, i: int, box: Box, leader: Segment | None) -> bool:
        w, h = self.bounds
        if box[0] < EDGE or box[1] < EDGE or box[2] > w - EDGE or box[3] > h - EDGE:
            return False
        if any(_overlap(box, self.boxes[k]) for k in self.box_grid.near(box)):
            return False
        if leader is not None and any(_crosses(leader, self.boxes[k]) for k in self.box_grid.near(_span(leader))):
            return False
        pad = LINE_CLEARANCE
        grown = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        if any(_crosses(self.segments[k], grown) for k in self.line_grid.near(grown)):
            return False
        own = self.points[i]
        reach = self.reach
        for j in self.point_grid.near((box[0] - reach, box[1] - reach, box[2] + reach, box[3] + reach)):
            if j == i or math.dist(self.points[j], own) < max(self.radii[i], 0.5):
                continue  # its own point, or one drawn on top of it
            if _distance(self.points[j], box) < self.keep[j]:
                return False
        return True

    def _ambiguous(self, i: int, box: Box) -> bool:
        """Whether another point lies nearer to the label than its own point does (it would read as theirs)."""
        own = _distance(self.points[i], box) - self.radii[i]
        reach = own + self.widest
        for j in self.point_grid.near((box[0] - reach, box[1] - reach, box[2] + reach, box[3] + reach)):
            if j != i and math.dist(self.points[j], self.points[i]) >= self.radii[i] \
                    and _distance(self.points[j], box) - self.radii[j] < own:
                return True
        return False

    def _leader(self, i: int, box: Box) -> Segment:
        """The leader line from point i's edge to the nearest point of its label box."""
        x, y = self.points[i]
        nx, ny = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
        length = math.hypot(nx - x, ny - y) or 1.0
        r = self.radii[i]
        return x + (nx - x) * r / length, y + (ny - y) * r / length, nx, ny


def _crowded_first(points: list[tuple[float, float]]) -> list[int]:
    """Indexes by number of neighbours within CROWD points, most first (stable, so deterministic)."""
    grid = _Grid(CROWD)
    for i, (x, y) in enumerate(points):
        grid.add((x, y, x, y), i)
    crowd = [sum(1 for j in grid.near((x - CROWD, y - CROWD, x + CROWD, y + CROWD))
                 if math.dist(points[j], (x, y)) < CROWD) for x, y in points]
    return sorted(range(len(points)), key=lambda i: -crowd[i])


def _candidates(point: tuple[float, float], size: tuple[float, float], radius: float) -> Iterator[tuple[Spot, Box]]:
    w, h = size
    for ring in RINGS:
        for (ux, uy), ha, va in DIRECTIONS:
            reach = radius + GAP + ring
            dx, dy = ux * reach, uy * reach
            x0 = point[0] + dx - {"left": 0.0, "center": w / 2, "right": w}[ha]
            y0 = point[1] + dy - {"bottom": 0.0, "center": h / 2, "top": h}[va]
            yield Spot(dx, dy, ha, va, leader=ring > 0), (x0, y0, x0 + w, y0 + h)


def _overlap(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _distance(point: tuple[float, float], box: Box) -> float:
    """Distance from `point` to the nearest point of `box` (0 inside it)."""
    dx = max(box[0] - point[0], 0.0, point[0] - box[2])
    dy = max(box[1] - point[1], 0.0, point[1] - box[3])
    return math.hypot(dx, dy)


def _span(segment: Segment) -> Box:
    x0, y0, x1, y1 = segment
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


PARALLEL = 1e-9  # points: a segment's extent along an axis below this is none (1/p would overflow)


def _crosses(segment: Segment, box: Box) -> bool:
    """Whether `segment` passes through the inside of `box` (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = segment
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if abs(p) < PARALLEL:  # no extent along this axis (a billionth of a point is none): parallel to the side
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo >= hi:
            return False
    return True
