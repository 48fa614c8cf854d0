"""Turns labelled points on an Axes into label annotations placed so that they overlap as little as possible.

Greedy and deterministic: the most crowded points choose first, each label takes the first of a fixed
list of candidate positions around its point (right, left, above, below, diagonals, then the same
further out with a leader line) that overlaps no label, point, legend or axes edge, or else the
candidate that overlaps least. Geometry is in points on the laid-out Axes, so the figure is drawn
once (without output) before placing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.text import Annotation

from .style import INK, MUTED, SMALL_SIZE, Labels, font_for, text_width

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
GAP = 2.0
POINT_CLEARANCE = 3.0
EDGE = 3.0  # labels keep this far inside the axes
TEXT_PAD = 1.0  # measured text runs a little narrower than drawn text
OUTSIDE_COST = 50.0  # weight of label area outside the axes against area overlapping other things
AMBIGUITY_COST = 40.0  # per other point nearer to the label than its own (about 5 pt² of overlap per 1/8 label)


@dataclass(frozen=True)
class Spot:
    """Where one label goes: offset from its point in points, alignment, and whether it needs a leader."""

    dx: float
    dy: float
    ha: str
    va: str
    leader: bool


def place(points: np.ndarray, sizes: Sequence[tuple[float, float]], radii: np.ndarray,
          bounds: tuple[float, float], obstacles: Sequence[tuple[float, float, float, float]] = ()) -> list[Spot]:
    """Choose a Spot per point. `points` (n, 2) and `radii` (n,) are in points from the axes' lower left;
    `sizes` are label (width, height); `bounds` the axes (width, height); `obstacles` boxes (x0, y0, x1, y1)."""
    n = len(points)
    clear = radii + POINT_CLEARANCE  # a label touching another point reads as that point's label
    circles = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, clear, strict=True)]
    taken: list[tuple[float, float, float, float]] = list(obstacles)
    spots: list[Spot | None] = [None] * n
    for i in _crowded_first(points):
        others = [c for j, c in enumerate(circles) if j != i]
        rest = np.delete(np.arange(n), i)
        best, best_cost = None, np.inf
        for rank, (spot, box) in enumerate(_candidates(points[i], sizes[i], radii[i])):
            cost = sum(_overlap(box, t) for t in [*taken, *others]) + OUTSIDE_COST * _outside(box, bounds)
            cost += AMBIGUITY_COST * _closer_others(box, i, rest, points, radii)
            cost += rank * 1e-3  # ties go to the earlier (closer, preferred) candidate
            if cost < best_cost:
                best, best_cost = (spot, box), cost
            if cost < 1e-2:
                break
        assert best is not None
        spots[i] = best[0]
        taken.append(best[1])
    return [s for s in spots if s is not None]


def annotate_points(ax: Axes, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str], labels: Labels,
                    *, radii_pt: Sequence[float] | float = 3.0, size: float = SMALL_SIZE) -> list[Annotation]:
    """Add a label per data point (xs, ys) to `ax`, placed by `place`; return the annotations."""
    ax.figure.draw_without_rendering()  # final layout, so points-per-data-unit is known
    to_pt = 72 / ax.figure.dpi
    origin = np.array([ax.bbox.x0, ax.bbox.y0])
    points = (ax.transData.transform(np.column_stack([xs, ys])) - origin) * to_pt
    radii = np.broadcast_to(np.asarray(radii_pt, dtype=float), (len(points),))
    prop = font_for(labels.lang, size=size)
    sizes = [(text_width(t, prop) + 2 * TEXT_PAD, size * 1.15 * (t.count("\n") + 1)) for t in texts]
    legends = [a for a in [*ax.artists, ax.get_legend()] if isinstance(a, Legend)]
    obstacles = [tuple((np.array(b.extents).reshape(2, 2) - origin).ravel() * to_pt)
                 for b in (leg.get_window_extent() for leg in legends)]
    spots = place(points, sizes, radii, (ax.bbox.width * to_pt, ax.bbox.height * to_pt), obstacles)
    return [
        ax.annotate(t, (x, y), xytext=(s.dx, s.dy), textcoords="offset points", ha=s.ha, va=s.va,
                    fontproperties=prop, color=INK, annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 0.5, "shrinkA": 1,
                                "shrinkB": float(r)} if s.leader else None)
        for t, x, y, s, r in zip(texts, xs, ys, spots, radii, strict=True)
    ]


def _closer_others(box: tuple[float, ...], own: int, rest: np.ndarray, points: np.ndarray, radii: np.ndarray) -> int:
    """How many other points are nearer to the label than its own point (the label would read as theirs)."""
    if len(rest) == 0:
        return 0
    dx = np.maximum.reduce([box[0] - points[:, 0], points[:, 0] - box[2], np.zeros(len(points))])
    dy = np.maximum.reduce([box[1] - points[:, 1], points[:, 1] - box[3], np.zeros(len(points))])
    gaps = np.hypot(dx, dy) - radii
    return int((gaps[rest] < gaps[own]).sum())


def _crowded_first(points: np.ndarray) -> list[int]:
    """Indexes by number of neighbours within 40 points, most first (stable, so deterministic)."""
    if len(points) == 0:
        return []
    distances = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=-1)
    crowd = (distances < 40).sum(axis=1)
    return sorted(range(len(points)), key=lambda i: -crowd[i])


def _candidates(point: np.ndarray, size: tuple[float, float], radius: float):
    w, h = size
    for ring in RINGS:
        for (ux, uy), ha, va in DIRECTIONS:
            reach = radius + GAP + ring
            dx, dy = ux * reach, uy * reach
            x0 = point[0] + dx - {"left": 0.0, "center": w / 2, "right": w}[ha]
            y0 = point[1] + dy - {"bottom": 0.0, "center": h / 2, "top": h}[va]
            yield Spot(dx, dy, ha, va, leader=ring > 0), (x0, y0, x0 + w, y0 + h)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _outside(box: tuple[float, ...], bounds: tuple[float, float]) -> float:
    inside = _overlap(box, (EDGE, EDGE, bounds[0] - EDGE, bounds[1] - EDGE))
    return (box[2] - box[0]) * (box[3] - box[1]) - inside
