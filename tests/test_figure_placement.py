"""Label placement: placed labels never overlap each other, other points, obstacles or lines; the same input
always gives the same placement; what cannot be placed is left out and said so."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from figures.placement import EDGE, LINE_CLEARANCE, POINT_CLEARANCE, Spot, _crosses, place

coordinate = st.floats(0, 1, allow_nan=False)


@st.composite
def layouts(draw):
    """Points (some on top of each other), label sizes, radii, axes bounds, obstacle boxes and lines."""
    width, height = draw(st.floats(60, 500)), draw(st.floats(40, 400))
    n = draw(st.integers(0, 60))
    points = [(draw(coordinate) * width, draw(coordinate) * height) for _ in range(n)]
    if n > 2 and draw(st.booleans()):
        points[1] = points[0]  # equal scores: one point drawn on another
    sizes = [(draw(st.floats(4, 90)), draw(st.floats(4, 16))) for _ in range(n)]
    radii = [draw(st.floats(0.5, 10)) for _ in range(n)]
    boxes = []
    for _ in range(draw(st.integers(0, 2))):
        x, y = draw(coordinate) * width, draw(coordinate) * height
        boxes.append((x, y, x + draw(st.floats(1, 80)), y + draw(st.floats(1, 40))))
    lines = [(draw(coordinate) * width, draw(coordinate) * height, draw(coordinate) * width,
              draw(coordinate) * height) for _ in range(draw(st.integers(0, 2)))]
    return np.array(points, dtype=float).reshape(-1, 2), sizes, np.array(radii), (width, height), boxes, lines


def placed_boxes(points, sizes, spots):
    """(index, box) of every placed label, computed from its Spot and alignment."""
    out = []
    for i, spot in enumerate(spots):
        if spot is None:
            continue
        w, h = sizes[i]
        x0 = points[i][0] + spot.dx - {"left": 0.0, "center": w / 2, "right": w}[spot.ha]
        y0 = points[i][1] + spot.dy - {"bottom": 0.0, "center": h / 2, "top": h}[spot.va]
        out.append((i, (x0, y0, x0 + w, y0 + h)))
    return out


def overlap(a, b, tol=1e-6):
    return min(a[2], b[2]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[1], b[1]) > tol


def distance(point, box):
    return math.hypot(max(box[0] - point[0], 0, point[0] - box[2]), max(box[1] - point[1], 0, point[1] - box[3]))


@settings(max_examples=150, deadline=None)
@given(layouts())
def test_placed_labels_overlap_nothing(layout):
    points, sizes, radii, bounds, obstacles, lines = layout
    spots = place(points, sizes, radii, bounds, obstacles, lines)
    assert len(spots) == len(points)
    placed = placed_boxes(points, sizes, spots)
    for k, (i, box) in enumerate(placed):
        assert box[0] >= EDGE - 1e-6 and box[2] <= bounds[0] - EDGE + 1e-6  # inside the axes
        assert box[1] >= EDGE - 1e-6 and box[3] <= bounds[1] - EDGE + 1e-6
        assert not any(overlap(box, other) for _, other in placed[:k])  # no other label
        assert not any(overlap(box, b) for b in obstacles)  # no legend or other obstacle
        grown = (box[0] - LINE_CLEARANCE + 1e-6, box[1] - LINE_CLEARANCE + 1e-6,
                 box[2] + LINE_CLEARANCE - 1e-6, box[3] + LINE_CLEARANCE - 1e-6)
        assert not any(_crosses(line, grown) for line in lines)  # not crossed by the trend line
        for j, point in enumerate(points):  # no other point (one drawn on its own point shares its room)
            if j != i and math.dist(point, points[i]) >= max(radii[i], 0.5):
                assert distance(point, box) >= radii[j] + POINT_CLEARANCE - 1e-6


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_placement_is_deterministic(layout):
    points, sizes, radii, bounds, obstacles, lines = layout
    first = place(points, sizes, radii, bounds, obstacles, lines)
    again = place(points.copy(), list(sizes), radii.copy(), bounds, list(obstacles), list(lines))
    assert first == again


def test_a_label_that_fits_nowhere_is_left_out_and_said_so():
    points = np.array([[50.0, 20.0], [60.0, 20.0]])
    spots = place(points, [(20.0, 8.0), (400.0, 8.0)], np.array([2.0, 2.0]), (100.0, 40.0))
    assert isinstance(spots[0], Spot) and spots[1] is None  # wider than the axes


def test_a_crowded_point_keeps_its_label_beside_it_or_with_a_leader():
    points = np.array([[100.0, 100.0], [130.0, 100.0], [70.0, 100.0], [100.0, 120.0]])
    spots = place(points, [(25.0, 8.0)] * 4, np.full(4, 3.0), (300.0, 300.0))
    assert all(s is not None for s in spots)
    assert spots[0].leader or (spots[0].dx, spots[0].dy) != (0.0, 0.0)


def test_labels_keep_off_a_line_through_their_point():
    points = np.array([[float(x), float(x)] for x in range(20, 200, 20)])
    line = (0.0, 0.0, 220.0, 220.0)  # through every point: no label may sit across it
    spots = place(points, [(30.0, 8.0)] * len(points), np.full(len(points), 3.0), (220.0, 220.0), lines=[line])
    placed = placed_boxes(points, [(30.0, 8.0)] * len(points), spots)
    assert len(placed) == len(points)
    assert not any(_crosses(line, box) for _, box in placed)


def test_a_segment_with_a_vanishing_extent_is_parallel_to_the_side():
    # Hypothesis found (0, 0) -> (3e-322, 0): dividing by the extent overflowed
    assert not _crosses((0.0, 0.0, 2.96e-322, 0.0), (6.9, 6.9, 13.9, 13.9))
    assert _crosses((10.0, 0.0, 10.0 + 2.96e-322, 20.0), (6.9, 6.9, 13.9, 13.9))
