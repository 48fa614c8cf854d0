"""Label placement at scale: time to place 100, 200, 400 and 1,000 labels, the growth ratio, and any overlap.

Two layouts, each from one run: labels on a report-sized scatter (430 x 300 points, so the more
labels the more crowded, and the more are left out), and labels at a constant density (the area
grows with their number). Prints times (the best of three runs), time(1000) / time(100) (n log n
gives about 15, n² 100), how many labels were placed, and how many placed labels overlap another
label or come too near another point (0 expected).

    python benchmarks/placement.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from figures.placement import POINT_CLEARANCE, Spot, place

SIZES = (100, 200, 400, 1000)
REPORT = (430.0, 300.0)  # points: a 6.3 in wide scatter's axes
DENSITY = 40.0  # points of side per label at constant density
REPEAT = 3  # the best of this many runs is reported (the first pays for imports and caches)


def labels(n: int, bounds: tuple[float, float], seed: int = 1) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """`n` points spread over `bounds` and label sizes like city names at 7 pt (20-60 points wide)."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 1, (n, 2)) * np.array(bounds)
    sizes = [(float(w), 9.0) for w in rng.uniform(20, 60, n)]
    return points, sizes


def boxes(points: np.ndarray, sizes: list[tuple[float, float]], radius: float,
          spots: list[Spot | None]) -> list[tuple[int, tuple[float, float, float, float]]]:
    """The box of each placed label (its index and x0, y0, x1, y1), as `place` computes it."""
    out = []
    for i, spot in enumerate(spots):
        if spot is None:
            continue
        w, h = sizes[i]
        x0 = points[i, 0] + spot.dx - {"left": 0.0, "center": w / 2, "right": w}[spot.ha]
        y0 = points[i, 1] + spot.dy - {"bottom": 0.0, "center": h / 2, "top": h}[spot.va]
        out.append((i, (x0, y0, x0 + w, y0 + h)))
    return out


def overlaps(points: np.ndarray, placed: list, radius: float) -> int:
    """Pairs of placed labels that overlap, plus labels that come nearer than the clearance to another point."""
    count = 0
    for k, (_, a) in enumerate(placed):
        for _, b in placed[:k]:
            if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]):
                count += 1
    keep = radius + POINT_CLEARANCE
    for i, box in placed:
        dx = np.maximum.reduce([box[0] - points[:, 0], points[:, 0] - box[2], np.zeros(len(points))])
        dy = np.maximum.reduce([box[1] - points[:, 1], points[:, 1] - box[3], np.zeros(len(points))])
        near = np.hypot(dx, dy) < keep - 1e-9
        near[i] = False
        near &= np.hypot(*(points - points[i]).T) >= radius  # points drawn on top of its own share its room
        count += int(near.sum())
    return count


def run(title: str, bounds_for) -> None:
    print(title)
    print(f"{'labels':>8} {'seconds':>9} {'placed':>7} {'overlaps':>9}")
    times = {}
    for n in SIZES:
        bounds = bounds_for(n)
        points, sizes = labels(n, bounds)
        radius = 2.5
        runs = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            spots = place(points, sizes, np.full(n, radius), bounds)
            runs.append(time.perf_counter() - start)
        times[n] = min(runs)
        placed = boxes(points, sizes, radius, spots)
        print(f"{n:>8} {times[n]:>9.3f} {len(placed):>7} {overlaps(points, placed, radius):>9}")
    print(f"time(1000) / time(100) = {times[1000] / times[100]:.1f}\n")


def main() -> None:
    run(f"report-sized axes ({REPORT[0]:.0f} x {REPORT[1]:.0f} pt)", lambda n: REPORT)
    run(f"constant density ({DENSITY:.0f} pt square per label)", lambda n: (DENSITY * np.sqrt(n),) * 2)


if __name__ == "__main__":
    main()
