"""Benchmark: score and rank 1,000 cities x 100 indicators through 4 levels.

Prints the engine's time (score + rank, the edition already loaded and validated), the time
to load and validate the files, and the ratio of the engine's time to a bare numpy weighted
sum of the same data through the same tree, all measured in this one run. Goal: engine < 0.3 s.
Then the wall time of the whole `cityindex score` command (a fresh interpreter: imports, load,
validate, score, rank, write results.csv and results.xlsx) on an edition of 200 nodes
(1 + 5 + 24 + 170) and 100 cities. Goal: < 1 s. The data is random (illustrative), generated
here with a fixed seed.

    python benchmarks/score.py [--cities 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from builder.edition import load_edition
from builder.engine import compute

LEAVES, GROUPS, PILLARS = 100, 20, 5  # 100 leaves -> 20 groups -> 5 pillars -> overall


def write_edition(folder: Path, cities: int, rng: np.random.Generator, leaves: int = LEAVES, groups: int = GROUPS,
                  pillars: int = PILLARS) -> np.ndarray:
    folder.mkdir(parents=True)
    settings = {"id": folder.name, "year": 2024, "languages": ["en"], "title": {"en": "Bench"},
                "publisher": {"en": "bench"}, "illustrative": True,
                "levels": [{"name": {"en": n}} for n in ("Overall", "Pillar", "Group", "Leaf")]}
    (folder / "edition.yaml").write_text(yaml.safe_dump(settings))
    rows = ["id,parent,name_en,weight,direction", "overall,,Overall,,"]
    rows += [f"p{p},overall,Pillar {p},{1 / pillars!r}," for p in range(pillars)]
    group_of = np.arange(groups) * pillars // groups
    rows += [f"g{g},p{group_of[g]},Group {g},{1 / float(np.sum(group_of == group_of[g]))!r}," for g in range(groups)]
    leaf_of = np.arange(leaves) * groups // leaves
    rows += [f"i{i},g{leaf_of[i]},Leaf {i},{1 / float(np.sum(leaf_of == leaf_of[i]))!r},{'-' if i % 7 == 0 else '+'}"
             for i in range(leaves)]
    (folder / "framework.csv").write_text("\n".join(rows) + "\n")
    (folder / "cities.csv").write_text("id,name_en\n" + "".join(f"c{c},City {c}\n" for c in range(cities)))
    values = rng.lognormal(3, 1, size=(cities, leaves))
    lines = ["city,indicator,value,source"]
    lines += [f"c{c},i{i},{float(values[c, i])!r},random" for c in range(cities) for i in range(leaves)]
    (folder / "values.csv").write_text("\n".join(lines) + "\n")
    return values


def bare_numpy(values: np.ndarray) -> np.ndarray:
    """The same computation with nothing but numpy: min-max, three weighted sums, an argsort."""
    mn, mx = values.min(axis=0), values.max(axis=0)
    share = (values - mn) / (mx - mn)
    reverse = np.arange(LEAVES) % 7 == 0
    share[:, reverse] = 1 - share[:, reverse]
    leaf = 60 + 40 * share
    group = leaf.reshape(len(values), GROUPS, -1).mean(axis=2)
    pillar = group.reshape(len(values), PILLARS, -1).mean(axis=2)
    total = pillar.mean(axis=1)
    return np.argsort(-total, kind="stable")


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(2024)
    with tempfile.TemporaryDirectory() as tmp:
        values = write_edition(Path(tmp) / "bench", args.cities, rng)
        load_t = best_of(lambda: load_edition(Path(tmp) / "bench"), 1)
        edition = load_edition(Path(tmp) / "bench")
    engine_t = best_of(lambda: compute(edition), args.repeat)
    numpy_t = best_of(lambda: bare_numpy(values), args.repeat)
    print(f"{args.cities} cities x {LEAVES} indicators, 4 levels, best of {args.repeat}")
    print(f"load + validate files : {load_t:8.3f} s")
    verdict = "met" if engine_t < 0.3 else "MISSED"
    print(f"engine (score + rank) : {engine_t:8.3f} s   goal < 0.3 s: {verdict}")
    print(f"bare numpy            : {numpy_t:8.4f} s")
    print(f"ratio engine / numpy  : {engine_t / numpy_t:8.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "nodes200"
        write_edition(folder, 100, rng, leaves=170, groups=24, pillars=5)
        command = [sys.executable, "-m", "builder", "score", str(folder), "--output-dir", str(Path(tmp) / "out")]
        wall = best_of(lambda: subprocess.run(command, check=True, capture_output=True), args.repeat)
    verdict = "met" if wall < 1.0 else "MISSED"
    print(f"cityindex score, 200 nodes x 100 cities (wall, fresh interpreter): {wall:6.3f} s   goal < 1 s: {verdict}")


if __name__ == "__main__":
    main()
